/* calib_io.c - calibration files: OpenCV's YAML layout through the bridge, written
 * privately (0600) and atomically (temporary file in the same folder + rename). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calib_internal.h"
#include "cv/cv_calib.h"

rc_status rc_calib_load(const char *path, rc_calib *out, rc_err *err)
{
    if (!path || !out)
        return rc_err_set(err, RC_E_ARG, "calibration: no file name");
    if (access(path, R_OK) != 0) {
        rc_calib_init(out, 0, 0);
        return rc_err_set(err, RC_E_NOT_FOUND, "%s: %s", path, strerror(errno));
    }
    rc_status s = rc_cv_calib_read(path, out, err);
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
