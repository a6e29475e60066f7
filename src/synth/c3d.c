/* c3d.c - the C3D reader (see c3d.h for what it covers).
 *
 * Layout, as the format description gives it: the file is a run of 512-byte blocks.
 * Block 1 is the header: byte 0 = block number of the parameter section, byte 1 =
 * 0x50, then 16-bit words (point count, analog values per frame, first and last
 * frame, max gap, float scale, data start block, analog samples per frame, float
 * rate). The parameter section begins with 4 bytes (reserved, reserved, block count,
 * processor type = 83 + 1/2/3 for Intel/DEC/MIPS) and then records: int8 name
 * length (negative = locked, 0 = end), int8 id (negative = group, positive =
 * parameter of that group), the name, an int16 offset to the next record counted
 * from the offset word itself (0 = last), then for a parameter its type (-1 char,
 * 1 byte, 2 int16, 4 float), dimension count, dimensions (uint8) and data. The data
 * section holds each frame's points as (x, y, z, residual word) followed by its
 * analog values; a negative residual word marks a missing point. Every read here is
 * bounds-checked against the bytes we really have, so a broken file is an error.
 */
#include "synth/c3d.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { PROC_INTEL = 84, PROC_DEC = 85, PROC_MIPS = 86 };
enum { MAX_FILE_BYTES = 512 << 20, MAX_PARAMS = 4096, MAX_DIMS = 7 };

typedef struct param {
    char name[32]; /* upper case, truncated */
    int gid;       /* group id (> 0) */
    int type;      /* -1 char, 1 byte, 2 int16, 4 float */
    int ndims, dims[MAX_DIMS];
    size_t off;   /* data offset in the file buffer */
    size_t count; /* number of elements (product of dims) */
} param;

typedef struct group {
    char name[32];
    int id;
} group;

struct rc_c3d {
    rc_c3d_info info;
    char (*labels)[64]; /* n_points labels */
    double *xyz;        /* n_frames x n_points x 3, file units */
    uint8_t *valid;     /* n_frames x n_points */
};

/* Parsing state: the bytes, their processor format and the parameter index. */
typedef struct reader {
    const uint8_t *b;
    size_t n;
    int proc;
    const char *name;
    param *par;
    int n_par;
    group grp[256];
    int n_grp;
} reader;

static unsigned rd_u16(const reader *r, size_t o)
{
    const uint8_t *p = r->b + o;
    return r->proc == PROC_MIPS ? (unsigned)p[0] << 8 | p[1] : (unsigned)p[1] << 8 | p[0];
}

static int rd_i16(const reader *r, size_t o)
{
    unsigned u = rd_u16(r, o);
    return u >= 0x8000 ? (int)u - 0x10000 : (int)u;
}

/* 32-bit float in the file's format. DEC/VAX F-floats keep IEEE's sign, exponent
 * and fraction bits, but with the two 16-bit words swapped, an exponent bias of 128
 * and the hidden bit worth 0.5: the same bits read as IEEE are 4 times the value. */
static double rd_f32(const reader *r, size_t o)
{
    const uint8_t *p = r->b + o;
    uint32_t u;
    if (r->proc == PROC_MIPS)
        u = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    else if (r->proc == PROC_DEC)
        u = (uint32_t)p[1] << 24 | (uint32_t)p[0] << 16 | (uint32_t)p[3] << 8 | p[2];
    else
        u = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
    if (r->proc == PROC_DEC && ((u >> 23) & 0xff) == 0)
        return 0.0; /* DEC zero (and "reserved operand", which we read as 0) */
    float f;
    memcpy(&f, &u, sizeof f);
    return r->proc == PROC_DEC ? (double)f / 4.0 : (double)f;
}

static void upper_copy(char *dst, size_t cap, const uint8_t *src, size_t len)
{
    size_t k = 0;
    for (; k < len && k + 1 < cap; k++)
        dst[k] = (char)toupper(src[k]);
    dst[k] = 0;
}

/* Walks the parameter records between `start` and `end`. Stops quietly at the end
 * marker or at a record that points outside the section (some writers leave junk
 * after the last record); fails only when it cannot allocate. */
static rc_status index_params(reader *r, size_t start, size_t end, rc_err *err)
{
    size_t pos = start;
    int cap = 0;
    for (int guard = 0; guard < 100000 && pos + 4 <= end; guard++) {
        int nlen = (int8_t)r->b[pos], id = (int8_t)r->b[pos + 1];
        if (nlen == 0 || id == 0)
            break;
        nlen = abs(nlen);
        size_t name_at = pos + 2, off_at = name_at + (size_t)nlen;
        if (off_at + 2 > end)
            break;
        int next_off = rd_i16(r, off_at);
        size_t body = off_at + 2;
        size_t rec_end = next_off > 0 ? off_at + (size_t)next_off : end;
        if (rec_end > end || rec_end <= pos)
            rec_end = end;
        if (id < 0) {
            if (r->n_grp < (int)(sizeof r->grp / sizeof r->grp[0])) {
                group *g = &r->grp[r->n_grp++];
                upper_copy(g->name, sizeof g->name, r->b + name_at, (size_t)nlen);
                g->id = -id;
            }
        } else if (body + 2 <= rec_end) {
            param p;
            memset(&p, 0, sizeof p);
            upper_copy(p.name, sizeof p.name, r->b + name_at, (size_t)nlen);
            p.gid = id;
            p.type = (int8_t)r->b[body];
            p.ndims = r->b[body + 1];
            size_t at = body + 2 + (size_t)p.ndims;
            int ok = (p.type == -1 || p.type == 1 || p.type == 2 || p.type == 4) &&
                     p.ndims <= MAX_DIMS && at <= rec_end;
            p.count = 1;
            for (int d = 0; ok && d < p.ndims; d++) {
                p.dims[d] = r->b[body + 2 + d];
                p.count *= (size_t)p.dims[d];
            }
            p.off = at;
            if (ok && at + p.count * (size_t)abs(p.type) <= rec_end) {
                if (r->n_par == cap) {
                    if (cap >= MAX_PARAMS)
                        break;
                    cap = cap ? 2 * cap : 64;
                    param *np = realloc(r->par, sizeof *np * (size_t)cap);
                    if (!np)
                        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory for parameters",
                                          r->name);
                    r->par = np;
                }
                r->par[r->n_par++] = p;
            }
        }
        if (next_off <= 0)
            break;
        size_t next = off_at + (size_t)next_off;
        if (next <= pos || next > end)
            break;
        pos = next;
    }
    return RC_OK;
}

static const param *find_param(const reader *r, const char *grp, const char *name)
{
    int gid = -1;
    for (int g = 0; g < r->n_grp; g++)
        if (!strcmp(r->grp[g].name, grp))
            gid = r->grp[g].id;
    if (gid < 0)
        return NULL;
    for (int k = 0; k < r->n_par; k++)
        if (r->par[k].gid == gid && !strcmp(r->par[k].name, name))
            return &r->par[k];
    return NULL;
}

/* Element i of a numeric parameter as a double; int16 read unsigned when `u`. */
static int param_num(const reader *r, const param *p, size_t i, int u, double *v)
{
    if (!p || i >= p->count || p->type == -1)
        return 0;
    size_t o = p->off + i * (size_t)p->type;
    if (p->type == 1)
        *v = u ? r->b[o] : (int8_t)r->b[o];
    else if (p->type == 2)
        *v = u ? (double)rd_u16(r, o) : (double)rd_i16(r, o);
    else
        *v = rd_f32(r, o);
    return isfinite(*v);
}

/* String j of a char parameter (dims [len, n], or [len] for one string), with
 * trailing blanks and NULs removed. */
static int param_str(const reader *r, const param *p, int j, char *out, size_t cap)
{
    out[0] = 0;
    if (!p || p->type != -1)
        return 0;
    size_t len = p->ndims >= 1 ? (size_t)p->dims[0] : 1;
    size_t n = p->ndims >= 2 ? p->count / (len ? len : 1) : 1;
    if (len == 0 || j < 0 || (size_t)j >= n)
        return 0;
    const uint8_t *s = r->b + p->off + (size_t)j * len;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == 0))
        len--;
    size_t k = 0;
    for (; k < len && k + 1 < cap; k++)
        out[k] = (s[k] >= 32 && s[k] < 127) ? (char)s[k] : '?';
    out[k] = 0;
    return 1;
}

static double units_to_mm(const char *u)
{
    if (!strcasecmp(u, "m"))
        return 1000;
    if (!strcasecmp(u, "cm"))
        return 10;
    return 1; /* "mm", and unknown units (C3D's usual) */
}

static rc_status read_labels(reader *r, rc_c3d *c, rc_err *err)
{
    int n = c->info.n_points, k = 0;
    c->labels = calloc(n > 0 ? (size_t)n : 1, sizeof *c->labels);
    if (!c->labels)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory for %d labels", r->name, n);
    /* LABELS holds the first 255 or so; LABELS2, LABELS3 ... continue the list. */
    for (int part = 1; part < 100 && k < n; part++) {
        char pname[24];
        if (part == 1)
            snprintf(pname, sizeof pname, "LABELS");
        else
            snprintf(pname, sizeof pname, "LABELS%d", part);
        const param *p = find_param(r, "POINT", pname);
        if (!p)
            break;
        for (int j = 0; k < n && param_str(r, p, j, c->labels[k], sizeof c->labels[k]); j++)
            k++;
    }
    return RC_OK;
}

/* Checks the header block and the start of the parameter section (its processor
 * type), then indexes the parameter records. */
static rc_status read_header(reader *r, rc_err *err)
{
    if (!r->b || r->n < 512)
        return rc_err_set(err, RC_E_FORMAT,
                          "%s: %zu bytes, too short for a C3D file (512-byte header)", r->name,
                          r->n);
    if (r->b[1] != 0x50)
        return rc_err_set(err, RC_E_FORMAT, "%s: not a C3D file (byte 2 is 0x%02x, expected 0x50)",
                          r->name, r->b[1]);
    size_t pstart = ((size_t)r->b[0] - 1) * 512;
    if (r->b[0] < 2 || pstart + 4 > r->n)
        return rc_err_set(err, RC_E_FORMAT, "%s: parameter section at block %d is outside the file",
                          r->name, r->b[0]);
    r->proc = r->b[pstart + 3];
    if (r->proc != PROC_INTEL && r->proc != PROC_DEC && r->proc != PROC_MIPS)
        return rc_err_set(err, RC_E_FORMAT,
                          "%s: unknown processor type %d (expected 84 Intel, 85 DEC or 86 MIPS)",
                          r->name, r->proc);
    size_t pend = pstart + (size_t)r->b[pstart + 2] * 512;
    if (r->b[pstart + 2] == 0 || pend > r->n)
        pend = r->n;
    return index_params(r, pstart + 4, pend, err);
}

/* Fills `in` from the header words, overridden by the POINT parameters where the
 * file has them; `data_block` gets the first block of the data section. */
static rc_status read_info(const reader *r, rc_c3d_info *in, long *data_block, rc_err *err)
{
    double v;
    in->processor = r->proc;
    in->n_points = (int)rd_u16(r, 2);
    if (param_num(r, find_param(r, "POINT", "USED"), 0, 1, &v)) {
        if (!(v >= 0 && v <= 65535)) /* a float parameter can hold anything */
            return rc_err_set(err, RC_E_FORMAT, "%s: POINT:USED %g is not a point count", r->name,
                              v);
        in->n_points = (int)v;
    }
    in->scale = rd_f32(r, 12);
    if (param_num(r, find_param(r, "POINT", "SCALE"), 0, 0, &v))
        in->scale = v;
    in->rate_hz = rd_f32(r, 20);
    if (param_num(r, find_param(r, "POINT", "RATE"), 0, 0, &v))
        in->rate_hz = v;
    in->first_frame = (int)rd_u16(r, 6);
    int last = (int)rd_u16(r, 8);
    in->n_frames = last - in->first_frame + 1;
    /* POINT:FRAMES is an unsigned int16, or a float in files with > 65535 frames. */
    const param *pf = find_param(r, "POINT", "FRAMES");
    if (param_num(r, pf, 0, 1, &v) && v >= 1 && v <= 1e8)
        in->n_frames = (int)v;
    in->analog_per_frame = (int)rd_u16(r, 4);
    *data_block = (long)rd_u16(r, 16);
    if (*data_block < 2 && param_num(r, find_param(r, "POINT", "DATA_START"), 0, 1, &v) && v >= 0 &&
        v <= 1e7)
        *data_block = (long)v;
    param_str(r, find_param(r, "POINT", "UNITS"), 0, in->units, sizeof in->units);
    in->mm_per_unit = units_to_mm(in->units);
    in->is_float = in->scale < 0;
    return RC_OK;
}

/* Where the point data lie: element size, bytes per frame, first byte. */
typedef struct data_layout {
    size_t es, stride, dstart;
} data_layout;

/* Rejects impossible values in `in` and works out the data layout, checking that
 * the file holds every frame. */
static rc_status check_info(const reader *r, const rc_c3d_info *in, long data_block,
                            data_layout *lay, rc_err *err)
{
    if (!isfinite(in->scale) || in->scale == 0)
        return rc_err_set(err, RC_E_FORMAT, "%s: POINT:SCALE is %g (must be a non-zero number)",
                          r->name, in->scale);
    if (!(in->rate_hz > 0 && in->rate_hz <= 1e6))
        return rc_err_set(err, RC_E_FORMAT, "%s: POINT:RATE is %g Hz (must be > 0)", r->name,
                          in->rate_hz);
    if (in->n_points <= 0 || in->n_frames <= 0)
        return rc_err_set(err, RC_E_FORMAT, "%s: no point data (%d points, %d frames)", r->name,
                          in->n_points, in->n_frames);
    if (data_block < 2 || (size_t)(data_block - 1) * 512 >= r->n)
        return rc_err_set(err, RC_E_FORMAT, "%s: data section at block %ld is outside the file",
                          r->name, data_block);
    lay->es = in->is_float ? 4 : 2;
    lay->stride = ((size_t)in->n_points * 4 + (size_t)in->analog_per_frame) * lay->es;
    lay->dstart = (size_t)(data_block - 1) * 512;
    const size_t have = (r->n - lay->dstart) / lay->stride;
    if (have < (size_t)in->n_frames)
        return rc_err_set(err, RC_E_FORMAT, "%s: truncated: the data stop in frame %zu of %d",
                          r->name, have + 1, in->n_frames);
    return RC_OK;
}

/* Reads every frame's points into c->xyz (scaled to file units) and c->valid; a
 * missing or non-finite point is stored as (0, 0, 0) and marked invalid. */
static rc_status read_points(const reader *r, rc_c3d *c, const data_layout *lay, rc_err *err)
{
    const rc_c3d_info *in = &c->info;
    const size_t es = lay->es;
    const size_t np = (size_t)in->n_frames * (size_t)in->n_points;
    c->xyz = malloc(sizeof *c->xyz * 3 * np);
    c->valid = malloc(np);
    if (!c->xyz || !c->valid)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory for %d frames x %d points", r->name,
                          in->n_frames, in->n_points);
    const double sc = fabs(in->scale);
    for (int f = 0; f < in->n_frames; f++) {
        size_t o = lay->dstart + (size_t)f * lay->stride;
        for (int i = 0; i < in->n_points; i++, o += 4 * es) {
            size_t k = (size_t)f * (size_t)in->n_points + (size_t)i;
            double *p = c->xyz + 3 * k, res;
            if (in->is_float) {
                for (int a = 0; a < 3; a++)
                    p[a] = rd_f32(r, o + 4 * (size_t)a);
                res = rd_f32(r, o + 12);
            } else {
                for (int a = 0; a < 3; a++)
                    p[a] = rd_i16(r, o + 2 * (size_t)a) * sc;
                res = rd_i16(r, o + 6);
            }
            c->valid[k] = res >= 0 && isfinite(p[0]) && isfinite(p[1]) && isfinite(p[2]);
            if (!c->valid[k])
                p[0] = p[1] = p[2] = 0;
        }
    }
    return RC_OK;
}

rc_c3d *rc_c3d_parse(const void *data, size_t size, const char *name, rc_err *err)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.b = data;
    r.n = size;
    r.name = name ? name : "C3D data";
    if (read_header(&r, err) != RC_OK)
        return NULL;

    rc_c3d *c = calloc(1, sizeof *c);
    if (!c) {
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory", r.name);
        goto fail;
    }
    long data_block = 0;
    data_layout lay = {0};
    if (read_info(&r, &c->info, &data_block, err) != RC_OK ||
        check_info(&r, &c->info, data_block, &lay, err) != RC_OK ||
        read_labels(&r, c, err) != RC_OK || read_points(&r, c, &lay, err) != RC_OK)
        goto fail;
    free(r.par);
    return c;
fail:
    free(r.par);
    rc_c3d_destroy(c);
    return NULL;
}

rc_c3d *rc_c3d_open(const char *path, rc_err *err)
{
    if (!path || !path[0]) {
        rc_err_set(err, RC_E_ARG, "C3D: no file name given");
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        rc_err_set(err, errno == ENOENT ? RC_E_NOT_FOUND : RC_E_IO, "%s: cannot open (%s)", path,
                   strerror(errno));
        return NULL;
    }
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    rc_c3d *c = NULL;
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_FILE_BYTES) {
                rc_err_set(err, RC_E_FORMAT, "%s: larger than %d MiB, not read", path,
                           MAX_FILE_BYTES >> 20);
                goto done;
            }
            cap = cap ? 2 * cap : 1 << 20;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
                goto done;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                rc_err_set(err, RC_E_IO, "%s: read error", path);
                goto done;
            }
            break;
        }
    }
    c = rc_c3d_parse(buf, n, path, err);
done:
    fclose(f);
    free(buf);
    return c;
}

void rc_c3d_destroy(rc_c3d *c)
{
    if (!c)
        return;
    free(c->labels);
    free(c->xyz);
    free(c->valid);
    free(c);
}

const rc_c3d_info *rc_c3d_get_info(const rc_c3d *c)
{
    return &c->info;
}

const char *rc_c3d_label(const rc_c3d *c, int i)
{
    if (!c || i < 0 || i >= c->info.n_points)
        return NULL;
    return c->labels[i];
}

int rc_c3d_find(const rc_c3d *c, const char *name, int nth)
{
    if (!c || !name)
        return -1;
    for (int i = 0; i < c->info.n_points; i++) {
        const char *l = c->labels[i], *colon = strrchr(l, ':');
        if ((!strcasecmp(l, name) || (colon && !strcasecmp(colon + 1, name))) && nth-- == 0)
            return i;
    }
    return -1;
}

int rc_c3d_point(const rc_c3d *c, int frame, int i, double xyz[3])
{
    xyz[0] = xyz[1] = xyz[2] = 0;
    if (!c || frame < 0 || frame >= c->info.n_frames || i < 0 || i >= c->info.n_points)
        return 0;
    size_t k = (size_t)frame * (size_t)c->info.n_points + (size_t)i;
    if (!c->valid[k])
        return 0;
    memcpy(xyz, c->xyz + 3 * k, sizeof(double) * 3);
    return 1;
}
