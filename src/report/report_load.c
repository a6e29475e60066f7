/* report_load.c - reads one analysed session for the report: the stored model and
 * metadata, summary.json (with whatever movement-quality fields it carries), the
 * angle series of angles.csv (both through their readers in results.h), and the
 * JPEG of the frame at peak ROM. */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/results.h"

/* summary.json through its one reader (results.h): the angles of this session's
 * model, with whatever movement-quality fields the summary carries. */
static rc_status load_summary(rc__side *s, rc_err *err)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/summary.json", s->dir);
    rc_summary *sum = malloc(sizeof *sum);
    if (!sum)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
    rc_status rs = rc_summary_read(path, sum, err);
    if (rs == RC_E_NOT_FOUND)
        rc_err_set(err, RC_E_NOT_FOUND,
                   "%s: missing (analyse the session first: romcap analyse %s --out %s)", path,
                   s->dir, s->dir);
    s->mirrored = rs == RC_OK ? sum->mirrored : -1;
    s->calibrated = rs == RC_OK ? sum->calibrated : -1;
    s->n_comp = rs == RC_OK ? sum->n_compensations : 0;
    memcpy(s->comp, sum->compensation, (size_t)s->n_comp * sizeof *s->comp);
    for (int k = 0; rs == RC_OK && k < sum->n_angles; k++) {
        const rc_summary_angle *sa = &sum->angle[k];
        int i = rc_model_angle_index(&s->model, sa->name);
        if (i < 0)
            continue;
        rc__angle_side *a = &s->angle[i];
        a->present = 1;
        a->min_deg = sa->min_deg;
        a->max_deg = sa->max_deg;
        a->range_deg = sa->range_deg;
        a->peak_frame = sa->max_sample; /* a row of angles.csv for now */
        a->n_reps = sa->n_reps;
        for (int r = 0; r < sa->n_reps && r < RC__MAX_REPS; r++)
            a->rep_rom_deg[r] = sa->rep_rom_deg[r];
        a->rom_reps = sa->rom_reps;
        a->rom_peak_mean_deg = sa->rom_peak_mean_deg;
        a->rom_peak_sd_deg = sa->rom_peak_sd_deg;
        a->rom_trough_mean_deg = sa->rom_trough_mean_deg;
        a->rom_trough_sd_deg = sa->rom_trough_sd_deg;
        a->rom_range_mean_deg = sa->rom_range_mean_deg;
        a->rom_range_sd_deg = sa->rom_range_sd_deg;
        a->rom_largest_peak_deg = sa->rom_largest_peak_deg;
        a->peak_velocity_deg_s = sa->peak_velocity_deg_s;
        a->sparc = sa->sparc;
        a->ldlj = sa->ldlj;
    }
    free(sum);
    return rs;
}

/* angles.csv through its one reader (results.h): each model angle's series by
 * column name, predicted frames left out; also turns peak rows into frame numbers. */
static rc_status load_angles(rc__side *s, rc_err *err)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/angles.csv", s->dir);
    rc_angles an;
    rc_status rs = rc_angles_read(path, &an, err);
    if (rs == RC_E_NOT_FOUND)
        rc_err_set(err, RC_E_NOT_FOUND, "%s: missing (analyse the session first)", path);
    if (rs != RC_OK) {
        rc_angles_free(&an);
        return rs;
    }
    int64_t n = an.n;
    s->t_s = an.t_s; /* taken over */
    an.t_s = NULL;
    int ok = 1;
    for (int a = 0; a < s->model.n_angles; a++) {
        double *v = s->angle[a].series = malloc((size_t)n * sizeof(double));
        ok = ok && v;
        for (int64_t i = 0; v && i < n; i++)
            v[i] = NAN;
    }
    for (int k = 0; ok && k < an.n_angles; k++) {
        int a = rc_model_angle_index(&s->model, an.name[k]);
        /* a frame resting on a predicted position is not drawn as measured */
        for (int64_t i = 0; a >= 0 && i < n; i++)
            s->angle[a].series[i] =
                an.q && !rc_angle_state_usable(an.q[i * an.n_angles + k])
                    ? NAN
                    : an.deg[i * an.n_angles + k];
    }
    s->n_rows = n;
    for (int a = 0; ok && a < s->model.n_angles; a++) {
        int64_t r = s->angle[a].peak_frame;
        s->angle[a].peak_frame = r >= 0 && r < n ? an.frame[r] : -1;
    }
    rc_angles_free(&an);
    if (!ok)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
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
        s->angle[a].rom_reps = -1;
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
