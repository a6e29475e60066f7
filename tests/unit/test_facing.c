/* test_facing.c - facing detection (facing.h) against the synthetic scenes' truth.
 *
 * Every bundled model's scene is rendered as set up and mirrored (synth flip=1: the
 * other side, or the subject facing the other way; for the frontal scenes the same
 * picture as the other view). The detector is fed the exact marker centres frame by
 * frame, as live would; it must call the mirror the scene was made with, and the
 * angles read with that call must equal the truth, which the synthetic renderer sets
 * directly (without romcap's kinematics). Read without the call, a mirrored scene
 * must be far off: that is what the detector is for. Scenes with too little movement
 * must come out undetermined with the reason, unless the model's marker geometry
 * (left_right) decides alone. The wrap watch is checked on hand-made series and on
 * the case: a left knee read unmirrored crosses the wrap boundary exactly
 * when the true flexion passes 180 deg from the wrap centre.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "romcap/facing.h"
#include "romcap/kinematics.h"
#include "romcap/model.h"
#include "romcap/synth.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"
#define BASE_QUERY "size=640x360&fps=30&seconds=8"

typedef struct scene_run {
    rc_facing_result res;
    double rms_chosen;     /* angle error read with the detector's call (or the default) */
    double max_unmirrored; /* largest error read as set up (no mirror) */
    int64_t wrap_first;    /* first wrap jump of the chosen reading; -1 if none */
    int64_t wrap_unmirrored;
    int64_t first_over; /* first frame whose true angle is past wrap centre - 180
                           read unmirrored (zero-offset angles); -1 if never */
    int64_t first_peak; /* frame of the first repetition's peak (truth) */
    double fps;
    bool mirror;
    rc_mirror_source source;
} scene_run;

/* Marker positions of the model from the truth, by name; false if one is missing. */
static bool truth_positions(const rc_model *m, const rc_truth *tr, rc_vec2 *pos, bool *valid)
{
    for (int i = 0; i < m->n_markers; i++) {
        int k = -1;
        for (int j = 0; j < tr->n_markers; j++)
            if (!strcmp(tr->marker[j].name, m->marker[i].name))
                k = j;
        if (k < 0 && m->marker[i].optional) { /* not worn (issue 16): never seen */
            pos[i] = (rc_vec2){NAN, NAN};
            valid[i] = false;
            continue;
        }
        if (k < 0)
            return false;
        pos[i] = (rc_vec2){tr->marker[k].x_px, tr->marker[k].y_px};
        valid[i] = tr->marker[k].visible != 0;
    }
    return true;
}

static double wrap180(double d)
{
    return fmod(fmod(d, 360.0) + 540.0, 360.0) - 180.0;
}

/* Feeds scene `scene` with options `query` to a detector for `model` as live would,
 * then reads every frame's angle with the resulting call. */
static bool run_scene(const char *scene, const char *model, const char *query, scene_run *out)
{
    memset(out, 0, sizeof *out);
    rc_model m;
    rc_err err = {{0}};
    char uri[256];
    snprintf(uri, sizeof uri, "synthetic:%s?%s", scene, query);
    rc_synth *s = rc_synth_create_uri(uri, &err);
    CHECK_MSG(s != NULL, "%s: %s", uri, err.msg);
    rc_status st = rc_model_resolve(model, MODELS_DIR, &m, &err);
    CHECK_MSG(st == RC_OK, "%s: %s", model, err.msg);
    if (!s || st != RC_OK) {
        rc_synth_destroy(s);
        return false;
    }
    rc_synth_options o;
    rc_synth_get_options(s, &o);
    out->fps = o.fps;
    rc_facing_state fs;
    CHECK(rc_facing_init(&fs, &m, NULL, &err) == RC_OK);
    int64_t n = rc_synth_frame_count(s);
    rc_truth tr;
    rc_vec2 pos[RC_MAX_MARKERS];
    bool valid[RC_MAX_MARKERS];
    for (int64_t i = 0; i < n && !rc_facing_done(&fs); i++) {
        rc_synth_truth(s, i, &tr);
        CHECK(truth_positions(&m, &tr, pos, valid));
        rc_facing_feed(&fs, i, (double)i / o.fps, pos, valid, NULL);
    }
    rc_facing_finish(&fs);
    out->res = *rc_facing_get(&fs);
    out->mirror = rc_facing_choose(RC_MIRROR_AUTO, &out->res, &out->source, NULL);

    rc_kin_options chosen = rc_kin_options_default(), plain = rc_kin_options_default();
    chosen.mirror = out->mirror;
    rc_wrap_watch wc, wu;
    rc_wrap_watch_init(&wc);
    rc_wrap_watch_init(&wu);
    const rc_model_angle *a = &m.angle[0];
    double se = 0, best = -1e9;
    out->first_over = out->first_peak = -1;
    for (int64_t i = 0; i < n; i++) {
        rc_synth_truth(s, i, &tr);
        truth_positions(&m, &tr, pos, valid);
        double vc = rc_kin_angle_deg(&m, 0, pos, valid, &chosen);
        double vu = rc_kin_angle_deg(&m, 0, pos, valid, &plain);
        double truth = tr.angle_deg[0];
        se += wrap180(vc - truth) * wrap180(vc - truth);
        if (fabs(wrap180(vu - truth)) > out->max_unmirrored)
            out->max_unmirrored = fabs(wrap180(vu - truth));
        rc_wrap_watch_feed(&wc, i, vc);
        rc_wrap_watch_feed(&wu, i, vu);
        /* Read unmirrored, a mirrored zero-offset angle is -truth: it leaves the
         * range (wrap centre - 180, ...] once truth > 180 - wrap centre. */
        if (out->first_over < 0 && truth > 180.0 - a->wrap_center_deg)
            out->first_over = i;
        if (out->first_peak < 0 && truth < best - 1e-9)
            out->first_peak = i - 1; /* the first frame after which it goes down */
        if (truth > best)
            best = truth;
    }
    out->rms_chosen = sqrt(se / (double)n);
    out->wrap_first = wc.first_frame;
    out->wrap_unmirrored = wu.first_frame;
    rc_synth_destroy(s);
    return true;
}

/* Every scene with a model, as set up and mirrored: the call, the view, the angles. */
static void test_scenes_both_ways(void)
{
    int tested = 0;
    for (int i = 0; i < rc_synth_scene_count(); i++) {
        const char *scene = rc_synth_scene_name(i), *model = rc_synth_scene_model(i);
        if (!model[0] || !strcmp(model, "lumbar_flexion_schober"))
            continue; /* a distance reads the same mirrored: no facing rule (test_distance.c) */
        for (int flip = 0; flip < 2; flip++) {
            char q[128];
            snprintf(q, sizeof q, BASE_QUERY "&flip=%d", flip);
            scene_run r;
            if (!run_scene(scene, model, q, &r))
                continue;
            tested++;
            rc_model m;
            rc_err err = {{0}};
            rc_model_resolve(model, MODELS_DIR, &m, &err);
            printf("%-24s flip=%d: mirror %-3s facing %-11s side %-5s conf %.2f at %.2f s "
                   "(frame %lld); RMS %.2g deg; unmirrored max error %.1f deg\n  %s\n",
                   scene, flip, rc_mirror_call_name(r.res.mirror), rc_facing_name(r.res.facing),
                   r.res.side, r.res.confidence, r.res.t_s, (long long)r.res.frame, r.rms_chosen,
                   r.max_unmirrored, r.res.evidence);
            CHECK_MSG(r.res.mirror == (flip ? RC_MIRROR_YES : RC_MIRROR_NO), "%s flip=%d: %s",
                      scene, flip, r.res.evidence);
            CHECK(r.source == RC_MIRROR_DETECTED && r.mirror == (flip == 1));
            CHECK(r.res.confidence >= 0.5 && r.res.confidence <= 1.0);
            CHECK(!strcmp(r.res.side, flip ? "left" : "right"));
            rc_facing want = m.view == RC_VIEW_SAGITTAL
                                 ? (flip ? RC_FACING_IMAGE_LEFT : RC_FACING_IMAGE_RIGHT)
                             : m.facing.from == RC_FROM_BEHIND ? RC_FACING_BACK
                                                               : RC_FACING_FRONT;
            CHECK_MSG(r.res.facing == want, "%s flip=%d: facing %s", scene, flip,
                      rc_facing_name(r.res.facing));
            /* Decided within the first repetition (before its peak). */
            CHECK_MSG(r.res.frame >= 0 && r.res.frame <= r.first_peak,
                      "%s flip=%d: decided at frame %lld, first peak at %lld", scene, flip,
                      (long long)r.res.frame, (long long)r.first_peak);
            /* Exact positions: the angles must be the truth (usual e2e bound 0.5 deg). */
            CHECK_MSG(r.rms_chosen < 1e-6, "%s flip=%d: RMS %g", scene, flip, r.rms_chosen);
            CHECK(r.wrap_first < 0);
            /* The reference reading is right as set up and far off mirrored. */
            if (flip) /* the squat without valgus reaches 3 deg of FPPA: read unmirrored,
                         its angles are off by about twice theirs (6 deg measured) */
                CHECK_MSG(r.max_unmirrored > (strcmp(scene, "single_leg_squat_neutral") ? 20 : 4),
                          "%s: %g", scene, r.max_unmirrored);
            else
                CHECK(r.max_unmirrored < 1e-6);
        }
    }
    /* with single_leg_squat_neutral and the squat's _drop, _lean and _level scenes; not
     * the Schober distance */
    CHECK(tested == 2 * 19);
}

/* The case: a left knee read without mirror wraps (-112 .. +247) at the frame
 * where the true flexion passes 180 - wrap centre (112.5 deg). */
static void test_knee_wrap_flip(void)
{
    scene_run r;
    if (!run_scene("knee_flexion", "knee_flexion", BASE_QUERY "&flip=1", &r))
        return;
    CHECK(r.first_over > 0);
    CHECK_MSG(r.wrap_unmirrored == r.first_over, "wrap at %lld, truth passes 112.5 at %lld",
              (long long)r.wrap_unmirrored, (long long)r.first_over);
    CHECK(r.wrap_first < 0); /* read mirrored as detected: no jump */
}

/* Too little movement: undetermined with the reason, the user's choice kept. The
 * ankle and the hip abduction still decide from their marker pair (left_right). */
static void test_too_little_movement(void)
{
    static const struct {
        const char *scene;
        bool pair_decides;
    } cases[] = {{"knee_flexion", false},       {"hip_flexion", false},
                 {"elbow_flexion", false},      {"shoulder_flexion", false},
                 {"shoulder_abduction", false}, {"trunk_lateral_flexion", false},
                 {"ankle_dorsiflexion", true},  {"hip_abduction", true}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int flip = 0; flip < 2; flip++) {
            char q[128];
            snprintf(q, sizeof q, BASE_QUERY "&amp=0.05&flip=%d", flip);
            scene_run r;
            if (!run_scene(cases[i].scene, cases[i].scene, q, &r))
                continue;
            if (cases[i].pair_decides) {
                CHECK_MSG(r.res.mirror == (flip ? RC_MIRROR_YES : RC_MIRROR_NO), "%s: %s",
                          cases[i].scene, r.res.evidence);
                CHECK_STR_CONTAINS(r.res.evidence, "clear frames");
                CHECK(r.rms_chosen < 1e-6);
                continue;
            }
            CHECK_MSG(r.res.mirror == RC_MIRROR_UNDETERMINED, "%s flip=%d: %s", cases[i].scene,
                      flip, r.res.evidence);
            CHECK_STR_CONTAINS(r.res.evidence, "too little movement");
            CHECK(r.res.facing == RC_FACING_UNKNOWN && r.res.side[0] == '\0');
            CHECK(r.res.confidence == 0);
            CHECK(r.source == RC_MIRROR_DEFAULT && !r.mirror);
        }
    }
}

/* The window: evidence after window_s does not count; too short a window leaves the
 * knee undetermined, and the same frames fed again decide the same (determinism). */
static void test_window_and_repeat(void)
{
    rc_model m;
    rc_err err = {{0}};
    CHECK(rc_model_resolve("knee_flexion", MODELS_DIR, &m, &err) == RC_OK);
    rc_synth *s = rc_synth_create_uri("synthetic:knee_flexion?" BASE_QUERY "&flip=1", &err);
    CHECK(s != NULL);
    if (!s)
        return;
    rc_facing_config cfg = rc_facing_config_default();
    cfg.window_s = 0.5; /* the first repetition starts at 0.56 s */
    rc_facing_result first = {0};
    for (int pass = 0; pass < 3; pass++) {
        rc_facing_state fs;
        CHECK(rc_facing_init(&fs, &m, pass < 2 ? &cfg : NULL, &err) == RC_OK);
        rc_truth tr;
        rc_vec2 pos[RC_MAX_MARKERS];
        bool valid[RC_MAX_MARKERS];
        int64_t i = 0;
        while (!rc_facing_done(&fs) && rc_synth_truth(s, i, &tr) == RC_OK) {
            truth_positions(&m, &tr, pos, valid);
            rc_facing_feed(&fs, i, 100.0 + i / 30.0, pos, valid, NULL); /* any time origin */
            i++;
        }
        rc_facing_finish(&fs);
        const rc_facing_result *r = rc_facing_get(&fs);
        if (pass == 0) {
            first = *r;
            CHECK(r->mirror == RC_MIRROR_UNDETERMINED);
            CHECK_STR_CONTAINS(r->evidence, "too little movement");
            CHECK(r->frame == 15); /* 0.5 s at 30 fps: frames 0..15 */
        } else if (pass == 1) {
            CHECK(!memcmp(&first, r, sizeof first));
        } else {
            CHECK(r->mirror == RC_MIRROR_YES);
        }
    }
    rc_synth_destroy(s);
}

/* A calibrated vertical: the whole scene rotated by 20 deg with `down` rotated too
 * reads the same (the left/right rule follows the calibrated horizontal). */
static void test_rotated_vertical(void)
{
    rc_model m;
    rc_err err = {{0}};
    CHECK(rc_model_resolve("hip_abduction", MODELS_DIR, &m, &err) == RC_OK);
    rc_facing_config cfg = rc_facing_config_default();
    cfg.min_excursion_deg = 60; /* the movement cannot vote: only left_right decides */
    for (int flip = 0; flip < 2; flip++) {
        char uri[160];
        snprintf(uri, sizeof uri, "synthetic:hip_abduction?" BASE_QUERY "&flip=%d", flip);
        rc_synth *s = rc_synth_create_uri(uri, &err);
        CHECK(s != NULL);
        if (!s)
            continue;
        const double r = 70 * 3.14159265358979323846 / 180, c = cos(r), sn = sin(r);
        rc_kin_options o = rc_kin_options_default();
        o.down = (rc_vec2){-sn, c}; /* (0, 1) turned by r */
        rc_facing_state fs;
        CHECK(rc_facing_init(&fs, &m, &cfg, &err) == RC_OK);
        rc_truth tr;
        rc_vec2 pos[RC_MAX_MARKERS];
        bool valid[RC_MAX_MARKERS];
        for (int64_t i = 0; rc_synth_truth(s, i, &tr) == RC_OK && !rc_facing_done(&fs); i++) {
            truth_positions(&m, &tr, pos, valid);
            for (int k = 0; k < m.n_markers; k++) /* rotate by r about the origin */
                pos[k] = (rc_vec2){c * pos[k].x - sn * pos[k].y, sn * pos[k].x + c * pos[k].y};
            rc_facing_feed(&fs, i, i / 30.0, pos, valid, &o);
        }
        rc_facing_finish(&fs);
        const rc_facing_result *res = rc_facing_get(&fs);
        CHECK_MSG(res->mirror == (flip ? RC_MIRROR_YES : RC_MIRROR_NO), "%s", res->evidence);
        /* The same positions against the image vertical: the pelvis is 70 deg from
         * the image horizontal, never clearly side by side. */
        CHECK(rc_facing_init(&fs, &m, &cfg, &err) == RC_OK);
        for (int64_t i = 0; rc_synth_truth(s, i, &tr) == RC_OK; i++) {
            truth_positions(&m, &tr, pos, valid);
            for (int k = 0; k < m.n_markers; k++)
                pos[k] = (rc_vec2){c * pos[k].x - sn * pos[k].y, sn * pos[k].x + c * pos[k].y};
            rc_facing_feed(&fs, i, i / 30.0, pos, valid, NULL);
        }
        rc_facing_finish(&fs);
        CHECK(rc_facing_get(&fs)->mirror == RC_MIRROR_UNDETERMINED);
        CHECK_STR_CONTAINS(rc_facing_get(&fs)->evidence, "never clearly side by side");
        rc_synth_destroy(s);
    }
}

/* A model in memory: markers a, b, c (angle a-b-c, three_point straight, ccw) and d,
 * with the given facing object (or none). */
static bool small_model(const char *facing, rc_model *m)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"format\": \"romcap-model/1\", \"name\": \"t\", \"title\": \"T\", "
             "\"description\": \"d\", \"view\": \"sagittal\", \"side\": \"right\", "
             "\"markers\": [{\"name\": \"a\", \"label\": \"A\", \"kind\": \"bright\"}, "
             "{\"name\": \"b\", \"label\": \"B\", \"kind\": \"bright\"}, "
             "{\"name\": \"c\", \"label\": \"C\", \"kind\": \"bright\"}, "
             "{\"name\": \"d\", \"label\": \"D\", \"kind\": \"bright\"}], "
             "\"angles\": [{\"name\": \"x\", \"label\": \"X\", \"type\": \"three_point\", "
             "\"ref\": \"straight\", \"markers\": [\"a\", \"b\", \"c\"], \"sign\": \"ccw\", "
             "\"normal\": {\"min\": 0, \"max\": 90, \"source\": \"s\"}}]%s%s}",
             facing ? ", \"facing\": " : "", facing ? facing : "");
    rc_err err = {{0}};
    rc_status st = rc_model_parse(json, strlen(json), "small", m, &err);
    CHECK_MSG(st == RC_OK, "%s", err.msg);
    return st == RC_OK;
}

/* Positions: a above b, c at `deg` counter-clockwise on screen from straight down
 * (the reading as set up is +deg), d at (dx, 0) beside a. */
static void small_pose(double deg, double dx, rc_vec2 *pos)
{
    double r = deg * 3.14159265358979323846 / 180;
    pos[0] = (rc_vec2){0, 0};
    pos[1] = (rc_vec2){0, 100};
    pos[2] = (rc_vec2){100 * sin(r), 100 + 100 * cos(r)};
    pos[3] = (rc_vec2){dx, 0};
}

/* Feeds a ramp of the angle from `from` to `to` deg over n frames at 30 fps. */
static const rc_facing_result *small_run(rc_facing_state *fs, const rc_model *m, double from,
                                         double to, double dx, int n)
{
    rc_err err = {{0}};
    CHECK(rc_facing_init(fs, m, NULL, &err) == RC_OK);
    rc_vec2 pos[4];
    for (int i = 0; i < n && !rc_facing_done(fs); i++) {
        small_pose(from + (to - from) * i / (n - 1), dx, pos);
        rc_facing_feed(fs, i, i / 30.0, pos, NULL, NULL);
    }
    rc_facing_finish(fs);
    return rc_facing_get(fs);
}

static void test_rules_by_hand(void)
{
    rc_model m;
    rc_facing_state fs;
    const rc_facing_result *r;
    /* Movement alone: +40 deg is the reference, -40 the mirror. The vote needs three
     * samples in [15, 135]: ramp 0..40 over 41 frames passes 15 at frame 15. */
    if (small_model("{\"movement\": \"x\"}", &m)) {
        r = small_run(&fs, &m, 0, 40, 0, 41);
        CHECK(r->mirror == RC_MIRROR_NO && r->frame == 17 && r->confidence == 1.0);
        CHECK_STR_CONTAINS(
            r->evidence,
            "x reached +17.0 deg read as set up (+0.0 read mirrored), clear at 0.57 s");
        r = small_run(&fs, &m, 0, -40, 0, 41);
        CHECK(r->mirror == RC_MIRROR_YES && r->frame == 17);
        /* 10 deg the other way first, then 40: decided, confidence 17 / (17 + 10). */
        CHECK(rc_facing_init(&fs, &m, NULL, NULL) == RC_OK);
        rc_vec2 pos[4];
        for (int i = 0; i <= 10; i++) {
            small_pose(-i, 0, pos);
            rc_facing_feed(&fs, i, i / 30.0, pos, NULL, NULL);
        }
        for (int i = 0; i <= 50 && !rc_facing_done(&fs); i++) {
            small_pose(-10 + i, 0, pos);
            rc_facing_feed(&fs, 11 + i, (11 + i) / 30.0, pos, NULL, NULL);
        }
        r = rc_facing_get(&fs);
        CHECK(r->mirror == RC_MIRROR_NO);
        CHECK_NEAR(r->confidence, 17.0 / 27.0, 1e-9);
        /* Undefined frames (a marker lost) neither vote nor break the run. */
        CHECK(rc_facing_init(&fs, &m, NULL, NULL) == RC_OK);
        bool valid[4] = {true, true, true, true};
        for (int i = 0; i <= 40 && !rc_facing_done(&fs); i++) {
            small_pose(i, 0, pos);
            valid[2] = i % 2 == 0;
            rc_facing_feed(&fs, i, i / 30.0, pos, valid, NULL);
        }
        CHECK(rc_facing_get(&fs)->mirror == RC_MIRROR_NO && rc_facing_get(&fs)->frame == 20);
        /* Nothing usable at all. */
        CHECK(rc_facing_init(&fs, &m, NULL, NULL) == RC_OK);
        valid[2] = false;
        for (int i = 0; i < 400; i++)
            CHECK(!rc_facing_feed(&fs, i, i / 30.0, pos, valid, NULL));
        rc_facing_finish(&fs);
        CHECK(rc_facing_get(&fs)->mirror == RC_MIRROR_UNDETERMINED);
        CHECK_STR_CONTAINS(rc_facing_get(&fs)->evidence, "no frame had the markers");
    }
    /* Both rules: they must agree. d on the image right of a (dx > 0) is the
     * reference order for left_right [a, d]. */
    if (small_model("{\"movement\": \"x\", \"left_right\": [\"a\", \"d\"]}", &m)) {
        r = small_run(&fs, &m, 0, 40, 80, 41);
        CHECK(r->mirror == RC_MIRROR_NO && r->confidence == 1.0);
        CHECK_STR_CONTAINS(r->evidence, "a on the image left of d in 18 of 18 clear frames");
        r = small_run(&fs, &m, 0, -40, -80, 41);
        CHECK(r->mirror == RC_MIRROR_YES);
        CHECK(!strcmp(r->side, "left") && r->facing == RC_FACING_IMAGE_LEFT);
        r = small_run(&fs, &m, 0, 40, -80, 41);
        CHECK(r->mirror == RC_MIRROR_UNDETERMINED);
        CHECK_STR_CONTAINS(r->evidence, "undetermined: the rules disagree");
        /* d straight below a: never clear, the movement decides at the window's end
         * (here: the recording's end). */
        r = small_run(&fs, &m, 0, 40, 0, 41);
        CHECK(r->mirror == RC_MIRROR_NO && r->frame == 40);
        CHECK_STR_CONTAINS(r->evidence, "never clearly side by side");
    }
    /* No rule: decided at once, undetermined. */
    if (small_model(NULL, &m)) {
        CHECK(rc_facing_init(&fs, &m, NULL, NULL) == RC_OK);
        CHECK(rc_facing_done(&fs));
        CHECK(rc_facing_get(&fs)->mirror == RC_MIRROR_UNDETERMINED);
        CHECK_STR_CONTAINS(rc_facing_get(&fs)->evidence, "model t has no facing rule");
        rc_vec2 pos[4];
        small_pose(40, 0, pos);
        CHECK(rc_facing_feed(&fs, 0, 0, pos, NULL, NULL));
    }
    /* Bad arguments. */
    rc_err err = {{0}};
    CHECK(rc_facing_init(NULL, &m, NULL, &err) == RC_E_ARG);
    rc_facing_config cfg = rc_facing_config_default();
    cfg.window_s = 0;
    CHECK(rc_facing_init(&fs, &m, &cfg, &err) == RC_E_ARG);
    CHECK_STR_CONTAINS(err.msg, "window 0 s");
}

static void test_choose(void)
{
    rc_facing_result yes = {.mirror = RC_MIRROR_YES}, no = {.mirror = RC_MIRROR_NO};
    rc_facing_result und = {.mirror = RC_MIRROR_UNDETERMINED};
    rc_mirror_source src;
    bool against;
    CHECK(rc_facing_choose(RC_MIRROR_AUTO, &yes, &src, &against) && src == RC_MIRROR_DETECTED);
    CHECK(!against);
    CHECK(!rc_facing_choose(RC_MIRROR_AUTO, &no, &src, NULL) && src == RC_MIRROR_DETECTED);
    CHECK(!rc_facing_choose(RC_MIRROR_AUTO, &und, &src, NULL) && src == RC_MIRROR_DEFAULT);
    CHECK(!rc_facing_choose(RC_MIRROR_AUTO, NULL, &src, NULL) && src == RC_MIRROR_DEFAULT);
    CHECK(rc_facing_choose(RC_MIRROR_FORCE_ON, &no, &src, &against) && src == RC_MIRROR_GIVEN);
    CHECK(against);
    CHECK(!rc_facing_choose(RC_MIRROR_FORCE_OFF, &no, &src, &against) && !against);
    CHECK(!rc_facing_choose(RC_MIRROR_FORCE_OFF, &yes, &src, &against) && against);
    CHECK(rc_facing_choose(RC_MIRROR_FORCE_ON, &und, &src, &against) && !against);
    CHECK(!strcmp(rc_mirror_source_name(RC_MIRROR_DETECTED), "detected"));
    CHECK(!strcmp(rc_mirror_source_name(RC_MIRROR_GIVEN), "given"));
    CHECK(!strcmp(rc_facing_name(RC_FACING_IMAGE_LEFT), "image_left"));
    CHECK(!strcmp(rc_mirror_call_name(RC_MIRROR_UNDETERMINED), "undetermined"));
    /* What a given mirror means for each view. */
    rc_model m;
    rc_err err = {{0}};
    rc_facing f;
    char side[8];
    CHECK(rc_model_resolve("knee_flexion", MODELS_DIR, &m, &err) == RC_OK);
    rc_facing_implied(&m, true, &f, side);
    CHECK(f == RC_FACING_IMAGE_LEFT && !strcmp(side, "left"));
    rc_facing_implied(&m, false, &f, side);
    CHECK(f == RC_FACING_IMAGE_RIGHT && !strcmp(side, "right"));
    CHECK(rc_model_resolve("trunk_lateral_flexion", MODELS_DIR, &m, &err) == RC_OK);
    rc_facing_implied(&m, true, &f, side);
    CHECK(f == RC_FACING_BACK && !strcmp(side, "left"));
    m.facing.from = RC_FROM_EITHER;
    rc_facing_implied(&m, false, &f, side);
    CHECK(f == RC_FACING_UNKNOWN && side[0] == '\0');
}

static void test_wrap_watch(void)
{
    /* A reading climbing past 247.5 (wrap centre 67.5) reappears at -112.x. */
    const double up[] = {200, 230, 245, -110, -100, NAN, -90};
    int n = 0;
    CHECK(rc_wrap_find(up, 7, 1, &n) == 3 && n == 1);
    /* Back and forth: two jumps, the first at index 2. */
    const double bf[] = {170, 178, -179, -175, 179};
    CHECK(rc_wrap_find(bf, 5, 1, &n) == 2 && n == 2);
    /* Exactly 180 apart is not a jump; undefined samples are skipped over. */
    const double ok[] = {0, NAN, 180, NAN, NAN, 0, 90, 179.9, -0.05};
    CHECK(rc_wrap_find(ok, 9, 1, &n) == -1 && n == 0);
    /* One column of an interleaved frames x 2 angles array. */
    const double two[] = {10, 170, 11, 179, 12, -179, 13, -170};
    CHECK(rc_wrap_find(two, 4, 2, NULL) == -1);
    CHECK(rc_wrap_find(two + 1, 4, 2, &n) == 2 && n == 1);
    /* Fed frame by frame with frame numbers. */
    rc_wrap_watch w;
    rc_wrap_watch_init(&w);
    CHECK(!rc_wrap_watch_feed(&w, 100, 120));
    CHECK(!rc_wrap_watch_feed(&w, 101, NAN));
    CHECK(rc_wrap_watch_feed(&w, 102, -121));
    CHECK(w.first_frame == 102 && w.first_from_deg == 120 && w.first_to_deg == -121);
    CHECK(rc_wrap_find(NULL, 3, 1, &n) == -1 && n == 0);
}

int main(void)
{
    if (!test_path_exists(MODELS_DIR))
        TEST_SKIP("no models folder at %s", MODELS_DIR);
    test_scenes_both_ways();
    test_knee_wrap_flip();
    test_too_little_movement();
    test_window_and_repeat();
    test_rotated_vertical();
    test_rules_by_hand();
    test_choose();
    test_wrap_watch();
    return TEST_RESULT();
}
