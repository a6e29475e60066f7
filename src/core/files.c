/* files.c - private output files and folders (patient data: 0600 / 0700). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "romcap/files.h"

FILE *rc_fopen_private(const char *path, rc_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc_err_set(err, RC_E_IO, "%s: cannot create: %s", path, strerror(errno));
        return NULL;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        rc_err_set(err, RC_E_IO, "%s: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

rc_status rc_fclose_synced(FILE *f, const char *path, rc_err *err)
{
    int bad = ferror(f) | fflush(f);
    bad |= fsync(fileno(f));
    bad |= fclose(f);
    if (bad)
        return rc_err_set(err, RC_E_IO, "%s: write failed: %s", path, strerror(errno));
    return RC_OK;
}

rc_status rc_mkdir_private(const char *path, rc_err *err)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf)
        return rc_err_set(err, RC_E_ARG, "bad folder name '%s'", path);
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char c = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
            return rc_err_set(err, RC_E_IO, "%s: cannot create folder: %s", buf, strerror(errno));
        buf[i] = c;
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return rc_err_set(err, RC_E_IO, "%s: exists and is not a folder", path);
    return RC_OK;
}

rc_status rc_read_text(const char *path, size_t max_bytes, char **text, size_t *len, rc_err *err)
{
    *text = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return rc_err_set(err, errno == ENOENT ? RC_E_NOT_FOUND : RC_E_IO, "%s: cannot open: %s",
                          path, strerror(errno));
    struct stat st;
    rc_status s = RC_OK;
    char *buf = NULL;
    size_t n = 0;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        s = rc_err_set(err, RC_E_IO, "%s: not a regular file", path);
    } else if ((unsigned long long)st.st_size > max_bytes) {
        s = rc_err_set(err, RC_E_FORMAT, "%s: %lld bytes is too large (at most %zu)", path,
                       (long long)st.st_size, max_bytes);
    } else if (!(buf = malloc((size_t)st.st_size + 2))) {
        s = rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
    } else {
        /* One byte more than fstat said, to notice a file that grew since. */
        n = fread(buf, 1, (size_t)st.st_size + 1, f);
        if (ferror(f))
            s = rc_err_set(err, RC_E_IO, "%s: read error", path);
        else if (n > (size_t)st.st_size)
            s = rc_err_set(err, RC_E_IO, "%s: changed while being read", path);
    }
    fclose(f);
    if (s) {
        free(buf);
        return s;
    }
    buf[n] = '\0';
    *text = buf;
    if (len)
        *len = n;
    return RC_OK;
}
