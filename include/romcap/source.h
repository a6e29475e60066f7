/* source.h - one interface for every frame source.
 *
 * First stage of the pipeline. A source yields I420 frames with a timestamp, and
 * (when the source has them) the original compressed JPEG bytes and, for synthetic
 * scenes, the exact ground truth. URIs:
 *   path/to/video.avi|mp4|mkv...  video file (OpenCV VideoCapture; MJPEG packets are
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

typedef struct rc_source_info {
    char kind[16];     /* "video", "jpeg-folder", "synthetic", "camera" */
    int width, height; /* frame size, pixels */
    double fps;        /* nominal frame rate, 0 if unknown */
    int64_t n_frames;  /* frames in the source, -1 if unknown or live */
    int live;          /* 1 for cameras: frames arrive in real time */
} rc_source_info;

typedef struct rc_source_options {
    int width, height; /* requested camera size, 0 = the device's default */
    double fps;        /* requested camera rate, 0 = default */
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

#ifdef __cplusplus
}
#endif
#endif
