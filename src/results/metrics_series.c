/* metrics_series.c - `romcap metrics`' work (metrics_json.h, rc_series_metrics): one
 * column of any CSV (an angle exported by another tool, a velocity or speed profile)
 * read with the core's reader (csv.h), placed in time, and handed to the metrics
 * stage; the result as the "romcap-metrics/1" JSON object. Field meanings:
 * src/metrics/README.md. The command (app/cmd_metrics.c) keeps only its options.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/csv.h"
#include "romcap/metrics.h"
#include "romcap/metrics_json.h"

/* One column of the CSV (and its time column, if any). */
typedef struct series {
    double *x, *t; /* owned; x NAN = missing sample, t NAN without a time */
    int n;
    char column[128];
    bool have_t;
    int n_excluded; /* samples left out by the column's quality (<column>_q: predicted) */
    /* With real time stamps: x on the even grid at fs (rc_resample_grid), owned. */
    double *xg;
    int ng, n_bridged, n_splits;
} series;

/* The work arrays of one run, freed in one place. */
typedef struct work {
    double *v, *acc, *ang;
    rc_spectral *sp;
    rc_metrics *m;
} work;

static bool is_time_name(const char *s)
{
    return !strcmp(s, "t") || !strcmp(s, "t_s") || !strcmp(s, "time") || !strcmp(s, "time_s");
}

/* An angles.csv quality cell: only seen, streak or interpolated samples count; a
 * predicted (or lost) one becomes a missing sample. Returns 1 (the row is kept). */
static int keep_quality(const rc_csv *c, int qcol, double *x, int *excluded)
{
    if (qcol < 0 || !isfinite(*x))
        return 1;
    const char *q = rc_csv_cell(c, qcol);
    if (strcmp(q, "seen") && strcmp(q, "streak") && strcmp(q, "interpolated")) {
        *x = NAN;
        (*excluded)++;
    }
    return 1;
}

/* Step 2: the column `want` (NULL: 'value' if present, else the second column) and
 * the first time column of the CSV. */
static rc_status read_series(const char *path, const char *want, series *s, rc_err *err)
{
    rc_csv *c;
    rc_status st = rc_csv_open(path, NULL, &c, err);
    if (st != RC_OK)
        return st;
    int nc = rc_csv_columns(c), col = rc_csv_column(c, want ? want : "value"), tcol = -1;
    for (int i = 0; i < nc && tcol < 0; i++)
        if (is_time_name(rc_csv_column_name(c, i)))
            tcol = i;
    if (want && col < 0) {
        st = rc_err_set(err, RC_E_FORMAT, "%s:1: no column named '%s' in the header", path, want);
        goto done;
    }
    if (col < 0)
        col = nc >= 2 ? 1 : 0;
    snprintf(s->column, sizeof s->column, "%s", rc_csv_column_name(c, col));
    char qname[160];
    snprintf(qname, sizeof qname, "%s_q", s->column);
    int qcol = rc_csv_column(c, qname); /* angles.csv: the angle's quality (results.h) */
    s->have_t = tcol >= 0 && tcol != col;
    int64_t cap = rc_csv_rows_max(c);
    if (cap > 0x7fffffff) {
        st = rc_err_set(err, RC_E_FORMAT, "%s: too many rows", path);
        goto done;
    }
    s->x = malloc((size_t)cap * sizeof *s->x);
    s->t = malloc((size_t)cap * sizeof *s->t);
    if (!s->x || !s->t) {
        st = rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
        goto done;
    }
    while (s->n < cap && (st = rc_csv_next(c, err)) == RC_OK) {
        s->t[s->n] = NAN;
        if ((st = rc_csv_double(c, col, &s->x[s->n], err)) != RC_OK ||
            (s->have_t && (st = rc_csv_double(c, tcol, &s->t[s->n], err)) != RC_OK))
            goto done;
        s->n += keep_quality(c, qcol, &s->x[s->n], &s->n_excluded);
    }
    st = st == RC_E_EOF || st == RC_OK ? RC_OK : st;
    if (st == RC_OK && s->n == 0)
        st = rc_err_set(err, RC_E_FORMAT, "%s: no data rows after the header", path);
done:
    rc_csv_close(c);
    return st;
}

/* fs from the time column: (n-1) / (last - first) over the defined times. */
static double fs_from_t(const series *s)
{
    int a = 0, b = s->n - 1;
    while (a < s->n && !isfinite(s->t[a]))
        a++;
    while (b > a && !isfinite(s->t[b]))
        b--;
    if (b <= a || !(s->t[b] > s->t[a]))
        return NAN;
    return (b - a) / (s->t[b] - s->t[a]);
}

/* Real time stamps: the nominal rate (the median interval; fs_from_t kept when within
 * 2 % of it) and the column resampled onto the even grid at that rate (metrics.h). */
static rc_status on_time_grid(series *s, double *fs, rc_err *err)
{
    for (int i = 0; i < s->n; i++)
        if (!isfinite(s->t[i]))
            return rc_err_set(err, RC_E_FORMAT, "row %d has no time", i + 1);
    double *work = malloc((size_t)s->n * sizeof *work);
    if (!work)
        return rc_err_set(err, RC_E_NOMEM, "out of memory");
    *fs = rc_nominal_rate_hz(s->t, s->n, *fs, work);
    free(work);
    int cap = 16 * s->n + 1024; /* TUNABLE: past this the time stamps are damaged */
    int len = *fs > 0 ? rc_grid_len(s->t, s->n, *fs, cap) : -1;
    if (len < 1)
        return rc_err_set(err, RC_E_FORMAT,
                          "the time column (%.6f..%.6f s over %d rows) does "
                          "not make an even grid: give --fs HZ",
                          s->t[0], s->t[s->n - 1], s->n);
    s->xg = malloc((size_t)len * sizeof *s->xg);
    unsigned char *brk = malloc((size_t)len);
    rc_status st = s->xg && brk ? RC_OK : rc_err_set(err, RC_E_NOMEM, "out of memory");
    if (st == RC_OK)
        st = rc_resample_grid(s->t, s->x, s->n, *fs, rc_metrics_config_default(*fs, 1).max_gap_s,
                              len, s->xg, brk, &s->ng, &s->n_bridged, &s->n_splits, err);
    free(brk);
    return st;
}

/* Step 3: the whole-series velocity (the angle filtered as asked and differentiated,
 * or the input itself) into w->v, and the "filter" object. Needs a gap-free series
 * (gaps are handled per chunk by the metrics stage). */
static rc_status whole_velocity(cJSON *root, const rc_series_request *o, const series *s,
                                const rc_metrics_config *cfg, bool whole_ok, work *w, rc_err *err)
{
    int n = s->n;
    double fc_used = o->cutoff;
    if (whole_ok && o->kind == RC_SERIES_ANGLE) {
        memcpy(w->ang, s->x, (size_t)n * sizeof *w->ang);
        if (o->cutoff >= 0) {
            double *tmp = malloc((3 * (size_t)n + 64) * sizeof *tmp);
            rc_butter bw;
            rc_status st = tmp ? RC_OK : rc_err_set(err, RC_E_NOMEM, "out of memory");
            if (st == RC_OK && o->cutoff == 0)
                st = rc_cutoff_winter(s->x, n, o->fs, cfg->filter_order, &cfg->cutoff_search,
                                      &fc_used, tmp, err);
            if (st == RC_OK)
                st = rc_butter_lowpass(cfg->filter_order, fc_used, o->fs, &bw, err);
            if (st == RC_OK)
                st = rc_filtfilt(&bw, s->x, n, w->ang, tmp, err);
            free(tmp);
            if (st != RC_OK)
                return st;
        }
        rc_gradient(w->ang, n, o->fs, w->v);
    } else if (whole_ok) {
        memcpy(w->v, s->x, (size_t)n * sizeof *w->v);
    }
    cJSON *flt = cJSON_AddObjectToObject(root, "filter");
    cJSON_AddNumberToObject(flt, "order", cfg->filter_order);
    if (o->cutoff < 0 || (o->kind != RC_SERIES_ANGLE))
        cJSON_AddNullToObject(flt, "cutoff_hz");
    else
        cJSON_AddNumberToObject(flt, "cutoff_hz", fc_used);
    cJSON_AddStringToObject(flt, "cutoff_method",
                            o->cutoff < 0    ? "none"
                            : o->cutoff == 0 ? "winter"
                                             : "fixed");
    if (o->kind != RC_SERIES_ANGLE && o->cutoff >= 0)
        cJSON_AddStringToObject(flt, "note", "velocity and speed inputs are not filtered");
    return RC_OK;
}

/* Step 4: smoothness and tremor of the whole series ("whole", "tremor"). */
static rc_status whole_quality(cJSON *root, const rc_series_request *o, const series *s,
                               const rc_metrics_config *cfg, bool whole_ok, work *w, rc_err *err)
{
    if (!whole_ok) {
        cJSON_AddNullToObject(root, "whole");
        cJSON_AddNullToObject(root, "tremor");
        return RC_OK;
    }
    int n = s->n;
    rc_gradient(w->v, n, o->fs, w->acc);
    rc_smoothness sm;
    rc_status st = rc_smoothness_compute(w->sp, w->v, w->acc, n, o->fs, &cfg->sparc,
                                         cfg->peak_prominence_frac, &sm, err);
    if (st != RC_OK)
        return st;
    cJSON_AddItemToObject(root, "whole", rc_json_smoothness(&sm, &cfg->sparc));
    rc_tremor_result tr;
    const double *tx = o->kind == RC_SERIES_ANGLE ? s->x : w->v;
    if (n >= 4 && rc_tremor(w->sp, tx, n, o->fs, &cfg->tremor, &tr, err) == RC_OK)
        cJSON_AddItemToObject(root, "tremor", rc_json_tremor(&tr, &cfg->tremor));
    else
        cJSON_AddNullToObject(root, "tremor");
    return RC_OK;
}

/* Step 5: repetitions ("analysis"): the angle directly, a velocity integrated
 * (trapezoid) to a relative angle; a speed has no sign to find them by. */
static rc_status repetitions(cJSON *root, const rc_series_request *o, const series *s, bool timed,
                             const rc_metrics_config *cfg, work *w, rc_err *err)
{
    int n = s->n;
    if (o->kind == RC_SERIES_SPEED) {
        cJSON_AddNullToObject(root, "analysis");
        cJSON_AddStringToObject(root, "analysis_note",
                                "repetitions need a signed angle or velocity");
        return RC_OK;
    }
    if (o->kind == RC_SERIES_ANGLE) {
        memcpy(w->ang, s->x, (size_t)n * sizeof *w->ang);
    } else {
        w->ang[0] = isfinite(s->x[0]) ? 0.0 : NAN;
        double acc_ang = 0.0, prev = s->x[0];
        for (int i = 1; i < n; i++) {
            double dt = timed ? s->t[i] - s->t[i - 1] : 1.0 / o->fs;
            if (isfinite(s->x[i]) && isfinite(prev))
                acc_ang += 0.5 * (s->x[i] + prev) * dt;
            w->ang[i] = isfinite(s->x[i]) ? acc_ang : NAN;
            if (isfinite(s->x[i]))
                prev = s->x[i];
        }
    }
    w->m = rc_metrics_create(cfg, err);
    rc_angle_report rep;
    if (!w->m)
        return RC_E_NOMEM; /* the reason is in err */
    rc_status st = timed ? rc_metrics_analyse_t(w->m, s->t, w->ang, n, &rep, err)
                         : rc_metrics_analyse(w->m, w->ang, n, &rep, err);
    if (st != RC_OK)
        return st;
    cJSON_AddItemToObject(root, "analysis", rc_json_angle_report(&rep, cfg));
    return RC_OK;
}

/* The head of the object: what was read and how it was placed in time. */
static void describe(cJSON *root, const rc_series_request *o, const series *s, bool timed, int n,
                     int missing)
{
    cJSON_AddStringToObject(root, "format", "romcap-metrics/1");
    cJSON_AddStringToObject(root, "file", o->file);
    cJSON_AddStringToObject(root, "column", s->column);
    cJSON_AddStringToObject(root, "kind",
                            o->kind == RC_SERIES_ANGLE      ? "angle"
                            : o->kind == RC_SERIES_VELOCITY ? "velocity"
                                                            : "speed");
    cJSON_AddNumberToObject(root, "fs_hz", o->fs);
    cJSON_AddNumberToObject(root, "n_samples", n);
    cJSON_AddNumberToObject(root, "n_missing", missing);
    if (s->n_excluded)
        cJSON_AddNumberToObject(root, "n_predicted_excluded", s->n_excluded);
    if (timed) {
        cJSON *tj = cJSON_AddObjectToObject(root, "time");
        cJSON_AddStringToObject(tj, "method",
                                "each row placed by its time on an even grid at "
                                "fs_hz; gaps up to 0.25 s bridged by a cubic, "
                                "longer ones split (src/metrics/README.md)");
        cJSON_AddNumberToObject(tj, "rows", s->n);
        cJSON_AddNumberToObject(tj, "grid_samples", s->ng);
        cJSON_AddNumberToObject(tj, "bridged", s->n_bridged);
        cJSON_AddNumberToObject(tj, "splits", s->n_splits);
    }
}

/* The series placed in time and analysed into root. */
static rc_status analyse(cJSON *root, rc_series_request *o, series *s, work *w, rc_err *err)
{
    bool timed = !isfinite(o->fs) && s->have_t;
    if (!isfinite(o->fs) && !isfinite(o->fs = s->have_t ? fs_from_t(s) : NAN))
        return rc_err_set(err, RC_E_FORMAT,
                          "no usable time column ('t', 't_s' or 'time'): give --fs HZ");
    rc_status st;
    if (timed && (st = on_time_grid(s, &o->fs, err)) != RC_OK)
        return st;
    rc_metrics_config cfg = rc_metrics_config_default(o->fs, s->ng > s->n ? s->ng : s->n);
    cfg.cutoff_hz = o->cutoff;
    series g = *s; /* what the whole-series blocks read: the grid when timed */
    if (timed) {
        g.x = s->xg;
        g.n = s->ng;
    }
    int n = g.n, missing = 0;
    for (int i = 0; i < n; i++)
        missing += !isfinite(g.x[i]);
    w->v = malloc((size_t)cfg.max_samples * sizeof *w->v);
    w->acc = malloc((size_t)cfg.max_samples * sizeof *w->acc);
    w->ang = malloc((size_t)cfg.max_samples * sizeof *w->ang);
    w->sp = rc_spectral_create(cfg.max_samples, cfg.sparc.padlevel, err);
    if (!w->v || !w->acc || !w->ang || !w->sp)
        return RC_E_NOMEM;
    describe(root, o, s, timed, n, missing);
    bool whole_ok = missing == 0 && n >= 3 && (!timed || s->n_splits == 0);
    if ((st = whole_velocity(root, o, &g, &cfg, whole_ok, w, err)) != RC_OK ||
        (st = whole_quality(root, o, &g, &cfg, whole_ok, w, err)) != RC_OK)
        return st;
    return repetitions(root, o, timed ? s : &g, timed, &cfg, w, err);
}

rc_status rc_series_metrics(const rc_series_request *rq, cJSON **out, rc_err *err)
{
    rc_series_request o = *rq;
    series s = {0};
    work w = {0};
    *out = NULL;
    cJSON *root = cJSON_CreateObject();
    rc_status st = root ? read_series(o.file, o.column, &s, err) : RC_E_NOMEM;
    if (st == RC_OK)
        st = analyse(root, &o, &s, &w, err);
    if (st != RC_OK && !err->msg[0])
        rc_err_set(err, st, "out of memory");
    if (st == RC_OK)
        *out = root;
    else
        cJSON_Delete(root);
    rc_metrics_destroy(w.m);
    rc_spectral_destroy(w.sp);
    free(w.v);
    free(w.acc);
    free(w.ang);
    free(s.x);
    free(s.t);
    free(s.xg);
    return st;
}
