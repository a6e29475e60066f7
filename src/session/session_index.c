/* session_index.c - frames.idx: the record codec, validation against frames.mjpeg, and
 * the rebuild by scanning JPEG boundaries that makes a crashed session readable.
 *
 * A record is 24 bytes, little-endian: offset u64, size u32, reserved u32 (0),
 * t_ns i64. The writer appends the frame's bytes before its record, so after a crash
 * the index may be short by the frames still in flight (or end in half a record),
 * and frames.mjpeg may end in half a frame. Records are checked cheaply everywhere
 * (contiguous, in bounds, starting with SOI) and fully (a complete JPEG walk) over the
 * last few, where a crash leaves damage; the rest of the data is scanned for further
 * complete JPEGs.
 */
#include "session_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* TUNABLE: records at the end that get the full JPEG walk on open (a crash damages
 * only the tail; walking everything would read the whole file on every open). */
enum { FULL_CHECK_TAIL = 64 };

int rc__session_open_file(const char *dir, const char *name, int flags, rc_err *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, flags, 0600);
    if (fd < 0)
        rc_err_set(err, errno == ENOENT ? RC_E_NOT_FOUND : RC_E_IO, "%s: %s", path,
                   strerror(errno));
    return fd;
}

int rc__write_all(int fd, const void *buf, size_t n)
{
    const uint8_t *p = buf;
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        if (k == 0)
            return EIO;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static void put_le(uint8_t *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

void rc__idx_encode(const rc_session_frame *f, uint8_t out[RC_SESSION_IDX_RECORD])
{
    put_le(out, f->offset, 8);
    put_le(out + 8, f->size, 4);
    put_le(out + 12, 0, 4);
    put_le(out + 16, (uint64_t)f->t_ns, 8);
}

void rc__idx_decode(const uint8_t in[RC_SESSION_IDX_RECORD], rc_session_frame *f)
{
    f->offset = get_le(in, 8);
    f->size = (uint32_t)get_le(in + 8, 4);
    f->t_ns = (int64_t)get_le(in + 16, 8);
}

size_t rc__jpeg_span(const uint8_t *p, size_t n)
{
    if (n < 4 || p[0] != 0xFF || p[1] != 0xD8)
        return 0;
    size_t i = 2;
    for (;;) {
        if (i >= n || p[i] != 0xFF)
            return 0;                 /* a segment must start with a marker */
        while (i < n && p[i] == 0xFF) /* fill bytes */
            i++;
        if (i >= n)
            return 0;
        uint8_t m = p[i++];
        if (m == 0xD9)
            return i; /* EOI */
        if (m == 0xD8 || m == 0x00)
            return 0;
        if ((m >= 0xD0 && m <= 0xD7) || m == 0x01)
            continue; /* markers without a length */
        if (i + 2 > n)
            return 0;
        size_t len = (size_t)p[i] << 8 | p[i + 1];
        if (len < 2 || len > n - i)
            return 0;
        i += len;
        if (m != 0xDA)
            continue;
        /* Entropy-coded data after SOS runs to the next marker that is neither a
         * stuffed 0xFF00 nor a restart marker. */
        for (;;) {
            const uint8_t *ff = memchr(p + i, 0xFF, n - i);
            if (!ff)
                return 0;
            i = (size_t)(ff - p);
            if (i + 1 >= n)
                return 0;
            uint8_t x = p[i + 1];
            if (x == 0x00 || (x >= 0xD0 && x <= 0xD7))
                i += 2;
            else if (x == 0xFF)
                i += 1;
            else
                break;
        }
    }
}

rc_status rc__write_file_atomic(const char *dir, const char *name, const char *text, size_t n,
                                rc_err *err)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, ".%s.tmp", name);
    int fd = rc__session_open_file(dir, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, err);
    if (fd < 0)
        return RC_E_IO;
    int e = rc__write_all(fd, text, n);
    if (!e && fsync(fd) != 0)
        e = errno;
    close(fd);
    char from[4200], to[4200];
    snprintf(from, sizeof from, "%s/%s", dir, tmp);
    snprintf(to, sizeof to, "%s/%s", dir, name);
    if (e) {
        unlink(from);
        return rc_err_set(err, RC_E_IO, "%s: %s", to,
                          e == ENOSPC  ? "disk full"
                          : e == EFBIG ? "file size limit"
                                       : strerror(e));
    }
    if (rename(from, to) != 0) {
        e = errno;
        unlink(from);
        return rc_err_set(err, RC_E_IO, "%s: %s", to, strerror(e));
    }
    int dfd = open(dir, O_RDONLY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd); /* makes the rename durable */
        close(dfd);
    }
    return RC_OK;
}

/* Reads frames.idx into a malloc'd array. Sets *missing / *partial_bytes. */
static rc_status read_index(const char *dir, rc_session_frame **out, int64_t *n, int *missing,
                            size_t *partial_bytes, int *bad_magic, rc_err *err)
{
    *out = NULL;
    *n = 0;
    *missing = *bad_magic = 0;
    *partial_bytes = 0;
    rc_err e = {{0}};
    int fd = rc__session_open_file(dir, "frames.idx", O_RDONLY | O_CLOEXEC, &e);
    if (fd < 0) {
        *missing = 1;
        return RC_OK;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return rc_err_set(err, RC_E_IO, "%s/frames.idx: %s", dir, strerror(errno));
    }
    size_t size = (size_t)st.st_size;
    uint8_t *buf = size ? malloc(size) : NULL;
    if (size && !buf) {
        close(fd);
        return rc_err_set(err, RC_E_NOMEM, "%s/frames.idx: out of memory", dir);
    }
    size_t got = 0;
    while (got < size) {
        ssize_t k = read(fd, buf + got, size - got);
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fd);
    if (got < RC__IDX_MAGIC_LEN || memcmp(buf, RC__IDX_MAGIC, RC__IDX_MAGIC_LEN) != 0) {
        *bad_magic = got > 0;
        *missing = got == 0;
        free(buf);
        return RC_OK;
    }
    int64_t k = (int64_t)((got - RC__IDX_MAGIC_LEN) / RC_SESSION_IDX_RECORD);
    *partial_bytes = (got - RC__IDX_MAGIC_LEN) % RC_SESSION_IDX_RECORD;
    rc_session_frame *f = k ? malloc((size_t)k * sizeof *f) : NULL;
    if (k && !f) {
        free(buf);
        return rc_err_set(err, RC_E_NOMEM, "%s/frames.idx: out of memory", dir);
    }
    for (int64_t i = 0; i < k; i++)
        rc__idx_decode(buf + RC__IDX_MAGIC_LEN + i * RC_SESSION_IDX_RECORD, &f[i]);
    free(buf);
    *out = f;
    *n = k;
    return RC_OK;
}

static int append(rc_session_frame **f, int64_t *n, int64_t *cap, rc_session_frame v)
{
    if (*n == *cap) {
        int64_t c = *cap ? 2 * *cap : 256;
        rc_session_frame *p = realloc(*f, (size_t)c * sizeof *p);
        if (!p)
            return -1;
        *f = p;
        *cap = c;
    }
    (*f)[(*n)++] = v;
    return 0;
}

static void addw(char *warn, size_t cap, const char *fmt, ...)
{
    size_t len = strlen(warn);
    if (len + 3 >= cap)
        return;
    if (len) {
        strcpy(warn + len, "; ");
        len += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(warn + len, cap - len, fmt, ap);
    va_end(ap);
}

/* Maps frames.mjpeg read-only (*p stays NULL for an empty file). */
static rc_status map_mjpeg(const char *dir, const uint8_t **p, size_t *size, rc_err *err)
{
    int fd = rc__session_open_file(dir, "frames.mjpeg", O_RDONLY | O_CLOEXEC, err);
    if (fd < 0)
        return RC_E_NOT_FOUND;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return rc_err_set(err, RC_E_IO, "%s/frames.mjpeg: %s", dir, strerror(errno));
    }
    *size = (size_t)st.st_size;
    if (*size > 0) {
        void *m = mmap(NULL, *size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED) {
            close(fd);
            return rc_err_set(err, RC_E_IO, "%s/frames.mjpeg: cannot map: %s", dir,
                              strerror(errno));
        }
        *p = m;
        /* The index check touches two bytes per frame (and the last few frames
         * whole): without this hint read-ahead would pull in the whole file. */
        posix_madvise(m, *size, POSIX_MADV_RANDOM);
    }
    close(fd);
    return RC_OK;
}

/* Length of the longest valid prefix of the index f[0..n) over the data p[0..size);
 * *end gets the byte after its last frame. */
static int64_t valid_prefix(const rc_session_frame *f, int64_t n, const uint8_t *p, size_t size,
                            uint64_t *end)
{
    int64_t keep = 0;
    *end = 0;
    for (; keep < n; keep++) {
        const rc_session_frame *r = &f[keep];
        if (r->offset != *end || r->size < 4 || r->offset + r->size > size ||
            p[r->offset] != 0xFF || p[r->offset + 1] != 0xD8)
            break;
        if (keep >= n - FULL_CHECK_TAIL && rc__jpeg_span(p + r->offset, r->size) == 0)
            break;
        *end = r->offset + r->size;
    }
    return keep;
}

/* Time step for recovered frames: the index's mean interval, else the nominal rate. */
static double recovered_dt_ns(const rc_session_frame *f, int64_t n, double fps)
{
    double dt = fps > 0 ? 1e9 / fps : 1e9 / 30.0;
    if (n >= 2 && f[n - 1].t_ns > f[0].t_ns)
        dt = ((double)f[n - 1].t_ns - (double)f[0].t_ns) / (double)(n - 1);
    if (!(dt >= 1e3)) /* 1 us .. 1000 s: index times come from the file */
        dt = 1e3;
    if (dt > 1e12)
        dt = 1e12;
    return dt;
}

/* Finds the next SOI (FF D8 FF) after `pos`; returns 0 when there is none. */
static int next_soi(const uint8_t *p, size_t size, uint64_t pos, uint64_t *at)
{
    uint64_t q = pos + 1;
    while (q + 2 < size) {
        const uint8_t *ff = memchr(p + q, 0xFF, size - q - 2);
        if (!ff)
            break;
        q = (uint64_t)(ff - p);
        if (p[q + 1] == 0xD8 && p[q + 2] == 0xFF) {
            *at = q;
            return 1;
        }
        q++;
    }
    return 0;
}

/* Appends the complete JPEGs found in p[*end..size) to the index, timed `dt` apart
 * after its last frame; *end moves past the last one found. */
static rc_status recover_tail(const char *dir, const uint8_t *p, size_t size, double dt,
                              rc_session_frame **f, int64_t *n, int64_t *cap, uint64_t *end,
                              rc_session_repair_report *rep, rc_err *err)
{
    int64_t t_last = *n ? (*f)[*n - 1].t_ns : -(int64_t)dt;
    uint64_t pos = *end;
    while (pos + 4 <= size) {
        size_t span = rc__jpeg_span(p + pos, size - pos);
        if (span == 0) {
            /* Not a whole JPEG here: look for the next SOI. */
            if (!next_soi(p, size, pos, &pos))
                break;
            continue;
        }
        t_last = t_last > INT64_MAX - (int64_t)dt ? INT64_MAX : t_last + (int64_t)dt;
        rc_session_frame v = {.offset = pos, .size = (uint32_t)span, .t_ns = t_last};
        if (append(f, n, cap, v) != 0)
            return rc_err_set(err, RC_E_NOMEM, "%s: out of memory rebuilding the index", dir);
        rep->frames_found++;
        pos += span;
        *end = pos;
    }
    return RC_OK;
}

rc_status rc__session_load_index(const char *dir, double fps, rc_session_frame **frames,
                                 int64_t *n_out, rc_session_repair_report *rep, char *warn,
                                 size_t warn_cap, rc_err *err)
{
    memset(rep, 0, sizeof *rep);
    warn[0] = '\0';
    *frames = NULL;
    *n_out = 0;
    const uint8_t *p = NULL;
    size_t size = 0;
    rc_status rs = map_mjpeg(dir, &p, &size, err);
    if (rs != RC_OK)
        return rs;

    rc_session_frame *f = NULL;
    int64_t n = 0, cap = 0;
    int missing, bad_magic;
    size_t partial;
    rs = read_index(dir, &f, &n, &missing, &partial, &bad_magic, err);
    if (rs != RC_OK)
        goto done;
    cap = n;
    if (missing)
        addw(warn, warn_cap, "frames.idx missing");
    if (bad_magic)
        addw(warn, warn_cap, "frames.idx is not a romcap index (ignored)");
    if (partial)
        addw(warn, warn_cap, "frames.idx ends in a partial record (%zu bytes)", partial);

    uint64_t end;
    int64_t keep = valid_prefix(f, n, p, size, &end);
    if (keep < n)
        addw(warn, warn_cap, "%lld index records do not match frames.mjpeg (dropped)",
             (long long)(n - keep));
    n = keep;
    rep->frames_indexed = n;

    rs = recover_tail(dir, p, size, recovered_dt_ns(f, n, fps), &f, &n, &cap, &end, rep, err);
    if (rs != RC_OK)
        goto done;
    rep->bytes_dropped = (int64_t)(size - end);
    if (rep->frames_found)
        addw(warn, warn_cap, "%lld frames recovered by scanning frames.mjpeg",
             (long long)rep->frames_found);
    if (rep->bytes_dropped)
        addw(warn, warn_cap, "%lld bytes of incomplete data at the end of frames.mjpeg ignored",
             (long long)rep->bytes_dropped);
    rep->frames_total = n;
    if (n == 0) {
        rs = rc_err_set(err, RC_E_FORMAT, "%s/frames.mjpeg: no complete frame in %zu bytes", dir,
                        size);
        goto done;
    }
    *frames = f;
    *n_out = n;
    f = NULL;
done:
    free(f);
    if (p)
        munmap((void *)p, size);
    return rs;
}

rc_status rc_session_repair(const char *dir, rc_session_repair_report *rep_out, rc_err *err)
{
    rc_session_repair_report rep;
    rc_session_frame *f = NULL;
    int64_t n = 0;
    char warn[512];
    rc_session_meta meta;
    rc_status rs = rc__session_read_meta(dir, &meta, NULL, err);
    if (rs != RC_OK)
        return rs;
    /* The nominal rate continues timestamps of recovered frames. */
    double fps = meta.fps;
    rs = rc__session_load_index(dir, fps, &f, &n, &rep, warn, sizeof warn, err);
    if (rs != RC_OK)
        return rs;
    if (warn[0]) {
        size_t bytes = RC__IDX_MAGIC_LEN + (size_t)n * RC_SESSION_IDX_RECORD;
        uint8_t *buf = malloc(bytes);
        if (!buf) {
            free(f);
            return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", dir);
        }
        memcpy(buf, RC__IDX_MAGIC, RC__IDX_MAGIC_LEN);
        for (int64_t i = 0; i < n; i++)
            rc__idx_encode(&f[i], buf + RC__IDX_MAGIC_LEN + i * RC_SESSION_IDX_RECORD);
        rs = rc__write_file_atomic(dir, "frames.idx", (const char *)buf, bytes, err);
        free(buf);
        if (rs == RC_OK && rep.bytes_dropped > 0) {
            /* The incomplete tail cannot be decoded; cutting it makes the folder
             * consistent so later opens need no repair. */
            char path[4200];
            snprintf(path, sizeof path, "%s/frames.mjpeg", dir);
            const rc_session_frame *last = &f[n - 1];
            if (truncate(path, (off_t)(last->offset + last->size)) != 0)
                rs = rc_err_set(err, RC_E_IO, "%s: cannot cut the incomplete tail: %s", path,
                                strerror(errno));
        }
        rep.rewritten = rs == RC_OK;
    }
    free(f);
    if (rep_out)
        *rep_out = rep;
    return rs;
}
