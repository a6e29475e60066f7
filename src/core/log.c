/* log.c - leveled logging and the monotonic clock. */
#include "romcap/log.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

static const char *level_name[] = {"error", "warning", "info", "debug"};

void rc_logf(const rc_log *lg, rc_log_level lv, const char *fmt, ...)
{
    rc_log_level max = lg ? lg->level : RC_LOG_WARN;
    if (lv > max)
        return;
    FILE *out = lg && lg->out ? lg->out : stderr;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* One fprintf per line keeps lines whole when threads log together. */
    fprintf(out, "romcap: %s: %s\n", level_name[lv < 0 ? 0 : lv > 3 ? 3 : lv], line);
}

int rc_log_level_parse(const char *s)
{
    if (!s)
        return -1;
    if (!strcmp(s, "error"))
        return RC_LOG_ERROR;
    if (!strcmp(s, "warn") || !strcmp(s, "warning"))
        return RC_LOG_WARN;
    if (!strcmp(s, "info"))
        return RC_LOG_INFO;
    if (!strcmp(s, "debug"))
        return RC_LOG_DEBUG;
    return -1;
}

int64_t rc_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}
