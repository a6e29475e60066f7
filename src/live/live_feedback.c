/* live_feedback.c - target band, hold timer and tone of `romcap live` (see
 * live_feedback.h). */
#define _POSIX_C_SOURCE 200809L
#include "live/live_feedback.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* TUNABLE: the patient's own target starts at this share of their best repetition's
 * range (trough to peak) and reaches a tenth of it beyond the best peak. */
#define OWN_FRAC 0.9
/* TUNABLE: repetitions of the set before the patient's own target is set. */
enum { OWN_REPS = 2 };

/* Decimals of a value in the band's messages: whole degrees, cm to a tenth. */
#define DIGITS(f) (strcmp((f)->unit, "cm") ? 0 : 1)

/* The first angle's unit for the messages (issue 16: a distance is in cm). */
static void set_unit(live_feedback *f, const rc_model *m)
{
    const rc_model_angle *a = m && m->n_angles ? &m->angle[0] : NULL;
    snprintf(f->unit, sizeof f->unit, "%s", rc_model_unit(a, RC_UNIT_WORD));
    f->no_norm = a && !rc_model_has_norm(a);
}

/* True when the first angle's norm was measured in the position the model films:
 * the first words of the norm's position (up to a comma) begin the model's. A norm
 * that does not say where it was measured does not fit. */
static bool norm_fits(const rc_model *m, const rc_model_angle *a)
{
    size_t n = strcspn(a->normal_position, ",;(");
    while (n > 0 && a->normal_position[n - 1] == ' ')
        n--;
    return n > 0 && a->normal_max_deg > a->normal_min_deg &&
           !strncasecmp(m->position, a->normal_position, n) &&
           (m->position[n] == '\0' || strchr(",;( ", m->position[n]));
}

/* The band when nothing was asked for: the last fifth of the normal range when the
 * norm fits the position filmed, else none until the patient's own repetitions. */
static void default_band(live_feedback *f, const rc_model *m)
{
    f->t0_deg = f->t1_deg = NAN;
    f->own_best_deg = NAN;
    f->source = LIVE_TARGET_OWN;
    f->said = false;
    const rc_model_angle *a = m->n_angles ? &m->angle[0] : NULL;
    snprintf(f->norm_position, sizeof f->norm_position, "%s",
             a && a->normal_position[0] ? a->normal_position : "");
    snprintf(f->position, sizeof f->position, "%s", m->position);
    if (a && norm_fits(m, a)) {
        f->source = LIVE_TARGET_NORM;
        f->t1_deg = a->normal_max_deg;
        f->t0_deg = a->normal_max_deg - 0.2 * (a->normal_max_deg - a->normal_min_deg);
    }
}

void live_feedback_init(live_feedback *f, double want_min_deg, double want_max_deg,
                        const rc_model *m)
{
    *f = (live_feedback){.want_min_deg = want_min_deg,
                         .want_max_deg = want_max_deg,
                         .t0_deg = want_min_deg,
                         .t1_deg = want_max_deg,
                         .source = LIVE_TARGET_GIVEN,
                         .armed = true};
    set_unit(f, m);
    if (!(f->t1_deg > f->t0_deg))
        default_band(f, m);
}

void live_feedback_set_model(live_feedback *f, const rc_model *m)
{
    set_unit(f, m);
    if (!(f->want_max_deg > f->want_min_deg))
        default_band(f, m);
}

bool live_feedback_news(live_feedback *f, const rc_online_state *o, char *msg, size_t cap)
{
    const rc_set_rom *r = &o->rom;
    if (f->source == LIVE_TARGET_OWN && r->reps >= OWN_REPS && isfinite(r->largest_peak_deg) &&
        isfinite(r->trough_mean_deg) && r->largest_peak_deg != f->own_best_deg) {
        double range = r->largest_peak_deg - r->trough_mean_deg;
        if (range > 0) {
            f->own_best_deg = r->largest_peak_deg;
            f->t0_deg = r->trough_mean_deg + OWN_FRAC * range;
            f->t1_deg = r->largest_peak_deg + (1 - OWN_FRAC) * range;
            snprintf(msg, cap,
                     "target %.*f-%.*f %s: %.0f%% of the best repetition so far (peak %.*f %s "
                     "after %d repetitions)",
                     DIGITS(f), f->t0_deg, DIGITS(f), f->t1_deg, f->unit, 100 * OWN_FRAC, DIGITS(f),
                     r->largest_peak_deg, f->unit, r->reps);
            f->said = true;
            return true;
        }
    }
    if (f->said)
        return false;
    f->said = true;
    switch (f->source) {
    case LIVE_TARGET_GIVEN:
        snprintf(msg, cap, "target %.*f-%.*f %s: as given (--target)", DIGITS(f), f->t0_deg,
                 DIGITS(f), f->t1_deg, f->unit);
        break;
    case LIVE_TARGET_NORM:
        snprintf(msg, cap, "target %.*f-%.*f %s: the last fifth of the normal range (measured %s)",
                 DIGITS(f), f->t0_deg, DIGITS(f), f->t1_deg, f->unit, f->norm_position);
        break;
    default:
        if (f->no_norm) { /* issue 16: nothing to compare the position with */
            snprintf(msg, cap,
                     "target: from the patient's own best after %d repetitions (no published "
                     "norm)",
                     OWN_REPS);
            break;
        }
        snprintf(msg, cap,
                 "target: from the patient's own best after %d repetitions (the normal range "
                 "was measured %s, this test is %s)",
                 OWN_REPS, f->norm_position[0] ? f->norm_position : "in a position not stated",
                 f->position[0] ? f->position : "in a position not stated");
    }
    return true;
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
