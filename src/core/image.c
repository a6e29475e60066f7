/* image.c - image views, packing, and JFIF (full-range BT.601) colour conversion. */
#include "romcap/image.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

int rc_image_plane_width(const rc_image *im, int p)
{
    return (im->fmt == RC_PIX_I420 && p > 0) ? (im->width + 1) / 2 : im->width;
}

int rc_image_plane_height(const rc_image *im, int p)
{
    return (im->fmt == RC_PIX_I420 && p > 0) ? (im->height + 1) / 2 : im->height;
}

static int bytes_per_pixel(rc_pix fmt)
{
    return fmt == RC_PIX_BGR8 ? 3 : 1;
}

size_t rc_image_bytes(rc_pix fmt, int width, int height)
{
    if (width <= 0 || height <= 0)
        return 0;
    size_t n = (size_t)width * (size_t)height;
    switch (fmt) {
    case RC_PIX_I420: return n + 2 * (size_t)((width + 1) / 2) * (size_t)((height + 1) / 2);
    case RC_PIX_GRAY8: return n;
    case RC_PIX_BGR8: return 3 * n;
    default: return 0;
    }
}

rc_status rc_image_wrap(rc_image *im, rc_pix fmt, int width, int height, uint8_t *buf)
{
    memset(im, 0, sizeof *im);
    if (!buf || rc_image_bytes(fmt, width, height) == 0)
        return RC_E_ARG;
    im->fmt = fmt;
    im->width = width;
    im->height = height;
    im->plane[0] = buf;
    im->stride_bytes[0] = width * bytes_per_pixel(fmt);
    if (fmt == RC_PIX_I420) {
        int cw = (width + 1) / 2, ch = (height + 1) / 2;
        im->plane[1] = buf + (size_t)width * height;
        im->plane[2] = im->plane[1] + (size_t)cw * ch;
        im->stride_bytes[1] = im->stride_bytes[2] = cw;
    }
    return RC_OK;
}

uint8_t *rc_image_alloc(rc_image *im, rc_pix fmt, int width, int height)
{
    size_t n = rc_image_bytes(fmt, width, height);
    uint8_t *buf = n ? malloc(n) : NULL;
    if (!buf || rc_image_wrap(im, fmt, width, height, buf) != RC_OK) {
        free(buf);
        memset(im, 0, sizeof *im);
        return NULL;
    }
    return buf;
}

rc_image rc_image_crop(const rc_image *im, int x, int y, int w, int h)
{
    assert(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= im->width && y + h <= im->height);
    rc_image c = *im;
    c.width = w;
    c.height = h;
    if (im->fmt == RC_PIX_I420) {
        assert(x % 2 == 0 && y % 2 == 0);
        c.plane[0] = im->plane[0] + (size_t)y * im->stride_bytes[0] + x;
        c.plane[1] = im->plane[1] + (size_t)(y / 2) * im->stride_bytes[1] + x / 2;
        c.plane[2] = im->plane[2] + (size_t)(y / 2) * im->stride_bytes[2] + x / 2;
    } else {
        c.plane[0] =
            im->plane[0] + (size_t)y * im->stride_bytes[0] + (size_t)x * bytes_per_pixel(im->fmt);
    }
    return c;
}

void rc_image_copy(rc_image *dst, const rc_image *src)
{
    assert(dst->fmt == src->fmt && dst->width == src->width && dst->height == src->height);
    int np = src->fmt == RC_PIX_I420 ? 3 : 1;
    for (int p = 0; p < np; p++) {
        size_t row = (size_t)rc_image_plane_width(src, p) * bytes_per_pixel(src->fmt);
        for (int y = 0; y < rc_image_plane_height(src, p); y++)
            memcpy(rc_image_row(dst, p, y), rc_image_row(src, p, y), row);
    }
}

static inline uint8_t clamp_u8(float v)
{
    return v <= 0.f ? 0 : v >= 255.f ? 255 : (uint8_t)(v + 0.5f);
}

void rc_rgb_to_ycbcr(const uint8_t rgb[3], float *y, float *cb, float *cr)
{
    float r = rgb[0], g = rgb[1], b = rgb[2];
    *y = 0.299f * r + 0.587f * g + 0.114f * b;
    *cb = 128.f - 0.168736f * r - 0.331264f * g + 0.5f * b;
    *cr = 128.f + 0.5f * r - 0.418688f * g - 0.081312f * b;
}

void rc_ycbcr_to_rgb(float y, float cb, float cr, uint8_t rgb[3])
{
    rgb[0] = clamp_u8(y + 1.402f * (cr - 128.f));
    rgb[1] = clamp_u8(y - 0.344136f * (cb - 128.f) - 0.714136f * (cr - 128.f));
    rgb[2] = clamp_u8(y + 1.772f * (cb - 128.f));
}

void rc_image_bgr_to_i420(const rc_image *bgr, rc_image *out)
{
    assert(bgr->fmt == RC_PIX_BGR8 && out->fmt == RC_PIX_I420);
    assert(bgr->width == out->width && bgr->height == out->height);
    int w = bgr->width, h = bgr->height;
    for (int y = 0; y < h; y += 2) {
        for (int x = 0; x < w; x += 2) {
            float sb = 0, sr = 0;
            int n = 0;
            for (int dy = 0; dy < 2 && y + dy < h; dy++) {
                const uint8_t *row = rc_image_row(bgr, 0, y + dy);
                uint8_t *yrow = rc_image_row(out, 0, y + dy);
                for (int dx = 0; dx < 2 && x + dx < w; dx++) {
                    const uint8_t *px = row + 3 * (x + dx);
                    uint8_t rgb[3] = {px[2], px[1], px[0]};
                    float Y, Cb, Cr;
                    rc_rgb_to_ycbcr(rgb, &Y, &Cb, &Cr);
                    yrow[x + dx] = clamp_u8(Y);
                    sb += Cb;
                    sr += Cr;
                    n++;
                }
            }
            rc_image_row(out, 1, y / 2)[x / 2] = clamp_u8(sb / n);
            rc_image_row(out, 2, y / 2)[x / 2] = clamp_u8(sr / n);
        }
    }
}

void rc_image_i420_to_bgr(const rc_image *in, rc_image *bgr)
{
    assert(bgr->fmt == RC_PIX_BGR8 && in->fmt == RC_PIX_I420);
    assert(bgr->width == in->width && bgr->height == in->height);
    for (int y = 0; y < in->height; y++) {
        const uint8_t *yr = rc_image_row(in, 0, y);
        const uint8_t *ur = rc_image_row(in, 1, y / 2);
        const uint8_t *vr = rc_image_row(in, 2, y / 2);
        uint8_t *o = rc_image_row(bgr, 0, y);
        for (int x = 0; x < in->width; x++) {
            uint8_t rgb[3];
            rc_ycbcr_to_rgb(yr[x], ur[x / 2], vr[x / 2], rgb);
            o[3 * x] = rgb[2];
            o[3 * x + 1] = rgb[1];
            o[3 * x + 2] = rgb[0];
        }
    }
}
