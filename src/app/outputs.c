/* outputs.c - tracks.csv, angles.csv and summary.json of an analysis run. */
#include "app/outputs.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/summary.h"

static FILE *open_in(const char *dir, const char *name, rc_err *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return rc_app_fopen_private(path, err);
}

rc_status rc_outputs_open(rc_outputs *o, const char *dir, const rc_model *m, rc_err *err)
{
    memset(o, 0, sizeof *o);
    snprintf(o->dir, sizeof o->dir, "%s", dir);
    o->model = m;
    rc_status st = rc_app_mkdir_private(dir, err);
    if (st != RC_OK)
        return st;
    o->tracks = open_in(dir, "tracks.csv", err);
    o->angles = o->tracks ? open_in(dir, "angles.csv", err) : NULL;
    if (!o->tracks || !o->angles) {
        rc_outputs_abort(o);
        return RC_E_IO;
    }
    fputs("frame,t_s,marker,x_px,y_px,state\n", o->tracks);
    fputs("frame,t_s", o->angles);
    for (int a = 0; a < m->n_angles; a++)
        fprintf(o->angles, ",%s", m->angle[a].name);
    fputc('\n', o->angles);
    return RC_OK;
}

static rc_status keep_series(rc_outputs *o, const rc_pipe_result *r)
{
    int na = o->model->n_angles;
    if (o->n == o->cap) {
        int64_t cap = o->cap ? 2 * o->cap : 1024;
        double *t = realloc(o->t_s, (size_t)cap * sizeof *t);
        if (!t)
            return RC_E_NOMEM;
        o->t_s = t;
        double *a = realloc(o->angle_deg, (size_t)cap * (size_t)(na ? na : 1) * sizeof *a);
        if (!a)
            return RC_E_NOMEM;
        o->angle_deg = a;
        o->cap = cap;
    }
    o->t_s[o->n] = r->t_s;
    for (int a = 0; a < na; a++)
        o->angle_deg[o->n * na + a] = r->angle_deg[a];
    o->n++;
    return RC_OK;
}

rc_status rc_outputs_add(rc_outputs *o, int64_t frame, const rc_pipe_result *r, rc_err *err)
{
    const rc_model *m = o->model;
    for (int i = 0; i < m->n_markers; i++) {
        const rc_marker_state *s = &r->marker[i];
        if (s->state == RC_TRACK_LOST)
            fprintf(o->tracks, "%lld,%.6f,%s,,,lost\n", (long long)frame, r->t_s,
                    m->marker[i].name);
        else
            fprintf(o->tracks, "%lld,%.6f,%s,%.3f,%.3f,%s\n", (long long)frame, r->t_s,
                    m->marker[i].name, s->x_px, s->y_px, rc_track_state_name(s->state));
    }
    fprintf(o->angles, "%lld,%.6f", (long long)frame, r->t_s);
    for (int a = 0; a < m->n_angles; a++) {
        if (isnan(r->angle_deg[a]))
            fputs(",", o->angles);
        else
            fprintf(o->angles, ",%.3f", r->angle_deg[a]);
    }
    fputc('\n', o->angles);
    if (ferror(o->tracks) || ferror(o->angles))
        return rc_err_set(err, RC_E_IO, "%s: write failed at frame %lld: %s", o->dir,
                          (long long)frame, strerror(errno));
    if (keep_series(o, r) != RC_OK)
        return rc_err_set(err, RC_E_NOMEM, "out of memory at frame %lld", (long long)frame);
    return RC_OK;
}

static rc_status close_file(FILE **f, const char *dir, const char *name, rc_err *err)
{
    if (!*f)
        return RC_OK;
    int bad = ferror(*f) | fflush(*f);
    bad |= fclose(*f);
    *f = NULL;
    if (bad)
        return rc_err_set(err, RC_E_IO, "%s/%s: write failed: %s", dir, name, strerror(errno));
    return RC_OK;
}

void rc_outputs_abort(rc_outputs *o)
{
    rc_err ignored;
    close_file(&o->tracks, o->dir, "tracks.csv", &ignored);
    close_file(&o->angles, o->dir, "angles.csv", &ignored);
    free(o->t_s);
    free(o->angle_deg);
    o->t_s = o->angle_deg = NULL;
}

rc_status rc_outputs_finish(rc_outputs *o, const rc_run_info *info, rc_err *err)
{
    rc_status st = close_file(&o->tracks, o->dir, "tracks.csv", err);
    if (st == RC_OK)
        st = close_file(&o->angles, o->dir, "angles.csv", err);
    if (st == RC_OK) {
        char *json = rc_summary_json(o->model, info, o->t_s, o->angle_deg, o->n, err);
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
