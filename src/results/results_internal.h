/* results_internal.h - what the result files' writers share inside romcap_results. */
#ifndef ROMCAP_RESULTS_INTERNAL_H
#define ROMCAP_RESULTS_INTERNAL_H

#include <cjson/cJSON.h>

#include "romcap/results.h"

/* summary.json's own fields of each distance measure (issue 16, model.h
 * RC_ANGLE_DISTANCE) added to its entry of `angles` (the array of angle objects,
 * model order): unit, definition, scale, and the Schober figure (summary_distance.c).
 * Nothing for a model without one. */
void rc__summary_distance(cJSON *angles, const rc_model *m, const rc_angles *o,
                          const rc_run_info *info);

/* summary.json's "sit_to_stand" block (issue 16): each repetition's rise and sit-down
 * from the knee angle's legs, every angle's peak velocity in each phase, the
 * 5-repetition time, with their definitions (summary_sts.c). Nothing unless the model
 * is a sit_to_stand (by name, copies included) with a knee_flexion angle. */
void rc__summary_sts(cJSON *root, const rc_model *m, const rc_angles *o,
                     const rc_run_info *info);

#endif
