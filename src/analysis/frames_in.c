/* frames_in.c - the frames of an offline run in order, on one thread or with
 * decoding on others (analysis_internal.h, rc__frames_*): the analysis run and the
 * colour self-check's passes read their input through it.
 *
 * One thread: rc_source_read. More: the lossless capture thread reads ahead and,
 * for MJPEG files, sessions and JPEG folders, `threads` workers decode side by side
 * (capture.h, decoders); the frames, skipped-frame entries and messages come out
 * in the same order with the same content, so results do not depend on threads. */
#include <stdio.h>

#include "analysis_internal.h"

/* TUNABLE: slots of the two-thread queue: one being decoded, one being analysed,
 * one queued. Decoding is the slower side, so the queue is mostly empty; more
 * slots only spread the decoder's writes over more memory (1080p: 3 MB a slot):
 * bench_pipeline at 1080p spent 4.50 ms CPU a frame with 3 slots, 4.99 with 8.
 * With parallel decoders each needs its slot, plus SLOTS_EXTRA: one being
 * analysed, one read ahead, one decoded and waiting its turn. */
enum { SLOTS = 3, SLOTS_EXTRA = 3 };

rc_status rc__frames_start(rc__frames *in, int threads, rc_err *err)
{
    rc_source_info si;
    rc_source_get_info(in->src, &si);
    if (threads < 2 || si.live)
        return RC_OK; /* a camera is never made to wait: the one-thread loop */
    rc_capture_config cc = {.n_slots =
                                threads + SLOTS_EXTRA > SLOTS ? threads + SLOTS_EXTRA : SLOTS,
                            .pace = 0,
                            .lossless = 1,
                            .corrupt_entries = 1,
                            .decoders = threads};
    /* The capture owns the source from here, also on failure. */
    in->cap = rc_capture_start(in->src, &cc, err);
    in->src = NULL;
    return in->cap ? RC_OK : RC_E_NOMEM; /* the reason is in err */
}

rc_status rc__frames_next(rc__frames *in, rc_frame *f)
{
    if (!in->cap) {
        rc_status st = rc_source_read(in->src, f);
        snprintf(in->why.msg, sizeof in->why.msg, "%s", rc_source_last_error(in->src));
        return st;
    }
    rc_capture_release(in->cap, in->held);
    in->held = rc_capture_acquire_wait(in->cap);
    if (!in->held)
        return rc_capture_state(in->cap, &in->why);
    snprintf(in->why.msg, sizeof in->why.msg, "%s", in->held->why);
    *f = in->held->frame;
    return in->held->status;
}

void rc__frames_close(rc__frames *in)
{
    if (in->cap)
        rc_capture_release(in->cap, in->held);
    rc_capture_stop(in->cap);
    rc_source_close(in->src);
    in->cap = NULL;
    in->src = NULL;
    in->held = NULL;
}
