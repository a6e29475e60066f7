/* test_avi.c - the AVI reader (src/capture/avi.c) and the MJPEG AVI source over it.
 *
 * Truth is independent of the reader: JPEG frames encoded here with rc_jpeg are laid
 * out in AVI files by a small writer in this test (idx1 relative or absolute or
 * missing, a zero-length chunk, LIST rec, JUNK, a second stream), so every packet
 * must come back as exactly those bytes; and files written by OpenCV's VideoWriter
 * (FFmpeg's muxer, as make_clip and the tests' clips are) must give exactly the
 * packets OpenCV's own demuxer (FFmpeg's, in raw mode) gives, also when cut at every
 * 1 KiB.
 */
#include "test_util.h"

#include "capture/avi.h"
#include "cv/cv_video.h"
#include "romcap/jpeg.h"
#include "romcap/source.h"

#include <stdint.h>
#include <unistd.h>

enum { W = 64, H = 48, NF = 7 };

typedef struct bytes {
    uint8_t *p;
    size_t n, cap;
} bytes;

static void put(bytes *b, const void *d, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, d, n);
    b->n += n;
}
static void put32(bytes *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put(b, x, 4);
}
static void put16(bytes *b, uint16_t v)
{
    uint8_t x[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    put(b, x, 2);
}
static void tag(bytes *b, const char *t)
{
    put(b, t, 4);
}
/* Starts a chunk (or LIST/RIFF with `type`); returns where its size goes. */
static size_t open_chunk(bytes *b, const char *id, const char *type)
{
    tag(b, id);
    size_t at = b->n;
    put32(b, 0);
    if (type)
        tag(b, type);
    return at;
}
static void close_chunk(bytes *b, size_t at)
{
    uint32_t size = (uint32_t)(b->n - at - 4);
    memcpy(b->p + at,
           (uint8_t[4]){(uint8_t)size, (uint8_t)(size >> 8), (uint8_t)(size >> 16),
                        (uint8_t)(size >> 24)},
           4);
    if (size & 1)
        put(b, "", 1);
}

typedef struct layout {
    int idx1;       /* 0 none, 1 offsets from 'movi', 2 absolute */
    int zero_at;    /* a zero-length 00dc chunk before this frame, -1 none */
    int rec;        /* each frame in a LIST rec */
    int audio;      /* a second stream (01wb chunks) */
    const char *cc; /* biCompression */
} layout;

typedef struct frames {
    uint8_t *jpeg[NF];
    size_t n[NF];
} frames;

static void strl(bytes *b, int audio, uint32_t length, const char *cc)
{
    size_t l = open_chunk(b, "LIST", "strl");
    size_t h = open_chunk(b, "strh", NULL);
    tag(b, audio ? "auds" : "vids");
    tag(b, audio ? "\0\0\0\0" : cc);
    for (int i = 0; i < 3; i++)
        put32(b, 0);             /* flags, priority + language, initial frames */
    put32(b, 1);                 /* scale */
    put32(b, audio ? 8000 : 25); /* rate */
    put32(b, 0);
    put32(b, length);
    for (int i = 0; i < 3; i++)
        put32(b, 0);
    for (int i = 0; i < 4; i++)
        put16(b, 0);
    close_chunk(b, h);
    size_t f = open_chunk(b, "strf", NULL);
    if (audio) {
        put16(b, 1), put16(b, 1), put32(b, 8000), put32(b, 8000), put16(b, 1), put16(b, 8);
    } else {
        put32(b, 40), put32(b, W), put32(b, H), put16(b, 1), put16(b, 24);
        tag(b, cc);
        for (int i = 0; i < 5; i++)
            put32(b, 0);
    }
    close_chunk(b, f);
    close_chunk(b, l);
}

/* The test's own AVI writer; returns the file's bytes. */
static bytes write_layout(const frames *fr, layout lo)
{
    bytes b = {0};
    size_t riff = open_chunk(&b, "RIFF", "AVI ");
    size_t hdrl = open_chunk(&b, "LIST", "hdrl");
    size_t avih = open_chunk(&b, "avih", NULL);
    put32(&b, 40000);
    for (int i = 0; i < 13; i++)
        put32(&b, i == 3 ? NF : 0);
    close_chunk(&b, avih);
    uint32_t length = NF + (lo.zero_at >= 0);
    strl(&b, 0, length, lo.cc ? lo.cc : "MJPG");
    if (lo.audio)
        strl(&b, 1, NF, NULL);
    close_chunk(&b, hdrl);
    size_t junk = open_chunk(&b, "JUNK", NULL);
    put(&b, "padding to skip", 15);
    close_chunk(&b, junk);
    size_t movi = open_chunk(&b, "LIST", "movi");
    size_t movi_at = movi + 4; /* the 'movi' fourcc (movi: its size field) */
    bytes idx = {0};
    for (int k = 0; k < NF; k++) {
        size_t rec = lo.rec ? open_chunk(&b, "LIST", "rec ") : 0;
        for (int z = (k == lo.zero_at ? 0 : 1); z < 2; z++) {
            size_t at = b.n;
            size_t c = open_chunk(&b, "00dc", NULL);
            if (z == 1)
                put(&b, fr->jpeg[k], fr->n[k]);
            close_chunk(&b, c);
            tag(&idx, "00dc");
            put32(&idx, 0x10);
            put32(&idx, (uint32_t)(lo.idx1 == 2 ? at : at - movi_at));
            put32(&idx, z == 1 ? (uint32_t)fr->n[k] : 0);
        }
        if (lo.audio) {
            size_t at = b.n, c = open_chunk(&b, "01wb", NULL);
            put(&b, "0123456789", 10);
            close_chunk(&b, c);
            tag(&idx, "01wb");
            put32(&idx, 0x10);
            put32(&idx, (uint32_t)(lo.idx1 == 2 ? at : at - movi_at));
            put32(&idx, 10);
        }
        if (lo.rec)
            close_chunk(&b, rec);
    }
    close_chunk(&b, movi);
    if (lo.idx1) {
        size_t i1 = open_chunk(&b, "idx1", NULL);
        put(&b, idx.p, idx.n);
        close_chunk(&b, i1);
    }
    free(idx.p);
    close_chunk(&b, riff);
    return b;
}

static void save(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(p, 1, n, f) == n);
    if (f)
        fclose(f);
}

/* Frames 64x48, different content (and so sizes) each; frame 1 made odd-sized. */
static void make_frames(frames *fr)
{
    rc_err err = {{0}};
    rc_jpeg *j = rc_jpeg_create(&err);
    rc_image im;
    uint8_t *px = rc_image_alloc(&im, RC_PIX_I420, W, H);
    for (int k = 0; k < NF; k++) {
        for (int p = 0; p < 3; p++)
            for (int y = 0; y < rc_image_plane_height(&im, p); y++)
                for (int x = 0; x < rc_image_plane_width(&im, p); x++)
                    rc_image_row(&im, p, y)[x] =
                        (uint8_t)(p ? 128 + (x - y) * k / 4 : (x * 5 + y * 3 * k) & 255);
        const uint8_t *jb;
        size_t jn;
        CHECK(rc_jpeg_encode(j, &im, 80 + k, &jb, &jn) == RC_OK);
        size_t extra = k == 1 && !(jn & 1); /* a trailing byte after EOI: odd length */
        fr->jpeg[k] = calloc(1, jn + extra);
        memcpy(fr->jpeg[k], jb, jn);
        fr->n[k] = jn + extra;
    }
    free(px);
    rc_jpeg_destroy(j);
}

/* Every packet of `path` equals the truth; returns the reader's "how". */
static const char *check_file(const char *path, const frames *fr, int64_t n_frames)
{
    rc_err err = {{0}};
    rc__avi *a = NULL;
    CHECK_MSG(rc__avi_open(path, &a, &err) == RC_OK, "%s", err.msg);
    if (!a)
        return "";
    rc__avi_info in;
    rc__avi_get_info(a, &in);
    CHECK(in.n_packets == NF && in.n_frames == n_frames);
    CHECK(in.width == W && in.height == H && in.fps == 25.0);
    uint8_t buf[1 << 14];
    for (int k = 0; k < NF && k < in.n_packets; k++) {
        size_t n = 0;
        CHECK(rc__avi_read(a, k, buf, sizeof buf, &n, &err) == RC_OK);
        CHECK_MSG(n == fr->n[k] && memcmp(buf, fr->jpeg[k], n) == 0, "%s frame %d", path, k);
    }
    size_t n;
    CHECK(rc__avi_read(a, NF, buf, sizeof buf, &n, &err) == RC_E_ARG);
    CHECK(rc__avi_read(a, 0, buf, 10, &n, &err) == RC_E_ARG);
    const char *how = in.how;
    rc__avi_close(a);
    return how;
}

/* OpenCV's demuxer (FFmpeg, raw packets) on `path`: the packets into pk/pn (up to
 * `max`); -1 if it does not give raw packets. */
static int cv_packets(const char *path, uint8_t **pk, size_t *pn, int max)
{
    rc_err err = {{0}};
    rc_cv_video *v = rc_cv_video_open_file(path, 1, &err);
    if (!v)
        return -1;
    rc_cv_video_info ci;
    rc_cv_video_get_info(v, &ci);
    int n = -1;
    if (ci.raw) {
        rc_cv_packet p;
        n = 0;
        while (n < max && rc_cv_video_read(v, &p, &err) == RC_OK && p.bytes) {
            pk[n] = malloc(p.n_bytes);
            memcpy(pk[n], p.bytes, p.n_bytes);
            pn[n++] = p.n_bytes;
        }
    }
    rc_cv_video_close(v);
    return n;
}

/* romcap's reader gives exactly OpenCV's packets for `path` (whole or cut). Returns
 * the packets compared, -1 when the reader declined. */
static int same_as_opencv(const char *path)
{
    enum { MAXP = 64 };
    uint8_t *pk[MAXP];
    size_t pn[MAXP];
    int n = cv_packets(path, pk, pn, MAXP);
    rc_err err = {{0}};
    rc__avi *a = NULL;
    int got = -1;
    if (rc__avi_open(path, &a, &err) == RC_OK) {
        rc__avi_info in;
        rc__avi_get_info(a, &in);
        got = (int)in.n_packets;
        CHECK_MSG(n >= 0, "%s: read by romcap, not given raw by OpenCV", path);
        CHECK_MSG(got == n, "%s: %d packets, OpenCV %d", path, got, n);
        uint8_t *buf = malloc(in.max_bytes);
        for (int k = 0; k < got && k < n; k++) {
            size_t m = 0;
            CHECK(rc__avi_read(a, k, buf, in.max_bytes, &m, &err) == RC_OK);
            CHECK_MSG(m == pn[k] && memcmp(buf, pk[k], m) == 0, "%s: packet %d differs", path, k);
        }
        free(buf);
        rc__avi_close(a);
    }
    for (int k = 0; k < n; k++)
        free(pk[k]);
    return got;
}

static void test_layouts(const char *dir, const frames *fr)
{
    struct {
        layout lo;
        const char *how;
    } cases[] = {
        {{1, -1, 0, 0, NULL}, "idx1 (offsets from movi)"},
        {{2, -1, 0, 0, NULL}, "idx1 (absolute offsets)"},
        {{0, -1, 0, 0, NULL}, "scan of movi"},
        {{1, 3, 0, 0, NULL}, "idx1 (offsets from movi)"},
        {{0, 3, 0, 0, NULL}, "scan of movi"},
        {{1, -1, 1, 1, "mjpg"}, "idx1 (offsets from movi)"},
        {{0, 0, 1, 1, NULL}, "scan of movi"},
    };
    char path[600];
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        bytes b = write_layout(fr, cases[c].lo);
        snprintf(path, sizeof path, "%s/layout%zu.avi", dir, c);
        save(path, b.p, b.n);
        const char *how = check_file(path, fr, NF + (cases[c].lo.zero_at >= 0));
        CHECK_MSG(strcmp(how, cases[c].how) == 0, "case %zu: %s", c, how);
        /* a zero-length chunk (a dropped frame) is not a frame for FFmpeg either */
        CHECK_MSG(same_as_opencv(path) == NF, "case %zu", c);
        free(b.p);
    }
    /* idx1 whose first entry points nowhere: the movi list is scanned instead */
    bytes b = write_layout(fr, (layout){1, -1, 0, 0, NULL});
    memcpy(b.p + b.n - 16 * NF + 8, (uint8_t[4]){0x77, 0x77, 0, 0}, 4);
    snprintf(path, sizeof path, "%s/bad_idx1.avi", dir);
    save(path, b.p, b.n);
    CHECK(strcmp(check_file(path, fr, NF), "scan of movi") == 0);
    free(b.p);
    /* no idx1 and frame 2's chunk header overwritten: the scan finds the next header */
    b = write_layout(fr, (layout){0, -1, 0, 0, NULL});
    size_t at = 0;
    for (size_t i = 0, seen = 0; i + 4 < b.n; i++)
        if (!memcmp(b.p + i, "00dc", 4) && seen++ == 2) {
            at = i;
            break;
        }
    memset(b.p + at, 0xEE, 8);
    snprintf(path, sizeof path, "%s/bad_header.avi", dir);
    save(path, b.p, b.n);
    rc_err err = {{0}};
    rc__avi *a = NULL;
    CHECK(rc__avi_open(path, &a, &err) == RC_OK);
    rc__avi_info in;
    if (a) {
        rc__avi_get_info(a, &in);
        CHECK_MSG(in.n_packets == NF - 1, "%lld packets", (long long)in.n_packets);
        rc__avi_packet p = rc__avi_packet_at(a, 2);
        CHECK(p.size == fr->n[3]);
        rc__avi_close(a);
    }
    free(b.p);
    /* not MJPEG; not an AVI */
    b = write_layout(fr, (layout){1, -1, 0, 0, "H264"});
    snprintf(path, sizeof path, "%s/h264.avi", dir);
    save(path, b.p, b.n);
    CHECK(rc__avi_open(path, &a, &err) == RC_E_UNSUPPORTED && a == NULL);
    CHECK_STR_CONTAINS(err.msg, "h264.avi: stream 0 is not MJPEG (compression 'H264')");
    memcpy(b.p + 8, "WAVE", 4);
    save(path, b.p, b.n);
    CHECK(rc__avi_open(path, &a, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "h264.avi: not an AVI file");
    free(b.p);
}

/* Cut at every 1 KiB: the reader never fails on what is there, every packet is the
 * truth's prefix (only the last may be cut), and OpenCV gives the same packets. */
static void test_truncation(const char *dir, const frames *fr)
{
    bytes b = write_layout(fr, (layout){1, -1, 0, 0, NULL});
    char path[600];
    snprintf(path, sizeof path, "%s/cut.avi", dir);
    int opened = 0;
    for (size_t cut = 1024; cut < b.n + 1024; cut += 1024) {
        size_t n = cut < b.n ? cut : b.n - 1;
        save(path, b.p, n);
        rc_err err = {{0}};
        rc__avi *a = NULL;
        if (rc__avi_open(path, &a, &err) != RC_OK) {
            CHECK_STR_CONTAINS(err.msg, "cut.avi");
            continue;
        }
        opened++;
        rc__avi_info in;
        rc__avi_get_info(a, &in);
        CHECK(in.n_packets <= NF);
        uint8_t buf[1 << 14];
        for (int k = 0; k < in.n_packets && k < NF; k++) {
            rc__avi_packet p = rc__avi_packet_at(a, k);
            size_t m = 0;
            CHECK(rc__avi_read(a, k, buf, sizeof buf, &m, &err) == RC_OK);
            CHECK(p.size == fr->n[k] && m == p.avail && m <= fr->n[k]);
            CHECK(memcmp(buf, fr->jpeg[k], m) == 0);
            CHECK(k == in.n_packets - 1 || m == fr->n[k]);
        }
        rc__avi_close(a);
        CHECK(same_as_opencv(path) == in.n_packets);
    }
    printf("hand-made AVI cut at every 1 KiB of %zu bytes: %d cuts opened\n", b.n, opened);
    CHECK(opened >= 3);
    free(b.p);
}

/* A file written by OpenCV's VideoWriter (FFmpeg's muxer) and every 1 KiB cut of it:
 * exactly OpenCV's own packets, and the source's frames, size, rate and count. */
static void test_opencv_written(const char *dir)
{
    char path[600], cut[600];
    snprintf(path, sizeof path, "%s/ocv.avi", dir);
    rc_err err = {{0}};
    rc_image im;
    uint8_t *px = rc_image_alloc(&im, RC_PIX_I420, 96, 64);
    rc_cv_writer *w = rc_cv_writer_open(path, 96, 64, 29.97, 90, &err);
    CHECK_MSG(w != NULL, "%s", err.msg);
    for (int k = 0; w && k < 5; k++) {
        for (size_t i = 0; i < rc_image_bytes(RC_PIX_I420, 96, 64); i++) /* busy: 3-4 KB */
            px[i] = (uint8_t)((i * i * 7 + i * (size_t)k * 13) >> 3);
        CHECK(rc_cv_writer_write(w, &im, &err) == RC_OK);
    }
    CHECK(rc_cv_writer_close(w, &err) == RC_OK);
    free(px);
    CHECK(same_as_opencv(path) == 5);
    rc_source *s = rc_source_open(path, NULL, &err);
    rc_cv_video *v = rc_cv_video_open_file(path, 1, &err);
    CHECK(s && v);
    if (s && v) {
        rc_source_info si;
        rc_cv_video_info ci;
        rc_source_get_info(s, &si);
        rc_cv_video_get_info(v, &ci);
        CHECK(si.width == ci.width && si.height == ci.height && si.n_frames == ci.n_frames);
        CHECK_MSG(si.fps == ci.fps, "fps %.17g, OpenCV %.17g", si.fps, ci.fps);
        rc_frame f;
        int k = 0;
        while (rc_source_read(s, &f) == RC_OK) {
            CHECK(f.index == k && f.t_ns == (int64_t)((double)k * 1e9 / si.fps + 0.5));
            k++;
        }
        CHECK(k == 5);
    }
    rc_source_close(s);
    rc_cv_video_close(v);
    FILE *fp = fopen(path, "rb");
    uint8_t *all = malloc(1 << 18);
    size_t size = fp ? fread(all, 1, 1 << 18, fp) : 0;
    if (fp)
        fclose(fp);
    snprintf(cut, sizeof cut, "%s/ocv_cut.avi", dir);
    int cuts = 0, read = 0;
    for (size_t n = 1024; n < size; n += 1024, cuts++) {
        save(cut, all, n);
        read += same_as_opencv(cut) >= 0;
    }
    printf("OpenCV-written AVI (%zu bytes) cut at every 1 KiB: %d cuts, %d read by romcap, "
           "each the same packets as OpenCV's\n",
           size, cuts, read);
    CHECK(read >= cuts / 2);
    free(all);
}

int main(void)
{
    char dir[] = "/tmp/romcap_test_avi_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    frames fr;
    make_frames(&fr);
    test_layouts(dir, &fr);
    test_truncation(dir, &fr);
    test_opencv_written(dir);
    for (int k = 0; k < NF; k++)
        free(fr.jpeg[k]);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    return TEST_RESULT();
}
