/* autolearn_internal.h - the judging and learning steps of the colour learner
 * (autolearn.c), shared by the offline passes (rc_autolearn_run) and the live
 * engine's incremental learner (online_learn.c), so both judge and learn alike. */
#ifndef ROMCAP_AUTOLEARN_INTERNAL_H
#define ROMCAP_AUTOLEARN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "romcap/analysis.h"

/* TUNABLE: the start of the recording judged and learnt from. */
#define AL_WINDOW_S 2.0
enum { AL_MAX_FRAMES = 120 };
/* TUNABLE: share of the window's frames a marker must be found well in. */
#define AL_GOOD_FRAC 0.8
/* TUNABLE: the place is judged, and learnt from, in the first frames only: the start
 * pose, which the hints describe (a moving limb soon leaves it, and a fit of the
 * hints onto a raised arm extrapolates far off). */
enum { AL_EARLY = 10 };

/* Counts of one pass. */
typedef struct al_pass {
    int frames;
    int sized[RC_MAX_MARKERS];  /* frames the marker was seen as a sticker-sized blob */
    int judged[RC_MAX_MARKERS]; /* early frames its place could be predicted in */
    int placed[RC_MAX_MARKERS]; /* ... and it was seen there */
} al_pass;

typedef struct al_ctx {
    const char *input; /* offline: the input opened for each pass; live: NULL */
    const rc_model *m;
    int width, height;
    int64_t max_frames;
    rc_pipe_result *res; /* the frame's pipeline result the steps read */
    int threads;         /* offline: decoders for the first pass's frames (rc__frames) */
} al_ctx;

/* Counts marker i of frame result r into pass p (p->frames is the frame's number in
 * the pass: call for every marker, then increment it). */
void rc__al_count_marker(const al_ctx *c, const rc_pipe_result *r, int i, al_pass *p);

/* Share of the pass's frames marker i was found well in (0 when it was away from
 * its place in most of the early judged frames). */
double rc__al_found_share(const al_pass *p, int i);

/* Tries to learn poor marker i's sticker in frame f (c->res its pipeline result):
 * the candidate where the chain puts it, learnt and checked (sticker-sized, not
 * doubtful). Sets a->tried when there was a candidate, and a->have_class, cls,
 * frame, x/y and mean_luma when learnt. `hist` is 2 * 256 ints of scratch.
 * Allocates a little (rc_color_learn) when there is a candidate. */
void rc__al_learn_marker(const al_ctx *c, const rc_frame *f, int i, int *hist,
                         rc_autolearn_marker *a);

/* The sRGB colour of a learnt class's mean at luma y (JFIF), for messages. */
void rc__al_class_rgb(const rc_color_class *k, float y, uint8_t rgb[3]);

/* Whether marker i of model m may be judged poor and learnt: a colour marker whose
 * class is still the nominal one. */
bool rc__al_learnable(const rc_model *m, int i);

/* The colours a live recording learnt by itself (session.json "learnt_colours",
 * session.h), when `input` is such a session: stored into *out (a copy of m) for the
 * markers of those names, each listed in info->learnt_colour[] and said in one line
 * through `say` (may be NULL). Returns how many; 0 when the input is not a session or
 * has none; -1 with a message in `err` when its list is malformed. */
int rc__al_from_session(const char *input, const rc_model *m, rc_model *out, rc_run_info *info,
                        void (*say)(void *user, const char *msg), void *user, rc_err *err);

/* rc_autolearn_run with its passes' frames decoded on `threads` (rc__frames): the
 * analysis run's own thread count, so --threads 1 stays on one thread. */
rc_status rc__autolearn_run_threads(const char *input, const rc_model *m, int width, int height,
                                    int threads, rc_model *learnt, rc_autolearn_result *res,
                                    rc_err *err);

/* The colour self-check's first pass (judging the nominal colours) fed from the
 * analysis run's own frames instead of a pass of its own (run.c): the run's
 * pipeline, with the same model, gives every frame the same detection and tracking
 * as the pass's own pipeline would (mirror and calibration change only the angles),
 * so the counts and the decision are the pass's, without decoding the window twice.
 * Usage: begin; for each frame the run reads, stop feeding once ends_before(frame)
 * (the window is over: the pass would not have used that frame), else count the
 * frame's result; then finish, which judges and, for poor markers, runs passes 2 and
 * 3 on the input as rc_autolearn_run does. */
typedef struct rc__al_inline {
    al_ctx c;
    al_pass nom;
    bool open; /* begun and not finished */
} rc__al_inline;

void rc__al_inline_begin(rc__al_inline *k, const char *input, const rc_model *m, int width,
                         int height, int threads);
/* True when frame f is past the window (AL_WINDOW_S, at most AL_MAX_FRAMES counted). */
bool rc__al_inline_ends_before(const rc__al_inline *k, const rc_frame *f);
/* Counts one analysed frame's result (c.m's colours; skipped frames are not fed). */
void rc__al_inline_count(rc__al_inline *k, const rc_pipe_result *r);
/* Closes the window: *res and *learnt as rc_autolearn_run gives them. */
rc_status rc__al_inline_finish(rc__al_inline *k, rc_model *learnt, rc_autolearn_result *res,
                               rc_err *err);

#endif
