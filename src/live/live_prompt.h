/* live_prompt.h - the live window asks the patient's pain (issue 17): "Pain now?"
 * when R starts a recording, "Pain after the test?" when R stops it (0-10, Enter,
 * Esc skips; R or Q meanwhile skip it too). The answers go into the session's outcomes (session.json): through the
 * writer while it records, rewritten with rc_session_set_outcomes once it closed. */
#ifndef ROMCAP_LIVE_PROMPT_H
#define ROMCAP_LIVE_PROMPT_H

#include "live/live_record.h"
#include "live/live_toast.h"
#include "romcap/session.h"
#include "romcap/ui.h"

typedef struct live_prompt {
    rc_ui_prompt p;
    int stage;                 /* 1: pain before (at the start), 2: pain after */
    char dir[300];             /* the session the answers belong to */
    rc_session_outcomes o;     /* what was answered for it so far */
    char text[256];            /* the prompt's text for the overlay */
} live_prompt;

/* After R toggled the recording (`was_recording`: before the key): opens the prompt
 * that fits and turns the window's prompt mode on. */
void live_prompt_toggled(live_prompt *lp, rc_ui *ui, live_recording *rec, bool was_recording);

/* One RC_UI_EV_KEY; stores the answer when the prompt closes (and says so). */
void live_prompt_key(live_prompt *lp, rc_ui *ui, live_recording *rec, int key, const rc_log *log,
                     live_toast *toast);

/* The text to draw, or NULL when no prompt is open. */
const char *live_prompt_text(const live_prompt *lp);

#endif
