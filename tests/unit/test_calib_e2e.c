/* test_calib_e2e.c - calibration end to end on romcap's rendered scenes.
 *
 * Renders synthetic:chessboard and synthetic:knee_flexion with the same lens and
 * obliqueness (k1 = -0.25, tilt 35 deg), finds the board in the rendered pixels,
 * builds the plane calibration from it, maps the truth (distorted) marker centres
 * through rc_calib_map_point and computes the model's angles with rc_kin_compute,
 * against the renderer's exact clinical angles. Also solves the lens from rendered
 * boards at several tilts and compares it with the renderer's camera.
 */
#include <stdint.h>

#include "test_util.h"

#include "romcap/calib.h"
#include "romcap/kinematics.h"
#include "romcap/model.h"
#include "romcap/synth.h"

static const char *opts = "k1=-0.25&tilt=35";

/* Renders frame 0 of the chessboard scene with `query` and finds the board. */
static rc_status render_board(const char *query, double *corners, rc_synth_point *truth,
                              rc_synth_camera *cam)
{
    rc_err err = {{0}};
    rc_synth_options o = rc_synth_options_default();
    if (rc_synth_options_parse(&o, query, &err) != RC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return RC_E_ARG;
    }
    rc_synth *s = rc_synth_create("chessboard", &o, &err);
    if (!s) {
        fprintf(stderr, "%s\n", err.msg);
        return RC_E_NOT_FOUND;
    }
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, o.width, o.height);
    rc_status st = buf ? rc_synth_render(s, 0, &im, NULL) : RC_E_NOMEM;
    rc_board b = {RC_SYNTH_BOARD_COLS, RC_SYNTH_BOARD_ROWS, RC_SYNTH_BOARD_SQUARE_MM};
    if (st == RC_OK)
        st = rc_calib_find_board(&im, &b, corners, &err);
    if (st != RC_OK)
        fprintf(stderr, "chessboard %s: %s\n", query, err.msg);
    if (truth)
        rc_synth_board_corners(s, truth, RC_SYNTH_BOARD_CORNERS);
    if (cam)
        rc_synth_get_camera(s, cam);
    free(buf);
    rc_synth_destroy(s);
    return st;
}

/* Worst distance between detected corners and the truth, either corner order. */
static double corner_error(const double *c, const rc_synth_point *t)
{
    double fwd = 0, rev = 0;
    for (int k = 0; k < RC_SYNTH_BOARD_CORNERS; k++) {
        const rc_synth_point *a = &t[k], *b = &t[RC_SYNTH_BOARD_CORNERS - 1 - k];
        fwd = fmax(fwd, hypot(c[2 * k] - a->x_px, c[2 * k + 1] - a->y_px));
        rev = fmax(rev, hypot(c[2 * k] - b->x_px, c[2 * k + 1] - b->y_px));
    }
    return fmin(fwd, rev);
}

/* The board at the test's lens and tilt, rendered once. */
typedef struct board_view {
    double corners[2 * RC_SYNTH_BOARD_CORNERS];
    rc_synth_point truth[RC_SYNTH_BOARD_CORNERS];
    rc_synth_camera cam;
} board_view;

static void test_lens_from_renders(const board_view *bv, rc_calib *out)
{
    /* Boards at several tilts: rotations about one axis only, so fix the aspect. */
    static const int tilts[] = {-45, -20, 20, 45};
    enum { NV = sizeof tilts / sizeof tilts[0] };
    static double corners[NV * 2 * RC_SYNTH_BOARD_CORNERS];
    rc_synth_camera cam = {0};
    int n = 0;
    for (int i = 0; i < NV; i++) {
        char q[64];
        snprintf(q, sizeof q, "k1=-0.25&tilt=%d", tilts[i]);
        if (render_board(q, corners + n * 2 * RC_SYNTH_BOARD_CORNERS, NULL, &cam) == RC_OK)
            n++;
    }
    CHECK(n == NV);
    rc_calib c;
    rc_calib_init(&c, 0, 0);
    rc_board b = {RC_SYNTH_BOARD_COLS, RC_SYNTH_BOARD_ROWS, RC_SYNTH_BOARD_SQUARE_MM};
    rc_lens_options o = rc_lens_options_default();
    o.fix_aspect = true;
    rc_err err = {{0}};
    rc_status s = rc_calib_solve_lens(&c, corners, n, &b, cam.width, cam.height, &o, NULL, &err);
    CHECK_MSG(s == RC_OK, "%s", err.msg);
    printf("lens from %d rendered boards: RMS %.3f px, f %.1f (truth %.1f), cx %.1f cy %.1f, "
           "k1 %.4f (truth %.2f)\n",
           n, c.rms_px, c.camera_matrix[0], cam.fx, c.camera_matrix[2], c.camera_matrix[5],
           c.dist[0], cam.k1);
    CHECK(c.rms_px < 0.3);
    CHECK_NEAR(c.camera_matrix[0], cam.fx, 0.03 * cam.fx);
    /* k1, k2, k3 trade off against each other when the boards do not reach the image
     * corners; what matters is the undistortion where the subject is: the corners
     * of the board at tilt 35 (not a calibration view) against their ideal-lens
     * positions. */
    const rc_synth_point *t = bv->truth;
    double worst = 0;
    for (int k = 0; k < RC_SYNTH_BOARD_CORNERS; k++) {
        double ux, uy;
        rc_calib_undistort_px(&c, t[k].x_px, t[k].y_px, &ux, &uy);
        worst = fmax(worst, hypot(ux - t[k].ux_px, uy - t[k].uy_px));
    }
    printf("solved lens undistorts the tilt-35 board corners to within %.3f px\n", worst);
    CHECK(worst < 1.0);
    *out = c;
}

/* `lens`: a solved lens, or NULL for the renderer's own camera. */
static void test_knee(const board_view *bv, const rc_calib *lens)
{
    const double *corners = bv->corners;
    const rc_synth_point *truth = bv->truth;
    rc_synth_camera cam = bv->cam;
    double ce = corner_error(corners, truth);
    printf("rendered board (%s): detected corners within %.3f px of the truth\n", opts, ce);
    CHECK(ce < 0.5);

    rc_calib cal;
    rc_calib_init(&cal, cam.width, cam.height);
    double K[9] = {cam.fx, 0, cam.cx, 0, cam.fy, cam.cy, 0, 0, 1};
    memcpy(cal.camera_matrix, K, sizeof K);
    cal.dist[0] = cam.k1;
    cal.dist[1] = cam.k2;
    cal.parts = RC_CALIB_LENS;
    if (lens)
        cal = *lens;
    rc_board b = {RC_SYNTH_BOARD_COLS, RC_SYNTH_BOARD_ROWS, RC_SYNTH_BOARD_SQUARE_MM};
    rc_err err = {{0}};
    CHECK(rc_calib_set_plane(&cal, corners, &b, &err) == RC_OK);
    printf("plane: tilt estimate %.2f deg (truth %.0f), %.3f mm/px\n", cal.plane_tilt_deg,
           cam.tilt_deg, cal.mm_per_px);
    CHECK_NEAR(cal.plane_tilt_deg, cam.tilt_deg, 1.0);

    rc_model m;
    char dir[600];
    snprintf(dir, sizeof dir, "%s/models", ROMCAP_SOURCE_DIR);
    if (rc_model_resolve("knee_flexion", dir, &m, &err) != RC_OK) {
        CHECK_MSG(0, "%s", err.msg);
        return;
    }
    rc_synth_options so = rc_synth_options_default();
    CHECK(rc_synth_options_parse(&so, opts, &err) == RC_OK);
    rc_synth *s = rc_synth_create("knee_flexion", &so, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (!s)
        return;
    rc_kin_options raw_o = rc_kin_options_default(), cal_o = rc_kin_options_default();
    rc_calib_down(&cal, &cal_o.down.x, &cal_o.down.y);
    double worst_raw = 0, worst_cal = 0;
    int n_cmp = 0;
    int64_t nf = rc_synth_frame_count(s);
    static rc_truth t;
    for (int64_t f = 0; f < nf; f += 5) {
        if (rc_synth_truth(s, f, &t) != RC_OK)
            break;
        rc_vec2 raw[RC_MAX_MARKERS], mm[RC_MAX_MARKERS];
        bool valid[RC_MAX_MARKERS] = {false};
        for (int k = 0; k < m.n_markers; k++) {
            int j = -1;
            for (int q = 0; q < t.n_markers; q++)
                if (!strcmp(t.marker[q].name, m.marker[k].name))
                    j = q;
            if (j < 0)
                continue;
            raw[k].x = t.marker[j].x_px;
            raw[k].y = t.marker[j].y_px;
            valid[k] = rc_calib_map_point(&cal, raw[k].x, raw[k].y, &mm[k].x, &mm[k].y);
        }
        double a_raw[RC_MAX_ANGLES], a_cal[RC_MAX_ANGLES];
        rc_kin_compute(&m, raw, valid, &raw_o, a_raw);
        rc_kin_compute(&m, mm, valid, &cal_o, a_cal);
        for (int a = 0; a < m.n_angles; a++)
            for (int q = 0; q < t.n_angles; q++)
                if (!strcmp(t.angle_name[q], m.angle[a].name) && isfinite(a_cal[a])) {
                    worst_raw = fmax(worst_raw, fabs(a_raw[a] - t.angle_deg[q]));
                    worst_cal = fmax(worst_cal, fabs(a_cal[a] - t.angle_deg[q]));
                    n_cmp++;
                }
    }
    rc_synth_destroy(s);
    printf("knee_flexion %s, %s lens: %d angle samples, max error %.3f deg corrected, "
           "%.2f deg uncorrected\n",
           opts, lens ? "solved" : "true", n_cmp, worst_cal, worst_raw);
    CHECK(n_cmp > 10);
    CHECK(worst_cal <= 0.5);
    CHECK(worst_raw >= 2.0);
}

int main(void)
{
    static board_view bv;
    if (render_board(opts, bv.corners, bv.truth, &bv.cam) != RC_OK) {
        CHECK(!"chessboard scene: board not found");
        return TEST_RESULT();
    }
    rc_calib solved;
    rc_calib_init(&solved, 0, 0);
    test_knee(&bv, NULL);
    test_lens_from_renders(&bv, &solved);
    if (solved.parts & RC_CALIB_LENS)
        test_knee(&bv, &solved);
    return TEST_RESULT();
}
