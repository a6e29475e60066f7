/* decode_pool.c - JPEG decoding on worker threads (see decode_pool.h).
 *
 * One lock guards a FIFO of job pointers and the jobs' done flags; a worker holds
 * it only to take a job and to mark one done, never while decoding. Workers are
 * woken by `work`, the waiting capture thread by `done`.
 */
#define _POSIX_C_SOURCE 200809L
#include "decode_pool.h"

#include "romcap/jpeg.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct worker {
    rc__decode_pool *pool;
    rc_jpeg *jpeg;
    pthread_t thread;
    int started;
} worker;

struct rc__decode_pool {
    pthread_mutex_t lock;
    pthread_cond_t work, done;
    rc__decode_job *queue[RC_DECODE_QUEUE];
    int head, count, busy; /* queued jobs from queue[head]; jobs being decoded */
    int stop;
    int n_workers;
    worker workers[RC_DECODE_MAX_WORKERS];
};

void rc__decode_job_run(rc_jpeg *j, rc__decode_job *job)
{
    job->status = rc_jpeg_decode_i420(j, job->data, job->n, job->dst);
    job->warning = job->status == RC_OK ? (int)rc_jpeg_last_warning(j) : 0;
    snprintf(job->msg.msg, sizeof job->msg.msg, "%s", rc_jpeg_last_error(j));
}

static void *work(void *arg)
{
    worker *w = arg;
    rc__decode_pool *p = w->pool;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->count == 0 && !p->stop)
            pthread_cond_wait(&p->work, &p->lock);
        if (p->count == 0)
            break; /* stop, and nothing left */
        rc__decode_job *job = p->queue[p->head];
        p->head = (p->head + 1) % RC_DECODE_QUEUE;
        p->count--;
        p->busy++;
        pthread_mutex_unlock(&p->lock);
        rc__decode_job_run(w->jpeg, job);
        pthread_mutex_lock(&p->lock);
        job->done = 1;
        p->busy--;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

rc__decode_pool *rc__decode_pool_create(int workers, int width, int height, rc_err *err)
{
    if (workers < 1 || workers > RC_DECODE_MAX_WORKERS) {
        rc_err_set(err, RC_E_ARG, "decode: %d workers (expected 1..%d)", workers,
                   RC_DECODE_MAX_WORKERS);
        return NULL;
    }
    rc__decode_pool *p = calloc(1, sizeof *p);
    if (!p) {
        rc_err_set(err, RC_E_NOMEM, "decode: out of memory");
        return NULL;
    }
    if (pthread_mutex_init(&p->lock, NULL) != 0) {
        free(p);
        rc_err_set(err, RC_E_NOMEM, "decode: cannot create a lock");
        return NULL;
    }
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    for (int i = 0; i < workers; i++) {
        worker *w = &p->workers[i];
        w->pool = p;
        if (!(w->jpeg = rc_jpeg_create(err)) || rc_jpeg_reserve(w->jpeg, width, height) != RC_OK) {
            if (w->jpeg)
                rc_err_set(err, RC_E_NOMEM, "decode: out of memory for %dx%d frames", width,
                           height);
            p->n_workers = i + 1;
            rc__decode_pool_destroy(p);
            return NULL;
        }
        p->n_workers = i + 1;
        if (pthread_create(&w->thread, NULL, work, w) != 0) {
            rc_err_set(err, RC_E_NOMEM, "decode: cannot start worker %d", i + 1);
            rc__decode_pool_destroy(p);
            return NULL;
        }
        w->started = 1;
    }
    return p;
}

void rc__decode_pool_destroy(rc__decode_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->n_workers; i++) {
        if (p->workers[i].started)
            pthread_join(p->workers[i].thread, NULL);
        rc_jpeg_destroy(p->workers[i].jpeg);
    }
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->work);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

void rc__decode_pool_submit(rc__decode_pool *p, rc__decode_job *job)
{
    pthread_mutex_lock(&p->lock);
    job->done = 0;
    /* The capture thread keeps at most one job per slot (<= RC_RING_MAX_SLOTS). */
    p->queue[(p->head + p->count) % RC_DECODE_QUEUE] = job;
    p->count++;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->lock);
}

void rc__decode_pool_wait(rc__decode_pool *p, rc__decode_job *job)
{
    pthread_mutex_lock(&p->lock);
    while (!job->done)
        pthread_cond_wait(&p->done, &p->lock);
    pthread_mutex_unlock(&p->lock);
}
