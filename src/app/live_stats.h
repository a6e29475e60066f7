/* live_stats.h - latency and CPU statistics of `romcap live`: the stage's
 * rc_online_stats (online_stats.h) under the window's names, and the closing lines
 * logged. */
#ifndef ROMCAP_APP_LIVE_STATS_H
#define ROMCAP_APP_LIVE_STATS_H

#include "romcap/log.h"
#include "romcap/online_stats.h"

typedef rc_online_stats live_stats;

#define live_stats_init rc_online_stats_init
#define live_stats_free rc_online_stats_free
#define live_stats_tick rc_online_stats_tick
#define live_stats_drawn rc_online_stats_drawn
#define live_stats_debug rc_online_stats_debug

/* Logs the first angle's set ROM as the last view had it, then the summary line;
 * nothing when no frame was presented. Sorts the samples (call at the end). */
void live_stats_log(live_stats *s, const rc_log *log, rc_capture *cap, rc_online *eng);

#endif
