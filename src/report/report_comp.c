/* report_comp.c - the pre/post report's compensation block (issue 16): beside an
 * angle's ROM, each compensation rule of the test before and after (its largest
 * amount, the repetitions past its limit, the share of frames), and a marked line when
 * the ROM of a session was reached while compensating: that peak overstates the
 * joint's own range. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_internal.h"

/* Side s's judgement of rule `name` for angle `angle`, or NULL. */
static const rc_summary_compensation *find(const rc__side *s, const char *name, const char *angle)
{
    for (int i = 0; i < s->n_comp; i++)
        if (!strcmp(s->comp[i].name, name) && (!s->comp[i].angle[0] || !strcmp(s->comp[i].angle, angle)))
            return &s->comp[i];
    return NULL;
}

static void cell(FILE *f, const rc_summary_compensation *c)
{
    fputs("<td>", f);
    if (!c)
        fputs("&ndash;", f);
    else if (!c->enabled)
        rc__html_escape(f, c->note[0] ? c->note : "not judged");
    else if (isfinite(c->max_value)) {
        fprintf(f, "max %.1f %s", c->max_value, strcmp(c->unit, "deg") ? c->unit : "deg");
        if (c->reps >= 0)
            fprintf(f, "; %d of %d repetitions past the limit", c->reps_flagged, c->reps);
        if (isfinite(c->share_frames))
            fprintf(f, "; %.0f%% of frames", 100 * c->share_frames);
    } else
        fputs("&ndash;", f);
    fputs("</td>", f);
}

/* "Before" / "After": the marked line when a repetition passed a rule's limit. */
static void marked(FILE *f, const rc__side *s, const char *angle, const char *which)
{
    for (int i = 0; i < s->n_comp; i++) {
        const rc_summary_compensation *c = &s->comp[i];
        if ((c->angle[0] && strcmp(c->angle, angle)) || !c->enabled || c->reps_flagged <= 0)
            continue;
        fprintf(f, "<p class=\"warning\"><strong>%s: ROM reached while compensating</strong> "
                   "&ndash; ", which);
        rc__html_escape(f, c->label);
        fprintf(f, " past its limit (%g %s) in %d of %d repetitions: the set's ROM overstates "
                   "the joint's own range.</p>\n",
                c->limit, strcmp(c->unit, "deg") ? c->unit : "deg", c->reps_flagged, c->reps);
    }
}

void rc__report_comp_html(FILE *f, const rc__side *pre, const rc__side *post, int a)
{
    const char *angle = pre->model.angle[a].name;
    int rows = 0;
    const rc__side *sides[2] = {pre, post};
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < sides[k]->n_comp; i++) {
            const rc_summary_compensation *c = &sides[k]->comp[i];
            if (c->angle[0] && strcmp(c->angle, angle))
                continue;
            if (k == 1 && find(pre, c->name, angle))
                continue; /* already a row */
            if (!rows++)
                fputs("<table class=\"comp\"><thead><tr><th>Compensation (limit)</th><th>Before"
                      "</th><th>After</th></tr></thead><tbody>\n",
                      f);
            fputs("<tr><td>", f);
            rc__html_escape(f, c->label);
            fprintf(f, " (%g %s)</td>", c->limit, strcmp(c->unit, "deg") ? c->unit : "deg");
            cell(f, find(pre, c->name, angle));
            cell(f, find(post, c->name, angle));
            fputs("</tr>\n", f);
        }
    if (!rows)
        return;
    fputs("</tbody></table>\n<p class=\"note\">A compensation's amount is its change from the "
          "start of each repetition (the model's rule); a repetition is flagged when it passes "
          "the limit. Limits and their sources: ",
          f);
    for (int i = 0, n = 0; i < pre->n_comp; i++) {
        const rc_summary_compensation *c = &pre->comp[i];
        if (c->angle[0] && strcmp(c->angle, angle))
            continue;
        fputs(n++ ? "; " : "", f);
        rc__html_escape(f, c->label);
        fputs(": ", f);
        rc__html_escape(f, c->source);
    }
    fputs(".</p>\n", f);
    marked(f, pre, angle, "Before");
    marked(f, post, angle, "After");
}
