/* test_camera_controls.c - exposure, white balance and gain (issue 20) without a
 * camera: the option parsers' refusals, the plan applied to a fake camera that records
 * every property set (checked against the V4L2 values OpenCV 4.6 passes through:
 * V4L2_EXPOSURE_MANUAL = 1, V4L2_EXPOSURE_APERTURE_PRIORITY = 3, absolute exposure
 * in 100 us units, per the V4L2 specification), the read-back against fakes that
 * refuse or clamp, the lock after a warm-up of a fake auto mode, the log lines, the
 * session.json round trip of the values in force, and that files and synthetic
 * scenes get nothing applied. */
#include <math.h>
#include <unistd.h>

#include "romcap/files.h"
#include "romcap/session.h"
#include "romcap/source.h"
#include "session/session_internal.h"
#include "test_util.h"

/* ---- the fake camera ---------------------------------------------------------- */

enum { MAX_SETS = 32 };

typedef struct fake_cam {
    double value[RC_CAM_PROP_COUNT];
    int has[RC_CAM_PROP_COUNT];    /* reported by get */
    int refuse[RC_CAM_PROP_COUNT]; /* set fails */
    double max[RC_CAM_PROP_COUNT]; /* set clamps here (0 = no clamp) */
    int ignore_auto;               /* accepts auto on but stays manual */
    double auto_exposure_units, auto_wb_k; /* where the fake's auto modes go per frame */
    int n_sets;
    rc_cam_prop set_prop[MAX_SETS];
    double set_value[MAX_SETS];
} fake_cam;

static int fake_set(void *ctx, rc_cam_prop p, double v)
{
    fake_cam *f = ctx;
    if (f->n_sets < MAX_SETS) {
        f->set_prop[f->n_sets] = p;
        f->set_value[f->n_sets] = v;
    }
    f->n_sets++;
    if (f->refuse[p])
        return 0;
    if (f->ignore_auto && (p == RC_CAM_PROP_AUTO_EXPOSURE || p == RC_CAM_PROP_AUTO_WB))
        return 1;
    f->value[p] = f->max[p] > 0 && v > f->max[p] ? f->max[p] : v;
    return 1;
}

static int fake_get(void *ctx, rc_cam_prop p, double *v)
{
    fake_cam *f = ctx;
    if (!f->has[p])
        return 0;
    *v = f->value[p];
    return 1;
}

/* A UVC webcam as it opens: auto exposure (3) at 33.3 ms, auto white balance at
 * 6500 K, gain 0; its auto modes settle at 15.6 ms and 4600 K. */
static fake_cam webcam(void)
{
    fake_cam f;
    memset(&f, 0, sizeof f);
    for (int p = 0; p < RC_CAM_PROP_COUNT; p++)
        f.has[p] = 1;
    f.value[RC_CAM_PROP_AUTO_EXPOSURE] = 3;
    f.value[RC_CAM_PROP_EXPOSURE] = 333;
    f.value[RC_CAM_PROP_AUTO_WB] = 1;
    f.value[RC_CAM_PROP_WB_TEMPERATURE] = 6500;
    f.auto_exposure_units = 156;
    f.auto_wb_k = 4600;
    return f;
}

/* One frame of the fake: auto modes move their values. */
static void fake_frame(fake_cam *f)
{
    if (f->value[RC_CAM_PROP_AUTO_EXPOSURE] == 3)
        f->value[RC_CAM_PROP_EXPOSURE] = f->auto_exposure_units;
    if (f->value[RC_CAM_PROP_AUTO_WB] == 1)
        f->value[RC_CAM_PROP_WB_TEMPERATURE] = f->auto_wb_k;
}

static int was_set(const fake_cam *f, int i, rc_cam_prop p, double v)
{
    return i < f->n_sets && f->set_prop[i] == p && f->set_value[i] == v;
}

/* ---- tests ---------------------------------------------------------------------- */

static void test_parse(void)
{
    rc_camera_request rq = {0};
    rc_err err = {{0}};
    CHECK(rc_camera_parse_exposure("8", &rq, &err) == RC_OK);
    CHECK(rq.exposure == RC_CAM_MANUAL && rq.exposure_ms == 8);
    CHECK(rc_camera_parse_exposure("auto", &rq, &err) == RC_OK && rq.exposure == RC_CAM_AUTO);
    CHECK(rc_camera_parse_white_balance("4500", &rq, &err) == RC_OK);
    CHECK(rq.white_balance == RC_CAM_MANUAL && rq.wb_kelvin == 4500);
    CHECK(rc_camera_parse_white_balance("lock", &rq, &err) == RC_OK);
    CHECK(rq.white_balance == RC_CAM_LOCK);
    CHECK(rc_camera_parse_white_balance("auto", &rq, &err) == RC_OK);
    CHECK(rq.white_balance == RC_CAM_AUTO);
    CHECK(rc_camera_parse_gain("12.5", &rq, &err) == RC_OK);
    CHECK(rq.gain == RC_CAM_MANUAL && rq.gain_value == 12.5);

    static const char *const bad_exposure[] = {"0", "-3", "abc", "8ms", "", "1001", "nan", "inf",
                                               "Auto"};
    for (size_t i = 0; i < sizeof bad_exposure / sizeof *bad_exposure; i++) {
        rc_camera_request r = {0};
        rc_err e = {{0}};
        CHECK_MSG(rc_camera_parse_exposure(bad_exposure[i], &r, &e) == RC_E_ARG, "'%s'",
                  bad_exposure[i]);
        CHECK(r.exposure == RC_CAM_DEFAULT); /* a refused value changes nothing */
        CHECK_STR_CONTAINS(e.msg, "--exposure: '");
        CHECK(strchr(e.msg, '\n') == NULL);
    }
    static const char *const bad_wb[] = {"999", "15001", "warm", "4500K", "locked"};
    for (size_t i = 0; i < sizeof bad_wb / sizeof *bad_wb; i++) {
        rc_camera_request r = {0};
        rc_err e = {{0}};
        CHECK(rc_camera_parse_white_balance(bad_wb[i], &r, &e) == RC_E_ARG);
        CHECK_STR_CONTAINS(e.msg, "--white-balance: '");
        CHECK_STR_CONTAINS(e.msg, bad_wb[i]);
    }
    static const char *const bad_gain[] = {"-1", "x", "10001", "auto"};
    for (size_t i = 0; i < sizeof bad_gain / sizeof *bad_gain; i++) {
        rc_camera_request r = {0};
        rc_err e = {{0}};
        CHECK(rc_camera_parse_gain(bad_gain[i], &r, &e) == RC_E_ARG);
        CHECK_STR_CONTAINS(e.msg, "--gain: '");
    }
}

/* Manual values: the V4L2 numbers, in order (auto off before the value). */
static void test_manual(void)
{
    fake_cam f = webcam();
    rc_camera_ops ops = {&f, fake_set, fake_get};
    rc_camera_request rq = {.exposure = RC_CAM_MANUAL, .exposure_ms = 8,
                            .white_balance = RC_CAM_MANUAL, .wb_kelvin = 4500,
                            .gain = RC_CAM_MANUAL, .gain_value = 32};
    CHECK(!rc_camera_needs_lock(&rq));
    rc_camera_controls cc;
    rc_camera_controls_apply(&rq, &ops, &cc);
    CHECK(f.n_sets == 5);
    CHECK(was_set(&f, 0, RC_CAM_PROP_AUTO_EXPOSURE, 1)); /* V4L2_EXPOSURE_MANUAL */
    CHECK(was_set(&f, 1, RC_CAM_PROP_EXPOSURE, 80));     /* 8 ms = 80 x 100 us */
    CHECK(was_set(&f, 2, RC_CAM_PROP_AUTO_WB, 0));
    CHECK(was_set(&f, 3, RC_CAM_PROP_WB_TEMPERATURE, 4500));
    CHECK(was_set(&f, 4, RC_CAM_PROP_GAIN, 32));
    CHECK(cc.applied == 1);
    CHECK(cc.exposure.in_force == 8 && !cc.exposure.is_auto && !cc.exposure.refused);
    CHECK(cc.white_balance.in_force == 4500 && !cc.white_balance.is_auto);
    CHECK(cc.gain.in_force == 32 && !cc.gain.refused);
    char line[256];
    CHECK(!strcmp(rc_camera_control_describe(&cc, 0, line, sizeof line),
                  "exposure: requested 8 ms -> in force 8 ms"));
    CHECK(!strcmp(rc_camera_control_describe(&cc, 1, line, sizeof line),
                  "white balance: requested 4500 K -> in force 4500 K"));
    CHECK(!strcmp(rc_camera_control_describe(&cc, 2, line, sizeof line),
                  "gain: requested 32 -> in force 32"));
    /* A sub-unit exposure goes to the nearest 100 us step. */
    f = webcam();
    rc_camera_request r2 = {.exposure = RC_CAM_MANUAL, .exposure_ms = 0.26};
    rc_camera_controls_apply(&r2, &ops, &cc);
    CHECK(was_set(&f, 1, RC_CAM_PROP_EXPOSURE, 3));
}

/* Drivers differ: one refuses the temperature and has no gain; one clamps the exposure;
 * one accepts auto but stays manual. Each is reported as it is. */
static void test_refusals(void)
{
    fake_cam f = webcam();
    f.refuse[RC_CAM_PROP_WB_TEMPERATURE] = 1;
    f.refuse[RC_CAM_PROP_GAIN] = 1;
    f.has[RC_CAM_PROP_GAIN] = 0;
    f.max[RC_CAM_PROP_EXPOSURE] = 300; /* 30 ms at most */
    rc_camera_ops ops = {&f, fake_set, fake_get};
    rc_camera_request rq = {.exposure = RC_CAM_MANUAL, .exposure_ms = 50,
                            .white_balance = RC_CAM_MANUAL, .wb_kelvin = 3000,
                            .gain = RC_CAM_MANUAL, .gain_value = 10};
    rc_camera_controls cc;
    rc_camera_controls_apply(&rq, &ops, &cc);
    char line[256];
    CHECK(!cc.exposure.refused && cc.exposure.in_force == 30);
    CHECK(!strcmp(rc_camera_control_describe(&cc, 0, line, sizeof line),
                  "exposure: requested 50 ms -> in force 30 ms"));
    CHECK(cc.white_balance.refused);
    CHECK(cc.white_balance.in_force == 6500); /* what the driver kept */
    CHECK_STR_CONTAINS(rc_camera_control_describe(&cc, 1, line, sizeof line),
                       "white balance: requested 3000 K -> refused by the driver");
    CHECK(cc.gain.refused && isnan(cc.gain.in_force));
    CHECK(!strcmp(rc_camera_control_describe(&cc, 2, line, sizeof line),
                  "gain: requested 10 -> refused by the driver (in force: manual, value not "
                  "reported)"));

    f = webcam();
    f.value[RC_CAM_PROP_AUTO_EXPOSURE] = 1;
    f.value[RC_CAM_PROP_AUTO_WB] = 0;
    f.ignore_auto = 1;
    rc_camera_request ra = {.exposure = RC_CAM_AUTO, .white_balance = RC_CAM_AUTO};
    rc_camera_controls_apply(&ra, &ops, &cc);
    CHECK(was_set(&f, 0, RC_CAM_PROP_AUTO_EXPOSURE, 3)); /* aperture priority = auto */
    CHECK(was_set(&f, 1, RC_CAM_PROP_AUTO_WB, 1));
    CHECK(cc.exposure.refused && !cc.exposure.is_auto);
    CHECK(cc.white_balance.refused);
    CHECK_STR_CONTAINS(rc_camera_control_describe(&cc, 0, line, sizeof line),
                       "exposure: requested auto -> refused by the driver");
}

/* The default: nothing set at open, the fake's auto modes run for the warm-up, then
 * exposure and white balance are locked at the values they reached. */
static void test_default_lock(void)
{
    fake_cam f = webcam();
    rc_camera_ops ops = {&f, fake_set, fake_get};
    rc_camera_request rq = {0};
    CHECK(rc_camera_needs_lock(&rq));
    rc_camera_controls cc;
    rc_camera_controls_apply(&rq, &ops, &cc);
    CHECK(f.n_sets == 0); /* the driver's auto modes are left alone */
    CHECK(cc.exposure.is_auto && cc.white_balance.is_auto);
    for (int i = 0; i < 45; i++)
        fake_frame(&f);
    rc_camera_controls_lock(&rq, &ops, 1.5, &cc);
    CHECK(f.n_sets == 4);
    CHECK(was_set(&f, 0, RC_CAM_PROP_AUTO_EXPOSURE, 1));
    CHECK(was_set(&f, 1, RC_CAM_PROP_EXPOSURE, 156));
    CHECK(was_set(&f, 2, RC_CAM_PROP_AUTO_WB, 0));
    CHECK(was_set(&f, 3, RC_CAM_PROP_WB_TEMPERATURE, 4600));
    CHECK(cc.exposure.locked && !cc.exposure.is_auto);
    CHECK_NEAR(cc.exposure.in_force, 15.6, 1e-12);
    CHECK(cc.white_balance.locked && cc.white_balance.in_force == 4600);
    CHECK(cc.warmup_s == 1.5);
    fake_frame(&f); /* locked: the fake's auto no longer moves them */
    CHECK(f.value[RC_CAM_PROP_EXPOSURE] == 156);
    char line[256];
    CHECK(!strcmp(rc_camera_control_describe(&cc, 0, line, sizeof line),
                  "exposure: requested auto, then lock after 1.5 s -> in force 15.6 ms (locked)"));
    CHECK(!strcmp(rc_camera_control_describe(&cc, 2, line, sizeof line),
                  "gain: requested nothing (driver's setting) -> in force 0"));

    /* Exposure given, white balance "lock": only the white balance is locked. */
    f = webcam();
    rc_camera_request r2 = {.exposure = RC_CAM_MANUAL, .exposure_ms = 4,
                            .white_balance = RC_CAM_LOCK};
    rc_camera_controls_apply(&r2, &ops, &cc);
    fake_frame(&f);
    rc_camera_controls_lock(&r2, &ops, 1.5, &cc);
    CHECK(!cc.exposure.locked && cc.exposure.in_force == 4);
    CHECK(cc.white_balance.locked && cc.white_balance.in_force == 4600);

    /* A driver that cannot turn auto white balance off: not locked, said so. */
    f = webcam();
    f.refuse[RC_CAM_PROP_AUTO_WB] = 1;
    rc_camera_controls_apply(&rq, &ops, &cc);
    fake_frame(&f);
    rc_camera_controls_lock(&rq, &ops, 1.5, &cc);
    CHECK(cc.exposure.locked);
    CHECK(!cc.white_balance.locked && cc.white_balance.refused && cc.white_balance.is_auto);
    CHECK_STR_CONTAINS(rc_camera_control_describe(&cc, 1, line, sizeof line),
                       "refused by the driver (in force: auto at 4600 K)");
}

static rc_session_config session_config(const rc_camera_controls *cc)
{
    rc_session_config c = {.software = "romcap test", .model_name = "knee_flexion",
                           .source_uri = "camera:0", .source_kind = "camera", .width = 64,
                           .height = 48, .fps = 30, .live = 1, .camera_controls = cc};
    return c;
}

/* session.json holds the values in force; a session without a camera holds none. */
static void test_session_round_trip(const char *root)
{
    fake_cam f = webcam();
    f.refuse[RC_CAM_PROP_GAIN] = 1;
    rc_camera_ops ops = {&f, fake_set, fake_get};
    rc_camera_request rq = {.white_balance = RC_CAM_LOCK, .gain = RC_CAM_MANUAL,
                            .gain_value = 7};
    rc_camera_controls cc;
    rc_camera_controls_apply(&rq, &ops, &cc);
    fake_frame(&f);
    rc_camera_controls_lock(&rq, &ops, 1.52, &cc);

    char dir[512], json[600];
    snprintf(dir, sizeof dir, "%s/with", root);
    rc_err err = {{0}};
    rc_session_config c = session_config(&cc);
    rc_session_writer *w = rc_session_writer_create(dir, &c, &err);
    CHECK_MSG(w != NULL, "%s", err.msg);
    CHECK(rc_session_writer_close(w, "end of test", &err) == RC_OK);
    rc_session_meta m;
    CHECK_MSG(rc__session_read_meta(dir, &m, NULL, &err) == RC_OK, "%s", err.msg);
    const rc_camera_controls *b = &m.camera_controls;
    CHECK(b->applied == 1 && b->warmup_s == 1.52);
    CHECK(b->exposure.mode == RC_CAM_DEFAULT && isnan(b->exposure.requested));
    CHECK(b->exposure.locked && !b->exposure.is_auto);
    CHECK_NEAR(b->exposure.in_force, 15.6, 1e-12);
    CHECK(b->white_balance.mode == RC_CAM_LOCK && b->white_balance.locked);
    CHECK(b->white_balance.in_force == 4600);
    CHECK(b->gain.mode == RC_CAM_MANUAL && b->gain.requested == 7 && b->gain.refused);
    CHECK(b->gain.in_force == 0 && !b->gain.locked);

    snprintf(dir, sizeof dir, "%s/without", root);
    c = session_config(NULL);
    c.source_uri = "synthetic:knee_flexion";
    w = rc_session_writer_create(dir, &c, &err);
    CHECK(w != NULL);
    CHECK(rc_session_writer_close(w, "end of test", &err) == RC_OK);
    CHECK(rc__session_read_meta(dir, &m, NULL, &err) == RC_OK);
    CHECK(m.camera_controls.applied == 0);
    snprintf(json, sizeof json, "%s/session.json", dir);
    char *text = NULL;
    CHECK(rc_read_text(json, 1u << 20, &text, NULL, &err) == RC_OK);
    CHECK(text && !strstr(text, "camera_controls"));
    free(text);
}

/* Files and synthetic scenes: nothing applied, whatever was asked. */
static void test_not_a_camera(void)
{
    rc_source_options opt = {.camera = {.exposure = RC_CAM_MANUAL, .exposure_ms = 5}};
    rc_err err = {{0}};
    rc_source *s = rc_source_open("synthetic:knee_flexion?seconds=1", &opt, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (s) {
        rc_source_info info;
        rc_source_get_info(s, &info);
        CHECK(info.camera.applied == 0);
        rc_source_close(s);
    }
}

int main(void)
{
    char root[] = "/tmp/romcap_test_camctl_XXXXXX";
    if (!mkdtemp(root))
        TEST_SKIP("cannot create a temporary folder");
    test_parse();
    test_manual();
    test_refusals();
    test_default_lock();
    test_session_round_trip(root);
    test_not_a_camera();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
    return TEST_RESULT();
}
