/* session_list_print.c - the sessions under a folder as the table `romcap sessions`
 * prints (session.h rc_session_list_print). */
#include <math.h>
#include <stdio.h>

#include "romcap/session.h"

void rc_session_list_print(FILE *out, const char *root, const rc_session_entry *e, int n)
{
    fprintf(out, "%-12s %-10s %-20s %-5s %7s %4s %5s %5s %-8s %-8s %s\n", "subject", "date",
            "test", "tag", "frames", "pain", "after", "psfs", "check", "analysed", "folder");
    for (int i = 0; i < n; i++) {
        const rc_session_meta *m = &e[i].meta;
        char pain[16] = "-", after[16] = "-", psfs[16] = "-";
        if (m->outcomes.pain >= 0)
            snprintf(pain, sizeof pain, "%d", m->outcomes.pain);
        if (m->outcomes.pain_after >= 0)
            snprintf(after, sizeof after, "%d", m->outcomes.pain_after);
        double f = rc_outcomes_psfs_mean(&m->outcomes);
        if (!isnan(f))
            snprintf(psfs, sizeof psfs, "%.1f", f);
        /* the set-up check (issue 20): pass, warn, FAIL, FAIL-ack (recorded anyway after
         * the live window's warning) or - (none recorded), as rc_check_mark says */
        fprintf(out, "%-12s %-10.10s %-20s %-5s %7lld %4s %5s %5s %-8s %-8s %s\n",
                m->subject[0] ? m->subject : "-", m->created, m->test[0] ? m->test : m->model_name,
                m->tag[0] ? m->tag : "-", (long long)e[i].frames, pain, after, psfs,
                rc_check_mark(&m->check), e[i].analysed ? "yes" : "no", e[i].dir);
    }
    if (n == 0)
        fprintf(out, "(no sessions under %s)\n", root);
}
