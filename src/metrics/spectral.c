/* spectral.c - FFTW plans shared by SPARC and the tremor spectrum.
 *
 * One r2c plan per power of two, all on the same two buffers, made at create
 * time with FFTW_ESTIMATE (deterministic, and cheap enough to plan all sizes up
 * front), so nothing is planned while analysing. A real input's spectrum is
 * conjugate-symmetric, so |X[k]| for k > nfft/2 (the "full 0..fs axis" SPARC
 * uses) is read from bin nfft - k.
 */
#include <fftw3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

enum { MAX_LOG2 = 26 };

struct rc_spectral {
    int max_samples;
    int max_padlevel;
    int max_log2;       /* largest planned size is 2^max_log2 */
    double *in;         /* 2^max_log2 doubles */
    fftw_complex *out;  /* 2^(max_log2-1) + 1 bins */
    double *pow2;       /* |out|^2 */
    double *scratch[2]; /* max_samples doubles each, for callers in this stage */
    fftw_plan plan[MAX_LOG2 + 1];
};

int rc__ceil_log2(int n)
{
    int p = 0;
    while ((1 << p) < n)
        p++;
    return p;
}

rc_spectral *rc_spectral_create(int max_samples, int max_padlevel, rc_err *err)
{
    if (max_samples < 1 || max_padlevel < 0 || max_padlevel > 8) {
        rc_err_set(err, RC_E_ARG, "spectral: max_samples %d / padlevel %d out of range",
                   max_samples, max_padlevel);
        return NULL;
    }
    int max_log2 = rc__ceil_log2(max_samples) + max_padlevel;
    if (max_log2 > MAX_LOG2) {
        rc_err_set(err, RC_E_ARG,
                   "spectral: %d samples with padlevel %d need a 2^%d FFT (max 2^%d)", max_samples,
                   max_padlevel, max_log2, MAX_LOG2);
        return NULL;
    }
    if (max_log2 < 1)
        max_log2 = 1;
    rc_spectral *sp = calloc(1, sizeof *sp);
    if (!sp) {
        rc_err_set(err, RC_E_NOMEM, "spectral: out of memory");
        return NULL;
    }
    sp->max_samples = max_samples;
    sp->max_padlevel = max_padlevel;
    sp->max_log2 = max_log2;
    size_t nmax = (size_t)1 << max_log2;
    /* FFTW aborts the process when its own allocations fail (fftw_malloc, and the
     * plans' tables), so the arrays come from posix_memalign (FFTW takes any memory)
     * and, before planning, a probe of what the plans will need (a few times the
     * largest size, in doubles) turns a shortage into an error instead. */
    void *in = NULL, *out = NULL, *probe = malloc(8 * nmax * sizeof(double) + (1u << 20));
    free(probe);
    if (probe && posix_memalign(&in, 64, nmax * sizeof *sp->in) == 0 &&
        posix_memalign(&out, 64, (nmax / 2 + 1) * sizeof *sp->out) == 0) {
        sp->in = in;
        sp->out = out;
    } else {
        free(in);
    }
    sp->pow2 = malloc((nmax / 2 + 1) * sizeof *sp->pow2);
    sp->scratch[0] = malloc((size_t)max_samples * sizeof(double));
    sp->scratch[1] = malloc((size_t)max_samples * sizeof(double));
    if (!sp->in || !sp->out || !sp->pow2 || !sp->scratch[0] || !sp->scratch[1]) {
        rc_spectral_destroy(sp);
        rc_err_set(err, RC_E_NOMEM, "spectral: out of memory for a 2^%d FFT", max_log2);
        return NULL;
    }
    for (int p = 1; p <= max_log2; p++) {
        sp->plan[p] = fftw_plan_dft_r2c_1d(1 << p, sp->in, sp->out, FFTW_ESTIMATE);
        if (!sp->plan[p]) {
            rc_spectral_destroy(sp);
            rc_err_set(err, RC_E_NOMEM, "spectral: FFTW could not plan size 2^%d", p);
            return NULL;
        }
    }
    return sp;
}

void rc_spectral_destroy(rc_spectral *sp)
{
    if (!sp)
        return;
    for (int p = 0; p <= MAX_LOG2; p++)
        if (sp->plan[p])
            fftw_destroy_plan(sp->plan[p]);
    free(sp->in);
    free(sp->out);
    free(sp->pow2);
    free(sp->scratch[0]);
    free(sp->scratch[1]);
    free(sp);
}

double *rc__spectral_scratch(rc_spectral *sp, int which)
{
    return sp->scratch[which];
}

int rc__spectral_max_samples(const rc_spectral *sp)
{
    return sp->max_samples;
}

/* |FFT|^2 of x[0..n) zero-padded to 2^p into sp->pow2[0..2^(p-1)]. Squares, not
 * hypot(): only the few bins SPARC selects need a square root, and hypot costs
 * more than the FFT itself (the results differ by an ulp, far below 1e-9). */
static void power_spectrum(rc_spectral *sp, const double *x, int n, int p)
{
    int nfft = 1 << p;
    memcpy(sp->in, x, (size_t)n * sizeof *x);
    memset(sp->in + n, 0, (size_t)(nfft - n) * sizeof *sp->in);
    fftw_execute(sp->plan[p]);
    for (int k = 0; k <= nfft / 2; k++)
        sp->pow2[k] = sp->out[k][0] * sp->out[k][0] + sp->out[k][1] * sp->out[k][1];
}

/* |X[k]| over the full 0..nfft-1 axis (real input: |X[nfft-k]| = |X[k]|). */
static double mag_at(const rc_spectral *sp, int nfft, int k)
{
    return sqrt(k <= nfft / 2 ? sp->pow2[k] : sp->pow2[nfft - k]);
}

rc_status rc_sparc(rc_spectral *sp, const double *speed, int n, double fs_hz,
                   const rc_sparc_params *prm, rc_sparc_result *out, rc_err *err)
{
    static const rc_sparc_params def = RC_SPARC_DEFAULTS;
    if (!prm)
        prm = &def;
    if (n < 1 || n > sp->max_samples)
        return rc_err_set(err, RC_E_ARG, "SPARC: %d samples outside 1..%d", n, sp->max_samples);
    if (prm->padlevel < 0 || prm->padlevel > sp->max_padlevel)
        return rc_err_set(err, RC_E_ARG, "SPARC: padlevel %d outside 0..%d", prm->padlevel,
                          sp->max_padlevel);
    if (!(fs_hz > 0) || !isfinite(fs_hz))
        return rc_err_set(err, RC_E_ARG, "SPARC: sampling rate %g Hz is not positive", fs_hz);
    for (int i = 0; i < n; i++)
        if (!isfinite(speed[i]))
            return rc_err_set(err, RC_E_ARG, "SPARC: sample %d is not finite", i);
    int p = rc__ceil_log2(n) + prm->padlevel;
    if (p < 1)
        p = 1; /* n == 1 with padlevel 0: a 1-point FFT is its DC bin; pad to 2 */
    int nfft = 1 << p;
    power_spectrum(sp, speed, n, p);
    double pmax = 0.0;
    for (int k = 0; k <= nfft / 2; k++)
        if (sp->pow2[k] > pmax)
            pmax = sp->pow2[k];
    double mmax = sqrt(pmax);
    if (!(mmax > 0))
        return rc_err_set(err, RC_E_ARG, "SPARC: the speed profile is all zero");
    double df = fs_hz / nfft;
    /* bins with f_k = k*df <= fc over the full 0..fs axis; contiguous from 0 */
    int kc = -1;
    for (int k = 0; k < nfft && (double)k * df <= prm->fc_hz; k++)
        kc = k;
    int first = -1, last = -1;
    for (int k = 0; k <= kc; k++) {
        double m = mag_at(sp, nfft, k) / mmax;
        if (m >= prm->amp_th) {
            if (first < 0)
                first = k;
            last = k;
        }
    }
    if (first < 0)
        return rc_err_set(err, RC_E_ARG, "SPARC: no spectral bin below %g Hz reaches %g",
                          prm->fc_hz, prm->amp_th);
    double span = (double)last * df - (double)first * df;
    double sum = 0.0;
    for (int k = first; k < last; k++) {
        double m0 = mag_at(sp, nfft, k) / mmax;
        double m1 = mag_at(sp, nfft, k + 1) / mmax;
        double dfn = ((double)(k + 1) * df - (double)k * df) / span;
        double dm = m1 - m0;
        sum += sqrt(dfn * dfn + dm * dm);
    }
    out->sparc = -sum;
    out->nfft = nfft;
    out->df_hz = df;
    out->start_index = first;
    out->fc_index = last;
    out->f_start_hz = (double)first * df;
    out->fc_selected_hz = (double)last * df;
    out->n_selected = last - first + 1;
    return RC_OK;
}

rc_status rc_tremor(rc_spectral *sp, const double *x, int n, double fs_hz,
                    const rc_tremor_params *prm, rc_tremor_result *out, rc_err *err)
{
    static const rc_tremor_params def = RC_TREMOR_DEFAULTS;
    if (!prm)
        prm = &def;
    if (n < 4 || n > sp->max_samples)
        return rc_err_set(err, RC_E_ARG, "tremor: %d samples outside 4..%d", n, sp->max_samples);
    if (!(fs_hz > 0) || !isfinite(fs_hz))
        return rc_err_set(err, RC_E_ARG, "tremor: sampling rate %g Hz is not positive", fs_hz);
    double *w = sp->scratch[1];
    /* detrend: least-squares line (or mean) */
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(x[i]))
            return rc_err_set(err, RC_E_ARG, "tremor: sample %d is not finite", i);
        sx += i;
        sy += x[i];
        sxx += (double)i * i;
        sxy += i * x[i];
    }
    double slope = 0.0, icpt = sy / n;
    if (prm->detrend_linear) {
        double den = n * sxx - sx * sx;
        slope = (n * sxy - sx * sy) / den;
        icpt = (sy - slope * sx) / n;
    }
    const double pi = 3.14159265358979323846;
    double wss = 0.0;
    for (int i = 0; i < n; i++) {
        double win = prm->hann ? 0.5 - 0.5 * cos(2.0 * pi * i / n) : 1.0; /* periodic Hann */
        w[i] = (x[i] - (icpt + slope * i)) * win;
        wss += win * win;
    }
    int p = rc__ceil_log2(n);
    int nfft = 1 << p;
    power_spectrum(sp, w, n, p);
    double df = fs_hz / nfft;
    /* one-sided density times df: sum over all bins equals sum((w x)^2) / sum(w^2) */
    double scale = 1.0 / (wss * nfft);
    double band = 0.0, total = 0.0, best = -1.0, best_f = NAN;
    for (int k = 1; k <= nfft / 2; k++) {
        double pk = sp->pow2[k] * scale * (k == nfft / 2 ? 1.0 : 2.0);
        double f = k * df;
        total += pk;
        if (f >= prm->lo_hz && f <= prm->hi_hz) {
            band += pk;
            if (pk > best) {
                best = pk;
                best_f = f;
            }
        }
    }
    out->dominant_hz = best_f;
    out->band_power = band;
    out->band_rms = sqrt(band);
    out->total_power = total;
    out->band_ratio = total > 0 ? band / total : 0.0;
    out->nfft = nfft;
    return RC_OK;
}
