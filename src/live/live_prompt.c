/* live_prompt.c - pain asked in the live window when a recording starts and stops
 * (issue 17); the drawing and the keys are the ui's (ui_prompt.c). */
#include "live/live_prompt.h"

#include <string.h>

void live_prompt_toggled(live_prompt *lp, rc_ui *ui, live_recording *rec, bool was_recording)
{
    bool now = rec->w != NULL;
    if (now == was_recording)
        return; /* the toggle failed: nothing started or stopped */
    if (now || strcmp(lp->dir, rec->dir) != 0) { /* a new session's answers */
        rc_outcomes_init(&lp->o);
        snprintf(lp->dir, sizeof lp->dir, "%s", rec->dir);
    }
    lp->stage = now ? 1 : 2;
    rc_ui_prompt_open(&lp->p,
                      now ? "Pain now, before the test? (0 no pain - 10 worst imaginable)"
                          : "Pain now, right after the test? (0 no pain - 10 worst imaginable)",
                      10);
    rc_ui_prompt_text(&lp->p, lp->text, sizeof lp->text);
    rc_ui_set_prompt_mode(ui, 1);
}

void live_prompt_key(live_prompt *lp, rc_ui *ui, live_recording *rec, int key, const rc_log *log,
                     live_toast *toast)
{
    int v;
    int done = rc_ui_prompt_key(&lp->p, key, &v);
    rc_ui_prompt_text(&lp->p, lp->text, sizeof lp->text);
    if (!done)
        return;
    rc_ui_set_prompt_mode(ui, 0);
    if (v < 0)
        return; /* skipped */
    if (lp->stage == 1)
        lp->o.pain = v;
    else
        lp->o.pain_after = v;
    rc_err err = {{0}};
    rc_status st = RC_OK;
    if (rec->w && !strcmp(rec->dir, lp->dir))
        rc_session_writer_set_outcomes(rec->w, &lp->o); /* written when it closes */
    else
        st = rc_session_set_outcomes(lp->dir, &lp->o, &err);
    if (st != RC_OK) {
        rc_logf(log, RC_LOG_ERROR, "%s", err.msg);
        live_toast_show(toast, "pain not saved (see the log)");
        return;
    }
    char msg[64];
    snprintf(msg, sizeof msg, "pain %s the test: %d / 10", lp->stage == 1 ? "before" : "after", v);
    rc_logf(log, RC_LOG_INFO, "%s: %s", lp->dir, msg);
    live_toast_show(toast, msg);
}

const char *live_prompt_text(const live_prompt *lp)
{
    return lp->p.active ? lp->text : NULL;
}
