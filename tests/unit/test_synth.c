/* test_synth.c - the synthetic scene renderer against independent truth.
 *
 * Marker centroids are measured from the rendered I420 planes (coverage estimated
 * from the chroma or luma contrast against the local surroundings) and compared
 * with the truth; angles are recomputed by hand with atan2 from the clinical
 * conventions in the models table; the lens formula is checked numerically;
 * options, determinism, noise, drift, blur and occlusion are checked directly.
 * At the end, the bundled models and romcap's kinematics (if present) must agree
 * with the scenes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "romcap/image.h"
#include "romcap/kinematics.h"
#include "romcap/model.h"
#include "romcap/synth.h"
#include "test_util.h"

#define PI 3.14159265358979323846

/* The agreed conventions (the models table), written out independently here. */
typedef struct convention {
    const char *scene;
    int segment_up; /* 1: segment_vertical/up [a, b]; 0: three_point [a, b, c];
                       2: segment_segment, [c, d] against [a, b];
                       3: segment_vertical/down [b, c] (a in the chain only) */
    int closed;     /* three_point: 1 closed (r = a - b), 0 straight (r = b - a) */
    int sign;
    double offset, norm_min, norm_max;
    uint8_t rgb[6][3];
    const char *names[6];
} convention;

/* Scenes whose markers are not one rigid chain: the first `chain` are (the others
 * carry further angles: sls_more_error). */
static int chain_of(const char *scene, int n_markers)
{
    return strcmp(scene, "single_leg_squat") && strcmp(scene, "sit_to_stand") ? n_markers : 3;
}

static const convention conv[] = {
    {"knee_flexion",
     0,
     0,
     -1,
     0,
     0,
     135,
     {{30, 170, 70}, {200, 40, 160}, {30, 80, 200}},
     {"hip", "knee", "ankle"}},
    {"hip_flexion",
     0,
     0,
     1,
     0,
     0,
     125,
     {{235, 200, 30}, {30, 170, 70}, {200, 40, 160}},
     {"pelvis", "hip", "knee"}},
    {"hip_abduction",
     0,
     1,
     -1,
     -90,
     0,
     45,
     {{235, 200, 30}, {30, 170, 70}, {200, 40, 160}},
     {"left_asis", "right_asis", "right_knee"}},
    {"shoulder_flexion",
     0,
     1,
     1,
     0,
     0,
     180,
     {{30, 170, 70}, {235, 200, 30}, {200, 40, 160}},
     {"hip", "shoulder", "elbow"}},
    {"shoulder_abduction",
     3,
     0,
     -1,
     0,
     0,
     180,
     {{30, 170, 70}, {235, 200, 30}, {200, 40, 160}},
     {"hip", "shoulder", "elbow"}},
    {"elbow_flexion",
     0,
     0,
     1,
     0,
     0,
     150,
     {{235, 200, 30}, {200, 40, 160}, {20, 170, 200}},
     {"shoulder", "elbow", "wrist"}},
    {"ankle_dorsiflexion", /* shank (fibula head -> malleolus) against the sole (heel -> 5th MT) */
     2,
     0,
     1,
     -90,
     -50,
     20,
     {{200, 40, 160}, {30, 80, 200}, {30, 170, 70}, {20, 170, 200}},
     {"knee", "ankle", "heel", "toe"}},
    {"trunk_lateral_flexion",
     1,
     0,
     -1,
     0,
     0,
     35,
     {{30, 170, 70}, {235, 200, 30}, {0, 0, 0}},
     {"sacrum", "c7", NULL}},
    {"knee_flexion_reflective",
     0,
     0,
     -1,
     0,
     0,
     135,
     {{255, 255, 255}, {255, 255, 255}, {255, 255, 255}},
     {"hip", "knee", "ankle"}},
    /* issue 16 (scenes_tests.c); "no published norm" models carry 0..0 */
    {"shoulder_extension",
     0,
     1,
     -1,
     0,
     0,
     60,
     {{30, 170, 70}, {235, 200, 30}, {200, 40, 160}},
     {"hip", "shoulder", "elbow"}},
    {"hip_extension",
     0,
     0,
     -1,
     0,
     0,
     15,
     {{235, 200, 30}, {30, 170, 70}, {200, 40, 160}},
     {"pelvis", "hip", "knee"}},
    {"single_leg_squat",
     0,
     0,
     -1,
     0,
     0,
     0,
     {{30, 170, 70}, {200, 40, 160}, {30, 80, 200}, {235, 200, 30}, {20, 170, 200}, {200, 40, 160}},
     {"right_asis", "right_knee", "right_ankle", "left_asis", "xiphoid", "jugular"}},
    {"cervical_lateral_flexion",
     0,
     0,
     1,
     0,
     0,
     0,
     {{30, 170, 70}, {235, 200, 30}, {200, 40, 160}},
     {"xiphoid", "jugular", "glabella"}},
    {"shoulder_rotation_90",
     1,
     0,
     1,
     0,
     -70,
     90,
     {{200, 40, 160}, {20, 170, 200}},
     {"olecranon", "ulnar_styloid"}},
    {"sit_to_stand",
     0,
     0,
     -1,
     0,
     0,
     0,
     {{30, 170, 70}, {200, 40, 160}, {30, 80, 200}, {235, 200, 30}},
     {"hip", "knee", "ankle", "shoulder"}},
};
enum { N_CONV = sizeof conv / sizeof conv[0] };

/* Screen angle of (dx, dy) in degrees, counter-clockwise on screen (y down). */
static double screen_deg(double dx, double dy)
{
    return atan2(-dy, dx) * 180 / PI;
}

static double wrap180(double a)
{
    while (a > 180)
        a -= 360;
    while (a <= -180)
        a += 360;
    return a;
}

static double hand_angle(const convention *c, const rc_truth *t)
{
    const rc_truth_marker *m = t->marker;
    double r, mv;
    if (c->segment_up == 3) {
        r = -90; /* screen down */
        mv = screen_deg(m[2].plane_x - m[1].plane_x, m[2].plane_y - m[1].plane_y);
    } else if (c->segment_up == 2) {
        r = screen_deg(m[1].plane_x - m[0].plane_x, m[1].plane_y - m[0].plane_y);
        mv = screen_deg(m[3].plane_x - m[2].plane_x, m[3].plane_y - m[2].plane_y);
    } else if (c->segment_up) {
        r = 90;
        mv = screen_deg(m[1].plane_x - m[0].plane_x, m[1].plane_y - m[0].plane_y);
    } else {
        r = c->closed ? screen_deg(m[0].plane_x - m[1].plane_x, m[0].plane_y - m[1].plane_y)
                      : screen_deg(m[1].plane_x - m[0].plane_x, m[1].plane_y - m[0].plane_y);
        mv = screen_deg(m[2].plane_x - m[1].plane_x, m[2].plane_y - m[1].plane_y);
    }
    double centre = 0.5 * (c->norm_min + c->norm_max);
    return centre + wrap180(c->offset + c->sign * wrap180(mv - r) - centre);
}

/* The single-leg squat's further angles by hand (models/single_leg_squat.json): the
 * pelvic drop is the right -> left ASIS line's clockwise turn from screen right, the
 * trunk lean the xiphoid -> jugular line's counter-clockwise turn from screen up. */
static double sls_more_error(const rc_truth *t)
{
    const rc_truth_marker *m = t->marker;
    double drop = -screen_deg(m[3].plane_x - m[0].plane_x, m[3].plane_y - m[0].plane_y);
    double lean = screen_deg(m[5].plane_x - m[4].plane_x, m[5].plane_y - m[4].plane_y) - 90;
    if (t->n_angles != 3 || strcmp(t->angle_name[1], "pelvic_drop") ||
        strcmp(t->angle_name[2], "trunk_lean"))
        return INFINITY;
    return fmax(fabs(wrap180(drop - t->angle_deg[1])), fabs(wrap180(lean - t->angle_deg[2])));
}

/* The sit-to-stand's further angles by hand (models/sit_to_stand.json): hip flexion
 * is the hip -> knee line's counter-clockwise turn from the shoulder -> hip line,
 * trunk flexion the hip -> shoulder line's clockwise turn from screen up. */
static double sts_more_error(const rc_truth *t)
{
    const rc_truth_marker *m = t->marker; /* hip, knee, ankle, shoulder */
    double trunk_down = screen_deg(m[0].plane_x - m[3].plane_x, m[0].plane_y - m[3].plane_y);
    double thigh = screen_deg(m[1].plane_x - m[0].plane_x, m[1].plane_y - m[0].plane_y);
    double trunk = 90 - screen_deg(m[3].plane_x - m[0].plane_x, m[3].plane_y - m[0].plane_y);
    if (t->n_angles != 3 || strcmp(t->angle_name[1], "hip_flexion") ||
        strcmp(t->angle_name[2], "trunk_flexion"))
        return INFINITY;
    return fmax(fabs(wrap180(thigh - trunk_down - t->angle_deg[1])),
                fabs(wrap180(trunk - t->angle_deg[2])));
}

static void test_options(void)
{
    rc_synth_options o = rc_synth_options_default();
    CHECK(o.width == 1280 && o.height == 720 && o.fps == 60 && o.seed == 1 && o.reps == 3);
    rc_err e = {{0}};
    CHECK(rc_synth_options_parse(&o,
                                 "size=1280x720&fps=30&noise=3&blur=4&drift=0.3&occlude=knee@2.0+"
                                 "0.3&k1=-0.2&k2=0.05&tilt=30&seed=7&seconds=5",
                                 &e) == RC_OK);
    CHECK(o.width == 1280 && o.height == 720);
    CHECK(o.fps == 30 && o.noise_sigma == 3 && o.blur_samples == 4);
    CHECK_NEAR(o.light_drift, 0.3, 1e-12);
    CHECK(!strcmp(o.occlude, "knee"));
    CHECK_NEAR(o.occlude_at_s, 2.0, 1e-12);
    CHECK_NEAR(o.occlude_for_s, 0.3, 1e-12);
    CHECK_NEAR(o.k1, -0.2, 1e-12);
    CHECK_NEAR(o.k2, 0.05, 1e-12);
    CHECK_NEAR(o.tilt_deg, 30, 1e-12);
    CHECK(o.seed == 7 && o.seconds == 5);
    CHECK(rc_synth_options_parse(&o, "?size=640x360&reps=5&exposure=0.25&clutter=6", &e) == RC_OK);
    CHECK(o.width == 640 && o.height == 360 && o.reps == 5 && o.exposure == 0.25 && o.clutter == 6);
    CHECK(rc_synth_options_parse(&o, "", &e) == RC_OK);

    rc_synth_options before = o;
    CHECK(rc_synth_options_parse(&o, "fps=25&colour=red", &e) == RC_E_ARG);
    CHECK_STR_CONTAINS(e.msg, "'colour'");
    CHECK(o.fps == before.fps); /* unchanged on failure */
    const char *bad[][2] = {{"fps=abc", "'fps'"},       {"size=12x", "'size'"},
                            {"noise=-1", "'noise'"},    {"occlude=knee@2", "'occlude'"},
                            {"tilt=80", "'tilt'"},      {"k1=0.1x", "'k1'"},
                            {"seed=-3", "'seed'"},      {"blur", "'blur'"},
                            {"drift=0.95", "'drift'"},  {"seconds=0", "'seconds'"},
                            {"clutter=65", "'clutter'"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        e.msg[0] = 0;
        CHECK_MSG(rc_synth_options_parse(&o, bad[i][0], &e) == RC_E_ARG, "%s", bad[i][0]);
        CHECK_STR_CONTAINS(e.msg, bad[i][1]);
    }
}

static void test_scene_list(void)
{
    /* + the chessboard, lumbar_flexion_schober (a distance, not an angle: its truth
     * is checked in test_distance.c) and single_leg_squat_neutral (single_leg_squat's
     * motion over a smaller range: test_kinematics cross-checks it, e2e_sls.cmake), and
     * single_leg_squat_drop / _lean / _level (the squat with clear compensations and
     * without: test_sls_comp.c) */
    CHECK(rc_synth_scene_count() == N_CONV + 6);
    for (int k = 0; k < N_CONV; k++) {
        int found = 0;
        for (int i = 0; i < rc_synth_scene_count(); i++)
            if (!strcmp(rc_synth_scene_name(i), conv[k].scene)) {
                found = 1;
                CHECK(!strcmp(rc_synth_scene_model(i), conv[k].scene));
                CHECK(strlen(rc_synth_scene_summary(i)) > 10);
            }
        CHECK_MSG(found, "scene %s", conv[k].scene);
    }
    rc_err e = {{0}};
    CHECK(rc_synth_create("no_such_scene", NULL, &e) == NULL);
    CHECK_STR_CONTAINS(e.msg, "no_such_scene");
    CHECK_STR_CONTAINS(e.msg, "knee_flexion");
    rc_synth_options o = rc_synth_options_default();
    CHECK(rc_synth_options_parse(&o, "size=64x48&occlude=elbow@1+1", &e) == RC_OK);
    CHECK(rc_synth_create("knee_flexion", &o, &e) == NULL);
    CHECK_STR_CONTAINS(e.msg, "elbow");
    rc_synth_destroy(NULL);
}

/* Truth geometry over time, angles by hand, range of the movement, camera formula. */
static void test_truth(void)
{
    for (int k = 0; k < N_CONV; k++) {
        const convention *c = &conv[k];
        rc_err e = {{0}};
        rc_synth_options o = rc_synth_options_default();
        o.width = 64, o.height = 36; /* truth only: size only scales pixels */
        rc_synth *s = rc_synth_create(c->scene, &o, &e);
        CHECK_MSG(s != NULL, "%s: %s", c->scene, e.msg);
        if (!s)
            continue;
        int64_t n = rc_synth_frame_count(s);
        CHECK(n == 600); /* 10 s at 60 fps */
        int nm = 0;
        while (nm < 6 && c->names[nm])
            nm++;
        int chain = chain_of(c->scene, nm);
        double len0[5] = {0}, amin = 1e9, amax = -1e9, worst_len = 0, worst_ang = 0;
        double worst_more = 0;
        for (int64_t i = 0; i < n; i++) {
            rc_truth t;
            CHECK(rc_synth_truth(s, i, &t) == RC_OK);
            CHECK(t.n_markers == nm && t.n_angles == (chain < nm ? 3 : 1));
            for (int m = 0; m < nm; m++)
                CHECK(!strcmp(t.marker[m].name, c->names[m]) && t.marker[m].visible);
            if (chain < nm)
                worst_more =
                    fmax(worst_more, strcmp(c->scene, "sit_to_stand") ? sls_more_error(&t)
                                                                      : sts_more_error(&t));
            for (int m = 0; m + 1 < chain; m++) {
                double l = hypot(t.marker[m + 1].plane_x - t.marker[m].plane_x,
                                 t.marker[m + 1].plane_y - t.marker[m].plane_y);
                if (i == 0)
                    len0[m] = l;
                worst_len = fmax(worst_len, fabs(l - len0[m]));
            }
            worst_ang = fmax(worst_ang, fabs(hand_angle(c, &t) - t.angle_deg[0]));
            amin = fmin(amin, t.angle_deg[0]);
            amax = fmax(amax, t.angle_deg[0]);
            /* Tilt 0, no distortion: u = cx + W X / 2000, by hand. */
            CHECK_NEAR(t.marker[0].ux_px, 31.5 + 64 * t.marker[0].plane_x / 2000, 1e-9);
            CHECK_NEAR(t.marker[0].y_px, 17.5 + 64 * t.marker[0].plane_y / 2000, 1e-9);
        }
        CHECK_MSG(worst_len < 1e-9, "%s: segment length varies by %g mm", c->scene, worst_len);
        CHECK_MSG(worst_ang < 1e-9, "%s: angle differs from atan2 by %g deg", c->scene, worst_ang);
        CHECK_MSG(worst_more < 1e-9, "%s: further angles differ by %g deg", c->scene, worst_more);
        /* A realistic test: from near neutral to near the end of the normal range (a
         * model without a published norm: at least 15 deg, what facing needs). */
        if (c->norm_max > c->norm_min) {
            CHECK_MSG(amax <= c->norm_max && amax >= c->norm_max - 0.25 * (c->norm_max - 0) - 1,
                      "%s: peak %g", c->scene, amax);
            CHECK_MSG(amin < 0.1 * c->norm_max, "%s: start %g", c->scene, amin);
        } else if (!strcmp(c->scene, "sit_to_stand")) { /* seated (90) to standing */
            CHECK_MSG(amax > 85 && amin < 10, "%s: %g -> %g", c->scene, amin, amax);
        } else {
            CHECK_MSG(amax >= 15 && amin < 3, "%s: %g -> %g", c->scene, amin, amax);
        }
        /* Proximal sway: the first marker is not fixed. */
        rc_truth t0, t1;
        rc_synth_truth(s, 0, &t0);
        rc_synth_truth(s, 97, &t1);
        CHECK(hypot(t1.marker[0].plane_x - t0.marker[0].plane_x,
                    t1.marker[0].plane_y - t0.marker[0].plane_y) > 1);
        rc_truth t;
        CHECK(rc_synth_truth(s, n, &t) == RC_E_EOF);
        CHECK(rc_synth_truth(s, -1, &t) == RC_E_ARG);
        rc_synth_destroy(s);
    }
}

typedef struct centroid {
    double x, y, w;
} centroid;

/* Coverage-weighted centroid of the disk near (tx, ty), radius r px. Coloured
 * stickers: chroma planes, alpha = projection of (c - b) on (S - b) with b the mean
 * chroma of a ring around the disk; chroma sample (i, j) sits at (2i+0.5, 2j+0.5).
 * Bright markers: the same on luma. */
static centroid measure(const rc_image *im, double tx, double ty, double r, const uint8_t rgb[3],
                        int bright)
{
    centroid c = {0, 0, 0};
    float S[3];
    rc_rgb_to_ycbcr(rgb, &S[0], &S[1], &S[2]);
    int step = bright ? 1 : 2;
    double off = bright ? 0 : 0.5;
    int p0 = bright ? 0 : 1, p1 = bright ? 0 : 2;
    double b[3] = {0, 0, 0};
    int nb = 0;
    double rin = r + 2.5, rout = r + 4.5;
    for (int pass = 0; pass < 2; pass++) {
        for (int j = (int)((ty - rout) / step) - 1; j <= (int)((ty + rout) / step) + 1; j++) {
            for (int i = (int)((tx - rout) / step) - 1; i <= (int)((tx + rout) / step) + 1; i++) {
                double x = i * step + off, y = j * step + off, d = hypot(x - tx, y - ty);
                if (i < 0 || j < 0 || i >= rc_image_plane_width(im, p0) ||
                    j >= rc_image_plane_height(im, p0))
                    continue;
                double v[3];
                for (int p = p0; p <= p1; p++)
                    v[p] = rc_image_row(im, p, j)[i];
                if (pass == 0) {
                    if (d >= rin && d <= rout) {
                        for (int p = p0; p <= p1; p++)
                            b[p] += v[p];
                        nb++;
                    }
                } else if (d < r + 2) {
                    double num = 0, den = 0;
                    for (int p = p0; p <= p1; p++) {
                        num += (v[p] - b[p]) * (S[p] - b[p]);
                        den += (S[p] - b[p]) * (S[p] - b[p]);
                    }
                    double a = den > 0 ? num / den : 0;
                    a = a < 0 ? 0 : a > 1 ? 1 : a;
                    c.x += a * x, c.y += a * y, c.w += a;
                }
            }
        }
        if (pass == 0)
            for (int p = p0; p <= p1; p++)
                b[p] /= nb > 0 ? nb : 1;
    }
    if (c.w > 0)
        c.x /= c.w, c.y /= c.w;
    return c;
}

static double scene_centroid_error(const char *scene, const char *query, int64_t frame,
                                   int check_each, double tol)
{
    rc_err e = {{0}};
    rc_synth_options o = rc_synth_options_default();
    CHECK(rc_synth_options_parse(&o, query, &e) == RC_OK);
    rc_synth *s = rc_synth_create(scene, &o, &e);
    CHECK_MSG(s != NULL, "%s: %s", scene, e.msg);
    if (!s)
        return 1e9;
    const convention *c = NULL;
    for (int k = 0; k < N_CONV; k++)
        if (!strcmp(conv[k].scene, scene))
            c = &conv[k];
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, o.width, o.height);
    double worst = 0, r = fmax(6.0, 0.01 * o.width);
    int64_t f = frame < 0 ? rc_synth_frame_count(s) / 2 : frame;
    rc_truth t;
    CHECK(rc_synth_render(s, f, &im, &t) == RC_OK);
    for (int m = 0; m < t.n_markers; m++) {
        double x = t.marker[m].x_px, y = t.marker[m].y_px;
        if (x < r + 6 || y < r + 6 || x > o.width - r - 6 || y > o.height - r - 6) {
            printf("  %s frame %lld: %s at the frame edge, not measured\n", scene, (long long)f,
                   t.marker[m].name);
            continue;
        }
        int bright = c->rgb[m][0] == 255 && c->rgb[m][1] == 255;
        centroid cc = measure(&im, x, y, r, c->rgb[m], bright);
        double err = hypot(cc.x - x, cc.y - y);
        if (check_each)
            CHECK_MSG(err < tol, "%s%s frame %lld %s: centroid (%.3f, %.3f) truth (%.3f, %.3f)",
                      scene, query, (long long)f, t.marker[m].name, cc.x, cc.y, x, y);
        worst = fmax(worst, err);
    }
    free(buf);
    rc_synth_destroy(s);
    return worst;
}

static void test_centroids(void)
{
    double worst = 0;
    for (int k = 0; k < N_CONV; k++) {
        for (int fr = 0; fr < 2; fr++) {
            worst = fmax(worst,
                         scene_centroid_error(conv[k].scene, "size=640x360", fr ? -1 : 0, 1, 0.1));
        }
    }
    printf("disk centroid vs truth, 640x360 (r = 6.4 px), all scenes: max error %.4f px\n", worst);
    double w2 = scene_centroid_error("knee_flexion", "", -1, 1, 0.1);
    printf("disk centroid vs truth, 1280x720 (r = 12.8 px): max error %.4f px\n", w2);
    /* Under lens distortion and tilt the drawn shape is the projected circle; the
     * centroid stays close to the projected centre. */
    double w3 = scene_centroid_error("knee_flexion", "k1=-0.2&k2=0.05&tilt=20", -1, 1, 0.15);
    printf("disk centroid vs truth, 1280x720, k1=-0.2 k2=0.05 tilt=20: max error %.4f px\n", w3);
    /* Motion blur: the truth is the mid-exposure pose. */
    double w4 =
        scene_centroid_error("elbow_flexion", "size=640x360&blur=6&exposure=0.5", 90, 1, 0.25);
    printf("disk centroid vs truth, 640x360, blur=6 mid-movement: max error %.4f px\n", w4);
}

static void test_distortion(void)
{
    rc_err e = {{0}};
    rc_synth_options o = rc_synth_options_default();
    CHECK(rc_synth_options_parse(&o, "size=320x180&k1=-0.2&k2=0.05&tilt=30", &e) == RC_OK);
    rc_synth *s = rc_synth_create("hip_abduction", &o, &e);
    CHECK(s != NULL);
    if (!s)
        return;
    double fx = 320, cx = 159.5, cy = 89.5, worst = 0, ct = cos(PI / 6), st = sin(PI / 6);
    for (int64_t i = 0; i < rc_synth_frame_count(s); i += 37) {
        rc_truth t;
        rc_synth_truth(s, i, &t);
        for (int m = 0; m < t.n_markers; m++) {
            const rc_truth_marker *mk = &t.marker[m];
            double x = (mk->ux_px - cx) / fx, y = (mk->uy_px - cy) / fx, r2 = x * x + y * y;
            double f = 1 - 0.2 * r2 + 0.05 * r2 * r2;
            worst = fmax(worst, fabs(cx + fx * x * f - mk->x_px));
            worst = fmax(worst, fabs(cy + fx * y * f - mk->y_px));
            /* Undistorted: the tilted plane through the pinhole, by hand. */
            double zc = 2000 + mk->plane_x * st;
            CHECK_NEAR(mk->ux_px, cx + fx * mk->plane_x * ct / zc, 1e-9);
            CHECK_NEAR(mk->uy_px, cy + fx * mk->plane_y / zc, 1e-9);
        }
    }
    CHECK_MSG(worst < 1e-9, "distortion formula off by %g px", worst);
    rc_synth_camera cam;
    rc_synth_get_camera(s, &cam);
    CHECK(cam.fx == 320 && cam.cx == 159.5 && cam.cy == 89.5 && cam.k1 == -0.2);
    CHECK_NEAR(cam.px_per_mm, 0.16, 1e-12);
    rc_synth_destroy(s);
    /* A lens that folds over inside the frame is refused. */
    CHECK(rc_synth_options_parse(&o, "k1=-1&k2=0&tilt=0", &e) == RC_OK);
    CHECK(rc_synth_create("knee_flexion", &o, &e) == NULL);
    CHECK_STR_CONTAINS(e.msg, "k1");
}

static void test_chessboard(void)
{
    rc_err e = {{0}};
    rc_synth_options o = rc_synth_options_default();
    CHECK(rc_synth_options_parse(&o, "size=640x360&k1=-0.2&k2=0.05&tilt=25", &e) == RC_OK);
    rc_synth *s = rc_synth_create("chessboard", &o, &e);
    CHECK(s != NULL);
    if (!s)
        return;
    rc_synth_point pt[RC_SYNTH_BOARD_CORNERS];
    CHECK(rc_synth_board_corners(s, pt, RC_SYNTH_BOARD_CORNERS) == 54);
    /* Row-major, left to right then downwards, 90 mm apart in the plane. */
    CHECK_NEAR(pt[1].plane_x - pt[0].plane_x, 90, 1e-12);
    CHECK_NEAR(pt[9].plane_y - pt[0].plane_y, 90, 1e-12);
    CHECK(pt[8].x_px > pt[0].x_px && pt[45].y_px > pt[0].y_px);
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, o.width, o.height);
    rc_truth t;
    CHECK(rc_synth_render(s, 0, &im, &t) == RC_OK && t.n_markers == 0);
    /* Square centres, projected: the top-left square is black, colours alternate. */
    int wrong = 0;
    for (int j = 0; j < 7; j++) {
        for (int i = 0; i < 10; i++) {
            double u, v;
            rc_synth_project(s, (i - 4.5) * 90, (j - 3) * 90, &u, &v, NULL, NULL);
            int y = rc_image_row(&im, 0, (int)lround(v))[(int)lround(u)];
            wrong += ((i + j) % 2 == 0) ? y > 60 : y < 180;
        }
    }
    CHECK_MSG(wrong == 0, "%d chessboard squares have the wrong colour", wrong);
    /* Corners sit where the four squares meet: luma at +-0.3 square diagonally. */
    int bad = 0;
    for (int k = 0; k < 54; k++) {
        double u1, v1, u2, v2;
        rc_synth_project(s, pt[k].plane_x - 27, pt[k].plane_y - 27, &u1, &v1, NULL, NULL);
        rc_synth_project(s, pt[k].plane_x + 27, pt[k].plane_y - 27, &u2, &v2, NULL, NULL);
        int a = rc_image_row(&im, 0, (int)lround(v1))[(int)lround(u1)];
        int b = rc_image_row(&im, 0, (int)lround(v2))[(int)lround(u2)];
        bad += abs(a - b) < 120;
    }
    CHECK_MSG(bad == 0, "%d corners not between a black and a white square", bad);
    free(buf);
    rc_synth_destroy(s);
}

static int render_once(const char *scene, const char *q, int64_t f, uint8_t **buf, rc_image *im)
{
    rc_err e = {{0}};
    rc_synth_options o = rc_synth_options_default();
    if (rc_synth_options_parse(&o, q, &e) != RC_OK)
        return 0;
    rc_synth *s = rc_synth_create(scene, &o, &e);
    if (!s)
        return 0;
    *buf = rc_image_alloc(im, RC_PIX_I420, o.width, o.height);
    rc_status st = rc_synth_render(s, f, im, NULL);
    rc_synth_destroy(s);
    return st == RC_OK;
}

static void test_determinism_noise_drift(void)
{
    uint8_t *a, *b, *c, *d;
    rc_image ia, ib, ic, id;
    CHECK(render_once("elbow_flexion", "size=320x180&noise=3&seed=7", 100, &a, &ia));
    CHECK(render_once("elbow_flexion", "size=320x180&noise=3&seed=7", 100, &b, &ib));
    CHECK(render_once("elbow_flexion", "size=320x180&noise=3&seed=8", 100, &c, &ic));
    CHECK(render_once("elbow_flexion", "size=320x180&seed=7", 100, &d, &id));
    size_t n = rc_image_bytes(RC_PIX_I420, 320, 180);
    CHECK(memcmp(a, b, n) == 0);
    CHECK(memcmp(a, c, n) != 0);
    /* Noise: (noisy - clean) luma has mean 0 and sigma 3. */
    double s1 = 0, s2 = 0;
    size_t np = 320 * 180;
    for (size_t i = 0; i < np; i++) {
        double dv = (double)a[i] - d[i];
        s1 += dv, s2 += dv * dv;
    }
    double mean = s1 / np, sd = sqrt(s2 / np - mean * mean);
    printf("noise=3: measured luma noise mean %.3f sigma %.3f\n", mean, sd);
    CHECK(fabs(mean) < 0.05);
    CHECK(fabs(sd - sqrt(9 + 1.0 / 12)) < 0.15); /* + rounding */
    /* Different frames: different noise. */
    free(b);
    CHECK(render_once("elbow_flexion", "size=320x180&noise=3&seed=7", 101, &b, &ib));
    CHECK(memcmp(a, b, 320 * 4) != 0);
    free(a), free(b), free(c);

    /* Drift: at t = seconds/4, linear light x1.3, so luma x1.3^(1/2.2). */
    CHECK(render_once("elbow_flexion", "size=320x180&seed=7&drift=0.3", 150, &a, &ia));
    CHECK(render_once("elbow_flexion", "size=320x180&seed=7", 150, &b, &ib));
    double sa = 0, sb = 0;
    for (int y = 0; y < 40; y++)
        for (int x = 0; x < 40; x++)
            sa += ia.plane[0][y * 320 + x], sb += ib.plane[0][y * 320 + x];
    CHECK_NEAR(sa / sb, pow(1.3, 1 / 2.2), 0.01);
    free(a), free(b), free(d);
}

static void test_occlusion_and_errors(void)
{
    rc_err e = {{0}};
    rc_synth_options o = rc_synth_options_default();
    CHECK(rc_synth_options_parse(&o, "size=640x360&occlude=knee@1.0+0.5", &e) == RC_OK);
    rc_synth *s = rc_synth_create("knee_flexion", &o, &e);
    CHECK(s != NULL);
    if (!s)
        return;
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, 640, 360);
    rc_truth t;
    CHECK(rc_synth_render(s, 54, &im, &t) == RC_OK && t.marker[1].visible == 1);
    CHECK(rc_synth_render(s, 72, &im, &t) == RC_OK && t.marker[1].visible == 0);
    CHECK(t.marker[0].visible && t.marker[2].visible);
    /* No magenta chroma anywhere near the hidden knee. */
    uint8_t mg[3] = {200, 40, 160};
    float Y, cb, cr;
    rc_rgb_to_ycbcr(mg, &Y, &cb, &cr);
    int magenta = 0;
    for (int j = (int)(t.marker[1].y_px / 2) - 8; j <= (int)(t.marker[1].y_px / 2) + 8; j++)
        for (int i = (int)(t.marker[1].x_px / 2) - 8; i <= (int)(t.marker[1].x_px / 2) + 8; i++)
            magenta += hypot(rc_image_row(&im, 1, j)[i] - cb, rc_image_row(&im, 2, j)[i] - cr) < 30;
    CHECK(magenta == 0);
    CHECK(rc_synth_render(s, 90, &im, &t) == RC_OK && t.marker[1].visible == 1);
    CHECK(rc_synth_render(s, rc_synth_frame_count(s), &im, &t) == RC_E_EOF);
    CHECK(rc_synth_render(s, -1, &im, &t) == RC_E_ARG);
    rc_image small;
    uint8_t *sb = rc_image_alloc(&small, RC_PIX_I420, 320, 180);
    CHECK(rc_synth_render(s, 0, &small, &t) == RC_E_ARG);
    free(sb);
    free(buf);
    rc_synth_destroy(s);
    /* Odd sizes render (chroma rounds up). */
    uint8_t *ob;
    rc_image oi;
    CHECK(render_once("trunk_lateral_flexion", "size=101x57&noise=2", 3, &ob, &oi));
    free(ob);
}

static void test_speed(void)
{
    rc_err e = {{0}};
    rc_synth *s = rc_synth_create("knee_flexion", NULL, &e);
    CHECK(s != NULL);
    if (!s)
        return;
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, 1280, 720);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 5; i++)
        CHECK(rc_synth_render(s, 100 + 50 * i, &im, NULL) == RC_OK);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("render 1280x720: %.1f ms per frame (this build)\n",
           ((b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) * 1e-6) / 5);
    free(buf);
    rc_synth_destroy(s);
}

/* The bundled models and romcap's kinematics must agree with the scenes. */
static void test_models_cross_check(void)
{
    const char *dir = ROMCAP_SOURCE_DIR "/models";
    int checked = 0;
    for (int k = 0; k < N_CONV; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s.json", dir, conv[k].scene);
        if (!test_path_exists(path)) {
            printf("SKIP part: %s does not exist yet: model cross-check skipped\n", path);
            continue;
        }
        rc_model m;
        rc_err e = {{0}};
        rc_status st = rc_model_resolve(conv[k].scene, dir, &m, &e);
        CHECK_MSG(st == RC_OK, "%s", e.msg);
        if (st != RC_OK)
            continue;
        rc_err se = {{0}};
        rc_synth_options o = rc_synth_options_default();
        o.width = 64, o.height = 36; /* truth only */
        rc_synth *s = rc_synth_create(conv[k].scene, &o, &se);
        if (!s)
            continue;
        rc_truth t;
        rc_synth_truth(s, 0, &t);
        int required = 0; /* optional stickers (issue 16) are worn only with optional=1 */
        for (int i = 0; i < m.n_markers; i++)
            required += !m.marker[i].optional;
        CHECK(required == t.n_markers);
        for (int i = 0; i < t.n_markers && i < m.n_markers; i++) {
            CHECK_MSG(!strcmp(m.marker[i].name, t.marker[i].name), "%s marker %d: %s vs %s",
                      conv[k].scene, i, m.marker[i].name, t.marker[i].name);
            CHECK_MSG(!memcmp(m.marker[i].rgb, conv[k].rgb[i], 3), "%s marker %s colour",
                      conv[k].scene, t.marker[i].name);
        }
        int ai = rc_model_angle_index(&m, t.angle_name[0]);
        CHECK_MSG(ai >= 0, "%s: model has no angle %s", conv[k].scene, t.angle_name[0]);
        double worst = 0;
        rc_kin_options ko = rc_kin_options_default();
        for (int64_t f = 0; ai >= 0 && f < rc_synth_frame_count(s); f += 3) {
            rc_synth_truth(s, f, &t);
            rc_vec2 pos[RC_MAX_MARKERS];
            bool valid[RC_MAX_MARKERS];
            for (int i = 0; i < m.n_markers; i++) {
                int ti = -1;
                for (int j = 0; j < t.n_markers; j++)
                    if (!strcmp(t.marker[j].name, m.marker[i].name))
                        ti = j;
                valid[i] = ti >= 0;
                pos[i].x = ti >= 0 ? t.marker[ti].ux_px : 0;
                pos[i].y = ti >= 0 ? t.marker[ti].uy_px : 0;
            }
            double out[RC_MAX_ANGLES];
            rc_kin_compute(&m, pos, valid, &ko, out);
            double d = fabs(out[ai] - t.angle_deg[0]);
            worst = fmax(worst, d == d ? d : 1e9);
        }
        CHECK_MSG(worst < 1e-6, "%s: kinematics differs from the scene by %g deg", conv[k].scene,
                  worst);
        printf("model cross-check %s: kinematics vs truth max |diff| %.2e deg\n", conv[k].scene,
               worst);
        checked++;
        rc_synth_destroy(s);
    }
    printf("model cross-check: %d of %d scenes checked\n", checked, (int)N_CONV);
}

/* flip=1 mirrors the scene about the plane's vertical axis: truth marker positions
 * mirror (plane X -> -X, pixels about cx, exactly, lens included: the distortion is
 * radial), the truth angle stays. amp= scales the movement about its start. */
static void test_flip_and_amplitude(void)
{
    rc_synth_options o = rc_synth_options_default();
    rc_err e = {{0}};
    CHECK(rc_synth_options_parse(&o, "flip=1&amp=0.25", &e) == RC_OK);
    CHECK(o.flip == 1 && o.amplitude == 0.25);
    const char *bad[][2] = {
        {"flip=2", "'flip'"}, {"flip=yes", "'flip'"}, {"amp=0", "'amp'"}, {"amp=1.5", "'amp'"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        e.msg[0] = 0;
        CHECK_MSG(rc_synth_options_parse(&o, bad[i][0], &e) == RC_E_ARG, "%s", bad[i][0]);
        CHECK_STR_CONTAINS(e.msg, bad[i][1]);
    }
    for (int i = 0; i < rc_synth_scene_count(); i++) {
        const char *name = rc_synth_scene_name(i);
        if (!rc_synth_scene_model(i)[0])
            continue;
        char u0[128], u1[160], uh[160];
        snprintf(u0, sizeof u0, "synthetic:%s?size=640x360&fps=30&k1=-0.1", name);
        snprintf(u1, sizeof u1, "%s&flip=1", u0);
        snprintf(uh, sizeof uh, "%s&amp=0.5", u0);
        rc_synth *s0 = rc_synth_create_uri(u0, &e), *s1 = rc_synth_create_uri(u1, &e);
        rc_synth *sh = rc_synth_create_uri(uh, &e);
        CHECK(s0 && s1 && sh);
        if (!s0 || !s1 || !sh) {
            rc_synth_destroy(s0);
            rc_synth_destroy(s1);
            rc_synth_destroy(sh);
            continue;
        }
        rc_synth_camera cam;
        rc_synth_get_camera(s0, &cam);
        double err_pos = 0, err_angle = 0, err_amp = 0, start = 0;
        for (int64_t f = 0; f < rc_synth_frame_count(s0); f += 7) {
            rc_truth a, b, h;
            rc_synth_truth(s0, f, &a);
            rc_synth_truth(s1, f, &b);
            rc_synth_truth(sh, f, &h);
            if (f == 0)
                start = a.angle_deg[0];
            CHECK(a.n_markers == b.n_markers && a.n_markers >= 2);
            for (int k = 0; k < a.n_markers; k++) {
                const rc_truth_marker *p = &a.marker[k], *q = &b.marker[k];
                err_pos = fmax(err_pos, fabs(q->plane_x + p->plane_x));
                err_pos = fmax(err_pos, fabs(q->plane_y - p->plane_y));
                err_pos = fmax(err_pos, fabs(q->x_px - (2 * cam.cx - p->x_px)));
                err_pos = fmax(err_pos, fabs(q->y_px - p->y_px));
                err_pos = fmax(err_pos, fabs(q->ux_px - (2 * cam.cx - p->ux_px)));
            }
            err_angle = fmax(err_angle, fabs(b.angle_deg[0] - a.angle_deg[0]));
            err_amp =
                fmax(err_amp, fabs(h.angle_deg[0] - (start + 0.5 * (a.angle_deg[0] - start))));
        }
        CHECK_MSG(err_pos < 1e-9, "%s: flipped positions off by %g", name, err_pos);
        CHECK_MSG(err_angle == 0, "%s: flipped angle off by %g", name, err_angle);
        CHECK_MSG(err_amp < 1e-9, "%s: amp=0.5 off by %g", name, err_amp);
        rc_synth_destroy(s0);
        rc_synth_destroy(s1);
        rc_synth_destroy(sh);
    }
}

/* The flipped scene is drawn where its truth says: each marker's centre pixel has the
 * colour it has in the scene as set up (no noise, no drift: the sticker's own). */
static void test_flip_pixels(void)
{
    rc_err e = {{0}};
    rc_synth *s0 = rc_synth_create_uri("synthetic:knee_flexion?size=640x360", &e);
    rc_synth *s1 = rc_synth_create_uri("synthetic:knee_flexion?size=640x360&flip=1", &e);
    rc_image a, b;
    uint8_t *ba = rc_image_alloc(&a, RC_PIX_I420, 640, 360);
    uint8_t *bb = rc_image_alloc(&b, RC_PIX_I420, 640, 360);
    CHECK(s0 && s1 && ba && bb);
    if (s0 && s1 && ba && bb) {
        rc_truth ta, tb;
        CHECK(rc_synth_render(s0, 150, &a, &ta) == RC_OK);
        CHECK(rc_synth_render(s1, 150, &b, &tb) == RC_OK);
        for (int k = 0; k < ta.n_markers; k++) {
            int xa = (int)lround(ta.marker[k].x_px), ya = (int)lround(ta.marker[k].y_px);
            int xb = (int)lround(tb.marker[k].x_px), yb = (int)lround(tb.marker[k].y_px);
            CHECK(xa != xb); /* the knee scene stands left of centre */
            CHECK(abs(rc_image_row(&a, 0, ya)[xa] - rc_image_row(&b, 0, yb)[xb]) <= 1);
            CHECK(abs(rc_image_row(&a, 1, ya / 2)[xa / 2] - rc_image_row(&b, 1, yb / 2)[xb / 2]) <=
                  2);
            CHECK(abs(rc_image_row(&a, 2, ya / 2)[xa / 2] - rc_image_row(&b, 2, yb / 2)[xb / 2]) <=
                  2);
        }
    }
    free(ba);
    free(bb);
    rc_synth_destroy(s0);
    rc_synth_destroy(s1);
}

int main(void)
{
    test_options();
    test_scene_list();
    test_truth();
    test_distortion();
    test_chessboard();
    test_determinism_noise_drift();
    test_occlusion_and_errors();
    test_centroids();
    test_speed();
    test_models_cross_check();
    test_flip_and_amplitude();
    test_flip_pixels();
    return TEST_RESULT();
}
