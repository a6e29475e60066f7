/* cmd_repair.c - `romcap repair DIR`: checks a session's frame index against its
 * frames and rebuilds it by scanning the JPEG boundaries (after a crash or a kill). */
#include <string.h>

#include "app/app.h"
#include "romcap/session.h"

int rc_cmd_repair(const rc_app *app, int argc, char **argv)
{
    const char *dir = NULL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs("usage: romcap repair DIR\n"
                  "\n"
                  "Checks frames.idx of session folder DIR against frames.mjpeg and rewrites\n"
                  "it when it is missing, truncated or inconsistent (frames found by scanning\n"
                  "for complete JPEGs; an incomplete last frame is cut off).\n",
                  stdout);
            return 0;
        }
        if (argv[i][0] == '-' || dir) {
            fprintf(stderr, "romcap: error: repair: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
        dir = argv[i];
    }
    if (!dir) {
        fprintf(stderr, "romcap: error: repair needs a session folder\n");
        return 2;
    }
    rc_err err = {{0}};
    rc_session_repair_report rep;
    if (rc_session_repair(dir, &rep, &err) != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
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
