/* cv_remap.h - whole-image lens undistortion of I420 frames (OpenCV remap), for the
 * optional undistorted display. Measurements never use it: they undistort marker
 * centroids only (calib.h). Pure C interface; no exception crosses it. */
#ifndef ROMCAP_CV_REMAP_H
#define ROMCAP_CV_REMAP_H

#include "romcap/image.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_cv_remap rc_cv_remap;

/* Builds the undistortion maps once for width x height frames (luma at full, chroma
 * at half resolution), for camera matrix K (row-major 3x3, pixels) and OpenCV
 * distortion k1 k2 p1 p2 k3. The output keeps the same camera matrix. NULL with a
 * message on failure. */
rc_cv_remap *rc_cv_remap_create(const double K[9], const double dist[5], int width, int height,
                                rc_err *err) RC_NOEXCEPT;
void rc_cv_remap_destroy(rc_cv_remap *r) RC_NOEXCEPT; /* NULL is fine */

/* Undistorts `src` into `dst` (both I420 of the map's size; dst is caller-owned and
 * must not alias src). Pixels that come from outside the frame are black. */
rc_status rc_cv_remap_i420(rc_cv_remap *r, const rc_image *src, rc_image *dst) RC_NOEXCEPT;

#ifdef __cplusplus
}
#endif
#endif
