/* jpeg.h - JPEG decode straight to I420 and encode from I420 (TurboJPEG).
 *
 * Part of the capture stage: webcams and MJPEG files deliver JPEG packets, which are
 * decoded here into planar I420 without any RGB step; the same codec encodes I420
 * frames for tests, sample assets and session export. A codec object holds the
 * TurboJPEG handles and its scratch buffers, so one object serves one thread; there
 * is no global state. It does not read or write files.
 *
 * A warning from the JPEG library fails the decode (RC_E_DECODE) when part of the
 * picture is missing: libjpeg pads a truncated frame with grey, and a half-grey
 * frame would feed false blobs to detection. Two warnings leave the picture whole
 * and the decode succeeds, saying so through rc_jpeg_last_warning():
 * "extraneous bytes before marker" (some UVC cameras emit it on every frame), and
 * a "premature end" where the data ran out inside the last MCU (OpenCV's
 * MJPEG writer leaves some frames so; jpeg.c says how that is measured).
 */
#ifndef ROMCAP_JPEG_H
#define ROMCAP_JPEG_H

#include <stddef.h>
#include <stdint.h>

#include "romcap/image.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Chroma subsampling of a JPEG (same values as TurboJPEG's TJSAMP_*). */
typedef enum rc_jpeg_subsamp {
    RC_JPEG_444 = 0,
    RC_JPEG_422 = 1,
    RC_JPEG_420 = 2,
    RC_JPEG_GRAY = 3,
    RC_JPEG_440 = 4,
    RC_JPEG_411 = 5
} rc_jpeg_subsamp;

typedef struct rc_jpeg_header {
    int width, height;       /* pixels */
    rc_jpeg_subsamp subsamp; /* chroma subsampling of the stored picture */
} rc_jpeg_header;

/* What a successful decode worked around (rc_jpeg_last_warning). */
typedef enum rc_jpeg_warning {
    RC_JPEG_WARN_NONE = 0,
    /* "Premature end of data segment" or "of JPEG file", but the data ran out
     * inside the last MCU: only the bottom-right MCU (16x16 pixels in 4:2:0, 8x8
     * to 32x8 otherwise) lost its last coefficients, which libjpeg takes as zeros.
     * Only for single-scan Huffman (baseline or extended sequential) JPEGs without
     * restart markers; jpeg.c says how it is measured. */
    RC_JPEG_WARN_SHORT = 1,
    /* "Extraneous bytes before marker": bytes between two markers were skipped. */
    RC_JPEG_WARN_EXTRANEOUS = 2
} rc_jpeg_warning;

typedef struct rc_jpeg rc_jpeg;

/* Creates a codec (TurboJPEG decompressor and compressor). NULL with a message in
 * `err` (may be NULL) if TurboJPEG cannot be initialised. */
rc_jpeg *rc_jpeg_create(rc_err *err);
void rc_jpeg_destroy(rc_jpeg *j); /* NULL is fine */

/* Allocates now the scratch memory that decoding frames of up to width x height
 * needs, so later decodes at that size never allocate (sources call this when they
 * open). Without it the first decode of a larger size allocates. Encoding allocates
 * its output buffer on its first call at a size, then reuses it. */
rc_status rc_jpeg_reserve(rc_jpeg *j, int width, int height);

/* Reads the size and subsampling of the JPEG in data[0..n). RC_E_DECODE with a
 * message if it is not a JPEG the decoder can handle. */
rc_status rc_jpeg_header_read(rc_jpeg *j, const uint8_t *data, size_t n, rc_jpeg_header *h);

/* Decodes the JPEG in data[0..n) into `out`, an I420 image the caller sized to the
 * JPEG's size (any strides). 4:2:0 pictures decode straight into the planes; 4:2:2,
 * 4:4:4, 4:4:0 and 4:1:1 go through scratch planes and their chroma is averaged
 * down to 4:2:0; greyscale gets neutral chroma (128). RC_E_DECODE with a message for
 * corrupt or truncated data or a size other than out's; `out` may then hold a
 * partial picture. RC_OK also when the library warned but the picture is whole
 * (see rc_jpeg_warning): rc_jpeg_last_warning() and rc_jpeg_last_error() then say
 * which warning. */
rc_status rc_jpeg_decode_i420(rc_jpeg *j, const uint8_t *data, size_t n, rc_image *out);

/* Encodes `im` (I420 -> 4:2:0 JPEG, GRAY8 -> greyscale JPEG, BGR8 -> 4:2:0 JPEG) at
 * `quality` 1..100. On RC_OK *out points at the JPEG bytes, owned by the codec and
 * valid until its next encode or destroy, and *out_bytes is their count. */
rc_status rc_jpeg_encode(rc_jpeg *j, const rc_image *im, int quality, const uint8_t **out,
                         size_t *out_bytes);

/* Message of the last failed call; after a decode that succeeded with a warning
 * (rc_jpeg_last_warning), that warning as a note; else "". Valid until the next
 * call. */
const char *rc_jpeg_last_error(const rc_jpeg *j);

/* What the last rc_jpeg_decode_i420 worked around when it returned RC_OK:
 * RC_JPEG_WARN_NONE for a clean decode (and after a failed one). NULL gives NONE. */
rc_jpeg_warning rc_jpeg_last_warning(const rc_jpeg *j);

#ifdef __cplusplus
}
#endif
#endif
