/* online_check.h - the live engine's set-up check (online_check.c), owned by rc_online
 * (online.c): the hooks the engine calls, and its accessor for the public functions
 * of romcap/online_check.h. */
#ifndef ROMCAP_ONLINE_CHECK_INTERNAL_H
#define ROMCAP_ONLINE_CHECK_INTERNAL_H

#include "romcap/online_check.h"

typedef struct rc__online_check rc__online_check;

/* The engine's check state (online.c). */
rc__online_check *rc__online_checker(rc_online *e);

/* The state for frames of `info`'s size, rate and camera; NULL out of memory. */
rc__online_check *rc__online_check_create(const rc_source_info *info, rc_err *err);
void rc__online_check_destroy(rc__online_check *k); /* NULL is fine */

/* A model switch: the last result (another test's) and a running check are dropped;
 * a recording still waiting for its check gets a new one. Thread stopped. */
void rc__online_check_reset(rc__online_check *k);

/* One analysed frame (analysis thread; its capture's counts tell the camera's drops
 * from the analysis', rc_check_set_captured): `res` as tracked, before any display
 * undistortion; `m` and `po` the engine's model and pipeline options. A check is made
 * (one allocation) when one was asked for, and freed when it ends; its result goes to
 * the recording waiting for it. */
void rc__online_check_feed(rc__online_check *k, const rc_model *m, const rc_pipeline_options *po,
                           const rc_capture_frame *cf, const rc_pipe_result *res);

/* The engine's recorder becomes `w` (NULL: detached), with the thread stopped: a new
 * recording gets the last result (or a check started on its first frames); a
 * recording detached while its check runs gets what was judged so far. */
void rc__online_check_recorder(rc__online_check *k, rc_session_writer *w);

#endif
