/* ring.h - a lock-free single-producer single-consumer ring of slot indices that
 * drops the oldest entry instead of ever making the producer wait.
 *
 * Sits between threads of the live pipeline (capture -> analysis -> display). The
 * ring hands out slot numbers 0..n-1; the slots' memory (frames, results) belongs
 * to the caller, allocated once. When the consumer lags and no slot is free, the
 * producer takes back the oldest published slot it is not reading (counted as a
 * drop), so a camera is never blocked; a producer that must not lose entries
 * (offline analysis) asks for a free slot only and waits itself when there is none.
 * It does not allocate after create, copy data or sleep; one thread produces and
 * one consumes.
 */
#ifndef ROMCAP_RING_H
#define ROMCAP_RING_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { RC_RING_MAX_SLOTS = 32 };

typedef struct rc_ring rc_ring;

typedef struct rc_ring_stats {
    int64_t published; /* slots handed to the consumer side */
    int64_t consumed;  /* slots the consumer took */
    int64_t dropped;   /* published slots reclaimed unread (producer side) plus
                          those skipped by rc_ring_acquire_latest (consumer side) */
} rc_ring_stats;

/* A ring of n_slots (3..RC_RING_MAX_SLOTS: one being written, one being read, at
 * least one queued). NULL for a bad count or no memory. */
rc_ring *rc_ring_create(int n_slots);
void rc_ring_destroy(rc_ring *r); /* NULL is fine */

int rc_ring_slots(const rc_ring *r);

/* Producer: a slot to fill. A free slot if there is one, else the oldest
 * published slot (dropped). Never blocks, never fails while the producer holds at
 * most one slot. */
int rc_ring_acquire_write(rc_ring *r);

/* Producer, for a consumer that must see every frame: a free slot, or -1 when
 * every slot is queued or being read (nothing is reclaimed; the caller waits and
 * tries again). */
int rc_ring_acquire_free(rc_ring *r);

/* Producer: makes the slot from rc_ring_acquire_write visible to the consumer.
 * Publications are ordered: the consumer takes them oldest first. */
void rc_ring_publish(rc_ring *r, int slot);

/* Consumer: the oldest published slot, or -1 when none is waiting. The slot stays
 * the consumer's until rc_ring_release. */
int rc_ring_acquire_read(rc_ring *r);

/* Consumer: the newest published slot (older waiting ones are freed and counted as
 * dropped), or -1 when none is waiting. */
int rc_ring_acquire_latest(rc_ring *r);

/* Consumer: gives a slot from acquire_read / acquire_latest back. */
void rc_ring_release(rc_ring *r, int slot);

/* Number of published slots waiting for the consumer (a snapshot). */
int rc_ring_pending(const rc_ring *r);

void rc_ring_get_stats(const rc_ring *r, rc_ring_stats *st);

#ifdef __cplusplus
}
#endif
#endif
