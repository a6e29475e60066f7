/* capture_thread.c - the capture thread and its frame slots (see capture.h).
 *
 * The thread owns the source. Each iteration: read (the source decodes into its
 * own buffer), claim a ring slot (never waits: the ring reclaims the oldest
 * queued frame if the consumer lags), copy the frame's planes, JPEG bytes and
 * truth into the slot, wait until the frame is due when pacing, stamp and
 * publish. The copy is the one copy of a frame in the live path (~0.1 ms for
 * 640x480 I420); it lets the source reuse its buffer at once.
 *
 * Lossless mode turns this round: claim a free slot first (waiting on a condition
 * variable while the consumer holds or queues every slot), then read straight into
 * it (rc__source_read_into: JPEG sources decode into the slot's planes, a 1080p
 * frame is not copied again), and pass corrupt frames on as entries so the
 * consumer sees every read in order. The consumer's side of the wait is
 * rc_capture_acquire_wait; the mutex only guards sleeping, the ring stays the
 * lock-free hand-over.
 *
 * With decoders (lossless, a JPEG source with the split read, source_internal.h)
 * the thread only reads: it fills every free slot with the next frame's JPEG bytes
 * and submits their decode to the workers (decode_pool.c), which decode straight
 * into the slots' planes; it then takes the oldest slot it read, waits for its
 * decode, lets the source finish it (index, time stamp, warning, message: the
 * source's state is only ever touched here, in read order) and publishes it as
 * above. A read error is kept in its slot and told in its turn.
 *
 * The thread also counts the frames the source itself skipped (gaps in its time
 * stamps against its frame rate: a camera's own drops, rc_capture_gap_frames) and
 * carries out a camera's lock when asked (rc_capture_request_lock): at the top of an
 * iteration, so between two reads, through the source (rc__source_camera_lock). The
 * request and the result are one-shot mailboxes handed over by an atomic state with
 * release/acquire order; the frame path takes no lock for them.
 */
#define _POSIX_C_SOURCE 200809L
#include "romcap/capture.h"

#include "cv/cv_video.h"
#include "decode_pool.h"
#include "romcap/log.h"
#include "source_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct slot {
    rc_capture_frame f;
    rc_image image;
    uint8_t *pixels;
    uint8_t *jpeg;
    size_t jpeg_cap;
    rc_truth truth;
    rc_err why; /* the message of a skipped corrupt frame (lossless), or the note on
                   a frame's decode warning */
    /* With decoders: the frame read into this slot and its decode. */
    rc__packet pk;
    rc__decode_job job;
    rc_status read_status; /* read_packet's: RC_OK (job submitted) or its error */
    rc_err read_err;       /* the source's message with read_status */
} slot;

struct rc_capture {
    rc_source *src; /* owned; replaced on loop by the thread */
    rc_source_info info;
    rc_capture_config cfg;
    char *loop_uri;
    rc_ring *ring;
    slot *slots;
    int n_slots;
    pthread_t thread;
    int thread_ok;
    atomic_int stop, paused, steps;
    atomic_int state; /* rc_status */
    rc_err err;       /* written by the thread before state leaves RC_OK */
    _Atomic int64_t captured, corrupt, warned;
    atomic_int restarts;
    pthread_mutex_t lock; /* only for sleeping: */
    pthread_cond_t more;  /* a frame was published or the thread stopped */
    pthread_cond_t space; /* a slot was released or stop was asked */
    int sync_ok;          /* lock and conditions initialised */
    /* With decoders (capture thread only, but the pool): */
    rc__decode_pool *pool;
    int fifo[RC_RING_MAX_SLOTS]; /* slots read and not yet finished, oldest at head */
    int head, count;
    int read_done; /* the source said RC_E_EOF or a fatal status: read no further */
    /* The source's own gaps (the thread's) and their count (read by stats). */
    _Atomic int64_t missing;
    /* The lock on request: lock_rq is written by the caller before lock_state becomes
     * LK_ASKED, lock_out by the thread before it becomes LK_DONE. */
    atomic_int lock_state;
    rc_capture_lock_request lock_rq;
    rc_camera_controls lock_out;
};

enum { LK_NONE = 0, LK_WAITING, LK_FILLING, LK_ASKED, LK_DONE };

int64_t rc_capture_gap_frames(int64_t dt_ns, double period_ns)
{
    if (!(period_ns > 0) || dt_ns <= 0)
        return 0;
    double g = (double)dt_ns / period_ns;
    return g >= 1.5 ? (int64_t)floor(g + 0.5) - 1 : 0;
}

/* The source's time stamps: frames it skipped before this one (see capture.h). */
typedef struct gap_count {
    int64_t prev_ns, min_dt_ns;
} gap_count;

static void count_gap(rc_capture *c, gap_count *g, int64_t t_ns)
{
    if (g->prev_ns >= 0 && t_ns > g->prev_ns) {
        int64_t dt = t_ns - g->prev_ns;
        if (dt < g->min_dt_ns)
            g->min_dt_ns = dt;
        double period = c->info.fps > 0 ? 1e9 / c->info.fps : (double)g->min_dt_ns;
        int64_t n = rc_capture_gap_frames(dt, period);
        if (n > 0)
            atomic_fetch_add(&c->missing, n);
    }
    g->prev_ns = t_ns;
}

/* The asked lock, between two reads: carried out, its result published. */
static void lock_between_reads(rc_capture *c, int64_t last_index)
{
    if (atomic_load_explicit(&c->lock_state, memory_order_acquire) != LK_ASKED)
        return;
    const rc_capture_lock_request *rq = &c->lock_rq;
    rc__source_camera_lock(c->src, rq->how, rq->frame, rq->t_s, rq->note, last_index);
    c->lock_out = c->src->info.camera;
    atomic_store_explicit(&c->lock_state, LK_DONE, memory_order_release);
}

static void sleep_until(int64_t t_ns)
{
    struct timespec ts = {.tv_sec = t_ns / 1000000000LL, .tv_nsec = t_ns % 1000000000LL};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != 0) {
    }
}

static void wake(rc_capture *c, pthread_cond_t *cv)
{
    pthread_mutex_lock(&c->lock);
    pthread_cond_broadcast(cv);
    pthread_mutex_unlock(&c->lock);
}

/* Copies what the slot does not hold yet: the pixels unless the source decoded
 * into the slot, the JPEG bytes and the truth. */
static void copy_into(slot *s, const rc_frame *fr)
{
    if (fr->image.plane[0] != s->image.plane[0])
        rc_image_copy(&s->image, &fr->image);
    s->f.frame = *fr;
    s->f.frame.image = s->image;
    s->f.frame.jpeg = NULL;
    s->f.frame.jpeg_bytes = 0;
    if (fr->jpeg && fr->jpeg_bytes <= s->jpeg_cap) {
        if (fr->jpeg != s->jpeg) /* read straight into the slot with decoders */
            memcpy(s->jpeg, fr->jpeg, fr->jpeg_bytes);
        s->f.frame.jpeg = s->jpeg;
        s->f.frame.jpeg_bytes = fr->jpeg_bytes;
    }
    s->f.frame.truth = NULL;
    if (fr->truth) {
        s->truth = *fr->truth;
        s->f.frame.truth = &s->truth;
    }
}

static void finish(rc_capture *c, rc_status st, const char *msg)
{
    snprintf(c->err.msg, sizeof c->err.msg, "%s", msg ? msg : "");
    atomic_store(&c->state, (int)st);
    wake(c, &c->more);
}

/* Lossless: a free slot, waiting for the consumer to release one; -1 on stop. */
static int claim_free(rc_capture *c)
{
    int k = rc_ring_acquire_free(c->ring);
    if (k >= 0)
        return k;
    pthread_mutex_lock(&c->lock);
    while ((k = rc_ring_acquire_free(c->ring)) < 0 && !atomic_load(&c->stop))
        pthread_cond_wait(&c->space, &c->lock);
    pthread_mutex_unlock(&c->lock);
    return k;
}

/* With decoders: reads the next frame's bytes into slot k and submits its decode;
 * a read error stays in the slot, to be told in its turn. */
static void read_ahead(rc_capture *c, int k)
{
    slot *s = &c->slots[k];
    rc_source *src = c->src;
    src->err.msg[0] = '\0';
    memset(&s->pk, 0, sizeof s->pk);
    rc_status st = src->ops->read_packet(src, s->jpeg, s->jpeg_cap, &s->pk);
    if (st == RC_E_EOF) {
        rc_ring_release(c->ring, k); /* unused: free again */
        c->read_done = 1;
        return;
    }
    s->read_status = st;
    if (st != RC_OK) {
        s->read_err = src->err;
        c->read_done = st != RC_E_DECODE;
    } else {
        s->job = (rc__decode_job){.data = s->pk.jpeg, .n = s->pk.n, .dst = &s->image};
        rc__decode_pool_submit(c->pool, &s->job);
        if (s->pk.jpeg != s->jpeg) /* too large for the slot: in the source's buffer, */
            rc__decode_pool_wait(c->pool, &s->job); /* which the next read reuses */
    }
    c->fifo[(c->head + c->count) % RC_RING_MAX_SLOTS] = k;
    c->count++;
}

/* With decoders, in place of rc__source_read_into: reads ahead into every free slot,
 * then the oldest frame read, decoded and finished by the source. 0 on stop; else 1
 * with *k its slot (-1 at the end) and *st as rc__source_read_into's. */
static int next_decoded(rc_capture *c, int *k, rc_frame *fr, rc_status *st)
{
    while (!c->read_done && !atomic_load(&c->stop)) {
        int f = c->count ? rc_ring_acquire_free(c->ring) : claim_free(c);
        if (f < 0)
            break;
        read_ahead(c, f);
    }
    if (atomic_load(&c->stop))
        return 0;
    memset(fr, 0, sizeof *fr);
    rc_source *src = c->src;
    src->err.msg[0] = '\0';
    if (c->count == 0) { /* everything read was told: the end */
        src->ops->end(src);
        c->read_done = 0; /* a reopened source (loop) is read from its start */
        *k = -1;
        *st = RC_E_EOF;
        return 1;
    }
    *k = c->fifo[c->head];
    c->head = (c->head + 1) % RC_RING_MAX_SLOTS;
    c->count--;
    slot *s = &c->slots[*k];
    if (s->read_status != RC_OK) {
        src->err = s->read_err;
        *st = s->read_status;
        return 1;
    }
    rc__decode_pool_wait(c->pool, &s->job);
    rc__decoded d = {s->job.status, s->job.warning, s->job.msg.msg};
    *st = src->ops->finish(src, &s->pk, &d, &s->image, fr);
    return 1;
}

/* The frame's capture stamp; a paced source first waits until the frame is due
 * (t0_src / t0_wall: the pacing's base, t0_src -1 to start again). */
static int64_t stamp(const rc_capture *c, const rc_frame *fr, int pace, int64_t *t0_src,
                     int64_t *t0_wall)
{
    int64_t now = rc_clock_ns();
    if (pace) {
        if (*t0_src < 0)
            *t0_src = fr->t_ns, *t0_wall = now;
        int64_t due = *t0_wall + (fr->t_ns - *t0_src);
        if (due > now)
            sleep_until(due);
        return due > now ? due : now;
    }
    /* Cameras stamp on the monotonic clock (source_video.c); anything else (a stream's
     * own clock) is replaced by the read time. */
    if (c->info.live)
        return fr->t_ns > 0 && fr->t_ns <= now && now - fr->t_ns < 1000000000LL ? fr->t_ns : now;
    return now;
}

static void *run(void *arg)
{
    rc_capture *c = arg;
    const int pace = !c->info.live && c->cfg.pace != 0;
    /* Lossless only for files, folders, sessions and scenes played unpaced: a
     * camera is never made to wait (it would drop frames in the driver instead). */
    const int lossless = !c->info.live && !pace && c->cfg.lossless;
    int64_t t0_src = -1, t0_wall = 0, seq = 0, last_index = -1;
    gap_count gaps = {-1, INT64_MAX};
    int k = -1; /* lossless: the slot claimed for the next read, kept across retries */
    while (!atomic_load(&c->stop)) {
        lock_between_reads(c, last_index);
        if (!c->info.live && atomic_load(&c->paused)) {
            if (atomic_load(&c->steps) <= 0) {
                struct timespec ts = {0, 5000000};
                nanosleep(&ts, NULL);
                t0_src = -1; /* re-base pacing on resume */
                continue;
            }
            atomic_fetch_sub(&c->steps, 1);
        }
        rc_frame fr;
        rc_status st;
        if (lossless && c->pool && c->src->ops->read_packet) {
            if (!next_decoded(c, &k, &fr, &st))
                break; /* stop */
        } else if (lossless) {
            if (k < 0 && (k = claim_free(c)) < 0)
                break; /* stop */
            st = rc__source_read_into(c->src, &c->slots[k].image, &fr);
        } else {
            st = rc_source_read(c->src, &fr);
        }
        if (st == RC_E_DECODE) {
            atomic_fetch_add(&c->corrupt, 1);
            if (lossless && c->cfg.corrupt_entries) {
                slot *s = &c->slots[k];
                memset(&s->f, 0, sizeof s->f);
                s->f.status = RC_E_DECODE;
                s->why = c->src->err;
                s->f.why = s->why.msg;
                s->f.seq = seq++;
                s->f.restarts = atomic_load(&c->restarts);
                s->f.t_capture_ns = rc_clock_ns();
                rc_ring_publish(c->ring, k);
                k = -1;
                wake(c, &c->more);
            } else if (c->pool && k >= 0) { /* with decoders each read has its slot */
                rc_ring_release(c->ring, k);
                k = -1;
            }
            continue;
        }
        if (st == RC_E_EOF && c->loop_uri && !c->info.live) {
            rc_err e = {{0}};
            rc_source *next = rc_source_open(c->loop_uri, &c->cfg.opt, &e);
            rc_source_info ni;
            if (next)
                rc_source_get_info(next, &ni);
            if (!next || ni.width != c->info.width || ni.height != c->info.height) {
                rc_source_close(next);
                finish(c, next ? RC_E_FORMAT : RC_E_IO,
                       next ? "the source changed size when reopened" : e.msg);
                break;
            }
            rc_source_close(c->src);
            c->src = next;
            atomic_fetch_add(&c->restarts, 1);
            t0_src = -1;
            gaps.prev_ns = -1; /* a new source's stamps start again */
            continue;
        }
        if (st != RC_OK) {
            finish(c, st, rc_source_last_error(c->src)); /* at the end: how it ended */
            break;
        }
        if (fr.image.width != c->info.width || fr.image.height != c->info.height) {
            atomic_fetch_add(&c->corrupt, 1);
            if (c->pool && k >= 0) { /* (decoders write slot-sized frames: defensive) */
                rc_ring_release(c->ring, k);
                k = -1;
            }
            continue;
        }
        count_gap(c, &gaps, fr.t_ns);
        last_index = fr.index;
        if (!lossless)
            k = rc_ring_acquire_write(c->ring);
        slot *s = &c->slots[k];
        copy_into(s, &fr);
        s->f.t_capture_ns = stamp(c, &fr, pace, &t0_src, &t0_wall);
        s->f.seq = seq++;
        s->f.source_missing = atomic_load(&c->missing);
        s->f.restarts = atomic_load(&c->restarts);
        s->f.status = RC_OK;
        s->f.why = "";
        if (fr.decode_warning) { /* the source's note travels with its frame */
            atomic_fetch_add(&c->warned, 1);
            s->why = c->src->err;
            s->f.why = s->why.msg;
        }
        rc_ring_publish(c->ring, k);
        k = -1;
        atomic_fetch_add(&c->captured, 1);
        wake(c, &c->more);
    }
    return NULL;
}

static void free_slots(rc_capture *c)
{
    for (int i = 0; c->slots && i < c->n_slots; i++) {
        free(c->slots[i].pixels);
        free(c->slots[i].jpeg);
    }
    free(c->slots);
}

rc_capture *rc_capture_start(rc_source *src, const rc_capture_config *cfg, rc_err *err)
{
    if (!src) {
        rc_err_set(err, RC_E_ARG, "capture: no source");
        return NULL;
    }
    rc_capture *c = calloc(1, sizeof *c);
    if (!c) {
        rc_source_close(src);
        rc_err_set(err, RC_E_NOMEM, "capture: out of memory");
        return NULL;
    }
    c->src = src;
    rc_source_get_info(src, &c->info);
    if (cfg)
        c->cfg = *cfg;
    c->cfg.loop_uri = NULL;
    c->n_slots = c->cfg.n_slots ? c->cfg.n_slots : 4;
    atomic_init(&c->state, RC_OK);
    atomic_init(&c->lock_state, c->info.camera.lock_pending ? LK_WAITING : LK_NONE);
    if (pthread_mutex_init(&c->lock, NULL) != 0)
        goto nomem;
    if (pthread_cond_init(&c->more, NULL) != 0) {
        pthread_mutex_destroy(&c->lock);
        goto nomem;
    }
    if (pthread_cond_init(&c->space, NULL) != 0) {
        pthread_cond_destroy(&c->more);
        pthread_mutex_destroy(&c->lock);
        goto nomem;
    }
    c->sync_ok = 1;
    if (cfg && cfg->loop_uri && !(c->loop_uri = strdup(cfg->loop_uri)))
        goto nomem;
    if (c->n_slots < 3 || c->n_slots > RC_RING_MAX_SLOTS) {
        rc_err_set(err, RC_E_ARG, "capture: %d slots (expected 3..%d)", c->n_slots,
                   RC_RING_MAX_SLOTS);
        goto fail;
    }
    if (c->info.width <= 0 || c->info.height <= 0) {
        rc_err_set(err, RC_E_ARG, "capture: the source has no frame size");
        goto fail;
    }
    c->ring = rc_ring_create(c->n_slots);
    c->slots = calloc((size_t)c->n_slots, sizeof *c->slots);
    if (!c->ring || !c->slots)
        goto nomem;
    /* JPEG copies up to the size of the raw I420 frame (a camera's MJPEG frame is
     * far smaller; a larger one is passed on without its bytes). */
    size_t jcap = rc_image_bytes(RC_PIX_I420, c->info.width, c->info.height);
    for (int i = 0; i < c->n_slots; i++) {
        slot *s = &c->slots[i];
        s->pixels = rc_image_alloc(&s->image, RC_PIX_I420, c->info.width, c->info.height);
        s->jpeg = malloc(jcap);
        s->jpeg_cap = jcap;
        if (!s->pixels || !s->jpeg)
            goto nomem;
    }
    if (c->cfg.lossless && c->cfg.decoders >= 2 && c->cfg.pace == 0 && !c->info.live &&
        src->ops->read_packet &&
        !(c->pool = rc__decode_pool_create(c->cfg.decoders, c->info.width, c->info.height, err)))
        goto fail;
    if (pthread_create(&c->thread, NULL, run, c) != 0) {
        rc_err_set(err, RC_E_NOMEM, "capture: cannot start the thread");
        goto fail;
    }
    c->thread_ok = 1;
    return c;
nomem:
    rc_err_set(err, RC_E_NOMEM, "capture: out of memory for %d frames of %dx%d", c->n_slots,
               c->info.width, c->info.height);
fail:
    rc_capture_stop(c);
    return NULL;
}

void rc_capture_stop(rc_capture *c)
{
    if (!c)
        return;
    atomic_store(&c->stop, 1);
    if (c->sync_ok)
        wake(c, &c->space);
    if (c->thread_ok)
        pthread_join(c->thread, NULL);
    rc__decode_pool_destroy(c->pool); /* waits for decodes still writing into slots */
    rc_source_close(c->src);
    free_slots(c);
    rc_ring_destroy(c->ring);
    free(c->loop_uri);
    if (c->sync_ok) {
        pthread_cond_destroy(&c->space);
        pthread_cond_destroy(&c->more);
        pthread_mutex_destroy(&c->lock);
    }
    free(c);
}

const rc_capture_frame *rc_capture_acquire(rc_capture *c)
{
    int k = rc_ring_acquire_read(c->ring);
    return k < 0 ? NULL : &c->slots[k].f;
}

const rc_capture_frame *rc_capture_acquire_wait(rc_capture *c)
{
    int k = rc_ring_acquire_read(c->ring);
    if (k >= 0)
        return &c->slots[k].f;
    pthread_mutex_lock(&c->lock);
    for (;;) {
        /* The state first: whatever was published before the thread stopped is
         * then visible to the read below. */
        int ended = atomic_load(&c->state) != RC_OK || !c->thread_ok;
        if ((k = rc_ring_acquire_read(c->ring)) >= 0 || ended)
            break;
        pthread_cond_wait(&c->more, &c->lock);
    }
    pthread_mutex_unlock(&c->lock);
    return k < 0 ? NULL : &c->slots[k].f;
}

const rc_capture_frame *rc_capture_acquire_latest(rc_capture *c)
{
    int k = rc_ring_acquire_latest(c->ring);
    return k < 0 ? NULL : &c->slots[k].f;
}

void rc_capture_release(rc_capture *c, const rc_capture_frame *f)
{
    if (!c || !f)
        return;
    rc_ring_release(c->ring, (int)((const slot *)(const void *)f - c->slots));
    if (c->cfg.lossless)
        wake(c, &c->space);
}

void rc_capture_set_paused(rc_capture *c, int paused)
{
    atomic_store(&c->paused, paused);
    if (!paused)
        atomic_store(&c->steps, 0);
}

void rc_capture_step(rc_capture *c)
{
    atomic_fetch_add(&c->steps, 1);
}

rc_status rc_capture_state(rc_capture *c, rc_err *msg)
{
    rc_status st = (rc_status)atomic_load(&c->state);
    if (msg)
        snprintf(msg->msg, sizeof msg->msg, "%s", st == RC_OK ? "" : c->err.msg);
    return st;
}

void rc_capture_get_stats(rc_capture *c, rc_capture_stats *st)
{
    rc_ring_stats rs;
    rc_ring_get_stats(c->ring, &rs);
    st->captured = atomic_load(&c->captured);
    st->dropped = rs.dropped;
    st->corrupt = atomic_load(&c->corrupt);
    st->decode_warnings = atomic_load(&c->warned);
    st->restarts = atomic_load(&c->restarts);
    st->source_missing = atomic_load(&c->missing);
}

int rc_capture_lock_pending(const rc_capture *c)
{
    return atomic_load(&((rc_capture *)c)->lock_state) == LK_WAITING;
}

int rc_capture_request_lock(rc_capture *c, const rc_capture_lock_request *rq)
{
    int expect = LK_WAITING;
    if (!c || !rq || !atomic_compare_exchange_strong(&c->lock_state, &expect, LK_FILLING))
        return 0;
    c->lock_rq = *rq; /* the thread reads it only once the state says LK_ASKED */
    atomic_store_explicit(&c->lock_state, LK_ASKED, memory_order_release);
    return 1;
}

int rc_capture_lock_result(rc_capture *c, rc_camera_controls *out)
{
    if (atomic_load_explicit(&c->lock_state, memory_order_acquire) != LK_DONE)
        return 0;
    *out = c->lock_out;
    return 1;
}

void rc_capture_get_info(const rc_capture *c, rc_source_info *info)
{
    *info = c->info;
}

rc_source *rc_capture_open_gst(const char *pipeline, rc_err *err)
{
    rc_cv_video *cv = rc_cv_video_open_gst(pipeline, err);
    if (!cv)
        return NULL;
    rc_cv_video_info ci;
    rc_cv_video_get_info(cv, &ci);
    if (ci.width <= 0 || ci.height <= 0) {
        rc_cv_video_close(cv);
        rc_err_set(err, RC_E_DEVICE,
                   "gst:%s: the pipeline gives no frame size (set width and height in its caps)",
                   pipeline);
        return NULL;
    }
    char name[256];
    snprintf(name, sizeof name, "gst:%s", pipeline);
    rc_source *s = rc__source_from_cv(cv, name, "camera", 1, err);
    if (s && ci.fps > 0)
        s->info.fps = ci.fps;
    return s;
}
