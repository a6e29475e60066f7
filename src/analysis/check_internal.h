/* check_internal.h - what the set-up check's files share (check.h): the counters
 * gathered frame by frame (check.c) and judged into items (check_items.c). */
#ifndef ROMCAP_CHECK_INTERNAL_H
#define ROMCAP_CHECK_INTERNAL_H

#include <stdint.h>

#include "romcap/analysis.h"
#include "romcap/calib.h"
#include "romcap/check.h"

enum {
    CK_LUMA_BINS = 256,
    CK_NOISE_BINS = 256 /* |Y_t(x) - Y_t-1(x)| of sampled pixels, 0..255 */
};

/* What was gathered about one marker. */
typedef struct ck_marker {
    int64_t seen;      /* frames measured (sharp or as a streak) */
    int64_t refused;   /* frames the identity guard refused a blob for it */
    int64_t sharp;     /* frames seen as a round blob */
    int64_t still;     /* ... of them while it moved under CK_STILL_PX a frame */
    double radius_sum; /* of still sharp blobs, sqrt(area / pi), px */
    double contrast_sum;
    int64_t contrast_n;
    double clipped_sum;    /* share of the sticker's pixels at Y >= CK_CLIP_Y, summed */
    int64_t moving;        /* sightings while moving at least CK_MOVING_PX a frame */
    int64_t moving_streak; /* ... of them seen as a motion streak (detect.h) */
    double last_margin_px; /* distance to the edge where last measured */
    double margin_px;      /* smallest distance of a measured position to the frame edge */
    int64_t outside;       /* frames not seen with its prediction outside the frame, or
                              last seen within CK_EDGE_RADII radii of the edge */
} ck_marker;

struct rc_check {
    rc_model model;
    rc_check_config cfg;
    rc_pipeline *pipe;
    rc_pipe_result *res; /* one frame's result (large: heap) */
    int width, height;
    bool have_calib;
    rc_calib calib;
    int64_t frames;
    int64_t t0_ns, last_ns;
    int64_t min_dt_ns;     /* shortest interval seen (the rate when none is given) */
    double dropped;        /* frames missing by the time stamps */
    /* The capture's counts (rc_check_set_captured): the next frame's, then the first
     * and the last frame judged. */
    bool cap_given, cap_next;
    int64_t cap_seq, cap_missing;
    int64_t cap_seq0, cap_missing0, cap_seq_last, cap_missing_last;
    double max_speed_px_s; /* fastest measured marker (after the first frames) */
    ck_marker mk[RC_MAX_MARKERS];
    double seg_min[RC_MAX_SEGMENTS], seg_max[RC_MAX_SEGMENTS], seg_sum[RC_MAX_SEGMENTS];
    int64_t seg_n[RC_MAX_SEGMENTS];
    int64_t luma_hist[CK_LUMA_BINS];   /* sampled frame pixels */
    int64_t noise_hist[CK_NOISE_BINS]; /* sampled frame-to-frame differences */
    uint8_t *prev;                     /* the previous frame's sampled luma */
    size_t n_samples;
    bool learnable_given;
    bool learnable[RC_MAX_MARKERS];
};

/* TUNABLE: Y at or above this is a clipped highlight (8-bit video range tops at 235,
 * full-range cameras at 255; 250 leaves room for noise on a clipped patch). */
#define CK_CLIP_Y 250
/* TUNABLE: a marker moving less than this many px a frame is still (its blob is its
 * true size); one moving at least CK_MOVING_PX would smear with a long exposure. */
#define CK_STILL_PX  1.0
#define CK_MOVING_PX 4.0
/* A marker lost within this many radii of the edge went out of the picture: the
 * framing item's fault, not the sticker's. */
#define CK_EDGE_RADII 3.0

/* The set-up check run on a recording's first seconds (record.c): a check of the
 * model file at model_path for frames of width x height (the source's rate and its
 * camera's exposure in force); NULL when it cannot be made (the recording goes on
 * without one). */
#include "romcap/record.h"
#include "romcap/session.h"
rc_check *rc__check_for_record(const char *model_path, const rc_source_info *si, int width,
                               int height);
/* Feeds frame f (NULL: the input ended) to *c; once it is full (or at the end) judges
 * it, stores the result in writer w, says each warning and failure and the verdict
 * through ev, destroys *c (NULL afterwards) and returns 1 when an item failed. */
int rc__check_record_step(rc_check **c, const rc_frame *f, rc_session_writer *w,
                          const rc_record_events *ev);

#endif
