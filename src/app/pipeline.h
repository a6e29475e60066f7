/* pipeline.h - one frame through detect -> track -> kinematics, wired from a model.
 *
 * The app's only per-frame glue: it turns the model's markers into detector colour
 * classes and a tracker configuration, and the tracked positions into angles.
 * Everything is allocated at create; rc_pipeline_process allocates nothing.
 */
#ifndef ROMCAP_APP_PIPELINE_H
#define ROMCAP_APP_PIPELINE_H

#include <stdbool.h>

#include "romcap/detect.h"
#include "romcap/kinematics.h"
#include "romcap/model.h"
#include "romcap/source.h"
#include "romcap/track.h"

typedef struct rc_pipeline_options {
    bool mirror;                  /* subject set up mirrored from the model's description */
    const struct rc_calib *calib; /* optional calibration (NULL = image coordinates);
                                     copied at create */
} rc_pipeline_options;

typedef struct rc_pipe_result {
    double t_s;
    int n_blobs;
    rc_blob blob[RC_MAX_BLOBS];
    rc_marker_state marker[RC_MAX_MARKERS]; /* n_markers of the model */
    double angle_deg[RC_MAX_ANGLES];        /* NAN where undefined */
} rc_pipe_result;

typedef struct rc_pipeline rc_pipeline;

rc_pipeline *rc_pipeline_create(const rc_model *m, int width, int height,
                                const rc_pipeline_options *o, rc_err *err);
void rc_pipeline_destroy(rc_pipeline *p);

/* Processes one frame; `r` receives blobs, marker states and angles. */
rc_status rc_pipeline_process(rc_pipeline *p, const rc_frame *f, rc_pipe_result *r);

void rc_pipeline_stats(const rc_pipeline *p, rc_track_stats *st);

/* Angles from marker states (image pixels) through the calibration, if any, and
 * kinematics: what rc_pipeline_process does after tracking. Used again after
 * offline gap filling. */
void rc_pipeline_angles(const rc_pipeline *p, const rc_marker_state *markers, double *out_deg);

/* Detector class of each model marker (for drawing and tests). */
const int *rc_pipeline_marker_class(const rc_pipeline *p);

#endif
