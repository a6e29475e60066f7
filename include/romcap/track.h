/* track.h - gives each model marker an identity over time.
 *
 * Third stage (detect -> track -> kinematics). Each frame it assigns detected
 * blobs to the model's markers: by colour class when markers have distinct
 * colours, else by the chain order of the start pose (model hints) and then by
 * continuity. A prediction bridges short occlusions (state PREDICTED): on the arc
 * about a segment partner that moves at most half as fast (a distal marker turning
 * about the joint), else at constant velocity; past max_predict_s a marker is LOST
 * until it is re-acquired. A
 * blob that is a motion-blur streak (rc_blob.streak) makes the marker STREAK, at
 * the streak's centre. The prediction's speed is capped at a plausible limb
 * speed; where a marker is expected but not found, rc_tracker_search_windows
 * says where to look for a faded streak and how it should run (rc_streak_hint, for
 * rc_detector_search_line).
 * Identity guard, for every marker: an assignment that changes a model segment's
 * length by more than max_segment_change of its running estimate (same-colour
 * markers), or faster than out-of-plane rotation can explain (every marker), or
 * that lands farther from the prediction than a plausible limb acceleration
 * allows since the marker was last seen, is refused, so identities never swap or
 * jump to another object silently.
 */
#ifndef ROMCAP_TRACK_H
#define ROMCAP_TRACK_H

#include <stddef.h>
#include <stdint.h>

#include "romcap/detect.h"
#include "romcap/model.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rc_track_state {
    RC_TRACK_LOST = 0,     /* no position */
    RC_TRACK_SEEN = 1,     /* matched to a blob this frame */
    RC_TRACK_PREDICTED = 2, /* not seen; position predicted (short occlusion) */
    RC_TRACK_STREAK = 3,    /* seen as a motion-blur streak; position = the streak's centre */
    RC_TRACK_INTERPOLATED = 4 /* not seen; filled offline between two seen positions */
} rc_track_state;

/* "lost", "seen", "predicted", "streak", "interpolated" */
const char *rc_track_state_name(rc_track_state s);

/* True for the states measured in this frame (seen sharp or as a streak). */
static inline int rc_track_state_measured(rc_track_state s)
{
    return s == RC_TRACK_SEEN || s == RC_TRACK_STREAK;
}

typedef struct rc_marker_state {
    double x_px, y_px;       /* position (measured if SEEN, predicted if PREDICTED) */
    double vx_px_s, vy_px_s; /* velocity estimate, pixels per second */
    rc_track_state state;
    int blob;    /* index of the matched blob this frame, or -1 */
    int refused; /* 1 when the identity guard refused an assignment to this marker this
                    frame (a blob that would have broken the chain: a jump to another
                    object); the marker is then PREDICTED or LOST */
} rc_marker_state;

typedef struct rc_track_config {
    int n_markers;
    int marker_class[RC_MAX_MARKERS]; /* detector class of each marker */
    float hint_x[RC_MAX_MARKERS];     /* start-pose hints as fractions of the frame
                                         (from the model; negative = none) */
    float hint_y[RC_MAX_MARKERS];
    int width, height; /* frame size, pixels */
    int n_segments;
    int segment[RC_MAX_SEGMENTS][2]; /* marker pairs for the identity guard */
    double gate_px;                  /* largest accepted distance from a prediction (0 = auto) */
    double max_predict_s;            /* longest occlusion bridged by prediction (0 = 0.5 s) */
    double max_segment_change;       /* identity guard, fraction of the segment length
                                        (0 = 0.25) */
} rc_track_config;

/* Fills a config from a model: one class per marker index given by
 * `marker_class`, hints and segments copied. */
void rc_track_config_from_model(rc_track_config *cfg, const rc_model *m, const int *marker_class,
                                int width, int height);

typedef struct rc_track_stats {
    int64_t seen, predicted, lost; /* marker-frames in each state (seen: measured, SEEN
                                      or STREAK) */
    int64_t streak;                /* of the seen, those seen as a motion streak */
    int64_t refused;               /* assignments refused by the identity guard */
    int64_t reacquired;            /* times a lost marker was found again */
} rc_track_stats;

typedef struct rc_tracker rc_tracker;

rc_tracker *rc_tracker_create(const rc_track_config *cfg, rc_err *err);
void rc_tracker_destroy(rc_tracker *t); /* NULL is fine */

/* Updates with the blobs of the frame at time t_s (seconds, increasing) and writes
 * cfg.n_markers states to `out`. Returns RC_OK or RC_E_ARG for a time that goes
 * backwards. */
rc_status rc_tracker_update(rc_tracker *t, double t_s, const rc_blob *blobs, int n_blobs,
                            rc_marker_state *out);

/* Where each marker is expected at time t_s (for ROI search): writes n_markers
 * states to `out`, LOST where no prediction exists. Does not change the tracker. */
void rc_tracker_predict(const rc_tracker *t, double t_s, rc_marker_state *out);

void rc_tracker_get_stats(const rc_tracker *t, rc_track_stats *st);

/* Where to search for a faded motion streak (rc_detector_search) at time t_s,
 * given the frame's blobs: for every marker that has a prediction but no blob of
 * its class within its gate of it, the box around its path from where it was last
 * seen to the prediction (a limb that turned is between the two), padded by three
 * sticker radii and a frame interval's travel, cut to a gate around the
 * prediction. Writes up to `cap` windows and their markers' classes, and when
 * `hint` is not NULL where each marker is predicted and its predicted travel over
 * the frame interval (for rc_detector_search_line); returns how many. */
int rc_tracker_search_windows(const rc_tracker *t, double t_s, const rc_blob *blobs, int n_blobs,
                              rc_rect *win, int *cls, rc_streak_hint *hint, int cap);

/* Offline gap filling (analysis of a whole recording, where the frames after an
 * occlusion are known): every run of PREDICTED states of one marker that has SEEN
 * frames on both sides and lasts at most max_gap_s is replaced by a cubic Hermite
 * curve through the positions and velocities at the two sides, which follows a
 * turning limb far better than the live constant-velocity guess. Filled states
 * become RC_TRACK_INTERPOLATED (the marker was not seen, but its position is bounded
 * by measured ones on both sides: usable for ROM); runs that are not filled stay
 * PREDICTED. Measured means seen or streak on both sides. `st` is n_frames x n_markers, row-major;
 * `t_s` the frame times. Returns how many marker-frames were refilled. */
int64_t rc_track_fill_gaps(rc_marker_state *st, const double *t_s, int64_t n_frames, int n_markers,
                           double max_gap_s);
void rc_tracker_reset(rc_tracker *t);

/* ---- coverage: what happened to each marker over a recording ------------------ */

/* Per-marker counts and the longest stretch without a sighting, gathered frame by
 * frame (live or offline alike; a plain value, no allocation). A marker is "seen"
 * in a measured state (SEEN or STREAK) and "not seen" otherwise; a stretch runs
 * from its first unseen frame to the next seen frame (or the end of the
 * recording). */
typedef struct rc_track_coverage_marker {
    int64_t seen, predicted, lost;     /* frames in each state (seen: SEEN or STREAK) */
    int64_t streak;                    /* of the seen, frames seen as a motion streak */
    int64_t refused;                   /* frames with an assignment refused by the
                                          identity guard (rc_marker_state.refused) */
    double first_seen_s;               /* NAN until first SEEN */
    double longest_gap_start_s;        /* start of the longest unseen stretch, NAN if none */
    double longest_gap_s;              /* its length, seconds (0 if none) */
    double gap_start_s;                /* start of the open stretch, NAN when seen */
} rc_track_coverage_marker;

typedef struct rc_track_coverage {
    int n_markers;
    int64_t frames;
    double t_first_s, t_last_s, dt_s; /* span and the last frame interval */
    rc_track_coverage_marker m[RC_MAX_MARKERS];
} rc_track_coverage;

void rc_track_coverage_init(rc_track_coverage *c, int n_markers);
/* Adds one frame's n_markers states at time t_s. */
void rc_track_coverage_add(rc_track_coverage *c, double t_s, const rc_marker_state *st);
/* Closes the stretches still open at the end (call once, after the last frame). */
void rc_track_coverage_finish(rc_track_coverage *c);
/* Share of frames in which marker k was SEEN (0 when no frames). */
double rc_track_coverage_seen_fraction(const rc_track_coverage *c, int k);

enum { RC_COVERAGE_MIN_SEEN_PCT = 80 }; /* below this a marker gets a diagnosis line */

/* One plain-language line for marker k named `name` with sticker colour `rgb`
 * when it was seen in fewer than RC_COVERAGE_MIN_SEEN_PCT % of the frames, e.g.
 * "marker 'ankle' (blue sticker) seen in 61% of frames; lost for 1.2 s from 3.4 s:
 * out of frame or covered?", or when the identity guard refused assignments to it
 * ("marker 'knee' (red sticker): 31 assignments refused as jumps to another
 * object (something of its colour in view?)", appended to the first kind when both
 * hold). Returns 1 with the line in `out`, 0 (out = "") when the marker was seen
 * well enough and nothing was refused. */
int rc_track_coverage_diagnose(const rc_track_coverage *c, int k, const char *name,
                               const uint8_t rgb[3], char *out, size_t cap);
/* A plain colour word for a sticker colour ("red", "yellow", "blue", "white"...). */
const char *rc_color_word(const uint8_t rgb[3]);

#ifdef __cplusplus
}
#endif
#endif
