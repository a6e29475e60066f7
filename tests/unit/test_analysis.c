/* test_analysis.c - the analysis stage used as a library, without the CLI: a
 * synthetic knee flexion with an occlusion analysed by rc_analysis_run, its
 * angles.csv compared with the renderer's exact truth, the callbacks, the peak
 * frame, one and two threads giving the same files, and the failures. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/analysis.h"
#include "romcap/synth.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"
#define SCENE      "synthetic:knee_flexion?size=320x180&fps=30&seconds=3&noise=2&occlude=knee@1.0+0.2"

typedef struct events_seen {
    int warnings, progress, finals;
    int64_t last_done;
} events_seen;

static void on_warn(void *user, const char *msg)
{
    (void)msg;
    ((events_seen *)user)->warnings++;
}

static void on_progress(void *user, int64_t done, int64_t total, double fps, bool final)
{
    events_seen *e = user;
    (void)total;
    (void)fps;
    e->progress++;
    e->finals += final;
    e->last_done = done;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    size_t k = b ? fread(b, 1, (size_t)n, f) : 0;
    if (b)
        b[k] = '\0';
    fclose(f);
    return b;
}

/* RMS error of the knee angle in DIR/angles.csv against the scene's truth. */
static double rms_against_truth(const char *dir, int64_t *rows)
{
    char path[700];
    snprintf(path, sizeof path, "%s/angles.csv", dir);
    rc_angles a;
    rc_err err = {{0}};
    *rows = 0;
    if (rc_angles_read(path, &a, &err) != RC_OK) {
        CHECK_MSG(0, "%s", err.msg);
        rc_angles_free(&a);
        return INFINITY;
    }
    rc_synth *s = rc_synth_create_uri(SCENE, &err);
    CHECK(s != NULL);
    double se = 0;
    int n = 0;
    for (int64_t i = 0; s && i < a.n; i++) {
        rc_truth tr;
        rc_synth_truth(s, a.frame[i], &tr);
        for (int k = 0; k < a.n_angles; k++)
            for (int q = 0; q < tr.n_angles; q++)
                if (!strcmp(a.name[k], tr.angle_name[q]) && isfinite(a.deg[i * a.n_angles + k])) {
                    double e = a.deg[i * a.n_angles + k] - tr.angle_deg[q];
                    se += e * e;
                    n++;
                }
    }
    *rows = a.n;
    rc_synth_destroy(s);
    rc_angles_free(&a);
    return n ? sqrt(se / n) : INFINITY;
}

static void test_run(const rc_model *m, const char *root)
{
    char dir1[600], dir2[600];
    snprintf(dir1, sizeof dir1, "%s/one", root);
    snprintf(dir2, sizeof dir2, "%s/two", root);
    events_seen e = {0};
    rc_analysis_events ev = {.user = &e, .warn = on_warn, .progress = on_progress};
    rc_analysis_request rq = {
        .input = SCENE, .model = m, .out_dir = dir1, .keep_peak = true, .threads = 1};
    rc_analysis_result res;
    rc_err err = {{0}};
    CHECK_MSG(rc_analysis_run(&rq, &ev, &res, &err) == RC_OK, "%s", err.msg);
    CHECK(res.threads == 1);
    CHECK(res.info.frames_analysed == 90 && res.info.frames_skipped == 0);
    CHECK(res.info.track.seen + res.info.track.predicted + res.info.track.lost ==
          90 * m->n_markers);
    CHECK(res.info.gap_filled > 0); /* the 0.2 s occlusion of the knee was bridged */
    CHECK(e.finals == 1 && e.last_done == 90 && e.warnings == 0);
    int64_t rows;
    double rms = rms_against_truth(dir1, &rows);
    CHECK(rows == 90);
    CHECK_MSG(rms < 1.0, "knee angle RMS %.3f deg against the truth", rms);
    /* The peak frame: the largest true angle of the clip, within the tracking error. */
    rc_synth *s = rc_synth_create_uri(SCENE, &err);
    double best = -INFINITY;
    for (int64_t i = 0; s && i < 90; i++) {
        rc_truth tr;
        rc_synth_truth(s, i, &tr);
        best = fmax(best, tr.angle_deg[0]);
    }
    rc_synth_destroy(s);
    CHECK(res.peak.have && res.peak.image.width == 320 && res.peak.image.height == 180);
    CHECK_NEAR(res.peak.best, best, 2.0);
    CHECK(res.peak.lo < res.peak.best);
    rc_analysis_result_free(&res);

    /* Two threads (lossless capture): the same three files, apart from the wall time. */
    rq.out_dir = dir2;
    rq.threads = 2;
    rq.keep_peak = false;
    CHECK_MSG(rc_analysis_run(&rq, NULL, &res, &err) == RC_OK, "%s", err.msg);
    CHECK(res.threads == 2 && !res.peak.have);
    rc_analysis_result_free(&res);
    for (int f = 0; f < 2; f++) {
        static const char *names[2] = {"tracks.csv", "angles.csv"};
        char p1[700], p2[700];
        snprintf(p1, sizeof p1, "%s/%s", dir1, names[f]);
        snprintf(p2, sizeof p2, "%s/%s", dir2, names[f]);
        char *a = slurp(p1), *b = slurp(p2);
        CHECK_MSG(a && b && !strcmp(a, b), "%s differs between one and two threads", names[f]);
        free(a);
        free(b);
    }
    char p[700];
    snprintf(p, sizeof p, "%s/summary.json", dir2);
    rc_summary *sum = malloc(sizeof *sum);
    CHECK(sum && rc_summary_read(p, sum, &err) == RC_OK);
    CHECK(sum && sum->frames_analysed == 90 && sum->n_angles == m->n_angles);
    free(sum);
}

static void test_failures(const rc_model *m, const char *root)
{
    rc_analysis_result res;
    rc_err err = {{0}};
    char dir[600];
    snprintf(dir, sizeof dir, "%s/fail", root);
    rc_analysis_request rq = {.input = "synthetic:no_such_scene", .model = m, .out_dir = dir};
    CHECK(rc_analysis_run(&rq, NULL, &res, &err) != RC_OK);
    CHECK_STR_CONTAINS(err.msg, "no_such_scene");
    rc_analysis_result_free(&res);

    rq.input = SCENE;
    rq.out_dir = "/proc/romcap-cannot-write";
    CHECK(rc_analysis_run(&rq, NULL, &res, &err) == RC_E_IO);
    CHECK_STR_CONTAINS(err.msg, "/proc/romcap-cannot-write");
    rc_analysis_result_free(&res);

    rq.out_dir = dir;
    rq.calib = "/nonexistent/calib.yml";
    CHECK(rc_analysis_run(&rq, NULL, &res, &err) != RC_OK);
    CHECK_STR_CONTAINS(err.msg, "/nonexistent/calib.yml");
    rc_analysis_result_free(&res);

    rq.calib = NULL;
    rq.max_frames = 5;
    CHECK_MSG(rc_analysis_run(&rq, NULL, &res, &err) == RC_OK, "%s", err.msg);
    CHECK(res.info.frames_analysed == 5);
    rc_analysis_result_free(&res);
    rc_analysis_result_free(NULL);
}

int main(void)
{
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_resolve("knee_flexion", MODELS_DIR, &m, &err) != RC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    char root[] = "/tmp/romcap_analysis_XXXXXX";
    if (!mkdtemp(root))
        return 1;
    test_run(&m, root);
    test_failures(&m, root);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        return 1;
    return TEST_RESULT();
}
