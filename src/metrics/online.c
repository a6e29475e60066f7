/* online.c - live ROM, repetition counter and last-leg SPARC, one sample at a time.
 *
 * Same ideas as the offline analysis, made causal: a 2nd-order Butterworth
 * low-pass run forwards only (started from its steady state, so the first frames
 * have no transient), the central-difference velocity one sample late, and the
 * hysteresis leg detector as a small state machine. Before onset it keeps the
 * samples since the last minimum of |v| (the offline "widening" backwards);
 * after offset it keeps going while |v| still falls. Memory is one ring of
 * max_leg_s of speed samples and the FFT planned for it at create time.
 */
#include <math.h>
#include <stdlib.h>

#include "metrics_internal.h"

typedef enum { IDLE, MOVING, TAIL } leg_phase;

struct rc_metrics_online {
    rc_metrics_config cfg;
    rc_butter lp;
    rc_spectral *sp;
    double *speed; /* leg speed samples, capacity cap */
    int cap, len;  /* len may exceed cap: then the leg is truncated */
    bool primed;   /* filter state valid */
    double z[RC_BUTTER_MAX_ORDER];
    double y[3]; /* last three filtered angles, y[2] newest */
    int ny;
    leg_phase phase;
    int dir;
    double leg_angle0, leg_lo, leg_hi, leg_peak;
    double run_peak;  /* running peak speed of the set, for the relative threshold */
    int out_dir;      /* direction of the first leg of the set */
    bool pending_out; /* an out leg waits for its return */
    double out_peak, out_lo, out_hi;
    bool have_last; /* push_t: the last sample pushed was defined */
    double last_t, last_x;
    double rep_peak[RC_ONLINE_MAX_REPS], rep_trough[RC_ONLINE_MAX_REPS];
    rc_online_state st;
};

static int sgn(double x)
{
    return (x > 0) - (x < 0);
}

void rc_metrics_online_reset(rc_metrics_online *o)
{
    o->st = (rc_online_state){
        .set_min_deg = NAN,
        .set_max_deg = NAN,
        .set_rom_deg = 0,
        .last_rep_peak_velocity_deg_s = NAN,
        .last_rep_rom_deg = NAN,
        .last_leg_sparc = NAN,
        .last_leg_peak_velocity_deg_s = NAN,
        .velocity_deg_s = 0,
        .last_rep_peak_deg = NAN,
        .angle_deg = NAN,
        .last_rep_trough_deg = NAN,
    };
    rc_set_rom_compute(NULL, NULL, 0, &o->st.rom);
    o->phase = IDLE;
    o->len = 0;
    o->run_peak = 0;
    o->out_dir = 0;
    o->pending_out = false;
}

rc_metrics_online *rc_metrics_online_create(const rc_metrics_config *cfg, double max_leg_s,
                                            rc_err *err)
{
    if (!(cfg->fs_hz > 0) || !(max_leg_s > 0) || max_leg_s * cfg->fs_hz > 1e6) {
        rc_err_set(err, RC_E_ARG, "online metrics: fs %g Hz / max leg %g s invalid", cfg->fs_hz,
                   max_leg_s);
        return NULL;
    }
    rc_metrics_online *o = calloc(1, sizeof *o);
    if (!o) {
        rc_err_set(err, RC_E_NOMEM, "online metrics: out of memory");
        return NULL;
    }
    o->cfg = *cfg;
    double fc = cfg->cutoff_hz > 0 ? cfg->cutoff_hz : 6.0;
    if (fc >= 0.45 * cfg->fs_hz)
        fc = 0.25 * cfg->fs_hz;
    if (rc_butter_lowpass(2, fc, cfg->fs_hz, &o->lp, err) != RC_OK) {
        free(o);
        return NULL;
    }
    o->cap = (int)ceil(max_leg_s * cfg->fs_hz) + 1;
    o->speed = malloc((size_t)o->cap * sizeof *o->speed);
    o->sp = rc_spectral_create(o->cap, cfg->sparc.padlevel, err);
    if (!o->speed || !o->sp) {
        rc_metrics_online_destroy(o);
        if (err && !err->msg[0])
            rc_err_set(err, RC_E_NOMEM, "online metrics: out of memory");
        return NULL;
    }
    rc_metrics_online_reset(o);
    return o;
}

void rc_metrics_online_destroy(rc_metrics_online *o)
{
    if (!o)
        return;
    rc_spectral_destroy(o->sp);
    free(o->speed);
    free(o);
}

static void record(rc_metrics_online *o, double speed, double angle)
{
    if (o->len < o->cap)
        o->speed[o->len] = speed;
    o->len++;
    o->leg_lo = fmin(o->leg_lo, angle);
    o->leg_hi = fmax(o->leg_hi, angle);
    o->leg_peak = fmax(o->leg_peak, speed);
}

static void start_pre(rc_metrics_online *o, double speed, double angle, int dir)
{
    o->len = 0;
    o->dir = dir;
    o->leg_angle0 = angle;
    o->leg_lo = o->leg_hi = angle;
    o->leg_peak = 0;
    record(o, speed, angle);
}

/* A leg ended at `angle`: keep it if it is large and long enough. */
static void finish_leg(rc_metrics_online *o, double angle)
{
    const rc_seg_params *p = &o->cfg.seg;
    double dur = (o->len - 1) / o->cfg.fs_hz;
    o->phase = IDLE;
    if (fabs(angle - o->leg_angle0) < p->min_leg_deg || dur < p->min_leg_s)
        return;
    o->st.n_legs++;
    o->st.last_leg_peak_velocity_deg_s = o->dir * o->leg_peak;
    int n = o->len < o->cap ? o->len : o->cap;
    rc_sparc_result r;
    rc_err e;
    o->st.last_leg_sparc =
        rc_sparc(o->sp, o->speed, n, o->cfg.fs_hz, &o->cfg.sparc, &r, &e) == RC_OK ? r.sparc : NAN;
    if (o->out_dir == 0)
        o->out_dir = o->dir;
    if (o->dir == o->out_dir) {
        if (!o->pending_out) {
            o->out_peak = o->leg_peak;
            o->out_lo = o->leg_lo;
            o->out_hi = o->leg_hi;
        } else { /* out again after a pause: same out movement */
            o->out_peak = fmax(o->out_peak, o->leg_peak);
            o->out_lo = fmin(o->out_lo, o->leg_lo);
            o->out_hi = fmax(o->out_hi, o->leg_hi);
        }
        o->pending_out = true;
    } else if (o->pending_out) {
        o->st.n_reps++;
        o->st.last_rep_peak_velocity_deg_s = fmax(o->out_peak, o->leg_peak);
        o->st.last_rep_rom_deg = fmax(o->out_hi, o->leg_hi) - fmin(o->out_lo, o->leg_lo);
        o->pending_out = false;
        /* the set's ROM, the offline definition: mean of repetition peaks and troughs */
        int k = (o->st.n_reps - 1) % RC_ONLINE_MAX_REPS;
        o->rep_peak[k] = o->st.last_rep_peak_deg = fmax(o->out_hi, o->leg_hi);
        o->rep_trough[k] = o->st.last_rep_trough_deg = fmin(o->out_lo, o->leg_lo);
        int n = o->st.n_reps < RC_ONLINE_MAX_REPS ? o->st.n_reps : RC_ONLINE_MAX_REPS;
        rc_set_rom_compute(o->rep_peak, o->rep_trough, n, &o->st.rom);
    }
}

void rc_metrics_online_push(rc_metrics_online *o, double x)
{
    o->st.n_samples++;
    if (!isfinite(x)) {
        /* the angle is undefined: a leg in progress cannot be measured */
        o->primed = false;
        o->ny = 0;
        o->phase = IDLE;
        o->len = 0;
        o->st.angle_deg = NAN;
        return;
    }
    if (!o->primed) {
        for (int k = 0; k < o->lp.order; k++)
            o->z[k] = o->lp.zi[k] * x;
        o->primed = true;
    }
    /* one step of lfilter (direct form II transposed), order 2 */
    double yn = o->z[0] + o->lp.b[0] * x;
    o->z[0] = o->z[1] + x * o->lp.b[1] - yn * o->lp.a[1];
    o->z[1] = x * o->lp.b[2] - yn * o->lp.a[2];
    o->y[0] = o->y[1];
    o->y[1] = o->y[2];
    o->y[2] = yn;
    if (o->ny < 3)
        o->ny++;
    o->st.set_min_deg = isnan(o->st.set_min_deg) ? yn : fmin(o->st.set_min_deg, yn);
    o->st.set_max_deg = isnan(o->st.set_max_deg) ? yn : fmax(o->st.set_max_deg, yn);
    o->st.set_rom_deg = o->st.set_max_deg - o->st.set_min_deg;
    if (o->ny < 3) {
        o->st.angle_deg = yn;
        return;
    }
    /* velocity and angle at the previous sample */
    double v = (o->y[2] - o->y[0]) * o->cfg.fs_hz / 2.0, ang = o->y[1];
    o->st.angle_deg = ang;
    double prev_speed = fabs(o->st.velocity_deg_s);
    int prev_sign = sgn(o->st.velocity_deg_s);
    o->st.velocity_deg_s = v;
    double speed = fabs(v);
    o->run_peak = fmax(o->run_peak, speed);
    const rc_seg_params *p = &o->cfg.seg;
    double on = fmax(p->v_on_deg_s, p->v_on_frac * o->run_peak);
    double off = p->off_ratio * on;
    int s = sgn(v);
    switch (o->phase) {
    case IDLE:
        /* keep the rise since the last minimum of |v| */
        if (o->len == 0 || speed < prev_speed || (s != prev_sign && s != 0 && prev_sign != 0))
            start_pre(o, speed, ang, s);
        else
            record(o, speed, ang);
        if (speed >= on) {
            o->phase = MOVING;
            o->dir = s;
        }
        break;
    case MOVING:
        if (speed >= off && s == o->dir) {
            record(o, speed, ang);
        } else if (s == -o->dir) {
            finish_leg(o, ang);
            start_pre(o, speed, ang, s);
        } else {
            o->phase = TAIL;
            record(o, speed, ang);
        }
        break;
    case TAIL:
        if (speed < prev_speed && s != -o->dir) {
            record(o, speed, ang);
        } else {
            finish_leg(o, ang);
            start_pre(o, speed, ang, s);
            if (speed >= on) {
                o->phase = MOVING;
                o->dir = s;
            }
        }
        break;
    }
    o->st.moving = o->phase != IDLE;
}

void rc_metrics_online_push_t(rc_metrics_online *o, double t, double x)
{
    double fs = o->cfg.fs_hz;
    if (!isfinite(x) || !isfinite(t)) {
        o->have_last = false;
        rc_metrics_online_push(o, NAN);
        return;
    }
    if (o->have_last) {
        double gap = t - o->last_t;
        int steps = (int)floor(gap * fs + 0.5);
        if (steps < 1 && gap >= 0)
            return; /* faster than the grid: this sample falls on the last grid point */
        if (gap > o->cfg.max_gap_s || gap < 0) {
            rc_metrics_online_push(o, NAN); /* a long gap splits, never closed up */
        } else {
            for (int k = 1; k < steps; k++)
                rc_metrics_online_push(o, o->last_x + (x - o->last_x) * k / steps);
        }
    }
    o->have_last = true;
    o->last_t = t;
    o->last_x = x;
    rc_metrics_online_push(o, x);
}

rc_online_state rc_metrics_online_state(const rc_metrics_online *o)
{
    return o->st;
}
