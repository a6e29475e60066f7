/* source.h - one interface for every frame source.
 *
 * First stage of the pipeline. A source yields I420 frames with a timestamp, and
 * (when the source has them) the original compressed JPEG bytes and, for synthetic
 * scenes, the exact ground truth. URIs:
 *   path/to/video.avi|mp4|mkv...  video file (MJPEG AVIs: romcap's own AVI reader;
 *                                 others: OpenCV VideoCapture; MJPEG packets are
 *                                 decoded with TurboJPEG straight to I420)
 *   path/to/folder/               JPEG images, in file-name order
 *   synthetic:NAME[?k=v&...]      romcap's own rendered scene (see synth.h)
 *   camera:N                      a V4L2 camera through OpenCV
 * Frames are views into the source's own buffers, valid until the next read or
 * close. Sources never log: failures come back as statuses with a message.
 */
#ifndef ROMCAP_SOURCE_H
#define ROMCAP_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "romcap/image.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct rc_truth; /* synth.h */

typedef struct rc_frame {
    rc_image image;      /* I420 view, valid until the next read */
    int64_t index;       /* 0-based frame number in the source */
    int64_t t_ns;        /* timestamp: capture time for cameras, presentation
                            time from the start for files and scenes */
    const uint8_t *jpeg; /* original JPEG bytes when the source has them, else NULL */
    size_t jpeg_bytes;
    const struct rc_truth *truth; /* ground truth for synthetic scenes, else NULL */
    int decode_warning; /* 0, or the rc_jpeg_warning (jpeg.h) the JPEG decoder raised
                           on a picture it still decoded whole: RC_JPEG_WARN_SHORT (data
                           ran out in the last MCU, e.g. OpenCV-written MJPEG) or
                           RC_JPEG_WARN_EXTRANEOUS; rc_source_last_error says which */
} rc_frame;

/* ---- camera controls (camera_controls.c) ----------------------------------------
 * What the user asks of a camera's exposure, white balance and gain, and what the
 * driver put in force. Files and synthetic scenes ignore the request. */
typedef enum rc_cam_mode {
    RC_CAM_DEFAULT = 0, /* exposure, white balance: the driver's auto mode during a short
                           warm-up, then locked at the values in force; gain: untouched */
    RC_CAM_AUTO,        /* the driver's automatic mode throughout */
    RC_CAM_MANUAL,      /* the value given */
    RC_CAM_LOCK         /* white balance asked as "lock": as RC_CAM_DEFAULT, explicitly */
} rc_cam_mode;

typedef struct rc_camera_request {
    rc_cam_mode exposure;      /* --exposure MS|auto */
    double exposure_ms;        /* RC_CAM_MANUAL: exposure time, ms */
    rc_cam_mode white_balance; /* --white-balance K|auto|lock */
    double wb_kelvin;          /* RC_CAM_MANUAL: colour temperature, kelvin */
    rc_cam_mode gain;          /* --gain G: RC_CAM_MANUAL, else untouched */
    double gain_value;         /* the driver's gain units (no physical unit in V4L2) */
    int lock_later;            /* 1: what the default locks is not locked at open after a
                                  warm-up but when the capture thread is asked
                                  (rc_capture_request_lock: the live window asks once the
                                  stickers are seen); 0: locked at open (record, check) */
} rc_camera_request;

/* How the lock of the default was decided (issue 20). */
typedef enum rc_cam_lock_how {
    RC_CAM_LOCK_NOT = 0,  /* nothing locked (yet) */
    RC_CAM_LOCK_WARMUP,   /* at open, after a fixed warm-up */
    RC_CAM_LOCK_STICKERS, /* every sticker identified for a while (the live window) */
    RC_CAM_LOCK_TIMEOUT   /* the stickers were not all seen in time: locked anyway */
} rc_cam_lock_how;

enum { RC_CAM_NOTE_CAP = 200 };

/* One control as applied and read back. Units: exposure ms, white balance K, gain the
 * driver's units. NaN where there is no number (auto modes, nothing read back). */
typedef struct rc_camera_control {
    rc_cam_mode mode;  /* as requested */
    double requested;  /* the value asked (RC_CAM_MANUAL), else NaN */
    double in_force;   /* read back from the driver after applying / locking, or NaN */
    int refused;       /* 1: the driver refused a set (or its read-back disagrees with auto) */
    int is_auto;       /* 1: the driver's auto mode is in force */
    int locked;        /* 1: locked at in_force after the warm-up */
} rc_camera_control;

typedef struct rc_camera_controls {
    int applied;      /* 1 when a camera was opened and its controls handled; 0 for files,
                         synthetic scenes and sessions (nothing applied or stored) */
    double warmup_s;  /* auto modes left to settle this long before locking; 0 if none */
    rc_camera_control exposure, white_balance, gain;
    /* The lock of the default: how and when (added with the lock on request). */
    int lock_pending;        /* 1: auto modes running until rc_capture_request_lock */
    rc_cam_lock_how lock_how; /* RC_CAM_LOCK_NOT while nothing was locked */
    int64_t lock_frame;      /* the source frame the decision was taken on; -1 at open */
    double lock_t_s;         /* seconds from the camera's first frame to that decision */
    int64_t lock_applied_after; /* the last frame read before the lock was set (between
                                   two reads); -1 before the first */
    char lock_note[RC_CAM_NOTE_CAP]; /* e.g. why it timed out; "" if nothing to say */
} rc_camera_controls;

typedef struct rc_source_info {
    char kind[16];     /* "video", "jpeg-folder", "synthetic", "camera" */
    int width, height; /* frame size, pixels */
    double fps;        /* nominal frame rate, 0 if unknown */
    int64_t n_frames;  /* frames in the source, -1 if unknown or live */
    int live;          /* 1 for cameras: frames arrive in real time */
    rc_camera_controls camera; /* cameras: the controls in force (camera.applied) */
} rc_source_info;

typedef struct rc_source_options {
    int width, height; /* requested camera size, 0 = the device's default */
    double fps;        /* requested camera rate, 0 = default */
    rc_camera_request camera; /* exposure / white balance / gain; all-zero = defaults */
} rc_source_options;

typedef struct rc_source rc_source;

/* Opens `uri` (see above). `opt` may be NULL. NULL on failure with a one-line
 * reason naming the input in `err` (missing file, unreadable video, no camera,
 * unknown scene). */
rc_source *rc_source_open(const char *uri, const rc_source_options *opt, rc_err *err);

/* Reads the next frame into `out`.
 * RC_OK: a frame; when out->decode_warning is set, rc_source_last_error holds the
 * warning as a note naming the file and frame (the frame is whole and usable).
 * RC_E_EOF: the end (not an error). RC_E_DECODE: this frame was corrupt or part of
 * it was missing, and is skipped (the message names the file and frame); call
 * again for the next one. Other statuses are fatal for the source. */
rc_status rc_source_read(rc_source *s, rc_frame *out);

void rc_source_get_info(const rc_source *s, rc_source_info *info);

/* Message of the last failed call, or after an RC_OK read of a frame with
 * decode_warning set the note on that warning; "" if none. Valid until the next
 * call. */
const char *rc_source_last_error(const rc_source *s);

/* What opening noticed and worked around, for the app to tell the user (sources
 * never log): e.g. a session whose index was repaired in memory. "" if nothing. */
const char *rc_source_note(const rc_source *s);

void rc_source_close(rc_source *s); /* NULL is fine */

/* ---- camera controls: the plan, applied through a small interface ---------------- */

/* The properties a camera is asked for, in OpenCV's V4L2 units (camera_controls.c says
 * how OpenCV 4.6 maps them): auto exposure 1 = manual / 3 = auto, exposure in 100 us,
 * auto white balance 0 / 1, white balance temperature in K, gain in driver units. */
typedef enum rc_cam_prop {
    RC_CAM_PROP_AUTO_EXPOSURE, RC_CAM_PROP_EXPOSURE, RC_CAM_PROP_AUTO_WB,
    RC_CAM_PROP_WB_TEMPERATURE, RC_CAM_PROP_GAIN, RC_CAM_PROP_COUNT
} rc_cam_prop;

/* The camera as the control logic sees it: the OpenCV bridge for a real camera, a
 * fake in the tests. set returns 1 when the driver accepted the value, 0 when it
 * refused; get returns 1 with the value, 0 when the driver does not report it. */
typedef struct rc_camera_ops {
    void *ctx;
    int (*set)(void *ctx, rc_cam_prop p, double value);
    int (*get)(void *ctx, rc_cam_prop p, double *value);
} rc_camera_ops;

/* Option parsers: the whole text must be valid, else RC_E_ARG with a one-line message
 * naming the option ("--exposure: '0' is not ..."). Exposure MS in (0, 1000] or
 * "auto"; white balance K in [1000, 15000] or "auto" or "lock"; gain G in [0, 10000]. */
rc_status rc_camera_parse_exposure(const char *text, rc_camera_request *rq, rc_err *err);
rc_status rc_camera_parse_white_balance(const char *text, rc_camera_request *rq, rc_err *err);
rc_status rc_camera_parse_gain(const char *text, rc_camera_request *rq, rc_err *err);

/* Name of a lock's decision, as session.json stores it: "warm-up", "stickers seen",
 * "time-out", "none". */
const char *rc_cam_lock_how_name(rc_cam_lock_how how);

/* 1 when the request leaves something to lock after a warm-up. */
int rc_camera_needs_lock(const rc_camera_request *rq);

/* Applies what is asked (manual values, auto modes; defaults leave the driver's auto
 * modes alone) and reads each control back into `out` (out->applied = 1). */
void rc_camera_controls_apply(const rc_camera_request *rq, const rc_camera_ops *ops,
                              rc_camera_controls *out);

/* After `warmup_s` of frames: locks the controls the request left to RC_CAM_DEFAULT /
 * RC_CAM_LOCK at the values the driver's auto mode reached (read, auto off, the same
 * value set back) and reads them back. */
void rc_camera_controls_lock(const rc_camera_request *rq, const rc_camera_ops *ops,
                             double warmup_s, rc_camera_controls *out);

/* One log line for control `which` (0 exposure, 1 white balance, 2 gain), e.g.
 * "exposure: requested 8 ms -> in force 8 ms" or "gain: requested 40 -> refused by the
 * driver (in force 0)". Returns `buf`. */
const char *rc_camera_control_describe(const rc_camera_controls *c, int which, char *buf,
                                       size_t cap);

#ifdef __cplusplus
}
#endif
#endif
