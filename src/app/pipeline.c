/* pipeline.c - wires detect, track and kinematics for one model. */
#include "app/pipeline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/calib.h"

struct rc_pipeline {
    rc_model model;
    rc_detector *det;
    rc_tracker *trk;
    rc_kin_options kin;
    bool calibrated;
    rc_calib calib;
    int marker_class[RC_MAX_MARKERS];
};

/* One detector class per distinct (kind, colour) among the model's markers, so two
 * markers of the same colour share a class and are told apart by the tracker. */
static void classes_from_model(const rc_model *m, rc_detect_config *dc, int *marker_class)
{
    for (int i = 0; i < m->n_markers; i++) {
        const rc_model_marker *mk = &m->marker[i];
        rc_class_kind kind = mk->kind == RC_MARKER_BRIGHT ? RC_CLASS_BRIGHT : RC_CLASS_COLOR;
        int found = -1;
        for (int c = 0; c < dc->n_classes && found < 0; c++) {
            const rc_color_class *cc = &dc->cls[c];
            if (cc->kind == kind &&
                (kind == RC_CLASS_BRIGHT || !memcmp(cc->rgb, mk->rgb, 3)))
                found = c;
        }
        if (found < 0) {
            found = dc->n_classes++;
            dc->cls[found].kind = kind;
            memcpy(dc->cls[found].rgb, mk->rgb, 3);
            dc->cls[found].tolerance = mk->tolerance;
        }
        marker_class[i] = found;
    }
}

rc_pipeline *rc_pipeline_create(const rc_model *m, int width, int height,
                                const rc_pipeline_options *o, rc_err *err)
{
    rc_pipeline *p = calloc(1, sizeof *p);
    if (!p) {
        rc_err_set(err, RC_E_NOMEM, "out of memory");
        return NULL;
    }
    p->model = *m;
    rc_detect_config dc = {.width = width, .height = height};
    classes_from_model(m, &dc, p->marker_class);
    p->det = rc_detector_create(&dc, err);
    if (!p->det)
        goto fail;
    rc_track_config tc;
    rc_track_config_from_model(&tc, m, p->marker_class, width, height);
    p->trk = rc_tracker_create(&tc, err);
    if (!p->trk)
        goto fail;
    p->kin = rc_kin_options_default();
    p->kin.mirror = o && o->mirror;
    if (o && o->calib) {
        p->calib = *o->calib;
        p->calibrated = true;
        rc_calib_down(&p->calib, &p->kin.down.x, &p->kin.down.y);
    }
    return p;
fail:
    rc_pipeline_destroy(p);
    return NULL;
}

void rc_pipeline_destroy(rc_pipeline *p)
{
    if (!p)
        return;
    rc_detector_destroy(p->det);
    rc_tracker_destroy(p->trk);
    free(p);
}

rc_status rc_pipeline_process(rc_pipeline *p, const rc_frame *f, rc_pipe_result *r)
{
    r->t_s = (double)f->t_ns * 1e-9;
    int n = rc_detector_run(p->det, &f->image, r->blob, RC_MAX_BLOBS);
    if (n < 0)
        return (rc_status)n;
    r->n_blobs = n;
    rc_status st = rc_tracker_update(p->trk, r->t_s, r->blob, n, r->marker);
    if (st != RC_OK)
        return st;
    rc_pipeline_angles(p, r->marker, r->angle_deg);
    return RC_OK;
}

void rc_pipeline_angles(const rc_pipeline *p, const rc_marker_state *markers, double *out_deg)
{
    rc_vec2 pos[RC_MAX_MARKERS];
    bool valid[RC_MAX_MARKERS];
    for (int i = 0; i < p->model.n_markers; i++) {
        pos[i] = (rc_vec2){markers[i].x_px, markers[i].y_px};
        valid[i] = markers[i].state != RC_TRACK_LOST;
        /* Undistort and map into the movement plane: angles are measured there. */
        if (valid[i] && p->calibrated)
            valid[i] = rc_calib_map_point(&p->calib, pos[i].x, pos[i].y, &pos[i].x, &pos[i].y);
    }
    rc_kin_compute(&p->model, pos, valid, &p->kin, out_deg);
}

void rc_pipeline_stats(const rc_pipeline *p, rc_track_stats *st)
{
    rc_tracker_get_stats(p->trk, st);
}

const int *rc_pipeline_marker_class(const rc_pipeline *p)
{
    return p->marker_class;
}
