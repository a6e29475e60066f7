/* check_sample_label.c - checks that a live canvas says "SAMPLE" on the picture.
 *
 * usage: check_sample_label SAMPLE_DIR PLAIN_DIR
 * Each DIR holds one frame-NNNNNN.png saved by --shot-dir: SAMPLE_DIR from the main
 * job playing the bundled sample in place of a camera, PLAIN_DIR from `romcap live`
 * playing the same scene because it was asked for. The label is specified as white
 * text on an opaque red (200, 30, 45) box near the top of the video: the sample's
 * canvas must hold such a box (a solid run of box pixels, far more of them than
 * the plain canvas has in the same rows) with white text pixels inside its
 * bounding box; the plain canvas must hold no such box.
 */
#include <SDL.h>
#include <SDL_image.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct box_count {
    long red;              /* label-box pixels in the top quarter */
    int x0, y0, x1, y1;    /* their bounding box */
    long white_inside;     /* white pixels inside it */
} box_count;

static SDL_Surface *load_dir(const char *dir)
{
    DIR *d = opendir(dir);
    char name[1024] = "";
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (!strncmp(de->d_name, "frame-", 6) && strstr(de->d_name, ".png")) {
            snprintf(name, sizeof name, "%s/%s", dir, de->d_name);
            break;
        }
    if (d)
        closedir(d);
    if (!name[0]) {
        fprintf(stderr, "check_sample_label: no frame-*.png in %s\n", dir);
        return NULL;
    }
    SDL_Surface *raw = IMG_Load(name);
    SDL_Surface *img = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGB24, 0) : NULL;
    SDL_FreeSurface(raw);
    if (!img)
        fprintf(stderr, "check_sample_label: %s: %s\n", name, IMG_GetError());
    return img;
}

static int near(int v, int want, int tol)
{
    return abs(v - want) <= tol;
}

static box_count count(SDL_Surface *s)
{
    box_count b = {0, s->w, s->h, -1, -1, 0};
    for (int y = 0; y < s->h / 4; y++)
        for (int x = 0; x < s->w; x++) {
            const Uint8 *p = (const Uint8 *)s->pixels + y * s->pitch + x * 3;
            if (near(p[0], 200, 3) && near(p[1], 30, 3) && near(p[2], 45, 3)) {
                b.red++;
                b.x0 = x < b.x0 ? x : b.x0, b.y0 = y < b.y0 ? y : b.y0;
                b.x1 = x > b.x1 ? x : b.x1, b.y1 = y > b.y1 ? y : b.y1;
            }
        }
    for (int y = b.y0; y <= b.y1; y++)
        for (int x = b.x0; x <= b.x1; x++) {
            const Uint8 *p = (const Uint8 *)s->pixels + y * s->pitch + x * 3;
            b.white_inside += p[0] > 235 && p[1] > 235 && p[2] > 235;
        }
    return b;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: check_sample_label SAMPLE_DIR PLAIN_DIR\n");
        return 2;
    }
    SDL_Surface *sample = load_dir(argv[1]), *plain = load_dir(argv[2]);
    if (!sample || !plain)
        return 1;
    box_count a = count(sample), b = count(plain);
    printf("sample: %ld box pixels in (%d,%d)-(%d,%d), %ld white inside; plain: %ld box pixels\n",
           a.red, a.x0, a.y0, a.x1, a.y1, a.white_inside, b.red);
    int fails = 0;
    /* A box at least ~150 x 25 px and solid (>= 60% of its bounding box). */
    long area = (long)(a.x1 - a.x0 + 1) * (a.y1 - a.y0 + 1);
    if (a.red < 3000 || a.x1 - a.x0 < 150 || a.y1 - a.y0 < 25 || a.red * 10 < area * 6) {
        fprintf(stderr, "check_sample_label: no solid label box on the sample's canvas\n");
        fails++;
    }
    if (a.white_inside < 200) {
        fprintf(stderr, "check_sample_label: no text in the label box\n");
        fails++;
    }
    if (b.red * 10 > a.red) {
        fprintf(stderr, "check_sample_label: the plain run shows the label colour too\n");
        fails++;
    }
    SDL_FreeSurface(sample);
    SDL_FreeSurface(plain);
    return fails ? 1 : 0;
}
