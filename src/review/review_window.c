/* review_window.c - the review window's loop: a recorded frame with the overlays the
 * live window draws (ui.h), the timeline under it, and the keys and clicks that
 * move through the recording; or, headless, one picture of a given moment.
 *
 * Playing follows the recording's own time stamps against the wall clock (the frame
 * on screen is the last one recorded at or before the elapsed time), so a recording
 * with dropped frames plays at its real speed. Showing a frame decodes it into the
 * image made at open; the overlay and the timeline are plain structs filled in place,
 * so nothing is allocated while playing.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "romcap/review.h"
#include "romcap/ui.h"

enum { TIMELINE_PX = 170 /* TUNABLE: the timeline strip's height at scale 1 */ };

typedef struct view {
    rc_review *r;
    const rc_review_options *opt;
    rc_ui *ui;
    const double *t;
    int64_t n, cur;
    rc_review_frame fr;
    const rc_summary_angle *sa; /* the plotted angle in summary.json, or NULL */
    rc_review_series ser;
    rc_ui_timeline tl;
    char note[RC_MAX_COMPENSATIONS][RC_LABEL_CAP + 48];
    const char *notes[RC_MAX_COMPENSATIONS];
    unsigned char flagged[RC_SUMMARY_MAX_REPS];
    char status[160], title[RC_LABEL_CAP + 96], toast[RC_TEXT_CAP + 64];
    double toast_until;
    int playing;
    double play_t0, play_w0; /* recording time and wall time when play started */
    char *png_out;
    size_t png_cap;
    int64_t n_shown; /* frames decoded and drawn, and the time it took */
    double shown_s, shown_max_s, shown_cpu_s;
} view;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double cpu_s(void) /* this thread's CPU time: the cost, whatever the load */
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void say(const view *v, int debug, const char *fmt, ...)
{
    if (!v->opt->info)
        return;
    char buf[RC_ERR_CAP];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    v->opt->info(v->opt->user, debug, buf);
}

/* The timeline's fixed parts: the plotted angle, its repetitions, the normal band,
 * and one note per compensation summary.json found in some repetitions. A repetition
 * is marked when a rule on the plotted angle went past its limit in it (summary.json
 * "rep_max", one amount per repetition of that angle); a file without them (older
 * summaries) says only how many, so then the reps are marked only when a rule flagged
 * all of them. */
static void timeline_init(view *v)
{
    const rc_model *m = rc_review_model(v->r);
    const rc_summary *s = rc_review_summary(v->r);
    const rc_model_angle *a = &m->angle[v->opt->angle];
    rc_review_get_series(v->r, v->opt->angle, &v->ser);
    v->sa = rc_summary_find(s, a->name);
    int n_notes = 0, all = 0;
    for (int i = 0; i < s->n_compensations; i++) {
        const rc_summary_compensation *c = &s->compensation[i];
        if (!c->enabled || c->reps_flagged <= 0)
            continue;
        snprintf(v->note[n_notes], sizeof v->note[n_notes], "%s: %d of %d reps",
                 c->label[0] ? c->label : c->name, c->reps_flagged, c->reps);
        v->notes[n_notes] = v->note[n_notes];
        n_notes++;
        if (c->angle[0] && strcmp(c->angle, a->name))
            continue; /* it qualifies another angle's repetitions */
        if (c->n_rep_max == v->ser.n_reps) {
            for (int k = 0; k < c->n_rep_max && k < RC_SUMMARY_MAX_REPS; k++)
                v->flagged[k] |= (unsigned char)(c->rep_max[k] > c->limit);
        } else {
            all |= c->reps_flagged >= c->reps;
        }
    }
    for (int k = 0; k < v->ser.n_reps && k < RC_SUMMARY_MAX_REPS; k++)
        v->flagged[k] |= (unsigned char)all;
    v->tl = (rc_ui_timeline){
        .n = v->ser.n,
        .t_s = v->ser.t_s,
        .deg = v->ser.deg,
        .stride = v->ser.stride,
        .label = a->label[0] ? a->label : a->name,
        .t0_s = v->t[0],
        .t1_s = v->t[v->n - 1] > v->t[0] ? v->t[v->n - 1] : v->t[0] + 1.0,
        .normal_min_deg = rc_model_has_norm(a) ? a->normal_min_deg : 0, /* 0, 0: no band */
        .normal_max_deg = rc_model_has_norm(a) ? a->normal_max_deg : 0,
        .unit = rc_model_unit(a, RC_UNIT_SUFFIX), /* deg, or cm for a distance */
        .n_reps = v->ser.n_reps,
        .rep_t0_s = v->ser.rep_t0_s,
        .rep_t1_s = v->ser.rep_t1_s,
        .rep_flagged = v->flagged,
        .notes = v->notes,
        .n_notes = n_notes,
    };
}

static rc_status draw(view *v, rc_err *err)
{
    const rc_model *m = rc_review_model(v->r);
    const rc_summary *s = rc_review_summary(v->r);
    const rc_summary_angle *a0 = m->n_angles ? rc_summary_find(s, m->angle[0].name) : NULL;
    snprintf(v->status, sizeof v->status,
             "%s \xC2\xB7 \xE2\x86\x90\xE2\x86\x92 step \xC2\xB7 S save",
             v->playing ? "Space pause" : "Space play");
    v->tl.cursor_s = v->fr.t_s;
    rc_ui_overlay ov = {
        .model = m,
        .markers = v->fr.markers,
        .angle_deg = v->fr.angle_deg,
        .mirror = s->mirrored == 1,
        .rom_min_deg = a0 ? a0->rom_trough_mean_deg : NAN,
        .rom_max_deg = a0 ? a0->rom_peak_mean_deg : NAN,
        .frame_index = v->fr.index,
        .t_s = v->fr.t_s,
        .status = v->status,
        .toast = v->toast_until > now_s() ? v->toast : NULL,
        .timeline = &v->tl,
    };
    rc_status st = rc_ui_draw(v->ui, v->fr.image, &ov);
    if (st != RC_OK)
        return rc_err_set(err, st, "review: %s", rc_ui_last_error(v->ui));
    return RC_OK;
}

/* Shows frame i (decoded only when it changes) and, paused, says where we are in
 * the window's title. */
static rc_status show(view *v, int64_t i, rc_err *err)
{
    double t0 = now_s(), c0 = cpu_s();
    int fresh = i != v->cur;
    if (fresh) {
        rc_status st = rc_review_load(v->r, i, &v->fr, err);
        if (st != RC_OK)
            return st;
        v->cur = i;
    }
    if (!v->playing) {
        const rc_model *m = rc_review_model(v->r);
        double d = m->n_angles ? v->fr.angle_deg[0] : NAN;
        char deg[32] = "";
        if (isfinite(d))
            snprintf(deg, sizeof deg, " \xC2\xB7 %.1f%s", d,
                     rc_model_unit(&m->angle[0], RC_UNIT_SUFFIX));
        snprintf(v->title, sizeof v->title,
                 "romcap review \xC2\xB7 %s \xC2\xB7 frame %lld \xC2\xB7 %.2f s%s",
                 m->title[0] ? m->title : m->name, (long long)i, v->fr.t_s, deg);
        rc_ui_set_title(v->ui, v->title);
    }
    rc_status st = draw(v, err);
    if (fresh) {
        double dt = now_s() - t0;
        v->n_shown++, v->shown_s += dt, v->shown_cpu_s += cpu_s() - c0;
        v->shown_max_s = dt > v->shown_max_s ? dt : v->shown_max_s;
    }
    return st;
}

static rc_status save_png(view *v, rc_err *err)
{
    char path[RC_TEXT_CAP + 40];
    snprintf(path, sizeof path, "%s/review-frame-%06lld.png", v->opt->png_dir, (long long)v->cur);
    rc_status st = rc_ui_save_png(v->ui, path, err);
    if (st != RC_OK)
        return st;
    if (v->png_out)
        snprintf(v->png_out, v->png_cap, "%s", path);
    snprintf(v->toast, sizeof v->toast, "saved %s", path);
    v->toast_until = now_s() + 2.0;
    say(v, 0, "saved %s (frame %lld, %.3f s)", path, (long long)v->cur, v->fr.t_s);
    return RC_OK;
}

/* One event; sets *quit. */
static rc_status on_event(view *v, const rc_ui_event *ev, int *quit, rc_err *err)
{
    int64_t to = v->cur;
    double x0, w, ym;
    switch (ev->type) {
    case RC_UI_EV_QUIT: *quit = 1; return RC_OK;
    case RC_UI_EV_SCREENSHOT: return save_png(v, err);
    case RC_UI_EV_PAUSE:
        v->playing = !v->playing;
        if (v->playing && v->cur == v->n - 1) /* at the end: from the start */
            to = 0;
        if (v->playing) {
            v->play_t0 = v->t[to];
            v->play_w0 = now_s();
        }
        break;
    case RC_UI_EV_STEP: to = rc_review_step(v->t, v->n, v->cur, 1, 0); break;
    case RC_UI_EV_STEP_BY: to = rc_review_step(v->t, v->n, v->cur, ev->dir, ev->by_second); break;
    case RC_UI_EV_SEEK:
        if (!rc_ui_timeline_axis(v->ui, &x0, &w, &ym))
            return RC_OK;
        to = rc_review_frame_nearest(
            v->t, v->n,
            rc_review_axis_t(&(rc_review_axis){v->tl.t0_s, v->tl.t1_s, x0, w}, ev->x_px));
        break;
    default: return RC_OK;
    }
    if (v->playing && ev->type != RC_UI_EV_PAUSE) { /* a seek while playing goes on from there */
        v->play_t0 = v->t[to];
        v->play_w0 = now_s();
    }
    return show(v, to, err);
}

/* Where the plot lies, for tests that click on it (said at debug level). */
static void say_axis(const view *v)
{
    double x0, w, ym;
    if (rc_ui_timeline_axis(v->ui, &x0, &w, &ym))
        say(v, 1, "timeline: %.6f s at x %.2f, %.6f s at x %.2f, y %.1f (canvas pixels)",
            v->tl.t0_s, x0, v->tl.t1_s, x0 + w, ym);
}

static rc_status loop(view *v, rc_err *err)
{
    rc_status st = show(v, 0, err);
    if (st == RC_OK)
        say_axis(v);
    double last_draw = now_s();
    for (int quit = 0; st == RC_OK && !quit;) {
        rc_ui_event ev;
        while (st == RC_OK && !quit && rc_ui_poll(v->ui, &ev))
            st = on_event(v, &ev, &quit, err);
        if (st != RC_OK || quit)
            break;
        double now = now_s();
        if (v->playing) {
            double t = v->play_t0 + (now - v->play_w0);
            int64_t j = rc_review_frame_at(v->t, v->n, t);
            if (j >= v->n - 1) /* the end: stay on the last frame, paused */
                v->playing = 0;
            if (j != v->cur || !v->playing) {
                st = show(v, j, err);
                last_draw = now;
            }
        } else if (now - last_draw > 0.25) { /* exposes, resizes, a toast that ends */
            st = draw(v, err);
            last_draw = now;
        }
        struct timespec nap = {0, v->playing ? 4000000L : 15000000L};
        nanosleep(&nap, NULL);
    }
    if (v->n_shown > 0) /* playing needs well under a frame interval */
        say(v, 1,
            "timing: %lld frames shown, read, decoded and drawn in %.1f ms each (max %.1f; "
            "CPU %.1f ms)",
            (long long)v->n_shown, 1e3 * v->shown_s / v->n_shown, 1e3 * v->shown_max_s,
            1e3 * v->shown_cpu_s / v->n_shown);
    return st;
}

rc_status rc_review_run(rc_review *r, const rc_review_options *opt, char *png_out, size_t cap,
                        rc_err *err)
{
    const rc_model *m = rc_review_model(r);
    if (opt->angle < 0 || opt->angle >= m->n_angles)
        return rc_err_set(err, RC_E_ARG, "review: the model has no angle %d", opt->angle);
    if (png_out && cap)
        png_out[0] = 0;
    view v = {.r = r,
              .opt = opt,
              .t = rc_review_times(r),
              .n = rc_review_frame_count(r),
              .cur = -1,
              .png_out = png_out,
              .png_cap = cap};
    timeline_init(&v);
    /* The window keeps the frame's own size (scaled down to fit the screen). */
    rc_review_frame f0;
    rc_status st = rc_review_load(r, 0, &f0, err);
    if (st != RC_OK)
        return st;
    rc_ui_config cfg;
    rc_ui_config_default(&cfg, f0.image->width, f0.image->height);
    cfg.title = "romcap review";
    cfg.headless = !isnan(opt->shot_at_s);
    cfg.timeline_height = TIMELINE_PX;
    if (!(v.ui = rc_ui_create(&cfg, err)))
        return RC_E_DEVICE;
    if (cfg.headless) {
        st = show(&v, rc_review_frame_nearest(v.t, v.n, opt->shot_at_s), err);
        say_axis(&v);
        if (st == RC_OK)
            st = save_png(&v, err);
    } else {
        st = loop(&v, err);
    }
    rc_ui_destroy(v.ui);
    return st;
}
