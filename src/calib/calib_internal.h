/* calib_internal.h - helpers shared by the files of src/calib/ (not public). */
#ifndef ROMCAP_CALIB_INTERNAL_H
#define ROMCAP_CALIB_INTERNAL_H

#include <stdbool.h>

#include "romcap/calib.h"

/* (x, y) through the row-major homography H; false (NAN outputs) at infinity. */
bool rc__homography_apply(const double *H, double x, double y, double *X, double *Y);

/* Inverse of a row-major 3x3 matrix; false if singular. */
bool rc__mat3_inverse(const double *m, double *inv);

/* Unit direction in the output frame of the step (dx, dy) from undistorted pixel
 * (ux, uy); false if it cannot be mapped. */
bool rc__plane_direction(const rc_calib *c, double ux, double uy, double dx, double dy,
                         double out[2]);

/* One line through ev->warn (warn) or ev->info, formatted; nothing when ev or the
 * callback is NULL (calib_views.c). */
void rc__calib_say(const rc_calib_events *ev, bool warn, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
