/* session_learnt.c - session.json's "learnt_colours": the sticker colours the live
 * engine learnt by itself while recording (online.h), written by the session writer
 * at close and read back for `romcap analyse DIR` (session.h).
 *
 * Each entry is one marker's learnt chroma class, as summary.json lists them
 * (model.learnt_colours[]): {"marker", "frame" (the frame it was learnt from),
 * "color" ("#rrggbb", for people), "mean" [nb, nr], "cov" [var nb, cov, var nr]}
 * (normalised chroma, detect.h). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "session_internal.h"

void rc__session_learnt_put(cJSON *root, const rc_learnt_colour *c, int n)
{
    cJSON_DeleteItemFromObjectCaseSensitive(root, "learnt_colours");
    if (n <= 0)
        return;
    cJSON *arr = cJSON_AddArrayToObject(root, "learnt_colours");
    for (int i = 0; arr && i < n && i < RC_MAX_MARKERS; i++) {
        cJSON *o = cJSON_CreateObject();
        if (!o)
            return;
        char hex[8];
        snprintf(hex, sizeof hex, "#%02x%02x%02x", c[i].rgb[0], c[i].rgb[1], c[i].rgb[2]);
        double mean[2] = {c[i].mean[0], c[i].mean[1]};
        double cov[3] = {c[i].cov[0], c[i].cov[1], c[i].cov[2]};
        cJSON_AddStringToObject(o, "marker", c[i].marker);
        cJSON_AddNumberToObject(o, "frame", (double)c[i].frame);
        cJSON_AddStringToObject(o, "color", hex);
        cJSON_AddItemToObject(o, "mean", cJSON_CreateDoubleArray(mean, 2));
        cJSON_AddItemToObject(o, "cov", cJSON_CreateDoubleArray(cov, 3));
        cJSON_AddItemToArray(arr, o);
    }
}

/* k finite numbers of array `a` into v[]; false when it is not that. */
static bool numbers(const cJSON *a, int k, float *v)
{
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != k)
        return false;
    for (int j = 0; j < k; j++) {
        const cJSON *x = cJSON_GetArrayItem(a, j);
        if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble) || fabs(x->valuedouble) > 1e3)
            return false;
        v[j] = (float)x->valuedouble;
    }
    return true;
}

/* One entry; false when malformed. */
static bool read_entry(const cJSON *o, rc_learnt_colour *c)
{
    memset(c, 0, sizeof *c);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "marker");
    const cJSON *fr = cJSON_GetObjectItemCaseSensitive(o, "frame");
    const cJSON *hex = cJSON_GetObjectItemCaseSensitive(o, "color");
    if (!cJSON_IsString(name) || !name->valuestring[0] ||
        strlen(name->valuestring) >= sizeof c->marker)
        return false;
    snprintf(c->marker, sizeof c->marker, "%s", name->valuestring);
    c->frame = cJSON_IsNumber(fr) && fr->valuedouble >= 0 && fr->valuedouble < 1e15
                   ? (int64_t)fr->valuedouble
                   : -1;
    unsigned r, g, b;
    if (cJSON_IsString(hex) && strlen(hex->valuestring) == 7 &&
        sscanf(hex->valuestring, "#%2x%2x%2x", &r, &g, &b) == 3) {
        c->rgb[0] = (uint8_t)r;
        c->rgb[1] = (uint8_t)g;
        c->rgb[2] = (uint8_t)b;
    }
    /* a covariance must be one: positive variances, |cov| below their geometric mean */
    return numbers(cJSON_GetObjectItemCaseSensitive(o, "mean"), 2, c->mean) &&
           numbers(cJSON_GetObjectItemCaseSensitive(o, "cov"), 3, c->cov) && c->cov[0] >= 0 &&
           c->cov[2] >= 0 && c->cov[1] * c->cov[1] <= c->cov[0] * c->cov[2];
}

rc_status rc_session_learnt(const char *dir, rc_learnt_colour *out, int cap, int *n, rc_err *err)
{
    *n = 0;
    rc_session_meta meta;
    cJSON *root = NULL;
    rc_status st = rc__session_read_meta(dir, &meta, &root, err);
    if (st != RC_OK)
        return st;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "learnt_colours");
    if (arr && !cJSON_IsArray(arr))
        st = rc_err_set(err, RC_E_FORMAT, "%s/session.json: \"learnt_colours\" is not a list",
                        dir);
    int k = 0;
    const cJSON *o;
    const cJSON *list = cJSON_IsArray(arr) ? arr : NULL;
    cJSON_ArrayForEach(o, list)
    {
        if (k >= cap)
            break;
        if (!cJSON_IsObject(o) || !read_entry(o, &out[k])) {
            st = rc_err_set(err, RC_E_FORMAT,
                            "%s/session.json: learnt_colours[%d] is not a marker with a learnt "
                            "colour (marker, mean [2], cov [3])",
                            dir, k);
            break;
        }
        k++;
    }
    cJSON_Delete(root);
    *n = st == RC_OK ? k : 0;
    return st;
}
