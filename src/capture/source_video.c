/* source_video.c - video files and cameras through the OpenCV bridge.
 *
 * MJPEG AVI files are read by romcap's own AVI reader (avi_source.c) and only come
 * here when it declines them (other codecs, a damaged header).
 *
 * MJPEG inputs arrive as raw JPEG packets (see cv_video.h) and are decoded here
 * with TurboJPEG straight into the frame's I420 planes; frame.jpeg then points at
 * the packet. Any other codec (phones' H.264 and HEVC) arrives as BGR, already turned
 * upright as the file's rotation metadata asks (said in the source's note), and is
 * converted once to I420; its time stamps are the frames' presentation times.
 */
#include "source_internal.h"

#include "cv/cv_video.h"
#include "romcap/jpeg.h"
#include "romcap/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct video_src {
    rc_cv_video *cv;
    rc_jpeg *jpeg;
    rc_image image; /* the one I420 frame buffer, reused */
    uint8_t *buf;   /* owns image's pixels */
    char name[256]; /* path or "camera:N", for messages */
    int live;
    int64_t next; /* index of the next frame */
    int64_t prev_t_ns;
    int64_t lost; /* frames skipped as corrupt */
    int pos_used; /* a file time stamp came from OpenCV's position */
} video_src;

static void video_close(void *impl)
{
    video_src *v = impl;
    if (!v)
        return;
    rc_cv_video_close(v->cv);
    rc_jpeg_destroy(v->jpeg);
    free(v->buf);
    free(v);
}

/* File time stamps: OpenCV's position when it gives a usable one (strictly rising:
 * the frame's presentation time, so a variable frame rate keeps its real times),
 * otherwise the nominal time of the index (raw packets always take this path:
 * OpenCV 4.6 leaves POS_MSEC at 0 in raw mode). At the end of a stream with
 * B-frames OpenCV 4.6 repeats the last position for the frames the decoder still
 * held (2 with x264's defaults): those follow the previous time by the average
 * interval. Cameras: CLOCK_MONOTONIC ns. */
static int64_t frame_time_ns(video_src *v, const rc_source_info *in, int64_t index, double pos_ms)
{
    int64_t t;
    if (v->live) {
        /* The driver's capture stamp excludes our read latency; it is used when it
         * is on the monotonic clock (within a second of now), else the read time. */
        int64_t now = rc_clock_ns();
        int64_t drv = pos_ms > 0 ? (int64_t)(pos_ms * 1e6) : 0;
        return (drv > 0 && drv <= now && now - drv < 1000000000) ? drv : now;
    }
    double fps = in->fps > 0 ? in->fps : 30.0;
    int64_t nominal = (int64_t)((double)index * 1e9 / fps + 0.5);
    if (pos_ms >= 0 && (index == 0 || pos_ms * 1e6 > (double)v->prev_t_ns)) {
        t = (int64_t)(pos_ms * 1e6 + 0.5);
        v->pos_used = 1;
    } else {
        t = v->pos_used ? v->prev_t_ns + (int64_t)(1e9 / fps) : nominal;
    }
    if (index > 0 && t <= v->prev_t_ns)
        t = v->prev_t_ns + (int64_t)(1e9 / fps);
    return t;
}

/* How the file ended: said when frames were missing or corrupt. */
static void video_end(rc_source *s)
{
    video_src *v = s->impl;
    rc__source_video_end(s, v->name, v->next, v->lost);
}

/* Raw MJPEG: the next packet, not decoded (source_internal.h, the split read). */
static rc_status video_read_packet(rc_source *s, uint8_t *buf, size_t cap, rc__packet *pk)
{
    video_src *v = s->impl;
    rc_cv_packet cp;
    rc_status st = rc_cv_video_read(v->cv, &cp, &s->err);
    if (st == RC_OK && !cp.bytes)
        st = rc_err_set(&s->err, RC_E_DECODE, "%s: frame %lld: not a JPEG packet", v->name,
                        (long long)v->next);
    if (st != RC_OK) {
        if (st == RC_E_DECODE) {
            v->next++;
            v->lost++;
        }
        return st;
    }
    pk->index = v->next++;
    pk->pos_ms = cp.pos_ms;
    pk->n = cp.n_bytes;
    pk->jpeg = cp.bytes;
    if (buf && cp.n_bytes <= cap) {
        memcpy(buf, cp.bytes, cp.n_bytes);
        pk->jpeg = buf;
    }
    return RC_OK;
}

static rc_status video_finish(rc_source *s, const rc__packet *pk, const rc__decoded *d,
                              rc_image *img, rc_frame *out)
{
    video_src *v = s->impl;
    if (d->status != RC_OK) {
        v->lost++;
        return rc_err_set(&s->err, RC_E_DECODE, "%s: frame %lld: %s", v->name, (long long)pk->index,
                          d->msg);
    }
    out->jpeg = pk->jpeg;
    out->jpeg_bytes = pk->n;
    out->decode_warning = d->warning;
    if (out->decode_warning) /* a whole picture all the same: a note, not a loss */
        rc_err_set(&s->err, RC_OK, "%s: frame %lld: %s", v->name, (long long)pk->index, d->msg);
    out->image = *img;
    out->index = pk->index;
    out->t_ns = frame_time_ns(v, &s->info, pk->index, pk->pos_ms);
    v->prev_t_ns = out->t_ns;
    return RC_OK;
}

static rc_status video_read_raw(rc_source *s, rc_frame *out)
{
    video_src *v = s->impl;
    return rc__source_read_split(s, v->jpeg, &v->image, out);
}

/* Decoded frames (BGR from OpenCV: phones' H.264, HEVC). */
static rc_status video_read(rc_source *s, rc_frame *out)
{
    video_src *v = s->impl;
    rc_cv_packet pk;
    rc_status st = rc_cv_video_read(v->cv, &pk, &s->err);
    if (st == RC_E_EOF) {
        video_end(s);
        return RC_E_EOF;
    }
    if (st != RC_OK) {
        if (st == RC_E_DECODE) {
            v->next++;
            v->lost++;
        }
        return st;
    }
    int64_t index = v->next++;
    rc_image *img = s->dst ? s->dst : &v->image; /* see rc__source_read_into */
    if (pk.bytes) {
        st = rc_jpeg_decode_i420(v->jpeg, pk.bytes, pk.n_bytes, img);
        if (st != RC_OK) {
            v->lost++;
            return rc_err_set(&s->err, RC_E_DECODE, "%s: frame %lld: %s", v->name, (long long)index,
                              rc_jpeg_last_error(v->jpeg));
        }
        out->jpeg = pk.bytes;
        out->jpeg_bytes = pk.n_bytes;
        out->decode_warning = (int)rc_jpeg_last_warning(v->jpeg);
        if (out->decode_warning) /* a whole picture all the same: a note, not a loss */
            rc_err_set(&s->err, RC_OK, "%s: frame %lld: %s", v->name, (long long)index,
                       rc_jpeg_last_error(v->jpeg));
    } else {
        if (pk.bgr.width != v->image.width || pk.bgr.height != v->image.height) {
            v->lost++;
            return rc_err_set(&s->err, RC_E_DECODE, "%s: frame %lld is %dx%d, expected %dx%d",
                              v->name, (long long)index, pk.bgr.width, pk.bgr.height,
                              v->image.width, v->image.height);
        }
        rc_image_bgr_to_i420(&pk.bgr, img);
    }
    out->image = *img;
    out->index = index;
    out->t_ns = frame_time_ns(v, &s->info, index, pk.pos_ms);
    v->prev_t_ns = out->t_ns;
    return RC_OK;
}

static const rc__source_ops video_ops = {video_read, video_close, NULL, NULL, NULL};
/* Raw MJPEG files (not cameras: they are never read ahead): the split read, so the
 * lossless capture can decode on several threads. */
static const rc__source_ops video_raw_ops = {video_read_raw, video_close, video_read_packet,
                                             video_finish, video_end};

rc_source *rc__source_from_cv(rc_cv_video *cv, const char *name, const char *kind, int live,
                              rc_err *err)
{
    video_src *v = calloc(1, sizeof *v);
    if (!v) {
        rc_cv_video_close(cv);
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory", name);
        return NULL;
    }
    v->cv = cv;
    v->live = live;
    snprintf(v->name, sizeof v->name, "%s", name);
    rc_cv_video_info ci;
    rc_cv_video_get_info(cv, &ci);
    v->buf = rc_image_alloc(&v->image, RC_PIX_I420, ci.width, ci.height);
    v->jpeg = rc_jpeg_create(err);
    if (!v->buf || !v->jpeg || (ci.raw && rc_jpeg_reserve(v->jpeg, ci.width, ci.height))) {
        video_close(v);
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory for %dx%d frames", name, ci.width,
                   ci.height);
        return NULL;
    }
    rc_source *s = rc__source_new(ci.raw && !live ? &video_raw_ops : &video_ops, v, kind, err);
    if (!s)
        return NULL;
    s->info.width = ci.width;
    s->info.height = ci.height;
    s->info.fps = ci.fps;
    s->info.n_frames = live ? -1 : ci.n_frames;
    s->info.live = live;
    if (ci.rotation_deg)
        snprintf(s->note, sizeof s->note,
                 "%s: turned %d deg as its rotation metadata asks (frames %dx%d)", name,
                 ci.rotation_deg, ci.width, ci.height);
    return s;
}

rc_source *rc__source_open_video(const char *path, const rc_source_options *opt, rc_err *err)
{
    (void)opt;
    int declined = 0; /* MJPEG AVIs without OpenCV (avi_source.c); the rest through it */
    rc_source *s = rc__source_open_avi(path, &declined, err);
    if (s || !declined)
        return s;
    rc_cv_video *cv = rc_cv_video_open_file(path, 1, err);
    return cv ? rc__source_from_cv(cv, path, "video", 0, err) : NULL;
}
