/* cmd_compare.c - `romcap compare PRE POST --out report.html`: the pre/post report
 * (self-contained HTML) and report.json beside it. */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
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

int rc_cmd_compare(const rc_app *app, int argc, char **argv)
{
    const char *pre = NULL, *post = NULL, *out = NULL;
    rc_report_options opt = {.title = NULL, .thumbnails = 1};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            help(stdout);
            return 0;
        } else if (!strcmp(a, "--out") && next) {
            out = argv[++i];
        } else if (!strcmp(a, "--title") && next) {
            opt.title = argv[++i];
        } else if (!strcmp(a, "--no-images")) {
            opt.thumbnails = 0;
        } else if (a[0] == '-') {
            fprintf(stderr, "romcap: error: compare: unknown or incomplete option '%s'\n", a);
            return 2;
        } else if (!pre) {
            pre = a;
        } else if (!post) {
            post = a;
        } else {
            fprintf(stderr, "romcap: error: compare: unexpected argument '%s'\n", a);
            return 2;
        }
    }
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
