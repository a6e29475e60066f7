/* progress_check.c - the set-up check in a course of treatment (issue 20): per session
 * whether the check passed, warned or failed (and was acknowledged) or was not run, in
 * the words of the pre/post report and summary.json (rc_check_outcome); a session
 * recorded over a failed check is marked next to its ROM with the plain sentence that
 * its figures are less trustworthy, in the page, progress.json, progress.csv and the
 * summary paragraph. The check is session.json's, read by the session reader. */
#include "progress_internal.h"

#include <stdio.h>
#include <string.h>

static int failed(const rc_check_result *r)
{
    return r->n_items > 0 && r->worst == RC_CHECK_FAIL;
}

void rc__progress_check_cell(FILE *o, const rc__pro_session *s)
{
    const rc_check_result *r = &s->side.meta.check;
    char words[RC_TEXT_CAP];
    fprintf(o, "<td class=\"txt check-%s\">", rc_check_mark(r));
    rc__html_escape(o, rc_check_outcome(r, words, sizeof words));
    if (failed(r))
        fputs("<br><strong>" RC_CHECK_TRUST_NOTE "</strong>", o);
    fputs("</td>", o);
}

void rc__progress_check_table(FILE *o, const rc__progress *p)
{
    fputs("<h2>Set-up check</h2><p>The check run before or at the start of each session "
          "(stickers, light, blur at the test's speed, framing, sticker size, camera square, "
          "frames dropped): what did not pass, with its advice.</p>\n<table class=\"num\">"
          "<tr><th>Session</th><th>Date</th><th class=\"txt\">Set-up check</th>"
          "<th class=\"txt\">Items not passed</th></tr>\n",
          o);
    for (int i = 0; i < p->n; i++) {
        const rc_check_result *r = &p->s[i]->side.meta.check;
        fprintf(o, "<tr><td>%d</td><td>%s</td>", i + 1, p->s[i]->date);
        rc__progress_check_cell(o, p->s[i]);
        fputs("<td class=\"txt\">", o);
        int k = 0;
        for (int j = 0; j < r->n_items; j++) {
            const rc_check_item *it = &r->item[j];
            if (it->level != RC_CHECK_WARN && it->level != RC_CHECK_FAIL)
                continue;
            fprintf(o, "%s%s %s: ", k++ ? "<br>" : "", rc_check_item_name(it->id),
                    rc_check_level_name(it->level));
            rc__html_escape(o, it->measured);
            if (it->advice[0]) {
                fputs(" &ndash; ", o);
                rc__html_escape(o, it->advice);
            }
        }
        fputs(k ? "</td></tr>\n" : "&ndash;</td></tr>\n", o);
    }
    fputs("</table>\n", o);
}

cJSON *rc__progress_check_json(const rc__pro_session *s)
{
    const rc_check_result *r = &s->side.meta.check;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    char words[RC_TEXT_CAP];
    cJSON_AddStringToObject(o, "result", rc_check_outcome(r, words, sizeof words));
    cJSON_AddStringToObject(o, "mark", rc_check_mark(r));
    cJSON_AddBoolToObject(o, "acknowledged", r->n_items > 0 && r->acknowledged);
    if (failed(r))
        cJSON_AddStringToObject(o, "trust_note", RC_CHECK_TRUST_NOTE);
    else
        cJSON_AddNullToObject(o, "trust_note");
    cJSON *items = cJSON_AddArrayToObject(o, "not_passed");
    for (int j = 0; items && j < r->n_items; j++) {
        const rc_check_item *it = &r->item[j];
        if (it->level != RC_CHECK_WARN && it->level != RC_CHECK_FAIL)
            continue;
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "item", rc_check_item_name(it->id));
        cJSON_AddStringToObject(x, "level", rc_check_level_name(it->level));
        cJSON_AddStringToObject(x, "measured", it->measured);
        cJSON_AddStringToObject(x, "advice", it->advice);
        cJSON_AddItemToArray(items, x);
    }
    return o;
}

const char *rc__progress_check_csv(const rc__pro_session *s, char *buf, size_t cap)
{
    const rc_check_result *r = &s->side.meta.check;
    char words[RC_TEXT_CAP];
    snprintf(buf, cap, "%s%s%s", rc_check_outcome(r, words, sizeof words), failed(r) ? ": " : "",
             failed(r) ? RC_CHECK_TRUST_NOTE : "");
    return buf;
}

void rc__progress_check_sentence(char *summary, size_t cap, const rc__progress *p)
{
    char list[400] = "";
    int n = 0;
    for (int i = 0; i < p->n; i++) {
        if (!failed(&p->s[i]->side.meta.check))
            continue;
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%d (%s)", n++ ? ", " : "", i + 1, p->s[i]->date);
    }
    if (!n)
        return;
    size_t l = strlen(summary);
    if (l + 1 < cap)
        snprintf(summary + l, cap - l,
                 " Session%s %s %s recorded over a failed set-up check: %s figures are less "
                 "trustworthy.",
                 n > 1 ? "s" : "", list, n > 1 ? "were" : "was", n > 1 ? "their" : "its");
}
