/* online_side.c - the side detector, wrap watches and marker coverage of the online
 * analysis (see online.h).
 *
 * The detector reads marker positions in the analysis plane, exactly as
 * rc_pipeline_angles hands them to kinematics (mapped through the calibration when
 * there is one), so live decides what `romcap analyse` decides on the same frames.
 */
#include "romcap/online.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

bool rc_online_initial_mirror(rc_mirror_request req)
{
    return req == RC_MIRROR_FORCE_ON;
}

/* "knee" from "Knee flexion (sagittal)": the title's first word, lower case. */
static void joint_word(const rc_model *m, char *out, size_t cap)
{
    const char *t = m->title[0] ? m->title : m->name;
    size_t n = 0;
    while (t[n] && isalpha((unsigned char)t[n]) && n + 1 < cap) {
        out[n] = (char)tolower((unsigned char)t[n]);
        n++;
    }
    out[n] = '\0';
}

/* The screen label for the mirror in use: "left knee \xE2\x80\x94 mirrored". */
static void label(rc_online_side *s, const char *side)
{
    char joint[32];
    joint_word(s->model, joint, sizeof joint);
    char implied[8] = "";
    if (!side || !side[0]) {
        rc_facing_implied(s->model, s->info.mirror, NULL, implied);
        side = implied;
    }
    snprintf(s->info.text, sizeof s->info.text, "%s%s%s%s%s", side, side[0] ? " " : "", joint,
             s->info.mirror ? " \xE2\x80\x94 mirrored" : "",
             s->info.defaulted ? " (side not clear)" : "");
}

void rc_online_side_init(rc_online_side *s, const rc_model *m, rc_mirror_request req,
                         bool mirror_now)
{
    int seq = s->info.seq; /* (a zeroed state the first time) */
    memset(s, 0, sizeof *s);
    s->info.seq = seq;
    s->model = m;
    s->req = req;
    s->info.mirror = mirror_now;
    rc_err err = {{0}};
    if (rc_facing_init(&s->fs, m, NULL, &err) != RC_OK) /* defaults: cannot fail */
        s->fs.done = true;
    for (int i = 0; i < RC_MAX_ANGLES; i++)
        rc_wrap_watch_init(&s->ww[i]);
    rc_track_coverage_init(&s->cov, m->n_markers);
    for (int k = 0; k < RC_MAX_MARKERS; k++)
        s->last_seen_s[k] = NAN;
    snprintf(s->info.text, sizeof s->info.text, "deciding side\xE2\x80\xA6");
    bool midline = rc_model_is_midline(m);  /* no side to tell: decided now, never warned */
    if (req != RC_MIRROR_AUTO || midline) { /* given: nothing to decide */
        s->info.mirror = rc_facing_choose(req, NULL, NULL, NULL);
        s->info.decided = true;
        s->info.seq++;
        label(s, midline ? "midline" : NULL);
        if (midline)
            s->fs.done = true;
    }
}

/* Applies the detector's decision; true when the mirror in use changes. */
static bool decide(rc_online_side *s)
{
    const rc_facing_result *r = rc_facing_get(&s->fs);
    rc_mirror_source src;
    bool contradicts = false;
    bool mirror = rc_facing_choose(s->req, r, &src, &contradicts);
    bool changed = mirror != s->info.mirror;
    s->info.mirror = mirror;
    s->info.detected = src == RC_MIRROR_DETECTED;
    s->info.defaulted = src == RC_MIRROR_DEFAULT;
    s->info.contradicts = contradicts;
    snprintf(s->info.evidence, sizeof s->info.evidence, "%s", r->evidence);
    label(s, src == RC_MIRROR_DETECTED ? r->side : NULL);
    s->info.decided = true;
    s->info.seq++;
    if (changed) /* a new reading: its jumps are counted from here */
        for (int i = 0; i < RC_MAX_ANGLES; i++)
            rc_wrap_watch_init(&s->ww[i]);
    return changed;
}

bool rc_online_side_feed(rc_online_side *s, const rc_calib *calib, int64_t frame,
                         const rc_pipe_result *r)
{
    const rc_model *m = s->model;
    rc_track_coverage_add(&s->cov, r->t_s, r->marker);
    for (int k = 0; k < m->n_markers; k++)
        if (rc_track_state_measured(r->marker[k].state))
            s->last_seen_s[k] = r->t_s;
    if (rc_facing_done(&s->fs))
        return false;
    rc_vec2 pos[RC_MAX_MARKERS];
    bool valid[RC_MAX_MARKERS];
    for (int k = 0; k < m->n_markers; k++) {
        pos[k] = (rc_vec2){r->marker[k].x_px, r->marker[k].y_px};
        valid[k] = r->marker[k].state != RC_TRACK_LOST;
        if (valid[k] && calib)
            valid[k] = rc_calib_map_point(calib, pos[k].x, pos[k].y, &pos[k].x, &pos[k].y);
    }
    rc_kin_options ko = rc_kin_options_default();
    if (calib)
        rc_calib_down(calib, &ko.down.x, &ko.down.y);
    if (!rc_facing_feed(&s->fs, frame, r->t_s, pos, valid, &ko))
        return false;
    /* A forced request was labelled at init; the detector still runs so the log
     * can say when the evidence contradicts it. */
    return decide(s);
}

void rc_online_side_angles(rc_online_side *s, int64_t frame, const double *angle_deg)
{
    for (int i = 0; i < s->model->n_angles; i++) {
        if (!rc_wrap_watch_feed(&s->ww[i], frame, angle_deg[i]) || s->ww[i].n_jumps != 1)
            continue;
        if (s->info.wrap_jumps++ == 0)
            snprintf(s->info.wrap_msg, sizeof s->info.wrap_msg,
                     "%s jumped from %.0f to %.0f deg at frame %lld: a reading across its wrap "
                     "boundary (mirrored set-up, or a marker swap?)",
                     s->model->angle[i].name, s->ww[i].first_from_deg, s->ww[i].first_to_deg,
                     (long long)frame);
    }
}

double rc_online_side_unseen_s(const rc_online_side *s, int k, double t_s)
{
    if (isnan(s->last_seen_s[k]))
        return s->cov.frames ? t_s - s->cov.t_first_s : 0.0;
    return t_s - s->last_seen_s[k];
}
