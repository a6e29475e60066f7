/* metrics_csv.c - the CSV input of `romcap metrics` (see metrics_csv.h). */
#include "app/metrics_csv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '"')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n' ||
                     s[n - 1] == '"'))
        s[--n] = 0;
    return s;
}

/* Splits `line` at commas in place; returns the number of fields (<= cap). */
static int split(char *line, char **f, int cap)
{
    int k = 0;
    char *p = line;
    while (k < cap) {
        f[k++] = p;
        p = strchr(p, ',');
        if (!p)
            break;
        *p++ = 0;
    }
    for (int i = 0; i < k; i++)
        f[i] = trim(f[i]);
    return k;
}

/* Parses one cell: empty -> NAN (missing); else a full finite-or-nan number. */
static bool parse_cell(const char *s, double *v)
{
    if (!*s) {
        *v = NAN;
        return true;
    }
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end != s && *end == 0 && errno != ERANGE;
}

rc_status rc_metrics_csv_read_stream(FILE *f, const char *path, const char *want, rc_csv_series *s,
                                     rc_err *err)
{
    enum { MAXF = 256 };
    char *line = NULL;
    size_t lcap = 0;
    char *fld[MAXF];
    rc_status st = RC_OK;
    int col = -1, tcol = -1, lineno = 1;
    if (getline(&line, &lcap, f) < 0) {
        st = rc_err_set(err, RC_E_FORMAT, "%s: empty file (a header row is needed)", path);
        goto done;
    }
    int nf = split(line, fld, MAXF);
    for (int i = 0; i < nf; i++) {
        if (want && !strcmp(fld[i], want))
            col = i;
        if (!want && !strcmp(fld[i], "value"))
            col = i;
        if (tcol < 0 && (!strcmp(fld[i], "t") || !strcmp(fld[i], "t_s") ||
                         !strcmp(fld[i], "time") || !strcmp(fld[i], "time_s")))
            tcol = i;
    }
    if (want && col < 0) {
        st = rc_err_set(err, RC_E_FORMAT, "%s:1: no column named '%s' in the header", path, want);
        goto done;
    }
    if (col < 0)
        col = nf >= 2 ? 1 : 0;
    snprintf(s->column, sizeof s->column, "%s", fld[col]);
    s->have_t = tcol >= 0 && tcol != col;
    ssize_t got;
    while ((got = getline(&line, &lcap, f)) >= 0) {
        lineno++;
        if (got <= 1 && (line[0] == '\n' || line[0] == 0))
            continue; /* blank line */
        nf = split(line, fld, MAXF);
        if (col >= nf) {
            st = rc_err_set(err, RC_E_FORMAT, "%s:%d: only %d fields, column '%s' is field %d",
                            path, lineno, nf, s->column, col + 1);
            goto done;
        }
        if (s->n == s->cap) {
            int nc = s->cap ? 2 * s->cap : 1024;
            double *nx = realloc(s->x, (size_t)nc * sizeof *nx);
            if (nx)
                s->x = nx;
            double *nt = nx ? realloc(s->t, (size_t)nc * sizeof *nt) : NULL;
            if (!nx || !nt) {
                st = rc_err_set(err, RC_E_NOMEM, "%s:%d: out of memory", path, lineno);
                goto done;
            }
            s->t = nt;
            s->cap = nc;
        }
        if (!parse_cell(fld[col], &s->x[s->n])) {
            st = rc_err_set(err, RC_E_FORMAT, "%s:%d: bad number '%s' in column '%s'", path, lineno,
                            fld[col], s->column);
            goto done;
        }
        s->t[s->n] = NAN;
        if (s->have_t && (tcol >= nf || !parse_cell(fld[tcol], &s->t[s->n]))) {
            st = rc_err_set(err, RC_E_FORMAT, "%s:%d: bad time '%s'", path, lineno,
                            tcol < nf ? fld[tcol] : "");
            goto done;
        }
        s->n++;
    }
    if (s->n == 0)
        st = rc_err_set(err, RC_E_FORMAT, "%s: no data rows after the header", path);
done:
    free(line);
    return st;
}

rc_status rc_metrics_csv_read(const char *path, const char *want, rc_csv_series *s, rc_err *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return rc_err_set(err, RC_E_NOT_FOUND, "%s: cannot open: %s", path, strerror(errno));
    rc_status st = rc_metrics_csv_read_stream(f, path, want, s, err);
    fclose(f);
    return st;
}

void rc_metrics_csv_free(rc_csv_series *s)
{
    if (!s)
        return;
    free(s->x);
    free(s->t);
    s->x = s->t = NULL;
    s->n = s->cap = 0;
}
