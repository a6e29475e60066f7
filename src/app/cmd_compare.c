/* cmd_compare.c - `romcap compare PRE POST --out report.html`: the pre/post report
 * (self-contained HTML) and report.json beside it. */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/cli.h"
#include "romcap/report.h"

static void help(FILE *out)
{
    fputs("usage: romcap compare PRE_DIR POST_DIR --out report.html [--title T] [--no-images]\n"
          "\n"
          "Compares two analysed session folders of the same test: angle-time curves,\n"
          "per-repetition ROM, the normal range, pre / post / change against the test's\n"
          "minimal detectable change, movement quality, and the frames at peak ROM.\n"
          "Writes the HTML page (no scripts, no network, prints on A4) and report.json\n"
          "(same numbers) beside it.\n",
          out);
}

enum { OPT_OUT = 256, OPT_TITLE, OPT_NO_IMAGES };

int rc_cmd_compare(const rc_app *app, int argc, char **argv)
{
    static const struct option longs[] = {
        {"help", no_argument, 0, 'h'},
        {"out", required_argument, 0, OPT_OUT},
        {"title", required_argument, 0, OPT_TITLE},
        {"no-images", no_argument, 0, OPT_NO_IMAGES},
        {0},
    };
    const char *pre = NULL, *post = NULL, *out = NULL;
    rc_report_options opt = {.title = NULL, .thumbnails = 1};
    rc_cli cli = rc_cli_start("compare", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        switch (c) {
        case 'h': help(stdout); return 0;
        case OPT_OUT: out = cli.arg; break;
        case OPT_TITLE: opt.title = cli.arg; break;
        case OPT_NO_IMAGES: opt.thumbnails = 0; break;
        default: return 2;
        }
    }
    int first = rc_cli_first_arg(&cli);
    if (argc - first > 2) {
        fprintf(stderr, "romcap: error: compare: unexpected argument '%s'\n", argv[first + 2]);
        return 2;
    }
    pre = first < argc ? argv[first] : NULL;
    post = first + 1 < argc ? argv[first + 1] : NULL;
    if (!pre || !post || !out) {
        fprintf(stderr, "romcap: error: compare needs PRE_DIR POST_DIR --out FILE.html\n");
        help(stderr);
        return 2;
    }
    /* report.json beside the page: same folder, same stem. */
    size_t n = strlen(out);
    char *json = malloc(n + 11);
    if (!json)
        return 1;
    memcpy(json, out, n + 1);
    char *slash = strrchr(json, '/'), *dot = strrchr(json, '.');
    if (dot && (!slash || dot > slash))
        *dot = '\0';
    strcat(json, ".json");
    if (!strcmp(json, out))
        strcat(json, ".json"); /* out was already *.json */
    rc_err err = {{0}};
    rc_status st = rc_report_compare(pre, post, out, json, &opt, &err);
    if (st != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        free(json);
        return 1;
    }
    rc_logf(&app->log, RC_LOG_INFO, "wrote %s and %s", out, json);
    free(json);
    return 0;
}
