/* summary.h - summary.json of an analysis run (format documented in README.md). */
#ifndef ROMCAP_APP_SUMMARY_H
#define ROMCAP_APP_SUMMARY_H

#include <stdint.h>

#include "romcap/model.h"

struct rc_run_info;

/* Returns the JSON text (free() it), or NULL with a message. `angle_deg` is
 * n x model->n_angles, NAN where undefined. */
char *rc_summary_json(const rc_model *m, const struct rc_run_info *info, const double *t_s,
                      const double *angle_deg, int64_t n, rc_err *err);

#endif
