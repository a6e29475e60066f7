/* online_check.h - the set-up check (check.h) run by the live engine (online.h) on
 * the frames as they come: key C in the live window, and the first seconds of every
 * recording that starts without a finished check (`live --record`).
 *
 * The check is fed the engine's own per-frame result on the analysis thread
 * (rc_check_add_result: nothing is detected twice, the window never waits), over
 * the check's usual span (5 s: the start pose and one slow movement). Its result is
 * kept until a new check or a model switch, and goes into the session.json "check"
 * block of each recording (with "acknowledged": true when the window warned and R
 * was pressed again). This is the engine's side only: nothing here draws or logs;
 * the window asks and shows (app/live_check.c, ui/ui_check.c).
 */
#ifndef ROMCAP_ONLINE_CHECK_H
#define ROMCAP_ONLINE_CHECK_H

#include <stdbool.h>

#include "romcap/check.h"
#include "romcap/online.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rc_online_check_state {
    RC_ONLINE_CHECK_NONE = 0, /* never run since the start or the last model switch */
    RC_ONLINE_CHECK_RUNNING,  /* gathering frames */
    RC_ONLINE_CHECK_DONE      /* `result` holds the last check */
} rc_online_check_state;

typedef struct rc_online_check_info {
    int seq;                     /* increments when a check starts and when it ends */
    int result_seq;              /* increments with every new result (0: none yet) */
    rc_online_check_state state;
    bool for_recording;          /* started by a recording on its first frames */
    double elapsed_s, span_s;    /* progress while running (frame time stamps), s */
    rc_check_result result;      /* the last finished check (n_items 0: none) */
} rc_online_check_info;

/* Starts a new check on the frames from the next one (the last result is kept until
 * it ends). Thread-safe; returns at once. */
void rc_online_check_start(rc_online *e);

/* The check's state (thread-safe; a copy, a few kB). */
void rc_online_get_check(rc_online *e, rc_online_check_info *out);

/* The next recording's check block says "acknowledged": true: the window warned
 * that the check failed or was not run, and R was pressed again. Thread-safe. */
void rc_online_check_acknowledge(rc_online *e);

/* The camera's controls changed (the live window had its default locked,
 * rc_capture_request_lock): checks started from now judge the blur at the exposure
 * in `cc`. Thread-safe. */
void rc_online_check_camera(rc_online *e, const rc_camera_controls *cc);

#ifdef __cplusplus
}
#endif
#endif
