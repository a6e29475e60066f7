/* ui_check.c - the set-up check in the live window (issue 20): a panel over the
 * video's top-left with one row per item and a swatch of its level, the advice of
 * the worst items under them; and the warning shown when R is refused because the
 * check failed or was not run. The app builds the words (app/live_check.c); this
 * draws them. Swatches are plain opaque rectangles of four fixed colours, so a
 * screenshot test can read each item's level from the pixels. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ui/ui_internal.h"

/* The levels' colours: pass, warn, fail, not judged (the swatches, opaque). */
static const SDL_Color C_LEVEL[4] = {
    {46, 160, 67, 255}, {236, 178, 64, 255}, {214, 39, 40, 255}, {128, 128, 128, 255}};
static const SDL_Color C_BOX_BG = {16, 19, 23, 232};
static const SDL_Color C_TXT = {232, 236, 239, 255};
static const SDL_Color C_TXT2 = {150, 160, 170, 255};

/* The longest prefix of `src` (whole UTF-8 characters, an ellipsis added when cut)
 * that fits in w pixels and in out[cap]. */
static const char *fit(const rc_ui *ui, ui_font_id f, const char *src, float w, char *out,
                       size_t cap)
{
    int len = snprintf(out, cap, "%s", src);
    /* Longer than out: it is cut already (perhaps inside a character), so the ellipsis
     * goes on below whatever the width. */
    bool cut = len < 0 || (size_t)len >= cap;
    if (!cut && (float)rc__text_width(ui, f, out) <= w)
        return out;
    size_t n = strlen(out);
    while (n > 0) {
        do
            n--;
        while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80);
        if (n + 4 > cap)
            continue;
        memcpy(out + n, "\xE2\x80\xA6", 4);
        if ((float)rc__text_width(ui, f, out) <= w)
            return out;
    }
    return out;
}

/* Line i (split by '\n') of txt into out[cap]; NULL when there is none. */
static const char *line_of(const char *txt, int i, char *out, size_t cap)
{
    const char *p = txt;
    for (int k = 0; k < i && p; k++) {
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    if (!p)
        return NULL;
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    snprintf(out, cap, "%.*s", (int)(n < cap - 1 ? n : cap - 1), p);
    return out;
}

static void draw_panel(rc_ui *ui, const rc_ui_check_panel *p)
{
    const float s = ui->s;
    const SDL_FRect V = ui->video_rect;
    const float hs = (float)rc__font_height(ui, UI_FONT_SMALL);
    const float hb = (float)rc__font_height(ui, UI_FONT_BOLD);
    const float pad = 12 * s, sw = hs * 0.8f;
    float x = V.x + 10 * s, y = V.y + 10 * s;
    float w = V.w - 20 * s;
    if (w > 620 * s)
        w = 620 * s;
    int n_adv = 0;
    char buf[512];
    while (p->advice && n_adv < 4 && line_of(p->advice, n_adv, buf, sizeof buf))
        n_adv++;
    float h = pad * 2 + hb + 6 * s + (float)p->n_rows * (hs + 4 * s) +
              (n_adv ? 6 * s + (float)n_adv * hs : 0) + (p->footer ? 6 * s + hs : 0);
    rc__prim_rect(ui, x, y, w, h, C_BOX_BG);
    float ty = y + pad, tw = w - 2 * pad;
    rc__text_draw(ui, UI_FONT_BOLD, x + pad, ty, C_TXT, fit(ui, UI_FONT_BOLD, p->title ? p->title : "",
                                                           tw, buf, sizeof buf));
    ty += hb + 6 * s;
    for (int i = 0; i < p->n_rows && i < RC_UI_CHECK_ROWS; i++, ty += hs + 4 * s) {
        int l = p->level[i] >= 0 && p->level[i] <= 3 ? p->level[i] : 3;
        rc__prim_rect(ui, x + pad, ty + (hs - sw) * 0.5f, sw, sw, C_LEVEL[l]);
        rc__text_draw(ui, UI_FONT_SMALL, x + pad + sw + 8 * s, ty, C_TXT,
                      fit(ui, UI_FONT_SMALL, p->row[i] ? p->row[i] : "", tw - sw - 8 * s, buf,
                          sizeof buf));
    }
    if (n_adv)
        ty += 6 * s;
    SDL_Color ca = C_LEVEL[p->advice_level == 2 ? 2 : 1];
    for (int i = 0; i < n_adv; i++, ty += hs) {
        char l[512];
        line_of(p->advice, i, l, sizeof l);
        rc__text_draw(ui, UI_FONT_SMALL, x + pad, ty, ca, fit(ui, UI_FONT_SMALL, l, tw, buf,
                                                              sizeof buf));
    }
    if (p->footer)
        rc__text_draw(ui, UI_FONT_SMALL, x + pad, ty + 6 * s, C_TXT2,
                      fit(ui, UI_FONT_SMALL, p->footer, tw, buf, sizeof buf));
}

/* White on the fail colour, centred in the video's lower half. */
static void draw_warning(rc_ui *ui, const char *txt)
{
    const float s = ui->s;
    const SDL_FRect V = ui->video_rect;
    const float hm = (float)rc__font_height(ui, UI_FONT_MEDIUM);
    char line[4][256];
    int n = 0;
    float w = 0;
    while (n < 4 && line_of(txt, n, line[n], sizeof line[n])) {
        char cut[256];
        snprintf(line[n], sizeof line[n], "%s",
                 fit(ui, UI_FONT_MEDIUM, line[n], V.w - 60 * s, cut, sizeof cut));
        float lw = (float)rc__text_width(ui, UI_FONT_MEDIUM, line[n]);
        w = lw > w ? lw : w;
        n++;
    }
    float h = (float)n * (hm + 4 * s);
    float x = V.x + (V.w - w) * 0.5f, y = V.y + V.h * 0.7f - h * 0.5f;
    rc__prim_rect(ui, x - 20 * s, y - 14 * s, w + 40 * s, h + 28 * s, C_LEVEL[2]);
    for (int i = 0; i < n; i++, y += hm + 4 * s) {
        float lw = (float)rc__text_width(ui, UI_FONT_MEDIUM, line[i]);
        rc__text_draw(ui, UI_FONT_MEDIUM, x + (w - lw) * 0.5f, y, (SDL_Color){255, 255, 255, 255},
                      line[i]);
    }
}

void rc__draw_check(rc_ui *ui, const rc_ui_overlay *ov)
{
    if (ov->check)
        draw_panel(ui, ov->check);
    if (ov->check_warning && ov->check_warning[0])
        draw_warning(ui, ov->check_warning);
}
