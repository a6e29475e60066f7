/* online_check.c - the set-up check on the live engine's frames (online_check.h).
 *
 * Three parties touch it: the window asks (C, R again) from the main thread, the
 * analysis thread feeds frames and finishes checks, and the engine attaches and
 * detaches recorders with the thread stopped. What the window reads and asks is
 * under `lock`; the running check and the recorder are the thread's (or touched with
 * the thread stopped), so session.json's meta is only ever written from the thread
 * that also stores the learnt colours, or while it is stopped.
 */
#define _POSIX_C_SOURCE 200809L
#include "online_check.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/session.h"

/* TUNABLE: the span judged, as `romcap check`'s default: two seconds of the start
 * pose and one slow movement through the range take about five. */
static const double OC_SECONDS = 5.0;

struct rc__online_check {
    pthread_mutex_t lock;
    rc_source_info src; /* size, rate and the camera's controls in force (these change
                           when the camera is locked: under lock) */
    /* Asked by the main thread; under lock. */
    bool start_asked, start_for_rec;
    bool ack; /* the next stored block says "acknowledged": true */
    /* Published; under lock. */
    rc_online_check_info info;
    /* The thread's (or touched with the thread stopped). */
    rc_check *run;
    rc_session_writer *rec; /* the writer attached now */
    bool rec_waits;         /* ... and its session has no check block yet */
};

rc__online_check *rc__online_check_create(const rc_source_info *info, rc_err *err)
{
    rc__online_check *k = calloc(1, sizeof *k);
    if (!k) {
        rc_err_set(err, RC_E_NOMEM, "live: out of memory for the set-up check");
        return NULL;
    }
    pthread_mutex_init(&k->lock, NULL);
    k->src = *info;
    k->info.span_s = OC_SECONDS;
    return k;
}

void rc__online_check_destroy(rc__online_check *k)
{
    if (!k)
        return;
    rc_check_destroy(k->run);
    pthread_mutex_destroy(&k->lock);
    free(k);
}

/* Stores `r` in writer w, with the acknowledgement asked for (used once). */
static void store(rc__online_check *k, rc_session_writer *w, const rc_check_result *r)
{
    rc_check_result s = *r;
    pthread_mutex_lock(&k->lock);
    s.acknowledged = k->ack;
    k->ack = false;
    pthread_mutex_unlock(&k->lock);
    rc_session_writer_set_check(w, &s);
}

/* A new check of model m from the next frame (the old one dropped). */
static void begin(rc__online_check *k, const rc_model *m, const rc_pipeline_options *po,
                  bool for_rec)
{
    rc_check_config cc = {.seconds = OC_SECONDS,
                          .fps = k->src.fps,
                          .calib = po->calib,
                          .mirror = po->mirror,
                          .results_given = true};
    pthread_mutex_lock(&k->lock); /* the controls change once the camera is locked */
    const rc_camera_control *ex = &k->src.camera.exposure;
    if (k->src.camera.applied && ex->in_force == ex->in_force)
        cc.exposure_ms = ex->in_force;
    pthread_mutex_unlock(&k->lock);
    rc_check_destroy(k->run);
    rc_err ignored = {{0}};
    k->run = rc_check_create(m, k->src.width, k->src.height, &cc, &ignored);
    pthread_mutex_lock(&k->lock);
    k->info.state = k->run                 ? RC_ONLINE_CHECK_RUNNING
                    : k->info.result.n_items ? RC_ONLINE_CHECK_DONE
                                             : RC_ONLINE_CHECK_NONE;
    k->info.for_recording = for_rec;
    k->info.elapsed_s = 0;
    k->info.seq++;
    pthread_mutex_unlock(&k->lock);
}

/* The running check judged as it stands: published, and stored in the recording
 * waiting for one. */
static void finish(rc__online_check *k)
{
    rc_check_result r;
    rc_check_finish(k->run, &r);
    rc_check_destroy(k->run);
    k->run = NULL;
    pthread_mutex_lock(&k->lock);
    k->info.result = r;
    k->info.state = RC_ONLINE_CHECK_DONE;
    k->info.elapsed_s = r.seconds;
    k->info.seq++;
    k->info.result_seq++;
    pthread_mutex_unlock(&k->lock);
    if (k->rec && k->rec_waits) {
        store(k, k->rec, &r);
        k->rec_waits = false;
    }
}

/* The running check dropped unjudged: the last result (if any) stands. */
static void drop(rc__online_check *k)
{
    rc_check_destroy(k->run);
    k->run = NULL;
    pthread_mutex_lock(&k->lock);
    k->info.state = k->info.result.n_items ? RC_ONLINE_CHECK_DONE : RC_ONLINE_CHECK_NONE;
    k->info.seq++;
    pthread_mutex_unlock(&k->lock);
}

void rc__online_check_feed(rc__online_check *k, const rc_model *m, const rc_pipeline_options *po,
                           const rc_capture_frame *cf, const rc_pipe_result *res)
{
    const rc_frame *f = &cf->frame;
    pthread_mutex_lock(&k->lock);
    bool start = k->start_asked, for_rec = k->start_for_rec;
    k->start_asked = false;
    pthread_mutex_unlock(&k->lock);
    if (start)
        begin(k, m, po, for_rec);
    if (!k->run)
        return;
    rc_check_set_captured(k->run, cf->seq, cf->source_missing);
    if (rc_check_add_result(k->run, f, res) == RC_E_ARG) { /* a replay went back in time */
        pthread_mutex_lock(&k->lock);
        for_rec = k->info.for_recording;
        pthread_mutex_unlock(&k->lock);
        begin(k, m, po, for_rec);
        if (k->run) {
            rc_check_set_captured(k->run, cf->seq, cf->source_missing);
            rc_check_add_result(k->run, f, res);
        }
    }
    if (k->run && rc_check_full(k->run)) {
        finish(k);
        return;
    }
    pthread_mutex_lock(&k->lock);
    k->info.elapsed_s = k->run ? rc_check_elapsed_s(k->run) : 0;
    pthread_mutex_unlock(&k->lock);
}

void rc__online_check_reset(rc__online_check *k)
{
    rc_check_destroy(k->run);
    k->run = NULL;
    pthread_mutex_lock(&k->lock);
    memset(&k->info.result, 0, sizeof k->info.result);
    k->info.state = RC_ONLINE_CHECK_NONE;
    k->info.elapsed_s = 0;
    k->info.seq++;
    if (k->rec && k->rec_waits) { /* the recording still gets one, of the new model */
        k->start_asked = true;
        k->start_for_rec = true;
    }
    pthread_mutex_unlock(&k->lock);
}

void rc__online_check_recorder(rc__online_check *k, rc_session_writer *w)
{
    if (!w) {
        if (k->rec && k->rec_waits && k->run) { /* stopped before its check ended */
            rc_check_result r;
            rc_check_finish(k->run, &r);
            if (r.frames > 0) /* not a block judged on nothing */
                store(k, k->rec, &r);
            k->rec_waits = false;
            pthread_mutex_lock(&k->lock);
            bool own = k->info.for_recording;
            pthread_mutex_unlock(&k->lock);
            if (own && r.frames > 0) /* the recording's check ends with it */
                finish(k);
            else if (own) /* ... with nothing judged; one the user asked for goes on */
                drop(k);
        }
        k->rec = NULL;
        k->rec_waits = false;
        pthread_mutex_lock(&k->lock);
        k->ack = false;
        pthread_mutex_unlock(&k->lock);
        return;
    }
    k->rec = w;
    k->rec_waits = true;
    pthread_mutex_lock(&k->lock);
    bool pending = k->run || k->start_asked;
    bool done = k->info.state == RC_ONLINE_CHECK_DONE && !pending;
    rc_check_result r = k->info.result;
    if (!pending && !done) { /* never run: on the recording's first seconds */
        k->start_asked = true;
        k->start_for_rec = true;
    }
    pthread_mutex_unlock(&k->lock);
    if (done) {
        store(k, w, &r);
        k->rec_waits = false;
    }
}

/* ---- what the window calls ---------------------------------------------------------- */

void rc_online_check_start(rc_online *e)
{
    rc__online_check *k = rc__online_checker(e);
    pthread_mutex_lock(&k->lock);
    k->start_asked = true;
    k->start_for_rec = false;
    k->info.state = RC_ONLINE_CHECK_RUNNING;
    k->info.for_recording = false;
    k->info.elapsed_s = 0;
    k->info.seq++;
    pthread_mutex_unlock(&k->lock);
}

void rc_online_get_check(rc_online *e, rc_online_check_info *out)
{
    rc__online_check *k = rc__online_checker(e);
    pthread_mutex_lock(&k->lock);
    *out = k->info;
    pthread_mutex_unlock(&k->lock);
}

void rc_online_check_acknowledge(rc_online *e)
{
    rc__online_check *k = rc__online_checker(e);
    pthread_mutex_lock(&k->lock);
    k->ack = true;
    pthread_mutex_unlock(&k->lock);
}

void rc_online_check_camera(rc_online *e, const rc_camera_controls *cc)
{
    rc__online_check *k = rc__online_checker(e);
    pthread_mutex_lock(&k->lock);
    k->src.camera = *cc;
    pthread_mutex_unlock(&k->lock);
}
