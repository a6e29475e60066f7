/* cmd_calibrate.c - `romcap calibrate INPUT... --board 9x6 --square 25 --out FILE.yml`:
 * lens from chessboard views, then optionally the movement plane, vertical and scale,
 * written as an OpenCV-layout YAML file (mode 0600). Options only: the flow and its
 * printed report are rc_calib_run (calib.h, calib/calib_run.c). */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/cli.h"
#include "romcap/calib.h"
#include "romcap/analysis.h"

enum { MAX_VIDEO_VIEWS_DEFAULT = 40 };

static void help(FILE *out)
{
    fputs("usage: romcap calibrate INPUT... --board 9x6 --square MM --out FILE.yml [options]\n"
          "\n"
          "Solves the lens (camera matrix and distortion) from chessboard views, and with\n"
          "--plane the movement plane (perspective correction, mm scale) and vertical.\n"
          "The file uses OpenCV's YAML layout; give it to analyse/live with --calib.\n"
          "\n"
          "INPUT        image files, a folder of images, a quoted glob ('shots/*.jpg'),\n"
          "             a video file or synthetic:chessboard?... (frames are sampled)\n"
          "--board CxR  inner corners per row x per column (default 9x6)\n"
          "--square MM  side of one square in millimetres (required)\n"
          "--out FILE   calibration file to write (private, mode 0600)\n"
          "--plane IMG  image (or video / synthetic:) of the board held in the movement\n"
          "             plane: angles are then measured in that plane, in mm\n"
          "--plane-square MM  square size of the --plane board if it differs (default: --square)\n"
          "--vertical board | X1,Y1,X2,Y2\n"
          "             vertical from the --plane board's columns (board held plumb), or\n"
          "             from two image points on a plumb line, upper point first;\n"
          "             default: the image vertical\n"
          "--lens FILE  reuse the lens of an existing calibration (no INPUT needed)\n"
          "--fix-aspect solve with fx = fy\n"
          "--no-reject  keep every view (default: drop views with error > 2x median)\n"
          "--max-views N  at most N views sampled from a video (default 40)\n",
          out);
}

enum {
    OPT_BOARD = 256,
    OPT_SQUARE,
    OPT_OUT,
    OPT_PLANE,
    OPT_PLANE_SQUARE,
    OPT_VERTICAL,
    OPT_LENS,
    OPT_FIX_ASPECT,
    OPT_NO_REJECT,
    OPT_MAX_VIEWS
};

/* --board or --vertical through its parser; false after printing the error. */
static bool parsed(const char *opt, rc_status st, const rc_err *e)
{
    if (st != RC_OK)
        fprintf(stderr, "romcap: error: calibrate: %s: %s\n", opt, e->msg);
    return st == RC_OK;
}

/* One option's value into *rq; false (the error said) for a bad value. */
static bool calib_option(const rc_cli *cli, int c, rc_calib_request *rq)
{
    int64_t n;
    rc_err e = {{0}};
    switch (c) {
    case OPT_BOARD: return parsed("--board", rc_board_parse(cli->arg, &rq->board, &e), &e);
    case OPT_SQUARE:
        return rc_cli_double(cli, "--square", cli->arg, 1e-3, 1e5, &rq->board.square_mm);
    case OPT_OUT: rq->out = cli->arg; break;
    case OPT_PLANE: rq->plane = cli->arg; break;
    case OPT_PLANE_SQUARE:
        return rc_cli_double(cli, "--plane-square", cli->arg, 1e-3, 1e5, &rq->plane_square);
    case OPT_VERTICAL:
        return parsed("--vertical", rc_calib_vertical_parse(cli->arg, rq, &e), &e);
    case OPT_LENS: rq->lens = cli->arg; break;
    case OPT_FIX_ASPECT: rq->lo.fix_aspect = true; break;
    case OPT_NO_REJECT: rq->lo.reject_factor = 0; break;
    case OPT_MAX_VIEWS:
        if (!rc_cli_int(cli, "--max-views", cli->arg, 3, RC_CALIB_MAX_VIEWS, &n))
            return false;
        rq->max_views = (int)n;
        break;
    }
    return true;
}

/* Fills *rq from the command line: -1 to go on, else the exit status (0 after
 * --help, 2 for bad usage, said on stderr). */
static int parse_calibrate(int argc, char **argv, rc_calib_request *rq)
{
    static const struct option longs[] = {
        {"help", no_argument, 0, 'h'},
        {"board", required_argument, 0, OPT_BOARD},
        {"square", required_argument, 0, OPT_SQUARE},
        {"out", required_argument, 0, OPT_OUT},
        {"plane", required_argument, 0, OPT_PLANE},
        {"plane-square", required_argument, 0, OPT_PLANE_SQUARE},
        {"vertical", required_argument, 0, OPT_VERTICAL},
        {"lens", required_argument, 0, OPT_LENS},
        {"fix-aspect", no_argument, 0, OPT_FIX_ASPECT},
        {"no-reject", no_argument, 0, OPT_NO_REJECT},
        {"max-views", required_argument, 0, OPT_MAX_VIEWS},
        {0},
    };
    rc_cli cli = rc_cli_start("calibrate", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        if (c == 'h') {
            help(stdout);
            return 0;
        }
        if (c == RC_CLI_BAD || !calib_option(&cli, c, rq))
            return 2;
    }
    int first = rc_cli_first_arg(&cli);
    rq->inputs = argv + first;
    rq->n_inputs = argc - first;
    const char *wrong = NULL;
    if (!rq->out || rq->board.square_mm <= 0 || (rq->n_inputs == 0 && !rq->lens))
        wrong = "calibrate needs INPUT (or --lens FILE), --square MM and --out FILE";
    else if (rq->vertical_board && !rq->plane)
        wrong = "--vertical board needs --plane IMAGE";
    if (wrong) {
        fprintf(stderr, "romcap: error: %s\n(romcap calibrate --help for usage)\n", wrong);
        return 2;
    }
    return -1;
}

int rc_cmd_calibrate(const rc_app *app, int argc, char **argv)
{
    rc_calib_request rq = {
        .board = {.cols = 9, .rows = 6, .square_mm = 0},
        .lo = rc_lens_options_default(),
        .max_views = MAX_VIDEO_VIEWS_DEFAULT,
    };
    int r = parse_calibrate(argc, argv, &rq);
    if (r >= 0)
        return r;
    rc_err err = {{0}};
    rc_calib_reader rd = rc_source_calib_reader();
    rc_calib_events ev = {.user = (void *)app, .warn = rc_app_warn, .info = rc_app_info};
    if (rc_calib_run(&rq, &rd, &ev, stdout, &err) != RC_OK) {
        fprintf(stderr, "romcap: error: %s\n", err.msg);
        return 1;
    }
    return 0;
}
