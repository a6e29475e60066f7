/* live_stats.h - latency and CPU statistics of `romcap live`.
 *
 * Owns the per-frame samples (capture-to-present latency and analysis time, a ring
 * of the last LIVE_LAT_CAP frames), the drawing rate and the start of the run's
 * CPU and wall clocks. It feeds the F1 overlay text and the one summary line
 * logged at the end; it measures and reports, and changes nothing in the run.
 */
#ifndef ROMCAP_APP_LIVE_STATS_H
#define ROMCAP_APP_LIVE_STATS_H

#include <stdint.h>

#include "romcap/online.h"
#include "romcap/log.h"

enum { LIVE_LAT_CAP = 1 << 14 };

typedef struct live_stats {
    double *lat_ms, *ana_ms; /* LIVE_LAT_CAP samples each, a ring; owned */
    int n;                   /* frames presented so far (samples taken) */
    int64_t draws;           /* canvases drawn */
    double draw_fps;         /* smoothed drawing rate */
    int64_t last_draw_ns, cpu0_ns, wall0_ns, dbg_at_ns;
    char debug[512]; /* F1 overlay text, "" until first computed */
    rc_online_state online; /* the last view shown: its set ROM goes into the log */
    bool have_online;
} live_stats;

/* Allocates the sample rings and starts the clocks. RC_E_NOMEM on failure. */
rc_status live_stats_init(live_stats *s, rc_err *err);
void live_stats_free(live_stats *s); /* frees the rings; the struct may be reused */

/* Called once per loop turn before drawing: updates the drawing rate. */
void live_stats_tick(live_stats *s, int64_t now_ns);

/* A canvas was drawn; `v` non-NULL when it showed a new view, presented at
 * `presented_ns` (rc_clock_ns). */
void live_stats_drawn(live_stats *s, const rc_online_view *v, int64_t presented_ns);

/* The F1 overlay text, refreshed at most every 0.5 s; NULL while there is none. */
const char *live_stats_debug(live_stats *s, int64_t now_ns, rc_capture *cap, rc_online *eng,
                             const rc_source_info *info, double analysis_ms);

/* Logs the first angle's set ROM as the last view had it (rc_set_rom, the definition
 * `romcap analyse` logs), then the summary line (latency median/p95, analysis, CPU,
 * drawing rate, drops); nothing when no frame was presented. Sorts the samples (call
 * at the end). */
void live_stats_log(live_stats *s, const rc_log *log, rc_capture *cap, rc_online *eng);

#endif
