/* cmd_export.c - `romcap export DIR --format csv|trc|avi [--out FILE]`: a session's
 * tracks as a wide CSV or OpenSim TRC, or its frames as an MJPEG AVI (remux of the
 * stored JPEG bytes: no re-encoding). Options only: the export is
 * rc_session_export_run (session.h, session/session_export_run.c). */
#include <string.h>

#include "app/app.h"
#include "app/cli.h"
#include "romcap/session.h"

static void help(FILE *out)
{
    fputs("usage: romcap export DIR --format csv|trc|avi [--out FILE] [--calib F]\n"
          "\n"
          "csv  DIR/tracks.csv in wide form: one row per frame, x/y/state per marker\n"
          "trc  OpenSim marker file, frame rate from the recorded timestamps. With a\n"
          "     calibration (--calib F, default: the copy stored in the session when it\n"
          "     was recorded with one): movement-plane mm, X right, Y up, Z = 0;\n"
          "     without: image pixels as in tracks.csv (y down), Z = 0\n"
          "avi  MJPEG AVI of the recorded frames: the original JPEG bytes remuxed\n"
          "Default FILE: DIR/export.csv, DIR/markers.trc or DIR/video.avi.\n",
          out);
}

/* Long-only options take values from 256 (getopt's convention, beyond any char). */
enum { OPT_FORMAT = 256, OPT_OUT, OPT_CALIB };

/* Fills *rq from the command line: -1 to go on, else the exit status (0 after
 * --help, 2 for bad usage, said on stderr). */
static int parse_export(int argc, char **argv, rc_export_request *rq)
{
    static const struct option longs[] = {
        {"help", no_argument, 0, 'h'},
        {"format", required_argument, 0, OPT_FORMAT},
        {"out", required_argument, 0, OPT_OUT},
        {"calib", required_argument, 0, OPT_CALIB},
        {0},
    };
    rc_cli cli = rc_cli_start("export", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        switch (c) {
        case 'h': help(stdout); return 0;
        case OPT_FORMAT: rq->format = cli.arg; break;
        case OPT_OUT: rq->out = cli.arg; break;
        case OPT_CALIB: rq->calib = cli.arg; break;
        default: return 2;
        }
    }
    int first = rc_cli_first_arg(&cli);
    if (!rc_cli_at_most(&cli, 1))
        return 2;
    rq->dir = first < argc ? argv[first] : NULL;
    if (!rq->dir || !rq->format) {
        fprintf(stderr, "romcap: error: export needs DIR and --format csv|trc|avi\n");
        return 2;
    }
    if (strcmp(rq->format, "csv") && strcmp(rq->format, "trc") && strcmp(rq->format, "avi")) {
        fprintf(stderr, "romcap: error: export: unknown format '%s' (csv, trc or avi)\n",
                rq->format);
        return 2;
    }
    return -1;
}

int rc_cmd_export(const rc_app *app, int argc, char **argv)
{
    rc_export_request rq = {.say = rc_app_say, .user = (void *)app};
    int r = parse_export(argc, argv, &rq);
    if (r >= 0)
        return r;
    rc_err err = {{0}};
    char written[4200];
    if (rc_session_export_run(&rq, written, sizeof written, &err) != RC_OK)
        return rc_app_fail(app, &err);
    rc_logf(&app->log, RC_LOG_INFO, "wrote %s", written);
    return 0;
}
