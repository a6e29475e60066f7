/* report_load.c - reads one analysed session for the report: the stored model and
 * metadata, summary.json (with whatever movement-quality fields it carries), the
 * angle series of angles.csv, and the JPEG of the frame at peak ROM. */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/files.h"

/* angles.csv of an hour at 120 fps with 8 angles is ~40 MB. */
#define REPORT_MAX_BYTES ((size_t)1 << 28)

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (cJSON_IsObject(v)) /* {"value": x, ...} as the metrics stage writes SPARC / LDLJ */
        v = cJSON_GetObjectItemCaseSensitive(v, "value");
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* First item called `key` in `o` or its nested objects (not arrays: those hold
 * per-leg values), breadth first, depth <= 3. */
static const cJSON *find(const cJSON *o, const char *key, int depth)
{
    if (!cJSON_IsObject(o))
        return NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (v && !cJSON_IsNull(v))
        return v;
    if (depth <= 0)
        return NULL;
    for (const cJSON *c = o->child; c; c = c->next)
        if (cJSON_IsObject(c) && (v = find(c, key, depth - 1)) != NULL)
            return v;
    return NULL;
}

static double find_num(const cJSON *o, const char *key)
{
    const cJSON *v = find(o, key, 3);
    if (cJSON_IsObject(v))
        v = cJSON_GetObjectItemCaseSensitive(v, "value");
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static void read_quality(rc__angle_side *a, const cJSON *aj)
{
    a->n_reps = -1;
    const cJSON *reps = find(aj, "reps", 3);
    if (cJSON_IsArray(reps)) {
        a->n_reps = 0;
        const cJSON *r;
        cJSON_ArrayForEach(r, reps)
        {
            if (a->n_reps == RC__MAX_REPS)
                break;
            double rom = num(r, "rom_arc_deg");
            if (isnan(rom))
                rom = num(r, "rom_max_deg") - num(r, "rom_min_deg");
            if (isnan(rom))
                rom = num(r, "rom_deg");
            a->rep_rom_deg[a->n_reps++] = rom;
        }
    }
    a->peak_velocity_deg_s = find_num(aj, "peak_velocity_deg_s");
    a->sparc = find_num(aj, "sparc");
    a->ldlj = find_num(aj, "ldlj_v");
    if (isnan(a->ldlj))
        a->ldlj = find_num(aj, "ldlj");
    /* No whole-series smoothness: the mean over the movement legs, where present. */
    const cJSON *legs = find(aj, "legs", 3);
    double ss = 0, sl = 0;
    int ns = 0, nl = 0;
    const cJSON *l = NULL;
    if (cJSON_IsArray(legs))
        l = legs->child;
    for (; l; l = l->next) {
        const cJSON *sm = cJSON_GetObjectItemCaseSensitive(l, "smoothness");
        double v = num(sm, "sparc"), w = num(sm, "ldlj_v");
        if (isfinite(v))
            ss += v, ns++;
        if (isfinite(w))
            sl += w, nl++;
    }
    if (isnan(a->sparc) && ns)
        a->sparc = ss / ns;
    if (isnan(a->ldlj) && nl)
        a->ldlj = sl / nl;
}

static rc_status load_summary(rc__side *s, rc_err *err)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/summary.json", s->dir);
    char *text = NULL;
    rc_status rs = rc_read_text(path, REPORT_MAX_BYTES, &text, NULL, err);
    if (rs == RC_E_NOT_FOUND)
        return rc_err_set(err, RC_E_NOT_FOUND,
                          "%s: missing (analyse the session first: romcap analyse %s --out %s)",
                          path, s->dir, s->dir);
    if (rs != RC_OK)
        return rs;
    cJSON *root = cJSON_Parse(text);
    free(text);
    const cJSON *angles = cJSON_GetObjectItemCaseSensitive(root, "angles");
    if (!cJSON_IsArray(angles)) {
        cJSON_Delete(root);
        return rc_err_set(err, RC_E_FORMAT, "%s: no \"angles\" array (corrupt summary?)", path);
    }
    const cJSON *aj;
    cJSON_ArrayForEach(aj, angles)
    {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(aj, "name");
        int i = cJSON_IsString(name) ? rc_model_angle_index(&s->model, name->valuestring) : -1;
        if (i < 0)
            continue;
        rc__angle_side *a = &s->angle[i];
        a->present = 1;
        a->min_deg = num(aj, "min_deg");
        a->max_deg = num(aj, "max_deg");
        a->range_deg = num(aj, "range_deg");
        double ms = num(aj, "max_sample");
        a->peak_frame = isnan(ms) ? -1 : (int64_t)ms; /* a row of angles.csv for now */
        read_quality(a, aj);
    }
    cJSON_Delete(root);
    return RC_OK;
}

/* angles.csv: frame,t_s,<angle>... ; also turns peak rows into frame numbers. */
static rc_status load_angles(rc__side *s, rc_err *err)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/angles.csv", s->dir);
    char *text = NULL;
    rc_status rs = rc_read_text(path, REPORT_MAX_BYTES, &text, NULL, err);
    if (rs == RC_E_NOT_FOUND)
        return rc_err_set(err, RC_E_NOT_FOUND, "%s: missing (analyse the session first)", path);
    if (rs != RC_OK)
        return rs;
    int64_t lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    int col_angle[RC_MAX_ANGLES + 2];
    int n_cols = 0;
    char *save = NULL;
    char *line = strtok_r(text, "\n", &save);
    /* Header: map columns to model angles. */
    for (char *c = line ? line : (char *)""; n_cols < RC_MAX_ANGLES + 2;) {
        char *comma = strchr(c, ',');
        if (comma)
            *comma = '\0';
        c[strcspn(c, "\r")] = '\0';
        int k = n_cols++;
        col_angle[k] = k >= 2 ? rc_model_angle_index(&s->model, c) : -1;
        if (!comma)
            break;
        c = comma + 1;
    }
    int64_t *frames = malloc((size_t)(lines + 1) * sizeof *frames);
    s->t_s = malloc((size_t)(lines + 1) * sizeof *s->t_s);
    for (int a = 0; a < s->model.n_angles; a++)
        s->angle[a].series = malloc((size_t)(lines + 1) * sizeof(double));
    int ok = frames && s->t_s;
    for (int a = 0; a < s->model.n_angles; a++)
        ok = ok && s->angle[a].series;
    if (!ok) {
        free(frames);
        free(text);
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
    }
    int64_t n = 0;
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        for (int a = 0; a < s->model.n_angles; a++)
            s->angle[a].series[n] = NAN;
        char *c = line;
        for (int k = 0; k < n_cols && c; k++) {
            char *comma = strchr(c, ',');
            if (comma)
                *comma = '\0';
            if (k == 0)
                frames[n] = strtoll(c, NULL, 10);
            else if (k == 1)
                s->t_s[n] = strtod(c, NULL);
            else if (col_angle[k] >= 0 && *c && *c != '\r')
                s->angle[col_angle[k]].series[n] = strtod(c, NULL);
            c = comma ? comma + 1 : NULL;
        }
        n++;
    }
    s->n_rows = n;
    for (int a = 0; a < s->model.n_angles; a++) {
        int64_t r = s->angle[a].peak_frame;
        s->angle[a].peak_frame = r >= 0 && r < n ? frames[r] : -1;
    }
    free(frames);
    free(text);
    if (n == 0)
        return rc_err_set(err, RC_E_FORMAT, "%s: no rows", path);
    return RC_OK;
}

static char *base64(const uint8_t *p, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = malloc((n + 2) / 3 * 4 + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        *o++ = tab[v >> 18 & 63];
        *o++ = tab[v >> 12 & 63];
        *o++ = i + 1 < n ? tab[v >> 6 & 63] : '=';
        *o++ = i + 2 < n ? tab[v & 63] : '=';
    }
    *o = '\0';
    return out;
}

static void load_thumbs(rc__side *s, rc_session *ses)
{
    size_t cap = rc_session_max_jpeg_bytes(ses);
    uint8_t *buf = malloc(cap ? cap : 1);
    for (int a = 0; buf && a < s->model.n_angles; a++) {
        size_t n;
        rc_err ignored;
        int64_t fr = s->angle[a].peak_frame;
        if (fr >= 0 && rc_session_read_jpeg(ses, fr, buf, cap, &n, &ignored) == RC_OK)
            s->angle[a].thumb_b64 = base64(buf, n);
    }
    free(buf);
}

rc_status rc__side_load(rc__side *s, const char *dir, int thumbnails, rc_err *err)
{
    memset(s, 0, sizeof *s);
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    for (int a = 0; a < RC_MAX_ANGLES; a++) {
        s->angle[a].min_deg = s->angle[a].max_deg = s->angle[a].range_deg = NAN;
        s->angle[a].peak_frame = -1;
        s->angle[a].n_reps = -1;
    }
    rc_session *ses = rc_session_open(dir, err);
    if (!ses)
        return RC_E_NOT_FOUND;
    s->meta = *rc_session_get_meta(ses);
    rc_status st = rc_session_model(ses, &s->model, err);
    if (st == RC_OK)
        st = load_summary(s, err);
    if (st == RC_OK)
        st = load_angles(s, err);
    if (st == RC_OK && thumbnails)
        load_thumbs(s, ses);
    rc_session_close(ses);
    return st;
}

void rc__side_free(rc__side *s)
{
    free(s->t_s);
    s->t_s = NULL;
    for (int a = 0; a < RC_MAX_ANGLES; a++) {
        free(s->angle[a].series);
        free(s->angle[a].thumb_b64);
        s->angle[a].series = NULL;
        s->angle[a].thumb_b64 = NULL;
    }
}
