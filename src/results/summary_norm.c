/* summary_norm.c - an angle's normal band in summary.json (issue 16): the band with
 * its source, or, for a measure without a published norm (model "normal": {"none":
 * why}), "normal_range": null followed by "normal_none" saying why. Models with a
 * band write exactly what they wrote before. report.json's angles use the same
 * function (with the measuring position).
 */
#include "results/results_internal.h"
#include "romcap/metrics_json.h"

void rc_json_normal_range(cJSON *j, const rc_model_angle *d, bool with_position)
{
    if (!rc_model_has_norm(d)) {
        cJSON_AddNullToObject(j, "normal_range");
        cJSON_AddStringToObject(j, "normal_none", d->normal_source);
        return;
    }
    cJSON *norm = cJSON_AddObjectToObject(j, "normal_range");
    cJSON_AddNumberToObject(norm, "min_deg", d->normal_min_deg);
    cJSON_AddNumberToObject(norm, "max_deg", d->normal_max_deg);
    cJSON_AddStringToObject(norm, "source", d->normal_source);
    if (with_position && d->normal_position[0])
        cJSON_AddStringToObject(norm, "position", d->normal_position);
}
