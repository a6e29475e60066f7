/* verdict.c - the direction-aware pre/post verdict of one measure of a set's ROM.
 *
 * A change is "improved" or "worse" only when it is larger than the 95 % minimal
 * detectable change (MDC95) of a figure measured with the same design as this
 * comparison: between sessions (another day, or stickers re-applied) unless both
 * sessions were the same day with the stickers left on. A figure of another design is
 * never borrowed: the verdict is then "no published figure". Where the model holds
 * romcap's own repeatability for that design it is preferred (../shared/CLINICAL.md:
 * "where a camera method's own repeatability is measured, prefer that figure") and
 * the clinical figure is shown beside it. Facts: ../shared/CLINICAL.md, "Measurement
 * error across sessions".
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_internal.h"

const char *rc__verdict_word(rc__verdict_kind k)
{
    switch (k) {
    case RC__IMPROVED: return "improved";
    case RC__WORSE: return "worse";
    case RC__WITHIN: return "within measurement error";
    case RC__CHANGED: return "changed beyond measurement error (no better direction)";
    default: return "no verdict";
    }
}

const char *rc__measure_name(rc__measure_kind k)
{
    return k == RC__PEAK ? "peak" : k == RC__TROUGH ? "trough" : "range";
}

const char *rc__better_word(int better)
{
    return better > 0 ? "higher" : better < 0 ? "lower" : "neither";
}

void rc__design_of(const rc__side *pre, const rc__side *post, int same_application,
                   rc__design *d)
{
    memset(d, 0, sizeof *d);
    const char *a = pre->meta.created, *b = post->meta.created;
    /* "YYYY-MM-DD..." local dates; a session that does not say is another day. */
    int same_day = strlen(a) >= 10 && strlen(b) >= 10 && !strncmp(a, b, 10);
    if (same_day && same_application) {
        d->session = RC_MDC_WITHIN_SESSION;
        snprintf(d->why, sizeof d->why,
                 "both sessions on %.10s with the stickers left on (as stated)", a);
    } else {
        d->session = RC_MDC_BETWEEN_SESSIONS;
        snprintf(d->why, sizeof d->why, "%s",
                 !same_day ? "the sessions are on different days"
                           : "the stickers may have been re-applied between the sessions "
                             "(same day; --same-application says they were not)");
    }
}

/* Does figure f serve a single reading of measure k (peak or trough)? */
static int covers(const rc_model_mdc *f, rc__measure_kind k)
{
    return f->measure == RC_MDC_ANY || (k == RC__PEAK && f->measure == RC_MDC_PEAK) ||
           (k == RC__TROUGH && f->measure == RC_MDC_TROUGH);
}

static int design_matches(const rc_model_mdc *f, const rc__design *d, int own)
{
    if (f->session != d->session || (!strcmp(f->method, "romcap")) != own)
        return 0;
    if (f->rater == RC_MDC_RATER_UNSTATED)
        return 1;
    return d->different_raters ? f->rater == RC_MDC_RATER_DIFFERENT
                               : f->rater == RC_MDC_RATER_SAME;
}

/* The largest matching single-reading figure for k (largest: of several published
 * figures of one design the report takes the most cautious); NULL when none. */
static const rc_model_mdc *single(const rc_model_angle *m, rc__measure_kind k,
                                  const rc__design *d, int own)
{
    const rc_model_mdc *best = NULL;
    for (int i = 0; i < m->n_mdc; i++) {
        const rc_model_mdc *f = &m->mdc[i];
        if (design_matches(f, d, own) && covers(f, k) && (!best || f->mdc95_deg > best->mdc95_deg))
            best = f;
    }
    return best;
}

static rc__error_pick pick(const rc_model_angle *m, rc__measure_kind k, const rc__design *d,
                           int own)
{
    rc__error_pick p = {0};
    if (k != RC__RANGE) {
        p.fig = single(m, k, d, own);
        p.found = p.fig != NULL;
        p.mdc95_deg = p.found ? p.fig->mdc95_deg : NAN;
        return p;
    }
    for (int i = 0; i < m->n_mdc; i++) {
        const rc_model_mdc *f = &m->mdc[i];
        if (design_matches(f, d, own) && f->measure == RC_MDC_RANGE &&
            (!p.fig || f->mdc95_deg > p.fig->mdc95_deg))
            p.fig = f;
    }
    if (p.fig) {
        p.found = 1;
        p.mdc95_deg = p.fig->mdc95_deg;
        return p;
    }
    /* A range is peak minus trough: two readings, errors added in quadrature
     * (CLINICAL.md: about sqrt 2 times one reading's for independent errors). */
    const rc_model_mdc *a = single(m, RC__PEAK, d, own), *b = single(m, RC__TROUGH, d, own);
    if (a && b) {
        p = (rc__error_pick){1, hypot(a->mdc95_deg, b->mdc95_deg), a, b, 1};
    }
    if (!p.found)
        p.mdc95_deg = NAN;
    return p;
}

static void side_values(const rc__angle_side *x, rc__measure_kind k, double *mean, double *sd)
{
    *mean = k == RC__PEAK     ? x->rom_peak_mean_deg
            : k == RC__TROUGH ? x->rom_trough_mean_deg
                              : x->rom_range_mean_deg;
    *sd = k == RC__PEAK ? x->rom_peak_sd_deg : k == RC__TROUGH ? x->rom_trough_sd_deg : x->rom_range_sd_deg;
}

void rc__verdict_of(const rc__side *pre, const rc__side *post, int a, rc__measure_kind k,
                    const rc__design *d, rc__verdict *v)
{
    const rc_model_angle *m = &pre->model.angle[a];
    const rc__angle_side *p = &pre->angle[a], *q = &post->angle[a];
    memset(v, 0, sizeof *v);
    v->pre = v->post = v->change = v->pre_sd = v->post_sd = NAN;
    v->pre_reps = p->rom_reps;
    v->post_reps = q->rom_reps;
    v->better = k == RC__PEAK ? m->better_peak : k == RC__TROUGH ? m->better_trough : m->better_range;
    v->clinical = pick(m, k, d, 0);
    v->own = pick(m, k, d, 1);
    v->used = v->own.found ? &v->own : v->clinical.found ? &v->clinical : NULL;
    if (p->rom_reps < 0 || q->rom_reps < 0) {
        snprintf(v->reason, sizeof v->reason,
                 "cannot be given: the %s summary does not hold the set's ROM per repetition "
                 "(analysed by an older romcap; analyse it again)",
                 p->rom_reps < 0 && q->rom_reps < 0 ? "before and after" : p->rom_reps < 0 ? "before" : "after");
        return;
    }
    side_values(p, k, &v->pre, &v->pre_sd);
    side_values(q, k, &v->post, &v->post_sd);
    v->change = v->post - v->pre;
    if (p->rom_reps < RC__MIN_VERDICT_REPS || q->rom_reps < RC__MIN_VERDICT_REPS) {
        snprintf(v->reason, sizeof v->reason,
                 "needs at least %d repetitions on each side (before %d, after %d)",
                 RC__MIN_VERDICT_REPS, p->rom_reps, q->rom_reps);
        return;
    }
    if (!isfinite(v->change)) {
        snprintf(v->reason, sizeof v->reason, "the %s is not known on both sides",
                 rc__measure_name(k));
        return;
    }
    if (!v->used) {
        snprintf(v->reason, sizeof v->reason, "no published figure for a %s comparison of this "
                 "measure", d->session == RC_MDC_WITHIN_SESSION ? "within-session" : "between-session");
        return;
    }
    if (!(fabs(v->change) > v->used->mdc95_deg))
        v->kind = RC__WITHIN;
    else if (v->better == 0)
        v->kind = RC__CHANGED;
    else
        v->kind = (v->change > 0) == (v->better > 0) ? RC__IMPROVED : RC__WORSE;
}
