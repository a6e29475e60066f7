/* test_image.c - image views, crops, copies and the JFIF colour conversions. */
#include <stdint.h>
#include <stdlib.h>

#include "romcap/image.h"
#include "romcap/log.h"
#include "test_util.h"

static void test_layout(void)
{
    CHECK(rc_image_bytes(RC_PIX_I420, 4, 2) == 8 + 2 * 2);
    CHECK(rc_image_bytes(RC_PIX_I420, 5, 3) == 15 + 2 * 3 * 2); /* odd sizes round up */
    CHECK(rc_image_bytes(RC_PIX_BGR8, 4, 2) == 24);
    CHECK(rc_image_bytes(RC_PIX_GRAY8, 0, 2) == 0);
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, 5, 3);
    CHECK(buf != NULL);
    CHECK(im.stride_bytes[0] == 5 && im.stride_bytes[1] == 3 && im.stride_bytes[2] == 3);
    CHECK(im.plane[1] == buf + 15 && im.plane[2] == buf + 15 + 6);
    CHECK(rc_image_plane_width(&im, 1) == 3 && rc_image_plane_height(&im, 2) == 2);
    free(buf);
    CHECK(rc_image_wrap(&im, RC_PIX_I420, 4, 4, NULL) == RC_E_ARG);
}

static void test_crop_copy(void)
{
    rc_image a, b;
    uint8_t *ba = rc_image_alloc(&a, RC_PIX_I420, 8, 6);
    uint8_t *bb = rc_image_alloc(&b, RC_PIX_I420, 4, 2);
    for (size_t i = 0; i < rc_image_bytes(RC_PIX_I420, 8, 6); i++)
        ba[i] = (uint8_t)i;
    rc_image c = rc_image_crop(&a, 2, 4, 4, 2);
    CHECK(c.width == 4 && c.height == 2 && c.stride_bytes[0] == 8);
    CHECK(rc_image_row(&c, 0, 0)[0] == rc_image_row(&a, 0, 4)[2]);
    CHECK(rc_image_row(&c, 1, 0)[0] == rc_image_row(&a, 1, 2)[1]);
    rc_image_copy(&b, &c); /* copies the crop's pixels into a tight image */
    CHECK(rc_image_row(&b, 0, 1)[3] == rc_image_row(&a, 0, 5)[5]);
    CHECK(rc_image_row(&b, 2, 0)[1] == rc_image_row(&a, 2, 2)[2]);
    free(ba);
    free(bb);
}

static void test_colour(void)
{
    /* JFIF reference values: white, black, pure red, and mid grey. */
    float y, cb, cr;
    rc_rgb_to_ycbcr((const uint8_t[3]){255, 255, 255}, &y, &cb, &cr);
    CHECK_NEAR(y, 255, 0.01);
    CHECK_NEAR(cb, 128, 0.01);
    CHECK_NEAR(cr, 128, 0.01);
    rc_rgb_to_ycbcr((const uint8_t[3]){255, 0, 0}, &y, &cb, &cr);
    CHECK_NEAR(y, 76.245, 0.01);
    CHECK_NEAR(cb, 84.97, 0.01);
    CHECK_NEAR(cr, 255.5, 0.01);
    /* Round trip through YCbCr stays within one code value. */
    unsigned long long seed = 7;
    for (int i = 0; i < 1000; i++) {
        uint8_t rgb[3] = {(uint8_t)(test_rand01(&seed) * 256), (uint8_t)(test_rand01(&seed) * 256),
                          (uint8_t)(test_rand01(&seed) * 256)};
        uint8_t back[3];
        rc_rgb_to_ycbcr(rgb, &y, &cb, &cr);
        rc_ycbcr_to_rgb(y, cb, cr, back);
        for (int k = 0; k < 3; k++)
            CHECK(abs(back[k] - rgb[k]) <= 1);
    }
    /* BGR -> I420 -> BGR on a flat colour is exact within rounding. */
    rc_image bgr, yuv, bgr2;
    uint8_t *b1 = rc_image_alloc(&bgr, RC_PIX_BGR8, 7, 5);
    uint8_t *b2 = rc_image_alloc(&yuv, RC_PIX_I420, 7, 5);
    uint8_t *b3 = rc_image_alloc(&bgr2, RC_PIX_BGR8, 7, 5);
    for (int i = 0; i < 35; i++) {
        b1[3 * i] = 40;
        b1[3 * i + 1] = 170;
        b1[3 * i + 2] = 30;
    }
    rc_image_bgr_to_i420(&bgr, &yuv);
    rc_image_i420_to_bgr(&yuv, &bgr2);
    int maxd = 0;
    for (int i = 0; i < 105; i++)
        maxd = abs(b1[i] - b3[i]) > maxd ? abs(b1[i] - b3[i]) : maxd;
    CHECK_MSG(maxd <= 2, "max difference %d", maxd);
    free(b1);
    free(b2);
    free(b3);
}

static void test_status_log(void)
{
    rc_err e = {{0}};
    CHECK(rc_err_set(&e, RC_E_IO, "disk %s", "full") == RC_E_IO);
    rc_err_prefix(&e, "%s", "out/tracks.csv");
    CHECK_STR_CONTAINS(e.msg, "out/tracks.csv: disk full");
    CHECK(rc_err_set(NULL, RC_E_ARG, "x") == RC_E_ARG);
    CHECK(strcmp(rc_status_str(RC_E_DECODE), "corrupt data") == 0);
    CHECK(rc_log_level_parse("debug") == RC_LOG_DEBUG && rc_log_level_parse("x") < 0);
    int64_t t0 = rc_clock_ns(), t1 = rc_clock_ns();
    CHECK(t1 >= t0);
}

int main(void)
{
    test_layout();
    test_crop_copy();
    test_colour();
    test_status_log();
    return TEST_RESULT();
}
