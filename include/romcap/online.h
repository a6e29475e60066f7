/* online.h - the online analysis behind `romcap live`: the analysis thread
 * (rc_online) and the side detector it feeds (rc_online_side).
 *
 * rc_online takes frames from a capture (capture.h) in order, runs detect -> track
 * -> kinematics (the per-frame pipeline of analysis.h) and the online metrics
 * (metrics.h) on each, and publishes "views" (the frame's pixels plus everything a
 * window draws) into a small drop-oldest ring that the caller reads at its own pace.
 * Views are allocated at create; a model switch stops the thread, rebuilds the
 * pipeline and starts it again. It can also hand every analysed frame's JPEG bytes
 * to a session writer (session.h).
 *
 * rc_online_side decides which side is measured and which markers go missing: the
 * facing detector (facing.h) decides from the first seconds whether the set-up is
 * the model's mirror image, one wrap watch per angle catches a reading jumping
 * across its wrap boundary, and the marker coverage (track.h) counts what each
 * marker did. The engine guards it with a lock and switches its pipeline's mirror
 * when the decision changes; a reader takes the published copy (rc_online_side_info).
 *
 * Nothing here draws, logs or parses a command line (no SDL, no CLI): `romcap live`
 * wires it to the window, and a test can drive it on a synthetic capture.
 */
#ifndef ROMCAP_ONLINE_H
#define ROMCAP_ONLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "romcap/analysis.h"
#include "romcap/calib.h"
#include "romcap/capture.h"
#include "romcap/compensation.h"
#include "romcap/facing.h"
#include "romcap/metrics.h"
#include "romcap/model.h"
#include "romcap/session.h"
#include "romcap/track.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the side detector, wrap watches and coverage ------------------------------------ */

/* What the window shows and logs. Counters let a reader say each event once. */
typedef struct rc_online_side_info {
    bool mirror;      /* the mirror the pipeline uses now */
    bool decided;     /* false while deciding */
    int seq;          /* increments with every decision, across restarts */
    bool detected;    /* the last decision came from the evidence (not given, not
                         the default after an undetermined one) */
    bool defaulted;   /* undetermined: the model's set-up was kept (warn) */
    bool contradicts; /* a forced choice contradicts a clear decision */
    char text[96];    /* "deciding side\xE2\x80\xA6", "left knee \xE2\x80\x94 mirrored" */
    char evidence[RC_ERR_CAP];
    int wrap_jumps;            /* angles that jumped across their wrap boundary */
    char wrap_msg[RC_ERR_CAP]; /* the first jump, one line */
} rc_online_side_info;

typedef struct rc_online_side {
    const rc_model *model; /* the engine's copy; must outlive the state */
    rc_mirror_request req;
    rc_facing_state fs;
    rc_wrap_watch ww[RC_MAX_ANGLES];
    rc_track_coverage cov;
    double last_seen_s[RC_MAX_MARKERS]; /* NAN until seen */
    rc_online_side_info info;
} rc_online_side;

/* The mirror to start with for request `req` (only --mirror starts mirrored). */
bool rc_online_initial_mirror(rc_mirror_request req);

/* Starts over for model `m` (a model switch, the reset key, a replay): a new
 * decision, new wrap watches, new coverage. `mirror_now` is the pipeline's mirror.
 * A forced request is decided at once ("given"). */
void rc_online_side_init(rc_online_side *s, const rc_model *m, rc_mirror_request req,
                         bool mirror_now);

/* Feeds one analysed frame (marker states in image pixels as tracked, before any
 * display undistortion; `calib` the pipeline's calibration or NULL). Returns true
 * when the pipeline's mirror must change to s->info.mirror (then the caller
 * recomputes the angles and calls rc_online_side_angles with them). Allocates nothing. */
bool rc_online_side_feed(rc_online_side *s, const rc_calib *calib, int64_t frame,
                         const rc_pipe_result *r);

/* Feeds the frame's final angles to the wrap watches. */
void rc_online_side_angles(rc_online_side *s, int64_t frame, const double *angle_deg);

/* Seconds since marker k was last seen at time t_s (0 when seen now; t_s - the
 * first frame's time when never seen). */
double rc_online_side_unseen_s(const rc_online_side *s, int k, double t_s);

/* ---- the analysis thread ------------------------------------------------------------- */

enum { RC_ONLINE_PLOT_CAP = 1200, RC_ONLINE_TRAIL_CAP = 24 };

typedef struct rc_online_view {
    rc_image image; /* a copy of the analysed frame */
    uint8_t *pixels;
    rc_pipe_result res;
    rc_online_state online;
    double plot[RC_ONLINE_PLOT_CAP]; /* first angle, oldest first */
    int plot_n;
    double trail_x[RC_ONLINE_TRAIL_CAP], trail_y[RC_ONLINE_TRAIL_CAP]; /* limb end, oldest first */
    int trail_n;
    int64_t index, seq;              /* source frame number, capture sequence */
    int64_t t_capture_ns;            /* capture stamp (rc_clock_ns) */
    double analysis_ms;              /* detect..metrics time of this frame */
    int model_gen;                   /* increments with every model switch */
    double unseen_s[RC_MAX_MARKERS]; /* seconds since each marker was last SEEN */
    rc_comp_live comp;               /* the model's compensation rules this frame */
} rc_online_view;

typedef struct rc_online rc_online;

/* `cap` is borrowed and must outlive the engine, and so must po->calib. Makes FFTW
 * plans: call from the main thread. With `undistort_view` (needs po->calib with a
 * lens part) the views show the frame straightened through the lens model, and the
 * marker positions in them are undistorted to match; angles are unaffected. A
 * non-NULL `rec` records from the first frame (see rc_online_set_recorder).
 * `mirror_req` is --mirror / --no-mirror / neither: with neither the side detector
 * (rc_online_side above) decides, and the engine then switches its pipeline's mirror
 * (po->mirror is replaced by rc_online_initial_mirror(mirror_req)). */
rc_online *rc_online_create(rc_capture *cap, const rc_model *m, const rc_pipeline_options *po,
                            rc_mirror_request mirror_req, int undistort_view,
                            rc_session_writer *rec, int rec_quality, rc_err *err);
void rc_online_destroy(rc_online *e); /* stops the thread; NULL is fine */

/* Switches model (stops, rebuilds, restarts). On failure the old model stays. */
rc_status rc_online_set_model(rc_online *e, const rc_model *m, rc_err *err);

/* Asks the thread to start a new set (ROM, reps, plot cleared). */
void rc_online_reset(rc_online *e);

/* The newest analysed view (older ones dropped), or NULL if none is new. Give it
 * back with rc_online_release once a newer one replaces it. */
const rc_online_view *rc_online_latest(rc_online *e);
void rc_online_release(rc_online *e, const rc_online_view *v);

/* Starts (w non-NULL) or stops (NULL) handing every analysed frame's JPEG bytes to
 * a session writer the caller owns: the camera's original bytes, or frames
 * encoded at `quality` for sources without JPEG. Briefly stops the thread, so on
 * return the writer is no longer used when detached. */
void rc_online_set_recorder(rc_online *e, rc_session_writer *w, int quality);

/* 1 once a recorder push failed (disk full ...); the message goes to `err`. */
int rc_online_record_failed(rc_online *e, rc_err *err);

/* A copy of the side detector's state (thread-safe; cheap). */
void rc_online_get_side(rc_online *e, rc_online_side_info *out);

/* A copy of the marker coverage since the last model switch, reset (0 key) or
 * recorder attach, closed (rc_track_coverage_finish) as of now. */
void rc_online_coverage(rc_online *e, rc_track_coverage *out);

/* ---- sticker colours learnt by themselves (online_learn.c) ----------------------- */

/* What the engine's learner did: the colours that fit this camera, learnt at the
 * start as `romcap analyse` does (analysis.h, rc_autolearn_run), but from the frames
 * as they come (a camera cannot be read twice): over the first 2 s the model's
 * nominal colours are judged (the same rule), a poorly found sticker's colour is
 * learnt where the chain's geometry puts it in one of the first 10 frames, the
 * learnt classes run beside the nominal ones for 1 s more, and those that pass the
 * confidence rule (found well in >= 80% of that second and more often than with the
 * nominal colour) replace them in the running pipeline (the pipeline built for the
 * trial takes over: nothing is allocated in the per-frame path; the learning and
 * the trial pipeline allocate once). Starts again on a model switch or a replay. */
typedef struct rc_online_learn_info {
    int seq;       /* increments with every news (text) */
    bool on;       /* learning is on (not --no-auto-learn) */
    bool done;     /* judged and decided (nothing more will change) */
    bool warn;     /* the news is a warning (a colour found poorly and not learnt) */
    int n_learnt;  /* colours in use that were learnt by themselves */
    rc_learnt_colour colour[RC_MAX_MARKERS];
    char text[RC_ERR_CAP]; /* the news, one line ("" when none) */
} rc_online_learn_info;

/* Turns the learner on (the default) or off (--no-auto-learn: the model's colours
 * stay, whatever they find). Off after a switch goes back to the nominal model.
 * Briefly stops the thread. */
void rc_online_set_auto_learn(rc_online *e, bool on);

/* A copy of the learner's state (thread-safe; cheap). */
void rc_online_get_learn(rc_online *e, rc_online_learn_info *out);

/* Frames analysed so far and analysis views dropped by the display. */
void rc_online_counts(rc_online *e, int64_t *analysed, int64_t *shown_dropped);

#ifdef __cplusplus
}
#endif

#endif
