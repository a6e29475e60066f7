/* camera.c - the synthetic camera: tilted movement plane, pinhole, radial distortion.
 *
 * Exactly the model documented in synth.h. The forward direction (plane -> pixel)
 * gives the truth; the inverse (pixel -> plane) drives the renderer, which maps
 * every pixel back to the plane so shapes are drawn as their true projections.
 */
#include <math.h>

#include "synth/synth_internal.h"

#define PI 3.14159265358979323846

static double radial_factor(const syn_cam *c, double r2)
{
    return 1 + c->k1 * r2 + c->k2 * r2 * r2;
}

void rc__synth_cam_init(syn_cam *c, const rc_synth_options *o)
{
    c->w = o->width;
    c->h = o->height;
    c->fx = c->fy = o->width;
    c->cx = (o->width - 1) / 2.0;
    c->cy = (o->height - 1) / 2.0;
    c->k1 = o->k1;
    c->k2 = o->k2;
    c->dist = RC_SYNTH_DISTANCE_MM;
    c->ct = cos(o->tilt_deg * PI / 180);
    c->st = sin(o->tilt_deg * PI / 180);
    /* d(r (1 + k1 r^2 + k2 r^4))/dr = 1 + 3 k1 r^2 + 5 k2 r^4: the first radius where
     * it reaches 0 is where the lens model folds over. Scanned finely enough for the
     * accepted k1, k2 range (|k| <= 1). */
    c->r_fold = INFINITY;
    for (double r = 0; r < 4; r += 1e-3) {
        double r2 = r * r;
        if (1 + 3 * c->k1 * r2 + 5 * c->k2 * r2 * r2 <= 0) {
            c->r_fold = r;
            break;
        }
    }
}

int rc__synth_cam_project(const syn_cam *c, double X, double Y, double *xd, double *yd, double *xu,
                          double *yu)
{
    double zc = c->dist + X * c->st;
    if (zc <= 1e-6 * c->dist)
        return 0;
    double x = X * c->ct / zc, y = Y / zc, r2 = x * x + y * y;
    double f = radial_factor(c, r2);
    if (xu)
        *xu = c->cx + c->fx * x;
    if (yu)
        *yu = c->cy + c->fy * y;
    if (xd)
        *xd = c->cx + c->fx * x * f;
    if (yd)
        *yd = c->cy + c->fy * y * f;
    return r2 < c->r_fold * c->r_fold;
}

int rc__synth_cam_unproject(const syn_cam *c, double u, double v, double *X, double *Y)
{
    double xd = (u - c->cx) / c->fx, yd = (v - c->cy) / c->fy;
    double x = xd, y = yd;
    if (c->k1 != 0 || c->k2 != 0) {
        /* Newton on the radius: solve r (1 + k1 r^2 + k2 r^4) = rd. Converges in a few
         * steps from r = rd on the monotonic branch (checked at create). */
        double rd = sqrt(xd * xd + yd * yd), r = rd;
        if (rd > 0) {
            for (int i = 0; i < 20; i++) {
                double r2 = r * r;
                double f = r * (1 + c->k1 * r2 + c->k2 * r2 * r2) - rd;
                double df = 1 + 3 * c->k1 * r2 + 5 * c->k2 * r2 * r2;
                if (df <= 0)
                    return 0;
                double step = f / df;
                r -= step;
                if (fabs(step) < 1e-15)
                    break;
            }
            if (!(r >= 0) || r >= c->r_fold)
                return 0;
            x = xd * r / rd;
            y = yd * r / rd;
        }
    }
    /* Ray (x, y, 1) meets the plane point (X ct, Y, D + X st). */
    double den = c->ct - x * c->st;
    if (den < 1e-3)
        return 0;
    *X = x * c->dist / den;
    *Y = y * (c->dist + *X * c->st);
    return 1;
}
