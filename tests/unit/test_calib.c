/* test_calib.c - calibration files and point undistortion.
 *
 * - loads OpenCV's own left_intrinsics.yml (values stated in the data README);
 * - save/load round trip, private file mode, OpenCV YAML node names;
 * - bad files give statuses with messages, never crashes;
 * - rc_calib_undistort_px agrees with cv::undistortPoints (run to convergence) to
 *   1e-3 px, and distort(undistort(p)) returns p (the forward model is independent);
 * - map/unmap through a plane homography worked out by hand.
 */
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"

#include "cv/cv_calib.h"
#include "romcap/calib.h"

static char tmpdir[256];

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_load_opencv(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/chessboard/left_intrinsics.yml", ROMCAP_SHARED_DATA);
    if (!test_path_exists(path)) {
        printf("note: %s absent, OpenCV file load not tested\n", path);
        return;
    }
    rc_calib c;
    rc_err err = {{0}};
    rc_status s = rc_calib_load(path, &c, &err);
    CHECK_MSG(s == RC_OK, "%s", err.msg);
    CHECK(c.parts == RC_CALIB_LENS);
    CHECK(c.image_width == 640 && c.image_height == 480);
    /* README section 2: fx = fy = 535.9157, cx = 342.2832, cy = 235.5708. */
    CHECK_NEAR(c.camera_matrix[0], 535.9157, 1e-3);
    CHECK_NEAR(c.camera_matrix[4], 535.9157, 1e-3);
    CHECK_NEAR(c.camera_matrix[2], 342.2832, 1e-3);
    CHECK_NEAR(c.camera_matrix[5], 235.5708, 1e-3);
    CHECK_NEAR(c.dist[0], -0.266373, 1e-6);
    CHECK_NEAR(c.dist[1], -0.038589, 1e-6);
    CHECK_NEAR(c.dist[2], 0.0017832, 1e-7);
    CHECK_NEAR(c.dist[3], -0.00028122, 1e-8);
    CHECK_NEAR(c.dist[4], 0.238392, 1e-6);
    CHECK_NEAR(c.rms_px, 0.392591, 1e-6);
    CHECK(c.n_views == 13);
    double dx, dy;
    rc_calib_down(&c, &dx, &dy);
    CHECK(dx == 0.0 && dy == 1.0);

    /* The stereo sample's file (M1/D1) loads as the left camera. */
    snprintf(path, sizeof path, "%s/chessboard/intrinsics.yml", ROMCAP_SHARED_DATA);
    s = rc_calib_load(path, &c, &err);
    CHECK_MSG(s == RC_OK, "%s", err.msg);
    CHECK_NEAR(c.camera_matrix[0], 534.803, 1e-3);
}

static void test_round_trip(void)
{
    rc_calib a;
    rc_calib_init(&a, 1280, 720);
    double K[9] = {1000.5, 0, 640.25, 0, 1001.5, 360.75, 0, 0, 1};
    double D[5] = {-0.25, 0.05, 0.001, -0.002, 0.01};
    memcpy(a.camera_matrix, K, sizeof K);
    memcpy(a.dist, D, sizeof D);
    a.rms_px = 0.31;
    a.n_views = 17;
    double H[9] = {0.5, 0.01, -300, -0.02, 0.49, -170, 1e-5, -2e-5, 1};
    memcpy(a.plane_h, H, sizeof H);
    a.plane_tilt_deg = 21.5;
    a.down[0] = 0.6;
    a.down[1] = 0.8;
    a.vertical_source = RC_VERTICAL_PLUMB;
    a.mm_per_px = 0.49;
    a.parts = RC_CALIB_LENS | RC_CALIB_PLANE | RC_CALIB_VERTICAL | RC_CALIB_SCALE;

    char path[512];
    snprintf(path, sizeof path, "%s/cal.yml", tmpdir);
    rc_err err = {{0}};
    rc_status s = rc_calib_save(&a, path, &err);
    CHECK_MSG(s == RC_OK, "%s", err.msg);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);

    /* OpenCV's node names and matrix tags are in the file. */
    char text[8192] = "";
    FILE *f = fopen(path, "r");
    if (f) {
        size_t n = fread(text, 1, sizeof text - 1, f);
        text[n] = '\0';
        fclose(f);
    }
    CHECK_STR_CONTAINS(text, "%YAML:1.0");
    CHECK_STR_CONTAINS(text, "camera_matrix: !!opencv-matrix");
    CHECK_STR_CONTAINS(text, "distortion_coefficients: !!opencv-matrix");
    CHECK_STR_CONTAINS(text, "image_width: 1280");
    CHECK_STR_CONTAINS(text, "avg_reprojection_error");

    rc_calib b;
    s = rc_calib_load(path, &b, &err);
    CHECK_MSG(s == RC_OK, "%s", err.msg);
    CHECK(b.parts == a.parts);
    CHECK(b.image_width == 1280 && b.image_height == 720);
    for (int i = 0; i < 9; i++) {
        CHECK_NEAR(b.camera_matrix[i], a.camera_matrix[i], 1e-12);
        CHECK_NEAR(b.plane_h[i], a.plane_h[i], 1e-12);
    }
    for (int i = 0; i < 5; i++)
        CHECK_NEAR(b.dist[i], a.dist[i], 1e-15);
    CHECK_NEAR(b.rms_px, 0.31, 1e-12);
    CHECK(b.n_views == 17);
    CHECK_NEAR(b.plane_tilt_deg, 21.5, 1e-12);
    CHECK_NEAR(b.down[0], 0.6, 1e-12);
    CHECK_NEAR(b.down[1], 0.8, 1e-12);
    CHECK(b.vertical_source == RC_VERTICAL_PLUMB);
    CHECK_NEAR(b.mm_per_px, 0.49, 1e-12);

    /* The same text held in memory (a session's copy) reads to the same values. */
    rc_calib m;
    s = rc_calib_parse(text, strlen(text), "session.json:calibration", &m, &err);
    CHECK_MSG(s == RC_OK, "%s", err.msg);
    CHECK(m.parts == b.parts && m.image_width == 1280 && m.n_views == 17);
    CHECK(!memcmp(m.camera_matrix, b.camera_matrix, sizeof m.camera_matrix));
    CHECK(!memcmp(m.plane_h, b.plane_h, sizeof m.plane_h));
    CHECK(!memcmp(m.dist, b.dist, sizeof m.dist));
    CHECK(m.mm_per_px == b.mm_per_px && m.vertical_source == b.vertical_source);
    /* Without its "%YAML" line (allowed in a .yml file) it still reads. */
    const char *body = strstr(text, "\n");
    s = body ? rc_calib_parse(body + 1, strlen(body + 1), "headerless", &m, &err) : RC_E_ARG;
    CHECK_MSG(s == RC_OK, "%s", err.msg);
    CHECK(m.image_width == 1280 && m.camera_matrix[0] == b.camera_matrix[0]);
    /* Bad text: one line naming where it came from, defaults left. */
    s = rc_calib_parse("camera_matrix: [1, 2\n", 21, "session.json:calibration", &m, &err);
    CHECK(s != RC_OK);
    CHECK_STR_CONTAINS(err.msg, "session.json:calibration");
    CHECK(m.parts == 0);
    s = rc_calib_parse("image_width: 6\0\n", 16, "nul", &m, &err);
    CHECK(s == RC_E_FORMAT);

    /* Overwriting keeps the private mode and leaves no temporary behind. */
    s = rc_calib_save(&b, path, &err);
    CHECK(s == RC_OK);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    unlink(path);
}

static void test_bad_files(void)
{
    rc_calib c;
    rc_err err = {{0}};
    char path[512];
    snprintf(path, sizeof path, "%s/missing.yml", tmpdir);
    CHECK(rc_calib_load(path, &c, &err) == RC_E_NOT_FOUND);
    CHECK_STR_CONTAINS(err.msg, "missing.yml");

    snprintf(path, sizeof path, "%s/bad.yml", tmpdir);
    write_text(path, "%YAML:1.0\n---\ncamera_matrix: !!opencv-matrix\n   rows: 2\n   cols: 2\n"
                     "   dt: d\n   data: [ 1., 0., 0., 1. ]\n");
    err.msg[0] = '\0';
    CHECK(rc_calib_load(path, &c, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "camera_matrix");
    CHECK(c.parts == 0);

    write_text(path, "%YAML:1.0\n---\nsomething_else: 3\n");
    CHECK(rc_calib_load(path, &c, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "camera_matrix");

    write_text(path, "\x01\x02garbage: [ { ]\n\xff\xfe");
    CHECK(rc_calib_load(path, &c, &err) != RC_OK);
    CHECK(err.msg[0] != '\0');

    /* Rational-model coefficients we cannot apply are refused, not ignored. */
    write_text(path, "%YAML:1.0\n---\ncamera_matrix: !!opencv-matrix\n   rows: 3\n   cols: 3\n"
                     "   dt: d\n   data: [ 500., 0., 320., 0., 500., 240., 0., 0., 1. ]\n"
                     "distortion_coefficients: !!opencv-matrix\n   rows: 8\n   cols: 1\n"
                     "   dt: d\n   data: [ 0.1, 0., 0., 0., 0., 0.2, 0., 0. ]\n");
    CHECK(rc_calib_load(path, &c, &err) == RC_E_UNSUPPORTED);
    unlink(path);

    snprintf(path, sizeof path, "%s/no/such/dir/out.yml", tmpdir);
    rc_calib_init(&c, 10, 10);
    CHECK(rc_calib_save(&c, path, &err) == RC_E_IO);
}

/* Compares the C undistortion with OpenCV's on a grid over the image. */
static void check_undistort(const double K[9], const double D[5], int w, int h, const char *label)
{
    enum { NX = 17, NY = 13, N = NX * NY };
    static double in[2 * N], ref[2 * N], ref5[2 * N];
    for (int j = 0; j < NY; j++)
        for (int i = 0; i < NX; i++) {
            in[2 * (j * NX + i)] = (w - 1) * (double)i / (NX - 1);
            in[2 * (j * NX + i) + 1] = (h - 1) * (double)j / (NY - 1);
        }
    rc_err err = {{0}};
    CHECK(rc_cv_undistort_points(K, D, in, ref, N, 200, &err) == RC_OK);
    CHECK(rc_cv_undistort_points(K, D, in, ref5, N, 0, &err) == RC_OK);
    rc_calib c;
    rc_calib_init(&c, w, h);
    memcpy(c.camera_matrix, K, sizeof c.camera_matrix);
    memcpy(c.dist, D, sizeof c.dist);
    c.parts = RC_CALIB_LENS;
    double worst = 0, worst5 = 0, worst_rt = 0;
    for (int k = 0; k < N; k++) {
        double ux, uy, x, y;
        rc_calib_undistort_px(&c, in[2 * k], in[2 * k + 1], &ux, &uy);
        worst = fmax(worst, hypot(ux - ref[2 * k], uy - ref[2 * k + 1]));
        worst5 = fmax(worst5, hypot(ux - ref5[2 * k], uy - ref5[2 * k + 1]));
        rc_calib_distort_px(&c, ux, uy, &x, &y);
        worst_rt = fmax(worst_rt, hypot(x - in[2 * k], y - in[2 * k + 1]));
    }
    printf("%s: |C - cv::undistortPoints(200 it)| max %.2e px; vs OpenCV's default 5 it "
           "%.2e px; distort(undistort) max %.2e px\n",
           label, worst, worst5, worst_rt);
    CHECK(worst <= 1e-3);
    CHECK(worst_rt <= 1e-6);

    /* Timing of the per-frame path (no allocation): report only. */
    int64_t reps = 200000;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    double acc = 0;
    for (int64_t r = 0; r < reps; r++) {
        double X, Y;
        rc_calib_map_point(&c, in[2 * (r % N)], in[2 * (r % N) + 1], &X, &Y);
        acc += X;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / reps;
    printf("%s: rc_calib_map_point %.0f ns per point (checksum %.1f)\n", label, ns, acc);
}

static void test_undistort(void)
{
    /* OpenCV's left camera (strong barrel + k3). */
    double K1[9] = {535.9157, 0, 342.2832, 0, 535.9157, 235.5708, 0, 0, 1};
    double D1[5] = {-0.266373, -0.038589, 0.0017832, -0.00028122, 0.238392};
    check_undistort(K1, D1, 640, 480, "opencv left camera");
    /* The synthetic renderer's camera with k1 = -0.25, k2 = 0.05 at 1280x720. */
    double K2[9] = {1280, 0, 639.5, 0, 1280, 359.5, 0, 0, 1};
    double D2[5] = {-0.25, 0.05, 0, 0, 0};
    check_undistort(K2, D2, 1280, 720, "synthetic 1280x720 k1=-0.25");
    /* Pincushion with tangential terms and skew-free, non-square pixels. */
    double K3[9] = {800, 0, 300, 0, 820, 250, 0, 0, 1};
    double D3[5] = {0.12, -0.03, 0.002, -0.0015, 0.0};
    check_undistort(K3, D3, 640, 480, "pincushion + tangential");
}

static void test_plane_by_hand(void)
{
    /* No lens, plane homography = scale 0.5 mm/px and shift: map/unmap by hand. */
    rc_calib c;
    rc_calib_init(&c, 640, 480);
    double H[9] = {0.5, 0, -160, 0, 0.5, -120, 0, 0, 1};
    memcpy(c.plane_h, H, sizeof H);
    c.parts = RC_CALIB_PLANE;
    double X, Y, x, y;
    CHECK(rc_calib_map_point(&c, 420, 140, &X, &Y));
    CHECK_NEAR(X, 50, 1e-12);
    CHECK_NEAR(Y, -50, 1e-12);
    CHECK(rc_calib_unmap_point(&c, 50, -50, &x, &y));
    CHECK_NEAR(x, 420, 1e-9);
    CHECK_NEAR(y, 140, 1e-9);
    CHECK(strcmp(rc_calib_unit(&c), "mm") == 0);
    /* A point on the horizon line (w = 0) maps to NAN, not a crash. */
    double Hp[9] = {1, 0, 0, 0, 1, 0, 0.01, 0, -1};
    memcpy(c.plane_h, Hp, sizeof Hp);
    CHECK(!rc_calib_map_point(&c, 100, 5, &X, &Y));
    CHECK(isnan(X) && isnan(Y));
    /* Identity calibration and NULL are pass-through. */
    CHECK(rc_calib_map_point(NULL, 3.5, 4.5, &X, &Y) && X == 3.5 && Y == 4.5);
    CHECK(strcmp(rc_calib_unit(NULL), "px") == 0);
    double dx, dy;
    rc_calib_down(NULL, &dx, &dy);
    CHECK(dx == 0 && dy == 1);

    /* Plumb line: two points straight down the image -> down (0, 1) in px frame;
     * a tilted pair gives its own direction. */
    rc_calib_init(&c, 640, 480);
    rc_err err = {{0}};
    CHECK(rc_calib_set_vertical_points(&c, 100, 100, 130, 140, &err) == RC_OK);
    rc_calib_down(&c, &dx, &dy);
    CHECK_NEAR(dx, 0.6, 1e-12);
    CHECK_NEAR(dy, 0.8, 1e-12);
    CHECK(c.parts & RC_CALIB_VERTICAL);
    CHECK(rc_calib_set_vertical_points(&c, 100, 100, 100, 100, &err) == RC_E_ARG);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/romcap_test_calib_XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_load_opencv();
    test_round_trip();
    test_bad_files();
    test_undistort();
    test_plane_by_hand();
    rmdir(tmpdir);
    return TEST_RESULT();
}
