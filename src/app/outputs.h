/* outputs.h - the analysis files of ARCHITECTURE.md: tracks.csv, angles.csv,
 * summary.json. Frames are kept in memory as they arrive (a few dozen bytes per
 * frame), short occlusions are gap-filled once the whole recording is known, and
 * the files are written at the end. */
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
    const rc_model *model;
    /* The recording so far, grown by doubling (offline analysis only; the live
     * path keeps online metrics instead). */
    int64_t *frame;
    double *t_s;
    rc_marker_state *marker; /* n x model->n_markers */
    double *angle_deg;       /* n x model->n_angles, NAN where undefined */
    int64_t n, cap;
    int64_t gap_filled; /* marker-frames refilled by rc_outputs_fill_gaps */
} rc_outputs;

/* Creates DIR (0700) and checks that files can be created in it. */
rc_status rc_outputs_open(rc_outputs *o, const char *dir, const rc_model *m, rc_err *err);

/* Keeps one analysed frame. */
rc_status rc_outputs_add(rc_outputs *o, int64_t frame_index, const rc_pipe_result *r, rc_err *err);

/* Bridges short occlusions with the whole recording known (rc_track_fill_gaps) and
 * recomputes the angles of the refilled frames through `p`'s kinematics. */
void rc_outputs_fill_gaps(rc_outputs *o, const rc_pipeline *p, double max_gap_s);

typedef struct rc_run_info {
    const char *input; /* what was analysed */
    rc_source_info source;
    int64_t frames_analysed;
    int64_t frames_skipped; /* corrupt frames skipped */
    double seconds_wall;    /* processing time */
    rc_track_stats track;
    int64_t gap_filled; /* marker-frames bridged by offline interpolation */
    int mirror;
    const char *calib; /* calibration file used, or NULL */
    const char *unit;  /* "mm" in a calibrated plane, "px" otherwise */
} rc_run_info;

/* Writes tracks.csv, angles.csv and summary.json (0600) and frees the series.
 * Safe after a failed open. */
rc_status rc_outputs_finish(rc_outputs *o, const rc_run_info *info, rc_err *err);

/* Frees everything without writing (error path). */
void rc_outputs_abort(rc_outputs *o);

#endif
