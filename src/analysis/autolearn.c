/* autolearn.c - sticker colours that fit this camera, learnt by themselves at the
 * start of a recording (rc_autolearn_run, analysis.h).
 *
 * Three short passes over the first AL_WINDOW_S of the input:
 *  1. nominal: the per-frame pipeline with the model's colours. A colour marker is
 *     found poorly when it is seen as a sticker-sized blob (area within
 *     AL_AREA_RATIO of the other stickers') in under AL_GOOD_FRAC of the frames, or
 *     away from its place in most of the first AL_EARLY frames in which the chain
 *     predicts it: the model's start-pose hints mapped onto the other markers seen
 *     (a similarity fit, as set up or mirrored, turned by at most 20 deg) - the
 *     chain says where the sticker must be.
 *  2. learning: in the first of those frames where the chain predicts the poor
 *     marker's place, the spot within the plausibility radius whose chroma stands out most
 *     from its surroundings (AL_MIN_CONTRAST; whatever its colour, since the nominal
 *     one is what failed) is learnt (rc_color_learn, as `romcap learn` does from a
 *     click) if the region it grows is sticker-sized and its colour is not doubtful
 *     (rc_color_learn_doubtful: within 0.6 |n| of the nominal colour's normalised
 *     chroma - the same sticker as the camera sees it, not another one).
 *  3. check: the pipeline again with the learnt classes. Confidence rule: a learnt
 *     class is kept only if it passed step 2 and, with it, the marker is found well (>=
 * AL_GOOD_FRAC of the frames) and in more frames than with its nominal colour; otherwise the
 * nominal class stays. When every marker is found well by its nominal colour nothing is learnt and
 * the model is returned unchanged. Each pass opens the input again (a few seconds of frames;
 * nothing is kept but positions), except that the analysis run counts the first pass on
 * its own frames (rc__al_inline, run.c) and calls the rest only for a poor marker. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "autolearn_internal.h"

#include <stdio.h>

#include "romcap/session.h"

/* TUNABLE: a blob is sticker-sized within this factor of the other stickers' median. */
static const double AL_AREA_RATIO = 3.0;
/* TUNABLE: plausible place: within this fraction of the distance from the marker's
 * predicted place to the nearest other marker's (half-way: nearer its own place). */
static const double AL_NEAR_FRAC = 0.5;
/* TUNABLE: the hints fit the markers seen only turned by at most this much (a
 * camera's roll; the start pose as the model describes it): beyond, one of them is
 * on the wrong object or the limb has moved, and no place is predicted. */
static const double AL_MAX_ROLL_RAD = 20.0 * 3.14159265358979 / 180.0;
/* TUNABLE: the hints fit the markers seen to within this fraction of their spread
 * (with three or more; two always fit exactly). */
static const double AL_MAX_RESID = 0.12;
/* TUNABLE: a candidate differs from the chroma around it by at least this much
 * (|dCb| + |dCr|, averaged over 3x3 blocks): a printed sticker, not skin shading. */
enum { AL_MIN_CONTRAST = 24 };

/* Median blob area of the seen colour markers other than `skip`; 0 if none. */
static float others_area(const rc_model *m, const rc_pipe_result *r, int skip)
{
    float a[RC_MAX_MARKERS];
    int n = 0;
    for (int j = 0; j < m->n_markers; j++)
        if (j != skip && m->marker[j].kind == RC_MARKER_COLOR &&
            r->marker[j].state == RC_TRACK_SEEN && r->marker[j].blob >= 0)
            a[n++] = r->blob[r->marker[j].blob].area_px;
    for (int i = 1; i < n; i++) /* insertion sort: a handful */
        for (int k = i; k > 0 && a[k] < a[k - 1]; k--) {
            float t = a[k];
            a[k] = a[k - 1];
            a[k - 1] = t;
        }
    return n ? a[n / 2] : 0;
}

static bool sticker_sized(float area, float ref)
{
    return ref <= 0 || (area <= ref * AL_AREA_RATIO && area * AL_AREA_RATIO >= ref);
}

/* The hints (hx, hy) of n markers fitted onto their positions (zx, zy) by a
 * least-squares similarity (complex z' = a h + b), applied to hint (qx, qy) -> *p.
 * Returns the fit's RMS residual (px), or INFINITY when the fit turns the hints by
 * more than AL_MAX_ROLL_RAD or is degenerate. */
static double fit_hints(int n, const double *hx, const double *hy, const double *zx,
                        const double *zy, double qx, double qy, double p[2])
{
    double mhx = 0, mhy = 0, mzx = 0, mzy = 0;
    for (int k = 0; k < n; k++) {
        mhx += hx[k] / n;
        mhy += hy[k] / n;
        mzx += zx[k] / n;
        mzy += zy[k] / n;
    }
    double sre = 0, sim = 0, sh = 0; /* a = sum conj(h) z / sum |h|^2 (centred) */
    for (int k = 0; k < n; k++) {
        double ax = hx[k] - mhx, ay = hy[k] - mhy, bx = zx[k] - mzx, by = zy[k] - mzy;
        sre += ax * bx + ay * by;
        sim += ax * by - ay * bx;
        sh += ax * ax + ay * ay;
    }
    if (sh <= 0)
        return INFINITY;
    double are = sre / sh, aim = sim / sh;
    if (fabs(atan2(aim, are)) > AL_MAX_ROLL_RAD)
        return INFINITY; /* a marker on the wrong object, or not the start pose */
    double se = 0;
    for (int k = 0; k < n; k++) {
        double ax = hx[k] - mhx, ay = hy[k] - mhy;
        se += pow(mzx + are * ax - aim * ay - zx[k], 2) + pow(mzy + are * ay + aim * ax - zy[k], 2);
    }
    p[0] = mzx + are * (qx - mhx) - aim * (qy - mhy);
    p[1] = mzy + are * (qy - mhy) + aim * (qx - mhx);
    return sqrt(se / n);
}

/* Where marker i should be in this frame: the model's start-pose hints fitted onto
 * the other seen markers (fit_hints), as set up or mirrored left-right (the subject
 * may face the other way; the run decides that later). False when fewer than two
 * others are seen, a hint is missing, no reading fits (turned, or a residual over
 * AL_MAX_RESID of the markers' spread), or both fit and disagree about the place.
 * *tol_px: the plausibility radius. */
static bool predict_place(const al_ctx *c, const rc_pipe_result *r, int i, double *px, double *py,
                          double *tol_px)
{
    const rc_model *m = c->m;
    double hx[2][RC_MAX_MARKERS], hy[RC_MAX_MARKERS], zx[RC_MAX_MARKERS], zy[RC_MAX_MARKERS];
    int n = 0;
    if (m->marker[i].hint_x < 0 || m->marker[i].hint_y < 0)
        return false;
    for (int j = 0; j < m->n_markers; j++) {
        const rc_model_marker *mk = &m->marker[j];
        if (j == i || r->marker[j].state != RC_TRACK_SEEN || mk->hint_x < 0 || mk->hint_y < 0)
            continue;
        hx[0][n] = mk->hint_x * c->width;
        hx[1][n] = (1 - mk->hint_x) * c->width;
        hy[n] = mk->hint_y * c->height;
        zx[n] = r->marker[j].x_px;
        zy[n] = r->marker[j].y_px;
        n++;
    }
    if (n < 2)
        return false;
    double spread = 0;
    for (int k = 1; k < n; k++)
        spread = fmax(spread, hypot(zx[k] - zx[0], zy[k] - zy[0]));
    double p[2][2], res[2];
    double qy = m->marker[i].hint_y * c->height;
    res[0] = fit_hints(n, hx[0], hy, zx, zy, m->marker[i].hint_x * c->width, qy, p[0]);
    res[1] = fit_hints(n, hx[1], hy, zx, zy, (1 - m->marker[i].hint_x) * c->width, qy, p[1]);
    bool ok[2] = {res[0] <= AL_MAX_RESID * spread, res[1] <= AL_MAX_RESID * spread};
    if (!ok[0] && !ok[1])
        return false;
    int use = ok[0] && (!ok[1] || res[0] <= res[1]) ? 0 : 1;
    double nearest = INFINITY;
    for (int k = 0; k < n; k++)
        nearest = fmin(nearest, hypot(zx[k] - p[use][0], zy[k] - p[use][1]));
    *tol_px = AL_NEAR_FRAC * nearest;
    if (ok[0] && ok[1] && hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]) > 0.5 * *tol_px)
        return false; /* either reading fits the others, and they disagree */
    *px = p[use][0];
    *py = p[use][1];
    return true;
}

/* Counts marker i in this frame: seen as a sticker-sized blob or a streak; and in the first
 * AL_EARLY frames, where the chain predicts its place, whether it is seen there. */
void rc__al_count_marker(const al_ctx *c, const rc_pipe_result *r, int i, al_pass *p)
{
    const rc_marker_state *s = &r->marker[i];
    /* a motion streak is the sticker too (its area is the smear's, not the disc's) */
    bool seen = (s->state == RC_TRACK_STREAK ||
                 (s->state == RC_TRACK_SEEN && s->blob >= 0 &&
                  sticker_sized(r->blob[s->blob].area_px, others_area(c->m, r, i))));
    p->sized[i] += seen;
    double px, py, tol;
    if (p->frames < AL_EARLY && predict_place(c, r, i, &px, &py, &tol)) {
        p->judged[i]++;
        p->placed[i] += seen && hypot(s->x_px - px, s->y_px - py) <= tol;
    }
}

/* Share of the pass's frames marker i was found well in: seen sticker-sized, and 0
 * when it was away from its place in most of the early judged frames. */
double rc__al_found_share(const al_pass *p, int i)
{
    if (p->frames == 0 || (p->judged[i] > 0 && 2 * p->placed[i] <= p->judged[i]))
        return 0;
    return (double)p->sized[i] / p->frames;
}

/* Runs model `m` over the window and counts the frames each marker is found well in. */
static rc_status pass_found(const al_ctx *c, const rc_model *m, al_pass *out, rc_err *err)
{
    memset(out, 0, sizeof *out);
    rc__frames in = {.src = rc_source_open(c->input, NULL, err)};
    if (!in.src)
        return RC_E_NOT_FOUND;
    rc_pipeline *pl = rc_pipeline_create(m, c->width, c->height, NULL, err);
    rc_status st = pl ? rc__frames_start(&in, c->threads, err) : RC_E_NOMEM;
    al_ctx cm = *c;
    cm.m = m;
    while (st == RC_OK && out->frames < c->max_frames) {
        rc_frame f;
        rc_status rs = rc__frames_next(&in, &f);
        if (rs == RC_E_DECODE)
            continue;
        if (rs != RC_OK)
            break; /* the end, or a failure the run itself will report */
        if (f.t_ns > (int64_t)(AL_WINDOW_S * 1e9) && out->frames > 0)
            break;
        st = rc_pipeline_process(pl, &f, c->res);
        if (st != RC_OK)
            rc_err_set(err, st, "%s: frame %lld: detection failed", c->input, (long long)f.index);
        for (int i = 0; st == RC_OK && i < m->n_markers; i++)
            rc__al_count_marker(&cm, c->res, i, out);
        out->frames++;
    }
    rc_pipeline_destroy(pl);
    rc__frames_close(&in);
    return st;
}

/* Median of a 256-bin histogram of n values. */
static int hist_median(const int *h, int n)
{
    int acc = 0;
    for (int v = 0; v < 256; v++)
        if ((acc += h[v]) * 2 >= n)
            return v;
    return 128;
}

/* The sticker candidate for marker i in `f`: within the plausibility radius of the
 * place the chain predicts, the 2x2 chroma block (3x3 blocks smoothed) that differs
 * most from the median chroma there (the skin or background around the sticker), if
 * it differs by at least AL_MIN_CONTRAST. Colour-blind on purpose: the nominal
 * colour is what failed. False if none. */
static bool find_candidate(const al_ctx *c, const rc_frame *f, int i, int *hist, float *x, float *y)
{
    double px, py, tol;
    if (!predict_place(c, c->res, i, &px, &py, &tol))
        return false;
    const rc_image *im = &f->image;
    int cw = im->width / 2, ch = im->height / 2;
    int r = (int)ceil(tol / 2), bx0 = (int)(px / 2), by0 = (int)(py / 2);
    int x0 = bx0 - r < 1 ? 1 : bx0 - r, x1 = bx0 + r > cw - 2 ? cw - 2 : bx0 + r;
    int y0 = by0 - r < 1 ? 1 : by0 - r, y1 = by0 + r > ch - 2 ? ch - 2 : by0 + r;
    if (x0 > x1 || y0 > y1)
        return false;
    memset(hist, 0, 2 * 256 * sizeof *hist);
    int n = 0;
    for (int by = y0; by <= y1; by++)
        for (int bx = x0; bx <= x1; bx++, n++) {
            hist[rc_image_row(im, 1, by)[bx]]++;
            hist[256 + rc_image_row(im, 2, by)[bx]]++;
        }
    int mb = hist_median(hist, n), mr = hist_median(hist + 256, n);
    int best = AL_MIN_CONTRAST * 9 - 1;
    bool got = false;
    for (int by = y0; by <= y1; by++)
        for (int bx = x0; bx <= x1; bx++) {
            if (hypot(2.0 * bx + 0.5 - px, 2.0 * by + 0.5 - py) > tol)
                continue;
            int d = 0;
            for (int j = -1; j <= 1; j++)
                for (int k = -1; k <= 1; k++)
                    d += abs(rc_image_row(im, 1, by + j)[bx + k] - mb) +
                         abs(rc_image_row(im, 2, by + j)[bx + k] - mr);
            if (d > best) {
                best = d;
                *x = 2.0f * bx + 0.5f;
                *y = 2.0f * by + 0.5f;
                got = true;
            }
        }
    return got;
}

void rc__al_learn_marker(const al_ctx *c, const rc_frame *f, int i, int *hist,
                         rc_autolearn_marker *a)
{
    float x = 0, y = 0;
    if (a->tried || !find_candidate(c, f, i, hist, &x, &y))
        return;
    a->tried = true;
    rc_err e = {{0}};
    rc_color_learn_info info;
    char why[128];
    if (rc_color_learn(&f->image, x, y, &a->cls, &info, &e) != RC_OK ||
        rc_color_learn_doubtful(&a->cls, &info, c->m->marker[i].rgb, why, sizeof why) ||
        !sticker_sized(info.area_px, others_area(c->m, c->res, i)))
        return;
    a->have_class = true;
    a->frame = f->index;
    a->x_px = x;
    a->y_px = y;
    a->mean_luma = info.mean_luma;
}

bool rc__al_learnable(const rc_model *m, int i)
{
    /* An optional sticker may simply not be there: learning would take whatever the
     * chain's guess lands on for it (romcap learn still learns it by hand). */
    return m->marker[i].kind == RC_MARKER_COLOR && !m->marker[i].chroma_learned &&
           !m->marker[i].optional;
}

/* Pass 2: learns each poor marker at its first plausible candidate. */
static rc_status pass_learn(const al_ctx *c, const bool *poor, rc_autolearn_result *res,
                            rc_err *err)
{
    const rc_model *m = c->m;
    int todo = 0;
    for (int i = 0; i < m->n_markers; i++)
        todo += poor[i];
    rc_source *src = rc_source_open(c->input, NULL, err);
    rc_pipeline *pl = src ? rc_pipeline_create(m, c->width, c->height, NULL, err) : NULL;
    int *hist = malloc(2 * 256 * sizeof *hist);
    rc_status st = pl && hist ? RC_OK : RC_E_NOMEM;
    for (int64_t n = 0; st == RC_OK && todo > 0 && n < AL_EARLY; n++) {
        rc_frame f;
        rc_status rs = rc_source_read(src, &f);
        if (rs == RC_E_DECODE)
            continue;
        if (rs != RC_OK || (f.t_ns > (int64_t)(AL_WINDOW_S * 1e9) && n > 0))
            break;
        if ((st = rc_pipeline_process(pl, &f, c->res)) != RC_OK)
            break;
        for (int i = 0; i < m->n_markers; i++) {
            rc_autolearn_marker *a = &res->marker[i];
            if (!poor[i] || a->tried)
                continue;
            rc__al_learn_marker(c, &f, i, hist, a);
            todo -= a->tried;
        }
    }
    free(hist);
    rc_pipeline_destroy(pl);
    rc_source_close(src);
    return st;
}

void rc__al_class_rgb(const rc_color_class *k, float y, uint8_t rgb[3])
{
    double cb = k->mean[0] * y, cr = k->mean[1] * y;
    double v[3] = {y + 1.402 * cr, y - 0.344136 * cb - 0.714136 * cr, y + 1.772 * cb};
    for (int i = 0; i < 3; i++)
        rgb[i] = (uint8_t)lround(fmin(255, fmax(0, v[i])));
}

rc_status rc_autolearn_run(const char *input, const rc_model *m, int width, int height,
                           rc_model *learnt, rc_autolearn_result *res, rc_err *err)
{
    return rc__autolearn_run_threads(input, m, width, height, 1, learnt, res, err);
}

/* Passes 2 and 3 after the first pass's counts `nom` (c->m's colours): judges each
 * marker, learns the poor ones, checks the learnt classes and keeps those that pass
 * the confidence rule. res is zeroed and *learnt is c->m beforehand. */
static rc_status judge_learn_check(const al_ctx *c, const al_pass *nom, rc_model *learnt,
                                   rc_autolearn_result *res, rc_err *err)
{
    const rc_model *m = c->m;
    al_pass chk;
    bool poor[RC_MAX_MARKERS] = {false};
    rc_status st = RC_OK;
    res->frames = nom->frames;
    for (int i = 0; i < m->n_markers; i++) {
        res->marker[i].nominal_found = rc__al_found_share(nom, i);
        poor[i] = rc__al_learnable(m, i) && nom->frames > 0 &&
                  res->marker[i].nominal_found < AL_GOOD_FRAC;
        res->marker[i].poor = poor[i];
        res->n_poor += poor[i];
    }
    if (res->n_poor > 0)
        st = pass_learn(c, poor, res, err);
    rc_model trial = *m;
    int n_try = 0;
    for (int i = 0; st == RC_OK && i < m->n_markers; i++)
        if (poor[i] && res->marker[i].have_class) {
            rc_model_marker_set_chroma(&trial.marker[i], res->marker[i].cls.mean,
                                       res->marker[i].cls.cov);
            n_try++;
        }
    if (st == RC_OK && n_try > 0)
        st = pass_found(c, &trial, &chk, err);
    for (int i = 0; st == RC_OK && n_try > 0 && i < m->n_markers; i++) {
        rc_autolearn_marker *a = &res->marker[i];
        if (!poor[i] || !a->have_class)
            continue;
        a->learnt_found = rc__al_found_share(&chk, i);
        if (a->learnt_found >= AL_GOOD_FRAC && a->learnt_found > a->nominal_found) {
            a->learnt = true;
            rc__al_class_rgb(&a->cls, a->mean_luma, a->rgb);
            rc_model_marker_set_chroma(&learnt->marker[i], a->cls.mean, a->cls.cov);
            res->n_learnt++;
        }
    }
    return st;
}

rc_status rc__autolearn_run_threads(const char *input, const rc_model *m, int width, int height,
                                    int threads, rc_model *learnt, rc_autolearn_result *res,
                                    rc_err *err)
{
    memset(res, 0, sizeof *res);
    if (!input || !m || !learnt || width <= 0 || height <= 0)
        return rc_err_set(err, RC_E_ARG, "rc_autolearn_run: missing argument");
    *learnt = *m;
    al_ctx c = {.input = input,
                .m = m,
                .width = width,
                .height = height,
                .max_frames = AL_MAX_FRAMES,
                .threads = threads};
    c.res = malloc(sizeof *c.res);
    if (!c.res)
        return rc_err_set(err, RC_E_NOMEM, "out of memory");
    al_pass nom;
    rc_status st = pass_found(&c, m, &nom, err);
    if (st == RC_OK)
        st = judge_learn_check(&c, &nom, learnt, res, err);
    else
        res->frames = nom.frames;
    free(c.res);
    return st;
}

/* ---- the first pass on the run's own frames (autolearn_internal.h) ---- */

void rc__al_inline_begin(rc__al_inline *k, const char *input, const rc_model *m, int width,
                         int height, int threads)
{
    memset(k, 0, sizeof *k);
    k->c = (al_ctx){.input = input,
                    .m = m,
                    .width = width,
                    .height = height,
                    .max_frames = AL_MAX_FRAMES,
                    .threads = threads};
    k->open = true;
}

bool rc__al_inline_ends_before(const rc__al_inline *k, const rc_frame *f)
{
    return k->nom.frames >= k->c.max_frames ||
           (f->t_ns > (int64_t)(AL_WINDOW_S * 1e9) && k->nom.frames > 0);
}

void rc__al_inline_count(rc__al_inline *k, const rc_pipe_result *r)
{
    for (int i = 0; i < k->c.m->n_markers; i++)
        rc__al_count_marker(&k->c, r, i, &k->nom);
    k->nom.frames++;
}

rc_status rc__al_inline_finish(rc__al_inline *k, rc_model *learnt, rc_autolearn_result *res,
                               rc_err *err)
{
    k->open = false;
    memset(res, 0, sizeof *res);
    *learnt = *k->c.m;
    k->c.res = malloc(sizeof *k->c.res);
    if (!k->c.res)
        return rc_err_set(err, RC_E_NOMEM, "out of memory");
    rc_status st = judge_learn_check(&k->c, &k->nom, learnt, res, err);
    free(k->c.res);
    k->c.res = NULL;
    return st;
}

int rc__al_from_session(const char *input, const rc_model *m, rc_model *out, rc_run_info *info,
                        void (*say)(void *user, const char *msg), void *user, rc_err *err)
{
    *out = *m;
    if (!rc_session_is_dir(input))
        return 0;
    rc_learnt_colour c[RC_MAX_MARKERS];
    int n = 0, used = 0;
    if (rc_session_learnt(input, c, RC_MAX_MARKERS, &n, err) != RC_OK)
        return -1;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < m->n_markers; i++) {
            if (strcmp(m->marker[i].name, c[k].marker) || !rc__al_learnable(out, i) ||
                info->n_learnt_colours >= RC_MAX_MARKERS)
                continue;
            rc_model_marker_set_chroma(&out->marker[i], c[k].mean, c[k].cov);
            info->learnt_colour[info->n_learnt_colours++] = c[k];
            used++;
            char msg[RC_ERR_CAP];
            snprintf(msg, sizeof msg,
                     "%.*s: the colour learnt while recording (session.json, frame %lld): "
                     "#%02x%02x%02x",
                     (int)sizeof c[k].marker - 1, c[k].marker, (long long)c[k].frame, c[k].rgb[0], c[k].rgb[1], c[k].rgb[2]);
            if (say)
                say(user, msg);
        }
    return used;
}
