/* progress_html.c - the course-of-treatment page: the plain summary first, then one
 * panel per measure on a shared session axis (pain, function, then each angle's set
 * ROM), each saying which way is better, with the first session's measurement-error
 * band, the important-change line, the normal range and the goal as labelled lines;
 * no dual axis, no flipped axis, no script (../shared/CLINICAL.md, "Showing progress
 * to a patient"). Then the table with the verdicts and sources, and compensations. */
#include "progress_internal.h"

#include <math.h>
#include <string.h>

enum { W = 680, H = 210, ML = 48, MR = 150, MT = 12, MB = 40 };

typedef struct chart {
    const char *id, *title, *better, *unit;
    double lo, hi;    /* fixed scale (both finite) or NAN: from the data */
    const double *y;  /* one value per session (NAN none) */
    const double *sd; /* error bar half-heights, or NULL */
    const double *y2; /* a second series of the same measure (pain after), or NULL */
    const char *y_name, *y2_name;
    double band_lo, band_hi; /* measurement error around the first value, NAN none */
    double normal_lo, normal_hi;
    double line[2];                /* labelled threshold lines, NAN none */
    const char *line_label[2], *line_cls[2];
} chart;

static void extend(double *lo, double *hi, double v)
{
    if (isfinite(v)) {
        *lo = fmin(*lo, v);
        *hi = fmax(*hi, v);
    }
}

static void range_of(const chart *c, int n, double *lo, double *hi)
{
    if (isfinite(c->lo) && isfinite(c->hi)) {
        *lo = c->lo;
        *hi = c->hi;
        return;
    }
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < n; i++) {
        double e = c->sd && isfinite(c->sd[i]) ? c->sd[i] : 0;
        extend(lo, hi, c->y[i] - e);
        extend(lo, hi, c->y[i] + e);
        if (c->y2)
            extend(lo, hi, c->y2[i]);
    }
    extend(lo, hi, c->band_lo);
    extend(lo, hi, c->band_hi);
    for (int k = 0; k < 2; k++)
        extend(lo, hi, c->line[k]);
    if (!isfinite(*lo)) {
        *lo = 0;
        *hi = 1;
    }
    double pad = fmax(2.0, 0.1 * (*hi - *lo));
    *lo = floor((*lo - pad) / 5) * 5;
    *hi = ceil((*hi + pad) / 5) * 5;
}

static double tick_step(double span)
{
    static const double st[] = {1, 2, 5, 10, 15, 20, 30, 45, 60, 90};
    for (size_t i = 0; i < sizeof st / sizeof st[0]; i++)
        if (span / st[i] <= 6)
            return st[i];
    return 180;
}

typedef struct frame {
    int n;
    double lo, hi;
} frame;

static double X(const frame *f, int i)
{
    return ML + (i + 0.5) * (double)(W - ML - MR) / f->n;
}

static double Y(const frame *f, double v)
{
    double t = (v - f->lo) / (f->hi - f->lo);
    return MT + (1 - fmin(fmax(t, 0), 1)) * (H - MT - MB);
}

static void hband(FILE *o, const frame *f, double a, double b, const char *cls, const char *label)
{
    if (!isfinite(a) || !isfinite(b))
        return;
    double y0 = Y(f, fmax(a, b)), y1 = Y(f, fmin(a, b));
    if (y1 - y0 < 0.5)
        return; /* outside the scale */
    fprintf(o, "<rect class=\"%s\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\"/>", cls, ML,
            y0, W - ML - MR, y1 - y0);
    /* the normal range's label at its lower edge, the error band's in its middle, so
     * the two do not overlap where the bands do */
    double ly = !strcmp(cls, "normal") ? y1 - 4 : (y0 + y1) / 2 + 4;
    fprintf(o, "<text class=\"lab\" x=\"%d\" y=\"%.1f\">", W - MR + 4, ly);
    rc__html_escape(o, label);
    fputs("</text>", o);
}

static void hline(FILE *o, const frame *f, double v, const char *cls, const char *label)
{
    if (!isfinite(v) || v < f->lo || v > f->hi)
        return;
    fprintf(o, "<line class=\"%s\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", cls, ML, W - MR,
            Y(f, v), Y(f, v));
    fprintf(o, "<text class=\"lab\" x=\"%d\" y=\"%.1f\">", W - MR + 4, Y(f, v) + 4);
    rc__html_escape(o, label);
    fputs("</text>", o);
}

static void series(FILE *o, const frame *f, const double *y, const double *sd, const char *cls)
{
    fprintf(o, "<path class=\"%s\" d=\"", cls);
    int pen = 0;
    for (int i = 0; i < f->n; i++) {
        if (!isfinite(y[i]))
            continue;
        fprintf(o, "%s%.1f %.1f", pen ? " L" : "M", X(f, i), Y(f, y[i]));
        pen = 1;
    }
    fputs("\"/>", o);
    for (int i = 0; i < f->n; i++) {
        if (!isfinite(y[i]))
            continue;
        if (sd && isfinite(sd[i]) && sd[i] > 0)
            fprintf(o, "<line class=\"bar\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>",
                    X(f, i), X(f, i), Y(f, y[i] - sd[i]), Y(f, y[i] + sd[i]));
        fprintf(o, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/>", cls, X(f, i),
                Y(f, y[i]));
    }
}

static void axes(FILE *o, const frame *f, const rc__progress *p, const char *unit)
{
    double step = tick_step(f->hi - f->lo);
    for (double v = ceil(f->lo / step) * step; v <= f->hi + 1e-9; v += step)
        fprintf(o, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
                   "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g%s</text>",
                ML, W - MR, Y(f, v), Y(f, v), ML - 4, Y(f, v) + 4, v, unit);
    for (int i = 0; i < f->n; i++)
        fprintf(o, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>"
                   "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                X(f, i), H - MB + 14, i + 1, X(f, i), H - MB + 28, p->s[i]->date + 5);
}

static void draw(FILE *o, const rc__progress *p, const chart *c)
{
    frame f = {.n = p->n};
    range_of(c, p->n, &f.lo, &f.hi);
    fprintf(o, "<section class=\"panel\" id=\"%s\"><h3>", c->id);
    rc__html_escape(o, c->title);
    fprintf(o, " <span class=\"better\">%s is better</span></h3>\n", c->better);
    fprintf(o, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
               "role=\"img\">",
            W, H, W, H);
    char lab[120];
    snprintf(lab, sizeof lab, "normal %g-%g%s", c->normal_lo, c->normal_hi, c->unit);
    hband(o, &f, c->normal_lo, c->normal_hi, "normal", lab);
    hband(o, &f, c->band_lo, c->band_hi, "err", "measurement error");
    axes(o, &f, p, c->unit);
    for (int k = 0; k < 2; k++)
        hline(o, &f, c->line[k], c->line_cls[k], c->line_label[k] ? c->line_label[k] : "");
    if (c->y2)
        series(o, &f, c->y2, NULL, "after");
    series(o, &f, c->y, c->sd, "val");
    fprintf(o, "<text class=\"tick\" x=\"%d\" y=\"%d\">session, date</text></svg>\n", ML,
            H - 2);
    if (c->y2)
        fprintf(o, "<p class=\"key\"><span class=\"kval\">&#9679; %s</span> "
                   "<span class=\"kafter\">&#9679; %s</span></p>\n",
                c->y_name, c->y2_name);
    fputs("</section>\n", o);
}

/* ---- panels ----------------------------------------------------------------------------- */

static void pro_panel(FILE *o, const rc__progress *p, const rc__pro_scale *sc, const char *id,
                      const double *y, const double *y2)
{
    double first = y[0];
    double mcid = isfinite(first) ? first + sc->better * sc->mcid_points : NAN;
    if (isfinite(first) && sc->mcid_share > 0)
        mcid = sc->better < 0 ? first - fmin(sc->mcid_points, sc->mcid_share * first)
                              : first + fmin(sc->mcid_points, sc->mcid_share * first);
    chart c = {.id = id, .title = sc->label, .better = sc->better > 0 ? "Higher" : "Lower",
               .unit = "", .lo = sc->lo, .hi = sc->hi, .y = y, .y2 = y2,
               .y_name = "before the test", .y2_name = "after the test",
               .band_lo = first - sc->mdc, .band_hi = first + sc->mdc,
               .normal_lo = NAN, .normal_hi = NAN,
               .line = {mcid, NAN}, .line_label = {"important change", NULL},
               .line_cls = {"mcid", "mcid"}};
    draw(o, p, &c);
    fprintf(o, "<p class=\"src\">Grey band: the first session &plusmn; the measurement error "
               "(%g points; ",
            sc->mdc);
    rc__html_escape(o, sc->mdc_source);
    fputs("). Line: the important change (", o);
    rc__html_escape(o, sc->mcid_source);
    fputs("). An improvement needs both.</p>\n", o);
}

static void angle_panel(FILE *o, const rc__progress *p, int a, rc__measure_kind k)
{
    const rc_model_angle *m = &p->model->angle[a];
    double y[RC_PROGRESS_MAX_SESSIONS], sd[RC_PROGRESS_MAX_SESSIONS];
    for (int i = 0; i < p->n; i++) {
        y[i] = p->v[i][a][k].post;
        sd[i] = p->v[i][a][k].post_sd;
    }
    const rc__verdict *last = &p->v[p->n - 1][a][k];
    double e = last->used ? last->used->mdc95_deg : NAN;
    int better = k == RC__PEAK ? m->better_peak : k == RC__TROUGH ? m->better_trough
                                                                  : m->better_range;
    char title[200], id[64], goal[64];
    const char *u = rc_model_unit(m, RC_UNIT_SUFFIX); /* deg, or cm for a distance */
    const bool cm = m->type == RC_ANGLE_DISTANCE, band = rc_model_has_norm(m) && k != RC__RANGE;
    snprintf(title, sizeof title, "%s: %s of the set (mean of the repetitions \xC2\xB1 SD)",
             m->label,
             k == RC__PEAK     ? cm ? "largest distance" : "largest angle"
             : k == RC__TROUGH ? cm ? "smallest distance" : "smallest angle"
                               : "range");
    snprintf(id, sizeof id, "angle-%s-%s", m->name, rc__measure_name(k));
    snprintf(goal, sizeof goal, "goal %g%s", p->goal[a], u);
    chart c = {.id = id, .title = title, .better = better > 0 ? "Higher" : "Lower",
               .unit = u, .lo = NAN, .hi = NAN, .y = y, .sd = sd,
               .band_lo = y[0] - e, .band_hi = y[0] + e,
               .normal_lo = band ? m->normal_min_deg : NAN,
               .normal_hi = band ? m->normal_max_deg : NAN,
               .line = {k == RC__PEAK ? p->goal[a] : NAN, NAN}, .line_label = {goal, NULL},
               .line_cls = {"goal", "goal"}};
    draw(o, p, &c);
    fputs("<p class=\"src\">", o);
    if (last->used) {
        fprintf(o, "Grey band: the first session &plusmn; the MDC95 %.1f%s (", e,
                rc_model_unit(m, RC_UNIT_HTML));
        rc__html_escape(o, last->used->fig ? last->used->fig->source : "");
        fprintf(o, "%s). ", last->used->combined ? "; two readings combined" : "");
    } else {
        fputs("No published measurement error of this design: ", o);
        rc__html_escape(o, last->reason);
        fputs(". ", o);
    }
    if (band && m->normal_source[0]) {
        fputs("Green: the normal range (", o);
        rc__html_escape(o, m->normal_source);
        fputs(").", o);
    } else if (k != RC__RANGE && !rc_model_has_norm(m)) {
        fputs("No published norm: no normal band is drawn (", o); /* issue 16 */
        rc__html_escape(o, m->normal_source);
        fputs(").", o);
    }
    fputs("</p>\n", o);
}

/* ---- tables --------------------------------------------------------------------------- */

static void cell_num(FILE *o, double v, const char *fmt)
{
    fputs("<td>", o);
    if (isfinite(v))
        fprintf(o, fmt, v);
    else
        fputs("&ndash;", o);
    fputs("</td>", o);
}

static const char *cls_of(rc__verdict_kind k)
{
    return k == RC__IMPROVED ? "improved" : k == RC__WORSE ? "worse" : k == RC__WITHIN ? "within"
                                                                                        : "none";
}

static void angle_table(FILE *o, const rc__progress *p, int a)
{
    const rc_model_angle *m = &p->model->angle[a];
    fputs("<table class=\"num\"><tr><th>Session</th><th>Date</th><th>Reps</th>", o);
    for (int k = 0; k < 3; k++)
        if (rc__progress_shows(m, (rc__measure_kind)k))
            fprintf(o, "<th>%s (%s)</th><th>Change</th><th>Verdict</th>",
                    k == 0   ? "Largest"
                    : k == 1 ? "Smallest"
                             : "Range",
                    m->type == RC_ANGLE_DISTANCE ? "cm" : "&deg;");
    fputs("<th class=\"txt\">Set-up check</th></tr>\n", o);
    for (int i = 0; i < p->n; i++) {
        fprintf(o, "<tr><td>%d</td><td>%s</td><td>%d</td>", i + 1, p->s[i]->date,
                p->v[i][a][0].post_reps);
        for (int k = 0; k < 3; k++) {
            if (!rc__progress_shows(m, (rc__measure_kind)k))
                continue;
            const rc__verdict *v = &p->v[i][a][k];
            fputs("<td>", o);
            if (isfinite(v->post))
                fprintf(o, "%.1f &plusmn; %.1f", v->post, isfinite(v->post_sd) ? v->post_sd : 0.0);
            else
                fputs("&ndash;", o);
            fputs("</td>", o);
            cell_num(o, i ? v->change : NAN, "%+.1f");
            if (i == 0) {
                fputs("<td>first</td>", o);
            } else {
                fprintf(o, "<td class=\"%s\" title=\"", cls_of(v->kind));
                rc__html_escape(o, v->reason);
                fprintf(o, "\">%s</td>", rc__verdict_word(v->kind));
            }
        }
        rc__progress_check_cell(o, p->s[i]); /* progress_check.c */
        fputs("</tr>\n", o);
    }
    fputs("</table>\n", o);
}

static void outcomes_table(FILE *o, const rc__progress *p)
{
    fputs("<table class=\"num\"><tr><th>Session</th><th>Date</th><th>Tag</th><th>Pain before"
          "</th><th>Pain after</th><th>Function (PSFS)</th><th>Activities</th><th>Note</th></tr>\n",
          o);
    for (int i = 0; i < p->n; i++) {
        const rc__pro_session *s = p->s[i];
        const rc_session_outcomes *oc = &s->side.meta.outcomes;
        fprintf(o, "<tr><td>%d</td><td>%s</td><td>", i + 1, s->date);
        rc__html_escape(o, s->side.meta.tag);
        fputs("</td>", o);
        cell_num(o, s->pain, "%.0f");
        cell_num(o, s->pain_after, "%.0f");
        cell_num(o, s->psfs, "%.1f");
        fputs("<td class=\"txt\">", o);
        for (int k = 0; k < oc->n_psfs; k++) {
            fputs(k ? ", " : "", o);
            rc__html_escape(o, oc->psfs[k].activity);
            fprintf(o, " %d", oc->psfs[k].score);
        }
        fputs("</td><td class=\"txt\">", o);
        rc__html_escape(o, oc->note);
        fputs("</td></tr>\n", o);
    }
    fputs("</table>\n", o);
}

static void comp_table(FILE *o, const rc__progress *p)
{
    fputs("<h2>Compensations</h2><p>Repetitions in which a substitution passed its limit, per "
          "session (the largest value measured in brackets).</p>\n<table class=\"num\">"
          "<tr><th>Session</th><th>Date</th><th class=\"txt\">Compensations</th></tr>\n", o);
    for (int i = 0; i < p->n; i++) {
        const rc_summary *s = p->s[i]->sum;
        fprintf(o, "<tr><td>%d</td><td>%s</td><td class=\"txt\">", i + 1, p->s[i]->date);
        if (s->n_compensations == 0)
            fputs("not judged", o);
        for (int k = 0; k < s->n_compensations; k++) {
            const rc_summary_compensation *c = &s->compensation[k];
            fputs(k ? "; " : "", o);
            rc__html_escape(o, c->label[0] ? c->label : c->name);
            if (!c->enabled)
                fputs(": not judged", o);
            else if (c->reps >= 0)
                fprintf(o, ": %d of %d", c->reps_flagged, c->reps);
            if (c->enabled && isfinite(c->max_value)) {
                fprintf(o, " (%.1f ", c->max_value);
                rc__html_escape(o, c->unit);
                fputs(")", o);
            }
        }
        fputs("</td></tr>\n", o);
    }
    fputs("</table>\n", o);
}

static const char CSS[] =
    "body{font-family:sans-serif;color:#222;max-width:760px;margin:16px auto;font-size:14px}"
    "h1{font-size:20px}h2{font-size:16px;margin-top:22px}h3{font-size:14px;margin:10px 0 4px}"
    ".better{font-weight:normal;color:#555;margin-left:8px}"
    ".summary{font-size:15px;line-height:1.45;border-left:4px solid #1f5fbf;padding-left:10px}"
    ".panel{page-break-inside:avoid;break-inside:avoid}"
    "svg.chart{max-width:100%;height:auto}"
    "path.val{fill:none;stroke:#1f5fbf;stroke-width:2.5}circle.val{fill:#1f5fbf}"
    "path.after{fill:none;stroke:#d9620b;stroke-width:2;stroke-dasharray:6 4}"
    "circle.after{fill:#d9620b}.bar{stroke:#1f5fbf;stroke-width:1.5}"
    "rect.normal{fill:#d8f0d8}rect.err{fill:#d9d9d9;fill-opacity:.7}"
    ".grid{stroke:#eee}.tick{font-size:11px;fill:#444}.lab{font-size:11px;fill:#333}"
    "line.goal{stroke:#2a8a2a;stroke-width:2;stroke-dasharray:8 4}"
    "line.mcid{stroke:#7a3dbf;stroke-width:1.5;stroke-dasharray:3 3}"
    ".key .kval{color:#1f5fbf}.key .kafter{color:#d9620b}"
    ".src{font-size:12px;color:#555;margin:2px 0 10px}"
    "table.num{border-collapse:collapse;font-size:12px;margin:6px 0}"
    "table.num td,table.num th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
    "table.num .txt{text-align:left}"
    "td.check-FAIL,td.check-FAIL-ack{background:#f6d5d5}td.check-warn{background:#fbefd0}"
    "td.improved{background:#d8f0d8}td.worse{background:#f6d5d5}td.within{background:#eee}"
    "@page{size:A4;margin:12mm}"
    "@media print{body{margin:0;max-width:none;font-size:11px}.panel svg{width:170mm}}";

rc_status rc__progress_html(FILE *o, const rc__progress *p)
{
    const rc_session_meta *m0 = &p->s[0]->side.meta;
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>", o);
    rc__html_escape(o, p->title);
    fprintf(o, "</title><style>%s</style></head><body>\n<h1>", CSS);
    rc__html_escape(o, p->title);
    fputs("</h1>\n<p>Subject (pseudonym): <b>", o);
    rc__html_escape(o, m0->subject[0] ? m0->subject : "not given");
    fprintf(o, "</b> &middot; %d sessions, %s to %s", p->n, p->s[0]->date, p->s[p->n - 1]->date);
    if (p->s[0]->sum->side[0]) /* "midline": a test with no side (issue 16) */
        fprintf(o, " &middot; %s%s", p->s[0]->sum->side,
                strcmp(p->s[0]->sum->side, "midline") ? " side" : "");
    fputs("</p>\n<p class=\"summary\">", o);
    rc__html_escape(o, p->summary);
    fputs("</p>\n", o);
    double pain[RC_PROGRESS_MAX_SESSIONS], after[RC_PROGRESS_MAX_SESSIONS],
        psfs[RC_PROGRESS_MAX_SESSIONS];
    int any_after = 0;
    for (int i = 0; i < p->n; i++) {
        pain[i] = p->s[i]->pain;
        after[i] = p->s[i]->pain_after;
        psfs[i] = p->s[i]->psfs;
        any_after |= isfinite(after[i]);
    }
    if (p->has_pain)
        pro_panel(o, p, &rc__nprs_scale, "pain", pain, any_after ? after : NULL);
    if (p->has_psfs)
        pro_panel(o, p, &rc__psfs_scale, "function", psfs, NULL);
    for (int a = 0; a < p->model->n_angles; a++)
        for (int k = 0; k < 3; k++)
            if (rc__progress_shows(&p->model->angle[a], (rc__measure_kind)k))
                angle_panel(o, p, a, (rc__measure_kind)k);
    fputs("<h2>Sessions</h2>\n", o);
    for (int a = 0; a < p->model->n_angles; a++) {
        fputs("<h3>", o);
        rc__html_escape(o, p->model->angle[a].label);
        fputs("</h3>\n", o);
        angle_table(o, p, a);
    }
    fputs("<p class=\"src\">Each change is from the first session (", o);
    rc__html_escape(o, p->design[p->n - 1].why);
    fputs(": between-session error figures apply). A verdict needs at least 3 repetitions "
          "in both sessions and a published figure of that design.</p>\n",
          o);
    rc__progress_check_table(o, p); /* progress_check.c */
    if (p->has_pain || p->has_psfs)
        outcomes_table(o, p);
    if (p->has_comp)
        comp_table(o, p);
    fputs("<p class=\"src\">NPRS: pain now, 0 (no pain) to 10 (worst imaginable). PSFS: up to "
          "five activities the patient names, each 0 (unable) to 10 (as before the problem); "
          "the score is their mean (Stratford et al. 1995). More movement does not by itself "
          "mean less pain.</p>\n</body></html>\n",
          o);
    return ferror(o) ? RC_E_IO : RC_OK;
}
