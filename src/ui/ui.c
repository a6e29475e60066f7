/* ui.c - SDL set-up, the video texture, events and PNG output of the ui stage.
 *
 * A window gets an accelerated renderer when one exists (else SDL's software
 * renderer) and draws each frame into an off-screen target texture that is then
 * copied to the window: the target keeps the last canvas readable for PNG
 * screenshots after present. Headless, the software renderer draws straight
 * onto a surface. Both paths run the same drawing code (ui_draw.c).
 */
#include "ui_internal.h"

#include <SDL_image.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void rc_ui_config_default(rc_ui_config *cfg, int width, int height)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->video_width = width;
    cfg->video_height = height;
    cfg->title = "romcap";
    cfg->font_path = RC_UI_DEFAULT_FONT;
    cfg->font_bold_path = RC_UI_DEFAULT_FONT_BOLD;
    cfg->scale = 1.0f;
    cfg->panel_width = 280;
}

static int make_video_texture(rc_ui *ui, int w, int h, rc_err *err)
{
    if (ui->video)
        SDL_DestroyTexture(ui->video);
    /* Frames are JFIF (full-range BT.601) YCbCr; the mode is read when the
     * texture is created. */
    SDL_SetYUVConversionMode(SDL_YUV_CONVERSION_JPEG);
    ui->video = SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_IYUV, SDL_TEXTUREACCESS_STREAMING, w, h);
    if (!ui->video) {
        rc_err_set(err, RC_E_DEVICE, "cannot create a %dx%d IYUV texture: %s", w, h,
                   SDL_GetError());
        return 0;
    }
    SDL_SetTextureScaleMode(ui->video, SDL_ScaleModeLinear);
    ui->video_w = w, ui->video_h = h;
    return 1;
}

/* Re-reads the window's output size; rebuilds the target texture and, when the
 * HiDPI factor changed, the fonts. */
static int sync_window_size(rc_ui *ui, rc_err *err)
{
    int ow = 0, oh = 0, ww = 0, wh = 0;
    if (SDL_GetRendererOutputSize(ui->ren, &ow, &oh) != 0 || ow <= 0 || oh <= 0)
        return rc_err_set(err, RC_E_DEVICE, "renderer output size: %s", SDL_GetError()), 0;
    SDL_GetWindowSize(ui->win, &ww, &wh);
    ui->out_w = ow, ui->out_h = oh;
    ui->hidpi = ww > 0 ? (float)ow / (float)ww : 1.0f;
    ui->s = ui->cfg.scale * ui->hidpi;
    if ((int)(ui->s * 100.0f + 0.5f) != ui->fonts_for_s_x100 && !rc__fonts_open(ui, ui->s, err))
        return 0;
    if (SDL_RenderTargetSupported(ui->ren) && (ui->target_w != ow || ui->target_h != oh)) {
        if (ui->target)
            SDL_DestroyTexture(ui->target);
        ui->target =
            SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, ow, oh);
        ui->target_w = ui->target ? ow : 0, ui->target_h = ui->target ? oh : 0;
    }
    ui->drawn = 0;
    rc__layout(ui);
    return 1;
}

static int open_window(rc_ui *ui, rc_err *err)
{
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        const char *disp = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
        rc_err_set(err, RC_E_DEVICE, "no display for a window (%s%s): %s; use headless mode",
                   (disp && disp[0]) || (wl && wl[0]) ? "DISPLAY=" : "DISPLAY is not set",
                   (disp && disp[0]) ? disp : "", SDL_GetError());
        return 0;
    }
    ui->sdl_ok = 1;
    /* Initial size in window points: frame plus panel, shrunk to fit the screen. */
    int w = ui->cfg.video_width + (int)(ui->cfg.panel_width * ui->cfg.scale);
    int h = ui->cfg.video_height + (int)(ui->cfg.timeline_height * ui->cfg.scale);
    SDL_Rect usable;
    if (SDL_GetDisplayUsableBounds(0, &usable) == 0 && usable.w > 0 && usable.h > 0) {
        double k = SDL_min(1.0, SDL_min(0.95 * usable.w / w, 0.9 * usable.h / h));
        w = (int)(w * k), h = (int)(h * k);
    }
    ui->win = SDL_CreateWindow(ui->title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                               SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!ui->win) {
        rc_err_set(err, RC_E_DEVICE, "cannot open a window: %s", SDL_GetError());
        return 0;
    }
    SDL_SetWindowMinimumSize(ui->win, 480, 270);
    ui->ren =
        SDL_CreateRenderer(ui->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_TARGETTEXTURE);
    if (!ui->ren)
        ui->ren = SDL_CreateRenderer(ui->win, -1, SDL_RENDERER_SOFTWARE);
    if (!ui->ren) {
        rc_err_set(err, RC_E_DEVICE, "cannot create a renderer: %s", SDL_GetError());
        return 0;
    }
    return 1;
}

static int open_canvas(rc_ui *ui, rc_err *err)
{
    /* Nothing of SDL's video subsystem is needed to draw on a surface. */
    if (SDL_Init(0) != 0)
        return rc_err_set(err, RC_E_DEVICE, "SDL_Init: %s", SDL_GetError()), 0;
    ui->sdl_ok = 1;
    ui->hidpi = 1.0f;
    ui->s = ui->cfg.scale;
    ui->out_w = ui->cfg.video_width + (int)(ui->cfg.panel_width * ui->s + 0.5f);
    ui->out_h = ui->cfg.video_height + (int)(ui->cfg.timeline_height * ui->s + 0.5f);
    ui->canvas =
        SDL_CreateRGBSurfaceWithFormat(0, ui->out_w, ui->out_h, 32, SDL_PIXELFORMAT_RGB888);
    if (!ui->canvas)
        return rc_err_set(err, RC_E_NOMEM, "canvas %dx%d: %s", ui->out_w, ui->out_h,
                          SDL_GetError()),
               0;
    ui->ren = SDL_CreateSoftwareRenderer(ui->canvas);
    if (!ui->ren)
        return rc_err_set(err, RC_E_DEVICE, "software renderer: %s", SDL_GetError()), 0;
    return 1;
}

static void copy_str(char *dst, size_t cap, const char *src, const char *dflt)
{
    snprintf(dst, cap, "%s", src && src[0] ? src : dflt);
}

rc_ui *rc_ui_create(const rc_ui_config *cfg, rc_err *err)
{
    if (!cfg || cfg->video_width <= 0 || cfg->video_height <= 0 || cfg->video_width > 16384 ||
        cfg->video_height > 16384) {
        rc_err_set(err, RC_E_ARG, "ui: invalid video size %dx%d", cfg ? cfg->video_width : 0,
                   cfg ? cfg->video_height : 0);
        return NULL;
    }
    if (!(cfg->scale >= 0.0f && cfg->scale <= 8.0f) || cfg->panel_width < 0 ||
        cfg->panel_width > 4096 || cfg->timeline_height < 0 || cfg->timeline_height > 4096) {
        rc_err_set(err, RC_E_ARG, "ui: invalid scale %g or panel width %d", (double)cfg->scale,
                   cfg->panel_width);
        return NULL;
    }
    rc_ui *ui = calloc(1, sizeof *ui);
    if (!ui) {
        rc_err_set(err, RC_E_NOMEM, "ui: out of memory");
        return NULL;
    }
    ui->cfg = *cfg;
    copy_str(ui->title, sizeof ui->title, cfg->title, "romcap");
    copy_str(ui->font_path, sizeof ui->font_path, cfg->font_path, RC_UI_DEFAULT_FONT);
    copy_str(ui->font_bold_path, sizeof ui->font_bold_path, cfg->font_bold_path,
             RC_UI_DEFAULT_FONT_BOLD);
    ui->cfg.title = ui->title;
    ui->cfg.font_path = ui->font_path;
    ui->cfg.font_bold_path = ui->font_bold_path;
    if (ui->cfg.scale == 0.0f)
        ui->cfg.scale = 1.0f;
    if (ui->cfg.panel_width == 0)
        ui->cfg.panel_width = 280;

    if (!(cfg->headless ? open_canvas(ui, err) : open_window(ui, err)))
        goto fail;
    if (TTF_Init() != 0) {
        rc_err_set(err, RC_E_DEVICE, "SDL_ttf: %s", TTF_GetError());
        goto fail;
    }
    ui->ttf_ok = 1;
    SDL_SetRenderDrawBlendMode(ui->ren, SDL_BLENDMODE_BLEND);
    if (!make_video_texture(ui, cfg->video_width, cfg->video_height, err))
        goto fail;
    rc__audio_open(ui); /* optional: a machine without sound works silently */
    if (ui->win) {
        if (!sync_window_size(ui, err))
            goto fail;
    } else {
        if (!rc__fonts_open(ui, ui->s, err))
            goto fail;
        rc__layout(ui);
    }
    return ui;
fail:
    rc_ui_destroy(ui);
    return NULL;
}

void rc_ui_destroy(rc_ui *ui)
{
    if (!ui)
        return;
    rc__fonts_close(ui);
    rc__audio_close(ui);
    if (ui->video)
        SDL_DestroyTexture(ui->video);
    if (ui->target)
        SDL_DestroyTexture(ui->target);
    if (ui->ren)
        SDL_DestroyRenderer(ui->ren);
    if (ui->win)
        SDL_DestroyWindow(ui->win);
    if (ui->canvas)
        SDL_FreeSurface(ui->canvas);
    if (ui->ttf_ok)
        TTF_Quit();
    if (ui->sdl_ok)
        SDL_Quit();
    free(ui);
}

static rc_status fail_draw(rc_ui *ui, rc_status s, const char *what)
{
    snprintf(ui->err, sizeof ui->err, "ui: %s: %s", what, SDL_GetError());
    return s;
}

rc_status rc_ui_draw(rc_ui *ui, const rc_image *f, const rc_ui_overlay *ov)
{
    if (!ui)
        return RC_E_ARG;
    ui->err[0] = 0;
    if (f) {
        if (f->fmt != RC_PIX_I420 || f->width <= 0 || f->height <= 0 || !f->plane[0] ||
            !f->plane[1] || !f->plane[2] || f->stride_bytes[0] < f->width ||
            f->stride_bytes[1] < (f->width + 1) / 2 || f->stride_bytes[2] < (f->width + 1) / 2) {
            snprintf(ui->err, sizeof ui->err,
                     "ui: frame must be a valid I420 image (got format %d, %dx%d)", (int)f->fmt,
                     f->width, f->height);
            return RC_E_ARG;
        }
        if (f->width != ui->video_w || f->height != ui->video_h) {
            rc_err e = {{0}};
            if (!make_video_texture(ui, f->width, f->height, &e)) {
                snprintf(ui->err, sizeof ui->err, "%s", e.msg);
                return RC_E_DEVICE;
            }
            rc__layout(ui);
        }
        if (SDL_UpdateYUVTexture(ui->video, NULL, f->plane[0], f->stride_bytes[0], f->plane[1],
                                 f->stride_bytes[1], f->plane[2], f->stride_bytes[2]) != 0)
            return fail_draw(ui, RC_E_DEVICE, "updating the video texture");
    }
    if (ui->target && SDL_SetRenderTarget(ui->ren, ui->target) != 0)
        return fail_draw(ui, RC_E_DEVICE, "render target");
    rc_ui_text_record(ui, ui->text_log, ui->text_log_cap); /* a new frame's texts */
    rc__draw_all(ui, f != NULL, ov);
    if (ui->win) {
        if (ui->target) {
            SDL_SetRenderTarget(ui->ren, NULL);
            SDL_RenderCopy(ui->ren, ui->target, NULL, NULL);
        }
        SDL_RenderPresent(ui->ren);
    }
    ui->drawn = 1;
    return RC_OK;
}

const char *rc_ui_last_error(const rc_ui *ui)
{
    return ui ? ui->err : "ui: NULL";
}

static int key_event(rc_ui *ui, const SDL_KeyboardEvent *k, rc_ui_event *ev)
{
    SDL_Keycode sym = k->keysym.sym;
    if (ui->prompt_mode && rc__prompt_key_event(k, ev)) /* issue 17: ui_prompt.c */
        return 1;
    if (sym == SDLK_RIGHT || sym == SDLK_PERIOD) { /* repeats step on while held */
        ev->type = RC_UI_EV_STEP;
        return 1;
    }
    if (k->repeat)
        return 0;
    switch (sym) {
    case SDLK_ESCAPE:
    case SDLK_q:
        ev->type = RC_UI_EV_QUIT;
        ev->key = sym == SDLK_ESCAPE ? 27 : 'q'; /* Esc may close a panel instead */
        return 1;
    case SDLK_c: ev->type = RC_UI_EV_CHECK; return 1; /* issue 20 */
    case SDLK_SPACE: ev->type = RC_UI_EV_PAUSE; return 1;
    case SDLK_s: ev->type = RC_UI_EV_SCREENSHOT; return 1;
    case SDLK_p: ev->type = RC_UI_EV_PATIENT; return 1;
    case SDLK_m: ev->type = RC_UI_EV_MUTE; return 1;
    case SDLK_r: ev->type = RC_UI_EV_RECORD; return 1;
    case SDLK_TAB: ev->type = RC_UI_EV_NEXT_MODEL; return 1;
    case SDLK_0:
    case SDLK_KP_0: ev->type = RC_UI_EV_RESET; return 1;
    case SDLK_F1: ev->type = RC_UI_EV_DEBUG; return 1;
    case SDLK_v: ev->type = RC_UI_EV_FLIP; return 1;
    case SDLK_l: ev->type = RC_UI_EV_LEARN; return 1;
    case SDLK_QUESTION:
    case SDLK_h:
        ui->show_help = !ui->show_help;
        ev->type = RC_UI_EV_HELP;
        return 1;
    case SDLK_SLASH:
        if (k->keysym.mod & KMOD_SHIFT) {
            ui->show_help = !ui->show_help;
            ev->type = RC_UI_EV_HELP;
            return 1;
        }
        return 0;
    default: return 0;
    }
}

int rc_ui_poll(rc_ui *ui, rc_ui_event *ev)
{
    ev->type = RC_UI_EV_NONE;
    ev->key = 0; /* a window close is a QUIT without Esc's 27 */
    if (!ui || !ui->win)
        return 0;
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        int tl = ui->timeline_rect.h > 0 ? rc__timeline_event(ui, &e, ev) : 0;
        if (tl == 1)
            return 1;
        if (tl == 2)
            continue;
        switch (e.type) {
        case SDL_QUIT: ev->type = RC_UI_EV_QUIT; return 1;
        case SDL_WINDOWEVENT:
            if (e.window.event == SDL_WINDOWEVENT_CLOSE) {
                ev->type = RC_UI_EV_QUIT;
                return 1;
            }
            if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                rc_err er = {{0}};
                if (!sync_window_size(ui, &er))
                    snprintf(ui->err, sizeof ui->err, "%s", er.msg);
            }
            break;
        case SDL_KEYDOWN:
            if (key_event(ui, &e.key, ev))
                return 1;
            break;
        case SDL_MOUSEBUTTONDOWN:
            /* Window coordinates are logical pixels; the canvas is the renderer's
             * output, hidpi times larger. */
            if (e.button.button == SDL_BUTTON_LEFT &&
                rc_ui_canvas_to_frame(ui, e.button.x * (double)ui->hidpi,
                                      e.button.y * (double)ui->hidpi, &ev->x_px, &ev->y_px)) {
                ev->type = RC_UI_EV_CLICK;
                return 1;
            }
            break;
        default: break;
        }
    }
    return 0;
}

void rc_ui_canvas_size(const rc_ui *ui, int *w, int *h)
{
    *w = ui ? ui->out_w : 0;
    *h = ui ? ui->out_h : 0;
}

void rc_ui_frame_to_canvas(const rc_ui *ui, double x, double y, double *cx, double *cy)
{
    /* Frame pixel centres sit at integer coordinates; the texture maps the frame's
     * left edge (x = -0.5) to video_rect.x. */
    if (ui->flip) /* mirrored on screen: the frame's right edge is on the left */
        x = ui->video_w - 1 - x;
    *cx = ui->video_rect.x + (x + 0.5) * ui->fx - 0.5;
    *cy = ui->video_rect.y + (y + 0.5) * ui->fy - 0.5;
}

int rc_ui_canvas_to_frame(const rc_ui *ui, double cx, double cy, double *x, double *y)
{
    if (!ui || !(ui->fx > 0) || !(ui->fy > 0))
        return 0;
    double fx = (cx + 0.5 - ui->video_rect.x) / ui->fx - 0.5;
    double fy = (cy + 0.5 - ui->video_rect.y) / ui->fy - 0.5;
    if (ui->flip)
        fx = ui->video_w - 1 - fx;
    if (!(fx >= -0.5 && fy >= -0.5 && fx < ui->video_w - 0.5 && fy < ui->video_h - 0.5))
        return 0;
    *x = fx;
    *y = fy;
    return 1;
}

int rc_ui_is_windowed(const rc_ui *ui)
{
    return ui && ui->win;
}

rc_status rc_ui_save_png(rc_ui *ui, const char *path, rc_err *err)
{
    if (!ui || !path || !path[0])
        return rc_err_set(err, RC_E_ARG, "ui: no PNG path given");
    if (!ui->drawn)
        return rc_err_set(err, RC_E_ARG, "%s: nothing drawn yet", path);
    int w = ui->out_w, h = ui->out_h;
    if (ui->target) {
        w = ui->target_w, h = ui->target_h;
    }
    SDL_Surface *shot = SDL_CreateRGBSurfaceWithFormat(0, w, h, 24, SDL_PIXELFORMAT_RGB24);
    if (!shot)
        return rc_err_set(err, RC_E_NOMEM, "%s: %s", path, SDL_GetError());
    rc_status st = RC_OK;
    if (ui->target)
        SDL_SetRenderTarget(ui->ren, ui->target);
    int rd = SDL_RenderReadPixels(ui->ren, NULL, SDL_PIXELFORMAT_RGB24, shot->pixels, shot->pitch);
    if (ui->target)
        SDL_SetRenderTarget(ui->ren, NULL);
    if (rd != 0) {
        SDL_FreeSurface(shot);
        return rc_err_set(err, RC_E_DEVICE, "%s: reading the canvas: %s", path, SDL_GetError());
    }
    /* Private file: mkstemp creates it 0600; renamed into place when complete. */
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp) {
        SDL_FreeSurface(shot);
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
    }
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp-XXXXXX", 12);
    int fd = mkstemp(tmp);
    FILE *fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!fp) {
        st = rc_err_set(err, RC_E_IO, "%s: cannot create: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
    } else {
        SDL_RWops *rw = SDL_RWFromFP(fp, SDL_TRUE); /* closes fp */
        if (!rw) {
            fclose(fp);
            st = rc_err_set(err, RC_E_IO, "%s: %s", path, SDL_GetError());
        } else if (IMG_SavePNG_RW(shot, rw, 1) != 0) {
            st = rc_err_set(err, RC_E_IO, "%s: writing PNG: %s", path, IMG_GetError());
        }
        if (st == RC_OK && rename(tmp, path) != 0)
            st = rc_err_set(err, RC_E_IO, "%s: %s", path, strerror(errno));
        if (st != RC_OK)
            unlink(tmp);
    }
    free(tmp);
    SDL_FreeSurface(shot);
    return st;
}
