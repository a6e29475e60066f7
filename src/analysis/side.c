/* side.c - the end of an analysis run: which side the movement was read as
 * (facing.h) applied to every kept frame, and what the whole recording shows said
 * in one line each: the side and why, an angle jumping across its wrap boundary, an
 * angle defined in under half the frames, a marker not seen well enough.
 *
 * The facing detector is fed during the run exactly as live feeds it (tracked
 * positions before gap filling, in frame order), so offline and live decide alike;
 * applying the decision afterwards only recomputes the angles from the kept
 * positions (tracks.csv does not change). */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "analysis_internal.h"
#include "romcap/compensation.h"

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
say(const rc_analysis_events *ev, bool warning, const char *fmt, ...)
{
    void (*fn)(void *, const char *) = !ev ? NULL : warning ? ev->warn : ev->info;
    if (!fn)
        return;
    char msg[2 * RC_ERR_CAP];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fn(ev->user, msg);
}

/* "faces image left" and the like, for one line. */
static const char *facing_words(rc_facing f)
{
    switch (f) {
    case RC_FACING_IMAGE_RIGHT: return "faces image right";
    case RC_FACING_IMAGE_LEFT: return "faces image left";
    case RC_FACING_FRONT: return "faces the camera";
    case RC_FACING_BACK: return "has their back to the camera";
    case RC_FACING_UNKNOWN: break;
    }
    return "faces an unknown way";
}

/* "left knee flexion (sagittal)": the side read and the model's title. */
static void what(const rc_model *m, const char *side, char *out, size_t cap)
{
    snprintf(out, cap, "%s%s%s", side, side[0] ? " " : "", m->title[0] ? m->title : m->name);
    size_t k = side[0] ? strlen(side) + 1 : 0;
    if (k < cap && out[k])
        out[k] = (char)tolower((unsigned char)out[k]);
}

void rc__side_apply(rc__series *o, rc_pipeline *p, rc_facing_state *fs, rc_mirror_request req,
                    const rc_analysis_events *ev, rc_analysis_result *res)
{
    const rc_model *m = o->model;
    rc_facing_finish(fs);
    const rc_facing_result *r = rc_facing_get(fs);
    rc_mirror_source src;
    bool against = false;
    bool mirror = rc_facing_choose(req, r, &src, &against);
    if (mirror != rc_pipeline_kin(p)->mirror) {
        rc_pipeline_set_mirror(p, mirror);
        for (int64_t i = 0; i < o->n; i++)
            rc_pipeline_angles(p, &o->marker[i * m->n_markers], &o->angle_deg[i * m->n_angles]);
    }
    res->facing = *r;
    res->mirrored = mirror;
    res->mirror_source = src;
    rc_run_info *info = &res->info;
    info->mirror = mirror;
    info->mirror_source = rc_mirror_source_name(src);
    rc_facing f;
    if (src == RC_MIRROR_DETECTED) {
        f = r->facing;
        snprintf(info->side, sizeof info->side, "%s", r->side);
    } else {
        rc_facing_implied(m, mirror, &f, info->side);
    }
    bool midline = rc_model_is_midline(m); /* a test with no side: none told or warned */
    if (midline)
        snprintf(info->side, sizeof info->side, "midline");
    info->facing = rc_facing_name(f);
    snprintf(info->facing_evidence, sizeof info->facing_evidence, "%s", r->evidence);
    info->facing_confidence = r->confidence;
    info->facing_decided_frame = r->mirror != RC_MIRROR_UNDETERMINED ? r->frame : -1;
    char name[RC_LABEL_CAP + 16];
    what(m, info->side, name, sizeof name);
    const char *how = mirror ? "mirrored" : "read as the model's set-up";
    if (src == RC_MIRROR_DETECTED)
        say(ev, false, "%s: subject %s \xE2\x80\x94 %s (detected: %s)", name, facing_words(f), how,
            r->evidence);
    else if (src == RC_MIRROR_DEFAULT && midline)
        say(ev, false, "%s: a midline measure, no side to tell", m->title[0] ? m->title : m->name);
    else if (src == RC_MIRROR_DEFAULT)
        say(ev, true,
            "could not tell the side (%s); read as the model's set-up; use --mirror for the "
            "other side",
            r->evidence);
    else if (against && !midline)
        say(ev, true, "%s was given but the movement says the subject %s (%s): check the option",
            mirror ? "--mirror" : "--no-mirror", facing_words(r->facing), r->evidence);
}

/* Wrap jumps and angles mostly undefined, one warning per angle. */
static void check_angles(const rc__series *o, const rc_analysis_events *ev)
{
    const rc_model *m = o->model;
    for (int a = 0; a < m->n_angles; a++) {
        rc_wrap_watch w;
        rc_wrap_watch_init(&w);
        int64_t defined = 0;
        for (int64_t i = 0; i < o->n; i++) {
            double v = o->angle_deg[i * m->n_angles + a];
            defined += !isnan(v);
            rc_wrap_watch_feed(&w, o->frame[i], v);
        }
        if (w.n_jumps)
            say(ev, true,
                "angle '%s' jumps across its wrap boundary at frame %lld (%.1f to %.1f deg%s): "
                "the movement may be read from the wrong side (--mirror / --no-mirror)",
                m->angle[a].name, (long long)w.first_frame, w.first_from_deg, w.first_to_deg,
                w.n_jumps > 1 ? ", and more" : "");
        if (o->n > 0 && defined < RC_SUMMARY_LOW_COVERAGE * (double)o->n)
            say(ev, true, "angle '%s' is defined in only %.0f%% of the frames", m->angle[a].name,
                floor(100.0 * (double)defined / (double)o->n));
    }
}

void rc__series_check(const rc__series *o, rc_track_coverage *cov, const rc_analysis_events *ev)
{
    const rc_model *m = o->model;
    rc_track_coverage_finish(cov);
    char line[RC_ERR_CAP];
    for (int k = 0; k < m->n_markers; k++)
        if (rc_comp_optional_unseen(m, k, cov->m[k].seen, line, sizeof line))
            say(ev, false, "%s", line); /* a set-up choice, not a fault */
        else if (rc_track_coverage_diagnose(cov, k, m->marker[k].name, m->marker[k].rgb, line,
                                            sizeof line))
            say(ev, true, "%s", line);
    check_angles(o, ev);
}
