/* summary_norm.c - an angle's normal band in summary.json (issue 16): the band with
 * its source, or, for a measure without a published norm (model "normal": {"none":
 * why}), "normal_range": null followed by "normal_none" saying why. Models with a
 * band write exactly what they wrote before.
 */
#include "results/results_internal.h"

void rc__summary_normal(cJSON *j, const rc_model_angle *d)
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
}
