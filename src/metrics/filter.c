/* filter.c - Butterworth design, zero-lag filtfilt, automatic cut-off and the
 * numpy.gradient derivative.
 *
 * Each step follows scipy's own sequence of floating-point operations (buttap,
 * lp2lp_zpk, bilinear_zpk, numpy.poly, lfilter's direct form II transposed,
 * odd_ext) so the output agrees with scipy.signal.filtfilt to ~1e-12, not merely
 * "the same filter".
 */
#include <complex.h>
#include <math.h>
#include <string.h>

#include "romcap/metrics.h"

/* numpy.poly: coefficients of prod (x - r_k), highest power first, by repeated
 * convolution with [1, -r_k] in complex arithmetic. */
static void poly_complex(const double complex *r, int n, double complex *c)
{
    c[0] = 1.0;
    for (int k = 1; k <= n; k++)
        c[k] = 0.0;
    for (int k = 0; k < n; k++) {
        /* convolve(c[0..k], [1, -r]) -> c[0..k+1], from the top down in place */
        for (int j = k + 1; j >= 1; j--)
            c[j] = c[j] + c[j - 1] * (-r[k]);
    }
}

rc_status rc_butter_lowpass(int order, double cutoff_hz, double fs_hz, rc_butter *out, rc_err *err)
{
    if (order < 1 || order > RC_BUTTER_MAX_ORDER)
        return rc_err_set(err, RC_E_ARG, "Butterworth order %d outside 1..%d", order,
                          RC_BUTTER_MAX_ORDER);
    if (!(fs_hz > 0) || !isfinite(fs_hz))
        return rc_err_set(err, RC_E_ARG, "sampling rate %g Hz is not positive", fs_hz);
    if (!(cutoff_hz > 0) || !(cutoff_hz < fs_hz / 2))
        return rc_err_set(err, RC_E_ARG, "cut-off %g Hz must lie in (0, %g) for fs %g Hz",
                          cutoff_hz, fs_hz / 2, fs_hz);
    const double pi = 3.14159265358979323846;
    double wn = cutoff_hz / (fs_hz / 2.0);
    /* buttap: p = -exp(i*pi*m/(2N)), m = -N+1, -N+3, ..., N-1 */
    double complex p[RC_BUTTER_MAX_ORDER], z[RC_BUTTER_MAX_ORDER];
    for (int k = 0; k < order; k++) {
        double m = (double)(-order + 1 + 2 * k);
        p[k] = -cexp(I * (pi * m / (2.0 * order)));
    }
    /* iirfilter: pre-warp with fs = 2, then lp2lp_zpk */
    const double fs = 2.0;
    double warped = 2.0 * fs * tan(pi * wn / fs);
    for (int k = 0; k < order; k++)
        p[k] = warped * p[k];
    double k_gain = pow(warped, order);
    /* bilinear_zpk, fs2 = 2 fs; no analog zeros, so every digital zero is -1 */
    const double fs2 = 2.0 * fs;
    double complex prod_p = 1.0;
    for (int k = 0; k < order; k++)
        prod_p = prod_p * (fs2 - p[k]);
    for (int k = 0; k < order; k++) {
        p[k] = (fs2 + p[k]) / (fs2 - p[k]);
        z[k] = -1.0;
    }
    double kz = k_gain * creal(1.0 / prod_p);
    /* zpk2tf */
    double complex cb[RC_BUTTER_MAX_ORDER + 1], ca[RC_BUTTER_MAX_ORDER + 1];
    poly_complex(z, order, cb);
    poly_complex(p, order, ca);
    memset(out, 0, sizeof *out);
    out->order = order;
    for (int k = 0; k <= order; k++) {
        out->b[k] = kz * creal(cb[k]);
        out->a[k] = creal(ca[k]);
    }
    /* lfilter_zi: solve (I - companion(a)^T) zi = B, B = b[1:] - a[1:] b[0]. Row i
     * reads a[i+1] zi[0] + zi[i] - zi[i+1] = B[i] (the last without zi[i+1]); their
     * sum gives zi[0] = sum(B) / sum(a), then each row gives the next value. */
    double bsum = 0.0, asum = 0.0, bvec[RC_BUTTER_MAX_ORDER];
    for (int k = 1; k <= order; k++) {
        bvec[k - 1] = out->b[k] - out->a[k] * out->b[0];
        bsum += bvec[k - 1];
    }
    for (int k = 0; k <= order; k++)
        asum += out->a[k];
    out->zi[0] = bsum / asum;
    for (int i = 0; i + 1 < order; i++)
        out->zi[i + 1] = out->a[i + 1] * out->zi[0] + out->zi[i] - bvec[i];
    return RC_OK;
}

int rc_filtfilt_padlen(const rc_butter *f)
{
    return 3 * (f->order + 1);
}

size_t rc_filtfilt_work_len(const rc_butter *f, int n)
{
    return (size_t)(n > 0 ? n : 0) + 2u * (size_t)rc_filtfilt_padlen(f);
}

/* scipy lfilter (direct form II transposed) in place over x[0..n), with state z
 * (order values) updated. Operation order matches scipy's C loop. */
static void lfilter_inplace(const rc_butter *f, double *x, int n, double *z)
{
    const int nb = f->order + 1;
    for (int i = 0; i < n; i++) {
        double xn = x[i];
        double yn = z[0] + f->b[0] * xn;
        for (int k = 0; k < nb - 2; k++)
            z[k] = z[k + 1] + xn * f->b[k + 1] - yn * f->a[k + 1];
        z[nb - 2] = xn * f->b[nb - 1] - yn * f->a[nb - 1];
        x[i] = yn;
    }
}

static void reverse(double *x, int n)
{
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        double t = x[i];
        x[i] = x[j];
        x[j] = t;
    }
}

rc_status rc_filtfilt(const rc_butter *f, const double *x, int n, double *y, double *work,
                      rc_err *err)
{
    if (n < 2)
        return rc_err_set(err, RC_E_ARG, "filtfilt needs at least 2 samples, got %d", n);
    for (int i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return rc_err_set(err, RC_E_ARG, "filtfilt: sample %d is not finite", i);
    int pad = rc_filtfilt_padlen(f);
    if (pad > n - 1)
        pad = n - 1;
    /* odd extension: 2*x[0] - x[pad..1], x, 2*x[n-1] - x[n-2..n-1-pad] */
    double *e = work;
    int ne = n + 2 * pad;
    for (int k = 0; k < pad; k++)
        e[k] = 2.0 * x[0] - x[pad - k];
    memmove(e + pad, x, (size_t)n * sizeof *x);
    for (int k = 0; k < pad; k++)
        e[pad + n + k] = 2.0 * x[n - 1] - x[n - 2 - k];
    double z[RC_BUTTER_MAX_ORDER];
    double x0 = e[0];
    for (int k = 0; k < f->order; k++)
        z[k] = f->zi[k] * x0;
    lfilter_inplace(f, e, ne, z);
    double y0 = e[ne - 1];
    reverse(e, ne);
    for (int k = 0; k < f->order; k++)
        z[k] = f->zi[k] * y0;
    lfilter_inplace(f, e, ne, z);
    reverse(e, ne);
    memmove(y, e + pad, (size_t)n * sizeof *y);
    return RC_OK;
}

rc_status rc_cutoff_winter(const double *x, int n, double fs_hz, int order,
                           const rc_cutoff_search *s, double *fc_out, double *work, rc_err *err)
{
    rc_cutoff_search def = {1.0, 15.0, 0.5};
    if (!s)
        s = &def;
    if (!(s->step_hz > 0) || !(s->lo_hz > 0) || !(s->hi_hz > s->lo_hz))
        return rc_err_set(err, RC_E_ARG, "cut-off search range %g..%g step %g Hz is invalid",
                          s->lo_hz, s->hi_hz, s->step_hz);
    double hi = s->hi_hz;
    if (hi > 0.45 * fs_hz)
        hi = 0.45 * fs_hz; /* keep clear of Nyquist, where the design degenerates */
    enum { MAXC = 256 };
    int nc = (int)floor((hi - s->lo_hz) / s->step_hz + 1e-9) + 1;
    if (nc < 4)
        return rc_err_set(err, RC_E_ARG,
                          "cut-off search %g..%g Hz leaves too few candidates at fs %g Hz",
                          s->lo_hz, hi, fs_hz);
    if (nc > MAXC)
        nc = MAXC;
    double fc[MAXC], res[MAXC];
    double *y = work, *fw = work + n;
    for (int c = 0; c < nc; c++) {
        fc[c] = s->lo_hz + c * s->step_hz;
        rc_butter b;
        rc_status st = rc_butter_lowpass(order, fc[c], fs_hz, &b, err);
        if (st != RC_OK)
            return st;
        st = rc_filtfilt(&b, x, n, y, fw, err);
        if (st != RC_OK)
            return st;
        double ss = 0.0;
        for (int i = 0; i < n; i++)
            ss += (x[i] - y[i]) * (x[i] - y[i]);
        res[c] = sqrt(ss / n);
    }
    /* least-squares line through the upper third of the residual curve */
    int c0 = nc - (nc + 2) / 3;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int m = nc - c0;
    for (int c = c0; c < nc; c++) {
        sx += fc[c];
        sy += res[c];
        sxx += fc[c] * fc[c];
        sxy += fc[c] * res[c];
    }
    double den = m * sxx - sx * sx;
    double slope = den != 0 ? (m * sxy - sx * sy) / den : 0.0;
    double r0 = (sy - slope * sx) / m;
    double chosen = fc[nc - 1];
    for (int c = 0; c < nc; c++)
        if (res[c] <= r0) {
            chosen = fc[c];
            break;
        }
    *fc_out = chosen;
    return RC_OK;
}

void rc_gradient(const double *x, int n, double fs_hz, double *d)
{
    if (n <= 0)
        return;
    if (n == 1) {
        d[0] = 0.0;
        return;
    }
    /* numpy: uniform spacing h = 1/fs; (f[2:] - f[:-2]) / (2h), ends (f1 - f0) / h */
    double h = 1.0 / fs_hz;
    d[0] = (x[1] - x[0]) / h;
    for (int i = 1; i + 1 < n; i++)
        d[i] = (x[i + 1] - x[i - 1]) / (2.0 * h);
    d[n - 1] = (x[n - 1] - x[n - 2]) / h;
}
