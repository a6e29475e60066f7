/* cv_video.h - OpenCV VideoCapture / VideoWriter behind a C interface.
 *
 * Used by the capture stage (video files, V4L2 cameras) and by export and tests
 * (MJPEG AVI writing). For MJPEG inputs it asks OpenCV for the compressed packets
 * (CAP_PROP_FORMAT = -1 on files, CAP_PROP_CONVERT_RGB = 0 on V4L2) so the caller
 * decodes them with TurboJPEG straight to I420; otherwise it hands out BGR frames.
 * It does no JPEG decoding and no colour conversion of its own on the read side.
 * No C++ exception crosses this interface: every failure is a status + message.
 */
#ifndef ROMCAP_CV_VIDEO_H
#define ROMCAP_CV_VIDEO_H

#include <stddef.h>
#include <stdint.h>

#include "romcap/image.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_cv_video rc_cv_video;

typedef struct rc_cv_video_info {
    int width, height; /* frame size, pixels */
    double fps;        /* nominal frame rate, 0 if unknown */
    int64_t n_frames;  /* frames in the file, -1 if unknown (always -1 for cameras) */
    char fourcc[8];    /* codec, e.g. "MJPG" ("" if unknown) */
    char backend[16];  /* OpenCV backend name, e.g. "FFMPEG", "V4L2" */
    int raw;           /* 1: reads return JPEG packets; 0: reads return BGR frames */
    int rotation_deg;  /* files: the rotation the container asks for (0, 90, 180, 270;
                          a phone filming upright writes 90), already applied to the
                          frames and to width/height; 0 for cameras */
} rc_cv_video_info;

/* One read: either a compressed packet (info.raw) or a decoded BGR frame. Views into
 * the reader's own buffers, valid until the next read or close. */
typedef struct rc_cv_packet {
    const uint8_t *bytes; /* JPEG packet when raw, else NULL */
    size_t n_bytes;
    rc_image bgr;  /* BGR8 frame when not raw, else fmt == RC_PIX_NONE */
    double pos_ms; /* files: OpenCV's position after this read (ms; -1 for raw packets,
                      where OpenCV 4.6 does not track it). Cameras: the V4L2 buffer
                      time stamp (ms), usually on CLOCK_MONOTONIC; <= 0 if unknown */
} rc_cv_packet;

/* Opens a video file. With `want_raw` and an MJPEG file whose first packet starts
 * with the JPEG SOI marker (FF D8) and no rotation, reads return the packets;
 * otherwise they return BGR frames: decoded by FFmpeg (H.264, HEVC, MPEG-4 ... in
 * MP4, MOV, MKV, AVI), turned upright as the container's rotation metadata asks
 * (CAP_PROP_ORIENTATION_AUTO), with pos_ms the frame's presentation time (variable
 * frame rates keep their real times). NULL on failure: RC_E_NOT_FOUND "no such file: PATH", or
 * "PATH: not a readable video" when OpenCV cannot open it. */
rc_cv_video *rc_cv_video_open_file(const char *path, int want_raw, rc_err *err) RC_NOEXCEPT;

/* Opens V4L2 camera /dev/video<index>, asking for MJPG at width x height and `fps`
 * (0 = the device's default), with raw packets when `want_raw` and the camera
 * delivers MJPEG. NULL with "camera:N: no camera found (...)" when there is no such
 * device (checked before OpenCV is asked, so it never hangs), or a device error. */
rc_cv_video *rc_cv_video_open_camera(int index, int width, int height, double fps, int want_raw,
                                     rc_err *err) RC_NOEXCEPT;

/* Opens a GStreamer pipeline string that ends in appsink (live, like a camera).
 * Reads return JPEG packets when the pipeline ends in jpegenc (info.raw; the size
 * may then be 0 until the caller reads it from the first JPEG header), else BGR
 * frames. NULL with "gst:PIPELINE: ..." when OpenCV has no GStreamer backend or
 * the pipeline does not start. */
rc_cv_video *rc_cv_video_open_gst(const char *pipeline, rc_err *err) RC_NOEXCEPT;

void rc_cv_video_get_info(const rc_cv_video *v, rc_cv_video_info *info) RC_NOEXCEPT;

/* Reads the next packet or frame. RC_E_EOF at the end of a file (or when the
 * backend stops delivering), RC_E_DEVICE with a message for a camera failure. */
rc_status rc_cv_video_read(rc_cv_video *v, rc_cv_packet *out, rc_err *err) RC_NOEXCEPT;

void rc_cv_video_close(rc_cv_video *v) RC_NOEXCEPT; /* NULL is fine */

/* Camera properties (cameras only), the OpenCV VideoCapture properties of the same
 * names, in OpenCV's V4L2 units (see src/capture/camera_controls.c). */
typedef enum rc_cv_prop {
    RC_CV_AUTO_EXPOSURE, RC_CV_EXPOSURE, RC_CV_AUTO_WB, RC_CV_WB_TEMPERATURE, RC_CV_GAIN
} rc_cv_prop;

/* Sets a camera property: 1 when the backend accepted it, 0 when it refused (or the
 * reader is not a camera). */
int rc_cv_video_set_prop(rc_cv_video *v, rc_cv_prop p, double value) RC_NOEXCEPT;

/* Reads a camera property back: 1 with *value, 0 when the backend does not report it
 * (OpenCV 4.6's V4L2 backend returns -1 for a control the driver lacks). */
int rc_cv_video_get_prop(rc_cv_video *v, rc_cv_prop p, double *value) RC_NOEXCEPT;

/* An MJPEG AVI writer (cv::VideoWriter, fourcc MJPG). */
typedef struct rc_cv_writer rc_cv_writer;

/* Creates `path` (mode 0600) for width x height frames at `fps`. `quality` 1..100 is
 * passed to OpenCV where the backend supports it (0 = backend default). NULL with a
 * message naming the path on failure. */
rc_cv_writer *rc_cv_writer_open(const char *path, int width, int height, double fps, int quality,
                                rc_err *err) RC_NOEXCEPT;

/* Appends one frame: I420 (converted to BGR inside, JFIF full range) or BGR8, of the
 * writer's size. RC_E_ARG for a wrong size or format, RC_E_IO on a write failure. */
rc_status rc_cv_writer_write(rc_cv_writer *w, const rc_image *frame, rc_err *err) RC_NOEXCEPT;

/* Finishes the file (writes the AVI index) and frees the writer. NULL is fine. */
rc_status rc_cv_writer_close(rc_cv_writer *w, rc_err *err) RC_NOEXCEPT;

#ifdef __cplusplus
}
#endif
#endif
