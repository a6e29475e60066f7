/* report_check.c - the pre/post report's set-up check block (issue 20): each
 * session's check as session.json stored it (romcap record, the live window's C or a
 * live recording's first seconds), item by item before and after, or "no set-up check
 * recorded"; and the same per session in report.json. A failed item says the
 * measurement of that session may not be valid; the report does not drop the session
 * for it (the therapist decides), it shows it beside the results. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

/* Side s's item `id`, or NULL when its check has none. */
static const rc_check_item *item_of(const rc__side *s, rc_check_id id)
{
    for (int i = 0; i < s->meta.check.n_items; i++)
        if (s->meta.check.item[i].id == id)
            return &s->meta.check.item[i];
    return NULL;
}

static void cell(FILE *f, const rc__side *s, rc_check_id id)
{
    const rc_check_item *it = item_of(s, id);
    if (!it) {
        fputs("<td>&ndash;</td>", f);
        return;
    }
    static const char *const colour[4] = {"#1e7b34", "#8a5a00", "#b3261e", "#555"};
    fprintf(f, "<td><strong style=\"color:%s\">%s</strong> &ndash; ",
            colour[(unsigned)it->level < 4 ? it->level : 3], rc_check_level_name(it->level));
    rc__html_escape(f, it->measured);
    fputs("</td>", f);
}

/* The check's verdict in the words of every report (rc_check_outcome: summary.json,
 * `romcap progress`, `romcap sessions`), and the seconds it judged, for the header row. */
static void verdict(FILE *f, const rc__side *s)
{
    const rc_check_result *r = &s->meta.check;
    char words[RC_TEXT_CAP];
    fputs("<th>", f);
    rc__html_escape(f, rc_check_outcome(r, words, sizeof words));
    if (r->n_items)
        fprintf(f, " &middot; %.1f s judged", r->seconds);
    fputs("</th>", f);
}

void rc__report_check_html(FILE *f, const rc__side *pre, const rc__side *post)
{
    if (!pre->meta.check.n_items && !post->meta.check.n_items) {
        fputs("<p class=\"note\">Set-up check: no set-up check recorded before or after "
              "(sessions recorded before romcap had one, or from files).</p>\n",
              f);
        return;
    }
    fputs("<section class=\"check\">\n<h2>Set-up check</h2>\n<table class=\"comp\"><thead><tr>"
          "<th>Item</th>",
          f);
    verdict(f, pre);
    verdict(f, post);
    fputs("</tr></thead><tbody>\n", f);
    for (int k = 0; k < RC_CHECK_N_ITEMS; k++) {
        if (!item_of(pre, (rc_check_id)k) && !item_of(post, (rc_check_id)k))
            continue;
        fprintf(f, "<tr><td>%s</td>", rc_check_item_name((rc_check_id)k));
        cell(f, pre, (rc_check_id)k);
        cell(f, post, (rc_check_id)k);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    for (int k = 0; k < 2; k++) {
        const rc__side *s = k ? post : pre;
        if (s->meta.check.worst != RC_CHECK_FAIL || !s->meta.check.n_items)
            continue;
        fprintf(f, "<p class=\"warning\"><strong>%s: " RC_CHECK_TRUST_NOTE "</strong> &ndash; "
                   "what failed:",
                k ? "After" : "Before");
        for (int i = 0; i < s->meta.check.n_items; i++) {
            const rc_check_item *it = &s->meta.check.item[i];
            if (it->level != RC_CHECK_FAIL)
                continue;
            fprintf(f, " %s (", rc_check_item_name(it->id));
            rc__html_escape(f, it->advice);
            fputs(")", f);
        }
        fputs("</p>\n", f);
    }
    fputs("<p class=\"note\">The set-up check judges the first seconds of a session (or the "
          "check run in the live window before it): stickers seen, light, blur at the test's "
          "speed, framing, sticker size, camera square to the plane, frames dropped; its "
          "limits are in the README. Pass, warn, fail or n/a (could not be judged).</p>\n"
          "</section>\n",
          f);
}

cJSON *rc__report_check_json(const rc__side *s)
{
    if (!s->meta.check.n_items)
        return cJSON_CreateNull(); /* no set-up check recorded */
    char *text = rc_check_json(&s->meta.check);
    cJSON *o = text ? cJSON_Parse(text) : NULL;
    free(text);
    return o ? o : cJSON_CreateNull();
}
