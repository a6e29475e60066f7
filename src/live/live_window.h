/* live_window.h - the live session's main thread (private to src/live/).
 *
 * live_run.c opens the source, the model and the ui, starts the capture and
 * analysis threads and any recording; the loop (live_window.c) then polls keys,
 * takes the newest analysed view, draws it at a steady 60 Hz and hands each key to
 * live_events.c, which maps it to an action on the unit that owns the state
 * (live_learn, live_record, live_feedback, live_prompt). What is drawn over the
 * view is composed in one place, live_overlay.c. The window owns only what is on
 * screen: the view shown, pause/step, the view toggles, the message and the model
 * list for Tab.
 */
#ifndef ROMCAP_LIVE_WINDOW_H
#define ROMCAP_LIVE_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

#include "live/live_check.h"
#include "live/live_feedback.h"
#include "live/live_learn.h"
#include "live/live_lock.h"
#include "live/live_prompt.h"
#include "live/live_record.h"
#include "live/live_toast.h"
#include "romcap/live.h"
#include "romcap/online.h"
#include "romcap/online_stats.h"
#include "romcap/ui.h"

/* Everything the loop works with, set up (and afterwards torn down) by live_run.c.
 * All borrowed; the loop changes *model (Tab, colour learning), *rec and *stats. */
typedef struct live_ctx {
    const rc_live_config *cfg;
    const rc_log *log;
    rc_ui *ui;
    rc_capture *cap;
    rc_online *eng;
    rc_source_info info;
    rc_model *model;
    live_recording *rec;
    rc_online_stats *stats;
} live_ctx;

enum { LIVE_MAX_MODELS = 32, LIVE_MAX_WARN = 4 };

/* What is on screen and the window's own state. */
typedef struct live_win {
    const live_ctx *c;
    bool paused, step, patient, flip, debug;
    bool toggle_rec;                /* R was pressed */
    bool ended, shot_done;          /* the input ended; the --shot-dir PNG is saved */
    const rc_online_view *cur;      /* the view on screen, held until a newer one */
    const rc_online_view *incoming; /* taken while waiting, shown next */
    int gen;                        /* views of older model generations are dropped */
    int shots;                      /* S screenshots so far */
    int64_t shown, last_new_ns;     /* views shown; when the last new one came */
    live_toast toast;
    live_feedback fb;
    live_learn learn;
    live_prompt pain; /* issue 17: pain asked when R starts / stops a recording */
    live_check chk;   /* issue 20: the set-up check's panel (C) and the R gate */
    live_lock lock;   /* issue 20: when the camera locks exposure and white balance */
    char models[LIVE_MAX_MODELS][RC_NAME_CAP]; /* bundled model names (sorted) for Tab */
    int n_models;
    rc_online_side_info side;                   /* the side detector, as of this draw */
    int side_said, wrap_said;                   /* decisions and wrap jumps already told */
    unsigned opt_said;                          /* optional stickers said unseen (bit k), */
    char opt_model[RC_NAME_CAP];                /* ... for this model (live_optional.c) */
    char warn[LIVE_MAX_WARN][RC_NAME_CAP + 16]; /* "'ankle' not found" */
    const char *warn_line[LIVE_MAX_WARN];
    char comp_text[RC_LABEL_CAP + 48]; /* the compensation flag (ui_comp.c), "" none */
    int n_warn;
} live_win;

/* The loop (live_window.c): runs until the user quits, the input ends (windowless
 * or with max_frames) or max_frames views were shown. RC_OK, or a failure said in
 * the log and kept in `err`. Every view taken from the engine is given back before
 * it returns. */
rc_status live_window_run(const live_ctx *c, rc_err *err);

/* Optional stickers not seen: said once per model, log and therapist screen
 * (live_optional.c). */
void live_optional_news(live_win *w);

/* Events -> actions (live_events.c): one key, click or quit from the ui, acted on.
 * *quit is set for Esc / the window's close. */
void live_on_event(live_win *w, const rc_ui_event *ev, bool *quit);

/* The overlay (live_overlay.c): the news of this draw (the side detector's
 * decisions said once, the markers not seen for a while named), then everything
 * drawn over the current view. `debug` is the F1 text or NULL. */
void live_side_news(live_win *w);
rc_ui_overlay live_overlay(const live_win *w, int64_t now, const char *debug);

/* The closing lines (live_stats.c): the first angle's set ROM as the last view had
 * it, then the latency summary; nothing when no frame was presented. Sorts the
 * samples (call at the end). */
void live_stats_log(rc_online_stats *s, const rc_log *log, rc_capture *cap, rc_online *eng,
                    const rc_model *m); /* m: the first angle's unit (deg, cm) */

#endif
