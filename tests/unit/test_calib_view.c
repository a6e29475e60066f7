/* test_calib_view.c - the undistorted display: a chessboard rendered through a
 * wide-angle lens (k1 = -0.25), straightened with the known lens, must show its
 * corners where an ideal lens puts them (the renderer's own undistorted truth). */
#include <math.h>
#include <stdlib.h>

#include "romcap/calib.h"
#include "romcap/synth.h"
#include "test_util.h"

/* Nearest truth corner distance for each detected corner (OpenCV may list the board
 * from either end), worst case. */
static double worst_match(const double *xy, const rc_synth_point *tr, int n, int ideal)
{
    double worst = 0;
    for (int i = 0; i < n; i++) {
        double best = INFINITY;
        for (int j = 0; j < n; j++) {
            double tx = ideal ? tr[j].ux_px : tr[j].x_px, ty = ideal ? tr[j].uy_px : tr[j].y_px;
            best = fmin(best, hypot(xy[2 * i] - tx, xy[2 * i + 1] - ty));
        }
        worst = fmax(worst, best);
    }
    return worst;
}

int main(void)
{
    rc_err err = {{0}};
    rc_synth_options o = rc_synth_options_default();
    CHECK(rc_synth_options_parse(&o, "size=960x540&k1=-0.25", &err) == RC_OK);
    rc_synth *s = rc_synth_create("chessboard", &o, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (!s)
        return TEST_RESULT();
    rc_image im, und;
    uint8_t *b1 = rc_image_alloc(&im, RC_PIX_I420, 960, 540);
    uint8_t *b2 = rc_image_alloc(&und, RC_PIX_I420, 960, 540);
    CHECK(rc_synth_render(s, 0, &im, NULL) == RC_OK);
    rc_synth_point tr[RC_SYNTH_BOARD_CORNERS];
    int n = rc_synth_board_corners(s, tr, RC_SYNTH_BOARD_CORNERS);

    /* The renderer's camera: fx = fy = W, principal point at the centre. */
    rc_calib c;
    rc_calib_init(&c, 960, 540);
    const double K[9] = {960, 0, 959 / 2.0, 0, 960, 539 / 2.0, 0, 0, 1};
    for (int i = 0; i < 9; i++)
        c.camera_matrix[i] = K[i];
    c.dist[0] = -0.25;
    c.parts |= RC_CALIB_LENS;

    rc_calib_view *v = rc_calib_view_create(&c, 960, 540, &err);
    CHECK_MSG(v != NULL, "%s", err.msg);
    CHECK(rc_calib_view_undistort(v, &im, &und) == RC_OK);
    rc_board board = {9, 6, RC_SYNTH_BOARD_SQUARE_MM};
    double xy_raw[2 * 54], xy_und[2 * 54];
    CHECK(rc_calib_find_board(&im, &board, xy_raw, &err) == RC_OK);
    CHECK(rc_calib_find_board(&und, &board, xy_und, &err) == RC_OK);
    double raw_vs_ideal = worst_match(xy_raw, tr, n, 1);
    double und_vs_ideal = worst_match(xy_und, tr, n, 1);
    printf("corners vs ideal-lens truth: distorted frame %.2f px, undistorted view %.3f px\n",
           raw_vs_ideal, und_vs_ideal);
    CHECK(raw_vs_ideal > 1.5); /* the lens really bends the board */
    CHECK(und_vs_ideal < raw_vs_ideal / 10);
    CHECK(und_vs_ideal < 0.35); /* straightened onto the ideal projection */

    /* Bad requests: no lens part, another frame size. */
    rc_calib none;
    rc_calib_init(&none, 960, 540);
    CHECK(rc_calib_view_create(&none, 960, 540, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "no lens");
    CHECK(rc_calib_view_create(&c, 640, 360, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "960x540");
    rc_calib_view_destroy(v);
    rc_synth_destroy(s);
    free(b1);
    free(b2);
    return TEST_RESULT();
}
