/* calib_solve.c - solving a calibration from chessboards: lens (with bad-view
 * rejection and a coverage check), movement plane, vertical and scale.
 *
 * OpenCV does the heavy lifting through src/cv/cv_calib.h; this file holds the
 * policy (which views to drop, what counts as covered, how the plane frame is
 * oriented) in C. Runs once per calibration, so it may allocate.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "calib_internal.h"
#include "cv/cv_calib.h"

enum {
    GRID_COLS = 8, /* TUNABLE: coverage grid, ~80 px cells at 640x480 */
    GRID_ROWS = 6
};
/* TUNABLE: below this share of grid cells holding a corner, calibrate warns. */
#define COVERAGE_WARN_PCT 60

rc_lens_options rc_lens_options_default(void)
{
    rc_lens_options o = {
        .fix_aspect = false, .reject_factor = 2.0, .reject_min_px = 0.5, .min_views = 3};
    return o;
}

static rc_status check_board(const rc_board *b, rc_err *err)
{
    if (!b || b->cols < 2 || b->rows < 2 || b->cols * b->rows > RC_CALIB_MAX_CORNERS)
        return rc_err_set(err, RC_E_ARG, "board: need 2..%d inner corners per side",
                          RC_CALIB_MAX_CORNERS / 2);
    if (!(b->square_mm > 0) || !isfinite(b->square_mm))
        return rc_err_set(err, RC_E_ARG, "board: square size must be > 0 mm");
    return RC_OK;
}

rc_status rc_calib_find_board(const rc_image *im, const rc_board *b, double *corners_xy,
                              rc_err *err)
{
    rc_status s = check_board(b, err);
    if (s != RC_OK)
        return s;
    if (!im || !im->plane[0] || (im->fmt != RC_PIX_GRAY8 && im->fmt != RC_PIX_I420))
        return rc_err_set(err, RC_E_ARG, "chessboard: need a GRAY8 or I420 image");
    return rc_cv_find_chessboard(im->plane[0], im->width, im->height, im->stride_bytes[0], b->cols,
                                 b->rows, corners_xy, err);
}

rc_status rc_calib_find_board_file(const char *path, const rc_board *b, double *corners_xy,
                                   int *width, int *height, rc_err *err)
{
    rc_status s = check_board(b, err);
    if (s != RC_OK)
        return s;
    struct stat st;
    if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return rc_err_set(err, RC_E_NOT_FOUND, "%s: no such image file", path ? path : "(null)");
    return rc_cv_find_chessboard_file(path, b->cols, b->rows, corners_xy, width, height, err);
}

/* Mean corner displacement between two views, px. */
static double view_distance(const double *a, const double *b, size_t per)
{
    double sum = 0;
    for (size_t i = 0; i < per; i++)
        sum += hypot(a[2 * i] - b[2 * i], a[2 * i + 1] - b[2 * i + 1]);
    return sum / (double)per;
}

/* Views whose board pose differs from every earlier distinct one. Copies of one pose
 * (a still board filmed for seconds) constrain nothing and make the solve diverge. */
static int distinct_views(const double *corners_xy, int n_views, size_t per, int width, int height)
{
    double min_d = 0.01 * hypot(width, height); /* TUNABLE: 1% of the diagonal */
    int n = 0;
    for (int v = 0; v < n_views; v++) {
        bool fresh = true;
        for (int u = 0; u < v && fresh; u++)
            if (view_distance(corners_xy + 2 * per * v, corners_xy + 2 * per * u, per) < min_d)
                fresh = false;
        n += fresh;
    }
    return n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Which parts of the image the kept views' corners reach: percentage of an 8x6 grid,
 * and a warning naming the empty thirds (corners of the image matter most for the
 * distortion terms). */
static void coverage(const double *corners_xy, int n_views, int per_view, const bool *rejected,
                     int width, int height, rc_lens_report *rep)
{
    bool grid[GRID_ROWS][GRID_COLS] = {{false}};
    bool third[3][3] = {{false}};
    for (int v = 0; v < n_views; v++) {
        if (rejected[v])
            continue;
        for (int i = 0; i < per_view; i++) {
            double x = corners_xy[2 * ((size_t)v * per_view + i)];
            double y = corners_xy[2 * ((size_t)v * per_view + i) + 1];
            if (!(x >= 0 && y >= 0 && x < width && y < height))
                continue;
            grid[(int)(y * GRID_ROWS / height)][(int)(x * GRID_COLS / width)] = true;
            third[(int)(y * 3 / height)][(int)(x * 3 / width)] = true;
        }
    }
    int filled = 0;
    for (int r = 0; r < GRID_ROWS; r++)
        for (int c = 0; c < GRID_COLS; c++)
            filled += grid[r][c];
    rep->coverage_pct = (100 * filled + GRID_ROWS * GRID_COLS / 2) / (GRID_ROWS * GRID_COLS);
    static const char *names[3][3] = {{"top-left", "top", "top-right"},
                                      {"left", "centre", "right"},
                                      {"bottom-left", "bottom", "bottom-right"}};
    char empty[200] = "";
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 3; c++)
            if (!third[r][c]) {
                size_t n = strlen(empty);
                snprintf(empty + n, sizeof empty - n, "%s%s", n ? ", " : "", names[r][c]);
            }
    rep->coverage_warning[0] = '\0';
    if (empty[0] || rep->coverage_pct < COVERAGE_WARN_PCT)
        snprintf(rep->coverage_warning, sizeof rep->coverage_warning,
                 "the views cover %d%% of the image%s%s; lens distortion is poorly known "
                 "where no corner was seen: add views with the board near the edges and "
                 "corners",
                 rep->coverage_pct, empty[0] ? ", nothing in the " : "", empty);
}

rc_status rc_calib_solve_lens(rc_calib *c, const double *corners_xy, int n_views, const rc_board *b,
                              int width, int height, const rc_lens_options *o, rc_lens_report *rep,
                              rc_err *err)
{
    rc_status s = check_board(b, err);
    if (s != RC_OK)
        return s;
    rc_lens_options def = rc_lens_options_default();
    if (!o)
        o = &def;
    int min_views = o->min_views > 1 ? o->min_views : 2;
    if (n_views < min_views || n_views > RC_CALIB_MAX_VIEWS)
        return rc_err_set(err, RC_E_ARG, "calibration: %d views with a board; need %d..%d", n_views,
                          min_views, RC_CALIB_MAX_VIEWS);
    if (width <= 0 || height <= 0)
        return rc_err_set(err, RC_E_ARG, "calibration: bad image size %dx%d", width, height);
    rc_lens_report local;
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    rep->n_views = n_views;

    size_t per = (size_t)b->cols * b->rows;
    int n_distinct = distinct_views(corners_xy, n_views, per, width, height);
    if (n_distinct < min_views)
        return rc_err_set(err, RC_E_ARG,
                          "calibration: the %d views show only %d different board pose(s); "
                          "move and tilt the board between views (%d needed)",
                          n_views, n_distinct, min_views);
    double *kept_xy = malloc(sizeof(double) * 2 * per * (size_t)n_views);
    double *errs = malloc(sizeof(double) * (size_t)n_views);
    double *sorted = malloc(sizeof(double) * (size_t)n_views);
    int *map = malloc(sizeof(int) * (size_t)n_views);
    if (!kept_xy || !errs || !sorted || !map) {
        s = rc_err_set(err, RC_E_NOMEM, "calibration: out of memory");
        goto cleanup;
    }
    double K[9], D[5], rms = 0;
    int n_kept = n_views;
    /* Each round solves on the kept views, then drops those far above the median
     * error (a blurred or mis-detected board) and solves again. */
    for (int round = 0; round < 4; round++) { /* TUNABLE: rarely needs more than one */
        n_kept = 0;
        for (int v = 0; v < n_views; v++) {
            if (rep->rejected[v])
                continue;
            memcpy(kept_xy + 2 * per * n_kept, corners_xy + 2 * per * v, sizeof(double) * 2 * per);
            map[n_kept++] = v;
        }
        s = rc_cv_calibrate(kept_xy, n_kept, b->cols, b->rows, b->square_mm, width, height,
                            o->fix_aspect, K, D, &rms, errs, err);
        if (s != RC_OK)
            goto cleanup;
        for (int k = 0; k < n_kept; k++)
            rep->view_err_px[map[k]] = errs[k];
        if (round == 0)
            rep->rms_all_px = rms;
        if (o->reject_factor <= 0 || n_kept <= min_views)
            break;
        memcpy(sorted, errs, sizeof(double) * (size_t)n_kept);
        qsort(sorted, (size_t)n_kept, sizeof(double), cmp_double);
        double median =
            n_kept % 2 ? sorted[n_kept / 2] : 0.5 * (sorted[n_kept / 2 - 1] + sorted[n_kept / 2]);
        double limit = fmax(o->reject_factor * median, o->reject_min_px);
        int dropped = 0;
        /* Worst first, never below min_views. */
        for (int k = n_kept - 1; k >= 0 && n_kept - dropped > min_views; k--) {
            if (sorted[k] <= limit)
                break;
            for (int j = 0; j < n_kept; j++)
                if (errs[j] == sorted[k] && !rep->rejected[map[j]]) {
                    rep->rejected[map[j]] = true;
                    dropped++;
                    break;
                }
        }
        if (!dropped)
            break;
    }
    if (!(K[0] > 0 && K[4] > 0 && K[0] < 100.0 * width && K[4] < 100.0 * width && isfinite(rms))) {
        s = rc_err_set(err, RC_E_ARG,
                       "calibration did not converge (fx %.3g px): use more views, tilted "
                       "in different directions",
                       K[0]);
        goto cleanup;
    }
    rep->n_kept = n_kept;
    rep->rms_px = rms;
    coverage(corners_xy, n_views, (int)per, rep->rejected, width, height, rep);

    memcpy(c->camera_matrix, K, sizeof K);
    memcpy(c->dist, D, sizeof D);
    c->rms_px = rms;
    c->n_views = n_kept;
    c->image_width = width;
    c->image_height = height;
    c->parts |= RC_CALIB_LENS;
cleanup:
    free(kept_xy);
    free(errs);
    free(sorted);
    free(map);
    return s;
}

/* The current vertical as a unit direction in undistorted pixels at (ux, uy). */
static void down_in_px(const rc_calib *c, double ux, double uy, double out[2])
{
    out[0] = 0.0;
    out[1] = 1.0;
    if (c->vertical_source == RC_VERTICAL_IMAGE)
        return;
    if (!(c->parts & RC_CALIB_PLANE)) {
        rc_calib_down(c, &out[0], &out[1]);
        return;
    }
    double inv[9], X, Y, x1, y1;
    if (!rc__homography_apply(c->plane_h, ux, uy, &X, &Y) || !rc__mat3_inverse(c->plane_h, inv))
        return;
    double step = 10.0 * (c->mm_per_px > 0 ? c->mm_per_px : 1.0);
    if (!rc__homography_apply(inv, X + step * c->down[0], Y + step * c->down[1], &x1, &y1))
        return;
    double n = hypot(x1 - ux, y1 - uy);
    if (n > 0 && isfinite(n)) {
        out[0] = (x1 - ux) / n;
        out[1] = (y1 - uy) / n;
    }
}

rc_status rc_calib_set_plane(rc_calib *c, const double *corners_xy, const rc_board *b, rc_err *err)
{
    rc_status s = check_board(b, err);
    if (s != RC_OK)
        return s;
    int n = b->cols * b->rows;
    double u[2 * RC_CALIB_MAX_CORNERS], mm[2 * RC_CALIB_MAX_CORNERS];
    double ucx = 0, ucy = 0;
    for (int i = 0; i < n; i++) {
        rc_calib_undistort_px(c, corners_xy[2 * i], corners_xy[2 * i + 1], &u[2 * i],
                              &u[2 * i + 1]);
        ucx += u[2 * i] / n;
        ucy += u[2 * i + 1] / n;
        /* Board millimetres with the origin at the board centre. */
        mm[2 * i] = (i % b->cols - 0.5 * (b->cols - 1)) * b->square_mm;
        mm[2 * i + 1] = (i / b->cols - 0.5 * (b->rows - 1)) * b->square_mm;
    }
    double H0[9];
    s = rc_cv_find_homography(u, mm, n, H0, err);
    if (s != RC_OK)
        return s;

    /* Orient the plane frame like the screen: of the 8 signed axis permutations of the
     * board frame, take the one whose x best follows the image's x and whose y best
     * follows the image's y (OpenCV may report the corners from either end). */
    rc_calib probe = *c;
    probe.parts |= RC_CALIB_PLANE;
    memcpy(probe.plane_h, H0, sizeof H0);
    double ex[2], ey[2];
    if (!rc__plane_direction(&probe, ucx, ucy, 10.0, 0.0, ex) ||
        !rc__plane_direction(&probe, ucx, ucy, 0.0, 10.0, ey))
        return rc_err_set(err, RC_E_ARG, "plane: the board's homography is degenerate");
    static const double perms[8][4] = {{1, 0, 0, 1},  {0, -1, 1, 0}, {-1, 0, 0, -1},
                                       {0, 1, -1, 0}, {1, 0, 0, -1}, {-1, 0, 0, 1},
                                       {0, 1, 1, 0},  {0, -1, -1, 0}};
    int best = 0;
    double best_score = -1e9;
    for (int p = 0; p < 8; p++) {
        const double *A = perms[p];
        double score = (A[0] * ex[0] + A[1] * ex[1]) + (A[2] * ey[0] + A[3] * ey[1]);
        if (score > best_score) {
            best_score = score;
            best = p;
        }
    }
    const double *A = perms[best];
    double H[9];
    for (int j = 0; j < 3; j++) {
        H[j] = A[0] * H0[j] + A[1] * H0[3 + j];
        H[3 + j] = A[2] * H0[j] + A[3] * H0[3 + j];
        H[6 + j] = H0[6 + j];
    }
    /* Normalise so H[8] = 1 (as OpenCV does), when possible. */
    if (fabs(H[8]) > 1e-12)
        for (int j = 8; j >= 0; j--)
            H[j] /= H[8];

    double down_px[2];
    down_in_px(c, ucx, ucy, down_px);

    double tilt = -1.0; /* unknown without the lens */
    if (c->parts & RC_CALIB_LENS) {
        s = rc_cv_board_tilt(c->camera_matrix, c->dist, corners_xy, b->cols, b->rows, b->square_mm,
                             &tilt, err);
        if (s != RC_OK)
            return s;
    }
    memcpy(c->plane_h, H, sizeof H);
    c->parts |= RC_CALIB_PLANE;
    c->plane_tilt_deg = tilt;

    /* Scale: plane mm per undistorted pixel at the board centre (root of the area
     * ratio of the homography's local Jacobian). */
    double X0, Y0, X1, Y1, X2, Y2;
    if (rc__homography_apply(H, ucx, ucy, &X0, &Y0) &&
        rc__homography_apply(H, ucx + 1.0, ucy, &X1, &Y1) &&
        rc__homography_apply(H, ucx, ucy + 1.0, &X2, &Y2)) {
        double det = (X1 - X0) * (Y2 - Y0) - (X2 - X0) * (Y1 - Y0);
        c->mm_per_px = sqrt(fabs(det));
        c->parts |= RC_CALIB_SCALE;
    }
    double d[2];
    if (rc__plane_direction(c, ucx, ucy, 10.0 * down_px[0], 10.0 * down_px[1], d)) {
        c->down[0] = d[0];
        c->down[1] = d[1];
    }
    return RC_OK;
}

rc_status rc_calib_set_vertical_board(rc_calib *c, const double *corners_xy, const rc_board *b,
                                      rc_err *err)
{
    rc_status s = check_board(b, err);
    if (s != RC_OK)
        return s;
    double sx = 0, sy = 0, img_dy = 0;
    for (int col = 0; col < b->cols; col++) {
        int top = col, bot = (b->rows - 1) * b->cols + col;
        double X0, Y0, X1, Y1;
        if (!rc_calib_map_point(c, corners_xy[2 * top], corners_xy[2 * top + 1], &X0, &Y0) ||
            !rc_calib_map_point(c, corners_xy[2 * bot], corners_xy[2 * bot + 1], &X1, &Y1))
            return rc_err_set(err, RC_E_ARG, "vertical: board corner maps to infinity");
        sx += X1 - X0;
        sy += Y1 - Y0;
        img_dy += corners_xy[2 * bot + 1] - corners_xy[2 * top + 1];
    }
    double n = hypot(sx, sy);
    if (!(n > 0) || !isfinite(n))
        return rc_err_set(err, RC_E_ARG, "vertical: the board's columns have no length");
    double sign = img_dy < 0 ? -1.0 : 1.0; /* point down the image */
    c->down[0] = sign * sx / n;
    c->down[1] = sign * sy / n;
    c->vertical_source = RC_VERTICAL_BOARD;
    c->parts |= RC_CALIB_VERTICAL;
    return RC_OK;
}

rc_status rc_calib_set_vertical_points(rc_calib *c, double x1, double y1, double x2, double y2,
                                       rc_err *err)
{
    double X1, Y1, X2, Y2;
    if (!rc_calib_map_point(c, x1, y1, &X1, &Y1) || !rc_calib_map_point(c, x2, y2, &X2, &Y2))
        return rc_err_set(err, RC_E_ARG, "vertical: a plumb-line point maps to infinity");
    double n = hypot(X2 - X1, Y2 - Y1);
    if (!(n > 0) || !isfinite(n))
        return rc_err_set(err, RC_E_ARG,
                          "vertical: the two plumb-line points (%g,%g) and (%g,%g) coincide", x1,
                          y1, x2, y2);
    c->down[0] = (X2 - X1) / n;
    c->down[1] = (Y2 - Y1) / n;
    c->vertical_source = RC_VERTICAL_PLUMB;
    c->parts |= RC_CALIB_VERTICAL;
    return RC_OK;
}
