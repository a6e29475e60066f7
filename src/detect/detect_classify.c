/* detect_classify.c - per-block colour classes at chroma (half) resolution.
 *
 * Each 2x2 block of the I420 frame (one Cb/Cr sample, four luma samples) gets one
 * class code. Coloured classes compare the luma-normalised chroma
 *     n = (Cb - 128, Cr - 128) / Y
 * with the class reference: scaling the light by k scales Y, Cb-128 and Cr-128 by
 * k alike (JFIF YCbCr is linear in RGB), so n does not move with illumination.
 * Pixels whose chroma is small in absolute terms are never coloured, which rejects
 * grey/white highlights and dark noise before the division. BRIGHT classes take
 * high, nearly achromatic luma.
 *
 * rc__detect_classify_exact is the rule. Running it on every block costs a
 * division and a loop over the classes, so the kernels first look the block's
 * (Cb, Cr) up in a 256 KiB table, made at create, that gives the range of luma sums
 * for which any colour class could match (solved analytically per class and
 * widened, so it never misses), and compare the luma sum with the BRIGHT bound.
 * Background and skin blocks fail both tests; only the rest pay for the exact rule,
 * so every kernel gives exactly the class map of the rule.
 */
#include "detect_internal.h"

#include <math.h>
#include <string.h>

/* TUNABLE: automatic BRIGHT threshold is at least this far above the scene's p95. */
#define BRIGHT_GAP 30.0f
/* TUNABLE: most luma samples the automatic BRIGHT threshold takes from a frame. */
#define HIST_MAX_SAMPLES 131072

float rc__detect_bright_threshold(const rc_detector *d, const rc_image *frame, int row_step)
{
    if (d->cfg.bright_threshold > 0)
        return d->cfg.bright_threshold;
    /* Histogram of one luma sample per 2x2 block: markers are a tiny fraction of
     * the frame, so the threshold sits between the median (scene) and a very
     * high percentile (the markers, when present). Four sub-histograms keep
     * consecutive increments of one bin from waiting on each other. */
    uint32_t hist[4][256];
    memset(hist, 0, sizeof hist);
    /* Every 2nd column, or sparser on large frames: HIST_MAX_SAMPLES pin the
     * percentiles well and the histogram costs about a nanosecond per sample. */
    int step = 2;
    const long rows = (d->h + 2 * row_step - 1) / (2 * row_step);
    while (step < 16 && rows * (d->w / step) > HIST_MAX_SAMPLES)
        step *= 2;
    uint32_t total = 0;
    for (int y = 0; y < d->h; y += 2 * row_step) {
        const uint8_t *row = rc_image_row(frame, 0, y);
        int x = 0, n = 0;
        for (; x + 4 * step <= d->w; x += 4 * step, n += 4) {
            hist[0][row[x]]++;
            hist[1][row[x + step]]++;
            hist[2][row[x + 2 * step]]++;
            hist[3][row[x + 3 * step]]++;
        }
        for (; x < d->w; x += step, n++)
            hist[0][row[x]]++;
        total += (uint32_t)n;
    }
    /* Markers cover a few percent of a frame at most: p95 is the top of the scene,
     * p99.99 the markers when there are any. The threshold sits half-way between
     * them but at least BRIGHT_GAP above the scene, so a frame without markers
     * gives few candidates (and the shape filters reject those). */
    uint32_t n95 = total - total / 20, ntop = total - total / 10000 - 1; /* TUNABLE */
    uint32_t acc = 0;
    int p95 = -1, ptop = 255;
    for (int v = 0; v < 256; v++) {
        acc += hist[0][v] + hist[1][v] + hist[2][v] + hist[3][v];
        if (p95 < 0 && acc > n95)
            p95 = v;
        if (acc > ntop) {
            ptop = v;
            break;
        }
    }
    if (p95 < 0)
        p95 = 255;
    float t = (float)p95 + 0.5f * (float)(ptop - p95);
    if (t < p95 + BRIGHT_GAP)
        t = p95 + BRIGHT_GAP;
    if (t < 100.0f)
        t = 100.0f;
    if (t > 250.0f)
        t = 250.0f;
    return t;
}

uint8_t rc__detect_classify_exact(const rc_detector *d, int sum, int cbv, int crv)
{
    const float min_c2 = MIN_CHROMA * MIN_CHROMA;
    float y = 0.25f * (float)sum;
    float cb = (float)cbv - 128.0f, cr = (float)crv - 128.0f;
    float c2 = cb * cb + cr * cr;
    uint8_t code = 0;
    if (c2 >= min_c2 && d->n_color) {
        float inv = 1.0f / (y > LUMA_FLOOR ? y : LUMA_FLOOR);
        float nb = cb * inv, nr = cr * inv, best = 1e30f;
        for (int k = 0; k < d->cfg.n_classes; k++) {
            const rc__class_ref *r = &d->ref[k];
            if (r->kind != RC_CLASS_COLOR)
                continue;
            float db = nb - r->nb, dr = nr - r->nr;
            float dd = r->q00 * db * db + 2.0f * r->q01 * db * dr + r->q11 * dr * dr;
            if (dd <= 1.0f && dd < best) {
                best = dd;
                code = (uint8_t)(k + 1);
            }
        }
    }
    if (!code && d->bright_code && y >= d->bright_thr) {
        float lim = BRIGHT_CHROMA_K * y + 6.0f;
        if (c2 <= lim * lim)
            code = (uint8_t)d->bright_code;
    }
    return code;
}

#define LUMA_MAX 255.0

/* The luma range [*ylo, *yhi] over which a block of chroma (cb, cr) (offsets from
 * 128) is inside class r with its ellipse scaled by t: (c u - n)^T Q (c u - n) <=
 * t^2 with u = 1 / max(Y, 24) is a quadratic in u whose solutions are one interval
 * [u1, u2]. Returns 0 when no luma in 0..255 matches. */
static int luma_interval(const rc__class_ref *r, double cb, double cr, double t, double *ylo,
                         double *yhi)
{
    double sq = 1.0 / (t * t);
    double q00 = r->q00 * sq, q01 = r->q01 * sq, q11 = r->q11 * sq;
    double a = q00 * cb * cb + 2.0 * q01 * cb * cr + q11 * cr * cr;
    double b = (q00 * cb + q01 * cr) * r->nb + (q01 * cb + q11 * cr) * r->nr;
    double c = q00 * r->nb * r->nb + 2.0 * q01 * r->nb * r->nr + q11 * r->nr * r->nr - 1.0;
    double disc = b * b - a * c;
    if (disc < 0)
        return 0;
    double u1 = (b - sqrt(disc)) / a, u2 = (b + sqrt(disc)) / a;
    const double umax = 1.0 / LUMA_FLOOR;
    if (u2 <= 0 || u1 > umax)
        return 0;
    *ylo = u2 >= umax ? 0.0 : 1.0 / u2;
    *yhi = u1 > 0 ? 1.0 / u1 : LUMA_MAX;
    return *ylo <= LUMA_MAX;
}

uint8_t rc__detect_classify_slow(const rc_detector *d, int sum, int cb, int cr)
{
    uint32_t f = d->lut_in[(cb << 8) | cr];
    if (sum >= (int)((f >> 8) & 0xFFFu) && sum <= (int)(f >> 20))
        return (uint8_t)(f & 0xFFu);
    return rc__detect_classify_exact(d, sum, cb, cr);
}

void rc__detect_prefilter(rc_detector *d)
{
    /* |c| / max(Y, 24) >= |n_ref| - tol for a match (tol: the class's longest
     * semi-axis), and |c| <= |Cb| + |Cr|, so blocks with |Cb| + |Cr| < m * Y cannot
     * be coloured. From the centres as they are now (light adaptation moves them
     * between frames): the bound follows them at no cost per block. */
    double m = 1e9;
    for (int k = 0; k < d->cfg.n_classes; k++) {
        const rc__class_ref *r = &d->ref[k];
        if (r->kind != RC_CLASS_COLOR)
            continue;
        double mk = sqrt((double)r->nb * r->nb + (double)r->nr * r->nr) - (double)r->tol;
        if (mk < m)
            m = mk;
    }
    m = m * (1.0 - 1e-3) - 1e-4;
    d->m_q6 = m > 0 && m < 1e8 ? (int)floor(64.0 * m) : 0;
    if (d->m_q6 > 255)
        d->m_q6 = 255;
}

void rc__detect_build_lut(rc_detector *d)
{
    /* With light adaptation a centre may move by `bound` of its class (in the
     * class's own metric): every class it can become lies inside the class scaled
     * by 1 + bound, and a point inside the class scaled by 1 - bound is inside
     * every class it can become (the Minkowski sum of an ellipse and a scaled copy
     * of it). Off, both factors are 1 and the tables are as before. */
    const double wide = 1.0 + (double)d->adapt.bound, narrow = 1.0 - (double)d->adapt.bound;
    rc__detect_prefilter(d);

    for (int cbv = 0; cbv < 256; cbv++)
        for (int crv = 0; crv < 256; crv++) {
            double cb = cbv - 128.0, cr = crv - 128.0, c2 = cb * cb + cr * cr;
            double lo = 1e9, hi = -1e9, in_lo = 0, in_hi = -1;
            int n_match = 0, only = -1;
            /* c2 is exact in the rule too (small integers), so no margin here */
            if (c2 >= (double)(MIN_CHROMA * MIN_CHROMA)) {
                for (int k = 0; k < d->cfg.n_classes; k++) {
                    const rc__class_ref *r = &d->ref[k];
                    double ylo, yhi;
                    if (r->kind != RC_CLASS_COLOR ||
                        !luma_interval(r, cb, cr, wide * (1.0 + 1e-3) + 1e-5 / (double)r->tol, &ylo,
                                       &yhi))
                        continue;
                    n_match++;
                    only = k;
                    lo = ylo < lo ? ylo : lo;
                    hi = yhi > hi ? yhi : hi;
                }
                /* One class possible here: inside its interval shrunk by as much,
                 * the rule can only answer that class (a colour class always wins
                 * over BRIGHT). */
                double ylo, yhi;
                if (n_match == 1 &&
                    luma_interval(&d->ref[only], cb, cr,
                                  narrow * (1.0 - 1e-3) - 1e-5 / (double)d->ref[only].tol, &ylo,
                                  &yhi)) {
                    in_lo = ceil(4.0 * ylo) + 2.0;
                    in_hi = floor(4.0 * yhi) - 2.0;
                }
            }
            uint32_t e = 0xFFFFu; /* empty: lo 65535 > hi 0 */
            if (lo <= hi && lo <= LUMA_MAX) {
                double slo = floor(4.0 * lo) - 2.0, shi = ceil(4.0 * hi) + 2.0;
                int ilo = slo < 0 ? 0 : (int)slo, ihi = shi > 1020 ? 1020 : (int)shi;
                e = (uint32_t)ilo | ((uint32_t)ihi << 16);
            }
            d->lut[(cbv << 8) | crv] = e;
            uint32_t f = 0xFFFu << 8; /* empty: lo 4095 > hi 0 */
            if (in_lo <= in_hi && in_lo <= 1020) {
                int ilo = in_lo < 0 ? 0 : (int)in_lo, ihi = in_hi > 1020 ? 1020 : (int)in_hi;
                f = (uint32_t)(only + 1) | ((uint32_t)ilo << 8) | ((uint32_t)ihi << 20);
            }
            d->lut_in[(cbv << 8) | crv] = f;
        }
}

static inline uint8_t block_code(const rc_detector *d, int sum, int cb, int cr)
{
    uint32_t e = d->lut[(cb << 8) | cr];
    if ((sum >= (int)(e & 0xFFFFu) && sum <= (int)(e >> 16)) || sum >= d->bright_min)
        return rc__detect_classify_slow(d, sum, cb, cr);
    return 0;
}

uint8_t rc__detect_block_code(const rc_detector *d, const rc_image *frame, int i, int j)
{
    const uint8_t *ya = rc_image_row(frame, 0, 2 * j);
    const uint8_t *yb = (2 * j + 1 < d->h) ? rc_image_row(frame, 0, 2 * j + 1) : ya;
    int xa = 2 * i, xb = (2 * i + 1 < d->w) ? 2 * i + 1 : 2 * i;
    int sum = ya[xa] + ya[xb] + yb[xa] + yb[xb];
    return block_code(d, sum, rc_image_row(frame, 1, j)[i], rc_image_row(frame, 2, j)[i]);
}

int rc__detect_row_scalar(const rc_detector *d, const uint8_t *ya, const uint8_t *yb,
                          const uint8_t *u, const uint8_t *v, int x0, int x1, uint8_t *codes)
{
    int any = 0;
    for (int i = x0; i < x1; i++) {
        int xa = 2 * i, xb = (2 * i + 1 < d->w) ? 2 * i + 1 : 2 * i;
        int sum = ya[xa] + ya[xb] + yb[xa] + yb[xb];
        uint8_t code = block_code(d, sum, u[i], v[i]);
        codes[i] = code;
        any |= code;
    }
    return any;
}

int rc__detect_row_reference(const rc_detector *d, const uint8_t *ya, const uint8_t *yb,
                             const uint8_t *u, const uint8_t *v, int x0, int x1, uint8_t *codes)
{
    int any = 0;
    for (int i = x0; i < x1; i++) {
        int xa = 2 * i, xb = (2 * i + 1 < d->w) ? 2 * i + 1 : 2 * i;
        int sum = ya[xa] + ya[xb] + yb[xa] + yb[xb];
        uint8_t code = rc__detect_classify_exact(d, sum, u[i], v[i]);
        codes[i] = code;
        any |= code;
    }
    return any;
}
