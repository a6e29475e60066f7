/* source_synth.c - synthetic:NAME?k=v&... scenes rendered by rc_synth (synth.h).
 *
 * Each read renders frame `index` into the source's own I420 buffer together with
 * its exact ground truth, which frame.truth points at. t = index / fps. The
 * options' size and rate are defaults that the URI's query overrides.
 *
 * Three options belong to the source, not the scene (soak tests and benchmarks,
 * where rendering a 1080p frame would cost more than analysing it):
 *   cache=K   render K frames spread evenly over the scene once, encode each as a
 *             JPEG, and replay them back and forth (0 1 .. K-1 K-2 .. 1 0 1 ..);
 *             frames then carry those JPEG bytes, like an MJPEG camera's
 *   frames=N  with cache: deliver N frames (default: the scene's length)
 *   jpeg=Q    with cache: quality of the cached JPEGs (default 90)
 */
#include "source_internal.h"

#include "romcap/jpeg.h"
#include "romcap/synth.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Set to 0 only while the synth library has no rc_synth_* implementation yet. */
#define RC_CAPTURE_WITH_SYNTH 1

#if RC_CAPTURE_WITH_SYNTH
enum { CACHE_MAX = 1000 }; /* TUNABLE: 1000 frames of 1080p I420 are 3 GB */

/* One pre-rendered frame (cache=K). */
typedef struct cached {
    uint8_t *pixels; /* owns image's pixels */
    rc_image image;
    uint8_t *jpeg;
    size_t jpeg_bytes;
    rc_truth truth;
} cached;

typedef struct synth_src {
    rc_synth *synth;
    rc_image image;
    uint8_t *buf;   /* owns image's pixels */
    rc_truth truth; /* the last frame's ground truth */
    int64_t next, n;
    double fps;
    cached *cache; /* n_cache frames, or NULL */
    int n_cache;
    char name[64];
} synth_src;

static void synth_close(void *impl)
{
    synth_src *y = impl;
    if (!y)
        return;
    rc_synth_destroy(y->synth);
    free(y->buf);
    for (int i = 0; y->cache && i < y->n_cache; i++) {
        free(y->cache[i].pixels);
        free(y->cache[i].jpeg);
    }
    free(y->cache);
    free(y);
}

static rc_status synth_read(rc_source *s, rc_frame *out)
{
    synth_src *y = s->impl;
    if (y->n >= 0 && y->next >= y->n)
        return RC_E_EOF;
    int64_t i = y->next++;
    memset(out, 0, sizeof *out);
    out->index = i;
    out->t_ns = (int64_t)((double)i * 1e9 / y->fps + 0.5);
    if (y->cache) {
        int64_t period = y->n_cache > 1 ? 2 * (int64_t)(y->n_cache - 1) : 1;
        int64_t p = i % period;
        const cached *c = &y->cache[p < y->n_cache ? p : period - p];
        out->image = c->image;
        out->jpeg = c->jpeg;
        out->jpeg_bytes = c->jpeg_bytes;
        out->truth = &c->truth;
        return RC_OK;
    }
    rc_status st = rc_synth_render(y->synth, i, &y->image, &y->truth);
    if (st != RC_OK)
        return rc_err_set(&s->err, st, "synthetic:%s: frame %lld could not be rendered (%s)",
                          y->name, (long long)i, rc_status_str(st));
    out->image = y->image;
    out->truth = &y->truth;
    return RC_OK;
}

/* Parses the whole of `v` as an integer in [lo, hi]. */
static int parse_count(const char *v, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (end == v || *end || errno || n < lo || n > hi)
        return 0;
    *out = n;
    return 1;
}

/* Moves the source's own keys (cache, frames, jpeg) out of `query` into the
 * other arguments and copies the scene's keys into `rest` (cap bytes). */
static rc_status split_query(const char *name, const char *query, char *rest, size_t cap,
                             long long *n_cache, long long *n_frames, long long *quality,
                             rc_err *err)
{
    size_t used = 0;
    rest[0] = 0;
    for (const char *p = query ? query : ""; *p;) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        char item[128];
        const char *v = NULL;
        long long *dst = NULL, lo = 1, hi = 1;
        if (len < sizeof item) {
            memcpy(item, p, len);
            item[len] = 0;
            char *eq = strchr(item, '=');
            if (eq) {
                *eq = 0;
                v = eq + 1;
                if (!strcmp(item, "cache"))
                    dst = n_cache, hi = CACHE_MAX;
                else if (!strcmp(item, "frames"))
                    dst = n_frames, hi = 1000000000LL;
                else if (!strcmp(item, "jpeg"))
                    dst = quality, hi = 100;
            }
        }
        if (dst && !parse_count(v, lo, hi, dst))
            return rc_err_set(err, RC_E_ARG,
                              "synthetic:%s: option '%s': expected an integer in %lld..%lld, "
                              "got '%s'",
                              name, item, lo, hi, v);
        if (!dst && len > 0) {
            if (used + len + 2 > cap)
                return rc_err_set(err, RC_E_ARG, "synthetic:%s: options too long", name);
            if (used)
                rest[used++] = '&';
            memcpy(rest + used, p, len);
            used += len;
            rest[used] = 0;
        }
        p += len;
        if (*p == '&')
            p++;
    }
    return RC_OK;
}

/* Renders the cache: K frames spread over the scene, each with its JPEG. */
static rc_status fill_cache(synth_src *y, int k, int quality, int width, int height, rc_err *err)
{
    if (!(y->cache = calloc((size_t)k, sizeof *y->cache)))
        return rc_err_set(err, RC_E_NOMEM, "synthetic:%s: out of memory for the cache", y->name);
    y->n_cache = k;
    rc_jpeg *j = rc_jpeg_create(err);
    if (!j)
        return RC_E_NOMEM;
    rc_status st = RC_OK;
    int64_t n = y->n > 0 ? y->n : k;
    for (int i = 0; i < k && st == RC_OK; i++) {
        cached *c = &y->cache[i];
        int64_t at = k > 1 ? (int64_t)i * (n - 1) / (k - 1) : 0;
        const uint8_t *jb;
        size_t jn;
        if (!(c->pixels = rc_image_alloc(&c->image, RC_PIX_I420, width, height))) {
            st = rc_err_set(err, RC_E_NOMEM,
                            "synthetic:%s: out of memory for a cache of %d %dx%d frames", y->name,
                            k, width, height);
        } else if ((st = rc_synth_render(y->synth, at, &c->image, &c->truth)) != RC_OK) {
            rc_err_set(err, st, "synthetic:%s: frame %lld could not be rendered (%s)", y->name,
                       (long long)at, rc_status_str(st));
        } else if ((st = rc_jpeg_encode(j, &c->image, quality, &jb, &jn)) != RC_OK) {
            rc_err_set(err, st, "synthetic:%s: frame %lld: %s", y->name, (long long)at,
                       rc_jpeg_last_error(j));
        } else if (!(c->jpeg = malloc(jn))) {
            st = rc_err_set(err, RC_E_NOMEM, "synthetic:%s: out of memory for the cache", y->name);
        } else {
            memcpy(c->jpeg, jb, jn);
            c->jpeg_bytes = jn;
        }
    }
    rc_jpeg_destroy(j);
    return st;
}

static const rc__source_ops synth_ops = {synth_read, synth_close, NULL, NULL, NULL};

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
    char rest[RC_SYNTH_FILE_CAP + 512];
    long long n_cache = 0, n_frames = 0, quality = 90;
    if (split_query(name, query, rest, sizeof rest, &n_cache, &n_frames, &quality, err) != RC_OK)
        return NULL;
    if (n_frames && !n_cache) {
        rc_err_set(err, RC_E_ARG, "synthetic:%s: option 'frames' needs 'cache'", name);
        return NULL;
    }
    if (rest[0] && rc_synth_options_parse(&o, rest, err) != RC_OK) {
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
    if (n_cache && fill_cache(y, (int)n_cache, (int)quality, o.width, o.height, err) != RC_OK) {
        synth_close(y);
        return NULL;
    }
    if (n_frames)
        y->n = n_frames;
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
