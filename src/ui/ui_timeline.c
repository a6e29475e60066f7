/* ui_timeline.c - the review window's timeline: the angle against time over the
 * whole recording under the video, its repetitions, the compensations the analysis
 * named, and a cursor at the frame shown; and the events that seek on it.
 *
 * Time maps linearly onto the plot's width (t0 at its left edge, t1 at its right),
 * the same mapping the review's seek model uses for clicks (review.h,
 * rc_review_axis), so the ui only reports where a click landed in canvas pixels.
 * The curve is drawn by time, not by sample index: frames dropped while recording
 * leave their real gap. With more samples than pixel columns each column is one
 * span from the lowest to the highest value falling in it (joined to the column
 * before), so an hour of frames costs one rectangle per column; fewer samples are
 * joined with lines.
 */
#include "ui_internal.h"

#include <math.h>
#include <stdio.h>

static const SDL_Color C_BG = {22, 26, 31, 255};
static const SDL_Color C_RULE = {50, 57, 66, 255};
static const SDL_Color C_TEXT = {232, 236, 239, 255};
static const SDL_Color C_TEXT2 = {150, 160, 170, 255};
static const SDL_Color C_NORMAL = {64, 120, 108, 80};
static const SDL_Color C_REP = {96, 150, 205, 46}; /* a repetition's span */
static const SDL_Color C_AMBER = {236, 178, 64, 255};
static const SDL_Color C_LINE = {246, 244, 236, 255};
static const SDL_Color C_CURSOR = {240, 110, 90, 255};

/* Values shown on the y axis: the finite samples and the normal band, padded. */
static int y_range(const rc_ui_timeline *tl, double *lo, double *hi)
{
    double a = INFINITY, b = -INFINITY;
    for (int64_t i = 0; i < tl->n; i++) {
        double v = tl->deg[i * tl->stride];
        if (isfinite(v))
            a = fmin(a, v), b = fmax(b, v);
    }
    if (tl->normal_max_deg > tl->normal_min_deg && isfinite(a))
        a = fmin(a, tl->normal_min_deg), b = fmax(b, tl->normal_max_deg);
    if (!isfinite(a))
        return 0;
    if (b - a < 10) /* a flat line still gets a readable scale */
        a -= 5, b += 5;
    double pad = 0.06 * (b - a);
    *lo = a - pad, *hi = b + pad;
    return 1;
}

/* Tick spacing for the time axis: the smallest of 0.1 .. 600 s leaving >= 64 px. */
static double tick_step(double span_s, float w, float s)
{
    static const double steps[] = {0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] / span_s * w >= 64 * s)
            return steps[i];
    return 600;
}

static void draw_curve(rc_ui *ui, const rc_ui_timeline *tl, SDL_FRect P, double lo, double hi)
{
    const float s = ui->s;
#define TX(t) (P.x + (float)(((t)-tl->t0_s) / (tl->t1_s - tl->t0_s)) * P.w)
#define VY(d) (P.y + P.h - (float)(((d)-lo) / (hi - lo)) * P.h)
    if (tl->n < (int64_t)P.w) {
        for (int64_t i = 1; i < tl->n; i++) {
            double a = tl->deg[(i - 1) * tl->stride], b = tl->deg[i * tl->stride];
            if (isfinite(a) && isfinite(b))
                rc__prim_line(ui, TX(tl->t_s[i - 1]), VY(a), TX(tl->t_s[i]), VY(b), 1.5f * s,
                              C_LINE);
        }
        return;
    }
    int col = -1;
    float mn = 0, mx = 0, prev = NAN;
    for (int64_t i = 0; i <= tl->n; i++) {
        double v = i < tl->n ? tl->deg[i * tl->stride] : NAN;
        int c = i < tl->n ? (int)floorf(TX(tl->t_s[i]) - P.x) : -1;
        if ((!isfinite(v) || c != col) && col >= 0) { /* the column is complete */
            rc__prim_rect(ui, P.x + col, mn - 0.75f * s, 1, mx - mn + 1.5f * s, C_LINE);
            col = -1;
        }
        if (!isfinite(v)) {
            prev = NAN;
            continue;
        }
        float y = VY(v);
        if (col < 0) {
            col = c, mn = mx = y;
            if (isfinite(prev)) /* joined to the column before */
                mn = fminf(mn, prev), mx = fmaxf(mx, prev);
        }
        mn = fminf(mn, y), mx = fmaxf(mx, y), prev = y;
    }
#undef VY
#undef TX
}

/* The axes' labels: degrees at the left, time ticks under the plot. */
static void draw_axes(rc_ui *ui, const rc_ui_timeline *tl, SDL_FRect P, double lo, double hi)
{
    const float s = ui->s, hs = (float)rc__font_height(ui, UI_FONT_SMALL);
    char buf[32];
    double vals[2] = {lo, hi};
    for (int k = 0; k < 2; k++) {
        snprintf(buf, sizeof buf, "%ld%s", lround(vals[k]), tl->unit ? tl->unit : "\xC2\xB0");
        float y = k ? P.y : P.y + P.h - hs;
        rc__text_draw(ui, UI_FONT_SMALL, P.x - 6 * s - rc__text_width(ui, UI_FONT_SMALL, buf), y,
                      C_TEXT2, buf);
    }
    double span = tl->t1_s - tl->t0_s, step = tick_step(span, P.w, s);
    for (double t = ceil(tl->t0_s / step) * step; t <= tl->t1_s + 1e-9; t += step) {
        float x = P.x + (float)((t - tl->t0_s) / span) * P.w;
        rc__prim_rect(ui, x, P.y + P.h, 1 * s, 4 * s, C_RULE);
        snprintf(buf, sizeof buf, step < 1 ? "%.1f s" : "%.0f s", t);
        float w = (float)rc__text_width(ui, UI_FONT_SMALL, buf);
        if (x + w / 2 < P.x + P.w + 12 * s)
            rc__text_draw(ui, UI_FONT_SMALL, x - w / 2, P.y + P.h + 4 * s, C_TEXT2, buf);
    }
}

void rc__draw_timeline(rc_ui *ui, const rc_ui_timeline *tl)
{
    const SDL_FRect R = ui->timeline_rect;
    const float s = ui->s, hs = (float)rc__font_height(ui, UI_FONT_SMALL);
    ui->plot_rect.w = 0;
    rc__prim_rect(ui, R.x, R.y, R.w, R.h, C_BG);
    rc__prim_rect(ui, R.x, R.y, R.w, 1 * s, C_RULE);
    /* Plot box: y labels left, a title line above, time labels below. */
    SDL_FRect P = {R.x + 52 * s, R.y + hs + 10 * s, R.w - 52 * s - 20 * s, 0};
    P.h = R.y + R.h - hs - 10 * s - P.y;
    if (!(tl->t1_s > tl->t0_s) || P.w < 40 || P.h < 16)
        return;
    ui->plot_rect = P;
    float tx = P.x;
    tx += rc__text_draw(ui, UI_FONT_SMALL, tx, R.y + 5 * s, C_TEXT, tl->label ? tl->label : "");
    for (int i = 0; tl->notes && i < tl->n_notes; i++) /* compensations, in amber */
        tx += rc__text_draw(ui, UI_FONT_SMALL, tx + 16 * s, R.y + 5 * s, C_AMBER, tl->notes[i]) +
              16 * s;
    double lo = 0, hi = 0;
    int have = tl->deg && tl->t_s && y_range(tl, &lo, &hi);
    float span = (float)(tl->t1_s - tl->t0_s);
    for (int k = 0; k < tl->n_reps; k++) { /* repetitions: shaded spans, numbered */
        float x0 = P.x + (float)(tl->rep_t0_s[k] - tl->t0_s) / span * P.w;
        float x1 = P.x + (float)(tl->rep_t1_s[k] - tl->t0_s) / span * P.w;
        x0 = fmaxf(x0, P.x), x1 = fminf(x1, P.x + P.w);
        if (!(x1 > x0))
            continue;
        rc__prim_rect(ui, x0, P.y, x1 - x0, P.h, C_REP);
        rc__prim_rect(ui, x0, P.y, 1 * s, P.h, (SDL_Color){96, 150, 205, 150});
        if (tl->rep_flagged && tl->rep_flagged[k])
            rc__prim_rect(ui, x0, P.y, x1 - x0, 4 * s, C_AMBER);
        char num[16];
        snprintf(num, sizeof num, "%d", k + 1);
        rc__text_draw(ui, UI_FONT_SMALL, x0 + 4 * s, P.y + 4 * s, C_TEXT2, num);
    }
    if (have) {
        if (tl->normal_max_deg > tl->normal_min_deg) {
            float y0 = P.y + P.h - (float)((tl->normal_max_deg - lo) / (hi - lo)) * P.h;
            float y1 = P.y + P.h - (float)((tl->normal_min_deg - lo) / (hi - lo)) * P.h;
            rc__prim_rect(ui, P.x, y0, P.w, y1 - y0, C_NORMAL);
        }
        draw_curve(ui, tl, P, lo, hi);
        draw_axes(ui, tl, P, lo, hi);
    }
    rc__prim_rect(ui, P.x, P.y + P.h, P.w, 1 * s, C_RULE);
    if (isfinite(tl->cursor_s)) { /* the frame shown */
        float x = P.x + (float)(tl->cursor_s - tl->t0_s) / span * P.w;
        rc__prim_rect(ui, x - 1 * s, P.y - 4 * s, 2 * s, P.h + 8 * s, C_CURSOR);
    }
    rc__prim_flush(ui);
}

int rc__timeline_event(rc_ui *ui, const SDL_Event *e, rc_ui_event *ev)
{
    const SDL_FRect P = ui->plot_rect;
    double x = 0, y = 0;
    switch (e->type) {
    case SDL_KEYDOWN: {
        SDL_Keycode k = e->key.keysym.sym;
        if (k == SDLK_LEFT || k == SDLK_RIGHT) { /* repeats step on while held */
            ev->type = RC_UI_EV_STEP_BY;
            ev->dir = k == SDLK_LEFT ? -1 : 1;
            ev->by_second = (e->key.keysym.mod & KMOD_SHIFT) != 0;
            return 1;
        }
        if (k == SDLK_HOME || k == SDLK_END) {
            ev->type = RC_UI_EV_SEEK;
            ev->x_px = k == SDLK_HOME ? -INFINITY : INFINITY;
            return 1;
        }
        /* The help overlay lists the live window's keys: not these. */
        return k == SDLK_h || k == SDLK_QUESTION || k == SDLK_SLASH ? 2 : 0;
    }
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button != SDL_BUTTON_LEFT || P.w <= 0)
            return 0;
        x = e->button.x * (double)ui->hidpi, y = e->button.y * (double)ui->hidpi;
        /* The whole strip's height, and a little either side of the plot, so a
         * click at the very start or end is easy to hit. */
        if (y < ui->timeline_rect.y || y >= ui->timeline_rect.y + ui->timeline_rect.h ||
            x < P.x - 12 * ui->s || x > P.x + P.w + 12 * ui->s)
            return 0;
        ui->tl_drag = 1;
        break;
    case SDL_MOUSEMOTION:
        if (!ui->tl_drag || !(e->motion.state & SDL_BUTTON_LMASK))
            return ui->tl_drag = 0, 0;
        x = e->motion.x * (double)ui->hidpi;
        break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.button != SDL_BUTTON_LEFT || !ui->tl_drag)
            return 0;
        ui->tl_drag = 0;
        return 2;
    default: return 0;
    }
    ev->type = RC_UI_EV_SEEK;
    ev->x_px = x;
    ev->y_px = y;
    return 1;
}

int rc_ui_timeline_axis(const rc_ui *ui, double *x0, double *w, double *y_mid)
{
    if (!ui || ui->plot_rect.w <= 0)
        return 0;
    *x0 = ui->plot_rect.x;
    *w = ui->plot_rect.w;
    *y_mid = ui->plot_rect.y + 0.5 * ui->plot_rect.h;
    return 1;
}

void rc_ui_set_title(rc_ui *ui, const char *title)
{
    if (ui && ui->win && title)
        SDL_SetWindowTitle(ui->win, title);
}
