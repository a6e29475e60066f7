/* legs.c - movement legs from angular velocity, with hysteresis.
 *
 * A leg starts when |v| rises above the onset threshold and ends when |v| falls
 * below the (lower) offset threshold or v changes sign, so noise around one
 * threshold cannot chatter a leg on and off. The thresholds only find the
 * movement's core; its ends are then widened outwards while |v| keeps falling,
 * to the minima of |v| where the limb rests or turns, so a leg covers the whole
 * movement (SPARC and LDLJ are sensitive to where a movement is cut).
 */
#include <math.h>

#include "romcap/metrics.h"

static int sgn(double x)
{
    return (x > 0) - (x < 0);
}

static void leg_stats(const double *angle, const double *vel, double fs, rc_leg *l)
{
    l->t0_s = l->i0 / fs;
    l->t1_s = l->i1 / fs;
    l->duration_s = (l->i1 - l->i0) / fs;
    l->angle0_deg = angle[l->i0];
    l->angle1_deg = angle[l->i1];
    l->amplitude_deg = fabs(l->angle1_deg - l->angle0_deg);
    double best = -1, sum = 0;
    int ipk = l->i0;
    for (int i = l->i0; i <= l->i1; i++) {
        sum += fabs(vel[i]);
        if (fabs(vel[i]) > best) {
            best = fabs(vel[i]);
            ipk = i;
        }
    }
    l->peak_velocity_deg_s = vel[ipk];
    l->mean_speed_deg_s = sum / (l->i1 - l->i0 + 1);
    l->time_to_peak_s = (ipk - l->i0) / fs;
}

int rc_find_legs(const double *angle, const double *vel, int n, double fs_hz,
                 const rc_seg_params *p, rc_leg *out, int cap)
{
    static const rc_seg_params def = RC_SEG_DEFAULTS;
    if (!p)
        p = &def;
    if (n < 3 || !(fs_hz > 0))
        return 0;
    double peak = 0;
    for (int i = 0; i < n; i++)
        if (fabs(vel[i]) > peak)
            peak = fabs(vel[i]);
    double on = fmax(p->v_on_deg_s, p->v_on_frac * peak);
    double off = p->off_ratio * on;
    double rest = 0.5 * off; /* TUNABLE: below this |v| counts as rest when widening */
    if (!(on > 0))
        return 0;

    int count = 0;   /* legs kept (may exceed cap) */
    int floor_i = 0; /* a new leg may not widen back past here */
    rc_leg prev = {0};
    bool have_prev = false;
    int i = 0;
    while (i < n) {
        if (!(fabs(vel[i]) >= on)) {
            i++;
            continue;
        }
        int dir = sgn(vel[i]);
        int a = i, b = i;
        while (b + 1 < n && fabs(vel[b + 1]) >= off && sgn(vel[b + 1]) == dir)
            b++;
        /* widen to the minima of |v| on both sides; noise bumps above half the
         * offset threshold are still movement, so widening carries on past them */
        while (a > floor_i && sgn(vel[a - 1]) != -dir &&
               (fabs(vel[a - 1]) < fabs(vel[a]) || fabs(vel[a - 1]) > rest))
            a--;
        while (b + 1 < n && sgn(vel[b + 1]) != -dir &&
               (fabs(vel[b + 1]) < fabs(vel[b]) || fabs(vel[b + 1]) > rest))
            b++;
        i = b + 1;
        rc_leg l = {.i0 = a, .i1 = b, .dir = dir};
        leg_stats(angle, vel, fs_hz, &l);
        if (l.amplitude_deg < p->min_leg_deg || l.duration_s < p->min_leg_s)
            continue; /* a twitch: not a leg, and it does not separate legs either */
        floor_i = b;
        if (have_prev && prev.dir == dir) {
            /* same direction after a pause: one leg */
            prev.i1 = b;
            leg_stats(angle, vel, fs_hz, &prev);
            if (count - 1 < cap)
                out[count - 1] = prev;
            continue;
        }
        prev = l;
        have_prev = true;
        if (count < cap)
            out[count] = l;
        count++;
    }
    return count;
}
