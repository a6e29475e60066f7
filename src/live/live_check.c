/* live_check.c - the set-up check in the live window (see live_check.h). */
#include "live/live_check.h"

#include <stdio.h>
#include <string.h>

void live_check_key(live_check *k, rc_online *eng)
{
    if (k->open) {
        k->open = false;
        return;
    }
    k->open = true;
    k->armed = false; /* a new check: R is judged on it */
    k->warning[0] = '\0';
    rc_online_check_start(eng);
}

bool live_check_escape(live_check *k)
{
    bool shown = k->open || k->warning[0];
    k->open = false;
    k->warning[0] = '\0';
    return shown;
}

/* The names of the items at `level`, "stickers, sticker size", into out[cap]. */
static void names_at(const rc_check_result *r, rc_check_level level, char *out, size_t cap)
{
    out[0] = '\0';
    for (int i = 0; i < r->n_items; i++)
        if (r->item[i].level == level) {
            size_t n = strlen(out);
            snprintf(out + n, cap - n, "%s%s", n ? ", " : "", rc_check_item_name(r->item[i].id));
        }
}

bool live_check_record(live_check *k, rc_online *eng, bool recording, const rc_log *log)
{
    if (recording) /* stopping is never held back */
        return true;
    rc_online_get_check(eng, &k->info);
    const rc_online_check_info *in = &k->info;
    bool passed = in->state == RC_ONLINE_CHECK_DONE && in->result.n_items > 0 &&
                  in->result.worst != RC_CHECK_FAIL;
    if (passed) {
        k->armed = false;
        return true;
    }
    if (k->armed) {
        k->armed = false;
        k->warning[0] = '\0';
        rc_online_check_acknowledge(eng);
        rc_logf(log, RC_LOG_WARN, "recording despite the set-up check (acknowledged)");
        return true;
    }
    char why[300];
    if (in->state == RC_ONLINE_CHECK_RUNNING) {
        snprintf(why, sizeof why, "The set-up check is still running (%.0f s left)",
                 in->span_s - in->elapsed_s > 0 ? in->span_s - in->elapsed_s : 0);
    } else if (in->state == RC_ONLINE_CHECK_DONE && in->result.n_items > 0) {
        char names[200];
        names_at(&in->result, RC_CHECK_FAIL, names, sizeof names);
        snprintf(why, sizeof why, "Set-up check failed: %s", names);
    } else {
        snprintf(why, sizeof why, "No set-up check yet (C runs one)");
    }
    snprintf(k->warning, sizeof k->warning, "%s\nPress R again to record anyway", why);
    k->armed = true;
    rc_logf(log, RC_LOG_WARN, "not recording: %s; press R again to record anyway", why);
    return false;
}

/* A finished check, once, in the log: each warning and failure, then the verdict. */
static void log_result(const rc_check_result *r, const rc_log *log)
{
    for (int i = 0; i < r->n_items; i++) {
        if (r->item[i].level != RC_CHECK_WARN && r->item[i].level != RC_CHECK_FAIL)
            continue;
        char line[600];
        rc_logf(log, RC_LOG_WARN, "set-up check: %s",
                rc_check_item_line(&r->item[i], line, sizeof line));
    }
    rc_logf(log, r->worst == RC_CHECK_FAIL ? RC_LOG_WARN : RC_LOG_INFO,
            "set-up check %s (%.1f s, %lld frames)",
            r->worst == RC_CHECK_FAIL   ? "FAILED"
            : r->worst == RC_CHECK_WARN ? "passed with warnings"
                                        : "passed: every item",
            r->seconds, (long long)r->frames);
}

/* The panel's words for a finished check. */
static void words_done(live_check *k, const rc_check_result *r)
{
    rc_ui_check_panel *p = &k->panel;
    snprintf(k->title, sizeof k->title, "Set-up check: %s  (%.1f s)",
             r->worst == RC_CHECK_FAIL   ? "FAIL"
             : r->worst == RC_CHECK_WARN ? "passed with warnings"
                                         : "PASS",
             r->seconds);
    p->n_rows = 0;
    for (int i = 0; i < r->n_items && p->n_rows < RC_UI_CHECK_ROWS; i++) {
        const rc_check_item *it = &r->item[i];
        snprintf(k->row[p->n_rows], sizeof k->row[0], "%s: %s \xE2\x80\x94 %s",
                 rc_check_item_name(it->id), rc_check_level_name(it->level), it->measured);
        p->row[p->n_rows] = k->row[p->n_rows];
        p->level[p->n_rows++] = (int)it->level;
    }
    /* the advice of the worst items (fail, else warn), one line each */
    rc_check_level worst = r->worst == RC_CHECK_SKIP ? RC_CHECK_PASS : r->worst;
    k->advice[0] = '\0';
    for (int i = 0, n = 0; worst != RC_CHECK_PASS && i < r->n_items && n < 4; i++) {
        const rc_check_item *it = &r->item[i];
        if (it->level != worst || !it->advice[0])
            continue;
        size_t len = strlen(k->advice);
        snprintf(k->advice + len, sizeof k->advice - len, "%s%s: %s", n++ ? "\n" : "",
                 rc_check_item_name(it->id), it->advice);
    }
    p->advice = k->advice[0] ? k->advice : NULL;
    p->advice_level = (int)worst;
    p->footer = "C or Esc closes \xC2\xB7 R records";
}

void live_check_update(live_check *k, rc_online *eng, const rc_log *log)
{
    rc_online_get_check(eng, &k->info);
    const rc_online_check_info *in = &k->info;
    if (in->result_seq != k->seq_said && in->result.n_items > 0) {
        k->seq_said = in->result_seq;
        log_result(&in->result, log);
    }
    rc_ui_check_panel *p = &k->panel;
    memset(p, 0, sizeof *p);
    p->title = k->title;
    if (in->state == RC_ONLINE_CHECK_RUNNING) {
        double left = in->span_s - in->elapsed_s;
        snprintf(k->title, sizeof k->title,
                 "Set-up check: hold the start pose, then one slow movement (%.0f s)",
                 left > 0 ? left : 0);
        p->footer = "C or Esc closes (the check goes on)";
    } else if (in->state == RC_ONLINE_CHECK_DONE && in->result.n_items > 0) {
        words_done(k, &in->result);
    } else {
        snprintf(k->title, sizeof k->title, "Set-up check: none yet (C runs one)");
        p->footer = "C or Esc closes";
    }
}

const rc_ui_check_panel *live_check_panel(const live_check *k)
{
    return k->open ? &k->panel : NULL;
}

const char *live_check_warning(const live_check *k)
{
    return k->warning[0] ? k->warning : NULL;
}
