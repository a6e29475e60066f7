/* live_window.c - the live session's loop (see live_window.h).
 *
 * The loop draws the newest view at a steady 60 Hz whether or not a new one
 * arrived, and draws at once when one does (a fresh frame waits for no tick).
 * Latency is measured from the frame's capture stamp to the return of the present
 * that first showed it (rc_online_stats).
 */
#define _POSIX_C_SOURCE 200809L
#include "live/live_window.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void sleep_until(int64_t t_ns)
{
    struct timespec ts = {.tv_sec = t_ns / 1000000000LL, .tv_nsec = t_ns % 1000000000LL};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != 0) {
    }
}

/* Takes the newest view unless paused (or one step is asked for); returns true
 * when a new view is now on screen. */
static bool take_view(live_win *w)
{
    const live_ctx *c = w->c;
    if (w->paused && !w->step)
        return false;
    const rc_online_view *v = rc_online_latest(c->eng);
    if (w->incoming && v)
        rc_online_release(c->eng, w->incoming);
    else if (w->incoming)
        v = w->incoming;
    w->incoming = NULL;
    if (v && v->model_gen != w->gen) {
        rc_online_release(c->eng, v);
        v = NULL;
    }
    if (!v)
        return false;
    rc_online_release(c->eng, w->cur);
    w->cur = v;
    w->step = false;
    w->shown++;
    w->last_new_ns = rc_clock_ns();
    /* the smoothed angle of measured frames, the signal the set's ROM is taken from */
    /* ... but never while compensating: no tone, no green (issue 16) */
    live_feedback_update(&w->fb, c->ui, v->comp.any_active >= 0 ? NAN : v->online.angle_deg,
                         v->res.t_s);
    char fbm[256]; /* where the target comes from: logged; a new own band also shown */
    if (live_feedback_news(&w->fb, &v->online, fbm, sizeof fbm)) {
        rc_logf(c->log, RC_LOG_INFO, "%s", fbm);
        if (w->fb.source == LIVE_TARGET_OWN && isfinite(w->fb.t0_deg))
            live_toast_show(&w->toast, fbm);
    }
    return true;
}

/* After 0.3 s without a new view, asks the capture whether the input ended.
 * Returns 0 to go on, 1 to stop (the end, without a window or with --frames),
 * -1 after a capture error or an input that ended before its first frame (said in
 * the log and kept in err). */
static int check_end(live_win *w, bool fresh, rc_err *err)
{
    const live_ctx *c = w->c;
    if (w->ended || fresh || rc_capture_state(c->cap, NULL) == RC_OK ||
        rc_clock_ns() - w->last_new_ns <= 300000000LL)
        return 0;
    if (rc_capture_state(c->cap, err) != RC_E_EOF) {
        rc_logf(c->log, RC_LOG_ERROR, "%s", err->msg);
        return -1;
    }
    rc_capture_stats cs;
    rc_capture_get_stats(c->cap, &cs);
    if (cs.captured == 0) { /* opened, but not one frame: nothing to show or record */
        rc_err_set(err, RC_E_EOF, "%s: no frame could be read", c->cfg->input);
        rc_logf(c->log, RC_LOG_ERROR, "%s", err->msg);
        return -1;
    }
    w->ended = true;
    /* A window stays open on the last frame for the user; a run bounded by
     * --frames (tests, measurements) or without a window ends here. */
    return !rc_ui_is_windowed(c->ui) || c->cfg->max_frames > 0;
}

/* --shot-dir: the canvas of the first view numbered >= --shot-at. */
static rc_status save_shot(live_win *w, rc_err *err)
{
    const rc_live_config *rq = w->c->cfg;
    if (!rq->shot_dir || w->shot_done || w->cur->index < rq->shot_at)
        return RC_OK;
    char path[1024];
    snprintf(path, sizeof path, "%s/frame-%06lld.png", rq->shot_dir, (long long)w->cur->index);
    if (rc_ui_save_png(w->c->ui, path, err) != RC_OK) {
        rc_logf(w->c->log, RC_LOG_ERROR, "%s", err->msg);
        return RC_E_IO;
    }
    rc_logf(w->c->log, RC_LOG_INFO, "screenshot saved: %s", path);
    w->shot_done = true;
    return RC_OK;
}

/* Draws the canvas (and takes the latency sample and the --shot-dir PNG when it
 * shows a new view). RC_OK, or an error logged and kept in err. */
static rc_status draw(live_win *w, bool fresh, rc_err *err)
{
    const live_ctx *c = w->c;
    int64_t now = rc_clock_ns();
    rc_online_stats_tick(c->stats, now);
    const char *debug = w->debug ? rc_online_stats_debug(c->stats, now, c->cap, c->eng, &c->info,
                                                         w->cur ? w->cur->analysis_ms : 0.0)
                                 : NULL;
    live_record_check(c->rec, c->eng, c->log, &w->toast);
    live_side_news(w);
    live_check_update(&w->chk, c->eng, c->log); /* issue 20 */
    live_lock_update(&w->lock, c, fresh ? w->cur : NULL, &w->toast); /* issue 20 */
    live_learn_news(&w->learn, c->log, c->eng, &w->toast); /* colours learnt by themselves */
    rc_ui_comp_text(c->model, w->cur ? &w->cur->comp : NULL, w->patient, w->comp_text,
                    sizeof w->comp_text);
    rc_ui_overlay ov = live_overlay(w, now, debug);
    if (rc_ui_draw(c->ui, w->cur ? &w->cur->image : NULL, &ov) != RC_OK) {
        rc_err_set(err, RC_E_DEVICE, "display: %s", rc_ui_last_error(c->ui));
        rc_logf(c->log, RC_LOG_ERROR, "%s", err->msg);
        return RC_E_DEVICE;
    }
    rc_online_stats_drawn(c->stats, fresh ? w->cur : NULL, rc_clock_ns());
    return fresh ? save_shot(w, err) : RC_OK;
}

/* Waits for the next 60 Hz tick, but returns at once when a new view arrives: a
 * fresh frame then waits for no tick (lower latency), and a stalled analysis
 * still gets a steady redraw. */
static void wait_tick(live_win *w, int64_t *next)
{
    const int64_t tick = 1000000000LL / 60; /* TUNABLE: drawing rate, 60 Hz */
    *next += tick;
    int64_t t = rc_clock_ns();
    if (*next < t - tick) /* fell behind (slow draw): do not try to catch up */
        *next = t;
    while (rc_clock_ns() < *next) {
        /* Unpaced, views come faster than 60 Hz: draw on the tick only. */
        if (!w->c->cfg->unpaced && (!w->paused || w->step) &&
            (w->incoming = rc_online_latest(w->c->eng)) != NULL) {
            *next = rc_clock_ns();
            break;
        }
        int64_t nap = rc_clock_ns() + 1000000; /* TUNABLE: 1 ms poll */
        sleep_until(nap < *next ? nap : *next);
    }
}

/* The window's state at the start: the toggles asked for, the target, the model
 * list for Tab. NULL when out of memory. */
static live_win *win_open(const live_ctx *c)
{
    live_win *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->c = c;
    w->patient = c->cfg->patient;
    w->flip = c->cfg->flip;
    w->debug = c->cfg->debug;
    w->gen = 1;
    w->last_new_ns = rc_clock_ns();
    live_feedback_init(&w->fb, c->cfg->target_min, c->cfg->target_max, c->model);
    live_learn_init(&w->learn);
    live_lock_init(&w->lock, c->cap);
    int n = c->cfg->models_dir ? rc_model_list(c->cfg->models_dir, w->models, LIVE_MAX_MODELS, NULL)
                               : 0;
    w->n_models = n < 0 ? 0 : n < LIVE_MAX_MODELS ? n : LIVE_MAX_MODELS;
    if (live_record_status(c->rec)) /* --record */
        live_toast_show(&w->toast, "recording (R stops)");
    return w;
}

rc_status live_window_run(const live_ctx *c, rc_err *err)
{
    live_win *w = win_open(c);
    if (!w) {
        rc_err_set(err, RC_E_NOMEM, "live: out of memory");
        rc_logf(c->log, RC_LOG_ERROR, "%s", err->msg);
        return RC_E_NOMEM;
    }
    rc_status st = RC_OK;
    int64_t next = rc_clock_ns();
    for (;;) {
        rc_ui_event ev;
        bool quit = false;
        /* (R ends the batch: keys after it reach the pain prompt it opens) */
        while (!w->toggle_rec && rc_ui_poll(c->ui, &ev))
            live_on_event(w, &ev, &quit);
        if (quit)
            break;
        if (w->toggle_rec) {
            w->toggle_rec = false;
            bool was = c->rec->w != NULL;
            live_record_toggle(c->rec, c->eng, c->model, c->log, &w->toast);
            live_prompt_toggled(&w->pain, c->ui, c->rec, was);
        }
        bool fresh = take_view(w);
        int end = check_end(w, fresh, err);
        if (end != 0) {
            st = end < 0 ? RC_E_IO : RC_OK;
            break;
        }
        if ((st = draw(w, fresh, err)) != RC_OK)
            break;
        live_record_analyse(c->rec, &w->toast); /* after "analysing..." was drawn */
        if (c->cfg->max_frames > 0 && w->shown >= c->cfg->max_frames)
            break;
        wait_tick(w, &next);
    }
    rc_online_release(c->eng, w->cur);
    rc_online_release(c->eng, w->incoming);
    free(w);
    return st;
}
