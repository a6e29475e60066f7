/* compensation.c - compensation rules judged on marker positions (see
 * compensation.h, model.h rc_model_comp, models/README.md "compensations").
 *
 * A line's angle uses kinematics' signed angle (the same geometry as the angle types
 * of the same names) and the same mirror flip; the change from a baseline is wrapped
 * so a line pointing straight down cannot jump by 360 degrees.
 */
#include "romcap/compensation.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

bool rc_comp_markers_valid(const rc_model *m, int rule, const bool *valid)
{
    const rc_model_comp *r = &m->comp[rule];
    if (r->missing[0])
        return false;
    if (r->type == RC_COMP_ANGLE) {
        const rc_model_angle *a = &m->angle[r->of_angle];
        int need = a->type == RC_ANGLE_THREE_POINT ? 3 : a->type == RC_ANGLE_SEGMENT_SEGMENT ? 4 : 2;
        for (int i = 0; i < need; i++)
            if (valid && (a->marker[i] < 0 || !valid[a->marker[i]]))
                return false;
        return true;
    }
    for (int i = 0; i < 2; i++) {
        int k = r->marker[i];
        if (k < 0) {
            if (i == 0 || r->type != RC_COMP_DISPLACEMENT)
                return false;
            continue;
        }
        if (k >= m->n_markers || (valid && !valid[k]))
            return false;
    }
    return true;
}

double rc_comp_value(const rc_model *m, int rule, const rc_vec2 *pos, const bool *valid,
                     const rc_kin_options *o, const double *angle_deg)
{
    if (!m || rule < 0 || rule >= m->n_comps || !rc_comp_markers_valid(m, rule, valid))
        return NAN;
    rc_kin_options def = rc_kin_options_default();
    if (!o)
        o = &def;
    const rc_model_comp *r = &m->comp[rule];
    double flip = o->mirror ? -1.0 : 1.0;
    rc_vec2 down = o->down, right = {o->down.y, -o->down.x};
    switch (r->type) {
    case RC_COMP_SEGMENT_VERTICAL:
    case RC_COMP_SEGMENT_HORIZONTAL: {
        rc_vec2 ref = r->type == RC_COMP_SEGMENT_VERTICAL
                          ? (r->ref == RC_REF_DOWN ? down : (rc_vec2){-down.x, -down.y})
                          : (r->ref == RC_REF_LEFT ? (rc_vec2){-right.x, -right.y} : right);
        rc_vec2 a = pos[r->marker[0]], b = pos[r->marker[1]];
        double th = rc_angle_signed_deg(ref, (rc_vec2){b.x - a.x, b.y - a.y});
        return isnan(th) ? NAN : rc_angle_wrap180(r->sign * flip * th);
    }
    case RC_COMP_DISPLACEMENT: {
        rc_vec2 p = pos[r->marker[0]];
        if (r->axis == 0)
            return flip * (p.x * right.x + p.y * right.y);
        return -(p.x * down.x + p.y * down.y); /* up, against gravity */
    }
    case RC_COMP_ANGLE: return angle_deg ? angle_deg[r->of_angle] : NAN;
    }
    return NAN;
}

double rc_comp_amount(const rc_model_comp *r, double value, double baseline)
{
    double d = value;
    if (r->baseline == RC_COMP_REP_START) {
        d = value - baseline;
        if (r->type != RC_COMP_DISPLACEMENT)
            d = rc_angle_wrap180(d);
    }
    if (isnan(d))
        return NAN;
    return r->direction > 0 ? d : r->direction < 0 ? -d : fabs(d);
}

bool rc_comp_enabled(const rc_model *m, int rule, const bool *seen, char *note, size_t cap)
{
    const rc_model_comp *r = &m->comp[rule];
    if (note && cap)
        note[0] = '\0';
    if (r->missing[0]) {
        if (note)
            snprintf(note, cap, "marker '%s' is not in the model: rule disabled", r->missing);
        return false;
    }
    int k[4] = {-1, -1, -1, -1};
    if (r->type == RC_COMP_ANGLE)
        memcpy(k, m->angle[r->of_angle].marker, sizeof k);
    else
        memcpy(k, r->marker, 2 * sizeof *k);
    for (int i = 0; seen && i < 4; i++)
        if (k[i] >= 0 && k[i] < m->n_markers && !seen[k[i]]) {
            if (note && m->marker[k[i]].optional)
                snprintf(note, cap, "optional sticker '%s' not seen: rule %s off",
                         m->marker[k[i]].name, r->name);
            else if (note)
                snprintf(note, cap, "marker '%s' was never seen: rule disabled",
                         m->marker[k[i]].name);
            return false;
        }
    return true;
}

/* Whether rule r reads marker k (its own markers; an ANGLE rule the angle's). */
static bool reads_marker(const rc_model *m, const rc_model_comp *r, int k)
{
    if (r->type == RC_COMP_ANGLE) {
        for (int i = 0; i < 4; i++)
            if (m->angle[r->of_angle].marker[i] == k)
                return true;
        return false;
    }
    return r->marker[0] == k || r->marker[1] == k;
}

size_t rc_comp_rules_reading(const rc_model *m, int k, char *out, size_t cap)
{
    size_t len = 0;
    int n = 0;
    if (cap)
        out[0] = '\0';
    for (int i = 0; i < m->n_comps; i++) {
        if (!reads_marker(m, &m->comp[i], k))
            continue;
        if (len < cap)
            snprintf(out + len, cap - len, "%s%s", n ? ", " : "", m->comp[i].name);
        len = cap ? strlen(out) : 0;
        n++;
    }
    return (size_t)n;
}

bool rc_comp_optional_unseen(const rc_model *m, int k, int64_t seen, char *note, size_t cap)
{
    if (cap)
        note[0] = '\0';
    if (k < 0 || k >= m->n_markers || !m->marker[k].optional || seen > 0)
        return false;
    char rules[RC_TEXT_CAP];
    size_t n = rc_comp_rules_reading(m, k, rules, sizeof rules);
    if (n == 0)
        snprintf(note, cap, "optional sticker '%s' not seen (no rule reads it)", m->marker[k].name);
    else
        snprintf(note, cap, "optional sticker '%s' not seen: rule%s %s off", m->marker[k].name,
                 n > 1 ? "s" : "", rules);
    return true;
}

/* The baseline of frames lo..hi: the first usable value from lo on. */
static double first_usable(const double *value, int64_t lo, int64_t hi)
{
    for (int64_t i = lo; i <= hi; i++)
        if (!isnan(value[i]))
            return value[i];
    return NAN;
}

/* Judges frames lo..hi against `base`; returns the stretch's largest amount. */
static double judge_stretch(const rc_model_comp *r, const double *t_s, const double *value,
                            int64_t lo, int64_t hi, double base, rc_comp_judgement *out)
{
    double best = NAN;
    for (int64_t i = lo; i <= hi; i++) {
        double a = rc_comp_amount(r, value[i], base);
        if (isnan(a))
            continue;
        out->frames++;
        out->frames_flagged += a > r->limit;
        if (isnan(best) || a > best)
            best = a;
        if (isnan(out->max_amount) || a > out->max_amount) {
            out->max_amount = a;
            out->max_t_s = t_s[i];
        }
    }
    return best;
}

void rc_comp_judge(const rc_model_comp *r, const double *t_s, const double *value, int64_t n,
                   const int64_t *rep_i0, const int64_t *rep_i1, int n_reps,
                   rc_comp_judgement *out)
{
    memset(out, 0, sizeof *out);
    out->max_amount = out->max_t_s = out->share_frames = NAN;
    for (int k = 0; k < RC_COMP_MAX_REPS; k++)
        out->rep_max[k] = NAN;
    if (n <= 0)
        return;
    if (n_reps <= 0) {
        double base = r->baseline == RC_COMP_REP_START ? first_usable(value, 0, n - 1) : 0.0;
        judge_stretch(r, t_s, value, 0, n - 1, base, out);
    }
    for (int k = 0; k < n_reps; k++) {
        int64_t lo = rep_i0[k] < 0 ? 0 : rep_i0[k], hi = rep_i1[k] >= n ? n - 1 : rep_i1[k];
        if (hi < lo)
            continue;
        double base = r->baseline == RC_COMP_REP_START ? first_usable(value, lo, hi) : 0.0;
        double best = judge_stretch(r, t_s, value, lo, hi, base, out);
        if (isnan(best))
            continue;
        if (out->reps < RC_COMP_MAX_REPS)
            out->rep_max[out->reps] = best;
        out->reps++;
        out->reps_flagged += best > r->limit;
    }
    if (out->frames > 0)
        out->share_frames = (double)out->frames_flagged / (double)out->frames;
}

void rc_comp_live_reset(rc_comp_live *s, const rc_model *m)
{
    memset(s, 0, sizeof *s);
    s->n = m->n_comps;
    s->any_active = -1;
    s->rest_low_deg = NAN;
    for (int i = 0; i < RC_MAX_COMP; i++) {
        s->enabled[i] = i < m->n_comps && rc_comp_enabled(m, i, NULL, NULL, 0);
        s->baseline[i] = s->value[i] = s->amount[i] = s->rep_max[i] = NAN;
    }
}

void rc_comp_live_update(rc_comp_live *s, const rc_model *m, const rc_vec2 *pos, const bool *valid,
                         const rc_kin_options *o, const double *angle_deg, bool moving,
                         bool at_start)
{
    s->any_active = -1;
    for (int i = 0; i < s->n; i++) {
        const rc_model_comp *r = &m->comp[i];
        s->active[i] = false;
        s->value[i] = s->enabled[i] ? rc_comp_value(m, i, pos, valid, o, angle_deg) : NAN;
        if (!moving && at_start && !isnan(s->value[i])) {
            s->baseline[i] = s->value[i]; /* resting at the start: a new repetition's base */
            s->rep_max[i] = NAN;
        }
        bool need_base = r->baseline == RC_COMP_REP_START;
        s->amount[i] = need_base && isnan(s->baseline[i])
                           ? NAN
                           : rc_comp_amount(r, s->value[i], s->baseline[i]);
        if (isnan(s->amount[i]))
            continue;
        if (isnan(s->rep_max[i]) || s->amount[i] > s->rep_max[i])
            s->rep_max[i] = s->amount[i];
        s->active[i] = s->amount[i] > r->limit;
        if (s->active[i] && s->any_active < 0)
            s->any_active = i;
    }
}

/* What a rule measures, in words: "hip -> shoulder against the vertical". */
static void describe(const rc_model *m, const rc_model_comp *r, char *out, size_t cap)
{
    const char *a = r->marker[0] >= 0 ? m->marker[r->marker[0]].name : r->missing;
    const char *b = r->marker[1] >= 0 ? m->marker[r->marker[1]].name : r->missing;
    switch (r->type) {
    case RC_COMP_SEGMENT_VERTICAL:
    case RC_COMP_SEGMENT_HORIZONTAL:
        snprintf(out, cap, "%s -> %s against the %s", a, b,
                 r->type == RC_COMP_SEGMENT_VERTICAL ? "vertical" : "horizontal");
        return;
    case RC_COMP_DISPLACEMENT:
        snprintf(out, cap, "%s moving %s", a, r->axis ? "up" : "forward/right");
        return;
    case RC_COMP_ANGLE: snprintf(out, cap, "angle %s", m->angle[r->of_angle].name); return;
    }
    out[0] = '\0';
}

void rc_print_model_compensations(FILE *f, const rc_model *m)
{
    for (int i = 0; i < m->n_comps; i++) {
        const rc_model_comp *r = &m->comp[i];
        char what[160], note[RC_TEXT_CAP];
        describe(m, r, what, sizeof what);
        fprintf(f, "  compensation %-22s %s: %s, %s change %s %g %s (%s)\n", r->name, r->label,
                what, rc_comp_direction_name(r->direction),
                r->baseline == RC_COMP_REP_START ? "from the repetition's start over" : "over",
                r->limit, r->unit, r->angle >= 0 ? m->angle[r->angle].name : "every angle");
        fprintf(f, "        limit source: %s\n", r->source);
        if (!rc_comp_enabled(m, i, NULL, note, sizeof note))
            fprintf(f, "        %s\n", note);
        for (int k = 0; k < m->n_markers; k++)
            if (m->marker[k].optional && reads_marker(m, r, k))
                fprintf(f, "        needs the optional sticker '%s' (%s): off when it is not seen\n",
                        m->marker[k].name, m->marker[k].label);
    }
}
