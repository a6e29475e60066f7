/* raster.c - the synthetic renderer's pixels: background, body, stickers, output.
 *
 * Every pixel is mapped back to the movement plane once, at create (s->map), so
 * shapes are tested in plane millimetres and come out as their exact projection
 * under tilt and lens distortion. Edges are anti-aliased analytically: a shape's
 * signed distance in the plane is turned into pixels with the local Jacobian of
 * the map, and the coverage is the exact area of the pixel square on the inside of
 * the tangent edge (so a disk's coverage-weighted centroid lands within ~0.003 px
 * of the centroid of the projected disk). Compositing happens in float YCbCr (affine in sRGB, so
 * blending there equals blending sRGB); chroma is averaged 2x2 at output.
 */
#include <math.h>
#include <string.h>

#include "synth/synth_internal.h"

#define PI 3.14159265358979323846

static uint64_t mix64(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double lattice(uint64_t seed, int64_t ix, int64_t iy)
{
    uint64_t h = mix64(
        seed ^ mix64((uint64_t)ix * 0x9E3779B97F4A7C15ULL ^ (uint64_t)iy * 0xC2B2AE3D27D4EB4FULL));
    return (double)(h >> 11) * 0x1p-53;
}

/* Value noise on 0..1: smoothly interpolated random lattice values. */
static double vnoise(uint64_t seed, double x, double y)
{
    double fx = floor(x), fy = floor(y);
    int64_t ix = (int64_t)fx, iy = (int64_t)fy;
    double tx = x - fx, ty = y - fy;
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    double a = lattice(seed, ix, iy), b = lattice(seed, ix + 1, iy);
    double c = lattice(seed, ix, iy + 1), d = lattice(seed, ix + 1, iy + 1);
    return (a + (b - a) * tx) + ((c + (d - c) * tx) - (a + (b - a) * tx)) * ty;
}

static float *map_at(const rc_synth *s, int u, int v)
{
    return s->map + 2 * ((size_t)(v + 1) * (size_t)s->mw + (size_t)(u + 1));
}

void rc__synth_build_map(rc_synth *s)
{
    for (int v = -1; v <= s->h2; v++) {
        for (int u = -1; u <= s->w2; u++) {
            double X, Y;
            float *m = map_at(s, u, v);
            if (rc__synth_cam_unproject(&s->cam, u, v, &X, &Y)) {
                m[0] = (float)X;
                m[1] = (float)Y;
            } else {
                m[0] = m[1] = NAN;
            }
        }
    }
    float mx = 0;
    for (int v = 0; v < s->h2; v++) {
        for (int u = 0; u < s->w2; u++) {
            const float *l = map_at(s, u - 1, v), *r = map_at(s, u + 1, v);
            const float *t = map_at(s, u, v - 1), *b = map_at(s, u, v + 1);
            float j = 0.25f * ((r[0] - l[0]) * (r[0] - l[0]) + (r[1] - l[1]) * (r[1] - l[1]) +
                               (b[0] - t[0]) * (b[0] - t[0]) + (b[1] - t[1]) * (b[1] - t[1]));
            if (j == j && j > mx)
                mx = j;
        }
    }
    s->max_jac = sqrtf(mx);
}

/* Gradient in pixels of a plane function whose plane gradient is the unit vector
 * (nx, ny), at pixel (u, v): J^T n with J = d(X,Y)/d(u,v) by central differences.
 * Returns its length; (*gx, *gy) get the vector. */
static float grad_vec(const rc_synth *s, int u, int v, float nx, float ny, float *gx, float *gy)
{
    const float *l = map_at(s, u - 1, v), *r = map_at(s, u + 1, v);
    const float *t = map_at(s, u, v - 1), *b = map_at(s, u, v + 1);
    *gx = 0.5f * (nx * (r[0] - l[0]) + ny * (r[1] - l[1]));
    *gy = 0.5f * (nx * (b[0] - t[0]) + ny * (b[1] - t[1]));
    return sqrtf(*gx * *gx + *gy * *gy);
}

static float grad_px(const rc_synth *s, int u, int v, float nx, float ny)
{
    float gx, gy;
    return grad_vec(s, u, v, nx, ny, &gx, &gy);
}

/* Exact area of the unit pixel on the inside of a straight edge: phi_mm is the
 * signed distance of the pixel centre (positive outside) and (gx, gy) the edge
 * normal scaled to mm per px. The covered fraction is the distribution function of
 * the sum of two uniform variables (widths |nx|, |ny| of the unit normal): linear
 * in the middle, quadratic near the corners. */
static float coverage_edge(float phi_mm, float gx, float gy)
{
    float g = sqrtf(gx * gx + gy * gy);
    if (!(g > 0))
        return 0;
    float t = -phi_mm / g, a = fabsf(gx) / g, b = fabsf(gy) / g;
    if (a < b) {
        float tmp = a;
        a = b;
        b = tmp;
    }
    float w1 = 0.5f * (a - b), w2 = 0.5f * (a + b);
    if (t <= -w2)
        return 0;
    if (t >= w2)
        return 1;
    if (t < -w1)
        return (t + w2) * (t + w2) / (2 * a * b);
    if (t > w1)
        return 1 - (w2 - t) * (w2 - t) / (2 * a * b);
    return 0.5f + t / a;
}

/* Coverage of the inside of a shape with signed distance phi_mm at pixel (u, v),
 * whose plane gradient is the unit vector (nx, ny). */
static float coverage_at(const rc_synth *s, int u, int v, float phi_mm, float nx, float ny)
{
    float gx, gy;
    grad_vec(s, u, v, nx, ny, &gx, &gy);
    return coverage_edge(phi_mm, gx, gy);
}

static void ycc(const uint8_t rgb[3], float out[3])
{
    rc_rgb_to_ycbcr(rgb, &out[0], &out[1], &out[2]);
}

/* Board panel and squares (chessboard scene): returns the grey level weight of
 * "white" (1) vs "black" (0) mixed with the wall by *panel_cov. */
static float board_white(const rc_synth *s, int u, int v, float X, float Y, float *panel_cov)
{
    const float sq = (float)RC_SYNTH_BOARD_SQUARE_MM;
    const float bx = 5 * sq, by = 3.5f * sq, px = bx + 50, py = by + 50;
    /* Rectangle coverage from the dominant axis of a box distance. */
    float ex = fabsf(X) - px, ey = fabsf(Y) - py;
    *panel_cov = ex > ey ? coverage_at(s, u, v, ex, X < 0 ? -1.f : 1.f, 0)
                         : coverage_at(s, u, v, ey, 0, Y < 0 ? -1.f : 1.f);
    if (*panel_cov <= 0)
        return 1;
    ex = fabsf(X) - bx;
    ey = fabsf(Y) - by;
    float in = ex > ey ? coverage_at(s, u, v, ex, X < 0 ? -1.f : 1.f, 0)
                       : coverage_at(s, u, v, ey, 0, Y < 0 ? -1.f : 1.f);
    if (in <= 0)
        return 1;
    /* The checker is a product of two square waves, so box-filtering each across its
     * nearest line (a ramp 2 px * distance) gives the filtered product. */
    float cu = X / sq + 5, cv = Y / sq + 3.5f;
    float fu = floorf(cu), fv = floorf(cv);
    float du = fminf(cu - fu, 1 - (cu - fu)) * sq, dv = fminf(cv - fv, 1 - (cv - fv)) * sq;
    /* The board's outer edges are not checker lines: no ramp towards them. */
    int outer_u = cu < 0.5f || cu > 9.5f, outer_v = cv < 0.5f || cv > 6.5f;
    fu = fminf(fmaxf(fu, 0), 9);
    fv = fminf(fmaxf(fv, 0), 6);
    float wx = outer_u ? 1 : fminf(1, 2 * du / grad_px(s, u, v, 1, 0));
    float wy = outer_v ? 1 : fminf(1, 2 * dv / grad_px(s, u, v, 0, 1));
    float sx = ((int)fu & 1) ? -wx : wx, sy = ((int)fv & 1) ? -wy : wy;
    float black = 0.5f + 0.5f * sx * sy; /* 1 on squares with even column + row */
    return in * (1 - black) + (1 - in);
}

void rc__synth_build_background(rc_synth *s)
{
    /* A low-saturation fabric: two greys tinted by slow noise, blotches and a fine
     * weave, with no hue near the sticker palette. */
    static const uint8_t warm[3] = {150, 146, 138}, cool[3] = {132, 138, 148};
    static const uint8_t paper[3] = {236, 236, 232}, ink[3] = {28, 28, 30};
    float cw[3], cc[3], cp[3], ci[3];
    ycc(warm, cw);
    ycc(cool, cc);
    ycc(paper, cp);
    ycc(ink, ci);
    uint64_t s1 = mix64(s->o.seed * 3 + 1), s2 = mix64(s->o.seed * 3 + 2),
             s3 = mix64(s->o.seed * 3 + 3);
    float amb = (float)s->sc->ambient;
    for (int v = 0; v < s->h2; v++) {
        for (int u = 0; u < s->w2; u++) {
            size_t i = (size_t)v * s->w2 + u;
            const float *m = map_at(s, u, v);
            float X = m[0], Y = m[1];
            if (X != X) { /* beyond the plane's horizon: plain dark wall */
                s->bg[0][i] = 60 * amb;
                s->bg[1][i] = s->bg[2][i] = 128;
                continue;
            }
            double t = vnoise(s3, X / 260.0, Y / 260.0);
            double lum = 0.80 + 0.16 * (vnoise(s1, X / 90.0, Y / 90.0) - 0.5) +
                         0.08 * (vnoise(s2, X / 23.0, Y / 23.0) - 0.5) +
                         0.025 * (sin(2 * PI * X / 7.0) + sin(2 * PI * Y / 7.0));
            float c[3];
            for (int k = 0; k < 3; k++)
                c[k] = (float)(cw[k] + (cc[k] - cw[k]) * t);
            /* Brightness scales Y and the chroma offsets alike (linear in sRGB). */
            c[0] = (float)(c[0] * lum * amb);
            c[1] = (float)(128 + (c[1] - 128) * lum * amb);
            c[2] = (float)(128 + (c[2] - 128) * lum * amb);
            if (s->sc->is_board) {
                float pc, wt = board_white(s, u, v, X, Y, &pc);
                for (int k = 0; k < 3; k++) {
                    float b = ci[k] + (cp[k] - ci[k]) * wt;
                    if (k > 0)
                        b = 128 + (b - 128) * amb;
                    else
                        b *= amb;
                    c[k] += pc * (b - c[k]);
                }
            }
            for (int k = 0; k < 3; k++)
                s->bg[k][i] = c[k];
        }
    }
}

void rc__synth_init_noise(rc_synth *s)
{
    /* Quantiles of the standard normal at (i + 0.5) / 4096: indexing this table with
     * 12 uniform random bits draws Gaussian samples (tails cut at 3.5 sigma). */
    for (int i = 0; i < 4096; i++) {
        double p = (i + 0.5) / 4096, lo = -10, hi = 10;
        for (int k = 0; k < 60; k++) {
            double mid = 0.5 * (lo + hi);
            if (0.5 * erfc(-mid / sqrt(2.0)) < p)
                lo = mid;
            else
                hi = mid;
        }
        s->gauss[i] = (float)(0.5 * (lo + hi));
    }
}

/* Pixel bounding box of the plane rectangle [x0,x1] x [y0,y1] (boundary sampled: lines
 * bend under distortion). Returns 0 when nothing is on screen. */
static int bbox(const rc_synth *s, double x0, double y0, double x1, double y1, int *u0, int *v0,
                int *u1, int *v1)
{
    double lo_u = INFINITY, lo_v = INFINITY, hi_u = -INFINITY, hi_v = -INFINITY;
    enum { N = 8 };
    for (int k = 0; k < 4 * N; k++) {
        double f = (double)(k % N) / N, X, Y;
        switch (k / N) {
        case 0: X = x0 + f * (x1 - x0), Y = y0; break;
        case 1: X = x1, Y = y0 + f * (y1 - y0); break;
        case 2: X = x1 - f * (x1 - x0), Y = y1; break;
        default: X = x0, Y = y1 - f * (y1 - y0); break;
        }
        double u, v;
        if (!rc__synth_cam_project(&s->cam, X, Y, &u, &v, NULL, NULL)) {
            lo_u = lo_v = -1e9; /* folded or behind: search the whole frame */
            hi_u = hi_v = 1e9;
            break;
        }
        lo_u = fmin(lo_u, u), hi_u = fmax(hi_u, u);
        lo_v = fmin(lo_v, v), hi_v = fmax(hi_v, v);
    }
    lo_u = fmax(lo_u - 3, 0), lo_v = fmax(lo_v - 3, 0);
    hi_u = fmin(hi_u + 3, s->w2 - 1), hi_v = fmin(hi_v + 3, s->h2 - 1);
    if (lo_u > hi_u || lo_v > hi_v)
        return 0;
    *u0 = (int)lo_u, *v0 = (int)lo_v, *u1 = (int)hi_u, *v1 = (int)hi_v;
    return 1;
}

static void blend_into(float *const dst[3], size_t i, float cov, float y, float cb, float cr)
{
    dst[0][i] += cov * (y - dst[0][i]);
    dst[1][i] += cov * (cb - dst[1][i]);
    dst[2][i] += cov * (cr - dst[2][i]);
}

static void blend(rc_synth *s, size_t i, float cov, float y, float cb, float cr)
{
    blend_into(s->work, i, cov, y, cb, cr);
}

/* One group of capsules, drawn as their union with cylinder shading (light from the
 * upper left). */
static void draw_group(rc_synth *s, const syn_capsule *const *cap, int n, const double *jx,
                       const double *jy, const float col[3])
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int k = 0; k < n; k++) {
        double r = cap[k]->radius_mm * s->scale;
        x0 = fmin(x0, fmin(jx[cap[k]->a], jx[cap[k]->b]) - r);
        x1 = fmax(x1, fmax(jx[cap[k]->a], jx[cap[k]->b]) + r);
        y0 = fmin(y0, fmin(jy[cap[k]->a], jy[cap[k]->b]) - r);
        y1 = fmax(y1, fmax(jy[cap[k]->a], jy[cap[k]->b]) + r);
    }
    int u0, v0, u1, v1;
    if (!bbox(s, x0, y0, x1, y1, &u0, &v0, &u1, &v1))
        return;
    const float amb = (float)s->sc->ambient, lx = -0.6f, ly = -0.8f;
    const float far = 0.5f * s->max_jac;
    for (int v = v0; v <= v1; v++) {
        for (int u = u0; u <= u1; u++) {
            const float *m = map_at(s, u, v);
            float X = m[0], Y = m[1];
            if (X != X)
                continue;
            float best = INFINITY, nx = 1, ny = 0, sn = 0;
            for (int k = 0; k < n; k++) {
                float ax = (float)jx[cap[k]->a], ay = (float)jy[cap[k]->a];
                float bx = (float)jx[cap[k]->b] - ax, by = (float)jy[cap[k]->b] - ay;
                float px = X - ax, py = Y - ay, l2 = bx * bx + by * by;
                float t = l2 > 0 ? (px * bx + py * by) / l2 : 0;
                t = t < 0 ? 0 : t > 1 ? 1 : t;
                float dx = px - t * bx, dy = py - t * by, d = sqrtf(dx * dx + dy * dy);
                float r = (float)(cap[k]->radius_mm * s->scale), phi = d - r;
                if (phi < best) {
                    best = phi;
                    sn = d / r;
                    if (d > 0)
                        nx = dx / d, ny = dy / d;
                }
            }
            if (best >= far)
                continue;
            float cov = best < -far ? 1 : coverage_at(s, u, v, best, nx, ny);
            if (cov <= 0)
                continue;
            sn = sn > 1 ? 1 : sn;
            float shade = 0.72f + 0.26f * sqrtf(1 - sn * sn) + 0.07f * sn * (nx * lx + ny * ly);
            shade *= amb;
            blend(s, (size_t)v * s->w2 + u, cov, shade * col[0], 128 + shade * (col[1] - 128),
                  128 + shade * (col[2] - 128));
        }
    }
}

static void draw_disk_into(rc_synth *s, float *const dst[3], double cx, double cy, double r,
                           const float col[3])
{
    int u0, v0, u1, v1;
    if (!bbox(s, cx - r, cy - r, cx + r, cy + r, &u0, &v0, &u1, &v1))
        return;
    const float far = 0.5f * s->max_jac;
    for (int v = v0; v <= v1; v++) {
        for (int u = u0; u <= u1; u++) {
            const float *m = map_at(s, u, v);
            if (m[0] != m[0])
                continue;
            /* Differences in double: the centre is far from the origin compared
             * with the sub-pixel detail the centroid tests look at. */
            double dx = m[0] - cx, dy = m[1] - cy, d = sqrt(dx * dx + dy * dy);
            float phi = (float)(d - r);
            if (phi >= far)
                continue;
            float cov = phi < -far ? 1
                        : d > 0    ? coverage_at(s, u, v, phi, (float)(dx / d), (float)(dy / d))
                                   : 1;
            if (cov > 0)
                blend_into(dst, (size_t)v * s->w2 + u, cov, col[0], col[1], col[2]);
        }
    }
}

static void draw_disk(rc_synth *s, double cx, double cy, double r, const float col[3])
{
    draw_disk_into(s, s->work, cx, cy, r, col);
}

void rc__synth_paint_clutter(rc_synth *s)
{
    /* Stickers of the scene's own colours stuck to the wall, in the left and right
     * sixths of the frame (clear of the limb, whose truth they must not touch),
     * at least four radii apart. */
    const syn_scene *sc = s->sc;
    uint64_t h = mix64(s->o.seed * 7 + 5);
    double placed[64][2];
    int n = 0;
    for (int tries = 0; n < s->o.clutter && tries < 1000; tries++) {
        h = mix64(h);
        double fu = (double)(h & 0xFFFF) / 65536.0, fv = (double)((h >> 16) & 0xFFFF) / 65536.0;
        double uf = fu < 0.5 ? 0.02 + fu * 0.28 : 0.84 + (fu - 0.5) * 0.28; /* of width */
        int u = (int)(uf * s->o.width), v = (int)((0.06 + 0.88 * fv) * s->o.height);
        const float *m = map_at(s, u, v);
        if (m[0] != m[0])
            continue;
        int clear = 1;
        for (int k = 0; k < n; k++) {
            double dx = m[0] - placed[k][0], dy = m[1] - placed[k][1];
            clear &= dx * dx + dy * dy > 16.0 * s->marker_r_mm * s->marker_r_mm;
        }
        if (!clear)
            continue;
        placed[n][0] = m[0];
        placed[n][1] = m[1];
        draw_disk_into(s, s->bg, m[0], m[1], s->marker_r_mm, s->mcol[n % sc->n_markers]);
        n++;
    }
}

void rc__synth_paint_clutter_near(rc_synth *s, const double *px, const double *py, int n_path)
{
    /* Candidates on a ring 5..12 sticker radii from a random point of a random
     * marker's path, kept only when at least 5 radii from every point of every path
     * (the limb passes near them; the markers never touch them) and 4 radii apart. */
    const syn_scene *sc = s->sc;
    const double r = s->marker_r_mm;
    uint64_t h = mix64(s->o.seed * 11 + 7);
    double placed[16][2];
    int n = 0;
    for (int tries = 0; n < s->o.clutter_near && tries < 4000; tries++) {
        h = mix64(h);
        int m = (int)(h % (uint64_t)sc->n_markers), at = (int)((h >> 8) % (uint64_t)n_path);
        double ang = (double)((h >> 24) & 0xFFFF) / 65536.0 * 2 * PI;
        double dist = r * (5 + 7 * (double)((h >> 40) & 0xFFFF) / 65536.0);
        double X = px[m * n_path + at] + dist * cos(ang), Y = py[m * n_path + at] + dist * sin(ang);
        int clear = 1;
        for (int k = 0; clear && k < sc->n_markers * n_path; k++)
            clear = (X - px[k]) * (X - px[k]) + (Y - py[k]) * (Y - py[k]) >= 25 * r * r;
        for (int k = 0; clear && k < n; k++) {
            double dx = X - placed[k][0], dy = Y - placed[k][1];
            clear = dx * dx + dy * dy > 16 * r * r;
        }
        double u, v;
        if (!clear || !rc__synth_cam_project(&s->cam, X, Y, &u, &v, NULL, NULL) || u < 2 * r ||
            v < 2 * r || u > s->o.width - 2 * r || v > s->o.height - 2 * r)
            continue;
        placed[n][0] = X;
        placed[n][1] = Y;
        draw_disk_into(s, s->bg, X, Y, r, s->mcol[n % sc->n_markers]);
        n++;
    }
}

void rc__synth_pose_rect(const rc_synth *s, const double *jx, const double *jy, int *u0, int *v0,
                         int *u1, int *v1)
{
    const syn_scene *sc = s->sc;
    double rmax = 2.0 * s->marker_r_mm; /* the occluding strap */
    for (int k = 0; k < sc->n_capsules; k++)
        rmax = fmax(rmax, sc->capsule[k].radius_mm * s->scale);
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int j = 0; j < sc->n_joints; j++) {
        x0 = fmin(x0, jx[j]), x1 = fmax(x1, jx[j]);
        y0 = fmin(y0, jy[j]), y1 = fmax(y1, jy[j]);
    }
    int a, b, c, d;
    if (!bbox(s, x0 - rmax, y0 - rmax, x1 + rmax, y1 + rmax, &a, &b, &c, &d))
        return;
    *u0 = a < *u0 ? a : *u0;
    *v0 = b < *v0 ? b : *v0;
    *u1 = c > *u1 ? c : *u1;
    *v1 = d > *v1 ? d : *v1;
}

void rc__synth_draw_pose(rc_synth *s, const double *jx, const double *jy, int occluded)
{
    const syn_scene *sc = s->sc;
    int max_group = -1;
    for (int k = 0; k < sc->n_capsules; k++)
        max_group = sc->capsule[k].group > max_group ? sc->capsule[k].group : max_group;
    for (int g = 0; g <= max_group; g++) {
        const syn_capsule *cap[SYN_MAX_CAPSULES];
        int n = 0;
        for (int k = 0; k < sc->n_capsules; k++)
            if (sc->capsule[k].group == g)
                cap[n++] = &sc->capsule[k];
        if (n)
            draw_group(s, cap, n, jx, jy, g == 0 && s->has_cloth ? s->cloth : s->skin);
    }
    for (int k = 0; k < sc->n_markers; k++) {
        int j = sc->marker[k].joint;
        if (k == occluded) {
            /* A grey strap (or the clinician's sleeve) over the sticker. */
            static const uint8_t grey[3] = {108, 108, 112};
            float g[3];
            ycc(grey, g);
            g[0] *= (float)sc->ambient;
            draw_disk(s, jx[j], jy[j], 2.0 * s->marker_r_mm, g);
        } else {
            draw_disk(s, jx[j], jy[j], s->marker_r_mm, s->mcol[k]);
        }
    }
}

static uint8_t to_u8(float v)
{
    return v <= 0 ? 0 : v >= 255 ? 255 : (uint8_t)(v + 0.5f);
}

/* Sensor noise for one row: a counter-based hash of (seed, frame, plane, row, x/5),
 * 12 bits per sample, so no state is carried between frames or pixels. */
static float noise_at(const rc_synth *s, uint64_t rowkey, int x, uint64_t *h)
{
    int k = x % 5;
    if (k == 0)
        *h = mix64(rowkey + (uint64_t)(x / 5));
    return s->gauss[(*h >> (12 * k)) & 4095];
}

void rc__synth_output(rc_synth *s, const float *const src[3], float scale, double gain,
                      int64_t index, rc_image *out)
{
    const int w = s->o.width, h = s->o.height;
    const float sig = (float)s->o.noise_sigma, g = (float)gain, gs = g * scale;
    const uint64_t fkey = mix64(s->o.seed ^ mix64((uint64_t)index + 0x51ED2701ULL));
    for (int v = 0; v < h; v++) {
        const float *in = src[0] + (size_t)v * s->w2;
        uint8_t *o = rc_image_row(out, 0, v);
        if (sig > 0) {
            uint64_t rk = mix64(fkey ^ ((uint64_t)v << 2)), hh = 0;
            for (int u = 0; u < w; u++)
                o[u] = to_u8(in[u] * gs + sig * noise_at(s, rk, u, &hh));
        } else {
            for (int u = 0; u < w; u++)
                o[u] = to_u8(in[u] * gs);
        }
    }
    const int cw = (w + 1) / 2, ch = (h + 1) / 2;
    for (int p = 1; p <= 2; p++) {
        for (int v = 0; v < ch; v++) {
            const float *r0 = src[p] + (size_t)(2 * v) * s->w2;
            const float *r1 = 2 * v + 1 < h ? r0 + s->w2 : r0;
            uint8_t *o = rc_image_row(out, p, v);
            uint64_t rk = mix64(fkey ^ ((uint64_t)v << 2 | (uint64_t)p)), hh = 0;
            for (int u = 0; u < cw; u++) {
                int a = 2 * u, b = 2 * u + 1 < w ? 2 * u + 1 : 2 * u;
                float avg = 0.25f * (r0[a] + r0[b] + r1[a] + r1[b]) * scale;
                float val = 128 + g * (avg - 128);
                if (sig > 0)
                    val += sig * noise_at(s, rk, u, &hh);
                o[u] = to_u8(val);
            }
        }
    }
}

/* out = M in, M = C diag(a, b, c) C^-1 with C the JFIF RGB -> (Y, Cb', Cr') matrix. */
static void wb_matrix(double a, double b, double c, float m[3][3])
{
    static const double C[3][3] = {{0.299, 0.587, 0.114},
                                   {-0.168736, -0.331264, 0.5},
                                   {0.5, -0.418688, -0.081312}};
    static const double Ci[3][3] = {{1, 0, 1.402}, {1, -0.344136, -0.714136}, {1, 1.772, 0}};
    const double d[3] = {a, b, c};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double v = 0;
            for (int k = 0; k < 3; k++)
                v += C[i][k] * d[k] * Ci[k][j];
            m[i][j] = (float)v;
        }
}

void rc__synth_output_wb(rc_synth *s, const float *const src[3], float scale, double g, double kr,
                         double kb, int64_t index, rc_image *out)
{
    const int w = s->o.width, h = s->o.height;
    const float sig = (float)s->o.noise_sigma;
    float m[3][3];
    /* Gains on linear light act on gamma-encoded values as their 1/2.2 power. */
    wb_matrix(pow(g * kr, 1 / 2.2), pow(g, 1 / 2.2), pow(g * kb, 1 / 2.2), m);
    const uint64_t fkey = mix64(s->o.seed ^ mix64((uint64_t)index + 0x51ED2701ULL));
    for (int v = 0; v < h; v++) {
        const size_t r = (size_t)v * s->w2;
        uint8_t *o = rc_image_row(out, 0, v);
        uint64_t rk = mix64(fkey ^ ((uint64_t)v << 2)), hh = 0;
        for (int u = 0; u < w; u++) {
            float y = src[0][r + u] * scale, cb = src[1][r + u] * scale - 128,
                  cr = src[2][r + u] * scale - 128;
            float val = m[0][0] * y + m[0][1] * cb + m[0][2] * cr;
            o[u] = to_u8(sig > 0 ? val + sig * noise_at(s, rk, u, &hh) : val);
        }
    }
    const int cw = (w + 1) / 2, ch = (h + 1) / 2;
    for (int p = 1; p <= 2; p++) {
        for (int v = 0; v < ch; v++) {
            const size_t r0 = (size_t)(2 * v) * s->w2, r1 = 2 * v + 1 < h ? r0 + s->w2 : r0;
            uint8_t *o = rc_image_row(out, p, v);
            uint64_t rk = mix64(fkey ^ ((uint64_t)v << 2 | (uint64_t)p)), hh = 0;
            for (int u = 0; u < cw; u++) {
                size_t a = (size_t)2 * u, b = 2 * u + 1 < w ? a + 1 : a;
                float avg[3];
                for (int k = 0; k < 3; k++)
                    avg[k] = 0.25f * scale *
                             (src[k][r0 + a] + src[k][r0 + b] + src[k][r1 + a] + src[k][r1 + b]);
                float val = 128 + m[p][0] * avg[0] + m[p][1] * (avg[1] - 128) +
                            m[p][2] * (avg[2] - 128);
                if (sig > 0)
                    val += sig * noise_at(s, rk, u, &hh);
                o[u] = to_u8(val);
            }
        }
    }
}
