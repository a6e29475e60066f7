/* live_learn.c - colour learning in the live window (see live_learn.h). */
#include "live/live_learn.h"

#include <stdio.h>

#include "romcap/analysis.h"
#include "romcap/detect.h"

/* The next colour marker after k, or -1. */
static int next_colour_marker(const rc_model *m, int k)
{
    for (int i = k + 1; i < m->n_markers; i++)
        if (m->marker[i].kind == RC_MARKER_COLOR)
            return i;
    return -1;
}

/* rc_learn_tell's lines into the log. */
static void say(void *user, rc_log_level level, const char *msg)
{
    rc_logf((const rc_log *)user, level, "%s", msg);
}

static void prompt(live_toast *t, const rc_model *m, int k)
{
    live_toast_printf(t, 3600.0, "Click the %s sticker (%s) \xE2\x80\x94 L cancels",
                      m->marker[k].name, m->marker[k].label); /* until answered */
}

bool live_learn_toggle(live_learn *l, const rc_model *model, live_toast *t)
{
    if (l->k >= 0) {
        l->k = -1;
        live_toast_show(t, "colour learning cancelled");
        return false;
    }
    if ((l->k = next_colour_marker(model, -1)) < 0) {
        live_toast_show(t, "this model has no coloured stickers to learn");
        return false;
    }
    l->m = *model;
    prompt(t, model, l->k);
    return true;
}

/* All stickers clicked: analyse with the learnt classes and keep them. */
static bool finish(live_learn *l, const rc_log *log, rc_online *eng, rc_model *model,
                   live_toast *t)
{
    rc_err err = {{0}};
    if (rc_online_set_model(eng, &l->m, &err) != RC_OK) {
        rc_logf(log, RC_LOG_ERROR, "%s", err.msg);
        live_toast_show(t, "colour learning failed (see the log)");
        return false;
    }
    *model = l->m;
    char path[96];
    if (rc_model_save_learnt(model, "romcap-out", path, sizeof path, &err) == RC_OK) {
        rc_logf(log, RC_LOG_INFO, "sticker colours learnt; model saved: %s (use --model %s)",
                path, path);
        /* What is analysed from now on: recordings store this file's text. */
        snprintf(model->path, sizeof model->path, "%s", path);
        live_toast_printf(t, 4.0, "colours learnt \xE2\x80\x94 saved %s", path);
    } else {
        rc_logf(log, RC_LOG_WARN, "colours learnt for this run, not saved: %s", err.msg);
        live_toast_printf(t, 4.0, "colours learnt (not saved: see the log)");
    }
    return true;
}

bool live_learn_click(live_learn *l, const rc_log *log, rc_online *eng, rc_model *model,
                      const rc_image *image, double x_px, double y_px, live_toast *t)
{
    if (l->k < 0 || !image)
        return false;
    const rc_model_marker *mk = &model->marker[l->k];
    rc_color_class cls;
    rc_color_learn_info li;
    rc_err err = {{0}};
    if (rc_color_learn(image, (float)x_px, (float)y_px, &cls, &li, &err) != RC_OK) {
        rc_logf(log, RC_LOG_WARN, "%s: %s", mk->name, err.msg);
        live_toast_printf(t, -1, "%s: not a sticker there; click again", mk->name);
        return false;
    }
    char why[160];
    if (rc_color_learn_doubtful(&cls, &li, mk->rgb, why, sizeof why)) {
        rc_logf(log, RC_LOG_WARN, "%s at (%.0f, %.0f): %s", mk->name, x_px, y_px, why);
        live_toast_printf(t, -1, "%s: %s; click the sticker", mk->name, why);
        return false;
    }
    rc_learn_tell(mk, (float)x_px, (float)y_px, &cls, &li, say, (void *)log);
    rc_model_marker_set_chroma(&l->m.marker[l->k], cls.mean, cls.cov);
    l->k = next_colour_marker(model, l->k);
    if (l->k >= 0) {
        prompt(t, model, l->k);
        return false;
    }
    return finish(l, log, eng, model, t);
}

void live_learn_news(live_learn *l, const rc_log *log, rc_online *eng, live_toast *t)
{
    rc_online_learn_info in;
    rc_online_get_learn(eng, &in);
    if (in.seq == l->said)
        return;
    l->said = in.seq;
    rc_logf(log, in.warn ? RC_LOG_WARN : RC_LOG_INFO, "%s", in.text);
    live_toast_printf(t, 6.0, "%s", in.text);
}
