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
 *              higher on screen positive;
 *   LEAN_BACK_FLIPPED  LEAN_BACK of a subject facing -X (flip=1): shoulder at +X. */
enum { LEAN_BACK, THIGH, LEVEL, LEAN_BACK_FLIPPED };

static double line_deg(int kind, const rc_truth *t, int a, int b)
{
    double dx = t->marker[b].plane_x - t->marker[a].plane_x;
    double down = t->marker[b].plane_y - t->marker[a].plane_y;
    switch (kind) {
    case LEAN_BACK: return atan2(-dx, -down) * 180 / PI;
    case THIGH: return atan2(dx, down) * 180 / PI;
    case LEAN_BACK_FLIPPED: return atan2(dx, -down) * 180 / PI;
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

/* A model with one rule of each measure type, and a rule on an absent marker. */
static const char *const MODEL_JSON =
    "{\"format\": \"romcap-model/1\", \"name\": \"t\", \"title\": \"T\", \"description\": \"d\","
    " \"view\": \"sagittal\", \"side\": \"right\","
    " \"markers\": [{\"name\": \"hip\", \"label\": \"H\", \"color\": \"#1eaa46\"},"
    "  {\"name\": \"shoulder\", \"label\": \"S\", \"color\": \"#ebc81e\"},"
    "  {\"name\": \"elbow\", \"label\": \"E\", \"color\": \"#c828a0\", \"optional\": false}],"
    " \"angles\": [{\"name\": \"flex\", \"label\": \"F\", \"type\": \"three_point\","
    "  \"ref\": \"closed\", \"markers\": [\"hip\", \"shoulder\", \"elbow\"], \"sign\": \"ccw\","
    "  \"normal\": {\"min\": 0, \"max\": 180, \"source\": \"s\"}}],"
    " \"compensations\": ["
    "  {\"name\": \"lean\", \"label\": \"L\", \"angle\": \"flex\", \"measure\": {\"type\":"
    "   \"segment_vertical\", \"markers\": [\"hip\", \"shoulder\"]}, \"direction\": \"positive\","
    "   \"limit\": 10, \"unit\": \"deg\", \"source\": \"S\", \"meaning\": \"M\", \"cue\": \"C\"},"
    "  {\"name\": \"level\", \"label\": \"L\", \"measure\": {\"type\": \"segment_horizontal\","
    "   \"markers\": [\"hip\", \"shoulder\"], \"sign\": \"cw\"}, \"baseline\": \"absolute\","
    "   \"direction\": \"either\", \"limit\": 5, \"unit\": \"deg\", \"source\": \"S\","
    "   \"meaning\": \"M\", \"cue\": \"C\"},"
    "  {\"name\": \"rise\", \"label\": \"R\", \"measure\": {\"type\": \"displacement\","
    "   \"marker\": \"shoulder\", \"axis\": \"y\"}, \"direction\": \"positive\", \"limit\": 20,"
    "   \"unit\": \"mm\", \"source\": \"S\", \"meaning\": \"M\", \"cue\": \"C\"},"
    "  {\"name\": \"fwd\", \"label\": \"F\", \"measure\": {\"type\": \"displacement\","
    "   \"marker\": \"elbow\", \"axis\": \"x\"}, \"direction\": \"negative\", \"limit\": 20,"
    "   \"unit\": \"mm\", \"source\": \"S\", \"meaning\": \"M\", \"cue\": \"C\"},"
    "  {\"name\": \"ang\", \"label\": \"A\", \"measure\": {\"type\": \"angle\", \"angle\":"
    "   \"flex\"}, \"baseline\": \"absolute\", \"direction\": \"positive\", \"limit\": 90,"
    "   \"unit\": \"deg\", \"source\": \"S\", \"meaning\": \"M\", \"cue\": \"C\"},"
    "  {\"name\": \"hike\", \"label\": \"H\", \"measure\": {\"type\": \"segment_horizontal\","
    "   \"markers\": [\"shoulder\", \"acromion_l\"]}, \"direction\": \"positive\", \"limit\": 8,"
    "   \"unit\": \"deg\", \"source\": \"S\", \"meaning\": \"M\", \"cue\": \"C\"}]}";

static void test_parse(void)
{
    rc_model m;
    rc_err err = {{0}};
    CHECK_MSG(rc_model_parse(MODEL_JSON, strlen(MODEL_JSON), "t.json", &m, &err) == RC_OK, "%s",
              err.msg);
    CHECK(m.n_comps == 6);
    CHECK(m.comp[0].type == RC_COMP_SEGMENT_VERTICAL && m.comp[0].ref == RC_REF_UP &&
          m.comp[0].sign == 1 && m.comp[0].angle == 0 && m.comp[0].direction == 1 &&
          m.comp[0].baseline == RC_COMP_REP_START && m.comp[0].limit == 10);
    CHECK(m.comp[1].ref == RC_REF_RIGHT && m.comp[1].sign == -1 && m.comp[1].angle == -1 &&
          m.comp[1].baseline == RC_COMP_ABSOLUTE && m.comp[1].direction == 0);
    CHECK(m.comp[2].type == RC_COMP_DISPLACEMENT && m.comp[2].axis == 1 && m.comp[2].marker[0] == 1);
    CHECK(m.comp[4].type == RC_COMP_ANGLE && m.comp[4].of_angle == 0);
    CHECK(!m.marker[2].optional && !m.comp[0].missing[0]);
    /* A marker the model lacks: parsed, disabled, named. */
    char note[RC_TEXT_CAP];
    CHECK(!strcmp(m.comp[5].missing, "acromion_l") && m.comp[5].marker[1] == -1);
    CHECK(!rc_comp_enabled(&m, 5, NULL, note, sizeof note));
    CHECK_STR_CONTAINS(note, "marker 'acromion_l' is not in the model");
    bool seen[3] = {true, true, false};
    CHECK(rc_comp_enabled(&m, 0, seen, note, sizeof note));
    CHECK(!rc_comp_enabled(&m, 3, seen, note, sizeof note));
    CHECK_STR_CONTAINS(note, "marker 'elbow' was never seen");
    /* Refusals name the field. */
    static const struct {
        const char *from, *to, *msg;
    } bad[] = {
        {"\"unit\": \"mm\", \"source\": \"S\"", "\"unit\": \"deg\", \"source\": \"S\"",
         "compensations[2].unit: 'deg' for a displacement measure (expected \"mm\")"},
        {"\"segment_vertical\"", "\"segment_diagonal\"",
         "compensations[0].measure.type: unknown value 'segment_diagonal'"},
        {"\"angle\": \"flex\", \"measure\"", "\"angle\": \"knee\", \"measure\"",
         "compensations[0].angle: unknown angle 'knee'"},
        {"\"direction\": \"either\"", "\"direction\": \"up\"",
         "compensations[1].direction: unknown value 'up'"},
        {"\"name\": \"level\"", "\"name\": \"lean\"",
         "compensations[1].name: duplicate rule name 'lean'"},
        {"\"optional\": false", "\"optional\": 1", "markers[2].optional: expected true or false"},
        {"\"cue\": \"C\"}]", "\"colour\": \"C\"}]", "compensations[5]: unknown field 'colour'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[6000];
        const char *at = strstr(MODEL_JSON, bad[i].from);
        CHECK(at != NULL);
        if (!at)
            continue;
        snprintf(text, sizeof text, "%.*s%s%s", (int)(at - MODEL_JSON), MODEL_JSON, bad[i].to,
                 at + strlen(bad[i].from));
        CHECK(rc_model_parse(text, strlen(text), "t.json", &m, &err) == RC_E_FORMAT);
        CHECK_STR_CONTAINS(err.msg, bad[i].msg);
    }
}

/* Each measure type on positions built by hand (plane units, y down): the trunk line
 * leaning back 20 deg (shoulder behind the hip, subject facing +X), mirrored, the
 * shoulder risen, the elbow moved, another angle. */
static void test_types(void)
{
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_parse(MODEL_JSON, strlen(MODEL_JSON), "t.json", &m, &err) != RC_OK)
        return;
    double s20 = sin(20 * PI / 180), c20 = cos(20 * PI / 180);
    rc_vec2 pos[3] = {{100, 500}, {100 - 400 * s20, 500 - 400 * c20}, {300, 200}};
    rc_kin_options o = rc_kin_options_default();
    CHECK_NEAR(rc_comp_value(&m, 0, pos, NULL, &o, NULL), 20.0, 1e-9);
    /* against the horizontal: 90 + 20 deg counter-clockwise, read clockwise */
    CHECK_NEAR(rc_comp_value(&m, 1, pos, NULL, &o, NULL), -110.0, 1e-9);
    CHECK_NEAR(rc_comp_value(&m, 2, pos, NULL, &o, NULL), -(500 - 400 * c20), 1e-9);
    CHECK_NEAR(rc_comp_value(&m, 3, pos, NULL, &o, NULL), 300.0, 1e-9);
    double ang[1] = {42.5};
    CHECK_NEAR(rc_comp_value(&m, 4, pos, NULL, &o, ang), 42.5, 1e-12);
    CHECK(isnan(rc_comp_value(&m, 5, pos, NULL, &o, NULL)));
    bool valid[3] = {true, false, true};
    CHECK(isnan(rc_comp_value(&m, 0, pos, valid, &o, NULL)));
    /* Mirrored (the subject faces -X): the same lean reads the same. */
    rc_vec2 mir[3] = {{-100, 500}, {-100 + 400 * s20, 500 - 400 * c20}, {-300, 200}};
    o.mirror = true;
    CHECK_NEAR(rc_comp_value(&m, 0, mir, NULL, &o, NULL), 20.0, 1e-9);
    CHECK_NEAR(rc_comp_value(&m, 3, mir, NULL, &o, NULL), 300.0, 1e-9);
    /* A tilted vertical (a calibration's plumb line) turns the reference with it. */
    o.mirror = false;
    o.down = (rc_vec2){s20, c20};
    rc_vec2 up[3] = {{0, 0}, {-400 * s20, -400 * c20}, {0, 0}};
    CHECK_NEAR(rc_comp_value(&m, 0, up, NULL, &o, NULL), 0.0, 1e-9);
    /* Amounts: direction, wrap across 180, absolute. */
    CHECK_NEAR(rc_comp_amount(&m.comp[0], 25, 5), 20, 1e-12);
    CHECK_NEAR(rc_comp_amount(&m.comp[0], -175, 175), 10, 1e-9);
    CHECK_NEAR(rc_comp_amount(&m.comp[3], 280, 300), 20, 1e-12);
    CHECK_NEAR(rc_comp_amount(&m.comp[1], -7, 100), 7, 1e-12);
}

/* The run's judgement on an exact sequence: two repetitions of 10 frames, each rising
 * from its own start, the first by 4, the second by 14 (limit 10). */
static void test_judge(void)
{
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_parse(MODEL_JSON, strlen(MODEL_JSON), "t.json", &m, &err) != RC_OK)
        return;
    double t[24], v[24];
    for (int i = 0; i < 24; i++) {
        t[i] = 10 + 0.1 * i;
        v[i] = i < 12 ? 3 + 4 * sin(PI * i / 11) : -2 + 14 * sin(PI * (i - 12) / 11);
    }
    v[17] = NAN; /* an unusable frame is not judged */
    int64_t i0[2] = {0, 12}, i1[2] = {11, 23};
    rc_comp_judgement j;
    rc_comp_judge(&m.comp[0], t, v, 24, i0, i1, 2, &j);
    CHECK(j.reps == 2 && j.reps_flagged == 1 && j.frames == 23);
    CHECK_NEAR(j.rep_max[0], 4 * sin(PI * 5 / 11), 1e-12);
    CHECK_NEAR(j.max_amount, 14 * sin(PI * 6 / 11), 1e-12);
    CHECK_NEAR(j.max_t_s, 10 + 0.1 * 18, 1e-12);
    int past = 0;
    for (int i = 12; i < 24; i++)
        past += i != 17 && 14 * sin(PI * (i - 12) / 11) > 10;
    CHECK(j.frames_flagged == past);
    CHECK_NEAR(j.share_frames, past / 23.0, 1e-12);
    /* No repetition found: the run's first usable value is the baseline. */
    rc_comp_judge(&m.comp[0], t, v, 24, NULL, NULL, 0, &j);
    CHECK(j.reps == 0 && j.frames == 23);
    CHECK_NEAR(j.max_amount, -2 + 14 * sin(PI * 6 / 11) - 3, 1e-12);
}

/* summary.json's "compensations": written by rc_summary_json, read back field by field;
 * absent when the run judged none. */
static void test_summary_round_trip(void)
{
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_parse(MODEL_JSON, strlen(MODEL_JSON), "t.json", &m, &err) != RC_OK)
        return;
    int64_t frame[3] = {0, 1, 2};
    double ts[3] = {0, 0.1, 0.2}, deg[3] = {10, 20, 30};
    rc_angles an = {.n_angles = 1, .n = 3, .frame = frame, .t_s = ts, .deg = deg};
    snprintf(an.name[0], sizeof an.name[0], "flex");
    static rc_run_info info;
    memset(&info, 0, sizeof info);
    info.input = "x";
    char *text = rc_summary_json(&m, &an, &info, &err);
    CHECK(text && !strstr(text, "compensations"));
    free(text);
    info.n_compensations = 2;
    rc_summary_compensation *c = &info.compensation[0];
    snprintf(c->name, sizeof c->name, "lean");
    snprintf(c->label, sizeof c->label, "Trunk leans back");
    snprintf(c->unit, sizeof c->unit, "deg");
    snprintf(c->angle, sizeof c->angle, "flex");
    snprintf(c->cue, sizeof c->cue, "Keep your back straight");
    snprintf(c->source, sizeof c->source, "romcap's choice");
    snprintf(c->meaning, sizeof c->meaning, "M");
    c->enabled = 1;
    c->limit = 10;
    c->max_value = 14.25;
    c->max_t_s = 1.5;
    c->reps = 3;
    c->reps_flagged = 2;
    c->frames = 90;
    c->frames_flagged = 30;
    c->share_frames = 1.0 / 3;
    c->n_rep_max = 3;
    c->rep_max[0] = 4.5, c->rep_max[1] = 14.25, c->rep_max[2] = 11;
    c = &info.compensation[1];
    snprintf(c->name, sizeof c->name, "hike");
    snprintf(c->note, sizeof c->note, "marker 'acromion_l' is not in the model: rule disabled");
    c->limit = 8;
    c->max_value = c->max_t_s = c->share_frames = NAN;
    c->reps = c->reps_flagged = -1;
    text = rc_summary_json(&m, &an, &info, &err);
    static rc_summary s;
    CHECK(text && rc_summary_parse(text, "s.json", &s, &err) == RC_OK);
    free(text);
    CHECK(s.n_compensations == 2);
    c = &s.compensation[0];
    CHECK(!strcmp(c->name, "lean") && !strcmp(c->label, "Trunk leans back") &&
          !strcmp(c->unit, "deg") && !strcmp(c->angle, "flex") &&
          !strcmp(c->cue, "Keep your back straight") && !strcmp(c->source, "romcap's choice"));
    CHECK(c->enabled == 1 && c->limit == 10 && c->max_value == 14.25 && c->max_t_s == 1.5);
    CHECK(c->reps == 3 && c->reps_flagged == 2 && c->frames == 90 && c->frames_flagged == 30);
    CHECK(c->share_frames == 1.0 / 3 && c->n_rep_max == 3 && c->rep_max[1] == 14.25);
    c = &s.compensation[1];
    CHECK(c->enabled == 0 && isnan(c->max_value) && c->reps == -1 && c->n_rep_max == 0);
    CHECK_STR_CONTAINS(c->note, "acromion_l");
}

/* The renderer's compensations against their definition, on the truth alone (no
 * pixels): at every frame the clinical angle is the same with and without, and the
 * moved line turns (or the shoulder shifts) by the maximum times the movement's
 * progress f = (angle - start) / (peak - start). Markers a -> b of the scene. */
static void check_motion(const char *scene, const char *opt, double max, int a, int b,
                         int shift, double start, double peak)
{
    char u0[200], u1[200];
    snprintf(u0, sizeof u0, "synthetic:%s?fps=10", scene);
    snprintf(u1, sizeof u1, "synthetic:%s?fps=10&%s", scene, opt);
    rc_err err = {{0}};
    rc_synth *s0 = rc_synth_create_uri(u0, &err), *s1 = rc_synth_create_uri(u1, &err);
    CHECK_MSG(s0 && s1, "%s", err.msg);
    double worst = 0;
    for (int64_t i = 0; s0 && s1 && i < rc_synth_frame_count(s0); i++) {
        rc_truth t0, t1;
        rc_synth_truth(s0, i, &t0);
        rc_synth_truth(s1, i, &t1);
        CHECK(t0.angle_deg[0] == t1.angle_deg[0]);
        double f = (t0.angle_deg[0] - start) / (peak - start);
        f = f < 0 ? 0 : f > 1 ? 1 : f;
        double got;
        if (shift) { /* the shoulder's shift along the trunk, mm */
            got = hypot(t1.marker[b].plane_x - t0.marker[b].plane_x,
                        t1.marker[b].plane_y - t0.marker[b].plane_y);
        } else { /* the turn of a -> b, degrees, counter-clockwise on screen positive */
            double x0 = t0.marker[b].plane_x - t0.marker[a].plane_x;
            double y0 = t0.marker[a].plane_y - t0.marker[b].plane_y;
            double x1 = t1.marker[b].plane_x - t1.marker[a].plane_x;
            double y1 = t1.marker[a].plane_y - t1.marker[b].plane_y;
            got = atan2(x0 * y1 - y0 * x1, x0 * x1 + y0 * y1) * 180 / PI;
        }
        worst = fmax(worst, fabs(got - max * f));
    }
    CHECK_MSG(worst < 1e-9, "%s %s: off its definition by %g", scene, opt, worst);
    rc_synth_destroy(s0);
    rc_synth_destroy(s1);
}

static void test_synth_motions(void)
{
    /* scene start -> peak (scenes.c): shoulder 3 -> 165, knee 3 -> 125, hip abduction
     * 2 -> 40, hip flexion 3 -> 115 */
    check_motion("shoulder_flexion", "lean_back=16", 16, 0, 1, 0, 3, 165);
    check_motion("shoulder_flexion", "hike=30", 30, 0, 1, 1, 3, 165);
    check_motion("shoulder_abduction", "lean_side=12", -12, 0, 1, 0, 3, 165);
    check_motion("shoulder_abduction", "hike=25", 25, 0, 1, 1, 3, 165);
    check_motion("knee_flexion", "thigh=18", 18, 0, 1, 0, 3, 125);
    check_motion("hip_abduction", "pelvis=9", -9, 1, 0, 0, 2, 40);
    check_motion("hip_flexion", "pelvis=10", 10, 1, 0, 0, 3, 115);
    /* A scene without the motion refuses the option, naming where it exists. */
    rc_err err = {{0}};
    CHECK(rc_synth_create_uri("synthetic:elbow_flexion?lean_back=5", &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "no lean_back compensation in this scene (scenes with it: "
                                "shoulder_flexion)");
    CHECK(rc_synth_create_uri("synthetic:knee_flexion?valgus=5", &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "(none yet: -)");
    CHECK(rc_synth_create_uri("synthetic:knee_flexion?thigh=50", &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "synthetic option 'thigh': expected the largest angle");
}

/* One rule end to end: the scene with the compensation `opt` (largest `amount`) and
 * without, each analysed; summary.json's maximum against the truth within `tol`
 * (3-5x the error measured), all repetitions flagged with it and none without. */
static void e2e_with(const char *root, const char *model, const char *scene, const char *always,
                     const char *rule, const char *opt, int kind, int a, int b, int either,
                     double tol)
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
        snprintf(dir, sizeof dir, "%s/%s_%d%s", root, rule, with, always);
        snprintf(uri, sizeof uri, "synthetic:%s?size=640x360&fps=30&seconds=6&noise=2%s%s%s",
                 scene, always, with ? "&" : "", with ? opt : "");
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

static void e2e(const char *root, const char *model, const char *scene, const char *rule,
                const char *opt, int kind, int a, int b, int either, double tol)
{
    e2e_with(root, model, scene, "", rule, opt, kind, a, b, either, tol);
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
 * never without it. Its amount is judged against the rest before each repetition, at
 * its lowest arm angle (offline: the repetition's first frame), so its largest is
 * compared with the truth a little more loosely: measured -0.21 deg (66 of 178 views
 * flagged; -0.76 deg when the baseline was the last rest frame), bound 1 deg. */
static void test_live(void)
{
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_resolve("shoulder_flexion", MODELS_DIR, &m, &err) != RC_OK) {
        CHECK_MSG(0, "%s", err.msg);
        return;
    }
    const char *with =
        "synthetic:shoulder_flexion?size=640x360&fps=30&seconds=6&noise=2&lean_back=16";
    const char *without = "synthetic:shoulder_flexion?size=640x360&fps=30&seconds=6&noise=2";
    live_seen s;
    play_live(with, &m, &s);
    double truth = truth_max(with, 3, LEAN_BACK, 0, 1, 0);
    fprintf(stderr, "live with lean: %d of %d views flagged, largest amount %.3f deg (truth %.3f)\n",
            s.active, s.views, s.max_amount, truth);
    CHECK(s.views > 120 && s.active > 20);
    CHECK(!strcmp(s.cue, "Keep your back straight"));
    CHECK_NEAR(s.max_amount, truth, 1.0);
    play_live(without, &m, &s);
    fprintf(stderr, "live without lean: %d of %d views flagged, largest amount %.3f deg\n",
            s.active, s.views, s.max_amount);
    CHECK(s.views > 120 && s.active == 0 && s.max_amount < 5);
}

int main(void)
{
    char root[] = "/tmp/romcap_comp_XXXXXX";
    if (!mkdtemp(root))
        return 1;
    test_parse();
    test_types();
    test_judge();
    test_summary_round_trip();
    test_synth_motions();
    /* The case: the trunk leans back up to 16 deg as the arm rises (19.57 deg
     * of line change with the scene's sway). Measured error of the maximum: -0.06 deg
     * with the lean, -0.04 without (bound 1 deg, the issue's). */
    e2e(root, "shoulder_flexion", "shoulder_flexion", "trunk_lean_back", "lean_back=16",
        LEAN_BACK, 0, 1, 0, 1.0);
    /* The other side (the scene mirrored, the side detected): the same rule, the same
     * reading. Measured: error -0.07 deg with, -0.08 without. */
    e2e_with(root, "shoulder_flexion", "shoulder_flexion", "&flip=1", "trunk_lean_back",
             "lean_back=16", LEAN_BACK_FLIPPED, 0, 1, 0, 1.0);
    /* Errors measured: thigh -0.10 / -0.12 deg, pelvis +0.00 / -0.02 (with / without):
     * bound 0.5 deg. */
    e2e(root, "knee_flexion", "knee_flexion", "thigh_swing", "thigh=18", THIGH, 0, 1, 0, 0.5);
    e2e(root, "hip_abduction", "hip_abduction", "pelvic_hike", "pelvis=9", LEVEL, 1, 0, 1, 0.5);
    test_live();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        return 1;
    return TEST_RESULT();
}
