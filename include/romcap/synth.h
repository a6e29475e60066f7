/* synth.h - romcap's deterministic scene renderer, with exact ground truth.
 *
 * Renders a moving limb (skin-coloured segments over a textured background)
 * carrying coloured or bright markers, anti-aliased, straight into I420, with
 * optional sensor noise, motion blur, lighting drift, occlusion of a marker and
 * lens distortion. Every frame comes with the exact marker centres (as seen in the
 * image, after distortion) and the clinical joint angles that generated the pose.
 * It drives the tests, the benchmarks and the demo. Same scene + options + frame
 * index = same pixels, on every machine.
 */
#ifndef ROMCAP_SYNTH_H
#define ROMCAP_SYNTH_H

#include <stdint.h>

#include "romcap/image.h"
#include "romcap/model.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_truth_marker {
    char name[RC_NAME_CAP]; /* the model's marker name */
    double x_px, y_px;      /* exact centre in the rendered image (distorted if the lens is) */
    double ux_px, uy_px;    /* the same centre through an ideal (undistorted) lens */
    int visible;            /* 0 while occluded */
} rc_truth_marker;

typedef struct rc_truth {
    int n_markers;
    rc_truth_marker marker[RC_MAX_MARKERS];
    int n_angles;
    char angle_name[RC_MAX_ANGLES][RC_NAME_CAP]; /* the model's angle names */
    double angle_deg[RC_MAX_ANGLES];             /* exact, clinical convention */
} rc_truth;

typedef struct rc_synth_options {
    int width, height;      /* default 1280x720 */
    double fps;             /* default 60 */
    double seconds;         /* length of the scene, default: the scene's own */
    uint64_t seed;          /* texture and noise seed, default 1 */
    double noise_sigma;     /* additive Gaussian luma/chroma noise, 0..255 units */
    int blur_samples;       /* motion blur: sub-frame poses averaged over the exposure
                               (0 or 1 = none) */
    double exposure;        /* fraction of the frame interval the shutter is open
                               (default 0.5, used with blur_samples) */
    double light_drift;     /* illumination varies by +-this fraction over the scene */
    char occlude[RC_NAME_CAP]; /* marker to hide ("" = none) */
    double occlude_at_s, occlude_for_s; /* when and how long it is hidden */
    double k1, k2;          /* radial lens distortion (OpenCV model, normalised by
                               focal length = image width) */
    double tilt_deg;        /* rotation of the movement plane about the vertical image
                               axis (camera not square to the plane) */
} rc_synth_options;

/* Defaults as documented above. */
rc_synth_options rc_synth_options_default(void);

/* Applies "k=v&k=v" settings (the part after '?' in synthetic:NAME?...): size=WxH,
 * fps, seconds, seed, noise, blur, exposure, drift, occlude=MARKER@START+LEN,
 * k1, k2, tilt. RC_E_ARG names the bad key. */
rc_status rc_synth_options_parse(rc_synth_options *o, const char *query, rc_err *err);

/* Scenes: one per bundled model at least. Names are stable. */
int rc_synth_scene_count(void);
const char *rc_synth_scene_name(int i);   /* e.g. "knee_flexion" */
const char *rc_synth_scene_model(int i);  /* bundled model the scene wears */
const char *rc_synth_scene_summary(int i);/* one line: the motion it shows */

typedef struct rc_synth rc_synth;

/* Creates scene `name` with options `o` (NULL = defaults). NULL with a message for
 * an unknown scene (the message lists the known ones). */
rc_synth *rc_synth_create(const char *name, const rc_synth_options *o, rc_err *err);
void rc_synth_destroy(rc_synth *s); /* NULL is fine */

/* Frames in the scene at its frame rate. */
int64_t rc_synth_frame_count(const rc_synth *s);
void rc_synth_get_options(const rc_synth *s, rc_synth_options *o);

/* Renders frame `index` into `out` (an I420 image of the scene's size, caller-owned)
 * and, if `truth` is not NULL, its ground truth. */
rc_status rc_synth_render(rc_synth *s, int64_t index, rc_image *out, rc_truth *truth);

/* Ground truth only (cheap: no pixels). */
rc_status rc_synth_truth(rc_synth *s, int64_t index, rc_truth *truth);

#ifdef __cplusplus
}
#endif
#endif
