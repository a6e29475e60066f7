/* test_ring.c - the SPSC slot ring's drop-oldest policy (ring.h).
 *
 * Deterministic part: a producer publishes frames 1..K while a consumer takes one
 * every few publications (the slow consumer); what the consumer sees must be in
 * order, the oldest must be the ones dropped, and counts must add up. Worked by
 * hand for 4 slots. Threaded part: a fast producer and a slow consumer run
 * together; the consumer sees strictly increasing numbers, nothing is torn, and
 * published = consumed + dropped + still queued. Lossless part: the producer's
 * rc_ring_acquire_free never reclaims a queued slot.
 */
#include "romcap/log.h"
#include "romcap/ring.h"
#include "test_util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

static void deterministic(void)
{
    CHECK(rc_ring_create(2) == NULL);
    CHECK(rc_ring_create(RC_RING_MAX_SLOTS + 1) == NULL);
    rc_ring *r = rc_ring_create(4);
    CHECK(r != NULL);
    if (!r)
        return;
    int64_t val[4] = {0};
    CHECK(rc_ring_acquire_read(r) == -1);
    /* Publish 1..6 with no consumer: 4 slots hold the newest 4 (3, 4, 5, 6);
     * 1 and 2 are dropped. */
    for (int64_t k = 1; k <= 6; k++) {
        int s = rc_ring_acquire_write(r);
        CHECK(s >= 0 && s < 4);
        val[s] = k;
        rc_ring_publish(r, s);
    }
    rc_ring_stats st;
    rc_ring_get_stats(r, &st);
    CHECK(st.published == 6);
    CHECK(st.dropped == 2);
    CHECK(rc_ring_pending(r) == 4);
    /* The consumer takes the oldest (3) and holds it; the producer publishes 7 and
     * 8 and must reclaim 4 then 5, never the held slot. */
    int held = rc_ring_acquire_read(r);
    CHECK(held >= 0 && val[held] == 3);
    for (int64_t k = 7; k <= 8; k++) {
        int s = rc_ring_acquire_write(r);
        CHECK(s != held);
        val[s] = k;
        rc_ring_publish(r, s);
    }
    CHECK(val[held] == 3);
    rc_ring_release(r, held);
    rc_ring_get_stats(r, &st);
    CHECK(st.dropped == 4);
    /* Queued now: 6, 7, 8 in that order. */
    int64_t expect[3] = {6, 7, 8};
    for (int i = 0; i < 3; i++) {
        int s = rc_ring_acquire_read(r);
        CHECK(s >= 0 && val[s] == expect[i]);
        rc_ring_release(r, s);
    }
    CHECK(rc_ring_acquire_read(r) == -1);
    /* acquire_latest: publish 9, 10, 11; latest gives 11 and drops 9 and 10. */
    for (int64_t k = 9; k <= 11; k++) {
        int s = rc_ring_acquire_write(r);
        val[s] = k;
        rc_ring_publish(r, s);
    }
    int s = rc_ring_acquire_latest(r);
    CHECK(s >= 0 && val[s] == 11);
    CHECK(rc_ring_pending(r) == 0);
    rc_ring_release(r, s);
    rc_ring_get_stats(r, &st);
    CHECK(st.published == 11);
    CHECK(st.consumed == 5);
    CHECK(st.dropped == 6);
    CHECK(st.published == st.consumed + st.dropped);
    rc_ring_destroy(r);
    rc_ring_destroy(NULL);
}

/* ---- two threads ---- */
enum { N_SLOTS = 4, N_FRAMES = 20000, PAYLOAD = 64 };

typedef struct shared {
    rc_ring *r;
    int64_t slot[N_SLOTS][PAYLOAD]; /* every word = the frame number */
    atomic_int done;
} shared;

static void *producer(void *arg)
{
    shared *sh = arg;
    for (int64_t k = 1; k <= N_FRAMES; k++) {
        int s = rc_ring_acquire_write(sh->r);
        for (int j = 0; j < PAYLOAD; j++)
            sh->slot[s][j] = k;
        rc_ring_publish(sh->r, s);
    }
    atomic_store(&sh->done, 1);
    return NULL;
}

static void threaded(void)
{
    static shared sh;
    sh.r = rc_ring_create(N_SLOTS);
    atomic_init(&sh.done, 0);
    pthread_t th;
    CHECK(pthread_create(&th, NULL, producer, &sh) == 0);
    int64_t last = 0, seen = 0, torn = 0, disorder = 0;
    for (;;) {
        int done = atomic_load(&sh.done);
        int s = rc_ring_acquire_read(sh.r);
        if (s < 0) {
            if (done)
                break;
            continue;
        }
        int64_t k = sh.slot[s][0];
        for (int j = 1; j < PAYLOAD; j++)
            torn += sh.slot[s][j] != k;
        disorder += k <= last;
        last = k;
        seen++;
        /* The slow consumer: a little work per frame. */
        struct timespec ts = {0, 2000};
        if (seen % 4 == 0)
            nanosleep(&ts, NULL);
        rc_ring_release(sh.r, s);
    }
    pthread_join(th, NULL);
    rc_ring_stats st;
    rc_ring_get_stats(sh.r, &st);
    printf("threaded: %lld published, %lld consumed, %lld dropped\n", (long long)st.published,
           (long long)st.consumed, (long long)st.dropped);
    CHECK(torn == 0);
    CHECK(disorder == 0);
    CHECK(last == N_FRAMES); /* the newest frame is never the one dropped */
    CHECK(st.published == N_FRAMES);
    CHECK(st.consumed == seen);
    CHECK(st.published == st.consumed + st.dropped);
    rc_ring_destroy(sh.r);
}

/* rc_ring_acquire_free: -1 once every slot is queued or being read, nothing dropped,
 * and a released slot is the one handed out next. */
static void lossless(void)
{
    rc_ring *r = rc_ring_create(3);
    CHECK(r != NULL);
    if (!r)
        return;
    int got[3];
    for (int i = 0; i < 3; i++) {
        got[i] = rc_ring_acquire_free(r);
        CHECK(got[i] >= 0 && got[i] < 3);
        rc_ring_publish(r, got[i]);
    }
    CHECK(got[0] != got[1] && got[1] != got[2] && got[0] != got[2]);
    CHECK(rc_ring_acquire_free(r) == -1); /* full: no reclaim */
    int k = rc_ring_acquire_read(r);
    CHECK(k == got[0]);                   /* oldest first */
    CHECK(rc_ring_acquire_free(r) == -1); /* being read is not free */
    rc_ring_release(r, k);
    CHECK(rc_ring_acquire_free(r) == k);
    rc_ring_stats st;
    rc_ring_get_stats(r, &st);
    CHECK(st.published == 3 && st.consumed == 1 && st.dropped == 0);
    CHECK(rc_ring_pending(r) == 2);
    rc_ring_destroy(r);
}

int main(void)
{
    deterministic();
    lossless();
    threaded();
    return TEST_RESULT();
}
