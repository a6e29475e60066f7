/* ui_draw.c - layout and drawing of the video, the overlays and the side panel.
 *
 * Colours are deliberately quiet: a dark slate panel, off-white text, markers in
 * their sticker colours, and one warm white for angle arcs, so the eye goes to
 * the limb and the number. Angle arcs start at the angle's zero direction (the
 * extension line of the proximal segment for a straight three-point angle, the
 * vertical for a segment angle ...) and sweep to the moving segment, so the arc
 * always spans exactly the value written next to it.
 */
#include "ui_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Palette (sRGB). */
static const SDL_Color C_BACK = {17, 20, 24, 255};     /* letterbox / no video */
static const SDL_Color C_PANEL = {28, 33, 39, 255};    /* side panel */
static const SDL_Color C_RULE = {50, 57, 66, 255};     /* dividers, bar track */
static const SDL_Color C_TEXT = {232, 236, 239, 255};  /* primary text */
static const SDL_Color C_TEXT2 = {150, 160, 170, 255}; /* secondary text */
static const SDL_Color C_MUTED = {100, 110, 120, 255};
static const SDL_Color C_ARC = {246, 244, 236, 235}; /* arc edge, values */
static const SDL_Color C_ARC_FILL = {246, 244, 236, 52};
static const SDL_Color C_SEG = {246, 244, 236, 190};
static const SDL_Color C_SHADOW = {0, 0, 0, 110};      /* contrast under lines */
static const SDL_Color C_LABEL_BG = {16, 19, 23, 170}; /* behind text on video */
static const SDL_Color C_NORMAL = {64, 120, 108, 255}; /* normal-range band */
static const SDL_Color C_ROM = {96, 150, 205, 255};    /* ROM-so-far band */
static const SDL_Color C_AMBER = {236, 178, 64, 255};  /* PAUSED badge */
static const SDL_Color C_WARN = {240, 110, 90, 255};   /* a marker not found */

static SDL_Color rgba(const uint8_t rgb[3], uint8_t a)
{
    return (SDL_Color){rgb[0], rgb[1], rgb[2], a};
}

void rc__layout(rc_ui *ui)
{
    float pw = (float)ui->cfg.panel_width * ui->s;
    /* The patient view: a wide panel with numbers readable from two metres. */
    if (ui->patient && pw < ui->out_w * 0.42f)
        pw = ui->out_w * 0.42f;
    if (pw > ui->out_w * 0.5f)
        pw = ui->out_w * 0.5f;
    float th = (float)ui->cfg.timeline_height * ui->s; /* the review's timeline strip */
    if (th > ui->out_h * 0.5f)
        th = ui->out_h * 0.5f;
    float vw = (float)ui->out_w - pw, vh = (float)ui->out_h - th;
    ui->panel_rect = (SDL_FRect){vw, 0, pw, (float)ui->out_h};
    ui->timeline_rect = (SDL_FRect){0, vh, vw, th};
    /* Fit the frame into the video area keeping its aspect; headless it is 1:1. */
    double k = fmin(vw / ui->video_w, vh / ui->video_h);
    float w = (float)(ui->video_w * k), h = (float)(ui->video_h * k);
    ui->video_rect = (SDL_FRect){floorf((vw - w) * 0.5f), floorf((vh - h) * 0.5f), w, h};
    ui->fx = w / ui->video_w;
    ui->fy = h / ui->video_h;
}

static int marker_visible(const rc_ui_overlay *ov, int i)
{
    return ov->markers && ov->model && i >= 0 && i < ov->model->n_markers &&
           ov->markers[i].state != RC_TRACK_LOST && isfinite(ov->markers[i].x_px) &&
           isfinite(ov->markers[i].y_px);
}

static void marker_xy(const rc_ui *ui, const rc_ui_overlay *ov, int i, float *x, float *y)
{
    double cx, cy;
    rc_ui_frame_to_canvas(ui, ov->markers[i].x_px, ov->markers[i].y_px, &cx, &cy);
    *x = (float)cx, *y = (float)cy;
}

/* Text with a translucent backing box, centred on (cx, cy). */
static void label_centred(rc_ui *ui, ui_font_id f, float cx, float cy, SDL_Color c, const char *txt)
{
    float w = (float)rc__text_width(ui, f, txt), h = (float)rc__font_height(ui, f);
    float pad = 4 * ui->s;
    rc__prim_rect(ui, cx - w / 2 - pad, cy - h / 2 - pad / 2, w + 2 * pad, h + pad, C_LABEL_BG);
    rc__text_draw(ui, f, cx - w / 2, cy - h / 2, c, txt);
}

static void draw_segments(rc_ui *ui, const rc_ui_overlay *ov)
{
    const rc_model *m = ov->model;
    float wd = 3.0f * ui->s;
    for (int k = 0; k < m->n_segments; k++) {
        int a = m->segment[k][0], b = m->segment[k][1];
        if (!marker_visible(ov, a) || !marker_visible(ov, b))
            continue;
        float x0, y0, x1, y1;
        marker_xy(ui, ov, a, &x0, &y0);
        marker_xy(ui, ov, b, &x1, &y1);
        int predicted = ov->markers[a].state == RC_TRACK_PREDICTED ||
                        ov->markers[b].state == RC_TRACK_PREDICTED;
        if (predicted) {
            rc__prim_dashed_line(ui, x0, y0, x1, y1, wd, 8 * ui->s, C_SEG);
        } else {
            rc__prim_line(ui, x0, y0, x1, y1, wd + 2 * ui->s, C_SHADOW);
            rc__prim_line(ui, x0, y0, x1, y1, wd, C_SEG);
        }
    }
}

/* Joint position and the screen directions r (reference) and m (moving) of an
 * angle, as model.h defines them. 0 when a marker it needs is lost. */
static int angle_geometry(const rc_ui *ui, const rc_ui_overlay *ov, const rc_model_angle *a,
                          float *jx, float *jy, double *rx, double *ry, double *mx, double *my,
                          double *seg_len)
{
    int need = a->type == RC_ANGLE_THREE_POINT ? 3 : a->type == RC_ANGLE_SEGMENT_SEGMENT ? 4 : 2;
    float px[4] = {0}, py[4] = {0};
    for (int i = 0; i < need; i++) {
        if (!marker_visible(ov, a->marker[i]))
            return 0;
        marker_xy(ui, ov, a->marker[i], &px[i], &py[i]);
    }
    switch (a->type) {
    case RC_ANGLE_THREE_POINT:
        *jx = px[1], *jy = py[1];
        if (a->ref == RC_REF_CLOSED)
            *rx = px[0] - px[1], *ry = py[0] - py[1];
        else
            *rx = px[1] - px[0], *ry = py[1] - py[0];
        *mx = px[2] - px[1], *my = py[2] - py[1];
        *seg_len = fmin(hypot(*rx, *ry), hypot(*mx, *my));
        break;
    case RC_ANGLE_SEGMENT_VERTICAL:
    case RC_ANGLE_SEGMENT_HORIZONTAL:
        *jx = px[0], *jy = py[0];
        *rx = a->ref == RC_REF_RIGHT ? 1 : a->ref == RC_REF_LEFT ? -1 : 0;
        *ry = a->ref == RC_REF_DOWN ? 1 : a->ref == RC_REF_UP ? -1 : 0;
        *mx = px[1] - px[0], *my = py[1] - py[0];
        *seg_len = hypot(*mx, *my);
        break;
    case RC_ANGLE_SEGMENT_SEGMENT:
        *jx = px[2], *jy = py[2];
        *rx = px[1] - px[0], *ry = py[1] - py[0];
        *mx = px[3] - px[2], *my = py[3] - py[2];
        *seg_len = fmin(hypot(*rx, *ry), hypot(*mx, *my));
        break;
    default: return 0;
    }
    return hypot(*mx, *my) > 1e-6 && hypot(*rx, *ry) > 1e-6;
}

static void draw_angle(rc_ui *ui, const rc_ui_overlay *ov, const rc_model_angle *a, double v)
{
    float jx, jy;
    double rx, ry, mx, my, seg;
    if (!isfinite(v) || !angle_geometry(ui, ov, a, &jx, &jy, &rx, &ry, &mx, &my, &seg))
        return;
    /* value = offset + sign * theta(r -> m), so the zero direction is m turned back
     * by sign * value; the arc then spans |value| and ends on the moving segment. */
    double sgn = (a->sign < 0 ? -1.0 : 1.0) * (ov->mirror ? -1.0 : 1.0) * (ui->flip ? -1.0 : 1.0);
    double vv = fmax(-360.0, fmin(360.0, v));
    double phi_m = atan2(-my, mx);
    double sweep = sgn * vv * UI_PI / 180.0;
    double phi0 = phi_m - sweep;
    /* TUNABLE: arc radius 34 px at scale 1, kept inside the shorter segment. */
    float R = 34.0f * ui->s;
    if (R > 0.45f * (float)seg)
        R = 0.45f * (float)seg;
    if (R < 16.0f * ui->s)
        R = 16.0f * ui->s;
    double a0 = sweep >= 0 ? phi0 : phi_m, a1 = sweep >= 0 ? phi_m : phi0;
    rc__prim_sector(ui, jx, jy, R, a0, a1, C_ARC_FILL);
    rc__prim_arc(ui, jx, jy, R - 2.0f * ui->s, R, a0, a1, C_ARC);
    /* Zero reference: a dashed line from the joint along the zero direction. */
    float L = R * 1.7f;
    rc__prim_dashed_line(ui, jx, jy, jx + L * (float)cos(phi0), jy - L * (float)sin(phi0),
                         1.5f * ui->s, 5.0f * ui->s, C_ARC);
    /* The value goes where it is clearest: of 24 directions around the joint,
     * the one furthest (in angle) from every line drawn there (the segments to
     * the other markers, the zero line) and from the marker's name (up-right),
     * with a slight preference for the middle of the arc. */
    double avoid[6];
    int n_avoid = 0;
    avoid[n_avoid++] = phi0;
    avoid[n_avoid++] = phi_m;
    avoid[n_avoid++] = 40.0 * UI_PI / 180.0;
    if (a->type == RC_ANGLE_THREE_POINT)
        avoid[n_avoid++] = a->ref == RC_REF_CLOSED ? atan2(-ry, rx) : atan2(ry, -rx);
    else if (a->type == RC_ANGLE_SEGMENT_SEGMENT)
        avoid[n_avoid++] = atan2(-ry, rx);
    double mid = phi0 + 0.5 * sweep, best = phi0, best_score = -1e9;
    for (int k = 0; k < 24; k++) {
        double cand = k * UI_PI / 12.0, clear = UI_PI;
        for (int i = 0; i < n_avoid; i++)
            clear = fmin(clear, fabs(remainder(cand - avoid[i], 2 * UI_PI)));
        double score = clear - 0.15 * fabs(remainder(cand - mid, 2 * UI_PI));
        if (score > best_score)
            best_score = score, best = cand;
    }
    char txt[32];
    rc__fmt_value(txt, sizeof txt, a, v);
    float tw = (float)rc__text_width(ui, UI_FONT_BOLD, txt);
    float th = (float)rc__font_height(ui, UI_FONT_BOLD);
    /* Far enough out that the label's box clears the arc when it sits over the
     * arc, else just the marker ring (14 px). */
    int over_arc = fabs(remainder(best - mid, 2 * UI_PI)) < 0.5 * fabs(sweep) + 0.35;
    float d = (over_arc ? R : 14.0f * ui->s) + 8.0f * ui->s + 0.5f * sqrtf(tw * tw + th * th);
    label_centred(ui, UI_FONT_BOLD, jx + d * (float)cos(best), jy - d * (float)sin(best), C_ARC,
                  txt);
}

static void draw_markers(rc_ui *ui, const rc_ui_overlay *ov)
{
    const rc_model *m = ov->model;
    /* TUNABLE: ring radii (px at scale 1) chosen to sit outside typical stickers. */
    float r_in = 10.0f * ui->s, r_out = 14.0f * ui->s;
    for (int i = 0; i < m->n_markers; i++) {
        if (!marker_visible(ov, i))
            continue;
        float x, y;
        marker_xy(ui, ov, i, &x, &y);
        SDL_Color c = rgba(m->marker[i].rgb, 255);
        if (rc_track_state_measured(ov->markers[i].state)) {
            rc__prim_arc(ui, x, y, r_in - 1.5f * ui->s, r_out + 1.5f * ui->s, 0, 2 * UI_PI,
                         C_SHADOW);
            rc__prim_arc(ui, x, y, r_in, r_out, 0, 2 * UI_PI, c);
        } else {
            rc__prim_dashed_ring(ui, x, y, r_in + 1.0f * ui->s, r_out - 1.0f * ui->s, 10, c);
        }
    }
    for (int i = 0; i < m->n_markers; i++) {
        if (!marker_visible(ov, i))
            continue;
        float x, y;
        marker_xy(ui, ov, i, &x, &y);
        const char *name = m->marker[i].name;
        float w = (float)rc__text_width(ui, UI_FONT_SMALL, name);
        float h = (float)rc__font_height(ui, UI_FONT_SMALL);
        float tx = x + r_out + 6 * ui->s, ty = y - r_out - h * 0.5f;
        rc__prim_rect(ui, tx - 3 * ui->s, ty, w + 6 * ui->s, h, C_LABEL_BG);
        rc__text_draw(ui, UI_FONT_SMALL, tx, ty, C_TEXT, name);
    }
}

/* A horizontal scale with the normal range, the ROM so far and the current value. */
static void draw_range_bar(rc_ui *ui, float x, float y, float w, const rc_model_angle *a, double v,
                           double lo, double hi, double t0, double t1, bool band)
{
    double n0 = band ? a->normal_min_deg : t0, n1 = band ? a->normal_max_deg : t1;
    double span = n1 - n0 > 10 ? n1 - n0 : 10;
    double s0 = n0 - 0.1 * span, s1 = n1 + 0.1 * span;
    if (isfinite(lo) && lo < s0)
        s0 = lo;
    if (isfinite(hi) && hi > s1)
        s1 = hi;
    if (isfinite(v) && v < s0)
        s0 = v;
    if (isfinite(v) && v > s1)
        s1 = v;
    float h = 8 * ui->s;
#define BX(d) (x + (float)(((d)-s0) / (s1 - s0)) * w)
    rc__prim_rect(ui, x, y, w, h, C_RULE);
    if (band)
        rc__prim_rect(ui, BX(n0), y, BX(n1) - BX(n0), h, C_NORMAL);
    if (isfinite(t0) && isfinite(t1) && t1 > t0) { /* target: amber brackets */
        t0 = fmax(t0, s0), t1 = fmin(t1, s1);
        rc__prim_rect(ui, BX(t0), y - 5 * ui->s, BX(t1) - BX(t0), 3 * ui->s, C_AMBER);
        rc__prim_rect(ui, BX(t0), y - 5 * ui->s, 2 * ui->s, h + 5 * ui->s, C_AMBER);
        rc__prim_rect(ui, BX(t1) - 2 * ui->s, y - 5 * ui->s, 2 * ui->s, h + 5 * ui->s, C_AMBER);
    }
    if (isfinite(lo) && isfinite(hi) && hi >= lo)
        rc__prim_rect(ui, BX(lo), y + 2 * ui->s, fmaxf(BX(hi) - BX(lo), 2 * ui->s), h - 4 * ui->s,
                      C_ROM);
    if (isfinite(v))
        rc__prim_rect(ui, BX(v) - 1.5f * ui->s, y - 4 * ui->s, 3 * ui->s, h + 8 * ui->s, C_TEXT);
#undef BX
}

/* Returns the y below what was drawn. */
static float draw_primary_angle(rc_ui *ui, const rc_ui_overlay *ov, float x, float y, float w)
{
    const rc_model *m = ov->model;
    const float s = ui->s;
    const rc_model_angle *a = &m->angle[0];
    double v = ov->angle_deg ? ov->angle_deg[0] : NAN;
    char buf[96];
    rc__text_draw(ui, UI_FONT_SMALL, x, y, C_TEXT2, a->label[0] ? a->label : a->name);
    y += rc__font_height(ui, UI_FONT_SMALL);
    rc__fmt_value(buf, sizeof buf, a, v); /* "42°", "21.0 cm", em dash when undefined */
    rc__text_draw(ui, UI_FONT_HUGE, x - 2 * s, y, C_TEXT, buf);
    y += rc__font_height(ui, UI_FONT_HUGE) + 2 * s;

    /* The set's ROM in three columns: mean trough, mean peak of the repetitions so far,
     * and the range between them (the one ROM of analyse and the reports). */
    const char *head[3] = {"TROUGH", "PEAK", "ROM"};
    double val[3] = {ov->rom_min_deg, ov->rom_max_deg, ov->rom_max_deg - ov->rom_min_deg};
    float col = w / 3;
    for (int i = 0; i < 3; i++) {
        rc__text_draw(ui, UI_FONT_SMALL, x + i * col, y, C_MUTED, head[i]);
        rc__fmt_value(buf, sizeof buf, a, val[i]);
        rc__text_draw(ui, UI_FONT_BOLD, x + i * col, y + rc__font_height(ui, UI_FONT_SMALL), C_TEXT,
                      buf);
    }
    y += rc__font_height(ui, UI_FONT_SMALL) + rc__font_height(ui, UI_FONT_BOLD) + 12 * s;

    /* The bar with the normal band, or (no published norm, issue 16) without it when a
     * target band is set: the target is the patient's own, not a norm. */
    const bool band = rc_model_has_norm(a) && a->normal_max_deg > a->normal_min_deg;
    if (band || ov->target_max_deg > ov->target_min_deg) {
        draw_range_bar(ui, x, y + 4 * s, w, a, v, ov->rom_min_deg, ov->rom_max_deg,
                       ov->target_min_deg, ov->target_max_deg, band);
        y += 4 * s;
        y += 14 * s;
        char n0[16], n1[16];
        rc__fmt_value(n0, sizeof n0, a, a->normal_min_deg);
        rc__fmt_value(n1, sizeof n1, a, a->normal_max_deg);
        snprintf(buf, sizeof buf, "normal %s\xE2\x80\x93%s", n0, n1);
        float tx = x;
        if (band) {
            rc__prim_rect(ui, x, y + 4 * s, 10 * s, 8 * s, C_NORMAL);
            tx += 14 * s;
        }
        tx += rc__text_draw(ui, UI_FONT_SMALL, tx, y, C_TEXT2, band ? buf : "no published norm") +
              12 * s;
        rc__prim_rect(ui, tx, y + 4 * s, 10 * s, 8 * s, C_ROM);
        tx += rc__text_draw(ui, UI_FONT_SMALL, tx + 14 * s, y, C_TEXT2, "this set") + 26 * s;
        if (ov->target_max_deg > ov->target_min_deg && tx + 40 * s < x + w) {
            rc__prim_rect(ui, tx, y + 4 * s, 10 * s, 8 * s, C_AMBER);
            rc__text_draw(ui, UI_FONT_SMALL, tx + 14 * s, y, C_TEXT2, "target");
        }
        y += rc__font_height(ui, UI_FONT_SMALL) + 6 * s;
    }
    return y;
}

static void draw_panel(rc_ui *ui, const rc_ui_overlay *ov)
{
    const SDL_FRect P = ui->panel_rect;
    if (P.w < 40)
        return;
    const float s = ui->s, pad = 16 * s;
    const float x = P.x + pad, w = P.w - 2 * pad;
    const float bottom = P.y + P.h - pad;
    const float hs = (float)rc__font_height(ui, UI_FONT_SMALL);
    char buf[160];
    rc__prim_rect(ui, P.x, P.y, P.w, P.h, C_PANEL);
    rc__prim_rect(ui, P.x, P.y, 1 * s, P.h, C_RULE);

    /* Bottom block first (frame, time, rate; status; key hint), so the top block
     * can stop where it would run into it on short canvases. */
    float yb = bottom - hs;
    rc__text_draw(ui, UI_FONT_SMALL, x, yb, C_MUTED,
                  ov->timeline ? "Home / End \xC2\xB7 Q quit" /* the review's keys: status */
                               : "H help \xC2\xB7 Space pause \xC2\xB7 Q quit");
    yb -= hs + 4 * s;
    if (ov->status && ov->status[0]) {
        rc__text_draw(ui, UI_FONT_SMALL, x, yb, C_TEXT2, ov->status);
        yb -= hs;
    }
    int n = 0;
    buf[0] = 0;
    if (ov->frame_index >= 0)
        n += snprintf(buf + n, sizeof buf - (size_t)n, "frame %lld", (long long)ov->frame_index);
    if (isfinite(ov->t_s) && n < (int)sizeof buf)
        n +=
            snprintf(buf + n, sizeof buf - (size_t)n, "%s%.2f s", n ? "  \xC2\xB7  " : "", ov->t_s);
    if (ov->fps > 0 && n < (int)sizeof buf)
        snprintf(buf + n, sizeof buf - (size_t)n, "%s%.1f fps", n ? "  \xC2\xB7  " : "", ov->fps);
    if (buf[0]) {
        rc__text_draw(ui, UI_FONT_SMALL, x, yb, C_TEXT2, buf);
        yb -= hs;
    }
    rc__prim_rect(ui, x, yb + hs - 6 * s, w, 1 * s, C_RULE);
    const float limit = yb;

    float y = P.y + pad;
    const rc_model *m = ov->model;
    rc__text_draw(ui, UI_FONT_MEDIUM, x, y, C_TEXT,
                  m ? m->title[0] ? m->title : m->name : "romcap");
    y += rc__font_height(ui, UI_FONT_MEDIUM);
    if (m && ov->side_text && ov->side_text[0]) {
        rc__text_draw(ui, UI_FONT_SMALL, x, y, C_AMBER, ov->side_text);
        y += hs;
    } else if (m) {
        snprintf(buf, sizeof buf, "%s%s \xC2\xB7 %s view%s", m->side[0] ? m->side : "?",
                 rc_model_is_midline(m) ? "" : " side",
                 m->view == RC_VIEW_FRONTAL ? "frontal" : "sagittal",
                 ov->mirror ? " \xC2\xB7 mirrored" : "");
        rc__text_draw(ui, UI_FONT_SMALL, x, y, C_TEXT2, buf);
        y += hs;
    }
    /* Markers not found for a while, one warning line each, under the title where
     * they cannot be pushed off a short panel. */
    for (int i = 0; ov->warn_lines && i < ov->n_warn_lines && y + hs < limit; i++) {
        rc__text_draw(ui, UI_FONT_SMALL, x, y, C_WARN, ov->warn_lines[i]);
        y += hs;
    }
    y += 12 * s;
    if (m && m->n_angles > 0 && y + 140 * s < limit)
        y = draw_primary_angle(ui, ov, x, y, w);
    y = rc__draw_live_block(ui, ov, x, y, w, limit);
    /* Further angles, one line each. */
    for (int i = 1; m && i < m->n_angles && y + hs < limit; i++) {
        const rc_model_angle *a = &m->angle[i];
        double v = ov->angle_deg ? ov->angle_deg[i] : NAN;
        rc__text_draw(ui, UI_FONT_SMALL, x, y, C_TEXT2, a->label[0] ? a->label : a->name);
        rc__fmt_value(buf, sizeof buf, a, v);
        rc__text_draw(ui, UI_FONT_SMALL, x + w - rc__text_width(ui, UI_FONT_SMALL, buf), y, C_TEXT,
                      buf);
        y += hs;
    }
    /* Tracking state of each marker: filled dot seen, dotted ring predicted,
     * hollow ring lost. */
    if (m && ov->markers && y + 8 * s + hs < limit) {
        y += 8 * s;
        float tx = x;
        for (int i = 0; i < m->n_markers; i++) {
            const char *name = m->marker[i].name;
            float iw = 16 * s + (float)rc__text_width(ui, UI_FONT_SMALL, name) + 10 * s;
            if (tx + iw > x + w && tx > x) {
                tx = x, y += hs;
                if (y + hs > limit)
                    break;
            }
            rc_track_state st = ov->markers[i].state;
            float cx = tx + 6 * s, cy = y + hs * 0.5f;
            SDL_Color c = rgba(m->marker[i].rgb, 255);
            if (rc_track_state_measured(st))
                rc__prim_disc(ui, cx, cy, 5 * s, c);
            else if (st == RC_TRACK_PREDICTED)
                rc__prim_dashed_ring(ui, cx, cy, 3.5f * s, 5.5f * s, 6, c);
            else
                rc__prim_arc(ui, cx, cy, 4 * s, 5.5f * s, 0, 2 * UI_PI, C_MUTED);
            rc__text_draw(ui, UI_FONT_SMALL, tx + 16 * s, y,
                          st == RC_TRACK_LOST ? C_MUTED : C_TEXT2, name);
            tx += iw;
        }
        y += hs;
    }
}

static void draw_help(rc_ui *ui)
{
    static const char *const keys[][2] = {
        {"Space", "pause / resume"},
        {"\xE2\x86\x92  or  .", "step one frame"},
        {"S", "save a screenshot (PNG)"},
        {"P", "patient view on / off"},
        {"M", "sound on / off"},
        {"V", "mirror the view"},
        {"0", "reset ROM and repetitions"},
        {"Tab", "next model"},
        {"L", "learn the stickers' colours (click each)"},
        {"C", "set-up check (C or Esc closes)"},
        {"R", "record"},
        {"F1", "latency and rates"},
        {"H  or  ?", "show / hide this help"},
        {"Esc  or  Q", "quit"},
    };
    const int n = (int)(sizeof keys / sizeof keys[0]);
    const float s = ui->s, hs = (float)rc__font_height(ui, UI_FONT_MEDIUM);
    float kw = 0, dw = 0;
    for (int i = 0; i < n; i++) {
        kw = fmaxf(kw, (float)rc__text_width(ui, UI_FONT_BOLD, keys[i][0]));
        dw = fmaxf(dw, (float)rc__text_width(ui, UI_FONT_MEDIUM, keys[i][1]));
    }
    float w = kw + dw + 72 * s, h = hs * (n + 1.5f) + 40 * s;
    const SDL_FRect V = ui->video_rect;
    float x = V.x + (V.w - w) * 0.5f, y = V.y + (V.h - h) * 0.5f;
    rc__prim_rect(ui, x, y, w, h, (SDL_Color){22, 26, 31, 235});
    rc__prim_rect(ui, x, y, w, 2 * s, C_RULE);
    float ty = y + 18 * s;
    rc__text_draw(ui, UI_FONT_MEDIUM, x + 24 * s, ty, C_TEXT, "Keys");
    ty += hs * 1.5f;
    for (int i = 0; i < n; i++, ty += hs) {
        rc__text_draw(ui, UI_FONT_BOLD, x + 24 * s, ty, C_TEXT, keys[i][0]);
        rc__text_draw(ui, UI_FONT_MEDIUM, x + 48 * s + kw, ty, C_TEXT2, keys[i][1]);
    }
}

void rc__draw_all(rc_ui *ui, int have_video, const rc_ui_overlay *ov)
{
    static const rc_ui_overlay empty = {
        .rom_min_deg = NAN, .rom_max_deg = NAN, .frame_index = -1, .t_s = NAN};
    if (!ov)
        ov = &empty;
    if (!!ov->patient != ui->patient) {
        ui->patient = !!ov->patient;
        rc__layout(ui);
    }
    ui->flip = !!ov->flip_view;
    SDL_SetRenderDrawColor(ui->ren, C_BACK.r, C_BACK.g, C_BACK.b, 255);
    SDL_RenderClear(ui->ren);
    if (have_video) {
        SDL_RenderCopyExF(ui->ren, ui->video, NULL, &ui->video_rect, 0, NULL,
                          ui->flip ? SDL_FLIP_HORIZONTAL : SDL_FLIP_NONE);
    } else {
        const char *t = "no video";
        float w = (float)rc__text_width(ui, UI_FONT_MEDIUM, t);
        rc__text_draw(ui, UI_FONT_MEDIUM, ui->video_rect.x + (ui->video_rect.w - w) * 0.5f,
                      ui->video_rect.y + ui->video_rect.h * 0.5f, C_MUTED, t);
    }
    if (ov->model && ov->markers) {
        rc__draw_trail(ui, ov);
        draw_segments(ui, ov);
        for (int i = 0; i < ov->model->n_angles && ov->angle_deg; i++)
            draw_angle(ui, ov, &ov->model->angle[i], ov->angle_deg[i]);
        draw_markers(ui, ov);
    }
    if (ov->paused) {
        const char *t = "PAUSED";
        float w = (float)rc__text_width(ui, UI_FONT_BOLD, t), h = rc__font_height(ui, UI_FONT_BOLD);
        float x = ui->video_rect.x + ui->video_rect.w - w - 24 * ui->s;
        float y = ui->video_rect.y + 12 * ui->s;
        rc__prim_rect(ui, x - 8 * ui->s, y - 3 * ui->s, w + 16 * ui->s, h + 6 * ui->s, C_AMBER);
        rc__text_draw(ui, UI_FONT_BOLD, x, y, (SDL_Color){28, 24, 16, 255}, t);
    }
    if (ov->source_label && ov->source_label[0])
        rc__draw_source_label(ui, ov->source_label);
    if (ui->timeline_rect.h > 0 && ov->timeline)
        rc__draw_timeline(ui, ov->timeline);
    if (ov->comp_flag && ov->comp_flag[0])
        rc__draw_comp(ui, ov);
    if (ov->patient)
        rc__draw_patient(ui, ov);
    else
        draw_panel(ui, ov);
    if (ov->toast && ov->toast[0])
        rc__draw_toast(ui, ov->toast);
    if (ov->debug_text)
        rc__draw_debug(ui, ov);
    if (ov->prompt && ov->prompt[0]) /* issue 17 */
        rc__draw_prompt(ui, ov->prompt);
    rc__draw_check(ui, ov); /* issue 20: the set-up check's panel and warning (ui_check.c) */
    if (ui->show_help)
        draw_help(ui);
    rc__prim_flush(ui);
}
