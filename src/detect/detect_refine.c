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
 *      centroid), skipping ring pixels that the blob's own class rule accepts
 *      (decided per block, so no class map needs to be kept);
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
 * The estimate is made twice: from the hard-mask centroid with a generous window,
 * then recentred with a tight one (a third pass moved no test marker by more than
 * 0.002 px).
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
#define ITERATIONS        2

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

/* The columns x in [x0, x1] with (x - cx)^2 + dy2 < r2 on one row: an interval,
 * [*lo, *hi], found from the chord ends (floor of each, the right one plus one:
 * never inside the interval's true ends) trimmed with the exact test, so each loop
 * below runs over exactly its pixels with no test inside. The ends are positive
 * where they are used (x0 >= 0), so (int) is floor. Returns 0 if the row misses
 * the disc. */
static inline int disc_row(double cx, double dy2, double r2, int x0, int x1, int *lo, int *hi)
{
    double h2 = r2 - dy2;
    if (h2 <= 0)
        return 0;
    double hw = sqrt(h2);
    double fa = cx - hw, fb = cx + hw;
    int a = fa > x0 ? (int)fa : x0, b = fb < x1 ? (int)fb + 1 : x1;
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

/* The square of half-side `rad` around (cx, cy), clipped to the frame. */
static void window(const rc_detector *d, double cx, double cy, double rad, int *x0, int *y0,
                   int *x1, int *y1)
{
    *x0 = (int)floor(cx - rad);
    *x1 = (int)ceil(cx + rad);
    *y0 = (int)floor(cy - rad);
    *y1 = (int)ceil(cy + rad);
    *x0 = *x0 < 0 ? 0 : *x0;
    *y0 = *y0 < 0 ? 0 : *y0;
    *x1 = *x1 > d->w - 1 ? d->w - 1 : *x1;
    *y1 = *y1 > d->h - 1 ? d->h - 1 : *y1;
}

/* Integer sums of one row's ring pixels (background) over [a, b], skipping pixels
 * whose block is of the blob's class; columns relative to xi (small, so 32 bits
 * hold every sum of a row). */
typedef struct ring_sums {
    int32_t n, sx, sxx, f[3], fx[3];
} ring_sums;

/* 1 if a block (luma sum of its four pixels, chroma) could be of class `ref`, by
 * that class's own rule alone: background samples of the blob's class (a
 * neighbour of the same colour, a blurred tail) stay out of the ring's fit. */
static inline int own_class(const rc_detector *d, const rc__class_ref *ref, int sum, int cbv,
                            int crv)
{
    float y = 0.25f * (float)sum, cb = (float)cbv - 128.0f, cr = (float)crv - 128.0f;
    float c2 = cb * cb + cr * cr;
    if (ref->kind == RC_CLASS_BRIGHT) {
        float lim = BRIGHT_CHROMA_K * y + 6.0f;
        return y >= d->bright_thr && c2 <= lim * lim;
    }
    if (c2 < MIN_CHROMA * MIN_CHROMA)
        return 0;
    float inv = 1.0f / (y > LUMA_FLOOR ? y : LUMA_FLOOR);
    float db = cb * inv - ref->nb, dr = cr * inv - ref->nr;
    return ref->q00 * db * db + 2.0f * ref->q01 * db * dr + ref->q11 * dr * dr <= 1.0f;
}

static void ring_row(const rc_detector *d, const rc_image *frame, const rc__class_ref *ref, int y,
                     int a, int b, int xi, ring_sums *rs)
{
    const uint8_t *yr = rc_image_row(frame, 0, y);
    const uint8_t *l0 = rc_image_row(frame, 0, y & ~1);
    const uint8_t *l1 = (y | 1) < d->h ? rc_image_row(frame, 0, y | 1) : l0;
    const uint8_t *ur = rc_image_row(frame, 1, y >> 1);
    const uint8_t *vr = rc_image_row(frame, 2, y >> 1);
    int last = -1, skip = 0;
    for (int x = a; x <= b; x++) {
        int i = x >> 1;
        if (i != last) { /* one test per block */
            int xa = 2 * i, xb = 2 * i + 1 < d->w ? 2 * i + 1 : 2 * i;
            last = i;
            skip = own_class(d, ref, l0[xa] + l0[xb] + l1[xa] + l1[xb], ur[i], vr[i]);
        }
        if (skip)
            continue;
        int32_t f0 = yr[x], f1 = ur[i], f2 = vr[i], dx = x - xi;
        rs->n++;
        rs->sx += dx;
        rs->sxx += dx * dx;
        rs->f[0] += f0;
        rs->f[1] += f1;
        rs->f[2] += f2;
        rs->fx[0] += f0 * dx;
        rs->fx[1] += f1 * dx;
        rs->fx[2] += f2 * dx;
    }
}

/* Clamped membership and its sums, without branches (minss / maxss). */
static inline void add_weight(float a, float dx, float *rw, float *rwx)
{
    a = a < -0.5f ? -0.5f : a;
    a = a > 1.5f ? 1.5f : a;
    *rw += a;
    *rwx += a * dx;
}

/* What pass 2 needs of each colour block, fixed once pass 1 is done: the
 * background planes (about their origin ox, oy), the marker colour, whether the
 * luma redistributes membership and 1 / luma contrast. */
typedef struct block_ctx {
    const rc_detector *d;
    const rc_image *frame;
    float g1[3], g2[3]; /* Cb, Cr planes: value, d/dx, d/dy about (ox, oy) */
    int oxi, oyi;       /* the origin, whole pixels ... */
    float fox, foy;     /* ... and fractions (small offsets stay exact in float) */
    float mcb, mcr, inv_dY, use;
} block_ctx;

/* Membership offset a - m k and luma factor k of blocks [i0, i1] of block row jb
 * into oa[], ok[] (index i - i0): a pixel of the block then has membership
 * a + (Y - m) k = (a - m k) + Y k. Straight-line code per block (selects, no
 * branches) so the compiler vectorises it. */
/* One block: its membership a (projection of its chroma on marker minus
 * background, at the block centre bx columns from the planes' origin) and luma
 * factor k, stored as a - m k and k (m: the block's mean luma, sum / 4). */
static inline void block_value(float bcb0, float bcr0, float g1x, float g2x, float mcb, float mcr,
                               float kd, float bx, int cbv, int crv, int sum, float *oa, float *ok)
{
    float bcb = bcb0 + g1x * bx, bcr = bcr0 + g2x * bx;
    float ecb = mcb - bcb, ecr = mcr - bcr, e2 = ecb * ecb + ecr * ecr;
    float pcb = (float)cbv - bcb, pcr = (float)crv - bcr;
    float q = (pcb * ecb + pcr * ecr) / (e2 > 16.0f ? e2 : 16.0f);
    float a = q * (float)(e2 >= 16.0f);
    float kk = (float)((a > 0.02f) & (a < 0.98f)) * kd;
    *oa = a - 0.25f * (float)sum * kk;
    *ok = kk;
}

static void block_values(const block_ctx *b, int jb, int i0, int i1, float *oa, float *ok)
{
    const rc_detector *d = b->d;
    const uint8_t *ur = rc_image_row(b->frame, 1, jb);
    const uint8_t *vr = rc_image_row(b->frame, 2, jb);
    const uint8_t *l0 = rc_image_row(b->frame, 0, 2 * jb);
    const uint8_t *l1 = 2 * jb + 1 < d->h ? rc_image_row(b->frame, 0, 2 * jb + 1) : l0;
    const float by = (float)(2 * jb - b->oyi) + 0.5f - b->foy;
    const float bcb0 = b->g1[0] + b->g1[2] * by, bcr0 = b->g2[0] + b->g2[2] * by;
    /* Locals only in the loop: stores through oa/ok could alias *b. */
    const float mcb = b->mcb, mcr = b->mcr, kd = b->inv_dY * b->use;
    const float g1x = b->g1[1], g2x = b->g2[1], fox = b->fox;
    const int oxi = b->oxi;
    /* A frame of odd width ends in a block of one column (its luma counted
     * twice); the other blocks run without that test, so the loop vectorises. */
    const int iv = 2 * i1 + 1 < d->w ? i1 : i1 - 1;
    for (int i = i0; i <= iv; i++) {
        int sum = l0[2 * i] + l0[2 * i + 1] + l1[2 * i] + l1[2 * i + 1];
        block_value(bcb0, bcr0, g1x, g2x, mcb, mcr, kd, (float)(2 * i - oxi) + 0.5f - fox, ur[i],
                    vr[i], sum, &oa[i - i0], &ok[i - i0]);
    }
    if (iv < i1)
        block_value(bcb0, bcr0, g1x, g2x, mcb, mcr, kd, (float)(2 * i1 - oxi) + 0.5f - fox, ur[i1],
                    vr[i1], 2 * (l0[2 * i1] + l1[2 * i1]), &oa[i1 - i0], &ok[i1 - i0]);
}

/* Pass 2's colour pixels in eight lanes of partial sums: for t in [0, n) (n a
 * multiple of 8), lane t % 8 adds the clamped membership qa[t] + qy[t] qk[t] to
 * lw and that times the column offset d0 + t to lx. The SSE2 twin does the same
 * float operations in the same order per lane, so both give identical bits. */
void rc__detect_lanes_scalar(const float *qa, const float *qk, const uint8_t *qy, int n, float d0,
                             float lw[8], float lx[8])
{
    for (int t = 0; t < n; t += 8)
        for (int l = 0; l < 8; l++) {
            float a = qa[t + l] + (float)qy[t + l] * qk[t + l];
            a = a < -0.5f ? -0.5f : a;
            a = a > 1.5f ? 1.5f : a;
            lw[l] += a;
            lx[l] += a * (d0 + (float)(t + l));
        }
}

#if defined(__SSE2__)
#include <emmintrin.h>

int rc__detect_have_sse2(void)
{
    return 1;
}

void rc__detect_lanes_sse2(const float *qa, const float *qk, const uint8_t *qy, int n, float d0,
                           float lw[8], float lx[8])
{
    const __m128i zero = _mm_setzero_si128();
    const __m128 lo = _mm_set1_ps(-0.5f), hi = _mm_set1_ps(1.5f), vd0 = _mm_set1_ps(d0);
    __m128 w0 = _mm_loadu_ps(lw), w1 = _mm_loadu_ps(lw + 4);
    __m128 x0 = _mm_loadu_ps(lx), x1 = _mm_loadu_ps(lx + 4);
    __m128i ti = _mm_setr_epi32(0, 1, 2, 3);
    const __m128i four = _mm_set1_epi32(4);
    for (int t = 0; t < n; t += 8) {
        __m128i y8 =
            _mm_unpacklo_epi8(_mm_loadl_epi64((const __m128i *)(const void *)(qy + t)), zero);
        __m128 ya = _mm_cvtepi32_ps(_mm_unpacklo_epi16(y8, zero));
        __m128 yb = _mm_cvtepi32_ps(_mm_unpackhi_epi16(y8, zero));
        __m128 a0 = _mm_add_ps(_mm_loadu_ps(qa + t), _mm_mul_ps(ya, _mm_loadu_ps(qk + t)));
        __m128 a1 = _mm_add_ps(_mm_loadu_ps(qa + t + 4), _mm_mul_ps(yb, _mm_loadu_ps(qk + t + 4)));
        a0 = _mm_min_ps(_mm_max_ps(a0, lo), hi);
        a1 = _mm_min_ps(_mm_max_ps(a1, lo), hi);
        __m128 c0 = _mm_add_ps(vd0, _mm_cvtepi32_ps(ti));
        ti = _mm_add_epi32(ti, four);
        __m128 c1 = _mm_add_ps(vd0, _mm_cvtepi32_ps(ti));
        ti = _mm_add_epi32(ti, four);
        w0 = _mm_add_ps(w0, a0);
        w1 = _mm_add_ps(w1, a1);
        x0 = _mm_add_ps(x0, _mm_mul_ps(a0, c0));
        x1 = _mm_add_ps(x1, _mm_mul_ps(a1, c1));
    }
    _mm_storeu_ps(lw, w0);
    _mm_storeu_ps(lw + 4, w1);
    _mm_storeu_ps(lx, x0);
    _mm_storeu_ps(lx + 4, x1);
}
#else
int rc__detect_have_sse2(void)
{
    return 0;
}

void rc__detect_lanes_sse2(const float *qa, const float *qk, const uint8_t *qy, int n, float d0,
                           float lw[8], float lx[8])
{
    rc__detect_lanes_scalar(qa, qk, qy, n, d0, lw, lx);
}
#endif

/* Pass 2, BRIGHT class: adds one row's clamped memberships over columns [xa, xb]
 * to *rw and, times the column offset x - xi, to *rwx. Y = a*marker +
 * (1-a)*background(p) with the background plane b0 + bx (x - xi - fcx): the
 * denominator is per pixel, so a background gradient does not tilt a. */
static inline void bright_row(const uint8_t *yr, int xa, int xb, int xi, float fcx, float mk0,
                              float b0, float bx, float *rw, float *rwx)
{
    for (int x = xa; x <= xb; x++) {
        float dxr = (float)(x - xi);
        float b = b0 + bx * (dxr - fcx), den = mk0 - b;
        den = fabsf(den) >= 1.0f ? den : INFINITY; /* flat: a = 0 */
        add_weight(((float)yr[x] - b) / den, dxr, rw, rwx);
    }
}

/* Pass 2, COLOR classes: adds the n pixels' memberships qa[t] + qy[t] qk[t] to *rw
 * and, times the column offset d0 + t, to *rwx. Eight lanes of partial sums (the
 * d->lanes kernel) take whole groups of eight, so they stay in vector registers;
 * the tail is added first, then the lanes. */
static inline void colour_row(const rc_detector *d, const float *qa, const float *qk,
                              const uint8_t *qy, int n, float d0, float *rw, float *rwx)
{
    float lw[8] = {0}, lx[8] = {0};
    int t = n & ~7;
    d->lanes(qa, qk, qy, t, d0, lw, lx);
    for (; t < n; t++)
        add_weight(qa[t] + (float)qy[t] * qk[t], d0 + (float)t, rw, rwx);
    for (int l = 0; l < 8; l++) {
        *rw += lw[l];
        *rwx += lx[l];
    }
}

/* Pass 2, COLOR classes: the values of blocks [i0, i1] of block row jb, each
 * copied to its two columns in pa[], pk[] (index x - 2 i0): the block's chroma
 * sample stands for its four pixels. */
static inline void spread_blocks(const block_ctx *bc, int jb, int i0, int i1, float *pa, float *pk)
{
    const rc_detector *d = bc->d;
    float *va = pk + d->w + 2, *vk = va + d->w2 + 1;
    block_values(bc, jb, i0, i1, va, vk);
    for (int i = 0; i <= i1 - i0; i++) {
        pa[2 * i] = pa[2 * i + 1] = va[i];
        pk[2 * i] = pk[2 * i + 1] = vk[i];
    }
}

/* How well the marker colour mk (mean Y, Cb, Cr) matches the class, 0 .. 1. */
static float marker_score(const rc__class_ref *ref, int bright, const double mk[3])
{
    if (bright) {
        double cm = sqrt((mk[1] - 128) * (mk[1] - 128) + (mk[2] - 128) * (mk[2] - 128));
        return clampf((float)(1.0 - cm / (0.08 * mk[0] + 6.0)), 0.0f, 1.0f);
    }
    double yn = mk[0] > 24 ? mk[0] : 24;
    double db = (mk[1] - 128) / yn - ref->nb, dr = (mk[2] - 128) / yn - ref->nr;
    double dd = ref->q00 * db * db + 2.0 * ref->q01 * db * dr + ref->q11 * dr * dr;
    return clampf((float)(1.0 - sqrt(dd)), 0.0f, 1.0f);
}

/* Pass 1, once: the background planes bg (per channel: value at (cx, cy), d/dx,
 * d/dy) fitted on the ring between R and R + RING_PX, and the marker colour mk, the
 * mean of the core disc of radius 0.6 r. Returns 0 when either is too thin. */
static int fit_background(const rc_detector *d, const rc_image *frame, const rc__class_ref *ref,
                          double cx, double cy, double r, double R, double R2, double bg[3][3],
                          double mk[3])
{
    double Ro = R + RING_PX, Ro2 = Ro * Ro, Ri = 0.6 * r < 1.0 ? 1.0 : 0.6 * r;
    int x0, y0, x1, y1;
    window(d, cx, cy, Ro, &x0, &y0, &x1, &y1);
    const int xi = (int)floor(cx); /* integer origin of the row sums */
    const double fr = cx - xi;

    /* Pass 1: background plane on the ring, marker mean on the core. Per row
     * the ring is the chord of Ro less the chord of R, the core the chord of
     * Ri; the pixels are summed as integers relative to xi and folded into the
     * moments about (cx, cy) once per row: sum(dx) = sum(x - xi) - n fr etc. */
    plane_fit pf = {0};
    double nmk = 0;
    const double Ri2 = Ri * Ri;
    for (int y = y0; y <= y1; y++) {
        double dy = y - cy, dy2 = dy * dy;
        int oa, ob, ia, ib, ca, cb;
        if (!disc_row(cx, dy2, Ro2, x0, x1, &oa, &ob))
            continue;
        ring_sums rs = {0};
        if (disc_row(cx, dy2, R2, x0, x1, &ia, &ib)) {
            ring_row(d, frame, ref, y, oa, ia - 1, xi, &rs);
            ring_row(d, frame, ref, y, ib + 1, ob, xi, &rs);
        } else {
            ring_row(d, frame, ref, y, oa, ob, xi, &rs);
        }
        if (rs.n) {
            double n = rs.n, sx = rs.sx - n * fr;
            pf.s1 += n;
            pf.sx += sx;
            pf.sy += n * dy;
            pf.sxx += rs.sxx - 2.0 * fr * rs.sx + n * fr * fr;
            pf.syy += n * dy2;
            pf.sxy += dy * sx;
            for (int ch = 0; ch < 3; ch++) {
                double f = rs.f[ch];
                pf.f[ch] += f;
                pf.fx[ch] += rs.fx[ch] - fr * f;
                pf.fy[ch] += dy * f;
            }
        }
        if (disc_row(cx, dy2, Ri2, x0, x1, &ca, &cb)) {
            const uint8_t *yr = rc_image_row(frame, 0, y);
            const uint8_t *ur = rc_image_row(frame, 1, y >> 1);
            const uint8_t *vr = rc_image_row(frame, 2, y >> 1);
            int32_t s0 = 0, s1 = 0, s2 = 0;
            for (int x = ca; x <= cb; x++) {
                s0 += yr[x];
                s1 += ur[x >> 1];
                s2 += vr[x >> 1];
            }
            mk[0] += s0;
            mk[1] += s1;
            mk[2] += s2;
            nmk += cb - ca + 1;
        }
    }
    if (pf.s1 < 8 || nmk < 1)
        return 0;
    for (int ch = 0; ch < 3; ch++) {
        plane_solve(&pf, ch, bg[ch]);
        mk[ch] /= nmk;
    }
    return 1;
}

/* The block context of pass 2 from pass 1's planes (origin ox, oy) and marker mk. */
static block_ctx make_block_ctx(const rc_detector *d, const rc_image *frame, const double bg[3][3],
                                const double mk[3], double ox, double oy, float inv_dY,
                                int use_luma)
{
    const block_ctx bc = {.d = d,
                          .frame = frame,
                          .g1 = {(float)bg[1][0], (float)bg[1][1], (float)bg[1][2]},
                          .g2 = {(float)bg[2][0], (float)bg[2][1], (float)bg[2][2]},
                          .oxi = (int)floor(ox),
                          .oyi = (int)floor(oy),
                          .fox = (float)(ox - floor(ox)),
                          .foy = (float)(oy - floor(oy)),
                          .mcb = (float)mk[1],
                          .mcr = (float)mk[2],
                          .inv_dY = inv_dY,
                          .use = use_luma ? 1.0f : 0.0f};
    return bc;
}

int rc__detect_refine(const rc_detector *d, const rc_image *frame, const rc__cand *c, rc_blob *out)
{
    const rc__class_ref *ref = &d->ref[c->cls];
    const int bright = ref->kind == RC_CLASS_BRIGHT;
    double cx = 2.0 * c->sx / c->n + 0.5, cy = 2.0 * c->sy / c->n + 0.5;
    double r = 2.0 * sqrt(c->n / RC_PI);
    double area = 4.0 * c->n;
    float score = 0.0f;
    int ok = 0;
    double bg[3][3], mk[3] = {0, 0, 0}; /* background planes, marker colour */

    /* Pass 1, once: the window of the hard-mask radius plus a generous margin. */
    double R = r + (bright ? MARGIN_BRIGHT : MARGIN_COLOR), R2 = R * R;
    if (!fit_background(d, frame, ref, cx, cy, r, R, R2, bg, mk))
        return 0;
    const double ox = cx, oy = cy; /* origin of the background planes */
    double dY = mk[0] - bg[0][0];
    double dcb = mk[1] - bg[1][0], dcr = mk[2] - bg[2][0];
    if (bright ? fabs(dY) < MIN_LUMA_CONTRAST : dcb * dcb + dcr * dcr < 64.0)
        return 0;
    const int use_luma = bright || fabs(dY) >= MIN_LUMA_CONTRAST;
    const float inv_dY = use_luma ? (float)(1.0 / dY) : 0.0f;

    /* What pass 2 needs of each colour block (the same in both passes). */
    const block_ctx bc = make_block_ctx(d, frame, bg, mk, ox, oy, inv_dY, use_luma);

    for (int it = 0; it < ITERATIONS; it++) {
        /* The first pass keeps pass 1's window; the second knows the radius from
         * the soft area and keeps the window tight, so little background texture
         * enters the sum. The planes are moved to the current centre. */
        if (it > 0) {
            R = r + (bright ? TIGHT_BRIGHT : use_luma ? TIGHT_COLOR_LUMA : TIGHT_COLOR);
            R2 = R * R;
        }
        int x0, y0, x1, y1;
        window(d, cx, cy, R, &x0, &y0, &x1, &y1);
        const int xi = (int)floor(cx);
        const double fr = cx - xi;
        double bgc[3][3];
        for (int ch = 0; ch < 3; ch++) {
            bgc[ch][0] = bg[ch][0] + bg[ch][1] * (cx - ox) + bg[ch][2] * (cy - oy);
            bgc[ch][1] = bg[ch][1];
            bgc[ch][2] = bg[ch][2];
        }

        /* Pass 2: membership-weighted centroid inside the disc of radius R, in
         * float with columns relative to xi, one block row (two pixel rows) at a
         * time. A colour block's chroma membership, luma mean and luma factor are
         * the same for its four pixels: they are worked out once for the union of
         * the two rows' chords, then each pixel adds its luma share. Row sums are
         * folded into the double totals once per row. */
        double sw = 0, swx = 0, swy = 0;
        float *pa = d->ablk, *pk = d->ablk + d->w + 2; /* per pixel, from 2 i0 */
        const float mk0 = (float)mk[0], fcx = (float)fr;
        for (int jb = y0 >> 1; jb <= y1 >> 1; jb++) {
            int ya_[2], yb_[2], has[2];
            for (int k = 0; k < 2; k++) {
                int y = 2 * jb + k;
                double dy = y - cy;
                has[k] = y >= y0 && y <= y1 && disc_row(cx, dy * dy, R2, x0, x1, &ya_[k], &yb_[k]);
            }
            if (!has[0] && !has[1])
                continue;
            int ba = has[0] ? ya_[0] : ya_[1], bb = has[0] ? yb_[0] : yb_[1];
            if (has[0] && has[1]) {
                ba = ya_[1] < ba ? ya_[1] : ba;
                bb = yb_[1] > bb ? yb_[1] : bb;
            }
            const int i0 = ba >> 1, i1 = bb >> 1;
            if (!bright)
                spread_blocks(&bc, jb, i0, i1, pa, pk);
            for (int k = 0; k < 2; k++) {
                if (!has[k])
                    continue;
                const int y = 2 * jb + k, xa = ya_[k], xb = yb_[k];
                const uint8_t *yr = rc_image_row(frame, 0, y);
                float rw = 0, rwx = 0; /* this row's sums; swy gets rw * y */
                if (bright) {
                    const float b0 = (float)(bgc[0][0] + bgc[0][2] * (y - cy));
                    const float bx = (float)bgc[0][1];
                    bright_row(yr, xa, xb, xi, fcx, mk0, b0, bx, &rw, &rwx);
                } else {
                    const float *qa = pa + (xa - 2 * i0), *qk = pk + (xa - 2 * i0);
                    colour_row(d, qa, qk, yr + xa, xb - xa + 1, (float)(xa - xi), &rw, &rwx);
                }
                sw += rw;
                swx += rwx + (double)xi * rw;
                swy += (double)rw * y;
            }
        }
        if (sw < 1.0)
            break;
        cx = swx / sw;
        cy = swy / sw;
        area = sw;
        r = sqrt(sw / RC_PI);
        ok = 1;
    }
    if (!ok)
        return 0;
    score = marker_score(ref, bright, mk);
    out->x_px = (float)cx;
    out->y_px = (float)cy;
    out->area_px = (float)area;
    out->score = score;
    return 1;
}
