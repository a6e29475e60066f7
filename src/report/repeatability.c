/* repeatability.c - romcap's own measurement error from repeated sessions of one
 * subject (report.h, "romcap's own repeatability"): within-session SEM from the
 * spread of repetitions, between-session SEM from the spread of the sessions' set
 * means, and their MDC95. Reads summary.json through its one reader (results.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "romcap/model.h"
#include "romcap/report.h"
#include "romcap/results.h"

/* One session's set ROM for the angle: mean and SD per measure, repetitions. */
typedef struct set_rom {
    int reps;
    double mean[3], sd[3];
} set_rom;

static rc_status read_one(const char *path, const char **angle, char *name, set_rom *r,
                          rc_err *err)
{
    char file[1200];
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        snprintf(file, sizeof file, "%s/summary.json", path);
    else
        snprintf(file, sizeof file, "%s", path);
    rc_summary *s = malloc(sizeof *s);
    if (!s)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", file);
    rc_status rs = rc_summary_read(file, s, err);
    if (rs == RC_E_NOT_FOUND)
        rc_err_set(err, rs, "%s: missing (analyse the session first)", file);
    const rc_summary_angle *a = NULL;
    if (rs == RC_OK && !*angle && s->n_angles > 0) {
        snprintf(name, RC_NAME_CAP, "%s", s->angle[0].name);
        *angle = name;
    }
    if (rs == RC_OK && !(a = *angle ? rc_summary_find(s, *angle) : NULL))
        rs = rc_err_set(err, RC_E_NOT_FOUND, "%s: no angle '%s'", file, *angle ? *angle : "");
    if (rs == RC_OK && a->rom_reps < 1)
        rs = rc_err_set(err, RC_E_FORMAT,
                        "%s: '%s' has no set ROM per repetition (analysed by an older romcap, "
                        "or no repetition found): analyse it again",
                        file, a->name);
    if (rs == RC_OK) {
        r->reps = a->rom_reps;
        r->mean[0] = a->rom_peak_mean_deg;
        r->sd[0] = a->rom_peak_sd_deg;
        r->mean[1] = a->rom_trough_mean_deg;
        r->sd[1] = a->rom_trough_sd_deg;
        r->mean[2] = a->rom_range_mean_deg;
        r->sd[2] = a->rom_range_sd_deg;
        for (int k = 0; k < 3; k++)
            if (!isfinite(r->mean[k]))
                rs = rc_err_set(err, RC_E_FORMAT, "%s: '%s' rom: a mean is missing", file,
                                a->name);
    }
    free(s);
    return rs;
}

static void figures(const set_rom *r, int n, int k, rc_repeat_measure *m)
{
    double ss = 0, sum = 0;
    int df = 0;
    for (int i = 0; i < n; i++) {
        sum += r[i].mean[k];
        if (r[i].reps >= 2 && isfinite(r[i].sd[k])) {
            ss += (r[i].reps - 1) * r[i].sd[k] * r[i].sd[k];
            df += r[i].reps - 1;
        }
    }
    m->mean_deg = sum / n;
    m->within_df = df;
    m->within_sem_deg = df > 0 ? sqrt(ss / df) : NAN;
    double dev = 0;
    for (int i = 0; i < n; i++)
        dev += (r[i].mean[k] - m->mean_deg) * (r[i].mean[k] - m->mean_deg);
    m->between_df = n - 1;
    m->between_sem_deg = n >= 2 ? sqrt(dev / (n - 1)) : NAN;
    m->within_mdc95_deg = rc_mdc95_from_sem(m->within_sem_deg);
    m->between_mdc95_deg = rc_mdc95_from_sem(m->between_sem_deg);
}

rc_status rc_repeatability_compute(const char *const *paths, int n, const char *angle,
                                   rc_repeatability *out, rc_err *err)
{
    memset(out, 0, sizeof *out);
    if (n < 2 || n > RC_REPEAT_MAX_SESSIONS)
        return rc_err_set(err, RC_E_ARG,
                          "repeatability needs 2 to %d sessions of one subject (got %d; 3 or "
                          "more on different days are better)",
                          RC_REPEAT_MAX_SESSIONS, n);
    set_rom *r = calloc((size_t)n, sizeof *r);
    if (!r)
        return rc_err_set(err, RC_E_NOMEM, "out of memory");
    char name[RC_NAME_CAP] = "";
    rc_status st = RC_OK;
    for (int i = 0; st == RC_OK && i < n; i++)
        st = read_one(paths[i], &angle, name, &r[i], err);
    if (st == RC_OK) {
        snprintf(out->angle, sizeof out->angle, "%s", angle);
        out->n_sessions = n;
        for (int i = 0; i < n; i++)
            out->reps[i] = r[i].reps;
        for (int k = 0; k < 3; k++)
            figures(r, n, k, &out->m[k]);
    }
    free(r);
    return st;
}
