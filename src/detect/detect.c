/* detect.c - the marker detector: frame checks, ROI spans, shape filters, output.
 *
 * A frame (or the union of some rectangles) is labelled in one pass over its
 * half-resolution rows (detect_label.c, with the class of each 2x2 block decided
 * by detect_classify.c or its AVX2 twin, chosen here once at create). Components
 * whose area, fill ratio or elongation do not look like a round sticker are then
 * dropped (skin patches that slip through, clothing edges with a chroma fringe,
 * thin specular lines). Survivors get a sub-pixel centroid (detect_refine.c). All
 * scratch memory is sized in rc_detector_create; a frame allocates nothing.
 */
#include "detect_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* TUNABLE: default tolerance, relative to the reference's normalised chroma. Yellow
 * (the least saturated sticker, |n| = 0.50) keeps 0.175 around it; brown (dark
 * yellow) backgrounds sit >= 0.24 away, skin (224,172,140) 0.34. */
#define DEFAULT_TOLERANCE 0.35f
/* TUNABLE: default smallest blob, full-res pixels (a disc of radius ~2.3 px). */
#define DEFAULT_MIN_AREA 16.0f
/* TUNABLE: default largest blob as a fraction of the frame. */
#define DEFAULT_MAX_AREA_FRAC (1.0f / 25.0f)
/* TUNABLE: a disc fills 0.785 of its box; 0.4 leaves room for small, blurred ones. */
#define MIN_FILL 0.4
/* TUNABLE: longest/shortest axis; motion blur stretches fast markers a little. */
#define MAX_ELONGATION 3.0
/* TUNABLE: a motion-blur streak: a sticker moving 2-4 diameters in the exposure is
 * 3-5 diameters long; longer and thinner is a clothing edge or a specular line.
 * Its mask must fill STREAK_MIN_FILL of the ellipse of its second moments (a
 * stroke fills 0.95, an L-shaped fold or two touching blobs much less). */
#define STREAK_ELONGATION 8.0
#define STREAK_MIN_FILL   0.6
/* TUNABLE: a streak is at least as wide as the smallest sticker, two blocks (the
 * variance across it >= 0.25 block^2; a one-block line has 1/12): specular lines
 * and edges are thinner. */
#define STREAK_MIN_VAR 0.25
#define MAX_CANDIDATES 4096
/* Union-find pool: components beyond it in one frame are noise, not markers. */
#define MAX_NODES 65536
/* ROI calls with more rectangles than this search their bounding box instead. */
#define MAX_ROI        256
#define MIN_REF_CHROMA 10.0f
/* TUNABLE: learnt classes accept LEARN_SIGMAS standard deviations of the learnt
 * chroma, after adding LEARN_FLOOR (normalised chroma) in quadrature: one frame
 * shows neither another camera's noise nor JPEG or colour-temperature shifts. */
#define LEARN_SIGMAS   4.0
#define LEARN_FLOOR    0.03
#define LEARN_MIN_NORM 0.08
/* TUNABLE: the automatic BRIGHT threshold samples every 2nd block row of a full
 * frame (a quarter of the luma rows: the percentiles do not move, the pass costs
 * half) and every 8th in ROI mode. */
#define FULL_HIST_ROW_STEP 2
#define ROI_HIST_ROW_STEP  8

/* A learnt class: the ellipse (n - mean)^T (cov + F^2 I)^-1 (n - mean) <= K^2. */
static int set_learned(rc__class_ref *r, const rc_color_class *cc, int k, rc_err *err)
{
    double a = cc->cov[0], b = cc->cov[1], c = cc->cov[2];
    double mb = cc->mean[0], mr = cc->mean[1];
    if (!(isfinite(a) && isfinite(b) && isfinite(c) && isfinite(mb) && isfinite(mr)) || a < 0 ||
        c < 0 || a * c - b * b < -1e-12 || a > 1 || c > 1 || fabs(mb) > 8 || fabs(mr) > 8) {
        rc_err_set(err, RC_E_ARG,
                   "detector: class %d: learnt chroma (mean %g %g, covariance %g %g %g) is not "
                   "a valid mean and covariance",
                   k, mb, mr, a, b, c);
        return 1;
    }
    if (sqrt(mb * mb + mr * mr) < LEARN_MIN_NORM) {
        rc_err_set(err, RC_E_ARG,
                   "detector: class %d: learnt chroma (%g, %g) is too grey for a colour class", k,
                   mb, mr);
        return 1;
    }
    a += LEARN_FLOOR * LEARN_FLOOR;
    c += LEARN_FLOOR * LEARN_FLOOR;
    double det = a * c - b * b, s = 1.0 / (LEARN_SIGMAS * LEARN_SIGMAS * det);
    r->nb = (float)mb;
    r->nr = (float)mr;
    r->q00 = (float)(c * s);
    r->q01 = (float)(-b * s);
    r->q11 = (float)(a * s);
    /* longest semi-axis: K sqrt(largest eigenvalue of the covariance) */
    double tr = 0.5 * (a + c), dd = sqrt(0.25 * (a - c) * (a - c) + b * b);
    r->tol = (float)(LEARN_SIGMAS * sqrt(tr + dd));
    return 0;
}

rc_detector *rc_detector_create(const rc_detect_config *cfg, rc_err *err)
{
    if (!cfg) {
        rc_err_set(err, RC_E_ARG, "detector: no configuration");
        return NULL;
    }
    if (cfg->width < 2 || cfg->height < 2 || cfg->width > 16384 || cfg->height > 16384) {
        rc_err_set(err, RC_E_ARG, "detector: bad frame size %dx%d", cfg->width, cfg->height);
        return NULL;
    }
    if (cfg->n_classes < 1 || cfg->n_classes > RC_MAX_CLASSES) {
        rc_err_set(err, RC_E_ARG, "detector: n_classes %d outside 1..%d", cfg->n_classes,
                   RC_MAX_CLASSES);
        return NULL;
    }
    if (!(cfg->min_area_px >= 0) || !(cfg->max_area_px >= 0) ||
        (cfg->max_area_px > 0 && cfg->max_area_px < cfg->min_area_px)) {
        rc_err_set(err, RC_E_ARG, "detector: bad area limits min %g max %g",
                   (double)cfg->min_area_px, (double)cfg->max_area_px);
        return NULL;
    }
    if (!(cfg->bright_threshold >= 0 && cfg->bright_threshold <= 255)) {
        rc_err_set(err, RC_E_ARG, "detector: bright_threshold %g outside 0..255",
                   (double)cfg->bright_threshold);
        return NULL;
    }
    rc_detector *d = calloc(1, sizeof *d);
    if (!d) {
        rc_err_set(err, RC_E_NOMEM, "detector: out of memory");
        return NULL;
    }
    d->cfg = *cfg;
    d->w = cfg->width;
    d->h = cfg->height;
    d->w2 = (d->w + 1) / 2;
    d->h2 = (d->h + 1) / 2;
    for (int k = 0; k < cfg->n_classes; k++) {
        const rc_color_class *cc = &cfg->cls[k];
        rc__class_ref *r = &d->ref[k];
        r->kind = cc->kind;
        if (cc->kind == RC_CLASS_BRIGHT) {
            if (!d->bright_code)
                d->bright_code = k + 1;
            continue;
        }
        if (cc->kind != RC_CLASS_COLOR) {
            rc_err_set(err, RC_E_ARG, "detector: class %d has unknown kind %d", k, (int)cc->kind);
            goto fail;
        }
        if (!(cc->tolerance >= 0 && cc->tolerance <= 1)) {
            rc_err_set(err, RC_E_ARG, "detector: class %d tolerance %g outside 0..1", k,
                       (double)cc->tolerance);
            goto fail;
        }
        rc_rgb_to_ycbcr(cc->rgb, &r->y, &r->cb, &r->cr);
        if (cc->learned) {
            if (set_learned(r, cc, k, err))
                goto fail;
        } else {
            float cb = r->cb - 128.0f, cr = r->cr - 128.0f;
            if (sqrtf(cb * cb + cr * cr) < MIN_REF_CHROMA || r->y < 8.0f) {
                rc_err_set(err, RC_E_ARG,
                           "detector: class %d colour rgb(%d,%d,%d) is too grey or dark for a "
                           "colour class (use kind bright for white markers)",
                           k, cc->rgb[0], cc->rgb[1], cc->rgb[2]);
                goto fail;
            }
            float yn = r->y > 24.0f ? r->y : 24.0f;
            r->nb = cb / yn;
            r->nr = cr / yn;
            r->tol = (cc->tolerance > 0 ? cc->tolerance : DEFAULT_TOLERANCE) *
                     sqrtf(r->nb * r->nb + r->nr * r->nr);
            r->q00 = r->q11 = 1.0f / (r->tol * r->tol);
            r->q01 = 0.0f;
        }
        d->n_color++;
    }
    d->min_area = cfg->min_area_px > 0 ? cfg->min_area_px : DEFAULT_MIN_AREA;
    d->max_area =
        cfg->max_area_px > 0 ? cfg->max_area_px : DEFAULT_MAX_AREA_FRAC * (float)d->w * (float)d->h;
    if (d->max_area < d->min_area)
        d->max_area = d->min_area;

    d->max_row_runs = d->w2 + 1; /* alternating codes: one run per block */
    d->max_nodes = MAX_NODES;
    d->max_accepted = MAX_CANDIDATES;
    d->lut = malloc(sizeof *d->lut * 65536);
    d->lut_in = malloc(sizeof *d->lut_in * 65536);
    d->codes = calloc((size_t)d->w2 + 64, 1);
    d->ablk = malloc(sizeof *d->ablk * (2 * ((size_t)d->w + 2) + 2 * ((size_t)d->w2 + 1)));
    d->runs[0] = malloc(sizeof(rc__run) * (size_t)d->max_row_runs);
    d->runs[1] = malloc(sizeof(rc__run) * (size_t)d->max_row_runs);
    d->node = malloc(sizeof *d->node * (size_t)d->max_nodes);
    d->accepted = malloc(sizeof *d->accepted * (size_t)d->max_accepted);
    if (!d->lut || !d->lut_in || !d->codes || !d->ablk || !d->runs[0] || !d->runs[1] || !d->node ||
        !d->accepted) {
        rc_err_set(err, RC_E_NOMEM, "detector: out of memory for %dx%d scratch", d->w, d->h);
        goto fail;
    }
    rc__detect_adapt_init(d);
    rc__detect_build_lut(d);
    d->row_kernel = rc__detect_row_scalar;
    d->lanes = rc__detect_lanes_scalar;
    d->kernel_name = "scalar";
    if (!cfg->force_scalar && rc__detect_have_sse2()) {
        d->lanes = rc__detect_lanes_sse2;
        d->kernel_name = "sse2";
    }
    if (!cfg->force_scalar && rc__detect_have_avx2()) {
        d->row_kernel = rc__detect_row_avx2;
        d->kernel_name = "avx2+sse2";
    }
    d->bright_thr = 256.0f;
    d->bright_min = 1 << 20;
    return d;
fail:
    rc_detector_destroy(d);
    return NULL;
}

void rc_detector_destroy(rc_detector *d)
{
    if (!d)
        return;
    free(d->lut);
    free(d->lut_in);
    free(d->codes);
    free(d->ablk);
    free(d->runs[0]);
    free(d->runs[1]);
    free(d->node);
    free(d->accepted);
    free(d);
}

const char *rc_detector_kernel_name(const rc_detector *d)
{
    return d ? d->kernel_name : "";
}

static int check_frame(const rc_detector *d, const rc_image *f)
{
    if (!f || f->fmt != RC_PIX_I420 || f->width != d->w || f->height != d->h)
        return 0;
    for (int p = 0; p < 3; p++)
        if (!f->plane[p] || f->stride_bytes[p] < rc_image_plane_width(f, p))
            return 0;
    return 1;
}

static int blob_cmp(const void *pa, const void *pb)
{
    const rc_blob *a = pa, *b = pb;
    if (a->cls != b->cls)
        return a->cls < b->cls ? -1 : 1;
    if (a->area_px != b->area_px)
        return a->area_px > b->area_px ? -1 : 1;
    if (a->y_px != b->y_px)
        return a->y_px < b->y_px ? -1 : 1;
    return (a->x_px > b->x_px) - (a->x_px < b->x_px);
}

/* Heap sort by blob_cmp: qsort may allocate (glibc merges through a heap buffer
 * for larger arrays), and the per-frame path must not. */
static void sift_down(rc_blob *b, int i, int n)
{
    for (;;) {
        int c = 2 * i + 1;
        if (c >= n)
            return;
        if (c + 1 < n && blob_cmp(&b[c + 1], &b[c]) > 0)
            c++;
        if (blob_cmp(&b[c], &b[i]) <= 0)
            return;
        rc_blob t = b[i];
        b[i] = b[c];
        b[c] = t;
        i = c;
    }
}

static void sort_blobs(rc_blob *b, int n)
{
    for (int i = n / 2 - 1; i >= 0; i--)
        sift_down(b, i, n);
    for (int e = n - 1; e > 0; e--) {
        rc_blob t = b[0];
        b[0] = b[e];
        b[e] = t;
        sift_down(b, 0, e);
    }
}

/* A streak whose colour fades (the sticker covered each pixel for part of the
 * exposure only) breaks into pieces: blobs of a streak's class whose extents come
 * within STREAK_MERGE_GAP of it, with half as much again (extent: half the length
 * of a streak, half its width across it, the radius
 * of a round blob, along the line between the centres) are merged into it:
 * area-weighted centre, summed area, the length the extent of the pieces along
 * the streak's direction. */
#define STREAK_MERGE_GAP  6.0 /* TUNABLE: full-res pixels between pieces */
#define STREAK_MAX_PIECES 8   /* pieces merged into one streak at most */
static double extent_towards(const rc_blob *b, double ux, double uy)
{
    if (!b->streak)
        return sqrt(b->area_px / 3.14159265358979);
    double c = fabs(ux * b->dir_x + uy * b->dir_y), w = 0.5 * b->area_px / (b->length_px + 1);
    return 0.5 * b->length_px * c + w * sqrt(fmax(0, 1 - c * c));
}

static int merge_streaks(rc_blob *b, int n)
{
    for (int i = 0; i < n; i++) {
        if (!b[i].streak || b[i].area_px <= 0)
            continue;
        int merged = 0;
        for (int j = 0; j < n && merged < STREAK_MAX_PIECES; j++) {
            if (j == i || b[j].cls != b[i].cls || b[j].area_px <= 0)
                continue;
            double dx = b[j].x_px - b[i].x_px, dy = b[j].y_px - b[i].y_px, d = hypot(dx, dy);
            double ux = d > 0 ? dx / d : 1, uy = d > 0 ? dy / d : 0;
            if (d > 1.5 * (extent_towards(&b[i], ux, uy) + extent_towards(&b[j], ux, uy)) +
                        STREAK_MERGE_GAP)
                continue;
            double along = dx * b[i].dir_x + dy * b[i].dir_y;
            double ej = extent_towards(&b[j], b[i].dir_x, b[i].dir_y);
            double lo = fmin(-0.5 * b[i].length_px, along - ej);
            double hi = fmax(0.5 * b[i].length_px, along + ej);
            double ai = b[i].area_px, aj = b[j].area_px, a = ai + aj;
            b[i].x_px = (float)((b[i].x_px * ai + b[j].x_px * aj) / a);
            b[i].y_px = (float)((b[i].y_px * ai + b[j].y_px * aj) / a);
            b[i].area_px = (float)a;
            b[i].length_px = (float)(hi - lo);
            b[j].area_px = 0; /* merged: dropped below */
            merged++;
            j = -1; /* the streak grew: look at every piece again */
        }
    }
    int m = 0;
    for (int i = 0; i < n; i++)
        if (b[i].area_px > 0)
            b[m++] = b[i];
    return m;
}

/* TUNABLE: a round COLOR blob whose core's mean colour is far from its class
 * centre is not a sticker of that class: its blocks got in as the noisy or mixed
 * edge of a nearby hue (fragments of a mustard shirt under a yellow sticker: 0.9-1
 * of the class's size and more; the sticker 0.01-0.04). Where the refinement found
 * contrast with the ring, the core's colour is its marker colour (score = 1 -
 * distance) and the limit MAX_CORE_DIST (a learnt class under 1.3x light, clipped,
 * sits near 0.85); where it found none (a fragment of the shirt on the shirt) or no
 * room, the mean of the blob's inner blocks, and the limit MAX_CORE_DIST_FLAT. Light
 * adaptation keeps true stickers near their centre. */
#define MAX_CORE_DIST      0.9
#define MAX_CORE_DIST_FLAT 0.8
static int core_not_of_class(const rc_detector *d, const rc_image *frame, const rc_blob *b,
                             int refined)
{
    if (d->ref[b->cls].kind != RC_CLASS_COLOR)
        return 0;
    if (refined)
        return b->score < (float)(1.0 - MAX_CORE_DIST);
    return rc__detect_core_distance(d, frame, b) > MAX_CORE_DIST_FLAT;
}

/* Shape filters, refinement, sorting and output, over the union-find roots. */
static int finish(rc_detector *d, const rc_image *frame, rc_blob *out, int cap)
{
    int na = 0;
    for (int k = 0; k < d->n_nodes && na < d->max_accepted; k++) {
        const rc__node *nd = &d->node[k];
        if (nd->parent != k)
            continue;
        float area = 4.0f * (float)nd->n;
        if (area < d->min_area || area > d->max_area)
            continue;
        rc__cand cand = {.cls = nd->cls,
                         .n = (double)nd->n,
                         .sx = (double)nd->sx,
                         .sy = (double)nd->sy,
                         .sxx = (double)nd->sxx,
                         .syy = (double)nd->syy,
                         .sxy = (double)nd->sxy,
                         .x0 = nd->x0,
                         .y0 = nd->y0,
                         .x1 = nd->x1,
                         .y1 = nd->y1};
        const rc__cand *c = &cand;
        double bw = c->x1 - c->x0 + 1, bh = c->y1 - c->y0 + 1;
        double fill = c->n / (bw * bh);
        double mx = c->sx / c->n, my = c->sy / c->n;
        double cxx = c->sxx / c->n - mx * mx + 1.0 / 12, cyy = c->syy / c->n - my * my + 1.0 / 12;
        double cxy = c->sxy / c->n - mx * my;
        double tr = 0.5 * (cxx + cyy), disc = sqrt(0.25 * (cxx - cyy) * (cxx - cyy) + cxy * cxy);
        double l1 = tr + disc, l2 = tr - disc;
        if (l2 <= 0)
            continue;
        int streak = 0;
        if (fill < MIN_FILL || l1 > MAX_ELONGATION * MAX_ELONGATION * l2) {
            /* Not round: a motion streak, or not a sticker at all. */
            double efill = c->n / (4.0 * 3.14159265358979 * sqrt(l1 * l2));
            if (l1 <= MAX_ELONGATION * MAX_ELONGATION * l2 ||
                l1 > STREAK_ELONGATION * STREAK_ELONGATION * l2 || efill < STREAK_MIN_FILL ||
                l2 < STREAK_MIN_VAR)
                continue;
            streak = 1;
        }
        rc_blob *b = &d->accepted[na];
        memset(b, 0, sizeof *b);
        b->cls = c->cls;
        b->fill = (float)fill;
        b->x_px = (float)(2.0 * mx + 0.5);
        b->y_px = (float)(2.0 * my + 0.5);
        b->area_px = area;
        if (streak) {
            /* Eigenvector of the larger eigenvalue; lengths in full-res pixels. */
            double ex = fabs(cxy) > 1e-12 ? cxy : (cxx >= cyy ? 1 : 0);
            double ey = fabs(cxy) > 1e-12 ? l1 - cxx : (cxx >= cyy ? 0 : 1);
            double en = hypot(ex, ey);
            b->streak = 1;
            b->dir_x = (float)(ex / en);
            b->dir_y = (float)(ey / en);
            /* a uniform stroke of length L has standard deviation L / sqrt(12) */
            b->length_px = (float)(sqrt(12.0) * 2.0 * sqrt(l1));
            na++;
            continue;
        }
        rc_blob rb = *b;
        int refined = rc__detect_refine(d, frame, c, &rb);
        if (core_not_of_class(d, frame, refined ? &rb : b, refined))
            continue;
        if (refined) {
            /* A refinement that leaves the component's box went astray (a neighbour
             * in the window): keep the hard centroid then. */
            if (rb.x_px >= 2.0f * c->x0 - 1.0f && rb.x_px <= 2.0f * c->x1 + 2.0f &&
                rb.y_px >= 2.0f * c->y0 - 1.0f && rb.y_px <= 2.0f * c->y1 + 2.0f)
                *b = rb;
        }
        na++;
    }
    na = merge_streaks(d->accepted, na);
    sort_blobs(d->accepted, na);
    int n = na < cap ? na : cap;
    if (n > 0)
        memcpy(out, d->accepted, sizeof *out * (size_t)n);
    return n;
}

static void set_bright(rc_detector *d, const rc_image *frame, int row_step)
{
    d->bright_thr = d->bright_code ? rc__detect_bright_threshold(d, frame, row_step) : 256.0f;
    /* y = sum / 4 >= thr needs sum >= 4 thr; one below keeps float rounding safe. */
    d->bright_min = d->bright_thr <= 255.0f ? (int)floorf(4.0f * d->bright_thr) - 1 : 1 << 20;
}

int rc_detector_run(rc_detector *d, const rc_image *frame, rc_blob *out, int cap)
{
    if (!d || !check_frame(d, frame) || cap < 0 || (cap > 0 && !out))
        return RC_E_ARG;
    set_bright(d, frame, FULL_HIST_ROW_STEP);
    const int iv[2] = {0, d->w2};
    rc__detect_label_begin(d);
    for (int j = 0; j < d->h2; j++)
        rc__detect_label_row(d, frame, j, iv, 1);
    return finish(d, frame, out, cap);
}

int rc_detector_run_roi(rc_detector *d, const rc_image *frame, const rc_rect *roi, int n_roi,
                        rc_blob *out, int cap)
{
    if (!d || !check_frame(d, frame) || cap < 0 || (cap > 0 && !out) || n_roi < 0 ||
        (n_roi > 0 && !roi))
        return RC_E_ARG;
    set_bright(d, frame, ROI_HIST_ROW_STEP);
    /* Clip in full-res pixels, then cover each rectangle with whole 2x2 blocks:
     * half-res [bx0, bx1) x [by0, by1). Too many rectangles: their bounding box. */
    int br[MAX_ROI][4], nb = 0, jmin = d->h2, jmax = 0;
    for (int k = 0; k < n_roi; k++) {
        long x0 = roi[k].x, y0 = roi[k].y;
        long x1 = x0 + (long)roi[k].w, y1 = y0 + (long)roi[k].h;
        if (x0 < 0)
            x0 = 0;
        if (y0 < 0)
            y0 = 0;
        if (x1 > d->w)
            x1 = d->w;
        if (y1 > d->h)
            y1 = d->h;
        if (x1 <= x0 || y1 <= y0)
            continue;
        int b[4] = {(int)(x0 / 2), (int)(y0 / 2), (int)((x1 + 1) / 2), (int)((y1 + 1) / 2)};
        if (nb == MAX_ROI) {
            int *m = br[MAX_ROI - 1];
            for (int c = 0; c < 2; c++) {
                m[c] = b[c] < m[c] ? b[c] : m[c];
                m[c + 2] = b[c + 2] > m[c + 2] ? b[c + 2] : m[c + 2];
            }
        } else {
            memcpy(br[nb++], b, sizeof b);
        }
        if (b[1] < jmin)
            jmin = b[1];
        if (b[3] > jmax)
            jmax = b[3];
    }
    /* Row by row, the rectangles crossing it become sorted, merged intervals, so
     * overlapping rectangles are searched once and a blob across two is whole. */
    int iv[2 * MAX_ROI];
    rc__detect_label_begin(d);
    for (int j = jmin; j < jmax; j++) {
        int n = 0;
        for (int k = 0; k < nb; k++) {
            if (j < br[k][1] || j >= br[k][3])
                continue;
            int a = br[k][0], e = br[k][2], pos = n;
            while (pos > 0 && iv[2 * (pos - 1)] > a) {
                iv[2 * pos] = iv[2 * (pos - 1)];
                iv[2 * pos + 1] = iv[2 * (pos - 1) + 1];
                pos--;
            }
            iv[2 * pos] = a;
            iv[2 * pos + 1] = e;
            n++;
        }
        int m = 0;
        for (int k = 0; k < n; k++) {
            if (m > 0 && iv[2 * k] <= iv[2 * (m - 1) + 1]) {
                if (iv[2 * k + 1] > iv[2 * (m - 1) + 1])
                    iv[2 * (m - 1) + 1] = iv[2 * k + 1];
            } else {
                iv[2 * m] = iv[2 * k];
                iv[2 * m + 1] = iv[2 * k + 1];
                m++;
            }
        }
        if (m > 0)
            rc__detect_label_row(d, frame, j, iv, m);
    }
    return finish(d, frame, out, cap);
}
