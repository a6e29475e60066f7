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

/* An angle's "normal_range" (the band and its source), or for a measure without a
 * published norm "normal_range": null and "normal_none": why (summary_norm.c). */
void rc__summary_normal(cJSON *j, const rc_model_angle *d);

#endif
