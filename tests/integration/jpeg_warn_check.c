/* jpeg_warn_check.c - reads every frame of a JPEG source (video or folder) and
 * checks which were used and which skipped, against the synthetic scene it was
 * rendered from: each used frame must show that scene (no grey block anywhere,
 * the corner included), and the counts must be what the test expects.
 *
 * usage: jpeg_warn_check SOURCE SCENE_URI MIN_SHORT SKIPPED
 *   MIN_SHORT  at least this many frames used with RC_JPEG_WARN_SHORT (their data
 *              ran out in the last MCU), so the clip really carries such frames
 *   SKIPPED    exactly this many frames skipped (part of the picture missing)
 * Prints one line per warned or skipped frame and a summary; exit 0 if all holds.
 */
#include <stdio.h>
#include <stdlib.h>

#include "romcap/jpeg.h"
#include "romcap/source.h"
#include "romcap/synth.h"

/* TUNABLE: largest mean |dY| of any 16x16 block against the rendered scene. JPEG
 * q85 of a noise-2 scene stays near 2; a block libjpeg left grey (128) or one with
 * garbled coefficients is tens of levels off. */
#define MAX_BLOCK_ERR 12.0

/* Worst 16x16 block of |a - b| in luma, as a mean over the block's pixels. */
static double worst_block(const rc_image *a, const rc_image *b, int *bx, int *by)
{
    double worst = 0;
    for (int y0 = 0; y0 < a->height; y0 += 16)
        for (int x0 = 0; x0 < a->width; x0 += 16) {
            long sum = 0, cnt = 0;
            for (int y = y0; y < y0 + 16 && y < a->height; y++)
                for (int x = x0; x < x0 + 16 && x < a->width; x++, cnt++)
                    sum += abs(rc_image_row(a, 0, y)[x] - rc_image_row(b, 0, y)[x]);
            double e = (double)sum / (double)cnt;
            if (e > worst) {
                worst = e;
                *bx = x0;
                *by = y0;
            }
        }
    return worst;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: jpeg_warn_check SOURCE SCENE_URI MIN_SHORT SKIPPED\n");
        return 2;
    }
    long min_short = atol(argv[3]), want_skipped = atol(argv[4]);
    rc_err err = {{0}};
    rc_source *src = rc_source_open(argv[1], NULL, &err);
    rc_synth *syn = rc_synth_create_uri(argv[2], &err);
    if (!src || !syn) {
        fprintf(stderr, "jpeg_warn_check: %s\n", err.msg);
        return 2;
    }
    rc_source_info info;
    rc_source_get_info(src, &info);
    rc_image truth;
    uint8_t *buf = rc_image_alloc(&truth, RC_PIX_I420, info.width, info.height);
    long used = 0, shorts = 0, skipped = 0, bad = 0;
    double worst_all = 0;
    for (;;) {
        rc_frame f;
        rc_status st = rc_source_read(src, &f);
        if (st == RC_E_EOF)
            break;
        if (st == RC_E_DECODE) {
            skipped++;
            printf("skipped: %s\n", rc_source_last_error(src));
            continue;
        }
        if (st != RC_OK || !buf) {
            fprintf(stderr, "jpeg_warn_check: %s\n", rc_source_last_error(src));
            return 1;
        }
        used++;
        if (f.decode_warning == RC_JPEG_WARN_SHORT) {
            shorts++;
            printf("used: %s\n", rc_source_last_error(src));
        }
        rc_synth_render(syn, f.index, &truth, NULL);
        int bx = 0, by = 0;
        double e = worst_block(&f.image, &truth, &bx, &by);
        worst_all = e > worst_all ? e : worst_all;
        if (e > MAX_BLOCK_ERR) {
            bad++;
            printf("frame %lld: the 16x16 block at (%d, %d) is %.1f levels off the scene\n",
                   (long long)f.index, bx, by, e);
        }
    }
    printf("%ld frames used (%ld with a short-data warning), %ld skipped; worst block %.1f "
           "levels off\n",
           used, shorts, skipped, worst_all);
    int ok = bad == 0 && shorts >= min_short && skipped == want_skipped &&
             (info.n_frames < 0 || used + skipped == info.n_frames);
    if (!ok)
        printf("jpeg_warn_check: expected at least %ld short frames used, %ld skipped, every "
               "used frame within %.0f levels of the scene, %lld frames in all\n",
               min_short, want_skipped, MAX_BLOCK_ERR, (long long)info.n_frames);
    free(buf);
    rc_synth_destroy(syn);
    rc_source_close(src);
    return ok ? 0 : 1;
}
