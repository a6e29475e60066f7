/* test_camera_controls.c - exposure, white balance and gain (issue 20) without a
 * camera: the option parsers' refusals, the plan applied to a fake camera that records
 * every property set (checked against the V4L2 values OpenCV 4.6 passes through:
 * V4L2_EXPOSURE_MANUAL = 1, V4L2_EXPOSURE_APERTURE_PRIORITY = 3, absolute exposure
 * in 100 us units, per the V4L2 specification), the read-back against fakes that
 * refuse or clamp, the lock after a warm-up of a fake auto mode, the log lines, the
 * session.json round trip of the values in force (and of how and when the lock
 * happened), that files and synthetic scenes get nothing applied, and the lock on
 * request (issue 20): a fake live camera (synthetic frames, the fake's controls) run
 * by the real capture thread sets nothing until rc_capture_request_lock, then sets
 * auto off and the value for exposure and white balance between two of its reads, in
 * that order, and reads them back; a fake that refuses auto white balance off is
 * reported as refused and not locked. */
#define _DEFAULT_SOURCE /* usleep */
#include <math.h>
#include <stdatomic.h>
#include <unistd.h>

#include "capture/source_internal.h"
#include "romcap/capture.h"

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
    cc.lock_how = RC_CAM_LOCK_TIMEOUT; /* as the live window's capture records it */
    cc.lock_frame = 149;
    cc.lock_t_s = 5.01;
    cc.lock_applied_after = 151;
    snprintf(cc.lock_note, sizeof cc.lock_note, "stickers not all seen (not seen: ankle)");

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
    CHECK(b->lock_how == RC_CAM_LOCK_TIMEOUT && b->lock_frame == 149 && !b->lock_pending);
    CHECK(b->lock_t_s == 5.01 && b->lock_applied_after == 151);
    CHECK(!strcmp(b->lock_note, "stickers not all seen (not seen: ankle)"));

    /* The block replaced while recording (the lock came after the start). */
    snprintf(dir, sizeof dir, "%s/replaced", root);
    rc_camera_controls pending = cc;
    pending.lock_how = RC_CAM_LOCK_NOT;
    pending.lock_pending = 1;
    c = session_config(&pending);
    w = rc_session_writer_create(dir, &c, &err);
    CHECK_MSG(w != NULL, "%s", err.msg);
    cc.lock_how = RC_CAM_LOCK_STICKERS;
    cc.lock_note[0] = '\0';
    rc_session_writer_set_camera_controls(w, &cc);
    CHECK(rc_session_writer_close(w, "end of test", &err) == RC_OK);
    CHECK(rc__session_read_meta(dir, &m, NULL, &err) == RC_OK);
    CHECK(m.camera_controls.lock_how == RC_CAM_LOCK_STICKERS && !m.camera_controls.lock_pending);
    CHECK(m.camera_controls.lock_frame == 149 && m.camera_controls.lock_note[0] == '\0');

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

/* ---- the lock on request, through the capture thread ---------------------------- */

enum { MAX_LOCK_SETS = 16 };

/* A live camera for the capture thread: synthetic frames at ~100 fps, the fake's
 * controls. What the main thread reads while the thread runs is atomic; the rest is
 * read after rc_capture_stop (joined). */
typedef struct fake_live {
    rc_source *inner;
    fake_cam cam;
    atomic_int reads, sets, in_read;
    int set_reads[MAX_LOCK_SETS];   /* reads completed when each set came */
    int set_in_read[MAX_LOCK_SETS]; /* 1: a set during a read */
} fake_live;

static rc_status live_read(rc_source *s, rc_frame *out)
{
    fake_live *f = s->impl;
    atomic_store(&f->in_read, 1);
    usleep(10000);
    rc_status st = rc_source_read(f->inner, out);
    fake_frame(&f->cam); /* the auto modes move while frames come */
    atomic_store(&f->in_read, 0);
    atomic_fetch_add(&f->reads, 1);
    return st;
}

static void live_close(void *impl)
{
    fake_live *f = impl;
    rc_source_close(f->inner);
}

static int live_set(void *ctx, rc_cam_prop p, double v)
{
    fake_live *f = ctx;
    int i = atomic_load(&f->sets);
    if (i < MAX_LOCK_SETS) {
        f->set_reads[i] = atomic_load(&f->reads);
        f->set_in_read[i] = atomic_load(&f->in_read);
    }
    int ok = fake_set(&f->cam, p, v);
    atomic_fetch_add(&f->sets, 1);
    return ok;
}

static int live_get(void *ctx, rc_cam_prop p, double *v)
{
    return fake_get(&((fake_live *)ctx)->cam, p, v);
}

static const rc__source_ops live_ops = {live_read, live_close, NULL, NULL, NULL};

/* The fake camera opened as source_camera.c opens one for the live window (the
 * default request with lock_later: the controls applied, the lock pending). */
static rc_source *open_fake_live(fake_live *f)
{
    rc_err err = {{0}};
    f->inner = rc_source_open("synthetic:knee_flexion?size=160x120&fps=100&seconds=30", NULL, &err);
    CHECK_MSG(f->inner != NULL, "%s", err.msg);
    if (!f->inner)
        return NULL;
    rc_source *s = rc__source_new(&live_ops, f, "camera", &err);
    if (!s)
        return NULL;
    rc_source_get_info(f->inner, &s->info);
    snprintf(s->info.kind, sizeof s->info.kind, "camera");
    s->info.live = 1;
    s->info.n_frames = -1;
    s->cam = (rc_camera_ops){f, live_set, live_get};
    s->cam_rq = (rc_camera_request){.lock_later = 1};
    rc_camera_controls_apply(&s->cam_rq, &s->cam, &s->info.camera);
    s->info.camera.lock_pending = rc_camera_needs_lock(&s->cam_rq);
    return s;
}

/* Takes frames until the lock's result is published (at most 3 s). */
static int wait_locked(rc_capture *cap, rc_camera_controls *cc)
{
    for (int i = 0; i < 300; i++) {
        const rc_capture_frame *fr = rc_capture_acquire(cap);
        rc_capture_release(cap, fr);
        if (rc_capture_lock_result(cap, cc))
            return 1;
        usleep(10000);
    }
    return 0;
}

static void test_lock_on_request(void)
{
    fake_live f;
    memset(&f, 0, sizeof f);
    f.cam = webcam();
    rc_source *src = open_fake_live(&f);
    if (!src)
        return;
    CHECK(atomic_load(&f.sets) == 0); /* opening with the default sets nothing */
    rc_err err = {{0}};
    rc_capture_config cfg = {.n_slots = 4};
    rc_capture *cap = rc_capture_start(src, &cfg, &err);
    CHECK_MSG(cap != NULL, "%s", err.msg);
    if (!cap)
        return;
    CHECK(rc_capture_lock_pending(cap));
    int taken = 0; /* a third of a second of frames: no lock without the request */
    while (taken < 30) {
        const rc_capture_frame *fr = rc_capture_acquire_wait(cap);
        if (!fr)
            break;
        rc_capture_release(cap, fr);
        taken++;
    }
    rc_camera_controls cc;
    CHECK(atomic_load(&f.sets) == 0);
    CHECK(!rc_capture_lock_result(cap, &cc));
    int reads_at_request = atomic_load(&f.reads);
    rc_capture_lock_request rq = {.how = RC_CAM_LOCK_STICKERS, .frame = 29, .t_s = 0.29};
    CHECK(rc_capture_request_lock(cap, &rq) == 1);
    CHECK(rc_capture_request_lock(cap, &rq) == 0); /* one lock */
    CHECK(!rc_capture_lock_pending(cap));
    CHECK(wait_locked(cap, &cc));
    usleep(50000); /* reads go on after the lock */
    rc_capture_stop(cap);

    int n = atomic_load(&f.sets);
    CHECK_MSG(n == 4, "%d sets", n);
    CHECK(was_set(&f.cam, 0, RC_CAM_PROP_AUTO_EXPOSURE, 1)); /* auto off, then the value */
    CHECK(was_set(&f.cam, 1, RC_CAM_PROP_EXPOSURE, 156));
    CHECK(was_set(&f.cam, 2, RC_CAM_PROP_AUTO_WB, 0));
    CHECK(was_set(&f.cam, 3, RC_CAM_PROP_WB_TEMPERATURE, 4600));
    for (int i = 0; i < n && i < MAX_LOCK_SETS; i++) {
        CHECK(!f.set_in_read[i]);                   /* never inside a read */
        CHECK(f.set_reads[i] == f.set_reads[0]);    /* all between the same two reads */
        CHECK(f.set_reads[i] >= reads_at_request);  /* not before the request */
    }
    CHECK(atomic_load(&f.reads) > f.set_reads[0]); /* ... and a read came after them */
    CHECK(cc.exposure.locked && !cc.exposure.is_auto && !cc.exposure.refused);
    CHECK_NEAR(cc.exposure.in_force, 15.6, 1e-12); /* read back */
    CHECK(cc.white_balance.locked && cc.white_balance.in_force == 4600);
    CHECK(cc.lock_how == RC_CAM_LOCK_STICKERS && cc.lock_frame == 29 && !cc.lock_pending);
    CHECK(cc.lock_t_s == 0.29 && cc.warmup_s == 0.29);
    CHECK(cc.lock_applied_after == f.set_reads[0] - 1); /* the frame index of the last read */
    char line[256];
    CHECK(!strcmp(rc_camera_control_describe(&cc, 0, line, sizeof line),
                  "exposure: requested auto, then lock after 0.3 s (stickers seen) -> in force "
                  "15.6 ms (locked)"));

    /* A driver that refuses auto white balance off: exposure locked, white balance not,
     * and said so. */
    memset(&f, 0, sizeof f);
    f.cam = webcam();
    f.cam.refuse[RC_CAM_PROP_AUTO_WB] = 1;
    if (!(src = open_fake_live(&f)))
        return;
    cap = rc_capture_start(src, &cfg, &err);
    CHECK_MSG(cap != NULL, "%s", err.msg);
    if (!cap)
        return;
    for (int i = 0; i < 5; i++) /* the fake's auto modes have moved */
        rc_capture_release(cap, rc_capture_acquire_wait(cap));
    rq.how = RC_CAM_LOCK_TIMEOUT;
    snprintf(rq.note, sizeof rq.note, "not seen: ankle");
    CHECK(rc_capture_request_lock(cap, &rq) == 1);
    CHECK(wait_locked(cap, &cc));
    rc_capture_stop(cap);
    CHECK(cc.exposure.locked);
    CHECK(!cc.white_balance.locked && cc.white_balance.refused && cc.white_balance.is_auto);
    CHECK(cc.lock_how == RC_CAM_LOCK_TIMEOUT && !strcmp(cc.lock_note, "not seen: ankle"));
    CHECK_STR_CONTAINS(rc_camera_control_describe(&cc, 1, line, sizeof line),
                       "(time-out) -> refused by the driver (in force: auto at 4600 K)");

    /* A file or a scene: nothing waits, a request is refused. */
    rc_source *scene = rc_source_open("synthetic:knee_flexion?size=160x120&seconds=1", NULL, &err);
    cap = scene ? rc_capture_start(scene, &cfg, &err) : NULL;
    CHECK_MSG(cap != NULL, "%s", err.msg);
    if (cap) {
        CHECK(!rc_capture_lock_pending(cap));
        CHECK(rc_capture_request_lock(cap, &rq) == 0);
        CHECK(!rc_capture_lock_result(cap, &cc));
        rc_capture_stop(cap);
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
    test_lock_on_request();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
    return TEST_RESULT();
}
