/* detect_refine.c - sub-pixel centroid of one blob on the full-resolution planes.
 *
 * The hard class mask is decided per 2x2 block, so its centroid is only good to a
 * block. Refinement treats every pixel near the blob as a linear mixture of marker
 * colour and local background, a*marker + (1-a)*background, which is exactly what
 * anti-aliasing (area averaging) and the 2x2 chroma averaging of I420 produce, and
 * takes the centroid weighted by the fractional membership a:
 *   1. window: a disc of radius r + margin around the current estimate (r from the
 *      area), plus a 3-pixel ring outside it;
 *   2. background: a least-squares plane a0 + ax*dx + ay*dy fitted, per channel, to
 *      the ring (so a lighting gradient or a textured wall does not pull the
 *      centroid), skipping ring pixels of the blob's own class (decided per block
 *      by the same rule as the labelling, so no class map needs to be kept);
 *   3. marker colour: the mean of the inner 60% of the disc;
 *   4. COLOR classes: a_block = projection of (chroma - background) on
 *      (marker - background) chroma, per chroma sample; where the block is an edge
 *      block (0 < a < 1) and luma contrast is usable, the block's membership is
 *      redistributed over its four pixels by their luma deviation from the block
 *      mean divided by the marker/background luma contrast (block sum preserved).
 *      BRIGHT classes: a = (Y - background) / (marker - background) per pixel;
 *   5. weights are not clamped to [0,1] (only to [-0.5,1.5] against outliers): noise
 *      on background pixels then averages to zero instead of biasing the centroid
 *      towards the window centre.
 * The estimate is iterated three times, recentring the window each time.
 */
#include "detect_internal.h"

#include <math.h>
#include <string.h>

#define RC_PI 3.14159265358979323846

/* TUNABLE: window margin beyond the estimated radius, full-res pixels. Chroma is
 * blurred over a 2x2 block, so colour classes need more than luma. */
#define MARGIN_COLOR     3.5
#define MARGIN_BRIGHT    2.5
#define TIGHT_BRIGHT     1.0
#define TIGHT_COLOR_LUMA 1.3
#define TIGHT_COLOR      2.5
#define RING_PX          3.0
/* TUNABLE: smallest luma contrast (8-bit) for the within-block luma redistribution. */
#define MIN_LUMA_CONTRAST 16.0
#define ITERATIONS        3

typedef struct plane_fit {
    double s1, sx, sy, sxx, syy, sxy;
    double f[3], fx[3], fy[3];
} plane_fit;

/* Solves the 3x3 normal equations of a plane fit for channel ch; coef = a0, ax, ay.
 * Falls back to the mean when the ring is degenerate. */
static void plane_solve(const plane_fit *p, int ch, double coef[3])
{
    double a[3][4] = {{p->s1, p->sx, p->sy, p->f[ch]},
                      {p->sx, p->sxx, p->sxy, p->fx[ch]},
                      {p->sy, p->sxy, p->syy, p->fy[ch]}};
    for (int c = 0; c < 3; c++) {
        int piv = c;
        for (int r = c + 1; r < 3; r++)
            if (fabs(a[r][c]) > fabs(a[piv][c]))
                piv = r;
        if (fabs(a[piv][c]) < 1e-9) {
            coef[0] = p->s1 > 0 ? p->f[ch] / p->s1 : 0;
            coef[1] = coef[2] = 0;
            return;
        }
        for (int k = 0; k < 4; k++) {
            double t = a[c][k];
            a[c][k] = a[piv][k];
            a[piv][k] = t;
        }
        for (int r = 0; r < 3; r++) {
            if (r == c)
                continue;
            double f = a[r][c] / a[c][c];
            for (int k = c; k < 4; k++)
                a[r][k] -= f * a[c][k];
        }
    }
    for (int c = 0; c < 3; c++)
        coef[c] = a[c][3] / a[c][c];
}

static inline float clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Code of block (i, j), through the blob's code cache (origin cbx0, cby0). */
static inline uint8_t block_code(const rc_detector *d, const rc_image *frame, int i, int j,
                                 int cbx0, int cby0)
{
    unsigned ci = (unsigned)(i - cbx0), cj = (unsigned)(j - cby0);
    if (ci >= CODE_CACHE_SIDE || cj >= CODE_CACHE_SIDE)
        return rc__detect_block_code(d, frame, i, j);
    uint8_t *c = &d->code_cache[cj * CODE_CACHE_SIDE + ci];
    if (*c == CODE_UNKNOWN)
        *c = rc__detect_block_code(d, frame, i, j);
    return *c;
}

/* The columns x in [x0, x1] with (x - cx)^2 + dy2 < r2 on one row: an interval,
 * [*lo, *hi], found from the chord widened by a pixel and trimmed with the exact
 * test, so each loop below runs over exactly its pixels with no test inside.
 * Returns 0 if the row misses the disc. */
static int disc_row(double cx, double dy2, double r2, int x0, int x1, int *lo, int *hi)
{
    double h2 = r2 - dy2;
    if (h2 <= 0)
        return 0;
    double hw = sqrt(h2);
    int a = (int)floor(cx - hw) - 1, b = (int)ceil(cx + hw) + 1;
    if (a < x0)
        a = x0;
    if (b > x1)
        b = x1;
    while (a <= b && (a - cx) * (a - cx) + dy2 >= r2)
        a++;
    while (b >= a && (b - cx) * (b - cx) + dy2 >= r2)
        b--;
    *lo = a;
    *hi = b;
    return a <= b;
}

/* Integer sums of one row's ring pixels (background) over [a, b], skipping
 * pixels whose block is of the blob's class. */
typedef struct ring_sums {
    int64_t n, sx, sxx, f[3], fx[3];
} ring_sums;

static void ring_row(const rc_detector *d, const rc_image *frame, int y, int a, int b, uint8_t code,
                     int cbx0, int cby0, ring_sums *rs)
{
    const uint8_t *yr = rc_image_row(frame, 0, y);
    const uint8_t *ur = rc_image_row(frame, 1, y >> 1);
    const uint8_t *vr = rc_image_row(frame, 2, y >> 1);
    for (int x = a; x <= b; x++) {
        if (block_code(d, frame, x >> 1, y >> 1, cbx0, cby0) == code)
            continue;
        int64_t f0 = yr[x], f1 = ur[x >> 1], f2 = vr[x >> 1];
        rs->n++;
        rs->sx += x;
        rs->sxx += (int64_t)x * x;
        rs->f[0] += f0;
        rs->f[1] += f1;
        rs->f[2] += f2;
        rs->fx[0] += f0 * x;
        rs->fx[1] += f1 * x;
        rs->fx[2] += f2 * x;
    }
}

int rc__detect_refine(const rc_detector *d, const rc_image *frame, const rc__cand *c, rc_blob *out)
{
    const rc__class_ref *ref = &d->ref[c->cls];
    const int bright = ref->kind == RC_CLASS_BRIGHT;
    const uint8_t code = (uint8_t)(c->cls + 1);
    double cx = 2.0 * c->sx / c->n + 0.5, cy = 2.0 * c->sy / c->n + 0.5;
    double r = 2.0 * sqrt(c->n / RC_PI);
    double area = 4.0 * c->n;
    float score = 0.0f;
    int ok = 0, use_luma_prev = 0;

    /* Block codes around the blob, worked out on first use and kept for all
     * iterations (the window only recentres a little): a square of blocks
     * centred on the hard centroid, CODE_UNKNOWN until needed. Blocks outside it
     * are classified directly. */
    const int cside = CODE_CACHE_SIDE;
    int cbx0 = (int)floor(cx) / 2 - cside / 2, cby0 = (int)floor(cy) / 2 - cside / 2;
    memset(d->code_cache, CODE_UNKNOWN, (size_t)cside * cside);

    for (int it = 0; it < ITERATIONS; it++) {
        /* The first pass uses the hard-mask radius and a generous margin; later
         * passes know the radius from the soft area and keep the window tight, so
         * little background texture enters the sum. */
        double margin = bright ? MARGIN_BRIGHT : MARGIN_COLOR;
        if (it > 0)
            margin = bright ? TIGHT_BRIGHT : use_luma_prev ? TIGHT_COLOR_LUMA : TIGHT_COLOR;
        double R = r + margin, R2 = R * R;
        double Ro = R + RING_PX, Ro2 = Ro * Ro, Ri = 0.6 * r < 1.0 ? 1.0 : 0.6 * r;
        int x0 = (int)floor(cx - Ro), x1 = (int)ceil(cx + Ro);
        int y0 = (int)floor(cy - Ro), y1 = (int)ceil(cy + Ro);
        if (x0 < 0)
            x0 = 0;
        if (y0 < 0)
            y0 = 0;
        if (x1 > d->w - 1)
            x1 = d->w - 1;
        if (y1 > d->h - 1)
            y1 = d->h - 1;

        /* Pass 1: background plane on the ring, marker mean on the core. Per row
         * the ring is the chord of Ro less the chord of R, the core the chord of
         * Ri; the pixels are summed as integers and folded into the (relative)
         * moments once per row: sum(dx) = sum(x) - n cx and so on. */
        plane_fit pf = {0};
        double mk[3] = {0, 0, 0}, nmk = 0;
        const double Ri2 = Ri * Ri;
        for (int y = y0; y <= y1; y++) {
            double dy = y - cy, dy2 = dy * dy;
            int oa, ob, ia, ib, ca, cb;
            if (!disc_row(cx, dy2, Ro2, x0, x1, &oa, &ob))
                continue;
            ring_sums rs = {0};
            if (disc_row(cx, dy2, R2, x0, x1, &ia, &ib)) {
                ring_row(d, frame, y, oa, ia - 1, code, cbx0, cby0, &rs);
                ring_row(d, frame, y, ib + 1, ob, code, cbx0, cby0, &rs);
            } else {
                ring_row(d, frame, y, oa, ob, code, cbx0, cby0, &rs);
            }
            if (rs.n) {
                double n = (double)rs.n, sx = (double)rs.sx - n * cx;
                pf.s1 += n;
                pf.sx += sx;
                pf.sy += n * dy;
                pf.sxx += (double)rs.sxx - 2.0 * cx * (double)rs.sx + n * cx * cx;
                pf.syy += n * dy2;
                pf.sxy += dy * sx;
                for (int ch = 0; ch < 3; ch++) {
                    double f = (double)rs.f[ch];
                    pf.f[ch] += f;
                    pf.fx[ch] += (double)rs.fx[ch] - cx * f;
                    pf.fy[ch] += dy * f;
                }
            }
            if (disc_row(cx, dy2, Ri2, x0, x1, &ca, &cb)) {
                const uint8_t *yr = rc_image_row(frame, 0, y);
                const uint8_t *ur = rc_image_row(frame, 1, y >> 1);
                const uint8_t *vr = rc_image_row(frame, 2, y >> 1);
                int64_t s0 = 0, s1 = 0, s2 = 0;
                for (int x = ca; x <= cb; x++) {
                    s0 += yr[x];
                    s1 += ur[x >> 1];
                    s2 += vr[x >> 1];
                }
                mk[0] += (double)s0;
                mk[1] += (double)s1;
                mk[2] += (double)s2;
                nmk += cb - ca + 1;
            }
        }
        if (pf.s1 < 8 || nmk < 1)
            break;
        double bg[3][3];
        for (int ch = 0; ch < 3; ch++) {
            plane_solve(&pf, ch, bg[ch]);
            mk[ch] /= nmk;
        }
        double dY = mk[0] - bg[0][0];
        double dcb = mk[1] - bg[1][0], dcr = mk[2] - bg[2][0];
        double dc2 = dcb * dcb + dcr * dcr;
        if (bright ? fabs(dY) < MIN_LUMA_CONTRAST : dc2 < 64.0)
            break;
        int use_luma = bright || fabs(dY) >= MIN_LUMA_CONTRAST;
        float inv_dY = use_luma ? (float)(1.0 / dY) : 0.0f;
        use_luma_prev = use_luma;

        /* Pass 2: membership-weighted centroid inside the window. A colour
         * block's chroma membership is the same for its four pixels: it is worked
         * out once per block row into d->ablk (d->atag says for which block row
         * an entry was made), then each pixel adds its luma share. Row sums are
         * folded into the totals once per row. */
        double sw = 0, swx = 0, swy = 0;
        const int bc0 = x0 >> 1;
        float *ablk = d->ablk;
        int *atag = d->atag;
        for (int k = 0; k <= (x1 >> 1) - bc0; k++)
            atag[k] = -1;
        for (int y = y0; y <= y1; y++) {
            double dy = y - cy;
            int xa, xb;
            if (!disc_row(cx, dy * dy, R2, x0, x1, &xa, &xb))
                continue;
            const uint8_t *yr = rc_image_row(frame, 0, y);
            const uint8_t *yo = rc_image_row(frame, 0, (y ^ 1) < d->h ? (y ^ 1) : y);
            const uint8_t *ur = rc_image_row(frame, 1, y >> 1);
            const uint8_t *vr = rc_image_row(frame, 2, y >> 1);
            double rw = 0, rwx = 0; /* this row's sums; swy gets rw * y */
            if (bright) {
                for (int x = xa; x <= xb; x++) {
                    /* Y = a*marker + (1-a)*background(p): the denominator is
                     * per pixel, so a background gradient does not tilt a. */
                    double dx = x - cx;
                    float b = (float)(bg[0][0] + bg[0][1] * dx + bg[0][2] * dy);
                    float den = (float)mk[0] - b;
                    float a = fabsf(den) >= 1.0f ? ((float)yr[x] - b) / den : 0.0f;
                    a = clampf(a, -0.5f, 1.5f);
                    rw += a;
                    rwx += a * x;
                }
            } else {
                /* Background evaluated at the block centre: the block's chroma
                 * sample stands for all four of its pixels. */
                double by = (double)(y | 1) - 0.5 - cy; /* block centre row, relative */
                int jb = y >> 1;
                for (int i = xa >> 1; i <= xb >> 1; i++) {
                    int ci = i - bc0;
                    if (atag[ci] == jb)
                        continue;
                    double bx = (double)(2 * i + 1) - 0.5 - cx;
                    double bcb = bg[1][0] + bg[1][1] * bx + bg[1][2] * by;
                    double bcr = bg[2][0] + bg[2][1] * bx + bg[2][2] * by;
                    double ecb = mk[1] - bcb, ecr = mk[2] - bcr, e2 = ecb * ecb + ecr * ecr;
                    double pcb = ur[i] - bcb, pcr = vr[i] - bcr;
                    ablk[ci] = e2 >= 16.0 ? (float)((pcb * ecb + pcr * ecr) / e2) : 0.0f;
                    atag[ci] = jb;
                }
                for (int x = xa; x <= xb; x++) {
                    float a = ablk[(x >> 1) - bc0];
                    if (use_luma && a > 0.02f && a < 0.98f) {
                        int xo = (x ^ 1) < d->w ? (x ^ 1) : x;
                        float ym = 0.25f * (float)(yr[x] + yr[xo] + yo[x] + yo[xo]);
                        a += ((float)yr[x] - ym) * inv_dY;
                    }
                    a = clampf(a, -0.5f, 1.5f);
                    rw += a;
                    rwx += a * x;
                }
            }
            sw += rw;
            swx += rwx;
            swy += rw * y;
        }
        if (sw < 1.0)
            break;
        cx = swx / sw;
        cy = swy / sw;
        area = sw;
        r = sqrt(sw / RC_PI);
        ok = 1;
        if (bright) {
            double cm = sqrt((mk[1] - 128) * (mk[1] - 128) + (mk[2] - 128) * (mk[2] - 128));
            score = clampf((float)(1.0 - cm / (0.08 * mk[0] + 6.0)), 0.0f, 1.0f);
        } else {
            double yn = mk[0] > 24 ? mk[0] : 24;
            double db = (mk[1] - 128) / yn - ref->nb, dr = (mk[2] - 128) / yn - ref->nr;
            score = clampf((float)(1.0 - sqrt(db * db + dr * dr) / ref->tol), 0.0f, 1.0f);
        }
    }
    if (!ok)
        return 0;
    out->x_px = (float)cx;
    out->y_px = (float)cy;
    out->area_px = (float)area;
    out->score = score;
    return 1;
}
