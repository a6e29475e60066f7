/* detect_search.c - a faded motion streak, searched for where a marker should be.
 *
 * A sticker that moves several diameters during the exposure covers each pixel of
 * its path for a fraction of the exposure only, so the path's colour is a mixture
 * of the sticker's and the background's and can fall outside the class everywhere
 * (a 4 px sticker moving 3 diameters: a third of the colour at best). Where the
 * tracker expects a marker it did not get (rc_tracker_search_windows), this looks
 * for that weak evidence inside a window: the background's normalised chroma n_bg
 * is the mean over the window's border blocks; a block's membership is the
 * projection of its normalised chroma n on the line from n_bg to the class centre
 * n_ref, a = (n - n_bg).(n_ref - n_bg) / |n_ref - n_bg|^2, kept when a >= A_MIN
 * and the block lies near that line (|component across| <= ACROSS_MAX |n_ref -
 * n_bg|), which a mixture of the two colours does and another colour does not.
 * (In normalised chroma a mixture is pulled towards the brighter colour: a blue
 * sticker covering 47% of a skin pixel gives a = 0.28, hence the low A_MIN.)
 * The streak is the membership-weighted centroid of those blocks (for a steady
 * motion, the sticker's position at mid-exposure) with the direction and length of
 * their second moments. Runs only for missing markers, over small windows; no
 * allocation.
 */
#include "detect_internal.h"

#include <math.h>
#include <string.h>

/* TUNABLE: least membership a streak block must have (a sticker moving up to 3
 * diameters in a full-length exposure covers a pixel for a third of it or more). */
#define A_MIN 0.18
/* TUNABLE: how far across the mixture line a block may lie, relative to its
 * length (noise and JPEG; another hue lies farther). */
#define ACROSS_MAX 0.35
/* TUNABLE: a window mostly "of the colour" is a background of that hue, not a
 * streak: at most this share of its blocks may be members. */
#define MAX_SHARE 0.5
/* TUNABLE: a faded streak is longer than wide (a sticker moving a diameter or
 * more; the membership weighs the middle of a short smear most, so its axis ratio
 * reads lower than its shape's): longest/shortest axis >= MIN_ELONGATION. A
 * skin-coloured object (a face: skin lies a fifth of the way from grey to red)
 * is round. */
#define MIN_ELONGATION 1.2
/* TUNABLE: border blocks that give the background. */
#define BORDER 2

/* Normalised chroma (Cb - 128, Cr - 128) / max(Y, LUMA_FLOOR) of half-res block
 * (i, j). */
static inline void block_chroma(const rc_image *f, int i, int j, int w, int h, float *nb,
                                float *nr)
{
    int x0 = 2 * i, x1 = 2 * i + 1 < w ? 2 * i + 1 : 2 * i;
    int y0 = 2 * j, y1 = 2 * j + 1 < h ? 2 * j + 1 : 2 * j;
    const uint8_t *l0 = rc_image_row(f, 0, y0), *l1 = rc_image_row(f, 0, y1);
    float y = 0.25f * (float)(l0[x0] + l0[x1] + l1[x0] + l1[x1]);
    float inv = 1.0f / (y > LUMA_FLOOR ? y : LUMA_FLOOR);
    *nb = ((float)rc_image_row(f, 1, j)[i] - 128.0f) * inv;
    *nr = ((float)rc_image_row(f, 2, j)[i] - 128.0f) * inv;
}

int rc_detector_search(const rc_detector *d, const rc_image *frame, int cls, const rc_rect *win,
                       rc_blob *out)
{
    if (!d || !frame || !win || !out || cls < 0 || cls >= d->cfg.n_classes ||
        d->ref[cls].kind != RC_CLASS_COLOR || frame->fmt != RC_PIX_I420 ||
        frame->width != d->w || frame->height != d->h)
        return 0;
    int i0 = win->x / 2, j0 = win->y / 2, i1 = (win->x + win->w + 1) / 2,
        j1 = (win->y + win->h + 1) / 2;
    i0 = i0 < 0 ? 0 : i0;
    j0 = j0 < 0 ? 0 : j0;
    i1 = i1 > d->w2 ? d->w2 : i1;
    j1 = j1 > d->h2 ? d->h2 : j1;
    if (i1 - i0 < 2 * BORDER + 3 || j1 - j0 < 2 * BORDER + 3)
        return 0;
    /* Background: mean normalised chroma of the border blocks. */
    double bb = 0, br = 0;
    int nbg = 0;
    for (int j = j0; j < j1; j++) {
        int edge_row = j < j0 + BORDER || j >= j1 - BORDER;
        for (int i = i0; i < i1; i++) {
            if (!edge_row && i == i0 + BORDER)
                i = i1 - BORDER; /* skip the interior */
            float nb, nr;
            block_chroma(frame, i, j, d->w, d->h, &nb, &nr);
            bb += nb;
            br += nr;
            nbg++;
        }
    }
    bb /= nbg;
    br /= nbg;
    const rc__class_ref *r = &d->ref[cls];
    double eb = r->nb - bb, er = r->nr - br, e2 = eb * eb + er * er;
    if (e2 < 1e-4)
        return 0; /* the background is of the marker's colour: nothing to see */
    double sw = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, sa = 0;
    int members = 0, inner = 0;
    for (int j = j0 + BORDER; j < j1 - BORDER; j++)
        for (int i = i0 + BORDER; i < i1 - BORDER; i++) {
            float nb, nr;
            block_chroma(frame, i, j, d->w, d->h, &nb, &nr);
            double db = nb - bb, dr = nr - br;
            double a = (db * eb + dr * er) / e2;
            double across = fabs(db * er - dr * eb) / e2; /* relative to |e| */
            inner++;
            if (a < A_MIN || across > ACROSS_MAX)
                continue;
            double w = a > 1 ? 1 : a;
            members++;
            sw += w;
            sx += w * i;
            sy += w * j;
            sxx += w * (double)i * i;
            syy += w * (double)j * j;
            sxy += w * (double)i * j;
            sa += a;
        }
    if (members == 0 || members > MAX_SHARE * inner || 4.0 * sw < 0.5 * d->min_area)
        return 0;
    double mx = sx / sw, my = sy / sw;
    double cxx = sxx / sw - mx * mx + 1.0 / 12, cyy = syy / sw - my * my + 1.0 / 12;
    double cxy = sxy / sw - mx * my;
    double tr = 0.5 * (cxx + cyy), disc = sqrt(0.25 * (cxx - cyy) * (cxx - cyy) + cxy * cxy);
    double l1 = tr + disc, l2 = tr - disc;
    if (!(l2 > 0) || l1 < MIN_ELONGATION * MIN_ELONGATION * l2)
        return 0;
    double ex = fabs(cxy) > 1e-12 ? cxy : (cxx >= cyy ? 1 : 0);
    double ey = fabs(cxy) > 1e-12 ? l1 - cxx : (cxx >= cyy ? 0 : 1), en = hypot(ex, ey);
    memset(out, 0, sizeof *out);
    out->x_px = (float)(2.0 * mx + 0.5);
    out->y_px = (float)(2.0 * my + 0.5);
    out->area_px = (float)(4.0 * sw);
    out->fill = 0.0f;
    out->cls = cls;
    out->score = (float)(sa / members > 1 ? 1 : sa / members);
    out->streak = 1;
    out->dir_x = (float)(ex / en);
    out->dir_y = (float)(ey / en);
    out->length_px = (float)(sqrt(12.0) * 2.0 * sqrt(l1));
    return 1;
}
