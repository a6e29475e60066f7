/* series.c - the recording kept during an analysis run (a few dozen bytes per
 * frame), gap-filled once the whole recording is known, and handed to the results
 * writers (results.h) at the end. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "romcap/files.h"
#include "romcap/results.h"

static FILE *open_in(const char *dir, const char *name, rc_err *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return rc_fopen_private(path, err);
}

rc_status rc__series_open(rc__series *o, const char *dir, const rc_model *m, rc_err *err)
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

static rc_status grow(rc__series *o)
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

rc_status rc__series_add(rc__series *o, int64_t frame, const rc_pipe_result *r, rc_err *err)
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

void rc__series_fill_gaps(rc__series *o, const rc_pipeline *p, double max_gap_s)
{
    const rc_model *m = o->model;
    if (o->n == 0 || m->n_markers == 0)
        return;
    o->gap_filled = rc_track_fill_gaps(o->marker, o->t_s, o->n, m->n_markers, max_gap_s);
    if (!o->gap_filled)
        return;
    for (int64_t i = 0; i < o->n; i++) {
        const rc_marker_state *ms = &o->marker[i * m->n_markers];
        int filled = 0;
        for (int k = 0; k < m->n_markers; k++)
            filled |= ms[k].state == RC_TRACK_INTERPOLATED;
        if (filled)
            rc_pipeline_angles(p, ms, &o->angle_deg[i * m->n_angles]);
    }
}

void rc__series_free(rc__series *o)
{
    if (!o)
        return;
    free(o->frame);
    free(o->t_s);
    free(o->marker);
    free(o->angle_deg);
    o->frame = NULL;
    o->t_s = o->angle_deg = NULL;
    o->marker = NULL;
    o->n = o->cap = 0;
}

rc_status rc__series_finish(rc__series *o, const rc_run_info *info, rc_err *err)
{
    const rc_model *m = o->model;
    rc_tracks tr = {.n_markers = m->n_markers,
                    .n_frames = o->n,
                    .frame = o->frame,
                    .t_s = o->t_s,
                    .marker = o->marker};
    /* each angle's quality: the worst state of its markers (results.h) */
    uint8_t *q = malloc((size_t)(o->n > 0 ? o->n : 1) * (m->n_angles > 0 ? m->n_angles : 1));
    if (!q) {
        rc__series_free(o);
        return rc_err_set(err, RC_E_NOMEM, "out of memory for the angles' quality");
    }
    for (int64_t i = 0; i < o->n; i++)
        for (int a = 0; a < m->n_angles; a++)
            q[i * m->n_angles + a] =
                isnan(o->angle_deg[i * m->n_angles + a])
                    ? RC_TRACK_LOST
                    : (uint8_t)rc_angle_state(m, a, &o->marker[i * m->n_markers]);
    rc_angles an = {.n_angles = m->n_angles,
                    .n = o->n,
                    .frame = o->frame,
                    .t_s = o->t_s,
                    .deg = o->angle_deg,
                    .q = q};
    for (int k = 0; k < m->n_markers; k++)
        memcpy(tr.name[k], m->marker[k].name, sizeof tr.name[k]);
    for (int a = 0; a < m->n_angles; a++)
        memcpy(an.name[a], m->angle[a].name, sizeof an.name[a]);
    char path[4200];
    snprintf(path, sizeof path, "%s/tracks.csv", o->dir);
    rc_status st = rc_tracks_write(path, &tr, err);
    if (st == RC_OK) {
        snprintf(path, sizeof path, "%s/angles.csv", o->dir);
        st = rc_angles_write(path, &an, err);
    }
    if (st == RC_OK) {
        snprintf(path, sizeof path, "%s/summary.json", o->dir);
        st = rc_summary_write(path, m, &an, info, err);
    }
    free(q);
    rc__series_free(o);
    return st;
}
