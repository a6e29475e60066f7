/* results_internal.h - what the result files' writers share inside romcap_results. */
#ifndef ROMCAP_RESULTS_INTERNAL_H
#define ROMCAP_RESULTS_INTERNAL_H

#include <cjson/cJSON.h>

#include "romcap/check.h"
#include "romcap/results.h"

/* summary.json's own fields of each distance measure (issue 16, model.h
 * RC_ANGLE_DISTANCE) added to its entry of `angles` (the array of angle objects,
 * model order): unit, definition, scale, and the Schober figure (summary_distance.c).
 * Nothing for a model without one. */
void rc__summary_distance(cJSON *angles, const rc_model *m, const rc_angles *o,
                          const rc_run_info *info);

/* The set-up check's JSON object (check_json.c: the one writer and reader of the form
 * rc_check_json prints): built (NULL when out of memory; the caller owns it) and read
 * from an object already parsed (RC_E_FORMAT naming `origin` and the field; *out
 * zeroed then). */
cJSON *rc__check_json_object(const rc_check_result *r);
rc_status rc__check_json_read(const cJSON *o, const char *origin, rc_check_result *out,
                             rc_err *err);

/* summary.json's "setup" block (issue 20, summary_check.c): the set-up check recorded
 * with the input and the camera's controls in force, written after "tracking"; and
 * read back into s->check / s->setup_result (nothing when absent: older files). */
void rc__summary_setup(cJSON *root, const rc_run_info *info);
void rc__summary_setup_read(const cJSON *root, const char *name, rc_summary *s);
/* summary.json's "sit_to_stand" block (issue 16): each repetition's rise and sit-down
 * from the knee angle's legs, every angle's peak velocity in each phase, the
 * 5-repetition time, with their definitions (summary_sts.c). Nothing unless the model
 * is a sit_to_stand (by name, copies included) with a knee_flexion angle. */
void rc__summary_sts(cJSON *root, const rc_model *m, const rc_angles *o,
                     const rc_run_info *info);

/* A camera's controls as JSON, the one writer (camera_json.c; session.json's
 * "camera_controls" through rc_camera_controls_json): NULL when none were applied or
 * out of memory; the caller owns it. */
cJSON *rc__camera_controls_object(const rc_camera_controls *cc);

#endif
