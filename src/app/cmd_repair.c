/* cmd_repair.c - `romcap repair DIR`: checks a session's frame index against its
 * frames and rebuilds it by scanning the JPEG boundaries (after a crash or a kill). */
#include <string.h>

#include "app/app.h"
#include "app/cli.h"
#include "romcap/session.h"

int rc_cmd_repair(const rc_app *app, int argc, char **argv)
{
    static const struct option longs[] = {{"help", no_argument, 0, 'h'}, {0}};
    rc_cli cli = rc_cli_start("repair", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        if (c != 'h')
            return 2;
        fputs("usage: romcap repair DIR\n"
              "\n"
              "Checks frames.idx of session folder DIR against frames.mjpeg and rewrites\n"
              "it when it is missing, truncated or inconsistent (frames found by scanning\n"
              "for complete JPEGs; an incomplete last frame is cut off).\n",
              stdout);
        return 0;
    }
    int first = rc_cli_first_arg(&cli);
    if (!rc_cli_at_most(&cli, 1))
        return 2;
    const char *dir = first < argc ? argv[first] : NULL;
    if (!dir) {
        fprintf(stderr, "romcap: error: repair needs a session folder\n");
        return 2;
    }
    rc_err err = {{0}};
    rc_session_repair_report rep;
    if (rc_session_repair(dir, &rep, &err) != RC_OK)
        return rc_app_fail(app, &err);
    if (!rep.rewritten)
        rc_logf(&app->log, RC_LOG_INFO, "%s: index is sound (%lld frames)", dir,
                (long long)rep.frames_total);
    else
        rc_logf(&app->log, RC_LOG_INFO,
                "%s: index rebuilt: %lld frames (%lld from the old index, %lld recovered by "
                "scanning), %lld bytes of an incomplete frame cut",
                dir, (long long)rep.frames_total, (long long)rep.frames_indexed,
                (long long)rep.frames_found, (long long)rep.bytes_dropped);
    return 0;
}
