/* results_csv.c - tracks.csv and angles.csv: each format's writer and its reader
 * next to each other (results.h), so the printed precision and the reader's
 * expectations cannot drift apart. Reading goes through the core's CSV reader. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "romcap/csv.h"
#include "romcap/files.h"
#include "romcap/results.h"

/* ---- tracks.csv ------------------------------------------------------------------ */

rc_status rc_tracks_write(const char *path, const rc_tracks *t, rc_err *err)
{
    FILE *f = rc_fopen_private(path, err);
    if (!f)
        return RC_E_IO;
    fputs("frame,t_s,marker,x_px,y_px,state\n", f);
    int nm = t->n_markers;
    for (int64_t i = 0; i < t->n_frames; i++) {
        for (int k = 0; k < nm; k++) {
            const rc_marker_state *s = &t->marker[i * nm + k];
            if (t->present && !t->present[i * nm + k])
                continue;
            if (s->state == RC_TRACK_LOST)
                fprintf(f, "%lld,%.6f,%s,,,lost\n", (long long)t->frame[i], t->t_s[i], t->name[k]);
            else
                fprintf(f, "%lld,%.6f,%s,%.3f,%.3f,%s\n", (long long)t->frame[i], t->t_s[i],
                        t->name[k], s->x_px, s->y_px, rc_track_state_name(s->state));
        }
    }
    return rc_fclose_synced(f, path, err);
}

/* One row of tracks.csv as read, before the rows are gathered into frames. */
typedef struct track_row {
    int64_t frame;
    double t_s, x, y;
    int marker;
    rc_track_state state;
} track_row;

static rc_status state_from_name(const char *s, rc_track_state *out)
{
    static const rc_track_state all[] = {RC_TRACK_LOST, RC_TRACK_SEEN, RC_TRACK_PREDICTED,
                                         RC_TRACK_STREAK, RC_TRACK_INTERPOLATED};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (!strcmp(s, rc_track_state_name(all[i]))) {
            *out = all[i];
            return RC_OK;
        }
    return RC_E_FORMAT;
}

/* How much of a refused name a one-line message shows: up to 40 bytes, never past a
 * control character. */
static int shown(const char *s)
{
    int n = 0;
    while (n < 40 && s[n] && (unsigned char)s[n] >= 0x20)
        n++;
    return n;
}

static rc_status marker_index(rc_tracks *t, const rc_csv *c, const char *name, int *out,
                              rc_err *err)
{
    for (int i = 0; i < t->n_markers; i++)
        if (!strcmp(t->name[i], name)) {
            *out = i;
            return RC_OK;
        }
    if (!rc_model_name_valid(name))
        return rc_err_set(err, RC_E_FORMAT, "%s:%lld: bad marker name '%.*s'", rc_csv_name(c),
                          (long long)rc_csv_line(c), shown(name), name);
    if (t->n_markers == RC_MAX_MARKERS)
        return rc_err_set(err, RC_E_FORMAT, "%s:%lld: more than %d markers", rc_csv_name(c),
                          (long long)rc_csv_line(c), RC_MAX_MARKERS);
    snprintf(t->name[t->n_markers], RC_NAME_CAP, "%s", name);
    *out = t->n_markers++;
    return RC_OK;
}

/* Reads every row of tracks.csv into `rows` (heap, *n of them). */
static rc_status read_track_rows(rc_csv *c, rc_tracks *t, track_row **rows, int64_t *n, rc_err *err)
{
    static const char *want[6] = {"frame", "t_s", "marker", "x_px", "y_px", "state"};
    int col[6];
    for (int i = 0; i < 6; i++)
        if ((col[i] = rc_csv_column(c, want[i])) < 0)
            return rc_err_set(err, RC_E_FORMAT,
                              "%s:1: not a romcap tracks.csv header (no column '%s')",
                              rc_csv_name(c), want[i]);
    int64_t cap = rc_csv_rows_max(c);
    *rows = malloc((size_t)(cap > 0 ? cap : 1) * sizeof **rows);
    if (!*rows)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", rc_csv_name(c));
    rc_status st;
    while ((st = rc_csv_next(c, err)) == RC_OK && *n < cap) {
        track_row *r = &(*rows)[*n];
        if ((st = rc_csv_int64(c, col[0], &r->frame, err)) != RC_OK ||
            (st = rc_csv_double(c, col[1], &r->t_s, err)) != RC_OK ||
            (st = marker_index(t, c, rc_csv_cell(c, col[2]), &r->marker, err)) != RC_OK ||
            (st = rc_csv_double(c, col[3], &r->x, err)) != RC_OK ||
            (st = rc_csv_double(c, col[4], &r->y, err)) != RC_OK)
            return st;
        if (isnan(r->t_s))
            return rc_err_set(err, RC_E_FORMAT, "%s:%lld: no time", rc_csv_name(c),
                              (long long)rc_csv_line(c));
        if (state_from_name(rc_csv_cell(c, col[5]), &r->state) != RC_OK)
            return rc_err_set(err, RC_E_FORMAT, "%s:%lld: unknown state '%.40s'", rc_csv_name(c),
                              (long long)rc_csv_line(c), rc_csv_cell(c, col[5]));
        if (r->state != RC_TRACK_LOST && (isnan(r->x) || isnan(r->y)))
            return rc_err_set(err, RC_E_FORMAT, "%s:%lld: a %s marker needs x_px and y_px",
                              rc_csv_name(c), (long long)rc_csv_line(c),
                              rc_track_state_name(r->state));
        (*n)++;
    }
    if (st != RC_E_EOF && st != RC_OK)
        return st;
    if (*n == 0)
        return rc_err_set(err, RC_E_FORMAT, "%s: no tracked frames", rc_csv_name(c));
    return RC_OK;
}

/* Gathers rows into frames: a new frame starts where the frame number changes. */
static rc_status rows_to_frames(const track_row *rows, int64_t n, rc_tracks *t, const char *path,
                                rc_err *err)
{
    int64_t nf = 0;
    for (int64_t i = 0; i < n; i++)
        nf += i == 0 || rows[i].frame != rows[i - 1].frame;
    int nm = t->n_markers;
    t->frame = malloc((size_t)nf * sizeof *t->frame);
    t->t_s = malloc((size_t)nf * sizeof *t->t_s);
    t->marker = calloc((size_t)nf * nm, sizeof *t->marker);
    t->present = calloc((size_t)nf * nm, 1);
    if (!t->frame || !t->t_s || !t->marker || !t->present)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
    for (int64_t i = 0; i < nf * nm; i++)
        t->marker[i] = (rc_marker_state){.x_px = NAN, .y_px = NAN, .state = RC_TRACK_LOST};
    int64_t f = -1;
    for (int64_t i = 0; i < n; i++) {
        if (i == 0 || rows[i].frame != rows[i - 1].frame) {
            f++;
            t->frame[f] = rows[i].frame;
            t->t_s[f] = rows[i].t_s;
        }
        int64_t at = f * nm + rows[i].marker;
        if (t->present[at])
            return rc_err_set(err, RC_E_FORMAT, "%s: marker '%s' twice in frame %lld", path,
                              t->name[rows[i].marker], (long long)rows[i].frame);
        t->present[at] = 1;
        rc_marker_state *s = &t->marker[at];
        s->state = rows[i].state;
        s->x_px = rows[i].state == RC_TRACK_LOST ? NAN : rows[i].x;
        s->y_px = rows[i].state == RC_TRACK_LOST ? NAN : rows[i].y;
    }
    t->n_frames = nf;
    return RC_OK;
}

rc_status rc_tracks_read(const char *path, rc_tracks *t, rc_err *err)
{
    memset(t, 0, sizeof *t);
    rc_csv *c;
    rc_status st0 = rc_csv_open(path, NULL, &c, err);
    if (st0 != RC_OK)
        return st0;
    track_row *rows = NULL;
    int64_t n = 0;
    rc_status st = read_track_rows(c, t, &rows, &n, err);
    rc_csv_close(c);
    if (st == RC_OK)
        st = rows_to_frames(rows, n, t, path, err);
    free(rows);
    return st;
}

void rc_tracks_free(rc_tracks *t)
{
    if (!t)
        return;
    free(t->frame);
    free(t->t_s);
    free(t->marker);
    free(t->present);
    t->frame = NULL;
    t->t_s = NULL;
    t->marker = NULL;
    t->present = NULL;
    t->n_frames = 0;
}

/* ---- angles.csv ------------------------------------------------------------------ */

/* Rank of a state for the worst-of: seen < streak < interpolated < predicted < lost. */
static int state_rank(rc_track_state s)
{
    switch (s) {
    case RC_TRACK_SEEN:
        return 0;
    case RC_TRACK_STREAK:
        return 1;
    case RC_TRACK_INTERPOLATED:
        return 2;
    case RC_TRACK_PREDICTED:
        return 3;
    default:
        return 4;
    }
}

rc_track_state rc_angle_state(const rc_model *m, int a, const rc_marker_state *markers)
{
    rc_track_state worst = RC_TRACK_SEEN;
    int used = 0;
    for (int i = 0; i < 4; i++) {
        int k = m->angle[a].marker[i];
        if (k < 0 || k >= m->n_markers)
            continue;
        used++;
        if (state_rank(markers[k].state) > state_rank(worst))
            worst = markers[k].state;
    }
    return used ? worst : RC_TRACK_LOST;
}

rc_status rc_angles_write(const char *path, const rc_angles *a, rc_err *err)
{
    FILE *f = rc_fopen_private(path, err);
    if (!f)
        return RC_E_IO;
    fputs("frame,t_s", f);
    for (int k = 0; k < a->n_angles; k++) {
        fprintf(f, ",%s", a->name[k]);
        if (a->q)
            fprintf(f, ",%s_q", a->name[k]);
    }
    fputc('\n', f);
    for (int64_t i = 0; i < a->n; i++) {
        fprintf(f, "%lld,%.6f", (long long)a->frame[i], a->t_s[i]);
        for (int k = 0; k < a->n_angles; k++) {
            double v = a->deg[i * a->n_angles + k];
            if (isnan(v))
                fputs(a->q ? ",," : ",", f);
            else if (a->q)
                fprintf(f, ",%.3f,%s", v, rc_track_state_name(a->q[i * a->n_angles + k]));
            else
                fprintf(f, ",%.3f", v);
        }
        fputc('\n', f);
    }
    return rc_fclose_synced(f, path, err);
}

/* Is column `col` the quality column of the angle called `name` ("<name>_q")? */
static bool is_quality_of(const rc_csv *c, int col, const char *name)
{
    if (col >= rc_csv_columns(c))
        return false;
    const char *h = rc_csv_column_name(c, col);
    size_t n = strlen(name);
    return !strncmp(h, name, n) && !strcmp(h + n, "_q");
}

/* The header: frame, t_s, then angles, each followed by its quality column when the
 * first one is (a file from before issue 14 has none). col[k] is angle k's column;
 * *with_q says whether angle k's quality sits in column col[k] + 1. */
static rc_status angles_header(const rc_csv *c, rc_angles *a, int *col, bool *with_q, rc_err *err)
{
    int nc = rc_csv_columns(c);
    if (nc < 2 || strcmp(rc_csv_column_name(c, 0), "frame") ||
        strcmp(rc_csv_column_name(c, 1), "t_s"))
        return rc_err_set(err, RC_E_FORMAT,
                          "%s:1: not a romcap angles.csv header (frame,t_s,<angles>)",
                          rc_csv_name(c));
    *with_q = nc > 3 && is_quality_of(c, 3, rc_csv_column_name(c, 2));
    int step = *with_q ? 2 : 1;
    if ((nc - 2) / step > RC_MAX_ANGLES)
        return rc_err_set(err, RC_E_FORMAT, "%s:1: more than %d angles", rc_csv_name(c),
                          RC_MAX_ANGLES);
    a->n_angles = 0;
    for (int j = 2; j < nc; j += step) {
        const char *name = rc_csv_column_name(c, j);
        if (!rc_model_name_valid(name))
            return rc_err_set(err, RC_E_FORMAT, "%s:1: bad angle name '%.*s'", rc_csv_name(c),
                              shown(name), name);
        if (*with_q && !is_quality_of(c, j + 1, name))
            return rc_err_set(err, RC_E_FORMAT, "%s:1: angle '%s' has no '%s_q' column after it",
                              rc_csv_name(c), name, name);
        col[a->n_angles] = j;
        snprintf(a->name[a->n_angles++], RC_NAME_CAP, "%s", name);
    }
    return RC_OK;
}

/* Angle k of row i: its value and, with quality columns, its state. */
static rc_status angle_cell(rc_csv *c, rc_angles *a, int64_t i, int k, int col, rc_err *err)
{
    int64_t at = i * a->n_angles + k;
    rc_status st = rc_csv_double(c, col, &a->deg[at], err);
    if (st != RC_OK || !a->q)
        return st;
    const char *q = rc_csv_cell(c, col + 1);
    a->q[at] = RC_TRACK_LOST;
    if (isnan(a->deg[at]))
        return RC_OK; /* an undefined angle has no quality, whatever the cell says */
    rc_track_state s;
    if (!q[0] || state_from_name(q, &s) != RC_OK)
        return rc_err_set(err, RC_E_FORMAT, "%s:%lld: angle '%s' has %s quality '%.20s'",
                          rc_csv_name(c), (long long)rc_csv_line(c), a->name[k],
                          q[0] ? "an unknown" : "no", q);
    a->q[at] = (uint8_t)s;
    return RC_OK;
}

rc_status rc_angles_read(const char *path, rc_angles *a, rc_err *err)
{
    memset(a, 0, sizeof *a);
    rc_csv *c;
    rc_status st0 = rc_csv_open(path, NULL, &c, err);
    if (st0 != RC_OK)
        return st0;
    int col[RC_MAX_ANGLES];
    bool with_q = false;
    rc_status st = angles_header(c, a, col, &with_q, err);
    int64_t cap = rc_csv_rows_max(c);
    size_t cells = (size_t)cap * (a->n_angles ? a->n_angles : 1);
    if (st == RC_OK) {
        a->frame = malloc((size_t)cap * sizeof *a->frame);
        a->t_s = malloc((size_t)cap * sizeof *a->t_s);
        a->deg = malloc(cells * sizeof *a->deg);
        a->q = with_q ? malloc(cells) : NULL;
        if (!a->frame || !a->t_s || !a->deg || (with_q && !a->q))
            st = rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
    }
    while (st == RC_OK && a->n < cap && (st = rc_csv_next(c, err)) == RC_OK) {
        int64_t i = a->n;
        st = rc_csv_int64(c, 0, &a->frame[i], err);
        if (st == RC_OK)
            st = rc_csv_double(c, 1, &a->t_s[i], err);
        if (st == RC_OK && isnan(a->t_s[i]))
            st = rc_err_set(err, RC_E_FORMAT, "%s:%lld: no time", path, (long long)rc_csv_line(c));
        for (int k = 0; st == RC_OK && k < a->n_angles; k++)
            st = angle_cell(c, a, i, k, col[k], err);
        if (st == RC_OK)
            a->n++;
    }
    if (st == RC_E_EOF || (st == RC_OK && a->n == cap))
        st = RC_OK;
    if (st == RC_OK && a->n == 0)
        st = rc_err_set(err, RC_E_FORMAT, "%s: no rows", path);
    rc_csv_close(c);
    return st;
}

void rc_angles_free(rc_angles *a)
{
    if (!a)
        return;
    free(a->frame);
    free(a->t_s);
    free(a->deg);
    free(a->q);
    a->frame = NULL;
    a->t_s = NULL;
    a->deg = NULL;
    a->q = NULL;
    a->n = 0;
}
