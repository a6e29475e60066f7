/* pipeline.c - the analysis stage's per-frame path: detect, track and kinematics
 * wired for one model (analysis.h).
 *
 * Detection runs in one of two modes. While every marker was seen in the last
 * frame, the detector searches only rectangles around the tracker's predictions
 * (ROI mode: a few percent of the frame). If a marker has no prediction, or the
 * rectangles miss a blob of a marker's class, the frame is searched whole, so a
 * marker lost to occlusion or fast motion is re-acquired in the same frame and
 * the tracker sees what a full-frame search would have given it. */
#include "romcap/analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis_internal.h"
#include "romcap/calib.h"

struct rc_pipeline {
    rc_model model;
    rc_detector *det;
    rc_tracker *trk;
    rc_kin_options kin;
    bool calibrated;
    rc_calib calib;
    int marker_class[RC_MAX_MARKERS];
    int width;
    bool tracking; /* all markers seen last frame: ROI mode */
    bool opt_unseen; /* an optional sticker not measured last frame (ROI mode goes on) */
    int opt_frames;  /* frames in ROI mode since, for the periodic whole-frame look */
    double last_t_s;
    float radius_px[RC_MAX_MARKERS]; /* last seen blob radius of each marker */
    rc_marker_state pred[RC_MAX_MARKERS];
    rc_rect roi[RC_MAX_MARKERS];
};

/* TUNABLE: ROI half-size = ROI_RADII * blob radius + ROI_FRAC * frame width +
 * ROI_MOTION * |velocity| * dt: the marker and its refinement window, room for a
 * constant-velocity prediction to miss (a limb that accelerates or turns), and a
 * share of the frame-to-frame step. A miss only costs a full-frame search. */
#define ROI_RADII  2.5
#define ROI_FRAC   0.02
#define ROI_MOTION 0.5
/* TUNABLE: while an optional sticker (model.h) is not tracked, ROI mode goes on
 * without it and the whole frame is searched every OPT_RESCAN frames, so a sticker
 * put on (or coming into view) later is still found: a sticker left off costs a
 * fifteenth of the full searches it would otherwise force. */
#define OPT_RESCAN 15

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
                (kind == RC_CLASS_BRIGHT ||
                 (!memcmp(cc->rgb, mk->rgb, 3) && cc->learned == mk->chroma_learned &&
                  !memcmp(cc->mean, mk->chroma_mean, sizeof cc->mean) &&
                  !memcmp(cc->cov, mk->chroma_cov, sizeof cc->cov))))
                found = c;
        }
        if (found < 0) {
            found = dc->n_classes++;
            dc->cls[found].kind = kind;
            memcpy(dc->cls[found].rgb, mk->rgb, 3);
            dc->cls[found].tolerance = mk->tolerance;
            dc->cls[found].learned = mk->chroma_learned;
            memcpy(dc->cls[found].mean, mk->chroma_mean, sizeof mk->chroma_mean);
            memcpy(dc->cls[found].cov, mk->chroma_cov, sizeof mk->chroma_cov);
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
    p->width = width;
    rc_detect_config dc = {.width = width, .height = height, .adapt_light = 1};
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
    if (rc__distance_init(m, p->calibrated ? &p->calib : NULL, &p->kin, err) != RC_OK)
        goto fail; /* a distance in cm with no scale (distance_scale.c) */
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

/* Builds the rectangles around the predictions for time t_s; false if a marker
 * has no prediction. */
static bool build_rois(rc_pipeline *p, double t_s)
{
    int n = p->model.n_markers;
    rc_tracker_predict(p->trk, t_s, p->pred);
    double dt = t_s - p->last_t_s;
    if (dt < 0)
        dt = 0;
    for (int i = 0; i < n; i++) {
        const rc_marker_state *q = &p->pred[i];
        if (q->state == RC_TRACK_LOST || !isfinite(q->x_px) || !isfinite(q->y_px)) {
            if (!p->model.marker[i].optional)
                return false;
            p->roi[i] = (rc_rect){0, 0, 0, 0}; /* not waited for (rois_covered) */
            continue;
        }
        double v = hypot(q->vx_px_s, q->vy_px_s);
        double half = ROI_RADII * p->radius_px[i] + ROI_FRAC * p->width + ROI_MOTION * v * dt;
        if (half > p->width)
            half = p->width;
        int h = (int)ceil(half);
        p->roi[i] =
            (rc_rect){(int)floor(q->x_px) - h, (int)floor(q->y_px) - h, 2 * h + 1, 2 * h + 1};
    }
    return true;
}

/* True if every marker's rectangle holds a blob of the marker's class. */
static bool rois_covered(const rc_pipeline *p, const rc_blob *b, int nb)
{
    for (int i = 0; i < p->model.n_markers; i++) {
        const rc_rect *r = &p->roi[i];
        if (r->w <= 0) /* an optional sticker not tracked (build_rois) */
            continue;
        bool hit = false;
        for (int k = 0; k < nb && !hit; k++)
            hit = b[k].cls == p->marker_class[i] && b[k].x_px >= r->x && b[k].x_px < r->x + r->w &&
                  b[k].y_px >= r->y && b[k].y_px < r->y + r->h;
        if (!hit)
            return false;
    }
    return true;
}

/* Colour that follows the light (issue 15): the classes adapt, between frames, to
 * the markers matched this frame to a sharp blob with no guard refusal. */
static void adapt_classes(rc_pipeline *p, const rc_frame *f, const rc_pipe_result *r, int n)
{
    rc_blob sure[RC_MAX_MARKERS];
    int ns = 0;
    for (int i = 0; i < p->model.n_markers; i++) {
        const rc_marker_state *ms = &r->marker[i];
        if (ms->state == RC_TRACK_SEEN && !ms->refused && ms->blob >= 0 && ms->blob < n &&
            !r->blob[ms->blob].streak)
            sure[ns++] = r->blob[ms->blob];
    }
    (void)rc_detector_adapt(p->det, &f->image, sure, ns);
}

rc_status rc_pipeline_process(rc_pipeline *p, const rc_frame *f, rc_pipe_result *r)
{
    r->t_s = (double)f->t_ns * 1e-9;
    int n = -1;
    bool rescan = p->opt_unseen && ++p->opt_frames % OPT_RESCAN == 0;
    if (p->tracking && !rescan && r->t_s >= p->last_t_s && build_rois(p, r->t_s)) {
        n = rc_detector_run_roi(p->det, &f->image, p->roi, p->model.n_markers, r->blob,
                                RC_MAX_BLOBS);
        if (n < 0)
            return (rc_status)n;
        if (!rois_covered(p, r->blob, n))
            n = -1; /* something left its rectangle: search the whole frame */
    }
    if (n < 0) {
        n = rc_detector_run(p->det, &f->image, r->blob, RC_MAX_BLOBS);
        if (n < 0)
            return (rc_status)n;
    }
    /* Markers expected but not found: a faded motion streak where they should be. */
    rc_streak_hint hint[RC_MAX_MARKERS];
    int wcls[RC_MAX_MARKERS], nw = rc_tracker_search_windows(p->trk, r->t_s, r->blob, n, p->roi,
                                                             wcls, hint, p->model.n_markers);
    for (int k = 0; k < nw && n < RC_MAX_BLOBS; k++)
        n += rc_detector_search_line(p->det, &f->image, wcls[k], &p->roi[k], &hint[k], &r->blob[n]);
    r->n_blobs = n;
    rc_status st = rc_tracker_update(p->trk, r->t_s, r->blob, n, r->marker);
    if (st != RC_OK)
        return st;
    adapt_classes(p, f, r, n);
    p->last_t_s = r->t_s;
    p->tracking = p->model.n_markers > 0;
    p->opt_unseen = false;
    for (int i = 0; i < p->model.n_markers; i++) {
        const rc_marker_state *ms = &r->marker[i];
        if (!rc_track_state_measured(ms->state) || ms->blob < 0 || ms->blob >= n) {
            if (p->model.marker[i].optional)
                p->opt_unseen = true; /* ROI mode goes on without it */
            else
                p->tracking = false;
            continue;
        }
        p->radius_px[i] = sqrtf(r->blob[ms->blob].area_px / 3.14159265f);
    }
    rc__distance_frame(p, &p->model, r->marker, &p->kin); /* until a cm scale is known */
    rc_pipeline_angles(p, r->marker, r->angle_deg);
    return RC_OK;
}

void rc_pipeline_plane_positions(const rc_pipeline *p, const rc_marker_state *markers, rc_vec2 *pos,
                                 bool *valid)
{
    for (int i = 0; i < p->model.n_markers; i++) {
        pos[i] = (rc_vec2){markers[i].x_px, markers[i].y_px};
        valid[i] = markers[i].state != RC_TRACK_LOST;
        /* Undistort and map into the movement plane: angles are measured there. */
        if (valid[i] && p->calibrated)
            valid[i] = rc_calib_map_point(&p->calib, pos[i].x, pos[i].y, &pos[i].x, &pos[i].y);
    }
}

void rc_pipeline_angles(const rc_pipeline *p, const rc_marker_state *markers, double *out_deg)
{
    rc_vec2 pos[RC_MAX_MARKERS];
    bool valid[RC_MAX_MARKERS];
    rc_pipeline_plane_positions(p, markers, pos, valid);
    rc_kin_compute(&p->model, pos, valid, &p->kin, out_deg);
}

void rc_pipeline_set_mirror(rc_pipeline *p, bool mirror)
{
    p->kin.mirror = mirror;
}

const rc_kin_options *rc_pipeline_kin(const rc_pipeline *p)
{
    return &p->kin;
}

void rc_pipeline_stats(const rc_pipeline *p, rc_track_stats *st)
{
    rc_tracker_get_stats(p->trk, st);
}

const int *rc_pipeline_marker_class(const rc_pipeline *p)
{
    return p->marker_class;
}
