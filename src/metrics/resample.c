/* resample.c - real time stamps: the nominal rate of a recording and its angle
 * resampled onto an even grid at that rate (metrics.h, "Real time stamps").
 *
 * The metrics (filter, derivatives, SPARC, LDLJ, durations) assume even sampling.
 * A frame dropped by a loaded capture leaves a time gap that counting frames would
 * close up (speeds too high, durations too short); here each sample is placed by
 * its own time. Grid points that coincide with a sample (to 0.1 % of a frame) take
 * it unchanged, so evenly spaced input is passed through bit for bit; others are
 * interpolated in time by a cubic through the four samples around them (the two
 * either side), which follows a smooth limb movement across a few dropped frames
 * far better than a straight line; gaps longer than max_gap_s are left undefined and
 * marked to split the series.
 */
#include <math.h>
#include <stdlib.h>

#include "metrics_internal.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double rc_nominal_rate_hz(const double *t_s, int n, double hint_hz, double *work)
{
    int k = 0;
    for (int i = 0; i + 1 < n; i++) {
        double d = t_s[i + 1] - t_s[i];
        if (d > 0 && isfinite(d))
            work[k++] = d;
    }
    if (k == 0)
        return 0.0;
    qsort(work, (size_t)k, sizeof *work, cmp_double);
    double med = k % 2 ? work[k / 2] : 0.5 * (work[k / 2 - 1] + work[k / 2]);
    /* TUNABLE: a stated rate within 2 % of the measured one is kept as stated */
    if (hint_hz > 0 && isfinite(hint_hz) && fabs(hint_hz * med - 1.0) < 0.02)
        return hint_hz;
    return 1.0 / med;
}

int rc_grid_len(const double *t_s, int n, double fs_hz, int max_len)
{
    if (n < 1)
        return 0;
    double span = (t_s[n - 1] - t_s[0]) * fs_hz;
    if (!isfinite(span) || span < 0 || floor(span + 0.5) + 1 > (double)max_len)
        return -1;
    return (int)floor(span + 0.5) + 1;
}

/* Value at time tk between samples i and i + 1 (both defined, t[i] < tk < t[i+1]):
 * the Lagrange cubic through i - 1 .. i + 2 when those are defined and within
 * max_gap of their neighbour, else the straight line. */
static double interp(const double *t, const double *x, int n, int i, double tk, double max_gap)
{
    double t0 = t[i], t1 = t[i + 1];
    bool cubic = i >= 1 && i + 2 < n && isfinite(x[i - 1]) && isfinite(x[i + 2]) &&
                 t0 - t[i - 1] <= max_gap && t[i + 2] - t1 <= max_gap && t[i - 1] < t0 &&
                 t[i + 2] > t1;
    if (!cubic)
        return x[i] + (tk - t0) / (t1 - t0) * (x[i + 1] - x[i]);
    double sum = 0;
    for (int a = i - 1; a <= i + 2; a++) {
        double w = 1;
        for (int b = i - 1; b <= i + 2; b++)
            if (b != a)
                w *= (tk - t[b]) / (t[a] - t[b]);
        sum += w * x[a];
    }
    return sum;
}

rc_status rc_resample_grid(const double *t, const double *x, int n, double fs, double max_gap,
                           int cap, double *grid, unsigned char *brk, int *len, int *bridged_out,
                           int *splits_out, rc_err *err)
{
    int bridged_n = 0, splits_n = 0;
    int *bridged = &bridged_n, *splits = &splits_n;
    *len = 0;
    if (bridged_out)
        *bridged_out = 0;
    if (splits_out)
        *splits_out = 0;
    if (!(fs > 0) || !isfinite(fs))
        return rc_err_set(err, RC_E_ARG, "metrics: sampling rate %g Hz is not positive", fs);
    for (int i = 0; i < n; i++) {
        if (!isfinite(t[i]))
            return rc_err_set(err, RC_E_ARG, "metrics: sample %d has no finite time", i);
        if (i > 0 && t[i] < t[i - 1])
            return rc_err_set(err, RC_E_ARG,
                              "metrics: time goes backwards at sample %d (%.6f s after %.6f s)",
                              i, t[i], t[i - 1]);
    }
    int k_n = rc_grid_len(t, n, fs, cap);
    if (k_n < 0)
        return rc_err_set(err, RC_E_ARG,
                          "metrics: %d samples over %.3f s need more than %d grid points at %g Hz",
                          n, n > 0 ? t[n - 1] - t[0] : 0.0, cap, fs);
    const double tol = 1e-3 / fs, drop = 1.5 / fs; /* TUNABLE: see the top of this file */
    int i = 0;
    for (int k = 0; k < k_n; k++) {
        double tk = t[0] + k / fs;
        while (i + 1 < n && t[i + 1] <= tk + tol)
            i++;
        brk[k] = 0;
        if (fabs(t[i] - tk) <= tol) {
            grid[k] = x[i];
            continue;
        }
        grid[k] = NAN;
        if (i + 1 >= n || !isfinite(x[i]) || !isfinite(x[i + 1]))
            continue;
        double gap = t[i + 1] - t[i];
        if (gap > max_gap) {
            brk[k] = 1;
            *splits += k == 0 || !brk[k - 1];
            continue;
        }
        grid[k] = interp(t, x, n, i, tk, max_gap);
        *bridged += gap > drop;
    }
    *len = k_n;
    if (bridged_out)
        *bridged_out = bridged_n;
    if (splits_out)
        *splits_out = splits_n;
    return RC_OK;
}
