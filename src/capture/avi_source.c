/* avi_source.c - an MJPEG AVI file as a source, read with romcap's own AVI reader
 * (avi.c) instead of OpenCV's demuxer: opening maps no OpenCV, FFmpeg or GStreamer
 * library, and each frame's JPEG bytes are read with one pread straight into the
 * buffer the caller gives (a capture slot), never copied.
 *
 * It gives what the OpenCV path (source_video.c with raw packets) gave for the same
 * file: the same packets in the same order (zero-length chunks skipped as FFmpeg
 * skips them), the frame size of the first JPEG (FFmpeg's probe decodes it), the
 * header's frame rate and frame count, nominal time stamps index / fps, and the same
 * messages for a corrupt frame and for how the file ended. Files it does not take
 * (other codecs, a first chunk that is not a JPEG, a damaged header) are declined, and
 * the caller opens them with OpenCV.
 */
#include "avi.h"
#include "source_internal.h"

#include "romcap/jpeg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct avi_src {
    rc__avi *avi;
    rc_jpeg *jpeg;
    rc_image image; /* the frame buffer when the caller gives none */
    uint8_t *buf;   /* owns image's pixels */
    uint8_t *data;  /* a packet that does not fit the caller's buffer: max_bytes */
    size_t cap;
    char name[256];
    int64_t next, n; /* next packet; packets in the file */
    int64_t lost;    /* frames skipped as corrupt */
    int64_t prev_t_ns;
} avi_src;

static void avi_src_close(void *impl)
{
    avi_src *v = impl;
    if (!v)
        return;
    rc__avi_close(v->avi);
    rc_jpeg_destroy(v->jpeg);
    free(v->data);
    free(v->buf);
    free(v);
}

/* How the file ended (rc__source_video_end, as for a video OpenCV demuxes). */
static void avi_src_end(rc_source *s)
{
    avi_src *v = s->impl;
    rc__source_video_end(s, v->name, v->next, v->lost);
}

/* The next frame's bytes, not decoded (source_internal.h, the split read). */
static rc_status avi_src_read_packet(rc_source *s, uint8_t *buf, size_t cap, rc__packet *pk)
{
    avi_src *v = s->impl;
    if (v->next >= v->n)
        return RC_E_EOF;
    int64_t i = v->next++;
    rc__avi_packet p = rc__avi_packet_at(v->avi, i);
    if (p.avail > RC_AVI_MAX_PACKET) {
        v->lost++;
        return rc_err_set(&s->err, RC_E_DECODE,
                          "%s: frame %lld: a %u-byte chunk at byte %llu is too large for a frame",
                          v->name, (long long)i, p.avail, (unsigned long long)p.offset);
    }
    uint8_t *dst = buf && cap >= p.avail ? buf : v->data;
    size_t n = 0;
    rc_status st = rc__avi_read(v->avi, i, dst, buf && cap >= p.avail ? cap : v->cap, &n, &s->err);
    if (st != RC_OK)
        return st;
    pk->jpeg = dst;
    pk->n = n;
    pk->index = i;
    pk->pos_ms = -1;
    return RC_OK;
}

/* Nominal time stamps, as source_video.c gives raw packets (OpenCV keeps no position
 * for them): index / fps, 30 fps when the rate is unknown, never going back. */
static int64_t frame_time_ns(avi_src *v, double fps, int64_t index)
{
    double f = fps > 0 ? fps : 30.0;
    int64_t t = (int64_t)((double)index * 1e9 / f + 0.5);
    if (index > 0 && t <= v->prev_t_ns)
        t = v->prev_t_ns + (int64_t)(1e9 / f);
    return t;
}

static rc_status avi_src_finish(rc_source *s, const rc__packet *pk, const rc__decoded *d,
                                rc_image *img, rc_frame *out)
{
    avi_src *v = s->impl;
    if (d->status != RC_OK) {
        v->lost++;
        rc__avi_packet p = rc__avi_packet_at(v->avi, pk->index);
        if (p.avail < p.size) /* what FFmpeg handed over too: the bytes there are */
            return rc_err_set(&s->err, RC_E_DECODE,
                              "%s: frame %lld: %s (the file ends %u bytes into its %u-byte "
                              "chunk)",
                              v->name, (long long)pk->index, d->msg, p.avail, p.size);
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
    out->t_ns = frame_time_ns(v, s->info.fps, pk->index);
    v->prev_t_ns = out->t_ns;
    return RC_OK;
}

static rc_status avi_src_read(rc_source *s, rc_frame *out)
{
    avi_src *v = s->impl;
    return rc__source_read_split(s, v->jpeg, &v->image, out);
}

static const rc__source_ops avi_ops = {avi_src_read, avi_src_close, avi_src_read_packet,
                                       avi_src_finish, avi_src_end};

/* The frame size from the first packet's JPEG header (as FFmpeg's probe); 0 when
 * the first packet is not a JPEG this path reads (OpenCV then decodes the file). */
static int first_jpeg(avi_src *v, rc_jpeg_header *h, rc_err *err)
{
    size_t n = 0;
    if (v->n < 1 || rc__avi_read(v->avi, 0, v->data, v->cap, &n, err) != RC_OK || n < 4 ||
        v->data[0] != 0xFF || v->data[1] != 0xD8)
        return 0;
    return rc_jpeg_header_read(v->jpeg, v->data, n, h) == RC_OK && h->width > 0 && h->height > 0;
}

rc_source *rc__source_open_avi(const char *path, int *declined, rc_err *err)
{
    *declined = 0;
    rc_err why = {{0}}; /* a declined file's reason: OpenCV gets the last word */
    rc__avi *a = NULL;
    rc_status st = rc__avi_open(path, &a, &why);
    if (st == RC_E_NOMEM) {
        *err = why;
        return NULL;
    }
    avi_src *v = st == RC_OK ? calloc(1, sizeof *v) : NULL;
    if (!v) {
        rc__avi_close(a);
        *declined = st != RC_OK;
        if (st == RC_OK)
            rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
        return NULL;
    }
    v->avi = a;
    snprintf(v->name, sizeof v->name, "%s", path);
    rc__avi_info ai;
    rc__avi_get_info(a, &ai);
    v->n = ai.n_packets;
    v->cap = ai.max_bytes ? ai.max_bytes : 1;
    rc_jpeg_header h;
    if (!(v->data = malloc(v->cap)) || !(v->jpeg = rc_jpeg_create(err))) {
        avi_src_close(v);
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
        return NULL;
    }
    if (!first_jpeg(v, &h, &why)) {
        avi_src_close(v);
        *declined = 1;
        return NULL;
    }
    if (!(v->buf = rc_image_alloc(&v->image, RC_PIX_I420, h.width, h.height)) ||
        rc_jpeg_reserve(v->jpeg, h.width, h.height) != RC_OK) {
        avi_src_close(v);
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory for %dx%d frames", path, h.width, h.height);
        return NULL;
    }
    rc_source *s = rc__source_new(&avi_ops, v, "video", err);
    if (!s)
        return NULL;
    s->info.width = h.width;
    s->info.height = h.height;
    s->info.fps = ai.fps;
    s->info.n_frames = ai.n_frames;
    return s;
}
