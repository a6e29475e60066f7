/* live_stats.c - the closing lines of a live session's statistics (live_window.h);
 * the measuring is the analysis stage's rc_online_stats (online_stats.h). */
#include "live/live_window.h"

void live_stats_log(rc_online_stats *s, const rc_log *log, rc_capture *cap, rc_online *eng,
                    const rc_model *m)
{
    char line[512];
    const char *unit = m && m->n_angles ? rc_model_unit(&m->angle[0], RC_UNIT_WORD) : "deg";
    if (rc_online_stats_rom_line(s, unit, line, sizeof line))
        rc_logf(log, RC_LOG_INFO, "%s", line);
    if (rc_online_stats_summary(s, cap, eng, line, sizeof line))
        rc_logf(log, RC_LOG_INFO, "%s", line);
}
