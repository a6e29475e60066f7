/* make_phone_clip.c - renders a synthetic scene as raw full-range I420 frames on
 * stdout for ffmpeg to encode as a phone would (H.264 / HEVC), optionally with the
 * stickers repainted in other colours and a skin-coloured "face" in view, so the
 * compressed-video tests know the exact truth of every frame.
 *
 * usage: make_phone_clip SCENE_URI [MARKER=#rrggbb ...] [face=X,Y,R,#rrggbb]
 *                        [every=K,KEEP]
 *   MARKER=#rrggbb  the sticker of that marker painted over in this colour (an
 *                   anti-aliased disc a little larger than the scene's own sticker,
 *                   at its exact centre; nothing while the marker is occluded)
 *   face=X,Y,R,#c   a static filled disc of radius R px at (X, Y), drawn first
 *   every=K,KEEP    of each K frames only the first KEEP are written (a variable
 *                   frame rate once ffmpeg keeps their time stamps)
 * Writes the frame numbers written, one a line, to stderr as "frame N" (the truth
 * index of each output frame). Pipe into: ffmpeg -f rawvideo -pix_fmt yuvj420p
 * -s WxH -r FPS -i - ...
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/image.h"
#include "romcap/synth.h"

enum { MAX_PAINT = 16 };

typedef struct paint {
    char name[RC_NAME_CAP];
    uint8_t y, cb, cr;
} paint;

/* JFIF (full range) Y, Cb, Cr of an sRGB colour "#rrggbb"; 0 if it is not one. */
static int parse_colour(const char *s, uint8_t *y, uint8_t *cb, uint8_t *cr)
{
    unsigned r, g, b;
    if (strlen(s) != 7 || sscanf(s, "#%2x%2x%2x", &r, &g, &b) != 3)
        return 0;
    double Y = 0.299 * r + 0.587 * g + 0.114 * b;
    *y = (uint8_t)lround(Y);
    *cb = (uint8_t)lround(fmin(255, fmax(0, 128 + (b - Y) * 0.564)));
    *cr = (uint8_t)lround(fmin(255, fmax(0, 128 + (r - Y) * 0.713)));
    return 1;
}

static uint8_t mix(uint8_t a, uint8_t b, double w)
{
    return (uint8_t)lround(a + (b - a) * w);
}

/* An anti-aliased filled disc: luma per pixel, chroma per 2x2 block (the coverage of
 * its centre), over whatever is there. */
static void disc(rc_image *im, double cx, double cy, double r, uint8_t y, uint8_t cb, uint8_t cr)
{
    int x0 = (int)floor(cx - r - 2), x1 = (int)ceil(cx + r + 2);
    int y0 = (int)floor(cy - r - 2), y1 = (int)ceil(cy + r + 2);
    for (int j = y0; j <= y1; j++) {
        if (j < 0 || j >= im->height)
            continue;
        for (int i = x0; i <= x1; i++) {
            if (i < 0 || i >= im->width)
                continue;
            double w = fmin(1, fmax(0, r + 0.5 - hypot(i - cx, j - cy)));
            uint8_t *p = rc_image_row(im, 0, j) + i;
            *p = mix(*p, y, w);
            if ((i | j) & 1)
                continue;
            double wc = fmin(1, fmax(0, r + 0.5 - hypot(i + 0.5 - cx, j + 0.5 - cy)));
            uint8_t *u = rc_image_row(im, 1, j / 2) + i / 2;
            uint8_t *v = rc_image_row(im, 2, j / 2) + i / 2;
            *u = mix(*u, cb, wc);
            *v = mix(*v, cr, wc);
        }
    }
}

static int write_frame(const rc_image *im)
{
    for (int p = 0; p < 3; p++) {
        int w = p ? im->width / 2 : im->width, h = p ? im->height / 2 : im->height;
        for (int j = 0; j < h; j++)
            if (fwrite(rc_image_row(im, p, j), 1, (size_t)w, stdout) != (size_t)w)
                return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: make_phone_clip SCENE_URI [MARKER=#rrggbb ...] "
                        "[face=X,Y,R,#rrggbb] [every=K,KEEP]\n");
        return 2;
    }
    paint pt[MAX_PAINT];
    int n_pt = 0, every = 1, keep = 1, have_face = 0;
    double fx = 0, fy = 0, fr = 0;
    char fcol[16] = "";
    uint8_t fy8 = 0, fcb = 0, fcr = 0;
    for (int a = 2; a < argc; a++) {
        const char *eq = strchr(argv[a], '=');
        if (!eq) {
            fprintf(stderr, "make_phone_clip: bad argument %s\n", argv[a]);
            return 2;
        }
        if (!strncmp(argv[a], "face=", 5)) {
            if (sscanf(eq + 1, "%lf,%lf,%lf,%15s", &fx, &fy, &fr, fcol) != 4 ||
                !parse_colour(fcol, &fy8, &fcb, &fcr)) {
                fprintf(stderr, "make_phone_clip: bad face %s\n", argv[a]);
                return 2;
            }
            have_face = 1;
        } else if (!strncmp(argv[a], "every=", 6)) {
            if (sscanf(eq + 1, "%d,%d", &every, &keep) != 2 || every < 1 || keep < 1) {
                fprintf(stderr, "make_phone_clip: bad every %s\n", argv[a]);
                return 2;
            }
        } else if (n_pt < MAX_PAINT && (size_t)(eq - argv[a]) < RC_NAME_CAP &&
                   parse_colour(eq + 1, &pt[n_pt].y, &pt[n_pt].cb, &pt[n_pt].cr)) {
            snprintf(pt[n_pt].name, sizeof pt[n_pt].name, "%.*s", (int)(eq - argv[a]), argv[a]);
            n_pt++;
        } else {
            fprintf(stderr, "make_phone_clip: bad argument %s\n", argv[a]);
            return 2;
        }
    }
    rc_err err = {{0}};
    rc_synth *s = rc_synth_create_uri(argv[1], &err);
    if (!s) {
        fprintf(stderr, "make_phone_clip: %s\n", err.msg);
        return 2;
    }
    rc_synth_options o;
    rc_synth_get_options(s, &o);
    double r_px = fmax(6.0, 0.01 * o.width) + 1.5; /* the scene's sticker radius + margin */
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, o.width, o.height);
    int rc = buf ? 0 : 1;
    int64_t n = rc_synth_frame_count(s);
    for (int64_t i = 0; i < n && rc == 0; i++) {
        if (i % every >= keep)
            continue;
        rc_truth tr;
        rc_synth_render(s, i, &im, &tr);
        if (have_face)
            disc(&im, fx, fy, fr, fy8, fcb, fcr);
        for (int k = 0; k < n_pt; k++)
            for (int m = 0; m < tr.n_markers; m++)
                if (tr.marker[m].visible && !strcmp(tr.marker[m].name, pt[k].name))
                    disc(&im, tr.marker[m].x_px, tr.marker[m].y_px, r_px, pt[k].y, pt[k].cb,
                         pt[k].cr);
        rc = write_frame(&im);
        fprintf(stderr, "frame %lld\n", (long long)i);
    }
    if (rc)
        fprintf(stderr, "make_phone_clip: write failed\n");
    free(buf);
    rc_synth_destroy(s);
    return rc;
}
