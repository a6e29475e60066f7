/* live_engine.h - the analysis thread of `romcap live`.
 *
 * Takes frames from the capture thread in order, runs detect -> track ->
 * kinematics -> online metrics on each, and publishes "views" (the frame's pixels
 * plus everything the window draws) into a small drop-oldest ring that the main
 * thread reads at its own pace. Views are allocated at create; a model switch
 * stops the thread, rebuilds the pipeline and starts it again.
 */
#ifndef ROMCAP_APP_LIVE_ENGINE_H
#define ROMCAP_APP_LIVE_ENGINE_H

#include <stdint.h>

#include "app/live_side.h"
#include "romcap/analysis.h"
#include "romcap/capture.h"
#include "romcap/metrics.h"
#include "romcap/model.h"
#include "romcap/session.h"

enum { LIVE_PLOT_CAP = 1200, LIVE_TRAIL_CAP = 24 };

typedef struct live_view {
    rc_image image; /* a copy of the analysed frame */
    uint8_t *pixels;
    rc_pipe_result res;
    rc_online_state online;
    double plot[LIVE_PLOT_CAP]; /* first angle, oldest first */
    int plot_n;
    double trail_x[LIVE_TRAIL_CAP], trail_y[LIVE_TRAIL_CAP]; /* limb end, oldest first */
    int trail_n;
    int64_t index, seq;   /* source frame number, capture sequence */
    int64_t t_capture_ns; /* capture stamp (rc_clock_ns) */
    double analysis_ms;   /* detect..metrics time of this frame */
    int model_gen;        /* increments with every model switch */
    double unseen_s[RC_MAX_MARKERS]; /* seconds since each marker was last SEEN */
} live_view;

typedef struct live_engine live_engine;

/* `cap` is borrowed and must outlive the engine, and so must po->calib. Makes FFTW
 * plans: call from the main thread. With `undistort_view` (needs po->calib with a
 * lens part) the views show the frame straightened through the lens model, and the
 * marker positions in them are undistorted to match; angles are unaffected. A
 * non-NULL `rec` records from the first frame (see live_engine_set_recorder).
 * `mirror_req` is --mirror / --no-mirror / neither: with neither the side detector
 * (live_side.h) decides, and the engine then switches its pipeline's mirror
 * (po->mirror is replaced by live_side_initial_mirror(mirror_req)). */
live_engine *live_engine_create(rc_capture *cap, const rc_model *m, const rc_pipeline_options *po,
                                rc_mirror_request mirror_req, int undistort_view,
                                rc_session_writer *rec, int rec_quality, rc_err *err);
void live_engine_destroy(live_engine *e); /* stops the thread; NULL is fine */

/* Switches model (stops, rebuilds, restarts). On failure the old model stays. */
rc_status live_engine_set_model(live_engine *e, const rc_model *m, rc_err *err);

/* Asks the thread to start a new set (ROM, reps, plot cleared). */
void live_engine_reset(live_engine *e);

/* The newest analysed view (older ones dropped), or NULL if none is new. Give it
 * back with live_engine_release once a newer one replaces it. */
const live_view *live_engine_latest(live_engine *e);
void live_engine_release(live_engine *e, const live_view *v);

/* Starts (w non-NULL) or stops (NULL) handing every analysed frame's JPEG bytes to
 * a session writer the caller owns: the camera's original bytes, or frames
 * encoded at `quality` for sources without JPEG. Briefly stops the thread, so on
 * return the writer is no longer used when detached. */
void live_engine_set_recorder(live_engine *e, rc_session_writer *w, int quality);

/* 1 once a recorder push failed (disk full ...); the message goes to `err`. */
int live_engine_record_failed(live_engine *e, rc_err *err);

/* A copy of the side detector's state (thread-safe; cheap). */
void live_engine_side(live_engine *e, live_side_info *out);

/* A copy of the marker coverage since the last model switch, reset (0 key) or
 * recorder attach, closed (rc_track_coverage_finish) as of now. */
void live_engine_coverage(live_engine *e, rc_track_coverage *out);

/* Frames analysed so far and analysis views dropped by the display. */
void live_engine_counts(live_engine *e, int64_t *analysed, int64_t *shown_dropped);

#endif
