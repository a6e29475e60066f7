/* cmd_compare.c - `romcap compare PRE POST --out report.html`: the pre/post report
 * (self-contained HTML) and report.json beside it. A session that was recorded but
 * not analysed yet is analysed first (its own model, into its own folder), so a
 * therapist can go from two recordings to the report in one command. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "app/analyse.h"
#include "app/app.h"
#include "app/cli.h"
#include "romcap/report.h"

static void help(FILE *out)
{
    fputs("usage: romcap compare PRE_DIR POST_DIR --out report.html [--title T] [--no-images]\n"
          "                      [--force] [--same-application] [--different-raters]\n"
          "\n"
          "Compares two session folders of the same test: angle-time curves,\n"
          "per-repetition ROM, the normal range, pre / post / change against the test's\n"
          "minimal detectable change, movement quality, and the frames at peak ROM.\n"
          "Each measure of the set's ROM (peak, trough, range: means over the\n"
          "repetitions) gets a verdict: improved, worse (by the test's better direction)\n"
          "or within measurement error, against the MDC95 of a published figure of the\n"
          "same design; the figure and its source are printed. Sessions on different\n"
          "days use between-session figures; so do sessions the same day unless:\n"
          "  --same-application  the stickers stayed on between the two sessions (same\n"
          "                      day): within-session figures apply\n"
          "  --different-raters  the sessions were measured by different people\n"
          "A verdict needs at least 3 repetitions on each side.\n"
          "Writes the HTML page (no scripts, no network, prints on A4) and report.json\n"
          "(same numbers) beside it. A session not analysed yet (no summary.json or\n"
          "angles.csv) is analysed first, with the model it was recorded with.\n"
          "\n"
          "Sessions of different tests (angle definitions; sticker colours may differ)\n"
          "are refused. Sessions of the same test filmed from another view, one\n"
          "mirrored (other side or facing) and one not, or one in a calibrated plane\n"
          "and one in image angles are refused too, because their numbers do not mean\n"
          "the same thing:\n"
          "  --force     compare them anyway; the reason is printed as a warning at the\n"
          "              top of the report and in report.json (\"warnings\")\n"
          "  --title T   page title (default: \"Range of motion: TEST\")\n"
          "  --no-images leave out the frames at peak ROM\n",
          out);
}

enum { OPT_OUT = 256, OPT_TITLE, OPT_NO_IMAGES, OPT_FORCE, OPT_SAME_APP, OPT_RATERS };

int rc_cmd_compare(const rc_app *app, int argc, char **argv)
{
    static const struct option longs[] = {
        {"help", no_argument, 0, 'h'},
        {"out", required_argument, 0, OPT_OUT},
        {"title", required_argument, 0, OPT_TITLE},
        {"no-images", no_argument, 0, OPT_NO_IMAGES},
        {"force", no_argument, 0, OPT_FORCE},
        {"same-application", no_argument, 0, OPT_SAME_APP},
        {"different-raters", no_argument, 0, OPT_RATERS},
        {0},
    };
    const char *pre = NULL, *post = NULL, *out = NULL;
    rc_report_options opt = {.title = NULL, .thumbnails = 1, .force = 0};
    rc_cli cli = rc_cli_start("compare", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        switch (c) {
        case 'h': help(stdout); return 0;
        case OPT_OUT: out = cli.arg; break;
        case OPT_TITLE: opt.title = cli.arg; break;
        case OPT_NO_IMAGES: opt.thumbnails = 0; break;
        case OPT_FORCE: opt.force = 1; break;
        case OPT_SAME_APP: opt.same_application = 1; break;
        case OPT_RATERS: opt.different_raters = 1; break;
        default: return 2;
        }
    }
    int first = rc_cli_first_arg(&cli);
    if (!rc_cli_at_most(&cli, 2))
        return 2;
    pre = first < argc ? argv[first] : NULL;
    post = first + 1 < argc ? argv[first + 1] : NULL;
    if (!pre || !post || !out) {
        fprintf(stderr, "romcap: error: compare needs PRE_DIR POST_DIR --out FILE.html\n");
        help(stderr);
        return 2;
    }
    if (rc_analyse_if_needed(app, pre) != 0 || rc_analyse_if_needed(app, post) != 0)
        return 1;
    char *json = rc_report_json_path(out); /* beside the page, same stem */
    if (!json)
        return 1;
    rc_err err = {{0}};
    char warning[400] = "";
    opt.warning = warning;
    opt.warning_cap = sizeof warning;
    rc_status st = rc_report_compare(pre, post, out, json, &opt, &err);
    if (st == RC_OK && warning[0])
        rc_logf(&app->log, RC_LOG_WARN, "%s", warning);
    if (st == RC_OK)
        rc_logf(&app->log, RC_LOG_INFO, "wrote %s and %s", out, json);
    free(json);
    return st == RC_OK ? 0 : rc_app_fail(app, &err);
}
