/* test_kinematics.c - joint angles against geometry worked out by hand.
 *
 * Scenes are built with cos/sin from the clinical convention (the table in
 * models/README.md): a limb pointing phi degrees counter-clockwise from screen
 * right, as seen on screen, is (cos phi, -sin phi) in y-down pixels. Each bundled
 * model gets the worked checks of the agreed table, then mirrored scenes, a rotated
 * gravity vector, random similarity transforms and degenerate inputs.
 */
#include <math.h>
#include <string.h>

#include "romcap/kinematics.h"
#include "romcap/model.h"
#include "romcap/synth.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"
#define PI         3.14159265358979323846
#define TOL        1e-9

static rc_vec2 at(rc_vec2 from, double phi_deg, double len)
{
    double p = phi_deg * PI / 180.0;
    return (rc_vec2){from.x + len * cos(p), from.y - len * sin(p)};
}

static rc_model load(const char *name)
{
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_resolve(name, MODELS_DIR, &m, &err) != RC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        exit(1);
    }
    return m;
}

/* A scene: a model and its marker positions for clinical angle `deg`, laid out by
 * hand from the set-up the model describes (see the table in models/README.md). */
typedef void (*scene_fn)(double deg, rc_vec2 *p);

static void knee(double flex, rc_vec2 *p) /* hip, knee, ankle; facing image right */
{
    p[0] = (rc_vec2){500, 200};
    p[1] = at(p[0], -90, 400);        /* thigh vertical */
    p[2] = at(p[1], -90 - flex, 380); /* shank swings backwards: clockwise */
}
static void hip(double flex, rc_vec2 *p) /* pelvis (iliac crest), hip, knee */
{
    p[1] = (rc_vec2){600, 400};
    p[0] = at(p[1], 90, 480);
    p[2] = at(p[1], -90 + flex, 420); /* thigh forwards (image right): counter-clockwise */
}
static void hip_abd(double abd, rc_vec2 *p) /* left_asis, right_asis, right_knee; facing us */
{
    p[1] = (rc_vec2){400, 300};
    p[0] = at(p[1], 0, 250);         /* left ASIS on the image right */
    p[2] = at(p[1], -90 - abd, 440); /* right knee out to the image left */
}
static void sh_flex(double flex, rc_vec2 *p) /* hip, shoulder, elbow */
{
    p[1] = (rc_vec2){600, 300};
    p[0] = at(p[1], -90, 480);
    p[2] = at(p[1], -90 + flex, 300); /* forwards then overhead */
}
static void sh_abd(double abd, rc_vec2 *p) /* hip, shoulder, elbow; facing us */
{
    p[1] = (rc_vec2){600, 300};
    p[0] = at(p[1], -90, 470);
    p[2] = at(p[1], -90 - abd, 300); /* sideways to the image left */
}
static void elbow(double flex, rc_vec2 *p) /* shoulder, elbow, wrist */
{
    p[0] = (rc_vec2){500, 150};
    p[1] = at(p[0], -90, 300);
    p[2] = at(p[1], -90 + flex, 250); /* forearm forwards and up */
}
/* knee, ankle, heel, toe; shank vertical; heel and 5th metatarsal head on the sole line
 * 48 mm below the malleolus */
static void ankle(double dorsi, rc_vec2 *p)
{
    p[1] = (rc_vec2){500, 500};
    p[0] = at(p[1], 90, 400);
    rc_vec2 sole = at(p[1], dorsi - 90, 48);
    p[2] = at(sole, dorsi + 180, 60);
    p[3] = at(sole, dorsi, 130); /* foot points image right; toes up = counter-clockwise */
}
static void trunk(double lat, rc_vec2 *p) /* sacrum, c7; filmed from behind */
{
    p[0] = (rc_vec2){640, 600};
    p[1] = at(p[0], 90 - lat, 500); /* c7 to the image right = to their right */
}

typedef struct scene {
    const char *model;
    scene_fn fn;
    double lo, hi; /* clinical angles tried (deg) */
} scene;

static const scene scenes[] = {
    {"knee_flexion", knee, -10, 150},
    {"knee_flexion_reflective", knee, -10, 150},
    {"hip_flexion", hip, -20, 130},
    {"hip_abduction", hip_abd, -30, 50},
    {"shoulder_flexion", sh_flex, -60, 200},
    {"shoulder_abduction", sh_abd, -20, 200},
    {"elbow_flexion", elbow, -10, 155},
    {"ankle_dorsiflexion", ankle, -55, 30},
    {"trunk_lateral_flexion", trunk, -40, 40},
};
enum { N_SCENES = sizeof scenes / sizeof scenes[0] };

static double angle_of(const rc_model *m, const rc_vec2 *p, const rc_kin_options *o)
{
    return rc_kin_angle_deg(m, 0, p, NULL, o);
}

/* The worked checks of the agreed table, one by one. */
static void test_worked_checks(void)
{
    rc_vec2 p[4];
    rc_model m = load("knee_flexion");
    knee(0, p);
    CHECK_NEAR(angle_of(&m, p, NULL), 0, TOL);
    knee(90, p);
    CHECK(p[2].x < p[1].x - 379); /* the ankle really is behind, on the image left */
    CHECK_NEAR(angle_of(&m, p, NULL), 90, TOL);
    knee(37.5, p);
    CHECK_NEAR(angle_of(&m, p, NULL), 37.5, TOL);

    m = load("elbow_flexion");
    elbow(90, p);
    CHECK(p[2].x > p[1].x + 249); /* forearm horizontal, pointing image right */
    CHECK_NEAR(angle_of(&m, p, NULL), 90, TOL);

    m = load("shoulder_flexion");
    sh_flex(90, p);
    CHECK_NEAR(angle_of(&m, p, NULL), 90, TOL);
    sh_flex(180, p);
    CHECK(p[2].y < p[1].y - 299); /* overhead */
    CHECK_NEAR(angle_of(&m, p, NULL), 180, TOL);
    sh_flex(170, p);
    CHECK_NEAR(angle_of(&m, p, NULL), 170, TOL);
    /* Through 180 with no jump to -180: every step of a 0 -> 200 sweep is +0.5. */
    double prev = NAN;
    int jumps = 0;
    for (double f = 0; f <= 200; f += 0.5) {
        sh_flex(f, p);
        double v = angle_of(&m, p, NULL);
        if (!isnan(prev) && fabs(v - prev - 0.5) > 1e-9)
            jumps++;
        prev = v;
    }
    CHECK(jumps == 0);

    m = load("ankle_dorsiflexion");
    ankle(0, p);
    CHECK_NEAR(angle_of(&m, p, NULL), 0, TOL);
    ankle(10, p);
    CHECK_NEAR(angle_of(&m, p, NULL), 10, TOL);
    ankle(-20, p); /* plantarflexed 20 deg */
    CHECK_NEAR(angle_of(&m, p, NULL), -20, TOL);

    m = load("hip_abduction");
    hip_abd(30, p);
    CHECK(p[2].x < p[1].x); /* right knee moved to the image left */
    CHECK_NEAR(angle_of(&m, p, NULL), 30, TOL);
    hip_abd(0, p);
    CHECK_NEAR(angle_of(&m, p, NULL), 0, TOL);

    m = load("shoulder_abduction");
    sh_abd(90, p);
    CHECK(p[2].x < p[1].x - 299); /* arm horizontal to the image left */
    CHECK_NEAR(angle_of(&m, p, NULL), 90, TOL);

    m = load("trunk_lateral_flexion");
    trunk(20, p);
    CHECK(p[1].x > p[0].x); /* c7 to the image right */
    CHECK_NEAR(angle_of(&m, p, NULL), 20, TOL);

    m = load("hip_flexion");
    hip(90, p);
    CHECK_NEAR(angle_of(&m, p, NULL), 90, TOL);
}

/* Sweeps every model over its range; the mirrored scene (x -> W - x) read with
 * mirror = true gives the same clinical angle. */
static void test_sweeps_and_mirror(void)
{
    rc_kin_options mir = rc_kin_options_default();
    mir.mirror = true;
    for (int s = 0; s < N_SCENES; s++) {
        rc_model m = load(scenes[s].model);
        for (double d = scenes[s].lo; d <= scenes[s].hi; d += 2.5) {
            rc_vec2 p[4], q[4];
            scenes[s].fn(d, p);
            double v = angle_of(&m, p, NULL);
            CHECK_MSG(fabs(v - d) < TOL, "%s at %g: got %.12g", scenes[s].model, d, v);
            for (int k = 0; k < m.n_markers; k++)
                q[k] = (rc_vec2){1280 - p[k].x, p[k].y};
            double w = angle_of(&m, q, &mir);
            CHECK_MSG(fabs(w - d) < TOL, "%s mirrored at %g: got %.12g", scenes[s].model, d, w);
        }
    }
    /* Mirror on an unmirrored scene flips the sign of a zero-offset angle. */
    rc_model m = load("knee_flexion");
    rc_vec2 p[3];
    knee(40, p);
    CHECK_NEAR(angle_of(&m, p, &mir), -40, TOL);
    /* A segment against the horizontal (the single-leg squat's pelvic drop: right ASIS
     * -> left ASIS, clockwise from screen right positive): the left ASIS 10 mm lower
     * 100 mm across reads atan(0.1) = 5.711 deg (by hand), and the same in the mirror
     * picture read mirrored, where the line points to screen left. */
    rc_model sls = load("single_leg_squat");
    int drop = rc_model_angle_index(&sls, "pelvic_drop");
    rc_vec2 pos[6] = {{500, 300}, {500, 500}, {500, 700}, {600, 310}, {550, 200}, {550, 100}};
    bool ok[6] = {true, true, true, true, true, true};
    const double want = atan(0.1) * 180 / 3.14159265358979323846;
    CHECK_NEAR(rc_kin_angle_deg(&sls, drop, pos, ok, NULL), want, 1e-9);
    for (int k = 0; k < 6; k++)
        pos[k].x = 1280 - pos[k].x;
    CHECK_NEAR(rc_kin_angle_deg(&sls, drop, pos, ok, &mir), want, 1e-9);
}

/* Rotating the whole scene on screen by alpha and `down` with it changes nothing,
 * including the segment-vs-vertical angle. */
static void test_rotated_down(void)
{
    unsigned long long seed = 0x5eed1234ULL;
    for (int s = 0; s < N_SCENES; s++) {
        rc_model m = load(scenes[s].model);
        for (int trial = 0; trial < 40; trial++) {
            double alpha = 360.0 * test_rand01(&seed) - 180.0;
            double d = scenes[s].lo + (scenes[s].hi - scenes[s].lo) * test_rand01(&seed);
            double ca = cos(alpha * PI / 180), sa = sin(alpha * PI / 180);
            rc_vec2 p[4], q[4];
            scenes[s].fn(d, p);
            /* Counter-clockwise on screen in y-down pixels: (x, y) -> (x c + y s, -x s + y c). */
            for (int k = 0; k < m.n_markers; k++)
                q[k] = (rc_vec2){p[k].x * ca + p[k].y * sa, -p[k].x * sa + p[k].y * ca};
            rc_kin_options o = rc_kin_options_default();
            o.down = (rc_vec2){3.0 * sa, 3.0 * ca}; /* not unit length: direction is enough */
            double v = angle_of(&m, q, &o);
            CHECK_MSG(fabs(v - d) < 1e-8, "%s at %g rotated %g: got %.12g", scenes[s].model, d,
                      alpha, v);
        }
    }
    /* The trunk read against an uncorrected vertical in a camera rolled 10 deg. */
    rc_model m = load("trunk_lateral_flexion");
    rc_vec2 p[2];
    trunk(0, p);
    rc_vec2 q[2] = {p[0], at(p[0], 90 + 10, 500)}; /* leaning 10 deg to the image left */
    CHECK_NEAR(angle_of(&m, q, NULL), -10, TOL);
    rc_kin_options o = rc_kin_options_default();
    o.down = (rc_vec2){sin(10 * PI / 180), cos(10 * PI / 180)}; /* gravity rolled with it */
    CHECK_NEAR(angle_of(&m, q, &o), 0, TOL);
}

/* Rotation, uniform scale and translation leave three-point angles unchanged (the
 * image vertical is not used by them). */
static void test_similarity_invariance(void)
{
    unsigned long long seed = 42;
    int n = 0;
    for (int s = 0; s < N_SCENES; s++) {
        rc_model m = load(scenes[s].model);
        if (m.angle[0].type != RC_ANGLE_THREE_POINT && m.angle[0].type != RC_ANGLE_SEGMENT_SEGMENT)
            continue; /* a vertical or horizontal reference is not rotation invariant */
        for (int trial = 0; trial < 200; trial++, n++) {
            double d = scenes[s].lo + (scenes[s].hi - scenes[s].lo) * test_rand01(&seed);
            double a = 2 * PI * test_rand01(&seed);
            double k = exp(log(0.05) + (log(20.0) - log(0.05)) * test_rand01(&seed));
            double tx = 4000 * test_rand01(&seed) - 2000, ty = 4000 * test_rand01(&seed) - 2000;
            rc_vec2 p[4], q[4];
            scenes[s].fn(d, p);
            for (int i = 0; i < m.n_markers; i++)
                q[i] = (rc_vec2){k * (p[i].x * cos(a) + p[i].y * sin(a)) + tx,
                                 k * (-p[i].x * sin(a) + p[i].y * cos(a)) + ty};
            double v = angle_of(&m, q, NULL);
            CHECK_MSG(fabs(v - d) < 1e-8, "%s: %g -> %.12g (rot %g, scale %g)", scenes[s].model, d,
                      v, a, k);
            /* The unsigned interior angle agrees with the hand-built geometry too. */
            double interior = rc_angle_interior_deg(q[0], q[1], q[2]);
            CHECK(m.angle[0].type != RC_ANGLE_THREE_POINT || (interior >= 0 && interior <= 180));
        }
    }
    CHECK(n == 7 * 200); /* shoulder abduction reads the arm against the vertical */
}

/* A hand-made model for the types no bundled model uses. */
static rc_model custom(rc_angle_type type, rc_angle_ref ref, int sign, double offset, double wrap)
{
    rc_model m;
    memset(&m, 0, sizeof m);
    m.n_markers = 4;
    m.n_angles = 1;
    rc_model_angle *a = &m.angle[0];
    a->type = type;
    a->ref = ref;
    a->sign = sign;
    a->offset_deg = offset;
    a->wrap_center_deg = wrap;
    for (int i = 0; i < 4; i++)
        a->marker[i] = i;
    return m;
}

static void test_other_types(void)
{
    rc_vec2 o0 = {100, 100};
    rc_vec2 p[4] = {o0, at(o0, 30, 50), {0, 0}, {0, 0}};
    /* Segment vs horizontal: 30 deg above screen right; 150 from screen left, clockwise. */
    rc_model h = custom(RC_ANGLE_SEGMENT_HORIZONTAL, RC_REF_RIGHT, +1, 0, 0);
    CHECK_NEAR(rc_kin_angle_deg(&h, 0, p, NULL, NULL), 30, TOL);
    h.angle[0].ref = RC_REF_LEFT;
    CHECK_NEAR(rc_kin_angle_deg(&h, 0, p, NULL, NULL), -150, TOL);
    /* With gravity rolled 90 deg so that "down" is screen right, "right" is screen up. */
    rc_kin_options o = rc_kin_options_default();
    o.down = (rc_vec2){1, 0};
    h.angle[0].ref = RC_REF_RIGHT;
    CHECK_NEAR(rc_kin_angle_deg(&h, 0, p, NULL, &o), 30 - 90, TOL);
    /* Segment vs vertical, down. */
    rc_model v = custom(RC_ANGLE_SEGMENT_VERTICAL, RC_REF_DOWN, -1, 0, 0);
    rc_vec2 pv[2] = {o0, at(o0, -90 - 25, 10)}; /* 25 deg clockwise of straight down */
    CHECK_NEAR(rc_kin_angle_deg(&v, 0, pv, NULL, NULL), 25, TOL);
    /* Segment vs segment, with an offset and wrap centre. */
    rc_model ss = custom(RC_ANGLE_SEGMENT_SEGMENT, RC_REF_SEGMENT, +1, 10, 0);
    rc_vec2 ps[4] = {
        {0, 0}, at((rc_vec2){0, 0}, 20, 7), {300, 300}, at((rc_vec2){300, 300}, 65, 3)};
    CHECK_NEAR(rc_kin_angle_deg(&ss, 0, ps, NULL, NULL), 10 + 45, TOL);
    /* Wrap: 10 + 45 with a wrap centre of 240 lands in (60, 420]: 415. */
    ss.angle[0].wrap_center_deg = 240;
    CHECK_NEAR(rc_kin_angle_deg(&ss, 0, ps, NULL, NULL), 415, TOL);
    /* Exactly on the lower edge goes to the upper one, (c-180, c+180]: theta is exactly
     * 180 for opposite axis-aligned segments. */
    rc_vec2 pe[4] = {{0, 0}, {2, 0}, {5, 5}, {1, 5}};
    ss.angle[0].offset_deg = 0;
    ss.angle[0].wrap_center_deg = 0;
    CHECK(rc_kin_angle_deg(&ss, 0, pe, NULL, NULL) == 180.0);
    ss.angle[0].wrap_center_deg = 360;
    CHECK(rc_kin_angle_deg(&ss, 0, pe, NULL, NULL) == 540.0);
    ss.angle[0].wrap_center_deg = -1;
    CHECK(rc_kin_angle_deg(&ss, 0, pe, NULL, NULL) == -180.0);

    /* The primitives. */
    CHECK_NEAR(rc_angle_signed_deg((rc_vec2){1, 0}, (rc_vec2){0, -1}), 90, TOL); /* up: ccw */
    CHECK_NEAR(rc_angle_signed_deg((rc_vec2){1, 0}, (rc_vec2){0, 1}), -90, TOL);
    CHECK(rc_angle_signed_deg((rc_vec2){1, 0}, (rc_vec2){-1, 0}) == 180.0);
    CHECK(rc_angle_signed_deg((rc_vec2){1, 0}, (rc_vec2){-1, -0.0}) == 180.0);
    CHECK(rc_angle_signed_deg((rc_vec2){-1, -0.0}, (rc_vec2){1, 0}) == 180.0);
    CHECK_NEAR(rc_angle_interior_deg((rc_vec2){1, 0}, (rc_vec2){0, 0}, (rc_vec2){0, 5}), 90, TOL);
    CHECK_NEAR(rc_angle_interior_deg((rc_vec2){3, 4}, (rc_vec2){0, 0}, (rc_vec2){-6, -8}), 180,
               TOL);
}

/* Near-straight limbs: atan2 keeps full precision where acos would lose it. */
static void test_precision(void)
{
    rc_model m = load("knee_flexion");
    for (double e = 1e-2; e > 1e-7; e /= 10) {
        rc_vec2 p[3];
        knee(e, p);
        CHECK_NEAR(angle_of(&m, p, NULL), e, 1e-10);
    }
    /* Far from the origin, tiny segments (sub-pixel), still exact to 1e-6 deg. */
    rc_vec2 base = {1e6, -1e6};
    rc_vec2 q[3] = {base, at(base, -90, 0.5), {0, 0}};
    q[2] = at(q[1], -90 - 33, 0.4);
    CHECK_NEAR(angle_of(&m, q, NULL), 33, 1e-6);
}

static void test_degenerate(void)
{
    rc_model m = load("knee_flexion");
    rc_vec2 p[3];
    bool valid[3] = {true, true, true};
    knee(30, p);
    CHECK_NEAR(rc_kin_angle_deg(&m, 0, p, valid, NULL), 30, TOL);
    valid[2] = false;
    CHECK(isnan(rc_kin_angle_deg(&m, 0, p, valid, NULL)));
    valid[2] = true;
    rc_vec2 q[3] = {p[0], p[0], p[2]}; /* knee on the hip: zero-length thigh */
    CHECK(isnan(rc_kin_angle_deg(&m, 0, q, valid, NULL)));
    q[1] = p[1];
    q[2] = p[1]; /* ankle on the knee */
    CHECK(isnan(rc_kin_angle_deg(&m, 0, q, valid, NULL)));
    q[2] = (rc_vec2){NAN, 3};
    CHECK(isnan(rc_kin_angle_deg(&m, 0, q, valid, NULL)));
    q[2] = (rc_vec2){INFINITY, 3};
    CHECK(isnan(rc_kin_angle_deg(&m, 0, q, valid, NULL)));
    CHECK(isnan(rc_kin_angle_deg(&m, 1, p, valid, NULL))); /* no such angle */
    CHECK(isnan(rc_kin_angle_deg(&m, -1, p, valid, NULL)));
    CHECK(isnan(rc_kin_angle_deg(NULL, 0, p, valid, NULL)));
    CHECK(isnan(rc_kin_angle_deg(&m, 0, NULL, valid, NULL)));
    /* A three-point angle ignores `down`, a vertical one needs it. */
    rc_kin_options o = rc_kin_options_default();
    o.down = (rc_vec2){0, 0};
    CHECK_NEAR(rc_kin_angle_deg(&m, 0, p, valid, &o), 30, TOL);
    rc_model t = load("trunk_lateral_flexion");
    rc_vec2 pt[2];
    trunk(5, pt);
    CHECK(isnan(rc_kin_angle_deg(&t, 0, pt, NULL, &o)));
    o.down = (rc_vec2){NAN, 1};
    CHECK(isnan(rc_kin_angle_deg(&t, 0, pt, NULL, &o)));
    /* A corrupt marker index (hand-made model) is refused, not read out of bounds. */
    rc_model bad = m;
    bad.angle[0].marker[2] = 7;
    CHECK(isnan(rc_kin_angle_deg(&bad, 0, p, valid, NULL)));
    /* rc_kin_compute fills every angle, NAN where undefined. */
    double out[2] = {0, 123};
    valid[0] = false;
    rc_kin_compute(&m, p, valid, NULL, out);
    CHECK(isnan(out[0]) && out[1] == 123);
    valid[0] = true;
    rc_kin_compute(&m, p, valid, NULL, out);
    CHECK_NEAR(out[0], 30, TOL);
    rc_kin_compute(NULL, p, valid, NULL, out); /* no crash */
}

/* Cross-check with the synthetic scenes, whose pose functions set the clinical angle
 * directly from the convention (without this code). At tilt 0 and without lens
 * distortion the projection is a uniform scale, so angles must agree exactly. */
static void test_synth_truth(void)
{
    int scenes_checked = 0;
    double worst_all = 0;
    for (int i = 0; i < rc_synth_scene_count(); i++) {
        const char *model = rc_synth_scene_model(i);
        if (!model || !model[0])
            continue;
        rc_err err = {{0}};
        rc_synth_options so = rc_synth_options_default();
        so.width = 320;
        so.height = 180;
        so.fps = 10;
        rc_synth *sy = rc_synth_create(rc_synth_scene_name(i), &so, &err);
        if (!sy) {
            printf("note: synthetic scene %s unavailable (%s): cross-check skipped\n",
                   rc_synth_scene_name(i), err.msg);
            continue;
        }
        rc_model m = load(model);
        rc_kin_options ko = rc_kin_options_default();
        double worst = 0;
        int64_t n = rc_synth_frame_count(sy);
        for (int64_t f = 0; f < n; f++) {
            rc_truth t;
            if (rc_synth_truth(sy, f, &t) != RC_OK)
                break;
            rc_vec2 p[RC_MAX_MARKERS];
            bool valid[RC_MAX_MARKERS] = {false};
            for (int k = 0; k < t.n_markers; k++) {
                int idx = rc_model_marker_index(&m, t.marker[k].name);
                CHECK(idx >= 0);
                if (idx >= 0) {
                    p[idx] = (rc_vec2){t.marker[k].ux_px, t.marker[k].uy_px};
                    valid[idx] = true;
                }
            }
            int a = rc_model_angle_index(&m, t.angle_name[0]);
            CHECK(a >= 0);
            /* a distance measure (cm): the scale from the marks' known spacing on the
             * scene's first frame, as the pipeline takes it */
            if (f == 0)
                rc_kin_distance_scale(&m, p, valid, &ko);
            double v = rc_kin_angle_deg(&m, a, p, valid, &ko);
            if (!(fabs(v - t.angle_deg[0]) <= worst))
                worst = isnan(v) ? INFINITY : fabs(v - t.angle_deg[0]);
        }
        CHECK_MSG(worst < 1e-6, "scene %s: worst difference %g deg", rc_synth_scene_name(i), worst);
        scenes_checked++;
        worst_all = fmax(worst_all, worst);
        rc_synth_destroy(sy);
    }
    printf("synthetic truth cross-check: %d scenes, worst difference %.3g deg\n", scenes_checked,
           worst_all);
}

int main(void)
{
    if (!test_path_exists(MODELS_DIR))
        TEST_SKIP("no models folder at %s", MODELS_DIR);
    test_worked_checks();
    test_sweeps_and_mirror();
    test_rotated_down();
    test_similarity_invariance();
    test_other_types();
    test_precision();
    test_degenerate();
    test_synth_truth();
    return TEST_RESULT();
}
