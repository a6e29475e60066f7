/* progress_out.c - progress.json (the course's numbers, as on the page) and the CSV of
 * the table for the clinic's records (one row per session and angle). */
#include "progress_internal.h"

#include <math.h>
#include <string.h>

static void num(cJSON *o, const char *k, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static void str_or_null(cJSON *o, const char *k, const char *v)
{
    if (v && *v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static cJSON *session_json(const rc__pro_session *s, int i)
{
    cJSON *o = cJSON_CreateObject();
    const rc_session_meta *m = &s->side.meta;
    cJSON_AddNumberToObject(o, "number", i + 1);
    cJSON_AddStringToObject(o, "dir", s->side.dir);
    cJSON_AddStringToObject(o, "created", m->created);
    cJSON_AddStringToObject(o, "date", s->date);
    str_or_null(o, "tag", m->tag);
    const rc_session_outcomes *oc = &m->outcomes;
    num(o, "pain", s->pain);
    num(o, "pain_after", s->pain_after);
    num(o, "psfs_mean", s->psfs);
    cJSON *ps = cJSON_AddArrayToObject(o, "psfs");
    for (int k = 0; k < oc->n_psfs; k++) {
        cJSON *it = cJSON_CreateObject();
        cJSON_AddStringToObject(it, "activity", oc->psfs[k].activity);
        cJSON_AddNumberToObject(it, "score", oc->psfs[k].score);
        cJSON_AddItemToArray(ps, it);
    }
    str_or_null(o, "note", oc->note);
    cJSON_AddItemToObject(o, "setup_check", rc__progress_check_json(s)); /* progress_check.c */
    cJSON *cs = cJSON_AddArrayToObject(o, "compensations");
    for (int k = 0; k < s->sum->n_compensations; k++) {
        const rc_summary_compensation *c = &s->sum->compensation[k];
        cJSON *it = cJSON_CreateObject();
        cJSON_AddStringToObject(it, "name", c->name);
        cJSON_AddStringToObject(it, "label", c->label);
        cJSON_AddBoolToObject(it, "enabled", c->enabled);
        cJSON_AddStringToObject(it, "unit", c->unit);
        num(it, "limit", c->limit);
        num(it, "max", c->max_value);
        cJSON_AddNumberToObject(it, "reps", c->reps);
        cJSON_AddNumberToObject(it, "reps_flagged", c->reps_flagged);
        cJSON_AddItemToArray(cs, it);
    }
    return o;
}

static cJSON *figure_json(const rc__verdict *v)
{
    if (!v->used)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "mdc95_deg", v->used->mdc95_deg);
    cJSON_AddStringToObject(o, "source", v->used->fig ? v->used->fig->source : "");
    cJSON_AddBoolToObject(o, "romcap_own", v->used == &v->own);
    cJSON_AddBoolToObject(o, "range_from_two_readings", v->used->combined);
    return o;
}

static cJSON *measure_json(const rc__progress *p, int a, rc__measure_kind k)
{
    const rc_model_angle *m = &p->model->angle[a];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "measure", rc__measure_name(k));
    int better = k == RC__PEAK ? m->better_peak : k == RC__TROUGH ? m->better_trough
                                                                  : m->better_range;
    cJSON_AddStringToObject(o, "better", rc__better_word(better));
    cJSON *vals = cJSON_AddArrayToObject(o, "sessions");
    for (int i = 0; i < p->n; i++) {
        const rc__verdict *v = &p->v[i][a][k];
        cJSON *it = cJSON_CreateObject();
        cJSON_AddNumberToObject(it, "number", i + 1);
        num(it, "mean_deg", v->post);
        num(it, "sd_deg", v->post_sd);
        cJSON_AddNumberToObject(it, "reps", v->post_reps);
        if (i == 0) {
            cJSON_AddNullToObject(it, "change_from_first_deg");
            cJSON_AddStringToObject(it, "verdict", "first session");
        } else {
            num(it, "change_from_first_deg", v->change);
            cJSON_AddStringToObject(it, "verdict", rc__verdict_word(v->kind));
            str_or_null(it, "reason", v->reason);
            cJSON_AddItemToObject(it, "error_figure", figure_json(v));
        }
        cJSON_AddItemToArray(vals, it);
    }
    return o;
}

static cJSON *pro_json(const rc__progress *p, const rc__pro_scale *sc, const rc__pro_verdict *v,
                       const char *name)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "measure", name);
    cJSON_AddStringToObject(o, "scale", sc->label);
    cJSON_AddStringToObject(o, "better", rc__better_word(sc->better));
    cJSON_AddNumberToObject(o, "mdc_points", sc->mdc);
    cJSON_AddStringToObject(o, "mdc_source", sc->mdc_source);
    cJSON_AddNumberToObject(o, "mcid_points", sc->mcid_points);
    num(o, "mcid_share", sc->mcid_share > 0 ? sc->mcid_share : NAN);
    cJSON_AddStringToObject(o, "mcid_source", sc->mcid_source);
    cJSON *vals = cJSON_AddArrayToObject(o, "sessions");
    for (int i = 0; i < p->n; i++) {
        cJSON *it = cJSON_CreateObject();
        cJSON_AddNumberToObject(it, "number", i + 1);
        num(it, "value", v[i].now);
        num(it, "change_from_first", i ? v[i].change : NAN);
        cJSON_AddStringToObject(it, "verdict", i ? rc__pro_word(v[i].kind) : "first session");
        cJSON_AddItemToArray(vals, it);
    }
    return o;
}

cJSON *rc__progress_json(const rc__progress *p)
{
    cJSON *r = cJSON_CreateObject();
    if (!r)
        return NULL;
    const rc_session_meta *m0 = &p->s[0]->side.meta;
    cJSON_AddStringToObject(r, "format", "romcap-progress/1");
    cJSON_AddStringToObject(r, "title", p->title);
    str_or_null(r, "subject", m0->subject);
    cJSON_AddStringToObject(r, "test", m0->test[0] ? m0->test : p->model->name);
    str_or_null(r, "side", p->s[0]->sum->side);
    cJSON_AddStringToObject(r, "design", rc_mdc_session_name(p->design[p->n - 1].session));
    cJSON_AddStringToObject(r, "design_why", p->design[p->n - 1].why);
    cJSON_AddStringToObject(r, "summary", p->summary);
    cJSON *ss = cJSON_AddArrayToObject(r, "sessions");
    for (int i = 0; i < p->n; i++)
        cJSON_AddItemToArray(ss, session_json(p->s[i], i));
    cJSON *as = cJSON_AddArrayToObject(r, "angles");
    for (int a = 0; a < p->model->n_angles; a++) {
        const rc_model_angle *m = &p->model->angle[a];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", m->name);
        cJSON_AddStringToObject(o, "label", m->label);
        if (rc_model_has_norm(m)) {
            cJSON *nb = cJSON_AddObjectToObject(o, "normal");
            num(nb, "min_deg", m->normal_min_deg);
            num(nb, "max_deg", m->normal_max_deg);
            cJSON_AddStringToObject(nb, "source", m->normal_source);
        } else { /* issue 16: no published norm, and why */
            cJSON_AddNullToObject(o, "normal");
            cJSON_AddStringToObject(o, "normal_none", m->normal_source);
        }
        cJSON_AddStringToObject(o, "unit", rc_model_unit(m, RC_UNIT_WORD));
        num(o, "goal_peak_deg", p->goal[a]);
        cJSON *ms = cJSON_AddArrayToObject(o, "measures");
        for (int k = 0; k < 3; k++)
            if (rc__progress_shows(m, (rc__measure_kind)k))
                cJSON_AddItemToArray(ms, measure_json(p, a, (rc__measure_kind)k));
        cJSON_AddItemToArray(as, o);
    }
    cJSON_AddItemToObject(r, "pain", pro_json(p, &rc__nprs_scale, p->pain, "pain (now, before the test)"));
    cJSON_AddItemToObject(r, "pain_after",
                          pro_json(p, &rc__nprs_scale, p->pain_after, "pain (right after the test)"));
    cJSON_AddItemToObject(r, "function", pro_json(p, &rc__psfs_scale, p->psfs, "function (PSFS mean)"));
    return r;
}

/* ---- CSV ------------------------------------------------------------------------------ */

static void csv_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void csv_num(FILE *f, double v, const char *fmt)
{
    fputc(',', f);
    if (isfinite(v))
        fprintf(f, fmt, v);
}

rc_status rc__progress_csv(FILE *f, const rc__progress *p)
{
    fputs("session,date,tag,angle,reps,peak_mean_deg,peak_sd_deg,peak_change_deg,peak_verdict,"
          "trough_mean_deg,trough_sd_deg,trough_change_deg,trough_verdict,range_mean_deg,"
          "range_sd_deg,range_change_deg,range_verdict,pain_nprs,pain_after_nprs,psfs_mean,note,"
          "setup_check\n",
          f);
    for (int i = 0; i < p->n; i++) {
        const rc__pro_session *s = p->s[i];
        for (int a = 0; a < p->model->n_angles; a++) {
            fprintf(f, "%d,%s,", i + 1, s->date);
            csv_text(f, s->side.meta.tag);
            fprintf(f, ",%s,%d", p->model->angle[a].name, p->v[i][a][0].post_reps);
            for (int k = 0; k < 3; k++) {
                const rc__verdict *v = &p->v[i][a][k];
                csv_num(f, v->post, "%.2f");
                csv_num(f, v->post_sd, "%.2f");
                csv_num(f, i ? v->change : NAN, "%.2f");
                fputc(',', f);
                csv_text(f, i ? rc__verdict_word(v->kind) : "first session");
            }
            csv_num(f, s->pain, "%.0f");
            csv_num(f, s->pain_after, "%.0f");
            csv_num(f, s->psfs, "%.2f");
            fputc(',', f);
            csv_text(f, s->side.meta.outcomes.note);
            char ck[RC_TEXT_CAP + 80];
            fputc(',', f);
            csv_text(f, rc__progress_check_csv(s, ck, sizeof ck));
            fputc('\n', f);
        }
    }
    return ferror(f) ? RC_E_IO : RC_OK;
}
