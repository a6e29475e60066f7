/* test_compensation.c - compensation rules (issue 16): the model's "compensations"
 * parsed and refused, each measure type against geometry built by hand, the run's
 * judgement against exact sequences, and end to end: a synthetic shoulder flexion
 * whose trunk leans back up to 16 deg as the arm rises, analysed by rc_analysis_run,
 * its summary.json maximum compared with the lean read from the renderer's exact
 * marker positions; the same movement without the lean flags nothing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/analysis.h"
#include "romcap/compensation.h"
#include "romcap/results.h"
#include "romcap/synth.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"
#define PI         3.14159265358979323846

/* The scene's own timing (scenes.c rc__synth_angle_at): a lead of 7% of the length,
 * then `reps` equal repetitions, each rising from its start. */
static double rep_onset_s(double seconds, int reps, int k)
{
    double lead = 0.07 * seconds;
    return lead + k * (seconds - 2 * lead) / reps;
}

/* The truth of the trunk lean back: the hip -> shoulder line's angle from the upward
 * vertical, positive with the shoulder behind the hip (the subject faces +X), read
 * from the renderer's exact plane positions; per repetition the largest change from
 * its onset, and the largest over the run. */
static double truth_lean_max(const char *uri, int reps)
{
    rc_err err = {{0}};
    rc_synth *s = rc_synth_create_uri(uri, &err);
    if (!s)
        return NAN;
    rc_synth_options o;
    rc_synth_get_options(s, &o);
    double best = -INFINITY;
    int64_t n = rc_synth_frame_count(s);
    for (int k = 0; k < reps; k++) {
        int64_t i0 = (int64_t)ceil(rep_onset_s(o.seconds, reps, k) * o.fps);
        int64_t i1 = (int64_t)floor(rep_onset_s(o.seconds, reps, k + 1) * o.fps);
        double base = NAN;
        for (int64_t i = i0; i <= i1 && i < n; i++) {
            rc_truth t;
            rc_synth_truth(s, i, &t);
            double dx = t.marker[1].plane_x - t.marker[0].plane_x;
            double up = t.marker[0].plane_y - t.marker[1].plane_y;
            double lean = atan2(-dx, up) * 180 / PI;
            if (isnan(base))
                base = lean;
            best = fmax(best, lean - base);
        }
    }
    rc_synth_destroy(s);
    return best;
}

static const rc_summary_compensation *run_scene(const rc_model *m, const char *uri,
                                                const char *dir, rc_summary *sum)
{
    rc_analysis_request rq = {.input = uri, .model = m, .out_dir = dir, .threads = 1};
    rc_analysis_result res;
    rc_err err = {{0}};
    CHECK_MSG(rc_analysis_run(&rq, NULL, &res, &err) == RC_OK, "%s", err.msg);
    rc_analysis_result_free(&res);
    char path[700];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    CHECK_MSG(rc_summary_read(path, sum, &err) == RC_OK, "%s", err.msg);
    for (int i = 0; i < sum->n_compensations; i++)
        if (!strcmp(sum->compensation[i].name, "trunk_lean_back"))
            return &sum->compensation[i];
    return NULL;
}

#define LEAN_SCENE "synthetic:shoulder_flexion?size=640x360&fps=30&noise=2"

static void test_e2e_lean(const char *root)
{
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_resolve("shoulder_flexion", MODELS_DIR, &m, &err) != RC_OK) {
        CHECK_MSG(0, "%s", err.msg);
        return;
    }
    char dir[600];
    static rc_summary sum;
    snprintf(dir, sizeof dir, "%s/lean", root);
    const rc_summary_compensation *c = run_scene(&m, LEAN_SCENE "&lean_back=16", dir, &sum);
    double truth = truth_lean_max(LEAN_SCENE "&lean_back=16", 3);
    CHECK(c != NULL);
    if (c) {
        fprintf(stderr, "lean 16: summary max %.3f deg at %.2f s, truth %.3f deg, error %.3f; "
                        "reps %d flagged %d share %.3f\n",
                c->max_value, c->max_t_s, truth, c->max_value - truth, c->reps, c->reps_flagged,
                c->share_frames);
        CHECK(c->enabled && !strcmp(c->unit, "deg") && c->limit == 10);
        CHECK_NEAR(c->max_value, truth, 1.0);
        CHECK(c->reps == 3 && c->reps_flagged == 3);
        CHECK(c->share_frames > 0.1 && c->share_frames < 0.9);
    }
    snprintf(dir, sizeof dir, "%s/straight", root);
    c = run_scene(&m, LEAN_SCENE, dir, &sum);
    truth = truth_lean_max(LEAN_SCENE, 3);
    CHECK(c != NULL);
    if (c) {
        fprintf(stderr, "no lean: summary max %.3f deg, truth %.3f deg; reps %d flagged %d\n",
                c->max_value, truth, c->reps, c->reps_flagged);
        CHECK(c->enabled && c->reps == 3 && c->reps_flagged == 0 && c->share_frames == 0);
        CHECK_NEAR(c->max_value, truth, 1.0);
    }
}

int main(void)
{
    char root[] = "/tmp/romcap_comp_XXXXXX";
    if (!mkdtemp(root))
        return 1;
    test_e2e_lean(root);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        return 1;
    return TEST_RESULT();
}
