/* cmd_sessions.c - `romcap sessions [ROOT]`: the sessions under a folder (by default
 * romcap-sessions/, laid out per pseudonym: session.h rc_session_list), one line each,
 * so the therapist finds a course. */
#include <math.h>
#include <stdlib.h>

#include "app/app.h"
#include "app/cli.h"
#include "romcap/session.h"

static void help(FILE *out)
{
    fputs("usage: romcap sessions [ROOT]\n"
          "\n"
          "Lists the session folders at or below ROOT (default " RC_SESSION_ROOT "/,\n"
          "laid out as ROOT/PSEUDONYM/YYYY-MM-DD-TEST[-TAG]/), sorted by subject and time:\n"
          "subject, date, test, tag, frames, pain before/after (NPRS 0-10), function\n"
          "(PSFS mean), analysed or not, folder.\n",
          out);
}

int rc_cmd_sessions(const rc_app *app, int argc, char **argv)
{
    static const struct option longs[] = {{"help", no_argument, 0, 'h'}, {0}};
    rc_cli cli = rc_cli_start("sessions", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        if (c == 'h') {
            help(stdout);
            return 0;
        }
        return 2;
    }
    int first = rc_cli_first_arg(&cli);
    if (argc - first > 1) {
        fprintf(stderr, "romcap: error: sessions: unexpected argument '%s'\n", argv[first + 1]);
        return 2;
    }
    const char *root = first < argc ? argv[first] : RC_SESSION_ROOT;
    rc_session_entry *e = NULL;
    int n = 0;
    rc_err err = {{0}};
    if (rc_session_list(root, &e, &n, &err) != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
    printf("%-12s %-10s %-20s %-5s %7s %4s %5s %5s %-8s %s\n", "subject", "date", "test", "tag",
           "frames", "pain", "after", "psfs", "analysed", "folder");
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
        printf("%-12s %-10.10s %-20s %-5s %7lld %4s %5s %5s %-8s %s\n",
               m->subject[0] ? m->subject : "-", m->created, m->test[0] ? m->test : m->model_name,
               m->tag[0] ? m->tag : "-", (long long)e[i].frames, pain, after, psfs,
               e[i].analysed ? "yes" : "no", e[i].dir);
    }
    if (n == 0)
        printf("(no sessions under %s)\n", root);
    free(e);
    return 0;
}
