/* csv.c - the one CSV reader (csv.h): the file is read whole and split in place, so
 * a cell is a pointer into the buffer and reading a row allocates nothing. */
#include "romcap/csv.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/files.h"

struct rc_csv {
    char *buf;       /* the text, NUL-terminated, split in place */
    const char *end; /* buf + length */
    char *p;         /* where the next record starts */
    int64_t line;    /* line number at p */
    int64_t row_line;
    int n_cols;
    char **head; /* n_cols header names (into buf) */
    char **cell; /* n_cols cells of the current row (into buf) */
    char name[1024];
};

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Splits one record at c->p into at most `cap` fields (more are counted, not kept).
 * *n receives the count; *blank is set for a line holding one empty unquoted field. */
static rc_status split_record(rc_csv *c, char **field, int cap, int *n, bool *blank, rc_err *err)
{
    int64_t first_line = c->line;
    int k = 0;
    bool quoted_any = false;
    for (;;) {
        char *p = c->p;
        while (p < c->end && (*p == ' ' || *p == '\t'))
            p++;
        char *start = p, *stop;
        if (p < c->end && *p == '"') {
            /* Quoted: unescape "" in place; the write pointer trails the read one. */
            quoted_any = true;
            char *w = start;
            for (p++;; p++) {
                if (p >= c->end)
                    return rc_err_set(err, RC_E_FORMAT, "%s:%lld: quote not closed", c->name,
                                      (long long)first_line);
                if (*p == '"') {
                    if (p + 1 < c->end && p[1] == '"') {
                        *w++ = '"';
                        p++;
                        continue;
                    }
                    p++;
                    break;
                }
                if (*p == '\0')
                    return rc_err_set(err, RC_E_FORMAT, "%s:%lld: NUL byte (not a text file?)",
                                      c->name, (long long)c->line);
                if (*p == '\n')
                    c->line++;
                *w++ = *p;
            }
            stop = w;
            while (p < c->end && is_space(*p))
                p++;
            if (p < c->end && *p != ',' && *p != '\n')
                return rc_err_set(err, RC_E_FORMAT, "%s:%lld: text after a closing quote", c->name,
                                  (long long)c->line);
        } else {
            while (p < c->end && *p != ',' && *p != '\n' && *p != '\0')
                p++;
            stop = p;
            while (stop > start && is_space(stop[-1]))
                stop--;
        }
        if (p < c->end && *p == '\0')
            return rc_err_set(err, RC_E_FORMAT, "%s:%lld: NUL byte (not a text file?)", c->name,
                              (long long)c->line);
        char t = p < c->end ? *p : '\0';
        *stop = '\0'; /* stop <= p: the terminator was read into t first */
        if (k < cap)
            field[k] = start;
        k++;
        c->p = p < c->end ? p + 1 : p;
        if (t == ',')
            continue;
        if (t == '\n')
            c->line++;
        break;
    }
    *n = k;
    *blank = k == 1 && !quoted_any && !field[0][0]; /* cap >= 1 */
    return RC_OK;
}

static rc_status open_buf(char *buf, size_t len, const char *name, const rc_csv_limits *lim,
                          rc_csv **out, rc_err *err)
{
    rc_status st = RC_E_NOMEM;
    rc_csv *c = calloc(1, sizeof *c);
    int max_cols = lim && lim->max_columns > 0 ? lim->max_columns : RC_CSV_MAX_COLUMNS;
    *out = NULL;
    if (!c) {
        free(buf);
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", name);
    }
    c->buf = c->p = buf;
    c->end = buf + len;
    c->line = 1;
    snprintf(c->name, sizeof c->name, "%s", name);
    c->head = malloc((size_t)(max_cols + 1) * sizeof *c->head);
    if (!c->head) {
        st = rc_err_set(err, RC_E_NOMEM, "%s: out of memory", name);
        goto fail;
    }
    for (;;) {
        if (c->p >= c->end) {
            st = rc_err_set(err, RC_E_FORMAT, "%s: empty file (a header row is needed)", name);
            goto fail;
        }
        int n;
        bool blank;
        c->row_line = c->line;
        if ((st = split_record(c, c->head, max_cols, &n, &blank, err)) != RC_OK)
            goto fail;
        if (blank)
            continue;
        if (n > max_cols) {
            st = rc_err_set(err, RC_E_FORMAT, "%s:%lld: more than %d columns", name,
                            (long long)c->row_line, max_cols);
            goto fail;
        }
        c->n_cols = n;
        break;
    }
    /* One spare slot: a row one field too wide is split without overrunning. */
    c->cell = calloc((size_t)c->n_cols + 1, sizeof *c->cell);
    if (!c->cell) {
        st = rc_err_set(err, RC_E_NOMEM, "%s: out of memory", name);
        goto fail;
    }
    *out = c;
    return RC_OK;
fail:
    rc_csv_close(c);
    return st;
}

rc_status rc_csv_open(const char *path, const rc_csv_limits *lim, rc_csv **out, rc_err *err)
{
    size_t max = lim && lim->max_bytes ? lim->max_bytes : RC_CSV_MAX_BYTES;
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    rc_status st = rc_read_text(path, max, &text, &len, err);
    if (st != RC_OK)
        return st;
    return open_buf(text, len, path, lim, out, err);
}

rc_status rc_csv_open_mem(const void *data, size_t len, const char *name, const rc_csv_limits *lim,
                          rc_csv **out, rc_err *err)
{
    size_t max = lim && lim->max_bytes ? lim->max_bytes : RC_CSV_MAX_BYTES;
    *out = NULL;
    if (len > max)
        return rc_err_set(err, RC_E_FORMAT, "%s: %zu bytes is too large (at most %zu)", name, len,
                          max);
    char *buf = malloc(len + 1);
    if (!buf)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", name);
    if (len)
        memcpy(buf, data, len);
    buf[len] = '\0';
    return open_buf(buf, len, name, lim, out, err);
}

void rc_csv_close(rc_csv *c)
{
    if (!c)
        return;
    free(c->buf);
    free(c->head);
    free(c->cell);
    free(c);
}

const char *rc_csv_name(const rc_csv *c)
{
    return c->name;
}

int rc_csv_columns(const rc_csv *c)
{
    return c->n_cols;
}

const char *rc_csv_column_name(const rc_csv *c, int i)
{
    return i >= 0 && i < c->n_cols ? c->head[i] : "";
}

int rc_csv_column(const rc_csv *c, const char *name)
{
    for (int i = 0; i < c->n_cols; i++)
        if (!strcmp(c->head[i], name))
            return i;
    return -1;
}

int64_t rc_csv_rows_max(const rc_csv *c)
{
    int64_t n = 1;
    for (const char *p = c->p; p < c->end && (p = memchr(p, '\n', (size_t)(c->end - p))); p++)
        n++;
    return n;
}

rc_status rc_csv_next(rc_csv *c, rc_err *err)
{
    for (;;) {
        if (c->p >= c->end)
            return RC_E_EOF;
        int n;
        bool blank;
        c->row_line = c->line;
        rc_status st = split_record(c, c->cell, c->n_cols + 1, &n, &blank, err);
        if (st != RC_OK) {
            c->p = (char *)c->end;
            return st;
        }
        if (blank)
            continue;
        if (n != c->n_cols) {
            c->p = (char *)c->end;
            return rc_err_set(err, RC_E_FORMAT, "%s:%lld: %d field%s, the header has %d", c->name,
                              (long long)c->row_line, n, n == 1 ? "" : "s", c->n_cols);
        }
        return RC_OK;
    }
}

int64_t rc_csv_line(const rc_csv *c)
{
    return c->row_line;
}

const char *rc_csv_cell(const rc_csv *c, int col)
{
    return col >= 0 && col < c->n_cols && c->cell[col] ? c->cell[col] : "";
}

/* Only decimal digits, signs, a point and an exponent: no inf, nan or hex. */
static bool decimal_text(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!strchr("0123456789+-.eE", *s))
            return false;
    return true;
}

rc_status rc_csv_double(const rc_csv *c, int col, double *out, rc_err *err)
{
    const char *s = rc_csv_cell(c, col);
    if (!*s) {
        *out = NAN;
        return RC_OK;
    }
    char *end = NULL;
    double v = decimal_text(s) ? strtod(s, &end) : 0.0;
    if (!end || end == s || *end)
        return rc_err_set(err, RC_E_FORMAT, "%s:%lld: bad number '%.40s' in column '%.60s'",
                          c->name, (long long)c->row_line, s, rc_csv_column_name(c, col));
    if (!isfinite(v))
        return rc_err_set(err, RC_E_FORMAT,
                          "%s:%lld: %.40s in column '%.60s' is not a finite number", c->name,
                          (long long)c->row_line, s, rc_csv_column_name(c, col));
    *out = v;
    return RC_OK;
}

rc_status rc_csv_int64(const rc_csv *c, int col, int64_t *out, rc_err *err)
{
    const char *s = rc_csv_cell(c, col);
    char *end = NULL;
    errno = 0;
    long long v = *s && strspn(s, "+-0123456789") == strlen(s) ? strtoll(s, &end, 10) : 0;
    if (!end || end == s || *end || errno == ERANGE)
        return rc_err_set(err, RC_E_FORMAT, "%s:%lld: bad whole number '%.40s' in column '%.60s'",
                          c->name, (long long)c->row_line, s, rc_csv_column_name(c, col));
    *out = v;
    return RC_OK;
}
