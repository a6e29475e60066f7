/* outputs.c - tracks.csv, angles.csv and summary.json of an analysis run. */
#include "app/outputs.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/summary.h"
#include "romcap/files.h"

static FILE *open_in(const char *dir, const char *name, rc_err *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return rc_fopen_private(path, err);
}

rc_status rc_outputs_open(rc_outputs *o, const char *dir, const rc_model *m, rc_err *err)
{
    memset(o, 0, sizeof *o);
    snprintf(o->dir, sizeof o->dir, "%s", dir);
    o->model = m;
    rc_status st = rc_mkdir_private(dir, err);
    if (st != RC_OK)
        return st;
    /* Fail now, not after an hour of analysis, if the folder is not writable. */
    FILE *probe = open_in(dir, "summary.json", err);
    if (!probe)
        return RC_E_IO;
    fclose(probe);
    return RC_OK;
}

static rc_status grow(rc_outputs *o)
{
    int nm = o->model->n_markers > 0 ? o->model->n_markers : 1;
    int na = o->model->n_angles > 0 ? o->model->n_angles : 1;
    int64_t cap = o->cap ? 2 * o->cap : 1024;
    int64_t *f = realloc(o->frame, (size_t)cap * sizeof *f);
    if (f)
        o->frame = f;
    double *t = realloc(o->t_s, (size_t)cap * sizeof *t);
    if (t)
        o->t_s = t;
    rc_marker_state *ms = realloc(o->marker, (size_t)cap * nm * sizeof *ms);
    if (ms)
        o->marker = ms;
    double *a = realloc(o->angle_deg, (size_t)cap * na * sizeof *a);
    if (a)
        o->angle_deg = a;
    if (!f || !t || !ms || !a)
        return RC_E_NOMEM;
    o->cap = cap;
    return RC_OK;
}

rc_status rc_outputs_add(rc_outputs *o, int64_t frame, const rc_pipe_result *r, rc_err *err)
{
    const rc_model *m = o->model;
    if (o->n == o->cap && grow(o) != RC_OK)
        return rc_err_set(err, RC_E_NOMEM, "out of memory at frame %lld", (long long)frame);
    o->frame[o->n] = frame;
    o->t_s[o->n] = r->t_s;
    memcpy(&o->marker[o->n * m->n_markers], r->marker, (size_t)m->n_markers * sizeof *r->marker);
    memcpy(&o->angle_deg[o->n * m->n_angles], r->angle_deg, (size_t)m->n_angles * sizeof(double));
    o->n++;
    return RC_OK;
}

void rc_outputs_fill_gaps(rc_outputs *o, const rc_pipeline *p, double max_gap_s)
{
    const rc_model *m = o->model;
    if (o->n == 0 || m->n_markers == 0)
        return;
    o->gap_filled = rc_track_fill_gaps(o->marker, o->t_s, o->n, m->n_markers, max_gap_s);
    if (!o->gap_filled)
        return;
    for (int64_t i = 0; i < o->n; i++) {
        const rc_marker_state *ms = &o->marker[i * m->n_markers];
        int predicted = 0;
        for (int k = 0; k < m->n_markers; k++)
            predicted |= ms[k].state == RC_TRACK_PREDICTED;
        if (predicted)
            rc_pipeline_angles(p, ms, &o->angle_deg[i * m->n_angles]);
    }
}

static rc_status close_file(FILE **f, const char *dir, const char *name, rc_err *err)
{
    if (!*f)
        return RC_OK;
    int bad = ferror(*f) | fflush(*f);
    bad |= fsync(fileno(*f));
    bad |= fclose(*f);
    *f = NULL;
    if (bad)
        return rc_err_set(err, RC_E_IO, "%s/%s: write failed: %s", dir, name, strerror(errno));
    return RC_OK;
}

static rc_status write_tracks(const rc_outputs *o, rc_err *err)
{
    const rc_model *m = o->model;
    FILE *f = open_in(o->dir, "tracks.csv", err);
    if (!f)
        return RC_E_IO;
    fputs("frame,t_s,marker,x_px,y_px,state\n", f);
    for (int64_t i = 0; i < o->n; i++) {
        for (int k = 0; k < m->n_markers; k++) {
            const rc_marker_state *s = &o->marker[i * m->n_markers + k];
            if (s->state == RC_TRACK_LOST)
                fprintf(f, "%lld,%.6f,%s,,,lost\n", (long long)o->frame[i], o->t_s[i],
                        m->marker[k].name);
            else
                fprintf(f, "%lld,%.6f,%s,%.3f,%.3f,%s\n", (long long)o->frame[i], o->t_s[i],
                        m->marker[k].name, s->x_px, s->y_px, rc_track_state_name(s->state));
        }
    }
    return close_file(&f, o->dir, "tracks.csv", err);
}

static rc_status write_angles(const rc_outputs *o, rc_err *err)
{
    const rc_model *m = o->model;
    FILE *f = open_in(o->dir, "angles.csv", err);
    if (!f)
        return RC_E_IO;
    fputs("frame,t_s", f);
    for (int a = 0; a < m->n_angles; a++)
        fprintf(f, ",%s", m->angle[a].name);
    fputc('\n', f);
    for (int64_t i = 0; i < o->n; i++) {
        fprintf(f, "%lld,%.6f", (long long)o->frame[i], o->t_s[i]);
        for (int a = 0; a < m->n_angles; a++) {
            double v = o->angle_deg[i * m->n_angles + a];
            if (isnan(v))
                fputs(",", f);
            else
                fprintf(f, ",%.3f", v);
        }
        fputc('\n', f);
    }
    return close_file(&f, o->dir, "angles.csv", err);
}

void rc_outputs_abort(rc_outputs *o)
{
    free(o->frame);
    free(o->t_s);
    free(o->marker);
    free(o->angle_deg);
    o->frame = NULL;
    o->t_s = o->angle_deg = NULL;
    o->marker = NULL;
    o->n = o->cap = 0;
}

rc_status rc_outputs_finish(rc_outputs *o, const rc_run_info *info, rc_err *err)
{
    rc_status st = write_tracks(o, err);
    if (st == RC_OK)
        st = write_angles(o, err);
    if (st == RC_OK) {
        char *json = rc_summary_json(o, info, err);
        if (!json) {
            st = RC_E_NOMEM;
        } else {
            FILE *f = open_in(o->dir, "summary.json", err);
            if (!f) {
                st = RC_E_IO;
            } else {
                fputs(json, f);
                fputc('\n', f);
                st = close_file(&f, o->dir, "summary.json", err);
            }
            free(json);
        }
    }
    rc_outputs_abort(o);
    return st;
}
