/* live_window.c - the event loop of `romcap live` (see live_window.h).
 *
 * The loop draws the newest view at a steady 60 Hz whether or not a new one
 * arrived, and draws at once when one does (a fresh frame waits for no tick).
 * Latency is measured from the frame's capture stamp to the return of the present
 * that first showed it (live_stats).
 */
#define _POSIX_C_SOURCE 200809L
#include "app/live_window.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/analyse.h"
#include "app/live_check.h"
#include "app/live_feedback.h"
#include "app/live_learn.h"
#include "app/live_prompt.h"
#include "app/live_toast.h"

enum { MAX_MODELS = 32, MAX_WARN = 4 };

/* TUNABLE: a marker unseen this long is named on screen; a short occlusion (a hand
 * passing) is not worth a warning. */
static const double UNSEEN_WARN_S = 0.5;


/* What is on screen and the window's own state. */
typedef struct win {
    const live_ctx *c;
    bool paused, step, patient, flip, debug;
    bool toggle_rec;                  /* R was pressed */
    bool ended, shot_done;            /* the input ended; the --shot-dir PNG is saved */
    const rc_online_view *cur;        /* the view on screen, held until a newer one */
    const rc_online_view *incoming;   /* taken while waiting, shown next */
    int gen;                          /* views of older model generations are dropped */
    int shots;                        /* S screenshots so far */
    int64_t shown, last_new_ns;       /* views shown; when the last new one came */
    live_toast toast;
    live_feedback fb;
    live_learn learn;
    live_prompt pain; /* issue 17: pain asked when R starts / stops a recording */
    live_check chk;   /* issue 20: the set-up check's panel (C) and the R gate */
    char models[MAX_MODELS][RC_NAME_CAP]; /* bundled model names (sorted) for Tab */
    int n_models;
    rc_online_side_info side;             /* the side detector, as of this draw */
    int side_said, wrap_said;             /* decisions and wrap jumps already told */
    char warn[MAX_WARN][RC_NAME_CAP + 16]; /* "'ankle' not found" */
    const char *warn_line[MAX_WARN];
    char comp_text[RC_LABEL_CAP + 48]; /* the compensation flag (ui_comp.c), "" none */
    int n_warn;
} win;

static void sleep_until(int64_t t_ns)
{
    struct timespec ts = {.tv_sec = t_ns / 1000000000LL, .tv_nsec = t_ns % 1000000000LL};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != 0) {
    }
}

/* Bundled model names (sorted) for Tab. */
static int list_models(const rc_app *app, char names[][RC_NAME_CAP], int cap)
{
    DIR *d = app->models_dir ? opendir(app->models_dir) : NULL;
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) && n < cap) {
        size_t len = strlen(de->d_name);
        if (len > 5 && len - 5 < RC_NAME_CAP && !strcmp(de->d_name + len - 5, ".json"))
            snprintf(names[n++], RC_NAME_CAP, "%.*s", (int)(len - 5), de->d_name);
    }
    if (d)
        closedir(d);
    qsort(names, (size_t)n, RC_NAME_CAP, (int (*)(const void *, const void *))strcmp);
    return n;
}

/* Files and scenes pause at the source; a camera keeps running underneath. */
static void pause_source(const win *w, bool paused)
{
    if (!w->c->info.live)
        rc_capture_set_paused(w->c->cap, paused);
}

/* S: the canvas as romcap-DATE-TIME-N.png in the working folder. */
static void screenshot(win *w)
{
    if (!w->cur)
        return;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char stamp[32], name[64];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(name, sizeof name, "romcap-%s-%d.png", stamp, ++w->shots);
    rc_err err = {{0}};
    if (rc_ui_save_png(w->c->ui, name, &err) == RC_OK) {
        rc_logf(&w->c->app->log, RC_LOG_INFO, "screenshot saved: %s", name);
        live_toast_show(&w->toast, "screenshot saved");
    } else {
        rc_logf(&w->c->app->log, RC_LOG_ERROR, "%s", err.msg);
    }
}

/* Tab: the next bundled model after the current one (by name). */
static void next_model(win *w)
{
    const live_ctx *c = w->c;
    if (w->n_models <= 0)
        return;
    int at = 0;
    for (int i = 0; i < w->n_models; i++)
        if (!strcmp(w->models[i], c->model->name))
            at = i + 1;
    rc_model next_m;
    rc_err err = {{0}};
    if (rc_app_resolve_model(c->app, c->rq->input, w->models[at % w->n_models], &next_m, &err) ==
            RC_OK &&
        rc_online_set_model(c->eng, &next_m, &err) == RC_OK) {
        *c->model = next_m;
        w->gen++;
        live_feedback_set_model(&w->fb, c->model);
        live_toast_show(&w->toast, c->model->title);
    } else {
        rc_logf(&c->app->log, RC_LOG_WARN, "%s", err.msg);
    }
}

static void on_event(win *w, const rc_ui_event *ev, bool *quit)
{
    const live_ctx *c = w->c;
    switch (ev->type) {
    case RC_UI_EV_QUIT: *quit = !(ev->key == 27 && live_check_escape(&w->chk)); break;
    case RC_UI_EV_PAUSE:
        w->paused = !w->paused;
        pause_source(w, w->paused);
        break;
    case RC_UI_EV_STEP:
        w->paused = w->step = true;
        if (!c->info.live) {
            rc_capture_set_paused(c->cap, 1);
            rc_capture_step(c->cap);
        }
        break;
    case RC_UI_EV_SCREENSHOT: screenshot(w); break;
    case RC_UI_EV_PATIENT: w->patient = !w->patient; break;
    case RC_UI_EV_MUTE:
        w->fb.muted = !w->fb.muted;
        live_toast_show(&w->toast, w->fb.muted ? "sound off" : "sound on");
        break;
    case RC_UI_EV_FLIP: w->flip = !w->flip; break;
    case RC_UI_EV_DEBUG: w->debug = !w->debug; break;
    case RC_UI_EV_RESET:
        rc_online_reset(c->eng);
        live_toast_show(&w->toast, "new set: ROM and repetitions reset");
        break;
    case RC_UI_EV_RECORD:
        w->toggle_rec = live_check_record(&w->chk, c->eng, c->rec->w != NULL, &c->app->log);
        break;
    case RC_UI_EV_CHECK: live_check_key(&w->chk, c->eng); break;
    case RC_UI_EV_LEARN:
        if (live_learn_toggle(&w->learn, c->model, &w->toast)) {
            w->paused = true;
            pause_source(w, true);
            /* L before the first picture: let one frame through to click on. */
            if (!w->cur) {
                w->step = true;
                if (!c->info.live)
                    rc_capture_step(c->cap);
            }
        }
        break;
    case RC_UI_EV_CLICK:
        if (live_learn_click(&w->learn, c->app, c->eng, c->model, w->cur ? &w->cur->image : NULL,
                             ev->x_px, ev->y_px, &w->toast)) {
            w->gen++;
            w->paused = false;
            pause_source(w, false);
        }
        break;
    case RC_UI_EV_NEXT_MODEL: next_model(w); break;
    case RC_UI_EV_KEY:
        live_prompt_key(&w->pain, c->ui, c->rec, ev->key, &c->app->log, &w->toast);
        break;
    default: break;
    }
}

/* Takes the newest view unless paused (or one step is asked for); returns true
 * when a new view is now on screen. */
static bool take_view(win *w)
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
        rc_logf(&c->app->log, RC_LOG_INFO, "%s", fbm);
        if (w->fb.source == LIVE_TARGET_OWN && isfinite(w->fb.t0_deg))
            live_toast_show(&w->toast, fbm);
    }
    return true;
}

/* After 0.3 s without a new view, asks the capture whether the input ended.
 * Returns 0 to go on, 1 to stop (the end, without a window or with --frames),
 * -1 after logging a capture error or an input that ended before its first frame. */
static int check_end(win *w, bool fresh)
{
    const live_ctx *c = w->c;
    if (w->ended || fresh || rc_capture_state(c->cap, NULL) == RC_OK ||
        rc_clock_ns() - w->last_new_ns <= 300000000LL)
        return 0;
    rc_err why;
    if (rc_capture_state(c->cap, &why) != RC_E_EOF) {
        rc_logf(&c->app->log, RC_LOG_ERROR, "%s", why.msg);
        return -1;
    }
    rc_capture_stats cs;
    rc_capture_get_stats(c->cap, &cs);
    if (cs.captured == 0) { /* opened, but not one frame: nothing to show or record */
        rc_logf(&c->app->log, RC_LOG_ERROR, "%s: no frame could be read", c->rq->input);
        return -1;
    }
    w->ended = true;
    /* A window stays open on the last frame for the user; a run bounded by
     * --frames (tests, measurements) or without a window ends here. */
    return !rc_ui_is_windowed(c->ui) || c->rq->max_frames > 0;
}

/* Everything drawn over the current view. */
static rc_ui_overlay overlay(const win *w, int64_t now, const char *debug)
{
    const live_ctx *c = w->c;
    const rc_online_view *cur = w->cur;
    const rc_online_state *os = cur ? &cur->online : NULL;
    /* the readout: the set's ROM (mean trough and peak of the repetitions so far, as
     * analyse and the report give it), none before the first repetition ends */
    bool have_online = os && os->n_samples > 0 && os->rom.reps > 0;
    const char *rec = live_record_status(c->rec);
    return (rc_ui_overlay){
        .model = c->model,
        .markers = cur ? cur->res.marker : NULL,
        .angle_deg = cur ? cur->res.angle_deg : NULL,
        .mirror = w->side.mirror,
        .rom_min_deg = have_online ? os->rom.trough_mean_deg : NAN,
        .rom_max_deg = have_online ? os->rom.peak_mean_deg : NAN,
        .frame_index = cur ? cur->index : -1,
        .t_s = cur ? cur->res.t_s : NAN,
        .fps = c->stats->draw_fps,
        .status = rec ? rec : w->ended ? "End of recording - Esc to quit" : c->rq->input,
        .paused = w->paused,
        .target_min_deg = w->fb.t0_deg,
        .target_max_deg = w->fb.t1_deg,
        .show_reps = 1,
        .n_reps = os ? os->n_reps : 0,
        .last_rep_peak_vel_deg_s = os && os->n_reps ? os->last_rep_peak_velocity_deg_s : NAN,
        .last_rep_sparc = os ? os->last_leg_sparc : NAN,
        .plot_deg = cur ? cur->plot : NULL,
        .plot_n = cur ? cur->plot_n : 0,
        .plot_span_s = cur && c->info.fps > 0 ? cur->plot_n / c->info.fps : 0,
        .trail_x_px = cur ? cur->trail_x : NULL,
        .trail_y_px = cur ? cur->trail_y : NULL,
        .trail_n = cur ? cur->trail_n : 0,
        .patient = w->patient,
        .in_target = w->fb.was_in,
        .hold_s = w->fb.hold_s,
        .flip_view = w->flip,
        .debug_text = debug,
        .prompt = live_prompt_text(&w->pain),
        .toast = live_toast_current(&w->toast, now),
        .muted = w->fb.muted,
        .source_label = c->rq->sample ? LIVE_SAMPLE_LABEL : NULL,
        .side_text = w->side.decided ? w->side.text : "deciding side\xE2\x80\xA6",
        .warn_lines = w->warn_line,
        .n_warn_lines = w->n_warn,
        .comp_flag = w->comp_text,
        .check = live_check_panel(&w->chk),
        .check_warning = live_check_warning(&w->chk),
    };
}

/* The side detector's news, each said once in the log and a toast; and the
 * markers not seen for a while, named for the panel. */
static void side_news(win *w)
{
    const live_ctx *c = w->c;
    const rc_log *log = &c->app->log;
    rc_online_get_side(c->eng, &w->side);
    if (w->side.seq != w->side_said) {
        w->side_said = w->side.seq;
        if (w->side.defaulted) {
            rc_logf(log, RC_LOG_WARN,
                    "side not clear (%s): reading as the model describes it; give --mirror or "
                    "--no-mirror if that is wrong", w->side.evidence);
        } else if (w->side.detected) {
            rc_logf(log, RC_LOG_INFO, "side detected: %s (%s; %s)", w->side.text,
                    w->side.mirror ? "mirrored" : "not mirrored", w->side.evidence);
        } else if (w->side.contradicts) {
            rc_logf(log, RC_LOG_WARN, "the markers suggest the other side (%s); kept %s as given",
                    w->side.evidence, w->side.mirror ? "--mirror" : "--no-mirror");
        }
        if (w->side.detected || w->side.defaulted)
            live_toast_show(&w->toast, w->side.text);
    }
    if (w->side.wrap_jumps > 0 && !w->wrap_said) {
        w->wrap_said = 1;
        rc_logf(log, RC_LOG_WARN, "%s", w->side.wrap_msg);
        live_toast_show(&w->toast, "an angle jumped across its wrap boundary (see the log)");
    }
    w->n_warn = 0;
    for (int k = 0; w->cur && k < c->model->n_markers && w->n_warn < MAX_WARN; k++) {
        if (!(w->cur->unseen_s[k] > UNSEEN_WARN_S))
            continue;
        snprintf(w->warn[w->n_warn], sizeof w->warn[0], "'%s' not found", c->model->marker[k].name);
        w->warn_line[w->n_warn] = w->warn[w->n_warn];
        w->n_warn++;
    }
}

/* --shot-dir: the canvas of the first view numbered >= --shot-at. */
static rc_status save_shot(win *w)
{
    const live_request *rq = w->c->rq;
    if (!rq->shot_dir || w->shot_done || w->cur->index < rq->shot_at)
        return RC_OK;
    char path[1024];
    snprintf(path, sizeof path, "%s/frame-%06lld.png", rq->shot_dir, (long long)w->cur->index);
    rc_err err = {{0}};
    if (rc_ui_save_png(w->c->ui, path, &err) != RC_OK) {
        rc_logf(&w->c->app->log, RC_LOG_ERROR, "%s", err.msg);
        return RC_E_IO;
    }
    rc_logf(&w->c->app->log, RC_LOG_INFO, "screenshot saved: %s", path);
    w->shot_done = true;
    return RC_OK;
}

/* Draws the canvas (and takes the latency sample and the --shot-dir PNG when it
 * shows a new view). RC_OK, or an error already logged. */
static rc_status draw(win *w, bool fresh)
{
    const live_ctx *c = w->c;
    int64_t now = rc_clock_ns();
    live_stats_tick(c->stats, now);
    const char *debug = w->debug ? live_stats_debug(c->stats, now, c->cap, c->eng, &c->info,
                                                    w->cur ? w->cur->analysis_ms : 0.0)
                                 : NULL;
    live_record_check(c->rec, c->eng, &c->app->log, &w->toast);
    side_news(w);
    live_check_update(&w->chk, c->eng, &c->app->log); /* issue 20 */
    live_learn_news(&w->learn, c->app, c->eng, &w->toast); /* colours learnt by themselves */
    rc_ui_comp_text(c->model, w->cur ? &w->cur->comp : NULL, w->patient, w->comp_text,
                    sizeof w->comp_text);
    rc_ui_overlay ov = overlay(w, now, debug);
    if (rc_ui_draw(c->ui, w->cur ? &w->cur->image : NULL, &ov) != RC_OK) {
        rc_logf(&c->app->log, RC_LOG_ERROR, "display: %s", rc_ui_last_error(c->ui));
        return RC_E_DEVICE;
    }
    live_stats_drawn(c->stats, fresh ? w->cur : NULL, rc_clock_ns());
    return fresh ? save_shot(w) : RC_OK;
}

/* Waits for the next 60 Hz tick, but returns at once when a new view arrives: a
 * fresh frame then waits for no tick (lower latency), and a stalled analysis
 * still gets a steady redraw. */
static void wait_tick(win *w, int64_t *next)
{
    const int64_t tick = 1000000000LL / 60; /* TUNABLE: drawing rate, 60 Hz */
    *next += tick;
    int64_t t = rc_clock_ns();
    if (*next < t - tick) /* fell behind (slow draw): do not try to catch up */
        *next = t;
    while (rc_clock_ns() < *next) {
        /* Unpaced, views come faster than 60 Hz: draw on the tick only. */
        if (!w->c->rq->unpaced && (!w->paused || w->step) &&
            (w->incoming = rc_online_latest(w->c->eng)) != NULL) {
            *next = rc_clock_ns();
            break;
        }
        int64_t nap = rc_clock_ns() + 1000000; /* TUNABLE: 1 ms poll */
        sleep_until(nap < *next ? nap : *next);
    }
}

int live_window_run(const live_ctx *c)
{
    win *w = calloc(1, sizeof *w);
    if (!w) {
        rc_logf(&c->app->log, RC_LOG_ERROR, "live: out of memory");
        return 1;
    }
    w->c = c;
    w->patient = c->rq->patient;
    w->flip = c->rq->flip;
    w->debug = c->rq->debug;
    w->gen = 1;
    w->last_new_ns = rc_clock_ns();
    live_feedback_init(&w->fb, c->rq->target_min, c->rq->target_max, c->model);
    live_learn_init(&w->learn);
    w->n_models = list_models(c->app, w->models, MAX_MODELS);
    if (live_record_status(c->rec)) /* --record */
        live_toast_show(&w->toast, "recording (R stops)");
    int code = 0;
    int64_t next = rc_clock_ns();
    for (;;) {
        rc_ui_event ev;
        bool quit = false;
        /* (R ends the batch: keys after it reach the pain prompt it opens) */
        while (!w->toggle_rec && rc_ui_poll(c->ui, &ev))
            on_event(w, &ev, &quit);
        if (quit)
            break;
        if (w->toggle_rec) {
            w->toggle_rec = false;
            bool was = c->rec->w != NULL;
            live_record_toggle(c->rec, c->eng, c->model, &c->app->log, &w->toast);
            live_prompt_toggled(&w->pain, c->ui, c->rec, was);
        }
        bool fresh = take_view(w);
        int end = check_end(w, fresh);
        if (end != 0) {
            code = end < 0;
            break;
        }
        if (draw(w, fresh) != RC_OK) {
            code = 1;
            break;
        }
        live_record_analyse(c->rec, &w->toast); /* after "analysing..." was drawn */
        if (c->rq->max_frames > 0 && w->shown >= c->rq->max_frames)
            break;
        wait_tick(w, &next);
    }
    rc_online_release(c->eng, w->cur);
    rc_online_release(c->eng, w->incoming);
    free(w);
    return code;
}
