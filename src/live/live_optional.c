/* live_optional.c - the live window's word on optional stickers (issue 16): a sticker
 * a model marks "optional" (read by compensation rules only) that has not been seen
 * for OPTIONAL_SAY_S is said once per model, in the log and on the therapist's
 * screen, as "optional sticker 'acromion_l' not seen: rule shoulder_hike off", never
 * as a missing-sticker warning. Its rules stay off while it is unseen (their values
 * need it) and are judged as soon as it is seen. */
#include <stdio.h>
#include <string.h>

#include "live/live_window.h"
#include "romcap/compensation.h"

/* TUNABLE: long enough for the tracker to find a sticker that is there. */
static const double OPTIONAL_SAY_S = 2.0;

void live_optional_news(live_win *w)
{
    const rc_model *m = w->c->model;
    if (strcmp(w->opt_model, m->name)) { /* a new model: tell its stickers afresh */
        snprintf(w->opt_model, sizeof w->opt_model, "%s", m->name);
        w->opt_said = 0;
    }
    for (int k = 0; w->cur && k < m->n_markers; k++) {
        if (!m->marker[k].optional || (w->opt_said & (1u << k)) ||
            !(w->cur->unseen_s[k] > OPTIONAL_SAY_S))
            continue;
        char note[RC_TEXT_CAP];
        rc_comp_optional_unseen(m, k, 0, note, sizeof note);
        w->opt_said |= 1u << k;
        rc_logf(w->c->log, RC_LOG_INFO, "%s", note);
        if (!w->patient)
            live_toast_show(&w->toast, note);
    }
}
