/* track_internal.h - assignment helpers shared by the files of the track stage.
 *
 * track.c keeps marker state and decides who may be matched; track_assign.c solves
 * the small combinatorial problems (gated optimal assignment, start-pose
 * acquisition of same-colour groups). Nothing here is public.
 */
#ifndef ROMCAP_TRACK_INTERNAL_H
#define ROMCAP_TRACK_INTERNAL_H

#include "romcap/track.h"

enum {
    RC__TRACK_MAX_CAND = 32, /* blobs of one class considered per frame (largest) */
    RC__HUNG_MAX = RC_MAX_MARKERS + RC__TRACK_MAX_CAND
};

/* Cost of a forbidden pairing (outside the gate). */
#define RC__TRACK_BIG 1e12

/* Minimum-cost assignment of n_rows rows to n_cols columns. cost[i*n_cols + j] is
 * the cost of row i taking column j (RC__TRACK_BIG = forbidden) and
 * unassigned[i] the cost of leaving row i unmatched. Writes col_of[i] (or -1) and
 * returns the total cost. n_rows <= RC_MAX_MARKERS, n_cols <= RC__TRACK_MAX_CAND. */
double rc__track_assign(int n_rows, int n_cols, const double *cost, const double *unassigned,
                        int *col_of);

/* Start-pose acquisition of a group of k same-class markers among m blob
 * positions: both point sets are normalised for position and scale (centroid
 * removed, RMS radius 1) and the injective map marker -> blob that minimises the
 * summed squared distance is returned in blob_of[] (k <= m; m is cut to the first
 * 8 blobs, the largest). hx/hy are the hint positions in pixels. When `anchored`
 * (the model's hints, which place the start pose in the frame), a blob's distance
 * from its hint is also paid, in units of the group's RMS radius (a single marker:
 * the nearest blob to its hint), so stickers of the same colour elsewhere in the
 * room are not taken for the group. Returns 0 if k > m. */
int rc__track_acquire(int k, const double *hx, const double *hy, int m, const double *bx,
                      const double *by, int anchored, int *blob_of);

#endif
