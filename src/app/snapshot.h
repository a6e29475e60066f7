/* snapshot.h - keeps the frame at peak range of motion and saves it with its
 * overlays as a PNG (headless ui), for reports and the headless main job. */
#ifndef ROMCAP_APP_SNAPSHOT_H
#define ROMCAP_APP_SNAPSHOT_H

#include <stdint.h>

#include "app/pipeline.h"
#include "romcap/model.h"
#include "romcap/source.h"

typedef struct rc_snapshot {
    uint8_t *buf; /* copy of the frame at the peak (allocated on first offer) */
    rc_image image;
    rc_marker_state marker[RC_MAX_MARKERS];
    double angle_deg[RC_MAX_ANGLES];
    double best, lo; /* peak and lowest value of the first angle so far */
    int64_t index;
    double t_s;
    int have;
} rc_snapshot;

/* Offers a frame whose first angle is `value`; keeps a copy when it is a new peak.
 * Copies only on a new peak, so the cost is a few frames per repetition. */
void rc_snapshot_offer(rc_snapshot *s, const rc_frame *f, const rc_pipe_result *r, double value);

/* Draws the kept frame with overlays off screen and writes `path` (0600). */
rc_status rc_snapshot_save(const rc_snapshot *s, const rc_model *m, const char *path,
                           const char *assets_dir, rc_err *err);

void rc_snapshot_free(rc_snapshot *s);

#endif
