/* check.h - the set-up check before recording (issue 20): a few seconds of the start
 * pose and one slow movement, judged item by item with what to do about each.
 *
 * It sits beside the analysis stage and uses its per-frame pipeline (detect -> track)
 * on frames from any source (camera, file, session, synthetic scene); it measures
 * and judges, it never changes the model or the camera. Items: every sticker seen
 * and identified, the light (sticker contrast, noise, clipping), the blur expected at
 * this exposure for the test's usual speed, framing, sticker size, how square the
 * camera is to the movement plane, frames the camera dropped and frames this computer
 * did not analyse (live: the analysis takes the newest frame). Each item is pass / warn /
 * fail with a measured value and one plain sentence of what to do; the thresholds
 * are named constants in check_items.c with their reasons. The result types are
 * plain data, so the session writer and the report store and show them without
 * depending on this stage's code. Nothing here prints or draws.
 */
#ifndef ROMCAP_CHECK_H
#define ROMCAP_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "romcap/model.h"
#include "romcap/source.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rc_check_level {
    RC_CHECK_PASS = 0,
    RC_CHECK_WARN = 1,
    RC_CHECK_FAIL = 2,
    RC_CHECK_SKIP = 3 /* could not be judged (nothing to measure it on): not a failure */
} rc_check_level;

/* The items, in the order they are shown. */
typedef enum rc_check_id {
    RC_CHECK_STICKERS = 0, /* every sticker seen and identified */
    RC_CHECK_LIGHT,        /* sticker contrast against its surround, noise, clipping */
    RC_CHECK_BLUR,         /* expected streak at this exposure and the test's speed */
    RC_CHECK_FRAMING,      /* the markers stay inside the frame's margins */
    RC_CHECK_SIZE,         /* sticker radius in pixels */
    RC_CHECK_SQUARE,       /* camera square to the movement plane */
    RC_CHECK_FRAMES,       /* frames the camera (the source) dropped: gaps in its time
                              stamps against its frame rate */
    RC_CHECK_ANALYSED,     /* frames captured but never analysed (live: the analysis was
                              too slow for the camera and took the newest frame) */
    RC_CHECK_N_ITEMS
} rc_check_id;

enum { RC_CHECK_TEXT_CAP = 192 };

typedef struct rc_check_item {
    rc_check_id id;
    rc_check_level level;
    double value;                     /* the figure judged (unit below); NAN when none */
    char unit[16];                    /* "%", "px", "deg", "diameters", ... */
    char measured[RC_CHECK_TEXT_CAP]; /* what was measured, one phrase */
    char advice[RC_CHECK_TEXT_CAP];   /* one plain sentence of what to do ("" on a pass) */
} rc_check_item;

typedef struct rc_check_result {
    int64_t frames;       /* frames judged */
    double seconds;       /* their time span */
    rc_check_level worst; /* the worst level of the items (SKIP counts as PASS) */
    int n_items;          /* RC_CHECK_N_ITEMS once judged; 0 = no check */
    rc_check_item item[RC_CHECK_N_ITEMS];
    bool acknowledged;    /* the live window warned that the check failed (or was not
                             run) and the therapist pressed R again to record anyway;
                             JSON "acknowledged": true, absent otherwise */
} rc_check_result;

/* ---- names and the JSON form (results/check_json.c: one writer, one reader) ----- */

/* "pass", "warn", "fail", "n/a"; and the items' short names ("stickers", "light",
 * "blur", "framing", "sticker size", "camera square", "frames dropped" (by the camera),
 * "frames analysed"). */
const char *rc_check_level_name(rc_check_level l);
const char *rc_check_item_name(rc_check_id id);

/* One line for a log or a table: "light: fail (contrast 12): sticker contrast 12, ...
 * - The stickers barely stand out ...". Returns buf. */
const char *rc_check_item_line(const rc_check_item *it, char *buf, size_t cap);

/* The result as a JSON object, the form session.json's "check" block and
 * `romcap check --json` hold:
 *   {"worst": "warn", "frames": 150, "seconds": 4.97,
 *    "items": [{"item": "stickers", "level": "pass", "value": 100, "unit": "% of frames",
 *               "measured": "...", "advice": ""}, ...]}
 * (value null when none). Heap text: free() it; NULL when out of memory. */
char *rc_check_json(const rc_check_result *r);

/* That JSON in a file of its own (`romcap check --json`): created private (0600),
 * one object and a newline, synced. RC_E_NOMEM, or RC_E_IO naming `path`
 * (results/check_json_file.c). */
rc_status rc_check_json_write(const char *path, const rc_check_result *r, rc_err *err);

/* The result as a table on `out`, as `romcap check` prints it: a heading naming
 * `input` with the frames and seconds, one row per item (ITEM, RESULT, MEASURED) with
 * its advice under it, the overall level (analysis/check_print.c). */
void rc_check_print(FILE *out, const rc_check_result *r, const char *input);

/* The check's outcome in plain words, the one wording every report uses
 * (summary.json's "setup", `romcap progress`, the pre/post report, `romcap sessions`):
 * "passed", "passed with warnings (light, blur)", "failed (sticker size)", followed
 * by "; recorded anyway after the warning" when acknowledged; "no set-up check
 * recorded" when r is NULL or holds no item. Returns buf. */
const char *rc_check_outcome(const rc_check_result *r, char *buf, size_t cap);

/* The same as a short table cell: "pass", "warn", "FAIL", "FAIL-ack" (failed,
 * recorded anyway after the live window's warning) or "-" (no check recorded). */
const char *rc_check_mark(const rc_check_result *r);

/* What a report says next to the figures of a session recorded over a failed check. */
#define RC_CHECK_TRUST_NOTE                                                                 \
    "recorded over a failed set-up check: its figures are less trustworthy"

/* Reads that object back from `text` (`origin` names it in messages). RC_E_FORMAT
 * naming the field for anything else; items of unknown names are skipped (a newer
 * romcap's), so the result may hold fewer than RC_CHECK_N_ITEMS. */
rc_status rc_check_json_parse(const char *text, size_t len, const char *origin,
                              rc_check_result *out, rc_err *err);

/* ---- the check ------------------------------------------------------------------- */

struct rc_calib;
struct rc_pipe_result;

typedef struct rc_check_config {
    double seconds;               /* frames judged from the first one: 0 = 5 s */
    const struct rc_calib *calib; /* a calibration with a plane: its tilt is judged
                                    (NULL: the segment lengths' change is) */
    double fps;                   /* nominal frame rate (dropped frames), 0 = from the
                                     time stamps */
    double exposure_ms;           /* the camera's exposure in force, 0 = unknown (then
                                     estimated from the streaks seen) */
    bool mirror;                  /* the subject set up mirrored from the model */
    bool results_given;           /* frames come with the caller's pipeline result
                                     (rc_check_add_result, the live engine's): no
                                     pipeline of its own is made */
} rc_check_config;

typedef struct rc_check rc_check;

/* Prepares a check of model m on frames of width x height: the per-frame pipeline and
 * every counter are allocated here. NULL with a message on failure; rc_check_destroy. */
rc_check *rc_check_create(const rc_model *m, int width, int height, const rc_check_config *cfg,
                          rc_err *err);
void rc_check_destroy(rc_check *c); /* NULL is fine */

/* Judges one frame (in time order) through the check's own pipeline; allocates
 * nothing. RC_OK, or the pipeline's failure (RC_E_ARG for a check made with
 * results_given). Frames after the configured seconds are ignored (rc_check_full says so). */
rc_status rc_check_add(rc_check *c, const rc_frame *f);

/* Judges one frame already analysed by the caller's pipeline (`res`: detect -> track
 * on `f`, marker positions in image pixels as tracked), e.g. the live engine's, so
 * nothing is detected twice. Allocates nothing. RC_E_ARG for a frame older than the
 * last one (a replay started again: make a new check). */
rc_status rc_check_add_result(rc_check *c, const rc_frame *f, const struct rc_pipe_result *res);

/* What the capture side knew of the next frame given to rc_check_add_result /
 * rc_check_add (call just before): its capture sequence number and the frames the
 * source skipped before it by its time stamps (rc_capture_frame.seq and
 * .source_missing, capture.h). The live engine's frames come through a drop-oldest
 * ring, so gaps in the frames it analyses are the camera's and the analysis' together:
 * with this, the frames item counts only the camera's (source_missing) and the
 * analysed item the frames captured and never analysed (gaps in seq). Without it (files
 * read frame by frame) every frame read is analysed and the frames item counts the
 * gaps in the time stamps of the frames given. */
void rc_check_set_captured(rc_check *c, int64_t seq, int64_t source_missing);

/* Seconds of frames judged so far (time stamps), for a progress display. */
double rc_check_elapsed_s(const rc_check *c);

/* True once the configured seconds have been seen. */
bool rc_check_full(const rc_check *c);

/* What a second look with learnt colours found (rc_autolearn_run on a file): marker i
 * was found poorly with its nominal colour and learnt[i] says a learnt colour finds
 * it. Optional; without it a sticker not seen gets the advice to learn its colour
 * only when something of a shifted colour was near its place. */
void rc_check_set_learnable(rc_check *c, const bool *learnt, int n_markers);

/* The items judged from the frames added so far into *out. */
void rc_check_finish(const rc_check *c, rc_check_result *out);

/* Opens `input` (opt may be NULL), judges its first cfg->seconds and, for a file or a
 * scene whose stickers were not all found, tries learnt colours on it
 * (rc_autolearn_run) to say whether `romcap learn` would help. The camera's exposure
 * in force (rc_source_info.camera) is used when cfg->exposure_ms is 0. Fails when the
 * input cannot be opened or read, with the message naming it. */
rc_status rc_check_run(const char *input, const rc_source_options *opt, const rc_model *m,
                       const rc_check_config *cfg, rc_check_result *out, rc_err *err);

#ifdef __cplusplus
}
#endif
#endif
