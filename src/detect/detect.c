/* detect.c - the marker detector: frame checks, connected components, shape filters.
 *
 * A frame is classified into a half-resolution class map (detect_classify.c), the
 * map is cut into horizontal runs that are joined into 8-connected components with
 * a union-find in a single pass, each component's moments are summed analytically
 * from its runs, and components whose area, fill ratio or elongation do not look
 * like a round sticker are dropped (skin patches that slip through, clothing edges
 * with a chroma fringe, thin specular lines). Survivors get a sub-pixel centroid
 * (detect_refine.c). All scratch memory is sized in rc_detector_create.
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
#define MAX_CANDIDATES 4096
#define MIN_REF_CHROMA 10.0f

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
            d->has_bright = 1;
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
        r->tol2 = r->tol * r->tol;
        d->n_color++;
    }
    d->min_area = cfg->min_area_px > 0 ? cfg->min_area_px : DEFAULT_MIN_AREA;
    d->max_area =
        cfg->max_area_px > 0 ? cfg->max_area_px : DEFAULT_MAX_AREA_FRAC * (float)d->w * (float)d->h;
    if (d->max_area < d->min_area)
        d->max_area = d->min_area;

    /* Worst case: every other half-res pixel starts a run. */
    d->max_runs = d->h2 * ((d->w2 + 1) / 2) + 1;
    d->max_cand = MAX_CANDIDATES;
    d->max_accepted = MAX_CANDIDATES;
    d->map = calloc((size_t)d->w2 * d->h2, 1);
    d->runs = malloc(sizeof *d->runs * (size_t)d->max_runs);
    d->parent = malloc(sizeof *d->parent * (size_t)d->max_runs);
    d->cand_of = malloc(sizeof *d->cand_of * (size_t)d->max_runs);
    d->cand = malloc(sizeof *d->cand * (size_t)d->max_cand);
    d->accepted = malloc(sizeof *d->accepted * (size_t)d->max_accepted);
    if (!d->map || !d->runs || !d->parent || !d->cand_of || !d->cand || !d->accepted) {
        rc_err_set(err, RC_E_NOMEM, "detector: out of memory for %dx%d scratch", d->w, d->h);
        goto fail;
    }
    return d;
fail:
    rc_detector_destroy(d);
    return NULL;
}

void rc_detector_destroy(rc_detector *d)
{
    if (!d)
        return;
    free(d->map);
    free(d->runs);
    free(d->parent);
    free(d->cand_of);
    free(d->cand);
    free(d->accepted);
    free(d);
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

static int uf_find(int *parent, int i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

static void uf_union(int *parent, int a, int b)
{
    a = uf_find(parent, a);
    b = uf_find(parent, b);
    if (a < b)
        parent[b] = a;
    else if (b < a)
        parent[a] = b;
}

/* Runs + union-find over the class map; fills d->cand, returns how many. */
static int label_components(rc_detector *d)
{
    int nr = 0, prev_start = 0, prev_end = 0;
    for (int j = 0; j < d->h2; j++) {
        const uint8_t *m = d->map + (size_t)j * d->w2;
        int cur_start = nr, p = prev_start;
        for (int i = 0; i < d->w2;) {
            if (!m[i]) {
                i++;
                continue;
            }
            int x0 = i, code = m[i];
            while (i < d->w2 && m[i] == code)
                i++;
            rc__run *r = &d->runs[nr];
            r->y = j;
            r->x0 = x0;
            r->x1 = i - 1;
            r->cls = code - 1;
            d->parent[nr] = nr;
            d->cand_of[nr] = -1;
            /* 8-connectivity: previous-row runs overlapping [x0-1, x1+1]. */
            while (p < prev_end && d->runs[p].x1 < x0 - 1)
                p++;
            for (int q = p; q < prev_end && d->runs[q].x0 <= r->x1 + 1; q++)
                if (d->runs[q].cls == r->cls)
                    uf_union(d->parent, nr, q);
            nr++;
        }
        prev_start = cur_start;
        prev_end = nr;
    }

    int nc = 0;
    for (int k = 0; k < nr; k++) {
        int root = uf_find(d->parent, k);
        int ci = d->cand_of[root];
        if (ci == -1) {
            if (nc >= d->max_cand) {
                d->cand_of[root] = -2; /* too many components: the rest are noise */
                continue;
            }
            ci = d->cand_of[root] = nc++;
            rc__cand *c = &d->cand[ci];
            memset(c, 0, sizeof *c);
            c->cls = d->runs[k].cls;
            c->x0 = d->runs[k].x0;
            c->x1 = d->runs[k].x1;
            c->y0 = c->y1 = d->runs[k].y;
        } else if (ci < 0) {
            continue;
        }
        const rc__run *r = &d->runs[k];
        rc__cand *c = &d->cand[ci];
        double n = r->x1 - r->x0 + 1, y = r->y;
        double s1 = 0.5 * n * (r->x0 + r->x1);
        double a = r->x0 - 1, b = r->x1;
        double s2 = (b * (b + 1) * (2 * b + 1) - a * (a + 1) * (2 * a + 1)) / 6.0;
        c->n += n;
        c->sx += s1;
        c->sy += n * y;
        c->sxx += s2;
        c->syy += n * y * y;
        c->sxy += s1 * y;
        if (r->x0 < c->x0)
            c->x0 = r->x0;
        if (r->x1 > c->x1)
            c->x1 = r->x1;
        if (r->y > c->y1)
            c->y1 = r->y;
    }
    return nc;
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

/* Shape filters, refinement, sorting and output. */
static int finish(rc_detector *d, const rc_image *frame, int nc, rc_blob *out, int cap)
{
    int na = 0;
    for (int k = 0; k < nc && na < d->max_accepted; k++) {
        const rc__cand *c = &d->cand[k];
        float area = 4.0f * (float)c->n;
        if (area < d->min_area || area > d->max_area)
            continue;
        double bw = c->x1 - c->x0 + 1, bh = c->y1 - c->y0 + 1;
        double fill = c->n / (bw * bh);
        if (fill < MIN_FILL)
            continue;
        double mx = c->sx / c->n, my = c->sy / c->n;
        double cxx = c->sxx / c->n - mx * mx + 1.0 / 12, cyy = c->syy / c->n - my * my + 1.0 / 12;
        double cxy = c->sxy / c->n - mx * my;
        double tr = 0.5 * (cxx + cyy), disc = sqrt(0.25 * (cxx - cyy) * (cxx - cyy) + cxy * cxy);
        double l1 = tr + disc, l2 = tr - disc;
        if (l2 <= 0 || l1 > MAX_ELONGATION * MAX_ELONGATION * l2)
            continue;
        rc_blob *b = &d->accepted[na];
        b->cls = c->cls;
        b->fill = (float)fill;
        b->x_px = (float)(2.0 * mx + 0.5);
        b->y_px = (float)(2.0 * my + 0.5);
        b->area_px = area;
        b->score = 0.0f;
        rc_blob rb = *b;
        if (rc__detect_refine(d, frame, c, &rb)) {
            /* A refinement that leaves the component's box went astray (a neighbour
             * in the window): keep the hard centroid then. */
            if (rb.x_px >= 2.0f * c->x0 - 1.0f && rb.x_px <= 2.0f * c->x1 + 2.0f &&
                rb.y_px >= 2.0f * c->y0 - 1.0f && rb.y_px <= 2.0f * c->y1 + 2.0f)
                *b = rb;
        }
        na++;
    }
    qsort(d->accepted, (size_t)na, sizeof *d->accepted, blob_cmp);
    int n = na < cap ? na : cap;
    if (n > 0)
        memcpy(out, d->accepted, sizeof *out * (size_t)n);
    return n;
}

int rc_detector_run(rc_detector *d, const rc_image *frame, rc_blob *out, int cap)
{
    if (!d || !check_frame(d, frame) || cap < 0 || (cap > 0 && !out))
        return RC_E_ARG;
    d->bright_thr = d->has_bright ? rc__detect_bright_threshold(d, frame) : 256.0f;
    rc__detect_classify_rect(d, frame, 0, 0, d->w2, d->h2);
    int nc = label_components(d);
    return finish(d, frame, nc, out, cap);
}

int rc_detector_run_roi(rc_detector *d, const rc_image *frame, const rc_rect *roi, int n_roi,
                        rc_blob *out, int cap)
{
    if (!d || !check_frame(d, frame) || cap < 0 || (cap > 0 && !out) || n_roi < 0 ||
        (n_roi > 0 && !roi))
        return RC_E_ARG;
    d->bright_thr = d->has_bright ? rc__detect_bright_threshold(d, frame) : 256.0f;
    memset(d->map, 0, (size_t)d->w2 * d->h2);
    for (int k = 0; k < n_roi; k++) {
        /* Clip in full-res pixels, then cover the rectangle with whole 2x2 blocks. */
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
        rc__detect_classify_rect(d, frame, (int)(x0 / 2), (int)(y0 / 2), (int)((x1 + 1) / 2),
                                 (int)((y1 + 1) / 2));
    }
    int nc = label_components(d);
    return finish(d, frame, nc, out, cap);
}
