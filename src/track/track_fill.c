/* track_fill.c - offline gap filling of short occlusions (cubic Hermite).
 *
 * Live tracking can only extrapolate through an occlusion; offline we know where
 * the marker reappears, so the gap is bridged by the cubic that matches position
 * and velocity on both sides. Velocities at the sides are finite differences of the
 * neighbouring SEEN samples (one-sided at the gap), which keeps a rotating segment's
 * arc to a small fraction of a pixel over the 0.1-0.5 s gaps this is meant for.
 * A filled position is marked RC_TRACK_INTERPOLATED (tracks.csv "interpolated"); a gap
 * that ends lost, or is too long, stays PREDICTED and is never used for ROM.
 */
#include <math.h>

#include "romcap/track.h"

static rc_marker_state *at(rc_marker_state *st, int64_t f, int n_markers, int m)
{
    return &st[f * n_markers + m];
}

/* Velocity at measured (seen or streak) frame f from the measured frame next to it away from the gap
 * (dir = -1: look backwards, +1: forwards); 0 when that frame is not SEEN. */
static void side_velocity(rc_marker_state *st, const double *t, int64_t n, int nm, int m, int64_t f,
                          int dir, double *vx, double *vy)
{
    int64_t g = f + dir;
    *vx = *vy = 0;
    if (g < 0 || g >= n || !rc_track_state_measured(at(st, g, nm, m)->state) || t[g] == t[f])
        return;
    double dt = t[f] - t[g];
    *vx = (at(st, f, nm, m)->x_px - at(st, g, nm, m)->x_px) / dt;
    *vy = (at(st, f, nm, m)->y_px - at(st, g, nm, m)->y_px) / dt;
}

int64_t rc_track_fill_gaps(rc_marker_state *st, const double *t_s, int64_t n_frames, int n_markers,
                           double max_gap_s)
{
    int64_t filled = 0;
    for (int m = 0; m < n_markers; m++) {
        int64_t f = 0;
        while (f < n_frames) {
            if (at(st, f, n_markers, m)->state != RC_TRACK_PREDICTED) {
                f++;
                continue;
            }
            int64_t a = f - 1, b = f; /* SEEN before, first frame after the gap */
            while (b < n_frames && at(st, b, n_markers, m)->state == RC_TRACK_PREDICTED)
                b++;
            f = b;
            if (a < 0 || b >= n_frames || !rc_track_state_measured(at(st, a, n_markers, m)->state) ||
                !rc_track_state_measured(at(st, b, n_markers, m)->state))
                continue;
            double T = t_s[b] - t_s[a];
            if (!(T > 0) || T > max_gap_s)
                continue;
            double vax, vay, vbx, vby;
            side_velocity(st, t_s, n_frames, n_markers, m, a, -1, &vax, &vay);
            side_velocity(st, t_s, n_frames, n_markers, m, b, +1, &vbx, &vby);
            const rc_marker_state *pa = at(st, a, n_markers, m), *pb = at(st, b, n_markers, m);
            for (int64_t k = a + 1; k < b; k++) {
                double s = (t_s[k] - t_s[a]) / T, s2 = s * s, s3 = s2 * s;
                double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s;
                double h01 = -2 * s3 + 3 * s2, h11 = s3 - s2;
                rc_marker_state *q = at(st, k, n_markers, m);
                q->x_px = h00 * pa->x_px + h10 * T * vax + h01 * pb->x_px + h11 * T * vbx;
                q->y_px = h00 * pa->y_px + h10 * T * vay + h01 * pb->y_px + h11 * T * vby;
                double d00 = 6 * s2 - 6 * s, d10 = 3 * s2 - 4 * s + 1;
                double d01 = -6 * s2 + 6 * s, d11 = 3 * s2 - 2 * s;
                q->vx_px_s = (d00 * pa->x_px + d01 * pb->x_px) / T + d10 * vax + d11 * vbx;
                q->vy_px_s = (d00 * pa->y_px + d01 * pb->y_px) / T + d10 * vay + d11 * vby;
                q->state = RC_TRACK_INTERPOLATED;
                filled++;
            }
        }
    }
    return filled;
}
