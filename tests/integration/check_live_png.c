/* check_live_png.c - checks a PNG that `romcap live --shot-dir` saved against the
 * synthetic scene's ground truth.
 *
 * usage: check_live_png DIR URI MODEL_JSON (the model the scene wears)
 * DIR holds one frame-NNNNNN.png; the scene URI is re-opened here and read to
 * frame NNNNNN, whose exact marker positions (rc_truth) say where the overlay must
 * be: a ring of the marker's model colour at radius 10..14 px around each visible
 * marker, the marker's name as light text up-right of the ring, and the large
 * angle value in the panel right of the video. The canvas must be the frame 1:1
 * plus the panel (checked first), so frame and canvas pixels coincide. Checks
 * count matching pixels in a neighbourhood, so font hinting and anti-aliasing do
 * not matter.
 */
#include "romcap/model.h"
#include "romcap/source.h"
#include "romcap/synth.h"

#define _GNU_SOURCE
#include <SDL.h>
#include <SDL_image.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fails;
#define EXPECT(c, ...)                                                                             \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fails++;                                                                               \
            fprintf(stderr, "check_live_png: " __VA_ARGS__);                                       \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

static void px(SDL_Surface *s, int x, int y, int rgb[3])
{
    const Uint8 *p = (const Uint8 *)s->pixels + y * s->pitch + x * 3;
    rgb[0] = p[0], rgb[1] = p[1], rgb[2] = p[2];
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: check_live_png DIR URI MODEL_JSON\n");
        return 2;
    }
    DIR *d = opendir(argv[1]);
    char name[512] = "";
    long long idx = -1;
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (sscanf(de->d_name, "frame-%lld.png", &idx) == 1) {
            snprintf(name, sizeof name, "%s/%s", argv[1], de->d_name);
            break;
        }
    if (d)
        closedir(d);
    if (!name[0]) {
        fprintf(stderr, "check_live_png: no frame-*.png in %s\n", argv[1]);
        return 1;
    }
    SDL_Surface *raw = IMG_Load(name);
    SDL_Surface *img = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGB24, 0) : NULL;
    if (!img) {
        fprintf(stderr, "check_live_png: %s: %s\n", name, IMG_GetError());
        return 1;
    }
    rc_err err = {{0}};
    rc_source *src = rc_source_open(argv[2], NULL, &err);
    if (!src) {
        fprintf(stderr, "check_live_png: %s\n", err.msg);
        return 1;
    }
    rc_source_info info;
    rc_source_get_info(src, &info);
    rc_frame f;
    for (long long i = 0; i <= idx; i++)
        if (rc_source_read(src, &f) != RC_OK) {
            fprintf(stderr, "check_live_png: %s ended before frame %lld\n", argv[2], idx);
            return 1;
        }
    EXPECT(img->h == info.height && img->w > info.width + 100,
           "canvas %dx%d is not the %dx%d frame 1:1 plus a panel", img->w, img->h, info.width,
           info.height);
    rc_model m;
    if (rc_model_load(argv[3], &m, &err) != RC_OK) {
        fprintf(stderr, "check_live_png: %s\n", err.msg);
        return 1;
    }
    const rc_truth *t = f.truth;
    int n_checked = 0;
    for (int k = 0; t && k < t->n_markers && img->h == info.height; k++) {
        if (!t->marker[k].visible)
            continue;
        double x = t->marker[k].x_px, y = t->marker[k].y_px;
        /* Model colour of this marker (by name). */
        const uint8_t *rgb = NULL;
        for (int j = 0; j < m.n_markers; j++)
            if (!strcmp(m.marker[j].name, t->marker[k].name))
                rgb = m.marker[j].rgb;
        if (!rgb)
            continue;
        int hit = 0;
        for (int a = 0; a < 16; a++) {
            int ok = 0;
            for (double r = 10.5; r <= 13.5; r += 1.0) {
                int qx = (int)lround(x + r * cos(a * 3.14159265358979323846 / 8)),
                    qy = (int)lround(y + r * sin(a * 3.14159265358979323846 / 8));
                if (qx < 0 || qy < 0 || qx >= img->w || qy >= img->h)
                    continue;
                int c[3];
                px(img, qx, qy, c);
                ok |= abs(c[0] - rgb[0]) + abs(c[1] - rgb[1]) + abs(c[2] - rgb[2]) < 60;
            }
            hit += ok;
        }
        EXPECT(hit >= 10,
               "%s: ring of colour %d,%d,%d found in %d of 16 directions around (%.1f, %.1f)",
               t->marker[k].name, rgb[0], rgb[1], rgb[2], hit, x, y);
        /* Label: light text pixels in a box up-right of the ring. */
        int light = 0;
        for (int qy = (int)y - 30; qy < (int)y; qy++)
            for (int qx = (int)x + 18; qx < (int)x + 70; qx++) {
                if (qx < 0 || qy < 0 || qx >= img->w || qy >= img->h)
                    continue;
                int c[3];
                px(img, qx, qy, c);
                light += c[0] > 190 && c[1] > 190 && c[2] > 190;
            }
        EXPECT(light >= 15, "%s: only %d light label pixels up-right of the marker",
               t->marker[k].name, light);
        n_checked++;
    }
    EXPECT(n_checked >= 2, "only %d markers checked", n_checked);
    /* The big angle value: many light pixels in the panel's upper part. */
    int light = 0;
    for (int qy = 70; qy < 160 && qy < img->h; qy++)
        for (int qx = info.width + 10; qx < img->w; qx++) {
            int c[3];
            px(img, qx, qy, c);
            light += c[0] > 190 && c[1] > 190 && c[2] > 190;
        }
    EXPECT(light > 400, "only %d light pixels where the large angle should be", light);
    printf("check_live_png: frame %lld, %d markers checked, %d failures\n", idx, n_checked, fails);
    rc_source_close(src);
    SDL_FreeSurface(img);
    SDL_FreeSurface(raw);
    return fails ? 1 : 0;
}
