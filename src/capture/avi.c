/* avi.c - the AVI (RIFF) reader for MJPEG video (see avi.h).
 *
 * Layout read (Microsoft's AVI RIFF reference; OpenDML AVI File Format Extensions
 * 1.02 for AVIX): "RIFF" size "AVI " { LIST hdrl { avih, LIST strl { strh, strf, ... }
 * per stream, LIST odml { dmlh } }, LIST movi { "NNdc" / "NNdb" chunks, possibly in
 * LIST rec }, idx1 }, then optional "RIFF" size "AVIX" { LIST movi } parts. Every chunk
 * is an 8-byte header (fourcc, little-endian 32-bit size) and its data padded to an
 * even length. Sizes in the file are never trusted: each is checked against the end
 * of its parent and of the file, offsets are 64-bit, and a walk always moves forward.
 */
#include "avi.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    MAX_PACKETS = 1 << 24, /* 155 h at 30 fps: more is a crafted file */
    MAX_MOVI = 4096,       /* movi lists (one per RIFF part; OpenDML parts are 1 GiB) */
    SCAN_BLOCK = 1 << 16   /* bytes read at a time when scanning idx1 or resyncing */
};

typedef struct movi_range {
    uint64_t start, end; /* the list's chunks: after "movi", to the list's end */
} movi_range;

struct rc__avi {
    int fd;
    uint64_t size; /* of the file */
    char path[256];
    /* headers */
    int streams, video;      /* strl lists seen; the first video stream's number, -1 */
    int has_strf;            /* the video stream's strf was read */
    uint32_t scale, rate;    /* its strh */
    uint32_t length;         /* its strh dwLength */
    uint32_t usec_per_frame; /* avih */
    uint32_t odml_frames;    /* dmlh dwTotalFrames */
    int32_t width, height;   /* its strf */
    char fourcc[5];          /* biCompression */
    int riff_parts;          /* RIFF AVI + AVIX parts */
    /* chunks */
    movi_range movi[MAX_MOVI];
    int n_movi;
    uint64_t idx1_at, idx1_bytes; /* idx1's data, 0 bytes if none */
    int idx1_cut;                 /* idx1 runs past the end of the file */
    rc__avi_packet *pk;
    int64_t n, cap_pk;
    size_t max_bytes;
    const char *how;
};

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int is_tag(const uint8_t *p, const char *tag)
{
    return memcmp(p, tag, 4) == 0;
}

/* Reads up to n bytes at `off`; returns how many were read (fewer at the end of the
 * file), -1 on an error (errno set). */
static ssize_t read_at(const rc__avi *a, uint64_t off, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(a->fd, (uint8_t *)buf + got, n - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* A chunk header at `off` inside [.., end): 1 with its fourcc and size, 0 if the
 * parent ends first. */
static int chunk_at(const rc__avi *a, uint64_t off, uint64_t end, uint8_t id[4], uint32_t *size)
{
    uint8_t h[8];
    if (off + 8 > end || read_at(a, off, h, 8) != 8)
        return 0;
    memcpy(id, h, 4);
    *size = le32(h + 4);
    return 1;
}

/* The next chunk after one at `off` of `size` bytes (data padded to even). */
static uint64_t chunk_next(uint64_t off, uint32_t size)
{
    return off + 8 + (uint64_t)size + (size & 1u);
}

static void upcase4(char out[5], const uint8_t *p)
{
    for (int i = 0; i < 4; i++) {
        char c = (char)p[i];
        out[i] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
    }
    out[4] = '\0';
}

/* One strl list: the stream's header and, for the first video stream, its format. */
static void parse_strl(rc__avi *a, uint64_t off, uint64_t end)
{
    int k = a->streams++;
    int mine = 0;
    uint8_t id[4], d[48];
    uint32_t size;
    for (; chunk_at(a, off, end, id, &size); off = chunk_next(off, size)) {
        uint64_t avail = end - (off + 8) < size ? end - (off + 8) : size;
        if (is_tag(id, "strh") && avail >= 36 && read_at(a, off + 8, d, 36) == 36 &&
            is_tag(d, "vids") && a->video < 0) {
            a->video = k;
            mine = 1;
            a->scale = le32(d + 20);
            a->rate = le32(d + 24);
            a->length = le32(d + 32);
        } else if (is_tag(id, "strf") && mine && avail >= 20 && read_at(a, off + 8, d, 20) == 20) {
            a->width = (int32_t)le32(d + 4);
            a->height = (int32_t)le32(d + 8);
            for (int i = 0; i < 4; i++)
                a->fourcc[i] = (char)d[16 + i];
            a->fourcc[4] = '\0';
            a->has_strf = 1;
        }
    }
}

/* The hdrl list: avih, each stream's strl, odml's dmlh. */
static void parse_hdrl(rc__avi *a, uint64_t off, uint64_t end)
{
    uint8_t id[4], d[20];
    uint32_t size;
    for (; chunk_at(a, off, end, id, &size); off = chunk_next(off, size)) {
        uint64_t data_end = off + 8 + (uint64_t)size < end ? off + 8 + size : end;
        if (is_tag(id, "avih") && data_end - (off + 8) >= 20 && read_at(a, off + 8, d, 20) == 20) {
            a->usec_per_frame = le32(d);
        } else if (is_tag(id, "LIST") && data_end >= off + 12 && read_at(a, off + 8, d, 4) == 4) {
            if (is_tag(d, "strl") && a->streams < 100)
                parse_strl(a, off + 12, data_end);
            else if (is_tag(d, "odml") && chunk_at(a, off + 12, data_end, id, &size) &&
                     is_tag(id, "dmlh") && size >= 4 && off + 24 <= data_end &&
                     read_at(a, off + 20, d, 4) == 4)
                a->odml_frames = le32(d);
        }
    }
}

/* The chunks of one RIFF part in [off, end): hdrl (first part only), movi, idx1. */
static void parse_riff(rc__avi *a, uint64_t off, uint64_t end, int first)
{
    uint8_t id[4], d[4];
    uint32_t size;
    for (; chunk_at(a, off, end, id, &size); off = chunk_next(off, size)) {
        uint64_t data_end = off + 8 + (uint64_t)size < end ? off + 8 + size : end;
        if (is_tag(id, "LIST") && data_end >= off + 12 && read_at(a, off + 8, d, 4) == 4) {
            if (is_tag(d, "hdrl") && first)
                parse_hdrl(a, off + 12, data_end);
            else if (is_tag(d, "movi") && a->n_movi < MAX_MOVI) {
                /* a list still being written (or cut) has a size of 0 or past the end */
                uint64_t e = size <= 4 || off + 8 + (uint64_t)size > end ? end : data_end;
                a->movi[a->n_movi++] = (movi_range){off + 12, e};
            }
        } else if (is_tag(id, "idx1") && first) {
            a->idx1_at = off + 8;
            a->idx1_bytes = (data_end - (off + 8)) / 16 * 16;
            a->idx1_cut = data_end < off + 8 + (uint64_t)size;
        }
    }
}

/* The RIFF parts: "RIFF AVI " then any "RIFF AVIX". RC_E_FORMAT if not an AVI. */
static rc_status parse_file(rc__avi *a, rc_err *err)
{
    uint8_t h[12];
    if (read_at(a, 0, h, 12) != 12 || !is_tag(h, "RIFF") || !is_tag(h + 8, "AVI "))
        return rc_err_set(err, RC_E_FORMAT, "%s: not an AVI file (no RIFF AVI header at byte 0)",
                          a->path);
    uint64_t off = 0;
    for (int part = 0; off + 12 <= a->size && part < MAX_MOVI; part++) {
        if (read_at(a, off, h, 12) != 12 || !is_tag(h, "RIFF") ||
            !is_tag(h + 8, part == 0 ? "AVI " : "AVIX"))
            break;
        uint32_t size = le32(h + 4);
        /* a part whose size is 0 or runs past the end (cut, or never finished) is
         * read to the end of the file */
        uint64_t end = size < 4 || 8 + off + (uint64_t)size > a->size ? a->size : off + 8 + size;
        parse_riff(a, off + 12, end, part == 0);
        a->riff_parts++;
        if (end == a->size)
            break;
        off = chunk_next(off, size);
    }
    return RC_OK;
}

static rc_status add_packet(rc__avi *a, uint64_t data_at, uint32_t size, rc_err *err)
{
    if (size == 0 || data_at >= a->size) /* a dropped frame; or nothing of it in the file */
        return RC_OK;
    if (a->n >= MAX_PACKETS)
        return rc_err_set(err, RC_E_UNSUPPORTED, "%s: more than %d video chunks", a->path,
                          MAX_PACKETS);
    if (a->n == a->cap_pk) {
        int64_t c = a->cap_pk ? a->cap_pk * 2 : 256;
        rc__avi_packet *p = realloc(a->pk, (size_t)c * sizeof *p);
        if (!p)
            return rc_err_set(err, RC_E_NOMEM, "%s: out of memory for %lld frames", a->path,
                              (long long)c);
        a->pk = p;
        a->cap_pk = c;
    }
    uint64_t left = a->size - data_at;
    uint32_t avail = left < size ? (uint32_t)left : size;
    a->pk[a->n++] = (rc__avi_packet){data_at, size, avail};
    if (avail > a->max_bytes && avail <= RC_AVI_MAX_PACKET)
        a->max_bytes = avail;
    return RC_OK;
}

/* "NNdc" / "NNdb" of the video stream. */
static int is_video_chunk(const rc__avi *a, const uint8_t *id)
{
    return id[0] == '0' + a->video / 10 && id[1] == '0' + a->video % 10 && id[2] == 'd' &&
           (id[3] == 'c' || id[3] == 'b');
}

/* idx1 entries are relative to the 'movi' fourcc or absolute: the first video entry
 * must point at a chunk header with its own fourcc and size. 0 if neither (unusable). */
static int idx1_base(const rc__avi *a, const uint8_t *e, uint64_t *base)
{
    uint64_t cand[2] = {a->movi[0].start - 4, 0};
    for (int c = 0; c < 2; c++) {
        uint8_t id[4];
        uint32_t size;
        uint64_t at = cand[c] + le32(e + 8);
        if (chunk_at(a, at, a->size, id, &size) && memcmp(id, e, 4) == 0 && size == le32(e + 12)) {
            *base = cand[c];
            return 1;
        }
    }
    return 0;
}

/* The packets from idx1: RC_OK with a->n set, RC_E_FORMAT if the index is unusable
 * (the caller then scans). */
static rc_status index_from_idx1(rc__avi *a, rc_err *err)
{
    uint8_t *blk = malloc(SCAN_BLOCK);
    if (!blk)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", a->path);
    uint64_t base = 0;
    int have_base = 0;
    rc_status st = RC_OK;
    for (uint64_t done = 0; done < a->idx1_bytes && st == RC_OK;) {
        size_t want =
            a->idx1_bytes - done < SCAN_BLOCK ? (size_t)(a->idx1_bytes - done) : SCAN_BLOCK;
        if (read_at(a, a->idx1_at + done, blk, want) != (ssize_t)want) {
            st = RC_E_FORMAT;
            break;
        }
        for (size_t i = 0; i < want && st == RC_OK; i += 16) {
            const uint8_t *e = blk + i;
            if (!is_video_chunk(a, e))
                continue;
            if (!have_base && !(have_base = idx1_base(a, e, &base)))
                st = RC_E_FORMAT;
            else
                st = add_packet(a, base + le32(e + 8) + 8, le32(e + 12), err);
        }
        done += want;
    }
    free(blk);
    if (st == RC_OK && a->n == 0)
        st = RC_E_FORMAT;
    if (st == RC_OK)
        a->how = base ? "idx1 (offsets from movi)" : "idx1 (absolute offsets)";
    return st;
}

/* After a damaged chunk header at `off`: the next video chunk header in (off, end)
 * whose size fits, or `end`. */
static uint64_t resync(const rc__avi *a, uint64_t off, uint64_t end)
{
    uint8_t blk[4096];
    for (uint64_t at = off + 1; at + 8 <= end; at += sizeof blk - 8) {
        ssize_t got = read_at(a, at, blk, sizeof blk);
        if (got < 8)
            break;
        for (ssize_t i = 0; i + 8 <= got; i++)
            if (is_video_chunk(a, blk + i) && at + (uint64_t)i + 8 + le32(blk + i + 4) <= end)
                return at + (uint64_t)i;
    }
    return end;
}

/* Plausible chunk id: four printable ASCII characters. */
static int is_fourcc(const uint8_t *id)
{
    for (int i = 0; i < 4; i++)
        if (id[i] < 0x20 || id[i] > 0x7e)
            return 0;
    return 1;
}

/* The packets by walking every movi list (no idx1, a damaged one, OpenDML parts).
 * LIST rec is entered; index chunks (ix##), JUNK and other streams are skipped; a
 * damaged header is passed over to the next video chunk header. */
static rc_status index_by_scan(rc__avi *a, rc_err *err)
{
    a->n = 0;
    a->max_bytes = 0;
    for (int m = 0; m < a->n_movi; m++) {
        uint64_t off = a->movi[m].start, end = a->movi[m].end;
        uint8_t id[4], t[4];
        uint32_t size;
        while (chunk_at(a, off, end, id, &size)) {
            if (!is_fourcc(id)) {
                off = resync(a, off, end);
                continue;
            }
            if (is_tag(id, "LIST") && off + 12 <= end && read_at(a, off + 8, t, 4) == 4 &&
                is_tag(t, "rec ")) {
                off += 12;
                continue;
            }
            if (is_video_chunk(a, id)) {
                rc_status st = add_packet(a, off + 8, size, err);
                if (st != RC_OK)
                    return st;
            }
            off = chunk_next(off, size);
        }
    }
    a->how = "scan of movi";
    return RC_OK;
}

/* What the headers say, checked: an MJPEG video stream of a usable size. */
static rc_status check_headers(const rc__avi *a, rc_err *err)
{
    static const char *const mjpeg[] = {"MJPG", "AVDJ", "JPEG", "MJPA", "AVRN"};
    if (a->video < 0)
        return rc_err_set(err, RC_E_UNSUPPORTED, "%s: no video stream in the AVI header", a->path);
    if (!a->has_strf)
        return rc_err_set(err, RC_E_UNSUPPORTED, "%s: stream %d has no format (strf)", a->path,
                          a->video);
    char up[5];
    upcase4(up, (const uint8_t *)a->fourcc);
    int ok = 0;
    for (size_t i = 0; i < sizeof mjpeg / sizeof *mjpeg; i++)
        ok |= strcmp(up, mjpeg[i]) == 0;
    if (!ok)
        return rc_err_set(err, RC_E_UNSUPPORTED, "%s: stream %d is not MJPEG (compression '%.4s')",
                          a->path, a->video,
                          is_fourcc((const uint8_t *)a->fourcc) ? a->fourcc : "?");
    int64_t h = a->height < 0 ? -(int64_t)a->height : a->height;
    if (a->width <= 0 || h <= 0 || a->width > 65535 || h > 65535)
        return rc_err_set(err, RC_E_UNSUPPORTED, "%s: frame size %dx%d in strf", a->path,
                          (int)a->width, (int)a->height);
    if (a->n_movi == 0)
        return rc_err_set(err, RC_E_UNSUPPORTED, "%s: no movi list", a->path);
    return RC_OK;
}

void rc__avi_close(rc__avi *a)
{
    if (!a)
        return;
    if (a->fd >= 0)
        close(a->fd);
    free(a->pk);
    free(a);
}

rc_status rc__avi_open(const char *path, rc__avi **out, rc_err *err)
{
    *out = NULL;
    rc__avi *a = calloc(1, sizeof *a);
    if (!a)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
    a->video = -1;
    snprintf(a->path, sizeof a->path, "%s", path);
    /* O_NONBLOCK: a FIFO must not block here (it is declined below); no effect on
     * reading a regular file */
    a->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    rc_status s = RC_OK;
    if (a->fd < 0)
        s = rc_err_set(err, errno == ENOENT ? RC_E_NOT_FOUND : RC_E_IO, "%s: %s", path,
                       strerror(errno));
    else if (fstat(a->fd, &st) != 0 || !S_ISREG(st.st_mode))
        s = rc_err_set(err, RC_E_UNSUPPORTED, "%s: not a regular file", path);
    if (s == RC_OK) {
        a->size = (uint64_t)st.st_size;
        s = parse_file(a, err);
    }
    if (s == RC_OK)
        s = check_headers(a, err);
    if (s == RC_OK) {
        /* idx1 covers the first RIFF part only: OpenDML files are scanned, and so
         * are files cut inside idx1 (the movi list before it is whole) */
        s = a->idx1_bytes && !a->idx1_cut && a->riff_parts == 1 ? index_from_idx1(a, err)
                                                                : RC_E_FORMAT;
        if (s == RC_E_FORMAT)
            s = index_by_scan(a, err);
    }
    if (s == RC_OK && a->n == 0)
        s = rc_err_set(err, RC_E_UNSUPPORTED, "%s: no video frame in the movi list at byte %llu",
                       path, (unsigned long long)(a->movi[0].start - 4));
    if (s != RC_OK) {
        rc__avi_close(a);
        return s;
    }
    *out = a;
    return RC_OK;
}

void rc__avi_get_info(const rc__avi *a, rc__avi_info *in)
{
    memset(in, 0, sizeof *in);
    in->width = a->width;
    in->height = (int)(a->height < 0 ? -(int64_t)a->height : a->height); /* checked at open */
    /* FFmpeg's rule for a broken header: the main header's frame period, else 25 fps */
    double fps = a->scale && a->rate ? (double)a->rate / (double)a->scale
                 : a->usec_per_frame ? 1e6 / (double)a->usec_per_frame
                                     : 25.0;
    in->fps = fps > 0 && fps < 1000 ? fps : 0;
    uint32_t n = a->odml_frames > a->length ? a->odml_frames : a->length;
    in->n_frames = n ? (int64_t)n : -1;
    in->n_packets = a->n;
    memcpy(in->fourcc, a->fourcc, sizeof in->fourcc);
    in->max_bytes = a->max_bytes;
    in->how = a->how;
}

rc__avi_packet rc__avi_packet_at(const rc__avi *a, int64_t i)
{
    rc__avi_packet none = {0, 0, 0};
    return i >= 0 && i < a->n ? a->pk[i] : none;
}

rc_status rc__avi_read(const rc__avi *a, int64_t i, uint8_t *buf, size_t cap, size_t *n,
                       rc_err *err)
{
    *n = 0;
    if (i < 0 || i >= a->n)
        return rc_err_set(err, RC_E_ARG, "%s: frame %lld: no such frame (%lld in the file)",
                          a->path, (long long)i, (long long)a->n);
    rc__avi_packet p = a->pk[i];
    if (p.avail > cap)
        return rc_err_set(err, RC_E_ARG, "%s: frame %lld: %u bytes do not fit a %zu-byte buffer",
                          a->path, (long long)i, p.avail, cap);
    ssize_t got = read_at(a, p.offset, buf, p.avail);
    if (got != (ssize_t)p.avail)
        return rc_err_set(err, RC_E_IO, "%s: frame %lld: cannot read %u bytes at byte %llu: %s",
                          a->path, (long long)i, p.avail, (unsigned long long)p.offset,
                          got < 0 ? strerror(errno) : "the file is shorter than when opened");
    *n = p.avail;
    return RC_OK;
}
