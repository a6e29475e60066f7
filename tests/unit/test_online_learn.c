/* test_online_learn.c - sticker colours learnt by themselves in the live engine
 * (online.h, rc_online_learn_info) against the synthetic scene's exact truth, and
 * their place in session.json (session.h: rc_session_writer_set_learnt /
 * rc_session_learnt round trip).
 *
 * The scene: the knee flexion at 640x360, 30 fps, 8 s, with the knee sticker painted
 * #f5474c (what a phone makes of a red sticker) where the model
 * (tests/data/phone_knee_red.json) says crimson #dc143c, 0.39 |n| away: outside the
 * nominal class; the ankle sticker painted orange as the model says; and a
 * flushed-skin "face" (#d04a3c, radius 9 px) 95 px from the knee. Frames are JPEG
 * (quality 80, 4:2:0) in a session folder, played through a lossless capture.
 * - learning on: the knee's colour is learnt within the first 4 s (about the painted
 *   colour), the knee angle then follows the truth, and no marker is ever on the face;
 * - learning off (rc_online_set_auto_learn false, --no-auto-learn): nothing learnt,
 *   the knee never on the face either.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "romcap/jpeg.h"
#include "romcap/online.h"
#include "romcap/synth.h"
#include "test_util.h"

#define MODEL_PATH ROMCAP_SOURCE_DIR "/tests/data/phone_knee_red.json"
#define SCENE      "synthetic:knee_flexion?size=640x360&fps=30&seconds=8&noise=2"
#define FACE_X     400.0
#define FACE_Y     209.0
#define FACE_R     9.0

/* JFIF Y, Cb, Cr of sRGB (r, g, b). */
static void ycc(int r, int g, int b, uint8_t out[3])
{
    double y = 0.299 * r + 0.587 * g + 0.114 * b;
    out[0] = (uint8_t)lround(y);
    out[1] = (uint8_t)lround(fmin(255, fmax(0, 128 + 0.564 * (b - y))));
    out[2] = (uint8_t)lround(fmin(255, fmax(0, 128 + 0.713 * (r - y))));
}

/* A hard-edged filled circle of colour c over the frame (luma per pixel, chroma per
 * 2x2 block whose centre is inside). */
static void fill_circle(rc_image *im, double cx, double cy, double r, const uint8_t c[3])
{
    for (int y = (int)(cy - r) - 1; y <= (int)(cy + r) + 1; y++)
        for (int x = (int)(cx - r) - 1; x <= (int)(cx + r) + 1; x++) {
            if (x < 0 || y < 0 || x >= im->width || y >= im->height)
                continue;
            if (hypot(x - cx, y - cy) <= r)
                rc_image_row(im, 0, y)[x] = c[0];
            if (!((x | y) & 1) && hypot(x + 0.5 - cx, y + 0.5 - cy) <= r) {
                rc_image_row(im, 1, y / 2)[x / 2] = c[1];
                rc_image_row(im, 2, y / 2)[x / 2] = c[2];
            }
        }
}

/* The scene painted as above, JPEG-encoded into session folder `dir`. */
static int make_session(const char *dir)
{
    rc_err err = {{0}};
    rc_synth *s = rc_synth_create_uri(SCENE, &err);
    rc_jpeg *j = rc_jpeg_create(&err);
    rc_session_config c = {.software = "test", .model_name = "phone_knee_red",
                           .source_uri = SCENE, .source_kind = "synthetic", .width = 640,
                           .height = 360, .fps = 30, .jpeg_quality = 80, .wait_when_full = 1};
    rc_session_writer *w = s && j ? rc_session_writer_create(dir, &c, &err) : NULL;
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, 640, 360);
    CHECK_MSG(s && j && w && buf, "%s", err.msg);
    uint8_t knee[3], ankle[3], face[3];
    ycc(0xf5, 0x47, 0x4c, knee);
    ycc(0xff, 0x8c, 0x1a, ankle);
    ycc(0xd0, 0x4a, 0x3c, face);
    int64_t n = s ? rc_synth_frame_count(s) : 0;
    int ok = s && j && w && buf;
    for (int64_t i = 0; ok && i < n; i++) {
        rc_truth tr;
        ok = rc_synth_render(s, i, &im, &tr) == RC_OK;
        fill_circle(&im, FACE_X, FACE_Y, FACE_R, face);
        for (int k = 0; ok && k < tr.n_markers; k++)
            if (tr.marker[k].visible && (k == 1 || k == 2)) /* knee, ankle */
                fill_circle(&im, tr.marker[k].x_px, tr.marker[k].y_px, 7.5, k == 1 ? knee : ankle);
        const uint8_t *jb;
        size_t jn;
        ok = ok && rc_jpeg_encode(j, &im, 80, &jb, &jn) == RC_OK &&
             rc_session_writer_push(w, jb, jn, (int64_t)llround(i * 1e9 / 30), &err) == RC_OK;
    }
    CHECK_MSG(ok, "making the session: %s", err.msg);
    ok = rc_session_writer_close(w, "end", &err) == RC_OK && ok;
    free(buf);
    rc_jpeg_destroy(j);
    rc_synth_destroy(s);
    return ok;
}

typedef struct seen {
    int views, on_face, compared;
    int64_t switched_at; /* first view index with n_learnt > 0; -1 none */
    double se, max_err;
    rc_online_learn_info learn;
} seen;

static void sleep_ms(int ms)
{
    struct timespec ts = {0, (long)ms * 1000000L};
    nanosleep(&ts, NULL);
}

static void take(rc_online *e, const rc_online_view *v, rc_synth *truth, seen *s)
{
    s->views++;
    for (int k = 0; k < 3; k++) {
        const rc_marker_state *m = &v->res.marker[k];
        if (m->state != RC_TRACK_LOST && hypot(m->x_px - FACE_X, m->y_px - FACE_Y) < FACE_R + 4)
            s->on_face++;
    }
    rc_online_learn_info li;
    rc_online_get_learn(e, &li);
    if (li.n_learnt > 0 && s->switched_at < 0)
        s->switched_at = v->index;
    rc_truth tr;
    /* compared from one second after the switch (the views in the ring were analysed
     * before the switch was published) */
    if (s->switched_at < 0 || v->index < s->switched_at + 30 ||
        rc_synth_truth(truth, v->index, &tr) != RC_OK || !isfinite(v->res.angle_deg[0]))
        return;
    double d = fabs(v->res.angle_deg[0] - tr.angle_deg[0]);
    s->se += d * d;
    s->max_err = fmax(s->max_err, d);
    s->compared++;
}

/* True once the source ended and frame `last` (the last view taken) was its last. */
static bool played_out(rc_capture *cap, rc_online *e, int64_t last)
{
    if (rc_capture_state(cap, NULL) != RC_E_EOF)
        return false;
    rc_capture_stats cs;
    int64_t done, dropped;
    rc_capture_get_stats(cap, &cs);
    rc_online_counts(e, &done, &dropped);
    return done == cs.captured && last + 1 == cs.captured;
}

static void play(const char *dir, const rc_model *m, bool learn, seen *s)
{
    memset(s, 0, sizeof *s);
    s->switched_at = -1;
    rc_err err = {{0}};
    rc_synth *truth = rc_synth_create_uri(SCENE, &err);
    rc_source *src = rc_source_open(dir, NULL, &err);
    rc_capture_config cfg = {.n_slots = 4, .pace = 0, .lossless = 1};
    rc_capture *cap = src ? rc_capture_start(src, &cfg, &err) : NULL;
    rc_pipeline_options po = {0};
    rc_online *e = cap ? rc_online_create(cap, m, &po, RC_MIRROR_AUTO, 0, NULL, 0, &err) : NULL;
    CHECK_MSG(truth && e, "%s", err.msg);
    if (e && !learn)
        rc_online_set_auto_learn(e, false);
    const rc_online_view *cur = NULL;
    /* every frame the capture read analysed, and the last one's view taken: the end */
    int64_t idle_ms = 0;
    while (e && idle_ms < 120000 && !(cur && played_out(cap, e, cur->index))) {
        const rc_online_view *v = rc_online_latest(e);
        if (!v) {
            sleep_ms(1);
            idle_ms++;
        } else {
            rc_online_release(e, cur);
            take(e, v, truth, s);
            cur = v;
        }
    }
    rc_synth_destroy(truth);
    if (!e) {
        rc_capture_stop(cap);
        return;
    }
    rc_online_get_learn(e, &s->learn); /* as the engine stopped: decided, or not */
    rc_online_release(e, cur);
    rc_online_destroy(e);
    rc_capture_stop(cap);
}

static void test_learn(const char *dir, const rc_model *m)
{
    seen s;
    play(dir, m, true, &s);
    double rms = s.compared ? sqrt(s.se / s.compared) : INFINITY;
    printf("learning on: %d views, switched at frame %lld, \"%s\"; knee angle RMS %.3f deg, "
           "largest %.3f deg over %d views; %d positions on the face\n",
           s.views, (long long)s.switched_at, s.learn.text, rms, s.max_err, s.compared,
           s.on_face);
    CHECK(s.learn.on && s.learn.done && !s.learn.warn);
    CHECK_MSG(s.learn.n_learnt == 1 && !strcmp(s.learn.colour[0].marker, "knee"), "%d learnt",
              s.learn.n_learnt);
    /* 2 s judged, 1 s of trial: measured frame 92 (3.1 s) */
    CHECK_MSG(s.switched_at >= 0 && s.switched_at <= 120, "switched at %lld",
              (long long)s.switched_at);
    const int painted[3] = {0xf5, 0x47, 0x4c};
    for (int c = 0; c < 3 && s.learn.n_learnt; c++) /* measured within 3 a channel */
        CHECK_MSG(abs(s.learn.colour[0].rgb[c] - painted[c]) <= 15, "channel %d: %d", c,
                  s.learn.colour[0].rgb[c]);
    /* measured: RMS 0.16 deg, largest 0.41 deg over the 50 views taken (JPEG 80, noise 2;
     * the views the display ring keeps, about one in three) */
    CHECK_MSG(s.compared >= 20 && rms < 0.6 && s.max_err < 1.5, "RMS %.3f, max %.3f over %d",
              rms, s.max_err, s.compared);
    CHECK_MSG(s.on_face == 0, "%d positions on the face", s.on_face);
}

static void test_off(const char *dir, const rc_model *m)
{
    seen s;
    play(dir, m, false, &s);
    printf("learning off: %d views, %d learnt, %d positions on the face\n", s.views,
           s.learn.n_learnt, s.on_face);
    CHECK(!s.learn.on && s.learn.n_learnt == 0 && s.switched_at < 0 && s.learn.seq == 0);
    CHECK_MSG(s.on_face == 0, "%d positions on the face", s.on_face);
}

/* session.json's learnt_colours: written at close, read back exactly (floats through
 * JSON doubles), a malformed entry refused naming it. */
static void test_session_round_trip(const char *root)
{
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s/rt", root);
    rc_err err = {{0}};
    rc_session_config c = {.software = "test", .model_name = "m", .width = 64, .height = 32};
    rc_session_writer *w = rc_session_writer_create(dir, &c, &err);
    CHECK_MSG(w != NULL, "%s", err.msg);
    rc_learnt_colour in[2] = {{.marker = "knee", .frame = 12, .rgb = {0xf5, 0x47, 0x4c},
                               .mean = {-0.2167f, 0.7051f}, .cov = {2.35e-5f, 3.2e-6f, 1.36e-4f}},
                              {.marker = "ankle", .frame = 3, .rgb = {1, 2, 3},
                               .mean = {0.5f, -0.25f}, .cov = {1e-4f, 0, 1e-4f}}};
    rc_session_writer_set_learnt(w, in, 1); /* replaced by the next call */
    rc_session_writer_set_learnt(w, in, 2);
    CHECK(rc_session_writer_close(w, "end", &err) == RC_OK);
    rc_learnt_colour out[RC_MAX_MARKERS];
    int n = -1;
    CHECK_MSG(rc_session_learnt(dir, out, RC_MAX_MARKERS, &n, &err) == RC_OK, "%s", err.msg);
    CHECK_MSG(n == 2, "%d read back", n);
    for (int k = 0; k < n && k < 2; k++) {
        CHECK(!strcmp(out[k].marker, in[k].marker) && out[k].frame == in[k].frame &&
              !memcmp(out[k].rgb, in[k].rgb, 3));
        CHECK(!memcmp(out[k].mean, in[k].mean, sizeof in[k].mean) &&
              !memcmp(out[k].cov, in[k].cov, sizeof in[k].cov));
    }
    /* none written: none read */
    snprintf(dir, sizeof dir, "%s/none", root);
    w = rc_session_writer_create(dir, &c, &err);
    CHECK(w && rc_session_writer_close(w, "end", &err) == RC_OK);
    CHECK(rc_session_learnt(dir, out, RC_MAX_MARKERS, &n, &err) == RC_OK && n == 0);
    /* a covariance that is not one */
    snprintf(path, sizeof path, "%s/session.json", dir);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("{\"format\":\"romcap-session\",\"format_version\":1,\"learnt_colours\":"
              "[{\"marker\":\"knee\",\"mean\":[0,0],\"cov\":[1,5,1]}]}",
              f);
        fclose(f);
    }
    CHECK(rc_session_learnt(dir, out, RC_MAX_MARKERS, &n, &err) == RC_E_FORMAT && n == 0);
    CHECK_MSG(strstr(err.msg, "learnt_colours[0]") != NULL, "%s", err.msg);
}

/* The three session folders this test writes (each: session.json, frames.mjpeg,
 * frames.idx), then the root. */
static void remove_sessions(const char *root)
{
    static const char *const sub[] = {"phone", "rt", "none"};
    static const char *const file[] = {"session.json", "frames.mjpeg", "frames.idx"};
    char path[700];
    for (int d = 0; d < 3; d++) {
        for (int f = 0; f < 3; f++) {
            snprintf(path, sizeof path, "%s/%s/%s", root, sub[d], file[f]);
            unlink(path);
        }
        snprintf(path, sizeof path, "%s/%s", root, sub[d]);
        rmdir(path);
    }
    if (rmdir(root) != 0)
        fprintf(stderr, "could not remove %s\n", root);
}

int main(void)
{
    char root[] = "/tmp/romcap_online_learn_XXXXXX";
    if (!mkdtemp(root))
        return 1;
    char dir[600];
    snprintf(dir, sizeof dir, "%s/phone", root);
    rc_model m;
    rc_err err = {{0}};
    CHECK_MSG(rc_model_load(MODEL_PATH, &m, &err) == RC_OK, "%s", err.msg);
    if (make_session(dir)) {
        test_learn(dir, &m);
        test_off(dir, &m);
    }
    test_session_round_trip(root);
    remove_sessions(root);
    return TEST_RESULT();
}
