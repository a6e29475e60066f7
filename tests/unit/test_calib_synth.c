/* test_calib_synth.c - calibration against scenes projected by hand.
 *
 * The camera is the synthetic renderer's model (synth.h), re-implemented here so the
 * truth is independent of both the renderer and the code under test: pinhole
 * fx = fy = W, cx = (W-1)/2, cy = (H-1)/2, OpenCV radial k1, k2 in normalised
 * coordinates, and a movement plane (X right, Y down, mm) rotated by `tilt` about
 * its vertical axis at distance D. Checks:
 *  1. lens solve from 14 noisy board views recovers f, cx, cy, k1;
 *  2. plane homography from a board in the movement plane (k1 = -0.25, tilt 35 deg):
 *     knee angles from mapped marker centres are within 0.5 deg of the truth, while
 *     the raw pixels are off by several degrees (both printed);
 *  3. obliqueness estimate, mm per px, board and plumb-line verticals.
 */
#include "test_util.h"

#include "romcap/calib.h"

#define PI 3.14159265358979323846

typedef struct cam {
    int w, h;
    double f, cx, cy, k1, k2;
} cam;

static cam make_cam(int w, int h, double k1, double k2)
{
    cam c = {w, h, w, (w - 1) / 2.0, (h - 1) / 2.0, k1, k2};
    return c;
}

/* Camera-frame point -> pixel (distorted if `distort`). */
static void project_cam(const cam *c, double xc, double yc, double zc, int distort, double *u,
                        double *v)
{
    double x = xc / zc, y = yc / zc, r2 = x * x + y * y;
    double k = distort ? 1 + c->k1 * r2 + c->k2 * r2 * r2 : 1;
    *u = c->cx + c->f * x * k;
    *v = c->cy + c->f * y * k;
}

/* Movement-plane point (mm) -> pixel: plane rotated by tilt about its vertical axis,
 * its centre at distance D on the optical axis. */
static void project_plane(const cam *c, double tilt_deg, double D, double X, double Y, int distort,
                          double *u, double *v)
{
    double t = tilt_deg * PI / 180;
    project_cam(c, X * cos(t), Y, D + X * sin(t), distort, u, v);
}

/* Board corner (i, j) of a cols x rows board, centred on its middle, in mm. */
static void board_mm(int i, int j, int cols, int rows, double sq, double *X, double *Y)
{
    *X = (i - 0.5 * (cols - 1)) * sq;
    *Y = (j - 0.5 * (rows - 1)) * sq;
}

/* Rotation about x by a, then y by b (radians), row-major. */
static void rot_xy(double a, double b, double R[9])
{
    double ca = cos(a), sa = sin(a), cb = cos(b), sb = sin(b);
    double Rx[9] = {1, 0, 0, 0, ca, -sa, 0, sa, ca};
    double Ry[9] = {cb, 0, sb, 0, 1, 0, -sb, 0, cb};
    for (int r = 0; r < 3; r++)
        for (int k = 0; k < 3; k++)
            R[3 * r + k] =
                Ry[3 * r] * Rx[k] + Ry[3 * r + 1] * Rx[3 + k] + Ry[3 * r + 2] * Rx[6 + k];
}

static double interior_deg(double ax, double ay, double bx, double by, double cx, double cy)
{
    double ux = ax - bx, uy = ay - by, vx = cx - bx, vy = cy - by;
    return atan2(fabs(ux * vy - uy * vx), ux * vx + uy * vy) * 180 / PI;
}

static void test_lens_solve(void)
{
    cam c = make_cam(1280, 720, -0.25, 0.05);
    rc_board b = {9, 6, 25.0};
    enum { NV = 14 };
    static double corners[NV * 54 * 2];
    unsigned long long seed = 7;
    /* Poses: tilted boards spread over the image, 350-550 mm away. */
    for (int v = 0; v < NV; v++) {
        double R[9];
        rot_xy((test_rand01(&seed) - 0.5) * 0.9, (test_rand01(&seed) - 0.5) * 0.9, R);
        double z = 350 + 200 * test_rand01(&seed);
        double tx = (test_rand01(&seed) - 0.5) * 0.55 * z;
        double ty = (test_rand01(&seed) - 0.5) * 0.3 * z;
        for (int j = 0; j < 6; j++)
            for (int i = 0; i < 9; i++) {
                double X, Y;
                board_mm(i, j, 9, 6, b.square_mm, &X, &Y);
                double xc = R[0] * X + R[1] * Y + tx;
                double yc = R[3] * X + R[4] * Y + ty;
                double zc = R[6] * X + R[7] * Y + z;
                double *p = corners + 2 * (v * 54 + j * 9 + i);
                project_cam(&c, xc, yc, zc, 1, &p[0], &p[1]);
                p[0] += 0.1 * test_randn(&seed); /* detector noise, px */
                p[1] += 0.1 * test_randn(&seed);
            }
    }
    rc_calib cal;
    rc_calib_init(&cal, 0, 0);
    rc_lens_options o = rc_lens_options_default();
    o.fix_aspect = true;
    static rc_lens_report rep;
    rc_err err = {{0}};
    rc_status s = rc_calib_solve_lens(&cal, corners, NV, &b, c.w, c.h, &o, &rep, &err);
    CHECK_MSG(s == RC_OK, "%s", err.msg);
    printf("synthetic lens: RMS %.3f px, f %.1f (truth %.1f), cx %.1f cy %.1f, k1 %.4f k2 %.4f "
           "(truth -0.25 0.05), kept %d/%d, coverage %d%%\n",
           cal.rms_px, cal.camera_matrix[0], c.f, cal.camera_matrix[2], cal.camera_matrix[5],
           cal.dist[0], cal.dist[1], rep.n_kept, rep.n_views, rep.coverage_pct);
    CHECK_NEAR(cal.rms_px, 0.1 * sqrt(2.0), 0.02); /* 2-D error of 0.1 px per axis */
    CHECK_NEAR(cal.camera_matrix[0], c.f, 0.01 * c.f);
    CHECK_NEAR(cal.camera_matrix[2], c.cx, 5);
    CHECK_NEAR(cal.camera_matrix[5], c.cy, 5);
    CHECK_NEAR(cal.dist[0], -0.25, 0.02);
    CHECK(rep.n_kept == NV);
    /* The solved lens undistorts a far-corner point like the true one. */
    double u, v, uu, uv, tu, tv;
    project_cam(&c, -0.45, -0.25, 1.0, 1, &u, &v);
    project_cam(&c, -0.45, -0.25, 1.0, 0, &tu, &tv);
    rc_calib_undistort_px(&cal, u, v, &uu, &uv);
    printf("synthetic lens: corner point undistorted to within %.3f px of the truth\n",
           hypot(uu - tu, uv - tv));
    CHECK(hypot(uu - tu, uv - tv) < 1.0);

    /* Views bunched in the centre: the coverage warning names the empty regions. */
    for (int v2 = 0; v2 < NV; v2++)
        for (int k = 0; k < 54; k++) {
            double *p = corners + 2 * (v2 * 54 + k);
            p[0] = c.cx + (p[0] - c.cx) * 0.3;
            p[1] = c.cy + (p[1] - c.cy) * 0.3;
        }
    rc_calib_init(&cal, 0, 0);
    s = rc_calib_solve_lens(&cal, corners, NV, &b, c.w, c.h, &o, &rep, &err);
    CHECK(s == RC_OK);
    CHECK_STR_CONTAINS(rep.coverage_warning, "top-left");
    CHECK(rep.coverage_pct < 60);

    /* One pose repeated (a still board filmed for seconds) is refused with a reason. */
    for (int v2 = 1; v2 < NV; v2++)
        memcpy(corners + 2 * 54 * v2, corners, sizeof(double) * 2 * 54);
    s = rc_calib_solve_lens(&cal, corners, NV, &b, c.w, c.h, &o, &rep, &err);
    CHECK(s == RC_E_ARG);
    CHECK_STR_CONTAINS(err.msg, "1 different board pose");
}

/* Knee poses in the movement plane: hip, knee, ankle for flexion `deg`, thigh 420 mm
 * down-right from the hip, shank 400 mm; the leg placed off-centre so the lens
 * distortion and the tilt both matter. */
static void knee_pose(double deg, double P[6])
{
    double th = 80 * PI / 180;       /* thigh direction, from the +X axis */
    double sh = th - deg * PI / 180; /* shank turns by the flexion */
    P[0] = -480;
    P[1] = -330;                 /* hip */
    P[2] = P[0] + 420 * cos(th); /* knee */
    P[3] = P[1] + 420 * sin(th);
    P[4] = P[2] + 400 * cos(sh); /* ankle */
    P[5] = P[3] + 400 * sin(sh);
}

static void test_plane(double k1, double tilt_deg, double noise_px)
{
    const double D = 2000; /* as the renderer, RC_SYNTH_DISTANCE_MM */
    cam c = make_cam(1280, 720, k1, 0.0);
    rc_board b = {9, 6, 90.0};
    unsigned long long seed = 11;
    double plane[54 * 2];
    for (int j = 0; j < 6; j++)
        for (int i = 0; i < 9; i++) {
            double X, Y, *p = plane + 2 * (j * 9 + i);
            board_mm(i, j, 9, 6, b.square_mm, &X, &Y);
            project_plane(&c, tilt_deg, D, X, Y, 1, &p[0], &p[1]);
            p[0] += noise_px * test_randn(&seed);
            p[1] += noise_px * test_randn(&seed);
        }
    /* The lens is known exactly here (solving it is test_lens_solve's job). */
    rc_calib cal;
    rc_calib_init(&cal, c.w, c.h);
    double K[9] = {c.f, 0, c.cx, 0, c.f, c.cy, 0, 0, 1};
    memcpy(cal.camera_matrix, K, sizeof K);
    cal.dist[0] = k1;
    cal.parts = RC_CALIB_LENS;
    rc_err err = {{0}};
    rc_status s = rc_calib_set_plane(&cal, plane, &b, &err);
    CHECK_MSG(s == RC_OK, "%s", err.msg);
    CHECK(cal.parts & RC_CALIB_PLANE);
    CHECK_NEAR(cal.plane_tilt_deg, tilt_deg, 0.5);
    /* Scale at the board centre: d(px)/dX = f cos(t) / D, d(px)/dY = f / D. */
    double t = tilt_deg * PI / 180;
    CHECK_NEAR(cal.mm_per_px, D / (c.f * sqrt(cos(t))), 0.01 * D / c.f);
    /* Plane frame oriented like the screen and centred on the board. */
    double X, Y;
    CHECK(rc_calib_map_point(&cal, plane[2 * 31], plane[2 * 31 + 1], &X, &Y)); /* (4, 3) */
    CHECK_NEAR(X, 0, 1);
    CHECK_NEAR(Y, 45, 1);

    double worst_raw = 0, worst_cal = 0, worst_vert = 0;
    for (double deg = 0; deg <= 120; deg += 10) {
        double P[6], px[6], mm[6];
        knee_pose(deg, P);
        for (int m = 0; m < 3; m++) {
            project_plane(&c, tilt_deg, D, P[2 * m], P[2 * m + 1], 1, &px[2 * m], &px[2 * m + 1]);
            CHECK(rc_calib_map_point(&cal, px[2 * m], px[2 * m + 1], &mm[2 * m], &mm[2 * m + 1]));
        }
        double truth = 180 - interior_deg(P[0], P[1], P[2], P[3], P[4], P[5]);
        double raw = 180 - interior_deg(px[0], px[1], px[2], px[3], px[4], px[5]);
        double got = 180 - interior_deg(mm[0], mm[1], mm[2], mm[3], mm[4], mm[5]);
        CHECK_NEAR(truth, deg, 1e-9);
        worst_raw = fmax(worst_raw, fabs(raw - truth));
        worst_cal = fmax(worst_cal, fabs(got - truth));
        /* Shank against the vertical (image vertical mapped into the plane: the plane's
         * vertical axis is what the tilt keeps vertical). */
        double dx, dy;
        rc_calib_down(&cal, &dx, &dy);
        double sv_truth = atan2(P[4] - P[2], P[5] - P[3]) * 180 / PI;
        double sv = atan2((mm[4] - mm[2]) * dy - (mm[5] - mm[3]) * dx,
                          (mm[4] - mm[2]) * dx + (mm[5] - mm[3]) * dy) *
                    180 / PI;
        worst_vert = fmax(worst_vert, fabs(sv - sv_truth));
    }
    printf("plane k1=%.2f tilt=%.0f noise=%.2f px: knee angle error max %.3f deg corrected, "
           "%.2f deg raw pixels; shank-vs-vertical error %.3f deg; tilt est %.2f deg; "
           "%.3f mm/px\n",
           k1, tilt_deg, noise_px, worst_cal, worst_raw, worst_vert, cal.plane_tilt_deg,
           cal.mm_per_px);
    CHECK(worst_cal <= 0.5);
    CHECK(worst_vert <= 0.5);
    if (tilt_deg >= 30)
        CHECK(worst_raw >= 2.0); /* uncorrected: several degrees */
    else if (fabs(k1) >= 0.2)
        CHECK(worst_raw >= 0.5); /* the lens alone, leg off-centre */

    /* Vertical from the board (held plumb: its columns are the plane's Y axis) and
     * from a plumb line 300 mm right of the board: both are (0, 1) in the plane. */
    s = rc_calib_set_vertical_board(&cal, plane, &b, &err);
    CHECK(s == RC_OK);
    double dx, dy;
    rc_calib_down(&cal, &dx, &dy);
    CHECK(atan2(dx, dy) * 180 / PI < 0.2 && atan2(dx, dy) * 180 / PI > -0.2);
    double p1x, p1y, p2x, p2y;
    project_plane(&c, tilt_deg, D, 300, -250, 1, &p1x, &p1y);
    project_plane(&c, tilt_deg, D, 300, 250, 1, &p2x, &p2y);
    s = rc_calib_set_vertical_points(&cal, p1x, p1y, p2x, p2y, &err);
    CHECK(s == RC_OK);
    rc_calib_down(&cal, &dx, &dy);
    CHECK_NEAR(atan2(dx, dy) * 180 / PI, 0, 0.2);
    CHECK(cal.vertical_source == RC_VERTICAL_PLUMB);
}

/* A board reported from the opposite end (OpenCV may do that) gives the same frame. */
static void test_reversed_board(void)
{
    cam c = make_cam(1280, 720, -0.1, 0.0);
    rc_board b = {9, 6, 90.0};
    double fwd[108], rev[108];
    for (int k = 0; k < 54; k++) {
        double X, Y;
        board_mm(k % 9, k / 9, 9, 6, b.square_mm, &X, &Y);
        project_plane(&c, 20, 2000, X, Y, 1, &fwd[2 * k], &fwd[2 * k + 1]);
    }
    for (int k = 0; k < 54; k++) {
        rev[2 * k] = fwd[2 * (53 - k)];
        rev[2 * k + 1] = fwd[2 * (53 - k) + 1];
    }
    rc_calib a, r;
    rc_calib_init(&a, 1280, 720);
    double K[9] = {c.f, 0, c.cx, 0, c.f, c.cy, 0, 0, 1};
    memcpy(a.camera_matrix, K, sizeof K);
    a.dist[0] = c.k1;
    a.parts = RC_CALIB_LENS;
    r = a;
    rc_err err = {{0}};
    CHECK(rc_calib_set_plane(&a, fwd, &b, &err) == RC_OK);
    CHECK(rc_calib_set_plane(&r, rev, &b, &err) == RC_OK);
    double X1, Y1, X2, Y2;
    rc_calib_map_point(&a, 100, 600, &X1, &Y1);
    rc_calib_map_point(&r, 100, 600, &X2, &Y2);
    CHECK_NEAR(X1, X2, 1e-6);
    CHECK_NEAR(Y1, Y2, 1e-6);
    CHECK(X1 < 0 && Y1 > 0); /* lower left of the image: left of and below the centre */
    /* unmap is the inverse of map. */
    double x, y;
    CHECK(rc_calib_unmap_point(&a, X1, Y1, &x, &y));
    CHECK_NEAR(x, 100, 1e-6);
    CHECK_NEAR(y, 600, 1e-6);
}

int main(void)
{
    test_lens_solve();
    test_plane(-0.25, 35, 0.0);
    test_plane(-0.25, 35, 0.1);
    test_plane(-0.25, 0, 0.1);
    test_plane(0.0, 35, 0.1);
    test_reversed_board();
    return TEST_RESULT();
}
