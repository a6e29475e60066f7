/* status.c - status names and caller-owned error messages. */
#include "romcap/status.h"

#include <stdio.h>
#include <string.h>

const char *rc_status_str(rc_status s)
{
    switch (s) {
    case RC_OK: return "ok";
    case RC_E_ARG: return "invalid argument";
    case RC_E_NOMEM: return "out of memory";
    case RC_E_IO: return "input/output error";
    case RC_E_DEVICE: return "device error";
    case RC_E_DECODE: return "corrupt data";
    case RC_E_NOT_FOUND: return "not found";
    case RC_E_FORMAT: return "malformed file";
    case RC_E_EOF: return "end of stream";
    case RC_E_UNSUPPORTED: return "unsupported";
    }
    return "unknown status";
}

rc_status rc_err_setv(rc_err *err, rc_status s, const char *fmt, va_list ap)
{
    if (err)
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return s;
}

rc_status rc_err_set(rc_err *err, rc_status s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rc_err_setv(err, s, fmt, ap);
    va_end(ap);
    return s;
}

void rc_err_prefix(rc_err *err, const char *fmt, ...)
{
    if (!err)
        return;
    /* Built in a buffer big enough for both, then cut to the message size. */
    char both[2 * RC_ERR_CAP + 2];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(both, RC_ERR_CAP, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= RC_ERR_CAP)
        n = RC_ERR_CAP - 1;
    if (err->msg[0]) {
        memcpy(both + n, ": ", 2);
        memcpy(both + n + 2, err->msg, strlen(err->msg) + 1);
    }
    size_t len = strlen(both);
    if (len >= RC_ERR_CAP)
        len = RC_ERR_CAP - 1;
    memcpy(err->msg, both, len);
    err->msg[len] = '\0';
}
