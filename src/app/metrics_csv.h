/* metrics_csv.h - the CSV input of `romcap metrics`: one numeric column (and an
 * optional time column) of a comma-separated file with a header row.
 *
 * Split out of cmd_metrics.c so the parser can be fuzzed (tests/fuzz/) on its own.
 * The series owns its arrays: free them with rc_metrics_csv_free.
 */
#ifndef ROMCAP_APP_METRICS_CSV_H
#define ROMCAP_APP_METRICS_CSV_H

#include <stdbool.h>
#include <stdio.h>

#include "romcap/status.h"

typedef struct rc_csv_series {
    double *x, *t; /* owned; x[i] NAN = missing sample, t[i] NAN without a time */
    int n, cap;
    char column[128]; /* name of the column read */
    bool have_t;      /* a 't', 't_s', 'time' or 'time_s' column was found */
} rc_csv_series;

/* Reads the CSV from `f` (not closed); `name` names it in messages. `want` is the
 * column to read, or NULL for 'value' if present, else the second column. `s` must be
 * zeroed; on failure it may hold partial data (free it anyway). */
rc_status rc_metrics_csv_read_stream(FILE *f, const char *name, const char *want, rc_csv_series *s,
                                     rc_err *err);

/* The same from the file at `path`. */
rc_status rc_metrics_csv_read(const char *path, const char *want, rc_csv_series *s, rc_err *err);

void rc_metrics_csv_free(rc_csv_series *s); /* NULL is fine; frees the arrays */

#endif
