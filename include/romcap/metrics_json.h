/* metrics_json.h - movement-quality results (romcap/metrics.h) as cJSON objects.
 *
 * Part of the results library (results.h): used by summary.json's writer and by
 * `romcap metrics`, so both print the same field names; every field is documented
 * in src/metrics/README.md.
 * Each function returns a new object the caller owns (cJSON_Delete, or attach it
 * to a parent), or NULL when out of memory. Non-finite numbers become null.
 */
#ifndef ROMCAP_METRICS_JSON_H
#define ROMCAP_METRICS_JSON_H

#include <cjson/cJSON.h>

#include "romcap/metrics.h"
#include "romcap/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SPARC value with nfft, selected bins and the adaptive cut-off; `p` the parameters
 * used (NULL: defaults). */
cJSON *rc_json_sparc(const rc_sparc_result *r, const rc_sparc_params *p);

/* LDLJ value, dimensionless jerk and the three log terms. */
cJSON *rc_json_ldlj(const rc_ldlj_result *r);

/* SPARC, LDLJ-V, LDLJ-A, peak speed and peak counts of one segment. */
cJSON *rc_json_smoothness(const rc_smoothness *s, const rc_sparc_params *p);

cJSON *rc_json_tremor(const rc_tremor_result *t, const rc_tremor_params *p);

/* One leg with its smoothness. */
cJSON *rc_json_leg(const rc_leg_metrics *l, const rc_sparc_params *p);

/* One repetition (legs referenced by index into the report's "legs"). */
cJSON *rc_json_rep(const rc_rep_metrics *r);

/* The set's ROM (rc_set_rom) with its definition: summary.json angles[].rom. */
cJSON *rc_json_set_rom(const rc_set_rom *r);

/* An angle's normal band as summary.json and report.json write it (issue 16), added to
 * `j`: "normal_range": {min_deg, max_deg, source[, position when `with_position` and
 * given]}, or for a measure without a published norm "normal_range": null and
 * "normal_none": why. */
void rc_json_normal_range(cJSON *j, const rc_model_angle *d, bool with_position);

/* The whole report of rc_metrics_analyse: range, gaps, filter, legs, repetitions,
 * consistency, tremor. `cfg` is the analyser's configuration (for parameters). */
cJSON *rc_json_angle_report(const rc_angle_report *r, const rc_metrics_config *cfg);

/* ---- `romcap metrics`: one column of a CSV file through the metrics stage -------- */

typedef enum rc_series_kind {
    RC_SERIES_ANGLE,    /* deg; filtered, then differentiated */
    RC_SERIES_VELOCITY, /* signed, unit/s */
    RC_SERIES_SPEED     /* |velocity|: no repetitions */
} rc_series_kind;

typedef struct rc_series_request {
    const char *file;   /* the CSV (a header row; csv.h) */
    const char *column; /* NULL: 'value' if present, else the second column */
    double fs;          /* Hz; NAN: from the time column ('t', 't_s', 'time', 'time_s'),
                           each row placed by its time on an even grid */
    double cutoff;      /* Hz; 0 = Winter's residual analysis; < 0 = no filter */
    rc_series_kind kind;
} rc_series_request;

/* Reads the column (empty cells are missing samples, and so are rows whose
 * <column>_q quality in an angles.csv is predicted), places it in time, and runs the
 * whole-series filter, smoothness, tremor and repetitions: the "romcap-metrics/1"
 * JSON object (fields: src/metrics/README.md) into *out (cJSON_Delete). A one-line
 * message naming the file and row in `err` on failure. */
rc_status rc_series_metrics(const rc_series_request *rq, cJSON **out, rc_err *err);

#ifdef __cplusplus
}
#endif
#endif
