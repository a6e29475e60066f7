/* avi.h - the AVI (RIFF) reader for MJPEG video: where each frame's JPEG bytes lie in
 * the file, and reading them (private to the capture stage; the one reader of the
 * format, session_export.c is the writer).
 *
 * Opening parses the RIFF tree (hdrl: avih, strl/strh/strf, odml/dmlh; movi; idx1;
 * the OpenDML AVIX parts that follow) with every size and offset checked against the
 * file, and builds a table of the video stream's non-empty chunks: from idx1 (offsets
 * from 'movi' or from the file's start, told apart by the chunk header they point
 * at), else (no idx1, a damaged one, an OpenDML file) by walking the movi lists.
 * Zero-length chunks (a writer's dropped frames) are not frames: FFmpeg's demuxer,
 * which OpenCV uses, skips them too, so frame numbers and time stamps stay the same.
 * A chunk cut by the end of the file is kept with the bytes that are there. Reads
 * are one pread per frame into the caller's buffer.
 */
#ifndef ROMCAP_CAPTURE_AVI_H
#define ROMCAP_CAPTURE_AVI_H

#include <stddef.h>
#include <stdint.h>

#include "romcap/status.h"

typedef struct rc__avi rc__avi;

typedef struct rc__avi_info {
    int width, height; /* strf's BITMAPINFOHEADER (a top-down height's sign dropped) */
    double fps;        /* dwRate / dwScale of the video stream; 0 when not in (0, 1000) */
    int64_t n_frames;  /* frames the header announces (strh dwLength, or OpenDML's dmlh
                          when larger), -1 if it says none */
    int64_t n_packets; /* non-empty video chunks found in the file */
    char fourcc[5];    /* biCompression, e.g. "MJPG" */
    size_t max_bytes;  /* the largest packet's bytes in the file (of those up to
                          RC_AVI_MAX_PACKET) */
    const char *how;   /* how the chunks were found: "idx1 (offsets from movi)",
                          "idx1 (absolute offsets)" or "scan of movi" */
} rc__avi_info;

/* One frame's chunk. */
typedef struct rc__avi_packet {
    uint64_t offset; /* of the JPEG bytes (after the 8-byte chunk header) */
    uint32_t size;   /* as the chunk header / index says */
    uint32_t avail;  /* bytes the file has (< size: cut by the end of the file) */
} rc__avi_packet;

enum { RC_AVI_MAX_PACKET = 64 << 20 }; /* larger chunks are refused as frames */

/* Opens and indexes `path`. RC_OK with *out set. Otherwise *out is NULL and `err`
 * says why, naming the file and the byte offset: RC_E_FORMAT, not a RIFF AVI file;
 * RC_E_UNSUPPORTED, an AVI this reader does not take (no video stream, a codec other
 * than MJPEG, no frame found, a damaged header); RC_E_NOT_FOUND / RC_E_IO, the file
 * cannot be opened or read; RC_E_NOMEM. */
rc_status rc__avi_open(const char *path, rc__avi **out, rc_err *err);

void rc__avi_get_info(const rc__avi *a, rc__avi_info *info);

/* Packet i (0 <= i < n_packets). */
rc__avi_packet rc__avi_packet_at(const rc__avi *a, int64_t i);

/* Reads packet i's bytes that the file has into buf[0..cap) (cap >= its avail), *n
 * their count. RC_E_ARG for i out of range or a buffer too small, RC_E_IO for a read
 * failure (message names the file, frame and offset). */
rc_status rc__avi_read(const rc__avi *a, int64_t i, uint8_t *buf, size_t cap, size_t *n,
                       rc_err *err);

void rc__avi_close(rc__avi *a); /* NULL is fine */

#endif
