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

/* The whole report of rc_metrics_analyse: range, gaps, filter, legs, repetitions,
 * consistency, tremor. `cfg` is the analyser's configuration (for parameters). */
cJSON *rc_json_angle_report(const rc_angle_report *r, const rc_metrics_config *cfg);

#ifdef __cplusplus
}
#endif
#endif
