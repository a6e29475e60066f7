/* run.c - the offline analysis of a whole recording (rc_analysis_run): every frame
 * in order through the pipeline, kept, gap-filled, read from the side the facing
 * detector found (side.c), and written as the result files.
 *
 * With a second core, reading runs on the capture thread in lossless mode
 * (capture.h: it waits instead of dropping) and, for MJPEG files and sessions,
 * decoding on `threads` workers side by side (each into its own slot, one
 * TurboJPEG codec each), while this thread analyses: the same frames and
 * skipped-frame warnings in the same order as the one-thread loop, so the outputs
 * are byte-identical. Other sources decode on the capture thread. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis_internal.h"
#include "autolearn_internal.h"
#include "romcap/calib.h"
#include "romcap/capture.h"
#include "romcap/jpeg.h"
#include "romcap/log.h" /* rc_clock_ns */
#include "romcap/results.h"

/* TUNABLE: longest occlusion bridged offline by interpolation (the tracker's own
 * prediction limit is 0.5 s; beyond it markers are lost anyway). */
static const double GAP_FILL_MAX_S = 0.5;

/* Everything one run holds, released in one place. */
typedef struct run {
    rc__frames in;
    rc_pipeline *pipe;
    rc_pipe_result *res;
    rc_calib calib;
    rc__series out;
    bool out_open;
    rc_facing_state facing;   /* fed while not done, as live feeds it */
    rc_track_coverage *cover; /* the result's info.coverage, fed every frame */
    bool short_noted;         /* the first frame used despite a JPEG warning was said */
    const rc_model *model;    /* the request's model, or `learnt` */
    rc_model *learnt;         /* the model with colours learnt at the start, or NULL */
    rc_model *judged;         /* the colours the self-check judges (a session's own in) */
    rc__al_inline check;      /* the self-check's first pass on this run's frames */
    char *held;               /* warnings said while the check is open, NUL-separated */
    size_t held_n, held_cap;
    rc_pipeline_options po;
    int threads;
} run;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
warn(const rc_analysis_events *ev, const char *fmt, ...)
{
    if (!ev || !ev->warn)
        return;
    char msg[RC_ERR_CAP + 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ev->warn(ev->user, msg);
}

/* A warning of the frame loop: said, or held while the colour self-check is
 * open (its decision is said first, as when it ran before the loop). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
say(run *r, const rc_analysis_events *ev, const char *fmt, ...)
{
    if (!ev || !ev->warn)
        return;
    char msg[RC_ERR_CAP + 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!r->check.open) {
        ev->warn(ev->user, msg);
        return;
    }
    size_t n = strlen(msg) + 1;
    if (r->held_n + n > r->held_cap) { /* a warning, not a frame: rare */
        size_t cap = 2 * r->held_cap + n + 4096;
        char *h = realloc(r->held, cap);
        if (!h) {
            ev->warn(ev->user, msg); /* out of memory: said now rather than lost */
            return;
        }
        r->held = h;
        r->held_cap = cap;
    }
    memcpy(r->held + r->held_n, msg, n);
    r->held_n += n;
}

/* Says the held warnings (keep) or drops them (the run starts again), in order. */
static void release_held(run *r, const rc_analysis_events *ev, bool keep)
{
    for (size_t at = 0; keep && ev && ev->warn && at < r->held_n; at += strlen(r->held + at) + 1)
        ev->warn(ev->user, r->held + at);
    r->held_n = 0;
}

/* The self-check's outcome (status ls, message e): said, kept for summary.json, and
 * the run's model from here on when a colour was learnt. */
static void auto_learn_said(run *r, const rc_analysis_request *rq, const rc_analysis_events *ev,
                            rc_status ls, const rc_err *e, rc_analysis_result *res)
{
    rc_run_info *info = &res->info;
    rc_autolearn_result *al = &res->autolearn;
    if (ls != RC_OK) {
        /* Not a reason to stop: the run reads the input itself and says what fails. */
        warn(ev, "the sticker colours could not be judged (%s): the model's are used", e->msg);
        memset(al, 0, sizeof *al);
        return;
    }
    for (int i = 0; i < rq->model->n_markers; i++) {
        const rc_autolearn_marker *a = &al->marker[i];
        const char *name = rq->model->marker[i].name;
        if (a->learnt) {
            if (ev && ev->info) {
                char msg[RC_ERR_CAP];
                snprintf(msg, sizeof msg,
                         "%s: learnt its colour from frame %lld: #%02x%02x%02x (found well in "
                         "%.0f%% of the first %lld frames, %.0f%% with its nominal colour)",
                         name, (long long)a->frame, a->rgb[0], a->rgb[1], a->rgb[2],
                         100 * a->learnt_found, (long long)al->frames, 100 * a->nominal_found);
                ev->info(ev->user, msg);
            }
            rc_learnt_colour *c = &info->learnt_colour[info->n_learnt_colours++];
            snprintf(c->marker, sizeof c->marker, "%s", name);
            c->frame = a->frame;
            memcpy(c->rgb, a->rgb, 3);
            memcpy(c->mean, a->cls.mean, sizeof c->mean);
            memcpy(c->cov, a->cls.cov, sizeof c->cov);
        } else if (a->poor) {
            warn(ev,
                 "%s: found poorly with its nominal colour (well in %.0f%% of the first %lld "
                 "frames) and its colour could not be learnt with confidence (%s): the nominal "
                 "colour is kept",
                 name, 100 * a->nominal_found, (long long)al->frames,
                 !a->tried        ? "no sticker where the other markers put it"
                 : !a->have_class ? "what is there is not a sticker of about its colour"
                                  : "the learnt colour did not find it better");
        }
    }
    if (al->n_learnt > 0)
        r->model = r->learnt;
}

/* Colours learnt by themselves at the start (autolearn.c). A live recording's own
 * learnt colours first (session.json), then the self-check: its first pass on the
 * run's own frames when `on_run` (rc__al_inline: decided in close_check), else its
 * passes here before the run. */
static rc_status auto_learn(run *r, const rc_analysis_request *rq, const rc_analysis_events *ev,
                            bool on_run, rc_analysis_result *res, rc_err *err)
{
    rc_run_info *info = &res->info;
    r->learnt = malloc(sizeof *r->learnt);
    r->judged = malloc(sizeof *r->judged);
    if (!r->learnt || !r->judged)
        return rc_err_set(err, RC_E_NOMEM, "out of memory");
    rc_err e = {{0}};
    int n_live = rc__al_from_session(rq->input, rq->model, r->judged, info, ev ? ev->info : NULL,
                                     ev ? ev->user : NULL, &e);
    if (n_live < 0) {
        warn(ev, "%s: the model's colours are used", e.msg);
        *r->judged = *rq->model;
        n_live = 0;
    }
    *r->learnt = *r->judged;
    if (n_live > 0)
        r->model = r->learnt; /* the session's colours, and any learnt since */
    if (on_run) {
        rc__al_inline_begin(&r->check, rq->input, r->judged, info->source.width,
                            info->source.height, r->threads);
        return RC_OK;
    }
    rc_status ls =
        rc__autolearn_run_threads(rq->input, r->judged, info->source.width, info->source.height,
                                  r->threads, r->learnt, &res->autolearn, &e);
    auto_learn_said(r, rq, ev, ls, &e, res);
    return RC_OK;
}

/* Opens the source, loads the calibration, builds the pipeline, creates the output
 * folder and starts the input. */
static rc_status prepare(run *r, const rc_analysis_request *rq, const rc_analysis_events *ev,
                         rc_analysis_result *res, rc_err *err)
{
    rc_run_info *info = &res->info;
    rc_source *src = rc_source_open(rq->input, NULL, err);
    if (!src)
        return RC_E_NOT_FOUND; /* the reason is in err */
    r->in.src = src;
    /* Sources never log: a session's in-memory index repair (index past the end of
     * frames.mjpeg, a cut last frame) is said here. */
    if (rc_source_note(src)[0])
        warn(ev, "%s", rc_source_note(src));
    rc_source_get_info(src, &info->source);
    rc__setup_info(rq->input, info); /* the recorded set-up check (setup_info.c) */
    /* Only --mirror starts mirrored; otherwise the detector may turn it on at the end. */
    rc_pipeline_options po = {.mirror = rq->mirror == RC_MIRROR_FORCE_ON};
    const char *calib_name = rq->calib ? rq->calib : rq->calib_value ? rq->calib_name : NULL;
    if (rq->calib) {
        rc_status st = rc_calib_load(rq->calib, &r->calib, err);
        if (st != RC_OK)
            return st;
    } else if (rq->calib_value) {
        r->calib = *rq->calib_value;
        if (!calib_name)
            calib_name = "calibration";
    }
    if (calib_name) {
        const rc_calib *c = &r->calib;
        if ((c->parts & RC_CALIB_LENS) &&
            (c->image_width != info->source.width || c->image_height != info->source.height))
            warn(ev,
                 "%s: calibrated for %dx%d frames, %s is %dx%d: the lens correction may be wrong",
                 calib_name, c->image_width, c->image_height, rq->input, info->source.width,
                 info->source.height);
        po.calib = c;
        info->calib = calib_name;
        info->unit = rc_calib_unit(c);
    }
    rc_kin_options kin0 = rc_kin_options_default(); /* a distance with no scale: refused */
    if (rc__distance_init(r->model, po.calib, &kin0, err) != RC_OK) /* now, not after learning */
        return RC_E_ARG;
    r->threads = rq->threads;
    if (r->threads <= 0)
        r->threads = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
    if (!rq->no_auto_learn && !info->source.live) {
        /* The check's window (<= AL_MAX_FRAMES analysed frames) within the run's. */
        bool on_run = rq->max_frames <= 0 || rq->max_frames >= AL_MAX_FRAMES;
        rc_status st = auto_learn(r, rq, ev, on_run, res, err);
        if (st != RC_OK)
            return st;
    }
    r->po = po;
    r->pipe = rc_pipeline_create(r->model, info->source.width, info->source.height, &po, err);
    r->res = malloc(sizeof *r->res);
    if (!r->pipe)
        return RC_E_NOMEM; /* the reason is in err */
    if (!r->res)
        return rc_err_set(err, RC_E_NOMEM, "out of memory");
    rc_status st = rc_facing_init(&r->facing, r->model, NULL, err);
    if (st != RC_OK)
        return st;
    st = rc__series_open(&r->out, rq->out_dir, r->model, err);
    if (st != RC_OK)
        return st;
    r->out_open = true;
    return rc__frames_start(&r->in, r->threads, err);
}

/* Back to the first frame with r->model (a colour the self-check learnt): the
 * input, pipeline, side, coverage, series and counts as prepare left them. */
static rc_status restart(run *r, const rc_analysis_request *rq, rc_analysis_result *res,
                         rc_err *err)
{
    rc_run_info *info = &res->info;
    rc__frames_close(&r->in);
    if (!(r->in.src = rc_source_open(rq->input, NULL, err)))
        return RC_E_NOT_FOUND; /* the reason is in err */
    rc_pipeline_destroy(r->pipe);
    r->pipe = rc_pipeline_create(r->model, info->source.width, info->source.height, &r->po, err);
    if (!r->pipe)
        return RC_E_NOMEM; /* the reason is in err */
    rc_status st = rc_facing_init(&r->facing, r->model, NULL, err);
    if (st != RC_OK)
        return st;
    rc_track_coverage_init(r->cover, r->model->n_markers);
    rc__series_free(&r->out);
    r->out_open = false;
    if ((st = rc__series_open(&r->out, rq->out_dir, r->model, err)) != RC_OK)
        return st;
    r->out_open = true;
    info->frames_analysed = info->frames_skipped = 0;
    info->frames_used_with_warning = info->frames_with_extraneous_bytes = 0;
    r->short_noted = false;
    rc_peak_free(&res->peak);
    return rc__frames_start(&r->in, r->threads, err);
}

/* Ends the self-check's window: judges (and learns, on passes of its own, for a
 * marker found poorly), says the outcome, then the warnings held since the first
 * frame. *again when a colour was learnt: the frames so far were analysed with
 * the nominal one, so the run starts again (the held warnings come again too). */
static rc_status close_check(run *r, const rc_analysis_request *rq, const rc_analysis_events *ev,
                             rc_analysis_result *res, bool *again, rc_err *err)
{
    rc_err e = {{0}};
    rc_status ls = rc__al_inline_finish(&r->check, r->learnt, &res->autolearn, &e);
    auto_learn_said(r, rq, ev, ls, &e, res);
    *again = ls == RC_OK && res->autolearn.n_learnt > 0;
    release_held(r, ev, !*again);
    return *again ? restart(r, rq, res, err) : RC_OK;
}

/* What the end of the run needs from each analysed frame: the facing detector
 * (tracked positions, before gap filling, as live sees them), the coverage (states
 * as tracked, before gap filling marks bridged positions INTERPOLATED),
 * and the frames used despite a JPEG warning (the first said, the rest counted). */
static void feed_checks(run *r, const rc_analysis_request *rq, const rc_analysis_events *ev,
                        const rc_frame *f, rc_run_info *info)
{
    if (!rc_facing_done(&r->facing)) {
        rc_vec2 pos[RC_MAX_MARKERS];
        bool valid[RC_MAX_MARKERS];
        rc_pipeline_plane_positions(r->pipe, r->res->marker, pos, valid);
        rc_facing_feed(&r->facing, f->index, r->res->t_s, pos, valid, rc_pipeline_kin(r->pipe));
    }
    rc_track_coverage_add(r->cover, r->res->t_s, r->res->marker);
    if (f->decode_warning == RC_JPEG_WARN_SHORT)
        info->frames_used_with_warning++;
    else if (f->decode_warning == RC_JPEG_WARN_EXTRANEOUS)
        info->frames_with_extraneous_bytes++;
    if (f->decode_warning && !r->short_noted) {
        r->short_noted = true;
        say(r, ev, "%s (frame used)", r->in.why.msg[0] ? r->in.why.msg : rq->input);
    }
}

/* The value the peak keeper ranks a frame by: the first angle, only where all its
 * markers were measured in this frame (a predicted position is never the peak). */
static double peak_value(const rc_model *m, const rc_pipe_result *res)
{
    if (m->n_angles < 1 || !rc_track_state_measured(rc_angle_state(m, 0, res->marker)))
        return NAN;
    return res->angle_deg[0];
}

/* Analyses frames until the end (or max_frames); fills the frame counts of
 * res->info, and res->autolearn when the self-check's window is in the run. */
static rc_status analyse_frames(run *r, const rc_analysis_request *rq, const rc_analysis_events *ev,
                                rc_analysis_result *res, rc_err *err)
{
    rc_run_info *info = &res->info;
    rc_peak_frame *peak = rq->keep_peak ? &res->peak : NULL;
    int64_t total = info->source.n_frames;
    if (rq->max_frames > 0 && (total < 0 || total > rq->max_frames))
        total = rq->max_frames;
    int64_t t0 = rc_clock_ns(), last = 0;
    bool again = false;
    for (;;) {
        bool stop = rq->max_frames > 0 && info->frames_analysed >= rq->max_frames;
        rc_frame f;
        rc_status st = stop ? RC_E_EOF : rc__frames_next(&r->in, &f);
        /* The window ends at this frame, the end or a failure (not a skipped frame). */
        if (r->check.open &&
            (st == RC_OK ? rc__al_inline_ends_before(&r->check, &f) : st != RC_E_DECODE)) {
            rc_status cs = close_check(r, rq, ev, res, &again, err);
            if (cs != RC_OK)
                return cs;
            if (again)
                continue; /* from the first frame, with the learnt colours */
        }
        if (stop)
            break;
        if (st == RC_E_EOF) {
            if (r->in.why.msg[0])
                say(r, ev, "%s", r->in.why.msg);
            break;
        }
        if (st == RC_E_DECODE) {
            info->frames_skipped++;
            say(r, ev, "%s (frame skipped)", r->in.why.msg);
            continue;
        }
        if (st != RC_OK)
            return rc_err_set(err, st, "%s", r->in.why.msg);
        st = rc_pipeline_process(r->pipe, &f, r->res);
        if (st != RC_OK)
            return rc_err_set(err, st, "%s: frame %lld: %s", rq->input, (long long)f.index,
                              rc_status_str(st));
        if (r->check.open)
            rc__al_inline_count(&r->check, r->res);
        if ((st = rc__series_add(&r->out, f.index, r->res, err)) != RC_OK)
            return st;
        feed_checks(r, rq, ev, &f, info);
        if (peak)
            rc_peak_offer(peak, &f, r->res, peak_value(r->model, r->res));
        info->frames_analysed++;
        int64_t now = rc_clock_ns();
        if (ev && ev->progress && now - last > 100000000) {
            last = now;
            ev->progress(ev->user, info->frames_analysed, total,
                         info->frames_analysed / ((now - t0) * 1e-9), false);
        }
    }
    info->seconds_wall = (rc_clock_ns() - t0) * 1e-9;
    if (ev && ev->progress)
        ev->progress(ev->user, info->frames_analysed, total > 0 ? total : info->frames_analysed,
                     info->frames_analysed / (info->seconds_wall > 0 ? info->seconds_wall : 1),
                     true);
    return RC_OK;
}

rc_status rc_analysis_run(const rc_analysis_request *rq, const rc_analysis_events *ev,
                          rc_analysis_result *res, rc_err *err)
{
    memset(res, 0, sizeof *res);
    rc_run_info *info = &res->info; /* names the request's strings and static text */
    info->input = rq->input;
    info->mirror = rq->mirror == RC_MIRROR_FORCE_ON;
    run r = {.cover = &info->coverage, .model = rq->model};
    rc_track_coverage_init(r.cover, rq->model->n_markers);
    rc_status st = prepare(&r, rq, ev, res, err);
    res->threads = r.in.cap ? 2 : 1;
    if (st == RC_OK)
        st = analyse_frames(&r, rq, ev, res, err);
    if (r.check.open) { /* a failure inside the window: its warnings before the error */
        r.check.open = false;
        release_held(&r, ev, true);
    }
    if (st == RC_OK) {
        rc_pipeline_stats(r.pipe, &info->track);
        rc__series_fill_gaps(&r.out, r.pipe,
                             rq->gap_fill_max_s > 0 ? rq->gap_fill_max_s : GAP_FILL_MAX_S);
        info->gap_filled = r.out.gap_filled;
        rc__side_apply(&r.out, r.pipe, &r.facing, rq->mirror, ev, res);
        rc__series_check(&r.out, r.cover, ev);
        rc__comp_run(&r.out, r.pipe, r.cover, info->source.fps, info);
        rc__distance_note(r.pipe, rq->model, info); /* distance_scale.c */
        int64_t more = info->frames_used_with_warning + info->frames_with_extraneous_bytes - 1;
        if (more > 0)
            warn(ev,
                 "%lld more frame%s used despite a JPEG warning (%lld short, %lld with "
                 "extraneous bytes in all; see summary.json)",
                 (long long)more, more > 1 ? "s" : "", (long long)info->frames_used_with_warning,
                 (long long)info->frames_with_extraneous_bytes);
        r.out_open = false;
        st = rc__series_finish(&r.out, info, err);
    }
    if (st == RC_OK && info->frames_analysed == 0)
        st = rc_err_set(err, RC_E_FORMAT, "%s: no frame could be analysed", rq->input);
    if (r.out_open)
        rc__series_free(&r.out);
    free(r.res);
    rc_pipeline_destroy(r.pipe);
    free(r.learnt);
    free(r.judged);
    free(r.held);
    rc__frames_close(&r.in);
    return st;
}

void rc_analysis_result_free(rc_analysis_result *r)
{
    if (r)
        rc_peak_free(&r->peak);
}
