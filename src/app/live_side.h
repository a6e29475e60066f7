/* live_side.h - which side is measured, and which markers go missing, in `romcap live`.
 *
 * The analysis thread (live_engine.c) feeds every analysed frame here: the facing
 * detector (facing.h) decides from the first seconds whether the set-up is the
 * model's mirror image, one wrap watch per angle catches a reading jumping across its
 * wrap boundary, and the marker coverage (track.h) counts what each marker did. This
 * unit decides nothing about threads or drawing: the engine guards it with a lock and
 * rebuilds its pipeline when the mirror in use must change; the window reads the
 * published copy (live_side_info) and says it on screen and in the log.
 */
#ifndef ROMCAP_APP_LIVE_SIDE_H
#define ROMCAP_APP_LIVE_SIDE_H

#include <stdbool.h>
#include <stdint.h>

#include "romcap/analysis.h"
#include "romcap/calib.h"
#include "romcap/facing.h"
#include "romcap/log.h"
#include "romcap/track.h"

/* What the window shows and logs. Counters let a reader say each event once. */
typedef struct live_side_info {
    bool mirror;            /* the mirror the pipeline uses now */
    bool decided;           /* false while deciding */
    int seq;                /* increments with every decision, across restarts */
    bool detected;          /* the last decision came from the evidence (not given, not
                               the default after an undetermined one) */
    bool defaulted;         /* undetermined: the model's set-up was kept (warn) */
    bool contradicts;       /* a forced choice contradicts a clear decision */
    char text[96];          /* "deciding side\xE2\x80\xA6", "left knee \xE2\x80\x94 mirrored" */
    char evidence[RC_ERR_CAP];
    int wrap_jumps;         /* angles that jumped across their wrap boundary */
    char wrap_msg[RC_ERR_CAP]; /* the first jump, one line */
} live_side_info;

typedef struct live_side {
    const rc_model *model; /* the engine's copy; must outlive the state */
    rc_mirror_request req;
    rc_facing_state fs;
    rc_wrap_watch ww[RC_MAX_ANGLES];
    rc_track_coverage cov;
    double last_seen_s[RC_MAX_MARKERS]; /* NAN until seen */
    live_side_info info;
} live_side;

/* The mirror to start with for request `req` (only --mirror starts mirrored). */
bool live_side_initial_mirror(rc_mirror_request req);

/* Starts over for model `m` (a model switch, the reset key, a replay): a new
 * decision, new wrap watches, new coverage. `mirror_now` is the pipeline's mirror.
 * A forced request is decided at once ("given"). */
void live_side_init(live_side *s, const rc_model *m, rc_mirror_request req, bool mirror_now);

/* Feeds one analysed frame (marker states in image pixels as tracked, before any
 * display undistortion; `calib` the pipeline's calibration or NULL). Returns true
 * when the pipeline's mirror must change to s->info.mirror (then the caller
 * recomputes the angles and calls live_side_angles with them). Allocates nothing. */
bool live_side_feed(live_side *s, const rc_calib *calib, int64_t frame, const rc_pipe_result *r);

/* Feeds the frame's final angles to the wrap watches. */
void live_side_angles(live_side *s, int64_t frame, const double *angle_deg);

/* Seconds since marker k was last seen at time t_s (0 when seen now; t_s - the
 * first frame's time when never seen). */
double live_side_unseen_s(const live_side *s, int k, double t_s);

/* One warning per marker of `m` seen in too few frames of `cov` (rc_track_coverage_
 * diagnose), prefixed with `what` (the session folder, or "live"). */
void live_side_log_coverage(const rc_track_coverage *cov, const rc_model *m, const rc_log *log,
                            const char *what);

#endif
