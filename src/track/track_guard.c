/* track_guard.c - the tracker's identity guard and its streak search windows.
 *
 * The guard runs after each matching pass of rc_tracker_update (track.c) and
 * refuses what would hand a marker to another object of its colour:
 *   - a jump: a tracked marker matched farther from its prediction than a
 *     plausible acceleration (MAX_ACCEL_SIDES) allows since it was last seen, plus
 *     JUMP_RADII sticker radii;
 *   - a broken segment: same-colour endpoints whose segment changes by more than
 *     max_segment_change of its running length, and any segment whose length
 *     changes, against the last one measured, faster than twice max_segment_change
 *     plus out-of-plane rotation (OOP_RATE) explain in the time since.
 * rc_tracker_search_windows says where a marker expected and not found may have
 * smeared out of its colour class (searched by rc_detector_search).
 */
#include "track_internal.h"

#include <math.h>

/* TUNABLE: fastest relative change of a segment's on-screen length per second
 * (out-of-plane rotation: a forearm swinging towards the camera shortens by 40%
 * in 0.1 s). */
#define OOP_RATE 4.0

/* 1 if marker i at (x, y) is farther from where it was last seen than a limb
 * could move since (plus a gate for the measurement and a turn). */
int rc__track_too_far(const rc_tracker *t, double ts, int i, double x, double y)
{
    const mstate *m = &t->m[i];
    if (!m->ever_seen)
        return 0;
    double reach = t->gate + t->max_speed * (ts - m->t_seen);
    return hypot(x - m->x_seen, y - m->y_seen) > reach;
}

/* TUNABLE: search window margin in sticker radii around the path from the last
 * sighting to the prediction. */
#define SEARCH_RADII 3.0
/* TUNABLE: the window also covers what a limb accelerating at this rate (frame's
 * larger side per s^2) departs from the prediction in a frame interval (the fast
 * knee peaks at ~29: a foot leaving a turn at rest is 10 px off its prediction one
 * frame later at 640 px and 30 fps). Not more: a marker hidden at rest would have
 * an ever larger window to be "found" in. */
#define SEARCH_ACCEL_SIDES 30.0

int rc_tracker_search_windows(const rc_tracker *t, double t_s, const rc_blob *blobs, int n_blobs,
                              rc_rect *win, int *cls, rc_streak_hint *hint, int cap)
{
    if (!t || !win || !cls || n_blobs < 0 || (n_blobs > 0 && !blobs))
        return 0;
    int n = 0;
    double dt = t->has_t && t_s > t->t_last ? t_s - t->t_last : 0;
    double side = t->cfg.width > t->cfg.height ? t->cfg.width : t->cfg.height;
    for (int i = 0; i < t->cfg.n_markers && n < cap; i++) {
        double px, py, vx, vy;
        const mstate *m = &t->m[i];
        if (!rc__track_predict_one(t, i, t_s, &px, &py) || m->radius <= 0)
            continue;
        int c = t->cfg.marker_class[i], near = 0;
        for (int b = 0; b < n_blobs && !near; b++)
            near = blobs[b].cls == c && hypot(blobs[b].x_px - px, blobs[b].y_px - py) <= t->gate;
        if (near)
            continue;
        /* Along the predicted motion: from where it was last seen to the
         * prediction (a limb that turned is between the two), plus a margin. */
        double v = rc__track_capped_speed(t, m->vx, m->vy, &vx, &vy);
        /* Without a hint (the mixture search, which takes any faded patch of the
         * colour): a sticker that moves less than its own diameter in a frame
         * interval (the longest exposure) cannot smear out of its class: missing,
         * it is covered, and a search there would only find a false streak (an
         * occluded wrist at rest was once "found" on the occluder's edge, 6 deg
         * off). The matched filter wants a ridge of the colour, which an edge is
         * not, and looks at a turn too (a small sticker leaving a turn at rest
         * falls out of its class within a frame). */
        if (!hint && dt > 0 && v * dt < 0.5 * m->radius)
            continue;
        double pad = SEARCH_RADII * m->radius + v * dt + 0.5 * SEARCH_ACCEL_SIDES * side * dt * dt;
        double x0 = fmin(px, m->x_seen) - pad, x1 = fmax(px, m->x_seen) + pad;
        double y0 = fmin(py, m->y_seen) - pad, y1 = fmax(py, m->y_seen) + pad;
        x0 = fmax(x0, px - t->gate);
        x1 = fmin(x1, px + t->gate);
        y0 = fmax(y0, py - t->gate);
        y1 = fmin(y1, py + t->gate);
        win[n] = (rc_rect){(int)floor(x0), (int)floor(y0), (int)ceil(x1 - floor(x0)) + 1,
                           (int)ceil(y1 - floor(y0)) + 1};
        cls[n] = c;
        if (hint) {
            /* the travel over the frame interval centred on t_s (a full exposure) */
            double ax = px, ay = py, bx = px, by = py;
            if (dt > 0) {
                rc__track_predict_one(t, i, t_s - 0.5 * dt, &ax, &ay);
                rc__track_predict_one(t, i, t_s + 0.5 * dt, &bx, &by);
            }
            hint[n] = (rc_streak_hint){(float)px, (float)py, (float)(bx - ax), (float)(by - ay),
                                       (float)m->radius};
        }
        n++;
    }
    return n;
}

/* 1 when another marker shares marker i's class (its identity can be confused). */
static int class_shared(const rc_tracker *t, int i)
{
    for (int j = 0; j < t->cfg.n_markers; j++)
        if (j != i && t->cfg.marker_class[j] == t->cfg.marker_class[i])
            return 1;
    return 0;
}

/* How far segment s, at length len this frame, breaks the guard: the larger of
 * its change against the running length over max_seg (same-colour endpoints
 * only: a distinctly coloured marker cannot swap, and a limb moving out of the
 * image plane legitimately changes its on-screen length quickly) and its change
 * against the last measured length over what twice max_seg plus out-of-plane
 * rotation allow in the time since (every segment: a forearm foreshortened by 40%
 * between two frames passes, a face twice the thigh's length away does not).
 * Above 1 the match is refused. */
static double seg_violation(const rc_tracker *t, const frame_ctx *f, int s, double len)
{
    int a = t->cfg.segment[s][0], b = t->cfg.segment[s][1];
    double v = 0;
    if (class_shared(t, a) || class_shared(t, b)) {
        double ch = fabs(len - t->seg_len[s]) / (t->seg_len[s] > 1 ? t->seg_len[s] : 1);
        v = ch / t->max_seg;
    }
    double last = t->seg_last[s] > 1 ? t->seg_last[s] : 1;
    double allow = 2.0 * t->max_seg + OOP_RATE * (f->t - t->seg_last_t[s]);
    double vr = fabs(len - t->seg_last[s]) / last / allow;
    return vr > v ? vr : v;
}

/* Refuses matches that break a segment length (seg_violation); returns how many
 * were refused. The endpoint dropped is the one that strayed farther from its
 * prediction (relative to its gate); a freshly re-acquired endpoint (no
 * prediction) goes first. */
int rc__track_identity_guard(rc_tracker *t, frame_ctx *f)
{
    int refused = 0;
    /* Jumps: a tracked marker (radius known) matched implausibly far from its
     * prediction for the time since it was last seen. */
    for (int i = 0; i < t->cfg.n_markers; i++) {
        const mstate *m = &t->m[i];
        if (f->match[i] < 0 || !f->has_pred[i] || m->radius <= 0)
            continue;
        const rc_blob *b = &f->blobs[f->match[i]];
        double dt = f->t - m->t_seen;
        double allow = JUMP_RADII * m->radius + 0.5 * t->max_accel * dt * dt;
        if (hypot(b->x_px - f->px[i], b->y_px - f->py[i]) > allow) {
            f->used[f->match[i]] = 0;
            f->match[i] = -1;
            t->m[i].refused = 1;
            refused++;
        }
    }
    for (int iter = 0; iter < RC_MAX_SEGMENTS; iter++) {
        int worst_s = -1;
        double worst = 1.0;
        for (int s = 0; s < t->cfg.n_segments; s++) {
            int a = t->cfg.segment[s][0], b = t->cfg.segment[s][1];
            if (!t->seg_known[s] || f->match[a] < 0 || f->match[b] < 0 || a == b)
                continue;
            const rc_blob *ba = &f->blobs[f->match[a]], *bb = &f->blobs[f->match[b]];
            double len = hypot(ba->x_px - bb->x_px, ba->y_px - bb->y_px);
            double v = seg_violation(t, f, s, len);
            if (v > worst) {
                worst = v;
                worst_s = s;
            }
        }
        if (worst_s < 0)
            break;
        int e[2] = {t->cfg.segment[worst_s][0], t->cfg.segment[worst_s][1]};
        double innov[2];
        for (int k = 0; k < 2; k++) {
            const rc_blob *b = &f->blobs[f->match[e[k]]];
            innov[k] = f->has_pred[e[k]] ? hypot(b->x_px - f->px[e[k]], b->y_px - f->py[e[k]]) /
                                               rc__track_gate_of(t, f, e[k])
                                         : HUGE_VAL;
        }
        int drop = innov[1] > innov[0] ? e[1] : e[0];
        f->used[f->match[drop]] = 0;
        f->match[drop] = -1;
        t->m[drop].refused = 1;
        refused++;
    }
    return refused;
}
