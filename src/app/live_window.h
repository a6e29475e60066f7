/* live_window.h - the main thread of `romcap live`: the window's event loop.
 *
 * cmd_live.c parses the command line and sets up the source, the capture and
 * analysis threads, the ui and any recording; this loop then polls keys, takes
 * the newest analysed view, draws it at a steady 60 Hz and hands keys to the
 * units that own their state (live_learn, live_record, live_feedback, live_stats).
 * It owns only what is on screen: the view shown, pause/step, the view toggles,
 * the message and the model list for Tab.
 */
#ifndef ROMCAP_APP_LIVE_WINDOW_H
#define ROMCAP_APP_LIVE_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "romcap/online.h"
#include "app/live_record.h"
#include "app/live_stats.h"
#include "romcap/ui.h"

/* What `romcap live` and the main job were asked for (strings borrowed from argv). */
/* Drawn on every picture of the bundled sample (window and peak.png): never taken
 * for a camera. */
#define LIVE_SAMPLE_LABEL "SAMPLE \xE2\x80\x94 not a camera"

typedef struct live_request {
    const char *input;
    const char *model;
    bool mirror;                   /* --mirror: read mirrored, whatever the detector says */
    bool no_mirror;                /* --no-mirror: read as the model says */
    bool loop;                     /* replay a file or scene from the start at its end */
    bool patient;
    bool flip;                     /* mirrored view (--mirror-view) */
    bool headless;                 /* live: draw off screen (tests, measurements) */
    bool unpaced;                  /* live: files and scenes as fast as analysis takes them */
    bool debug;                    /* start with the F1 overlay */
    bool sample;                   /* the bundled sample stands in for a camera: labelled */
    double target_min, target_max; /* --target; NAN = from the model */
    int64_t max_frames;            /* 0 = until the user quits (or the end without loop) */
    bool record;                   /* --record: start recording at once */
    bool no_analyse;               /* --no-analyse: recordings are not analysed */
    bool no_auto_learn;            /* --no-auto-learn: the model's colours, whatever they find */
    const char *tag;               /* --tag pre|post for recordings (R) */
    const char *subject;           /* --subject ID: pseudonym stored in recordings */
    const char *test;              /* --test NAME: test name stored in recordings */
    const char *shot_dir;          /* --shot-dir: PNG of the first frame >= shot_at */
    int64_t shot_at;               /* first frame index to save (with shot_dir) */
    const char *calib;             /* --calib: angles in the calibrated plane */
    bool undistort_view;           /* --undistort-view: show the straightened picture */
    char camera_uri[32];           /* storage for --camera N */
    rc_source_options source_options; /* --exposure, --white-balance, --gain */
} live_request;

/* Everything the loop works with, set up (and afterwards torn down) by cmd_live.c.
 * All borrowed; the loop changes *model (Tab, colour learning), *rec and *stats. */
typedef struct live_ctx {
    const rc_app *app;
    const live_request *rq;
    rc_ui *ui;
    rc_capture *cap;
    rc_online *eng;
    rc_source_info info;
    rc_model *model;
    live_recording *rec;
    live_stats *stats;
} live_ctx;

/* Runs until the user quits, the input ends (windowless or with --frames) or
 * --frames views were shown. Returns 0, or 1 after logging an error. Every view
 * taken from the engine is given back before it returns. */
int live_window_run(const live_ctx *c);

#endif
