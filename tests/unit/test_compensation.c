/* test_compensation.c - compensation rules (issue 16): the model's "compensations"
 * parsed and refused, each measure type against geometry built by hand, the run's
 * judgement against exact sequences, and end to end: a synthetic shoulder flexion
 * whose trunk leans back up to 16 deg as the arm rises, analysed by rc_analysis_run,
 * its summary.json maximum compared with the lean read from the renderer's exact
 * marker positions; the same movement without the lean flags nothing. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "romcap/analysis.h"
#include "romcap/compensation.h"
#include "romcap/online.h"
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

/* The line a rule reads, from the renderer's exact plane positions (mm, Y down) of
 * the scene's markers a -> b, in degrees, each written from its clinical meaning:
 *   LEAN_BACK  the trunk (hip -> shoulder) from the upward vertical, shoulder behind the
 *              hip positive (the subject faces +X);
 *   THIGH      the thigh (hip -> knee) from the downward vertical, knee forward positive;
 *   LEVEL      the pelvis (right ASIS -> left ASIS) from the horizontal, the left end
 *              higher on screen positive. */
enum { LEAN_BACK, THIGH, LEVEL };

static double line_deg(int kind, const rc_truth *t, int a, int b)
{
    double dx = t->marker[b].plane_x - t->marker[a].plane_x;
    double down = t->marker[b].plane_y - t->marker[a].plane_y;
    switch (kind) {
    case LEAN_BACK: return atan2(-dx, -down) * 180 / PI;
    case THIGH: return atan2(dx, down) * 180 / PI;
    default: return atan2(-down, dx) * 180 / PI;
    }
}

/* The truth of a rule: per repetition the largest change of the line from its onset
 * (|change| when `either`), and the largest over the run. */
static double truth_max(const char *uri, int reps, int kind, int a, int b, int either)
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
            double v = line_deg(kind, &t, a, b);
            if (isnan(base))
                base = v;
            best = fmax(best, either ? fabs(v - base) : v - base);
        }
    }
    rc_synth_destroy(s);
    return best;
}

static const rc_summary_compensation *run_scene(const rc_model *m, const char *uri,
                                                const char *dir, const char *rule,
                                                rc_summary *sum)
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
        if (!strcmp(sum->compensation[i].name, rule))
            return &sum->compensation[i];
    return NULL;
}

/* One rule end to end: the scene with the compensation `opt` (largest `amount`) and
 * without, each analysed; summary.json's maximum against the truth within `tol`
 * (3-5x the error measured), all repetitions flagged with it and none without. */
static void e2e(const char *root, const char *model, const char *scene, const char *rule,
                const char *opt, int kind, int a, int b, int either, double tol)
{
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_resolve(model, MODELS_DIR, &m, &err) != RC_OK) {
        CHECK_MSG(0, "%s", err.msg);
        return;
    }
    static rc_summary sum;
    char dir[600], uri[300];
    for (int with = 1; with >= 0; with--) {
        snprintf(dir, sizeof dir, "%s/%s_%d", root, rule, with);
        snprintf(uri, sizeof uri, "synthetic:%s?size=640x360&fps=30&noise=2%s%s", scene,
                 with ? "&" : "", with ? opt : "");
        const rc_summary_compensation *c = run_scene(&m, uri, dir, rule, &sum);
        double truth = truth_max(uri, 3, kind, a, b, either);
        CHECK_MSG(c != NULL, "%s: no compensation %s in summary.json", uri, rule);
        if (!c)
            continue;
        fprintf(stderr,
                "%s%s%s: max %.3f deg at %.2f s, truth %.3f deg, error %+.3f; reps %d flagged %d "
                "share %.3f\n",
                rule, with ? " with " : " without", with ? opt : "", c->max_value, c->max_t_s,
                truth, c->max_value - truth, c->reps, c->reps_flagged, c->share_frames);
        CHECK(c->enabled && !strcmp(c->unit, "deg") && c->note[0] == 0);
        CHECK_NEAR(c->max_value, truth, tol);
        CHECK(c->reps == 3 && c->n_rep_max == 3);
        if (with) {
            CHECK(c->reps_flagged == 3 && c->share_frames > 0.1 && c->share_frames < 0.9);
            CHECK(c->frames_flagged > 0 && c->max_t_s > 0);
        } else {
            CHECK(c->reps_flagged == 0 && c->share_frames == 0 && c->frames_flagged == 0);
        }
    }
}

/* Live: `uri` played through the online engine (online.h) as `romcap live` runs it,
 * without a window; per view, whether rule 0 flags and its amount. */
typedef struct live_seen {
    int views, active;
    double max_amount;
    char cue[RC_LABEL_CAP];
} live_seen;

static void play_live(const char *uri, const rc_model *m, live_seen *s)
{
    memset(s, 0, sizeof *s);
    s->max_amount = -INFINITY;
    rc_err err = {{0}};
    rc_source *src = rc_source_open(uri, NULL, &err);
    rc_capture_config cfg = {.n_slots = 4, .pace = 0, .lossless = 1};
    rc_capture *cap = src ? rc_capture_start(src, &cfg, &err) : NULL;
    rc_pipeline_options po = {0};
    rc_online *e = cap ? rc_online_create(cap, m, &po, RC_MIRROR_AUTO, 0, NULL, 0, &err) : NULL;
    CHECK_MSG(e != NULL, "%s", err.msg);
    const rc_online_view *cur = NULL;
    for (int waited = 0; e && waited < 120000; waited++) {
        const rc_online_view *v = rc_online_latest(e);
        if (v) {
            rc_online_release(e, cur);
            cur = v;
            s->views++;
            if (v->comp.n > 0 && v->comp.active[0]) {
                s->active++;
                snprintf(s->cue, sizeof s->cue, "%s", m->comp[v->comp.any_active].cue);
            }
            if (v->comp.n > 0 && isfinite(v->comp.amount[0]))
                s->max_amount = fmax(s->max_amount, v->comp.amount[0]);
            continue;
        }
        rc_capture_stats st;
        rc_capture_get_stats(cap, &st);
        int64_t analysed, dropped;
        rc_online_counts(e, &analysed, &dropped);
        if (rc_capture_state(cap, NULL) == RC_E_EOF && analysed == st.captured && cur &&
            cur->index == st.captured - 1)
            break;
        struct timespec ts = {0, 1000000L};
        nanosleep(&ts, NULL);
    }
    if (e)
        rc_online_release(e, cur);
    rc_online_destroy(e);
    rc_capture_stop(cap);
}

/* The live engine flags the lean while it happens, with the patient's cue, and
 * never without it. Its amount is judged against the rest before each repetition
 * (offline: the repetition's first frame), so its largest is compared with the
 * truth more loosely: measured -0.08 deg (95 of 300 views flagged), bound 2 deg. */
static void test_live(void)
{
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_resolve("shoulder_flexion", MODELS_DIR, &m, &err) != RC_OK) {
        CHECK_MSG(0, "%s", err.msg);
        return;
    }
    const char *with = "synthetic:shoulder_flexion?size=640x360&fps=30&noise=2&lean_back=16";
    const char *without = "synthetic:shoulder_flexion?size=640x360&fps=30&noise=2";
    live_seen s;
    play_live(with, &m, &s);
    double truth = truth_max(with, 3, LEAN_BACK, 0, 1, 0);
    fprintf(stderr, "live with lean: %d of %d views flagged, largest amount %.3f deg (truth %.3f)\n",
            s.active, s.views, s.max_amount, truth);
    CHECK(s.views > 200 && s.active > 30);
    CHECK(!strcmp(s.cue, "Keep your back straight"));
    CHECK_NEAR(s.max_amount, truth, 2.0);
    play_live(without, &m, &s);
    fprintf(stderr, "live without lean: %d of %d views flagged, largest amount %.3f deg\n",
            s.active, s.views, s.max_amount);
    CHECK(s.views > 200 && s.active == 0 && s.max_amount < 5);
}

int main(void)
{
    char root[] = "/tmp/romcap_comp_XXXXXX";
    if (!mkdtemp(root))
        return 1;
    /* The case: the trunk leans back up to 16 deg as the arm rises. Measured
     * error of the maximum: -0.06 deg with the lean, -0.23 without (bound 1 deg, the
     * issue's). */
    e2e(root, "shoulder_flexion", "shoulder_flexion", "trunk_lean_back", "lean_back=16",
        LEAN_BACK, 0, 1, 0, 1.0);
    /* Worst error measured below: -0.51 deg (thigh, without the swing): bound 2 deg. */
    e2e(root, "knee_flexion", "knee_flexion", "thigh_swing", "thigh=18", THIGH, 0, 1, 0, 2.0);
    e2e(root, "hip_abduction", "hip_abduction", "pelvic_hike", "pelvis=9", LEVEL, 1, 0, 1, 2.0);
    test_live();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        return 1;
    return TEST_RESULT();
}
