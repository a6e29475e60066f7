/* summary.h - summary.json of an analysis run (format documented in README.md). */
#ifndef ROMCAP_APP_SUMMARY_H
#define ROMCAP_APP_SUMMARY_H

#include <stdint.h>

#include "romcap/model.h"

struct rc_run_info;
struct rc_outputs;

/* Returns the JSON text (free() it), or NULL with a message. */
char *rc_summary_json(const struct rc_outputs *o, const struct rc_run_info *info, rc_err *err);

#endif
