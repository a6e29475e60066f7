/* online_stats.c - latency and CPU statistics of a live run (online_stats.h).
 *
 * Latency runs from the frame's capture stamp to the return of the present that
 * first showed it; CPU time is the whole process's (all three threads), divided
 * by the frames captured.
 */
#define _POSIX_C_SOURCE 200809L
#include "romcap/online_stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "romcap/log.h"

static int64_t cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median and 95th percentile of n samples (sorted in place). */
static void percentiles(double *v, int n, double *med, double *p95)
{
    if (n <= 0) {
        *med = *p95 = NAN;
        return;
    }
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    *med = v[n / 2];
    *p95 = v[(int)fmin(n - 1, ceil(0.95 * n) - 1)];
}

rc_status rc_online_stats_init(rc_online_stats *s, rc_err *err)
{
    *s = (rc_online_stats){0};
    s->lat_ms = malloc(sizeof(double) * RC_ONLINE_LAT_CAP);
    s->ana_ms = malloc(sizeof(double) * RC_ONLINE_LAT_CAP);
    if (!s->lat_ms || !s->ana_ms) {
        rc_online_stats_free(s);
        return rc_err_set(err, RC_E_NOMEM, "live: out of memory");
    }
    s->cpu0_ns = cpu_ns();
    s->wall0_ns = rc_clock_ns();
    return RC_OK;
}

void rc_online_stats_free(rc_online_stats *s)
{
    free(s->lat_ms);
    free(s->ana_ms);
    s->lat_ms = s->ana_ms = NULL;
}

void rc_online_stats_tick(rc_online_stats *s, int64_t now_ns)
{
    if (s->last_draw_ns) {
        double dt = (double)(now_ns - s->last_draw_ns) * 1e-9;
        s->draw_fps = s->draw_fps > 0 ? 0.95 * s->draw_fps + 0.05 / dt : 1.0 / dt;
    }
    s->last_draw_ns = now_ns;
}

void rc_online_stats_drawn(rc_online_stats *s, const rc_online_view *v, int64_t presented_ns)
{
    s->draws++;
    if (!v)
        return;
    s->online = v->online;
    s->have_online = true;
    s->lat_ms[s->n % RC_ONLINE_LAT_CAP] = (double)(presented_ns - v->t_capture_ns) * 1e-6;
    s->ana_ms[s->n % RC_ONLINE_LAT_CAP] = v->analysis_ms;
    s->n++;
}

const char *rc_online_stats_debug(rc_online_stats *s, int64_t now_ns, rc_capture *cap,
                                  rc_online *eng, const rc_source_info *info, double analysis_ms)
{
    if (now_ns - s->dbg_at_ns > 500000000LL && s->n > 0) {
        double recent[128], med, p95;
        int k = s->n < 128 ? s->n : 128, start = s->n - k;
        for (int i = 0; i < k; i++)
            recent[i] = s->lat_ms[(start + i) % RC_ONLINE_LAT_CAP];
        percentiles(recent, k, &med, &p95);
        rc_capture_stats cs;
        rc_capture_get_stats(cap, &cs);
        int64_t analysed, vdrop;
        rc_online_counts(eng, &analysed, &vdrop);
        snprintf(s->debug, sizeof s->debug,
                 "capture \xE2\x86\x92 present: %.1f ms median, %.1f ms p95 (last %d)\n"
                 "analysis: %.2f ms per frame\n"
                 "drawing: %.0f fps\n"
                 "captured %lld, analysed %lld, dropped %lld + %lld shown-late\n"
                 "%s %dx%d @ %.0f fps%s",
                 med, p95, k, analysis_ms, s->draw_fps, (long long)cs.captured, (long long)analysed,
                 (long long)cs.dropped, (long long)vdrop, info->kind, info->width, info->height,
                 info->fps, info->live ? " (live)" : " (paced)");
        s->dbg_at_ns = now_ns;
    }
    return s->debug[0] ? s->debug : NULL;
}

bool rc_online_stats_rom_line(const rc_online_stats *s, const char *unit, char *line, size_t cap)
{
    const rc_set_rom *r = &s->online.rom;
    if (!s->have_online)
        return false;
    if (r->reps > 0)
        snprintf(line, cap,
                 "first angle: set ROM %.1f %s (peak, mean of %d repetition%s, SD %.1f; trough "
                 "%.1f; largest repetition %.1f)",
                 r->peak_mean_deg, unit ? unit : "deg", r->reps, r->reps > 1 ? "s" : "",
                 r->peak_sd_deg,
                 r->trough_mean_deg, r->largest_peak_deg);
    else
        snprintf(line, cap, "first angle: no complete repetition, no set ROM");
    return true;
}

bool rc_online_stats_summary(rc_online_stats *s, rc_capture *capture, rc_online *eng, char *line,
                             size_t cap)
{
    if (!capture || !eng || s->n <= 0)
        return false;
    double wall_s = (double)(rc_clock_ns() - s->wall0_ns) * 1e-9;
    double cpu_ms = (double)(cpu_ns() - s->cpu0_ns) * 1e-6;
    rc_capture_stats cs;
    rc_capture_get_stats(capture, &cs);
    int64_t analysed, vdrop;
    rc_online_counts(eng, &analysed, &vdrop);
    int n = s->n < RC_ONLINE_LAT_CAP ? s->n : RC_ONLINE_LAT_CAP;
    double med, p95, amed, ap95;
    percentiles(s->lat_ms, n, &med, &p95);
    percentiles(s->ana_ms, n, &amed, &ap95);
    snprintf(line, cap,
             "latency capture->present: median %.1f ms, p95 %.1f ms over %d frames; "
             "analysis median %.2f ms; CPU %.2f ms per captured frame (all threads, %.0f%% of "
             "one core); drawing %.1f fps; dropped %lld before analysis, %lld before display",
             med, p95, n, amed, cs.captured ? cpu_ms / (double)cs.captured : 0.0,
             wall_s > 0 ? 0.1 * cpu_ms / wall_s : 0.0, wall_s > 0 ? s->draws / wall_s : 0.0,
             (long long)cs.dropped, (long long)vdrop);
    return true;
}
