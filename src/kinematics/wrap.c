/* wrap.c - finds an angle series crossing its wrap boundary (see facing.h).
 *
 * Values are wrapped into (wrap_center - 180, wrap_center + 180]; a reading that
 * passes the boundary reappears 360 deg away. Between two frames a limb turns a few
 * degrees, so consecutive defined samples more than 180 deg apart can only be a
 * crossing (typically a mirrored set-up read without mirror).
 */
#include <math.h>

#include "romcap/facing.h"

double rc_angle_wrap180(double d)
{
    d = fmod(d, 360.0);
    if (d <= -180.0)
        d += 360.0;
    else if (d > 180.0)
        d -= 360.0;
    return d;
}

void rc_wrap_watch_init(rc_wrap_watch *w)
{
    if (!w)
        return;
    *w = (rc_wrap_watch){.have_last = false,
                         .last_deg = NAN,
                         .last_frame = -1,
                         .n_jumps = 0,
                         .first_frame = -1,
                         .first_from_deg = NAN,
                         .first_to_deg = NAN};
}

bool rc_wrap_watch_feed(rc_wrap_watch *w, int64_t frame, double deg)
{
    if (!w || !isfinite(deg))
        return false;
    bool jump = w->have_last && fabs(deg - w->last_deg) > 180.0;
    if (jump) {
        if (w->n_jumps == 0) {
            w->first_frame = frame;
            w->first_from_deg = w->last_deg;
            w->first_to_deg = deg;
        }
        w->n_jumps++;
    }
    w->have_last = true;
    w->last_deg = deg;
    w->last_frame = frame;
    return jump;
}

int64_t rc_wrap_find(const double *deg, int64_t n, int stride, int *n_jumps)
{
    rc_wrap_watch w;
    rc_wrap_watch_init(&w);
    if (deg && stride >= 1)
        for (int64_t i = 0; i < n; i++)
            rc_wrap_watch_feed(&w, i, deg[i * stride]);
    if (n_jumps)
        *n_jumps = w.n_jumps;
    return w.first_frame;
}
