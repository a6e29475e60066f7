/* source_internal.h - the small vtable behind rc_source, shared by the source kinds.
 *
 * source.c parses the URI and calls one opener (one file per kind); each opener
 * allocates its own state and every buffer its frames need, and fills a common
 * rc_source around it with rc__source_new().
 */
#ifndef ROMCAP_SOURCE_INTERNAL_H
#define ROMCAP_SOURCE_INTERNAL_H

#include "romcap/source.h"

struct rc_cv_video; /* cv/cv_video.h */
struct rc_jpeg;      /* romcap/jpeg.h */

/* One frame's JPEG bytes, read but not decoded (the split read below). */
typedef struct rc__packet {
    const uint8_t *jpeg; /* in the caller's buffer when they fit, else the source's own;
                            valid until the next read */
    size_t n;
    int64_t index;  /* the frame's number in the source */
    double pos_ms;  /* video files: OpenCV's position after the read */
} rc__packet;

/* What decoding a packet gave (decode_pool.h's job result). */
typedef struct rc__decoded {
    rc_status status; /* rc_jpeg_decode_i420's */
    int warning;      /* rc_jpeg_last_warning on RC_OK */
    const char *msg;  /* rc_jpeg_last_error */
} rc__decoded;

typedef struct rc__source_ops {
    /* Reads the next frame (see rc_source_read); writes messages to s->err. */
    rc_status (*read)(rc_source *s, rc_frame *out);
    /* Frees s->impl and everything it owns (not s itself). */
    void (*close)(void *impl);
    /* The split read of a JPEG source, NULL for the others: read = read_packet, then
     * the decode (anywhere, with any codec), then finish, in read order. So the
     * lossless capture decodes on several threads and still gives exactly the
     * frames, messages and time stamps of rc_source_read.
     * read_packet: the next frame's bytes, into buf[0..cap) when they fit (buf may be
     * NULL). RC_E_EOF at the end, without saying how it ended yet (end does);
     * RC_E_DECODE for a frame whose bytes cannot be read (skipped; message in s->err);
     * other statuses are fatal. */
    rc_status (*read_packet)(rc_source *s, uint8_t *buf, size_t cap, rc__packet *pk);
    /* In read order, once a packet read with RC_OK is decoded into img: the frame
     * (RC_OK) or RC_E_DECODE, with s->err exactly as rc_source_read leaves it. */
    rc_status (*finish)(rc_source *s, const rc__packet *pk, const rc__decoded *d, rc_image *img,
                        rc_frame *out);
    /* After read_packet said RC_E_EOF and every packet before it was finished: s->err
     * says how the source ended (a truncated file), as rc_source_read's RC_E_EOF. */
    void (*end)(rc_source *s);
} rc__source_ops;

struct rc_source {
    const rc__source_ops *ops;
    void *impl;            /* the kind's own state, owned */
    rc_source_info info;   /* filled by the opener */
    rc_err err;            /* last read's message */
    char note[RC_ERR_CAP]; /* what opening noticed and handled (rc_source_note) */
    rc_image *dst;         /* set only during rc__source_read_into: a kind that decodes
                              writes the frame's pixels here instead of into its own
                              buffer (the others are copied there afterwards) */
    /* A camera whose lock waits to be asked (info.camera.lock_pending): its controls
     * and what was requested of them (source_camera.c). cam.set is NULL otherwise. */
    rc_camera_ops cam;
    rc_camera_request cam_rq;
};

/* The lock a camera's default waits for, carried out now (the capture thread calls
 * it between two reads: capture_thread.c): exposure and white balance locked at the
 * values their auto modes settled on (rc_camera_controls_lock: read, auto off, the
 * value set, read back) and s->info.camera updated with how and when (`how`, the
 * decision's `frame` and `t_s`, `note`), the last frame read before it
 * (`applied_after`) and the time the auto modes ran (warmup_s = t_s). RC_E_ARG when
 * nothing waits to be locked (not a camera, or locked already). */
rc_status rc__source_camera_lock(rc_source *s, rc_cam_lock_how how, int64_t frame, double t_s,
                                 const char *note, int64_t applied_after);

/* Reads the next frame as rc_source_read does, with its pixels in `dst` (an I420
 * image of the source's frame size the caller owns, e.g. a capture slot): JPEG
 * sources decode straight into it, others are copied into it once. On RC_OK
 * out->image is `*dst`. */
rc_status rc__source_read_into(rc_source *s, rc_image *dst, rc_frame *out);

/* rc_source_read for a kind with the split read: read_packet, decode with `j` into
 * s->dst or else `own`, finish (or end). */
rc_status rc__source_read_split(rc_source *s, struct rc_jpeg *j, rc_image *own, rc_frame *out);

/* Wraps `impl` (ownership passes to the source, also on failure, where ops->close
 * frees it). NULL with a message in `err` if out of memory. */
rc_source *rc__source_new(const rc__source_ops *ops, void *impl, const char *kind, rc_err *err);

/* A video file's end (OpenCV's demuxer or romcap's AVI reader): when frames were
 * missing (`read` of the n_frames the header promised) or corrupt (`lost`), the
 * source's error says so, naming the file; nothing when it ended whole. */
void rc__source_video_end(rc_source *s, const char *name, int64_t read, int64_t lost);

/* Openers, one per kind. `path`/`name` is the URI without its scheme and without
 * its "?query" (passed separately, "" if none). */
rc_source *rc__source_open_video(const char *path, const rc_source_options *opt, rc_err *err);
rc_source *rc__source_open_folder(const char *path, const char *query, const rc_source_options *opt,
                                  rc_err *err);
rc_source *rc__source_open_synth(const char *name, const char *query, const rc_source_options *opt,
                                 rc_err *err);
rc_source *rc__source_open_camera(const char *spec, const char *query, const rc_source_options *opt,
                                  rc_err *err);

/* An MJPEG AVI through romcap's own reader (avi_source.c). NULL with *declined = 1
 * when the file is not one it reads (the caller hands it to OpenCV, err untouched);
 * NULL with *declined = 0 and a message in `err` when out of memory. */
rc_source *rc__source_open_avi(const char *path, int *declined, rc_err *err);

/* Reads "key=value" pairs separated by '&' from `query` and returns the value of
 * `key` as a double in *out (1 if found and numeric, 0 if absent, -1 if present
 * but not a number). */
int rc__query_double(const char *query, const char *key, double *out);

/* Shared by video files and cameras (source_video.c). */
rc_source *rc__source_from_cv(struct rc_cv_video *v, const char *name, const char *kind, int live,
                              rc_err *err);

#endif
