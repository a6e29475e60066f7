/* bench_metrics.c - time of the whole movement-quality analysis of a 60 s,
 * 120 Hz angle recording (7200 samples): gaps, 6 Hz filtfilt, derivatives, legs,
 * repetitions, per-leg SPARC / LDLJ-V / LDLJ-A / peaks, consistency, tremor.
 * Also whole-series SPARC (nfft 131072), the automatic cut-off, and the online
 * tracker per sample. Prints median and min over repeated runs.
 * usage: bench_metrics [runs]   (default 101)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "romcap/log.h"
#include "romcap/metrics.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 101;
    if (runs < 1)
        runs = 1;
    const double fs = 120.0, pi = 3.14159265358979323846;
    enum { N = 7200 };
    static double ang[N], speed[N];
    unsigned long long s = 88172645463325252ULL;
    /* 12 repetitions of 0 -> 120 -> 0 deg (5 s each, cosine legs with holds),
     * 0.5 deg of noise, a 3 Hz 0.3 deg tremor, and a 0.1 s marker loss */
    for (int i = 0; i < N; i++) {
        double t = i / fs, ph = fmod(t, 5.0), a;
        if (ph < 0.5)
            a = 0;
        else if (ph < 2.0)
            a = 60 * (1 - cos(pi * (ph - 0.5) / 1.5));
        else if (ph < 2.5)
            a = 120;
        else if (ph < 4.0)
            a = 60 * (1 + cos(pi * (ph - 2.5) / 1.5));
        else
            a = 0;
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        double u = (double)(s >> 11) / 9007199254740992.0;
        ang[i] = 30 + a + 0.5 * sqrt(3.0) * (2 * u - 1) + 0.3 * sin(2 * pi * 3 * t);
    }
    for (int i = 3000; i < 3012; i++)
        ang[i] = NAN;

    rc_err err = {{0}};
    rc_metrics_config cfg = rc_metrics_config_default(fs, N);
    rc_metrics *m = rc_metrics_create(&cfg, &err);
    cfg.cutoff_hz = 0;
    rc_metrics *ma = rc_metrics_create(&cfg, &err);
    rc_spectral *sp = rc_spectral_create(N, 4, &err);
    rc_metrics_online *on = rc_metrics_online_create(&cfg, 10.0, &err);
    if (!m || !ma || !sp || !on) {
        fprintf(stderr, "bench_metrics: %s\n", err.msg);
        return 1;
    }
    double *t_an = malloc(sizeof(double) * runs), *t_auto = malloc(sizeof(double) * runs);
    double *t_sparc = malloc(sizeof(double) * runs), *t_on = malloc(sizeof(double) * runs);
    rc_angle_report r;
    for (int k = 0; k < runs; k++) {
        int64_t t0 = rc_clock_ns();
        if (rc_metrics_analyse(m, ang, N, &r, &err) != RC_OK) {
            fprintf(stderr, "bench_metrics: %s\n", err.msg);
            return 1;
        }
        int64_t t1 = rc_clock_ns();
        rc_metrics_analyse(ma, ang, N, &r, &err);
        int64_t t2 = rc_clock_ns();
        for (int i = 0; i < N; i++)
            speed[i] = fabs(isfinite(ang[i]) ? ang[i] - 30 : 0);
        rc_sparc_result sr;
        int64_t t3 = rc_clock_ns();
        rc_sparc(sp, speed, N, fs, NULL, &sr, &err);
        int64_t t4 = rc_clock_ns();
        rc_metrics_online_reset(on);
        for (int i = 0; i < N; i++)
            rc_metrics_online_push(on, ang[i]);
        int64_t t5 = rc_clock_ns();
        t_an[k] = (t1 - t0) * 1e-6;
        t_auto[k] = (t2 - t1) * 1e-6;
        t_sparc[k] = (t4 - t3) * 1e-6;
        t_on[k] = (t5 - t4) * 1e-3 / N;
    }
    rc_metrics_analyse(m, ang, N, &r, &err);
    rc_online_state os = rc_metrics_online_state(on);
    printf("60 s at 120 Hz (%d samples, %d missing), %d runs:\n", N, r.n_missing, runs);
    printf("  rc_metrics_analyse, fixed 6 Hz cut-off: median %.3f ms (%d reps, %d legs)\n",
           median(t_an, runs), r.n_reps, r.n_legs);
    printf("  rc_metrics_analyse, Winter auto cut-off: median %.3f ms\n", median(t_auto, runs));
    printf("  whole-series SPARC (nfft %d): median %.3f ms\n", 1 << 17, median(t_sparc, runs));
    printf("  online tracker: median %.3f us per sample (%d reps counted)\n", median(t_on, runs),
           os.n_reps);
    free(t_an);
    free(t_auto);
    free(t_sparc);
    free(t_on);
    rc_metrics_online_destroy(on);
    rc_spectral_destroy(sp);
    rc_metrics_destroy(ma);
    rc_metrics_destroy(m);
    return 0;
}
