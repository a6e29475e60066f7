/* live_toast.h - the short message shown over the live video ("screenshot saved",
 * "recording (R stops)", colour-learning prompts).
 *
 * One message at a time, shown until a deadline; the window loop owns the value
 * and the learning and recording units write into it. Nothing here draws: the
 * window passes the text to the ui in rc_ui_overlay.toast while it is current.
 */
#ifndef ROMCAP_LIVE_TOAST_H
#define ROMCAP_LIVE_TOAST_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "romcap/log.h"

typedef struct live_toast {
    char text[400];   /* UTF-8 */
    int64_t until_ns; /* shown while rc_clock_ns() is before this */
} live_toast;

/* Sets the message; shown for `seconds` from now, or, with seconds < 0, until the
 * deadline already set (a prompt's text replaced by its answer). */
static inline void live_toast_printf(live_toast *t, double seconds, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline void live_toast_printf(live_toast *t, double seconds, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->text, sizeof t->text, fmt, ap);
    va_end(ap);
    if (seconds >= 0)
        t->until_ns = rc_clock_ns() + (int64_t)(seconds * 1e9);
}

/* The usual short message: 2.5 s. */
static inline void live_toast_show(live_toast *t, const char *msg)
{
    live_toast_printf(t, 2.5, "%s", msg);
}

/* The text while it is current, else NULL. */
static inline const char *live_toast_current(const live_toast *t, int64_t now_ns)
{
    return now_ns < t->until_ns ? t->text : NULL;
}

#endif
