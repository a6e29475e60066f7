/* facing.c - tells a mirrored set-up from the reference one (see facing.h).
 *
 * Two rules, both read from the model ("facing"):
 *   movement:   the test angle starts near neutral (0) and goes positive in the
 *               reference set-up. Each frame it is read both ways (mirror off and
 *               on); a reading that climbs into [min_excursion, normal max + 45]
 *               while the other does not supports that reading. Mirroring negates
 *               the screen angle, so for a zero-offset angle the two readings are
 *               v and -v; for an offset angle (ankle +90, hip abduction -90) the
 *               wrong reading sits near 180 and never enters the band.
 *   left_right: marker a is on the image left of marker b in the reference set-up;
 *               a frame counts when a->b is within 60 deg of the horizontal.
 * Each reading is followed continuously (frame-to-frame differences wrapped to
 * +-180 and summed), so a reading crossing its wrap boundary stays one number.
 * A rule votes after `hold` consecutive samples for one reading; the detector
 * decides when every rule has voted or the window is over, so live (causal) and
 * offline (the same frames in the same order) decide the same.
 */
#include "romcap/facing.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Top of the movement band above the angle's normal maximum: room for a hypermobile
 * subject without letting a wrong reading near 180 deg in. */
#define BAND_ABOVE_NORMAL_DEG 45.0
/* A left/right sample is clear when |horizontal part| >= this fraction of the
 * pair's distance (cos 60 deg). */
#define PAIR_MIN_HORIZONTAL 0.5

rc_facing_config rc_facing_config_default(void)
{
    return (rc_facing_config){.min_excursion_deg = 15.0,
                              .window_s = 10.0,
                              .hold_samples = 3,
                              .pair_samples = 10,
                              .min_confidence = 0.5};
}

static const char *other_side(const char *side)
{
    return !strcmp(side, "right") ? "left" : !strcmp(side, "left") ? "right" : "";
}

rc_status rc_facing_init(rc_facing_state *st, const rc_model *m, const rc_facing_config *cfg,
                         rc_err *err)
{
    if (!st || !m)
        return rc_err_set(err, RC_E_ARG, "rc_facing_init: no state or no model");
    rc_facing_config c = cfg ? *cfg : rc_facing_config_default();
    if (!(c.min_excursion_deg >= 1 && c.min_excursion_deg <= 90) ||
        !(c.window_s >= 0.1 && c.window_s <= 600) || c.hold_samples < 1 || c.hold_samples > 1000 ||
        c.pair_samples < 1 || c.pair_samples > 1000 ||
        !(c.min_confidence >= 0 && c.min_confidence <= 1))
        return rc_err_set(err, RC_E_ARG,
                          "facing detector: configuration out of range (excursion %g deg, "
                          "window %g s, hold %d, pair %d, confidence %g)",
                          c.min_excursion_deg, c.window_s, c.hold_samples, c.pair_samples,
                          c.min_confidence);
    const rc_model_facing *f = &m->facing;
    if ((f->has_movement && (f->movement_angle < 0 || f->movement_angle >= m->n_angles)) ||
        (f->has_left_right && (f->left_right[0] < 0 || f->left_right[0] >= m->n_markers ||
                               f->left_right[1] < 0 || f->left_right[1] >= m->n_markers)))
        return rc_err_set(err, RC_E_ARG, "facing detector: model %s has a facing rule out of range",
                          m->name);
    memset(st, 0, sizeof *st);
    st->model = m;
    st->cfg = c;
    st->last_frame = -1;
    st->result.frame = -1;
    snprintf(st->result.evidence, sizeof st->result.evidence, "deciding: no frame yet");
    if (!f->has_movement && !f->has_left_right) {
        st->done = true;
        snprintf(st->result.evidence, sizeof st->result.evidence,
                 "model %s has no facing rule: the set-up cannot be told from the markers",
                 m->name);
    }
    return RC_OK;
}

/* One step of a rule's run of consecutive samples; votes when the run is long enough.
 * sign: +1 supports the reference reading, -1 the mirrored one, 0 neither. */
static void run_step(rc_facing_vote *v, int sign, int need, int64_t frame, double t_s)
{
    if (sign == 0) {
        v->run = 0;
        v->run_sign = 0;
        return;
    }
    if (sign == v->run_sign) {
        v->run++;
    } else {
        v->run_sign = sign;
        v->run = 1;
    }
    if (v->vote == RC_MIRROR_UNDETERMINED && v->run >= need) {
        v->vote = sign > 0 ? RC_MIRROR_NO : RC_MIRROR_YES;
        v->frame = frame;
        v->t_s = t_s;
    }
}

/* Movement rule: both readings of the test angle this frame (NAN when undefined). */
static void feed_movement(rc_facing_state *st, const double v[2], int64_t frame, double t_s)
{
    rc_facing_vote *mv = &st->movement;
    const rc_model_angle *a = &st->model->angle[st->model->facing.movement_angle];
    const double lo = st->cfg.min_excursion_deg;
    const double hi = fmax(a->normal_max_deg, lo) + BAND_ABOVE_NORMAL_DEG;
    for (int k = 0; k < 2; k++) {
        mv->cont[k] = mv->have ? mv->cont[k] + rc_angle_wrap180(v[k] - mv->last[k]) : v[k];
        mv->last[k] = v[k];
        if (!mv->have || mv->cont[k] > mv->peak[k])
            mv->peak[k] = mv->cont[k];
    }
    mv->have = true;
    bool in[2];
    for (int k = 0; k < 2; k++) {
        in[k] = mv->cont[k] >= lo && mv->cont[k] <= hi;
        mv->n_for[k] += in[k];
        if (mv->vote == RC_MIRROR_UNDETERMINED && mv->cont[k] >= 0 && mv->cont[k] <= hi &&
            mv->cont[k] > mv->intrude[k])
            mv->intrude[k] = mv->cont[k];
    }
    bool was = mv->vote != RC_MIRROR_UNDETERMINED;
    run_step(mv, in[0] && !in[1] ? 1 : in[1] && !in[0] ? -1 : 0, st->cfg.hold_samples, frame, t_s);
    if (!was && mv->vote != RC_MIRROR_UNDETERMINED) {
        /* Contrary evidence: how far the other reading had gone into the positive
         * side, against how far this one has. */
        int k = mv->vote == RC_MIRROR_YES;
        mv->confidence = mv->cont[k] / (mv->cont[k] + mv->intrude[k ^ 1]);
    }
}

/* Left/right rule: the pair's direction a->b this frame. */
static void feed_pair(rc_facing_state *st, rc_vec2 d, rc_vec2 right, int64_t frame, double t_s)
{
    rc_facing_vote *pv = &st->pair;
    double len = hypot(d.x, d.y), dx = d.x * right.x + d.y * right.y;
    if (!(len > 0) || fabs(dx) < PAIR_MIN_HORIZONTAL * len)
        return; /* not clearly side by side: neither for nor against */
    int sign = dx > 0 ? 1 : -1;
    pv->n_for[sign > 0 ? 0 : 1]++;
    pv->have = true;
    bool was = pv->vote != RC_MIRROR_UNDETERMINED;
    run_step(pv, sign, st->cfg.pair_samples, frame, t_s);
    if (!was && pv->vote != RC_MIRROR_UNDETERMINED) {
        int k = pv->vote == RC_MIRROR_NO ? 0 : 1;
        pv->confidence = (double)pv->n_for[k] / (pv->n_for[0] + pv->n_for[1]);
    }
}

/* Appends printf-style text to the result's evidence line. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
say(rc_facing_result *r, const char *fmt, ...)
{
    size_t used = strlen(r->evidence);
    if (used + 1 >= sizeof r->evidence)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->evidence + used, sizeof r->evidence - used, fmt, ap);
    va_end(ap);
}

static const char *reading_name(int k)
{
    return k ? "mirrored" : "as set up";
}

/* What the movement rule saw, into the evidence line. */
static void say_movement(const rc_facing_state *st, rc_facing_result *r)
{
    const rc_facing_vote *mv = &st->movement;
    const char *name = st->model->angle[st->model->facing.movement_angle].name;
    if (!mv->have) {
        say(r, "%s was never measured", name);
    } else if (mv->vote != RC_MIRROR_UNDETERMINED) {
        int k = mv->vote == RC_MIRROR_YES;
        say(r, "%s reached %+.1f deg read %s (%+.1f read %s), clear at %.2f s", name, mv->peak[k],
            reading_name(k), mv->peak[k ^ 1], reading_name(k ^ 1), mv->t_s);
    } else {
        say(r,
            "too little movement: %s reached at most %+.1f deg read as set up and %+.1f read "
            "mirrored (needs %g deg one way)",
            name, mv->peak[0], mv->peak[1], st->cfg.min_excursion_deg);
    }
}

/* What the left/right rule saw, into the evidence line. */
static void say_pair(const rc_facing_state *st, rc_facing_result *r)
{
    const rc_facing_vote *pv = &st->pair;
    const rc_model *m = st->model;
    const char *a = m->marker[m->facing.left_right[0]].name;
    const char *b = m->marker[m->facing.left_right[1]].name;
    int n = pv->n_for[0] + pv->n_for[1];
    if (n == 0)
        say(r, "%s and %s were never clearly side by side", a, b);
    else if (pv->vote != RC_MIRROR_UNDETERMINED)
        say(r, "%s on the image %s of %s in %d of %d clear frames", a,
            pv->vote == RC_MIRROR_NO ? "left" : "right", b, pv->n_for[pv->vote == RC_MIRROR_YES],
            n);
    else
        say(r, "the left/right order of %s and %s was not steady (%d frames one way, %d the other)",
            a, b, pv->n_for[0], pv->n_for[1]);
}

/* Facing and side that go with a mirror decision, from the model's reference view. */
static void set_view(const rc_model *m, rc_facing_result *r)
{
    bool mirrored = r->mirror == RC_MIRROR_YES;
    r->facing = RC_FACING_UNKNOWN;
    r->side[0] = '\0';
    if (m->view == RC_VIEW_SAGITTAL)
        r->facing = mirrored ? RC_FACING_IMAGE_LEFT : RC_FACING_IMAGE_RIGHT;
    else if (m->facing.from == RC_FROM_FRONT)
        r->facing = RC_FACING_FRONT;
    else if (m->facing.from == RC_FROM_BEHIND)
        r->facing = RC_FACING_BACK;
    else
        return; /* "either": the other side, or the other view: cannot say which */
    snprintf(r->side, sizeof r->side, "%s", mirrored ? other_side(m->side) : m->side);
}

/* Ends the evidence: every rule voted, the window is over, or the recording ended. */
static void conclude(rc_facing_state *st)
{
    const rc_model_facing *f = &st->model->facing;
    const rc_facing_vote *rules[2] = {f->has_movement ? &st->movement : NULL,
                                      f->has_left_right ? &st->pair : NULL};
    rc_facing_result *r = &st->result;
    st->done = true;
    r->evidence[0] = '\0';
    r->frame = st->last_frame;
    r->t_s = st->last_t_s;
    rc_mirror_call call = RC_MIRROR_UNDETERMINED;
    bool disagree = false;
    double conf = 1.0;
    for (int i = 0; i < 2; i++) {
        if (!rules[i] || rules[i]->vote == RC_MIRROR_UNDETERMINED)
            continue;
        disagree |= call != RC_MIRROR_UNDETERMINED && call != rules[i]->vote;
        call = rules[i]->vote;
        conf = fmin(conf, rules[i]->confidence);
    }
    if (!st->started)
        say(r, "undetermined: no frame had the markers the facing rules need");
    else if (disagree)
        say(r, "undetermined: the rules disagree: ");
    else if (call == RC_MIRROR_UNDETERMINED)
        say(r, "undetermined: ");
    else if (conf < st->cfg.min_confidence)
        say(r, "undetermined: evidence both ways (confidence %.2f): ", conf);
    if (st->started) {
        if (rules[0])
            say_movement(st, r);
        if (rules[0] && rules[1])
            say(r, "; ");
        if (rules[1])
            say_pair(st, r);
    }
    if (!st->started || disagree || call == RC_MIRROR_UNDETERMINED ||
        conf < st->cfg.min_confidence) {
        r->mirror = RC_MIRROR_UNDETERMINED;
        r->facing = RC_FACING_UNKNOWN;
        r->side[0] = '\0';
        r->confidence = 0;
        return;
    }
    r->mirror = call;
    r->confidence = conf;
    set_view(st->model, r);
}

/* True when every rule the model has has voted. */
static bool all_voted(const rc_facing_state *st)
{
    const rc_model_facing *f = &st->model->facing;
    return (!f->has_movement || st->movement.vote != RC_MIRROR_UNDETERMINED) &&
           (!f->has_left_right || st->pair.vote != RC_MIRROR_UNDETERMINED);
}

bool rc_facing_feed(rc_facing_state *st, int64_t frame, double t_s, const rc_vec2 *pos,
                    const bool *valid, const rc_kin_options *o)
{
    if (!st || !st->model)
        return false;
    if (st->done)
        return true;
    if (!pos || !isfinite(t_s))
        return false;
    const rc_model *m = st->model;
    const rc_model_facing *f = &m->facing;
    rc_kin_options ref = o ? *o : rc_kin_options_default();
    ref.mirror = false;
    rc_kin_options mir = ref;
    mir.mirror = true;
    double v[2] = {NAN, NAN};
    if (f->has_movement) {
        v[0] = rc_kin_angle_deg(m, f->movement_angle, pos, valid, &ref);
        v[1] = rc_kin_angle_deg(m, f->movement_angle, pos, valid, &mir);
    }
    bool have_move = isfinite(v[0]) && isfinite(v[1]);
    bool have_pair = false;
    rc_vec2 d = {0, 0};
    if (f->has_left_right) {
        int a = f->left_right[0], b = f->left_right[1];
        have_pair = (!valid || (valid[a] && valid[b])) && isfinite(pos[a].x) &&
                    isfinite(pos[a].y) && isfinite(pos[b].x) && isfinite(pos[b].y);
        d = (rc_vec2){pos[b].x - pos[a].x, pos[b].y - pos[a].y};
    }
    if (!st->started && !have_move && !have_pair)
        return false;
    if (!st->started) {
        st->started = true;
        st->t0_s = t_s;
    }
    double rel = t_s - st->t0_s;
    if (rel > st->cfg.window_s) {
        conclude(st); /* this frame is past the window: decided on what came before */
        return true;
    }
    st->last_frame = frame;
    st->last_t_s = rel;
    if (have_move)
        feed_movement(st, v, frame, rel);
    if (have_pair) {
        /* Screen right is `down` turned a quarter turn, as in kinematics.c. */
        rc_vec2 right = {ref.down.y, -ref.down.x};
        feed_pair(st, d, right, frame, rel);
    }
    if (all_voted(st))
        conclude(st);
    return st->done;
}

void rc_facing_finish(rc_facing_state *st)
{
    if (st && st->model && !st->done)
        conclude(st);
}

bool rc_facing_done(const rc_facing_state *st)
{
    return st && st->done;
}

const rc_facing_result *rc_facing_get(const rc_facing_state *st)
{
    return st ? &st->result : NULL;
}

const char *rc_facing_name(rc_facing f)
{
    switch (f) {
    case RC_FACING_IMAGE_RIGHT: return "image_right";
    case RC_FACING_IMAGE_LEFT: return "image_left";
    case RC_FACING_FRONT: return "front";
    case RC_FACING_BACK: return "back";
    case RC_FACING_UNKNOWN: break;
    }
    return "unknown";
}

const char *rc_mirror_call_name(rc_mirror_call c)
{
    switch (c) {
    case RC_MIRROR_NO: return "no";
    case RC_MIRROR_YES: return "yes";
    case RC_MIRROR_UNDETERMINED: break;
    }
    return "undetermined";
}

bool rc_facing_choose(rc_mirror_request req, const rc_facing_result *r, rc_mirror_source *source,
                      bool *contradicts)
{
    rc_mirror_call call = r ? r->mirror : RC_MIRROR_UNDETERMINED;
    bool mirror = false;
    rc_mirror_source src = RC_MIRROR_DEFAULT;
    bool against = false;
    if (req == RC_MIRROR_FORCE_ON || req == RC_MIRROR_FORCE_OFF) {
        mirror = req == RC_MIRROR_FORCE_ON;
        src = RC_MIRROR_GIVEN;
        against = call == (mirror ? RC_MIRROR_NO : RC_MIRROR_YES);
    } else if (call != RC_MIRROR_UNDETERMINED) {
        mirror = call == RC_MIRROR_YES;
        src = RC_MIRROR_DETECTED;
    }
    if (source)
        *source = src;
    if (contradicts)
        *contradicts = against;
    return mirror;
}

const char *rc_mirror_source_name(rc_mirror_source s)
{
    switch (s) {
    case RC_MIRROR_GIVEN: return "given";
    case RC_MIRROR_DETECTED: return "detected";
    case RC_MIRROR_DEFAULT: break;
    }
    return "default";
}

void rc_facing_implied(const rc_model *m, bool mirror, rc_facing *facing, char side[8])
{
    rc_facing_result r = {.mirror = mirror ? RC_MIRROR_YES : RC_MIRROR_NO};
    if (m)
        set_view(m, &r);
    if (facing)
        *facing = r.facing;
    if (side)
        memcpy(side, r.side, sizeof r.side);
}
