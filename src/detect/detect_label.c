/* detect_label.c - one-pass connected components over the half-resolution class map.
 *
 * Rows are classified one at a time into a single row of codes (no frame-sized
 * map is ever written), cut into runs of equal code, and each run is joined to the
 * runs of the row above that touch it (8-connectivity: overlap of [x0-1, x1+1]) and
 * share its code. A run that touches nothing starts a union-find node; a run that
 * touches several components merges them, and the moments (count, sums of x, y,
 * x^2, y^2, xy, bounding box) are added to the root as the run is met, so no second
 * pass over runs or pixels is needed. The older node stays the root, which keeps the
 * component order the raster order of first appearance. Most rows of a frame hold
 * no coloured block; they cost one word test per eight blocks.
 */
#include "detect_internal.h"

#include <string.h>

static int find(rc__node *nd, int i)
{
    while (nd[i].parent != i) {
        nd[i].parent = nd[nd[i].parent].parent;
        i = nd[i].parent;
    }
    return i;
}

/* Merges roots a and b; returns the surviving root (the older one). */
static int unite(rc__node *nd, int a, int b)
{
    if (a == b)
        return a;
    if (b < a) {
        int t = a;
        a = b;
        b = t;
    }
    rc__node *ra = &nd[a], *rb = &nd[b];
    ra->n += rb->n;
    ra->sx += rb->sx;
    ra->sy += rb->sy;
    ra->sxx += rb->sxx;
    ra->syy += rb->syy;
    ra->sxy += rb->sxy;
    if (rb->x0 < ra->x0)
        ra->x0 = rb->x0;
    if (rb->x1 > ra->x1)
        ra->x1 = rb->x1;
    if (rb->y0 < ra->y0)
        ra->y0 = rb->y0;
    if (rb->y1 > ra->y1)
        ra->y1 = rb->y1;
    rb->parent = a;
    return a;
}

void rc__detect_label_begin(rc_detector *d)
{
    d->n_nodes = 0;
    d->n_prev = 0;
    d->prev_row = -2;
}

/* Sum of k^2 for k = 0..x. */
static inline int64_t sq_sum(int64_t x)
{
    return x * (x + 1) * (2 * x + 1) / 6;
}

void rc__detect_label_row(rc_detector *d, const rc_image *frame, int j, const int *iv, int n_iv)
{
    const uint8_t *ya = rc_image_row(frame, 0, 2 * j);
    const uint8_t *yb = (2 * j + 1 < d->h) ? rc_image_row(frame, 0, 2 * j + 1) : ya;
    const uint8_t *u = rc_image_row(frame, 1, j), *v = rc_image_row(frame, 2, j);
    uint8_t *codes = d->codes;
    int any = 0;
    for (int k = 0; k < n_iv; k++)
        any |= d->row_kernel(d, ya, yb, u, v, iv[2 * k], iv[2 * k + 1], codes);
    if (d->prev_row != j - 1)
        d->n_prev = 0;
    d->prev_row = j;
    if (!any) {
        d->n_prev = 0;
        return;
    }

    rc__node *nd = d->node;
    const rc__run *prev = d->runs[0];
    rc__run *cur = d->runs[1];
    int nc = 0, p = 0, n_prev = d->n_prev;
    for (int k = 0; k < n_iv; k++) {
        int i = iv[2 * k], end = iv[2 * k + 1];
        while (i < end) {
            if (i + 8 <= end) {
                uint64_t w8;
                memcpy(&w8, codes + i, 8);
                if (!w8) {
                    i += 8;
                    continue;
                }
            }
            if (!codes[i]) {
                i++;
                continue;
            }
            int x0 = i, code = codes[i];
            while (i < end && codes[i] == code)
                i++;
            int x1 = i - 1, root = -1;
            while (p < n_prev && prev[p].x1 < x0 - 1)
                p++;
            for (int q = p; q < n_prev && prev[q].x0 <= x1 + 1; q++)
                if (prev[q].code == code && prev[q].node >= 0) {
                    int r = find(nd, prev[q].node);
                    root = root < 0 ? r : unite(nd, root, r);
                }
            if (root < 0 && d->n_nodes < d->max_nodes) {
                /* A new component; past the pool's size the rest are noise. */
                root = d->n_nodes++;
                rc__node *r = &nd[root];
                memset(r, 0, sizeof *r);
                r->parent = root;
                r->cls = code - 1;
                r->x0 = x0;
                r->x1 = x1;
                r->y0 = r->y1 = j;
            }
            if (root >= 0) {
                rc__node *r = &nd[root];
                int64_t n = x1 - x0 + 1, s1 = (int64_t)(x0 + x1) * n / 2;
                r->n += n;
                r->sx += s1;
                r->sy += n * j;
                r->sxx += sq_sum(x1) - (x0 > 0 ? sq_sum(x0 - 1) : 0);
                r->syy += n * j * j;
                r->sxy += s1 * j;
                if (x0 < r->x0)
                    r->x0 = x0;
                if (x1 > r->x1)
                    r->x1 = x1;
                if (j > r->y1)
                    r->y1 = j;
            }
            cur[nc++] = (rc__run){x0, x1, root, code};
        }
    }
    d->runs[1] = d->runs[0];
    d->runs[0] = cur;
    d->n_prev = nc;
}
