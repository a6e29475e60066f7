/* online_comp.c - the live engine's compensation watch (issue 16): each analysed
 * frame's rule values and amounts (compensation.h), from the same plane positions the
 * angles come from, usable markers only (measured; a predicted position never flags).
 *
 * The baseline is the value while the movement rests at its start: not inside a leg
 * (the online metrics), and the movement angle nearer the set's lowest than its
 * highest (or the set has not moved 10 deg yet). Within one rest it is taken at the
 * frame where the movement angle is lowest, so the frames the online metrics need
 * before they call a leg started (the movement already under way, the compensation
 * already growing) do not move it; it is frozen as the movement starts, so a
 * repetition is judged against its own start as offline. */
#include <math.h>

#include "analysis_internal.h"
#include "romcap/results.h"

/* TUNABLE: below this range the set has not moved yet: every rest is a start. */
static const double SET_MOVED_DEG = 10.0;

void rc__online_comp_update(rc_comp_live *s, const rc_model *m, const rc_pipeline *p,
                            const rc_pipe_result *r, const rc_online_state *st)
{
    if (m->n_comps <= 0)
        return;
    rc_vec2 pos[RC_MAX_MARKERS];
    bool valid[RC_MAX_MARKERS];
    rc_pipeline_plane_positions(p, r->marker, pos, valid);
    for (int k = 0; k < m->n_markers; k++)
        valid[k] = valid[k] && rc_angle_state_usable(r->marker[k].state);
    double a = st->angle_deg, lo = st->set_min_deg, hi = st->set_max_deg;
    bool resting = !st->moving && !isnan(a) &&
                   (!(hi - lo >= SET_MOVED_DEG) || a < lo + 0.5 * (hi - lo));
    bool lowest = resting && (isnan(s->rest_low_deg) || a <= s->rest_low_deg);
    s->rest_low_deg = !resting ? NAN : lowest ? a : s->rest_low_deg;
    rc_comp_live_update(s, m, pos, valid, rc_pipeline_kin(p), r->angle_deg, st->moving, lowest);
}
