/* calib_io.c - calibration files: OpenCV's YAML layout through the bridge, written
 * privately (0600) and atomically (temporary file in the same folder + rename). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calib_internal.h"
#include "cv/cv_calib.h"

/* TUNABLE: calibration files are a few KiB of text. */
enum { CALIB_MAX_BYTES = 1 << 20 };

/* OpenCV 4.6's YAML reader never returns on some malformed files (found by
 * tests/fuzz/fuzz_calib.c): on a NUL byte, and whenever its top-level collection ends
 * before the end of the file (an indented first node followed by a less indented
 * line, or a "..." / "---" marker) and the next text starts with '-': its document
 * loop then stops advancing. Calibration files are small text holding one
 * unindented map, so that is checked first: no NUL byte, at most 1 MiB, and in YAML
 * the first node unindented, "---" alone on its line at most once before it, no
 * "..." line. */
static rc_status check_buffer(const char *buf, size_t n, const char *path, rc_err *err)
{
    rc_status s = RC_OK;
    const char *z = memchr(buf, 0, n);
    if (z)
        s = rc_err_set(err, RC_E_FORMAT, "%s: NUL byte at offset %zu: not a YAML/XML text file",
                       path, (size_t)(z - buf));
    else if (n > CALIB_MAX_BYTES)
        s = rc_err_set(err, RC_E_FORMAT, "%s: larger than %d KiB: not a calibration file", path,
                       CALIB_MAX_BYTES / 1024);
    size_t i = 0;
    while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        i++;
    int yaml = i < n && buf[i] != '<' && buf[i] != '{', markers = 0, content = 0, line = 1;
    for (size_t p = 0; s == RC_OK && yaml && p < n; line++) {
        size_t e = p;
        while (e < n && buf[e] != '\n')
            e++;
        size_t q = p;
        while (q < e && (buf[q] == ' ' || buf[q] == '\t' || buf[q] == '\r'))
            q++;
        if (q == e || buf[q] == '#' || (!content && q == p && buf[q] == '%')) {
            /* blank, comment or directive */
        } else if (e - q >= 3 && !memcmp(buf + q, "---", 3) && !content) {
            size_t r = q + 3;
            while (r < e && (buf[r] == ' ' || buf[r] == '\t' || buf[r] == '\r'))
                r++;
            if (r < e || q > p || ++markers > 1)
                s = rc_err_set(err, RC_E_FORMAT,
                               "%s:%d: '---' must stand alone on its line, once (one YAML "
                               "document per calibration file)",
                               path, line);
        } else if (e - q >= 3 && (!memcmp(buf + q, "...", 3) || !memcmp(buf + q, "---", 3))) {
            s = rc_err_set(err, RC_E_FORMAT,
                           "%s:%d: '%.3s': one YAML document per calibration file", path, line,
                           buf + q);
        } else if (!content++ && q > p) {
            s = rc_err_set(err, RC_E_FORMAT, "%s:%d: the first node must not be indented", path,
                           line);
        }
        p = e + 1;
    }
    return s;
}

/* check_buffer() on the file's text. */
static rc_status check_text(const char *path, rc_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return rc_err_set(err, RC_E_NOT_FOUND, "%s: %s", path, strerror(errno));
    struct stat st;
    size_t want = fstat(fileno(f), &st) == 0 && st.st_size >= 0 && st.st_size <= CALIB_MAX_BYTES
                      ? (size_t)st.st_size + 1
                      : CALIB_MAX_BYTES + 1;
    char *buf = malloc(want);
    size_t n = buf ? fread(buf, 1, want, f) : 0;
    fclose(f);
    if (!buf)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
    rc_status s = check_buffer(buf, n, path, err);
    free(buf);
    return s;
}

rc_status rc_calib_load(const char *path, rc_calib *out, rc_err *err)
{
    if (!path || !out)
        return rc_err_set(err, RC_E_ARG, "calibration: no file name");
    if (access(path, R_OK) != 0) {
        rc_calib_init(out, 0, 0);
        return rc_err_set(err, RC_E_NOT_FOUND, "%s: %s", path, strerror(errno));
    }
    rc_status s = check_text(path, err);
    if (s == RC_OK)
        s = rc_cv_calib_read(path, NULL, 0, out, err);
    if (s != RC_OK)
        rc_calib_init(out, 0, 0);
    return s;
}

rc_status rc_calib_parse(const char *text, size_t len, const char *origin, rc_calib *out,
                         rc_err *err)
{
    if (!text || !out)
        return rc_err_set(err, RC_E_ARG, "%s: no calibration text", origin ? origin : "?");
    if (!origin)
        origin = "calibration";
    rc_status s = len > CALIB_MAX_BYTES
                      ? rc_err_set(err, RC_E_FORMAT, "%s: larger than %d KiB: not a calibration",
                                   origin, CALIB_MAX_BYTES / 1024)
                      : check_buffer(text, len, origin, err);
    if (s == RC_OK)
        s = rc_cv_calib_read(origin, text, len, out, err);
    if (s != RC_OK)
        rc_calib_init(out, 0, 0);
    return s;
}

rc_status rc_calib_save(const rc_calib *c, const char *path, rc_err *err)
{
    if (!c || !path || !*path)
        return rc_err_set(err, RC_E_ARG, "calibration: no output file name");
    char *text = NULL;
    size_t len = 0;
    rc_status s = rc_cv_calib_write(c, &text, &len, err);
    if (s != RC_OK)
        return s;
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp) {
        free(text);
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
    }
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp-XXXXXX", 12);
    int fd = mkstemp(tmp); /* mode 0600: calibration files travel with patient data */
    if (fd < 0) {
        s = rc_err_set(err, RC_E_IO, "%s: cannot create: %s", path, strerror(errno));
        goto cleanup;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            s = rc_err_set(err, RC_E_IO, "%s: write failed: %s", path, strerror(errno));
            break;
        }
        done += (size_t)w;
    }
    if (s == RC_OK && fsync(fd) != 0)
        s = rc_err_set(err, RC_E_IO, "%s: write failed: %s", path, strerror(errno));
    if (close(fd) != 0 && s == RC_OK)
        s = rc_err_set(err, RC_E_IO, "%s: write failed: %s", path, strerror(errno));
    if (s == RC_OK && rename(tmp, path) != 0)
        s = rc_err_set(err, RC_E_IO, "%s: cannot replace: %s", path, strerror(errno));
    if (s != RC_OK)
        unlink(tmp);
cleanup:
    free(tmp);
    free(text);
    return s;
}
