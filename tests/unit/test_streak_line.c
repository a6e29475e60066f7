/* test_streak_line.c - the matched-filter streak search (rc_detector_search_line)
 * against exact truth.
 *
 * A 4 px sticker swept along a straight line during the exposure is rendered here
 * by time-averaging its exact pixel coverage (32 instants x 8x8 sub-pixel samples)
 * over a limb: a band of skin across a grey room, mixed in YCbCr (linear in RGB)
 * and subsampled to I420, noise sigma 2; the truth is the sticker's centre at
 * mid-exposure, the middle of its path.
 */
#include "test_util.h"

#include "romcap/detect.h"

static const uint8_t SKIN[3] = {224, 172, 140};
static const uint8_t ROOM[3] = {120, 120, 120};
static const uint8_t BLUE[3] = {30, 80, 200};

enum { W = 160, H = 120 };

static uint8_t clamp8(double v)
{
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : lround(v));
}

/* Skin for limb_x0 <= x < limb_x1, the room elsewhere; a sticker of radius r (none
 * when r = 0) moving from (x0, y0) to (x1, y1) during the exposure. */
static uint8_t *render(rc_image *im, double limb_x0, double limb_x1, double r, double x0,
                       double y0, double x1, double y1)
{
    uint8_t *buf = rc_image_alloc(im, RC_PIX_I420, W, H);
    double *cov = calloc((size_t)W * H, sizeof *cov);
    if (!buf || !cov) {
        free(cov);
        return buf;
    }
    enum { T = 32, S = 8 };
    for (int y = 0; y < H && r > 0; y++)
        for (int x = 0; x < W; x++) {
            int in = 0;
            for (int k = 0; k < T; k++) {
                double s = (k + 0.5) / T, cx = x0 + s * (x1 - x0), cy = y0 + s * (y1 - y0);
                if (fabs(x - cx) > r + 1 || fabs(y - cy) > r + 1)
                    continue;
                for (int sy = 0; sy < S; sy++)
                    for (int sx = 0; sx < S; sx++) {
                        double px = x - 0.5 + (sx + 0.5) / S - cx;
                        double py = y - 0.5 + (sy + 0.5) / S - cy;
                        in += px * px + py * py < r * r;
                    }
            }
            cov[(size_t)y * W + x] = (double)in / (T * S * S);
        }
    float ys, cbs, crs, yk, cbk, crk, yr, cbr, crr;
    rc_rgb_to_ycbcr(BLUE, &ys, &cbs, &crs);
    rc_rgb_to_ycbcr(SKIN, &yk, &cbk, &crk);
    rc_rgb_to_ycbcr(ROOM, &yr, &cbr, &crr);
    unsigned long long seed = 7;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            double c = cov[(size_t)y * W + x], yb = x >= limb_x0 && x < limb_x1 ? yk : yr;
            rc_image_row(im, 0, y)[x] = clamp8(c * ys + (1 - c) * yb + 2 * test_randn(&seed));
        }
    for (int j = 0; j < H / 2; j++)
        for (int i = 0; i < W / 2; i++) {
            double cb = 0, cr = 0;
            for (int y = 2 * j; y < 2 * j + 2; y++)
                for (int x = 2 * i; x < 2 * i + 2; x++) {
                    double c = cov[(size_t)y * W + x];
                    int skin = x >= limb_x0 && x < limb_x1;
                    cb += 0.25 * (c * cbs + (1 - c) * (skin ? cbk : cbr));
                    cr += 0.25 * (c * crs + (1 - c) * (skin ? crk : crr));
                }
            rc_image_row(im, 1, j)[i] = clamp8(cb + 2 * test_randn(&seed));
            rc_image_row(im, 2, j)[i] = clamp8(cr + 2 * test_randn(&seed));
        }
    free(cov);
    return buf;
}

static rc_detector *blue_detector(void)
{
    rc_detect_config dc;
    memset(&dc, 0, sizeof dc);
    dc.width = W;
    dc.height = H;
    dc.n_classes = 1;
    dc.cls[0].kind = RC_CLASS_COLOR;
    memcpy(dc.cls[0].rgb, BLUE, 3);
    rc_err err = {{0}};
    rc_detector *d = rc_detector_create(&dc, &err);
    CHECK_MSG(d != NULL, "%s", err.msg);
    return d;
}

/* A 4 px sticker moving 26 px (3.25 diameters) across a limb in one exposure: no
 * blob of its class, the mixture search (window-border background: half room,
 * half skin) finds nothing, and the matched filter finds it at the middle of its
 * path from a prediction 3.6 px off whose travel lags by 40%, and, leaving a turn at
 * rest, from a prediction with no travel at all. Without the sticker
 * the limb's edges in the window are steps, not ridges: nothing is found. */
static void test_faint_streak_on_a_limb(void)
{
    rc_detector *d = blue_detector();
    if (!d)
        return;
    rc_image im;
    uint8_t *buf = render(&im, 50, 110, 4.0, 67, 60, 93, 60);
    CHECK(buf != NULL);
    if (!buf) {
        rc_detector_destroy(d);
        return;
    }
    rc_blob b[8];
    CHECK_MSG(rc_detector_run(d, &im, b, 8) == 0, "the faint streak is not of its class");
    rc_rect win = {83 - 40, 58 - 30, 81, 61};
    rc_streak_hint hint = {83, 58, 15.6f, 0, 4};
    CHECK_MSG(rc_detector_search(d, &im, 0, &win, &b[0]) == 0,
              "the mixture search found the faint streak (the test's premise is gone)");
    CHECK(rc_detector_search_line(d, &im, 0, &win, &hint, &b[0]) == 1);
    double err = hypot(b[0].x_px - 80, b[0].y_px - 60);
    /* measured 0.19 px */
    CHECK_MSG(err < 0.8, "streak centre %.2f px off", err);
    CHECK(b[0].streak == 1 && b[0].cls == 0 && fabs(b[0].dir_y) < 0.25);
    free(buf);
    /* leaving a turn at rest, a diameter in the exposure: a hint with no travel
     * looks in every direction */
    buf = render(&im, 50, 110, 4.0, 76, 62, 84, 58);
    CHECK(buf != NULL);
    if (!buf) {
        rc_detector_destroy(d);
        return;
    }
    rc_streak_hint still = {83, 58, 0, 0, 4};
    CHECK(rc_detector_search_line(d, &im, 0, &win, &still, &b[1]) == 1);
    err = hypot(b[1].x_px - 80, b[1].y_px - 60);
    /* measured 0.35 px */
    CHECK_MSG(err < 1.2, "streak centre from rest %.2f px off", err);
    free(buf);
    /* no sticker: the limb and the room only */
    buf = render(&im, 50, 110, 0, 0, 0, 0, 0);
    CHECK(buf != NULL);
    if (buf) {
        CHECK(rc_detector_search_line(d, &im, 0, &win, &hint, &b[0]) == 0);
        CHECK(rc_detector_search_line(d, &im, 0, &win, &still, &b[0]) == 0);
        /* a window across the limb's edge */
        rc_rect edge = {110 - 30, 30, 61, 61};
        rc_streak_hint at_edge = {110, 60, 20, 0, 4};
        CHECK(rc_detector_search_line(d, &im, 0, &edge, &at_edge, &b[0]) == 0);
        free(buf);
    }
    rc_detector_destroy(d);
}

/* Bad arguments find nothing. */
static void test_bad_arguments(void)
{
    rc_detector *d = blue_detector();
    if (!d)
        return;
    rc_image im;
    uint8_t *buf = render(&im, 50, 110, 4.0, 67, 60, 93, 60);
    rc_blob b;
    rc_rect win = {40, 30, 80, 60};
    rc_streak_hint hint = {80, 60, 26, 0, 4}, no_radius = {80, 60, 26, 0, 0};
    CHECK(rc_detector_search_line(NULL, &im, 0, &win, &hint, &b) == 0);
    CHECK(rc_detector_search_line(d, &im, 1, &win, &hint, &b) == 0);
    CHECK(rc_detector_search_line(d, &im, 0, &win, NULL, &b) == 0);
    CHECK(rc_detector_search_line(d, &im, 0, &win, &no_radius, &b) == 0);
    rc_rect outside = {W + 10, 0, 40, 40};
    CHECK(rc_detector_search_line(d, &im, 0, &outside, &hint, &b) == 0);
    free(buf);
    rc_detector_destroy(d);
}

int main(void)
{
    test_faint_streak_on_a_limb();
    test_bad_arguments();
    return TEST_RESULT();
}
