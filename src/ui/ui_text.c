/* ui_text.c - text through SDL2_ttf with one glyph atlas per font.
 *
 * Every glyph the ui can show (printable ASCII and a few symbols such as the
 * degree sign) is rendered once, when the fonts are opened, into a single white
 * texture with alpha; drawing a string then copies glyph cells tinted with the
 * wanted colour. Frame numbers and angle values change every frame, so caching
 * whole strings would allocate a texture per frame: glyphs never do. Kerning is
 * not applied (DejaVu Sans reads well without it).
 */
#include "ui_internal.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>

/* Symbols beyond ASCII the overlays use. */
static const uint32_t extra_cp[] = {
    0x00B0, /* degree */
    0x00B1, /* plus-minus */
    0x00B7, /* middle dot */
    0x2013, /* en dash */
    0x2014, /* em dash */
    0x2026, /* ellipsis */
    0x2190, /* left arrow */
    0x2192, /* right arrow */
    0x25CF, /* black circle */
    0x25CB, /* white circle */
    0x25CC  /* dotted circle */
};

typedef struct font_spec {
    int bold;
    float px; /* pixel size at scale 1 */
} font_spec;

/* TUNABLE: sizes chosen by eye on 640x360 and 1280x720 frames at scale 1. */
static const font_spec spec[UI_FONT_COUNT] = {
    [UI_FONT_SMALL] = {0, 14.0f},
    [UI_FONT_MEDIUM] = {0, 17.0f},
    [UI_FONT_BOLD] = {1, 17.0f},
    [UI_FONT_HUGE] = {1, 60.0f},
};

static int build_atlas(rc_ui *ui, ui_font *f, rc_err *err)
{
    enum { N_ASCII = 95, N_CP = N_ASCII + (int)(sizeof extra_cp / sizeof extra_cp[0]) };
    SDL_Surface *cell[N_CP];
    uint32_t cps[N_CP];
    int n = 0;
    for (int i = 0; i < N_ASCII; i++)
        cps[n++] = (uint32_t)(32 + i);
    for (size_t i = 0; i < sizeof extra_cp / sizeof extra_cp[0]; i++)
        cps[n++] = extra_cp[i];

    /* Rasterise each glyph, then pack them into rows of at most 1024 pixels. */
    const SDL_Color white = {255, 255, 255, 255};
    int row_w = 0, x = 0, y = 0, row_h = 0;
    int ok = 1;
    f->n_glyphs = 0;
    for (int i = 0; i < n; i++) {
        cell[i] = NULL;
        int minx, maxx, miny, maxy, adv;
        if (!TTF_GlyphIsProvided32(f->ttf, cps[i]) ||
            TTF_GlyphMetrics32(f->ttf, cps[i], &minx, &maxx, &miny, &maxy, &adv) != 0)
            continue;
        SDL_Surface *g = TTF_RenderGlyph32_Blended(f->ttf, cps[i], white);
        if (!g)
            continue;
        cell[i] = g;
        if (x + g->w > 1024) {
            y += row_h + 1, x = 0, row_h = 0;
        }
        ui_glyph *gl = &f->glyph[f->n_glyphs++];
        gl->cp = cps[i];
        gl->src = (SDL_Rect){x, y, g->w, g->h};
        gl->advance = adv;
        x += g->w + 1;
        if (x > row_w)
            row_w = x;
        if (g->h > row_h)
            row_h = g->h;
    }
    int atlas_h = y + row_h;
    SDL_Surface *atlas = NULL;
    if (f->n_glyphs == 0 || row_w == 0) {
        ok = 0;
        rc_err_set(err, RC_E_FORMAT, "font has no printable glyphs");
    } else {
        atlas = SDL_CreateRGBSurfaceWithFormat(0, row_w, atlas_h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!atlas) {
            ok = 0;
            rc_err_set(err, RC_E_NOMEM, "glyph atlas: %s", SDL_GetError());
        }
    }
    if (ok) {
        SDL_FillRect(atlas, NULL, 0);
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!cell[i])
                continue;
            /* Copy colour and alpha as they are (no blending into the zeroed atlas). */
            SDL_SetSurfaceBlendMode(cell[i], SDL_BLENDMODE_NONE);
            SDL_Rect dst = f->glyph[k++].src;
            SDL_BlitSurface(cell[i], NULL, atlas, &dst);
        }
        f->atlas = SDL_CreateTextureFromSurface(ui->ren, atlas);
        if (!f->atlas) {
            ok = 0;
            rc_err_set(err, RC_E_DEVICE, "glyph atlas texture: %s", SDL_GetError());
        } else {
            SDL_SetTextureBlendMode(f->atlas, SDL_BLENDMODE_BLEND);
        }
    }
    SDL_FreeSurface(atlas);
    for (int i = 0; i < n; i++)
        SDL_FreeSurface(cell[i]);
    if (!ok)
        return 0;
    for (int i = 0; i < 128; i++)
        f->ascii[i] = -1;
    for (int i = 0; i < f->n_glyphs; i++)
        if (f->glyph[i].cp < 128)
            f->ascii[f->glyph[i].cp] = i;
    return 1;
}

int rc__fonts_open(rc_ui *ui, float s, rc_err *err)
{
    rc__fonts_close(ui);
    for (int i = 0; i < UI_FONT_COUNT; i++) {
        const char *path = spec[i].bold ? ui->font_bold_path : ui->font_path;
        int px = (int)(spec[i].px * s + 0.5f);
        if (px < 6)
            px = 6;
        ui_font *f = &ui->font[i];
        f->ttf = TTF_OpenFont(path, px);
        if (!f->ttf) {
            /* Why SDL_ttf could not open it: missing, unreadable, out of file
             * descriptors (then installing fonts would not help), or not a font. */
            int missing = access(path, R_OK) != 0, e = missing ? errno : 0;
            FILE *probe = missing ? NULL : fopen(path, "rb");
            if (!missing && !probe)
                e = errno;
            if (probe)
                fclose(probe);
            if (e == EMFILE || e == ENFILE || e == ENOMEM)
                rc_err_set(err, e == ENOMEM ? RC_E_NOMEM : RC_E_IO, "font %s: %s", path,
                           strerror(e));
            else
                rc_err_set(err, missing ? RC_E_NOT_FOUND : RC_E_FORMAT,
                           "font %s: %s (install fonts-dejavu-core or set the font path)", path,
                           e ? strerror(e) : TTF_GetError());
            rc__fonts_close(ui);
            return 0;
        }
        TTF_SetFontHinting(f->ttf, TTF_HINTING_LIGHT);
        f->line_h = TTF_FontHeight(f->ttf);
        f->ascent = TTF_FontAscent(f->ttf);
        if (!build_atlas(ui, f, err)) {
            rc_err_prefix(err, "font %s", path);
            rc__fonts_close(ui);
            return 0;
        }
    }
    ui->fonts_for_s_x100 = (int)(s * 100.0f + 0.5f);
    return 1;
}

void rc__fonts_close(rc_ui *ui)
{
    for (int i = 0; i < UI_FONT_COUNT; i++) {
        ui_font *f = &ui->font[i];
        if (f->atlas)
            SDL_DestroyTexture(f->atlas);
        if (f->ttf)
            TTF_CloseFont(f->ttf);
        memset(f, 0, sizeof *f);
    }
}

/* Decodes one UTF-8 code point at *p and advances *p; malformed bytes give '?'. */
static uint32_t next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = s[0];
    int len = 1;
    if (c < 0x80) {
        len = 1;
    } else if ((c & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
        c = ((c & 0x1F) << 6) | (s[1] & 0x3F), len = 2;
    } else if ((c & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        c = ((c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F), len = 3;
    } else if ((c & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
               (s[3] & 0xC0) == 0x80) {
        c = ((c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) | ((uint32_t)(s[2] & 0x3F) << 6) |
            (s[3] & 0x3F);
        len = 4;
    } else {
        c = '?';
    }
    *p = s + len;
    return c;
}

static const ui_glyph *find_glyph(const ui_font *f, uint32_t cp)
{
    if (cp < 128) {
        int i = f->ascii[cp];
        return i >= 0 ? &f->glyph[i] : (f->ascii['?'] >= 0 ? &f->glyph[f->ascii['?']] : NULL);
    }
    for (int i = 0; i < f->n_glyphs; i++)
        if (f->glyph[i].cp == cp)
            return &f->glyph[i];
    return f->ascii['?'] >= 0 ? &f->glyph[f->ascii['?']] : NULL;
}

int rc__text_width(const rc_ui *ui, ui_font_id fid, const char *utf8)
{
    const ui_font *f = &ui->font[fid];
    if (!utf8 || !f->atlas)
        return 0;
    int w = 0;
    const unsigned char *p = (const unsigned char *)utf8;
    while (*p) {
        const ui_glyph *g = find_glyph(f, next_cp(&p));
        if (g)
            w += g->advance;
    }
    return w;
}

int rc__text_draw(rc_ui *ui, ui_font_id fid, float x, float y, SDL_Color c, const char *utf8)
{
    ui_font *f = &ui->font[fid];
    if (!utf8 || !f->atlas)
        return 0;
    rc__text_log(ui, utf8); /* what was written, for tests (ui_units.c) */
    rc__prim_flush(ui); /* keep the painter's order with batched geometry */
    SDL_SetTextureColorMod(f->atlas, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(f->atlas, c.a);
    int pen = (int)(x + 0.5f), top = (int)(y + 0.5f), x0 = pen;
    const unsigned char *p = (const unsigned char *)utf8;
    while (*p) {
        const ui_glyph *g = find_glyph(f, next_cp(&p));
        if (!g)
            continue;
        SDL_Rect dst = {pen, top, g->src.w, g->src.h};
        SDL_RenderCopy(ui->ren, f->atlas, &g->src, &dst);
        pen += g->advance;
    }
    return pen - x0;
}

int rc__font_height(const rc_ui *ui, ui_font_id f)
{
    return ui->font[f].line_h;
}
