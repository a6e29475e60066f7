/* cmd_progress.c - `romcap progress S1 S2 ... --out progress.html`: a course of
 * treatment on one page (report.h rc_progress_write), with progress.json and
 * progress.csv beside it. Sessions recorded but not analysed yet are analysed first,
 * as `romcap compare` does. */
#include <stdlib.h>
#include <string.h>

#include "app/analyse.h"
#include "app/app.h"
#include "app/cli.h"
#include "romcap/report.h"

static void help(FILE *out)
{
    fputs("usage: romcap progress SESSION|FOLDER... --out progress.html [--goal [ANGLE=]DEG]\n"
          "                       [--title T] [--different-raters]\n"
          "\n"
          "One subject's sessions of one test in date order (a folder of sessions, e.g.\n"
          "romcap-sessions/P017, is searched for them): per angle the set's ROM per\n"
          "session with its spread, the normal range, the goal, and the change from the\n"
          "first session judged against the between-session measurement error (as in\n"
          "`romcap compare`); compensations per session; pain (NPRS) and function (PSFS)\n"
          "from the sessions' outcomes (romcap record --pain, romcap annotate), judged as\n"
          "improved only beyond their measurement error and at least the important\n"
          "change; each session's set-up check beside its ROM (a session recorded over a\n"
          "failed check is marked: its figures are less trustworthy); and a plain\n"
          "summary. Writes the page (no script, prints on A4), and progress.json and\n"
          "progress.csv beside it. Sessions of different subjects, tests or sides are\n"
          "refused.\n"
          "--goal [ANGLE=]DEG  the therapist's goal for an angle's largest value (default\n"
          "                    angle: the test's first); may be repeated\n"
          "--title T           page title\n"
          "--different-raters  the sessions were measured by different people\n",
          out);
}

static bool parse_goal(const rc_cli *cli, rc_progress_options *opt)
{
    if (opt->n_goals == RC_MAX_ANGLES) {
        fprintf(stderr, "romcap: error: progress: at most %d goals\n", RC_MAX_ANGLES);
        return false;
    }
    rc_progress_goal *g = &opt->goal[opt->n_goals];
    const char *eq = strchr(cli->arg, '=');
    size_t n = eq ? (size_t)(eq - cli->arg) : 0;
    if (n >= sizeof g->angle) {
        fprintf(stderr, "romcap: error: progress: --goal: angle name too long\n");
        return false;
    }
    memcpy(g->angle, cli->arg, n);
    g->angle[n] = '\0';
    if (!rc_cli_double(cli, "--goal", eq ? eq + 1 : cli->arg, -360, 360, &g->deg))
        return false;
    opt->n_goals++;
    return true;
}

enum { OPT_OUT = 256, OPT_GOAL, OPT_TITLE, OPT_RATERS };

int rc_cmd_progress(const rc_app *app, int argc, char **argv)
{
    static const struct option longs[] = {
        {"help", no_argument, 0, 'h'},         {"out", required_argument, 0, OPT_OUT},
        {"goal", required_argument, 0, OPT_GOAL}, {"title", required_argument, 0, OPT_TITLE},
        {"different-raters", no_argument, 0, OPT_RATERS}, {0},
    };
    const char *out = NULL;
    rc_progress_options opt = {0};
    rc_cli cli = rc_cli_start("progress", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        switch (c) {
        case 'h': help(stdout); return 0;
        case OPT_OUT: out = cli.arg; break;
        case OPT_GOAL:
            if (!parse_goal(&cli, &opt))
                return 2;
            break;
        case OPT_TITLE: opt.title = cli.arg; break;
        case OPT_RATERS: opt.different_raters = 1; break;
        default: return 2;
        }
    }
    int first = rc_cli_first_arg(&cli);
    if (first >= argc || !out) {
        fprintf(stderr, "romcap: error: progress needs SESSION... --out FILE.html\n");
        return 2;
    }
    rc_err err = {{0}};
    char **dirs = NULL;
    int n = 0;
    if (rc_progress_collect((const char *const *)argv + first, argc - first, &dirs, &n, &err) !=
        RC_OK)
        return rc_app_fail(app, &err);
    int code = 0;
    for (int i = 0; i < n && !code; i++)
        code = rc_analyse_if_needed(app, dirs[i]);
    char *json = rc_progress_path_beside(out, ".json"), *csv = rc_progress_path_beside(out, ".csv");
    if (!code && json && csv && (!strcmp(json, out) || !strcmp(csv, out))) {
        rc_logf(&app->log, RC_LOG_ERROR, "progress: --out must not end in .json or .csv");
        code = 2;
    }
    if (!code && (!json || !csv || rc_progress_write((const char *const *)dirs, n, out, json, csv,
                                                     &opt, &err) != RC_OK)) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", json && csv ? err.msg : "out of memory");
        code = 1;
    }
    if (!code)
        rc_logf(&app->log, RC_LOG_INFO, "wrote %s, %s and %s (%d sessions)", out, json, csv, n);
    free(json);
    free(csv);
    free(dirs);
    return code;
}
