/* live_events.c - the live window's events mapped to actions (see live_window.h):
 * one switch, one case per key, each calling the unit that owns the state (pause
 * and step here, learning in live_learn, the pain prompt in live_prompt, R through
 * the loop, which toggles the recording between event batches).
 *
 * A new key is one case here and, if it shows something, one field in
 * live_overlay(). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "live/live_window.h"
#include "romcap/analysis.h"

/* Files and scenes pause at the source; a camera keeps running underneath. */
static void pause_source(const live_win *w, bool paused)
{
    if (!w->c->info.live)
        rc_capture_set_paused(w->c->cap, paused);
}

/* S: the canvas as romcap-DATE-TIME-N.png in the working folder. */
static void screenshot(live_win *w)
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
        rc_logf(w->c->log, RC_LOG_INFO, "screenshot saved: %s", name);
        live_toast_show(&w->toast, "screenshot saved");
    } else {
        rc_logf(w->c->log, RC_LOG_ERROR, "%s", err.msg);
    }
}

/* Tab: the next bundled model after the current one (by name). */
static void next_model(live_win *w)
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
    if (rc_analysis_resolve_model(c->cfg->input, w->models[at % w->n_models], c->cfg->models_dir,
                                  &next_m, &err) == RC_OK &&
        rc_online_set_model(c->eng, &next_m, &err) == RC_OK) {
        *c->model = next_m;
        w->gen++;
        live_feedback_set_model(&w->fb, c->model);
        live_toast_show(&w->toast, c->model->title);
    } else {
        rc_logf(c->log, RC_LOG_WARN, "%s", err.msg);
    }
}

void live_on_event(live_win *w, const rc_ui_event *ev, bool *quit)
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
        w->toggle_rec = live_check_record(&w->chk, c->eng, c->rec->w != NULL, c->log);
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
        if (live_learn_click(&w->learn, c->log, c->eng, c->model, w->cur ? &w->cur->image : NULL,
                             ev->x_px, ev->y_px, &w->toast)) {
            w->gen++;
            w->paused = false;
            pause_source(w, false);
        }
        break;
    case RC_UI_EV_NEXT_MODEL: next_model(w); break;
    case RC_UI_EV_KEY: live_prompt_key(&w->pain, c->ui, c->rec, ev->key, c->log, &w->toast); break;
    default: break;
    }
}
