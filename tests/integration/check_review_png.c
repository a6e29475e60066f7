/* check_review_png.c - checks a PNG that `romcap review` saved against the synthetic
 * scene's ground truth: it must show scene frame FRAME, not frame OTHER.
 *
 * usage: check_review_png PNG URI MODEL_JSON FRAME OTHER [CURSOR_X] [--amber N | --no-amber]
 * The scene URI is re-opened here and read to frames FRAME and OTHER; their exact
 * marker positions (rc_truth) say where the overlay must be. The canvas must be the
 * frame 1:1 at the top left, the panel right of it and the timeline strip under it
 * (checked first), so frame and canvas pixels coincide. At FRAME every visible
 * marker has a ring of its model colour (radius 10..14 px) around its true position;
 * the marker that moved most between the two frames (at least 30 px, so the rings
 * cannot overlap) has none around its position at OTHER. With CURSOR_X, the
 * timeline's red cursor is drawn in that canvas column (+-2 px). --amber N: at least
 * N amber pixels (the compensations' colour) in the timeline strip; --no-amber:
 * fewer than 30 (none are drawn without compensations; 30 leaves room for
 * anti-aliased edges of other colours).
 */
#include "romcap/model.h"
#include "romcap/source.h"
#include "romcap/synth.h"

#include <SDL.h>
#include <SDL_image.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fails;
#define EXPECT(c, ...)                                                                             \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fails++;                                                                               \
            fprintf(stderr, "check_review_png: " __VA_ARGS__);                                     \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

static void px(SDL_Surface *s, int x, int y, int rgb[3])
{
    const Uint8 *p = (const Uint8 *)s->pixels + y * s->pitch + x * 3;
    rgb[0] = p[0], rgb[1] = p[1], rgb[2] = p[2];
}

/* Of 16 directions around (x, y), how many have a pixel of colour `rgb` at radius
 * 10.5 .. 13.5 px. */
static int ring_hits(SDL_Surface *img, double x, double y, const uint8_t *rgb)
{
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
    return hit;
}

/* The scene's truth at frames a and b (a < b or not). */
static int truth_at(const char *uri, long long a, long long b, rc_truth *ta, rc_truth *tb,
                    rc_source_info *info)
{
    rc_err err = {{0}};
    rc_source *src = rc_source_open(uri, NULL, &err);
    if (!src) {
        fprintf(stderr, "check_review_png: %s\n", err.msg);
        return 0;
    }
    rc_source_get_info(src, info);
    rc_frame f;
    long long last = a > b ? a : b;
    for (long long i = 0; i <= last; i++) {
        if (rc_source_read(src, &f) != RC_OK || !f.truth) {
            fprintf(stderr, "check_review_png: %s ended before frame %lld\n", uri, last);
            rc_source_close(src);
            return 0;
        }
        if (i == a)
            *ta = *f.truth;
        if (i == b)
            *tb = *f.truth;
    }
    rc_source_close(src);
    return 1;
}

int main(int argc, char **argv)
{
    double cursor_x = NAN;
    long amber_min = -1, amber_max = -1;
    for (int i = 6; i < argc; i++) {
        if (!strcmp(argv[i], "--amber") && i + 1 < argc)
            amber_min = atol(argv[++i]);
        else if (!strcmp(argv[i], "--no-amber"))
            amber_max = 29;
        else
            cursor_x = atof(argv[i]);
    }
    if (argc < 6) {
        fprintf(stderr, "usage: check_review_png PNG URI MODEL_JSON FRAME OTHER [CURSOR_X]"
                        " [--amber N | --no-amber]\n");
        return 2;
    }
    long long k = atoll(argv[4]), other = atoll(argv[5]);
    SDL_Surface *raw = IMG_Load(argv[1]);
    SDL_Surface *img = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGB24, 0) : NULL;
    rc_model m;
    rc_err err = {{0}};
    rc_truth ta, tb;
    rc_source_info info;
    if (!img || rc_model_load(argv[3], &m, &err) != RC_OK ||
        !truth_at(argv[2], k, other, &ta, &tb, &info)) {
        fprintf(stderr, "check_review_png: %s %s\n", argv[1], img ? err.msg : IMG_GetError());
        return 1;
    }
    EXPECT(img->h > info.height + 100 && img->w > info.width + 100,
           "canvas %dx%d is not the %dx%d frame plus a panel and a timeline", img->w, img->h,
           info.width, info.height);
    int n_checked = 0, moved = -1;
    double most = 0;
    for (int i = 0; i < ta.n_markers; i++) {
        const uint8_t *rgb = NULL;
        for (int j = 0; j < m.n_markers; j++)
            if (!strcmp(m.marker[j].name, ta.marker[i].name))
                rgb = m.marker[j].rgb;
        if (!rgb || !ta.marker[i].visible)
            continue;
        int hit = ring_hits(img, ta.marker[i].x_px, ta.marker[i].y_px, rgb);
        EXPECT(hit >= 10, "%s: ring found in %d of 16 directions around (%.1f, %.1f), frame %lld",
               ta.marker[i].name, hit, ta.marker[i].x_px, ta.marker[i].y_px, k);
        n_checked++;
        double d =
            hypot(tb.marker[i].x_px - ta.marker[i].x_px, tb.marker[i].y_px - ta.marker[i].y_px);
        if (tb.marker[i].visible && d > most)
            most = d, moved = i;
    }
    EXPECT(n_checked >= 2, "only %d markers checked", n_checked);
    EXPECT(moved >= 0 && most >= 30, "frames %lld and %lld differ by %.1f px only", k, other, most);
    if (moved >= 0 && most >= 30) {
        const uint8_t *rgb = NULL;
        for (int j = 0; j < m.n_markers; j++)
            if (!strcmp(m.marker[j].name, tb.marker[moved].name))
                rgb = m.marker[j].rgb;
        int hit = rgb ? ring_hits(img, tb.marker[moved].x_px, tb.marker[moved].y_px, rgb) : 0;
        EXPECT(hit <= 4, "%s: a ring where it was at frame %lld (%d of 16)", tb.marker[moved].name,
               other, hit);
    }
    int cursor = 0;
    long amber = 0;
    for (int y = info.height; y < img->h; y++)
        for (int x = 0; x < info.width; x++) {
            int c[3];
            px(img, x, y, c);
            amber += abs(c[0] - 236) + abs(c[1] - 178) + abs(c[2] - 64) < 60;
        }
    EXPECT(amber_min < 0 || amber >= amber_min, "%ld amber pixels, wanted %ld", amber, amber_min);
    EXPECT(amber_max < 0 || amber <= amber_max, "%ld amber pixels, wanted none", amber);
    if (isfinite(cursor_x)) {
        double cx = cursor_x;
        for (int y = info.height + 20; y < img->h - 20; y++)
            for (int x = (int)floor(cx) - 2; x <= (int)ceil(cx) + 2; x++) {
                int c[3];
                if (x < 0 || x >= img->w)
                    continue;
                px(img, x, y, c);
                cursor += c[0] > 200 && c[1] > 80 && c[1] < 140 && c[2] > 60 && c[2] < 120;
            }
        EXPECT(cursor >= 50, "only %d cursor pixels near x %.1f", cursor, cx);
    }
    printf("check_review_png: frame %lld, %d markers checked, moved %.1f px from frame %lld, "
           "%d cursor pixels, %ld amber pixels, %d failures\n",
           k, n_checked, most, other, cursor, amber, fails);
    SDL_FreeSurface(img);
    SDL_FreeSurface(raw);
    return fails ? 1 : 0;
}
