/* model_load.c - model files on disk: load one, resolve a bundled name, list the
 * bundled ones, and small lookups on a loaded model.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/model_internal.h"
#include "romcap/files.h"

/* The file name without folders and without a ".json" ending, into stem[cap]. */
static void file_stem(const char *path, char *stem, size_t cap)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 5 && !strcmp(base + n - 5, ".json"))
        n -= 5;
    if (n >= cap)
        n = cap - 1;
    memcpy(stem, base, n);
    stem[n] = '\0';
}

rc_status rc_model_load(const char *path, rc_model *out, rc_err *err)
{
    if (!out)
        return rc_err_set(err, RC_E_ARG, "rc_model_load: no output model");
    memset(out, 0, sizeof *out);
    if (!path || !path[0])
        return rc_err_set(err, RC_E_ARG, "rc_model_load: empty path");
    if (strlen(path) >= sizeof out->path)
        return rc_err_set(err, RC_E_ARG, "%.80s...: path too long", path);
    char *text = NULL;
    size_t len = 0;
    rc_status s = rc_read_text(path, RC__MODEL_MAX_BYTES, &text, &len, err);
    if (s)
        return s;
    s = rc_model_parse(text, len, path, out, err);
    free(text);
    if (s)
        return s;
    /* A bundled model is found by its file name, so the two must agree. */
    char stem[RC_TEXT_CAP];
    file_stem(path, stem, sizeof stem);
    if (strcmp(stem, out->name)) {
        rc_err_set(err, RC_E_FORMAT,
                   "%s: name: '%s' does not match the file name (rename one: the name must be "
                   "'%.31s')",
                   path, out->name, stem);
        memset(out, 0, sizeof *out);
        return RC_E_FORMAT;
    }
    snprintf(out->path, sizeof out->path, "%s", path);
    return RC_OK;
}

/* Keeps names[0..*kept) sorted while offering `name`; at most `cap` are kept. */
static void offer_sorted(char (*names)[RC_NAME_CAP], int cap, int *kept, const char *name)
{
    int pos = *kept;
    while (pos > 0 && strcmp(names[pos - 1], name) > 0)
        pos--;
    if (pos >= cap)
        return;
    int last = *kept < cap ? *kept : cap - 1;
    memmove(names[pos + 1], names[pos], (size_t)(last - pos) * RC_NAME_CAP);
    size_t n = strlen(name); /* a valid name: shorter than RC_NAME_CAP */
    memcpy(names[pos], name, n + 1);
    if (*kept < cap)
        (*kept)++;
}

int rc_model_list(const char *models_dir, char (*names)[RC_NAME_CAP], int cap, rc_err *err)
{
    if (!models_dir || !models_dir[0])
        return rc_err_set(err, RC_E_ARG, "no models folder given");
    if (cap < 0 || (cap > 0 && !names))
        return rc_err_set(err, RC_E_ARG, "rc_model_list: bad output array");
    DIR *d = opendir(models_dir);
    if (!d)
        return rc_err_set(err, errno == ENOENT ? RC_E_NOT_FOUND : RC_E_IO,
                          "%s: cannot list models: %s", models_dir, strerror(errno));
    int total = 0, kept = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n <= 5 || strcmp(e->d_name + n - 5, ".json"))
            continue;
        char stem[RC_TEXT_CAP];
        file_stem(e->d_name, stem, sizeof stem);
        if (!rc__valid_name(stem))
            continue;
        total++;
        offer_sorted(names, cap, &kept, stem);
    }
    closedir(d);
    return total;
}

/* "a, b, c" of the bundled names into buf (or a reason why there are none). */
static void list_available(const char *models_dir, char *buf, size_t cap)
{
    char names[32][RC_NAME_CAP];
    rc_err e = {{0}};
    int n = rc_model_list(models_dir, names, 32, &e);
    if (n <= 0) {
        snprintf(buf, cap, "%.200s", n == 0 ? "none" : e.msg);
        return;
    }
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && i < 32; i++) {
        int k = snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", names[i]);
        if (k < 0 || (size_t)k + 6 >= cap - used) { /* no name cut in half */
            buf[used] = '\0';
            n = 33;
            break;
        }
        used += (size_t)k;
    }
    if (n > 32 && used + 6 < cap)
        snprintf(buf + used, cap - used, ", ...");
}

rc_status rc_model_resolve(const char *name_or_path, const char *models_dir, rc_model *out,
                           rc_err *err)
{
    if (!out)
        return rc_err_set(err, RC_E_ARG, "rc_model_resolve: no output model");
    memset(out, 0, sizeof *out);
    if (!name_or_path || !name_or_path[0])
        return rc_err_set(err, RC_E_ARG, "no model given");
    size_t n = strlen(name_or_path);
    if (strchr(name_or_path, '/') || (n > 5 && !strcmp(name_or_path + n - 5, ".json")))
        return rc_model_load(name_or_path, out, err);
    if (rc__valid_name(name_or_path) && models_dir && models_dir[0]) {
        char path[RC_TEXT_CAP];
        int k = snprintf(path, sizeof path, "%s/%s.json", models_dir, name_or_path);
        if (k > 0 && (size_t)k < sizeof path) {
            struct stat st;
            if (stat(path, &st) == 0)
                return rc_model_load(path, out, err);
        }
    }
    char avail[RC_ERR_CAP - 96]; /* the rest of the message: at most 80 bytes */
    list_available(models_dir, avail, sizeof avail);
    return rc_err_set(err, RC_E_NOT_FOUND, "unknown model '%.40s' (available: %s)", name_or_path,
                      avail);
}

int rc_model_marker_index(const rc_model *m, const char *name)
{
    if (!m || !name)
        return -1;
    for (int i = 0; i < m->n_markers && i < RC_MAX_MARKERS; i++)
        if (!strcmp(m->marker[i].name, name))
            return i;
    return -1;
}

int rc_model_angle_index(const rc_model *m, const char *name)
{
    if (!m || !name)
        return -1;
    for (int i = 0; i < m->n_angles && i < RC_MAX_ANGLES; i++)
        if (!strcmp(m->angle[i].name, name))
            return i;
    return -1;
}

const char *rc_view_name(rc_view v)
{
    switch (v) {
    case RC_VIEW_SAGITTAL: return "sagittal";
    case RC_VIEW_FRONTAL: return "frontal";
    }
    return "unknown";
}
