/* source_synth.c - synthetic:NAME?k=v&... scenes rendered by rc_synth (synth.h).
 *
 * Each read renders frame `index` into the source's own I420 buffer together with
 * its exact ground truth, which frame.truth points at. t = index / fps. The
 * options' size and rate are defaults that the URI's query overrides.
 */
#include "source_internal.h"

#include "romcap/synth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Set to 0 only while the synth library has no rc_synth_* implementation yet. */
#define RC_CAPTURE_WITH_SYNTH 1

#if RC_CAPTURE_WITH_SYNTH
typedef struct synth_src {
    rc_synth *synth;
    rc_image image;
    uint8_t *buf;   /* owns image's pixels */
    rc_truth truth; /* the last frame's ground truth */
    int64_t next, n;
    double fps;
    char name[64];
} synth_src;

static void synth_close(void *impl)
{
    synth_src *y = impl;
    if (!y)
        return;
    rc_synth_destroy(y->synth);
    free(y->buf);
    free(y);
}

static rc_status synth_read(rc_source *s, rc_frame *out)
{
    synth_src *y = s->impl;
    if (y->n >= 0 && y->next >= y->n)
        return RC_E_EOF;
    int64_t i = y->next++;
    rc_status st = rc_synth_render(y->synth, i, &y->image, &y->truth);
    if (st != RC_OK)
        return rc_err_set(&s->err, st, "synthetic:%s: frame %lld could not be rendered (%s)",
                          y->name, (long long)i, rc_status_str(st));
    out->image = y->image;
    out->index = i;
    out->t_ns = (int64_t)((double)i * 1e9 / y->fps + 0.5);
    out->truth = &y->truth;
    return RC_OK;
}

static const rc__source_ops synth_ops = {synth_read, synth_close};

rc_source *rc__source_open_synth(const char *name, const char *query, const rc_source_options *opt,
                                 rc_err *err)
{
    rc_synth_options o = rc_synth_options_default();
    if (opt && opt->width > 0 && opt->height > 0) {
        o.width = opt->width;
        o.height = opt->height;
    }
    if (opt && opt->fps > 0)
        o.fps = opt->fps;
    if (query && query[0] && rc_synth_options_parse(&o, query, err) != RC_OK) {
        rc_err_prefix(err, "synthetic:%s", name);
        return NULL;
    }
    synth_src *y = calloc(1, sizeof *y);
    if (!y) {
        rc_err_set(err, RC_E_NOMEM, "synthetic:%s: out of memory", name);
        return NULL;
    }
    snprintf(y->name, sizeof y->name, "%s", name);
    if (!(y->synth = rc_synth_create(name, &o, err))) {
        if (err && !strstr(err->msg, name))
            rc_err_prefix(err, "synthetic:%s", name);
        synth_close(y);
        return NULL;
    }
    rc_synth_get_options(y->synth, &o);
    y->fps = o.fps > 0 ? o.fps : 60.0;
    y->n = rc_synth_frame_count(y->synth);
    if (!(y->buf = rc_image_alloc(&y->image, RC_PIX_I420, o.width, o.height))) {
        rc_err_set(err, RC_E_NOMEM, "synthetic:%s: out of memory for %dx%d frames", name, o.width,
                   o.height);
        synth_close(y);
        return NULL;
    }
    rc_source *s = rc__source_new(&synth_ops, y, "synthetic", err);
    if (!s)
        return NULL;
    s->info.width = o.width;
    s->info.height = o.height;
    s->info.fps = y->fps;
    s->info.n_frames = y->n >= 0 ? y->n : -1;
    return s;
}
#else
rc_source *rc__source_open_synth(const char *name, const char *query, const rc_source_options *opt,
                                 rc_err *err)
{
    (void)query;
    (void)opt;
    rc_err_set(err, RC_E_UNSUPPORTED, "synthetic:%s: synthetic scenes are not built yet", name);
    return NULL;
}
#endif
