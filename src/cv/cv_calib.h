/* cv_calib.h - the OpenCV bridge for calibration (calib3d, imgproc, imgcodecs, core
 * FileStorage), as plain C.
 *
 * Used by src/calib/ only, never on the per-frame path. Every function is noexcept
 * and catches everything: an OpenCV exception comes back as a status with its text
 * in `err`. Points are interleaved (x, y) doubles; matrices are row-major doubles.
 */
#ifndef ROMCAP_CV_CALIB_H
#define ROMCAP_CV_CALIB_H

#include <stddef.h>

#include "romcap/calib.h"
#include "romcap/image.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Chessboard inner corners of a cols x rows board in an 8-bit grey view (stride
 * honoured), refined with cornerSubPix (11x11 window, 30 iterations / 0.001 px).
 * Tries findChessboardCorners (adaptive threshold + normalise) first, then the SB
 * variant. corners_xy receives cols*rows pairs. RC_E_NOT_FOUND if no board. */
rc_status rc_cv_find_chessboard(const uint8_t *gray, int width, int height, int stride_bytes,
                                int cols, int rows, double *corners_xy, rc_err *err) RC_NOEXCEPT;

/* Same on an image file read as greyscale with imread. */
rc_status rc_cv_find_chessboard_file(const char *path, int cols, int rows, double *corners_xy,
                                     int *width, int *height, rc_err *err) RC_NOEXCEPT;

/* calibrateCamera on n_views boards of cols x rows corners, square `square` apart
 * (object units; the result does not depend on them). `fix_aspect` sets
 * CALIB_FIX_ASPECT_RATIO with ratio 1. Outputs K (3x3), dist (k1 k2 p1 p2 k3), the
 * overall RMS in *rms_px and per-view RMS errors in view_err_px[n_views]. */
rc_status rc_cv_calibrate(const double *corners_xy, int n_views, int cols, int rows, double square,
                          int width, int height, int fix_aspect, double K[9], double dist[5],
                          double *rms_px, double *view_err_px, rc_err *err) RC_NOEXCEPT;

/* Least-squares homography (findHomography, method 0) mapping src[i] -> dst[i]. */
rc_status rc_cv_find_homography(const double *src_xy, const double *dst_xy, int n, double H[9],
                                rc_err *err) RC_NOEXCEPT;

/* cv::undistortPoints to pixel coordinates (P = K) with `iterations` iterations
 * (0 = OpenCV's default of 5). For tests and cross-checks. */
rc_status rc_cv_undistort_points(const double K[9], const double dist[5], const double *in_xy,
                                 double *out_xy, int n, int iterations, rc_err *err) RC_NOEXCEPT;

/* Plane pose (solvePnP, iterative) of a board seen at corners_xy (distorted px):
 * returns the angle between the optical axis and the board normal in *tilt_deg. */
rc_status rc_cv_board_tilt(const double K[9], const double dist[5], const double *corners_xy,
                           int cols, int rows, double square, double *tilt_deg,
                           rc_err *err) RC_NOEXCEPT;

/* Reads a calibration with cv::FileStorage into `out` (see calib.h for nodes): the
 * file at `path`, or, when `text` is not NULL, its `len` bytes (then `path` only
 * names it in messages). */
rc_status rc_cv_calib_read(const char *path, const char *text, size_t len, rc_calib *out,
                           rc_err *err) RC_NOEXCEPT;

/* Serialises `c` as OpenCV YAML into memory. On RC_OK *text is malloc'd (caller
 * free()s it) and *len its length. */
rc_status rc_cv_calib_write(const rc_calib *c, char **text, size_t *len, rc_err *err) RC_NOEXCEPT;

#ifdef __cplusplus
}
#endif
#endif
