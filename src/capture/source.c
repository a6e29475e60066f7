/* source.c - rc_source: URI dispatch and the calls shared by every source kind.
 *
 * A URI is tried in this order: "synthetic:" and "camera:" prefixes; an existing
 * path (folder -> JPEG folder, file -> video); a path followed by "?k=v" options;
 * anything else that looks like "scheme:..." is an unknown scheme; the rest is a
 * missing file.
 */
#include "source_internal.h"
#include "source_session.h"

#include "decode_pool.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

rc_source *rc__source_new(const rc__source_ops *ops, void *impl, const char *kind, rc_err *err)
{
    rc_source *s = calloc(1, sizeof *s);
    if (!s) {
        ops->close(impl);
        rc_err_set(err, RC_E_NOMEM, "out of memory opening a %s source", kind);
        return NULL;
    }
    s->ops = ops;
    s->impl = impl;
    snprintf(s->info.kind, sizeof s->info.kind, "%s", kind);
    s->info.n_frames = -1;
    return s;
}

int rc__query_double(const char *query, const char *key, double *out)
{
    size_t klen = strlen(key);
    const char *p = query;
    while (p && *p) {
        const char *end = strchr(p, '&');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
            char buf[64];
            size_t vlen = len - klen - 1;
            if (vlen == 0 || vlen >= sizeof buf)
                return -1;
            memcpy(buf, p + klen + 1, vlen);
            buf[vlen] = '\0';
            char *e;
            double v = strtod(buf, &e);
            if (*e != '\0')
                return -1;
            *out = v;
            return 1;
        }
        p = end ? end + 1 : NULL;
    }
    return 0;
}

/* "scheme:" with a scheme of 2+ letters (one letter could be a drive name). */
static int has_scheme(const char *uri, size_t *len)
{
    size_t n = 0;
    while (isalpha((unsigned char)uri[n]) ||
           (n > 0 && (isdigit((unsigned char)uri[n]) || uri[n] == '+' || uri[n] == '-')))
        n++;
    *len = n;
    return n >= 2 && uri[n] == ':';
}

/* Opens an existing path (with its query split off, or "" for none). */
static rc_source *open_path(const char *path, const char *query, const rc_source_options *opt,
                            rc_err *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        rc_err_set(err, RC_E_NOT_FOUND, "no such file: %s", path);
        return NULL;
    }
    if (S_ISDIR(st.st_mode) && rc__source_is_session(path))
        return rc__source_open_session(path, query, opt, err);
    if (S_ISDIR(st.st_mode))
        return rc__source_open_folder(path, query, opt, err);
    if (query[0]) {
        rc_err_set(err, RC_E_ARG, "%s: options (?%s) apply only to folders", path, query);
        return NULL;
    }
    return rc__source_open_video(path, opt, err);
}

rc_source *rc_source_open(const char *uri, const rc_source_options *opt, rc_err *err)
{
    if (err)
        err->msg[0] = '\0';
    if (!uri || !uri[0]) {
        rc_err_set(err, RC_E_ARG, "no input given");
        return NULL;
    }
    static const char synth[] = "synthetic:", cam[] = "camera:";
    int is_synth = strncmp(uri, synth, sizeof synth - 1) == 0;
    int is_cam = strncmp(uri, cam, sizeof cam - 1) == 0;
    struct stat st;
    if (!is_synth && !is_cam && stat(uri, &st) == 0)
        return open_path(uri, "", opt, err);

    /* Split "rest?query"; the rest is copied so openers get a clean string. */
    const char *body = uri + (is_synth ? sizeof synth - 1 : is_cam ? sizeof cam - 1 : 0);
    const char *q = strchr(body, '?');
    size_t blen = q ? (size_t)(q - body) : strlen(body);
    char *rest = malloc(blen + 1);
    if (!rest) {
        rc_err_set(err, RC_E_NOMEM, "out of memory");
        return NULL;
    }
    memcpy(rest, body, blen);
    rest[blen] = '\0';
    const char *query = q ? q + 1 : "";

    rc_source *s = NULL;
    size_t slen;
    if (is_synth) {
        s = rc__source_open_synth(rest, query, opt, err);
    } else if (is_cam) {
        s = rc__source_open_camera(rest, query, opt, err);
    } else if (q && stat(rest, &st) == 0) {
        s = open_path(rest, query, opt, err);
    } else if (has_scheme(uri, &slen)) {
        rc_err_set(err, RC_E_ARG,
                   "%s: unknown source type '%.*s:' (expected a video file, a folder of "
                   "JPEGs, camera:N or synthetic:NAME)",
                   uri, (int)slen, uri);
    } else {
        rc_err_set(err, RC_E_NOT_FOUND, "no such file: %s", uri);
    }
    free(rest);
    return s;
}

void rc__source_video_end(rc_source *s, const char *name, int64_t read, int64_t lost)
{
    int64_t expect = s->info.n_frames;
    if (expect > 0 && (read < expect || lost > 0))
        rc_err_set(&s->err, RC_E_EOF,
                   "%s: ended after %lld of %lld frames, %lld of them corrupt (file "
                   "truncated or damaged)",
                   name, (long long)read, (long long)expect, (long long)lost);
    else if (lost > 0)
        rc_err_set(&s->err, RC_E_EOF, "%s: ended after %lld frames, %lld of them corrupt", name,
                   (long long)read, (long long)lost);
}

rc_status rc__source_read_split(rc_source *s, struct rc_jpeg *j, rc_image *own, rc_frame *out)
{
    rc__packet pk;
    rc_status st = s->ops->read_packet(s, NULL, 0, &pk);
    if (st == RC_E_EOF)
        s->ops->end(s);
    if (st != RC_OK)
        return st;
    rc_image *img = s->dst ? s->dst : own;
    rc__decode_job job = {.data = pk.jpeg, .n = pk.n, .dst = img};
    rc__decode_job_run(j, &job);
    rc__decoded d = {job.status, job.warning, job.msg.msg};
    return s->ops->finish(s, &pk, &d, img, out);
}

rc_status rc_source_read(rc_source *s, rc_frame *out)
{
    memset(out, 0, sizeof *out);
    s->err.msg[0] = '\0';
    return s->ops->read(s, out);
}

rc_status rc__source_read_into(rc_source *s, rc_image *dst, rc_frame *out)
{
    memset(out, 0, sizeof *out);
    s->err.msg[0] = '\0';
    s->dst = dst;
    rc_status st = s->ops->read(s, out);
    s->dst = NULL;
    if (st == RC_OK && out->image.plane[0] != dst->plane[0]) {
        if (out->image.width != dst->width || out->image.height != dst->height ||
            out->image.fmt != dst->fmt)
            return rc_err_set(&s->err, RC_E_DECODE, "frame %lld is %dx%d, expected %dx%d",
                              (long long)out->index, out->image.width, out->image.height,
                              dst->width, dst->height);
        rc_image_copy(dst, &out->image);
        out->image = *dst;
    }
    return st;
}

void rc_source_get_info(const rc_source *s, rc_source_info *info)
{
    *info = s->info;
}

const char *rc_source_last_error(const rc_source *s)
{
    return s ? s->err.msg : "";
}

const char *rc_source_note(const rc_source *s)
{
    return s ? s->note : "";
}

void rc_source_close(rc_source *s)
{
    if (!s)
        return;
    s->ops->close(s->impl);
    free(s);
}
