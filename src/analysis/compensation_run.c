/* compensation_run.c - the model's compensation rules judged over a whole analysis
 * run (compensation.h), into rc_run_info.compensation[] for summary.json.
 *
 * Called once the side is applied (so values are read in the model's own
 * orientation) and the gaps are filled: a frame counts where every marker the rule
 * reads is measured or offline-interpolated (never only predicted), as for the ROM.
 * The repetitions are the metrics stage's for the rule's angle (the first angle for a
 * rule of the whole test), found exactly as summary.json's own (rc_metrics_analyse_t
 * on the usable frames), and mapped from their times back to frames.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "romcap/compensation.h"
#include "romcap/metrics.h"
#include "romcap/results.h"

_Static_assert((int)RC_MAX_COMP <= (int)RC_MAX_COMPENSATIONS, "summary.json holds every rule");

/* Repetitions of angle `a`: frame rows rep_i0[k]..rep_i1[k]; returns how many (0 when
 * the metrics found none or could not run). */
static int find_reps(const rc__series *o, int a, double fps, double *work, int64_t *i0,
                     int64_t *i1, int cap)
{
    const rc_model *m = o->model;
    if (o->n < 8 || o->n > 0x3fffffff / 32)
        return 0;
    int n = (int)o->n;
    double fs = rc_nominal_rate_hz(o->t_s, n, fps, work);
    int len = fs > 0 ? rc_grid_len(o->t_s, n, fs, 16 * n + 1024) : -1;
    if (len <= 0)
        return 0;
    for (int i = 0; i < n; i++) {
        rc_track_state q = rc_angle_state(m, a, &o->marker[(int64_t)i * m->n_markers]);
        work[i] = rc_angle_state_usable(q) ? o->angle_deg[(int64_t)i * m->n_angles + a] : NAN;
    }
    rc_metrics_config cfg = rc_metrics_config_default(fs, len);
    rc_err err;
    rc_metrics *mx = rc_metrics_create(&cfg, &err);
    rc_angle_report rep;
    int k = 0;
    if (mx && rc_metrics_analyse_t(mx, o->t_s, work, n, &rep, &err) == RC_OK) {
        int64_t row = 0;
        for (int r = 0; r < rep.n_reps && k < cap; r++, k++) {
            double t0 = o->t_s[0] + rep.reps[r].start_s, t1 = o->t_s[0] + rep.reps[r].end_s;
            while (row + 1 < o->n && o->t_s[row] < t0 - 0.5 / fs)
                row++;
            i0[k] = row;
            int64_t end = row;
            while (end + 1 < o->n && o->t_s[end + 1] <= t1 + 0.5 / fs)
                end++;
            i1[k] = end;
        }
    }
    rc_metrics_destroy(mx);
    return k;
}

/* Rule i's value in every kept frame (NAN where unusable) into value[]. */
static void rule_values(const rc__series *o, const rc_pipeline *p, int i, double *value)
{
    const rc_model *m = o->model;
    for (int64_t f = 0; f < o->n; f++) {
        const rc_marker_state *ms = &o->marker[f * m->n_markers];
        rc_vec2 pos[RC_MAX_MARKERS];
        bool valid[RC_MAX_MARKERS];
        rc_pipeline_plane_positions(p, ms, pos, valid);
        for (int k = 0; k < m->n_markers; k++)
            valid[k] = valid[k] && rc_angle_state_usable(ms[k].state);
        value[f] = rc_comp_value(m, i, pos, valid, rc_pipeline_kin(p), &o->angle_deg[f * m->n_angles]);
    }
}

static void fill(rc_summary_compensation *c,
                 const rc_comp_judgement *j)
{
    c->max_value = j->max_amount;
    c->max_t_s = j->max_t_s;
    c->reps = j->reps;
    c->reps_flagged = j->reps_flagged;
    c->frames = j->frames;
    c->frames_flagged = j->frames_flagged;
    c->share_frames = j->share_frames;
    c->n_rep_max = j->reps < RC_COMP_MAX_REPS ? j->reps : RC_COMP_MAX_REPS;
    if (c->n_rep_max > RC_SUMMARY_COMP_REPS)
        c->n_rep_max = RC_SUMMARY_COMP_REPS;
    memcpy(c->rep_max, j->rep_max, (size_t)c->n_rep_max * sizeof *c->rep_max);
}

void rc__comp_run(const rc__series *o, const rc_pipeline *p, const rc_track_coverage *cov,
                  double fps, rc_run_info *info)
{
    const rc_model *m = o->model;
    info->n_compensations = 0;
    if (m->n_comps <= 0)
        return;
    double *work = malloc((size_t)(o->n > 0 ? o->n : 1) * 2 * sizeof *work);
    int64_t *i0 = malloc(2 * RC_COMP_MAX_REPS * sizeof *i0);
    bool seen[RC_MAX_MARKERS];
    for (int k = 0; k < m->n_markers; k++)
        seen[k] = cov->frames <= 0 || cov->m[k].seen > 0;
    for (int i = 0; i < m->n_comps; i++) {
        const rc_model_comp *r = &m->comp[i];
        rc_summary_compensation *c = &info->compensation[info->n_compensations++];
        memset(c, 0, sizeof *c);
        snprintf(c->name, sizeof c->name, "%s", r->name);
        snprintf(c->label, sizeof c->label, "%s", r->label);
        snprintf(c->unit, sizeof c->unit, "%s",
                 r->type == RC_COMP_DISPLACEMENT && !info->calib ? "px" : r->unit);
        snprintf(c->angle, sizeof c->angle, "%s", r->angle >= 0 ? m->angle[r->angle].name : "");
        snprintf(c->cue, sizeof c->cue, "%s", r->cue);
        snprintf(c->source, sizeof c->source, "%s", r->source);
        snprintf(c->meaning, sizeof c->meaning, "%s", r->meaning);
        c->limit = r->limit;
        c->max_value = c->max_t_s = c->share_frames = NAN;
        c->reps = c->reps_flagged = -1;
        c->enabled = rc_comp_enabled(m, i, seen, c->note, sizeof c->note);
        if (c->enabled && r->type == RC_COMP_DISPLACEMENT && !info->calib) {
            c->enabled = 0; /* a limit in mm cannot judge pixels */
            snprintf(c->note, sizeof c->note,
                     "a displacement in mm needs a calibrated plane (--calib): rule disabled");
        }
        if (!c->enabled || !work || !i0 || m->n_angles <= 0)
            continue;
        int64_t *i1 = i0 + RC_COMP_MAX_REPS;
        int n_reps = find_reps(o, r->angle >= 0 ? r->angle : 0, fps, work, i0, i1,
                               RC_COMP_MAX_REPS);
        rc_comp_judgement j;
        rule_values(o, p, i, work);
        rc_comp_judge(r, o->t_s, work, o->n, i0, i1, n_reps, &j);
        if (j.frames == 0) {
            c->enabled = 0;
            snprintf(c->note, sizeof c->note, "no frame had every marker the rule reads");
            continue;
        }
        fill(c, &j);
        if (isfinite(c->max_t_s) && o->n > 0)
            c->max_t_s -= o->t_s[0];
    }
    free(work);
    free(i0);
}
