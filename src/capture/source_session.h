/* source_session.h - a recorded session folder (romcap/session.h) as an rc_source.
 * Owned by the session work; source.c dispatches folders holding session.json here. */
#ifndef ROMCAP_SOURCE_SESSION_H
#define ROMCAP_SOURCE_SESSION_H

#include "source_internal.h"

/* 1 when `path` is a folder holding session.json. */
int rc__source_is_session(const char *path);

/* Opens session folder `path`; `query` accepts nothing yet ("" expected). */
rc_source *rc__source_open_session(const char *path, const char *query,
                                   const rc_source_options *opt, rc_err *err);

#endif
