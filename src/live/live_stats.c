/* live_stats.c - the closing lines of a live session's statistics (live_window.h);
 * the measuring is the analysis stage's rc_online_stats (online_stats.h). */
#include "live/live_window.h"

void live_stats_log(rc_online_stats *s, const rc_log *log, rc_capture *cap, rc_online *eng)
{
    char line[512];
    if (rc_online_stats_rom_line(s, line, sizeof line))
        rc_logf(log, RC_LOG_INFO, "%s", line);
    if (rc_online_stats_summary(s, cap, eng, line, sizeof line))
        rc_logf(log, RC_LOG_INFO, "%s", line);
}
