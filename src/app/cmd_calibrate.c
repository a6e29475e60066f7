/* cmd_calibrate.c - `romcap calibrate INPUT... --board 9x6 --square 25 --out FILE.yml`:
 * lens from chessboard views, then optionally the movement plane, vertical and scale,
 * written as an OpenCV-layout YAML file (mode 0600). Glue only: the work is in
 * src/calib/. */
#include <dirent.h>
#include <glob.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "app/app.h"
#include "app/cli.h"
#include "romcap/calib.h"
#include "romcap/source.h"

enum { NAME_CAP = 256, MAX_VIDEO_VIEWS_DEFAULT = 40 };

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

typedef struct views {
    rc_board board;
    int n, cap;
    double *corners;        /* n * cols * rows (x, y) */
    char (*name)[NAME_CAP]; /* file name or "video#frame" of each view */
    int width, height;
} views;

static bool has_image_ext(const char *p)
{
    const char *dot = strrchr(p, '.');
    static const char *ext[] = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".pgm", ".ppm"};
    if (!dot)
        return false;
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
        if (!strcasecmp(dot, ext[i]))
            return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Makes room for one more view. */
static rc_status views_reserve(views *v, rc_err *err)
{
    if (v->n < v->cap)
        return RC_OK;
    if (v->cap >= RC_CALIB_MAX_VIEWS)
        return rc_err_set(err, RC_E_ARG, "more than %d views with a board", RC_CALIB_MAX_VIEWS);
    int cap = v->cap ? 2 * v->cap : 32;
    if (cap > RC_CALIB_MAX_VIEWS)
        cap = RC_CALIB_MAX_VIEWS;
    size_t per = (size_t)v->board.cols * v->board.rows * 2;
    double *c = realloc(v->corners, sizeof(double) * per * cap);
    if (!c)
        return rc_err_set(err, RC_E_NOMEM, "out of memory");
    v->corners = c;
    char(*nm)[NAME_CAP] = realloc(v->name, sizeof *nm * cap);
    if (!nm)
        return rc_err_set(err, RC_E_NOMEM, "out of memory");
    v->name = nm;
    v->cap = cap;
    return RC_OK;
}

/* Keeps a found board if the image size matches the others. */
static rc_status views_keep(views *v, const char *name, int w, int h, rc_err *err)
{
    if (v->n == 0) {
        v->width = w;
        v->height = h;
    } else if (w != v->width || h != v->height) {
        return rc_err_set(err, RC_E_ARG, "%s: image is %dx%d, the others %dx%d", name, w, h,
                          v->width, v->height);
    }
    snprintf(v->name[v->n], NAME_CAP, "%s", name);
    v->n++;
    return RC_OK;
}

static rc_status add_image(const rc_app *app, views *v, const char *path, rc_err *err)
{
    rc_status s = views_reserve(v, err);
    if (s != RC_OK)
        return s;
    size_t per = (size_t)v->board.cols * v->board.rows * 2;
    int w = 0, h = 0;
    rc_err e = {{0}};
    s = rc_calib_find_board_file(path, &v->board, v->corners + per * v->n, &w, &h, &e);
    if (s == RC_E_NOT_FOUND && w > 0) {
        rc_logf(&app->log, RC_LOG_WARN, "%s", e.msg);
        return RC_OK; /* a view without the board is skipped, not fatal */
    }
    if (s != RC_OK)
        return rc_err_set(err, s, "%s", e.msg);
    return views_keep(v, path, w, h, err);
}

/* A video or any source URI: tries every step-th frame, keeps at most max_views. */
static rc_status add_source(const rc_app *app, views *v, const char *uri, int max_views,
                            rc_err *err)
{
    rc_source *src = rc_source_open(uri, NULL, err);
    if (!src)
        return RC_E_NOT_FOUND;
    rc_source_info info;
    rc_source_get_info(src, &info);
    int64_t step = info.n_frames > 0 ? info.n_frames / (max_views * 2) : 15;
    if (step < 1)
        step = 1;
    size_t per = (size_t)v->board.cols * v->board.rows * 2;
    int kept = 0, tried = 0, found = 0;
    rc_status s = RC_OK;
    rc_frame f;
    while (kept < max_views) {
        s = rc_source_read(src, &f);
        if (s == RC_E_DECODE)
            continue;
        if (s != RC_OK)
            break;
        if (f.index % step)
            continue;
        tried++;
        if ((s = views_reserve(v, err)) != RC_OK)
            break;
        rc_err e = {{0}};
        double *c = v->corners + per * v->n;
        if (rc_calib_find_board(&f.image, &v->board, c, &e) != RC_OK)
            continue;
        found++;
        if (kept > 0) { /* a board held still: keep one copy of each pose */
            double sum = 0;
            for (size_t i = 0; i < per; i += 2)
                sum += hypot(c[i] - c[i - per], c[i + 1] - c[i + 1 - per]);
            if (sum / (per / 2) < 0.01 * hypot(f.image.width, f.image.height))
                continue;
        }
        char name[NAME_CAP];
        snprintf(name, sizeof name, "%.200s#%lld", uri, (long long)f.index);
        if ((s = views_keep(v, name, f.image.width, f.image.height, err)) != RC_OK)
            break;
        kept++;
    }
    if (s == RC_E_EOF)
        s = RC_OK;
    else if (s != RC_OK && !err->msg[0])
        rc_err_set(err, s, "%s: %s", uri, rc_source_last_error(src));
    rc_source_close(src);
    if (s == RC_OK)
        rc_logf(&app->log, RC_LOG_INFO,
                "%s: board found in %d of %d sampled frames, %d different poses kept", uri, found,
                tried, kept);
    return s;
}

static rc_status add_input(const rc_app *app, views *v, const char *arg, int max_views, rc_err *err)
{
    struct stat st;
    if (strpbrk(arg, "*?[") && stat(arg, &st) != 0) { /* a quoted glob */
        glob_t g;
        int r = glob(arg, 0, NULL, &g);
        if (r == GLOB_NOMATCH)
            return rc_err_set(err, RC_E_NOT_FOUND, "%s: no file matches", arg);
        if (r != 0)
            return rc_err_set(err, RC_E_ARG, "%s: bad pattern", arg);
        rc_status s = RC_OK;
        for (size_t i = 0; i < g.gl_pathc && s == RC_OK; i++)
            s = add_input(app, v, g.gl_pathv[i], max_views, err);
        globfree(&g);
        return s;
    }
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
        DIR *d = opendir(arg);
        if (!d)
            return rc_err_set(err, RC_E_IO, "%s: cannot open folder", arg);
        char **files = NULL;
        size_t n = 0, cap = 0;
        rc_status s = RC_OK;
        struct dirent *e;
        while ((e = readdir(d)) && s == RC_OK) {
            if (e->d_name[0] == '.' || !has_image_ext(e->d_name))
                continue;
            if (n == cap) {
                cap = cap ? 2 * cap : 64;
                char **nf = realloc(files, sizeof *nf * cap);
                if (!nf) {
                    s = rc_err_set(err, RC_E_NOMEM, "out of memory");
                    break;
                }
                files = nf;
            }
            size_t len = strlen(arg) + strlen(e->d_name) + 2;
            files[n] = malloc(len);
            if (!files[n]) {
                s = rc_err_set(err, RC_E_NOMEM, "out of memory");
                break;
            }
            snprintf(files[n], len, "%s/%s", arg, e->d_name);
            n++;
        }
        closedir(d);
        if (s == RC_OK && n == 0)
            s = rc_err_set(err, RC_E_NOT_FOUND, "%s: no image files in the folder", arg);
        if (s == RC_OK)
            qsort(files, n, sizeof *files, cmp_str);
        for (size_t i = 0; i < n && s == RC_OK; i++)
            s = add_image(app, v, files[i], err);
        for (size_t i = 0; i < n; i++)
            free(files[i]);
        free(files);
        return s;
    }
    if (has_image_ext(arg))
        return add_image(app, v, arg, err);
    return add_source(app, v, arg, max_views, err);
}

/* The board in the movement plane: an image file, or the first frame of a source
 * where the board is found. */
static rc_status find_plane_board(const rc_board *b, const char *arg, double *corners, int *w,
                                  int *h, rc_err *err)
{
    if (has_image_ext(arg))
        return rc_calib_find_board_file(arg, b, corners, w, h, err);
    rc_source *src = rc_source_open(arg, NULL, err);
    if (!src)
        return RC_E_NOT_FOUND;
    rc_status s;
    rc_frame f;
    for (int i = 0; i < 300; i++) { /* a few seconds of video at most */
        s = rc_source_read(src, &f);
        if (s == RC_E_DECODE)
            continue;
        if (s != RC_OK)
            break;
        if (rc_calib_find_board(&f.image, b, corners, err) == RC_OK) {
            *w = f.image.width;
            *h = f.image.height;
            rc_source_close(src);
            return RC_OK;
        }
    }
    rc_source_close(src);
    return rc_err_set(err, RC_E_NOT_FOUND, "%s: no %dx%d board found for --plane", arg, b->cols,
                      b->rows);
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

/* The lens of an existing calibration file into *cal (plane, vertical and scale are
 * solved again). */
static rc_status load_lens(const char *lens, rc_calib *cal, rc_err *err)
{
    rc_status st = rc_calib_load(lens, cal, err);
    if (st != RC_OK)
        return st;
    if (!(cal->parts & RC_CALIB_LENS))
        return rc_err_set(err, RC_E_FORMAT, "%s: has no lens (camera_matrix)", lens);
    rc_calib tmp = *cal;
    rc_calib_init(cal, tmp.image_width, tmp.image_height);
    memcpy(cal->camera_matrix, tmp.camera_matrix, sizeof cal->camera_matrix);
    memcpy(cal->dist, tmp.dist, sizeof cal->dist);
    cal->rms_px = tmp.rms_px;
    cal->n_views = tmp.n_views;
    cal->parts = RC_CALIB_LENS;
    printf("lens from %s\n", lens);
    print_lens(cal);
    return RC_OK;
}

/* Prints the solved lens, each view's error and the coverage; warns when they are poor. */
static void report_lens(const rc_app *app, const rc_calib *cal, const views *v,
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
    views v = {.board = rq->board};
    rc_lens_report *rep = malloc(sizeof *rep); /* ~3 KB of per-view figures */
    rc_status st = rep ? RC_OK : rc_err_set(err, RC_E_NOMEM, "out of memory");
    for (int i = 0; i < rq->n_inputs && st == RC_OK; i++)
        st = add_input(app, &v, rq->inputs[i], rq->max_views, err);
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
    free(v.corners);
    free(v.name);
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
    rc_status st = find_plane_board(&pb, rq->plane, corners, &w, &h, err);
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
    if (rq->lens)
        st = load_lens(rq->lens, &cal, err);
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
