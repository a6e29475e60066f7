/* make_seeds.c - writes the small JPEG seeds of tests/fuzz/corpus/ (encoded here with
 * rc_jpeg: sizes 16x16..64x64, colour and grey, plus one cut mid-scan) into the
 * folder given. Run once by hand; make_corpus.py builds the other seeds from them. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "romcap/jpeg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    return 0;
}

static int put(rc_jpeg *j, const char *dir, const char *name, rc_pix fmt, int w, int h, int q,
               int cut)
{
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, fmt, w, h);
    if (!buf)
        return 1;
    for (int p = 0; p < (fmt == RC_PIX_I420 ? 3 : 1); p++)
        for (int y = 0; y < rc_image_plane_height(&im, p); y++)
            for (int x = 0; x < rc_image_plane_width(&im, p) * (fmt == RC_PIX_BGR8 ? 3 : 1); x++)
                rc_image_row(&im, p, y)[x] = (uint8_t)(p ? 128 + (x - y) * 3 : x * 7 + y * 5);
    const uint8_t *out;
    size_t n;
    int rc = rc_jpeg_encode(j, &im, q, &out, &n) != RC_OK;
    free(buf);
    if (rc)
        return 1;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return rc_fuzz_write_file(path, out, cut ? n / 2 : n) != 0;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    rc_jpeg *j = rc_jpeg_create(NULL);
    int bad = !j;
    bad |= put(j, argv[1], "i420_16x16_q90.jpg", RC_PIX_I420, 16, 16, 90, 0);
    bad |= put(j, argv[1], "i420_33x17_q50.jpg", RC_PIX_I420, 33, 17, 50, 0);
    bad |= put(j, argv[1], "i420_64x48_q75.jpg", RC_PIX_I420, 64, 48, 75, 0);
    bad |= put(j, argv[1], "gray_24x24_q80.jpg", RC_PIX_GRAY8, 24, 24, 80, 0);
    bad |= put(j, argv[1], "bgr_32x32_q95.jpg", RC_PIX_BGR8, 32, 32, 95, 0);
    bad |= put(j, argv[1], "i420_64x64_cut.jpg", RC_PIX_I420, 64, 64, 90, 1);
    rc_jpeg_destroy(j);
    return bad;
}
