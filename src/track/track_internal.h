/* track_internal.h - the tracker's state and helpers shared by the files of the
 * track stage.
 *
 * track.c keeps marker state, predicts and decides who may be matched;
 * track_guard.c refuses matches that would hand a marker to another object (the
 * identity guard) and says where to search for a faded streak; track_assign.c
 * solves the small combinatorial problems (gated optimal assignment, start-pose
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

/* TUNABLE: fastest plausible on-screen marker speed, frame's larger side per
 * second (a kicking foot filmed whole crosses a third of the frame in 0.1 s; a knee
 * flexed 120 deg three times in 2 s, filmed tight, moves the ankle 3 sides/s at
 * peak: 3.0 here cut its prediction short and lost it; twice the fastest seen). */
#define MAX_SPEED_SIDES 6.0
/* TUNABLE: largest plausible on-screen acceleration, frame's larger side per s^2:
 * a match farther from the prediction than 0.5 A dt^2 plus JUMP_RADII sticker radii
 * is a jump to another object. The same fast knee accelerates the ankle at ~29
 * sides/s^2 and the alpha-beta velocity lags behind it, so 30 refused true sightings
 * (11.7 deg RMS instead of 0.22); 100 admits them and still refuses a face 190 px
 * from the knee (36 px + 4 radii at 640 px and 30 fps). */
#define MAX_ACCEL_SIDES 100.0
#define JUMP_RADII      4.0

/* One marker's tracking state. */
typedef struct mstate {
    double x_seen, y_seen; /* last measured position */
    double t_seen;         /* and its time */
    double vx, vy;         /* velocity, px/s */
    double x, y;           /* reported position (measured or predicted) */
    double x_prev, y_prev, t_prev; /* the measurement before the last one (t_prev < 0: none) */
    rc_track_state state;
    int refused; /* an assignment was refused this frame */
    int ever_seen;
    int blob;
    double radius;         /* last seen round blob's radius, px (0: none yet) */
    double pend_x, pend_y; /* re-acquisition candidate awaiting confirmation */
    int pend_count;
} mstate;

struct rc_tracker {
    rc_track_config cfg;
    double gate, max_predict, max_seg;
    mstate m[RC_MAX_MARKERS];
    double seg_len[RC_MAX_SEGMENTS];
    int seg_known[RC_MAX_SEGMENTS];
    double seg_last[RC_MAX_SEGMENTS];   /* last measured length */
    double seg_last_t[RC_MAX_SEGMENTS]; /* and its time */
    double max_speed;                   /* px/s, MAX_SPEED_SIDES of the larger side */
    double max_accel;                   /* px/s^2, MAX_ACCEL_SIDES of the larger side */
    double t_last;
    int has_t;
    rc_track_stats st;
};

/* Per-frame working state (on the stack: small and fixed). */
typedef struct frame_ctx {
    double t;
    const rc_blob *blobs;
    int n_blobs;
    double px[RC_MAX_MARKERS], py[RC_MAX_MARKERS]; /* predictions */
    int has_pred[RC_MAX_MARKERS];
    int match[RC_MAX_MARKERS]; /* blob index or -1 */
    int was_lost[RC_MAX_MARKERS];
    unsigned char used[RC_MAX_BLOBS];
} frame_ctx;

/* Velocity (vx, vy) limited to the plausible speed (t->max_speed) into (*ox, *oy);
 * returns the capped speed, px/s. track.c. */
double rc__track_capped_speed(const rc_tracker *t, double vx, double vy, double *ox, double *oy);

/* Predicted position of marker i at time ts into (*x, *y); 0 if it has none (LOST or
 * unseen for longer than max_predict). track.c. */
int rc__track_predict_one(const rc_tracker *t, int i, double ts, double *x, double *y);

/* The gate around marker i's prediction, px. */
static inline double rc__track_gate_of(const rc_tracker *t, const frame_ctx *f, int i)
{
    /* The gate does not widen while a marker is only predicted: clutter at the
     * right distance from a neighbour would pass the segment guard, and the
     * constant-velocity prediction stays within a few pixels over 0.5 s. */
    (void)f;
    (void)i;
    return t->gate;
}

/* 1 if marker i at (x, y) is farther from where it was last seen than a limb could
 * move since (plus a gate for the measurement and a turn). track_guard.c. */
int rc__track_too_far(const rc_tracker *t, double ts, int i, double x, double y);

/* The identity guard (track_guard.c): refuses this frame's matches that jump
 * farther than a plausible acceleration allows or break a segment length; the
 * refused markers are unmatched (f->match = -1, their blob freed) and flagged
 * (mstate.refused). Returns how many were refused. */
int rc__track_identity_guard(rc_tracker *t, frame_ctx *f);

#endif
