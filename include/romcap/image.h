/* image.h - views of frame pixels: planar I420, GRAY8 and packed BGR8.
 *
 * An rc_image never owns memory: copying one copies the pointers, not the pixels.
 * Buffers belong to whoever allocated them (a source's frame slot, a caller's
 * array) and are reused frame after frame. Colour conversions here use the JFIF
 * (full-range BT.601) YCbCr that JPEG decoders and encoders use, so synthetic
 * frames, decoded camera frames and colour classes share one colour space.
 */
#ifndef ROMCAP_IMAGE_H
#define ROMCAP_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rc_pix {
    RC_PIX_NONE = 0,
    RC_PIX_I420,  /* Y full size, U (Cb) and V (Cr) at half width and height */
    RC_PIX_GRAY8, /* plane[0] only */
    RC_PIX_BGR8   /* plane[0] only, 3 bytes per pixel */
} rc_pix;

typedef struct rc_image {
    uint8_t *plane[3];   /* Y, U, V for RC_PIX_I420; plane[0] only otherwise */
    int stride_bytes[3]; /* distance between row starts of each plane */
    int width, height;   /* pixels of plane 0 */
    rc_pix fmt;
} rc_image;

static inline uint8_t *rc_image_row(const rc_image *im, int p, int y)
{
    return im->plane[p] + (size_t)y * (size_t)im->stride_bytes[p];
}

/* Width and height of plane p (chroma planes of I420 round up). */
int rc_image_plane_width(const rc_image *im, int p);
int rc_image_plane_height(const rc_image *im, int p);

/* Bytes needed for a tightly packed image of this format and size (I420 with odd
 * sizes rounds the chroma planes up). 0 for an unknown format. */
size_t rc_image_bytes(rc_pix fmt, int width, int height);

/* Lays out a tightly packed view over `buf` (at least rc_image_bytes() long). */
rc_status rc_image_wrap(rc_image *im, rc_pix fmt, int width, int height, uint8_t *buf);

/* A heap image: the view plus the buffer it owns.
 * rc_image_alloc fills `im` and returns the buffer the caller must free() (NULL on
 * failure: then `im` is zeroed). */
uint8_t *rc_image_alloc(rc_image *im, rc_pix fmt, int width, int height);

/* A view of the rectangle (x, y, w, h) of `im`; for I420, x, y, w and h must be even. */
rc_image rc_image_crop(const rc_image *im, int x, int y, int w, int h);

/* Copies pixels between two views of the same format and size. */
void rc_image_copy(rc_image *dst, const rc_image *src);

/* Converts packed BGR8 to I420 (JFIF full range, 2x2 chroma averaging). Sizes must
 * match; odd sizes are handled. */
void rc_image_bgr_to_i420(const rc_image *bgr, rc_image *i420);

/* Converts I420 to packed BGR8 (JFIF full range, nearest chroma sample). */
void rc_image_i420_to_bgr(const rc_image *i420, rc_image *bgr);

/* JFIF full-range BT.601 conversions of one colour; results clamped to 0..255. */
void rc_rgb_to_ycbcr(const uint8_t rgb[3], float *y, float *cb, float *cr);
void rc_ycbcr_to_rgb(float y, float cb, float cr, uint8_t rgb[3]);

#ifdef __cplusplus
}
#endif
#endif
