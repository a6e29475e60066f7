/* track.h - gives each model marker an identity over time.
 *
 * Third stage (detect -> track -> kinematics). Each frame it assigns detected
 * blobs to the model's markers: by colour class when markers have distinct
 * colours, else by the chain order of the start pose (model hints) and then by
 * continuity. A constant-velocity prediction bridges short occlusions (state
 * PREDICTED); past max_predict_s a marker is LOST until it is re-acquired. An
 * assignment that would change a model segment's length by more than
 * max_segment_change is refused, so identities never swap silently.
 */
#ifndef ROMCAP_TRACK_H
#define ROMCAP_TRACK_H

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
    RC_TRACK_PREDICTED = 2 /* not seen; position predicted (short occlusion) */
} rc_track_state;

const char *rc_track_state_name(rc_track_state s); /* "lost", "seen", "predicted" */

typedef struct rc_marker_state {
    double x_px, y_px;       /* position (measured if SEEN, predicted if PREDICTED) */
    double vx_px_s, vy_px_s; /* velocity estimate, pixels per second */
    rc_track_state state;
    int blob; /* index of the matched blob this frame, or -1 */
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
    int64_t seen, predicted, lost; /* marker-frames in each state */
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

/* Offline gap filling (analysis of a whole recording, where the frames after an
 * occlusion are known): every run of PREDICTED states of one marker that has SEEN
 * frames on both sides and lasts at most max_gap_s is replaced by a cubic Hermite
 * curve through the positions and velocities at the two sides, which follows a
 * turning limb far better than the live constant-velocity guess. States stay
 * PREDICTED (the marker was not seen). `st` is n_frames x n_markers, row-major;
 * `t_s` the frame times. Returns how many marker-frames were refilled. */
int64_t rc_track_fill_gaps(rc_marker_state *st, const double *t_s, int64_t n_frames, int n_markers,
                           double max_gap_s);
void rc_tracker_reset(rc_tracker *t);

#ifdef __cplusplus
}
#endif
#endif
