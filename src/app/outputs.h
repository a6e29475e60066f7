/* outputs.h - the analysis files of ARCHITECTURE.md: tracks.csv, angles.csv,
 * summary.json. Written as frames arrive (CSV) and at the end (summary). */
#ifndef ROMCAP_APP_OUTPUTS_H
#define ROMCAP_APP_OUTPUTS_H

#include <stdint.h>
#include <stdio.h>

#include "app/pipeline.h"
#include "romcap/model.h"
#include "romcap/source.h"
#include "romcap/track.h"

typedef struct rc_outputs {
    char dir[4096];
    FILE *tracks, *angles;
    const rc_model *model;
    /* Series kept for the summary: t and one column per angle. Grows by doubling
     * (offline analysis only; the live path keeps online metrics instead). */
    double *t_s;
    double *angle_deg; /* n_frames x n_angles, row-major */
    int64_t n, cap;
} rc_outputs;

/* Creates DIR (0700) and the CSV files (0600) with their headers. */
rc_status rc_outputs_open(rc_outputs *o, const char *dir, const rc_model *m, rc_err *err);

/* Appends one analysed frame to tracks.csv and angles.csv and the kept series. */
rc_status rc_outputs_add(rc_outputs *o, int64_t frame_index, const rc_pipe_result *r,
                         rc_err *err);

typedef struct rc_run_info {
    const char *input;        /* what was analysed */
    rc_source_info source;
    int64_t frames_analysed;
    int64_t frames_skipped;   /* corrupt frames skipped */
    double seconds_wall;      /* processing time */
    rc_track_stats track;
    int mirror;
} rc_run_info;

/* Writes summary.json, flushes and closes everything. Safe after a failed open. */
rc_status rc_outputs_finish(rc_outputs *o, const rc_run_info *info, rc_err *err);

/* Closes without a summary (error path). */
void rc_outputs_abort(rc_outputs *o);

#endif
