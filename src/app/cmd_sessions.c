/* cmd_sessions.c - `romcap sessions [ROOT]`: the sessions under a folder (by default
 * romcap-sessions/, laid out per pseudonym: session.h rc_session_list), one line each
 * (rc_session_list_print), so the therapist finds a course. */
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
          "(PSFS mean), the set-up check (pass, warn, FAIL, FAIL-ack: failed and recorded\n"
          "anyway after the warning, - none recorded), analysed or not, folder.\n",
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
    if (!rc_cli_at_most(&cli, 1))
        return 2;
    const char *root = first < argc ? argv[first] : RC_SESSION_ROOT;
    rc_session_entry *e = NULL;
    int n = 0;
    rc_err err = {{0}};
    if (rc_session_list(root, &e, &n, &err) != RC_OK)
        return rc_app_fail(app, &err);
    rc_session_list_print(stdout, root, e, n);
    free(e);
    return 0;
}
