/* online.c - the analysis thread of `romcap live` (see online.h).
 *
 * Why a thread of its own rather than analysis interleaved with drawing: the
 * window must redraw at 60 Hz whatever the analysis costs (a large frame, a
 * model with many markers, a slow machine), and SDL must stay on the main
 * thread. With analysis here, a slow frame delays only the next analysed view;
 * the main thread keeps drawing the latest one. On two cores this gives capture,
 * analysis and drawing each a core most of the time (capture mostly sleeps).
 * Frames are taken in order (not the newest) so the tracker and the online
 * metrics see every frame the ring kept; the ring itself bounds the backlog.
 */
#define _POSIX_C_SOURCE 200809L
#include "romcap/online.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "romcap/calib.h"
#include "romcap/jpeg.h"
#include "romcap/log.h"
#include "romcap/results.h"
#include "romcap/ring.h"
#include "online_check.h"
#include "online_learn.h"
#include "analysis_internal.h"

enum { N_VIEWS = 4 };

struct rc_online {
    rc_capture *cap;
    rc_source_info info;
    rc_model model;
    rc_pipeline_options po;
    rc_pipeline *pipe;
    rc_metrics_online *online;
    rc_ring *ring;
    rc_online_view *views; /* N_VIEWS */
    pthread_t thread;
    int running;
    atomic_int stop, reset;
    _Atomic int64_t analysed;
    int model_gen;
    /* History, thread-owned. */
    double plot[RC_ONLINE_PLOT_CAP];
    int plot_n, plot_cap;
    double tx[RC_ONLINE_TRAIL_CAP], ty[RC_ONLINE_TRAIL_CAP];
    int trail_n;
    int last_restarts;
    /* Recording (set while the thread is stopped). */
    rc_session_writer *rec;
    int rec_quality;
    rc_jpeg *jpeg;         /* encoder for sources without JPEG bytes */
    rc_calib_view *undist; /* optional undistorted display */
    atomic_int rec_failed;
    rc_err rec_err; /* written before rec_failed is set */
    /* Side detector, wrap watches and coverage: written by the thread, copied out
     * by the main thread, both under side_lock. */
    pthread_mutex_t side_lock;
    rc_online_side side;
    rc_mirror_request mirror_req;
    rc__online_learn *learn; /* colours learnt by themselves (online_learn.c) */
    rc_comp_live comp; /* compensation watch (online_comp.c), thread-owned */
    rc__online_check *check; /* the set-up check on live frames (online_check.c) */
};

rc__online_check *rc__online_checker(rc_online *e)
{
    return e->check;
}

/* The marker at the moving end of the first angle (its trail is drawn). */
static int limb_end(const rc_model *m)
{
    if (!m->n_angles)
        return -1;
    const rc_model_angle *a = &m->angle[0];
    switch (a->type) {
    case RC_ANGLE_THREE_POINT: return a->marker[2];
    case RC_ANGLE_SEGMENT_SEGMENT: return a->marker[3];
    default: return a->marker[1];
    }
}

static void push_hist(double *buf, int *n, int cap, double v)
{
    if (*n == cap) {
        memmove(buf, buf + 1, sizeof *buf * (size_t)(cap - 1));
        (*n)--;
    }
    buf[(*n)++] = v;
}

/* A new decision and coverage (reset key, replay, model switch). */
static void restart_side(rc_online *e)
{
    pthread_mutex_lock(&e->side_lock);
    rc_online_side_init(&e->side, &e->model, e->mirror_req, e->po.mirror);
    pthread_mutex_unlock(&e->side_lock);
}

/* Feeds the side detector; when its decision changes the mirror, the pipeline reads
 * mirrored from now on (the tracker goes on) and this frame's angles are recomputed.
 * Returns true when the mirror changed. */
static bool feed_side(rc_online *e, int64_t frame, rc_online_view *v)
{
    pthread_mutex_lock(&e->side_lock);
    bool change = rc_online_side_feed(&e->side, e->po.calib, frame, &v->res);
    if (change) {
        e->po.mirror = e->side.info.mirror;
        rc_pipeline_set_mirror(e->pipe, e->po.mirror);
        rc_pipeline_angles(e->pipe, v->res.marker, v->res.angle_deg);
    }
    rc_online_side_angles(&e->side, frame, v->res.angle_deg);
    for (int k = 0; k < e->model.n_markers; k++)
        v->unseen_s[k] = rc_online_side_unseen_s(&e->side, k, v->res.t_s);
    pthread_mutex_unlock(&e->side_lock);
    return change;
}

/* The colours learnt so far, to the session being recorded (session.json). */
static void learnt_to_recorder(rc_online *e)
{
    rc_learnt_colour c[RC_MAX_MARKERS];
    int n = rc__online_learn_colours(e->learn, c);
    if (e->rec && n > 0)
        rc_session_writer_set_learnt(e->rec, c, n);
}

static void analyse_one(rc_online *e, const rc_capture_frame *cf)
{
    int64_t t0 = rc_clock_ns();
    if (cf->restarts != e->last_restarts) {
        /* The file or scene started again: the tracker must not bridge the jump. */
        e->last_restarts = cf->restarts;
        rc_err err;
        rc_pipeline *p = rc_pipeline_create(&e->model, e->info.width, e->info.height, &e->po, &err);
        if (p) {
            rc_pipeline_destroy(e->pipe);
            e->pipe = p;
        }
        restart_side(e);
        rc__online_learn_replay(e->learn);
    }
    int k = rc_ring_acquire_write(e->ring);
    rc_online_view *v = &e->views[k];
    if (rc_pipeline_process(e->pipe, &cf->frame, &v->res) != RC_OK) {
        for (int i = 0; i < RC_MAX_ANGLES; i++)
            v->res.angle_deg[i] = NAN;
    }
    if (rc__online_learn_feed(e->learn, &cf->frame, &v->res, &e->po, &e->pipe, &e->model))
        learnt_to_recorder(e); /* the next frame is analysed with the learnt colours */
    rc__online_check_feed(e->check, &e->model, &e->po, cf, &v->res); /* issue 20 */
    bool reset = atomic_exchange(&e->reset, 0);
    if (reset)
        restart_side(e);
    if (feed_side(e, cf->frame.index, v)) /* the mirror changed: a new set */
        reset = true;
    /* Compensations, on the positions as analysed (before any display undistortion),
     * the movement's rest as of the previous frame. */
    rc_online_state before = rc_metrics_online_state(e->online);
    rc__online_comp_update(&e->comp, &e->model, e->pipe, &v->res, &before);
    if (e->undist) /* display coordinates of the straightened picture */
        for (int i = 0; i < e->model.n_markers; i++)
            if (v->res.marker[i].state != RC_TRACK_LOST)
                rc_calib_undistort_px(e->po.calib, v->res.marker[i].x_px, v->res.marker[i].y_px,
                                      &v->res.marker[i].x_px, &v->res.marker[i].y_px);
    if (reset) {
        rc_metrics_online_reset(e->online);
        rc_comp_live_reset(&e->comp, &e->model);
        e->plot_n = e->trail_n = 0;
    }
    double a0 = e->model.n_angles ? v->res.angle_deg[0] : NAN;
    /* The set's ROM as offline (issue 14): by each frame's time, from measured frames
     * only; a frame whose angle rests on a predicted position is left out (bridged
     * like a dropped frame when short, a split when long), a lost one ends a leg. */
    rc_track_state q = e->model.n_angles ? rc_angle_state(&e->model, 0, v->res.marker)
                                         : RC_TRACK_LOST;
    if (isnan(a0) || rc_angle_state_usable(q))
        rc_metrics_online_push_t(e->online, v->res.t_s, a0);
    v->online = rc_metrics_online_state(e->online);
    v->comp = e->comp;
    push_hist(e->plot, &e->plot_n, e->plot_cap, a0);
    int end = limb_end(&e->model);
    if (end >= 0) {
        const rc_marker_state *ms = &v->res.marker[end];
        int ok = ms->state != RC_TRACK_LOST;
        int n = e->trail_n;
        push_hist(e->tx, &e->trail_n, RC_ONLINE_TRAIL_CAP, ok ? ms->x_px : NAN);
        e->trail_n = n;
        push_hist(e->ty, &e->trail_n, RC_ONLINE_TRAIL_CAP, ok ? ms->y_px : NAN);
    }
    if (!e->undist || rc_calib_view_undistort(e->undist, &cf->frame.image, &v->image) != RC_OK)
        rc_image_copy(&v->image, &cf->frame.image);
    memcpy(v->plot, e->plot, sizeof(double) * (size_t)e->plot_n);
    v->plot_n = e->plot_n;
    memcpy(v->trail_x, e->tx, sizeof(double) * (size_t)e->trail_n);
    memcpy(v->trail_y, e->ty, sizeof(double) * (size_t)e->trail_n);
    v->trail_n = e->trail_n;
    v->index = cf->frame.index;
    v->seq = cf->seq;
    v->t_capture_ns = cf->t_capture_ns;
    v->model_gen = e->model_gen;
    v->analysis_ms = (double)(rc_clock_ns() - t0) * 1e-6;
    rc_ring_publish(e->ring, k);
    atomic_fetch_add(&e->analysed, 1);
    if (e->rec && !atomic_load(&e->rec_failed)) {
        const uint8_t *jb = cf->frame.jpeg;
        size_t jn = cf->frame.jpeg_bytes;
        if (!jb && rc_jpeg_encode(e->jpeg, &cf->frame.image, e->rec_quality, &jb, &jn) != RC_OK)
            jb = NULL;
        if (jb && rc_session_writer_push(e->rec, jb, jn, cf->frame.t_ns, &e->rec_err) == RC_E_IO)
            atomic_store(&e->rec_failed, 1);
    }
}

static void *run(void *arg)
{
    rc_online *e = arg;
    while (!atomic_load(&e->stop)) {
        const rc_capture_frame *cf = rc_capture_acquire(e->cap);
        if (!cf) {
            /* TUNABLE: 0.5 ms poll; a condition variable would make the capture
             * thread take a lock per frame, and this costs ~0.1% of a core. */
            struct timespec ts = {0, 500000};
            nanosleep(&ts, NULL);
            continue;
        }
        analyse_one(e, cf);
        rc_capture_release(e->cap, cf);
    }
    return NULL;
}

static rc_status build(rc_online *e, const rc_model *m, rc_err *err)
{
    rc_pipeline_options po = e->po; /* a new model is decided afresh */
    po.mirror = rc_online_initial_mirror(e->mirror_req);
    rc_pipeline *p = rc_pipeline_create(m, e->info.width, e->info.height, &po, err);
    if (!p)
        return RC_E_ARG;
    double fs = e->info.fps > 0 ? e->info.fps : 30.0;
    rc_metrics_config mc = rc_metrics_config_default(fs, 4096);
    rc_metrics_online *o = rc_metrics_online_create(&mc, 10.0, err);
    if (!o) {
        rc_pipeline_destroy(p);
        return RC_E_ARG;
    }
    rc_pipeline_destroy(e->pipe);
    rc_metrics_online_destroy(e->online);
    e->pipe = p;
    e->po = po;
    e->online = o;
    e->model = *m;
    rc_comp_live_reset(&e->comp, &e->model);
    e->model_gen++;
    restart_side(e);
    rc__online_learn_start(e->learn, m);
    rc__online_check_reset(e->check);
    e->plot_cap = (int)fmin(RC_ONLINE_PLOT_CAP, 10.0 * fs); /* TUNABLE: 10 s of plot */
    if (e->plot_cap < 2)
        e->plot_cap = 2;
    e->plot_n = e->trail_n = 0;
    return RC_OK;
}

static rc_status start(rc_online *e, rc_err *err)
{
    atomic_store(&e->stop, 0);
    if (pthread_create(&e->thread, NULL, run, e) != 0)
        return rc_err_set(err, RC_E_NOMEM, "live: cannot start the analysis thread");
    e->running = 1;
    return RC_OK;
}

static void stop(rc_online *e)
{
    if (!e->running)
        return;
    atomic_store(&e->stop, 1);
    pthread_join(e->thread, NULL);
    e->running = 0;
}

rc_online *rc_online_create(rc_capture *cap, const rc_model *m, const rc_pipeline_options *po,
                            rc_mirror_request mirror_req, int undistort_view,
                            rc_session_writer *rec, int rec_quality, rc_err *err)
{
    rc_online *e = calloc(1, sizeof *e);
    if (!e) {
        rc_err_set(err, RC_E_NOMEM, "live: out of memory");
        return NULL;
    }
    pthread_mutex_init(&e->side_lock, NULL);
    e->mirror_req = mirror_req;
    e->cap = cap;
    e->rec = rec;
    e->rec_quality = rec_quality > 0 ? rec_quality : 90;
    rc_capture_get_info(cap, &e->info);
    if (po)
        e->po = *po;
    e->ring = rc_ring_create(N_VIEWS);
    e->views = calloc(N_VIEWS, sizeof *e->views);
    e->jpeg = rc_jpeg_create(err);
    e->learn = rc__online_learn_create(e->info.width, e->info.height, err);
    e->check = rc__online_check_create(&e->info, err);
    if (!e->ring || !e->views || !e->jpeg || !e->learn || !e->check)
        goto nomem;
    if (undistort_view) {
        e->undist = rc_calib_view_create(e->po.calib, e->info.width, e->info.height, err);
        if (!e->undist) {
            rc_online_destroy(e);
            return NULL;
        }
    }
    for (int i = 0; i < N_VIEWS; i++)
        if (!(e->views[i].pixels =
                  rc_image_alloc(&e->views[i].image, RC_PIX_I420, e->info.width, e->info.height)))
            goto nomem;
    if (build(e, m, err) != RC_OK)
        goto fail;
    if (rec)
        rc__online_check_recorder(e->check, rec); /* its check on the first seconds */
    if (start(e, err) != RC_OK)
        goto fail;
    return e;
fail:
    rc_online_destroy(e);
    return NULL;
nomem:
    rc_err_set(err, RC_E_NOMEM, "live: out of memory for %dx%d views", e->info.width,
               e->info.height);
    rc_online_destroy(e);
    return NULL;
}

void rc_online_destroy(rc_online *e)
{
    if (!e)
        return;
    stop(e);
    rc_calib_view_destroy(e->undist);
    rc_pipeline_destroy(e->pipe);
    rc_metrics_online_destroy(e->online);
    for (int i = 0; e->views && i < N_VIEWS; i++)
        free(e->views[i].pixels);
    free(e->views);
    rc_ring_destroy(e->ring);
    rc_jpeg_destroy(e->jpeg);
    rc__online_learn_destroy(e->learn);
    rc__online_check_destroy(e->check);
    pthread_mutex_destroy(&e->side_lock);
    free(e);
}

void rc_online_set_recorder(rc_online *e, rc_session_writer *w, int quality)
{
    rc_err ignored;
    stop(e);
    rc__online_check_recorder(e->check, w); /* the recording's set-up check (issue 20) */
    e->rec = w;
    e->rec_quality = quality > 0 ? quality : 90;
    atomic_store(&e->rec_failed, 0);
    if (w) /* the coverage then describes the recording */
        rc_track_coverage_init(&e->side.cov, e->model.n_markers);
    learnt_to_recorder(e);
    start(e, &ignored);
}

int rc_online_record_failed(rc_online *e, rc_err *err)
{
    if (!atomic_load(&e->rec_failed))
        return 0;
    if (err)
        *err = e->rec_err;
    return 1;
}

rc_status rc_online_set_model(rc_online *e, const rc_model *m, rc_err *err)
{
    stop(e);
    rc_status st = build(e, m, err);
    rc_status st2 = start(e, err);
    return st != RC_OK ? st : st2;
}

void rc_online_set_auto_learn(rc_online *e, bool on)
{
    rc_err ignored;
    stop(e);
    const rc_model *nominal = rc__online_learn_enable(e->learn, on);
    if (nominal) {
        rc_model m = *nominal;
        build(e, &m, &ignored);
    }
    start(e, &ignored);
}

void rc_online_get_learn(rc_online *e, rc_online_learn_info *out)
{
    rc__online_learn_get(e->learn, out);
}

void rc_online_reset(rc_online *e)
{
    atomic_store(&e->reset, 1);
}

const rc_online_view *rc_online_latest(rc_online *e)
{
    int k = rc_ring_acquire_latest(e->ring);
    return k < 0 ? NULL : &e->views[k];
}

void rc_online_release(rc_online *e, const rc_online_view *v)
{
    if (v)
        rc_ring_release(e->ring, (int)(v - e->views));
}

void rc_online_get_side(rc_online *e, rc_online_side_info *out)
{
    pthread_mutex_lock(&e->side_lock);
    *out = e->side.info;
    pthread_mutex_unlock(&e->side_lock);
}

void rc_online_coverage(rc_online *e, rc_track_coverage *out)
{
    pthread_mutex_lock(&e->side_lock);
    *out = e->side.cov;
    pthread_mutex_unlock(&e->side_lock);
    rc_track_coverage_finish(out);
}

void rc_online_counts(rc_online *e, int64_t *analysed, int64_t *shown_dropped)
{
    rc_ring_stats st;
    rc_ring_get_stats(e->ring, &st);
    *analysed = atomic_load(&e->analysed);
    *shown_dropped = st.dropped;
}
