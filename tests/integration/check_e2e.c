/* check_e2e.c - compares an analysis folder (angles.csv, tracks.csv) with the exact
 * ground truth of the synthetic scene it came from, re-rendered independently here.
 *
 * usage: check_e2e SCENE_URI OUT_DIR MAX_RMS_DEG [MIN_COVERAGE] [KEY=VALUE ...]
 *        check_e2e --truth SCENE_URI FRAME   (prints "NAME X Y" per marker, rounded
 *                                             to whole pixels, for scripted clicks)
 * KEY=VALUE limits: max=DEG (largest angle error), px=PX (marker RMS over the
 * positions tracks.csv measured, "seen" or "streak", while the marker is in view),
 * pxmax=PX (largest error of any position written while the marker is in view,
 * predicted and interpolated ones too), cov=FRACTION (same as MIN_COVERAGE), frames=N (rows in angles.csv; by
 * default the scene's own frame count), swaps=N (identity swaps allowed, default 0:
 * only for a registered case the detector is known to fail, with its measured count).
 * Prints frames, angle RMS / max error, coverage, marker RMS / max px and identity
 * swaps; exits 1 if a limit is exceeded, any identity swap occurred, tracks.csv or
 * angles.csv names a marker or angle the scene does not have, fewer than the
 * coverage (default 0.95) of the frames have an angle, the frame count differs, or
 * summary.json reports an angle jumping across its wrap boundary ("wrap_jumps" > 0:
 * no scene here moves that way, so a jump is a movement read from the wrong side).
 * With CHECK_E2E_DUMP set in the environment, every position of tracks.csv is also
 * printed to stderr ("pos FRAME MARKER STATE ERROR_PX X Y TRUE_X TRUE_Y"), to see
 * where a marker first goes wrong.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/synth.h"

enum { MAX_COLS = 16, LINE_CAP = 4096 };

static int split_csv(char *line, char **cols, int cap)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    char *p = line;
    while (n < cap) {
        cols[n++] = p;
        char *c = strchr(p, ',');
        if (!c)
            break;
        *c = '\0';
        p = c + 1;
    }
    return n;
}

static int print_truth(const char *uri, long frame)
{
    rc_err err = {{0}};
    rc_synth *s = rc_synth_create_uri(uri, &err);
    if (!s) {
        fprintf(stderr, "check_e2e: %s\n", err.msg);
        return 2;
    }
    rc_truth tr;
    rc_synth_truth(s, frame, &tr);
    for (int k = 0; k < tr.n_markers; k++)
        printf("%s%s %.0f %.0f", k ? " " : "", tr.marker[k].name, tr.marker[k].x_px,
               tr.marker[k].y_px);
    printf("\n");
    rc_synth_destroy(s);
    return 0;
}

/* Sum of summary.json's "wrap_jumps" over the angles (a plain text scan: the file
 * is romcap's own cJSON output), or -1 when the file cannot be read. */
static long wrap_jumps(const char *dir)
{
    char path[4200], line[LINE_CAP];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    long total = 0;
    while (fgets(line, sizeof line, f)) {
        const char *k = strstr(line, "\"wrap_jumps\":");
        if (k)
            total += strtol(k + strlen("\"wrap_jumps\":"), NULL, 10);
    }
    fclose(f);
    return total;
}

typedef struct limits {
    double rms, max, px, pxmax, cov;
    long frames; /* -1: the scene's frame count */
    long swaps;  /* identity swaps allowed (0 but for known-failing cases) */
} limits;

/* One limit argument; the first optional one may be a bare coverage. */
static int parse_limit(limits *l, const char *a, int bare_ok)
{
    const char *eq = strchr(a, '=');
    char *end;
    double v = strtod(eq ? eq + 1 : a, &end);
    if (end == (eq ? eq + 1 : a) || *end || !(v >= 0)) {
        fprintf(stderr, "check_e2e: bad limit '%s'\n", a);
        return -1;
    }
    if (!eq && bare_ok)
        l->cov = v;
    else if (eq && !strncmp(a, "max=", 4))
        l->max = v;
    else if (eq && !strncmp(a, "px=", 3))
        l->px = v;
    else if (eq && !strncmp(a, "pxmax=", 6))
        l->pxmax = v;
    else if (eq && !strncmp(a, "cov=", 4))
        l->cov = v;
    else if (eq && !strncmp(a, "frames=", 7))
        l->frames = (long)v;
    else if (eq && !strncmp(a, "swaps=", 6))
        l->swaps = (long)v;
    else {
        fprintf(stderr, "check_e2e: unknown limit '%s' (max=, px=, pxmax=, cov=, frames=, swaps=)\n", a);
        return -1;
    }
    return 0;
}

/* "<angle>_q": the quality column angles.csv gives each angle (seen, streak,
 * interpolated, predicted), for an angle the scene has. */
static int is_quality_column(const char *col, const rc_truth *tr)
{
    size_t n = strlen(col);
    if (n < 3 || strcmp(col + n - 2, "_q"))
        return 0;
    for (int a = 0; a < tr->n_angles; a++)
        if (strlen(tr->angle_name[a]) == n - 2 && !strncmp(col, tr->angle_name[a], n - 2))
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "--truth"))
        return print_truth(argv[2], atol(argv[3]));
    if (argc < 4) {
        fprintf(stderr, "usage: check_e2e SCENE_URI OUT_DIR MAX_RMS_DEG [MIN_COVERAGE] "
                        "[max=DEG] [px=PX] [pxmax=PX] [cov=F] [frames=N] [swaps=N]\n");
        return 2;
    }
    const char *uri = argv[1], *dir = argv[2];
    limits lim = {atof(argv[3]), INFINITY, INFINITY, INFINITY, 0.95, -1, 0};
    for (int i = 4; i < argc; i++)
        if (parse_limit(&lim, argv[i], i == 4) != 0)
            return 2;
    if (strncmp(uri, "synthetic:", 10)) {
        fprintf(stderr, "check_e2e: not a synthetic URI: %s\n", uri);
        return 2;
    }
    rc_err err = {{0}};
    rc_synth *s = rc_synth_create_uri(uri, &err);
    if (!s) {
        fprintf(stderr, "check_e2e: %s\n", err.msg);
        return 2;
    }

    char path[4200], line[LINE_CAP];
    char *cols[MAX_COLS];
    snprintf(path, sizeof path, "%s/angles.csv", dir);
    FILE *fa = fopen(path, "r");
    if (!fa || !fgets(line, sizeof line, fa)) {
        fprintf(stderr, "check_e2e: cannot read %s\n", path);
        return 1;
    }
    rc_truth tr;
    rc_synth_truth(s, 0, &tr);
    int nc = split_csv(line, cols, MAX_COLS);
    int col_truth[MAX_COLS]; /* angle column -> truth angle index */
    long unknown = 0;
    for (int c = 0; c < nc; c++) {
        col_truth[c] = -1;
        for (int a = 0; a < tr.n_angles; a++)
            if (!strcmp(cols[c], tr.angle_name[a]))
                col_truth[c] = a;
        if (c >= 2 && col_truth[c] < 0 && !is_quality_column(cols[c], &tr)) {
            unknown++;
            fprintf(stderr, "check_e2e: angles.csv has an angle '%s' the scene does not have\n",
                    cols[c]);
        }
    }
    double se = 0, max_err = 0;
    long n_val = 0, n_frames = 0, n_expected = 0;
    while (fgets(line, sizeof line, fa)) {
        int n = split_csv(line, cols, MAX_COLS);
        long frame = atol(cols[0]);
        rc_synth_truth(s, frame, &tr);
        n_frames++;
        for (int c = 2; c < n && c < nc; c++) {
            if (col_truth[c] < 0)
                continue;
            n_expected++;
            if (!cols[c][0])
                continue;
            double e = atof(cols[c]) - tr.angle_deg[col_truth[c]];
            e = fmod(e + 540.0, 360.0) - 180.0;
            se += e * e;
            n_val++;
            if (fabs(e) > max_err)
                max_err = fabs(e);
        }
    }
    fclose(fa);

    /* Identity: a tracked marker nearer another marker's true centre than its own
     * (and more than 3 px from its own) has swapped. */
    snprintf(path, sizeof path, "%s/tracks.csv", dir);
    FILE *ft = fopen(path, "r");
    if (!ft || !fgets(line, sizeof line, ft)) {
        fprintf(stderr, "check_e2e: cannot read %s\n", path);
        return 1;
    }
    long swaps = 0, positions = 0;
    const int dump = getenv("CHECK_E2E_DUMP") != NULL; /* every position's error, stderr */
    double pos_se = 0, pos_max = 0;
    long cur = -1;
    while (fgets(line, sizeof line, ft)) {
        int n = split_csv(line, cols, MAX_COLS);
        if (n < 6 || !cols[3][0])
            continue;
        long frame = atol(cols[0]);
        if (frame != cur) {
            rc_synth_truth(s, frame, &tr);
            cur = frame;
        }
        double x = atof(cols[3]), y = atof(cols[4]);
        int own = -1, nearest = -1;
        double dn = INFINITY;
        for (int m = 0; m < tr.n_markers; m++) {
            double d = hypot(x - tr.marker[m].x_px, y - tr.marker[m].y_px);
            if (!strcmp(tr.marker[m].name, cols[2]))
                own = m;
            if (d < dn) {
                dn = d;
                nearest = m;
            }
        }
        if (own < 0) {
            if (unknown++ < 5)
                fprintf(stderr, "check_e2e: frame %ld: tracks.csv names a marker '%s' the scene "
                                "does not have\n",
                        frame, cols[2]);
            continue;
        }
        double d_own = hypot(x - tr.marker[own].x_px, y - tr.marker[own].y_px);
        if (dump) /* frame marker state error_px x y true_x true_y */
            fprintf(stderr, "pos %ld %s %s %.2f %.1f %.1f %.1f %.1f\n", frame, cols[2], cols[5],
                    d_own, x, y, tr.marker[own].x_px, tr.marker[own].y_px);
        if (nearest != own && d_own > 3.0) {
            swaps++;
            if (swaps <= 5)
                fprintf(stderr, "swap? frame %ld: %s at (%.1f, %.1f) is nearer %s\n", frame,
                        cols[2], x, y, tr.marker[nearest].name);
        }
        if (!tr.marker[own].visible)
            continue;
        pos_max = d_own > pos_max ? d_own : pos_max;
        if (!strcmp(cols[5], "seen") || !strcmp(cols[5], "streak")) {
            pos_se += d_own * d_own;
            positions++;
        }
    }
    fclose(ft);
    long want_frames = lim.frames >= 0 ? lim.frames : (long)rc_synth_frame_count(s);
    rc_synth_destroy(s);

    long jumps = wrap_jumps(dir);
    double rms = n_val ? sqrt(se / n_val) : INFINITY;
    double cov = n_expected ? (double)n_val / n_expected : 0;
    double pos_rms = positions ? sqrt(pos_se / positions) : INFINITY;
    printf("%s: frames %ld, angle RMS %.3f deg, max %.3f deg, coverage %.3f, marker RMS %.3f px, "
           "max %.3f px, identity swaps %ld, wrap jumps %ld, unknown names %ld\n",
           uri, n_frames, rms, max_err, cov, pos_rms, pos_max, swaps, jumps, unknown);
    int ok = rms <= lim.rms && max_err <= lim.max && pos_rms <= lim.px && pos_max <= lim.pxmax &&
             swaps <= lim.swaps && cov >= lim.cov && n_frames > 0 && n_frames == want_frames &&
             jumps == 0 && unknown == 0;
    if (!ok)
        printf("FAILED: limits RMS <= %.3f deg, max <= %.3f deg, marker RMS <= %.3f px, "
               "max <= %.3f px, coverage >= %.3f, frames = %ld, swaps <= %ld, wrap jumps = 0 "
               "(-1: no summary.json), unknown names = 0\n",
               lim.rms, lim.max, lim.px, lim.pxmax, lim.cov, want_frames, lim.swaps);
    return ok ? 0 : 1;
}
