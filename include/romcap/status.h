/* status.h - error codes and per-object error messages.
 *
 * Every romcap function that can fail returns an rc_status (constructors return
 * NULL) and writes a one-line, human-readable reason into an rc_err the caller
 * owns, or into the handle's own buffer (see each module's *_last_error()).
 * There is no global error state. Programmer mistakes are asserts, not statuses.
 */
#ifndef ROMCAP_STATUS_H
#define ROMCAP_STATUS_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#define RC_NOEXCEPT noexcept
#else
#define RC_NOEXCEPT
#endif

typedef enum rc_status {
    RC_OK = 0,
    RC_E_ARG = -1,        /* invalid argument or option */
    RC_E_NOMEM = -2,      /* allocation failed */
    RC_E_IO = -3,         /* read/write failure (including a full disk) */
    RC_E_DEVICE = -4,     /* camera or display could not be used */
    RC_E_DECODE = -5,     /* corrupt compressed data (JPEG, video packet) */
    RC_E_NOT_FOUND = -6,  /* file, model, scene or camera does not exist */
    RC_E_FORMAT = -7,     /* a file was read but its content is malformed */
    RC_E_EOF = -8,        /* end of a stream: not an error for the caller's loop */
    RC_E_UNSUPPORTED = -9 /* valid request this build or input cannot serve */
} rc_status;

/* Short constant text for a status, e.g. "corrupt data". Never NULL. */
const char *rc_status_str(rc_status s);

enum { RC_ERR_CAP = 512 };

/* A caller-owned message buffer. An empty msg means "no message". */
typedef struct rc_err {
    char msg[RC_ERR_CAP];
} rc_err;

/* Formats a message into `err` (NULL is fine: nothing is written) and returns
 * `s`, so a failing path reads `return rc_err_set(err, RC_E_IO, "...", ...)`. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
rc_status
rc_err_set(rc_err *err, rc_status s, const char *fmt, ...);

/* Same as rc_err_set with a va_list. */
rc_status rc_err_setv(rc_err *err, rc_status s, const char *fmt, va_list ap);

/* Prefixes the message already in `err` with "prefix: " (e.g. a file name). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void rc_err_prefix(rc_err *err, const char *fmt, ...);

#ifdef __cplusplus
}
#endif
#endif
