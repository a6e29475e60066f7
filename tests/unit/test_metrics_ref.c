/* test_metrics_ref.c - SPARC, LDLJ and peak counts against the authors' code.
 *
 * Every row of ../shared/data/smoothness/references.csv (values produced by the
 * unchanged Python code of Balasubramanian et al. and by numpy/scipy) is
 * recomputed from the same signal file and segment: SPARC (all parameter
 * variants, |vel| and signed input), SAL2012, LDLJ-V, LDLJ-A and their terms to
 * 1e-9; nfft, selected bins, sample counts and peak counts exactly. The tremor
 * rows use a different spectrum definition (boxcar periodogram, no padding) and
 * are checked in test_metrics.c instead.
 */
#include <errno.h>

#include "romcap/metrics.h"
#include "test_util.h"

enum { MAXN = 4096 };

typedef struct series {
    char path[1400];
    int n;
    double t[MAXN], x[MAXN];
} series;

/* Reads a "t,value" file; 0 on success. */
static int read_series(const char *dir, const char *file, series *s)
{
    char path[1400];
    snprintf(path, sizeof path, "%.1000s/%.300s", dir, file);
    if (!strcmp(s->path, path))
        return 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return -1;
    }
    char line[256];
    s->n = 0;
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return -1;
    }
    while (fgets(line, sizeof line, f) && s->n < MAXN) {
        char *end;
        s->t[s->n] = strtod(line, &end);
        s->x[s->n] = strtod(end + 1, NULL);
        s->n++;
    }
    fclose(f);
    snprintf(s->path, sizeof s->path, "%s", path);
    return 0;
}

/* Splits a CSV line with optional double quotes into up to 6 fields (in place). */
static int split(char *line, char **fld)
{
    int k = 0;
    char *p = line;
    while (k < 6) {
        if (*p == '"') {
            fld[k++] = ++p;
            while (*p && *p != '"')
                p++;
            if (*p)
                *p++ = 0;
        } else {
            fld[k++] = p;
            while (*p && *p != ',' && *p != '\n')
                p++;
        }
        if (*p != ',')
            break;
        *p++ = 0;
    }
    p[strcspn(p, "\n")] = 0;
    return k;
}

static double param(const char *variant, const char *key, double def)
{
    const char *p = strstr(variant, key);
    return p ? strtod(p + strlen(key), NULL) : def;
}

int main(void)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%.1000s/smoothness", ROMCAP_SHARED_DATA);
    char refpath[1100];
    snprintf(refpath, sizeof refpath, "%s/references.csv", dir);
    FILE *f = fopen(refpath, "r");
    if (!f)
        TEST_SKIP("smoothness reference data not found at %s", refpath);

    rc_err err = {{0}};
    rc_spectral *sp = rc_spectral_create(MAXN, 6, &err);
    CHECK_MSG(sp != NULL, "%s", err.msg);
    if (!sp)
        return TEST_RESULT();
    static series s;
    static double seg_v[MAXN];
    char line[1024];
    int rows = 0, checked = 0;
    double worst_sparc = 0, worst_ldlj = 0;
    if (!fgets(line, sizeof line, f))
        return 1;
    while (fgets(line, sizeof line, f)) {
        char *fld[6] = {0};
        rows++;
        if (split(line, fld) < 5)
            continue;
        const char *file = fld[0], *metric = fld[2], *variant = fld[3];
        double fs = strtod(fld[1], NULL), ref = strtod(fld[4], NULL);
        if (strstr(metric, "_continuous") || strstr(metric, "tremor") ||
            strstr(metric, "dominant") || !strcmp(metric, "duration_s") ||
            strstr(metric, "time_of_peak") || strstr(metric, "_rel"))
            continue;
        if (read_series(dir, file, &s) != 0) {
            CHECK_MSG(0, "cannot read %s", file);
            continue;
        }
        int i0 = 0, i1 = s.n - 1;
        if (strstr(variant, "segment=")) {
            i0 = (int)param(variant, "i0=", 0);
            i1 = (int)param(variant, "i1=", s.n - 1);
        }
        int n = i1 - i0 + 1;
        const double *x = s.x + i0;
        bool signed_in = strstr(variant, "vel(signed)") != NULL;
        for (int i = 0; i < n; i++)
            seg_v[i] = signed_in ? x[i] : fabs(x[i]);

        if (!strncmp(metric, "sparc", 5) || !strcmp(metric, "sal2012")) {
            rc_sparc_params p = {(int)param(variant, "padlevel=", 4), param(variant, "fc=", 10),
                                 param(variant, "amp_th=", 0.05)};
            rc_sparc_result r;
            rc_status st = rc_sparc(sp, seg_v, n, fs, &p, &r, &err);
            CHECK_MSG(st == RC_OK, "%s: %s", file, err.msg);
            if (st != RC_OK)
                continue;
            double got = NAN;
            bool exact = true;
            if (!strcmp(metric, "sparc") || !strcmp(metric, "sal2012")) {
                got = r.sparc;
                exact = false;
                if (fabs(got - ref) > worst_sparc)
                    worst_sparc = fabs(got - ref);
            } else if (!strcmp(metric, "sparc_nfft")) {
                got = r.nfft;
            } else if (!strcmp(metric, "sparc_df_hz")) {
                got = r.df_hz;
            } else if (!strcmp(metric, "sparc_fc_selected_hz")) {
                got = r.fc_selected_hz;
            } else if (!strcmp(metric, "sparc_fc_index")) {
                got = r.fc_index;
            } else if (!strcmp(metric, "sparc_f_start_hz")) {
                got = r.f_start_hz;
            } else if (!strcmp(metric, "sparc_n_selected")) {
                got = r.n_selected;
            } else {
                CHECK_MSG(0, "unknown metric %s", metric);
                continue;
            }
            CHECK_MSG(exact ? got == ref : fabs(got - ref) <= 1e-9,
                      "%s %s [%s]: got %.17g want %.17g", file, metric, variant, got, ref);
            checked++;
        } else if (!strncmp(metric, "ldlj_", 5) || !strcmp(metric, "dlj_v")) {
            rc_ldlj_result r;
            bool accl = strstr(variant, "data_type=accl") != NULL;
            rc_status st =
                accl ? rc_ldlj_a(x, n, fs, strstr(variant, "rem_mean=True") != NULL, &r, &err)
                     : rc_ldlj_v(x, n, fs, &r, &err);
            CHECK_MSG(st == RC_OK, "%s: %s", file, err.msg);
            if (st != RC_OK)
                continue;
            double got;
            if (!strcmp(metric, "ldlj_v") || !strcmp(metric, "ldlj_a"))
                got = r.ldlj;
            else if (!strcmp(metric, "dlj_v"))
                got = r.dlj;
            else if (strstr(metric, "_T"))
                got = r.term_T;
            else if (strstr(metric, "peak2"))
                got = r.term_peak;
            else
                got = r.term_jerk;
            double tol = 1e-9 * (fabs(ref) > 1 && !strcmp(metric, "dlj_v") ? fabs(ref) : 1);
            if (strcmp(metric, "dlj_v") && fabs(got - ref) > worst_ldlj)
                worst_ldlj = fabs(got - ref);
            CHECK_MSG(fabs(got - ref) <= tol, "%s %s [%s]: got %.17g want %.17g", file, metric,
                      variant, got, ref);
            checked++;
        } else if (!strcmp(metric, "n_speed_peaks")) {
            double frac = param(variant, "prominence=", 0);
            double peak = 0;
            for (int i = 0; i < n; i++)
                peak = fmax(peak, seg_v[i]);
            int got = rc_count_peaks(seg_v, n, frac * peak);
            CHECK_MSG(got == (int)ref, "%s peaks [%s]: got %d want %d", file, variant, got,
                      (int)ref);
            checked++;
        } else if (!strcmp(metric, "peak_speed") || !strcmp(metric, "time_to_peak_speed_s") ||
                   !strcmp(metric, "n_samples")) {
            rc_smoothness sm;
            rc_status st = rc_smoothness_compute(sp, x, NULL, n, fs, NULL, 0.05, &sm, &err);
            CHECK_MSG(st == RC_OK, "%s: %s", file, err.msg);
            double got = !strcmp(metric, "peak_speed")  ? sm.peak_speed
                         : !strcmp(metric, "n_samples") ? sm.n_samples
                                                        : sm.time_to_peak_s;
            CHECK_MSG(fabs(got - ref) <= 1e-9, "%s %s [%s]: got %.17g want %.17g", file, metric,
                      variant, got, ref);
            checked++;
        }
    }
    fclose(f);
    rc_spectral_destroy(sp);
    printf("%d reference rows, %d checked; worst |SPARC error| %.3g, worst |LDLJ error| %.3g\n",
           rows, checked, worst_sparc, worst_ldlj);
    CHECK(checked > 2000);
    return TEST_RESULT();
}
