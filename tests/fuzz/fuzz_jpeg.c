/* fuzz_jpeg.c - the TurboJPEG path used by sources (rc_jpeg_header_read, then
 * rc_jpeg_decode_i420 into an image of the header's size) on arbitrary bytes. */
#include <stdlib.h>

#include "fuzz.h"
#include "romcap/jpeg.h"

/* TUNABLE: largest picture decoded (pixels), so one input cannot take seconds. */
enum { MAX_PIXELS = 1024 * 1024 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static rc_jpeg *j; /* one codec for the process, as a source keeps one */
    if (!j)
        j = rc_jpeg_create(NULL);
    if (!j)
        return 0;
    rc_jpeg_header h;
    if (rc_jpeg_header_read(j, data, size, &h) == RC_OK && h.width > 0 && h.height > 0 &&
        (long long)h.width * h.height <= MAX_PIXELS) {
        rc_image im;
        uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, h.width, h.height);
        if (buf) {
            (void)rc_jpeg_decode_i420(j, data, size, &im);
            (void)rc_jpeg_last_error(j);
            free(buf);
        }
        /* a size other than the picture's must be refused, not written past */
        uint8_t *small = rc_image_alloc(&im, RC_PIX_I420, 8, 8);
        if (small) {
            if (h.width != 8 || h.height != 8)
                if (rc_jpeg_decode_i420(j, data, size, &im) == RC_OK)
                    __builtin_trap();
            free(small);
        }
    }
    return 0;
}
