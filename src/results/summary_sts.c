/* summary_sts.c - summary.json's "sit_to_stand" block (issue 16: the five times
 * sit-to-stand, ../shared/CLINICAL.md, Boswell et al. 2023): each repetition's rise
 * and sit-down with their times, every angle's peak angular velocity in each phase,
 * and the 5-repetition time, each with its definition.
 *
 * The phases come from the knee angle's movement legs (the metrics stage, exactly as
 * the knee's own "legs" in summary.json): a rise is a leg of the knee extending
 * (angle decreasing), a sit-down the knee flexing after it. An angle's peak velocity
 * in a phase is the signed velocity of largest magnitude among that angle's own legs
 * whose peak falls inside the phase, so each figure is one of the angle's
 * legs[].peak_velocity_deg_s. Written for models named sit_to_stand (and copies such
 * as sit_to_stand_learnt) that have a knee_flexion angle; nothing otherwise.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/metrics.h"
#include "results/results_internal.h"

/* One repetition: the rise's and the sit-down's spans (s from the first frame); the
 * sit-down NAN when the recording ends standing. w0: where the rise's window for
 * velocities starts (the previous sit-down's end, -inf for the first). */
typedef struct sts_rep {
    double rise0, rise1, sit0, sit1, w0;
} sts_rep;

static void num(cJSON *o, const char *k, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

/* Angle a's usable series (measured or interpolated frames; NAN otherwise). */
static void series_of(const rc_angles *o, int a, double *x)
{
    for (int64_t i = 0; i < o->n; i++) {
        size_t at = (size_t)(i * o->n_angles + a);
        x[i] = o->q && !rc_angle_state_usable((rc_track_state)o->q[at]) ? NAN : o->deg[at];
    }
}

/* The repetitions from the knee's legs: each extending leg starts one, the next leg
 * (flexing) is its sit-down. Returns how many (at most cap). */
static int find_reps(const rc_angle_report *k, sts_rep *rep, int cap)
{
    int n = 0;
    for (int i = 0; i < k->n_legs && n < cap; i++) {
        const rc_leg *l = &k->legs[i].leg;
        if (l->dir >= 0)
            continue;
        sts_rep *r = &rep[n];
        r->rise0 = l->t0_s;
        r->rise1 = l->t1_s;
        r->sit0 = r->sit1 = NAN;
        if (i + 1 < k->n_legs && k->legs[i + 1].leg.dir > 0) {
            r->sit0 = k->legs[i + 1].leg.t0_s;
            r->sit1 = k->legs[i + 1].leg.t1_s;
        }
        r->w0 = n == 0 ? -INFINITY : isfinite(rep[n - 1].sit1) ? rep[n - 1].sit1 : rep[n - 1].rise1;
        n++;
    }
    return n;
}

/* The signed peak velocity of the angle's legs (report `a`) whose peak time lies in
 * (t0, t1]; NAN when none. */
static double peak_in(const rc_angle_report *a, double t0, double t1)
{
    double best = NAN;
    for (int i = 0; i < a->n_legs; i++) {
        const rc_leg *l = &a->legs[i].leg;
        double t = l->t0_s + l->time_to_peak_s;
        if (t > t0 && t <= t1 && (isnan(best) || fabs(l->peak_velocity_deg_s) > fabs(best)))
            best = l->peak_velocity_deg_s;
    }
    return best;
}

static void add_texts(cJSON *j)
{
    cJSON_AddStringToObject(
        j, "definition",
        "phases from the knee angle's movement legs (its legs in angles[]): a rise is the knee "
        "extending, the sit-down the knee flexing after it; times in s from the first frame; "
        "duration_s: the rise's start to the sit-down's end");
    cJSON_AddStringToObject(
        j, "five_rep_time_definition",
        "five_rep_time_s: from the start of the first rise (the knee leaving its seated rest) to "
        "the end of the fifth rise (the fifth time standing); null with fewer than 5 rises. "
        "Unlike a stopwatch started on 'go' it leaves out the reaction time");
    cJSON_AddStringToObject(
        j, "five_rep_time_error",
        "a leg starts and ends where the knee's filtered angular velocity rests (thresholds of "
        "the metrics stage); on a synthetic 5-repetition test with exact truth the time was "
        "within one frame period (1/fps)");
    cJSON_AddNullToObject(j, "norm");
    cJSON_AddStringToObject(j, "norm_source",
                            "no published norm or cut-off for the 5-repetition time is held "
                            "(../shared/CLINICAL.md); the test as filmed: Boswell et al. 2023, "
                            "npj Digit Med 6:32");
    cJSON_AddStringToObject(
        j, "velocity_definition",
        "peak_velocity_deg_s per angle and phase: the signed angular velocity of largest "
        "magnitude (deg/s, zero-lag Butterworth filtered angle, central differences) among the "
        "angle's own movement legs whose peak falls in the phase (the rise from the previous "
        "sit-down's end to the rise's end, the sit-down from there to its end); null when the "
        "angle made no movement of 5 deg or more in it. On a synthetic 5-repetition test "
        "with exact truth (peaks of 195-325 deg/s) they read 0.5-3.5% low (the low-pass "
        "filter), within 7 deg/s");
    cJSON_AddStringToObject(
        j, "compensations_note",
        "no compensation rule: ../shared/CLINICAL.md names trunk lean or weight shift, use of "
        "the hands and sway to watch (Boswell et al. 2023) but no limit, and trunk flexion is "
        "part of a normal rise (reported with its velocity). A sideways weight shift needs a "
        "frontal view (a sagittal 2-D view cannot see it); use of the hands needs a wrist "
        "sticker");
}

static void add_reps(cJSON *j, const rc_model *m, const sts_rep *rep, int n_reps, const double *vel)
{
    cJSON *arr = cJSON_AddArrayToObject(j, "reps");
    for (int k = 0; arr && k < n_reps; k++) {
        const sts_rep *r = &rep[k];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(arr, o);
        num(o, "rise_start_s", r->rise0);
        num(o, "rise_end_s", r->rise1);
        num(o, "rise_s", r->rise1 - r->rise0);
        num(o, "sit_start_s", r->sit0);
        num(o, "sit_end_s", r->sit1);
        num(o, "sit_s", r->sit1 - r->sit0);
        num(o, "duration_s", r->sit1 - r->rise0);
        cJSON *pv = cJSON_AddObjectToObject(o, "peak_velocity_deg_s");
        for (int a = 0; pv && a < m->n_angles; a++) {
            cJSON *p = cJSON_AddObjectToObject(pv, m->angle[a].name);
            num(p, "rise", vel[((size_t)k * m->n_angles + a) * 2]);
            num(p, "sit", vel[((size_t)k * m->n_angles + a) * 2 + 1]);
        }
    }
}

void rc__summary_sts(cJSON *root, const rc_model *m, const rc_angles *o, const rc_run_info *info)
{
    int knee = -1;
    for (int a = 0; a < m->n_angles && a < o->n_angles; a++)
        if (!strcmp(m->angle[a].name, "knee_flexion"))
            knee = a;
    if (strncmp(m->name, "sit_to_stand", strlen("sit_to_stand")) || knee < 0 || o->n < 2 ||
        o->n > 0x7fffffff / 32)
        return;
    cJSON *j = cJSON_AddObjectToObject(root, "sit_to_stand");
    if (!j)
        return;
    cJSON_AddStringToObject(j, "movement_angle", m->angle[knee].name);
    add_texts(j);
    int n = (int)o->n, cap = n / 2 + 1;
    double *x = malloc((size_t)n * sizeof *x);
    sts_rep *rep = malloc((size_t)cap * sizeof *rep);
    double *vel = malloc((size_t)cap * m->n_angles * 2 * sizeof *vel);
    double fs = x ? rc_nominal_rate_hz(o->t_s, n, info->source.fps, x) : 0;
    int len = fs > 0 ? rc_grid_len(o->t_s, n, fs, 16 * n + 1024) : -1;
    rc_err err = {{0}};
    rc_metrics_config cfg = rc_metrics_config_default(fs > 0 ? fs : 1, len > 0 ? len : 1);
    rc_metrics *mx = len > 0 && rep && vel ? rc_metrics_create(&cfg, &err) : NULL;
    rc_angle_report r;
    int n_reps = 0;
    if (mx) {
        series_of(o, knee, x);
        if (rc_metrics_analyse_t(mx, o->t_s, x, n, &r, &err) == RC_OK)
            n_reps = find_reps(&r, rep, cap);
        else
            cJSON_AddStringToObject(j, "metrics_error", err.msg);
    } else {
        cJSON_AddStringToObject(j, "metrics_error", err.msg[0] ? err.msg : "out of memory");
    }
    for (int a = 0; mx && a < m->n_angles; a++) {
        series_of(o, a, x);
        bool ok = rc_metrics_analyse_t(mx, o->t_s, x, n, &r, &err) == RC_OK;
        for (int k = 0; k < n_reps; k++) {
            double *v = &vel[((size_t)k * m->n_angles + a) * 2];
            v[0] = ok ? peak_in(&r, rep[k].w0, rep[k].rise1) : NAN;
            v[1] = ok && isfinite(rep[k].sit1) ? peak_in(&r, rep[k].rise1, rep[k].sit1) : NAN;
        }
    }
    cJSON_AddNumberToObject(j, "n_rises", n_reps);
    num(j, "five_rep_time_s", n_reps >= 5 ? rep[4].rise1 - rep[0].rise0 : NAN);
    add_reps(j, m, rep, n_reps, vel);
    rc_metrics_destroy(mx);
    free(vel);
    free(rep);
    free(x);
}
