/* online_stats.h - latency and CPU statistics of a live run (`romcap live`).
 *
 * Owns the per-frame samples (capture-to-present latency and analysis time, a ring
 * of the last RC_ONLINE_LAT_CAP frames), the drawing rate and the start of the run's
 * CPU and wall clocks. Latency runs from the frame's capture stamp to the return of
 * the present that first showed it; CPU time is the whole process's (all threads),
 * divided by the frames captured. It measures and words what it measured (the F1
 * overlay text, the closing lines) and changes nothing in the run; it logs nothing:
 * the caller prints the lines.
 */
#ifndef ROMCAP_ONLINE_STATS_H
#define ROMCAP_ONLINE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "romcap/capture.h"
#include "romcap/online.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { RC_ONLINE_LAT_CAP = 1 << 14 };

typedef struct rc_online_stats {
    double *lat_ms, *ana_ms; /* RC_ONLINE_LAT_CAP samples each, a ring; owned */
    int n;                   /* frames presented so far (samples taken) */
    int64_t draws;           /* canvases drawn */
    double draw_fps;         /* smoothed drawing rate */
    int64_t last_draw_ns, cpu0_ns, wall0_ns, dbg_at_ns;
    char debug[512];        /* F1 overlay text, "" until first computed */
    rc_online_state online; /* the last view shown: its set ROM goes into the log */
    bool have_online;
} rc_online_stats;

/* Allocates the sample rings and starts the clocks. RC_E_NOMEM on failure. */
rc_status rc_online_stats_init(rc_online_stats *s, rc_err *err);
void rc_online_stats_free(rc_online_stats *s); /* frees the rings; the struct may be reused */

/* Called once per loop turn before drawing: updates the drawing rate. */
void rc_online_stats_tick(rc_online_stats *s, int64_t now_ns);

/* A canvas was drawn; `v` non-NULL when it showed a new view, presented at
 * `presented_ns` (rc_clock_ns). */
void rc_online_stats_drawn(rc_online_stats *s, const rc_online_view *v, int64_t presented_ns);

/* The F1 overlay text, refreshed at most every 0.5 s; NULL while there is none. */
const char *rc_online_stats_debug(rc_online_stats *s, int64_t now_ns, rc_capture *cap,
                                  rc_online *eng, const rc_source_info *info, double analysis_ms);

/* The first angle's set ROM as the last view had it (rc_set_rom, the definition
 * `romcap analyse` logs) into `line`, in `unit` ("deg", or "cm" for a distance:
 * rc_model_unit; NULL = "deg"); false when no view was shown. */
bool rc_online_stats_rom_line(const rc_online_stats *s, const char *unit, char *line, size_t cap);

/* The closing line (latency median/p95, analysis, CPU, drawing rate, drops) into
 * `line`; false when no frame was presented or `cap`/`eng` is NULL. Sorts the
 * samples (call at the end). */
bool rc_online_stats_summary(rc_online_stats *s, rc_capture *capture, rc_online *eng, char *line,
                             size_t cap);

#ifdef __cplusplus
}
#endif
#endif
