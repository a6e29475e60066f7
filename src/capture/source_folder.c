/* source_folder.c - a folder of JPEG images (*.jpg, *.jpeg, any case) as a source.
 *
 * Files play in natural name order (frame_2 before frame_10), at the rate given as
 * folder?fps=F, else the options' fps, else 30. The frame size is that of the first
 * readable image; an image of another size or a corrupt one is reported as
 * RC_E_DECODE naming the file, and the next read moves on. The file buffer is sized
 * at open for the largest file, so reading allocates nothing.
 */
#include "source_internal.h"

#include "romcap/jpeg.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct folder_src {
    char **names; /* sorted file names, owned */
    int n;
    int next;   /* index of the next file */
    char *path; /* "dir/" + room for the longest name, rebuilt per read */
    size_t dir_len;
    uint8_t *data; /* file contents, cap bytes */
    size_t cap;
    rc_jpeg *jpeg;
    rc_image image;
    uint8_t *buf; /* owns image's pixels */
    double fps;
} folder_src;

static void folder_close(void *impl)
{
    folder_src *f = impl;
    if (!f)
        return;
    for (int i = 0; i < f->n; i++)
        free(f->names[i]);
    free(f->names);
    free(f->path);
    free(f->data);
    rc_jpeg_destroy(f->jpeg);
    free(f->buf);
    free(f);
}

/* Natural order: runs of digits compare by value, everything else byte by byte. */
static int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t na = 0, nb = 0;
            while (isdigit((unsigned char)a[na]))
                na++;
            while (isdigit((unsigned char)b[nb]))
                nb++;
            if (na != nb)
                return na < nb ? -1 : 1;
            int c = memcmp(a, b, na);
            if (c)
                return c;
            a += na;
            b += nb;
        } else {
            if (*a != *b)
                return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++;
            b++;
        }
    }
    return *a ? 1 : *b ? -1 : 0;
}

static int cmp_names(const void *x, const void *y)
{
    const char *a = *(const char *const *)x, *b = *(const char *const *)y;
    int c = natural_cmp(a, b);
    return c ? c : strcmp(a, b); /* "f01" vs "f1": any fixed order */
}

static int is_jpeg_name(const char *n)
{
    if (n[0] == '.') /* hidden files, including macOS "._x.jpg" resource forks */
        return 0;
    const char *dot = strrchr(n, '.');
    return dot && (strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0);
}

/* Reads file i into dst[0..f->cap); its size in *n, or a status with a message. */
static rc_status read_file(folder_src *f, int i, uint8_t *dst, size_t *n, rc_err *err)
{
    strcpy(f->path + f->dir_len, f->names[i]);
    FILE *fp = fopen(f->path, "rb");
    if (!fp)
        return rc_err_set(err, RC_E_DECODE, "%s: cannot open", f->path);
    size_t got = fread(dst, 1, f->cap, fp);
    int more = got == f->cap && fgetc(fp) != EOF;
    int bad = ferror(fp);
    fclose(fp);
    if (bad)
        return rc_err_set(err, RC_E_DECODE, "%s: read error", f->path);
    if (more)
        return rc_err_set(err, RC_E_DECODE, "%s: file grew after the folder was opened", f->path);
    *n = got;
    return RC_OK;
}

/* The next file's bytes, not decoded (source_internal.h, the split read). */
static rc_status folder_read_packet(rc_source *s, uint8_t *buf, size_t cap, rc__packet *pk)
{
    folder_src *f = s->impl;
    if (f->next >= f->n)
        return RC_E_EOF;
    int i = f->next++;
    uint8_t *dst = buf && cap >= f->cap ? buf : f->data;
    size_t n = 0;
    rc_status st = read_file(f, i, dst, &n, &s->err);
    if (st != RC_OK)
        return st;
    pk->jpeg = dst;
    pk->n = n;
    pk->index = i;
    pk->pos_ms = -1;
    return RC_OK;
}

static rc_status folder_finish(rc_source *s, const rc__packet *pk, const rc__decoded *d,
                               rc_image *img, rc_frame *out)
{
    folder_src *f = s->impl;
    int i = (int)pk->index;
    strcpy(f->path + f->dir_len, f->names[i]); /* later files may have been read since */
    if (d->status != RC_OK)
        return rc_err_set(&s->err, RC_E_DECODE, "%s (frame %d): %s", f->path, i, d->msg);
    out->image = *img;
    out->index = i;
    out->t_ns = (int64_t)((double)i * 1e9 / f->fps + 0.5);
    out->jpeg = pk->jpeg;
    out->jpeg_bytes = pk->n;
    out->decode_warning = d->warning;
    if (out->decode_warning) /* a whole picture all the same: a note, not a loss */
        rc_err_set(&s->err, RC_OK, "%s (frame %d): %s", f->path, i, d->msg);
    return RC_OK;
}

static void folder_end(rc_source *s)
{
    (void)s; /* every file was told about as it was read */
}

static rc_status folder_read(rc_source *s, rc_frame *out)
{
    folder_src *f = s->impl;
    return rc__source_read_split(s, f->jpeg, &f->image, out);
}

static const rc__source_ops folder_ops = {folder_read, folder_close, folder_read_packet,
                                          folder_finish, folder_end};

/* Lists the JPEG names of `dir` into f (sorted) and the largest file size. */
static rc_status list_folder(folder_src *f, const char *dir, rc_err *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return rc_err_set(err, RC_E_NOT_FOUND, "%s: cannot open folder", dir);
    int cap = 0;
    size_t longest = 0;
    rc_status st = RC_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_jpeg_name(e->d_name))
            continue;
        if (f->n == cap) {
            int nc = cap ? 2 * cap : 64;
            char **p = realloc(f->names, (size_t)nc * sizeof *p);
            if (!p) {
                st = rc_err_set(err, RC_E_NOMEM, "%s: out of memory", dir);
                break;
            }
            f->names = p;
            cap = nc;
        }
        size_t len = strlen(e->d_name);
        if (!(f->names[f->n] = malloc(len + 1))) {
            st = rc_err_set(err, RC_E_NOMEM, "%s: out of memory", dir);
            break;
        }
        memcpy(f->names[f->n++], e->d_name, len + 1);
        if (len > longest)
            longest = len;
    }
    closedir(d);
    if (st != RC_OK)
        return st;
    if (f->n == 0)
        return rc_err_set(err, RC_E_NOT_FOUND, "%s: no JPEG images (*.jpg, *.jpeg) in folder", dir);
    qsort(f->names, (size_t)f->n, sizeof *f->names, cmp_names);
    f->dir_len = strlen(dir);
    int slash = f->dir_len > 0 && dir[f->dir_len - 1] == '/';
    if (!(f->path = malloc(f->dir_len + longest + 2)))
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", dir);
    memcpy(f->path, dir, f->dir_len);
    if (!slash)
        f->path[f->dir_len++] = '/';
    f->path[f->dir_len] = '\0';
    for (int i = 0; i < f->n; i++) {
        struct stat sb;
        strcpy(f->path + f->dir_len, f->names[i]);
        if (stat(f->path, &sb) == 0 && (size_t)sb.st_size > f->cap)
            f->cap = (size_t)sb.st_size;
    }
    if (f->cap == 0)
        return rc_err_set(err, RC_E_DECODE, "%s: all JPEG files are empty", dir);
    if (!(f->data = malloc(f->cap)))
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory (%zu bytes)", dir, f->cap);
    return RC_OK;
}

rc_source *rc__source_open_folder(const char *path, const char *query, const rc_source_options *opt,
                                  rc_err *err)
{
    double fps = opt && opt->fps > 0 ? opt->fps : 30.0, v;
    int r = rc__query_double(query, "fps", &v);
    if (r < 0 || (r > 0 && !(v > 0 && v <= 10000))) {
        rc_err_set(err, RC_E_ARG, "%s: bad fps option in '?%s'", path, query);
        return NULL;
    }
    if (r > 0)
        fps = v;
    folder_src *f = calloc(1, sizeof *f);
    if (!f) {
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
        return NULL;
    }
    f->fps = fps;
    if (list_folder(f, path, err) != RC_OK || !(f->jpeg = rc_jpeg_create(err))) {
        folder_close(f);
        return NULL;
    }
    /* The size comes from the first image whose header reads. */
    rc_jpeg_header h = {0};
    rc_err first = {{0}};
    int found = 0;
    for (int i = 0; i < f->n && !found; i++) {
        size_t n = 0;
        rc_err e = {{0}};
        if (read_file(f, i, f->data, &n, &e) != RC_OK) {
            if (!first.msg[0])
                first = e;
        } else if (rc_jpeg_header_read(f->jpeg, f->data, n, &h) == RC_OK) {
            found = 1;
        } else if (!first.msg[0]) {
            snprintf(first.msg, sizeof first.msg, "%s: %s", f->path, rc_jpeg_last_error(f->jpeg));
        }
    }
    if (!found) {
        rc_err_set(err, RC_E_DECODE, "%s: no readable JPEG in folder (first error: %s)", path,
                   first.msg);
        folder_close(f);
        return NULL;
    }
    if (!(f->buf = rc_image_alloc(&f->image, RC_PIX_I420, h.width, h.height)) ||
        rc_jpeg_reserve(f->jpeg, h.width, h.height) != RC_OK) {
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory for %dx%d frames", path, h.width, h.height);
        folder_close(f);
        return NULL;
    }
    rc_source *s = rc__source_new(&folder_ops, f, "jpeg-folder", err);
    if (!s)
        return NULL;
    s->info.width = h.width;
    s->info.height = h.height;
    s->info.fps = fps;
    s->info.n_frames = f->n;
    return s;
}
