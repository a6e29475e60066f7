/* detect_adapt.c - colour classes that follow a white-balance drift (issue 15).
 *
 * Normalised chroma n = (Cb - 128, Cr - 128) / Y does not move when the light gets
 * brighter or dimmer, but it does when a camera's automatic white balance changes
 * the gains of red and blue: a sticker's chroma then walks towards the edge of its
 * class and out. The drift is global, one pair of gains for the whole frame, so it
 * is estimated from the stickers that are certain this frame and applied to every
 * class, including those not seen:
 *   - a colour with normalised chroma n has RGB / Y = C^-1 (1, nb, nr) (JFIF), so a
 *     gain pair (e^gr on R, e^gb on B, on the gamma-encoded values a camera
 *     outputs) moves it to a point computable from n alone (`moved`): a configured
 *     centre, model colour or learnt mean, moves the way its sticker would;
 *   - each certain blob gives its core's mean chroma (blocks well inside its edge,
 *     all of them, not only those its class takes, so the sample is not pulled
 *     towards the class); samples outside the core of their own class (0.6 of its
 *     size) or inside another class are not used;
 *   - the gains that best move the centres onto the samples (least squares in each
 *     class's own metric, three Gauss-Newton steps from the current gains with a
 *     small pull towards them) are refused when any sample stays more than 0.3 of
 *     its class's size from its moved centre (the markers disagree: one of them is
 *     not what it seems) or when fewer than two samples agree;
 *   - the gains then move a third of the way there, at most 0.02 a frame each
 *     (a camera's white balance settles over seconds), and are scaled back until
 *     no centre is more than half its class's size from its configured place.
 * The tables (detect_classify.c) are built for every centre within that bound, so
 * moving a centre between frames needs only the class constants: the per-block
 * rule and the hot loop are the same code.
 */
#include "detect_internal.h"

#include <math.h>
#include <string.h>

/* TUNABLE: largest centre move, in class units (1 = the class's edge). Half the
 * class keeps skin (two class sizes from yellow, the nearest) out, and follows
 * white-balance swings of +-30% on most palette colours (a magenta centre moves
 * 0.64 class sizes at +-30%: the rest is left to the tolerance). */
#define ADAPT_BOUND 0.5f
/* TUNABLE: a sample is used only inside this share of its own class. */
#define ADAPT_CORE 0.6
/* TUNABLE: the fit is refused when a sample stays farther than this (class units). */
#define ADAPT_AGREE 0.2
/* TUNABLE: the share of the way the gains move a frame, and the most they move. */
#define ADAPT_RATE 0.33
#define ADAPT_STEP 0.02
/* TUNABLE: the pull towards the current gains (the fit's ridge), in the units of
 * the normal equations (a class-unit sample contributes about 10..100). */
#define ADAPT_RIDGE 0.5
/* TUNABLE: a core is the blocks whose centres are this far inside the blob's edge
 * (anti-aliasing and 4:2:0 chroma mix the background into the outer 1.5 px). */
#define CORE_MARGIN_PX 2.0
#define MAX_SAMPLES    32
#define MAX_CORE_SIDE  24 /* blocks a side of a core at most: larger ones are strided */

void rc__detect_adapt_init(rc_detector *d)
{
    memset(&d->adapt, 0, sizeof d->adapt);
    for (int k = 0; k < d->cfg.n_classes; k++) {
        d->adapt.home[k][0] = d->ref[k].nb;
        d->adapt.home[k][1] = d->ref[k].nr;
    }
    d->adapt.bound = d->cfg.adapt_light && d->n_color ? ADAPT_BOUND : 0.0f;
}

/* Normalised chroma `h` moved by log gains g on gamma-encoded R and B. */
static void moved(const float h[2], const double g[2], double out[2])
{
    double nb = h[0], nr = h[1];
    double r = (1.0 + 1.402 * nr) * exp(g[0]), gg = 1.0 - 0.344136 * nb - 0.714136 * nr;
    double b = (1.0 + 1.772 * nb) * exp(g[1]);
    double y = 0.299 * r + 0.587 * gg + 0.114 * b;
    double cb = -0.168736 * r - 0.331264 * gg + 0.5 * b,
           cr = 0.5 * r - 0.418688 * gg - 0.081312 * b;
    if (y < 1e-3) /* a learnt mean far outside the gamut: leave it */
        y = 1e-3;
    out[0] = cb / y;
    out[1] = cr / y;
}

/* Squared distance of the offset (db, dr) in class r's metric (1 = its edge). */
static double metric2(const rc__class_ref *r, double db, double dr)
{
    return r->q00 * db * db + 2.0 * r->q01 * db * dr + r->q11 * dr * dr;
}

/* Mean normalised chroma of blob b's core (the blocks CORE_MARGIN_PX inside its
 * edge; for a blob too small for that, the blocks within `min_rad` px of its
 * centre when min_rad > 0); 0 when there is no core or it is mostly without colour
 * (a highlight). */
static int core_chroma(const rc_detector *d, const rc_image *f, const rc_blob *b, double min_rad,
                       double n[2])
{
    double rad = sqrt(b->area_px / 3.14159265358979) - CORE_MARGIN_PX;
    if (!(rad >= 1.0) && min_rad > 0)
        rad = min_rad;
    if (!(rad >= 1.0))
        return 0;
    int i0 = (int)floor((b->x_px - rad - 0.5) / 2), i1 = (int)ceil((b->x_px + rad - 0.5) / 2);
    int j0 = (int)floor((b->y_px - rad - 0.5) / 2), j1 = (int)ceil((b->y_px + rad - 0.5) / 2);
    i0 = i0 < 0 ? 0 : i0;
    j0 = j0 < 0 ? 0 : j0;
    i1 = i1 > d->w2 - 1 ? d->w2 - 1 : i1;
    j1 = j1 > d->h2 - 1 ? d->h2 - 1 : j1;
    int step = 1 + (i1 - i0) / MAX_CORE_SIDE;
    double sb = 0, sr = 0;
    int used = 0, grey = 0;
    for (int j = j0; j <= j1; j += step) {
        const uint8_t *ya = rc_image_row(f, 0, 2 * j);
        const uint8_t *yb = 2 * j + 1 < d->h ? rc_image_row(f, 0, 2 * j + 1) : ya;
        const uint8_t *u = rc_image_row(f, 1, j), *v = rc_image_row(f, 2, j);
        double dy = 2.0 * j + 0.5 - b->y_px;
        for (int i = i0; i <= i1; i += step) {
            double dx = 2.0 * i + 0.5 - b->x_px;
            if (dx * dx + dy * dy > rad * rad)
                continue;
            int xa = 2 * i, xb = 2 * i + 1 < d->w ? 2 * i + 1 : 2 * i;
            double y = 0.25 * (ya[xa] + ya[xb] + yb[xa] + yb[xb]);
            double cb = u[i] - 128.0, cr = v[i] - 128.0;
            if (cb * cb + cr * cr < MIN_CHROMA * MIN_CHROMA) {
                grey++;
                continue;
            }
            double yn = y > LUMA_FLOOR ? y : LUMA_FLOOR;
            sb += cb / yn;
            sr += cr / yn;
            used++;
        }
    }
    if (used == 0 || grey > used)
        return 0;
    n[0] = sb / used;
    n[1] = sr / used;
    return 1;
}

double rc__detect_core_distance(const rc_detector *d, const rc_image *frame, const rc_blob *b)
{
    const rc__class_ref *r = &d->ref[b->cls];
    double n[2];
    if (r->kind != RC_CLASS_COLOR || !core_chroma(d, frame, b, 1.0, n))
        return 0.0;
    return sqrt(metric2(r, n[0] - r->nb, n[1] - r->nr));
}

typedef struct sample {
    int cls;
    double n[2];
} sample;

/* The certain blobs' samples: in the core of their own class as it is now and in
 * no other class. */
static int collect(const rc_detector *d, const rc_image *f, const rc_blob *certain, int n,
                   sample *s)
{
    int ns = 0;
    for (int k = 0; k < n && ns < MAX_SAMPLES; k++) {
        const rc_blob *b = &certain[k];
        if (b->cls < 0 || b->cls >= d->cfg.n_classes || d->ref[b->cls].kind != RC_CLASS_COLOR ||
            b->streak || !core_chroma(d, f, b, 0, s[ns].n))
            continue;
        int ok = 1;
        for (int c = 0; c < d->cfg.n_classes && ok; c++) {
            const rc__class_ref *r = &d->ref[c];
            if (r->kind != RC_CLASS_COLOR)
                continue;
            double m2 = metric2(r, s[ns].n[0] - r->nb, s[ns].n[1] - r->nr);
            ok = c == b->cls ? m2 <= ADAPT_CORE * ADAPT_CORE : m2 > 1.0;
        }
        if (ok)
            s[ns++].cls = b->cls;
    }
    return ns;
}

/* Gauss-Newton from g towards the gains that move the centres onto the samples.
 * Returns the largest residual (class units) at the result. */
static double fit(const rc_detector *d, const sample *s, int ns, double g[2])
{
    const double h = 1e-4;
    for (int it = 0; it < 3; it++) {
        double a00 = ADAPT_RIDGE, a01 = 0, a11 = ADAPT_RIDGE, b0 = 0, b1 = 0;
        for (int k = 0; k < ns; k++) {
            const rc__class_ref *r = &d->ref[s[k].cls];
            const float *home = d->adapt.home[s[k].cls];
            double c[2], gp[2] = {g[0] + h, g[1]}, gq[2] = {g[0], g[1] + h}, cp[2], cq[2];
            moved(home, g, c);
            moved(home, gp, cp);
            moved(home, gq, cq);
            /* J columns: d centre / d gr, d centre / d gb */
            double j00 = (cp[0] - c[0]) / h, j10 = (cp[1] - c[1]) / h;
            double j01 = (cq[0] - c[0]) / h, j11 = (cq[1] - c[1]) / h;
            double e0 = s[k].n[0] - c[0], e1 = s[k].n[1] - c[1];
            /* Q J and Q e with Q the class's quadratic form */
            double qj00 = r->q00 * j00 + r->q01 * j10, qj10 = r->q01 * j00 + r->q11 * j10;
            double qj01 = r->q00 * j01 + r->q01 * j11, qj11 = r->q01 * j01 + r->q11 * j11;
            a00 += j00 * qj00 + j10 * qj10;
            a01 += j00 * qj01 + j10 * qj11;
            a11 += j01 * qj01 + j11 * qj11;
            b0 += qj00 * e0 + qj10 * e1;
            b1 += qj01 * e0 + qj11 * e1;
        }
        double det = a00 * a11 - a01 * a01;
        if (!(det > 1e-12))
            break;
        g[0] += (a11 * b0 - a01 * b1) / det;
        g[1] += (a00 * b1 - a01 * b0) / det;
    }
    double worst = 0;
    for (int k = 0; k < ns; k++) {
        double c[2];
        moved(d->adapt.home[s[k].cls], g, c);
        double m2 = metric2(&d->ref[s[k].cls], s[k].n[0] - c[0], s[k].n[1] - c[1]);
        worst = m2 > worst ? m2 : worst;
    }
    return sqrt(worst);
}

/* The largest centre move (class units) the gains g cause. */
static double largest_move(const rc_detector *d, const double g[2])
{
    double worst = 0;
    for (int k = 0; k < d->cfg.n_classes; k++) {
        const rc__class_ref *r = &d->ref[k];
        if (r->kind != RC_CLASS_COLOR)
            continue;
        double c[2];
        moved(d->adapt.home[k], g, c);
        double m2 = metric2(r, c[0] - d->adapt.home[k][0], c[1] - d->adapt.home[k][1]);
        worst = m2 > worst ? m2 : worst;
    }
    return sqrt(worst);
}

int rc_detector_adapt(rc_detector *d, const rc_image *frame, const rc_blob *certain, int n)
{
    if (!d || n < 0 || (n > 0 && !certain) || !frame || frame->fmt != RC_PIX_I420 ||
        frame->width != d->w || frame->height != d->h)
        return RC_E_ARG;
    rc__adapt *a = &d->adapt;
    if (a->bound <= 0)
        return 0;
    sample s[MAX_SAMPLES];
    int ns = collect(d, frame, certain, n, s);
    if (ns < 2)
        return 0;
    double g[2] = {a->g[0], a->g[1]};
    if (!(fit(d, s, ns, g) <= ADAPT_AGREE) || !isfinite(g[0]) || !isfinite(g[1])) {
        a->refused++;
        return 0;
    }
    /* A share of the way, at most ADAPT_STEP a frame each. */
    double next[2];
    for (int c = 0; c < 2; c++) {
        double step = ADAPT_RATE * (g[c] - a->g[c]);
        step = step > ADAPT_STEP ? ADAPT_STEP : step < -ADAPT_STEP ? -ADAPT_STEP : step;
        next[c] = a->g[c] + step;
    }
    /* Within the bound (with room for float rounding against the tables): scale
     * the gains back; the move is nearly linear in them. */
    const double lim = 0.98 * (double)a->bound;
    double mv = largest_move(d, next);
    int limited = 0;
    for (int it = 0; it < 8 && mv > lim; it++) {
        double f = 0.97 * lim / mv;
        next[0] *= f;
        next[1] *= f;
        mv = largest_move(d, next);
        limited = 1;
    }
    if (mv > lim)
        return 0;
    a->limited += limited;
    if (next[0] == a->g[0] && next[1] == a->g[1])
        return 0;
    a->g[0] = next[0];
    a->g[1] = next[1];
    a->shift_max = (float)mv;
    for (int k = 0; k < d->cfg.n_classes; k++) {
        rc__class_ref *r = &d->ref[k];
        if (r->kind != RC_CLASS_COLOR)
            continue;
        double c[2];
        moved(a->home[k], a->g, c);
        r->nb = (float)c[0];
        r->nr = (float)c[1];
    }
    rc__detect_prefilter(d);
    a->updates++;
    return 1;
}

void rc_detector_light(const rc_detector *d, rc_light_state *out)
{
    memset(out, 0, sizeof *out);
    out->gain_r = out->gain_b = 1.0f;
    if (!d)
        return;
    out->gain_r = (float)exp(d->adapt.g[0]);
    out->gain_b = (float)exp(d->adapt.g[1]);
    out->shift_max = d->adapt.shift_max;
    out->updates = d->adapt.updates;
    out->refused = d->adapt.refused;
    out->limited = d->adapt.limited;
}
