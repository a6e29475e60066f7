/* track_assign.c - optimal assignment for the tracker.
 *
 * rc__track_assign is the Hungarian method (shortest augmenting paths with row and
 * column potentials, O(n^3)) on a square matrix padded so that every row may stay
 * unmatched at its own price: rows are markers, columns are blobs plus one
 * "unmatched" column per marker. With at most 16 markers and 32 blobs per class the
 * matrix is at most 48x48, so it lives on the stack.
 * rc__track_acquire enumerates injective maps for a start-pose group: groups are
 * small (a model has at most 16 markers, usually 2-4 of one colour).
 */
#include "track_internal.h"

#include <math.h>
#include <string.h>

enum { ACQ_MAX_BLOBS = 8 };

double rc__track_assign(int n_rows, int n_cols, const double *cost, const double *unassigned,
                        int *col_of)
{
    const int n = n_rows + n_cols; /* square: rows + dummy rows, cols + dummy cols */
    double a[RC__HUNG_MAX][RC__HUNG_MAX];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double c;
            if (i < n_rows && j < n_cols)
                c = cost[i * n_cols + j];
            else if (i < n_rows)
                c = (j - n_cols == i) ? unassigned[i] : RC__TRACK_BIG;
            else
                c = 0.0; /* dummy rows absorb unused blobs and unused dummy columns */
            a[i][j] = c;
        }
    double u[RC__HUNG_MAX + 1], v[RC__HUNG_MAX + 1], minv[RC__HUNG_MAX + 1];
    int p[RC__HUNG_MAX + 1], way[RC__HUNG_MAX + 1];
    char used[RC__HUNG_MAX + 1];
    memset(u, 0, sizeof u);
    memset(v, 0, sizeof v);
    memset(p, 0, sizeof p);
    memset(way, 0, sizeof way);
    for (int i = 1; i <= n; i++) {
        p[0] = i;
        int j0 = 0;
        for (int j = 0; j <= n; j++) {
            minv[j] = HUGE_VAL;
            used[j] = 0;
        }
        do {
            used[j0] = 1;
            int i0 = p[j0], j1 = 0;
            double delta = HUGE_VAL;
            for (int j = 1; j <= n; j++) {
                if (used[j])
                    continue;
                double cur = a[i0 - 1][j - 1] - u[i0] - v[j];
                if (cur < minv[j]) {
                    minv[j] = cur;
                    way[j] = j0;
                }
                if (minv[j] < delta) {
                    delta = minv[j];
                    j1 = j;
                }
            }
            for (int j = 0; j <= n; j++) {
                if (used[j]) {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
        } while (p[j0] != 0);
        do {
            int j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
        } while (j0);
    }
    double total = 0;
    for (int i = 0; i < n_rows; i++)
        col_of[i] = -1;
    for (int j = 1; j <= n; j++) {
        int i = p[j] - 1;
        if (i < 0 || i >= n_rows)
            continue;
        if (j - 1 < n_cols && cost[i * n_cols + (j - 1)] < RC__TRACK_BIG) {
            col_of[i] = j - 1;
            total += cost[i * n_cols + (j - 1)];
        } else {
            total += unassigned[i];
        }
    }
    return total;
}

/* Centroid removed, RMS radius scaled to 1 (left as is when all points coincide). */
static void normalise(int n, const double *x, const double *y, double *ox, double *oy)
{
    double mx = 0, my = 0, s = 0;
    for (int i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= n;
    my /= n;
    for (int i = 0; i < n; i++)
        s += (x[i] - mx) * (x[i] - mx) + (y[i] - my) * (y[i] - my);
    s = sqrt(s / n);
    double inv = s > 1e-9 ? 1.0 / s : 1.0;
    for (int i = 0; i < n; i++) {
        ox[i] = (x[i] - mx) * inv;
        oy[i] = (y[i] - my) * inv;
    }
}

typedef struct acq {
    int k, m;
    double hx[RC_MAX_MARKERS], hy[RC_MAX_MARKERS]; /* normalised hints */
    const double *px, *py;                         /* hints in pixels */
    double abs_w;                                  /* 1 / (k R^2), or 0 when not anchored */
    const double *bx, *by;
    int cur[RC_MAX_MARKERS], best[RC_MAX_MARKERS];
    double best_cost;
    int used[ACQ_MAX_BLOBS];
} acq;

/* Scores the chosen subset (cur[0..k-1]) with its own normalisation. */
static void score_subset(acq *q)
{
    double sx[RC_MAX_MARKERS] = {0}, sy[RC_MAX_MARKERS] = {0}, nx[RC_MAX_MARKERS],
           ny[RC_MAX_MARKERS];
    for (int i = 0; i < q->k; i++) {
        sx[i] = q->bx[q->cur[i]];
        sy[i] = q->by[q->cur[i]];
    }
    normalise(q->k, sx, sy, nx, ny);
    double c = 0, a = 0;
    for (int i = 0; i < q->k; i++) {
        c += (nx[i] - q->hx[i]) * (nx[i] - q->hx[i]) + (ny[i] - q->hy[i]) * (ny[i] - q->hy[i]);
        a += (sx[i] - q->px[i]) * (sx[i] - q->px[i]) + (sy[i] - q->py[i]) * (sy[i] - q->py[i]);
    }
    c += q->abs_w * a;
    if (c < q->best_cost) {
        q->best_cost = c;
        memcpy(q->best, q->cur, sizeof q->best);
    }
}

static void enumerate(acq *q, int depth)
{
    if (depth == q->k) {
        score_subset(q);
        return;
    }
    for (int b = 0; b < q->m; b++) {
        if (q->used[b])
            continue;
        q->used[b] = 1;
        q->cur[depth] = b;
        enumerate(q, depth + 1);
        q->used[b] = 0;
    }
}

int rc__track_acquire(int k, const double *hx, const double *hy, int m, const double *bx,
                      const double *by, int anchored, int *blob_of)
{
    if (m > ACQ_MAX_BLOBS)
        m = ACQ_MAX_BLOBS;
    if (k < 1 || k > m)
        return 0;
    if (k == 1) {
        blob_of[0] = 0; /* the largest blob, or the nearest to the hint */
        for (int b = 1; anchored && b < m; b++) {
            double d = (bx[b] - hx[0]) * (bx[b] - hx[0]) + (by[b] - hy[0]) * (by[b] - hy[0]);
            double d0 = (bx[blob_of[0]] - hx[0]) * (bx[blob_of[0]] - hx[0]) +
                        (by[blob_of[0]] - hy[0]) * (by[blob_of[0]] - hy[0]);
            if (d < d0)
                blob_of[0] = b;
        }
        return 1;
    }
    acq q;
    memset(&q, 0, sizeof q);
    q.k = k;
    q.m = m;
    q.bx = bx;
    q.by = by;
    q.px = hx;
    q.py = hy;
    q.best_cost = HUGE_VAL;
    normalise(k, hx, hy, q.hx, q.hy);
    if (anchored) {
        double mx = 0, my = 0, r2 = 0;
        for (int i = 0; i < k; i++) {
            mx += hx[i] / k;
            my += hy[i] / k;
        }
        for (int i = 0; i < k; i++)
            r2 += ((hx[i] - mx) * (hx[i] - mx) + (hy[i] - my) * (hy[i] - my)) / k;
        q.abs_w = r2 > 1e-9 ? 1.0 / (k * r2) : 0.0;
    }
    if (k > ACQ_MAX_BLOBS) /* unreachable: k <= m <= 8; kept for clarity */
        return 0;
    enumerate(&q, 0);
    memcpy(blob_of, q.best, sizeof(int) * (size_t)k);
    return 1;
}
