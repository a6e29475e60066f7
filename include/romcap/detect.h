/* detect.h - finds marker blobs in a frame: coloured stickers and bright markers.
 *
 * Second stage of the pipeline (source -> detect -> track). Works on I420 planes
 * directly: colour classes are decided in chroma (Cb/Cr, normalised by luma so
 * lighting matters little), bright markers in luma, centroids refined to sub-pixel
 * precision on the full-resolution plane. It knows nothing about identities
 * (that is track.h) or models: the app turns model markers into classes.
 * All memory is allocated in rc_detector_create for the configured frame size.
 */
#ifndef ROMCAP_DETECT_H
#define ROMCAP_DETECT_H

#include <stdint.h>

#include "romcap/image.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { RC_MAX_CLASSES = 16, RC_MAX_BLOBS = 256 };

typedef enum rc_class_kind {
    RC_CLASS_COLOR = 0, /* a coloured sticker, matched in chroma */
    RC_CLASS_BRIGHT = 1 /* a retro-reflective / white marker, matched in luma */
} rc_class_kind;

typedef struct rc_color_class {
    rc_class_kind kind;
    uint8_t rgb[3];  /* COLOR: the sticker's reference colour (sRGB, as printed) */
    float tolerance; /* COLOR: accepted distance in normalised chroma, 0..1
                        (0 picks the detector's default, 0.35); BRIGHT: unused.
                        Normalised chroma is n = (Cb-128, Cr-128) / Y (JFIF, Y
                        clamped below at 24), which does not change when the light
                        scales all of R, G, B alike. A pixel (2x2 block) is of this
                        class when |n - n_ref| <= tolerance * |n_ref| (n_ref from
                        rgb via rc_rgb_to_ycbcr) and |Cb-128, Cr-128| >= 10; the
                        class with the smallest normalised distance (distance over
                        the class's limit) wins. */
    /* COLOR, learnt (rc_color_learn): when `learned` is 1 the class is the
     * ellipse of normalised chroma (n - mean)^T (cov + 0.03^2 I)^-1 (n - mean)
     * <= 4^2 (four standard deviations, with a floor for what one frame cannot
     * show: other cameras' noise, JPEG, colour temperature) instead of the
     * disc around rgb; rgb is then only the drawing colour and tolerance unused. */
    int learned;
    float mean[2]; /* mean normalised chroma (nb, nr) */
    float cov[3];  /* its covariance: var nb, cov nb nr, var nr */
} rc_color_class;

typedef struct rc_detect_config {
    int width, height; /* frame size in pixels (plane 0) */
    int n_classes;
    rc_color_class cls[RC_MAX_CLASSES];
    float min_area_px;      /* smallest accepted blob area (0 = default) */
    float max_area_px;      /* largest accepted blob area (0 = default) */
    float bright_threshold; /* BRIGHT: luma threshold 0..255 (0 = automatic: per
                               frame, from the luma of every 2nd block row, half-way
                               from the luma p95 to p99.99, at least
                               p95 + 30, within 100..250). BRIGHT pixels also need
                               |Cb-128, Cr-128| <= 0.08 Y + 6. Only the first BRIGHT
                               class is used. */
    int force_scalar;       /* 1: use the plain C kernels even where a SIMD version
                               exists (tests, benchmarks); 0 = fastest available */
    int adapt_light;        /* 1: the COLOR classes may follow a white-balance drift
                               (rc_detector_adapt); the tables are built wide enough
                               for every centre the bound allows. 0: fixed classes. */
} rc_detect_config;

typedef struct rc_blob {
    float x_px, y_px; /* sub-pixel centroid, pixel centres at integer coordinates */
    float area_px;    /* pixel area (fractional with anti-aliased edges) */
    /* Shape filters (fixed): fill >= 0.4 and longest/shortest axis <= 3 on the
     * half-resolution class mask, or a motion-blur streak (below). */
    float fill;  /* area / bounding-box area, 0..1 */
    int cls;     /* index into rc_detect_config.cls */
    float score; /* class match quality, 0..1 (1 = exact colour) */
    /* A streak: a sticker smeared by motion during the exposure, longest/shortest
     * axis 3..8 and filling >= 0.6 of the ellipse of its second moments (a uniform
     * stroke fills 0.95, a disc 1). Its position is the centroid of the whole
     * stroke, i.e. where the sticker was at mid-exposure for a motion that is
     * straight and steady over the exposure (not sub-pixel refined: the disc model
     * of the refinement does not hold). 0 for a round blob. */
    int streak;
    float dir_x, dir_y; /* streak: unit vector along its length (sign arbitrary) */
    float length_px;    /* streak: length along dir, full-res pixels (sqrt(12) sigma) */
} rc_blob;

typedef struct rc_detector rc_detector;

/* Allocates everything the detector needs for `cfg`'s frame size. NULL on failure
 * with the reason in `err`. */
rc_detector *rc_detector_create(const rc_detect_config *cfg, rc_err *err);
void rc_detector_destroy(rc_detector *d); /* NULL is fine */

/* Names of the pixel kernels chosen at create: "avx2+sse2", "sse2" or "scalar". */
const char *rc_detector_kernel_name(const rc_detector *d);

/* Finds blobs in an I420 frame of the configured size; writes up to `cap` blobs to
 * `out` sorted by class then by descending area, and returns how many were written,
 * or a negative rc_status for a frame of the wrong size or format. */
int rc_detector_run(rc_detector *d, const rc_image *frame, rc_blob *out, int cap);

/* Same, but only inside the rectangles given (e.g. around tracker predictions);
 * rectangles are clipped to the frame and may overlap (their union is searched
 * once). The automatic BRIGHT threshold comes from every eighth block row of the
 * frame instead of all of them, so it costs little beside the rectangles. */
typedef struct rc_rect {
    int x, y, w, h;
} rc_rect;
int rc_detector_run_roi(rc_detector *d, const rc_image *frame, const rc_rect *roi, int n_roi,
                        rc_blob *out, int cap);

/* A faded motion streak of COLOR class `cls` inside `win` (where a tracker expects
 * a marker that neither run found): blocks whose normalised chroma is a mixture of
 * the background's (the window border's mean) and at least 25% of the class
 * centre's are taken, weighted by that share; writes their centroid (the
 * sticker's mid-exposure position for a steady motion) as a blob with streak = 1
 * to `out` and returns 1, or 0 when there is no such evidence (or the window is
 * mostly of that hue, or too small). Reads only the window; allocates nothing. */
int rc_detector_search(const rc_detector *d, const rc_image *frame, int cls, const rc_rect *win,
                       rc_blob *out);

/* Where and how a tracker expects a marker it did not get (rc_tracker_search_windows). */
typedef struct rc_streak_hint {
    float x_px, y_px;   /* predicted position (mid-exposure) */
    float dx_px, dy_px; /* predicted travel over one frame interval (the longest exposure) */
    float radius_px;    /* the sticker's radius */
} rc_streak_hint;

/* A faded motion streak of COLOR class `cls` inside `win`, found by a matched filter
 * along the predicted motion (detect_line.c): each block's raw chroma (Cb - 128,
 * Cr - 128) projected on the class's hue direction is its evidence (a mixture's raw
 * chroma is the mixture of the raws, whatever the light); a segment of a length
 * near the predicted travel, in a direction within 24 degrees of it (any direction
 * for a marker predicted to move less than its radius), whose mean evidence stands
 * at least 10 above the larger of its two sides' (parallel segments just past the
 * sticker's width) with 60% of its samples standing out, is the streak; the best
 * (contrast x sqrt(length)) wins. Writes the centroid of its evidence above the
 * side level (the sticker at mid-exposure) as a blob with streak = 1 to `out` and
 * returns 1, or 0 when there is none. Reads only the window; allocates nothing. */
int rc_detector_search_line(const rc_detector *d, const rc_image *frame, int cls,
                            const rc_rect *win, const rc_streak_hint *hint, rc_blob *out);
/* Colour that follows the light (issue 15). A camera's automatic white balance
 * scales the red and blue of every colour in the frame alike; exposure changes do
 * not move normalised chroma at all. With cfg.adapt_light, call this between frames
 * with the blobs that are certain this frame (e.g. markers the tracker matched to a
 * sharp, round blob): it reads the chroma of each blob's core (the 2x2 blocks at
 * least 2 px inside its edge), keeps the samples that lie inside the core of their
 * own (current) class and outside every other class, fits one pair of gains on the
 * gamma-encoded R and B that moves every class centre onto them (the model's or
 * learnt centre, moved as the colour would be by those gains) and, when every sample
 * agrees with that fit, moves the gains a share of the way there (at most 0.02 in
 * log gain a frame). No class centre ever moves more than half its class's size from
 * its configured place (skin and clothing stay out); what it cannot follow is left
 * to the class's tolerance. The next frame is classified with the moved centres
 * (the per-pixel rule is unchanged; nothing is adapted inside a frame). Returns 1 if
 * the centres moved, 0 if not (too few samples, disagreement, adaptation off), or a
 * negative rc_status for bad arguments. Allocates nothing. */
int rc_detector_adapt(rc_detector *d, const rc_image *frame, const rc_blob *certain, int n);

typedef struct rc_light_state {
    float gain_r, gain_b; /* the white-balance gains on gamma-encoded R and B now
                             assumed, relative to the configured classes (1 = none) */
    float shift_max;      /* the largest class-centre move, in class sizes (0..0.5) */
    long long updates;    /* frames where the centres moved */
    long long refused;    /* frames whose samples disagreed with one gain pair */
    long long limited;    /* frames where the bound held the centres back */
} rc_light_state;

/* The adaptation's state (all zero and gains 1 when it is off). */
void rc_detector_light(const rc_detector *d, rc_light_state *out);

/* Colour learning. From a frame and a point on a sticker (clicked or given), grows
 * the sticker's region over 2x2 blocks whose normalised chroma is near that of the
 * point (within 0.25 |n| of the median of the 3x3 blocks there; at most 80 px from
 * the point), keeps its interior blocks (all four neighbours in the region: no
 * anti-aliased edge) and writes their mean and covariance as a learnt COLOR class
 * (`rgb` = their mean colour). Because n does not change when light scales R, G
 * and B alike, the class holds from dimmer to brighter light. Allocates a little
 * scratch memory (not meant for the per-frame path). */
typedef struct rc_color_learn_info {
    int n_blocks;    /* interior blocks the statistics come from */
    float area_px;   /* area of the grown region, full-resolution pixels */
    float mean_luma; /* mean Y of the interior */
    int hit_limit;   /* 1 if the region reached the 80 px limit: the point is
                        probably on clothing or a wall, not on a sticker */
} rc_color_learn_info;

rc_status rc_color_learn(const rc_image *frame, float x_px, float y_px, rc_color_class *out,
                         rc_color_learn_info *info, rc_err *err);

/* 1 (and why, a phrase for a message, into why[cap]) when a learnt class is unlikely
 * to be the sticker meant: its region reached the size limit (info->hit_limit), or its
 * mean is far (> 0.6 |n|) from the normalised chroma n of the sticker's nominal colour
 * `nominal_rgb` (e.g. the model's colour for it); else 0. */
int rc_color_learn_doubtful(const rc_color_class *cls, const rc_color_learn_info *info,
                            const uint8_t nominal_rgb[3], char *why, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
