/* ui_internal.h - state and helpers shared by the files of the ui stage.
 *
 * ui.c owns SDL set-up, events and PNG output; ui_prim.c fills rings, arcs and
 * thick lines as exact pixel spans; ui_text.c keeps
 * one glyph atlas per font so text costs no allocation per frame; ui_draw.c lays
 * out and draws the video, the overlays and the side panel.
 */
#ifndef ROMCAP_UI_INTERNAL_H
#define ROMCAP_UI_INTERNAL_H

#include <SDL.h>
#include <SDL_ttf.h>

#include "romcap/ui.h"

#define UI_PI 3.14159265358979323846

enum {
    UI_RECT_CAP = 4096, /* pixel spans batched per SDL_RenderFillRects call */
    UI_GLYPH_CAP = 128, /* glyphs per font atlas (ASCII + a few symbols) */
    UI_PATH_CAP = 512
};

/* The fonts the ui uses, opened once at create (and again only if the HiDPI
 * factor changes). */
typedef enum ui_font_id {
    UI_FONT_SMALL = 0, /* labels, panel details */
    UI_FONT_MEDIUM,    /* panel headings */
    UI_FONT_BOLD,      /* values at the joints */
    UI_FONT_HUGE,      /* the main angle in the panel */
    UI_FONT_COUNT
} ui_font_id;

typedef struct ui_glyph {
    uint32_t cp;  /* Unicode code point */
    SDL_Rect src; /* cell in the atlas (pen at its left edge, top at the line top) */
    int advance;  /* pixels the pen moves */
} ui_glyph;

typedef struct ui_font {
    TTF_Font *ttf;
    SDL_Texture *atlas; /* white glyphs with alpha; tinted per draw */
    int n_glyphs;
    ui_glyph glyph[UI_GLYPH_CAP];
    int ascii[128]; /* index into glyph[] for ASCII, or -1 */
    int line_h;     /* TTF_FontHeight */
    int ascent;
} ui_font;

struct rc_ui {
    rc_ui_config cfg; /* strings point into the buffers below */
    char title[RC_LABEL_CAP];
    char font_path[UI_PATH_CAP];
    char font_bold_path[UI_PATH_CAP];

    SDL_Window *win; /* NULL when headless */
    SDL_Renderer *ren;
    SDL_Surface *canvas; /* headless: the surface the software renderer draws on */
    SDL_Texture *target; /* windowed: off-screen copy of the canvas (for PNGs), or
                            NULL when the renderer has no render targets */
    int target_w, target_h;
    SDL_Texture *video;   /* IYUV streaming texture */
    int video_w, video_h; /* size of `video` */

    int out_w, out_h; /* canvas size in pixels */
    float hidpi;      /* output pixels per window point */
    float s;          /* effective scale: cfg.scale * hidpi */

    /* Layout, recomputed when the canvas or the frame size changes. */
    SDL_FRect video_rect; /* where the frame is shown */
    SDL_FRect panel_rect; /* side panel */
    double fx, fy;        /* frame pixels -> canvas pixels */

    ui_font font[UI_FONT_COUNT];
    int fonts_for_s_x100; /* scale the fonts were built for, x100 */

    int drawn;               /* a frame was drawn since the last resize */
    int prompt_mode;         /* keys go to a prompt (rc_ui_set_prompt_mode) */
    int flip;                /* the drawn frame is mirrored on screen (ov->flip_view) */
    int patient;             /* layout for the patient view (wide panel) */
    SDL_AudioDeviceID audio; /* 0 = none */
    float *tone;             /* generated at create, mono float samples */
    int tone_len;            /* samples */
    int tone_rate;
    double tone_freq; /* frequency `tone` holds */
    char audio_err[160];
    int show_help;
    int sdl_ok, ttf_ok;

    SDL_FRect timeline_rect; /* the strip under the video (h = 0: none) */
    SDL_FRect plot_rect;     /* its plot, set by the last timeline drawn (w = 0: none) */
    int tl_drag;             /* the left button went down on the plot and is held */

    int n_rects; /* spans waiting in rects[], all of colour rect_c */
    SDL_Color rect_c;
    SDL_Rect rects[UI_RECT_CAP];
    char err[RC_ERR_CAP];
    char *text_log; /* rc_ui_text_record: the caller's buffer, or NULL (ui_units.c) */
    size_t text_log_cap, text_log_len;
};

/* ---- ui_prim.c: geometry (angles in radians, counter-clockwise on screen) ---- */
void rc__prim_flush(rc_ui *ui);
void rc__prim_rect(rc_ui *ui, float x, float y, float w, float h, SDL_Color c);
void rc__prim_line(rc_ui *ui, float x0, float y0, float x1, float y1, float width, SDL_Color c);
void rc__prim_dashed_line(rc_ui *ui, float x0, float y0, float x1, float y1, float width,
                          float dash, SDL_Color c);
/* Part of an annulus between radii r_in and r_out, from angle a0 to a1. */
void rc__prim_arc(rc_ui *ui, float cx, float cy, float r_in, float r_out, double a0, double a1,
                  SDL_Color c);
/* A full ring cut into n_dash dashes with equal gaps. */
void rc__prim_dashed_ring(rc_ui *ui, float cx, float cy, float r_in, float r_out, int n_dash,
                          SDL_Color c);
/* A filled pie slice from a0 to a1. */
void rc__prim_sector(rc_ui *ui, float cx, float cy, float r, double a0, double a1, SDL_Color c);
void rc__prim_disc(rc_ui *ui, float cx, float cy, float r, SDL_Color c);

/* ---- ui_text.c ---- */
int rc__fonts_open(rc_ui *ui, float s, rc_err *err);
void rc__fonts_close(rc_ui *ui);
int rc__text_width(const rc_ui *ui, ui_font_id f, const char *utf8);
/* Draws UTF-8 text with its line top at y; returns the width drawn. */
int rc__text_draw(rc_ui *ui, ui_font_id f, float x, float y, SDL_Color c, const char *utf8);
int rc__font_height(const rc_ui *ui, ui_font_id f);

/* ---- ui_units.c: values in their measure's unit (issue 16) ---- */
/* "42°" (angles, whole degrees), "21.0 cm" (a distance), an em dash when undefined. */
void rc__fmt_value(char *buf, size_t cap, const rc_model_angle *a, double v);
/* "120°/s", "8 cm/s": a velocity of the measure. */
void rc__fmt_speed(char *buf, size_t cap, const rc_model_angle *a, double v);
/* Adds a text drawn to the record (rc_ui_text_record), one line each. */
void rc__text_log(rc_ui *ui, const char *utf8);

/* ---- ui_audio.c ---- */
void rc__audio_open(rc_ui *ui);
void rc__audio_close(rc_ui *ui);

/* ---- ui_live.c: live feedback parts of the panel and overlays ---- */
/* Draws reps / peak velocity / SPARC and the angle-time plot from y; returns the
 * y below. */
float rc__draw_live_block(rc_ui *ui, const rc_ui_overlay *ov, float x, float y, float w,
                          float limit);
void rc__draw_trail(rc_ui *ui, const rc_ui_overlay *ov);
void rc__draw_patient(rc_ui *ui, const rc_ui_overlay *ov);
void rc__draw_debug(rc_ui *ui, const rc_ui_overlay *ov);
void rc__draw_toast(rc_ui *ui, const char *txt);
/* ui_prompt.c: the prompt's box; a key in prompt mode into ev (0: not a prompt key). */
void rc__draw_prompt(rc_ui *ui, const char *txt);
int rc__prompt_key_event(const SDL_KeyboardEvent *k, rc_ui_event *ev);
/* The source label (rc_ui_overlay.source_label): white on red, top centre of the
 * video. */
void rc__draw_source_label(rc_ui *ui, const char *txt);
/* The compensation banner, ov->comp_flag (ui_comp.c). */
void rc__draw_comp(rc_ui *ui, const rc_ui_overlay *ov);
/* The set-up check's panel and the record warning, ov->check and ov->check_warning
 * (ui_check.c); nothing when neither is given. */
void rc__draw_check(rc_ui *ui, const rc_ui_overlay *ov);

/* ---- ui_timeline.c: the review window's timeline strip ---- */
void rc__draw_timeline(rc_ui *ui, const rc_ui_timeline *tl);
/* Turns an SDL event on the timeline (plot clicks and drags, arrows, Home/End) into
 * `ev`: 1 when it gives an event, 2 when it was used up without one, 0 when it is
 * not the timeline's. */
int rc__timeline_event(rc_ui *ui, const SDL_Event *e, rc_ui_event *ev);

/* ---- ui_draw.c ---- */
void rc__layout(rc_ui *ui);
void rc__draw_all(rc_ui *ui, int have_video, const rc_ui_overlay *ov);

#endif
