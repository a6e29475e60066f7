/* check_check_png.c - reads the set-up check's panel (issue 20, ui/ui_check.c) and the
 * record warning from screenshots of the live window.
 *
 * usage: check_check_png PANEL_PNG WARNING_PNG ROW
 * PANEL_PNG: the swatches are opaque squares of four fixed colours (pass green, warn
 * amber, fail red, not judged grey) stacked in one column; the column's runs, top to
 * bottom, must be the eight items (the camera's dropped frames and the computer's
 * analysed ones are two), and row ROW (0 = stickers ... 4 = sticker size)
 * must be red. WARNING_PNG: the warning is a large red box in the video's lower
 * half: at least 4000 more pixels of the fail colour there than in PANEL_PNG's
 * (measured 30000 more at 640x360, a 2-line box; the panel's red advice text gives
 * a few hundred in both).
 */
#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const Uint8 LEVEL[4][3] = {{46, 160, 67}, {236, 178, 64}, {214, 39, 40}, {128, 128, 128}};
static const char *const NAME[4] = {"pass", "warn", "fail", "n/a"};

static SDL_Surface *load(const char *path)
{
    SDL_Surface *raw = IMG_Load(path);
    SDL_Surface *img = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGB24, 0) : NULL;
    SDL_FreeSurface(raw);
    if (!img)
        fprintf(stderr, "check_check_png: %s: cannot read: %s\n", path, IMG_GetError());
    return img;
}

/* The level colour of pixel (x, y), or -1. */
static int level_at(const SDL_Surface *s, int x, int y)
{
    const Uint8 *p = (const Uint8 *)s->pixels + y * s->pitch + x * 3;
    for (int l = 0; l < 4; l++)
        if (!memcmp(p, LEVEL[l], 3))
            return l;
    return -1;
}

/* The swatch column: the leftmost x (in the left 60%) where a 6-pixel run of one
 * level colour starts on some row. */
static int swatch_x(const SDL_Surface *s)
{
    for (int x = 0; x < s->w * 6 / 10; x++)
        for (int y = 0; y < s->h; y++) {
            int l = level_at(s, x, y), n = 0;
            while (l >= 0 && n < 6 && x + n < s->w && level_at(s, x + n, y) == l)
                n++;
            if (n == 6)
                return x;
        }
    return -1;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: check_check_png PANEL_PNG WARNING_PNG ROW\n");
        return 2;
    }
    int want = atoi(argv[3]), fails = 0;
    SDL_Surface *panel = load(argv[1]), *warn = load(argv[2]);
    if (!panel || !warn)
        return 1;
    /* a swatch row: 6 pixels of one level colour from the column; a swatch: 4 such
     * rows or more (the advice text under them, drawn in the same colours, has no
     * such block) */
    int x = swatch_x(panel), runs[16], n = 0, prev = -1, len = 0;
    for (int y = 0; x >= 0 && y <= panel->h; y++) {
        int l = y < panel->h ? level_at(panel, x, y) : -1;
        for (int k = 1; l >= 0 && k < 6; k++)
            l = level_at(panel, x + k, y) == l ? l : -1;
        if (l == prev) {
            len++;
            continue;
        }
        if (prev >= 0 && len >= 4 && n < 16)
            runs[n++] = prev;
        prev = l;
        len = 1;
    }
    printf("check_check_png: %d swatches at x=%d:", n, x);
    for (int i = 0; i < n; i++)
        printf(" %s", NAME[runs[i]]);
    printf("\n");
    if (n != 8) {
        fprintf(stderr, "check_check_png: %s: wanted the 8 items' swatches, found %d\n", argv[1],
                n);
        fails++;
    } else if (runs[want] != 2) {
        fprintf(stderr, "check_check_png: %s: item %d is %s, not fail (red)\n", argv[1], want,
                NAME[runs[want]]);
        fails++;
    }
    long red_warn = 0, red_panel = 0;
    for (int y = warn->h / 2; y < warn->h; y++)
        for (int xx = 0; xx < warn->w * 6 / 10; xx++) {
            red_warn += level_at(warn, xx, y) == 2;
            red_panel += y < panel->h && xx < panel->w && level_at(panel, xx, y) == 2;
        }
    printf("check_check_png: fail-colour pixels in the lower half: %ld with the warning, %ld "
           "before\n", red_warn, red_panel);
    if (red_warn - red_panel < 4000) {
        fprintf(stderr, "check_check_png: no warning box in %s\n", argv[2]);
        fails++;
    }
    SDL_FreeSurface(panel);
    SDL_FreeSurface(warn);
    return fails != 0;
}
