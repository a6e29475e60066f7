/* live_lock.c - the camera lock's policy and its hook in the live window (see
 * live_lock.h). */
#include "live/live_lock.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "live/live_window.h"
#include "romcap/online_check.h"

void live_lock_policy_init(live_lock_policy *p)
{
    *p = (live_lock_policy){
        .seen_s = LIVE_LOCK_SEEN_S, .timeout_s = LIVE_LOCK_TIMEOUT_S, .run_start_s = NAN};
}

live_lock_decision live_lock_policy_frame(live_lock_policy *p, double t_s, bool all_identified)
{
    if (p->decided != LIVE_LOCK_WAIT)
        return p->decided;
    if (!all_identified) {
        p->run_start_s = NAN;
        return LIVE_LOCK_WAIT;
    }
    if (isnan(p->run_start_s))
        p->run_start_s = t_s;
    /* (a tolerance of 1 us: frame stamps are whole ns) */
    if (t_s - p->run_start_s >= p->seen_s - 1e-6)
        p->decided = LIVE_LOCK_STICKERS;
    return p->decided;
}

live_lock_decision live_lock_policy_tick(live_lock_policy *p, double since_open_s)
{
    if (p->decided == LIVE_LOCK_WAIT && since_open_s >= p->timeout_s)
        p->decided = LIVE_LOCK_TIMEOUT;
    return p->decided;
}

void live_lock_init(live_lock *k, rc_capture *cap)
{
    memset(k, 0, sizeof *k);
    live_lock_policy_init(&k->pol);
    k->active = cap && rc_capture_lock_pending(cap);
    k->open_ns = rc_clock_ns();
    k->first_ns = -1;
    k->last_index = -1;
}

/* Every required sticker of m measured in view v (an optional one, worn or not, never
 * holds the lock back); the others' names into k->missing. */
static bool all_identified(live_lock *k, const rc_model *m, const rc_online_view *v)
{
    k->missing[0] = '\0';
    for (int i = 0; i < m->n_markers; i++) {
        if (m->marker[i].optional || rc_track_state_measured(v->res.marker[i].state))
            continue;
        size_t n = strlen(k->missing);
        snprintf(k->missing + n, sizeof k->missing - n, "%s%s", n ? ", " : "", m->marker[i].name);
    }
    return k->missing[0] == '\0';
}

/* The decision, asked of the capture thread. */
static void ask(live_lock *k, const live_ctx *c, live_lock_decision d)
{
    rc_capture_lock_request rq = {.how = d == LIVE_LOCK_STICKERS ? RC_CAM_LOCK_STICKERS
                                                                 : RC_CAM_LOCK_TIMEOUT,
                                  .frame = k->last_index,
                                  .t_s = k->last_t_s};
    char why[200];
    if (k->missing[0])
        snprintf(why, sizeof why, "not seen: %s", k->missing);
    else
        snprintf(why, sizeof why, "%s", k->first_ns < 0 ? "no frame analysed" : "in and out");
    if (d == LIVE_LOCK_TIMEOUT)
        snprintf(rq.note, sizeof rq.note,
                 "stickers not all seen for %.0f s within %.0f s (%.70s): exposure and white "
                 "balance locked where the auto modes were",
                 k->pol.seen_s, k->pol.timeout_s, why);
    k->asked = true;
    if (!rc_capture_request_lock(c->cap, &rq))
        k->active = false; /* nothing waits after all */
}

/* The lock carried out: said, kept for the recordings and the check. */
static void locked(live_lock *k, const live_ctx *c, const rc_camera_controls *cc, live_toast *t)
{
    k->done = true;
    rc_logf(c->log, cc->lock_how == RC_CAM_LOCK_TIMEOUT ? RC_LOG_WARN : RC_LOG_INFO,
            "camera locked after %.1f s (frame %lld, %s)%s%s", cc->lock_t_s,
            (long long)cc->lock_frame, rc_cam_lock_how_name(cc->lock_how),
            cc->lock_note[0] ? ": " : "", cc->lock_note);
    for (int i = 0; i < 2; i++) { /* exposure and white balance as the driver took them */
        char line[256];
        rc_logf(c->log, RC_LOG_INFO, "%s", rc_camera_control_describe(cc, i, line, sizeof line));
    }
    if (cc->lock_how == RC_CAM_LOCK_TIMEOUT)
        live_toast_printf(t, 6, "Camera locked: %s", cc->lock_note);
    c->rec->info.camera = *cc; /* the next recordings, and the running one at its stop */
    rc_online_check_camera(c->eng, cc);
}

void live_lock_update(live_lock *k, const live_ctx *c, const rc_online_view *fresh, live_toast *t)
{
    if (!k->active || k->done)
        return;
    if (k->asked) {
        rc_camera_controls cc;
        if (rc_capture_lock_result(c->cap, &cc))
            locked(k, c, &cc, t);
        return;
    }
    live_lock_decision d = LIVE_LOCK_WAIT;
    if (fresh) {
        if (k->first_ns < 0)
            k->first_ns = fresh->t_capture_ns;
        k->last_index = fresh->index;
        k->last_t_s = (double)(fresh->t_capture_ns - k->first_ns) * 1e-9;
        d = live_lock_policy_frame(&k->pol, k->last_t_s, all_identified(k, c->model, fresh));
    }
    if (d == LIVE_LOCK_WAIT)
        d = live_lock_policy_tick(&k->pol, (double)(rc_clock_ns() - k->open_ns) * 1e-9);
    if (d != LIVE_LOCK_WAIT)
        ask(k, c, d);
}
