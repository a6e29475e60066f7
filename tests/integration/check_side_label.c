/* check_side_label.c - checks the live panel's side label (issue 21) on two canvases.
 *
 * usage: check_side_label MIRRORED.png PLAIN.png
 * Both are --shot-dir canvases of the same scene after the side was decided:
 * MIRRORED of the scene rendered mirrored (flip=1; label "left knee - mirrored"),
 * PLAIN of it as set up ("right knee"). The label is specified as amber text
 * (236, 178, 64) in the panel's top rows, right of the video. Both canvases must
 * hold such text, and the mirrored label must reach clearly further right (it has
 * the extra words " - mirrored"): a label that did not change, or was not drawn,
 * fails without any OCR.
 */
#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct amber {
    long n;    /* amber pixels in the panel's top rows */
    int x1;    /* rightmost of them, -1 if none */
} amber;

static int near(int v, int want, int tol)
{
    return abs(v - want) <= tol;
}

/* Amber text pixels in the panel (x >= video_w) within the top `rows` rows. */
static amber count(SDL_Surface *s, int video_w, int rows)
{
    amber a = {0, -1};
    for (int y = 0; y < rows && y < s->h; y++)
        for (int x = video_w; x < s->w; x++) {
            const Uint8 *p = (const Uint8 *)s->pixels + y * s->pitch + x * 3;
            /* anti-aliased glyph cores: within 12 of the colour */
            if (near(p[0], 236, 12) && near(p[1], 178, 12) && near(p[2], 64, 12)) {
                a.n++;
                if (x > a.x1)
                    a.x1 = x;
            }
        }
    return a;
}

static SDL_Surface *load(const char *path)
{
    SDL_Surface *raw = IMG_Load(path);
    SDL_Surface *img = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGB24, 0) : NULL;
    SDL_FreeSurface(raw);
    if (!img)
        fprintf(stderr, "check_side_label: %s: %s\n", path, IMG_GetError());
    return img;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: check_side_label MIRRORED.png PLAIN.png VIDEO_WIDTH\n");
        return 2;
    }
    int video_w = atoi(argv[3]);
    SDL_Surface *m = load(argv[1]), *p = load(argv[2]);
    int bad = !m || !p;
    if (!bad) {
        /* The title and the side line: the top 60 rows of a 1x canvas. */
        amber am = count(m, video_w, 60), ap = count(p, video_w, 60);
        printf("amber label pixels: mirrored %ld (right edge x=%d), plain %ld (right edge x=%d)\n",
               am.n, am.x1, ap.n, ap.x1);
        if (am.n < 30 || ap.n < 30) {
            fprintf(stderr, "check_side_label: no side label in %s\n",
                    am.n < 30 ? argv[1] : argv[2]);
            bad = 1;
        } else if (am.x1 < ap.x1 + 40 || am.n < ap.n + ap.n / 4) {
            fprintf(stderr, "check_side_label: the mirrored label is not longer than the plain one\n");
            bad = 1;
        }
    }
    SDL_FreeSurface(m);
    SDL_FreeSurface(p);
    return bad;
}
