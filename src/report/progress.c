/* progress.c - a course of treatment (issue 17): the sessions of one subject and one
 * test in date order, checked alike, each judged against the first with the pre/post
 * verdict (verdict.c: direction-aware, the MDC95 of a between-session figure), pain
 * and function judged against their published error and important change, and the
 * plain summary paragraph. The writers are progress_html.c and progress_out.c.
 * Facts: ../shared/CLINICAL.md ("Patient-reported outcomes", "Showing progress").
 */
#include "progress_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "romcap/files.h"

/* NPRS: MDC about 2 points (Childs 2005; SEM 1.02 in low back pain, Ostelo 2008);
 * MCID 2 points or 30 % in chronic pain (Farrar 2001). A 3 -> 2 drop is 33 % but inside
 * the error: an improvement needs both. */
const rc__pro_scale rc__nprs_scale = {
    "pain", "Pain, Numeric Pain Rating Scale (0 no pain - 10 worst imaginable)", "Pain (NPRS)",
    -1, 0, 10, 2.0,
    "about 2 points: Childs et al. 2005, Spine 30:1331; Ostelo et al. 2008, Spine 33:90 "
    "(../shared/CLINICAL.md)",
    2.0, 0.30, "2 points or 30 % in chronic pain: Farrar et al. 2001, Pain 94:149"};

/* PSFS mean: MDC90 2 points (often misquoted as an MCID); MCID about 1.3 (small),
 * 2.3 (medium), 2.7 (large), n = 1,708 (Rysstad 2020): the small one is used. */
const rc__pro_scale rc__psfs_scale = {
    "function", "Function, Patient-Specific Functional Scale (mean of the activities; 0 unable - "
                "10 as before the problem)",
    "Function (PSFS)", +1, 0, 10, 2.0,
    "2 points for the mean (MDC90): Stratford et al. 1995; Rysstad et al. 2020 "
    "(../shared/CLINICAL.md)",
    1.3, 0, "about 1.3 points (small), 2.3 (medium), 2.7 (large): Rysstad et al. 2020"};

const char *rc__pro_word(rc__pro_kind k)
{
    switch (k) {
    case RC__PRO_IMPROVED: return "improved";
    case RC__PRO_WORSE: return "worse";
    case RC__PRO_WITHIN: return "within measurement error";
    case RC__PRO_SMALL: return "beyond measurement error, below the important change";
    default: return "no verdict";
    }
}

void rc__pro_verdict_of(const rc__pro_scale *s, double first, double now, rc__pro_verdict *v)
{
    v->first = first;
    v->now = now;
    v->change = now - first;
    v->kind = RC__PRO_NONE;
    if (isnan(first) || isnan(now))
        return;
    double good = v->change * s->better; /* > 0: the better way */
    if (!(fabs(v->change) > s->mdc))
        v->kind = RC__PRO_WITHIN;
    else if (good < 0)
        v->kind = RC__PRO_WORSE;
    else if (good >= s->mcid_points || (s->mcid_share > 0 && first > 0 &&
                                        good >= s->mcid_share * first - 1e-9))
        v->kind = RC__PRO_IMPROVED;
    else
        v->kind = RC__PRO_SMALL;
}

int rc__progress_shows(const rc_model_angle *m, rc__measure_kind k)
{
    return k == RC__PEAK || (k == RC__TROUGH ? m->better_trough : m->better_range) != 0;
}

/* ---- collecting and loading ---------------------------------------------------------- */

rc_status rc_progress_collect(const char *const *paths, int n, char ***dirs, int *n_dirs,
                              rc_err *err)
{
    *dirs = NULL;
    *n_dirs = 0;
    char found[RC_PROGRESS_MAX_SESSIONS][1024];
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (rc_session_is_dir(paths[i])) {
            if (k == RC_PROGRESS_MAX_SESSIONS)
                return rc_err_set(err, RC_E_ARG, "more than %d sessions",
                                  RC_PROGRESS_MAX_SESSIONS);
            snprintf(found[k++], sizeof found[0], "%s", paths[i]);
            continue;
        }
        rc_session_entry *e = NULL;
        int m = 0;
        rc_status st = rc_session_list(paths[i], &e, &m, err);
        if (st == RC_E_NOT_FOUND)
            st = rc_err_set(err, RC_E_NOT_FOUND,
                            "%s: neither a session folder nor a folder of sessions", paths[i]);
        else if (st == RC_OK && m == 0)
            st = rc_err_set(err, RC_E_NOT_FOUND, "%s: no session folder in it", paths[i]);
        if (st == RC_OK && k + m > RC_PROGRESS_MAX_SESSIONS)
            st = rc_err_set(err, RC_E_ARG, "%s: more than %d sessions", paths[i],
                            RC_PROGRESS_MAX_SESSIONS);
        for (int j = 0; st == RC_OK && j < m; j++)
            snprintf(found[k++], sizeof found[0], "%s", e[j].dir);
        free(e);
        if (st != RC_OK)
            return st;
    }
    /* One block: the pointer table, then the strings. */
    size_t bytes = (size_t)k * sizeof(char *);
    for (int i = 0; i < k; i++)
        bytes += strlen(found[i]) + 1;
    char **t = malloc(bytes ? bytes : 1);
    if (!t)
        return rc_err_set(err, RC_E_NOMEM, "out of memory");
    char *at = (char *)(t + k);
    for (int i = 0; i < k; i++) {
        size_t len = strlen(found[i]) + 1;
        memcpy(at, found[i], len);
        t[i] = at;
        at += len;
    }
    *dirs = t;
    *n_dirs = k;
    return RC_OK;
}

static void session_free(rc__pro_session *s)
{
    if (!s)
        return;
    rc__side_free(&s->side);
    free(s->sum);
    free(s);
}

static rc_status session_load(const char *dir, rc__pro_session **out, rc_err *err)
{
    rc__pro_session *s = calloc(1, sizeof *s);
    *out = s;
    if (!s || !(s->sum = malloc(sizeof *s->sum)))
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", dir);
    rc_status st = rc__side_load(&s->side, dir, 0, err);
    char path[1200];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    if (st == RC_OK)
        st = rc_summary_read(path, s->sum, err);
    snprintf(s->date, sizeof s->date, "%.10s", s->side.meta.created);
    const rc_session_outcomes *o = &s->side.meta.outcomes;
    s->pain = o->pain >= 0 ? o->pain : NAN;
    s->pain_after = o->pain_after >= 0 ? o->pain_after : NAN;
    s->psfs = rc_outcomes_psfs_mean(o);
    return st;
}

/* One line why sessions a and b may not share a course; RC_OK when they may. */
static rc_status alike(const rc__pro_session *a, const rc__pro_session *b, rc_err *err)
{
    const rc_session_meta *x = &a->side.meta, *y = &b->side.meta;
    if (strcmp(x->subject, y->subject) != 0)
        return rc_err_set(err, RC_E_ARG,
                          "%s is subject '%s' and %s is subject '%s': a course is one subject's "
                          "sessions",
                          a->side.dir, x->subject, b->side.dir, y->subject);
    const char *ta = x->test[0] ? x->test : a->side.model.name;
    const char *tb = y->test[0] ? y->test : b->side.model.name;
    if (strcmp(ta, tb) != 0)
        return rc_err_set(err, RC_E_ARG,
                          "%s is test '%s' and %s is test '%s': a course is one test's sessions",
                          a->side.dir, ta, b->side.dir, tb);
    const char *sa = a->sum->side, *sb = b->sum->side;
    if (sa[0] && sb[0] && strcmp(sa, sb) != 0)
        return rc_err_set(err, RC_E_ARG,
                          "%s measured the %s side and %s the %s side: a course is one side's "
                          "sessions",
                          a->side.dir, sa, b->side.dir, sb);
    rc__identity ia = {a->side.dir, &a->side.model, a->side.mirrored, a->side.calibrated};
    rc__identity ib = {b->side.dir, &b->side.model, b->side.mirrored, b->side.calibrated};
    if (ia.mirrored < 0 || ib.mirrored < 0)
        ia.mirrored = ib.mirrored = 0;
    if (ia.calibrated < 0 || ib.calibrated < 0)
        ia.calibrated = ib.calibrated = 0;
    char warning[8];
    return rc__comparable(&ia, &ib, 0, warning, sizeof warning, err);
}

static int by_created(const void *a, const void *b)
{
    const rc__pro_session *x = *(rc__pro_session *const *)a, *y = *(rc__pro_session *const *)b;
    int c = strcmp(x->side.meta.created, y->side.meta.created);
    return c ? c : strcmp(x->side.dir, y->side.dir);
}

/* ---- judging ------------------------------------------------------------------------- */

static void judge(rc__progress *p, int different_raters)
{
    const rc__pro_session *f = p->s[0];
    for (int i = 0; i < p->n; i++) {
        const rc__pro_session *s = p->s[i];
        /* Visits of a course are separate sessions: never the same application. */
        rc__design_of(&f->side, &s->side, 0, &p->design[i]);
        p->design[i].different_raters = different_raters;
        for (int a = 0; a < p->model->n_angles; a++)
            for (int k = 0; k < 3; k++)
                rc__verdict_of(&f->side, &s->side, a, (rc__measure_kind)k, &p->design[i],
                               &p->v[i][a][k]);
        rc__pro_verdict_of(&rc__nprs_scale, f->pain, s->pain, &p->pain[i]);
        rc__pro_verdict_of(&rc__nprs_scale, f->pain_after, s->pain_after, &p->pain_after[i]);
        rc__pro_verdict_of(&rc__psfs_scale, f->psfs, s->psfs, &p->psfs[i]);
        p->has_pain |= !isnan(s->pain) || !isnan(s->pain_after);
        p->has_psfs |= !isnan(s->psfs);
        p->has_comp |= s->sum->n_compensations > 0;
    }
}

static rc_status set_goals(rc__progress *p, const rc_progress_options *opt, rc_err *err)
{
    for (int a = 0; a < RC_MAX_ANGLES; a++)
        p->goal[a] = NAN;
    for (int g = 0; opt && g < opt->n_goals; g++) {
        const char *name = opt->goal[g].angle;
        int a = name[0] ? rc_model_angle_index(p->model, name) : 0;
        if (a < 0)
            return rc_err_set(err, RC_E_ARG, "--goal %s: the test '%s' has no angle '%s'", name,
                              p->model->name, name);
        p->goal[a] = opt->goal[g].deg;
    }
    return RC_OK;
}

/* ---- the plain summary ---------------------------------------------------------------- */

/* "fell from 7 to 3 (-4 points, -57 %)" into b. */
static void movement(char *b, size_t cap, double first, double last, const char *unit)
{
    double d = last - first;
    const char *verb = fabs(d) < 0.05 ? "stayed at" : d < 0 ? "fell from" : "rose from";
    if (fabs(d) < 0.05) {
        snprintf(b, cap, "%s %.4g%s", verb, last, unit);
        return;
    }
    char pct[32] = "";
    if (fabs(first) > 1e-9)
        snprintf(pct, sizeof pct, ", %+.0f %%", 100.0 * d / fabs(first));
    snprintf(b, cap, "%s %.4g%s to %.4g%s (%+.4g%s%s)", verb, first, unit, last, unit, d, unit, pct);
}

static void add(char *dst, size_t cap, const char *s)
{
    size_t n = strlen(dst);
    if (n + 1 < cap)
        snprintf(dst + n, cap - n, "%s", s);
}

static void pro_sentence(rc__progress *p, const rc__pro_scale *sc, const rc__pro_verdict *v,
                         const char *what)
{
    if (v->kind == RC__PRO_NONE)
        return;
    char m[160], s[600];
    movement(m, sizeof m, v->first, v->now, "");
    const char *why = v->kind == RC__PRO_IMPROVED ? "a real and important improvement"
                      : v->kind == RC__PRO_WORSE  ? "worse, beyond measurement error"
                      : v->kind == RC__PRO_SMALL  ? "beyond measurement error but short of the "
                                                    "important change"
                                                  : "within measurement error";
    snprintf(s, sizeof s, " %s %s: %s (error about %.0f points, important change %.1f points%s).",
             what, m, why, sc->mdc, sc->mcid_points, sc->mcid_share > 0 ? " or 30 %" : "");
    add(p->summary, sizeof p->summary, s);
}

static void angle_sentence(rc__progress *p, int a, rc__measure_kind k)
{
    const rc__verdict *v = &p->v[p->n - 1][a][k];
    const rc_model_angle *m = &p->model->angle[a];
    if (isnan(v->pre) || isnan(v->post))
        return;
    char mv[160], s[700], tail[300];
    const char *u = rc_model_unit(m, RC_UNIT_SUFFIX); /* deg, or cm for a distance */
    const bool cm = m->type == RC_ANGLE_DISTANCE;
    movement(mv, sizeof mv, v->pre, v->post, u);
    if (v->kind == RC__NO_VERDICT)
        snprintf(tail, sizeof tail, "no verdict: %s", v->reason);
    else
        snprintf(tail, sizeof tail, "%s (MDC95 %.1f%s)",
                 v->kind == RC__IMPROVED ? "improved beyond measurement error"
                 : v->kind == RC__WORSE  ? "worse beyond measurement error"
                                         : rc__verdict_word(v->kind),
                 v->used->mdc95_deg, u);
    snprintf(s, sizeof s, " %s (%s of the set) %s: %s.", m->label,
             k == RC__PEAK     ? cm ? "largest distance" : "largest angle"
             : k == RC__TROUGH ? cm ? "smallest distance" : "smallest angle"
                               : "range",
             mv, tail);
    add(p->summary, sizeof p->summary, s);
    if (k == RC__PEAK && !isnan(p->goal[a])) {
        double to_go = (p->goal[a] - v->post) * (m->better_peak < 0 ? -1 : 1);
        if (to_go <= 0)
            snprintf(s, sizeof s, " The goal of %.4g%s is reached.", p->goal[a], u);
        else
            snprintf(s, sizeof s, " The goal is %.4g%s (%.4g%s to go).", p->goal[a], u, to_go, u);
        add(p->summary, sizeof p->summary, s);
    }
}

/* Pain and function first, then movement; never implying one explains the other. */
static void summarise(rc__progress *p)
{
    snprintf(p->summary, sizeof p->summary, "Over %d sessions from %s to %s:", p->n, p->s[0]->date,
             p->s[p->n - 1]->date);
    pro_sentence(p, &rc__nprs_scale, &p->pain[p->n - 1], "Pain before the test");
    pro_sentence(p, &rc__nprs_scale, &p->pain_after[p->n - 1], "Pain after the test");
    pro_sentence(p, &rc__psfs_scale, &p->psfs[p->n - 1], "Function (PSFS)");
    for (int a = 0; a < p->model->n_angles; a++)
        for (int k = 0; k < 3; k++)
            if (rc__progress_shows(&p->model->angle[a], (rc__measure_kind)k) &&
                (k == RC__PEAK || p->v[p->n - 1][a][k].kind == RC__IMPROVED ||
                 p->v[p->n - 1][a][k].kind == RC__WORSE))
                angle_sentence(p, a, (rc__measure_kind)k);
    rc__progress_check_sentence(p->summary, sizeof p->summary, p); /* progress_check.c */
}

/* ---- writing ------------------------------------------------------------------------- */

static rc_status write_text(const char *path, const char *text, rc_err *err)
{
    FILE *f = rc_fopen_private(path, err);
    if (!f)
        return RC_E_IO;
    fputs(text, f);
    return rc_fclose_synced(f, path, err);
}

static rc_status write_all(const rc__progress *p, const char *html, const char *json,
                           const char *csv, rc_err *err)
{
    FILE *f = rc_fopen_private(html, err);
    if (!f)
        return RC_E_IO;
    rc_status st = rc__progress_html(f, p);
    rc_status cs = rc_fclose_synced(f, html, err);
    if (st != RC_OK || cs != RC_OK)
        return st != RC_OK ? rc_err_set(err, st, "%s: write failed", html) : cs;
    if (json) {
        cJSON *j = rc__progress_json(p);
        char *text = j ? cJSON_Print(j) : NULL;
        cJSON_Delete(j);
        if (!text)
            return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", json);
        size_t n = strlen(text);
        char *t2 = realloc(text, n + 2);
        if (t2) {
            text = t2;
            memcpy(text + n, "\n", 2);
        }
        st = write_text(json, text, err);
        free(text);
        if (st != RC_OK)
            return st;
    }
    if (csv) {
        if (!(f = rc_fopen_private(csv, err)))
            return RC_E_IO;
        st = rc__progress_csv(f, p);
        cs = rc_fclose_synced(f, csv, err);
        if (st != RC_OK || cs != RC_OK)
            return st != RC_OK ? rc_err_set(err, st, "%s: write failed", csv) : cs;
    }
    return RC_OK;
}

rc_status rc_progress_write(const char *const *dirs, int n, const char *html_path,
                            const char *json_path, const char *csv_path,
                            const rc_progress_options *opt, rc_err *err)
{
    if (n < 2 || n > RC_PROGRESS_MAX_SESSIONS)
        return rc_err_set(err, RC_E_ARG, "progress needs 2 to %d sessions (got %d)",
                          RC_PROGRESS_MAX_SESSIONS, n);
    rc__progress *p = calloc(1, sizeof *p);
    if (!p)
        return rc_err_set(err, RC_E_NOMEM, "out of memory");
    rc_status st = RC_OK;
    for (int i = 0; i < n && st == RC_OK; i++) {
        st = session_load(dirs[i], &p->s[i], err);
        p->n = i + 1;
    }
    for (int i = 1; i < p->n && st == RC_OK; i++)
        st = alike(p->s[0], p->s[i], err);
    if (st == RC_OK) {
        qsort(p->s, (size_t)p->n, sizeof p->s[0], by_created);
        p->model = &p->s[0]->side.model;
        st = set_goals(p, opt, err);
    }
    if (st == RC_OK) {
        const rc_session_meta *m = &p->s[0]->side.meta;
        if (opt && opt->title)
            snprintf(p->title, sizeof p->title, "%s", opt->title);
        else
            snprintf(p->title, sizeof p->title, "Course of treatment: %s",
                     m->test[0] && strcmp(m->test, p->model->name) ? m->test : p->model->title);
        judge(p, opt ? opt->different_raters : 0);
        summarise(p);
        st = write_all(p, html_path, json_path, csv_path, err);
        if (st != RC_OK) { /* no half output */
            unlink(html_path);
            if (json_path)
                unlink(json_path);
            if (csv_path)
                unlink(csv_path);
        }
    }
    for (int i = 0; i < p->n; i++)
        session_free(p->s[i]);
    free(p);
    return st;
}
