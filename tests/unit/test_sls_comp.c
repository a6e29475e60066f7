/* test_sls_comp.c - the single-leg squat's compensation rules (issue 16,
 * models/single_leg_squat.json: contralateral pelvic drop and ipsilateral trunk lean,
 * each a change from the repetition's start past 5 deg) end to end against the
 * renderer's exact truth: a squat whose pelvis drops 10 deg, one whose trunk leans
 * 12 deg, and one that stays level and upright (scenes_sls.c). Each is analysed by
 * rc_analysis_run; summary.json's maximum, each repetition's maximum and the frames
 * past the limit are compared with the same figures read from the renderer's exact
 * marker positions, and the rule that should stay silent flags nothing. The truth's
 * lines are written here from their clinical meaning, not with romcap's code. Live,
 * the online engine flags each rule while its compensation happens, with its cue, and
 * never the other. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "romcap/analysis.h"
#include "romcap/online.h"
#include "romcap/results.h"
#include "romcap/synth.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"
#define PI         3.14159265358979323846
#define QUERY      "?size=640x360&fps=30&seconds=6&noise=2"
#define LIMIT_DEG  5.0 /* both rules' limit (models/single_leg_squat.json) */

enum { REPS = 3 };

/* The scene's own timing (scenes.c rc__synth_angle_at): a lead of 7% of the length,
 * then REPS equal repetitions, each starting at rest. */
static double rep_onset_s(double seconds, int k)
{
    double lead = 0.07 * seconds;
    return lead + k * (seconds - 2 * lead) / REPS;
}

/* The two lines from the exact plane positions (mm, Y down) of the subject facing the
 * camera, the right (stance) side on the image left:
 *   DROP  right ASIS -> left ASIS from the horizontal, the left (free) end LOWER
 *         positive;
 *   LEAN  xiphoid -> jugular notch from the upward vertical, the top towards the
 *         stance side (image left) positive.
 * flip=1 films the other side: the image is mirrored, so x runs the other way. */
enum { DROP, LEAN };

static int marker(const rc_truth *t, const char *name)
{
    for (int k = 0; k < t->n_markers; k++)
        if (!strcmp(t->marker[k].name, name))
            return k;
    return -1;
}

static double line_deg(int kind, const rc_truth *t, int flip)
{
    int a = marker(t, kind == DROP ? "right_asis" : "xiphoid");
    int b = marker(t, kind == DROP ? "left_asis" : "jugular");
    if (a < 0 || b < 0)
        return NAN;
    double dx = (t->marker[b].plane_x - t->marker[a].plane_x) * (flip ? -1 : 1);
    double down = t->marker[b].plane_y - t->marker[a].plane_y;
    return kind == DROP ? atan2(down, dx) * 180 / PI : atan2(-dx, -down) * 180 / PI;
}

/* The truth of a rule: per repetition the largest rise of the line above its value at
 * the repetition's onset, the largest over the run, and the frames past the limit. */
typedef struct truth {
    double max, rep_max[REPS];
    int flagged;
} truth;

static void truth_of(const char *uri, int kind, int flip, truth *out)
{
    rc_err err = {{0}};
    rc_synth *s = rc_synth_create_uri(uri, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    out->max = -INFINITY;
    out->flagged = 0;
    if (!s)
        return;
    rc_synth_options o;
    rc_synth_get_options(s, &o);
    int64_t n = rc_synth_frame_count(s);
    for (int k = 0; k < REPS; k++) {
        int64_t i0 = (int64_t)ceil(rep_onset_s(o.seconds, k) * o.fps);
        int64_t i1 = (int64_t)floor(rep_onset_s(o.seconds, k + 1) * o.fps);
        double base = NAN;
        out->rep_max[k] = -INFINITY;
        for (int64_t i = i0; i <= i1 && i < n; i++) {
            rc_truth t;
            rc_synth_truth(s, i, &t);
            double v = line_deg(kind, &t, flip);
            if (isnan(base))
                base = v;
            out->rep_max[k] = fmax(out->rep_max[k], v - base);
            out->flagged += v - base > LIMIT_DEG;
        }
        out->max = fmax(out->max, out->rep_max[k]);
    }
    rc_synth_destroy(s);
}

static const rc_summary_compensation *find(const rc_summary *sum, const char *rule)
{
    for (int i = 0; i < sum->n_compensations; i++)
        if (!strcmp(sum->compensation[i].name, rule))
            return &sum->compensation[i];
    return NULL;
}

/* One scene: `flagged` says whether each rule (pelvic_drop, trunk_lean) should fire.
 * tol: the bound on the maxima (deg); tol_frames: on the frames past the limit. */
static void scene(const char *root, const rc_model *m, const char *name, int flip,
                  const int flagged[2], double tol, int tol_frames)
{
    char uri[256], dir[600], path[700];
    snprintf(uri, sizeof uri, "synthetic:%s" QUERY "&flip=%d", name, flip);
    snprintf(dir, sizeof dir, "%s/%s_%d", root, name, flip);
    rc_analysis_request rq = {.input = uri, .model = m, .out_dir = dir, .threads = 1};
    rc_analysis_result res;
    rc_err err = {{0}};
    CHECK_MSG(rc_analysis_run(&rq, NULL, &res, &err) == RC_OK, "%s", err.msg);
    rc_analysis_result_free(&res);
    static rc_summary sum;
    snprintf(path, sizeof path, "%s/summary.json", dir);
    CHECK_MSG(rc_summary_read(path, &sum, &err) == RC_OK, "%s", err.msg);
    static const char *const rules[2] = {"pelvic_drop", "trunk_lean"};
    for (int r = 0; r < 2; r++) {
        const rc_summary_compensation *c = find(&sum, rules[r]);
        CHECK_MSG(c != NULL, "%s: no compensation %s in summary.json", uri, rules[r]);
        if (!c)
            continue;
        truth t;
        truth_of(uri, r == 0 ? DROP : LEAN, flip, &t);
        fprintf(stderr, "%s flip=%d %-11s max %7.3f (truth %7.3f, %+.3f) reps", name, flip,
                rules[r], c->max_value, t.max, c->max_value - t.max);
        for (int k = 0; k < c->n_rep_max && k < REPS; k++)
            fprintf(stderr, " %.3f (%+.3f)", c->rep_max[k], c->rep_max[k] - t.rep_max[k]);
        fprintf(stderr, "; flagged %d/%d reps, %lld frames (truth %d), share %.3f\n",
                c->reps_flagged, c->reps, (long long)c->frames_flagged, t.flagged, c->share_frames);
        CHECK(c->enabled && !strcmp(c->unit, "deg") && c->limit == LIMIT_DEG);
        CHECK(!strcmp(c->angle, "fppa") && c->cue[0] && c->meaning[0] && c->source[0]);
        CHECK_NEAR(c->max_value, t.max, tol);
        CHECK(c->reps == REPS && c->n_rep_max == REPS);
        for (int k = 0; k < c->n_rep_max && k < REPS; k++)
            CHECK_NEAR(c->rep_max[k], t.rep_max[k], tol);
        CHECK(abs((int)c->frames_flagged - t.flagged) <= tol_frames);
        if (flagged[r]) {
            CHECK(c->reps_flagged == REPS && c->share_frames > 0.1 && c->share_frames < 0.9);
            CHECK(t.max > 2 * LIMIT_DEG - 1); /* the scene is well past the limit */
        } else {
            CHECK(c->reps_flagged == 0 && c->frames_flagged == 0 && c->share_frames == 0);
            CHECK(t.max < 2.0 && c->max_value < 2.0); /* and well below it */
        }
    }
}

/* Live: `uri` played through the online engine (online.h) as `romcap live` runs it,
 * without a window; per rule, the views it flags and its largest amount. */
typedef struct live_seen {
    int views, active[2];
    double max_amount[2];
    char cue[2][RC_LABEL_CAP];
} live_seen;

static void seen_view(const rc_online_view *v, const rc_model *m, live_seen *s)
{
    s->views++;
    for (int r = 0; r < 2 && r < v->comp.n; r++) {
        if (v->comp.active[r]) {
            s->active[r]++;
            snprintf(s->cue[r], sizeof s->cue[r], "%s", m->comp[r].cue);
        }
        if (isfinite(v->comp.amount[r]))
            s->max_amount[r] = fmax(s->max_amount[r], v->comp.amount[r]);
    }
}

static void play_live(const char *uri, const rc_model *m, live_seen *s)
{
    memset(s, 0, sizeof *s);
    s->max_amount[0] = s->max_amount[1] = -INFINITY;
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
            seen_view(v, m, s);
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

/* The live engine on each scene: `flagged` as in scene(). Its baseline is the value
 * while the squat rests at its start (offline: the repetition's first frame), so its
 * largest amount is compared with the truth more loosely (tol). */
static void live(const rc_model *m, const char *name, const int flagged[2], double tol)
{
    char uri[256];
    snprintf(uri, sizeof uri, "synthetic:%s" QUERY, name);
    live_seen s;
    play_live(uri, m, &s);
    for (int r = 0; r < 2; r++) {
        truth t;
        truth_of(uri, r == 0 ? DROP : LEAN, 0, &t);
        fprintf(stderr, "live %s %s: %d of %d views flagged, largest amount %.3f (truth %.3f)\n",
                name, m->comp[r].name, s.active[r], s.views, s.max_amount[r], t.max);
        CHECK(s.views > 120);
        CHECK_NEAR(s.max_amount[r], t.max, tol);
        if (flagged[r]) {
            CHECK(s.active[r] > 20 && !strcmp(s.cue[r], m->comp[r].cue));
        } else {
            CHECK(s.active[r] == 0);
        }
    }
}

int main(void)
{
    char root[] = "/tmp/romcap_sls_XXXXXX";
    if (!mkdtemp(root))
        return 1;
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_resolve("single_leg_squat", MODELS_DIR, &m, &err) != RC_OK) {
        CHECK_MSG(0, "%s", err.msg);
        return TEST_RESULT();
    }
    CHECK(m.n_comps == 2 && m.n_angles == 3); /* the rules, and the angles kept as measures */
    static const int drop[2] = {1, 0}, lean[2] = {0, 1}, level[2] = {0, 0};
    /* Measured (Debug+ASan, 2026-12-07; the lines printed): maxima off by at most
     * 0.09 deg, repetitions' maxima by 0.14 deg, frames past the limit by 1 (75 of
     * truth 76): bounds 0.6 deg (the issue asks 1 deg) and 4 frames. */
    scene(root, &m, "single_leg_squat_drop", 0, drop, 0.6, 4);
    scene(root, &m, "single_leg_squat_lean", 0, lean, 0.6, 4);
    scene(root, &m, "single_leg_squat_level", 0, level, 0.6, 4);
    /* The left leg (the scene mirrored, the side detected from the ASIS order): the same
     * rules read in the model's orientation. Measured: as above (0.09 deg, 1 frame). */
    scene(root, &m, "single_leg_squat_drop", 1, drop, 0.6, 4);
    /* Live, measured: 75 / 83 of 180 views flagged with the compensation, none
     * without; the largest live amount within 0.09 deg of the truth (10.590 for 10.648,
     * 12.398 for 12.312, 1.678 / 1.579 for 1.697 / 1.610 with nothing to flag): bound
     * 0.4 deg (4x). The live baseline is the value at the lowest movement angle of the
     * rest before each squat (online_comp.c); before that it was the last rest frame
     * before the online metrics called the leg started, 1.6-2.0 deg under the truth. */
    live(&m, "single_leg_squat_drop", drop, 0.4);
    live(&m, "single_leg_squat_lean", lean, 0.4);
    live(&m, "single_leg_squat_level", level, 0.4);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        return 1;
    return TEST_RESULT();
}
