/* test_review.c - the review window's seek model (review.h) and its timeline as
 * drawn (ui.h).
 *
 * Seek model: time stamps chosen by hand (30 fps with frames 4 and 5 dropped, and a
 * repeated stamp as a damaged index leaves it), so every expected frame below is
 * worked out from the stamps, not from the code: the frame on screen at a time, the
 * nearest frame, steps by a frame and a second, and the round trip frame -> time ->
 * plot pixel -> time -> frame, clicks beyond both ends included.
 * Timeline: drawn headless with a cursor at a known time; the cursor's red column
 * must sit where the seek model puts that time on the plot rc_ui_timeline_axis
 * reports, so a click and the picture agree.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/review.h"
#include "romcap/ui.h"
#include "test_util.h"

#include <SDL.h>
#include <SDL_image.h>
#include <unistd.h>

/* 30 fps: frames 0..3 at k/30, then 6/30, 7/30 ... (4 and 5 dropped); n = 40. */
static void stamps(double *t, int n)
{
    for (int i = 0; i < n; i++)
        t[i] = (i < 4 ? i : i + 2) / 30.0;
}

static void seek_frames(void)
{
    double t[40];
    stamps(t, 40);
    CHECK(rc_review_frame_at(t, 40, -1.0) == 0);
    CHECK(rc_review_frame_at(t, 40, 0.0) == 0);
    CHECK(rc_review_frame_at(t, 40, 3 / 30.0) == 3);
    CHECK(rc_review_frame_at(t, 40, 5.5 / 30.0) == 3); /* inside the dropped gap */
    CHECK(rc_review_frame_at(t, 40, 6 / 30.0) == 4);
    CHECK(rc_review_frame_at(t, 40, 100.0) == 39);
    /* Nearest: across the gap the middle is 4.5/30: 4.4/30 is nearer frame 3 (3/30),
     * 4.6/30 nearer frame 4 (6/30). */
    CHECK(rc_review_frame_nearest(t, 40, 4.4 / 30.0) == 3);
    CHECK(rc_review_frame_nearest(t, 40, 4.6 / 30.0) == 4);
    CHECK(rc_review_frame_nearest(t, 40, -INFINITY) == 0);
    CHECK(rc_review_frame_nearest(t, 40, INFINITY) == 39);
    CHECK(rc_review_frame_nearest(t, 40, 1e9) == 39);
    CHECK(rc_review_frame_nearest(t, 1, 5.0) == 0);
    /* A repeated stamp: the first frame holding it. */
    double d[5] = {0, 0.1, 0.1, 0.1, 0.3};
    CHECK(rc_review_frame_nearest(d, 5, 0.1) == 1);
    CHECK(rc_review_frame_nearest(d, 5, 0.19) == 1);
    CHECK(rc_review_frame_nearest(d, 5, 0.21) == 4);
    /* Steps: by one frame, clamped; by a second: frame 0 (0 s) -> the frame nearest
     * 1 s, which is 30/30 = stamp of frame 28 ((28 + 2) / 30). */
    CHECK(rc_review_step(t, 40, 0, -1, 0) == 0);
    CHECK(rc_review_step(t, 40, 0, 1, 0) == 1);
    CHECK(rc_review_step(t, 40, 39, 1, 0) == 39);
    CHECK(rc_review_step(t, 40, 0, 1, 1) == 28);
    CHECK(rc_review_step(t, 40, 28, -1, 1) == 0);
    CHECK(rc_review_step(t, 40, 30, 1, 1) == 39);
    CHECK(rc_review_step(t, 40, 5, -1, 1) == 0);
    /* At 2 fps a second is two frames; at 0.5 fps less than one: still one frame. */
    double slow[4] = {0, 2, 4, 6};
    CHECK(rc_review_frame_nearest(slow, 4, 3.0) == 1); /* a tie: the earlier */
    CHECK(rc_review_step(slow, 4, 1, 1, 1) == 2);
    CHECK(rc_review_step(slow, 4, 1, -1, 1) == 0);
}

static void seek_axis(void)
{
    double t[40];
    stamps(t, 40);
    rc_review_axis ax = {.t0_s = t[0], .t1_s = t[39], .x0_px = 52, .w_px = 568};
    CHECK_NEAR(rc_review_axis_x(&ax, t[0]), 52, 1e-9);
    CHECK_NEAR(rc_review_axis_x(&ax, t[39]), 620, 1e-9);
    /* Every frame: its pixel (rounded, as a mouse reports it) seeks back to it. The
     * frames are 568 px / (41/30 s) / 30 fps = 13.9 px apart, so half a pixel of
     * rounding is far from the next frame. */
    int bad = 0;
    for (int i = 0; i < 40; i++) {
        double x = floor(rc_review_axis_x(&ax, t[i]) + 0.5);
        bad += rc_review_frame_nearest(t, 40, rc_review_axis_t(&ax, x)) != i;
    }
    CHECK_MSG(bad == 0, "%d frames did not round-trip through the plot", bad);
    /* Clicks beyond the ends: the first and the last frame. */
    CHECK(rc_review_axis_t(&ax, 0) == t[0]);
    CHECK(rc_review_frame_nearest(t, 40, rc_review_axis_t(&ax, -1e6)) == 0);
    CHECK(rc_review_axis_t(&ax, 5000) == t[39]);
    CHECK(rc_review_frame_nearest(t, 40, rc_review_axis_t(&ax, 621)) == 39);
    CHECK(rc_review_frame_nearest(t, 40, rc_review_axis_t(&ax, -INFINITY)) == 0);
    CHECK(rc_review_frame_nearest(t, 40, rc_review_axis_t(&ax, INFINITY)) == 39);
    /* Half way, 52 + 284 px, is 20.5/30 s, between frames 18 (20/30) and 19 (21/30):
     * a pixel either side is nearer one of them. */
    CHECK(rc_review_frame_nearest(t, 40, rc_review_axis_t(&ax, 335)) == 18);
    CHECK(rc_review_frame_nearest(t, 40, rc_review_axis_t(&ax, 337)) == 19);
}

/* The cursor drawn at 1.0 s of a 0..4 s timeline is the red column where the seek
 * model puts 1.0 s. */
static void timeline_cursor(void)
{
    enum { W = 320, H = 180, N = 121 };
    uint8_t *buf = malloc((size_t)W * H * 3 / 2);
    rc_image im;
    rc_image_wrap(&im, RC_PIX_I420, W, H, buf);
    memset(buf, 60, (size_t)W * H);
    memset(buf + (size_t)W * H, 128, (size_t)W * H / 2);
    double ts[N], deg[N];
    for (int i = 0; i < N; i++)
        ts[i] = i / 30.0, deg[i] = 60 - 50 * cos(ts[i] * 3.14159265358979 / 2);
    double r0[2] = {0.0, 2.0}, r1[2] = {2.0, 4.0};
    rc_ui_timeline tl = {.n = N,
                         .t_s = ts,
                         .deg = deg,
                         .stride = 1,
                         .label = "Knee flexion",
                         .t0_s = 0,
                         .t1_s = 4,
                         .cursor_s = 1.0,
                         .normal_min_deg = 0,
                         .normal_max_deg = 135,
                         .n_reps = 2,
                         .rep_t0_s = r0,
                         .rep_t1_s = r1};
    rc_ui_config cfg;
    rc_ui_config_default(&cfg, W, H);
    cfg.headless = 1;
    cfg.timeline_height = 170;
    rc_err err = {{0}};
    rc_ui *ui = rc_ui_create(&cfg, &err);
    CHECK_MSG(ui != NULL, "%s", err.msg);
    if (!ui) {
        free(buf);
        return;
    }
    int cw, ch;
    rc_ui_canvas_size(ui, &cw, &ch);
    CHECK(cw == W + 280 && ch == H + 170); /* video 1:1, the strip under it */
    rc_ui_overlay ov = {
        .frame_index = -1, .t_s = NAN, .rom_min_deg = NAN, .rom_max_deg = NAN, .timeline = &tl};
    CHECK(rc_ui_draw(ui, &im, &ov) == RC_OK);
    double x0 = 0, w = 0, ym = 0;
    CHECK(rc_ui_timeline_axis(ui, &x0, &w, &ym) == 1);
    CHECK(ym > H && ym < H + 170 && x0 > 0 && x0 + w < W);
    rc_review_axis ax = {.t0_s = 0, .t1_s = 4, .x0_px = x0, .w_px = w};
    double xc = rc_review_axis_x(&ax, 1.0);
    /* Read the canvas back through a PNG (the one way out of the ui). */
    char path[] = "/tmp/test_review_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0)
        close(fd);
    CHECK(rc_ui_save_png(ui, path, &err) == RC_OK);
    SDL_Surface *raw = IMG_Load(path),
                *img = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGB24, 0) : NULL;
    CHECK(img != NULL);
    int red_at = -1, red_n = 0;
    for (int x = 0; img && x < img->w; x++) {
        const Uint8 *p = (const Uint8 *)img->pixels + (size_t)(int)ym * img->pitch + x * 3;
        if (p[0] > 200 && p[1] > 80 && p[1] < 140 && p[2] > 60 && p[2] < 120)
            red_at = red_at < 0 ? x : red_at, red_n++;
    }
    /* The cursor is 2 px wide, centred on xc (measured: columns xc - 1 .. xc). */
    CHECK_MSG(red_n >= 1 && red_n <= 3 && fabs(red_at + 0.5 * red_n - xc) <= 1.5,
              "cursor at %d (+%d) for %.1f", red_at, red_n, xc);
    SDL_FreeSurface(img);
    SDL_FreeSurface(raw);
    unlink(path);
    rc_ui_destroy(ui);
    free(buf);
}

int main(void)
{
    seek_frames();
    seek_axis();
    timeline_cursor();
    return TEST_RESULT();
}
