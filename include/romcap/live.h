/* live.h - the live session: a source played in a window (or off screen) with the
 * markers, angles, the set's ROM and the patient's target drawn over it, the keys
 * acting on it, and recordings made from it (`romcap live` and the main job).
 *
 * One call runs a whole session: rc_live_run opens the input and the model, starts
 * the capture thread (capture.h) and the analysis thread (online.h), runs the
 * window's loop on the calling thread until the user quits, the input ends or
 * `max_frames` views were shown, and stops everything again. Recordings (--record,
 * R) are session folders (record.h), analysed at their stop through the `analyse`
 * callback.
 *
 * Unlike the other stages the live session talks to its user: what it decides and
 * what goes wrong is said through the logger it is given (the side detected, the
 * target, recordings saved, the latency at the end), as `romcap live` prints it.
 */
#ifndef ROMCAP_LIVE_H
#define ROMCAP_LIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "romcap/log.h"
#include "romcap/source.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Drawn on every picture of the bundled sample (window and peak.png): never taken
 * for a camera. */
#define RC_LIVE_SAMPLE_LABEL "SAMPLE \xE2\x80\x94 not a camera"

/* What a live session is asked for (strings borrowed). */
typedef struct rc_live_config {
    const rc_log *log;             /* where the session talks; NULL: warnings to stderr */
    const char *models_dir;        /* bundled models: the model's name, Tab; NULL none */
    const char *input;             /* source URI (gst:PIPELINE too); required */
    const char *model;             /* name or file; NULL = a synthetic scene's own */
    bool mirror;                   /* --mirror: read mirrored, whatever the detector says */
    bool no_mirror;                /* --no-mirror: read as the model says */
    bool loop;                     /* replay a file or scene from the start at its end */
    bool patient;                  /* start in the patient view */
    bool flip;                     /* mirrored view (--mirror-view) */
    bool headless;                 /* draw off screen (tests, measurements) */
    bool unpaced;                  /* files and scenes as fast as the analysis takes them */
    bool debug;                    /* start with the F1 overlay */
    bool sample;                   /* the bundled sample stands in for a camera: labelled */
    double target_min, target_max; /* --target; NAN = from the model (rc_live_config_init) */
    int64_t max_frames;            /* 0 = until the user quits (or the end without loop) */
    bool record;                   /* record from the first frame */
    bool no_analyse;               /* recordings are not analysed */
    bool no_auto_learn;            /* the model's colours, whatever they find */
    const char *tag;               /* "pre", "post" or NULL, for recordings */
    const char *subject;           /* pseudonym stored in recordings (checked by the caller) */
    const char *test;              /* test name stored in recordings; NULL = the model's */
    const char *shot_dir;          /* PNG of the canvas of the first view >= shot_at */
    int64_t shot_at;
    const char *calib;                /* calibration file: angles in the calibrated plane */
    bool undistort_view;              /* show the straightened picture (with calib) */
    rc_source_options source_options; /* camera controls (--exposure ...) */
    /* Analyses a stopped recording into its own folder (`dir`, the model file it was
     * recorded with, `no_auto_learn` as above); returns true when it succeeded. The
     * app's is `romcap analyse` with its progress bar. NULL: recordings are kept
     * unanalysed, as with no_analyse. */
    bool (*analyse)(void *user, const char *dir, const char *model_path, bool no_auto_learn);
    void *analyse_user;
} rc_live_config;

/* Everything off, no target asked for (NAN), no callback. */
void rc_live_config_init(rc_live_config *cfg);

/* Runs one live session (see the top of this file). RC_OK when it ended as asked
 * (quit, the input's end, max_frames). Otherwise a failure status with the reason
 * in `err`: an input, model or calibration that cannot be opened (nothing plays in
 * its place), a recording asked for that cannot start, a capture or display error.
 * Each failure has been said in cfg->log, except one: when no window (nor, headless,
 * the off-screen canvas) could be opened the status is RC_E_DEVICE, *no_window is
 * set and nothing was said, so the caller decides (the main job goes on without a
 * window). */
rc_status rc_live_run(const rc_live_config *cfg, bool *no_window, rc_err *err);

#ifdef __cplusplus
}
#endif
#endif
