/* online_learn.h - the live engine's incremental colour learner (online_learn.c),
 * owned by the analysis thread of rc_online (online.c); see rc_online_learn_info in
 * online.h for what it does. Everything it needs per frame is allocated at create. */
#ifndef ROMCAP_ONLINE_LEARN_H
#define ROMCAP_ONLINE_LEARN_H

#include <stdbool.h>

#include "romcap/online.h"

typedef struct rc__online_learn rc__online_learn;

/* For frames of width x height; learning on. NULL with a message when out of memory. */
rc__online_learn *rc__online_learn_create(int width, int height, rc_err *err);
void rc__online_learn_destroy(rc__online_learn *l); /* NULL is fine */

/* Starts judging model m afresh (a new model, a replay), if learning is on. */
void rc__online_learn_start(rc__online_learn *l, const rc_model *m);

/* The source started again (a replay): judging starts over unless it is decided. */
void rc__online_learn_replay(rc__online_learn *l);

/* Learning on or off; returns the nominal model to go back to when it is turned off
 * after a switch (else NULL). Call with the thread stopped. */
const rc_model *rc__online_learn_enable(rc__online_learn *l, bool on);

/* One analysed frame `f` with the running pipeline's result `r`. When the learnt
 * classes take over, *pipe is replaced (the old one destroyed), set to `mirror`, and
 * *model gets the learnt classes; returns true then. */
bool rc__online_learn_feed(rc__online_learn *l, const rc_frame *f, const rc_pipe_result *r,
                           const rc_pipeline_options *po, rc_pipeline **pipe, rc_model *model);

/* The learnt colours in use (for a session writer): their count, copied to c[]. */
int rc__online_learn_colours(rc__online_learn *l, rc_learnt_colour *c);

/* A copy of the state for the window (thread-safe). */
void rc__online_learn_get(rc__online_learn *l, rc_online_learn_info *out);

#endif
