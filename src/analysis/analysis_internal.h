/* analysis_internal.h - what the analysis stage's files share: the recording kept in
 * memory during a run (series.c), written through results.h at the end. */
#ifndef ROMCAP_ANALYSIS_INTERNAL_H
#define ROMCAP_ANALYSIS_INTERNAL_H

#include <stdint.h>

#include "romcap/analysis.h"
#include "romcap/capture.h"
#include "romcap/compensation.h"
#include "romcap/metrics.h"

/* The recording so far, grown by doubling (tens of bytes a frame). */
typedef struct rc__series {
    char dir[4096];
    const rc_model *model;
    int64_t *frame;
    double *t_s;
    rc_marker_state *marker; /* n x model->n_markers */
    double *angle_deg;       /* n x model->n_angles, NAN where undefined */
    int64_t n, cap;
    int64_t gap_filled; /* marker-frames refilled by rc__series_fill_gaps */
} rc__series;

/* Creates DIR (0700) and checks that files can be created in it. */
rc_status rc__series_open(rc__series *o, const char *dir, const rc_model *m, rc_err *err);

/* Keeps one analysed frame. */
rc_status rc__series_add(rc__series *o, int64_t frame_index, const rc_pipe_result *r, rc_err *err);

/* Bridges short occlusions with the whole recording known (rc_track_fill_gaps) and
 * recomputes the angles of the refilled frames through `p`'s kinematics. */
void rc__series_fill_gaps(rc__series *o, const rc_pipeline *p, double max_gap_s);

/* Writes tracks.csv, angles.csv and summary.json (0600) and frees the series. */
rc_status rc__series_finish(rc__series *o, const rc_run_info *info, rc_err *err);

/* Finishes the facing detector `fs` (fed during the run), chooses the mirror for
 * request `req` (rc_facing_choose), recomputes every kept frame's angles through
 * `p` when that differs from the pipeline's mirror, fills res->facing, mirrored,
 * mirror_source and the facing fields of res->info, and says the decision through
 * `ev` (info when detected, warn when undetermined or contradicted). side.c. */
void rc__side_apply(rc__series *o, rc_pipeline *p, rc_facing_state *fs, rc_mirror_request req,
                    const rc_analysis_events *ev, rc_analysis_result *res);

/* Finishes the coverage `cov` and warns through `ev`: each marker's diagnosis line,
 * an angle jumping across its wrap boundary (naming the frame and the values either
 * side), an angle defined in under half the frames. side.c. */
void rc__series_check(const rc__series *o, rc_track_coverage *cov, const rc_analysis_events *ev);

/* Judges the model's compensation rules over the kept frames (after the side is
 * applied and the gaps filled) into info->compensation[] (compensation_run.c);
 * `cov` the finished coverage (a marker never seen disables its rules), `fps` the
 * source's nominal rate. */
void rc__comp_run(const rc__series *o, const rc_pipeline *p, const rc_track_coverage *cov,
                  double fps, rc_run_info *info);

/* Distance measures (distance_scale.c, issue 16). At pipeline creation: the cm scale
 * of a calibration with a plane (or a mm-per-px scale) into *kin, or RC_E_ARG when the
 * model's distance measures can have none (rc_kin_distance_ready). Per frame, until a
 * scale is known: the marks' known spacing read on the frame's measured positions.
 * At the end: where the scale came from, into info->distance_scale. */
struct rc_calib;
rc_status rc__distance_init(const rc_model *m, const struct rc_calib *calib, rc_kin_options *kin,
                            rc_err *err);
void rc__distance_frame(const rc_pipeline *p, const rc_model *m, const rc_marker_state *mk,
                        rc_kin_options *kin);
void rc__distance_note(const rc_pipeline *p, const rc_model *m, rc_run_info *info);

/* The live engine's compensation watch for one analysed frame (online_comp.c):
 * plane positions of `r` through `p`, the movement's rest from the online state. */
void rc__online_comp_update(rc_comp_live *s, const rc_model *m, const rc_pipeline *p,
                            const rc_pipe_result *r, const rc_online_state *st);

/* The set-up `input` was recorded under (setup_info.c, issue 20): a session's stored
 * set-up check and camera controls, the camera's own controls, or why there is no
 * check, into info (after info->source is known). Never fails: what cannot be read
 * is "no check", with the reason. */
void rc__setup_info(const char *input, rc_run_info *info);

/* Frees everything without writing (error path); NULL-safe and repeatable. */
void rc__series_free(rc__series *o);

/* The frames of an offline run in order (frames_in.c): straight from the source
 * (one thread), or from the lossless capture thread reading ahead with `threads`
 * JPEG decoders beside it. Results do not depend on which. */
typedef struct rc__frames {
    rc_source *src;  /* set by the caller before start; one thread: owned */
    rc_capture *cap; /* more threads: owns the source */
    const rc_capture_frame *held;
    rc_err why; /* the message of the last call (a skipped frame, how the input ended) */
} rc__frames;

/* Starts reading ahead when threads >= 2 and the source is not live. */
rc_status rc__frames_start(rc__frames *in, int threads, rc_err *err);
/* The next frame, as rc_source_read: RC_OK (valid until the next call), RC_E_DECODE
 * for a skipped frame, RC_E_EOF or a fatal status; in->why says why. */
rc_status rc__frames_next(rc__frames *in, rc_frame *f);
void rc__frames_close(rc__frames *in); /* closes the source too */

#endif
