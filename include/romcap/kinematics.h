/* kinematics.h - joint angles from marker positions, per the model's definitions.
 *
 * Positions come in whatever plane coordinates the caller chose: image pixels
 * (y down) until a calibration exists, calibrated plane coordinates after. The
 * vertical is an input, so a calibration's plumb line or board can replace the
 * image vertical. This module is pure geometry: no state, no allocation.
 */
#ifndef ROMCAP_KINEMATICS_H
#define ROMCAP_KINEMATICS_H

#include <stdbool.h>

#include "romcap/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_vec2 {
    double x, y; /* screen convention: x right, y down */
} rc_vec2;

/* Interior angle at b between b->a and b->c, 0..180 deg; NAN if a or c coincides with b. */
double rc_angle_interior_deg(rc_vec2 a, rc_vec2 b, rc_vec2 c);

/* Signed angle from direction r to direction m in (-180, 180], counter-clockwise as
 * seen on screen (y down) positive; NAN for a zero-length vector. */
double rc_angle_signed_deg(rc_vec2 r, rc_vec2 m);

typedef struct rc_kin_options {
    rc_vec2 down; /* unit vector pointing down (gravity) in the position frame;
                     {0, 1} for uncorrected image coordinates */
    bool mirror;  /* subject set up mirrored from the model's description: flips signs */
    double cm_per_unit; /* DISTANCE measures: centimetres per position unit (0.1 in a
                           plane calibrated in mm); 0 = no scale known: a distance is
                           then NAN, never pixels shown as centimetres */
    int cm_from;        /* where cm_per_unit came from: RC_KIN_CM_* */
} rc_kin_options;

enum { RC_KIN_CM_NONE = 0, RC_KIN_CM_CALIB = 1, RC_KIN_CM_SPACING = 2 };

/* Default options: image vertical, not mirrored. */
rc_kin_options rc_kin_options_default(void);

/* Value of one angle definition. `pos` and `valid` are indexed like m->marker.
 * Returns NAN when a marker it needs is not valid or a segment has zero length.
 * A NULL `valid` means every marker is valid; a NULL `o` means the defaults. */
double rc_kin_angle_deg(const rc_model *m, int angle_index, const rc_vec2 *pos, const bool *valid,
                        const rc_kin_options *o);

/* All m->n_angles values into out_deg (NAN where undefined). */
void rc_kin_compute(const rc_model *m, const rc_vec2 *pos, const bool *valid,
                    const rc_kin_options *o, double *out_deg);

/* ---- distance measures (model.h RC_ANGLE_DISTANCE; kinematics/distance.c) -------- */

/* The straight-line distance of measure `a`'s two marks in cm: |b - a| times
 * o->cm_per_unit; NAN without a scale or a valid mark. */
double rc_kin_distance_cm(const rc_model *m, const rc_model_angle *a, const rc_vec2 *pos,
                          const bool *valid, const rc_kin_options *o);

/* True when model m has a DISTANCE measure. */
bool rc_kin_has_distance(const rc_model *m);

/* Whether m's distance measures can be given in cm: with `plane_scale` (a calibration
 * with a plane, or a scale) they can; otherwise each needs the marks' known spacing
 * (scale_cm). RC_E_ARG, with a message naming the measure and what to give, when not. */
rc_status rc_kin_distance_ready(const rc_model *m, bool plane_scale, rc_err *err);

/* The scale from a known spacing: when o->cm_per_unit is still 0, the first DISTANCE
 * measure with a scale_cm whose two marks are valid (measured, not predicted: the
 * caller's `valid`) here sets cm_per_unit = scale_cm / their distance, and true is
 * returned. Call on the first frames of the start pose. */
bool rc_kin_distance_scale(const rc_model *m, const rc_vec2 *pos, const bool *valid,
                           rc_kin_options *o);

/* `deg` wrapped into (-180, 180]: the change between two line directions (wrap.c). */
double rc_angle_wrap180(double deg);

#ifdef __cplusplus
}
#endif
#endif
