/* calib.c - the per-frame half of calibration: lens undistortion of single points,
 * the plane homography and the vertical, in plain C with no allocation.
 *
 * Why not cv::undistortPoints on the hot path: it allocates (cv::Mat) on every
 * call, runs through the C++ boundary, and does a fixed 5 fixed-point iterations
 * that stop short of convergence on strong wide-angle distortion. Newton's method
 * on OpenCV's own 5-coefficient model converges in 3-5 steps to machine precision,
 * costs well under a microsecond per marker and needs nothing but the stack.
 * tests/unit/test_calib.c checks it against cv::undistortPoints run to convergence.
 */
#include <math.h>
#include <string.h>

#include "calib_internal.h"

void rc_calib_init(rc_calib *c, int width, int height)
{
    memset(c, 0, sizeof *c);
    c->image_width = width;
    c->image_height = height;
    c->camera_matrix[0] = c->camera_matrix[4] = c->camera_matrix[8] = 1.0;
    c->plane_h[0] = c->plane_h[4] = c->plane_h[8] = 1.0;
    c->down[0] = 0.0;
    c->down[1] = 1.0;
    c->vertical_source = RC_VERTICAL_IMAGE;
}

/* OpenCV's distortion of normalised coordinates (x, y) -> (xd, yd), with the Jacobian
 * d(xd, yd)/d(x, y) in J (row-major) when J is not NULL. */
static void distort_norm(const double *d, double x, double y, double *xd, double *yd, double *J)
{
    double k1 = d[0], k2 = d[1], p1 = d[2], p2 = d[3], k3 = d[4];
    double r2 = x * x + y * y;
    double radial = 1.0 + r2 * (k1 + r2 * (k2 + r2 * k3));
    *xd = x * radial + 2.0 * p1 * x * y + p2 * (r2 + 2.0 * x * x);
    *yd = y * radial + p1 * (r2 + 2.0 * y * y) + 2.0 * p2 * x * y;
    if (J) {
        double g = k1 + r2 * (2.0 * k2 + 3.0 * k3 * r2); /* d radial / d r2 */
        J[0] = radial + 2.0 * g * x * x + 2.0 * p1 * y + 6.0 * p2 * x;
        J[1] = 2.0 * g * x * y + 2.0 * p1 * x + 2.0 * p2 * y;
        J[2] = J[1];
        J[3] = radial + 2.0 * g * y * y + 6.0 * p1 * y + 2.0 * p2 * x;
    }
}

void rc_calib_undistort_px(const rc_calib *c, double x_px, double y_px, double *ux_px,
                           double *uy_px)
{
    if (!c || !(c->parts & RC_CALIB_LENS)) {
        *ux_px = x_px;
        *uy_px = y_px;
        return;
    }
    const double *K = c->camera_matrix, *d = c->dist;
    double fx = K[0], skew = K[1], cx = K[2], fy = K[4], cy = K[5];
    double yd = (y_px - cy) / fy;
    double xd = (x_px - cx - skew * yd) / fx;
    /* Newton on f(x, y) = distort(x, y) - (xd, yd), started at the distorted point. */
    double x = xd, y = yd;
    for (int it = 0; it < 20; it++) { /* TUNABLE: converges in <= 6 for |k1| <= 0.5 */
        double fxv, fyv, J[4];
        distort_norm(d, x, y, &fxv, &fyv, J);
        fxv -= xd;
        fyv -= yd;
        double det = J[0] * J[3] - J[1] * J[2];
        if (!(fabs(det) > 1e-12))
            break; /* fold of the distortion model: keep the best estimate */
        double dx = (J[3] * fxv - J[1] * fyv) / det;
        double dy = (J[0] * fyv - J[2] * fxv) / det;
        x -= dx;
        y -= dy;
        if (fabs(dx) + fabs(dy) < 1e-14)
            break;
    }
    *uy_px = fy * y + cy;
    *ux_px = fx * x + skew * y + cx;
}

void rc_calib_distort_px(const rc_calib *c, double ux_px, double uy_px, double *x_px, double *y_px)
{
    if (!c || !(c->parts & RC_CALIB_LENS)) {
        *x_px = ux_px;
        *y_px = uy_px;
        return;
    }
    const double *K = c->camera_matrix;
    double fx = K[0], skew = K[1], cx = K[2], fy = K[4], cy = K[5];
    double y = (uy_px - cy) / fy;
    double x = (ux_px - cx - skew * y) / fx;
    double xd, yd;
    distort_norm(c->dist, x, y, &xd, &yd, NULL);
    *x_px = fx * xd + skew * yd + cx;
    *y_px = fy * yd + cy;
}

bool rc__homography_apply(const double *H, double x, double y, double *X, double *Y)
{
    double w = H[6] * x + H[7] * y + H[8];
    if (!(fabs(w) > 1e-12)) {
        *X = *Y = NAN;
        return false;
    }
    *X = (H[0] * x + H[1] * y + H[2]) / w;
    *Y = (H[3] * x + H[4] * y + H[5]) / w;
    return isfinite(*X) && isfinite(*Y);
}

bool rc__mat3_inverse(const double *m, double *inv)
{
    double a = m[4] * m[8] - m[5] * m[7];
    double b = m[5] * m[6] - m[3] * m[8];
    double cc = m[3] * m[7] - m[4] * m[6];
    double det = m[0] * a + m[1] * b + m[2] * cc;
    if (!(fabs(det) > 1e-300))
        return false;
    double s = 1.0 / det;
    inv[0] = a * s;
    inv[1] = (m[2] * m[7] - m[1] * m[8]) * s;
    inv[2] = (m[1] * m[5] - m[2] * m[4]) * s;
    inv[3] = b * s;
    inv[4] = (m[0] * m[8] - m[2] * m[6]) * s;
    inv[5] = (m[2] * m[3] - m[0] * m[5]) * s;
    inv[6] = cc * s;
    inv[7] = (m[1] * m[6] - m[0] * m[7]) * s;
    inv[8] = (m[0] * m[4] - m[1] * m[3]) * s;
    return true;
}

bool rc_calib_map_point(const rc_calib *c, double x_px, double y_px, double *X, double *Y)
{
    double ux, uy;
    rc_calib_undistort_px(c, x_px, y_px, &ux, &uy);
    if (c && (c->parts & RC_CALIB_PLANE))
        return rc__homography_apply(c->plane_h, ux, uy, X, Y);
    *X = ux;
    *Y = uy;
    return isfinite(ux) && isfinite(uy);
}

bool rc_calib_unmap_point(const rc_calib *c, double X, double Y, double *x_px, double *y_px)
{
    double ux = X, uy = Y;
    if (c && (c->parts & RC_CALIB_PLANE)) {
        double inv[9];
        if (!rc__mat3_inverse(c->plane_h, inv) || !rc__homography_apply(inv, X, Y, &ux, &uy)) {
            *x_px = *y_px = NAN;
            return false;
        }
    }
    rc_calib_distort_px(c, ux, uy, x_px, y_px);
    return isfinite(*x_px) && isfinite(*y_px);
}

void rc_calib_down(const rc_calib *c, double *dx, double *dy)
{
    double x = c ? c->down[0] : 0.0, y = c ? c->down[1] : 1.0;
    double n = hypot(x, y);
    if (!(n > 0) || !isfinite(n)) {
        *dx = 0.0;
        *dy = 1.0;
        return;
    }
    *dx = x / n;
    *dy = y / n;
}

const char *rc_calib_unit(const rc_calib *c)
{
    return c && (c->parts & RC_CALIB_PLANE) ? "mm" : "px";
}

/* Direction (unit) in the output frame of a short image step from undistorted pixel
 * (ux, uy) along (dx, dy) pixels. false if it cannot be mapped. */
bool rc__plane_direction(const rc_calib *c, double ux, double uy, double dx, double dy,
                         double out[2])
{
    double X0 = ux, Y0 = uy, X1 = ux + dx, Y1 = uy + dy;
    if (c->parts & RC_CALIB_PLANE) {
        if (!rc__homography_apply(c->plane_h, ux, uy, &X0, &Y0) ||
            !rc__homography_apply(c->plane_h, ux + dx, uy + dy, &X1, &Y1))
            return false;
    }
    double vx = X1 - X0, vy = Y1 - Y0, n = hypot(vx, vy);
    if (!(n > 0) || !isfinite(n))
        return false;
    out[0] = vx / n;
    out[1] = vy / n;
    return true;
}
