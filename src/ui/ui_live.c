/* ui_live.c - the live feedback parts: repetitions and movement quality, the
 * scrolling angle-time plot, the marker trail, the patient view, the F1 debug
 * overlay, short messages and the source label ("SAMPLE — not a camera").
 *
 * The plot is drawn as one thin rectangle per column (the min..max of the samples
 * falling in it), so any number of samples costs one span per pixel column and
 * no line rasteriser is needed. The patient view keeps only what a patient two
 * metres away needs: the angle, the target band with a moving marker, green when
 * inside, the hold time and the repetition count.
 */
#include "ui_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const SDL_Color C_PANEL = {28, 33, 39, 255};
static const SDL_Color C_RULE = {50, 57, 66, 255};
static const SDL_Color C_TEXT = {232, 236, 239, 255};
static const SDL_Color C_TEXT2 = {150, 160, 170, 255};
static const SDL_Color C_MUTED = {100, 110, 120, 255};
static const SDL_Color C_NORMAL = {64, 120, 108, 255};
static const SDL_Color C_AMBER = {236, 178, 64, 255};
static const SDL_Color C_LINE = {246, 244, 236, 255};
static const SDL_Color C_GREEN = {52, 168, 83, 255}; /* inside the target */
static const SDL_Color C_GREEN_BG = {26, 84, 46, 255};
static const SDL_Color C_BOX = {12, 14, 17, 215};
static const SDL_Color C_LABEL = {200, 30, 45, 255}; /* source label box: opaque */

/* Angle-time plot in the box (x, y, w, h): normal band, target band, the curve. */
static void draw_plot(rc_ui *ui, const rc_ui_overlay *ov, float x, float y, float w, float h)
{
    const float s = ui->s;
    rc__prim_rect(ui, x, y, w, h, (SDL_Color){22, 26, 31, 255});
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < ov->plot_n; i++)
        if (isfinite(ov->plot_deg[i]))
            lo = fmin(lo, ov->plot_deg[i]), hi = fmax(hi, ov->plot_deg[i]);
    const rc_model_angle *a = ov->model && ov->model->n_angles ? &ov->model->angle[0] : NULL;
    const bool band = a && rc_model_has_norm(a) && a->normal_max_deg > a->normal_min_deg;
    if (band) /* none without a published norm (issue 16) */
        lo = fmin(lo, a->normal_min_deg), hi = fmax(hi, a->normal_max_deg);
    if (!(hi > lo))
        return;
    double pad = 0.08 * (hi - lo);
    lo -= pad, hi += pad;
#define PY(d) (y + h - (float)(((d)-lo) / (hi - lo)) * h)
    if (band)
        rc__prim_rect(ui, x, PY(a->normal_max_deg), w,
                      PY(a->normal_min_deg) - PY(a->normal_max_deg),
                      (SDL_Color){C_NORMAL.r, C_NORMAL.g, C_NORMAL.b, 70});
    if (ov->target_max_deg > ov->target_min_deg) {
        rc__prim_rect(ui, x, PY(ov->target_max_deg), w, 1.5f * s, C_AMBER);
        rc__prim_rect(ui, x, PY(ov->target_min_deg), w, 1.5f * s, C_AMBER);
    }
    int cols = (int)w;
    if (cols < 2 || ov->plot_n < 2)
        return;
    if (ov->plot_n < cols) { /* fewer samples than columns: join them with lines */
        float dx = w / (float)(ov->plot_n - 1);
        for (int i = 1; i < ov->plot_n; i++)
            if (isfinite(ov->plot_deg[i - 1]) && isfinite(ov->plot_deg[i]))
                rc__prim_line(ui, x + (i - 1) * dx, PY(ov->plot_deg[i - 1]), x + i * dx,
                              PY(ov->plot_deg[i]), 1.5f * s, C_LINE);
        return;
    }
    float prev = NAN;
    for (int c = 0; c < cols; c++) {
        int i0 = (int)((long)c * ov->plot_n / cols), i1 = (int)((long)(c + 1) * ov->plot_n / cols);
        double mn = INFINITY, mx = -INFINITY;
        for (int i = i0; i < i1 && i < ov->plot_n; i++)
            if (isfinite(ov->plot_deg[i]))
                mn = fmin(mn, ov->plot_deg[i]), mx = fmax(mx, ov->plot_deg[i]);
        if (!isfinite(mn)) {
            prev = NAN;
            continue;
        }
        float top = PY(mx), bot = PY(mn);
        /* Join to the previous column so steep movements stay continuous. */
        if (isfinite(prev))
            top = fminf(top, prev), bot = fmaxf(bot, prev);
        rc__prim_rect(ui, x + c, top - 0.75f * s, 1, bot - top + 1.5f * s, C_LINE);
        prev = PY(0.5 * (mn + mx));
    }
#undef PY
}

float rc__draw_live_block(rc_ui *ui, const rc_ui_overlay *ov, float x, float y, float w,
                          float limit)
{
    const float s = ui->s, hs = (float)rc__font_height(ui, UI_FONT_SMALL);
    const float hb = (float)rc__font_height(ui, UI_FONT_BOLD);
    char buf[64];
    if (ov->show_reps && y + hs + hb < limit) {
        const char *head[3] = {"REPS", "PEAK VEL", "SPARC"};
        float col = w / 3;
        for (int i = 0; i < 3; i++)
            rc__text_draw(ui, UI_FONT_SMALL, x + i * col, y, C_MUTED, head[i]);
        y += hs;
        snprintf(buf, sizeof buf, "%d", ov->n_reps);
        rc__text_draw(ui, UI_FONT_BOLD, x, y, C_TEXT, buf);
        const rc_model_angle *a0 = ov->model && ov->model->n_angles ? &ov->model->angle[0] : NULL;
        rc__fmt_speed(buf, sizeof buf, a0, fabs(ov->last_rep_peak_vel_deg_s)); /* deg/s, cm/s */
        rc__text_draw(ui, UI_FONT_BOLD, x + col, y, C_TEXT, buf);
        if (isfinite(ov->last_rep_sparc))
            snprintf(buf, sizeof buf, "%.2f", ov->last_rep_sparc);
        else
            snprintf(buf, sizeof buf, "\xE2\x80\x94");
        rc__text_draw(ui, UI_FONT_BOLD, x + 2 * col, y, C_TEXT, buf);
        y += hb + 10 * s;
    }
    float ph = 90 * s; /* TUNABLE: plot height at scale 1 */
    if (ov->plot_deg && ov->plot_n > 1 && y + ph + hs + 8 * s < limit) {
        snprintf(buf, sizeof buf, "last %.0f s", ov->plot_span_s);
        rc__text_draw(ui, UI_FONT_SMALL, x, y, C_MUTED, buf);
        y += hs + 2 * s;
        draw_plot(ui, ov, x, y, w, ph);
        y += ph + 10 * s;
    }
    return y;
}

void rc__draw_trail(rc_ui *ui, const rc_ui_overlay *ov)
{
    if (!ov->trail_x_px || !ov->trail_y_px || ov->trail_n < 2)
        return;
    for (int i = 1; i < ov->trail_n; i++) {
        if (!isfinite(ov->trail_x_px[i - 1]) || !isfinite(ov->trail_x_px[i]))
            continue;
        double x0, y0, x1, y1;
        rc_ui_frame_to_canvas(ui, ov->trail_x_px[i - 1], ov->trail_y_px[i - 1], &x0, &y0);
        rc_ui_frame_to_canvas(ui, ov->trail_x_px[i], ov->trail_y_px[i], &x1, &y1);
        /* Older points fade out. */
        Uint8 alpha = (Uint8)(40 + 160 * i / ov->trail_n);
        rc__prim_line(ui, (float)x0, (float)y0, (float)x1, (float)y1, 2.5f * ui->s,
                      (SDL_Color){C_AMBER.r, C_AMBER.g, C_AMBER.b, alpha});
    }
}

void rc__draw_patient(rc_ui *ui, const rc_ui_overlay *ov)
{
    const SDL_FRect P = ui->panel_rect;
    if (P.w < 40)
        return;
    const float s = ui->s, pad = 24 * s;
    const float x = P.x + pad, w = P.w - 2 * pad;
    int have_target = ov->target_max_deg > ov->target_min_deg;
    rc__prim_rect(ui, P.x, P.y, P.w, P.h, ov->in_target ? C_GREEN_BG : C_PANEL);
    float y = P.y + pad;
    const rc_model *m = ov->model;
    if (m && m->n_angles)
        rc__text_draw(ui, UI_FONT_MEDIUM, x, y, C_TEXT2,
                      m->angle[0].label[0] ? m->angle[0].label : m->angle[0].name);
    y += rc__font_height(ui, UI_FONT_MEDIUM) + 8 * s;
    double v = ov->angle_deg && m && m->n_angles ? ov->angle_deg[0] : NAN;
    char buf[64];
    const rc_model_angle *a0 = m && m->n_angles ? &m->angle[0] : NULL;
    rc__fmt_value(buf, sizeof buf, a0, v);
    float tw = (float)rc__text_width(ui, UI_FONT_HUGE, buf);
    rc__text_draw(ui, UI_FONT_HUGE, x + (w - tw) * 0.5f, y, ov->in_target ? C_GREEN : C_TEXT, buf);
    y += rc__font_height(ui, UI_FONT_HUGE) + 16 * s;

    /* The target as a big vertical-free bar: band, current value. */
    if (have_target) {
        double t0 = ov->target_min_deg, t1 = ov->target_max_deg, span = t1 - t0;
        double s0 = t0 - span, s1 = t1 + span;
        if (isfinite(v))
            s0 = fmin(s0, v), s1 = fmax(s1, v);
        float bh = 28 * s;
#define BX(d) (x + (float)(((d)-s0) / (s1 - s0)) * w)
        rc__prim_rect(ui, x, y, w, bh, C_RULE);
        rc__prim_rect(ui, BX(t0), y, BX(t1) - BX(t0), bh, ov->in_target ? C_GREEN : C_AMBER);
        if (isfinite(v))
            rc__prim_rect(ui, BX(v) - 3 * s, y - 8 * s, 6 * s, bh + 16 * s, C_TEXT);
#undef BX
        y += bh + 14 * s;
        char a[16], b[16];
        rc__fmt_value(a, sizeof a, a0, t0);
        rc__fmt_value(b, sizeof b, a0, t1);
        snprintf(buf, sizeof buf, "target %s \xE2\x80\x93 %s", a, b);
        rc__text_draw(ui, UI_FONT_MEDIUM, x, y, C_TEXT2, buf);
        y += rc__font_height(ui, UI_FONT_MEDIUM) + 18 * s;
    }
    const float hb = (float)rc__font_height(ui, UI_FONT_BOLD);
    if (y + 2 * hb < P.y + P.h) {
        snprintf(buf, sizeof buf, "Repetitions  %d", ov->n_reps);
        rc__text_draw(ui, UI_FONT_BOLD, x, y, C_TEXT, buf);
        y += hb + 8 * s;
        if (ov->hold_s > 0) {
            snprintf(buf, sizeof buf, "Hold  %.1f s", ov->hold_s);
            rc__text_draw(ui, UI_FONT_BOLD, x, y, ov->in_target ? C_GREEN : C_TEXT, buf);
        }
    }
    if (ov->muted)
        rc__text_draw(ui, UI_FONT_SMALL, x, P.y + P.h - pad, C_MUTED, "sound off (M)");
}

static void box_lines(rc_ui *ui, float x, float y, const char *text, SDL_Color c)
{
    const float hs = (float)rc__font_height(ui, UI_FONT_SMALL), s = ui->s;
    char line[160];
    int n = 0;
    float wmax = 0;
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), p);
        wmax = fmaxf(wmax, (float)rc__text_width(ui, UI_FONT_SMALL, line));
        n++;
        p = e ? e + 1 : p + len;
    }
    rc__prim_rect(ui, x, y, wmax + 16 * s, n * hs + 12 * s, C_BOX);
    float ty = y + 6 * s;
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), p);
        rc__text_draw(ui, UI_FONT_SMALL, x + 8 * s, ty, c, line);
        ty += hs;
        p = e ? e + 1 : p + len;
    }
}

void rc__draw_debug(rc_ui *ui, const rc_ui_overlay *ov)
{
    box_lines(ui, ui->video_rect.x + 8 * ui->s, ui->video_rect.y + 8 * ui->s, ov->debug_text,
              (SDL_Color){180, 230, 190, 255});
}

void rc__draw_toast(rc_ui *ui, const char *txt)
{
    float w = (float)rc__text_width(ui, UI_FONT_MEDIUM, txt), s = ui->s;
    float h = (float)rc__font_height(ui, UI_FONT_MEDIUM);
    float x = ui->video_rect.x + (ui->video_rect.w - w) * 0.5f;
    float y = ui->video_rect.y + ui->video_rect.h - h - 28 * s;
    rc__prim_rect(ui, x - 14 * s, y - 8 * s, w + 28 * s, h + 16 * s, C_BOX);
    rc__text_draw(ui, UI_FONT_MEDIUM, x, y, C_TEXT, txt);
    (void)C_MUTED;
}

void rc__draw_source_label(rc_ui *ui, const char *txt)
{
    const float s = ui->s;
    float w = (float)rc__text_width(ui, UI_FONT_BOLD, txt);
    float h = (float)rc__font_height(ui, UI_FONT_BOLD);
    float x = ui->video_rect.x + (ui->video_rect.w - w) * 0.5f, y = ui->video_rect.y + 14 * s;
    rc__prim_rect(ui, x - 16 * s, y - 8 * s, w + 32 * s, h + 16 * s, C_LABEL);
    rc__text_draw(ui, UI_FONT_BOLD, x, y, (SDL_Color){255, 255, 255, 255}, txt);
}
