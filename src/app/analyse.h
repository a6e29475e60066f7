/* analyse.h - `romcap analyse` as a function (analyse.c), shared with record,
 * compare, progress, review, the live window and the headless main job: resolves the
 * model, runs the analysis stage (analysis.h) with the app's log and progress bar,
 * saves the snapshot. */
#ifndef ROMCAP_APP_ANALYSE_H
#define ROMCAP_APP_ANALYSE_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "romcap/model.h"

typedef struct rc_analyse_request {
    const char *input; /* source URI */
    const char *model; /* model name or path; NULL = the scene's own (synthetic) */
    const char *out_dir;
    const char *snapshot; /* PNG of the frame at peak ROM, or NULL */
    const char *snapshot_label; /* drawn on it in a red box (the sample's "SAMPLE"), or NULL */
    const char *calib;    /* calibration file, or NULL */
    bool mirror;          /* --mirror: read the model mirrored whatever the movement says */
    bool no_mirror;       /* --no-mirror: read it as set up; neither: the side is detected
                             from the movement (facing.h) */
    bool no_auto_learn;   /* --no-auto-learn: keep the model's colours whatever they find */
    bool progress;        /* progress bar on stderr (when it is a terminal) */
    int64_t max_frames;   /* 0 = all */
    int threads;          /* 1: one thread; 2: decode on a second thread (lossless
                             capture); 0 = 2 when more than one core is online */
} rc_analyse_request;

/* Runs the analysis; returns the process exit status (0 ok, 1 failure). */
int rc_analyse_run(const rc_app *app, const rc_analyse_request *rq);

/* Analyses `dir` into itself when it is a recorded session without results
 * (rc_analysis_needed), with its own model, calibration and given side: compare,
 * progress and review. 0 when it is ready, 1 after an error was logged. */
int rc_analyse_if_needed(const rc_app *app, const char *dir);

/* Resolves the model for `input`: `name` if given, else the synthetic scene's own.
 * RC_E_ARG when none can be chosen. */
rc_status rc_app_resolve_model(const rc_app *app, const char *input, const char *name, rc_model *m,
                               rc_err *err);

#endif
