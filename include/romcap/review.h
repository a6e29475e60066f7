/* review.h - looking back at a recorded, analysed session (`romcap review DIR`).
 *
 * Sits after the analysis: it reads a session folder through the session reader
 * (frames by number, their recorded time stamps) and its result files through their
 * one reader each (tracks.csv, angles.csv, summary.json), and shows any frame with
 * the overlays the live window draws, the angle-time plot under the video with a
 * cursor, the repetitions and the compensations summary.json names. It analyses
 * nothing and writes nothing but the PNGs asked for: a session without results is
 * the caller's to analyse first.
 *
 * The seek model (time <-> frame <-> plot x) is plain arithmetic on the frames'
 * time stamps, testable without a window. The window loop allocates nothing per
 * frame: one JPEG buffer and one I420 image sized at open serve every frame.
 */
#ifndef ROMCAP_REVIEW_H
#define ROMCAP_REVIEW_H

#include <stdint.h>

#include "romcap/image.h"
#include "romcap/model.h"
#include "romcap/results.h"
#include "romcap/status.h"
#include "romcap/track.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the seek model ---------------------------------------------------------- */

/* A time axis drawn from x0_px (time t0_s) to x0_px + w_px (time t1_s). */
typedef struct rc_review_axis {
    double t0_s, t1_s; /* t1_s > t0_s; a single frame is given a span of 1 s */
    double x0_px, w_px;
} rc_review_axis;

/* Canvas x of time t (not clamped). */
double rc_review_axis_x(const rc_review_axis *a, double t_s);

/* Time under canvas x, clamped to [t0_s, t1_s]: a click left of the plot is its
 * start, right of it its end. */
double rc_review_axis_t(const rc_review_axis *a, double x_px);

/* The frame on screen at time t when playing: the last frame whose time stamp is
 * <= t (frame 0 before the first). `t_s` holds the n >= 1 frames' times, never
 * decreasing. */
int64_t rc_review_frame_at(const double *t_s, int64_t n, double t);

/* The frame whose time stamp is nearest t (the earlier one on a tie): where a
 * click or --shot-at T lands. -INFINITY / +INFINITY give the first / last frame. */
int64_t rc_review_frame_nearest(const double *t_s, int64_t n, double t);

/* A step from frame `cur`: `dir` +1 or -1; by one frame, or (by_second) to the
 * frame nearest one second away, at least one frame; clamped to [0, n). */
int64_t rc_review_step(const double *t_s, int64_t n, int64_t cur, int dir, int by_second);

/* ---- the recording ------------------------------------------------------------- */

typedef struct rc_review rc_review;

/* Opens session folder `dir` and its results: session.json / frames (the session
 * reader), tracks.csv, angles.csv and summary.json in `dir`. Every buffer a frame
 * needs is allocated here. NULL with a one-line message naming the file (and line)
 * that is missing or damaged. */
rc_review *rc_review_open(const char *dir, rc_err *err);
void rc_review_close(rc_review *r); /* NULL is fine */

int64_t rc_review_frame_count(const rc_review *r);

/* The frames' times, seconds from the first frame (as angles.csv's t_s): n values,
 * owned by `r`. */
const double *rc_review_times(const rc_review *r);

/* The model the session was recorded with (its own copy in session.json). */
const rc_model *rc_review_model(const rc_review *r);

/* The summary as read (repetitions, set ROM, compensations). */
const rc_summary *rc_review_summary(const rc_review *r);

/* One frame as shown: the decoded picture and what the analysis found in it. The
 * pointers are owned by `r` and valid until the next rc_review_load. */
typedef struct rc_review_frame {
    int64_t index;
    double t_s;
    const rc_image *image;          /* I420 */
    const rc_marker_state *markers; /* model->n_markers states; all lost when the
                                       analysis has no row for this frame */
    const double *angle_deg;        /* model->n_angles, NAN where undefined */
} rc_review_frame;

/* Reads and decodes frame `i` into the buffers made at open (no allocation).
 * RC_E_ARG out of range; RC_E_IO / RC_E_DECODE naming the folder and the frame. */
rc_status rc_review_load(rc_review *r, int64_t i, rc_review_frame *out, rc_err *err);

/* The plotted angle: angles.csv's rows (times and values of the model's angle
 * `angle`, stride `*stride` doubles), and its repetitions from summary.json (start
 * and end times, seconds; n_reps may be 0). */
typedef struct rc_review_series {
    int64_t n;
    const double *t_s;
    const double *deg;
    int stride;
    int n_reps;
    const double *rep_t0_s, *rep_t1_s;
} rc_review_series;
void rc_review_get_series(const rc_review *r, int angle, rc_review_series *out);

/* ---- the window ------------------------------------------------------------------ */

typedef struct rc_review_options {
    const char *png_dir; /* where S and --shot-at write PNGs (the session folder) */
    double shot_at_s;    /* >= 0 (or -INFINITY / INFINITY): headless, draw the frame
                            nearest this time, write its PNG and return; NAN: window */
    int angle;           /* model angle plotted (0 = the first) */
    /* Said to the user (a PNG written); `debug` 1 for what only tests and timing
     * need (where the plot lies, decode and draw times); may be NULL. */
    void (*info)(void *user, int debug, const char *msg);
    void *user;
} rc_review_options;

/* Completes `opt` for the session `r` opened from `dir`: the model angle named `angle`
 * (NULL keeps opt->angle) and the PNG folder (opt->png_dir created private when
 * given, else the session folder). RC_E_ARG naming an angle the model lacks; the
 * folder's creation failures (review_options.c). */
rc_status rc_review_options_for(const rc_review *r, const char *dir, const char *angle,
                                rc_review_options *opt, rc_err *err);

/* The window (or, with shot_at_s, one headless picture). Returns when the user
 * quits. Failures: RC_E_DEVICE (no display: the message says so), RC_E_IO for a PNG
 * that cannot be written, or a frame that cannot be read. `*png_out` (may be NULL)
 * gets the path of the last PNG written ("" none). */
rc_status rc_review_run(rc_review *r, const rc_review_options *opt, char *png_out, size_t cap,
                        rc_err *err);

#ifdef __cplusplus
}
#endif
#endif
