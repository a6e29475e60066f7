/* test_capture_decoders.c - the lossless capture with JPEG decoders side by side
 * (capture.h, decoders; decode_pool.c) against reading the same source on one
 * thread (issue 18).
 *
 * A folder of 40 JPEGs of a rendered scene, with frame 7 cut to half its bytes
 * (corrupt: skipped), frame 12 of another size (skipped) and frame 20 not a JPEG
 * at all, is read (1) with rc_source_read and (2) through the capture with 2 and
 * with 3 decoders and corrupt entries, the consumer slow now and then. Every entry
 * must match the one-thread read: status, index, time stamp, JPEG warning, the
 * message naming the file and frame, and every pixel of every plane. Then (3) a
 * capture stopped after 3 frames with decodes still in flight must stop cleanly
 * (ASan checks nothing is written into freed slots).
 */
#include "romcap/capture.h"
#include "romcap/jpeg.h"
#include "romcap/synth.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { N = 40, W = 320, H = 240 };

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void write_file(const char *dir, int i, const uint8_t *d, size_t n)
{
    char p[600];
    snprintf(p, sizeof p, "%s/frame_%03d.jpg", dir, i);
    FILE *fp = fopen(p, "wb");
    CHECK(fp != NULL);
    if (fp) {
        fwrite(d, 1, n, fp);
        fclose(fp);
    }
}

/* The folder described above. */
static int make_folder(const char *dir)
{
    rc_err err = {{0}};
    rc_synth_options o = rc_synth_options_default();
    o.width = W;
    o.height = H;
    o.noise_sigma = 2.0;
    rc_synth *s = rc_synth_create("knee_flexion", &o, &err);
    rc_jpeg *j = rc_jpeg_create(&err);
    rc_image im, small;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, W, H);
    uint8_t *sbuf = rc_image_alloc(&small, RC_PIX_I420, W / 2, H / 2);
    int ok = s && j && buf && sbuf;
    CHECK_MSG(ok, "%s", err.msg);
    for (int i = 0; ok && i < N; i++) {
        const uint8_t *jp;
        size_t n;
        CHECK(rc_synth_render(s, i, &im, NULL) == RC_OK);
        for (int p = 0; i == 12 && p < 3; p++) /* another size */
            for (int y = 0; y < rc_image_plane_height(&small, p); y++)
                memcpy(rc_image_row(&small, p, y), rc_image_row(&im, p, y),
                       (size_t)rc_image_plane_width(&small, p));
        CHECK(rc_jpeg_encode(j, i == 12 ? &small : &im, 85, &jp, &n) == RC_OK);
        if (i == 7)
            n /= 2; /* cut in the middle */
        if (i == 20)
            write_file(dir, i, (const uint8_t *)"not a JPEG at all", 17);
        else
            write_file(dir, i, jp, n);
    }
    free(buf);
    free(sbuf);
    rc_jpeg_destroy(j);
    rc_synth_destroy(s);
    return ok;
}

typedef struct entry {
    rc_status st;
    int64_t index, t_ns;
    int warning;
    char msg[RC_ERR_CAP];
    uint8_t *pixels; /* I420, W x H, or NULL */
} entry;

static uint8_t *copy_pixels(const rc_image *im)
{
    uint8_t *p = malloc(rc_image_bytes(RC_PIX_I420, W, H)), *d = p;
    for (int k = 0; p && k < 3; k++)
        for (int y = 0; y < rc_image_plane_height(im, k); y++) {
            size_t w = (size_t)rc_image_plane_width(im, k);
            memcpy(d, rc_image_row(im, k, y), w);
            d += w;
        }
    return p;
}

/* The folder read on one thread: every entry up to the end. */
static int read_reference(const char *dir, entry *e, int cap)
{
    rc_err err = {{0}};
    rc_source *s = rc_source_open(dir, NULL, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    int n = 0;
    for (; s && n < cap; n++) {
        rc_frame f;
        rc_status st = rc_source_read(s, &f);
        if (st == RC_E_EOF)
            break;
        e[n] = (entry){.st = st,
                       .index = st == RC_OK ? f.index : -1,
                       .t_ns = f.t_ns,
                       .warning = f.decode_warning};
        snprintf(e[n].msg, sizeof e[n].msg, "%s", rc_source_last_error(s));
        e[n].pixels = st == RC_OK ? copy_pixels(&f.image) : NULL;
    }
    rc_source_close(s);
    return n;
}

static void compare_capture(const char *dir, int decoders, const entry *ref, int n_ref)
{
    rc_err err = {{0}};
    rc_source *s = rc_source_open(dir, NULL, &err);
    rc_capture_config cfg = {.n_slots = decoders + 3,
                             .pace = 0,
                             .lossless = 1,
                             .corrupt_entries = 1,
                             .decoders = decoders};
    rc_capture *c = s ? rc_capture_start(s, &cfg, &err) : NULL;
    CHECK_MSG(c != NULL, "%s", err.msg);
    if (!c)
        return;
    int n = 0, bad = 0;
    const rc_capture_frame *f;
    while ((f = rc_capture_acquire_wait(c)) != NULL) {
        if (n < n_ref) {
            const entry *r = &ref[n];
            int same = f->status == r->st &&
                       strcmp(f->why, r->st == RC_OK && !r->warning ? "" : r->msg) == 0;
            if (same && r->st == RC_OK) {
                uint8_t *p = copy_pixels(&f->frame.image);
                same = f->frame.index == r->index && f->frame.t_ns == r->t_ns &&
                       f->frame.decode_warning == r->warning && p &&
                       memcmp(p, r->pixels, rc_image_bytes(RC_PIX_I420, W, H)) == 0;
                free(p);
            }
            CHECK_MSG(same, "%d decoders, entry %d: status %d '%s', expected %d '%s'", decoders, n,
                      (int)f->status, f->why, (int)r->st, r->msg);
            bad += !same;
        }
        if (n % 7 == 0)
            sleep_ms(2); /* a slow consumer now and then: the slots fill up */
        rc_capture_release(c, f);
        n++;
    }
    CHECK_MSG(n == n_ref, "%d decoders: %d entries, expected %d", decoders, n, n_ref);
    CHECK(bad == 0);
    CHECK(rc_capture_state(c, NULL) == RC_E_EOF);
    rc_capture_stats st;
    rc_capture_get_stats(c, &st);
    CHECK(st.dropped == 0 && st.corrupt == 3 && st.captured == N - 3);
    rc_capture_stop(c);
}

/* Stopped with decodes in flight. */
static void stop_early(const char *dir)
{
    rc_err err = {{0}};
    rc_source *s = rc_source_open(dir, NULL, &err);
    rc_capture_config cfg = {.n_slots = 6, .pace = 0, .lossless = 1, .decoders = 2};
    rc_capture *c = s ? rc_capture_start(s, &cfg, &err) : NULL;
    CHECK_MSG(c != NULL, "%s", err.msg);
    for (int i = 0; c && i < 3; i++) {
        const rc_capture_frame *f = rc_capture_acquire_wait(c);
        CHECK(f != NULL && f->status == RC_OK && f->frame.index == i);
        rc_capture_release(c, f);
    }
    rc_capture_stop(c);
}

int main(void)
{
    char dir[] = "/tmp/romcap_decoders_XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    entry ref[N + 4];
    int n_ref = 0;
    if (make_folder(dir)) {
        n_ref = read_reference(dir, ref, N + 4);
        CHECK_MSG(n_ref == N, "%d entries on one thread", n_ref);
        CHECK(ref[7].st == RC_E_DECODE && strstr(ref[7].msg, "frame_007.jpg (frame 7)"));
        CHECK(ref[12].st == RC_E_DECODE && strstr(ref[12].msg, "frame_012.jpg (frame 12)"));
        CHECK(ref[20].st == RC_E_DECODE && strstr(ref[20].msg, "frame_020.jpg (frame 20)"));
        compare_capture(dir, 2, ref, n_ref);
        compare_capture(dir, 3, ref, n_ref);
        stop_early(dir);
    }
    for (int i = 0; i < n_ref; i++)
        free(ref[i].pixels);
    for (int i = 0; i < N; i++) {
        char p[600];
        snprintf(p, sizeof p, "%s/frame_%03d.jpg", dir, i);
        unlink(p);
    }
    rmdir(dir);
    return TEST_RESULT();
}
