/* test_check_drops.c - the set-up check tells the camera's dropped frames from the
 * frames this computer did not analyse (issue 20), through the real capture thread.
 *
 * - A source that skips every tenth frame (a fake wrapping the synthetic knee scene:
 *   a gap of two frame intervals in its time stamps), read losslessly and every frame
 *   analysed: the "frames dropped" item fails with exactly the share the fake skipped
 *   within the span (counted from the scene's own frame numbers), and "frames
 *   analysed" passes at 0%.
 * - The scene played live at 30 fps to a slow consumer (40 ms a frame on top of the
 *   check's own analysis, taking the newest frame as the live engine does): "frames
 *   analysed" fails with the share of the scene's frames in the span the consumer
 *   never took (from the frame numbers again), "frames dropped" passes at 0%; the
 *   same frames judged without the capture's counts (the check as it was) blame the
 *   camera instead.
 */
#define _DEFAULT_SOURCE /* usleep */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "capture/source_internal.h"
#include "romcap/capture.h"
#include "romcap/check.h"
#include "romcap/model.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"
#define KNEE       "synthetic:knee_flexion?size=640x480&fps=30&seconds=6&reps=2&noise=2"

/* ---- a source that skips every tenth frame ------------------------------------- */

typedef struct skipper {
    rc_source *inner;
} skipper;

static rc_status skip_read(rc_source *s, rc_frame *out)
{
    skipper *k = s->impl;
    rc_status st = rc_source_read(k->inner, out);
    if (st == RC_OK && out->index % 10 == 5) /* gone: the next one follows two periods on */
        st = rc_source_read(k->inner, out);
    return st;
}

static void skip_close(void *impl)
{
    rc_source_close(((skipper *)impl)->inner);
}

static const rc__source_ops skip_ops = {skip_read, skip_close, NULL, NULL, NULL};

static void print(const rc_check_result *r, const char *what)
{
    printf("%s:\n", what);
    for (int i = 0; i < r->n_items; i++) {
        char line[600];
        printf("  %s\n", rc_check_item_line(&r->item[i], line, sizeof line));
    }
}

static void test_camera_skips(const rc_model *m)
{
    rc_err err = {{0}};
    skipper k = {rc_source_open(KNEE, NULL, &err)};
    rc_source *src = k.inner ? rc__source_new(&skip_ops, &k, "video", &err) : NULL;
    CHECK_MSG(src != NULL, "%s", err.msg);
    if (!src)
        return;
    rc_source_get_info(k.inner, &src->info);
    rc_capture_config cc = {.n_slots = 4, .pace = 0, .lossless = 1};
    rc_capture *cap = rc_capture_start(src, &cc, &err);
    rc_check_config cfg = {.seconds = 4, .fps = 30};
    rc_check *c = cap ? rc_check_create(m, 640, 480, &cfg, &err) : NULL;
    CHECK_MSG(c != NULL, "%s", err.msg);
    int64_t first = -1, last = -1, fed = 0;
    const rc_capture_frame *f;
    while (c && !rc_check_full(c) && (f = rc_capture_acquire_wait(cap)) != NULL) {
        rc_check_set_captured(c, f->seq, f->source_missing);
        CHECK(rc_check_add(c, &f->frame) == RC_OK); /* not full yet: it counts */
        first = first < 0 ? f->frame.index : first;
        last = f->frame.index;
        fed++;
        rc_capture_release(cap, f);
    }
    if (c) {
        rc_check_result r;
        rc_check_finish(c, &r);
        print(&r, "every tenth frame skipped by the source");
        int64_t skipped = (last - first + 1) - fed; /* the scene's numbers, not the stamps */
        CHECK(skipped >= 11 && r.frames == fed);
        CHECK(r.item[RC_CHECK_FRAMES].level == RC_CHECK_FAIL);
        CHECK_NEAR(r.item[RC_CHECK_FRAMES].value,
                   100.0 * (double)skipped / (double)(last - first + 1), 1e-9);
        CHECK_STR_CONTAINS(r.item[RC_CHECK_FRAMES].measured, "the camera delivered");
        CHECK_STR_CONTAINS(r.item[RC_CHECK_FRAMES].advice, "more light");
        CHECK(r.item[RC_CHECK_ANALYSED].level == RC_CHECK_PASS);
        CHECK(r.item[RC_CHECK_ANALYSED].value == 0);
    }
    rc_check_destroy(c);
    rc_capture_stop(cap);
}

static void test_slow_consumer(const rc_model *m)
{
    rc_err err = {{0}};
    rc_source *src = rc_source_open(KNEE, NULL, &err);
    rc_capture_config cc = {.n_slots = 4, .pace = 1};
    rc_capture *cap = src ? rc_capture_start(src, &cc, &err) : NULL;
    rc_check_config cfg = {.seconds = 4, .fps = 30};
    rc_check *c = cap ? rc_check_create(m, 640, 480, &cfg, &err) : NULL;
    rc_check *old = cap ? rc_check_create(m, 640, 480, &cfg, &err) : NULL; /* no counts */
    CHECK_MSG(c && old, "%s", err.msg);
    int64_t first = -1, last = -1, fed = 0;
    for (int tries = 0; c && old && !rc_check_full(c) && tries < 2000; tries++) {
        const rc_capture_frame *f = rc_capture_acquire_latest(cap);
        if (!f) {
            usleep(2000);
            continue;
        }
        rc_check_set_captured(c, f->seq, f->source_missing);
        CHECK(rc_check_add(c, &f->frame) == RC_OK);
        CHECK(rc_check_add(old, &f->frame) == RC_OK);
        first = first < 0 ? f->frame.index : first; /* not full yet: it counts */
        last = f->frame.index;
        fed++;
        rc_capture_release(cap, f);
        usleep(40000); /* TUNABLE: slower than the camera's 33 ms */
    }
    if (c && old) {
        rc_check_result r, o;
        rc_check_finish(c, &r);
        rc_check_finish(old, &o);
        print(&r, "a slow consumer");
        int64_t span = last - first + 1; /* frames the source gave in the span */
        CHECK(r.frames == fed);
        CHECK(r.item[RC_CHECK_FRAMES].level == RC_CHECK_PASS);
        CHECK(r.item[RC_CHECK_FRAMES].value == 0);
        CHECK(r.item[RC_CHECK_ANALYSED].level == RC_CHECK_FAIL);
        CHECK_NEAR(r.item[RC_CHECK_ANALYSED].value, 100.0 * (1 - (double)fed / (double)span), 1e-9);
        CHECK_STR_CONTAINS(r.item[RC_CHECK_ANALYSED].measured, "this computer analysed");
        CHECK_STR_CONTAINS(r.item[RC_CHECK_ANALYSED].advice, "close other programs");
        printf("analysed %lld of %lld frames (%.0f%% not)\n", (long long)fed, (long long)span,
               r.item[RC_CHECK_ANALYSED].value);
        CHECK(o.item[RC_CHECK_FRAMES].level == RC_CHECK_FAIL); /* the old count's blame */
    }
    rc_check_destroy(c);
    rc_check_destroy(old);
    rc_capture_stop(cap);
}

int main(void)
{
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_resolve("knee_flexion", MODELS_DIR, &m, &err) != RC_OK) {
        printf("%s\n", err.msg);
        return 1;
    }
    test_camera_skips(&m);
    test_slow_consumer(&m);
    return TEST_RESULT();
}
