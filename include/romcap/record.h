/* record.h - a recording run: a source's frames into a session folder (session.h),
 * the loop behind `romcap record`.
 *
 * The frames' original JPEG bytes go to the session writer's thread (sources without
 * JPEG bytes are encoded once at RC_RECORD_ENCODE_QUALITY); the loop never waits for
 * the disk: a full queue drops frames, counted at the end. It stops at the end of the
 * input, at the frame limit, when the caller's stop flag is set (a signal handler's),
 * or on a failure (a full disk keeps what was written). It lives in the analysis
 * library because it reads sources (capture.h) and writes sessions, and capture
 * itself reads sessions. Nothing here parses a command line or prints: what happens
 * is told through the caller's callback, one line each.
 */
#ifndef ROMCAP_RECORD_H
#define ROMCAP_RECORD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "romcap/log.h"
#include "romcap/session.h"
#include "romcap/source.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* TUNABLE: quality used when a source has no JPEG bytes of its own (synthetic scenes,
 * BGR videos): visually lossless for marker detection, ~10x smaller than raw. */
enum { RC_RECORD_ENCODE_QUALITY = 90 };

typedef struct rc_record_request {
    const char *input;      /* source URI */
    const rc_source_options *source_options; /* camera controls etc., or NULL */
    const char *out;        /* session folder (must not hold a session) */
    const char *software;   /* "romcap VERSION", for session.json */
    const char *model_path; /* the model file: its text goes into session.json */
    const char *model_name;
    const char *calib;                /* calibration file (its text is stored) or NULL */
    const char *tag, *subject, *test; /* or NULL */
    const rc_session_outcomes *outcomes; /* what the patient reported, or NULL */
    int mirror;         /* -1 not given (detected at analysis), 0 as set up, 1 mirrored */
    int64_t max_frames; /* 0 = no limit */
    bool realtime;      /* pace files and scenes at their own frame rate */
    bool no_check;      /* true: no set-up check on the first seconds (check.h); by
                           default it runs, is stored in session.json and a failure is
                           said as a warning */
    bool require_check; /* a failed set-up check stops the recording (reason "set-up
                           check failed") instead of only warning */
    /* Polled between frames: non-zero ends the recording cleanly. The signal number
     * that asked (SIGTERM is named in the stop reason; anything else is the user). */
    const volatile sig_atomic_t *stop;
} rc_record_request;

typedef struct rc_record_events {
    void *user;
    /* One line: a frame skipped (warn), a failure as it happens (error), the closing
     * count (info, or error when writing failed). */
    void (*say)(void *user, rc_log_level level, const char *msg);
    /* The writer is ready and the first frame read: the loop starts now. */
    void (*started)(void *user);
} rc_record_events;

typedef struct rc_record_result {
    int64_t captured, kept; /* frames read from the source; frames in the session */
    const char *reason;     /* why it ended (static text, written into session.json) */
    bool usable;            /* the session folder holds frames */
} rc_record_result;

/* Records rq->input into rq->out. RC_OK when the recording ended cleanly; otherwise
 * the failure's status (already told through ev->say; `err` holds it too), with
 * res->usable saying whether the session kept frames all the same. */
rc_status rc_record_run(const rc_record_request *rq, const rc_record_events *ev,
                        rc_record_result *res, rc_err *err);

/* ---- a live run's recording (`romcap live`, R or --record) ----------------------- */

/* What every recording of a live run describes (all borrowed). */
typedef struct rc_live_session_request {
    const char *software; /* "romcap VERSION (live)" */
    const char *uri;      /* the source as given */
    const char *tag, *subject, *test; /* or NULL */
    const char *calib;    /* calibration file or NULL (its text is stored) */
    bool mirror;          /* the side at the start */
    const char *mirror_source; /* "given", "detected" or NULL */
    bool unpaced;         /* files: the writer waits instead of dropping */
    const rc_source_info *info; /* the source's size, rate, kind and camera controls */
} rc_live_session_request;

/* Creates a free folder romcap-sessions/session-DATE-TIME[-tag][-N] (two recordings
 * started within a second get -2, -3, ...), or with a subject pseudonym the course
 * layout romcap-sessions/PSEUDONYM/YYYY-MM-DD-TEST[-TAG][-N] (session.h), and its session writer for the model file
 * `model_path` (its text, at most 1 MiB, and the calibration's, at most 16 MiB, go
 * into session.json). `dir` receives the folder; *made_parent is set when this call
 * created romcap-sessions/. NULL with a message, and nothing left on disk, on failure. */
rc_session_writer *rc_live_session_create(const rc_live_session_request *rq,
                                          const char *model_path, const char *model_name,
                                          char *dir, size_t dir_cap, bool *made_parent,
                                          rc_err *err);

/* Removes a session folder a live run created (its plain files, then the folder),
 * and romcap-sessions/ too when `made_parent` and it is empty. Only for a name that
 * did not exist before the run chose it. */
void rc_live_session_remove(const char *dir, bool made_parent);

/* True when the closed session in `dir` holds no frame byte (frames.mjpeg empty or
 * absent). */
bool rc_live_session_empty(const char *dir);

#ifdef __cplusplus
}
#endif

#endif
