/* online_learn.c - sticker colours learnt by themselves in `romcap live` (see
 * rc_online_learn_info in online.h), with autolearn.c's own judging and learning
 * steps (autolearn_internal.h) fed frame by frame instead of in passes over a file.
 *
 * Phases: JUDGE (the first AL_WINDOW_S of frames: the nominal classes counted as
 * rc_autolearn_run's first pass counts them, and in the first AL_EARLY frames each
 * learnable marker's sticker learnt where the chain puts it - tentatively, as the
 * verdict "poor" is known only at the window's end), TRIAL (the learnt classes of
 * the poor markers in a second pipeline beside the running one for TRIAL_S: the
 * check pass), then DONE. The trial pipeline that passes takes over the running
 * pipeline's place; its tracker has followed the markers for TRIAL_S already. */
#include "online_learn.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autolearn_internal.h"

/* TUNABLE: the learnt classes are checked on this much video beside the nominal ones
 * (30 frames at 30 fps: the 80% rule still means something, and the switch comes at
 * about 3 s). */
#define TRIAL_S 1.0

typedef enum phase { PH_OFF, PH_JUDGE, PH_TRIAL, PH_DONE } phase;

struct rc__online_learn {
    bool on;
    phase ph;
    int width, height;
    rc_model nominal, trial_model;
    al_pass nom, chk;
    rc_autolearn_result res;
    bool poor[RC_MAX_MARKERS];
    double t0_s; /* first frame of the phase; NAN before it */
    bool switched;
    int *hist;             /* 2 x 256, find_candidate's scratch */
    rc_pipe_result *tres;  /* the trial pipeline's result */
    rc_pipeline *trial;    /* while PH_TRIAL */
    pthread_mutex_t lock;  /* guards info */
    rc_online_learn_info info;
};

rc__online_learn *rc__online_learn_create(int width, int height, rc_err *err)
{
    rc__online_learn *l = calloc(1, sizeof *l);
    if (l) {
        l->hist = malloc(2 * 256 * sizeof *l->hist);
        l->tres = malloc(sizeof *l->tres);
    }
    if (!l || !l->hist || !l->tres) {
        if (l) {
            free(l->hist);
            free(l->tres);
        }
        free(l);
        rc_err_set(err, RC_E_NOMEM, "live: out of memory for the colour learner");
        return NULL;
    }
    pthread_mutex_init(&l->lock, NULL);
    l->on = true;
    l->info.on = true;
    l->width = width;
    l->height = height;
    return l;
}

void rc__online_learn_destroy(rc__online_learn *l)
{
    if (!l)
        return;
    rc_pipeline_destroy(l->trial);
    pthread_mutex_destroy(&l->lock);
    free(l->hist);
    free(l->tres);
    free(l);
}

void rc__online_learn_start(rc__online_learn *l, const rc_model *m)
{
    rc_pipeline_destroy(l->trial);
    l->trial = NULL;
    l->nominal = *m;
    l->ph = l->on ? PH_JUDGE : PH_OFF;
    memset(&l->nom, 0, sizeof l->nom);
    memset(&l->chk, 0, sizeof l->chk);
    memset(&l->res, 0, sizeof l->res);
    memset(l->poor, 0, sizeof l->poor);
    l->t0_s = NAN;
    l->switched = false;
    pthread_mutex_lock(&l->lock);
    l->info.on = l->on;
    l->info.done = !l->on;
    l->info.n_learnt = 0;
    pthread_mutex_unlock(&l->lock);
}

const rc_model *rc__online_learn_enable(rc__online_learn *l, bool on)
{
    bool back = !on && l->switched, was = l->on;
    l->on = on;
    if (on != was || !on)
        rc__online_learn_start(l, &l->nominal);
    return back ? &l->nominal : NULL;
}

void rc__online_learn_replay(rc__online_learn *l)
{
    if (l->ph == PH_JUDGE || l->ph == PH_TRIAL)
        rc__online_learn_start(l, &l->nominal);
}

/* JUDGE, one frame: counted as the nominal pass counts it; in the first frames each
 * learnable marker's sticker learnt where the chain puts it (at most once each). */
static void judge(rc__online_learn *l, const rc_frame *f, const rc_pipe_result *r)
{
    al_ctx c = {.m = &l->nominal, .width = l->width, .height = l->height,
                .res = (rc_pipe_result *)r};
    for (int i = 0; i < l->nominal.n_markers; i++)
        rc__al_count_marker(&c, r, i, &l->nom);
    for (int i = 0; l->nom.frames < AL_EARLY && i < l->nominal.n_markers; i++)
        if (rc__al_learnable(&l->nominal, i))
            rc__al_learn_marker(&c, f, i, l->hist, &l->res.marker[i]);
    l->nom.frames++;
}

static void publish(rc__online_learn *l, bool warn, const char *text)
{
    pthread_mutex_lock(&l->lock);
    l->info.done = l->ph == PH_DONE;
    l->info.seq++;
    l->info.warn = warn;
    snprintf(l->info.text, sizeof l->info.text, "%s", text);
    pthread_mutex_unlock(&l->lock);
}

/* Why a poor marker's colour was not learnt, a phrase. */
static const char *why_not(const rc_autolearn_marker *a)
{
    return !a->tried        ? "no sticker where the other markers put it"
           : !a->have_class ? "what is there is not a sticker of about its colour"
                            : "the learnt colour did not find it better";
}

/* The window is over: which markers are poor, and the trial of their learnt classes
 * (or DONE, saying which could not be learnt). */
static void end_judging(rc__online_learn *l, const rc_pipeline_options *po, double t_s)
{
    const rc_model *m = &l->nominal;
    l->res.frames = l->nom.frames;
    l->trial_model = *m;
    int n_try = 0;
    char text[RC_ERR_CAP] = "";
    for (int i = 0; i < m->n_markers; i++) {
        rc_autolearn_marker *a = &l->res.marker[i];
        a->nominal_found = rc__al_found_share(&l->nom, i);
        l->poor[i] = a->poor = rc__al_learnable(m, i) && a->nominal_found < AL_GOOD_FRAC;
        l->res.n_poor += a->poor;
        if (a->poor && a->have_class) {
            rc_model_marker_set_chroma(&l->trial_model.marker[i], a->cls.mean, a->cls.cov);
            n_try++;
        } else if (a->poor && !text[0]) {
            snprintf(text, sizeof text,
                     "%s: found poorly with its nominal colour (well in %.0f%% of the first "
                     "%.1f s) and not learnt (%s): the nominal colour is kept",
                     m->marker[i].name, 100 * a->nominal_found, AL_WINDOW_S, why_not(a));
        }
    }
    if (text[0])
        publish(l, true, text);
    rc_err e = {{0}};
    if (n_try > 0 && (l->trial = rc_pipeline_create(&l->trial_model, l->width, l->height, po,
                                                    &e)) != NULL) {
        l->ph = PH_TRIAL;
        l->t0_s = t_s;
        return;
    }
    if (n_try > 0)
        publish(l, true, e.msg);
    l->ph = PH_DONE;
}

/* TRIAL over: the confidence rule per marker; the passing classes take over. */
static bool decide(rc__online_learn *l, const rc_pipeline_options *po, rc_pipeline **pipe,
                   rc_model *model)
{
    rc_model final = l->nominal;
    int n_kept = 0, n_try = 0;
    char text[RC_ERR_CAP] = "";
    size_t used = 0;
    rc_learnt_colour kept[RC_MAX_MARKERS];
    for (int i = 0; i < l->nominal.n_markers; i++) {
        rc_autolearn_marker *a = &l->res.marker[i];
        if (!l->poor[i] || !a->have_class)
            continue;
        n_try++;
        a->learnt_found = rc__al_found_share(&l->chk, i);
        if (!(a->learnt_found >= AL_GOOD_FRAC && a->learnt_found > a->nominal_found))
            continue;
        a->learnt = true;
        rc__al_class_rgb(&a->cls, a->mean_luma, a->rgb);
        rc_model_marker_set_chroma(&final.marker[i], a->cls.mean, a->cls.cov);
        rc_learnt_colour *c = &kept[n_kept++];
        snprintf(c->marker, sizeof c->marker, "%s", l->nominal.marker[i].name);
        c->frame = a->frame;
        memcpy(c->rgb, a->rgb, 3);
        memcpy(c->mean, a->cls.mean, sizeof c->mean);
        memcpy(c->cov, a->cls.cov, sizeof c->cov);
        if (used < sizeof text)
            used += (size_t)snprintf(
                text + used, sizeof text - used,
                "%s%s: learnt its colour from frame %lld: #%02x%02x%02x (found well in %.0f%% "
                "of %.1f s with it, %.0f%% of the first %.1f s with its nominal colour)",
                used ? "; " : "", c->marker, (long long)c->frame, a->rgb[0], a->rgb[1],
                a->rgb[2], 100 * a->learnt_found, TRIAL_S, 100 * a->nominal_found, AL_WINDOW_S);
    }
    l->res.n_learnt = n_kept;
    l->ph = PH_DONE;
    rc_pipeline *next = NULL;
    rc_err e = {{0}};
    if (n_kept == n_try) {
        next = l->trial; /* the trial ran with exactly these classes */
        l->trial = NULL;
    } else if (n_kept > 0) {
        next = rc_pipeline_create(&final, l->width, l->height, po, &e);
    }
    rc_pipeline_destroy(l->trial);
    l->trial = NULL;
    if (n_kept < n_try && !text[0])
        snprintf(text, sizeof text,
                 "the sticker colours learnt did not find their markers better in %.1f s: the "
                 "nominal colours are kept",
                 TRIAL_S);
    if (n_kept > 0 && !next)
        snprintf(text, sizeof text, "%s", e.msg);
    if (next) {
        pthread_mutex_lock(&l->lock);
        l->info.n_learnt = n_kept;
        memcpy(l->info.colour, kept, sizeof *kept * (size_t)n_kept);
        pthread_mutex_unlock(&l->lock);
    }
    publish(l, !next, text);
    if (!next)
        return false;
    rc_pipeline_set_mirror(next, po && po->mirror);
    rc_pipeline_destroy(*pipe);
    *pipe = next;
    *model = final;
    l->switched = true;
    return true;
}

bool rc__online_learn_feed(rc__online_learn *l, const rc_frame *f, const rc_pipe_result *r,
                           const rc_pipeline_options *po, rc_pipeline **pipe, rc_model *model)
{
    if (l->ph == PH_OFF || l->ph == PH_DONE)
        return false;
    if (isnan(l->t0_s))
        l->t0_s = r->t_s;
    double el = r->t_s - l->t0_s;
    if (l->ph == PH_JUDGE) {
        if ((el > AL_WINDOW_S && l->nom.frames > 0) || l->nom.frames >= AL_MAX_FRAMES)
            end_judging(l, po, r->t_s);
        else
            judge(l, f, r);
        return false;
    }
    if ((el > TRIAL_S && l->chk.frames > 0) || l->chk.frames >= AL_MAX_FRAMES)
        return decide(l, po, pipe, model);
    if (rc_pipeline_process(l->trial, f, l->tres) != RC_OK)
        return false; /* the running pipeline says what failed */
    al_ctx c = {.m = &l->trial_model, .width = l->width, .height = l->height, .res = l->tres};
    for (int i = 0; i < l->nominal.n_markers; i++)
        rc__al_count_marker(&c, l->tres, i, &l->chk);
    l->chk.frames++;
    return false;
}

int rc__online_learn_colours(rc__online_learn *l, rc_learnt_colour *c)
{
    pthread_mutex_lock(&l->lock);
    int n = l->info.n_learnt;
    memcpy(c, l->info.colour, sizeof *c * (size_t)n);
    pthread_mutex_unlock(&l->lock);
    return n;
}

void rc__online_learn_get(rc__online_learn *l, rc_online_learn_info *out)
{
    pthread_mutex_lock(&l->lock);
    *out = l->info;
    pthread_mutex_unlock(&l->lock);
}
