/* smoothness.c - LDLJ-V, LDLJ-A, velocity peaks, and the per-segment bundle.
 *
 * LDLJ follows the authors' code (monalysa 0.2.1, smoothness.py) term by term:
 * numpy.diff for the jerk, a plain rectangle sum times dt, T = n dt (one sample
 * longer than t[n-1] - t[0]). Peak counting mirrors scipy.signal.find_peaks
 * (_local_maxima_1d and _peak_prominences without wlen) without allocating.
 */
#include <math.h>

#include "metrics_internal.h"

static rc_status ldlj_finish(double T, int powT, double peak, double jint, rc_ldlj_result *out,
                             rc_err *err, const char *what)
{
    if (!(peak > 0))
        return rc_err_set(err, RC_E_ARG, "%s: the signal is all zero", what);
    if (!(jint > 0))
        return rc_err_set(err, RC_E_ARG, "%s: the jerk is zero (constant signal)", what);
    double Tp = powT == 3 ? pow(T, 3) : T;
    out->dlj = -(Tp / pow(peak, 2)) * jint;
    out->ldlj = -log(fabs(out->dlj));
    out->term_T = -log(Tp);
    out->term_peak = log(peak * peak);
    out->term_jerk = -log(jint);
    return RC_OK;
}

static rc_status check_input(const double *x, int n, int min_n, double fs_hz, rc_err *err,
                             const char *what)
{
    if (n < min_n)
        return rc_err_set(err, RC_E_ARG, "%s needs at least %d samples, got %d", what, min_n, n);
    if (!(fs_hz > 0) || !isfinite(fs_hz))
        return rc_err_set(err, RC_E_ARG, "%s: sampling rate %g Hz is not positive", what, fs_hz);
    for (int i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return rc_err_set(err, RC_E_ARG, "%s: sample %d is not finite", what, i);
    return RC_OK;
}

rc_status rc_ldlj_v(const double *v, int n, double fs_hz, rc_ldlj_result *out, rc_err *err)
{
    rc_status st = check_input(v, n, 3, fs_hz, err, "LDLJ-V");
    if (st != RC_OK)
        return st;
    double dt = 1.0 / fs_hz, dt2 = pow(dt, 2);
    double peak = 0.0, sum = 0.0;
    for (int i = 0; i < n; i++)
        if (fabs(v[i]) > peak)
            peak = fabs(v[i]);
    for (int i = 0; i + 2 < n; i++) {
        double j = ((v[i + 2] - v[i + 1]) - (v[i + 1] - v[i])) / dt2;
        sum += j * j;
    }
    return ldlj_finish(n * dt, 3, peak, sum * dt, out, err, "LDLJ-V");
}

rc_status rc_ldlj_a(const double *a, int n, double fs_hz, bool rem_mean, rc_ldlj_result *out,
                    rc_err *err)
{
    rc_status st = check_input(a, n, 2, fs_hz, err, "LDLJ-A");
    if (st != RC_OK)
        return st;
    double mean = 0.0;
    if (rem_mean) {
        for (int i = 0; i < n; i++)
            mean += a[i];
        mean /= n;
    }
    double dt = 1.0 / fs_hz;
    double peak = 0.0, sum = 0.0;
    for (int i = 0; i < n; i++)
        if (fabs(a[i] - mean) > peak)
            peak = fabs(a[i] - mean);
    for (int i = 0; i + 1 < n; i++) {
        double j = ((a[i + 1] - mean) - (a[i] - mean)) / dt;
        sum += j * j;
    }
    return ldlj_finish(n * dt, 1, peak, sum * dt, out, err, "LDLJ-A");
}

/* Prominence of the peak at index pk (scipy, whole-signal window). */
static double prominence(const double *x, int n, int pk)
{
    double left_min = x[pk], right_min = x[pk];
    for (int i = pk; i >= 0 && x[i] <= x[pk]; i--)
        if (x[i] < left_min)
            left_min = x[i];
    for (int i = pk; i < n && x[i] <= x[pk]; i++)
        if (x[i] < right_min)
            right_min = x[i];
    return x[pk] - (left_min > right_min ? left_min : right_min);
}

int rc_count_peaks(const double *x, int n, double min_prominence)
{
    int count = 0;
    int i = 1, i_max = n - 1;
    while (i < i_max) {
        if (x[i - 1] < x[i]) {
            int ahead = i + 1;
            while (ahead < i_max && x[ahead] == x[i])
                ahead++;
            if (x[ahead] < x[i]) {
                int mid = (i + ahead - 1) / 2;
                if (min_prominence <= 0 || prominence(x, n, mid) >= min_prominence)
                    count++;
                i = ahead;
            }
        }
        i++;
    }
    return count;
}

rc_status rc_smoothness_compute(rc_spectral *sp, const double *v, const double *a, int n,
                                double fs_hz, const rc_sparc_params *p, double prominence_frac,
                                rc_smoothness *out, rc_err *err)
{
    static const rc_sparc_params def = RC_SPARC_DEFAULTS;
    if (!p)
        p = &def;
    *out = (rc_smoothness){0};
    out->n_samples = n;
    out->peak_prominence_frac = prominence_frac;
    out->i_peak = -1;
    if (n < 1 || n > rc__spectral_max_samples(sp))
        return rc_err_set(err, RC_E_ARG, "smoothness: %d samples outside 1..%d", n,
                          rc__spectral_max_samples(sp));
    rc_status st = check_input(v, n, 1, fs_hz, err, "smoothness");
    if (st != RC_OK)
        return st;
    out->duration_s = (n - 1) / fs_hz;
    double *speed = rc__spectral_scratch(sp, 0);
    double peak = -1.0;
    for (int i = 0; i < n; i++) {
        speed[i] = fabs(v[i]);
        if (speed[i] > peak) {
            peak = speed[i];
            out->i_peak = i;
        }
    }
    out->peak_speed = peak;
    out->time_to_peak_s = out->i_peak / fs_hz;
    out->n_peaks_raw = rc_count_peaks(speed, n, 0.0);
    out->n_peaks = rc_count_peaks(speed, n, prominence_frac * peak);
    if (peak > 0) {
        rc_err e2;
        out->sparc_ok = rc_sparc(sp, speed, n, fs_hz, p, &out->sparc, &e2) == RC_OK;
    }
    if (n >= 3 && peak > 0) {
        const double *acc = a;
        if (!acc) {
            double *g = rc__spectral_scratch(sp, 1);
            rc_gradient(v, n, fs_hz, g);
            acc = g;
        }
        rc_err e2;
        out->ldlj_ok = rc_ldlj_v(v, n, fs_hz, &out->ldlj_v, &e2) == RC_OK &&
                       rc_ldlj_a(acc, n, fs_hz, false, &out->ldlj_a, &e2) == RC_OK;
    }
    return RC_OK;
}
