/* cmd_calibrate.c - `romcap calibrate INPUT... --board 9x6 --square 25 --out FILE.yml`:
 * lens from chessboard views, then optionally the movement plane, vertical and scale,
 * written as an OpenCV-layout YAML file (mode 0600). Glue only: the work is in
 * src/calib/. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/cli.h"
#include "romcap/calib.h"
#include "romcap/source.h"

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

/* Sources for the calibration (rc_calib_reader) through capture's rc_source. */
static void *src_open(void *user, const char *uri, int64_t *n_frames, rc_err *err)
{
    (void)user;
    rc_source *src = rc_source_open(uri, NULL, err);
    rc_source_info info = {0};
    if (src)
        rc_source_get_info(src, &info);
    *n_frames = info.n_frames;
    return src;
}

static rc_status src_read(void *src, rc_image *im, int64_t *index, rc_err *err)
{
    rc_frame f;
    rc_status s = rc_source_read(src, &f);
    if (s == RC_OK) {
        *im = f.image;
        *index = f.index;
    } else if (s != RC_E_EOF && s != RC_E_DECODE) {
        rc_err_set(err, s, "%s", rc_source_last_error(src));
    }
    return s;
}

static void src_close(void *src)
{
    rc_source_close(src);
}

static void on_warn(void *user, const char *msg)
{
    rc_logf(&((const rc_app *)user)->log, RC_LOG_WARN, "%s", msg);
}

static void on_info(void *user, const char *msg)
{
    rc_logf(&((const rc_app *)user)->log, RC_LOG_INFO, "%s", msg);
}

static void print_lens(const rc_calib *c)
{
    const double *K = c->camera_matrix, *d = c->dist;
    printf("lens: %dx%d", c->image_width, c->image_height);
    if (c->rms_px > 0)
        printf(", RMS reprojection error %.4f px over %d views", c->rms_px, c->n_views);
    printf("\n");
    printf("  fx %.3f  fy %.3f  cx %.3f  cy %.3f\n", K[0], K[4], K[2], K[5]);
    printf("  k1 %.6f  k2 %.6f  p1 %.6f  p2 %.6f  k3 %.6f\n", d[0], d[1], d[2], d[3], d[4]);
}

/* What the command line asks for. */
typedef struct calib_request {
    rc_board board;
    const char *out, *plane, *lens;
    rc_lens_options lo;
    int max_views;
    double plane_square; /* mm, 0 = the --square */
    char **inputs;       /* the positional arguments (borrowed from argv) */
    int n_inputs;
    bool vertical_board; /* --vertical board */
    bool vertical_plumb; /* --vertical X1,Y1,X2,Y2, in plumb[] */
    double plumb[4];
} calib_request;

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

/* --board CxR: the whole text, both counts >= 2. */
static bool parse_board(const char *s, rc_board *b)
{
    char x;
    int end = 0;
    if (sscanf(s, "%d%c%d%n", &b->cols, &x, &b->rows, &end) != 3 || s[end] ||
        (x != 'x' && x != 'X') || b->cols < 2 || b->rows < 2) {
        fprintf(stderr, "romcap: error: calibrate: --board: expected CxR like 9x6, got '%s'\n", s);
        return false;
    }
    return true;
}

/* --vertical board | X1,Y1,X2,Y2 */
static bool parse_vertical(const char *s, calib_request *rq)
{
    int end = 0;
    rq->vertical_board = rq->vertical_plumb = false; /* the last --vertical counts */
    if (!strcmp(s, "board")) {
        rq->vertical_board = true;
    } else if (sscanf(s, "%lf,%lf,%lf,%lf%n", &rq->plumb[0], &rq->plumb[1], &rq->plumb[2],
                      &rq->plumb[3], &end) == 4 &&
               !s[end]) {
        rq->vertical_plumb = true;
    } else {
        fprintf(stderr,
                "romcap: error: calibrate: --vertical: expected 'board' or X1,Y1,X2,Y2, got "
                "'%s'\n",
                s);
        return false;
    }
    return true;
}

/* One option's value into *rq; false (the error said) for a bad value. */
static bool calib_option(const rc_cli *cli, int c, calib_request *rq)
{
    int64_t n;
    switch (c) {
    case OPT_BOARD: return parse_board(cli->arg, &rq->board);
    case OPT_SQUARE:
        return rc_cli_double(cli, "--square", cli->arg, 1e-3, 1e5, &rq->board.square_mm);
    case OPT_OUT: rq->out = cli->arg; break;
    case OPT_PLANE: rq->plane = cli->arg; break;
    case OPT_PLANE_SQUARE:
        return rc_cli_double(cli, "--plane-square", cli->arg, 1e-3, 1e5, &rq->plane_square);
    case OPT_VERTICAL: return parse_vertical(cli->arg, rq);
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
static int parse_calibrate(int argc, char **argv, calib_request *rq)
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

/* Prints the solved lens, each view's error and the coverage; warns when they are poor. */
static void report_lens(const rc_app *app, const rc_calib *cal, const rc_calib_views *v,
                        const rc_lens_report *rep, const rc_lens_options *lo)
{
    print_lens(cal);
    printf("  first solve over all %d views: RMS %.4f px\n", rep->n_views, rep->rms_all_px);
    printf("per-view RMS error (px):\n");
    for (int i = 0; i < v->n; i++)
        printf("  %7.4f  %s%s\n", rep->view_err_px[i], v->name[i],
               rep->rejected[i] ? "  REJECTED" : "");
    int n_rej = rep->n_views - rep->n_kept;
    if (n_rej)
        printf("rejected %d view(s) with error > %.1fx the median\n", n_rej, lo->reject_factor);
    printf("coverage: %d%% of the image\n", rep->coverage_pct);
    if (rep->coverage_warning[0])
        rc_logf(&app->log, RC_LOG_WARN, "%s", rep->coverage_warning);
    if (cal->rms_px > 1.0)
        rc_logf(&app->log, RC_LOG_WARN,
                "RMS %.2f px is high: check the board is flat and --board matches it", cal->rms_px);
}

/* The lens from the board views of every INPUT. */
static rc_status solve_lens(const rc_app *app, const calib_request *rq, rc_calib *cal, rc_err *err)
{
    rc_calib_reader rd = {.open = src_open, .read = src_read, .close = src_close};
    rc_calib_events ev = {.user = (void *)app, .warn = on_warn, .info = on_info};
    rc_calib_views v = {.board = rq->board};
    rc_lens_report *rep = malloc(sizeof *rep); /* ~3 KB of per-view figures */
    rc_status st = rep ? RC_OK : rc_err_set(err, RC_E_NOMEM, "out of memory");
    for (int i = 0; i < rq->n_inputs && st == RC_OK; i++)
        st = rc_calib_views_add(&v, rq->inputs[i], rq->max_views, &rd, &ev, err);
    if (st == RC_OK && v.n < 3)
        st = rc_err_set(err, RC_E_NOT_FOUND,
                        "the %dx%d board was found in %d view(s); at least 3 are needed "
                        "(10-20 recommended)",
                        rq->board.cols, rq->board.rows, v.n);
    if (st == RC_OK)
        st = rc_calib_solve_lens(cal, v.corners, v.n, &rq->board, v.width, v.height, &rq->lo, rep,
                                 err);
    if (st == RC_OK)
        report_lens(app, cal, &v, rep, &rq->lo);
    rc_calib_views_free(&v);
    free(rep);
    return st;
}

/* The movement plane (and with --vertical board, the vertical) from the --plane board. */
static rc_status solve_plane(const rc_app *app, const calib_request *rq, rc_calib *cal, rc_err *err)
{
    double corners[2 * RC_CALIB_MAX_CORNERS];
    int w = 0, h = 0;
    rc_board pb = rq->board;
    if (rq->plane_square > 0)
        pb.square_mm = rq->plane_square;
    rc_calib_reader rd = {.open = src_open, .read = src_read, .close = src_close};
    rc_status st = rc_calib_find_plane_board(&pb, rq->plane, &rd, corners, &w, &h, err);
    if (st != RC_OK)
        return st;
    if (cal->image_width && (w != cal->image_width || h != cal->image_height))
        return rc_err_set(err, RC_E_ARG, "%s: image is %dx%d, the lens was solved for %dx%d",
                          rq->plane, w, h, cal->image_width, cal->image_height);
    cal->image_width = w;
    cal->image_height = h;
    if ((st = rc_calib_set_plane(cal, corners, &pb, err)) != RC_OK)
        return st;
    printf("movement plane from %s: %.3f mm/px at the board", rq->plane, cal->mm_per_px);
    if (cal->plane_tilt_deg >= 0)
        printf(", camera %.1f deg from square to the plane", cal->plane_tilt_deg);
    printf("\n");
    if (cal->plane_tilt_deg > RC_CALIB_TILT_WARN_DEG)
        rc_logf(&app->log, RC_LOG_WARN,
                "the camera is %.0f deg oblique to the movement plane (limit %.0f): angles "
                "are corrected, but place the camera more square to the movement if you can",
                cal->plane_tilt_deg, RC_CALIB_TILT_WARN_DEG);
    if (rq->vertical_board)
        return rc_calib_set_vertical_board(cal, corners, &pb, err);
    return RC_OK;
}

static void print_vertical(const rc_calib *cal)
{
    double dx, dy;
    rc_calib_down(cal, &dx, &dy);
    printf("vertical (%s): down = (%.4f, %.4f) in %s, %.2f deg from the frame's y axis\n",
           cal->vertical_source == RC_VERTICAL_BOARD   ? "board columns"
           : cal->vertical_source == RC_VERTICAL_PLUMB ? "plumb line"
                                                       : "image vertical",
           dx, dy, rc_calib_unit(cal), atan2(dx, dy) * 57.29577951308232);
}

/* Lens (loaded or solved), plane, vertical, then the file. */
static rc_status calibrate(const rc_app *app, const calib_request *rq, rc_err *err)
{
    rc_calib cal;
    rc_calib_init(&cal, 0, 0);
    rc_status st = RC_OK;
    if (rq->lens && (st = rc_calib_load_lens(rq->lens, &cal, err)) == RC_OK) {
        printf("lens from %s\n", rq->lens);
        print_lens(&cal);
    }
    if (st == RC_OK && rq->n_inputs > 0)
        st = solve_lens(app, rq, &cal, err);
    if (st == RC_OK && rq->plane)
        st = solve_plane(app, rq, &cal, err);
    if (st == RC_OK && rq->vertical_plumb)
        st = rc_calib_set_vertical_points(&cal, rq->plumb[0], rq->plumb[1], rq->plumb[2],
                                          rq->plumb[3], err);
    if (st != RC_OK)
        return st;
    print_vertical(&cal);
    if ((st = rc_calib_save(&cal, rq->out, err)) != RC_OK)
        return st;
    printf("wrote %s\n", rq->out);
    return RC_OK;
}

int rc_cmd_calibrate(const rc_app *app, int argc, char **argv)
{
    calib_request rq = {
        .board = {.cols = 9, .rows = 6, .square_mm = 0},
        .lo = rc_lens_options_default(),
        .max_views = MAX_VIDEO_VIEWS_DEFAULT,
    };
    int r = parse_calibrate(argc, argv, &rq);
    if (r >= 0)
        return r;
    rc_err err = {{0}};
    if (calibrate(app, &rq, &err) != RC_OK) {
        fprintf(stderr, "romcap: error: %s\n", err.msg);
        return 1;
    }
    return 0;
}
