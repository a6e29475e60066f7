/* model_mdc.c - an angle's measurement-error figures ("mdc": a list, each with its
 * design: session, rater, method, which reading, SEM and/or MDC95, source) and which
 * way is better for each measure of a set ("better").
 *
 * The older form "mdc": {"value", "source"} (models stored in sessions recorded
 * before the designs were named) is still read, as one figure whose design is
 * unstated: the report then never uses it for a verdict, it only shows it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"

static const char *const fig_keys[] = {"session", "rater", "method", "measure", "sem",
                                       "mdc95",   "source", "note",  NULL};
static const char *const legacy_keys[] = {"value", "source", NULL};
static const char *const better_keys[] = {"peak", "trough", "range", NULL};

static const char *const session_names[] = {"within_session", "between_sessions", "unstated"};
static const char *const rater_names[] = {"same", "different", "unstated"};
static const char *const measure_names[] = {"any", "peak", "trough", "range"};
static const char *const methods[] = {"goniometer", "inclinometer", "electrogoniometer",
                                      "smartphone_app", "video_2d", "mixed", "romcap",
                                      "unstated", NULL};

const char *rc_mdc_session_name(rc_mdc_session s)
{
    return (unsigned)s < 3 ? session_names[s] : "";
}

const char *rc_mdc_rater_name(rc_mdc_rater r)
{
    return (unsigned)r < 3 ? rater_names[r] : "";
}

const char *rc_mdc_measure_name(rc_mdc_measure m)
{
    return (unsigned)m < 4 ? measure_names[m] : "";
}

double rc_mdc95_from_sem(double sem_deg)
{
    return 1.96 * sqrt(2.0) * sem_deg;
}

static rc_status parse_figure(const rc__jctx *c, const cJSON *o, const char *path,
                              rc_model_mdc *f)
{
    int session, rater, measure, method, n_methods = 0;
    while (methods[n_methods])
        n_methods++;
    rc_status s = rc__jexpect_object(c, o, path);
    if (!s)
        s = rc__jcheck_keys(c, o, path, fig_keys);
    if (!s)
        s = rc__jget_enum(c, o, path, "session", session_names, 3, -1, &session);
    if (!s)
        s = rc__jget_enum(c, o, path, "rater", rater_names, 3, -1, &rater);
    if (!s)
        s = rc__jget_enum(c, o, path, "method", methods, n_methods, -1, &method);
    if (!s)
        s = rc__jget_enum(c, o, path, "measure", measure_names, 4, RC_MDC_ANY, &measure);
    f->sem_deg = NAN;
    f->mdc95_deg = 0;
    if (!s)
        s = rc__jget_number(c, o, path, "sem", false, 0.001, 180, &f->sem_deg);
    if (!s)
        s = rc__jget_number(c, o, path, "mdc95", false, 0.001, 360, &f->mdc95_deg);
    if (!s)
        s = rc__jget_string(c, o, path, "source", true, f->source, sizeof f->source);
    if (!s)
        s = rc__jget_string(c, o, path, "note", false, f->note, sizeof f->note);
    if (s)
        return s;
    f->session = (rc_mdc_session)session;
    f->rater = (rc_mdc_rater)rater;
    f->measure = (rc_mdc_measure)measure;
    snprintf(f->method, sizeof f->method, "%s", methods[method]);
    f->mdc95_from_sem = 0;
    if (!(f->mdc95_deg > 0)) {
        if (isnan(f->sem_deg))
            return rc__jfail(c, path, "a figure needs \"mdc95\" or \"sem\" (degrees)");
        f->mdc95_deg = rc_mdc95_from_sem(f->sem_deg);
        f->mdc95_from_sem = 1;
    }
    return RC_OK;
}

/* The older {"value", "source"} object: one figure of unstated design (none for 0). */
static rc_status parse_legacy(const rc__jctx *c, const cJSON *d, const char *p, rc_model_angle *a)
{
    rc_model_mdc *f = &a->mdc[0];
    double v = 0;
    rc_status s = rc__jcheck_keys(c, d, p, legacy_keys);
    if (!s)
        s = rc__jget_number(c, d, p, "value", true, 0, 180, &v);
    if (!s)
        s = rc__jget_string(c, d, p, "source", v > 0, f->source, sizeof f->source);
    if (s || v <= 0)
        return s;
    *f = (rc_model_mdc){.session = RC_MDC_SESSION_UNSTATED,
                        .rater = RC_MDC_RATER_UNSTATED,
                        .measure = RC_MDC_ANY,
                        .sem_deg = NAN,
                        .mdc95_deg = v};
    snprintf(f->method, sizeof f->method, "unstated");
    rc__jget_string(c, d, p, "source", true, f->source, sizeof f->source);
    snprintf(f->note, sizeof f->note, "older model file: the design was not stated");
    a->n_mdc = 1;
    return RC_OK;
}

rc_status rc__parse_mdc(const rc__jctx *c, const cJSON *obj, const char *path, rc_model_angle *a)
{
    char p[RC__PATH_CAP];
    a->n_mdc = 0;
    rc__jpath_key(p, path, "mdc");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(obj, "mdc");
    if (!d)
        return RC_OK;
    if (cJSON_IsObject(d))
        return parse_legacy(c, d, p, a);
    if (!cJSON_IsArray(d))
        return rc__jfail(c, p, "expected an array of figures, got %s", rc__jtype(d));
    int n = cJSON_GetArraySize(d);
    if (n > RC_MAX_MDC)
        return rc__jfail(c, p, "%d figures: at most %d", n, RC_MAX_MDC);
    int i = 0;
    for (const cJSON *it = d->child; it; it = it->next, i++) {
        char pi[RC__PATH_CAP];
        rc__jpath_index(pi, p, i);
        rc_status s = parse_figure(c, it, pi, &a->mdc[i]);
        if (s)
            return s;
    }
    a->n_mdc = n;
    return RC_OK;
}

static rc_status get_better(const rc__jctx *c, const cJSON *o, const char *path, const char *key,
                            int *out)
{
    static const char *const words[] = {"lower", "neither", "higher"};
    int v;
    rc_status s = rc__jget_enum(c, o, path, key, words, 3, *out + 1, &v);
    *out = v - 1;
    return s;
}

rc_status rc__parse_better(const rc__jctx *c, const cJSON *obj, const char *path, rc_model_angle *a)
{
    char p[RC__PATH_CAP];
    a->better_peak = 1;
    a->better_trough = -1;
    a->better_range = 1;
    rc__jpath_key(p, path, "better");
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(obj, "better");
    if (!b)
        return RC_OK;
    rc_status s = rc__jexpect_object(c, b, p);
    if (!s)
        s = rc__jcheck_keys(c, b, p, better_keys);
    if (!s)
        s = get_better(c, b, p, "peak", &a->better_peak);
    if (!s)
        s = get_better(c, b, p, "trough", &a->better_trough);
    if (!s)
        s = get_better(c, b, p, "range", &a->better_range);
    return s;
}
