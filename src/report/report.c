/* report.c - the pre/post page (inline CSS + SVG, no script) and report.json.
 *
 * Layout per angle: a plot of both angle-time curves over the normal-range band, the
 * set's ROM (peak, trough, range: mean over repetitions) with a direction-aware
 * verdict against the measurement error of the matching design (verdict.c), the
 * other measures without a verdict, per-repetition ROM when the summaries have
 * repetitions, and the stored frames at peak ROM. Every string that
 * came from a user or a file goes through rc__html_escape.
 */
#include "report_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "romcap/metrics_json.h"

void rc__html_escape(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

static void cell(FILE *f, double v, const char *fmt)
{
    fputs("<td>", f);
    if (isnan(v))
        fputs("&ndash;", f);
    else
        fprintf(f, fmt, v);
    fputs("</td>", f);
}

typedef struct measure {
    const char *key, *label, *unit;
    double pre, post;
} measure;

/* The informational rows of angle a (no verdict: no published error); returns how
 * many. The set's ROM rows with their verdicts are verdict.c's. */
static int measures(const rc__side *pre, const rc__side *post, int a, measure *m)
{
    const rc__angle_side *p = &pre->angle[a], *q = &post->angle[a];
    const rc_model_angle *d = &pre->model.angle[a]; /* its unit: deg, or cm (issue 16) */
    int n = 0;
    if (p->rom_reps >= 0 || q->rom_reps >= 0)
        m[n++] = (measure){"largest_peak_deg", "Largest repetition's peak",
                           rc_model_unit(d, RC_UNIT_WORD), p->rom_largest_peak_deg,
                           q->rom_largest_peak_deg};
    if (!isnan(p->peak_velocity_deg_s) || !isnan(q->peak_velocity_deg_s))
        m[n++] = (measure){"peak_velocity_deg_s",
                           d->type == RC_ANGLE_DISTANCE ? "Peak velocity" : "Peak angular velocity",
                           rc_model_unit(d, RC_UNIT_SPEED), p->peak_velocity_deg_s,
                           q->peak_velocity_deg_s};
    if (!isnan(p->sparc) || !isnan(q->sparc))
        m[n++] = (measure){"sparc", "Smoothness, SPARC, mean of movements (closer to 0 = smoother)",
                           "", p->sparc, q->sparc};
    if (!isnan(p->ldlj) || !isnan(q->ldlj))
        m[n++] = (measure){"ldlj", "Smoothness, LDLJ-V, mean of movements (closer to 0 = smoother)",
                           "", p->ldlj, q->ldlj};
    return n;
}

/* ---- SVG plot ---------------------------------------------------------------------- */

enum { PW = 720, PH = 280, ML = 52, MR = 16, MT = 14, MB = 38, MAX_TICKS = 40 };

static double nice_step(double span)
{
    static const double steps[] = {0.1, 0.2, 0.5, 1,   2,   5,   10,  15,  20,  30,
                                   45,  60,  90,  120, 180, 300, 600, 900, 1800};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (span / steps[i] <= 8)
            return steps[i];
    return 360;
}

static void path(FILE *f, const rc__side *s, int a, double t_max, double lo, double hi,
                 const char *cls)
{
    const double *v = s->angle[a].series;
    int64_t n = s->n_rows;
    if (!v || n == 0)
        return;
    double t0 = s->t_s[0];
    int64_t stride = n > 1500 ? n / 1500 + 1 : 1; /* keeps the page small */
    fprintf(f, "<path class=\"%s\" d=\"", cls);
    int pen = 0;
    for (int64_t i = 0; i < n; i += stride) {
        if (isnan(v[i])) {
            pen = 0;
            continue;
        }
        double x = ML + (s->t_s[i] - t0) / t_max * (PW - ML - MR);
        double y = MT + (hi - v[i]) / (hi - lo) * (PH - MT - MB);
        fprintf(f, "%c%.1f %.1f ", pen ? 'L' : 'M', x, y);
        pen = 1;
    }
    fputs("\"/>\n", f);
}

static void range_of(const rc__side *s, int a, double *lo, double *hi, double *t_max)
{
    for (int64_t i = 0; s->angle[a].series && i < s->n_rows; i++) {
        double v = s->angle[a].series[i];
        if (!isnan(v)) {
            *lo = fmin(*lo, v);
            *hi = fmax(*hi, v);
        }
    }
    if (s->n_rows > 1)
        *t_max = fmax(*t_max, s->t_s[s->n_rows - 1] - s->t_s[0]);
}

static void plot(FILE *f, const rc__side *pre, const rc__side *post, int a)
{
    const rc_model_angle *d = &pre->model.angle[a];
    const bool band = rc_model_has_norm(d); /* none: no band drawn (issue 16) */
    double lo = band ? fmin(d->normal_min_deg, d->normal_max_deg) : INFINITY;
    double hi = band ? fmax(d->normal_min_deg, d->normal_max_deg) : -INFINITY, t_max = 0;
    range_of(pre, a, &lo, &hi, &t_max);
    range_of(post, a, &lo, &hi, &t_max);
    if (!(hi >= lo)) /* no band and no value */
        lo = hi = 0;
    if (t_max <= 0)
        t_max = 1;
    double step = nice_step(hi - lo + 1e-9);
    lo = floor(lo / step) * step;
    hi = ceil(hi / step) * step;
    if (hi <= lo)
        hi = lo + step;
    fprintf(f, "<svg class=\"plot\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", PW, PH);
    rc__html_escape(f, d->label);
    fputs(" against time, before and after\">\n", f);
    double yb0 = MT + (hi - d->normal_max_deg) / (hi - lo) * (PH - MT - MB);
    double yb1 = MT + (hi - d->normal_min_deg) / (hi - lo) * (PH - MT - MB);
    if (band)
        fprintf(f, "<rect class=\"band\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\"/>\n", ML,
                fmin(yb0, yb1), PW - ML - MR, fabs(yb1 - yb0));
    /* At most MAX_TICKS lines: a finite but absurd value (1e300 deg in a damaged
     * angles.csv) must give a strange plot, not a loop of 1e297 grid lines. */
    for (int k = 0; k <= MAX_TICKS && lo + k * step <= hi + 1e-9; k++) {
        double v = lo + k * step;
        double y = MT + (hi - v) / (hi - lo) * (PH - MT - MB);
        fprintf(f,
                "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
                ML, y, PW - MR, y, ML - 6, y + 4, v);
    }
    double tstep = nice_step(t_max);
    for (int k = 0; k <= MAX_TICKS && k * tstep <= t_max + 1e-9; k++) {
        double t = k * tstep;
        double x = ML + t / t_max * (PW - ML - MR);
        fprintf(f, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%g</text>\n", x,
                PH - MB + 16, t);
    }
    fprintf(f,
            "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">time (s)</text>\n"
            "<text class=\"axis\" x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" "
            "text-anchor=\"middle\">%s</text>\n",
            (PW + ML) / 2, PH - 4, (PH - MB + MT) / 2, (PH - MB + MT) / 2,
            rc_model_unit(d, RC_UNIT_AXIS));
    path(f, pre, a, t_max, lo, hi, "pre");
    path(f, post, a, t_max, lo, hi, "post");
    fputs("</svg>\n", f);
}

/* ---- page ----------------------------------------------------------------------------- */

static const char *CSS =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#222;max-width:780px;margin:24px "
    "auto;padding:0 12px;font-size:14px}\n"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px "
    "solid #bbb}\n"
    ".meta{color:#444;margin:0 0 12px}.meta td{padding:1px 12px 1px 0}\n"
    "table.num{border-collapse:collapse;width:100%;margin:8px 0}\n"
    "table.num th,table.num td{border:1px solid #ccc;padding:4px 6px;text-align:right}\n"
    "table.num th:first-child,table.num td:first-child{text-align:left}\n"
    "table.num thead{background:#f0f0f0}\n"
    ".improved{font-weight:bold;color:#0a5d1a}.worse{font-weight:bold;color:#b3261e}\n"
    "table.verdict td:last-child{text-align:left}\n"
    ".within{color:#555}.changed{font-weight:bold;color:#1f5fbf}.none{color:#555;"
    "font-style:italic}\n"
    "svg.plot{width:100%;height:auto;border:1px solid #ddd}\n"
    ".band{fill:#d8f0d8}.grid{stroke:#e4e4e4;stroke-width:1}\n"
    ".tick{font-size:11px;fill:#555}.axis{font-size:12px;fill:#333}\n"
    "path.pre{fill:none;stroke:#1f5fbf;stroke-width:1.8}\n"
    "path.post{fill:none;stroke:#d9620b;stroke-width:1.8}\n"
    ".key span{display:inline-block;width:18px;height:3px;vertical-align:middle;margin:0 4px "
    "0 12px}\n"
    ".thumbs{display:flex;gap:12px}.thumbs figure{margin:0;flex:1}.thumbs img{width:100%;"
    "border:1px solid #ccc}\n"
    "figcaption{font-size:12px;color:#444}.note{font-size:12px;color:#555}\n"
    ".warning{border:2px solid #b3261e;background:#fdecea;color:#5f1410;padding:8px 10px;"
    "margin:10px 0}\n"
    "section{break-inside:avoid;page-break-inside:avoid}\n"
    "@media print{body{margin:0;max-width:none}@page{size:A4;margin:14mm}}\n";

static void side_label(FILE *f, const rc__side *s, const char *def)
{
    rc__html_escape(f, s->meta.tag[0] ? s->meta.tag : def);
    fputs(" (", f);
    rc__html_escape(f, s->meta.created);
    fputs(")", f);
}

static void reps_table(FILE *f, const rc__angle_side *p, const rc__angle_side *q, const char *u)
{
    int n = p->n_reps > q->n_reps ? p->n_reps : q->n_reps;
    if (n <= 0)
        return;
    fprintf(f,
            "<table class=\"num reps\"><thead><tr><th>Repetition</th><th>ROM before (%s)</th>"
            "<th>ROM after (%s)</th></tr></thead><tbody>\n",
            u, u);
    for (int i = 0; i < n; i++) {
        fprintf(f, "<tr><td>%d</td>", i + 1);
        cell(f, i < p->n_reps ? p->rep_rom_deg[i] : NAN, "%.1f");
        cell(f, i < q->n_reps ? q->rep_rom_deg[i] : NAN, "%.1f");
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

static void thumb(FILE *f, const rc__side *s, int a, const char *which)
{
    const rc__angle_side *x = &s->angle[a];
    if (!x->thumb_b64)
        return;
    fprintf(f,
            "<figure><img alt=\"%s at peak\" src=\"data:image/jpeg;base64,%s\"/>"
            "<figcaption>%s: frame %lld, ",
            which, x->thumb_b64, which, (long long)x->peak_frame);
    if (!isnan(x->max_deg))
        fprintf(f, "%.1f %s", x->max_deg, rc_model_unit(&s->model.angle[a], RC_UNIT_WORD));
    fputs("</figcaption></figure>\n", f);
}

static void mean_sd_cell(FILE *f, double mean, double sd, int reps)
{
    fputs("<td>", f);
    if (isnan(mean))
        fputs("&ndash;", f);
    else if (isfinite(sd))
        fprintf(f, "%.1f &plusmn; %.1f (n=%d)", mean, sd, reps);
    else
        fprintf(f, "%.1f (n=%d)", mean, reps);
    fputs("</td>", f);
}

static const char *verdict_class(rc__verdict_kind k)
{
    switch (k) {
    case RC__IMPROVED: return "improved";
    case RC__WORSE: return "worse";
    case RC__WITHIN: return "within";
    case RC__CHANGED: return "changed";
    default: return "none";
    }
}

static void figure_html(FILE *f, const rc__error_pick *p, const char *u)
{
    const rc_model_mdc *x = p->fig;
    fprintf(f, "MDC95 %.1f %s", p->mdc95_deg, u);
    if (p->combined)
        fprintf(f, " (range: the peak's %.1f and the trough's %.1f added in quadrature)",
                x->mdc95_deg, p->fig2->mdc95_deg);
    for (int k = 0; k < 1 + p->combined; k++) {
        x = k ? p->fig2 : p->fig;
        fprintf(f, "%s %s, %s rater, %s", k ? "; and" : ":",
                x->session == RC_MDC_WITHIN_SESSION ? "within session" : "between sessions",
                rc_mdc_rater_name(x->rater), x->method);
        if (x->mdc95_from_sem)
            fprintf(f, ", from SEM %.1f %s (MDC95 = 1.96 &times; &radic;2 &times; SEM)", x->sem_deg,
                    u);
        fputs(" (", f);
        rc__html_escape(f, x->source);
        if (x->note[0]) {
            fputs("; ", f);
            rc__html_escape(f, x->note);
        }
        fputs(")", f);
    }
}

/* The set's ROM: peak, trough and range with their verdicts and the figures used. */
static void verdict_table(FILE *f, const rc__side *pre, const rc__side *post, int a,
                          const rc__design *d)
{
    static const char *const label[] = {"Peak (set mean)", "Trough (set mean)",
                                        "Range (set mean)"};
    rc__verdict v[3];
    const char *u = rc_model_unit(&pre->model.angle[a], RC_UNIT_WORD);
    fprintf(f,
            "<table class=\"num verdict\"><thead><tr><th>Set ROM (%s)</th><th>Before</th>"
            "<th>After</th><th>Change</th><th>Better</th><th>MDC95</th><th>Verdict</th></tr>"
            "</thead><tbody>\n",
            u);
    for (int k = 0; k < 3; k++) {
        rc__verdict_of(pre, post, a, (rc__measure_kind)k, d, &v[k]);
        fprintf(f, "<tr><td>%s</td>", label[k]);
        mean_sd_cell(f, v[k].pre, v[k].pre_sd, v[k].pre_reps);
        mean_sd_cell(f, v[k].post, v[k].post_sd, v[k].post_reps);
        double ch = fabs(v[k].change) < 0.05 ? 0.0 : v[k].change; /* no "-0.0"; NAN stays */
        cell(f, ch, "%+.1f");
        fprintf(f, "<td>%s</td>", rc__better_word(v[k].better));
        cell(f, v[k].used ? v[k].used->mdc95_deg : NAN, "%.1f");
        fprintf(f, "<td class=\"%s\">%s</td></tr>\n", verdict_class(v[k].kind),
                v[k].kind ? rc__verdict_word(v[k].kind) : v[k].reason);
    }
    fputs("</tbody></table>\n<p class=\"note\">", f);
    for (int k = 0; k < 3; k++) {
        fprintf(f, "%s%s: ", k ? "<br/>" : "", rc__measure_name((rc__measure_kind)k));
        if (!v[k].clinical.found)
            fputs("no published figure for this design", f);
        else
            figure_html(f, &v[k].clinical, u);
        if (v[k].own.found) {
            fputs(". romcap's own repeatability (used): ", f);
            figure_html(f, &v[k].own, u);
        }
    }
    fputs(".</p>\n", f);
}

static void info_table(FILE *f, const rc__side *pre, const rc__side *post, int a)
{
    measure m[8];
    int nm = measures(pre, post, a, m);
    if (!nm)
        return;
    fputs("<table class=\"num\"><thead><tr><th>Measure</th><th>Before</th><th>After</th>"
          "<th>Change</th></tr></thead><tbody>\n",
          f);
    for (int i = 0; i < nm; i++) {
        double ch = m[i].post - m[i].pre;
        if (fabs(ch) < 0.005)
            ch = 0; /* no "-0.0" */
        fprintf(f, "<tr><td>%s%s%s%s</td>", m[i].label, m[i].unit[0] ? " (" : "", m[i].unit,
                m[i].unit[0] ? ")" : "");
        const char *fmt = m[i].unit[0] ? "%.1f" : "%.2f";
        cell(f, m[i].pre, fmt);
        cell(f, m[i].post, fmt);
        cell(f, ch, m[i].unit[0] ? "%+.1f" : "%+.2f");
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

rc_status rc__report_html(FILE *f, const rc__side *pre, const rc__side *post, const char *title,
                          const char *warning, const rc__design *d_design)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>", f);
    rc__html_escape(f, title);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", CSS);
    rc__html_escape(f, title);
    fputs("</h1>\n<table class=\"meta\">\n<tr><td>Subject</td><td>", f);
    rc__html_escape(f, pre->meta.subject[0] ? pre->meta.subject : "(not given)");
    if (strcmp(pre->meta.subject, post->meta.subject)) {
        fputs(" / ", f);
        rc__html_escape(f, post->meta.subject);
    }
    fputs("</td></tr>\n<tr><td>Test</td><td>", f);
    rc__html_escape(f, pre->meta.test);
    fputs(" &ndash; ", f);
    rc__html_escape(f, pre->model.title);
    fputs("</td></tr>\n<tr><td>Before</td><td>", f);
    side_label(f, pre, "pre");
    fputs("</td></tr>\n<tr><td>After</td><td>", f);
    side_label(f, post, "post");
    fputs("</td></tr>\n</table>\n<p class=\"key\"><span style=\"background:#1f5fbf\"></span>"
          "before<span style=\"background:#d9620b\"></span>after",
          f);
    rc__report_norm_key(f, &pre->model); /* the band's key, when a measure has a band */
    if (warning && warning[0]) {
        fputs("<p class=\"warning\" role=\"alert\"><strong>Warning:</strong> ", f);
        rc__html_escape(f, warning);
        fputs("</p>\n", f);
    }
    fprintf(f, "<p class=\"note\">Verdicts use %s measurement error figures: ",
            d_design->session == RC_MDC_WITHIN_SESSION ? "within-session" : "between-session");
    rc__html_escape(f, d_design->why);
    fprintf(f, "; %s rater%s. A verdict needs at least %d repetitions on each side.</p>\n",
            d_design->different_raters ? "different" : "same",
            d_design->different_raters ? "s" : "", RC__MIN_VERDICT_REPS);
    rc__report_check_html(f, pre, post); /* issue 20 */
    for (int a = 0; a < pre->model.n_angles; a++) {
        const rc_model_angle *d = &pre->model.angle[a];
        if (!pre->angle[a].present && !post->angle[a].present)
            continue;
        fputs("<section class=\"angle\">\n<h2>", f);
        rc__html_escape(f, d->label);
        fputs("</h2>\n", f);
        plot(f, pre, post, a);
        verdict_table(f, pre, post, a, d_design);
        rc__report_comp_html(f, pre, post, a);
        info_table(f, pre, post, a);
        reps_table(f, &pre->angle[a], &post->angle[a], rc_model_unit(d, RC_UNIT_WORD));
        rc__report_norm_html(f, &pre->model, d); /* report_units.c: band or "no published norm" */
        if (pre->angle[a].thumb_b64 || post->angle[a].thumb_b64) {
            fputs("<div class=\"thumbs\">\n", f);
            thumb(f, pre, a, "Before");
            thumb(f, post, a, "After");
            fputs("</div>\n", f);
        }
        fputs("</section>\n", f);
    }
    fputs("<p class=\"note\">Angles measured in 2-D from video markers by ", f);
    rc__html_escape(f, pre->meta.software);
    fputs(". Set ROM: the filtered angle per repetition (peak and trough of each), mean and SD "
          "over the repetitions. A change is \"improved\" or \"worse\" only when its size "
          "exceeds the 95 % minimal detectable change (MDC95) of a published figure measured "
          "with the same design as this comparison; smaller changes cannot be told apart from "
          "measurement error. A range combines two readings: without a published range figure "
          "its MDC95 is the peak's and the trough's added in quadrature.</p>\n"
          "</body>\n</html>\n",
          f);
    return ferror(f) ? RC_E_IO : RC_OK;
}

static void jnum(cJSON *o, const char *k, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static cJSON *side_json(const rc__side *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "folder", s->dir);
    cJSON_AddStringToObject(o, "created", s->meta.created);
    cJSON_AddStringToObject(o, "tag", s->meta.tag);
    cJSON_AddStringToObject(o, "subject", s->meta.subject);
    cJSON_AddNumberToObject(o, "frames", (double)s->n_rows);
    cJSON_AddItemToObject(o, "check", rc__report_check_json(s)); /* issue 20 */
    return o;
}

static cJSON *figure_json(const rc__error_pick *p)
{
    if (!p->found)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "mdc95_deg", p->mdc95_deg);
    cJSON_AddStringToObject(o, "combined", p->combined ? "peak and trough in quadrature" : "");
    cJSON *figs = cJSON_AddArrayToObject(o, "figures");
    for (int k = 0; k < 1 + p->combined; k++) {
        cJSON_AddItemToArray(figs, rc_model_mdc_json(k ? p->fig2 : p->fig, true));
    }
    return o;
}

static cJSON *verdict_json(const rc__side *pre, const rc__side *post, int a, rc__measure_kind k,
                           const rc__design *d)
{
    rc__verdict v;
    rc__verdict_of(pre, post, a, k, d, &v);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "measure", rc__measure_name(k));
    cJSON_AddStringToObject(o, "unit", rc_model_unit(&pre->model.angle[a], RC_UNIT_WORD));
    jnum(o, "pre", v.pre);
    jnum(o, "post", v.post);
    jnum(o, "change", v.change);
    jnum(o, "pre_sd", v.pre_sd);
    jnum(o, "post_sd", v.post_sd);
    cJSON_AddNumberToObject(o, "pre_reps", v.pre_reps);
    cJSON_AddNumberToObject(o, "post_reps", v.post_reps);
    cJSON_AddStringToObject(o, "better", rc__better_word(v.better));
    if (v.kind)
        cJSON_AddStringToObject(o, "verdict", rc__verdict_word(v.kind));
    else
        cJSON_AddNullToObject(o, "verdict");
    cJSON_AddStringToObject(o, "reason", v.reason);
    cJSON_AddStringToObject(o, "figure_used", v.own.found ? "romcap" : v.clinical.found ? "published" : "none");
    cJSON_AddItemToObject(o, "published", figure_json(&v.clinical));
    cJSON_AddItemToObject(o, "romcap", figure_json(&v.own));
    return o;
}

cJSON *rc__report_json(const rc__side *pre, const rc__side *post, const char *title,
                       const char *warning, const rc__design *design)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", "romcap-report/1");
    cJSON_AddStringToObject(root, "title", title);
    cJSON *warnings = cJSON_AddArrayToObject(root, "warnings");
    if (warning && warning[0])
        cJSON_AddItemToArray(warnings, cJSON_CreateString(warning));
    cJSON_AddStringToObject(root, "test", pre->meta.test);
    cJSON_AddStringToObject(root, "model", pre->model.name);
    cJSON_AddItemToObject(root, "pre", side_json(pre));
    cJSON_AddItemToObject(root, "post", side_json(post));
    cJSON *cmp = cJSON_AddObjectToObject(root, "comparison");
    cJSON_AddStringToObject(cmp, "design", rc_mdc_session_name(design->session));
    cJSON_AddStringToObject(cmp, "why", design->why);
    cJSON_AddStringToObject(cmp, "raters", design->different_raters ? "different" : "same");
    cJSON_AddNumberToObject(cmp, "min_reps", RC__MIN_VERDICT_REPS);
    cJSON *angles = cJSON_AddArrayToObject(root, "angles");
    for (int a = 0; a < pre->model.n_angles; a++) {
        const rc_model_angle *d = &pre->model.angle[a];
        cJSON *aj = cJSON_CreateObject();
        cJSON_AddItemToArray(angles, aj);
        cJSON_AddStringToObject(aj, "name", d->name);
        cJSON_AddStringToObject(aj, "label", d->label);
        rc_json_normal_range(aj, d, true); /* the band, or null and why (summary_norm.c) */
        cJSON *vs = cJSON_AddArrayToObject(aj, "verdicts");
        for (int k = 0; k < 3; k++)
            cJSON_AddItemToArray(vs, verdict_json(pre, post, a, (rc__measure_kind)k, design));
        cJSON *ms = cJSON_AddArrayToObject(aj, "measures");
        measure m[8];
        int nm = measures(pre, post, a, m);
        for (int i = 0; i < nm; i++) {
            cJSON *mj = cJSON_CreateObject();
            cJSON_AddItemToArray(ms, mj);
            cJSON_AddStringToObject(mj, "name", m[i].key);
            jnum(mj, "pre", m[i].pre);
            jnum(mj, "post", m[i].post);
            jnum(mj, "change", m[i].post - m[i].pre);
            cJSON_AddStringToObject(mj, "unit", m[i].unit);
        }
        cJSON *reps = cJSON_AddObjectToObject(aj, "rep_rom_deg");
        const rc__side *sides[2] = {pre, post};
        for (int k = 0; k < 2; k++) {
            const rc__angle_side *x = &sides[k]->angle[a];
            if (x->n_reps < 0) {
                cJSON_AddNullToObject(reps, k ? "post" : "pre");
                continue;
            }
            cJSON *arr = cJSON_AddArrayToObject(reps, k ? "post" : "pre");
            for (int i = 0; i < x->n_reps; i++)
                cJSON_AddItemToArray(arr, isfinite(x->rep_rom_deg[i])
                                              ? cJSON_CreateNumber(x->rep_rom_deg[i])
                                              : cJSON_CreateNull());
        }
        cJSON *pk = cJSON_AddObjectToObject(aj, "peak_frame");
        cJSON_AddNumberToObject(pk, "pre", (double)pre->angle[a].peak_frame);
        cJSON_AddNumberToObject(pk, "post", (double)post->angle[a].peak_frame);
    }
    return root;
}

static FILE *create_private(const char *path, rc_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        rc_err_set(err, RC_E_IO, "%s: cannot create: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    return f;
}

/* The sessions' identities as analysed. A summary that does not say how it was
 * measured (older files, other tools: -1) is taken to match the other side: only a
 * known difference is refused. */
static rc_status check_comparable(const rc__side *pre, const rc__side *post, int force,
                                  char *warning, size_t cap, rc_err *err)
{
    rc__identity a = {pre->dir, &pre->model, pre->mirrored, pre->calibrated};
    rc__identity b = {post->dir, &post->model, post->mirrored, post->calibrated};
    if (a.mirrored < 0 || b.mirrored < 0)
        a.mirrored = b.mirrored = 0;
    if (a.calibrated < 0 || b.calibrated < 0)
        a.calibrated = b.calibrated = 0;
    return rc__comparable(&a, &b, force, warning, cap, err);
}

rc_status rc_report_compare(const char *pre_dir, const char *post_dir, const char *html_path,
                            const char *json_path, const rc_report_options *opt, rc_err *err)
{
    rc_report_options def = {.title = NULL, .thumbnails = 1};
    if (!opt)
        opt = &def;
    rc__side *pre = calloc(1, sizeof *pre), *post = calloc(1, sizeof *post);
    rc_status st = RC_OK;
    int created = 0;
    if (!pre || !post) {
        st = rc_err_set(err, RC_E_NOMEM, "out of memory");
        goto done;
    }
    if ((st = rc__side_load(pre, pre_dir, opt->thumbnails, err)) != RC_OK ||
        (st = rc__side_load(post, post_dir, opt->thumbnails, err)) != RC_OK)
        goto done;
    char warning[400];
    if ((st = check_comparable(pre, post, opt->force, warning, sizeof warning, err)) != RC_OK)
        goto done;
    if (opt->warning && opt->warning_cap)
        snprintf(opt->warning, opt->warning_cap, "%s", warning);
    rc__design design;
    rc__design_of(pre, post, opt->same_application, &design);
    design.different_raters = opt->different_raters;
    char title[256];
    if (opt->title)
        snprintf(title, sizeof title, "%s", opt->title);
    else
        snprintf(title, sizeof title, "Range of motion: %s",
                 pre->meta.test[0] ? pre->meta.test : pre->model.title);
    FILE *f = create_private(html_path, err);
    if (!f) {
        st = RC_E_IO;
        goto done;
    }
    created = 1;
    st = rc__report_html(f, pre, post, title, warning, &design);
    if (fclose(f) != 0 || st != RC_OK) {
        st = rc_err_set(err, RC_E_IO, "%s: write failed", html_path);
        goto done;
    }
    if (json_path) {
        cJSON *j = rc__report_json(pre, post, title, warning, &design);
        char *text = j ? cJSON_Print(j) : NULL;
        cJSON_Delete(j);
        FILE *jf = text ? create_private(json_path, err) : NULL;
        if (!jf) {
            st = text ? RC_E_IO : rc_err_set(err, RC_E_NOMEM, "out of memory");
        } else {
            fputs(text, jf);
            fputc('\n', jf);
            if (fclose(jf) != 0)
                st = rc_err_set(err, RC_E_IO, "%s: write failed", json_path);
        }
        free(text);
    }
done:
    if (st != RC_OK && created) { /* no half report */
        unlink(html_path);
        if (json_path)
            unlink(json_path);
    }
    if (pre)
        rc__side_free(pre);
    if (post)
        rc__side_free(post);
    free(pre);
    free(post);
    return st;
}
