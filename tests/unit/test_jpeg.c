/* test_jpeg.c - the TurboJPEG codec: I420 round trip, other subsamplings, bad data,
 * JPEGs whose data ends early (used when whole, refused when not).
 *
 * Expected values come from independent sources: the original synthetic planes
 * (round trip PSNR), TurboJPEG's own RGB compressor plus the JFIF colour formulas
 * of core (subsampling conversions), and for short JPEGs TurboJPEG's decode of the
 * complete file (a short one is whole when it matches that outside its last MCU),
 * never rc_jpeg itself.
 */
#include "test_util.h"

#include "romcap/jpeg.h"
#include "romcap/log.h"

#include "romcap/capture.h"
#include "romcap/source.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <turbojpeg.h>
#include <unistd.h>

/* A smooth I420 test pattern with a few hard edges, different per `seed`. */
static void draw_pattern(rc_image *im, int seed)
{
    for (int y = 0; y < im->height; y++) {
        uint8_t *r = rc_image_row(im, 0, y);
        for (int x = 0; x < im->width; x++) {
            int v = 40 + (x * 150) / im->width + (y * 50) / im->height;
            int dx = x - (im->width / 3 + seed * 7), dy = y - im->height / 2;
            if (dx * dx + dy * dy < 15 * 15)
                v = 235;
            r[x] = (uint8_t)v;
        }
    }
    for (int p = 1; p < 3; p++)
        for (int y = 0; y < rc_image_plane_height(im, p); y++) {
            uint8_t *r = rc_image_row(im, p, y);
            for (int x = 0; x < rc_image_plane_width(im, p); x++)
                r[x] = (uint8_t)(p == 1 ? 90 + (x * 80) / rc_image_plane_width(im, p)
                                        : 170 - (y * 60) / rc_image_plane_height(im, p));
        }
}

static double plane_psnr(const rc_image *a, const rc_image *b, int p)
{
    double se = 0;
    long n = 0;
    for (int y = 0; y < rc_image_plane_height(a, p); y++) {
        const uint8_t *ra = rc_image_row(a, p, y), *rb = rc_image_row(b, p, y);
        for (int x = 0; x < rc_image_plane_width(a, p); x++, n++)
            se += (double)(ra[x] - rb[x]) * (ra[x] - rb[x]);
    }
    return se == 0 ? 99.0 : 10.0 * log10(255.0 * 255.0 * n / se);
}

static double psnr_all(const rc_image *a, const rc_image *b)
{
    double m = 99.0;
    for (int p = 0; p < 3; p++) {
        double q = plane_psnr(a, b, p);
        m = q < m ? q : m;
    }
    return m;
}

static void test_roundtrip(rc_jpeg *j, int w, int h)
{
    rc_image src, dst;
    uint8_t *bs = rc_image_alloc(&src, RC_PIX_I420, w, h);
    uint8_t *bd = rc_image_alloc(&dst, RC_PIX_I420, w, h);
    draw_pattern(&src, 1);
    const uint8_t *jp;
    size_t n;
    CHECK(rc_jpeg_encode(j, &src, 95, &jp, &n) == RC_OK);
    CHECK(n > 100 && jp[0] == 0xFF && jp[1] == 0xD8);
    rc_jpeg_header hd;
    CHECK(rc_jpeg_header_read(j, jp, n, &hd) == RC_OK);
    CHECK(hd.width == w && hd.height == h && hd.subsamp == RC_JPEG_420);
    CHECK(rc_jpeg_decode_i420(j, jp, n, &dst) == RC_OK);
    for (int p = 0; p < 3; p++) {
        double ps = plane_psnr(&src, &dst, p);
        printf("round trip %dx%d q95 plane %d: PSNR %.1f dB\n", w, h, p, ps);
        CHECK_MSG(ps > 35.0, "%dx%d plane %d PSNR %.1f", w, h, p, ps);
    }
    /* A frame of another size is refused, not overflowed. */
    rc_image small;
    uint8_t *bsm = rc_image_alloc(&small, RC_PIX_I420, w / 2 + 2, h / 2 + 2);
    CHECK(rc_jpeg_decode_i420(j, jp, n, &small) == RC_E_DECODE);
    CHECK_STR_CONTAINS(rc_jpeg_last_error(j), "expected");
    free(bsm);
    free(bs);
    free(bd);
}

/* RGB picture: flat colour blocks (16 px) on the left half, 1-px alternating
 * red/blue columns on the right half (tests the chroma averaging). */
static void draw_rgb(uint8_t *rgb, int w, int h)
{
    static const uint8_t pal[4][3] = {{200, 40, 40}, {40, 180, 60}, {50, 60, 210}, {230, 220, 90}};
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const uint8_t *c;
            if (x < w / 2)
                c = pal[((x / 16) + (y / 16)) & 3];
            else
                c = pal[(x & 1) ? 2 : 0];
            memcpy(rgb + 3 * ((size_t)y * w + x), c, 3);
        }
}

/* Compresses `rgb` with TurboJPEG at `samp`, decodes it with rc_jpeg and compares
 * with JFIF YCbCr of the RGB pixels (chroma: 2x2 mean), away from block edges. */
static void test_subsamp(rc_jpeg *j, int samp, int w, int h)
{
    uint8_t *rgb = malloc((size_t)3 * w * h);
    draw_rgb(rgb, w, h);
    tjhandle tc = tjInitCompress();
    unsigned char *jp = NULL;
    unsigned long n = 0;
    int r = tjCompress2(tc, rgb, w, 0, h, TJPF_RGB, &jp, &n, samp, 100, 0);
    CHECK(r == 0);
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, w, h);
    rc_jpeg_header hd;
    CHECK(rc_jpeg_header_read(j, jp, n, &hd) == RC_OK);
    CHECK((int)hd.subsamp == samp);
    rc_status st = rc_jpeg_decode_i420(j, jp, n, &im);
    CHECK_MSG(st == RC_OK, "samp %d: %s", samp, rc_jpeg_last_error(j));
    double ymax = 0, cmax = 0;
    int cw = (w + 1) / 2, ch = (h + 1) / 2;
    for (int cy = 0; cy < ch; cy++)
        for (int cx = 0; cx < cw; cx++) {
            int x0 = 2 * cx, y0 = 2 * cy;
            /* Skip pixels near colour edges (block borders, the half-way line and
             * the right/bottom border), where JPEG ringing and the decoder's chroma
             * upsampling legitimately differ from a box average. */
            int bx = x0 % 16, by = y0 % 16;
            int near_block = x0 < w / 2 && (bx < 4 || bx > 11 || by < 4 || by > 11);
            if (near_block || abs(x0 - w / 2) < 6 || x0 + 6 > w || y0 + 6 > h || x0 < 4 || y0 < 4)
                continue;
            float sum_cb = 0, sum_cr = 0;
            for (int k = 0; k < 4; k++) {
                int x = x0 + (k & 1), y = y0 + (k >> 1);
                float yy, cb, cr;
                rc_rgb_to_ycbcr(rgb + 3 * ((size_t)y * w + x), &yy, &cb, &cr);
                sum_cb += cb;
                sum_cr += cr;
                double e = fabs(rc_image_row(&im, 0, y)[x] - yy);
                ymax = e > ymax ? e : ymax;
            }
            double eb, er;
            if (samp == TJSAMP_GRAY) {
                eb = fabs(rc_image_row(&im, 1, cy)[cx] - 128.0);
                er = fabs(rc_image_row(&im, 2, cy)[cx] - 128.0);
            } else {
                eb = fabs(rc_image_row(&im, 1, cy)[cx] - sum_cb / 4);
                er = fabs(rc_image_row(&im, 2, cy)[cx] - sum_cr / 4);
            }
            /* Horizontally subsampled JPEGs cannot hold the 1-px columns: their
             * chroma there is already the pair mean, so the same test applies. */
            double e = eb > er ? eb : er;
            cmax = e > cmax ? e : cmax;
        }
    printf("subsampling %d (%dx%d): max |dY| %.1f, max |dC| %.1f\n", samp, w, h, ymax, cmax);
    CHECK_MSG(ymax <= 4.0, "samp %d luma error %.1f", samp, ymax);
    CHECK_MSG(cmax <= (samp == TJSAMP_411 ? 8.0 : 4.0), "samp %d chroma error %.1f", samp, cmax);
    if (samp == TJSAMP_GRAY)
        CHECK(cmax == 0);
    tjFree(jp);
    tjDestroy(tc);
    free(buf);
    free(rgb);
}

static void test_bad_data(rc_jpeg *j)
{
    int w = 160, h = 120;
    rc_image src, dst;
    uint8_t *bs = rc_image_alloc(&src, RC_PIX_I420, w, h);
    uint8_t *bd = rc_image_alloc(&dst, RC_PIX_I420, w, h);
    draw_pattern(&src, 3);
    const uint8_t *jp;
    size_t n;
    CHECK(rc_jpeg_encode(j, &src, 90, &jp, &n) == RC_OK);
    uint8_t *copy = malloc(n);
    memcpy(copy, jp, n);

    /* Truncations before the last MCU: every one must be refused, with a message.
     * (Cuts near the end are test_short_end's.) */
    size_t cuts[] = {0, 1, 2, 3, 10, 100, 300, n / 3, n / 2, n - 100};
    for (size_t k = 0; k < sizeof cuts / sizeof cuts[0]; k++) {
        rc_status st = rc_jpeg_decode_i420(j, copy, cuts[k], &dst);
        CHECK_MSG(st == RC_E_DECODE, "truncated at %zu of %zu: status %d", cuts[k], n, st);
        CHECK_MSG(rc_jpeg_last_error(j)[0] != '\0', "truncated at %zu: no message", cuts[k]);
    }
    printf("truncated at %zu: \"%s\"\n", n / 2,
           (rc_jpeg_decode_i420(j, copy, n / 2, &dst), rc_jpeg_last_error(j)));

    /* Flipped bytes: no crash; an error always comes with a message. Flips in the
     * headers are mostly caught; flips in entropy data may decode to wrong pixels. */
    unsigned long long seed = 42;
    uint8_t *bad = malloc(n);
    /* A flip that garbles the entropy data is only caught when libjpeg warns about
     * it; one whose garbled decode still runs out inside the last MCU looks like a
     * frame that lost its last bits and is used (counted as "short"), as those that
     * decode without any warning always were. */
    int refused = 0, used_short = 0;
    for (int trial = 0; trial < 200; trial++) {
        memcpy(bad, copy, n);
        int flips = 1 + trial % 4;
        for (int f = 0; f < flips; f++)
            bad[(size_t)(test_rand01(&seed) * n)] ^= (uint8_t)(1 + test_rand01(&seed) * 254);
        rc_status st = rc_jpeg_decode_i420(j, bad, n, &dst);
        CHECK(st == RC_OK || st == RC_E_DECODE);
        if (st != RC_OK) {
            refused++;
            CHECK(rc_jpeg_last_error(j)[0] != '\0');
        }
        used_short += st == RC_OK && rc_jpeg_last_warning(j) == RC_JPEG_WARN_SHORT;
    }
    printf("bytes flipped: %d of 200 corrupted JPEGs refused, %d used as short\n", refused,
           used_short);
    CHECK(refused > 0);

    /* Random garbage, with and without a JPEG SOI marker in front. */
    for (int trial = 0; trial < 50; trial++) {
        for (size_t i = 0; i < n; i++)
            bad[i] = (uint8_t)(test_rand01(&seed) * 256);
        if (trial & 1) {
            bad[0] = 0xFF;
            bad[1] = 0xD8;
        }
        CHECK(rc_jpeg_decode_i420(j, bad, n, &dst) == RC_E_DECODE);
    }
    CHECK(rc_jpeg_decode_i420(j, NULL, 0, &dst) == RC_E_DECODE);
    rc_jpeg_header hd;
    CHECK(rc_jpeg_header_read(j, bad, n, &hd) == RC_E_DECODE);

    /* Extraneous bytes between two markers: libjpeg warns but the picture is whole,
     * so the decode succeeds with the same pixels as the clean file. */
    CHECK(copy[2] == 0xFF && copy[3] == 0xE0);
    size_t seg_end = 4 + ((size_t)copy[4] << 8 | copy[5]);
    uint8_t *extra = malloc(n + 3);
    memcpy(extra, copy, seg_end);
    memcpy(extra + seg_end, "\x00\x11\x22", 3);
    memcpy(extra + seg_end + 3, copy + seg_end, n - seg_end);
    CHECK(rc_jpeg_decode_i420(j, copy, n, &src) == RC_OK);
    rc_status xs = rc_jpeg_decode_i420(j, extra, n + 3, &dst);
    CHECK_MSG(xs == RC_OK, "extraneous bytes: %s", rc_jpeg_last_error(j));
    CHECK(psnr_all(&src, &dst) >= 99.0);
    free(extra);

    /* The codec still works after all that. */
    CHECK(rc_jpeg_decode_i420(j, copy, n, &dst) == RC_OK);
    CHECK(rc_jpeg_last_error(j)[0] == '\0');
    free(bad);
    free(copy);
    free(bs);
    free(bd);
}

/* The picture TurboJPEG decodes from data[0..n) into `im` (I420, even sides),
 * warnings ignored; returns tjDecompressToYUVPlanes' result (-1 on a warning). */
static int tj_decode(tjhandle tj, const uint8_t *data, size_t n, rc_image *im)
{
    unsigned char *planes[3] = {im->plane[0], im->plane[1], im->plane[2]};
    int strides[3] = {im->stride_bytes[0], im->stride_bytes[1], im->stride_bytes[2]};
    return tjDecompressToYUVPlanes(tj, data, (unsigned long)n, planes, im->width, strides,
                                   im->height, 0);
}

/* Samples of a and b (I420) that differ outside the last 4:2:0 MCU (the 16x16
 * luma pixels at the bottom right of the MCU grid, and their 8x8 chroma). */
static long diff_outside_last_mcu(const rc_image *a, const rc_image *b)
{
    int x0 = (a->width - 1) / 16 * 16, y0 = (a->height - 1) / 16 * 16;
    long d = 0;
    for (int p = 0; p < 3; p++) {
        int s = p ? 2 : 1;
        for (int y = 0; y < rc_image_plane_height(a, p); y++)
            for (int x = 0; x < rc_image_plane_width(a, p); x++)
                if (!(x >= x0 / s && y >= y0 / s) &&
                    rc_image_row(a, p, y)[x] != rc_image_row(b, p, y)[x])
                    d++;
    }
    return d;
}

/* 1 when every sample of the last 4:2:0 MCU of `a` is 128: libjpeg blanked it
 * (the data ran out before it), there is no picture in that corner. */
static int last_mcu_blank(const rc_image *a)
{
    int x0 = (a->width - 1) / 16 * 16, y0 = (a->height - 1) / 16 * 16;
    for (int p = 0; p < 3; p++) {
        int s = p ? 2 : 1;
        for (int y = y0 / s; y < rc_image_plane_height(a, p); y++)
            for (int x = x0 / s; x < rc_image_plane_width(a, p); x++)
                if (rc_image_row(a, p, y)[x] != 128)
                    return 0;
    }
    return 1;
}

static int same_image(const rc_image *a, const rc_image *b)
{
    for (int p = 0; p < 3; p++)
        for (int y = 0; y < rc_image_plane_height(a, p); y++)
            if (memcmp(rc_image_row(a, p, y), rc_image_row(b, p, y),
                       (size_t)rc_image_plane_width(a, p)) != 0)
                return 0;
    return 1;
}

/* `out` = the first `keep` bytes of jp's entropy-coded data, then its EOI marker,
 * then `tail` zero bytes: OpenCV's MJPEG writer leaves frames like this (the last
 * bits of the data lost, the chunk padded to 4 bytes). Returns the length. */
static size_t short_copy(const uint8_t *jp, size_t n, size_t keep, int tail, uint8_t *out)
{
    memcpy(out, jp, keep);
    out[keep] = 0xFF;
    out[keep + 1] = 0xD9;
    memset(out + keep + 2, 0, (size_t)tail);
    (void)n;
    return keep + 2 + (size_t)tail;
}

/* JPEGs whose data ends early, by 1 to 63 bytes before the EOI (kept, as OpenCV
 * does) or cut with the EOI (a file that just ends), and a few cut in the middle.
 * Truth: TurboJPEG's picture of the short data against its picture of the whole
 * file. Where they agree outside the last MCU and that MCU holds picture (libjpeg
 * did not blank it) the picture is whole and rc_jpeg must use it (RC_OK,
 * RC_JPEG_WARN_SHORT, the same pixels TurboJPEG gave); otherwise it must refuse,
 * saying part of the picture is missing. The pattern's corner is far from 128. */
static void test_short_end(rc_jpeg *j, int w, int h, int quality)
{
    rc_image src, ref, tru, got;
    uint8_t *bs = rc_image_alloc(&src, RC_PIX_I420, w, h);
    uint8_t *br = rc_image_alloc(&ref, RC_PIX_I420, w, h);
    uint8_t *bt = rc_image_alloc(&tru, RC_PIX_I420, w, h);
    uint8_t *bg = rc_image_alloc(&got, RC_PIX_I420, w, h);
    draw_pattern(&src, 2);
    const uint8_t *jp;
    size_t n;
    CHECK(rc_jpeg_encode(j, &src, quality, &jp, &n) == RC_OK);
    uint8_t *whole = malloc(n), *cut = malloc(n + 8);
    memcpy(whole, jp, n);
    CHECK(whole[n - 2] == 0xFF && whole[n - 1] == 0xD9);
    tjhandle tj = tjInitDecompress();
    CHECK(tj_decode(tj, whole, n, &ref) == 0);

    int used = 0, refused = 0, short_segment = 0;
    for (int k = 0; k < 2 * 64 + 3; k++) {
        size_t m;
        if (k < 64) /* entropy data k bytes short, EOI kept, OpenCV's zero padding */
            m = short_copy(whole, n, n - 2 - (size_t)k, 3, cut);
        else if (k < 128) /* the file ends k - 64 bytes before its EOI */
            memcpy(cut, whole, m = n - 2 - (size_t)(k - 64));
        else /* cut in the middle of the data */
            memcpy(cut, whole, m = n / 2 + n * (size_t)(k - 128) / 8);
        int r = tj_decode(tj, cut, m, &tru);
        if (k == 0 && r == 0) { /* the last byte held only padding bits */
            continue;
        }
        CHECK_MSG(r == -1 && tjGetErrorCode(tj) == TJERR_WARNING, "k %d: r %d: %s", k, r,
                  tjGetErrorStr2(tj));
        int is_whole = diff_outside_last_mcu(&ref, &tru) == 0 && !last_mcu_blank(&tru);
        memset(bg, 0, rc_image_bytes(RC_PIX_I420, w, h));
        rc_status st = rc_jpeg_decode_i420(j, cut, m, &got);
        if (is_whole) {
            used++;
            short_segment += k < 64;
            CHECK_MSG(st == RC_OK, "%dx%d k %d (%zu of %zu bytes): whole picture refused: %s", w,
                      h, k, m, n, rc_jpeg_last_error(j));
            CHECK(rc_jpeg_last_warning(j) == RC_JPEG_WARN_SHORT);
            CHECK_STR_CONTAINS(rc_jpeg_last_error(j), "remature end of");
            CHECK_MSG(same_image(&got, &tru), "%dx%d k %d: pixels differ from TurboJPEG's", w, h,
                      k);
        } else {
            refused++;
            CHECK_MSG(st == RC_E_DECODE, "%dx%d k %d (%zu of %zu bytes): incomplete picture used",
                      w, h, k, m, n);
            CHECK_STR_CONTAINS(rc_jpeg_last_error(j), "part of the picture is missing");
            CHECK(rc_jpeg_last_warning(j) == RC_JPEG_WARN_NONE);
        }
    }
    printf("short JPEGs %dx%d q%d (%zu bytes): %d whole and used (%d with the EOI kept), %d "
           "refused\n",
           w, h, quality, n, used, short_segment, refused);
    /* Both kinds really occurred, so neither branch above passed vacuously. */
    CHECK(short_segment > 0 && used > short_segment && refused > 3);
    /* Only the EOI missing: the very same picture as the whole file. */
    CHECK(rc_jpeg_decode_i420(j, whole, n - 2, &got) == RC_OK);
    CHECK(same_image(&got, &ref));
    /* A clean decode after all that says nothing. */
    CHECK(rc_jpeg_decode_i420(j, whole, n, &got) == RC_OK);
    CHECK(rc_jpeg_last_warning(j) == RC_JPEG_WARN_NONE && rc_jpeg_last_error(j)[0] == '\0');
    tjDestroy(tj);
    free(whole);
    free(cut);
    free(bs);
    free(br);
    free(bt);
    free(bg);
}

static void write_bytes(const char *path, const uint8_t *d, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(d, 1, n, f) == n);
    if (f)
        fclose(f);
}

/* Through a folder source and the capture thread: a clean frame, a frame whose
 * data ran out in its last MCU (used, flagged, with a note naming the frame) and one
 * cut at 50% (skipped, the message naming the file and frame). */
static void test_short_source(rc_jpeg *j)
{
    char dir[] = "/tmp/romcap_jpeg_XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    rc_image src, tru;
    uint8_t *bs = rc_image_alloc(&src, RC_PIX_I420, 320, 240);
    uint8_t *bt = rc_image_alloc(&tru, RC_PIX_I420, 320, 240);
    draw_pattern(&src, 4);
    const uint8_t *jp;
    size_t n;
    CHECK(rc_jpeg_encode(j, &src, 90, &jp, &n) == RC_OK);
    uint8_t *cut = malloc(n + 8);
    char path[3][64];
    for (int i = 0; i < 3; i++)
        snprintf(path[i], sizeof path[i], "%s/frame_%05d.jpg", dir, i);
    write_bytes(path[0], jp, n);
    size_t m = short_copy(jp, n, n - 3, 3, cut); /* the last data byte lost */
    tjhandle tj = tjInitDecompress();
    CHECK(tj_decode(tj, cut, m, &tru) == -1 && tjGetErrorCode(tj) == TJERR_WARNING);
    CHECK_STR_CONTAINS(tjGetErrorStr2(tj), "premature end of data segment");
    tjDestroy(tj);
    write_bytes(path[1], cut, m);
    write_bytes(path[2], jp, n / 2);

    rc_err err = {{0}};
    rc_source *s = rc_source_open(dir, NULL, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    rc_frame f;
    CHECK(rc_source_read(s, &f) == RC_OK && f.decode_warning == 0);
    CHECK(rc_source_last_error(s)[0] == '\0');
    CHECK(rc_source_read(s, &f) == RC_OK && f.index == 1);
    CHECK(f.decode_warning == RC_JPEG_WARN_SHORT);
    CHECK_STR_CONTAINS(rc_source_last_error(s), "frame_00001.jpg (frame 1)");
    CHECK_STR_CONTAINS(rc_source_last_error(s), "premature end of data segment");
    printf("used: \"%s\"\n", rc_source_last_error(s));
    CHECK(rc_source_read(s, &f) == RC_E_DECODE);
    CHECK_STR_CONTAINS(rc_source_last_error(s), "frame_00002.jpg (frame 2)");
    CHECK_STR_CONTAINS(rc_source_last_error(s), "part of the picture is missing");
    printf("skipped: \"%s\"\n", rc_source_last_error(s));
    CHECK(rc_source_read(s, &f) == RC_E_EOF);
    rc_source_close(s);

    /* The flag, the note and the counts travel through the capture thread. */
    rc_capture_config cc = {.pace = 0, .lossless = 1, .corrupt_entries = 1};
    rc_capture *c = rc_capture_start(rc_source_open(dir, NULL, &err), &cc, &err);
    CHECK_MSG(c != NULL, "%s", err.msg);
    int k = 0;
    for (const rc_capture_frame *cf; c && (cf = rc_capture_acquire_wait(c)) != NULL; k++) {
        if (k == 0)
            CHECK(cf->status == RC_OK && cf->frame.decode_warning == 0 && cf->why[0] == '\0');
        if (k == 1) {
            CHECK(cf->status == RC_OK && cf->frame.decode_warning == RC_JPEG_WARN_SHORT);
            CHECK_STR_CONTAINS(cf->why, "frame_00001.jpg (frame 1)");
        }
        if (k == 2) {
            CHECK(cf->status == RC_E_DECODE);
            CHECK_STR_CONTAINS(cf->why, "part of the picture is missing");
        }
        rc_capture_release(c, cf);
    }
    CHECK(k == 3);
    if (c) {
        rc_capture_stats cs;
        rc_capture_get_stats(c, &cs);
        CHECK(cs.captured == 2 && cs.decode_warnings == 1 && cs.corrupt == 1);
    }
    rc_capture_stop(c);
    for (int i = 0; i < 3; i++)
        unlink(path[i]);
    rmdir(dir);
    free(cut);
    free(bs);
    free(bt);
}

static void test_encode_formats(rc_jpeg *j)
{
    rc_image g, b, out;
    uint8_t *bg = rc_image_alloc(&g, RC_PIX_GRAY8, 64, 48);
    uint8_t *bb = rc_image_alloc(&b, RC_PIX_BGR8, 64, 48);
    uint8_t *bo = rc_image_alloc(&out, RC_PIX_I420, 64, 48);
    memset(bg, 77, 64 * 48);
    for (int i = 0; i < 64 * 48; i++) {
        bb[3 * i] = 200; /* B */
        bb[3 * i + 1] = 100;
        bb[3 * i + 2] = 50; /* R */
    }
    const uint8_t *jp;
    size_t n;
    rc_jpeg_header hd;
    CHECK(rc_jpeg_encode(j, &g, 90, &jp, &n) == RC_OK);
    CHECK(rc_jpeg_header_read(j, jp, n, &hd) == RC_OK && hd.subsamp == RC_JPEG_GRAY);
    CHECK(rc_jpeg_decode_i420(j, jp, n, &out) == RC_OK);
    CHECK_NEAR(out.plane[0][100], 77, 1);
    CHECK(out.plane[1][10] == 128 && out.plane[2][10] == 128);
    CHECK(rc_jpeg_encode(j, &b, 95, &jp, &n) == RC_OK);
    CHECK(rc_jpeg_decode_i420(j, jp, n, &out) == RC_OK);
    float yy, cb, cr;
    rc_rgb_to_ycbcr((const uint8_t[3]){50, 100, 200}, &yy, &cb, &cr);
    CHECK_NEAR(out.plane[0][24 * 64 + 32], yy, 2);
    CHECK_NEAR(out.plane[1][12 * 32 + 16], cb, 2);
    CHECK_NEAR(out.plane[2][12 * 32 + 16], cr, 2);
    CHECK(rc_jpeg_encode(j, &g, 0, &jp, &n) == RC_E_ARG);
    CHECK(rc_jpeg_encode(j, &g, 101, &jp, &n) == RC_E_ARG);
    free(bg);
    free(bb);
    free(bo);
}

/* Best of `reps` decode times of one JPEG into `im`, in ms. */
static double best_decode_ms(rc_jpeg *j, const uint8_t *jp, size_t n, rc_image *im, int reps)
{
    double best = 1e9;
    for (int i = 0; i < reps; i++) {
        int64_t t0 = rc_clock_ns();
        CHECK(rc_jpeg_decode_i420(j, jp, n, im) == RC_OK);
        double ms = (double)(rc_clock_ns() - t0) / 1e6;
        best = ms < best ? ms : best;
    }
    return best;
}

/* Decode time of 1280x720 frames, 4:2:0 (our encoder) and 4:2:2 (what most UVC
 * webcams send), printed only: the Release figure is what matters, sanitizer
 * builds are several times slower. */
static void time_decode(rc_jpeg *j)
{
    enum { TW = 1280, TH = 720 };
    rc_image src, dst;
    uint8_t *bs = rc_image_alloc(&src, RC_PIX_I420, TW, TH);
    uint8_t *bd = rc_image_alloc(&dst, RC_PIX_I420, TW, TH);
    draw_pattern(&src, 5);
    unsigned long long seed = 7;
    for (int y = 0; y < TH; y++) /* camera-like noise so the entropy data is realistic */
        for (int x = 0; x < TW; x++) {
            int v = rc_image_row(&src, 0, y)[x] + (int)(3 * test_randn(&seed));
            rc_image_row(&src, 0, y)[x] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
        }
    const uint8_t *jp;
    size_t n;
    CHECK(rc_jpeg_encode(j, &src, 85, &jp, &n) == RC_OK);
    CHECK(rc_jpeg_reserve(j, TW, TH) == RC_OK);
    double ms420 = best_decode_ms(j, jp, n, &dst, 15);

    rc_image bgr;
    uint8_t *bb = rc_image_alloc(&bgr, RC_PIX_BGR8, TW, TH);
    rc_image_i420_to_bgr(&src, &bgr);
    tjhandle tc = tjInitCompress();
    unsigned char *j422 = NULL;
    unsigned long n422 = 0;
    CHECK(tjCompress2(tc, bb, TW, 0, TH, TJPF_BGR, &j422, &n422, TJSAMP_422, 85, 0) == 0);
    double ms422 = best_decode_ms(j, j422, n422, &dst, 15);
    printf("decode 1280x720 q85: 4:2:0 (%zu bytes) %.2f ms, 4:2:2 (%lu bytes) %.2f ms "
           "(best of 15)\n",
           n, ms420, n422, ms422);
    tjFree(j422);
    tjDestroy(tc);
    free(bb);
    free(bs);
    free(bd);
}

int main(void)
{
    rc_err err = {{0}};
    rc_jpeg *j = rc_jpeg_create(&err);
    CHECK(j != NULL);
    if (!j)
        return TEST_RESULT();
    test_roundtrip(j, 320, 240);
    test_roundtrip(j, 161, 121); /* odd sizes: padded planes inside TurboJPEG */
    int samps[] = {TJSAMP_444, TJSAMP_422, TJSAMP_420, TJSAMP_GRAY, TJSAMP_440, TJSAMP_411};
    for (int k = 0; k < 6; k++) {
        test_subsamp(j, samps[k], 192, 128);
        test_subsamp(j, samps[k], 187, 101);
    }
    test_bad_data(j);
    test_short_end(j, 160, 120, 90);
    test_short_end(j, 320, 240, 75);
    test_short_end(j, 1280, 720, 85);
    test_short_source(j);
    test_encode_formats(j);
    time_decode(j);
    rc_jpeg_destroy(j);
    rc_jpeg_destroy(NULL);
    return TEST_RESULT();
}
