/* analyse.c - the one-call analysis of an angle series, plus consistency and
 * symmetry.
 *
 * Order of work: split the series at long NaN gaps and interpolate short ones;
 * per chunk, low-pass (zero-lag), differentiate twice, find legs and their
 * smoothness; then pair legs into repetitions, summarise them, and take the
 * tremor spectrum of the longest chunk's unfiltered angle (a 6 Hz low-pass would
 * remove the tremor it looks for). Everything is allocated in rc_metrics_create.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

struct rc_metrics {
    rc_metrics_config cfg;
    rc_spectral *sp;
    rc_butter filt; /* fixed cut-off design (unused when automatic) */
    int leg_cap;
    double *x, *xf, *v, *a, *work, *vals, *vals2;
    double *grid;       /* rc_metrics_analyse_t: the angle on the even grid */
    unsigned char *brk; /* 1 on grid points inside a time gap longer than max_gap_s */
    rc_leg *legs_tmp;
    int *leg_chunk;
    rc_leg_metrics *legs;
    rc_rep_metrics *reps;
};

rc_metrics_config rc_metrics_config_default(double fs_hz, int max_samples)
{
    rc_metrics_config c = {
        .fs_hz = fs_hz,
        .max_samples = max_samples,
        .filter_order = 4,
        .cutoff_hz = 6.0, /* TUNABLE: Winter's usual value for joint angles */
        .cutoff_search = {1.0, 15.0, 0.5},
        .max_gap_s = 0.25, /* TUNABLE: a marker hidden for a quarter second */
        .seg = RC_SEG_DEFAULTS,
        .sparc = RC_SPARC_DEFAULTS,
        .peak_prominence_frac = 0.05,
        .tremor = RC_TREMOR_DEFAULTS,
    };
    return c;
}

void rc_metrics_destroy(rc_metrics *m)
{
    if (!m)
        return;
    rc_spectral_destroy(m->sp);
    free(m->x);
    free(m->xf);
    free(m->v);
    free(m->a);
    free(m->work);
    free(m->vals);
    free(m->vals2);
    free(m->grid);
    free(m->brk);
    free(m->legs_tmp);
    free(m->leg_chunk);
    free(m->legs);
    free(m->reps);
    free(m);
}

rc_metrics *rc_metrics_create(const rc_metrics_config *cfg, rc_err *err)
{
    if (!(cfg->fs_hz > 0) || !isfinite(cfg->fs_hz) || cfg->max_samples < 1) {
        rc_err_set(err, RC_E_ARG, "metrics: fs %g Hz / max_samples %d invalid", cfg->fs_hz,
                   cfg->max_samples);
        return NULL;
    }
    rc_butter probe;
    if (rc_butter_lowpass(cfg->filter_order,
                          cfg->cutoff_hz > 0 ? cfg->cutoff_hz : 1e-3 * cfg->fs_hz, cfg->fs_hz,
                          &probe, err) != RC_OK) {
        rc_err_prefix(err, "metrics filter");
        return NULL;
    }
    rc_metrics *m = calloc(1, sizeof *m);
    if (!m) {
        rc_err_set(err, RC_E_NOMEM, "metrics: out of memory");
        return NULL;
    }
    m->cfg = *cfg;
    m->filt = probe;
    m->sp = rc_spectral_create(cfg->max_samples, cfg->sparc.padlevel, err);
    if (!m->sp) {
        free(m);
        return NULL;
    }
    size_t n = (size_t)cfg->max_samples;
    int min_leg = (int)floor(cfg->seg.min_leg_s * cfg->fs_hz);
    m->leg_cap = cfg->max_samples / (min_leg > 1 ? min_leg : 1) + 8;
    m->x = malloc(n * sizeof *m->x);
    m->xf = malloc(n * sizeof *m->xf);
    m->v = malloc(n * sizeof *m->v);
    m->a = malloc(n * sizeof *m->a);
    m->work = malloc((2 * n + rc_filtfilt_work_len(&probe, cfg->max_samples)) * sizeof(double));
    m->vals = malloc((size_t)m->leg_cap * sizeof *m->vals);
    m->vals2 = malloc((size_t)m->leg_cap * sizeof *m->vals2);
    m->grid = malloc(n * sizeof *m->grid);
    m->brk = malloc(n);
    m->legs_tmp = malloc((size_t)m->leg_cap * sizeof *m->legs_tmp);
    m->leg_chunk = malloc((size_t)m->leg_cap * sizeof *m->leg_chunk);
    m->legs = malloc((size_t)m->leg_cap * sizeof *m->legs);
    m->reps = malloc((size_t)m->leg_cap * sizeof *m->reps);
    if (!m->x || !m->xf || !m->v || !m->a || !m->work || !m->vals || !m->vals2 || !m->grid ||
        !m->brk || !m->legs_tmp ||
        !m->leg_chunk || !m->legs || !m->reps) {
        rc_metrics_destroy(m);
        rc_err_set(err, RC_E_NOMEM, "metrics: out of memory for %d samples", cfg->max_samples);
        return NULL;
    }
    return m;
}

void rc_mean_sd_cv(const double *x, int n, double *mean, double *sd, double *cv)
{
    double s = 0, ss = 0;
    for (int i = 0; i < n; i++)
        s += x[i];
    double mu = n > 0 ? s / n : NAN;
    for (int i = 0; i < n; i++)
        ss += (x[i] - mu) * (x[i] - mu);
    double d = n > 1 ? sqrt(ss / (n - 1)) : (n == 1 ? 0.0 : NAN);
    *mean = mu;
    *sd = d;
    *cv = (n > 0 && mu != 0) ? d / mu : NAN;
}

void rc_set_rom_compute(const double *peak, const double *trough, int n, rc_set_rom *out)
{
    double sp = 0, st = 0, sr = 0, big_p = -INFINITY, big_r = -INFINITY;
    for (int i = 0; i < n; i++) {
        sp += peak[i];
        st += trough[i];
        sr += peak[i] - trough[i];
        big_p = fmax(big_p, peak[i]);
        big_r = fmax(big_r, peak[i] - trough[i]);
    }
    out->reps = n > 0 ? n : 0;
    if (n <= 0) {
        out->peak_mean_deg = out->peak_sd_deg = out->trough_mean_deg = out->trough_sd_deg = NAN;
        out->range_mean_deg = out->range_sd_deg = NAN;
        out->largest_peak_deg = out->largest_range_deg = NAN;
        return;
    }
    double mp = sp / n, mt = st / n, mr = sr / n, qp = 0, qt = 0, qr = 0;
    for (int i = 0; i < n; i++) {
        double r = peak[i] - trough[i];
        qp += (peak[i] - mp) * (peak[i] - mp);
        qt += (trough[i] - mt) * (trough[i] - mt);
        qr += (r - mr) * (r - mr);
    }
    out->peak_mean_deg = mp;
    out->trough_mean_deg = mt;
    out->range_mean_deg = mr;
    out->peak_sd_deg = n > 1 ? sqrt(qp / (n - 1)) : 0.0;
    out->trough_sd_deg = n > 1 ? sqrt(qt / (n - 1)) : 0.0;
    out->range_sd_deg = n > 1 ? sqrt(qr / (n - 1)) : 0.0;
    out->largest_peak_deg = big_p;
    out->largest_range_deg = big_r;
}

double rc_symmetry_index(double a, double b)
{
    if (!isfinite(a) || !isfinite(b) || a + b == 0)
        return NAN;
    return 100.0 * (a - b) / (0.5 * (a + b));
}

/* Analyses chunk [c0, c0+len) of m->x: filter, derivatives, legs appended to
 * m->legs from index *nlegs. */
static rc_status analyse_chunk(rc_metrics *m, int chunk, int c0, int len, int *nlegs,
                               double *fc_used, rc_angle_report *out, rc_err *err)
{
    const rc_metrics_config *c = &m->cfg;
    double fs = c->fs_hz;
    const double *x = m->x + c0;
    double *xf = m->xf + c0, *v = m->v + c0, *a = m->a + c0;
    if (len < 2) {
        xf[0] = x[0];
        v[0] = a[0] = 0.0;
        return RC_OK;
    }
    rc_butter f = m->filt;
    double fc = c->cutoff_hz;
    rc_status st;
    if (c->cutoff_hz == 0) {
        if (len >= 4 * rc_filtfilt_padlen(&f)) {
            st =
                rc_cutoff_winter(x, len, fs, c->filter_order, &c->cutoff_search, &fc, m->work, err);
            if (st != RC_OK)
                return st;
        } else {
            fc = 6.0 < 0.45 * fs ? 6.0 : 0.25 * fs; /* too short to search */
        }
        st = rc_butter_lowpass(c->filter_order, fc, fs, &f, err);
        if (st != RC_OK)
            return st;
    }
    if (c->cutoff_hz < 0) {
        memcpy(xf, x, (size_t)len * sizeof *x);
        fc = 0.0;
    } else {
        st = rc_filtfilt(&f, x, len, xf, m->work, err);
        if (st != RC_OK)
            return st;
    }
    *fc_used = fc;
    rc_gradient(xf, len, fs, v);
    rc_gradient(v, len, fs, a);
    for (int i = 0; i < len; i++)
        if (fabs(v[i]) > out->peak_velocity_deg_s)
            out->peak_velocity_deg_s = fabs(v[i]);
    int room = m->leg_cap - *nlegs;
    int found = rc_find_legs(xf, v, len, fs, &c->seg, m->legs_tmp, room);
    if (found > room)
        found = room; /* cannot happen: legs are at least min_leg_s long */
    for (int k = 0; k < found; k++) {
        rc_leg_metrics *lm = &m->legs[*nlegs];
        rc_leg l = m->legs_tmp[k];
        int n = l.i1 - l.i0 + 1;
        st = rc_smoothness_compute(m->sp, v + l.i0, a + l.i0, n, fs, &c->sparc,
                                   c->peak_prominence_frac, &lm->smooth, err);
        if (st != RC_OK)
            return st;
        l.i0 += c0;
        l.i1 += c0;
        l.t0_s = l.i0 / fs;
        l.t1_s = l.i1 / fs;
        lm->leg = l;
        lm->chunk = chunk;
        (*nlegs)++;
    }
    return RC_OK;
}

static void pair_reps(rc_metrics *m, rc_angle_report *out)
{
    const double fs = m->cfg.fs_hz;
    int nl = out->n_legs, nr = 0, incomplete = 0;
    int out_dir = nl > 0 ? m->legs[0].leg.dir : 0;
    for (int k = 0; k < nl;) {
        const rc_leg_metrics *lo = &m->legs[k];
        if (lo->leg.dir == out_dir && k + 1 < nl && m->legs[k + 1].leg.dir == -out_dir &&
            m->legs[k + 1].chunk == lo->chunk) {
            const rc_leg_metrics *lb = &m->legs[k + 1];
            rc_rep_metrics *r = &m->reps[nr++];
            r->leg_out = k;
            r->leg_back = k + 1;
            r->i0 = lo->leg.i0;
            r->i1 = lb->leg.i1;
            r->start_s = r->i0 / fs;
            r->end_s = r->i1 / fs;
            r->duration_s = (r->i1 - r->i0) / fs;
            double lo_a = INFINITY, hi_a = -INFINITY, pk = -1, sum = 0;
            int ipk = r->i0, cnt = 0;
            for (int i = r->i0; i <= r->i1; i++) {
                lo_a = fmin(lo_a, m->xf[i]);
                hi_a = fmax(hi_a, m->xf[i]);
                if (fabs(m->v[i]) > pk) {
                    pk = fabs(m->v[i]);
                    ipk = i;
                }
                if (i <= lo->leg.i1 || i >= lb->leg.i0) {
                    sum += fabs(m->v[i]);
                    cnt++;
                }
            }
            r->rom_min_deg = lo_a;
            r->rom_max_deg = hi_a;
            r->rom_arc_deg = hi_a - lo_a;
            r->peak_velocity_deg_s = pk;
            r->mean_speed_deg_s = cnt ? sum / cnt : 0.0;
            r->time_to_peak_s = (ipk - r->i0) / fs;
            r->hold_s = lb->leg.i0 > lo->leg.i1 ? (lb->leg.i0 - lo->leg.i1) / fs : 0.0;
            k += 2;
        } else {
            incomplete++;
            k++;
        }
    }
    out->n_reps = nr;
    out->n_incomplete_legs = incomplete;
    rc_consistency *cs = &out->consistency;
    cs->n = nr;
    for (int r = 0; r < nr; r++)
        m->vals[r] = m->reps[r].rom_arc_deg;
    rc_mean_sd_cv(m->vals, nr, &cs->rom_mean_deg, &cs->rom_sd_deg, &cs->rom_cv);
    for (int r = 0; r < nr; r++)
        m->vals[r] = m->reps[r].peak_velocity_deg_s;
    rc_mean_sd_cv(m->vals, nr, &cs->peak_vel_mean_deg_s, &cs->peak_vel_sd_deg_s, &cs->peak_vel_cv);
    for (int r = 0; r < nr; r++) {
        m->vals[r] = m->reps[r].rom_max_deg;
        m->vals2[r] = m->reps[r].rom_min_deg;
    }
    rc_set_rom_compute(m->vals, m->vals2, nr, &out->rom);
}

/* rc_metrics_analyse with brk (NULL: none) marking NAN samples inside a gap that
 * must split the series whatever its length. */
static rc_status analyse(rc_metrics *m, const double *angle, const unsigned char *brk, int n,
                         rc_angle_report *out, rc_err *err)
{
    const rc_metrics_config *c = &m->cfg;
    memset(out, 0, sizeof *out);
    rc_set_rom_compute(NULL, NULL, 0, &out->rom);
    out->legs = m->legs;
    out->reps = m->reps;
    out->fs_hz = c->fs_hz;
    out->filter_order = c->filter_order;
    out->cutoff_auto = c->cutoff_hz == 0;
    out->min_deg = out->max_deg = out->range_deg = NAN;
    out->i_min = out->i_max = -1;
    out->tremor.dominant_hz = NAN;
    if (n < 0 || n > c->max_samples)
        return rc_err_set(err, RC_E_ARG, "metrics: %d samples outside 0..%d", n, c->max_samples);
    out->n_samples = n;
    /* range of the defined raw samples, and the missing count */
    for (int i = 0; i < n; i++) {
        double v = angle[i];
        if (!isfinite(v)) {
            out->n_missing++;
            continue;
        }
        if (out->i_min < 0 || v < out->min_deg) {
            out->min_deg = v;
            out->i_min = i;
        }
        if (out->i_max < 0 || v > out->max_deg) {
            out->max_deg = v;
            out->i_max = i;
        }
    }
    out->has_data = out->i_min >= 0;
    if (!out->has_data)
        return RC_OK;
    out->range_deg = out->max_deg - out->min_deg;

    /* chunks: interpolate interior gaps up to max_gap samples, split at longer ones */
    int max_gap = (int)floor(c->max_gap_s * c->fs_hz + 1e-9);
    int nlegs = 0, best_c0 = -1, best_len = 0;
    int i = 0;
    while (i < n) {
        while (i < n && !isfinite(angle[i]))
            i++;
        if (i >= n)
            break;
        int c0 = i, last = i;
        m->x[i] = angle[i];
        i++;
        while (i < n) {
            if (isfinite(angle[i])) {
                m->x[i] = angle[i];
                last = i++;
                continue;
            }
            int g = i;
            bool split = false;
            for (; g < n && !isfinite(angle[g]); g++)
                split |= brk && brk[g];
            if (g >= n || g - i > max_gap || split)
                break; /* trailing gap or a long one: the chunk ends at `last` */
            for (int k = i; k < g; k++) {
                double w = (double)(k - last) / (g - last);
                m->x[k] = angle[last] + w * (angle[g] - angle[last]);
            }
            out->n_interpolated += g - i;
            i = g;
        }
        int len = last - c0 + 1;
        double fc = c->cutoff_hz;
        rc_status st = analyse_chunk(m, out->n_chunks, c0, len, &nlegs, &fc, out, err);
        if (st != RC_OK)
            return st;
        if (len > best_len) {
            out->cutoff_hz = fc;
            best_len = len;
            best_c0 = c0;
        }
        out->n_chunks++;
    }
    out->n_legs = nlegs;
    pair_reps(m, out);
    if (best_len >= 4) {
        rc_err e2;
        out->tremor_ok = rc_tremor(m->sp, m->x + best_c0, best_len, c->fs_hz, &c->tremor,
                                   &out->tremor, &e2) == RC_OK;
    }
    return RC_OK;
}

rc_status rc_metrics_analyse(rc_metrics *m, const double *angle, int n, rc_angle_report *out,
                             rc_err *err)
{
    return analyse(m, angle, NULL, n, out, err);
}

rc_status rc_metrics_analyse_t(rc_metrics *m, const double *t_s, const double *angle, int n,
                               rc_angle_report *out, rc_err *err)
{
    const rc_metrics_config *c = &m->cfg;
    int len = 0, bridged = 0, splits = 0;
    rc_status st = rc_resample_grid(t_s, angle, n, c->fs_hz, c->max_gap_s, c->max_samples,
                                    m->grid, m->brk, &len, &bridged, &splits, err);
    if (st != RC_OK) {
        memset(out, 0, sizeof *out);
        return st;
    }
    st = analyse(m, m->grid, m->brk, len, out, err);
    out->n_bridged = bridged;
    out->n_splits = splits;
    return st;
}
