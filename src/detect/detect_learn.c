/* detect_learn.c - a sticker's chroma class learnt from a frame and a point on it.
 *
 * Works on 2x2 blocks (one chroma sample and the mean of four luma samples), in
 * the same normalised chroma n = (Cb - 128, Cr - 128) / max(Y, 24) as the
 * detector's rule. The seed is the component-wise median of n over the 3x3 blocks
 * around the point (a click a pixel or two off the sticker, or on its edge, still
 * lands on its colour); the region grows over 4-connected blocks within
 * GATE * |n_seed| of the seed, no further than LIMIT_PX from the point. Edge
 * blocks mix sticker and background (anti-aliasing, 4:2:0 chroma), so the
 * statistics come from the interior: blocks whose four neighbours are all in.
 * rc_color_learn_doubtful then says when what was learnt is unlikely to be the
 * sticker meant (a region too large, a colour far from the sticker's nominal one).
 */
#include "detect_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* TUNABLE: the region gate, relative to |n_seed|; the largest region, pixels. */
#define GATE     0.25
#define LIMIT_PX 80

typedef struct block {
    double nb, nr, y, cb, cr;
    int colour; /* chroma above MIN_CHROMA */
} block;

static block block_at(const rc_image *f, int i, int j)
{
    int w = f->width, h = f->height;
    const uint8_t *ya = rc_image_row(f, 0, 2 * j);
    const uint8_t *yb = 2 * j + 1 < h ? rc_image_row(f, 0, 2 * j + 1) : ya;
    int xa = 2 * i, xb = 2 * i + 1 < w ? 2 * i + 1 : 2 * i;
    block b;
    b.y = 0.25 * (ya[xa] + ya[xb] + yb[xa] + yb[xb]);
    b.cb = rc_image_row(f, 1, j)[i];
    b.cr = rc_image_row(f, 2, j)[i];
    double cb = b.cb - 128.0, cr = b.cr - 128.0, yn = b.y > LUMA_FLOOR ? b.y : LUMA_FLOOR;
    b.nb = cb / yn;
    b.nr = cr / yn;
    b.colour = cb * cb + cr * cr >= MIN_CHROMA * MIN_CHROMA;
    return b;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The seed: the component-wise median of n over the 3x3 blocks around (si, sj) that
 * have colour. Returns how many had colour; the median is set only from 5 up. */
static int seed_chroma(const rc_image *frame, int si, int sj, double *nb0, double *nr0)
{
    const int w2 = (frame->width + 1) / 2, h2 = (frame->height + 1) / 2;
    double sb[9], sr[9];
    int ns = 0;
    for (int dj = -1; dj <= 1; dj++)
        for (int di = -1; di <= 1; di++) {
            int i = si + di, j = sj + dj;
            if (i < 0 || j < 0 || i >= w2 || j >= h2)
                continue;
            block b = block_at(frame, i, j);
            if (b.colour) {
                sb[ns] = b.nb;
                sr[ns++] = b.nr;
            }
        }
    if (ns < 5)
        return ns;
    qsort(sb, (size_t)ns, sizeof *sb, cmp_double);
    qsort(sr, (size_t)ns, sizeof *sr, cmp_double);
    *nb0 = sb[ns / 2];
    *nr0 = sr[ns / 2];
    return ns;
}

/* The region around the seed block (si, sj): blocks of a square of side 2 L + 1,
 * in[] 0 unvisited, 1 in the region, 2 refused; queue[0..tail) the region's blocks in
 * the order they were reached. */
typedef struct region {
    const rc_image *frame;
    int si, sj, L, side;
    unsigned char *in;
    int *queue;
    int tail, n_region, hit_limit;
} region;

/* Breadth-first over 4-connected blocks with colour within `gate` of the seed's n. */
static void grow_region(region *r, double nb0, double nr0, double gate)
{
    const rc_image *frame = r->frame;
    const int w2 = (frame->width + 1) / 2, h2 = (frame->height + 1) / 2;
    const int L = r->L, side = r->side, si = r->si, sj = r->sj;
    unsigned char *in = r->in;
    int *queue = r->queue;
    int head = 0, tail = 0, hit_limit = 0, n_region = 0;
    in[L * side + L] = 1;
    queue[tail++] = L * side + L;
    while (head < tail) {
        int q = queue[head++], qi = q % side, qj = q / side;
        n_region++;
        for (int k = 0; k < 4; k++) { /* right, left, down, up */
            int ai = qi + (k == 0) - (k == 1), aj = qj + (k == 2) - (k == 3);
            int i = si - L + ai, j = sj - L + aj;
            if (ai < 0 || aj < 0 || ai >= side || aj >= side) {
                hit_limit = 1;
                continue;
            }
            if (i < 0 || j < 0 || i >= w2 || j >= h2 || in[aj * side + ai])
                continue;
            block b = block_at(frame, i, j);
            double db = b.nb - nb0, dr = b.nr - nr0;
            int ok = b.colour && db * db + dr * dr <= gate * gate;
            in[aj * side + ai] = ok ? 1 : 2;
            if (ok)
                queue[tail++] = aj * side + ai;
        }
    }
    r->tail = tail;
    r->n_region = n_region;
    r->hit_limit = hit_limit;
}

/* Sums over the interior (over the whole region when it has fewer than 3 interior
 * blocks): s = n_b, n_r, Y, Cb, Cr; snn = n_b n_b, n_b n_r, n_r n_r. Returns the
 * number of blocks summed. */
static int region_sums(const region *r, double s[5], double snn[3])
{
    const int side = r->side;
    const unsigned char *in = r->in;
    int n = 0;
    for (int pass = 0; pass < 2 && n < 3; pass++) {
        memset(s, 0, 5 * sizeof *s);
        memset(snn, 0, 3 * sizeof *snn);
        n = 0;
        for (int t = 0; t < r->tail; t++) {
            int q = r->queue[t], qi = q % side, qj = q / side;
            int interior = qi > 0 && qj > 0 && qi < side - 1 && qj < side - 1 && in[q - 1] == 1 &&
                           in[q + 1] == 1 && in[q - side] == 1 && in[q + side] == 1;
            if (pass == 0 && !interior)
                continue;
            block b = block_at(r->frame, r->si - r->L + qi, r->sj - r->L + qj);
            s[0] += b.nb;
            s[1] += b.nr;
            s[2] += b.y;
            s[3] += b.cb;
            s[4] += b.cr;
            snn[0] += b.nb * b.nb;
            snn[1] += b.nb * b.nr;
            snn[2] += b.nr * b.nr;
            n++;
        }
    }
    return n;
}

/* The class from the sums of n blocks: mean and covariance of n, mean colour. */
static void fill_class(const double s[5], const double snn[3], int n, rc_color_class *out)
{
    double mb = s[0] / n, mr = s[1] / n;
    memset(out, 0, sizeof *out);
    out->kind = RC_CLASS_COLOR;
    out->learned = 1;
    out->mean[0] = (float)mb;
    out->mean[1] = (float)mr;
    out->cov[0] = (float)fmax(snn[0] / n - mb * mb, 0.0);
    out->cov[1] = (float)(snn[1] / n - mb * mr);
    out->cov[2] = (float)fmax(snn[2] / n - mr * mr, 0.0);
    rc_ycbcr_to_rgb((float)(s[2] / n), (float)(s[3] / n), (float)(s[4] / n), out->rgb);
}

rc_status rc_color_learn(const rc_image *frame, float x_px, float y_px, rc_color_class *out,
                         rc_color_learn_info *info, rc_err *err)
{
    if (!frame || frame->fmt != RC_PIX_I420 || !out)
        return rc_err_set(err, RC_E_ARG, "colour learning needs an I420 frame");
    if (!(x_px >= 0 && y_px >= 0 && x_px < frame->width && y_px < frame->height))
        return rc_err_set(err, RC_E_ARG, "point (%.1f, %.1f) is outside the %dx%d frame",
                          (double)x_px, (double)y_px, frame->width, frame->height);
    const int si = (int)x_px / 2, sj = (int)y_px / 2;
    double nb0 = 0, nr0 = 0;
    if (seed_chroma(frame, si, sj, &nb0, &nr0) < 5) {
        block b = block_at(frame, si, sj);
        return rc_err_set(err, RC_E_ARG,
                          "point (%.0f, %.0f) is not on a coloured sticker: colour "
                          "YCbCr(%.0f, %.0f, %.0f) is grey, white or dark there",
                          (double)x_px, (double)y_px, b.y, b.cb, b.cr);
    }
    const double gate = GATE * sqrt(nb0 * nb0 + nr0 * nr0);

    region r = {.frame = frame, .si = si, .sj = sj, .L = LIMIT_PX / 2};
    r.side = 2 * r.L + 1;
    r.in = calloc((size_t)r.side * r.side, 1);
    r.queue = malloc(sizeof *r.queue * (size_t)r.side * r.side);
    if (!r.in || !r.queue) {
        free(r.in);
        free(r.queue);
        return rc_err_set(err, RC_E_NOMEM, "colour learning: out of memory");
    }
    grow_region(&r, nb0, nr0, gate);
    double s[5] = {0}, snn[3] = {0};
    int n = region_sums(&r, s, snn);
    free(r.in);
    free(r.queue);
    if (n < 3)
        return rc_err_set(err, RC_E_ARG,
                          "point (%.0f, %.0f): the coloured area there is too small (%d blocks) "
                          "to learn from",
                          (double)x_px, (double)y_px, r.n_region);
    fill_class(s, snn, n, out);
    if (info) {
        info->n_blocks = n;
        info->area_px = 4.0f * (float)r.n_region;
        info->mean_luma = (float)(s[2] / n);
        info->hit_limit = r.hit_limit;
    }
    return RC_OK;
}

int rc_color_learn_doubtful(const rc_color_class *cls, const rc_color_learn_info *info,
                            const uint8_t nominal_rgb[3], char *why, size_t cap)
{
    if (info->hit_limit) {
        snprintf(why, cap,
                 "the colour there spreads over more than a sticker (skin, clothing or "
                 "a wall?)");
        return 1;
    }
    float y, cb, cr;
    rc_rgb_to_ycbcr(nominal_rgb, &y, &cb, &cr);
    double yn = y > 24 ? y : 24, nb = (cb - 128) / yn, nr = (cr - 128) / yn;
    double db = cls->mean[0] - nb, dr = cls->mean[1] - nr;
    if (sqrt(db * db + dr * dr) > 0.6 * sqrt(nb * nb + nr * nr)) {
        snprintf(why, cap,
                 "the colour there (#%02x%02x%02x as seen) is far from the model's "
                 "#%02x%02x%02x for this sticker",
                 cls->rgb[0], cls->rgb[1], cls->rgb[2], nominal_rgb[0], nominal_rgb[1],
                 nominal_rgb[2]);
        return 1;
    }
    return 0;
}
