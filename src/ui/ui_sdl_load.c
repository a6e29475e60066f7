/* ui_sdl_load.c - SDL2, SDL2_ttf and SDL2_image loaded on first use (issue 18).
 *
 * The romcap executable does not link SDL: loading it and what it pulls in (X11,
 * Wayland, PulseAudio, FreeType, HarfBuzz, libpng, libtiff, libwebp ...; about 65
 * libraries) cost about 25 ms of CPU at every start, for commands that never open a
 * window. This file defines the SDL functions the ui stage calls, with SDL's own
 * prototypes (its headers are included, so a mismatch does not compile); each one
 * loads the three libraries by their stable sonames on first use and calls the real
 * function. The ui's code is unchanged. A program that links SDL itself as well (the
 * tests) gets these definitions first and the same libraries through dlopen.
 *
 * If SDL cannot be loaded, SDL_Init and TTF_Init fail and SDL_GetError says why (the
 * library and dlerror()'s text), which the ui already reports; nothing else is
 * called before those succeed. The handles are process-wide (written once under
 * pthread_once, read-only after) and never closed.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

enum { LIB_SDL, LIB_TTF, LIB_IMG, LIB_COUNT };
static const char *const SONAMES[LIB_COUNT] = {"libSDL2-2.0.so.0", "libSDL2_ttf-2.0.so.0",
                                               "libSDL2_image-2.0.so.0"};

/* Every SDL function the ui calls: X(library, return type, name, parameters, arguments,
 * value returned when SDL could not be loaded) for functions that return a value, V(...)
 * for void ones. */
#define UI_SDL_FUNCS(X, V)                                                                         \
    X(LIB_SDL, int, SDL_Init, (Uint32 flags), (flags), -1)                                         \
    X(LIB_SDL, int, SDL_InitSubSystem, (Uint32 flags), (flags), -1)                                \
    V(LIB_SDL, SDL_Quit, (void), ())                                                               \
    V(LIB_SDL, SDL_QuitSubSystem, (Uint32 flags), (flags))                                         \
    X(LIB_SDL, int, SDL_PollEvent, (SDL_Event * event), (event), 0)                                \
    X(LIB_SDL, int, SDL_GetDisplayUsableBounds, (int i, SDL_Rect *rect), (i, rect), 0)             \
    X(LIB_SDL, SDL_Window *, SDL_CreateWindow,                                                     \
      (const char *title, int x, int y, int w, int h, Uint32 flags), (title, x, y, w, h, flags),   \
      NULL)                                                                                        \
    V(LIB_SDL, SDL_DestroyWindow, (SDL_Window * window), (window))                                 \
    V(LIB_SDL, SDL_GetWindowSize, (SDL_Window * window, int *w, int *h), (window, w, h))           \
    V(LIB_SDL, SDL_SetWindowMinimumSize, (SDL_Window * window, int w, int h), (window, w, h))      \
    V(LIB_SDL, SDL_SetWindowTitle, (SDL_Window * window, const char *title), (window, title))      \
    X(LIB_SDL, SDL_Renderer *, SDL_CreateRenderer, (SDL_Window * window, int index, Uint32 flags), \
      (window, index, flags), NULL)                                                                \
    X(LIB_SDL, SDL_Renderer *, SDL_CreateSoftwareRenderer, (SDL_Surface * surface), (surface),     \
      NULL)                                                                                        \
    V(LIB_SDL, SDL_DestroyRenderer, (SDL_Renderer * r), (r))                                       \
    X(LIB_SDL, int, SDL_GetRendererOutputSize, (SDL_Renderer * r, int *w, int *h), (r, w, h), 0)   \
    X(LIB_SDL, SDL_bool, SDL_RenderTargetSupported, (SDL_Renderer * r), (r), 0)                    \
    X(LIB_SDL, int, SDL_SetRenderTarget, (SDL_Renderer * r, SDL_Texture * t), (r, t), 0)           \
    X(LIB_SDL, int, SDL_SetRenderDrawBlendMode, (SDL_Renderer * r, SDL_BlendMode m), (r, m), 0)    \
    X(LIB_SDL, int, SDL_SetRenderDrawColor,                                                        \
      (SDL_Renderer * r, Uint8 red, Uint8 g, Uint8 b, Uint8 a), (r, red, g, b, a), 0)              \
    X(LIB_SDL, int, SDL_RenderClear, (SDL_Renderer * r), (r), 0)                                   \
    X(LIB_SDL, int, SDL_RenderCopy,                                                                \
      (SDL_Renderer * r, SDL_Texture * t, const SDL_Rect *src, const SDL_Rect *dst),               \
      (r, t, src, dst), 0)                                                                         \
    X(LIB_SDL, int, SDL_RenderCopyExF,                                                             \
      (SDL_Renderer * r, SDL_Texture * t, const SDL_Rect *src, const SDL_FRect *dst,               \
       const double angle, const SDL_FPoint *center, const SDL_RendererFlip flip),                 \
      (r, t, src, dst, angle, center, flip), 0)                                                    \
    X(LIB_SDL, int, SDL_RenderFillRects, (SDL_Renderer * r, const SDL_Rect *rects, int count),     \
      (r, rects, count), 0)                                                                        \
    V(LIB_SDL, SDL_RenderPresent, (SDL_Renderer * r), (r))                                         \
    X(LIB_SDL, int, SDL_RenderReadPixels,                                                          \
      (SDL_Renderer * r, const SDL_Rect *rect, Uint32 format, void *pixels, int pitch),            \
      (r, rect, format, pixels, pitch), 0)                                                         \
    X(LIB_SDL, SDL_Texture *, SDL_CreateTexture,                                                   \
      (SDL_Renderer * r, Uint32 format, int access, int w, int h), (r, format, access, w, h),      \
      NULL)                                                                                        \
    X(LIB_SDL, SDL_Texture *, SDL_CreateTextureFromSurface, (SDL_Renderer * r, SDL_Surface * s),   \
      (r, s), NULL)                                                                                \
    V(LIB_SDL, SDL_DestroyTexture, (SDL_Texture * t), (t))                                         \
    X(LIB_SDL, int, SDL_SetTextureAlphaMod, (SDL_Texture * t, Uint8 alpha), (t, alpha), 0)         \
    X(LIB_SDL, int, SDL_SetTextureBlendMode, (SDL_Texture * t, SDL_BlendMode m), (t, m), 0)        \
    X(LIB_SDL, int, SDL_SetTextureColorMod, (SDL_Texture * t, Uint8 r, Uint8 g, Uint8 b),          \
      (t, r, g, b), 0)                                                                             \
    X(LIB_SDL, int, SDL_SetTextureScaleMode, (SDL_Texture * t, SDL_ScaleMode m), (t, m), 0)        \
    X(LIB_SDL, int, SDL_UpdateYUVTexture,                                                          \
      (SDL_Texture * t, const SDL_Rect *rect, const Uint8 *y, int ypitch, const Uint8 *u,          \
       int upitch, const Uint8 *v, int vpitch),                                                    \
      (t, rect, y, ypitch, u, upitch, v, vpitch), 0)                                               \
    V(LIB_SDL, SDL_SetYUVConversionMode, (SDL_YUV_CONVERSION_MODE mode), (mode))                   \
    X(LIB_SDL, SDL_Surface *, SDL_CreateRGBSurfaceWithFormat,                                      \
      (Uint32 flags, int width, int height, int depth, Uint32 format),                             \
      (flags, width, height, depth, format), NULL)                                                 \
    V(LIB_SDL, SDL_FreeSurface, (SDL_Surface * s), (s))                                            \
    X(LIB_SDL, int, SDL_FillRect, (SDL_Surface * dst, const SDL_Rect *rect, Uint32 color),         \
      (dst, rect, color), 0)                                                                       \
    X(LIB_SDL, int, SDL_SetSurfaceBlendMode, (SDL_Surface * s, SDL_BlendMode m), (s, m), 0)        \
    X(LIB_SDL, int, SDL_UpperBlit,                                                                 \
      (SDL_Surface * src, const SDL_Rect *srcrect, SDL_Surface *dst, SDL_Rect *dstrect),           \
      (src, srcrect, dst, dstrect), 0)                                                             \
    X(LIB_SDL, SDL_RWops *, SDL_RWFromFP, (FILE * fp, SDL_bool autoclose), (fp, autoclose), NULL)  \
    X(LIB_SDL, SDL_AudioDeviceID, SDL_OpenAudioDevice,                                             \
      (const char *device, int iscapture, const SDL_AudioSpec *desired, SDL_AudioSpec *obtained,   \
       int allowed_changes),                                                                       \
      (device, iscapture, desired, obtained, allowed_changes), 0)                                  \
    V(LIB_SDL, SDL_CloseAudioDevice, (SDL_AudioDeviceID dev), (dev))                               \
    V(LIB_SDL, SDL_PauseAudioDevice, (SDL_AudioDeviceID dev, int pause_on), (dev, pause_on))       \
    X(LIB_SDL, int, SDL_QueueAudio, (SDL_AudioDeviceID dev, const void *data, Uint32 len),         \
      (dev, data, len), 0)                                                                         \
    V(LIB_SDL, SDL_ClearQueuedAudio, (SDL_AudioDeviceID dev), (dev))                               \
    X(LIB_TTF, int, TTF_Init, (void), (), -1)                                                      \
    V(LIB_TTF, TTF_Quit, (void), ())                                                               \
    X(LIB_TTF, TTF_Font *, TTF_OpenFont, (const char *file, int ptsize), (file, ptsize), NULL)     \
    V(LIB_TTF, TTF_CloseFont, (TTF_Font * font), (font))                                           \
    X(LIB_TTF, int, TTF_FontAscent, (const TTF_Font *font), (font), 0)                             \
    X(LIB_TTF, int, TTF_FontHeight, (const TTF_Font *font), (font), 0)                             \
    V(LIB_TTF, TTF_SetFontHinting, (TTF_Font * font, int hinting), (font, hinting))                \
    X(LIB_TTF, int, TTF_GlyphIsProvided32, (TTF_Font * font, Uint32 ch), (font, ch), 0)            \
    X(LIB_TTF, int, TTF_GlyphMetrics32,                                                            \
      (TTF_Font * font, Uint32 ch, int *minx, int *maxx, int *miny, int *maxy, int *advance),      \
      (font, ch, minx, maxx, miny, maxy, advance), 0)                                              \
    X(LIB_TTF, SDL_Surface *, TTF_RenderGlyph32_Blended,                                           \
      (TTF_Font * font, Uint32 ch, SDL_Color fg), (font, ch, fg), NULL)                            \
    X(LIB_IMG, int, IMG_SavePNG_RW, (SDL_Surface * s, SDL_RWops * dst, int freedst),               \
      (s, dst, freedst), 0)

#define FIELD(lib, ret, name, params, args, fail) ret(*name) params;
#define VFIELD(lib, name, params, args)           void(*name) params;
typedef struct ui_sdl {
    UI_SDL_FUNCS(FIELD, VFIELD)
    const char *(*SDL_GetError)(void);
} ui_sdl;

typedef struct ui_sdl_loaded {
    ui_sdl fn;
    int ok;        /* 1 when every library and function was found */
    char msg[512]; /* else why, for SDL_GetError */
} ui_sdl_loaded;

static pthread_once_t sdl_once = PTHREAD_ONCE_INIT;
static ui_sdl_loaded sdl; /* written once inside sdl_once, read-only afterwards */

/* dlsym into a function pointer (POSIX's sanctioned cast); 0 and a message if absent. */
static int find(void *h, const char *name, void **slot)
{
    *slot = dlsym(h, name);
    if (!*slot)
        snprintf(sdl.msg, sizeof sdl.msg, "SDL function %s not found (%s)", name, dlerror());
    return *slot != NULL;
}

static void load(void)
{
    void *h[LIB_COUNT];
    for (int i = 0; i < LIB_COUNT; i++) {
        h[i] = dlopen(SONAMES[i], RTLD_NOW | RTLD_LOCAL);
        if (!h[i]) {
            const char *why = dlerror();
            snprintf(sdl.msg, sizeof sdl.msg, "cannot load %s: %s", SONAMES[i],
                     why ? why : "dlopen failed");
            return;
        }
    }
#define FIND(lib, ret, name, params, args, fail)                                                   \
    if (!find(h[lib], #name, (void **)&sdl.fn.name))                                               \
        return;
#define VFIND(lib, name, params, args) FIND(lib, void, name, params, args, 0)
    UI_SDL_FUNCS(FIND, VFIND)
    if (!find(h[LIB_SDL], "SDL_GetError", (void **)&sdl.fn.SDL_GetError))
        return;
    sdl.ok = 1;
}

static const ui_sdl *get(void)
{
    pthread_once(&sdl_once, load);
    return sdl.ok ? &sdl.fn : NULL;
}

/* The functions themselves. Without SDL the Init functions fail (-1) and the ui calls
 * nothing else; the other fallbacks (0, NULL, nothing) only keep a misuse from
 * crashing. */
#define DEFINE(lib, ret, name, params, args, fail)                                                 \
    ret name params                                                                                \
    {                                                                                              \
        const ui_sdl *t_ = get();                                                                  \
        return t_ ? t_->name args : fail;                                                          \
    }
#define VDEFINE(lib, name, params, args)                                                           \
    void name params                                                                               \
    {                                                                                              \
        const ui_sdl *t_ = get();                                                                  \
        if (t_)                                                                                    \
            t_->name args;                                                                         \
    }
UI_SDL_FUNCS(DEFINE, VDEFINE)

const char *SDL_GetError(void)
{
    const ui_sdl *t_ = get();
    return t_ ? t_->SDL_GetError() : sdl.msg;
}
