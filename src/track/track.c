/* track.c - marker identities over time: prediction and assignment (the identity
 * guard and the streak search windows are in track_guard.c).
 *
 * Each marker carries an alpha-beta filter (alpha = 1: a seen marker sits on its
 * measurement; beta corrects the velocity by the innovation). Per frame and per
 * colour class:
 *   1. markers with a position (SEEN or PREDICTED) are matched to that class's
 *      blobs by a gated optimal assignment on squared distance to the prediction;
 *      the gate is the same for seen and predicted markers;
 *   2. if no marker of the class has a position, the group is (re)acquired: one
 *      marker takes the blob nearest its start-pose hint (the largest without
 *      one), a group takes the blobs whose normalised layout best matches the
 *      hints, paying also for distance from them (chain order top-to-bottom
 *      when a model gives none);
 *   3. LOST markers of a partly tracked group take the leftover blob that best
 *      keeps their segment lengths (else the one nearest their last position);
 *   4. the identity guard: a match that changes a segment length by more than
 *      max_segment_change of its running estimate is refused (the endpoint farther
 *      from its prediction is dropped and predicted instead).
 *   5. for every marker (distinct colours too): a match that changes a segment
 *      length, against the last length measured, by more than max_segment_change
 *      plus what out-of-plane rotation explains in the time since (OOP_RATE), or
 *      that lies farther from where the marker was last seen than a limb moving at
 *      MAX_SPEED_SIDES could go, is refused: the marker is not handed to another
 *      object of its colour (a face near a red sticker).
 * A match with a motion-blur streak (rc_blob.streak) is STREAK, at the streak's
 * centre (mid-exposure). Unmatched markers are PREDICTED (on the arc about a slower
 * segment partner, else at constant velocity; speeds capped at MAX_SPEED_SIDES)
 * for max_predict_s after they were last seen, then
 * LOST; where they should be, the pipeline searches for a faded streak
 * (rc_tracker_search_windows, rc_detector_search).
 */
#include "track_internal.h"

#include <math.h>
#include <string.h>
#include <stdlib.h>

/* TUNABLE: velocity correction gain of the alpha-beta filter. */
#define BETA 0.5
/* TUNABLE: automatic gate, fraction of the larger frame side. */
#define AUTO_GATE_FRAC 0.1
/* TUNABLE: frames a LOST marker's candidate must persist before it is taken
 * (clutter of the marker's colour rarely stays put for 0.1 s). */
#define REACQ_FRAMES 3
/* TUNABLE: how far from its prediction, in gates, a predicted marker with no
 * matched neighbour may be re-acquired. */
#define REACQ_FREE_GATES 2.0
/* TUNABLE: segment-length running estimate update rate per frame. */
#define SEG_RATE 0.1


const char *rc_track_state_name(rc_track_state s)
{
    switch (s) {
    case RC_TRACK_LOST: return "lost";
    case RC_TRACK_SEEN: return "seen";
    case RC_TRACK_PREDICTED: return "predicted";
    case RC_TRACK_STREAK: return "streak";
    case RC_TRACK_INTERPOLATED: return "interpolated";
    }
    return "unknown";
}

void rc_track_config_from_model(rc_track_config *cfg, const rc_model *m, const int *marker_class,
                                int width, int height)
{
    memset(cfg, 0, sizeof *cfg);
    if (!m)
        return;
    int n = m->n_markers < 0 ? 0 : m->n_markers > RC_MAX_MARKERS ? RC_MAX_MARKERS : m->n_markers;
    cfg->n_markers = n;
    for (int i = 0; i < n; i++) {
        cfg->marker_class[i] = marker_class ? marker_class[i] : i;
        cfg->hint_x[i] = m->marker[i].hint_x;
        cfg->hint_y[i] = m->marker[i].hint_y;
    }
    cfg->width = width;
    cfg->height = height;
    int ns = m->n_segments < 0                 ? 0
             : m->n_segments > RC_MAX_SEGMENTS ? RC_MAX_SEGMENTS
                                               : m->n_segments;
    cfg->n_segments = ns;
    memcpy(cfg->segment, m->segment, sizeof(int) * 2 * (size_t)ns);
}

rc_tracker *rc_tracker_create(const rc_track_config *cfg, rc_err *err)
{
    if (!cfg) {
        rc_err_set(err, RC_E_ARG, "tracker: no configuration");
        return NULL;
    }
    if (cfg->n_markers < 1 || cfg->n_markers > RC_MAX_MARKERS) {
        rc_err_set(err, RC_E_ARG, "tracker: n_markers %d outside 1..%d", cfg->n_markers,
                   RC_MAX_MARKERS);
        return NULL;
    }
    if (cfg->width < 1 || cfg->height < 1) {
        rc_err_set(err, RC_E_ARG, "tracker: bad frame size %dx%d", cfg->width, cfg->height);
        return NULL;
    }
    for (int i = 0; i < cfg->n_markers; i++)
        if (cfg->marker_class[i] < 0 || cfg->marker_class[i] >= RC_MAX_CLASSES) {
            rc_err_set(err, RC_E_ARG, "tracker: marker %d has class %d outside 0..%d", i,
                       cfg->marker_class[i], RC_MAX_CLASSES - 1);
            return NULL;
        }
    if (cfg->n_segments < 0 || cfg->n_segments > RC_MAX_SEGMENTS) {
        rc_err_set(err, RC_E_ARG, "tracker: n_segments %d outside 0..%d", cfg->n_segments,
                   RC_MAX_SEGMENTS);
        return NULL;
    }
    for (int s = 0; s < cfg->n_segments; s++)
        for (int e = 0; e < 2; e++)
            if (cfg->segment[s][e] < 0 || cfg->segment[s][e] >= cfg->n_markers) {
                rc_err_set(err, RC_E_ARG, "tracker: segment %d names marker %d of %d", s,
                           cfg->segment[s][e], cfg->n_markers);
                return NULL;
            }
    if (!(cfg->gate_px >= 0) || !(cfg->max_predict_s >= 0) || !(cfg->max_segment_change >= 0)) {
        rc_err_set(err, RC_E_ARG, "tracker: negative gate, prediction time or segment change");
        return NULL;
    }
    rc_tracker *t = calloc(1, sizeof *t);
    if (!t) {
        rc_err_set(err, RC_E_NOMEM, "tracker: out of memory");
        return NULL;
    }
    t->cfg = *cfg;
    double side = cfg->width > cfg->height ? cfg->width : cfg->height;
    t->gate = cfg->gate_px > 0 ? cfg->gate_px : AUTO_GATE_FRAC * side;
    t->max_predict = cfg->max_predict_s > 0 ? cfg->max_predict_s : 0.5;
    t->max_seg = cfg->max_segment_change > 0 ? cfg->max_segment_change : 0.25;
    t->max_speed = MAX_SPEED_SIDES * side;
    t->max_accel = MAX_ACCEL_SIDES * side;
    rc_tracker_reset(t);
    return t;
}

void rc_tracker_destroy(rc_tracker *t)
{
    free(t);
}

void rc_tracker_reset(rc_tracker *t)
{
    if (!t)
        return;
    memset(t->m, 0, sizeof t->m);
    for (int i = 0; i < RC_MAX_MARKERS; i++) {
        t->m[i].state = RC_TRACK_LOST;
        t->m[i].blob = -1;
    }
    memset(t->seg_known, 0, sizeof t->seg_known);
    memset(&t->st, 0, sizeof t->st);
    t->has_t = 0;
    t->t_last = 0;
}

void rc_tracker_get_stats(const rc_tracker *t, rc_track_stats *st)
{
    if (t && st)
        *st = t->st;
}

/* Velocity (vx, vy) limited to the plausible speed. */
double rc__track_capped_speed(const rc_tracker *t, double vx, double vy, double *ox, double *oy)
{
    double v = hypot(vx, vy), k = v > t->max_speed ? t->max_speed / v : 1.0;
    *ox = vx * k;
    *oy = vy * k;
    return v * k;
}

/* TUNABLE: a marker turns about a segment partner (its pivot) while unseen when the
 * partner moves at most this fraction of its speed (the knee for an ankle in knee
 * flexion, the shoulder for an elbow). */
#define PIVOT_SPEED_FRAC 0.5
/* TUNABLE: largest turn predicted about the pivot (a limb that turned a quarter turn
 * unseen has reversed or been lost: the prediction stays on the arc it was on). */
#define MAX_TURN_RAD 1.5707963267948966
/* TUNABLE: the turn rate is measured between the last two sightings when they are
 * at most this far apart (two frames at 25 fps). */
#define MAX_FD_GAP_S 0.085

/* The segment partner marker i turns about while unseen: the slowest partner with a
 * prediction of its own, moving at most PIVOT_SPEED_FRAC of i's speed; -1 if none. */
static int pivot_of(const rc_tracker *t, int i, double ts)
{
    const mstate *m = &t->m[i];
    double best = PIVOT_SPEED_FRAC * hypot(m->vx, m->vy);
    int p = -1;
    for (int s = 0; s < t->cfg.n_segments; s++) {
        int a = t->cfg.segment[s][0], b = t->cfg.segment[s][1];
        int o = a == i ? b : b == i ? a : -1;
        if (o < 0 || o == i)
            continue;
        const mstate *q = &t->m[o];
        if (q->state == RC_TRACK_LOST || ts - q->t_seen > t->max_predict)
            continue;
        double v = hypot(q->vx, q->vy);
        if (v < best) {
            best = v;
            p = o;
        }
    }
    return p;
}

/* Predicted position of marker i at time ts; 0 if it has none (LOST or too old).
 * A marker with a pivot (pivot_of) keeps its distance from it and turns about it
 * at the angular velocity it had when last seen (a limb's distal marker moves on
 * an arc: the constant-velocity guess leaves the arc along its tangent, 127 px off
 * after 8 unseen frames of a knee flexion filmed at 25 fps with full blur), the
 * pivot's own motion added; else constant velocity. Speeds are capped at a
 * plausible limb speed. (A velocity that decays while unseen was tried: it lags a
 * marker crossing another of its colour and a smooth 0.3 s occlusion, test_track,
 * more than it helps at a turn.) */
int rc__track_predict_one(const rc_tracker *t, int i, double ts, double *x, double *y)
{
    const mstate *m = &t->m[i];
    if (m->state == RC_TRACK_LOST || ts - m->t_seen > t->max_predict)
        return 0;
    double dt = ts - m->t_seen, vx, vy;
    rc__track_capped_speed(t, m->vx, m->vy, &vx, &vy);
    *x = m->x_seen + vx * dt;
    *y = m->y_seen + vy * dt;
    int p = pivot_of(t, i, ts);
    if (p < 0)
        return 1;
    const mstate *q = &t->m[p];
    double qx, qy;
    rc__track_capped_speed(t, q->vx, q->vy, &qx, &qy);
    /* The pivot where it was when i was last seen, and the arm from it to i. */
    double rx = m->x_seen - (q->x_seen + qx * (m->t_seen - q->t_seen));
    double ry = m->y_seen - (q->y_seen + qy * (m->t_seen - q->t_seen));
    double r2 = rx * rx + ry * ry;
    if (r2 < 1.0)
        return 1;
    double w = (rx * (vy - qy) - ry * (vx - qx)) / r2; /* rad/s */
    /* The turn between the last two sightings when they are close in time: the
     * alpha-beta velocity lags a limb that speeds up (442 px/s against 650 for an
     * ankle entering the fastest part of a knee flexion at 25 fps). */
    double gap = m->t_seen - m->t_prev;
    if (m->t_prev >= 0 && gap > 0 && gap <= MAX_FD_GAP_S) {
        double px0 = m->x_prev - (q->x_seen + qx * (m->t_prev - q->t_seen));
        double py0 = m->y_prev - (q->y_seen + qy * (m->t_prev - q->t_seen));
        w = atan2(px0 * ry - py0 * rx, px0 * rx + py0 * ry) / gap;
    }
    double wmax = t->max_speed / sqrt(r2), turn = (fabs(w) < wmax ? w : copysign(wmax, w)) * dt;
    turn = fabs(turn) < MAX_TURN_RAD ? turn : copysign(MAX_TURN_RAD, turn);
    double c = cos(turn), sn = sin(turn);
    *x = q->x_seen + qx * (ts - q->t_seen) + c * rx - sn * ry;
    *y = q->y_seen + qy * (ts - q->t_seen) + sn * rx + c * ry;
    return 1;
}

void rc_tracker_predict(const rc_tracker *t, double t_s, rc_marker_state *out)
{
    if (!t || !out)
        return;
    for (int i = 0; i < t->cfg.n_markers; i++) {
        rc_marker_state *o = &out[i];
        memset(o, 0, sizeof *o);
        o->blob = -1;
        o->state = RC_TRACK_LOST;
        if (rc__track_predict_one(t, i, t_s, &o->x_px, &o->y_px)) {
            o->state = RC_TRACK_PREDICTED;
            o->vx_px_s = t->m[i].vx;
            o->vy_px_s = t->m[i].vy;
        }
    }
}




/* Worst relative segment-length change if marker i were at (x, y), against markers
 * matched this frame; 0 when no known segment is involved. */
static double seg_change(const rc_tracker *t, const frame_ctx *f, int i, double x, double y)
{
    double worst = 0;
    for (int s = 0; s < t->cfg.n_segments; s++) {
        int a = t->cfg.segment[s][0], b = t->cfg.segment[s][1];
        int o = a == i ? b : b == i ? a : -1;
        if (o < 0 || o == i || !t->seg_known[s] || f->match[o] < 0)
            continue;
        const rc_blob *bo = &f->blobs[f->match[o]];
        double len = hypot(x - bo->x_px, y - bo->y_px);
        double ch = fabs(len - t->seg_len[s]) / (t->seg_len[s] > 1 ? t->seg_len[s] : 1);
        if (ch > worst)
            worst = ch;
    }
    return worst;
}

/* 1 if a known segment ties marker i to a marker matched this frame. */
static int seg_anchored(const rc_tracker *t, const frame_ctx *f, int i)
{
    for (int s = 0; s < t->cfg.n_segments; s++) {
        int a = t->cfg.segment[s][0], b = t->cfg.segment[s][1];
        int o = a == i ? b : b == i ? a : -1;
        if (o >= 0 && o != i && t->seg_known[s] && f->match[o] >= 0)
            return 1;
    }
    return 0;
}

/* Blobs of class c not used yet, in detector order (largest first), capped. */
static int class_blobs(const frame_ctx *f, int c, int *idx)
{
    int n = 0;
    for (int b = 0; b < f->n_blobs && n < RC__TRACK_MAX_CAND; b++)
        if (f->blobs[b].cls == c && !f->used[b])
            idx[n++] = b;
    return n;
}

static void match_tracked(const rc_tracker *t, frame_ctx *f, const int *grp, int ng)
{
    int rows[RC_MAX_MARKERS], nr = 0, cand[RC__TRACK_MAX_CAND];
    for (int k = 0; k < ng; k++)
        if (f->has_pred[grp[k]])
            rows[nr++] = grp[k];
    int nc = class_blobs(f, t->cfg.marker_class[grp[0]], cand);
    if (!nr || !nc)
        return;
    double cost[RC_MAX_MARKERS * RC__TRACK_MAX_CAND], un[RC_MAX_MARKERS];
    int col_of[RC_MAX_MARKERS];
    for (int r = 0; r < nr; r++) {
        int i = rows[r];
        double g = rc__track_gate_of(t, f, i);
        un[r] = g * g;
        for (int c = 0; c < nc; c++) {
            const rc_blob *b = &f->blobs[cand[c]];
            double dx = b->x_px - f->px[i], dy = b->y_px - f->py[i], d2 = dx * dx + dy * dy;
            cost[r * nc + c] = d2 <= g * g ? d2 : RC__TRACK_BIG;
        }
    }
    rc__track_assign(nr, nc, cost, un, col_of);
    for (int r = 0; r < nr; r++)
        if (col_of[r] >= 0) {
            f->match[rows[r]] = cand[col_of[r]];
            f->used[cand[col_of[r]]] = 1;
        }
}

/* Hints in pixels; chain order top-to-bottom where the model gives none. */
/* Hints in pixels; returns 1 if they are the model's (else chain order stands in). */
static int hints_px(const rc_tracker *t, const int *grp, int ng, double *hx, double *hy)
{
    int all = 1;
    for (int k = 0; k < ng; k++)
        if (t->cfg.hint_x[grp[k]] < 0 || t->cfg.hint_y[grp[k]] < 0)
            all = 0;
    for (int k = 0; k < ng; k++) {
        hx[k] = all ? t->cfg.hint_x[grp[k]] * t->cfg.width : 0.5 * t->cfg.width;
        hy[k] = all ? t->cfg.hint_y[grp[k]] * t->cfg.height : (k + 1.0) * t->cfg.height / (ng + 1);
    }
    return all;
}

static void acquire_group(const rc_tracker *t, frame_ctx *f, const int *grp, int ng)
{
    int cand[RC__TRACK_MAX_CAND];
    int nc = class_blobs(f, t->cfg.marker_class[grp[0]], cand);
    if (nc < ng)
        return; /* wait until the whole group is visible */
    double hx[RC_MAX_MARKERS], hy[RC_MAX_MARKERS], bx[RC__TRACK_MAX_CAND], by[RC__TRACK_MAX_CAND];
    int anchored = hints_px(t, grp, ng, hx, hy);
    for (int c = 0; c < nc; c++) {
        bx[c] = f->blobs[cand[c]].x_px;
        by[c] = f->blobs[cand[c]].y_px;
    }
    int blob_of[RC_MAX_MARKERS];
    if (!rc__track_acquire(ng, hx, hy, nc, bx, by, anchored, blob_of))
        return;
    for (int k = 0; k < ng; k++) {
        int b = cand[blob_of[k]];
        if (seg_change(t, f, grp[k], f->blobs[b].x_px, f->blobs[b].y_px) > t->max_seg)
            continue;
        f->match[grp[k]] = b;
        f->used[b] = 1;
    }
}

static void reacquire_lost(rc_tracker *t, frame_ctx *f, const int *grp, int ng)
{
    int cand[RC__TRACK_MAX_CAND], anchored = ng == 1;
    /* In a group, only with a member matched this frame: a wholly lost group is
     * re-acquired from the start pose instead (acquire_group). */
    for (int k = 0; k < ng; k++)
        anchored |= f->match[grp[k]] >= 0;
    for (int k = 0; k < ng; k++) {
        int i = grp[k];
        mstate *m = &t->m[i];
        /* Lost markers, and predicted ones the prediction gate missed: after a
         * longer occlusion of a turning limb the constant-velocity guess drifts
         * off the arc, and the segment lengths find the marker again. */
        if (f->match[i] >= 0 || !m->ever_seen)
            continue;
        int nc = anchored ? class_blobs(f, t->cfg.marker_class[i], cand) : 0;
        int best = -1, refused = 0;
        /* With no matched neighbour to hold a segment against (its neighbour
         * hidden too), nothing tells the marker from a sticker of its colour on
         * the wall: a predicted marker then only takes a blob near its prediction. */
        const int free_pred = f->has_pred[i] && !seg_anchored(t, f, i);
        double best_cost = HUGE_VAL;
        for (int c = 0; c < nc; c++) {
            const rc_blob *b = &f->blobs[cand[c]];
            double ch = seg_change(t, f, i, b->x_px, b->y_px);
            if (ch > t->max_seg) {
                refused = 1;
                continue;
            }
            /* Segment consistency first; the distance to where it was last seen
             * breaks ties and decides when no segment is known. */
            double d = f->has_pred[i] ? hypot(b->x_px - f->px[i], b->y_px - f->py[i])
                                      : hypot(b->x_px - m->x_seen, b->y_px - m->y_seen);
            if (free_pred && d > REACQ_FREE_GATES * t->gate)
                continue;
            if (rc__track_too_far(t, f->t, i, b->x_px, b->y_px)) {
                refused = 1;
                continue;
            }
            double cost = ch * 1e6 + d;
            if (cost < best_cost) {
                best_cost = cost;
                best = cand[c];
            }
        }
        if (best < 0) {
            m->pend_count = 0;
            if (refused) {
                t->st.refused++;
                m->refused = 1;
            }
            continue;
        }
        /* Confirmation: the candidate must stay put (within a gate) for a few
         * frames before the identity is handed to it. */
        const rc_blob *b = &f->blobs[best];
        if (m->pend_count > 0 && hypot(b->x_px - m->pend_x, b->y_px - m->pend_y) < 0.5 * t->gate)
            m->pend_count++;
        else
            m->pend_count = 1;
        m->pend_x = b->x_px;
        m->pend_y = b->y_px;
        if (m->pend_count >= REACQ_FRAMES) {
            f->match[i] = best;
            f->used[best] = 1;
            m->pend_count = 0;
        }
    }
}


/* Marker i's state after this frame's matching: measured (velocity corrected by the
 * alpha-beta filter), predicted or lost; counted, and written to *o. */
static void update_marker(rc_tracker *t, const frame_ctx *f, int i, rc_marker_state *o)
{
    mstate *m = &t->m[i];
    if (f->match[i] >= 0) {
        const rc_blob *b = &f->blobs[f->match[i]];
        double gap = f->t - m->t_seen;
        if (f->has_pred[i] && gap > 0) {
            double px = m->x_seen + m->vx * gap, py = m->y_seen + m->vy * gap;
            m->vx += BETA * (b->x_px - px) / gap;
            m->vy += BETA * (b->y_px - py) / gap;
        } else {
            if (!f->has_pred[i] && m->ever_seen)
                t->st.reacquired++;
            m->vx = m->vy = 0;
        }
        m->x_prev = m->x_seen;
        m->y_prev = m->y_seen;
        m->t_prev = m->ever_seen ? m->t_seen : -1.0;
        m->x = m->x_seen = b->x_px;
        m->y = m->y_seen = b->y_px;
        m->t_seen = f->t;
        m->state = b->streak ? RC_TRACK_STREAK : RC_TRACK_SEEN;
        if (!b->streak)
            m->radius = sqrt(b->area_px / 3.14159265358979);
        m->ever_seen = 1;
        m->blob = f->match[i];
    } else if (f->has_pred[i]) {
        m->x = f->px[i];
        m->y = f->py[i];
        m->state = RC_TRACK_PREDICTED;
        m->blob = -1;
    } else {
        m->state = RC_TRACK_LOST;
        m->blob = -1;
    }
    t->st.streak += m->state == RC_TRACK_STREAK;
    switch (m->state) {
    case RC_TRACK_STREAK:
    case RC_TRACK_SEEN: t->st.seen++; break;
    case RC_TRACK_PREDICTED:
    case RC_TRACK_INTERPOLATED: t->st.predicted++; break;
    case RC_TRACK_LOST: t->st.lost++; break;
    }
    o->x_px = m->state == RC_TRACK_LOST ? 0 : m->x;
    o->y_px = m->state == RC_TRACK_LOST ? 0 : m->y;
    o->vx_px_s = m->state == RC_TRACK_LOST ? 0 : m->vx;
    o->vy_px_s = m->state == RC_TRACK_LOST ? 0 : m->vy;
    o->state = m->state;
    o->blob = m->blob;
    o->refused = m->refused;
}

/* Segment lengths of the pairs measured this frame: the last one and a running estimate. */
static void update_segments(rc_tracker *t, const frame_ctx *f)
{
    for (int s = 0; s < t->cfg.n_segments; s++) {
        int a = t->cfg.segment[s][0], b = t->cfg.segment[s][1];
        if (f->match[a] < 0 || f->match[b] < 0)
            continue;
        double len = hypot(t->m[a].x - t->m[b].x, t->m[a].y - t->m[b].y);
        t->seg_last[s] = len;
        t->seg_last_t[s] = f->t;
        if (!t->seg_known[s]) {
            t->seg_len[s] = len;
            t->seg_known[s] = 1;
        } else {
            t->seg_len[s] += SEG_RATE * (len - t->seg_len[s]);
        }
    }
}

rc_status rc_tracker_update(rc_tracker *t, double t_s, const rc_blob *blobs, int n_blobs,
                            rc_marker_state *out)
{
    if (!t || !out || !isfinite(t_s) || n_blobs < 0 || (n_blobs > 0 && !blobs))
        return RC_E_ARG;
    if (t->has_t && t_s < t->t_last)
        return RC_E_ARG;
    if (n_blobs > RC_MAX_BLOBS)
        n_blobs = RC_MAX_BLOBS;
    const int n = t->cfg.n_markers;
    frame_ctx f;
    memset(&f, 0, sizeof f);
    f.t = t_s;
    f.blobs = blobs;
    f.n_blobs = n_blobs;
    for (int i = 0; i < n; i++) {
        f.match[i] = -1;
        t->m[i].refused = 0;
        f.has_pred[i] = rc__track_predict_one(t, i, t_s, &f.px[i], &f.py[i]);
        f.was_lost[i] = !f.has_pred[i];
    }

    /* Per class: tracked markers first (all classes), then acquisition. */
    int done[RC_MAX_MARKERS] = {0}, grp[RC_MAX_CLASSES][RC_MAX_MARKERS], ngrp[RC_MAX_CLASSES];
    int ncls = 0;
    for (int i = 0; i < n; i++) {
        if (done[i])
            continue;
        ngrp[ncls] = 0;
        for (int j = i; j < n; j++)
            if (!done[j] && t->cfg.marker_class[j] == t->cfg.marker_class[i]) {
                grp[ncls][ngrp[ncls]++] = j;
                done[j] = 1;
            }
        ncls++;
    }
    for (int g = 0; g < ncls; g++)
        match_tracked(t, &f, grp[g], ngrp[g]);
    t->st.refused += rc__track_identity_guard(t, &f);
    for (int g = 0; g < ncls; g++) {
        int any = 0;
        for (int k = 0; k < ngrp[g]; k++)
            any |= f.has_pred[grp[g][k]];
        int ever = 0;
        for (int k = 0; k < ngrp[g]; k++)
            ever |= t->m[grp[g][k]].ever_seen;
        /* A lone marker once seen is re-acquired with confirmation (below). */
        if (!any && (ngrp[g] > 1 || !ever))
            acquire_group(t, &f, grp[g], ngrp[g]);
    }
    for (int g = 0; g < ncls; g++)
        reacquire_lost(t, &f, grp[g], ngrp[g]);
    t->st.refused += rc__track_identity_guard(t, &f);

    for (int i = 0; i < n; i++)
        update_marker(t, &f, i, &out[i]);
    update_segments(t, &f);
    t->t_last = t_s;
    t->has_t = 1;
    return RC_OK;
}
