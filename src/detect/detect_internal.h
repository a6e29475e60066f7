/* detect_internal.h - state and helpers shared by the files of the detect stage.
 *
 * detect.c owns the detector (create/destroy, frame checks, connected components,
 * shape filters, sorting); detect_classify.c turns I420 pixels into a half-resolution
 * class map; detect_refine.c computes the sub-pixel centroid of one blob on the
 * full-resolution planes. Nothing here is public.
 */
#ifndef ROMCAP_DETECT_INTERNAL_H
#define ROMCAP_DETECT_INTERNAL_H

#include <stdint.h>

#include "romcap/detect.h"

/* One horizontal run of equal class in the half-resolution class map. */
typedef struct rc__run {
    int y, x0, x1; /* half-res row and inclusive columns */
    int cls;       /* class index (not the map code) */
} rc__run;

/* Moments of one connected component, half-resolution pixel units. */
typedef struct rc__cand {
    int cls;
    double n, sx, sy, sxx, syy, sxy;
    int x0, y0, x1, y1; /* inclusive bounding box */
} rc__cand;

/* Per-class constants derived from the configuration. */
typedef struct rc__class_ref {
    rc_class_kind kind;
    float y, cb, cr; /* reference colour, JFIF YCbCr */
    float nb, nr;    /* normalised chroma (Cb-128, Cr-128) / Y */
    float tol;       /* accepted distance in normalised chroma (absolute) */
    float tol2;      /* tol squared */
} rc__class_ref;

struct rc_detector {
    rc_detect_config cfg;
    int w, h;   /* full resolution */
    int w2, h2; /* half resolution (chroma planes) */
    int n_color, has_bright;
    rc__class_ref ref[RC_MAX_CLASSES];
    float min_area, max_area; /* full-res pixels */

    uint8_t *map; /* w2*h2 class map: 0 = none, 1 + class index */
    rc__run *runs;
    int *parent;  /* union-find over runs */
    int *cand_of; /* root run -> candidate index, or -1 */
    int max_runs;
    rc__cand *cand;
    int max_cand;
    rc_blob *accepted; /* scratch before sorting */
    int max_accepted;
    float bright_thr; /* luma threshold used for the current frame */
};

/* Luma threshold for BRIGHT classes on this frame (configured or automatic). */
float rc__detect_bright_threshold(const rc_detector *d, const rc_image *frame);

/* Classifies the half-res rectangle [x0,x1) x [y0,y1) into d->map. */
void rc__detect_classify_rect(rc_detector *d, const rc_image *frame, int x0, int y0, int x1,
                              int y1);

/* Refines a candidate on the full-resolution planes. Fills x_px, y_px, area_px and
 * score of `out`; returns 0 if the blob has no usable contrast (then `out` keeps
 * the hard-mask values). */
int rc__detect_refine(const rc_detector *d, const rc_image *frame, const rc__cand *c, rc_blob *out);

#endif
