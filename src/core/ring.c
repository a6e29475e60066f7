/* ring.c - lock-free SPSC slot ring with drop-oldest (see ring.h).
 *
 * Each slot has one atomic 64-bit word: (sequence << 2) | state, with state FREE,
 * WRITING, READY or READING. The producer numbers publications 1, 2, 3 ...; the
 * sequence in the word makes every READY value unique, so a compare-and-swap that
 * claims "the oldest READY slot" fails if that slot was recycled in between (no
 * ABA). Both sides scan all slots: with n <= 32 a scan costs less than a cache
 * miss on a queue, and there is no head/tail to keep consistent with drops.
 * Memory order: publish stores with release, claims use acquire, so the slot's
 * contents written before rc_ring_publish are visible to the reader.
 */
#include "romcap/ring.h"

#include <stdatomic.h>
#include <stdlib.h>

enum { ST_FREE = 0, ST_WRITING = 1, ST_READY = 2, ST_READING = 3 };

struct rc_ring {
    int n;
    uint64_t next_seq;         /* producer only */
    _Atomic uint64_t last_seq; /* newest published sequence, stored after its slot */
    _Atomic uint64_t word[RC_RING_MAX_SLOTS];
    _Atomic int64_t published, consumed, dropped;
};

static uint64_t make(uint64_t seq, int st)
{
    return (seq << 2) | (uint64_t)st;
}

static int state_of(uint64_t w)
{
    return (int)(w & 3u);
}

rc_ring *rc_ring_create(int n_slots)
{
    if (n_slots < 3 || n_slots > RC_RING_MAX_SLOTS)
        return NULL;
    rc_ring *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->n = n_slots;
    for (int i = 0; i < n_slots; i++)
        atomic_init(&r->word[i], make(0, ST_FREE));
    atomic_init(&r->published, 0);
    atomic_init(&r->consumed, 0);
    atomic_init(&r->dropped, 0);
    atomic_init(&r->last_seq, 0);
    return r;
}

void rc_ring_destroy(rc_ring *r)
{
    free(r);
}

int rc_ring_slots(const rc_ring *r)
{
    return r->n;
}

/* Index of the READY slot with the smallest (oldest = 1) or largest sequence.
 * The consumer passes the newest sequence it knows was published (read before
 * the scan) and ignores anything newer: the scan is not atomic, and a slot the
 * producer publishes behind the scan could otherwise hide an older one still
 * queued in a slot already looked at. The producer passes UINT64_MAX. */
static int find_ready(rc_ring *r, int newest, uint64_t *word, uint64_t max_seq)
{
    int best = -1;
    uint64_t best_w = 0;
    for (int i = 0; i < r->n; i++) {
        uint64_t w = atomic_load_explicit(&r->word[i], memory_order_acquire);
        if (state_of(w) != ST_READY || (w >> 2) > max_seq)
            continue;
        if (best < 0 || (newest ? (w >> 2) > (best_w >> 2) : (w >> 2) < (best_w >> 2)))
            best = i, best_w = w;
    }
    *word = best_w;
    return best;
}

int rc_ring_acquire_free(rc_ring *r)
{
    /* Only the consumer frees slots, and only the producer takes them, so a plain
     * check-then-store would race only with a FREE -> FREE no-op; a CAS keeps it
     * obviously correct. */
    for (int i = 0; i < r->n; i++) {
        uint64_t w = atomic_load_explicit(&r->word[i], memory_order_acquire);
        if (state_of(w) == ST_FREE &&
            atomic_compare_exchange_strong(&r->word[i], &w, make(0, ST_WRITING)))
            return i;
    }
    return -1;
}

int rc_ring_acquire_write(rc_ring *r)
{
    for (;;) {
        int k = rc_ring_acquire_free(r); /* a free slot first */
        if (k >= 0)
            return k;
        /* None free: reclaim the oldest queued frame. Fails only if the consumer
         * claimed it at the same moment; then look again. */
        uint64_t w;
        int i = find_ready(r, 0, &w, UINT64_MAX);
        if (i >= 0 && atomic_compare_exchange_strong(&r->word[i], &w, make(0, ST_WRITING))) {
            atomic_fetch_add(&r->dropped, 1);
            return i;
        }
    }
}

void rc_ring_publish(rc_ring *r, int slot)
{
    uint64_t seq = ++r->next_seq;
    atomic_store_explicit(&r->word[slot], make(seq, ST_READY), memory_order_release);
    atomic_store_explicit(&r->last_seq, seq, memory_order_release);
    atomic_fetch_add(&r->published, 1);
}

int rc_ring_acquire_read(rc_ring *r)
{
    for (;;) {
        uint64_t w, known = atomic_load_explicit(&r->last_seq, memory_order_acquire);
        int i = find_ready(r, 0, &w, known);
        if (i < 0)
            return -1;
        if (atomic_compare_exchange_strong_explicit(&r->word[i], &w, make(0, ST_READING),
                                                    memory_order_acquire, memory_order_relaxed)) {
            atomic_fetch_add(&r->consumed, 1);
            return i;
        }
    }
}

int rc_ring_acquire_latest(rc_ring *r)
{
    int got;
    uint64_t w;
    for (;;) {
        uint64_t known = atomic_load_explicit(&r->last_seq, memory_order_acquire);
        got = find_ready(r, 1, &w, known);
        if (got < 0)
            return -1;
        if (atomic_compare_exchange_strong_explicit(&r->word[got], &w, make(0, ST_READING),
                                                    memory_order_acquire, memory_order_relaxed))
            break;
    }
    /* Free what is older than the slot now held; anything the producer publishes
     * meanwhile has a larger sequence and stays queued. */
    uint64_t got_seq = w >> 2;
    for (int i = 0; i < r->n; i++) {
        uint64_t o = atomic_load_explicit(&r->word[i], memory_order_acquire);
        if (state_of(o) == ST_READY && (o >> 2) < got_seq &&
            atomic_compare_exchange_strong(&r->word[i], &o, make(0, ST_FREE)))
            atomic_fetch_add(&r->dropped, 1);
    }
    atomic_fetch_add(&r->consumed, 1);
    return got;
}

void rc_ring_release(rc_ring *r, int slot)
{
    if (slot >= 0 && slot < r->n)
        atomic_store_explicit(&r->word[slot], make(0, ST_FREE), memory_order_release);
}

int rc_ring_pending(const rc_ring *r)
{
    int k = 0;
    for (int i = 0; i < r->n; i++)
        k += state_of(atomic_load_explicit(&((rc_ring *)r)->word[i], memory_order_relaxed)) ==
             ST_READY;
    return k;
}

void rc_ring_get_stats(const rc_ring *r, rc_ring_stats *st)
{
    rc_ring *m = (rc_ring *)r;
    st->published = atomic_load(&m->published);
    st->consumed = atomic_load(&m->consumed);
    st->dropped = atomic_load(&m->dropped);
}
