/* cmd_metrics.c - `romcap metrics FILE.csv`: movement-quality metrics of any
 * time series (an angle exported by another tool, a velocity or speed profile),
 * printed as JSON. Reads the CSV, chooses the column and the sampling rate, and
 * hands the numbers to the metrics stage; field meanings: src/metrics/README.md.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/metrics_csv.h"
#include "app/metrics_json.h"
#include "romcap/metrics.h"

typedef enum { KIND_ANGLE, KIND_VELOCITY, KIND_SPEED } series_kind;

static void help(FILE *out)
{
    fprintf(out, "usage: romcap metrics FILE.csv [--column NAME] [--fs HZ]\n"
                 "                      [--kind angle|velocity|speed] [--filter HZ|auto|none]\n"
                 "\n"
                 "Movement-quality metrics of one column of a CSV file with a header row,\n"
                 "printed as JSON: SPARC (with nfft and the selected cut-off), LDLJ-V, LDLJ-A,\n"
                 "velocity peaks, repetitions and legs, tremor. Field definitions:\n"
                 "src/metrics/README.md.\n"
                 "\n"
                 "  --column NAME  column to analyse (default: 'value' if present, else the\n"
                 "                 second column); empty cells are missing samples\n"
                 "  --fs HZ        sampling rate (default: from the 't'/'t_s'/'time' column)\n"
                 "  --kind K       angle in deg (default; differentiated after filtering),\n"
                 "                 velocity (signed, unit/s) or speed (|velocity|)\n"
                 "  --filter F     zero-lag 4th-order Butterworth low-pass at F Hz, 'auto'\n"
                 "                 (Winter residual analysis) or 'none'; default 6 for\n"
                 "                 angles, none for velocity and speed\n");
}

/* fs from the time column: (n-1) / (last - first) over the defined times. */
static double fs_from_t(const rc_csv_series *s)
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

static int fail(const char *msg)
{
    fprintf(stderr, "romcap: error: metrics: %s\n", msg);
    return 1;
}

int rc_cmd_metrics(const rc_app *app, int argc, char **argv)
{
    (void)app;
    const char *file = NULL, *column = NULL, *filter = NULL;
    double fs = NAN;
    series_kind kind = KIND_ANGLE;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            help(stdout);
            return 0;
        } else if (!strcmp(a, "--column") && next) {
            column = argv[++i];
        } else if (!strcmp(a, "--fs") && next) {
            char *end;
            fs = strtod(argv[++i], &end);
            if (*end || !(fs > 0) || !isfinite(fs)) {
                fprintf(stderr, "romcap: error: metrics: --fs '%s' is not a positive number\n",
                        argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--kind") && next) {
            const char *k = argv[++i];
            if (!strcmp(k, "angle"))
                kind = KIND_ANGLE;
            else if (!strcmp(k, "velocity"))
                kind = KIND_VELOCITY;
            else if (!strcmp(k, "speed"))
                kind = KIND_SPEED;
            else {
                fprintf(stderr, "romcap: error: metrics: --kind '%s' (angle|velocity|speed)\n", k);
                return 2;
            }
        } else if (!strcmp(a, "--filter") && next) {
            filter = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "romcap: error: metrics: unknown or incomplete option '%s'\n", a);
            return 2;
        } else if (!file) {
            file = a;
        } else {
            fprintf(stderr, "romcap: error: metrics: unexpected argument '%s'\n", a);
            return 2;
        }
    }
    if (!file) {
        fprintf(stderr, "romcap: error: metrics needs FILE.csv\n");
        help(stderr);
        return 2;
    }
    double cutoff = kind == KIND_ANGLE ? 6.0 : -1.0;
    if (filter) {
        char *end;
        if (!strcmp(filter, "auto"))
            cutoff = 0.0;
        else if (!strcmp(filter, "none"))
            cutoff = -1.0;
        else if ((cutoff = strtod(filter, &end)), *end || !(cutoff > 0)) {
            fprintf(stderr, "romcap: error: metrics: --filter '%s' (HZ, auto or none)\n", filter);
            return 2;
        }
    }

    rc_err err = {{0}};
    rc_csv_series s = {0};
    int code = 1;
    rc_metrics *m = NULL;
    rc_spectral *sp = NULL;
    double *v = NULL, *acc = NULL, *ang = NULL;
    cJSON *root = NULL;
    if (rc_metrics_csv_read(file, column, &s, &err) != RC_OK) {
        code = fail(err.msg);
        goto done;
    }
    if (!isfinite(fs)) {
        fs = s.have_t ? fs_from_t(&s) : NAN;
        if (!isfinite(fs)) {
            code = fail("no usable time column ('t', 't_s' or 'time'): give --fs HZ");
            goto done;
        }
    }
    rc_metrics_config cfg = rc_metrics_config_default(fs, s.n);
    cfg.cutoff_hz = cutoff;
    int n = s.n, missing = 0;
    for (int i = 0; i < n; i++)
        missing += !isfinite(s.x[i]);
    v = malloc((size_t)n * sizeof *v);
    acc = malloc((size_t)n * sizeof *acc);
    ang = malloc((size_t)n * sizeof *ang);
    sp = rc_spectral_create(n, cfg.sparc.padlevel, &err);
    if (!v || !acc || !ang || !sp) {
        code = fail(err.msg[0] ? err.msg : "out of memory");
        goto done;
    }
    root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", "romcap-metrics/1");
    cJSON_AddStringToObject(root, "file", file);
    cJSON_AddStringToObject(root, "column", s.column);
    cJSON_AddStringToObject(root, "kind",
                            kind == KIND_ANGLE      ? "angle"
                            : kind == KIND_VELOCITY ? "velocity"
                                                    : "speed");
    cJSON_AddNumberToObject(root, "fs_hz", fs);
    cJSON_AddNumberToObject(root, "n_samples", n);
    cJSON_AddNumberToObject(root, "n_missing", missing);

    /* whole-series velocity: the angle filtered as asked and differentiated, or the
     * input itself. Needs a gap-free series (gaps are handled per chunk below). */
    bool whole_ok = missing == 0 && n >= 3;
    double fc_used = cutoff;
    if (whole_ok && kind == KIND_ANGLE) {
        memcpy(ang, s.x, (size_t)n * sizeof *ang);
        if (cutoff >= 0) {
            double *work = malloc((3 * (size_t)n + 64) * sizeof *work);
            rc_butter bw;
            rc_status st = work ? RC_OK : RC_E_NOMEM;
            if (st == RC_OK && cutoff == 0)
                st = rc_cutoff_winter(s.x, n, fs, cfg.filter_order, &cfg.cutoff_search, &fc_used,
                                      work, &err);
            if (st == RC_OK)
                st = rc_butter_lowpass(cfg.filter_order, fc_used, fs, &bw, &err);
            if (st == RC_OK)
                st = rc_filtfilt(&bw, s.x, n, ang, work, &err);
            free(work);
            if (st != RC_OK) {
                code = fail(err.msg[0] ? err.msg : "out of memory");
                goto done;
            }
        }
        rc_gradient(ang, n, fs, v);
    } else if (whole_ok) {
        memcpy(v, s.x, (size_t)n * sizeof *v);
    }
    cJSON *flt = cJSON_AddObjectToObject(root, "filter");
    cJSON_AddNumberToObject(flt, "order", cfg.filter_order);
    if (cutoff < 0 || (kind != KIND_ANGLE))
        cJSON_AddNullToObject(flt, "cutoff_hz");
    else
        cJSON_AddNumberToObject(flt, "cutoff_hz", fc_used);
    cJSON_AddStringToObject(flt, "cutoff_method",
                            cutoff < 0    ? "none"
                            : cutoff == 0 ? "winter"
                                          : "fixed");
    if (kind != KIND_ANGLE && cutoff >= 0)
        cJSON_AddStringToObject(flt, "note", "velocity and speed inputs are not filtered");

    if (whole_ok) {
        rc_gradient(v, n, fs, acc);
        rc_smoothness sm;
        if (rc_smoothness_compute(sp, v, acc, n, fs, &cfg.sparc, cfg.peak_prominence_frac, &sm,
                                  &err) != RC_OK) {
            code = fail(err.msg);
            goto done;
        }
        cJSON_AddItemToObject(root, "whole", rc_json_smoothness(&sm, &cfg.sparc));
        rc_tremor_result tr;
        const double *tx = kind == KIND_ANGLE ? s.x : v;
        if (n >= 4 && rc_tremor(sp, tx, n, fs, &cfg.tremor, &tr, &err) == RC_OK)
            cJSON_AddItemToObject(root, "tremor", rc_json_tremor(&tr, &cfg.tremor));
        else
            cJSON_AddNullToObject(root, "tremor");
    } else {
        cJSON_AddNullToObject(root, "whole");
        cJSON_AddNullToObject(root, "tremor");
    }

    /* repetitions: angle directly; velocity integrated (trapezoid) to a relative angle */
    if (kind == KIND_SPEED) {
        cJSON_AddNullToObject(root, "analysis");
        cJSON_AddStringToObject(root, "analysis_note",
                                "repetitions need a signed angle or velocity");
    } else {
        if (kind == KIND_ANGLE) {
            memcpy(ang, s.x, (size_t)n * sizeof *ang);
        } else {
            ang[0] = isfinite(s.x[0]) ? 0.0 : NAN;
            double acc_ang = 0.0, prev = s.x[0];
            for (int i = 1; i < n; i++) {
                if (isfinite(s.x[i]) && isfinite(prev))
                    acc_ang += 0.5 * (s.x[i] + prev) / fs;
                ang[i] = isfinite(s.x[i]) ? acc_ang : NAN;
                if (isfinite(s.x[i]))
                    prev = s.x[i];
            }
        }
        m = rc_metrics_create(&cfg, &err);
        rc_angle_report rep;
        if (!m || rc_metrics_analyse(m, ang, n, &rep, &err) != RC_OK) {
            code = fail(err.msg);
            goto done;
        }
        cJSON_AddItemToObject(root, "analysis", rc_json_angle_report(&rep, &cfg));
    }
    char *txt = cJSON_Print(root);
    if (!txt) {
        code = fail("out of memory");
        goto done;
    }
    printf("%s\n", txt);
    free(txt);
    code = 0;
done:
    cJSON_Delete(root);
    rc_metrics_destroy(m);
    rc_spectral_destroy(sp);
    free(v);
    free(acc);
    free(ang);
    rc_metrics_csv_free(&s);
    return code;
}
