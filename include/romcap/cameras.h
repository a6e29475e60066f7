/* cameras.h - the V4L2 cameras this machine has, for `romcap cameras`.
 *
 * Part of the capture stage; asks the kernel directly (V4L2 ioctls), not OpenCV, so
 * it sees every format, size, frame rate and control a driver offers.
 */
#ifndef ROMCAP_CAMERAS_H
#define ROMCAP_CAMERAS_H

#include <stdio.h>

#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes a listing of the V4L2 capture devices DEV_DIR/videoN (DEV_DIR is "/dev"
 * except in tests) to `out`, in device-number order: name, driver, bus; each pixel
 * format with its frame sizes and frame rates; each control with its range, default
 * and current value. Devices that cannot be opened are listed with the reason;
 * nodes that are not capture devices (metadata nodes of UVC cameras) are skipped.
 * *n_listed receives the number of capture devices listed (0: none). RC_E_IO with a
 * message when DEV_DIR cannot be read. */
rc_status rc_cameras_list(const char *dev_dir, FILE *out, int *n_listed, rc_err *err);

#ifdef __cplusplus
}
#endif
#endif
