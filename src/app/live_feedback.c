/* live_feedback.c - target band, hold timer and tone of `romcap live` (see
 * live_feedback.h). */
#include "app/live_feedback.h"

#include <math.h>

/* The default band: the last fifth of the first angle's normal range (TUNABLE). */
static void default_band(live_feedback *f, const rc_model_angle *a)
{
    f->t1_deg = a->normal_max_deg;
    f->t0_deg = a->normal_max_deg - 0.2 * (a->normal_max_deg - a->normal_min_deg);
}

void live_feedback_init(live_feedback *f, double want_min_deg, double want_max_deg,
                        const rc_model *m)
{
    *f = (live_feedback){.want_min_deg = want_min_deg,
                         .want_max_deg = want_max_deg,
                         .t0_deg = want_min_deg,
                         .t1_deg = want_max_deg,
                         .armed = true};
    const rc_model_angle *a0 = m->n_angles ? &m->angle[0] : NULL;
    if (!(f->t1_deg > f->t0_deg) && a0 && a0->normal_max_deg > a0->normal_min_deg)
        default_band(f, a0);
}

void live_feedback_set_model(live_feedback *f, const rc_model *m)
{
    if (!(f->want_max_deg > f->want_min_deg) && m->n_angles)
        default_band(f, &m->angle[0]);
}

void live_feedback_update(live_feedback *f, rc_ui *ui, double a, double t_s)
{
    const double hyst = 2.0; /* TUNABLE: degrees of hysteresis at the band edges */
    double t0 = f->t0_deg, t1 = f->t1_deg;
    bool in = isfinite(a) && (f->was_in ? a >= t0 - hyst && a <= t1 + hyst : a >= t0 && a <= t1);
    if (in && !f->was_in) {
        f->enter_t_s = t_s;
        if (f->armed && !f->muted)
            rc_ui_beep(ui, 880.0);
        f->armed = false;
    }
    if (!in)
        f->armed = true;
    f->hold_s = in ? t_s - f->enter_t_s : 0;
    f->was_in = in;
}
