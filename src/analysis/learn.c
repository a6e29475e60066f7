/* learn.c - every sticker's colour of a model learnt from one frame (the work behind
 * `romcap learn`).
 *
 * Each colour marker is learnt (rc_color_learn, detect.h) at the point the caller
 * gives for it, or else where the per-frame pipeline finds it in that frame with the
 * model's nominal colours; bright markers are found by brightness and have nothing
 * to learn. The result is the model with each learnt class stored, ready for
 * rc_model_write_learnt (model.h), and per marker what was learnt, for the caller
 * to report. Nothing is logged here.
 */
#include <stdlib.h>
#include <string.h>

#include "romcap/analysis.h"

/* The caller's point for marker `name` (the last one given), or NULL. */
static const rc_learn_point *given_point(const rc_learn_point *at, int n_at, const char *name)
{
    const rc_learn_point *p = NULL;
    for (int k = 0; k < n_at; k++)
        if (!strcmp(at[k].name, name))
            p = &at[k];
    return p;
}

/* 1 when some colour marker has no point of its own: the pipeline must find it. */
static int needs_detection(const rc_model *m, const rc_learn_point *at, int n_at)
{
    for (int i = 0; i < m->n_markers; i++)
        if (m->marker[i].kind == RC_MARKER_COLOR && !given_point(at, n_at, m->marker[i].name))
            return 1;
    return 0;
}

/* Runs the pipeline with the nominal colours over f into *res. */
static rc_status detect_frame(const rc_model *m, const rc_frame *f, rc_pipe_result *res,
                              rc_err *err)
{
    rc_pipeline *pl = rc_pipeline_create(m, f->image.width, f->image.height, NULL, err);
    if (!pl)
        return RC_E_ARG;
    rc_status st = rc_pipeline_process(pl, f, res);
    rc_pipeline_destroy(pl);
    if (st != RC_OK)
        return rc_err_set(err, st, "frame %lld: detection failed", (long long)f->index);
    return RC_OK;
}

/* Learns colour marker i of m from f into *out. */
static rc_status learn_marker(const rc_model *m, int i, const rc_frame *f, const rc_learn_point *at,
                              int n_at, const rc_pipe_result *res, rc_learnt_marker *out,
                              rc_err *err)
{
    const rc_model_marker *mk = &m->marker[i];
    const rc_learn_point *p = given_point(at, n_at, mk->name);
    if (p) {
        out->x_px = p->x_px;
        out->y_px = p->y_px;
    } else if (res && res->marker[i].state == RC_TRACK_SEEN) {
        out->x_px = (float)res->marker[i].x_px;
        out->y_px = (float)res->marker[i].y_px;
    } else {
        return rc_err_set(err, RC_E_NOT_FOUND,
                          "marker '%s' was not found in frame %lld with its nominal colour",
                          mk->name, (long long)f->index);
    }
    rc_err e = {{0}};
    rc_status st = rc_color_learn(&f->image, out->x_px, out->y_px, &out->cls, &out->info, &e);
    if (st != RC_OK)
        return rc_err_set(err, st == RC_E_NOT_FOUND ? RC_E_ARG : st, "marker '%s': %s", mk->name,
                          e.msg);
    out->learnt = 1;
    return RC_OK;
}

rc_status rc_learn_model_colors(const rc_model *m, const rc_frame *f, const rc_learn_point *at,
                                int n_at, rc_model *learnt, rc_learnt_marker *per, int *n_done,
                                rc_err *err)
{
    *n_done = 0;
    if (!m || !f || !learnt || !per || (n_at > 0 && !at) || n_at < 0)
        return rc_err_set(err, RC_E_ARG, "rc_learn_model_colors: missing argument");
    *learnt = *m;
    memset(per, 0, (size_t)m->n_markers * sizeof *per);
    rc_pipe_result *res = NULL;
    if (needs_detection(m, at, n_at)) {
        res = calloc(1, sizeof *res); /* 30 KB: off the stack */
        if (!res)
            return rc_err_set(err, RC_E_NOMEM, "out of memory");
        rc_status st = detect_frame(m, f, res, err);
        if (st != RC_OK) {
            free(res);
            return st;
        }
    }
    rc_status st = RC_OK;
    for (int i = 0; i < m->n_markers && st == RC_OK; i++) {
        if (m->marker[i].kind == RC_MARKER_COLOR &&
            (st = learn_marker(m, i, f, at, n_at, res, &per[i], err)) != RC_OK)
            break;
        if (per[i].learnt)
            rc_model_marker_set_chroma(&learnt->marker[i], per[i].cls.mean, per[i].cls.cov);
        (*n_done)++;
    }
    free(res);
    return st;
}
