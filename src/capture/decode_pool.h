/* decode_pool.h - worker threads that decode JPEG frames side by side (private to
 * the capture stage).
 *
 * The lossless capture thread (capture_thread.c) reads each frame's JPEG bytes into
 * a slot and submits the slot's job; each worker has its own TurboJPEG codec, takes
 * the oldest waiting job, decodes it straight into the slot's planes and marks it
 * done. Jobs finish in any order; the capture thread waits for them in the order it
 * read them, so frames are published in order. Every job and buffer belongs to the
 * caller (the slots, allocated once): submitting and waiting never allocate.
 */
#ifndef ROMCAP_DECODE_POOL_H
#define ROMCAP_DECODE_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "romcap/image.h"
#include "romcap/status.h"

/* One frame to decode and what came of it. */
typedef struct rc__decode_job {
    const uint8_t *data; /* the JPEG bytes (in: caller's, kept until done) */
    size_t n;
    rc_image *dst;    /* I420 of the JPEG's size (in: caller's) */
    rc_status status; /* out: rc_jpeg_decode_i420's status */
    int warning;      /* out: rc_jpeg_last_warning on RC_OK */
    rc_err msg;       /* out: rc_jpeg_last_error (the error, or the warning's note) */
    int done;         /* guarded by the pool's lock */
} rc__decode_job;

typedef struct rc__decode_pool rc__decode_pool;

/* Starts `workers` (1..RC_DECODE_MAX_WORKERS) threads, each with a codec whose
 * scratch is reserved for width x height. NULL with a message on failure. */
enum { RC_DECODE_MAX_WORKERS = 8 };
rc__decode_pool *rc__decode_pool_create(int workers, int width, int height, rc_err *err);

/* Waits for every submitted job, stops and joins the workers. NULL is fine. */
void rc__decode_pool_destroy(rc__decode_pool *p);

/* Queues `job` (at most RC_DECODE_QUEUE jobs outstanding). */
enum { RC_DECODE_QUEUE = 64 };
void rc__decode_pool_submit(rc__decode_pool *p, rc__decode_job *job);

/* Returns once `job` is done. */
void rc__decode_pool_wait(rc__decode_pool *p, rc__decode_job *job);

/* Decodes `job` on the calling thread with codec `j` (what a worker does). */
struct rc_jpeg;
void rc__decode_job_run(struct rc_jpeg *j, rc__decode_job *job);

#endif
