/* test_metrics.c - filtering, derivatives, repetitions, tremor, gaps and the
 * online tracker, against scipy's output and analytic truth.
 *
 * Independent truths used: scipy's filtfilt output (e_flex3_*_bw6_angle.csv),
 * numpy.gradient output (the _vel files), the generator's timeline (3 reps of
 * 0->150->0 deg: rest 0.5 | up 1.5 | hold 0.5 | down 1.5 | rest 1.0 s), the
 * minimum-jerk formula (continuous peak 1.875*150/1.5 = 187.5 deg/s, and the
 * central difference of the exact MJT at the sample times), hand-made sines.
 */
#include "romcap/metrics.h"
#include "test_util.h"

enum { MAXN = 4096 };

static int read_series(const char *file, double *t, double *x)
{
    char path[1400];
    snprintf(path, sizeof path, "%.1000s/smoothness/signals/%.300s", ROMCAP_SHARED_DATA, file);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[256];
    int n = 0;
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return -1;
    }
    while (n < MAXN && fgets(line, sizeof line, f)) {
        char *end;
        t[n] = strtod(line, &end);
        x[n] = strtod(end + 1, NULL);
        n++;
    }
    fclose(f);
    return n;
}

static double t_[MAXN], raw[MAXN], ref[MAXN], y[MAXN], work[3 * MAXN], d[MAXN];

/* MJT position 0 -> amp over [t0, t0+D] */
static double mjt_pos(double t, double amp, double D, double t0)
{
    double s = (t - t0) / D;
    s = s < 0 ? 0 : s > 1 ? 1 : s;
    return amp * (10 * s * s * s - 15 * s * s * s * s + 6 * s * s * s * s * s);
}

/* The generator's flexion angle at time t (exact formula). */
static double flex_angle(double t)
{
    double a = 0;
    for (int r = 0; r < 3; r++) {
        double ts = 0.5 + r * 4.5;
        a += mjt_pos(t, 150, 1.5, ts) - mjt_pos(t, 150, 1.5, ts + 2.0);
    }
    return a;
}

static void test_filtfilt_and_gradient(void)
{
    static const int fss[2] = {30, 60};
    for (int k = 0; k < 2; k++) {
        int fs = fss[k];
        char a[128], b[128], v[128];
        snprintf(a, sizeof a, "e_flex3_fs%d_noise0.5deg_angle.csv", fs);
        snprintf(b, sizeof b, "e_flex3_fs%d_noise0.5deg_bw6_angle.csv", fs);
        snprintf(v, sizeof v, "e_flex3_fs%d_noise0.5deg_bw6_vel.csv", fs);
        int n = read_series(a, t_, raw);
        int n2 = read_series(b, t_, ref);
        CHECK(n > 100 && n == n2);
        rc_butter bw;
        rc_err err = {{0}};
        CHECK(rc_butter_lowpass(4, 6.0, fs, &bw, &err) == RC_OK);
        CHECK(rc_filtfilt_padlen(&bw) == 15);
        CHECK(rc_filtfilt_work_len(&bw, n) <= 3 * MAXN);
        CHECK(rc_filtfilt(&bw, raw, n, y, work, &err) == RC_OK);
        double worst = 0;
        for (int i = 0; i < n; i++)
            worst = fmax(worst, fabs(y[i] - ref[i]));
        printf("fs %d: filtfilt vs scipy max |error| %.3g deg over %d samples\n", fs, worst, n);
        CHECK_NEAR(worst, 0, 1e-9);
        /* in place gives the same */
        memcpy(d, raw, sizeof(double) * n);
        CHECK(rc_filtfilt(&bw, d, n, d, work, &err) == RC_OK);
        CHECK(memcmp(d, y, sizeof(double) * n) == 0);
        /* numpy.gradient of scipy's filtered angle = the _vel file */
        rc_gradient(ref, n, fs, d);
        read_series(v, t_, raw);
        worst = 0;
        for (int i = 0; i < n; i++)
            worst = fmax(worst, fabs(d[i] - raw[i]));
        CHECK_NEAR(worst, 0, 1e-9);
    }
    /* a DC input stays DC (steady-state initial conditions), a bad input fails */
    rc_butter bw;
    CHECK(rc_butter_lowpass(2, 5, 100, &bw, NULL) == RC_OK);
    for (int i = 0; i < 50; i++)
        raw[i] = 42.0;
    CHECK(rc_filtfilt(&bw, raw, 50, y, work, NULL) == RC_OK);
    CHECK_NEAR(y[0], 42, 1e-9);
    CHECK_NEAR(y[49], 42, 1e-9);
    CHECK(rc_filtfilt(&bw, raw, 5, y, work, NULL) == RC_OK); /* shorter than the pad */
    raw[3] = NAN;
    rc_err err = {{0}};
    CHECK(rc_filtfilt(&bw, raw, 50, y, work, &err) == RC_E_ARG);
    CHECK_STR_CONTAINS(err.msg, "sample 3");
    CHECK(rc_butter_lowpass(4, 60, 100, &bw, &err) == RC_E_ARG);
    CHECK(rc_butter_lowpass(0, 5, 100, &bw, &err) == RC_E_ARG);
}

static void check_flexion(const char *file, int fs, double cutoff, double rom_tol, double vel_tol,
                          double t_tol)
{
    int i_tol = (int)lround(t_tol * fs);
    int n = read_series(file, t_, raw);
    CHECK(n > 0);
    rc_err err = {{0}};
    rc_metrics_config c = rc_metrics_config_default(fs, MAXN);
    c.cutoff_hz = cutoff;
    rc_metrics *m = rc_metrics_create(&c, &err);
    CHECK_MSG(m != NULL, "%s", err.msg);
    if (!m)
        return;
    rc_angle_report r;
    CHECK_MSG(rc_metrics_analyse(m, raw, n, &r, &err) == RC_OK, "%s", err.msg);
    printf("%s cut-off %g: %d legs, %d reps, peak velocities", file, r.cutoff_hz, r.n_legs,
           r.n_reps);
    CHECK_MSG(r.n_reps == 3, "%s: %d repetitions", file, r.n_reps);
    CHECK_MSG(r.n_legs == 6, "%s: %d legs", file, r.n_legs);
    CHECK(r.n_incomplete_legs == 0);
    CHECK(r.n_missing == 0 && r.n_chunks == 1);
    for (int k = 0; k < r.n_legs && k < 6; k++) {
        const rc_leg *l = &r.legs[k].leg;
        int rep = k / 2;
        double t0 = 0.5 + rep * 4.5 + (k % 2 ? 2.0 : 0.0);
        int i0 = (int)lround(t0 * fs), i1 = (int)lround((t0 + 1.5) * fs);
        CHECK_MSG(abs(l->i0 - i0) <= i_tol && abs(l->i1 - i1) <= i_tol,
                  "%s leg %d: %d..%d, truth %d..%d", file, k, l->i0, l->i1, i0, i1);
        CHECK(l->dir == (k % 2 ? -1 : 1));
        CHECK_NEAR(l->amplitude_deg, 150, rom_tol);
        CHECK_NEAR(fabs(l->peak_velocity_deg_s), 187.5, vel_tol);
        CHECK_NEAR(l->time_to_peak_s, 0.75, t_tol + (vel_tol > 5 ? 0.2 : 0));
        const rc_smoothness *s = &r.legs[k].smooth;
        CHECK(s->sparc_ok && s->ldlj_ok);
        CHECK(s->sparc.sparc < -1.3 && s->sparc.sparc > -1.6);
        printf(" %.3f", l->peak_velocity_deg_s);
    }
    printf("\n");
    for (int k = 0; k < r.n_reps && k < 3; k++) {
        const rc_rep_metrics *p = &r.reps[k];
        CHECK_NEAR(p->rom_arc_deg, 150, rom_tol);
        CHECK_NEAR(p->rom_max_deg, 150, rom_tol);
        CHECK_NEAR(p->start_s, 0.5 + k * 4.5, t_tol);
        CHECK_NEAR(p->duration_s, 3.5, 2 * t_tol);
        CHECK_NEAR(p->hold_s, 0.5, 2 * t_tol);
        CHECK_NEAR(p->peak_velocity_deg_s, 187.5, vel_tol);
    }
    CHECK(r.consistency.n == 3);
    CHECK(r.consistency.rom_cv < 0.02);
    CHECK_NEAR(r.range_deg, 150, 3 * rom_tol);
    rc_metrics_destroy(m);
}

static void test_repetitions(void)
{
    /* no filter: leg peak speeds equal the central difference of the exact MJT */
    static const int fss[2] = {30, 60};
    for (int k = 0; k < 2; k++) {
        int fs = fss[k];
        char f[128];
        snprintf(f, sizeof f, "e_flex3_fs%d_angle.csv", fs);
        check_flexion(f, fs, -1, 1e-6, 0.5, 2.0 / fs);
        int n = read_series(f, t_, raw);
        double best = 0;
        int up_end = (int)lround(2.0 * fs);
        for (int i = 1; i < up_end; i++) /* first up leg, exact formula */
            best = fmax(best, (flex_angle((i + 1.0) / fs) - flex_angle((i - 1.0) / fs)) * fs / 2);
        rc_metrics_config c = rc_metrics_config_default(fs, MAXN);
        c.cutoff_hz = -1;
        rc_metrics *m = rc_metrics_create(&c, NULL);
        rc_angle_report r;
        CHECK(rc_metrics_analyse(m, raw, n, &r, NULL) == RC_OK);
        CHECK(r.n_legs >= 1);
        if (r.n_legs >= 1)
            CHECK_NEAR(r.legs[0].leg.peak_velocity_deg_s, best, 1e-9);
        rc_metrics_destroy(m);
        /* default 6 Hz filter on clean and noisy angles */
        check_flexion(f, fs, 6.0, 0.5, 1.5, 2.0 / fs);
        snprintf(f, sizeof f, "e_flex3_fs%d_noise0.5deg_angle.csv", fs);
        check_flexion(f, fs, 6.0, 1.5, 12.0, 0.1);
    }
}

static void test_auto_cutoff(void)
{
    int n = read_series("e_flex3_fs60_noise0.5deg_angle.csv", t_, raw);
    CHECK(n > 0);
    double fc = 0;
    rc_err err = {{0}};
    CHECK_MSG(rc_cutoff_winter(raw, n, 60, 4, NULL, &fc, work, &err) == RC_OK, "%s", err.msg);
    rc_butter bw;
    CHECK(rc_butter_lowpass(4, fc, 60, &bw, NULL) == RC_OK);
    CHECK(rc_filtfilt(&bw, raw, n, y, work, NULL) == RC_OK);
    double e_raw = 0, e_f = 0;
    for (int i = 0; i < n; i++) {
        double truth = flex_angle(i / 60.0);
        e_raw += (raw[i] - truth) * (raw[i] - truth);
        e_f += (y[i] - truth) * (y[i] - truth);
    }
    e_raw = sqrt(e_raw / n);
    e_f = sqrt(e_f / n);
    printf("Winter cut-off %.1f Hz: RMS error %.3f deg raw, %.3f filtered\n", fc, e_raw, e_f);
    CHECK(fc >= 2 && fc <= 10);
    CHECK(e_f < 0.6 * e_raw);
    /* through the analyser */
    rc_metrics_config c = rc_metrics_config_default(60, MAXN);
    c.cutoff_hz = 0;
    rc_metrics *m = rc_metrics_create(&c, NULL);
    rc_angle_report r;
    CHECK(rc_metrics_analyse(m, raw, n, &r, NULL) == RC_OK);
    CHECK(r.cutoff_auto && r.cutoff_hz == fc);
    CHECK(r.n_reps == 3);
    rc_metrics_destroy(m);
}

static void test_gaps(void)
{
    int n = read_series("e_flex3_fs60_angle.csv", t_, raw);
    CHECK(n > 0);
    for (int i = 100; i < 110; i++) /* 10 samples = 0.17 s: interpolated */
        raw[i] = NAN;
    raw[0] = raw[1] = NAN; /* leading: dropped */
    raw[n - 1] = NAN;      /* trailing: dropped */
    rc_metrics_config c = rc_metrics_config_default(60, MAXN);
    rc_metrics *m = rc_metrics_create(&c, NULL);
    rc_angle_report r;
    CHECK(rc_metrics_analyse(m, raw, n, &r, NULL) == RC_OK);
    CHECK(r.n_missing == 13);
    CHECK(r.n_interpolated == 10);
    CHECK(r.n_chunks == 1);
    CHECK(r.n_reps == 3);
    /* a 1 s gap in the rest between reps 1 and 2 splits the series */
    read_series("e_flex3_fs60_angle.csv", t_, raw);
    for (int i = 250; i < 310; i++)
        raw[i] = NAN;
    CHECK(rc_metrics_analyse(m, raw, n, &r, NULL) == RC_OK);
    CHECK(r.n_missing == 60 && r.n_interpolated == 0 && r.n_chunks == 2);
    CHECK(r.n_reps == 3);
    for (int i = 0; i < r.n_legs; i++)
        CHECK(r.legs[i].chunk == (i < 2 ? 0 : 1));
    /* all missing, and empty */
    for (int i = 0; i < n; i++)
        raw[i] = NAN;
    CHECK(rc_metrics_analyse(m, raw, n, &r, NULL) == RC_OK);
    CHECK(!r.has_data && r.n_missing == n && r.n_reps == 0 && isnan(r.range_deg));
    CHECK(rc_metrics_analyse(m, raw, 0, &r, NULL) == RC_OK);
    CHECK(!r.has_data);
    rc_err err = {{0}};
    CHECK(rc_metrics_analyse(m, raw, MAXN + 1, &r, &err) == RC_E_ARG);
    rc_metrics_destroy(m);
}

static void test_tremor_and_stats(void)
{
    /* 10 s at 60 Hz: slow 0.2 Hz swing of 30 deg plus 0.8 deg of 8 Hz tremor */
    int n = 600;
    const double pi = 3.14159265358979323846;
    for (int i = 0; i < n; i++) {
        double t = i / 60.0;
        raw[i] = 30 * sin(2 * pi * 0.2 * t) + 0.8 * sin(2 * pi * 8 * t);
    }
    rc_err err = {{0}};
    rc_spectral *sp = rc_spectral_create(MAXN, 4, &err);
    rc_tremor_result tr;
    CHECK(rc_tremor(sp, raw, n, 60, NULL, &tr, &err) == RC_OK);
    printf("tremor: %.3f Hz, band rms %.3f deg, ratio %.3f, nfft %d\n", tr.dominant_hz, tr.band_rms,
           tr.band_ratio, tr.nfft);
    CHECK(tr.nfft == 1024);
    CHECK_NEAR(tr.dominant_hz, 8.0, 60.0 / 1024);
    CHECK_NEAR(tr.band_rms, 0.8 / sqrt(2), 0.05);
    /* the reference tremor signal (6 Hz on an MJT velocity) */
    int m = read_series("d_mjt_tremor6Hz_0.2_vel.csv", t_, raw);
    if (m > 0) {
        CHECK(rc_tremor(sp, raw, m, 100, NULL, &tr, &err) == RC_OK);
        CHECK_NEAR(tr.dominant_hz, 6.0, 100.0 / 128);
    }
    /* SPARC refuses an all-zero profile; too-short LDLJ fails cleanly */
    for (int i = 0; i < 20; i++)
        raw[i] = 0;
    rc_sparc_result s;
    CHECK(rc_sparc(sp, raw, 20, 100, NULL, &s, &err) == RC_E_ARG);
    rc_ldlj_result l;
    CHECK(rc_ldlj_v(raw, 2, 100, &l, &err) == RC_E_ARG);
    CHECK(rc_ldlj_v(raw, 20, 100, &l, &err) == RC_E_ARG);
    rc_spectral_destroy(sp);

    /* plateau counts once; edges never count */
    double pk[] = {0, 1, 1, 1, 0, 3, 2, 2.5, 0, 5};
    CHECK(rc_count_peaks(pk, 10, 0) == 3);
    CHECK(rc_count_peaks(pk, 10, 1.0) == 2); /* 2.5 has prominence 0.5 */

    double mean, sd, cv;
    double v[] = {100, 110, 120};
    rc_mean_sd_cv(v, 3, &mean, &sd, &cv);
    CHECK_NEAR(mean, 110, 1e-12);
    CHECK_NEAR(sd, 10, 1e-12);
    CHECK_NEAR(cv, 10.0 / 110, 1e-12);
    CHECK_NEAR(rc_symmetry_index(110, 90), 20, 1e-12);
    CHECK_NEAR(rc_symmetry_index(90, 110), -20, 1e-12);
    CHECK(isnan(rc_symmetry_index(0, 0)));
}

static void test_online(void)
{
    static const int fss[2] = {30, 60};
    for (int k = 0; k < 2; k++) {
        int fs = fss[k];
        char f[128];
        snprintf(f, sizeof f, "e_flex3_fs%d_noise0.5deg_angle.csv", fs);
        int n = read_series(f, t_, raw);
        CHECK(n > 0);
        rc_metrics_config c = rc_metrics_config_default(fs, MAXN);
        rc_err err = {{0}};
        rc_metrics_online *o = rc_metrics_online_create(&c, 5.0, &err);
        CHECK_MSG(o != NULL, "%s", err.msg);
        if (!o)
            continue;
        int reps_seen[3] = {0};
        for (int i = 0; i < n; i++) {
            rc_metrics_online_push(o, raw[i]);
            double t = i / (double)fs;
            for (int r = 0; r < 3; r++) /* counted before the next rep starts */
                if (t > 4.5 + r * 4.5 - 0.5 && t < 4.5 + r * 4.5)
                    reps_seen[r] = rc_metrics_online_state(o).n_reps;
        }
        rc_online_state s = rc_metrics_online_state(o);
        printf("online fs %d: %d reps, %d legs, set ROM %.2f, last rep peak %.1f, last leg "
               "SPARC %.3f\n",
               fs, s.n_reps, s.n_legs, s.set_rom_deg, s.last_rep_peak_velocity_deg_s,
               s.last_leg_sparc);
        CHECK(s.n_reps == 3 && s.n_legs == 6);
        CHECK(reps_seen[0] == 1 && reps_seen[1] == 2 && reps_seen[2] == 3);
        CHECK_NEAR(s.set_rom_deg, 150, 2.0);
        CHECK_NEAR(s.last_rep_peak_velocity_deg_s, 187.5, 10.0);
        CHECK_NEAR(s.last_rep_rom_deg, 150, 2.0);
        CHECK(s.last_leg_sparc < -1.3 && s.last_leg_sparc > -1.7);
        CHECK(s.last_leg_peak_velocity_deg_s < 0); /* the return leg */
        /* a lost marker mid-leg, then a reset */
        rc_metrics_online_push(o, NAN);
        rc_metrics_online_reset(o);
        s = rc_metrics_online_state(o);
        CHECK(s.n_reps == 0 && isnan(s.last_rep_peak_velocity_deg_s) && s.set_rom_deg == 0);
        rc_metrics_online_destroy(o);
    }
    rc_metrics_online_destroy(NULL);
    rc_metrics_destroy(NULL);
    rc_spectral_destroy(NULL);
}

int main(void)
{
    if (read_series("e_flex3_fs30_angle.csv", t_, raw) < 0)
        TEST_SKIP("smoothness data not found under %s/smoothness", ROMCAP_SHARED_DATA);
    test_filtfilt_and_gradient();
    test_repetitions();
    test_auto_cutoff();
    test_gaps();
    test_tremor_and_stats();
    test_online();
    return TEST_RESULT();
}
