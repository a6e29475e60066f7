/* live_record.h - recording in the live session (R, or --record from the first frame)
 * into a session folder romcap-sessions/session-DATE-TIME[-tag][-N].
 *
 * Owns the session writer while recording, the folder's name and the status line
 * shown in the window. The analysis thread hands each frame's JPEG bytes to the
 * writer (rc_online_set_recorder); this unit starts, stops and checks it, and
 * removes a folder that a failed run left without a single frame, so a failure
 * never leaves an empty "patient session" behind.
 *
 * A session is self-describing like `romcap record`'s: the text of the model in use
 * (a learnt copy's too), the calibration's text, the mirror and where it came from,
 * subject, test and tag. When a recording stops it is analysed into its own folder
 * (tracks.csv, angles.csv, summary.json), so `romcap compare` takes it as it is, and
 * each marker seen too rarely during it gets a warning in the log.
 */
#ifndef ROMCAP_LIVE_RECORD_H
#define ROMCAP_LIVE_RECORD_H

#include <stdbool.h>

#include "live/live_toast.h"
#include "romcap/live.h"
#include "romcap/log.h"
#include "romcap/online.h"
#include "romcap/source.h"

typedef struct live_recording {
    /* What every recording of the run describes; set by the caller before starting. */
    const rc_log *log;   /* where the analysis at a stop is said */
    /* the analysis when a recording stops (rc_live_config.analyse); NULL none */
    bool (*analyse)(void *user, const char *dir, const char *model_path, bool no_auto_learn);
    void *analyse_user;
    const char *uri;     /* the source as given (borrowed) */
    const char *tag;     /* "pre", "post" or NULL (borrowed) */
    const char *subject; /* --subject pseudonym or NULL (borrowed) */
    const char *test;    /* --test name or NULL: the model's name (borrowed) */
    const char *calib;   /* --calib file or NULL (borrowed; its text is stored) */
    bool given;          /* --mirror or --no-mirror was given */
    bool mirror;         /* the mirror before the side detector decides */
    bool unpaced;        /* --unpaced: the writer waits instead of dropping (files) */
    bool no_analyse;     /* --no-analyse (or no callback): recordings are only recorded */
    bool no_auto_learn;  /* --no-auto-learn: the analysis at the stop keeps the colours */
    rc_source_info info; /* the source's size, rate and kind */

    rc_session_writer *w; /* while recording, else NULL; owned */
    bool made_parent;     /* this run created romcap-sessions/ */
    char dir[300];        /* the session folder of the current or last recording */
    char status[360];     /* "● REC  DIR" while recording */
    char model_path[RC_TEXT_CAP]; /* the model analysed (for the analysis at the stop) */
    bool analyse_pending; /* stopped in the window: analyse after the next draw */
} live_recording;

/* Creates the session folder and its writer for `m` (not yet attached to an engine:
 * pass r->w to rc_online_create, or see live_record_toggle). `side` is the side
 * detector's state, or NULL before the engine runs. On failure nothing is left on
 * disk and the reason is in `err`. */
rc_status live_record_start(live_recording *r, const rc_model *m, const rc_online_side_info *side,
                            rc_err *err);

/* R: stops the recording (saying where it went and how many frames; the analysis
 * is then pending: see live_record_analyse) or starts one attached to `eng`; tells
 * the user in `t` and the log. */
void live_record_toggle(live_recording *r, rc_online *eng, const rc_model *m, const rc_log *log,
                        live_toast *t);

/* Stops the recording when the writer failed (disk full ...), saying so. */
void live_record_check(live_recording *r, rc_online *eng, const rc_log *log, live_toast *t);

/* After a stop in the window: analyses the session into its folder (blocking, a
 * second or so for a short recording) and tells the user in `t` and the log. A
 * failed analysis is said, and the session is kept. Nothing when none is pending. */
void live_record_analyse(live_recording *r, live_toast *t);

/* The status line while recording, else NULL. */
const char *live_record_status(const live_recording *r);

/* End of the run: detaches from `eng` (NULL is fine), closes the session and
 * analyses it (also one stopped in the window but not yet analysed). A session
 * without any frame (the input gave none, or the run failed before the first) is
 * removed, with romcap-sessions/ when this run created it. */
void live_record_finish(live_recording *r, rc_online *eng, const rc_model *m, const rc_log *log);

/* One warning per marker of `m` seen in too few frames of `cov` (rc_track_coverage_
 * diagnose), prefixed with `what` (the session folder, or "live"). */
void live_log_coverage(const rc_track_coverage *cov, const rc_model *m, const rc_log *log,
                       const char *what);

#endif
