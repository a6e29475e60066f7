/* files.h - creating private files and folders (patient recordings are health data),
 * and reading small text files whole.
 *
 * Every file romcap writes is created 0600 and every folder 0700, whatever the
 * umask. Used by the outputs, sessions and anything else that writes to disk.
 */
#ifndef ROMCAP_FILES_H
#define ROMCAP_FILES_H

#include <stdio.h>

#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Creates (or truncates) `path` for writing with mode 0600. NULL with a message
 * naming the path on failure. Close with fclose(). */
FILE *rc_fopen_private(const char *path, rc_err *err);

/* Flushes, fsyncs and closes a file written through rc_fopen_private (always
 * closed). RC_E_IO "PATH: write failed: reason" when any step or an earlier write
 * failed (full disk, file size limit). */
rc_status rc_fclose_synced(FILE *f, const char *path, rc_err *err);

/* Creates folder `path` and any missing parents with mode 0700; an existing folder is
 * fine. RC_E_IO naming the path (or the parent that failed) otherwise. */
rc_status rc_mkdir_private(const char *path, rc_err *err);

/* Reads the whole regular file `path`, at most max_bytes, into *text (heap memory,
 * NUL-terminated, freed with free()) and its length into *len (may be NULL).
 * RC_E_NOT_FOUND / RC_E_IO ("PATH: cannot open: reason", "PATH: not a regular
 * file", read errors), RC_E_FORMAT ("PATH: N bytes is too large (at most M)"),
 * RC_E_NOMEM; *text is NULL then. */
rc_status rc_read_text(const char *path, size_t max_bytes, char **text, size_t *len, rc_err *err);

#ifdef __cplusplus
}
#endif
#endif
