/* live_overlay.c - what the live window draws over the view (see live_window.h):
 * the one composition of rc_ui_overlay from the view, the window's toggles and the
 * units' state, and the news that feeds it (the side detector's decisions, markers
 * not seen for a while). A new panel or warning is one field here. */
#include <math.h>
#include <stdio.h>

#include "live/live_window.h"

/* TUNABLE: a marker unseen this long is named on screen; a short occlusion (a hand
 * passing) is not worth a warning. */
static const double UNSEEN_WARN_S = 0.5;

/* Everything drawn over the current view. */
rc_ui_overlay live_overlay(const live_win *w, int64_t now, const char *debug)
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
        .status = rec        ? rec
                  : w->ended ? "End of recording - Esc to quit"
                             : c->cfg->input,
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
        .source_label = c->cfg->sample ? RC_LIVE_SAMPLE_LABEL : NULL,
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
void live_side_news(live_win *w)
{
    const live_ctx *c = w->c;
    const rc_log *log = c->log;
    rc_online_get_side(c->eng, &w->side);
    if (w->side.seq != w->side_said) {
        w->side_said = w->side.seq;
        if (w->side.defaulted) {
            rc_logf(log, RC_LOG_WARN,
                    "side not clear (%s): reading as the model describes it; give --mirror or "
                    "--no-mirror if that is wrong",
                    w->side.evidence);
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
    live_optional_news(w); /* optional stickers: a note, not a warning (issue 16) */
    w->n_warn = 0;
    for (int k = 0; w->cur && k < c->model->n_markers && w->n_warn < LIVE_MAX_WARN; k++) {
        if (!(w->cur->unseen_s[k] > UNSEEN_WARN_S) || c->model->marker[k].optional)
            continue;
        snprintf(w->warn[w->n_warn], sizeof w->warn[0], "'%s' not found", c->model->marker[k].name);
        w->warn_line[w->n_warn] = w->warn[w->n_warn];
        w->n_warn++;
    }
}
