/* files.c - private output files and folders (patient data: 0600 / 0700). */
#include <errno.h>
#include <fcntl.h>
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
