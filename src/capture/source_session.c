/* source_session.c - a session folder (session.json + frames.mjpeg + frames.idx) as a
 * source: frames in recorded order, timestamps from the index (relative to the first
 * frame), frame.jpeg = the stored original bytes, decoded with TurboJPEG to I420.
 *
 * A damaged index is repaired in memory on open (see rc_session_open); sources never
 * log, so the repair is silent here: `romcap repair DIR` reports and fixes it on disk.
 * Every buffer is allocated at open, sized for the largest stored frame.
 */
#include "source_session.h"

#include "romcap/jpeg.h"
#include "romcap/session.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct session_src {
    rc_session *session;
    rc_jpeg *jpeg;
    uint8_t *data; /* one frame's JPEG bytes, cap bytes */
    size_t cap;
    rc_image image;
    uint8_t *buf; /* owns image's pixels */
    int64_t next, n, t0_ns;
    int64_t last_t_ns; /* timestamp handed out last, ns from the first frame */
    char dir[RC_TEXT_CAP];
} session_src;

int rc__source_is_session(const char *path)
{
    return rc_session_is_dir(path);
}

static void session_close(void *impl)
{
    session_src *z = impl;
    if (!z)
        return;
    rc_session_close(z->session);
    rc_jpeg_destroy(z->jpeg);
    free(z->data);
    free(z->buf);
    free(z);
}

/* The next frame's stored bytes, not decoded (source_internal.h, the split read). */
static rc_status session_read_packet(rc_source *s, uint8_t *buf, size_t cap, rc__packet *pk)
{
    session_src *z = s->impl;
    if (z->next >= z->n)
        return RC_E_EOF;
    int64_t i = z->next++;
    uint8_t *dst = buf && cap >= z->cap ? buf : z->data;
    size_t n = 0;
    rc_status st = rc_session_read_jpeg(z->session, i, dst, z->cap, &n, &s->err);
    if (st != RC_OK)
        return st;
    pk->jpeg = dst;
    pk->n = n;
    pk->index = i;
    pk->pos_ms = -1;
    return RC_OK;
}

static rc_status session_finish(rc_source *s, const rc__packet *pk, const rc__decoded *d,
                                rc_image *img, rc_frame *out)
{
    session_src *z = s->impl;
    int64_t i = pk->index;
    if (d->status != RC_OK)
        return rc_err_set(&s->err, RC_E_DECODE, "%s (frame %lld): %s", z->dir, (long long)i,
                          d->msg);
    rc_session_frame fr;
    rc_session_frame_get(z->session, i, &fr);
    out->image = *img;
    out->index = i;
    /* A crafted or damaged index can hold any 64-bit stamps: subtract without
     * overflow, and keep time from going backwards. */
    int64_t dt;
    if (__builtin_sub_overflow(fr.t_ns, z->t0_ns, &dt) || dt < z->last_t_ns)
        dt = z->last_t_ns;
    z->last_t_ns = dt;
    out->t_ns = dt;
    out->jpeg = pk->jpeg;
    out->jpeg_bytes = pk->n;
    out->decode_warning = d->warning;
    if (out->decode_warning) /* a whole picture all the same: a note, not a loss */
        rc_err_set(&s->err, RC_OK, "%s (frame %lld): %s", z->dir, (long long)i, d->msg);
    return RC_OK;
}

static void session_end(rc_source *s)
{
    (void)s; /* the index said how many frames there are: nothing to tell */
}

static rc_status session_read(rc_source *s, rc_frame *out)
{
    session_src *z = s->impl;
    return rc__source_read_split(s, z->jpeg, &z->image, out);
}

static const rc__source_ops session_ops = {session_read, session_close, session_read_packet,
                                           session_finish, session_end};

rc_source *rc__source_open_session(const char *path, const char *query,
                                   const rc_source_options *opt, rc_err *err)
{
    (void)opt;
    if (query && query[0]) {
        rc_err_set(err, RC_E_ARG, "%s: a session folder takes no options (?%s)", path, query);
        return NULL;
    }
    session_src *z = calloc(1, sizeof *z);
    if (!z) {
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
        return NULL;
    }
    snprintf(z->dir, sizeof z->dir, "%s", path);
    if (!(z->session = rc_session_open(path, err)) || !(z->jpeg = rc_jpeg_create(err))) {
        session_close(z);
        return NULL;
    }
    z->n = rc_session_frame_count(z->session);
    z->cap = rc_session_max_jpeg_bytes(z->session);
    rc_session_frame f0;
    rc_session_frame_get(z->session, 0, &f0);
    z->t0_ns = f0.t_ns;
    /* The frame size comes from the first stored JPEG (session.json could be stale). */
    rc_jpeg_header h;
    size_t n0 = 0;
    if (!(z->data = malloc(z->cap ? z->cap : 1))) {
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
        session_close(z);
        return NULL;
    }
    if (rc_session_read_jpeg(z->session, 0, z->data, z->cap, &n0, err) != RC_OK) {
        session_close(z);
        return NULL;
    }
    if (rc_jpeg_header_read(z->jpeg, z->data, n0, &h) != RC_OK) {
        rc_err_set(err, RC_E_DECODE, "%s: frame 0: %s", path, rc_jpeg_last_error(z->jpeg));
        session_close(z);
        return NULL;
    }
    if (!(z->buf = rc_image_alloc(&z->image, RC_PIX_I420, h.width, h.height)) ||
        rc_jpeg_reserve(z->jpeg, h.width, h.height) != RC_OK) {
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory for %dx%d frames", path, h.width, h.height);
        session_close(z);
        return NULL;
    }
    double fps = rc_session_fps(z->session);
    rc_source *s = rc__source_new(&session_ops, z, "session", err);
    if (!s)
        return NULL;
    s->info.width = h.width;
    s->info.height = h.height;
    s->info.fps = fps;
    s->info.n_frames = z->n;
    snprintf(s->note, sizeof s->note, "%s", rc_session_warning(z->session));
    return s;
}
