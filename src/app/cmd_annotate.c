/* cmd_annotate.c - `romcap annotate DIR --pain 3 --note ...`: what the patient reported,
 * set or corrected after the recording (session.json "outcomes", rewritten atomically
 * by the session's own writer: session.h rc_session_set_outcomes). */
#include <string.h>

#include "app/app.h"
#include "app/cli.h"
#include "romcap/session.h"

static void help(FILE *out)
{
    fputs("usage: romcap annotate SESSION_DIR [--pain N] [--pain-after N] [--psfs LIST]\n"
          "                       [--note TEXT] [--clear]\n"
          "\n"
          "Sets what the patient reported at a recorded session; options not given keep\n"
          "their stored value. Only session.json's \"outcomes\" changes.\n"
          "--pain N        pain now, before the test: Numeric Pain Rating Scale, a whole\n"
          "                number 0 (no pain) .. 10 (worst imaginable)\n"
          "--pain-after N  pain right after the test, same scale\n"
          "--psfs LIST     Patient-Specific Functional Scale: up to 5 activities the patient\n"
          "                names, each 0 (unable) .. 10 (as before the problem), e.g.\n"
          "                \"stairs=4,kneel=2\"; the score is their mean\n"
          "--note TEXT     a short note (one line; no names: the session is pseudonymous)\n"
          "--clear         forget the stored outcomes first\n",
          out);
}

enum { OPT_PAIN = 256, OPT_PAIN_AFTER, OPT_PSFS, OPT_NOTE, OPT_CLEAR };

int rc_cmd_annotate(const rc_app *app, int argc, char **argv)
{
    static const struct option longs[] = {
        {"help", no_argument, 0, 'h'},
        {"pain", required_argument, 0, OPT_PAIN},
        {"pain-after", required_argument, 0, OPT_PAIN_AFTER},
        {"psfs", required_argument, 0, OPT_PSFS},
        {"note", required_argument, 0, OPT_NOTE},
        {"clear", no_argument, 0, OPT_CLEAR},
        {0},
    };
    /* Options are applied in order onto the stored outcomes, read once DIR is known. */
    const char *given[16][2];
    int n_given = 0, clear = 0;
    rc_cli cli = rc_cli_start("annotate", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        if (c == 'h') {
            help(stdout);
            return 0;
        }
        if (c == RC_CLI_BAD)
            return 2;
        if (c == OPT_CLEAR) {
            clear = 1;
            continue;
        }
        if (n_given == 16) {
            fprintf(stderr, "romcap: error: annotate: too many options\n");
            return 2;
        }
        given[n_given][0] = c == OPT_PAIN         ? "pain"
                            : c == OPT_PAIN_AFTER ? "pain-after"
                            : c == OPT_PSFS       ? "psfs"
                                                  : "note";
        given[n_given++][1] = cli.arg;
    }
    int first = rc_cli_first_arg(&cli);
    if (argc - first != 1 || (n_given == 0 && !clear)) {
        fprintf(stderr, "romcap: error: annotate needs one SESSION_DIR and at least one of "
                        "--pain, --pain-after, --psfs, --note, --clear\n");
        return 2;
    }
    const char *dir = argv[first];
    rc_err err = {{0}};
    rc_session *s = rc_session_open(dir, &err);
    if (!s)
        return rc_app_fail(app, &err);
    rc_session_outcomes o = rc_session_get_meta(s)->outcomes;
    rc_session_close(s);
    if (clear)
        rc_outcomes_init(&o);
    for (int i = 0; i < n_given; i++)
        if (rc_outcomes_option(given[i][0], given[i][1], &o, &err) != RC_OK) {
            fprintf(stderr, "romcap: error: annotate: %s\n", err.msg);
            return 2;
        }
    if (rc_session_set_outcomes(dir, &o, &err) != RC_OK)
        return rc_app_fail(app, &err);
    rc_logf(&app->log, RC_LOG_INFO, "%s/session.json: outcomes updated", dir);
    return 0;
}
