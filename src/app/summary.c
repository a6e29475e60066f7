/* summary.c - builds summary.json: per-angle range of motion, normal ranges,
 * movement quality, and tracking quality. */
#include "app/summary.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "app/outputs.h"

static cJSON *angle_json(const rc_model *m, int a, const double *t_s, const double *ang,
                         int64_t n)
{
    const rc_model_angle *d = &m->angle[a];
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "name", d->name);
    cJSON_AddStringToObject(j, "label", d->label);
    double lo = INFINITY, hi = -INFINITY, t_lo = NAN, t_hi = NAN;
    int64_t defined = 0, i_lo = -1, i_hi = -1;
    for (int64_t i = 0; i < n; i++) {
        double v = ang[i * m->n_angles + a];
        if (isnan(v))
            continue;
        defined++;
        if (v < lo) {
            lo = v;
            t_lo = t_s[i];
            i_lo = i;
        }
        if (v > hi) {
            hi = v;
            t_hi = t_s[i];
            i_hi = i;
        }
    }
    cJSON_AddNumberToObject(j, "samples", (double)n);
    cJSON_AddNumberToObject(j, "samples_defined", (double)defined);
    if (defined) {
        cJSON_AddNumberToObject(j, "min_deg", lo);
        cJSON_AddNumberToObject(j, "max_deg", hi);
        cJSON_AddNumberToObject(j, "range_deg", hi - lo);
        cJSON_AddNumberToObject(j, "min_t_s", t_lo);
        cJSON_AddNumberToObject(j, "max_t_s", t_hi);
        cJSON_AddNumberToObject(j, "min_sample", (double)i_lo);
        cJSON_AddNumberToObject(j, "max_sample", (double)i_hi);
    } else {
        cJSON_AddNullToObject(j, "min_deg");
        cJSON_AddNullToObject(j, "max_deg");
        cJSON_AddNullToObject(j, "range_deg");
    }
    cJSON *norm = cJSON_AddObjectToObject(j, "normal_range");
    cJSON_AddNumberToObject(norm, "min_deg", d->normal_min_deg);
    cJSON_AddNumberToObject(norm, "max_deg", d->normal_max_deg);
    cJSON_AddStringToObject(norm, "source", d->normal_source);
    if (d->mdc_deg > 0) {
        cJSON *mdc = cJSON_AddObjectToObject(j, "mdc");
        cJSON_AddNumberToObject(mdc, "deg", d->mdc_deg);
        cJSON_AddStringToObject(mdc, "source", d->mdc_source);
    }
    return j;
}

char *rc_summary_json(const rc_model *m, const rc_run_info *info, const double *t_s,
                      const double *ang, int64_t n, rc_err *err)
{
    cJSON *root = cJSON_CreateObject();
    if (!root) {
        rc_err_set(err, RC_E_NOMEM, "out of memory");
        return NULL;
    }
    cJSON_AddStringToObject(root, "format", "romcap-summary/1");
    cJSON_AddStringToObject(root, "software", "romcap " ROMCAP_VERSION);
    cJSON_AddStringToObject(root, "input", info->input);
    cJSON *src = cJSON_AddObjectToObject(root, "source");
    cJSON_AddStringToObject(src, "kind", info->source.kind);
    cJSON_AddNumberToObject(src, "width", info->source.width);
    cJSON_AddNumberToObject(src, "height", info->source.height);
    cJSON_AddNumberToObject(src, "fps", info->source.fps);
    cJSON *model = cJSON_AddObjectToObject(root, "model");
    cJSON_AddStringToObject(model, "name", m->name);
    cJSON_AddStringToObject(model, "title", m->title);
    cJSON_AddStringToObject(model, "view", rc_view_name(m->view));
    cJSON_AddBoolToObject(model, "mirrored", info->mirror);
    cJSON_AddNumberToObject(root, "frames_analysed", (double)info->frames_analysed);
    cJSON_AddNumberToObject(root, "frames_skipped_corrupt", (double)info->frames_skipped);
    cJSON_AddNumberToObject(root, "duration_s", n > 1 ? t_s[n - 1] - t_s[0] : 0.0);
    cJSON_AddNumberToObject(root, "processing_s", info->seconds_wall);
    cJSON *angles = cJSON_AddArrayToObject(root, "angles");
    for (int a = 0; a < m->n_angles; a++)
        cJSON_AddItemToArray(angles, angle_json(m, a, t_s, ang, n));
    cJSON *tq = cJSON_AddObjectToObject(root, "tracking");
    int64_t total = info->track.seen + info->track.predicted + info->track.lost;
    cJSON_AddNumberToObject(tq, "marker_frames", (double)total);
    cJSON_AddNumberToObject(tq, "seen", (double)info->track.seen);
    cJSON_AddNumberToObject(tq, "predicted", (double)info->track.predicted);
    cJSON_AddNumberToObject(tq, "lost", (double)info->track.lost);
    cJSON_AddNumberToObject(tq, "seen_fraction", total ? (double)info->track.seen / total : 0);
    cJSON_AddNumberToObject(tq, "reacquired", (double)info->track.reacquired);
    cJSON_AddNumberToObject(tq, "identity_swaps_detected", (double)info->track.refused);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        rc_err_set(err, RC_E_NOMEM, "out of memory writing summary.json");
    return text;
}
