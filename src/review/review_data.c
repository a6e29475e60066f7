/* review_data.c - a recorded session and its results, held for the review window.
 *
 * Everything is read once at open, each file through its one reader: the session
 * (frames and their time stamps, the model it was recorded with), tracks.csv,
 * angles.csv and summary.json. Rows of the result files are found by frame number
 * through two index arrays built here (a skipped corrupt frame has no row), so
 * showing a frame is a lookup plus one JPEG decode into the image made at open.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/jpeg.h"
#include "romcap/review.h"
#include "romcap/session.h"

struct rc_review {
    char dir[RC_TEXT_CAP];
    rc_session *session;
    rc_jpeg *jpeg;
    uint8_t *data; /* one frame's JPEG bytes, cap bytes */
    size_t cap;
    rc_image image;
    uint8_t *pixels; /* owns image's planes */
    int64_t n;
    double *t_s; /* n frame times, seconds from frame 0 */
    rc_model model;
    rc_tracks tracks;
    rc_angles angles;
    int64_t *track_row, *angle_row; /* n each: row of frame i, -1 none */
    int marker_col[RC_MAX_MARKERS]; /* model marker -> tracks.csv marker, -1 none */
    int angle_col[RC_MAX_ANGLES];   /* model angle -> angles.csv column, -1 none */
    rc_summary summary;
    double rep_t0[RC_MAX_ANGLES][RC_SUMMARY_MAX_REPS], rep_t1[RC_MAX_ANGLES][RC_SUMMARY_MAX_REPS];
    int n_reps[RC_MAX_ANGLES];
    rc_marker_state markers[RC_MAX_MARKERS]; /* the frame shown */
    double angle_deg[RC_MAX_ANGLES];
};

void rc_review_close(rc_review *r)
{
    if (!r)
        return;
    rc_session_close(r->session);
    rc_jpeg_destroy(r->jpeg);
    free(r->data);
    free(r->pixels);
    free(r->t_s);
    free(r->track_row);
    free(r->angle_row);
    rc_tracks_free(&r->tracks);
    rc_angles_free(&r->angles);
    free(r);
}

/* The session: frames, their times (as the session source hands them out: from
 * frame 0, never going back), the model, the frame size and the buffers. */
static rc_status open_session(rc_review *r, rc_err *err)
{
    if (!(r->session = rc_session_open(r->dir, err)) || !(r->jpeg = rc_jpeg_create(err)))
        return RC_E_IO;
    rc_status st = rc_session_model(r->session, &r->model, err);
    if (st != RC_OK)
        return st;
    r->n = rc_session_frame_count(r->session);
    r->cap = rc_session_max_jpeg_bytes(r->session);
    if (!(r->t_s = malloc((size_t)r->n * sizeof *r->t_s)) || !(r->data = malloc(r->cap + 1)))
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory for %lld frames", r->dir,
                          (long long)r->n);
    rc_session_frame f;
    int64_t t0 = 0, last = 0;
    for (int64_t i = 0; i < r->n; i++) {
        rc_session_frame_get(r->session, i, &f);
        if (i == 0)
            t0 = f.t_ns;
        int64_t dt;
        if (__builtin_sub_overflow(f.t_ns, t0, &dt) || dt < last)
            dt = last;
        last = dt;
        r->t_s[i] = (double)dt * 1e-9;
    }
    size_t n0 = 0;
    rc_jpeg_header h;
    if ((st = rc_session_read_jpeg(r->session, 0, r->data, r->cap, &n0, err)) != RC_OK)
        return st;
    if (rc_jpeg_header_read(r->jpeg, r->data, n0, &h) != RC_OK)
        return rc_err_set(err, RC_E_DECODE, "%s/frames.mjpeg: frame 0: %s", r->dir,
                          rc_jpeg_last_error(r->jpeg));
    if (!(r->pixels = rc_image_alloc(&r->image, RC_PIX_I420, h.width, h.height)) ||
        rc_jpeg_reserve(r->jpeg, h.width, h.height) != RC_OK)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory for %dx%d frames", r->dir, h.width,
                          h.height);
    return RC_OK;
}

static int64_t *row_index(int64_t n, const int64_t *frame, int64_t rows)
{
    int64_t *ix = malloc((size_t)(n > 0 ? n : 1) * sizeof *ix);
    if (!ix)
        return NULL;
    for (int64_t i = 0; i < n; i++)
        ix[i] = -1;
    for (int64_t k = 0; k < rows; k++)
        if (frame[k] >= 0 && frame[k] < n)
            ix[frame[k]] = k;
    return ix;
}

/* The result files, matched to the model by name. */
static rc_status open_results(rc_review *r, rc_err *err)
{
    char path[RC_TEXT_CAP + 32];
    rc_status st;
    snprintf(path, sizeof path, "%s/tracks.csv", r->dir);
    if ((st = rc_tracks_read(path, &r->tracks, err)) != RC_OK)
        return st;
    snprintf(path, sizeof path, "%s/angles.csv", r->dir);
    if ((st = rc_angles_read(path, &r->angles, err)) != RC_OK)
        return st;
    snprintf(path, sizeof path, "%s/summary.json", r->dir);
    if ((st = rc_summary_read(path, &r->summary, err)) != RC_OK)
        return st == RC_E_NOT_FOUND ? rc_err_set(err, st, "%s: not found", path) : st;
    if (!(r->track_row = row_index(r->n, r->tracks.frame, r->tracks.n_frames)) ||
        !(r->angle_row = row_index(r->n, r->angles.frame, r->angles.n)))
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", r->dir);
    const rc_model *m = &r->model;
    for (int i = 0; i < m->n_markers; i++) {
        r->marker_col[i] = -1;
        for (int k = 0; k < r->tracks.n_markers; k++)
            if (!strcmp(r->tracks.name[k], m->marker[i].name))
                r->marker_col[i] = k;
    }
    double a0 = r->angles.n > 0 ? r->angles.t_s[0] : 0; /* the reps' time origin */
    for (int a = 0; a < m->n_angles; a++) {
        r->angle_col[a] = -1;
        for (int k = 0; k < r->angles.n_angles; k++)
            if (!strcmp(r->angles.name[k], m->angle[a].name))
                r->angle_col[a] = k;
        const rc_summary_angle *sa = rc_summary_find(&r->summary, m->angle[a].name);
        for (int k = 0; sa && k < sa->n_reps; k++)
            if (isfinite(sa->rep_start_s[k]) && isfinite(sa->rep_end_s[k])) {
                r->rep_t0[a][r->n_reps[a]] = a0 + sa->rep_start_s[k];
                r->rep_t1[a][r->n_reps[a]++] = a0 + sa->rep_end_s[k];
            }
    }
    return RC_OK;
}

rc_review *rc_review_open(const char *dir, rc_err *err)
{
    rc_review *r = calloc(1, sizeof *r);
    if (!r) {
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory", dir);
        return NULL;
    }
    snprintf(r->dir, sizeof r->dir, "%s", dir);
    size_t len = strlen(r->dir);
    while (len > 1 && r->dir[len - 1] == '/')
        r->dir[--len] = 0;
    if (open_session(r, err) != RC_OK || open_results(r, err) != RC_OK) {
        rc_review_close(r);
        return NULL;
    }
    return r;
}

int64_t rc_review_frame_count(const rc_review *r)
{
    return r->n;
}

const double *rc_review_times(const rc_review *r)
{
    return r->t_s;
}

const rc_model *rc_review_model(const rc_review *r)
{
    return &r->model;
}

const rc_summary *rc_review_summary(const rc_review *r)
{
    return &r->summary;
}

rc_status rc_review_load(rc_review *r, int64_t i, rc_review_frame *out, rc_err *err)
{
    if (i < 0 || i >= r->n)
        return rc_err_set(err, RC_E_ARG, "%s: no frame %lld (%lld frames)", r->dir, (long long)i,
                          (long long)r->n);
    size_t n = 0;
    rc_status st = rc_session_read_jpeg(r->session, i, r->data, r->cap, &n, err);
    if (st != RC_OK)
        return st;
    if (rc_jpeg_decode_i420(r->jpeg, r->data, n, &r->image) != RC_OK)
        return rc_err_set(err, RC_E_DECODE, "%s/frames.mjpeg (frame %lld): %s", r->dir,
                          (long long)i, rc_jpeg_last_error(r->jpeg));
    const rc_model *m = &r->model;
    int64_t tr = r->track_row[i], ar = r->angle_row[i];
    for (int k = 0; k < m->n_markers; k++) {
        rc_marker_state s = {.x_px = NAN, .y_px = NAN, .state = RC_TRACK_LOST};
        int c = r->marker_col[k];
        int64_t at = tr * r->tracks.n_markers + c;
        if (tr >= 0 && c >= 0 && (!r->tracks.present || r->tracks.present[at]))
            s = r->tracks.marker[at];
        r->markers[k] = s;
    }
    for (int a = 0; a < m->n_angles; a++)
        r->angle_deg[a] = ar >= 0 && r->angle_col[a] >= 0
                              ? r->angles.deg[ar * r->angles.n_angles + r->angle_col[a]]
                              : NAN;
    *out = (rc_review_frame){.index = i,
                             .t_s = r->t_s[i],
                             .image = &r->image,
                             .markers = r->markers,
                             .angle_deg = r->angle_deg};
    return RC_OK;
}

void rc_review_get_series(const rc_review *r, int angle, rc_review_series *out)
{
    memset(out, 0, sizeof *out);
    if (angle < 0 || angle >= r->model.n_angles || r->angle_col[angle] < 0)
        return;
    out->n = r->angles.n;
    out->t_s = r->angles.t_s;
    out->deg = r->angles.deg + r->angle_col[angle];
    out->stride = r->angles.n_angles;
    out->n_reps = r->n_reps[angle];
    out->rep_t0_s = r->rep_t0[angle];
    out->rep_t1_s = r->rep_t1[angle];
}
