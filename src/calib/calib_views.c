/* calib_views.c - the calibration flow's inputs (see calib.h): board views gathered
 * from image files, folders, glob patterns and sources, the board of the movement
 * plane, and a lens reused from an earlier calibration.
 *
 * Sources (videos, synthetic scenes, cameras) are read through the caller's
 * rc_calib_reader: capture depends on sessions, which depend on calib, so calib
 * cannot open a source itself.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <glob.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "romcap/calib.h"

void rc__calib_say(const rc_calib_events *ev, bool warn, const char *fmt, ...)
{
    void (*fn)(void *, const char *) = ev ? (warn ? ev->warn : ev->info) : NULL;
    if (!fn)
        return;
    char line[RC_ERR_CAP];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fn(ev->user, line);
}

static bool has_image_ext(const char *p)
{
    const char *dot = strrchr(p, '.');
    static const char *ext[] = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".pgm", ".ppm"};
    if (!dot)
        return false;
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
        if (!strcasecmp(dot, ext[i]))
            return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Makes room for one more view. */
static rc_status views_reserve(rc_calib_views *v, rc_err *err)
{
    if (v->n < v->cap)
        return RC_OK;
    if (v->cap >= RC_CALIB_MAX_VIEWS)
        return rc_err_set(err, RC_E_ARG, "more than %d views with a board", RC_CALIB_MAX_VIEWS);
    int cap = v->cap ? 2 * v->cap : 32;
    if (cap > RC_CALIB_MAX_VIEWS)
        cap = RC_CALIB_MAX_VIEWS;
    size_t per = (size_t)v->board.cols * v->board.rows * 2;
    double *c = realloc(v->corners, sizeof(double) * per * cap);
    if (!c)
        return rc_err_set(err, RC_E_NOMEM, "out of memory");
    v->corners = c;
    char(*nm)[RC_CALIB_VIEW_NAME_CAP] = realloc(v->name, sizeof *nm * cap);
    if (!nm)
        return rc_err_set(err, RC_E_NOMEM, "out of memory");
    v->name = nm;
    v->cap = cap;
    return RC_OK;
}

/* Keeps a found board if the image size matches the others. */
static rc_status views_keep(rc_calib_views *v, const char *name, int w, int h, rc_err *err)
{
    if (v->n == 0) {
        v->width = w;
        v->height = h;
    } else if (w != v->width || h != v->height) {
        return rc_err_set(err, RC_E_ARG, "%s: image is %dx%d, the others %dx%d", name, w, h,
                          v->width, v->height);
    }
    snprintf(v->name[v->n], RC_CALIB_VIEW_NAME_CAP, "%s", name);
    v->n++;
    return RC_OK;
}

static rc_status add_image(rc_calib_views *v, const char *path, const rc_calib_events *ev,
                           rc_err *err)
{
    rc_status s = views_reserve(v, err);
    if (s != RC_OK)
        return s;
    size_t per = (size_t)v->board.cols * v->board.rows * 2;
    int w = 0, h = 0;
    rc_err e = {{0}};
    s = rc_calib_find_board_file(path, &v->board, v->corners + per * v->n, &w, &h, &e);
    if (s == RC_E_NOT_FOUND && w > 0) {
        rc__calib_say(ev, true, "%s", e.msg);
        return RC_OK; /* a view without the board is skipped, not fatal */
    }
    if (s != RC_OK)
        return rc_err_set(err, s, "%s", e.msg);
    return views_keep(v, path, w, h, err);
}

/* True when the newest corners (the view at v->n) lie within 1% of the image diagonal,
 * on average, of the last kept view's: the board was held still. */
static bool same_pose(const rc_calib_views *v, const rc_image *im)
{
    size_t per = (size_t)v->board.cols * v->board.rows * 2;
    const double *c = v->corners + per * v->n;
    double sum = 0;
    for (size_t i = 0; i < per; i += 2)
        sum += hypot(c[i] - c[i - per], c[i + 1] - c[i + 1 - per]);
    return sum / (per / 2) < 0.01 * hypot(im->width, im->height);
}

/* A video or any source URI: tries every step-th frame, keeps at most max_views. */
static rc_status add_source(rc_calib_views *v, const char *uri, int max_views,
                            const rc_calib_reader *rd, const rc_calib_events *ev, rc_err *err)
{
    int64_t n_frames = 0;
    void *src = rd && rd->open ? rd->open(rd->user, uri, &n_frames, err) : NULL;
    if (!src) {
        if (!rd || !rd->open)
            rc_err_set(err, RC_E_NOT_FOUND, "%s: no reader for sources", uri);
        return RC_E_NOT_FOUND;
    }
    int64_t step = n_frames > 0 ? n_frames / (max_views * 2) : 15;
    if (step < 1)
        step = 1;
    size_t per = (size_t)v->board.cols * v->board.rows * 2;
    int kept = 0, tried = 0, found = 0;
    rc_status s = RC_OK;
    rc_image im;
    int64_t index;
    while (kept < max_views) {
        rc_err re = {{0}};
        s = rd->read(src, &im, &index, &re);
        if (s == RC_E_DECODE)
            continue;
        if (s != RC_OK) {
            if (s != RC_E_EOF)
                rc_err_set(err, s, "%s: %s", uri, re.msg);
            break;
        }
        if (index % step)
            continue;
        tried++;
        if ((s = views_reserve(v, err)) != RC_OK)
            break;
        rc_err e = {{0}};
        if (rc_calib_find_board(&im, &v->board, v->corners + per * v->n, &e) != RC_OK)
            continue;
        found++;
        if (kept > 0 && same_pose(v, &im)) /* a board held still: one copy of each pose */
            continue;
        char name[RC_CALIB_VIEW_NAME_CAP];
        snprintf(name, sizeof name, "%.200s#%lld", uri, (long long)index);
        if ((s = views_keep(v, name, im.width, im.height, err)) != RC_OK)
            break;
        kept++;
    }
    if (s == RC_E_EOF)
        s = RC_OK;
    rd->close(src);
    if (s == RC_OK)
        rc__calib_say(ev, false, "%s: board found in %d of %d sampled frames, %d different poses kept", uri,
            found, tried, kept);
    return s;
}

/* The image files of folder `dir`, sorted by name, into *files (malloc'd). */
static rc_status list_images(const char *dir, char ***files, size_t *n, rc_err *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return rc_err_set(err, RC_E_IO, "%s: cannot open folder", dir);
    size_t cap = 0;
    rc_status s = RC_OK;
    struct dirent *e;
    *files = NULL;
    *n = 0;
    while ((e = readdir(d)) && s == RC_OK) {
        if (e->d_name[0] == '.' || !has_image_ext(e->d_name))
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            char **nf = realloc(*files, sizeof *nf * cap);
            if (!nf) {
                s = rc_err_set(err, RC_E_NOMEM, "out of memory");
                break;
            }
            *files = nf;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *f = malloc(len);
        if (!f) {
            s = rc_err_set(err, RC_E_NOMEM, "out of memory");
            break;
        }
        snprintf(f, len, "%s/%s", dir, e->d_name);
        (*files)[(*n)++] = f;
    }
    closedir(d);
    if (s == RC_OK && *n == 0)
        s = rc_err_set(err, RC_E_NOT_FOUND, "%s: no image files in the folder", dir);
    if (s == RC_OK)
        qsort(*files, *n, sizeof **files, cmp_str);
    return s;
}

rc_status rc_calib_views_add(rc_calib_views *v, const char *input, int max_views,
                             const rc_calib_reader *rd, const rc_calib_events *ev, rc_err *err)
{
    struct stat st;
    if (strpbrk(input, "*?[") && stat(input, &st) != 0) { /* a quoted glob */
        glob_t g;
        int r = glob(input, 0, NULL, &g);
        if (r == GLOB_NOMATCH)
            return rc_err_set(err, RC_E_NOT_FOUND, "%s: no file matches", input);
        if (r != 0)
            return rc_err_set(err, RC_E_ARG, "%s: bad pattern", input);
        rc_status s = RC_OK;
        for (size_t i = 0; i < g.gl_pathc && s == RC_OK; i++)
            s = rc_calib_views_add(v, g.gl_pathv[i], max_views, rd, ev, err);
        globfree(&g);
        return s;
    }
    if (stat(input, &st) == 0 && S_ISDIR(st.st_mode)) {
        char **files = NULL;
        size_t n = 0;
        rc_status s = list_images(input, &files, &n, err);
        for (size_t i = 0; i < n && s == RC_OK; i++)
            s = add_image(v, files[i], ev, err);
        for (size_t i = 0; i < n; i++)
            free(files[i]);
        free(files);
        return s;
    }
    if (has_image_ext(input))
        return add_image(v, input, ev, err);
    return add_source(v, input, max_views, rd, ev, err);
}

void rc_calib_views_free(rc_calib_views *v)
{
    free(v->corners);
    free(v->name);
    v->corners = NULL;
    v->name = NULL;
    v->n = v->cap = 0;
}

rc_status rc_calib_find_plane_board(const rc_board *b, const char *input, const rc_calib_reader *rd,
                                    double *corners_xy, int *width, int *height, rc_err *err)
{
    if (has_image_ext(input))
        return rc_calib_find_board_file(input, b, corners_xy, width, height, err);
    int64_t n_frames, index;
    void *src = rd && rd->open ? rd->open(rd->user, input, &n_frames, err) : NULL;
    if (!src) {
        if (!rd || !rd->open)
            rc_err_set(err, RC_E_NOT_FOUND, "%s: no reader for sources", input);
        return RC_E_NOT_FOUND;
    }
    rc_image im;
    for (int i = 0; i < 300; i++) { /* a few seconds of video at most */
        rc_err re = {{0}};
        rc_status s = rd->read(src, &im, &index, &re);
        if (s == RC_E_DECODE)
            continue;
        if (s != RC_OK)
            break;
        if (rc_calib_find_board(&im, b, corners_xy, err) == RC_OK) {
            *width = im.width;
            *height = im.height;
            rd->close(src);
            return RC_OK;
        }
    }
    rd->close(src);
    return rc_err_set(err, RC_E_NOT_FOUND, "%s: no %dx%d board found for --plane", input, b->cols,
                      b->rows);
}

rc_status rc_calib_load_lens(const char *path, rc_calib *c, rc_err *err)
{
    rc_status st = rc_calib_load(path, c, err);
    if (st != RC_OK)
        return st;
    if (!(c->parts & RC_CALIB_LENS))
        return rc_err_set(err, RC_E_FORMAT, "%s: has no lens (camera_matrix)", path);
    rc_calib tmp = *c;
    rc_calib_init(c, tmp.image_width, tmp.image_height);
    memcpy(c->camera_matrix, tmp.camera_matrix, sizeof c->camera_matrix);
    memcpy(c->dist, tmp.dist, sizeof c->dist);
    c->rms_px = tmp.rms_px;
    c->n_views = tmp.n_views;
    c->parts = RC_CALIB_LENS;
    return RC_OK;
}
