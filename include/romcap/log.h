/* log.h - leveled logging to a stream (stderr by default) and a monotonic clock.
 *
 * A logger is a small value the application owns and passes to what logs; library
 * stages never log on their own (they return statuses and messages), so there is
 * no process-wide logging state.
 */
#ifndef ROMCAP_LOG_H
#define ROMCAP_LOG_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rc_log_level {
    RC_LOG_ERROR = 0,
    RC_LOG_WARN = 1,
    RC_LOG_INFO = 2,
    RC_LOG_DEBUG = 3
} rc_log_level;

typedef struct rc_log {
    rc_log_level level; /* messages above this level are dropped */
    FILE *out;          /* NULL means stderr */
} rc_log;

/* Writes "romcap: <level>: message\n" when `lv` <= lg->level. A NULL logger logs
 * warnings and errors to stderr. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void rc_logf(const rc_log *lg, rc_log_level lv, const char *fmt, ...);

/* Parses "error", "warn", "info" or "debug"; returns -1 for anything else. */
int rc_log_level_parse(const char *s);

/* Monotonic time in nanoseconds (CLOCK_MONOTONIC); only differences mean anything. */
int64_t rc_clock_ns(void);

#ifdef __cplusplus
}
#endif
#endif
