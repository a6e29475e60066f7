/* detect_classify.c - per-pixel colour classes at chroma (half) resolution.
 *
 * Each 2x2 block of the I420 frame (one Cb/Cr sample, four luma samples) gets one
 * class code. Coloured classes compare the luma-normalised chroma
 *     n = (Cb - 128, Cr - 128) / Y
 * with the class reference: scaling the light by k scales Y, Cb-128 and Cr-128 by
 * k alike (JFIF YCbCr is linear in RGB), so n does not move with illumination.
 * Pixels whose chroma is small in absolute terms are never coloured, which rejects
 * grey/white highlights and dark noise before the division. BRIGHT classes take
 * high, nearly achromatic luma. This file is the scalar reference kernel; a later
 * SIMD version must produce the same map.
 */
#include "detect_internal.h"

#include <math.h>
#include <string.h>

/* TUNABLE: smallest |Cb-128, Cr-128| a coloured pixel may have (8-bit units); below
 * it, sensor noise dominates the hue. Palette stickers are 40..110. */
#define MIN_CHROMA 10.0f
/* TUNABLE: the luma below which the normalisation is clamped (very dark pixels). */
#define LUMA_FLOOR 24.0f
/* TUNABLE: BRIGHT pixels must have |chroma| <= BRIGHT_CHROMA_K * Y + 6. */
#define BRIGHT_CHROMA_K 0.08f
/* TUNABLE: automatic BRIGHT threshold is at least this far above the scene's p95. */
#define BRIGHT_GAP 30.0f

float rc__detect_bright_threshold(const rc_detector *d, const rc_image *frame)
{
    if (d->cfg.bright_threshold > 0)
        return d->cfg.bright_threshold;
    /* Histogram of one luma sample per 2x2 block: markers are a tiny fraction of
     * the frame, so the threshold sits between the median (scene) and a very
     * high percentile (the markers, when present). */
    uint32_t hist[256];
    memset(hist, 0, sizeof hist);
    uint32_t total = 0;
    for (int y = 0; y < d->h; y += 2) {
        const uint8_t *row = rc_image_row(frame, 0, y);
        for (int x = 0; x < d->w; x += 2) {
            hist[row[x]]++;
            total++;
        }
    }
    /* Markers cover a few percent of a frame at most: p95 is the top of the scene,
     * p99.99 the markers when there are any. The threshold sits half-way between
     * them but at least BRIGHT_GAP above the scene, so a frame without markers
     * gives few candidates (and the shape filters reject those). */
    uint32_t n95 = total - total / 20, ntop = total - total / 10000 - 1; /* TUNABLE */
    uint32_t acc = 0;
    int p95 = -1, ptop = 255;
    for (int v = 0; v < 256; v++) {
        acc += hist[v];
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

void rc__detect_classify_rect(rc_detector *d, const rc_image *frame, int x0, int y0, int x1, int y1)
{
    const float min_c2 = MIN_CHROMA * MIN_CHROMA;
    const float thr = d->bright_thr;
    int bright_code = 0;
    for (int k = 0; k < d->cfg.n_classes; k++)
        if (d->ref[k].kind == RC_CLASS_BRIGHT) {
            bright_code = k + 1;
            break;
        }
    for (int j = y0; j < y1; j++) {
        const uint8_t *ya = rc_image_row(frame, 0, 2 * j);
        const uint8_t *yb = (2 * j + 1 < d->h) ? rc_image_row(frame, 0, 2 * j + 1) : ya;
        const uint8_t *u = rc_image_row(frame, 1, j);
        const uint8_t *v = rc_image_row(frame, 2, j);
        uint8_t *m = d->map + (size_t)j * d->w2;
        for (int i = x0; i < x1; i++) {
            int xa = 2 * i, xb = (2 * i + 1 < d->w) ? 2 * i + 1 : 2 * i;
            float y = 0.25f * (float)(ya[xa] + ya[xb] + yb[xa] + yb[xb]);
            float cb = (float)u[i] - 128.0f, cr = (float)v[i] - 128.0f;
            float c2 = cb * cb + cr * cr;
            uint8_t code = 0;
            if (c2 >= min_c2 && d->n_color) {
                float inv = 1.0f / (y > LUMA_FLOOR ? y : LUMA_FLOOR);
                float nb = cb * inv, nr = cr * inv, best = 1e30f;
                for (int k = 0; k < d->cfg.n_classes; k++) {
                    const rc__class_ref *r = &d->ref[k];
                    if (r->kind != RC_CLASS_COLOR)
                        continue;
                    float db = nb - r->nb, dr = nr - r->nr, dd = db * db + dr * dr;
                    if (dd <= r->tol2 && dd < best) {
                        best = dd;
                        code = (uint8_t)(k + 1);
                    }
                }
            }
            if (!code && bright_code && y >= thr) {
                float lim = BRIGHT_CHROMA_K * y + 6.0f;
                if (c2 <= lim * lim)
                    code = (uint8_t)bright_code;
            }
            m[i] = code;
        }
    }
}
