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

typedef struct rc__source_ops {
    /* Reads the next frame (see rc_source_read); writes messages to s->err. */
    rc_status (*read)(rc_source *s, rc_frame *out);
    /* Frees s->impl and everything it owns (not s itself). */
    void (*close)(void *impl);
} rc__source_ops;

struct rc_source {
    const rc__source_ops *ops;
    void *impl;          /* the kind's own state, owned */
    rc_source_info info; /* filled by the opener */
    rc_err err;          /* last read's message */
};

/* Wraps `impl` (ownership passes to the source, also on failure, where ops->close
 * frees it). NULL with a message in `err` if out of memory. */
rc_source *rc__source_new(const rc__source_ops *ops, void *impl, const char *kind, rc_err *err);

/* Openers, one per kind. `path`/`name` is the URI without its scheme and without
 * its "?query" (passed separately, "" if none). */
rc_source *rc__source_open_video(const char *path, const rc_source_options *opt, rc_err *err);
rc_source *rc__source_open_folder(const char *path, const char *query, const rc_source_options *opt,
                                  rc_err *err);
rc_source *rc__source_open_synth(const char *name, const char *query, const rc_source_options *opt,
                                 rc_err *err);
rc_source *rc__source_open_camera(const char *spec, const char *query, const rc_source_options *opt,
                                  rc_err *err);

/* Reads "key=value" pairs separated by '&' from `query` and returns the value of
 * `key` as a double in *out (1 if found and numeric, 0 if absent, -1 if present
 * but not a number). */
int rc__query_double(const char *query, const char *key, double *out);

/* Shared by video files and cameras (source_video.c). */
rc_source *rc__source_from_cv(struct rc_cv_video *v, const char *name, const char *kind, int live,
                              rc_err *err);

#endif
