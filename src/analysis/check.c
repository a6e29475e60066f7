/* check.c - the set-up check's frame-by-frame gathering (check.h): each frame goes
 * through the analysis pipeline (detect -> track) and what the items need is counted:
 * markers seen, their radius, contrast and clipping, streak lengths, speeds, distances
 * to the frame edge, segment lengths, the frame's luma and noise, time stamp gaps.
 * Everything is allocated in rc_check_create; rc_check_add allocates nothing.
 * check_items.c turns the counts into items. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"
#include "romcap/capture.h"

/* TUNABLE: the frames judged when the caller does not say: two seconds of the start
 * pose and a slow movement through the range take about five. */
static const double CK_DEFAULT_SECONDS = 5.0;
/* TUNABLE: the tracker's velocity settles over its first frames; speeds before then
 * are not counted. */
enum { CK_SPEED_SETTLE_FRAMES = 3 };
/* TUNABLE: the frame is sampled every CK_SAMPLE_ROWS-th row, every other pixel, for
 * its luma and noise (a few tens of thousands of pixels: enough for a histogram). */
enum { CK_SAMPLE_ROWS = 8 };

rc_check *rc_check_create(const rc_model *m, int width, int height, const rc_check_config *cfg,
                          rc_err *err)
{
    rc_check *c = calloc(1, sizeof *c);
    bool own = !(cfg && cfg->results_given); /* a pipeline (and result) of its own */
    if (!c || (own && !(c->res = calloc(1, sizeof *c->res)))) {
        free(c);
        rc_err_set(err, RC_E_NOMEM, "set-up check: out of memory");
        return NULL;
    }
    c->model = *m;
    if (cfg)
        c->cfg = *cfg;
    if (!(c->cfg.seconds > 0))
        c->cfg.seconds = CK_DEFAULT_SECONDS;
    c->width = width;
    c->height = height;
    if (cfg && cfg->calib) {
        c->have_calib = true;
        c->calib = *cfg->calib;
        c->cfg.calib = &c->calib;
    }
    c->n_samples =
        (size_t)((height + CK_SAMPLE_ROWS - 1) / CK_SAMPLE_ROWS) * (size_t)((width + 1) / 2);
    if (!(c->prev = calloc(c->n_samples, 1))) {
        rc_check_destroy(c);
        rc_err_set(err, RC_E_NOMEM, "set-up check: out of memory");
        return NULL;
    }
    rc_pipeline_options po = {.mirror = c->cfg.mirror};
    if (own && !(c->pipe = rc_pipeline_create(m, width, height, &po, err))) {
        rc_check_destroy(c);
        return NULL;
    }
    for (int i = 0; i < RC_MAX_MARKERS; i++)
        c->mk[i].margin_px = INFINITY;
    for (int s = 0; s < RC_MAX_SEGMENTS; s++) {
        c->seg_min[s] = INFINITY;
        c->seg_max[s] = 0;
    }
    c->min_dt_ns = INT64_MAX;
    return c;
}

void rc_check_destroy(rc_check *c)
{
    if (!c)
        return;
    rc_pipeline_destroy(c->pipe);
    free(c->res);
    free(c->prev);
    free(c);
}

bool rc_check_full(const rc_check *c)
{
    return c->frames > 0 && (double)(c->last_ns - c->t0_ns) * 1e-9 >= c->cfg.seconds;
}

void rc_check_set_learnable(rc_check *c, const bool *learnt, int n_markers)
{
    c->learnable_given = true;
    for (int i = 0; i < n_markers && i < RC_MAX_MARKERS; i++)
        c->learnable[i] = learnt[i];
}

/* Luma histogram of sampled pixels, and the histogram of their change since the
 * previous frame: the camera stands still, so over the wall and the resting body
 * (most of the picture) the median change is the sensor's noise (check_items.c);
 * a spatial difference would count the wall's texture as noise. */
static void sample_frame(rc_check *c, const rc_image *im)
{
    size_t k = 0;
    for (int y = CK_SAMPLE_ROWS / 2; y < im->height; y += CK_SAMPLE_ROWS) {
        const uint8_t *row = rc_image_row(im, 0, y);
        for (int x = 1; x < im->width && k < c->n_samples; x += 2, k++) {
            c->luma_hist[row[x]]++;
            int d = (int)row[x] - c->prev[k];
            if (c->frames > 0)
                c->noise_hist[d < 0 ? -d : d]++;
            c->prev[k] = row[x];
        }
    }
}

/* Contrast of a sharp sticker of radius r at (cx, cy): the distance in (Y, Cb, Cr)
 * between the mean inside 0.6 r and the mean of the ring from 1.6 r to 2.4 r (its
 * surround: skin, clothing or the wall); and the share of its inside that clips. */
static void sticker_contrast(const rc_image *im, double cx, double cy, double r, double *contrast,
                             double *clipped)
{
    double in[3] = {0}, ring[3] = {0};
    int n_in = 0, n_ring = 0, n_clip = 0;
    const double ri = 0.6 * r, r0 = 1.6 * r, r1 = 2.4 * r;
    int x0 = (int)floor(cx - r1), x1 = (int)ceil(cx + r1);
    int y0 = (int)floor(cy - r1), y1 = (int)ceil(cy + r1);
    x0 = x0 < 0 ? 0 : x0;
    y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > im->width - 1 ? im->width - 1 : x1;
    y1 = y1 > im->height - 1 ? im->height - 1 : y1;
    for (int y = y0; y <= y1; y++) {
        const uint8_t *Y = rc_image_row(im, 0, y), *U = rc_image_row(im, 1, y / 2),
                      *V = rc_image_row(im, 2, y / 2);
        for (int x = x0; x <= x1; x++) {
            double d = hypot(x - cx, y - cy);
            double *acc = d <= ri ? in : (d >= r0 && d <= r1) ? ring : NULL;
            if (!acc)
                continue;
            acc[0] += Y[x];
            acc[1] += U[x / 2];
            acc[2] += V[x / 2];
            if (acc == in) {
                n_in++;
                n_clip += Y[x] >= CK_CLIP_Y;
            } else {
                n_ring++;
            }
        }
    }
    if (!n_in || !n_ring) {
        *contrast = NAN;
        *clipped = NAN;
        return;
    }
    double d2 = 0;
    for (int k = 0; k < 3; k++) {
        double e = in[k] / n_in - ring[k] / n_ring;
        d2 += e * e;
    }
    *contrast = sqrt(d2);
    *clipped = (double)n_clip / n_in;
}

/* The frame interval, s: the nominal rate's, else the shortest seen (0 before two
 * frames). */
static double frame_dt(const rc_check *c)
{
    if (c->cfg.fps > 0)
        return 1 / c->cfg.fps;
    return c->min_dt_ns < INT64_MAX ? (double)c->min_dt_ns * 1e-9 : 0;
}

static void count_marker(rc_check *c, const rc_frame *f, const rc_pipe_result *res, int i)
{
    const rc_marker_state *s = &res->marker[i];
    ck_marker *k = &c->mk[i];
    k->refused += s->refused != 0;
    double r_mean = k->still ? k->radius_sum / (double)k->still : 0;
    if (!rc_track_state_measured(s->state)) {
        bool out =
            s->state == RC_TRACK_PREDICTED &&
            (s->x_px < 0 || s->y_px < 0 || s->x_px > c->width - 1 || s->y_px > c->height - 1);
        k->outside += out || (k->seen && r_mean > 0 && k->last_margin_px < CK_EDGE_RADII * r_mean);
        return;
    }
    k->seen++;
    double m = fmin(fmin(s->x_px, c->width - 1 - s->x_px), fmin(s->y_px, c->height - 1 - s->y_px));
    k->margin_px = fmin(k->margin_px, m);
    k->last_margin_px = m;
    double speed = hypot(s->vx_px_s, s->vy_px_s), step = speed * frame_dt(c);
    bool settled = c->frames >= CK_SPEED_SETTLE_FRAMES;
    if (settled && speed > c->max_speed_px_s)
        c->max_speed_px_s = speed;
    if (s->blob < 0 || s->blob >= res->n_blobs)
        return;
    if (settled && step >= CK_MOVING_PX) {
        k->moving++;
        k->moving_streak += res->blob[s->blob].streak != 0;
    }
    if (res->blob[s->blob].streak)
        return;
    const rc_blob *b = &res->blob[s->blob];
    double r = sqrt(b->area_px / 3.14159265358979);
    k->sharp++;
    double con, clip;
    sticker_contrast(&f->image, b->x_px, b->y_px, r, &con, &clip);
    if (con != con)
        return;
    k->contrast_sum += con;
    k->clipped_sum += clip;
    k->contrast_n++;
    if (settled && step < CK_STILL_PX) {
        k->still++;
        k->radius_sum += r;
    }
}

/* Segment lengths (image px) between markers both seen sharp this frame. */
static void count_segments(rc_check *c, const rc_pipe_result *res)
{
    for (int s = 0; s < c->model.n_segments; s++) {
        const rc_marker_state *a = &res->marker[c->model.segment[s][0]];
        const rc_marker_state *b = &res->marker[c->model.segment[s][1]];
        if (a->state != RC_TRACK_SEEN || b->state != RC_TRACK_SEEN)
            continue;
        double len = hypot(b->x_px - a->x_px, b->y_px - a->y_px);
        c->seg_min[s] = fmin(c->seg_min[s], len);
        c->seg_max[s] = fmax(c->seg_max[s], len);
        c->seg_sum[s] += len;
        c->seg_n[s]++;
    }
}

/* Frames missing before this one: a gap of g frame intervals hides g - 1 frames
 * (rounded; the interval is the nominal rate's, else the shortest seen). */
static void count_time(rc_check *c, const rc_frame *f)
{
    if (c->frames == 0) {
        c->t0_ns = f->t_ns;
        c->last_ns = f->t_ns;
        return;
    }
    int64_t dt = f->t_ns - c->last_ns;
    c->last_ns = f->t_ns;
    if (dt <= 0)
        return;
    if (dt < c->min_dt_ns)
        c->min_dt_ns = dt;
    double period = c->cfg.fps > 0 ? 1e9 / c->cfg.fps : (double)c->min_dt_ns;
    c->dropped += (double)rc_capture_gap_frames(dt, period); /* the capture's rule */
}

void rc_check_set_captured(rc_check *c, int64_t seq, int64_t source_missing)
{
    c->cap_next = true;
    c->cap_seq = seq;
    c->cap_missing = source_missing;
}

/* The capture's counts of the frame being judged (first and last of the span). */
static void count_captured(rc_check *c)
{
    if (!c->cap_next)
        return;
    c->cap_next = false;
    if (c->frames == 0) {
        c->cap_given = true;
        c->cap_seq0 = c->cap_seq;
        c->cap_missing0 = c->cap_missing;
    }
    c->cap_seq_last = c->cap_seq;
    c->cap_missing_last = c->cap_missing;
}

rc_status rc_check_add_result(rc_check *c, const rc_frame *f, const rc_pipe_result *res)
{
    if (rc_check_full(c))
        return RC_OK;
    if (c->frames > 0 && f->t_ns < c->last_ns)
        return RC_E_ARG;
    count_time(c, f);
    count_captured(c);
    for (int i = 0; i < c->model.n_markers; i++)
        count_marker(c, f, res, i);
    count_segments(c, res);
    sample_frame(c, &f->image);
    c->frames++;
    return RC_OK;
}

rc_status rc_check_add(rc_check *c, const rc_frame *f)
{
    if (!c->pipe)
        return RC_E_ARG; /* made with results_given: rc_check_add_result */
    if (rc_check_full(c))
        return RC_OK;
    if (c->frames > 0 && f->t_ns < c->last_ns)
        return RC_E_ARG;
    rc_status st = rc_pipeline_process(c->pipe, f, c->res);
    return st != RC_OK ? st : rc_check_add_result(c, f, c->res);
}

double rc_check_elapsed_s(const rc_check *c)
{
    return c->frames > 0 ? (double)(c->last_ns - c->t0_ns) * 1e-9 : 0;
}
