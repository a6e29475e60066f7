/* live_check.h - the set-up check in the live window (issue 20): key C, the panel,
 * and the record gate.
 *
 * C starts a check on the live frames (the analysis thread runs it: the window
 * never waits, romcap/online_check.h) and opens its panel; a second C or Esc closes
 * the panel (a running check goes on). R while the last check failed, is still
 * running or was never run does not record: it shows a warning naming the failing
 * items, and only a second R records, the session's check block then saying
 * "acknowledged": true. Each finished check is logged once, item by item.
 * Nothing here draws: the window passes live_check_panel / live_check_warning to
 * the ui (ui/ui_check.c).
 */
#ifndef ROMCAP_LIVE_LIVE_CHECK_H
#define ROMCAP_LIVE_LIVE_CHECK_H

#include <stdbool.h>

#include "romcap/log.h"
#include "romcap/online_check.h"
#include "romcap/ui.h"

typedef struct live_check {
    bool open;    /* the panel is shown */
    bool armed;   /* R was refused once: the next R records anyway */
    int seq_said; /* the last result logged (rc_online_check_info.result_seq) */
    rc_online_check_info info; /* as of the last update */
    char title[200];
    char row[RC_UI_CHECK_ROWS][RC_CHECK_TEXT_CAP + 64];
    char advice[4 * (RC_CHECK_TEXT_CAP + 32)];
    char warning[400];
    rc_ui_check_panel panel;
} live_check;

/* C: opens the panel and starts a new check, or closes the panel. */
void live_check_key(live_check *k, rc_online *eng);

/* Esc: closes the panel or the warning; false when neither was shown (Esc quits). */
bool live_check_escape(live_check *k);

/* R: true when the recording may start (or stop) now. With a failed, running or
 * missing check the first R shows the warning, logs it and returns false; the
 * second records, with the acknowledgement stored in the session. */
bool live_check_record(live_check *k, rc_online *eng, bool recording, const rc_log *log);

/* Each draw: takes the engine's check state, logs a check that just ended and builds
 * the panel's words. */
void live_check_update(live_check *k, rc_online *eng, const rc_log *log);

/* What the ui draws: the panel (NULL when closed) and the warning (NULL when none). */
const rc_ui_check_panel *live_check_panel(const live_check *k);
const char *live_check_warning(const live_check *k);

#endif
