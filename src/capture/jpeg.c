/* jpeg.c - TurboJPEG facade: JPEG -> I420 without RGB, and I420/GRAY8/BGR8 -> JPEG.
 *
 * Decoding uses tjDecompressToYUVPlanes (libjpeg-turbo 2.1 API; the tj3 API only
 * exists from 3.0). 4:2:0 pictures land directly in the caller's planes; other
 * subsamplings land in scratch planes at their own chroma resolution and are
 * averaged down to 4:2:0 here, in one plain loop.
 *
 * Warnings. TurboJPEG reports only the first warning's text, as TJERR_WARNING, and
 * decodes on. "Extraneous bytes before marker" leaves the picture intact. "Premature
 * end of data segment" / "of JPEG file" mean the Huffman decoder needed bits the
 * data did not hold, so the call returning says nothing about how much was decoded.
 * What libjpeg does then tells: it takes zeros for the rest of the MCU it is in and
 * leaves every later MCU of the scan at zero coefficients ("uniform gray for the
 * remainder of the segment", jdhuff.c), which decode to exactly 128 in every plane.
 * So when the picture is one Huffman scan without restart markers (restarts would
 * resume decoding after the gap; progressive scans fill in each other), the data
 * ran out inside the last MCU exactly when that MCU is not uniformly 128: then the
 * picture is whole except for the last coefficients of its bottom-right MCU (16x16
 * pixels in 4:2:0), and it is used. Any earlier end leaves the last MCU grey and
 * the frame is refused; so is a last MCU that really is flat 128 (one frame lost,
 * never a wrong one kept). OpenCV 4.6's own MJPEG writer (CAP_OPENCV_MJPEG) drops
 * the last bits of some frames (its stripes are merged in 32-bit words): 52 of
 * 1,680 frames of 320x240 to 1920x1080 test clips, and in every one the data ran
 * out in the last MCU. The check reads one MCU of samples, only on this warning.
 * The price: a frame garbled in the middle whose decode happens to run out in the
 * last MCU is used too (as frames garbled without any warning always were).
 */
#include "romcap/jpeg.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>

struct rc_jpeg {
    tjhandle dec;          /* decompressor */
    tjhandle enc;          /* compressor, created on the first encode */
    uint8_t *scratch;      /* decode/encode planes for non-4:2:0 or odd sizes */
    size_t scratch_cap;    /* bytes */
    unsigned char *out;    /* encoder output (tjAlloc), never reallocated by TJ */
    unsigned long out_cap; /* bytes */
    rc_jpeg_warning warned; /* what the last successful decode worked around */
    rc_err err;
};

/* Larger pictures are refused: no camera or video romcap reads comes close, and a
 * corrupt header must not make a source allocate gigabytes. */
enum { RC_JPEG_MAX_SIDE = 16384 };

enum { RC_TJ_MSG_CAP = 200 }; /* libjpeg's JMSG_LENGTH_MAX */

/* Horizontal and vertical chroma factors per TJSAMP value. */
static const int samp_h[TJ_NUMSAMP] = {1, 2, 2, 1, 1, 4};
static const int samp_v[TJ_NUMSAMP] = {1, 1, 2, 1, 2, 1};

static rc_status fail(rc_jpeg *j, rc_status s, const char *what, tjhandle h)
{
    return rc_err_set(&j->err, s, "%s: %s", what, h ? tjGetErrorStr2(h) : "unknown error");
}

rc_jpeg *rc_jpeg_create(rc_err *err)
{
    rc_jpeg *j = calloc(1, sizeof *j);
    if (!j) {
        rc_err_set(err, RC_E_NOMEM, "JPEG codec: out of memory");
        return NULL;
    }
    j->dec = tjInitDecompress();
    if (!j->dec) {
        rc_err_set(err, RC_E_DEVICE, "JPEG codec: cannot initialise TurboJPEG: %s",
                   tjGetErrorStr2(NULL));
        free(j);
        return NULL;
    }
    return j;
}

void rc_jpeg_destroy(rc_jpeg *j)
{
    if (!j)
        return;
    if (j->dec)
        tjDestroy(j->dec);
    if (j->enc)
        tjDestroy(j->enc);
    tjFree(j->out);
    free(j->scratch);
    free(j);
}

const char *rc_jpeg_last_error(const rc_jpeg *j)
{
    return j ? j->err.msg : "";
}

rc_jpeg_warning rc_jpeg_last_warning(const rc_jpeg *j)
{
    return j ? j->warned : RC_JPEG_WARN_NONE;
}

/* Worst case over all subsamplings: luma padded to 4 columns (4:1:1) and 2 rows
 * (4:2:0, 4:4:0), plus two chroma planes no larger than luma. */
static size_t scratch_need(int width, int height)
{
    size_t pw = ((size_t)width + 3) & ~(size_t)3;
    size_t ph = ((size_t)height + 1) & ~(size_t)1;
    return 3 * pw * ph;
}

static rc_status ensure_scratch(rc_jpeg *j, size_t need)
{
    if (need <= j->scratch_cap)
        return RC_OK;
    uint8_t *p = realloc(j->scratch, need);
    if (!p)
        return rc_err_set(&j->err, RC_E_NOMEM, "JPEG codec: out of memory (%zu bytes)", need);
    j->scratch = p;
    j->scratch_cap = need;
    return RC_OK;
}

rc_status rc_jpeg_reserve(rc_jpeg *j, int width, int height)
{
    j->err.msg[0] = '\0';
    if (width <= 0 || height <= 0 || width > 65535 || height > 65535)
        return rc_err_set(&j->err, RC_E_ARG, "JPEG codec: bad frame size %dx%d", width, height);
    return ensure_scratch(j, scratch_need(width, height));
}

/* A warning leaves a picture with missing parts except for extraneous bytes
 * between markers, which libjpeg skips with the picture intact. */
static int warning_is_harmless(const char *msg)
{
    return msg && strstr(msg, "xtraneous bytes") != NULL;
}

/* TurboJPEG 2.1 can leave a decompressor in a broken state after a failed header
 * read (the next good JPEG then fails with the same message), so after any failure
 * the handle is replaced. This allocates, but only on the error path. */
static rc_status reset_decoder(rc_jpeg *j, rc_status s)
{
    if (j->dec)
        tjDestroy(j->dec);
    j->dec = tjInitDecompress();
    return s;
}

static rc_status ensure_decoder(rc_jpeg *j)
{
    if (!j->dec && !(j->dec = tjInitDecompress()))
        return rc_err_set(&j->err, RC_E_NOMEM, "JPEG codec: cannot initialise TurboJPEG: %s",
                          tjGetErrorStr2(NULL));
    return RC_OK;
}

rc_status rc_jpeg_header_read(rc_jpeg *j, const uint8_t *data, size_t n, rc_jpeg_header *h)
{
    j->err.msg[0] = '\0';
    memset(h, 0, sizeof *h);
    if (!data || n < 4)
        return rc_err_set(&j->err, RC_E_DECODE, "not a JPEG: %zu bytes", data ? n : 0);
    if (data[0] != 0xFF || data[1] != 0xD8)
        return rc_err_set(&j->err, RC_E_DECODE, "not a JPEG: starts with %02X %02X", data[0],
                          data[1]);
    if (n > ULONG_MAX)
        return rc_err_set(&j->err, RC_E_DECODE, "JPEG too large");
    rc_status st = ensure_decoder(j);
    if (st != RC_OK)
        return st;
    int w = 0, hh = 0, ss = -1, cs = -1;
    if (tjDecompressHeader3(j->dec, data, (unsigned long)n, &w, &hh, &ss, &cs) != 0 &&
        (tjGetErrorCode(j->dec) != TJERR_WARNING || !warning_is_harmless(tjGetErrorStr2(j->dec))))
        return reset_decoder(j, fail(j, RC_E_DECODE, "corrupt JPEG header", j->dec));
    if (w > RC_JPEG_MAX_SIDE || hh > RC_JPEG_MAX_SIDE)
        return rc_err_set(&j->err, RC_E_DECODE, "JPEG size %dx%d is larger than %d pixels", w, hh,
                          RC_JPEG_MAX_SIDE);
    if (w <= 0 || hh <= 0 || ss < 0 || ss >= TJ_NUMSAMP)
        return rc_err_set(&j->err, RC_E_DECODE, "unsupported JPEG (%dx%d, subsampling %d)", w, hh,
                          ss);
    if (cs == TJCS_CMYK || cs == TJCS_YCCK)
        return rc_err_set(&j->err, RC_E_DECODE, "unsupported JPEG: CMYK colour");
    h->width = w;
    h->height = hh;
    h->subsamp = (rc_jpeg_subsamp)ss;
    return RC_OK;
}

/* Whether the (first) warning says the data ended before the picture did:
 * libjpeg's JWRN_HIT_MARKER (the scan's data ended at a marker) or JWRN_JPEG_EOF
 * (the bytes ran out; the library then acts as if an EOI followed). */
static int is_short_end(const char *msg)
{
    return strstr(msg, "remature end of data segment") || strstr(msg, "remature end of JPEG file");
}

/* Walks the marker segments from SOI to the first SOS: 1 when the JPEG is
 * Huffman-coded sequential (SOF0 or SOF1) without restart intervals and that scan
 * holds every component, so the picture is that one scan; 0 for anything else
 * (progressive, arithmetic, several scans, restart markers, damage). */
static int one_plain_scan(const uint8_t *d, size_t n)
{
    size_t p = 2;
    int nf = 0, sequential = 0, restarts = 0;
    while (p + 4 <= n) {
        if (d[p] != 0xFF)
            return 0;
        uint8_t m = d[p + 1];
        if (m == 0xFF) { /* fill byte before a marker */
            p++;
            continue;
        }
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD9)) /* no length: RST, SOI or EOI here */
            return 0;
        size_t len = (size_t)d[p + 2] << 8 | d[p + 3];
        if (len < 2 || len > n - p - 2)
            return 0;
        const uint8_t *seg = d + p + 4; /* after the length */
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            if (len < 8)
                return 0;
            sequential = m == 0xC0 || m == 0xC1;
            nf = seg[5];
        } else if (m == 0xDD) {
            restarts = len >= 4 && (seg[0] | seg[1]) != 0;
        } else if (m == 0xDA) {
            return len >= 3 && sequential && !restarts && nf > 0 && seg[0] == nf;
        }
        p += 2 + len;
    }
    return 0;
}

/* 1 unless every sample of the last MCU (the bottom-right corner: 16x16 luma pixels
 * in 4:2:0) is exactly 128 in every plane; only its part inside the picture. */
static int last_mcu_decoded(unsigned char *const *planes, const int *strides, int w, int h, int ss)
{
    int ncomp = ss == TJSAMP_GRAY ? 1 : 3;
    int mw = tjMCUWidth[ss], mh = tjMCUHeight[ss];
    int x0 = (w - 1) / mw * mw, y0 = (h - 1) / mh * mh; /* luma origin of the last MCU */
    for (int c = 0; c < ncomp; c++) {
        int hs = c ? samp_h[ss] : 1, vs = c ? samp_v[ss] : 1;
        int pw = tjPlaneWidth(c, w, ss), ph = tjPlaneHeight(c, h, ss);
        for (int y = y0 / vs; y < ph; y++)
            for (int x = x0 / hs; x < pw; x++)
                if (planes[c][(size_t)y * strides[c] + x] != 128)
                    return 1;
    }
    return 0;
}

/* After a decode that returned -1: RC_OK when the picture is whole all the same
 * (j->warned says which warning, j->err holds it as a note), else the status with
 * the message (the first warning's or the error's text). */
static rc_status settle_warning(rc_jpeg *j, const uint8_t *data, size_t n, unsigned char **planes,
                                const int *strides, int w, int h, int ss)
{
    char first[RC_TJ_MSG_CAP]; /* TurboJPEG's text lives in a buffer of its own */
    snprintf(first, sizeof first, "%s", tjGetErrorStr2(j->dec));
    if (tjGetErrorCode(j->dec) != TJERR_WARNING)
        return rc_err_set(&j->err, RC_E_DECODE, "corrupt JPEG: %s", first);
    if (warning_is_harmless(first)) {
        j->warned = RC_JPEG_WARN_EXTRANEOUS;
        rc_err_set(&j->err, RC_OK, "JPEG warning: %s (skipped; picture whole)", first);
        return RC_OK;
    }
    if (!is_short_end(first))
        return rc_err_set(&j->err, RC_E_DECODE, "corrupt JPEG: %s", first);
    if (!one_plain_scan(data, n) || !last_mcu_decoded(planes, strides, w, h, ss))
        return rc_err_set(&j->err, RC_E_DECODE, "corrupt JPEG: %s (part of the picture is missing)",
                          first);
    j->warned = RC_JPEG_WARN_SHORT;
    rc_err_set(&j->err, RC_OK,
               "JPEG warning: %s (the data ran out in the last %dx%d block at the bottom right; "
               "picture whole)",
               first, tjMCUWidth[ss], tjMCUHeight[ss]);
    return RC_OK;
}

/* Averages a chroma plane of factors (hs, vs) down to 4:2:0: each output sample
 * covers luma pixels [2x, 2x+1] x [2y, 2y+1] (clamped at odd edges), and takes the
 * mean of the source samples at those four corners. For 4:2:2 and 4:1:1 that is a
 * vertical pair, for 4:4:4 a 2x2 block, for 4:4:0 a horizontal pair. */
static void chroma_to_420(const uint8_t *src, int src_stride, int hs, int vs, int w, int h,
                          uint8_t *dst, int dst_stride)
{
    int cw = (w + 1) / 2, ch = (h + 1) / 2;
    for (int cy = 0; cy < ch; cy++) {
        int ya = (2 * cy) / vs;
        int yb = (2 * cy + 1 < h ? 2 * cy + 1 : h - 1) / vs;
        const uint8_t *ra = src + (size_t)ya * src_stride;
        const uint8_t *rb = src + (size_t)yb * src_stride;
        uint8_t *d = dst + (size_t)cy * dst_stride;
        for (int cx = 0; cx < cw; cx++) {
            int xa = (2 * cx) / hs;
            int xb = (2 * cx + 1 < w ? 2 * cx + 1 : w - 1) / hs;
            d[cx] = (uint8_t)((ra[xa] + ra[xb] + rb[xa] + rb[xb] + 2) >> 2);
        }
    }
}

/* The same averaging for the two common cases with the factors known at compile
 * time (no division per sample): 4:2:2 (most UVC webcams) averages a vertical pair,
 * 4:4:4 a 2x2 block. Bit-identical to chroma_to_420(). */
static void chroma_422_to_420(const uint8_t *src, int src_stride, int w, int h, uint8_t *dst,
                              int dst_stride)
{
    int cw = (w + 1) / 2, ch = (h + 1) / 2;
    for (int cy = 0; cy < ch; cy++) {
        const uint8_t *ra = src + (size_t)(2 * cy) * src_stride;
        const uint8_t *rb = src + (size_t)(2 * cy + 1 < h ? 2 * cy + 1 : h - 1) * src_stride;
        uint8_t *d = dst + (size_t)cy * dst_stride;
        for (int cx = 0; cx < cw; cx++)
            d[cx] = (uint8_t)((ra[cx] + rb[cx] + 1) >> 1);
    }
}

static void chroma_444_to_420(const uint8_t *src, int src_stride, int w, int h, uint8_t *dst,
                              int dst_stride)
{
    int cw = (w + 1) / 2, ch = (h + 1) / 2, full = w / 2; /* columns with a right neighbour */
    for (int cy = 0; cy < ch; cy++) {
        const uint8_t *ra = src + (size_t)(2 * cy) * src_stride;
        const uint8_t *rb = src + (size_t)(2 * cy + 1 < h ? 2 * cy + 1 : h - 1) * src_stride;
        uint8_t *d = dst + (size_t)cy * dst_stride;
        for (int cx = 0; cx < full; cx++)
            d[cx] = (uint8_t)((ra[2 * cx] + ra[2 * cx + 1] + rb[2 * cx] + rb[2 * cx + 1] + 2) >> 2);
        if (full < cw) /* odd width: the last column pairs with itself */
            d[full] = (uint8_t)((2 * ra[w - 1] + 2 * rb[w - 1] + 2) >> 2);
    }
}

rc_status rc_jpeg_decode_i420(rc_jpeg *j, const uint8_t *data, size_t n, rc_image *out)
{
    assert(out && out->fmt == RC_PIX_I420);
    j->warned = RC_JPEG_WARN_NONE;
    rc_jpeg_header hd;
    rc_status st = rc_jpeg_header_read(j, data, n, &hd);
    if (st != RC_OK)
        return st;
    int w = out->width, h = out->height;
    assert(out->stride_bytes[0] >= w && out->stride_bytes[1] >= (w + 1) / 2 &&
           out->stride_bytes[2] >= (w + 1) / 2);
    if (hd.width != w || hd.height != h)
        return rc_err_set(&j->err, RC_E_DECODE, "JPEG is %dx%d, expected %dx%d", hd.width,
                          hd.height, w, h);
    int ss = (int)hd.subsamp;
    int pw0 = tjPlaneWidth(0, w, ss), ph0 = tjPlaneHeight(0, h, ss);
    int gray = ss == TJSAMP_GRAY;
    int pw1 = gray ? 0 : tjPlaneWidth(1, w, ss), ph1 = gray ? 0 : tjPlaneHeight(1, h, ss);
    /* Luma goes straight to the caller unless TurboJPEG pads it (odd sizes); chroma
     * only for 4:2:0, whose padded plane size is exactly I420's (w+1)/2 x (h+1)/2. */
    int y_direct = pw0 == w && ph0 == h;
    int c_direct = ss == TJSAMP_420;
    size_t need = (y_direct ? 0 : (size_t)pw0 * ph0) + (c_direct ? 0 : 2 * (size_t)pw1 * ph1);
    if ((st = ensure_scratch(j, need)) != RC_OK)
        return st;

    unsigned char *planes[3];
    int strides[3];
    uint8_t *sp = j->scratch;
    if (y_direct) {
        planes[0] = out->plane[0];
        strides[0] = out->stride_bytes[0];
    } else {
        planes[0] = sp;
        strides[0] = pw0;
        sp += (size_t)pw0 * ph0;
    }
    for (int c = 1; c < 3; c++) {
        if (gray) {
            planes[c] = NULL;
            strides[c] = 0;
        } else if (c_direct) {
            planes[c] = out->plane[c];
            strides[c] = out->stride_bytes[c];
        } else {
            planes[c] = sp;
            strides[c] = pw1;
            sp += (size_t)pw1 * ph1;
        }
    }
    if (tjDecompressToYUVPlanes(j->dec, data, (unsigned long)n, planes, w, strides, h, 0) != 0 &&
        (st = settle_warning(j, data, n, planes, strides, w, h, ss)) != RC_OK)
        return reset_decoder(j, st);

    if (!y_direct)
        for (int y = 0; y < h; y++)
            memcpy(rc_image_row(out, 0, y), planes[0] + (size_t)y * pw0, (size_t)w);
    int cw = (w + 1) / 2, ch = (h + 1) / 2;
    if (gray) {
        for (int c = 1; c < 3; c++)
            for (int y = 0; y < ch; y++)
                memset(rc_image_row(out, c, y), 128, (size_t)cw);
    } else if (!c_direct) {
        for (int c = 1; c < 3; c++) {
            if (ss == TJSAMP_422)
                chroma_422_to_420(planes[c], pw1, w, h, out->plane[c], out->stride_bytes[c]);
            else if (ss == TJSAMP_444)
                chroma_444_to_420(planes[c], pw1, w, h, out->plane[c], out->stride_bytes[c]);
            else
                chroma_to_420(planes[c], pw1, samp_h[ss], samp_v[ss], w, h, out->plane[c],
                              out->stride_bytes[c]);
        }
    }
    return RC_OK;
}

/* Copies an I420 image with odd sides into scratch planes padded to even sides
 * (edge pixels repeated), which is the layout tjCompressFromYUVPlanes reads. */
static void pad_i420(const rc_image *im, uint8_t *dst[3], int dst_stride[3])
{
    for (int p = 0; p < 3; p++) {
        int sw = rc_image_plane_width(im, p), sh = rc_image_plane_height(im, p);
        int dw = p ? sw : (sw + 1) & ~1, dh = p ? sh : (sh + 1) & ~1;
        for (int y = 0; y < dh; y++) {
            const uint8_t *s = rc_image_row(im, p, y < sh ? y : sh - 1);
            uint8_t *d = dst[p] + (size_t)y * dst_stride[p];
            memcpy(d, s, (size_t)sw);
            if (dw > sw)
                d[sw] = s[sw - 1];
        }
    }
}

rc_status rc_jpeg_encode(rc_jpeg *j, const rc_image *im, int quality, const uint8_t **out,
                         size_t *out_bytes)
{
    j->err.msg[0] = '\0';
    *out = NULL;
    *out_bytes = 0;
    int w = im->width, h = im->height;
    if (w <= 0 || h <= 0 || w > 65535 || h > 65535)
        return rc_err_set(&j->err, RC_E_ARG, "JPEG encode: bad image size %dx%d", w, h);
    if (quality < 1 || quality > 100)
        return rc_err_set(&j->err, RC_E_ARG, "JPEG encode: quality %d not in 1..100", quality);
    if (im->fmt != RC_PIX_I420 && im->fmt != RC_PIX_GRAY8 && im->fmt != RC_PIX_BGR8)
        return rc_err_set(&j->err, RC_E_ARG, "JPEG encode: unsupported pixel format %d",
                          (int)im->fmt);
    if (!j->enc && !(j->enc = tjInitCompress()))
        return rc_err_set(&j->err, RC_E_DEVICE, "JPEG encode: cannot initialise TurboJPEG: %s",
                          tjGetErrorStr2(NULL));
    unsigned long need = tjBufSize(w, h, TJSAMP_444);
    if (need == (unsigned long)-1)
        return fail(j, RC_E_ARG, "JPEG encode", NULL);
    if (need > j->out_cap) {
        tjFree(j->out);
        j->out_cap = 0;
        if (need > INT_MAX || !(j->out = tjAlloc((int)need)))
            return rc_err_set(&j->err, RC_E_NOMEM, "JPEG encode: out of memory");
        j->out_cap = need;
    }
    unsigned long size = j->out_cap;
    int flags = TJFLAG_NOREALLOC;
    int r;
    if (im->fmt == RC_PIX_I420) {
        const unsigned char *planes[3] = {im->plane[0], im->plane[1], im->plane[2]};
        int strides[3] = {im->stride_bytes[0], im->stride_bytes[1], im->stride_bytes[2]};
        if ((w | h) & 1) {
            int cw = (w + 1) / 2, ch = (h + 1) / 2, pw = w + (w & 1), ph = h + (h & 1);
            rc_status st = ensure_scratch(j, (size_t)pw * ph + 2 * (size_t)cw * ch);
            if (st != RC_OK)
                return st;
            uint8_t *dst[3] = {j->scratch, j->scratch + (size_t)pw * ph,
                               j->scratch + (size_t)pw * ph + (size_t)cw * ch};
            int ds[3] = {pw, cw, cw};
            pad_i420(im, dst, ds);
            for (int p = 0; p < 3; p++) {
                planes[p] = dst[p];
                strides[p] = ds[p];
            }
        }
        r = tjCompressFromYUVPlanes(j->enc, planes, w, strides, h, TJSAMP_420, &j->out, &size,
                                    quality, flags);
    } else {
        int gray = im->fmt == RC_PIX_GRAY8;
        r = tjCompress2(j->enc, im->plane[0], w, im->stride_bytes[0], h,
                        gray ? TJPF_GRAY : TJPF_BGR, &j->out, &size,
                        gray ? TJSAMP_GRAY : TJSAMP_420, quality, flags);
    }
    if (r != 0)
        return fail(j, RC_E_IO, "JPEG encode", j->enc);
    *out = j->out;
    *out_bytes = size;
    return RC_OK;
}
