/* repeatability_out.c - romcap's own repeatability figures (report.h) as a person
 * reads them (rc_repeatability_print) and as model entries written into a copy of
 * the model (rc_repeatability_write_model, through the one model writer). */
#include <stdio.h>
#include <time.h>

#include "romcap/model.h"
#include "romcap/report.h"

void rc_repeatability_print(FILE *out, const rc_repeatability *r)
{
    static const char *const what[] = {"peak", "trough", "range"};
    fprintf(out, "angle %s, %d sessions (repetitions:", r->angle, r->n_sessions);
    for (int i = 0; i < r->n_sessions; i++)
        fprintf(out, " %d", r->reps[i]);
    fprintf(out, ")\n%-7s %9s %17s %17s\n", "measure", "mean", "within SEM/MDC95",
            "between SEM/MDC95");
    for (int k = 0; k < 3; k++) {
        const rc_repeat_measure *m = &r->m[k];
        fprintf(out, "%-7s %9.2f %8.2f/%-8.2f %8.2f/%-8.2f deg (df %d, %d)\n", what[k], m->mean_deg,
                m->within_sem_deg, m->within_mdc95_deg, m->between_sem_deg, m->between_mdc95_deg,
                m->within_df, m->between_df);
    }
    fprintf(out, "SEM within: pooled SD of repetitions; between: SD of set means; "
                 "MDC95 = 1.96 x sqrt(2) x SEM (../shared/CLINICAL.md)\n");
}

/* The figures as model entries: between and within for peak, trough and range. */
static int to_figures(const rc_repeatability *r, rc_model_mdc *f)
{
    static const rc_mdc_measure meas[] = {RC_MDC_PEAK, RC_MDC_TROUGH, RC_MDC_RANGE};
    char day[16];
    time_t now = time(NULL);
    struct tm tmv;
    strftime(day, sizeof day, "%Y-%m-%d", localtime_r(&now, &tmv));
    int n = 0;
    for (int k = 0; k < 3; k++)
        for (int w = 0; w < 2; w++) {
            double sem = w ? r->m[k].within_sem_deg : r->m[k].between_sem_deg;
            if (!(sem > 0.001))
                continue;
            rc_model_mdc *x = &f[n++];
            *x = (rc_model_mdc){.session = w ? RC_MDC_WITHIN_SESSION : RC_MDC_BETWEEN_SESSIONS,
                                .rater = RC_MDC_RATER_SAME,
                                .measure = meas[k],
                                .sem_deg = sem,
                                .mdc95_deg = rc_mdc95_from_sem(sem),
                                .mdc95_from_sem = 1};
            snprintf(x->method, sizeof x->method, "romcap");
            snprintf(x->source, sizeof x->source,
                     "romcap repeatability, %s: %d sessions of one subject, %s", day, r->n_sessions,
                     w ? "pooled SD of single repetitions" : "SD of the sessions' set means");
            snprintf(x->note, sizeof x->note, "this clinic's set-up; df %d",
                     w ? r->m[k].within_df : r->m[k].between_df);
        }
    return n;
}

rc_status rc_repeatability_write_model(const rc_repeatability *r, const rc_model *m,
                                       const char *out, int *n_written, rc_err *err)
{
    int a = rc_model_angle_index(m, r->angle);
    if (a < 0)
        return rc_err_set(err, RC_E_ARG, "%s: no angle '%s'", m->path, r->angle);
    rc_model_mdc f[6];
    int n = to_figures(r, f);
    rc_status st = rc_model_write_mdc(m, a, f, n, out, err);
    *n_written = st == RC_OK ? n : 0;
    return st;
}
