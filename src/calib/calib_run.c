/* calib_run.c - `romcap calibrate`'s flow (calib.h, rc_calib_run): the lens loaded
 * or solved from the inputs' board views, the movement plane and the vertical, the
 * report a user reads, then the file. The command (app/cmd_calibrate.c) keeps the
 * options and hands in its source reader and log.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "calib/calib_internal.h"

/* One run: what was asked, how to read sources, whom to tell. */
typedef struct flow {
    const rc_calib_request *rq;
    const rc_calib_reader *rd;
    const rc_calib_events *ev;
    FILE *out;
} flow;

static void print_lens(FILE *out, const rc_calib *c)
{
    const double *K = c->camera_matrix, *d = c->dist;
    fprintf(out, "lens: %dx%d", c->image_width, c->image_height);
    if (c->rms_px > 0)
        fprintf(out, ", RMS reprojection error %.4f px over %d views", c->rms_px, c->n_views);
    fprintf(out, "\n");
    fprintf(out, "  fx %.3f  fy %.3f  cx %.3f  cy %.3f\n", K[0], K[4], K[2], K[5]);
    fprintf(out, "  k1 %.6f  k2 %.6f  p1 %.6f  p2 %.6f  k3 %.6f\n", d[0], d[1], d[2], d[3], d[4]);
}

/* Prints the solved lens, each view's error and the coverage; warns when they are poor. */
static void report_lens(const flow *f, const rc_calib *cal, const rc_calib_views *v,
                        const rc_lens_report *rep)
{
    FILE *out = f->out;
    print_lens(out, cal);
    fprintf(out, "  first solve over all %d views: RMS %.4f px\n", rep->n_views, rep->rms_all_px);
    fprintf(out, "per-view RMS error (px):\n");
    for (int i = 0; i < v->n; i++)
        fprintf(out, "  %7.4f  %s%s\n", rep->view_err_px[i], v->name[i],
                rep->rejected[i] ? "  REJECTED" : "");
    int n_rej = rep->n_views - rep->n_kept;
    if (n_rej)
        fprintf(out, "rejected %d view(s) with error > %.1fx the median\n", n_rej,
                f->rq->lo.reject_factor);
    fprintf(out, "coverage: %d%% of the image\n", rep->coverage_pct);
    if (rep->coverage_warning[0])
        rc__calib_say(f->ev, true, "%s", rep->coverage_warning);
    if (cal->rms_px > 1.0)
        rc__calib_say(f->ev, true,
                      "RMS %.2f px is high: check the board is flat and --board matches it",
                      cal->rms_px);
}

/* The lens from the board views of every input. */
static rc_status solve_lens(const flow *f, rc_calib *cal, rc_err *err)
{
    const rc_calib_request *rq = f->rq;
    rc_calib_views v = {.board = rq->board};
    rc_lens_report *rep = malloc(sizeof *rep); /* ~3 KB of per-view figures */
    rc_status st = rep ? RC_OK : rc_err_set(err, RC_E_NOMEM, "out of memory");
    for (int i = 0; i < rq->n_inputs && st == RC_OK; i++)
        st = rc_calib_views_add(&v, rq->inputs[i], rq->max_views, f->rd, f->ev, err);
    if (st == RC_OK && v.n < 3)
        st = rc_err_set(err, RC_E_NOT_FOUND,
                        "the %dx%d board was found in %d view(s); at least 3 are needed "
                        "(10-20 recommended)",
                        rq->board.cols, rq->board.rows, v.n);
    if (st == RC_OK)
        st = rc_calib_solve_lens(cal, v.corners, v.n, &rq->board, v.width, v.height, &rq->lo, rep,
                                 err);
    if (st == RC_OK)
        report_lens(f, cal, &v, rep);
    rc_calib_views_free(&v);
    free(rep);
    return st;
}

/* The movement plane (and with vertical_board, the vertical) from the plane board. */
static rc_status solve_plane(const flow *f, rc_calib *cal, rc_err *err)
{
    const rc_calib_request *rq = f->rq;
    double corners[2 * RC_CALIB_MAX_CORNERS];
    int w = 0, h = 0;
    rc_board pb = rq->board;
    if (rq->plane_square > 0)
        pb.square_mm = rq->plane_square;
    rc_status st = rc_calib_find_plane_board(&pb, rq->plane, f->rd, corners, &w, &h, err);
    if (st != RC_OK)
        return st;
    if (cal->image_width && (w != cal->image_width || h != cal->image_height))
        return rc_err_set(err, RC_E_ARG, "%s: image is %dx%d, the lens was solved for %dx%d",
                          rq->plane, w, h, cal->image_width, cal->image_height);
    cal->image_width = w;
    cal->image_height = h;
    if ((st = rc_calib_set_plane(cal, corners, &pb, err)) != RC_OK)
        return st;
    fprintf(f->out, "movement plane from %s: %.3f mm/px at the board", rq->plane, cal->mm_per_px);
    if (cal->plane_tilt_deg >= 0)
        fprintf(f->out, ", camera %.1f deg from square to the plane", cal->plane_tilt_deg);
    fprintf(f->out, "\n");
    if (cal->plane_tilt_deg > RC_CALIB_TILT_WARN_DEG)
        rc__calib_say(f->ev, true,
                      "the camera is %.0f deg oblique to the movement plane (limit %.0f): angles "
                      "are corrected, but place the camera more square to the movement if you can",
                      cal->plane_tilt_deg, RC_CALIB_TILT_WARN_DEG);
    if (rq->vertical_board)
        return rc_calib_set_vertical_board(cal, corners, &pb, err);
    return RC_OK;
}

static void print_vertical(FILE *out, const rc_calib *cal)
{
    double dx, dy;
    rc_calib_down(cal, &dx, &dy);
    fprintf(out, "vertical (%s): down = (%.4f, %.4f) in %s, %.2f deg from the frame's y axis\n",
            cal->vertical_source == RC_VERTICAL_BOARD   ? "board columns"
            : cal->vertical_source == RC_VERTICAL_PLUMB ? "plumb line"
                                                        : "image vertical",
            dx, dy, rc_calib_unit(cal), atan2(dx, dy) * 57.29577951308232);
}

rc_status rc_calib_run(const rc_calib_request *rq, const rc_calib_reader *rd,
                       const rc_calib_events *ev, FILE *report, rc_err *err)
{
    flow f = {.rq = rq, .rd = rd, .ev = ev, .out = report};
    rc_calib cal;
    rc_calib_init(&cal, 0, 0);
    rc_status st = RC_OK;
    if (rq->lens && (st = rc_calib_load_lens(rq->lens, &cal, err)) == RC_OK) {
        fprintf(report, "lens from %s\n", rq->lens);
        print_lens(report, &cal);
    }
    if (st == RC_OK && rq->n_inputs > 0)
        st = solve_lens(&f, &cal, err);
    if (st == RC_OK && rq->plane)
        st = solve_plane(&f, &cal, err);
    if (st == RC_OK && rq->vertical_plumb)
        st = rc_calib_set_vertical_points(&cal, rq->plumb[0], rq->plumb[1], rq->plumb[2],
                                          rq->plumb[3], err);
    if (st != RC_OK)
        return st;
    print_vertical(report, &cal);
    if ((st = rc_calib_save(&cal, rq->out, err)) != RC_OK)
        return st;
    fprintf(report, "wrote %s\n", rq->out);
    return RC_OK;
}
