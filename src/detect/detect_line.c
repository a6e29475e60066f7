/* detect_line.c - a faded motion streak found by a matched filter along the
 * predicted motion.
 *
 * A small sticker moving several diameters in a full-length exposure covers each
 * pixel of its path for a fraction of the exposure (a 4 px sticker moving 26 px:
 * 0.3 at best), so its streak is a faint stroke: outside the colour class
 * everywhere, and against a limb's skin its normalised chroma is pulled towards
 * the skin's (the sticker is darker). The raw chroma (Cb - 128, Cr - 128) of a
 * mixture is the mixture of the raws, so here each block's evidence is its raw
 * chroma projected on the class's hue direction (the direction of the class
 * centre in the (Cb, Cr) plane, which a change of light does not turn): s = c.u.
 * A streak is a ridge of s: a segment along the marker's motion whose mean s
 * stands above the mean s of both parallel segments beside it (just past the
 * sticker's width). Taking the larger of the two sides makes a step (the edge of
 * a limb against the room) score nothing, and the direction makes a limb's own
 * outline (along the limb, the motion across it) score little. The tracker gives
 * where the marker is expected and its travel over a frame interval
 * (rc_streak_hint); segments of a few lengths around that travel and directions
 * within DIR_SPAN of it are tried at every block of the window, and the one with
 * the best contrast times the square root of its length (the signal-to-noise of a
 * matched filter: it peaks at the streak's own length) wins when its contrast is
 * at least MIN_CONTRAST and most of its samples stand out. Its position is the
 * centroid of the ridge's evidence above the side level in a box around it (the
 * sticker at mid-exposure for a steady motion). Reads only the window's blocks;
 * allocates nothing.
 */
#include "detect_internal.h"

#include <math.h>
#include <string.h>

/* TUNABLE: least contrast of the ridge over its sides, raw chroma units along the
 * class's hue (a palette sticker stands 70-110 above grey; the faded streak of a 4
 * px sticker moving 3.3 diameters a frame over skin stands 30-40 above it; sensor
 * noise averaged along a segment is below 1). */
#define MIN_CONTRAST 10.0
/* TUNABLE: share of the segment's samples that must stand out by half the
 * contrast (a compact spot of colour on a long segment does not). */
#define MIN_SUPPORT 0.6
/* TUNABLE: directions tried either side of the predicted one, degrees, and step. */
#define DIR_SPAN 24.0
#define DIR_STEP 12.0
/* TUNABLE: a ridge must be a mixture of the sticker and its side (sticker_part):
 * over a side with less chroma than GREY_CHROMA, or within asin(SIN_MIN) of the
 * class's hue, the ridge's difference may stray from the hue by ACROSS_FRAC of its
 * length plus ACROSS_ABS (noise); else the share of the side it replaces must lie
 * in 0..1 give or take A_SLACK. */
#define GREY_CHROMA 6.0
#define SIN_MIN     0.2
#define ACROSS_FRAC 0.35
#define ACROSS_ABS  3.0
#define A_SLACK     0.3
/* TUNABLE: a marker predicted to move less than its radius (searched in every
 * direction) needs a sticker's part of this share of the class colour's own
 * chroma (|n_ref| Y_ref; a blue sticker 76): a sticker moving less than its radius
 * covers the middle of its path for two thirds of the exposure or more (0.47 with
 * the light 30% down). A grey occluder over skin passes for a 0.35 mixture with a
 * dark cyan sticker (skin is nearly cyan's complement): a wrist hidden at rest was
 * "found" 10-27 px away with 0.3. */
#define STILL_SHARE 0.45
/* TUNABLE: side segments lie this many pixels past the sticker's radius. */
#define SIDE_GAP_PX 4.0
/* Segment lengths tried, as multiples of the predicted travel (the alpha-beta
 * velocity lags a limb speeding up by up to half; half exposures halve it). */
static const double len_mult[] = {0.5, 0.75, 1.0, 1.4, 2.0};
#define N_LEN ((int)(sizeof len_mult / sizeof len_mult[0]))
enum { MAX_SAMPLES = 96 };
/* TUNABLE: blocks below this share of the ridge's contrast are left out of its
 * centroid (noise would pull it towards the box's middle). */
#define CENTROID_FLOOR 0.25

typedef struct line_ctx {
    const rc_image *f;
    int i0, j0, i1, j1; /* window, half-res blocks, exclusive ends */
    int w2, h2;         /* chroma plane size */
    double ub, ur;      /* the class's hue direction in (Cb, Cr) */
} line_ctx;

/* Raw chroma (Cb - 128, Cr - 128) of the block holding full-res point (x, y), the
 * nearest block of the frame for a point outside it. */
static inline void chroma(const line_ctx *c, double x, double y, double *cb, double *cr)
{
    int i = (int)floor(0.5 * x), j = (int)floor(0.5 * y);
    i = i < 0 ? 0 : i >= c->w2 ? c->w2 - 1 : i;
    j = j < 0 ? 0 : j >= c->h2 ? c->h2 - 1 : j;
    *cb = (double)rc_image_row(c->f, 1, j)[i] - 128.0;
    *cr = (double)rc_image_row(c->f, 2, j)[i] - 128.0;
}

/* Evidence of the block holding (x, y): its raw chroma along the class's hue. */
static inline double evid(const line_ctx *c, double x, double y)
{
    double cb, cr;
    chroma(c, x, y, &cb, &cr);
    return cb * c->ub + cr * c->ur;
}

/* The sticker's part of a ridge. A mixture of the sticker S (of the class's hue u,
 * any brightness: S = s u) and the background B (the side) differs from B by
 * d = a (S - B) = alpha u - a B with 0 <= a <= 1: d is split into alpha along u
 * and a along -B. Returns alpha, or -1 when d is no such mixture (a out of range;
 * or, over a background with little chroma or of the class's own hue, d off the
 * hue by more than ACROSS_FRAC of its length): a strip of skin between two grey
 * regions is redder than its sides but not a mixture with a magenta sticker, a
 * strip of the room between two skin regions is less red but holds nothing blue. */
static double sticker_part(const line_ctx *c, double db, double dr, double bb, double br)
{
    double nb = hypot(bb, br), nd = hypot(db, dr);
    double det = bb * c->ur - br * c->ub; /* |B| sin(angle from B to u) */
    if (nb < GREY_CHROMA || fabs(det) < SIN_MIN * nb) {
        double along = db * c->ub + dr * c->ur, across = fabs(db * c->ur - dr * c->ub);
        return across <= ACROSS_FRAC * nd + ACROSS_ABS ? along : -1.0;
    }
    double alpha = (bb * dr - br * db) / det, a = (c->ub * dr - c->ur * db) / det;
    return a >= -A_SLACK && a <= 1.0 + A_SLACK ? alpha : -1.0;
}

typedef struct ridge {
    double score, contrast, side; /* alpha x sqrt(samples), alpha, side level */
    double cx, cy, ux, uy, len;  /* centre (full-res), direction, sampled length */
} ridge;

/* The sticker's part (sticker_part) of the segment of k samples 2 px apart centred
 * on (x, y) along (ux, uy) over the side (parallel segments at distance `off`)
 * whose evidence is the larger; -1 when it is below MIN_CONTRAST, no mixture, or
 * too few samples stand out above that side. *side: the side's mean evidence. */
static double ridge_at(const line_ctx *c, double x, double y, double ux, double uy, int k,
                       double off, double *side)
{
    double on[MAX_SAMPLES], s[3][2] = {{0}};
    for (int q = 0; q < k; q++) {
        double a = 2.0 * (q - 0.5 * (k - 1)), px = x + a * ux, py = y + a * uy, cb, cr;
        chroma(c, px, py, &cb, &cr);
        on[q] = cb * c->ub + cr * c->ur;
        s[0][0] += cb;
        s[0][1] += cr;
        chroma(c, px - off * uy, py + off * ux, &cb, &cr);
        s[1][0] += cb;
        s[1][1] += cr;
        chroma(c, px + off * uy, py - off * ux, &cb, &cr);
        s[2][0] += cb;
        s[2][1] += cr;
    }
    double e1 = s[1][0] * c->ub + s[1][1] * c->ur, e2 = s[2][0] * c->ub + s[2][1] * c->ur;
    int sd = e1 > e2 ? 1 : 2;
    double lvl = (e1 > e2 ? e1 : e2) / k, con = s[0][0] / k * c->ub + s[0][1] / k * c->ur - lvl;
    if (con < MIN_CONTRAST)
        return -1.0;
    double alpha = sticker_part(c, (s[0][0] - s[sd][0]) / k, (s[0][1] - s[sd][1]) / k,
                                s[sd][0] / k, s[sd][1] / k);
    if (alpha < MIN_CONTRAST)
        return -1.0;
    int sup = 0;
    for (int q = 0; q < k; q++)
        sup += on[q] - lvl >= 0.5 * con;
    *side = lvl;
    return sup >= MIN_SUPPORT * k ? alpha : -1.0;
}

/* Centroid of the evidence in the box (length len + 2 r, width 2 r + 2) around the
 * ridge, each block weighed by how far it stands above the larger of its own two
 * sides (those of at least CENTROID_FLOOR of the ridge's contrast): the streak's
 * centre. 0 if there is none. */
static int ridge_centroid(const line_ctx *c, const ridge *b, double r, double off, double *ox,
                          double *oy)
{
    double half_l = 0.5 * b->len + r + 1.0, half_w = r + 1.0, reach = half_l + half_w;
    int i0 = (int)floor(0.5 * (b->cx - reach)), i1 = (int)ceil(0.5 * (b->cx + reach));
    int j0 = (int)floor(0.5 * (b->cy - reach)), j1 = (int)ceil(0.5 * (b->cy + reach));
    double sw = 0, sx = 0, sy = 0;
    for (int j = j0 > c->j0 ? j0 : c->j0; j <= j1 && j < c->j1; j++)
        for (int i = i0 > c->i0 ? i0 : c->i0; i <= i1 && i < c->i1; i++) {
            double x = 2.0 * i + 0.5, y = 2.0 * j + 0.5, dx = x - b->cx, dy = y - b->cy;
            if (fabs(dx * b->ux + dy * b->uy) > half_l || fabs(dx * b->uy - dy * b->ux) > half_w)
                continue;
            /* above the larger of its own two sides: a block of the room beside
             * a limb is not a block of the streak */
            double e1 = evid(c, x - off * b->uy, y + off * b->ux);
            double e2 = evid(c, x + off * b->uy, y - off * b->ux);
            double w = evid(c, x, y) - (e1 > e2 ? e1 : e2);
            if (w <= CENTROID_FLOOR * b->contrast)
                continue;
            sw += w;
            sx += w * x;
            sy += w * y;
        }
    if (!(sw > 0))
        return 0;
    *ox = sx / sw;
    *oy = sy / sw;
    return 1;
}

int rc_detector_search_line(const rc_detector *d, const rc_image *frame, int cls,
                            const rc_rect *win, const rc_streak_hint *hint, rc_blob *out)
{
    if (!d || !frame || !win || !hint || !out || cls < 0 || cls >= d->cfg.n_classes ||
        d->ref[cls].kind != RC_CLASS_COLOR || frame->fmt != RC_PIX_I420 ||
        frame->width != d->w || frame->height != d->h || !(hint->radius_px > 0) ||
        !isfinite(hint->dx_px) || !isfinite(hint->dy_px))
        return 0;
    line_ctx c = {.f = frame, .w2 = d->w2, .h2 = d->h2};
    c.i0 = win->x / 2 > 0 ? win->x / 2 : 0;
    c.j0 = win->y / 2 > 0 ? win->y / 2 : 0;
    c.i1 = (win->x + win->w + 1) / 2 < d->w2 ? (win->x + win->w + 1) / 2 : d->w2;
    c.j1 = (win->y + win->h + 1) / 2 < d->h2 ? (win->y + win->h + 1) / 2 : d->h2;
    double hb = d->ref[cls].nb, hr = d->ref[cls].nr, hn = hypot(hb, hr);
    if (c.i1 - c.i0 < 3 || c.j1 - c.j0 < 3 || !(hn > 0))
        return 0;
    c.ub = hb / hn;
    c.ur = hr / hn;
    const double r = hint->radius_px, off = r + SIDE_GAP_PX;
    double travel = hypot(hint->dx_px, hint->dy_px), base = atan2(hint->dy_px, hint->dx_px);
    /* A marker predicted to move less than its radius (starting from rest, or at a
     * turn) may go any way: every direction, and lengths of one to four radii. */
    int any_dir = travel < r;
    double span = any_dir ? 90.0 - DIR_STEP : DIR_SPAN, unit = any_dir ? 2.0 * r : travel;
    ridge best = {.score = 0};
    for (double dg = -span; dg <= span + 1e-9; dg += DIR_STEP) {
        double a = base + dg * 3.14159265358979 / 180.0, ux = cos(a), uy = sin(a);
        for (int j = c.j0; j < c.j1; j++)
            for (int i = c.i0; i < c.i1; i++) {
                double x = 2.0 * i + 0.5, y = 2.0 * j + 0.5;
                /* cheap test first: the middle stands out from both sides */
                double e0 = evid(&c, x, y), ea = evid(&c, x - off * uy, y + off * ux),
                       eb = evid(&c, x + off * uy, y - off * ux);
                if (e0 - (ea > eb ? ea : eb) < 0.5 * MIN_CONTRAST)
                    continue;
                for (int l = 0; l < N_LEN; l++) {
                    int k = (int)lround(len_mult[l] * unit / 2.0) + 1;
                    k = k > MAX_SAMPLES ? MAX_SAMPLES : k;
                    double side, con = ridge_at(&c, x, y, ux, uy, k, off, &side);
                    if (con < 0 || con * sqrt((double)k) <= best.score)
                        continue;
                    best = (ridge){con * sqrt((double)k), con, side, x, y, ux, uy, 2.0 * (k - 1)};
                }
            }
    }
    /* A sticker that moves less than its radius in the exposure keeps half its
     * colour or more: a faint ridge there is not it (a hidden marker at rest). */
    double full = hn * (d->ref[cls].y > LUMA_FLOOR ? d->ref[cls].y : LUMA_FLOOR);
    if (any_dir && best.contrast < STILL_SHARE * full)
        return 0;
    double x, y;
    if (!(best.score > 0) || !ridge_centroid(&c, &best, r, off, &x, &y))
        return 0;
    memset(out, 0, sizeof *out);
    out->x_px = (float)x;
    out->y_px = (float)y;
    out->length_px = (float)(best.len + 2.0 * r);
    out->area_px = (float)(out->length_px * 2.0 * r);
    out->cls = cls;
    out->streak = 1;
    out->dir_x = (float)best.ux;
    out->dir_y = (float)best.uy;
    /* the sticker's part of the ridge against the class colour's own chroma as
     * printed, capped at 1 */
    out->score = (float)(best.contrast / full < 1 ? best.contrast / full : 1);
    return 1;
}
