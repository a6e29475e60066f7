/* live_record.h - recording in `romcap live` (R, or --record from the first frame)
 * into a session folder romcap-sessions/session-DATE-TIME[-tag][-N].
 *
 * Owns the session writer while recording, the folder's name and the status line
 * shown in the window. The analysis thread hands each frame's JPEG bytes to the
 * writer (live_engine_set_recorder); this unit starts, stops and checks it, and
 * removes a folder that a failed run left without a single frame, so a failure
 * never leaves an empty "patient session" behind.
 */
#ifndef ROMCAP_APP_LIVE_RECORD_H
#define ROMCAP_APP_LIVE_RECORD_H

#include <stdbool.h>

#include "app/live_engine.h"
#include "app/live_toast.h"
#include "romcap/log.h"
#include "romcap/source.h"

typedef struct live_recording {
    /* What every recording of the run describes; set by the caller before starting. */
    const char *uri;     /* the source as given (borrowed) */
    const char *tag;     /* "pre", "post" or NULL (borrowed) */
    bool unpaced;        /* --unpaced: the writer waits instead of dropping (files) */
    rc_source_info info; /* the source's size, rate and kind */

    rc_session_writer *w; /* while recording, else NULL; owned */
    bool made_parent;     /* this run created romcap-sessions/ */
    char dir[300];        /* the session folder of the current or last recording */
    char status[360];     /* "● REC  DIR" while recording */
} live_recording;

/* Creates the session folder and its writer for `m` (not yet attached to an engine:
 * pass r->w to live_engine_create, or see live_record_toggle). On failure nothing is
 * left on disk and the reason is in `err`. */
rc_status live_record_start(live_recording *r, const rc_model *m, rc_err *err);

/* R: stops the recording (saying where it went and how many frames) or starts one
 * attached to `eng`; tells the user in `t` and the log. */
void live_record_toggle(live_recording *r, live_engine *eng, const rc_model *m, const rc_log *log,
                        live_toast *t);

/* Stops the recording when the writer failed (disk full ...), saying so. */
void live_record_check(live_recording *r, live_engine *eng, const rc_log *log, live_toast *t);

/* The status line while recording, else NULL. */
const char *live_record_status(const live_recording *r);

/* End of the run: detaches from `eng` (NULL is fine) and closes the session. A
 * session without any frame (the input gave none, or the run failed before the
 * first) is removed, with romcap-sessions/ when this run created it. */
void live_record_finish(live_recording *r, live_engine *eng, const rc_log *log);

#endif
