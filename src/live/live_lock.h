/* live_lock.h - when the live window has the camera lock its exposure and white
 * balance (issue 20).
 *
 * A camera opened for the live window with the default controls runs its auto
 * exposure and white balance until this unit asks the capture thread to lock them
 * (rc_capture_request_lock): once every sticker of the model has been identified in
 * the live analysis for LIVE_LOCK_SEEN_S continuously, so the auto modes settled on
 * the scene the test is measured in; or, at the latest, LIVE_LOCK_TIMEOUT_S after the
 * window opened, with a note saying which stickers were not all seen (logged, shown
 * over the video, kept in the session's camera_controls). When the capture has
 * locked, the controls in force are logged, stored for the recordings (the one
 * running too, at its stop) and given to the set-up check (its blur item). Files,
 * scenes and cameras given --exposure / --white-balance values have nothing waiting:
 * the unit does nothing. The policy is plain numbers (live_lock_policy_*), so a test
 * drives it with any sequence of frames.
 */
#ifndef ROMCAP_LIVE_LIVE_LOCK_H
#define ROMCAP_LIVE_LIVE_LOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "live/live_toast.h"
#include "romcap/capture.h"
#include "romcap/online.h"

/* TUNABLE: a second of every sticker identified: long enough that a sticker found in
 * a few frames by chance (a flicker) does not count, short enough to go unnoticed. */
#define LIVE_LOCK_SEEN_S 1.0
/* TUNABLE: the latest lock after the window opened: a therapist takes a few seconds
 * to place the patient; the webcams we know settle their auto modes in 0.5-1 s. */
#define LIVE_LOCK_TIMEOUT_S 5.0

typedef enum live_lock_decision {
    LIVE_LOCK_WAIT = 0, /* not yet */
    LIVE_LOCK_STICKERS, /* every sticker identified for seen_s */
    LIVE_LOCK_TIMEOUT   /* timeout_s after the opening, not all seen for long enough */
} live_lock_decision;

typedef struct live_lock_policy {
    double seen_s, timeout_s;   /* LIVE_LOCK_SEEN_S, LIVE_LOCK_TIMEOUT_S */
    double run_start_s;         /* frame time when the current run of frames with every
                                   sticker identified began; NAN when not in one */
    live_lock_decision decided; /* once decided, it stays */
} live_lock_policy;

void live_lock_policy_init(live_lock_policy *p);

/* One analysed frame at time t_s (its capture stamp, s; in time order), with every
 * sticker identified in it or not. Decides LIVE_LOCK_STICKERS at the first frame that
 * ends seen_s of frames all identified (a frame that misses one starts the run again). */
live_lock_decision live_lock_policy_frame(live_lock_policy *p, double t_s, bool all_identified);

/* The clock: `since_open_s` after the opening. Decides LIVE_LOCK_TIMEOUT once it
 * reaches timeout_s without a decision. */
live_lock_decision live_lock_policy_tick(live_lock_policy *p, double since_open_s);

struct live_ctx;

typedef struct live_lock {
    bool active; /* a lock waits (camera with the default controls) */
    bool asked, done;
    live_lock_policy pol;
    int64_t open_ns;    /* when the window opened (rc_clock_ns) */
    int64_t first_ns;   /* the first view's capture stamp; -1 before */
    int64_t last_index; /* the newest view's source frame */
    double last_t_s;    /* ... its seconds after the first view */
    char missing[160];  /* stickers not identified in the newest view, "" when all */
} live_lock;

/* At the window's opening: active when the capture waits for a lock. */
void live_lock_init(live_lock *k, rc_capture *cap);

/* Each draw: `fresh` the view just taken (NULL when none): fed to the policy; a
 * decision asks the capture; a lock carried out is said in the log (and a time-out's
 * note in `t`), stored for the recordings and given to the set-up check. */
void live_lock_update(live_lock *k, const struct live_ctx *c, const rc_online_view *fresh,
                      live_toast *t);

#endif
