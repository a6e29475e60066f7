/* test_synth_clinic.c - the renderer's clinic-like options (issue 15) against
 * independent truth: pixels are read back with the JFIF inverse written out here and
 * compared with what each option promises.
 *
 * - every option key: accepted in range, refused out of range with a message naming it;
 * - wb= (with and without drift=): the mean linear red, green and blue of a patch of
 *   wall follow the requested gains (1 + wb, g, 1 - wb) x drift at the gain's peak;
 * - blur=full: the streak of the ankle sticker at peak speed is as long as the
 *   distance its centre travels in one frame interval (the truth at t -+ T/2, taken
 *   from the same scene at twice the frame rate);
 * - marker_px=, scale=, offset=, flip=: the sticker's measured centre and radius match
 *   the truth;
 * - skin=1..6: the rendered skin's ITA angle lies in the category of its type
 *   (Chardon et al. 1991);
 * - clutter_near=: stickers appear near the limb and none closer than 5 radii to a
 *   marker's path (so the truth is never touched).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/image.h"
#include "romcap/synth.h"
#include "test_util.h"

/* JFIF YCbCr -> gamma-encoded RGB (0..255), then linear with the renderer's
 * documented 2.2 gamma. */
static void pixel_rgb(const rc_image *im, int u, int v, double rgb[3])
{
    double y = rc_image_row(im, 0, v)[u];
    double cb = rc_image_row(im, 1, v / 2)[u / 2] - 128.0;
    double cr = rc_image_row(im, 2, v / 2)[u / 2] - 128.0;
    rgb[0] = y + 1.402 * cr;
    rgb[1] = y - 0.344136 * cb - 0.714136 * cr;
    rgb[2] = y + 1.772 * cb;
}

static rc_synth *make(const char *uri, rc_image *im, uint8_t **buf)
{
    rc_err err = {{0}};
    rc_synth *s = rc_synth_create_uri(uri, &err);
    CHECK_MSG(s != NULL, "%s: %s", uri, err.msg);
    if (!s)
        return NULL;
    rc_synth_options o;
    rc_synth_get_options(s, &o);
    *buf = rc_image_alloc(im, RC_PIX_I420, o.width, o.height);
    return s;
}

static void test_options(void)
{
    static const char *const good[] = {"blur=full",      "marker_px=4",     "wb=0.18",
                                       "wb_period=2.5",  "skin=6",          "clothing=green",
                                       "clutter_near=6", "offset=-0.2,0.1", "scale=0.6"};
    static const struct {
        const char *q, *key;
    } bad[] = {{"blur=half", "'blur'"},
               {"marker_px=0.5", "'marker_px'"},
               {"wb=0.7", "'wb'"},
               {"wb_period=0", "'wb_period'"},
               {"skin=7", "'skin'"},
               {"clothing=red", "'clothing'"},
               {"clutter_near=17", "'clutter_near'"},
               {"offset=0.5,0", "'offset'"},
               {"offset=0.1", "'offset'"},
               {"scale=3", "'scale'"}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        rc_synth_options o = rc_synth_options_default();
        rc_err err = {{0}};
        CHECK_MSG(rc_synth_options_parse(&o, good[i], &err) == RC_OK, "%s: %s", good[i], err.msg);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rc_synth_options o = rc_synth_options_default(), before = o;
        rc_err err = {{0}};
        CHECK(rc_synth_options_parse(&o, bad[i].q, &err) == RC_E_ARG);
        CHECK_STR_CONTAINS(err.msg, bad[i].key);
        CHECK(!memcmp(&o, &before, sizeof o));
    }
    /* The structure filled by hand is checked at create, naming the field. */
    rc_synth_options o = rc_synth_options_default();
    o.skin = 9;
    rc_err err = {{0}};
    CHECK(rc_synth_create("knee_flexion", &o, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "skin");
    o = rc_synth_options_default();
    o.scale = 5;
    CHECK(rc_synth_create("knee_flexion", &o, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "scale");
}

/* Mean linear R, G, B over the top-left 64x48 patch (wall only: the subject is in
 * the middle of the frame). */
static void wall_mean(const char *uri, int64_t frame, double lin[3])
{
    rc_image im;
    uint8_t *buf = NULL;
    rc_synth *s = make(uri, &im, &buf);
    lin[0] = lin[1] = lin[2] = 0;
    if (!s || !buf) {
        rc_synth_destroy(s);
        free(buf);
        return;
    }
    CHECK(rc_synth_render(s, frame, &im, NULL) == RC_OK);
    int n = 0;
    for (int v = 8; v < 56; v++)
        for (int u = 8; u < 72; u++, n++) {
            double rgb[3];
            pixel_rgb(&im, u, v, rgb);
            for (int k = 0; k < 3; k++)
                lin[k] += pow(fmax(rgb[k], 0) / 255.0, 2.2);
        }
    for (int k = 0; k < 3; k++)
        lin[k] /= n;
    rc_synth_destroy(s);
    free(buf);
}

static void test_white_balance(void)
{
    /* Frame 30 at 30 fps is t = 1 s: sin(2 pi t / 4) = 1, the red gain at its top
     * (1.18) and the blue at its bottom (0.82); with drift=0.3 over seconds=4 the
     * light is also at its top, g = 1.3. */
    const char *base = "synthetic:knee_flexion?size=640x360&fps=30&seconds=4";
    char uri[256];
    double ref[3], wb[3], both[3];
    wall_mean(base, 30, ref);
    snprintf(uri, sizeof uri, "%s&wb=0.18&wb_period=4", base);
    wall_mean(uri, 30, wb);
    snprintf(uri, sizeof uri, "%s&wb=0.18&wb_period=4&drift=0.3", base);
    wall_mean(uri, 30, both);
    const double want[3] = {1.18, 1.0, 0.82};
    for (int k = 0; k < 3; k++) {
        double r1 = wb[k] / ref[k], r2 = both[k] / ref[k];
        printf("wb: channel %d gain %.4f (want %.2f), with drift %.4f (want %.3f)\n", k, r1,
               want[k], r2, want[k] * 1.3);
        /* Measured within 0.001 of the requested gains (8-bit rounding, 2x2 chroma). */
        CHECK_NEAR(r1, want[k], 0.004);
        CHECK_NEAR(r2, want[k] * 1.3, 0.004);
    }
}

/* Chroma (Cb, Cr) of a full-resolution point, bilinear on the half-resolution
 * planes (chroma sample (i, j) is centred on pixel (2i + 0.5, 2j + 0.5)). */
static void chroma_at(const rc_image *im, double x, double y, double out[2])
{
    double cx = (x - 0.5) / 2, cy = (y - 0.5) / 2;
    int cw = (im->width + 1) / 2, ch = (im->height + 1) / 2;
    int i = (int)floor(cx), j = (int)floor(cy);
    double fx = cx - i, fy = cy - j;
    for (int p = 1; p <= 2; p++) {
        double v = 0;
        for (int b = 0; b < 2; b++)
            for (int a = 0; a < 2; a++) {
                int ii = i + a < 0 ? 0 : i + a >= cw ? cw - 1 : i + a;
                int jj = j + b < 0 ? 0 : j + b >= ch ? ch - 1 : j + b;
                v += (a ? fx : 1 - fx) * (b ? fy : 1 - fy) * rc_image_row(im, p, jj)[ii];
            }
        out[p - 1] = v;
    }
}

static int marker_index(const rc_truth *tr, const char *name)
{
    for (int k = 0; k < tr->n_markers; k++)
        if (!strcmp(tr->marker[k].name, name))
            return k;
    return -1;
}

static void test_streak(void)
{
    /* The knee scene's ankle sticker (blue) at its fastest frame. The shutter is open
     * for the whole frame interval T, so the sticker's centre travels from the truth
     * at t - T/2 to the truth at t + T/2: frames 2i - 1 and 2i + 1 of the same scene
     * at 60 fps. Along that line the fraction of the exposure the sticker covers a
     * point is a trapezoid whose half-height points are exactly the two ends, so the
     * streak's length at half its plateau is the distance travelled, speed x
     * exposure. The profile reads the sticker's chroma along the direction that
     * neither skin nor the near-neutral wall has (perpendicular to the skin's
     * chroma), so what lies under the streak hardly matters. */
    const char *q = "size=1280x720&seconds=8&marker_px=8";
    char uri[256], twin[256];
    snprintf(uri, sizeof uri, "synthetic:knee_flexion?%s&fps=30&blur=full", q);
    snprintf(twin, sizeof twin, "synthetic:knee_flexion?%s&fps=60", q);
    rc_err err = {{0}};
    rc_synth *t2 = rc_synth_create_uri(twin, &err);
    rc_image im;
    uint8_t *buf = NULL;
    rc_synth *s = make(uri, &im, &buf);
    CHECK(t2 != NULL);
    if (!s || !t2 || !buf) {
        rc_synth_destroy(s);
        rc_synth_destroy(t2);
        free(buf);
        return;
    }
    rc_truth a, b, tr;
    rc_synth_truth(t2, 0, &a);
    const int ank = marker_index(&a, "ankle");
    double best = 0, p0[2] = {0, 0}, p1[2] = {0, 0};
    int64_t frame = 1;
    for (int64_t i = 1; 2 * i + 1 < rc_synth_frame_count(t2); i++) {
        rc_synth_truth(t2, 2 * i - 1, &a);
        rc_synth_truth(t2, 2 * i + 1, &b);
        double d =
            hypot(b.marker[ank].x_px - a.marker[ank].x_px, b.marker[ank].y_px - a.marker[ank].y_px);
        if (d > best) {
            best = d, frame = i;
            p0[0] = a.marker[ank].x_px, p0[1] = a.marker[ank].y_px;
            p1[0] = b.marker[ank].x_px, p1[1] = b.marker[ank].y_px;
        }
    }
    CHECK(rc_synth_render(s, frame, &im, &tr) == RC_OK);
    static const uint8_t skin[3] = {224, 172, 140};
    float sy, scb, scr;
    rc_rgb_to_ycbcr(skin, &sy, &scb, &scr);
    double nx = scr - 128, ny = -(scb - 128), nl = hypot(nx, ny);
    nx /= nl, ny /= nl;
    double dx = (p1[0] - p0[0]) / best, dy = (p1[1] - p0[1]) / best, r = 8;
    enum { N = 1024 };
    double prof[N], pos[N];
    int n = 0;
    for (double t = -3 * r; t <= best + 3 * r && n < N; t += 0.25, n++) {
        double c[2];
        chroma_at(&im, p0[0] + t * dx, p0[1] + t * dy, c);
        pos[n] = t;
        prof[n] = nx * (c[0] - 128) + ny * (c[1] - 128);
    }
    double plateau = 0;
    int np = 0;
    for (int i = 0; i < n; i++)
        if (pos[i] >= r + 1 && pos[i] <= best - r - 1)
            plateau += prof[i], np++;
    plateau = np ? plateau / np : 0;
    double lo = NAN, hi = NAN;
    for (int i = 1; i < n && lo != lo; i++)
        if (prof[i - 1] < plateau / 2 && prof[i] >= plateau / 2)
            lo = pos[i - 1] + 0.25 * (plateau / 2 - prof[i - 1]) / (prof[i] - prof[i - 1]);
    for (int i = n - 1; i > 0 && hi != hi; i--)
        if (prof[i] < plateau / 2 && prof[i - 1] >= plateau / 2)
            hi = pos[i - 1] + 0.25 * (prof[i - 1] - plateau / 2) / (prof[i - 1] - prof[i]);
    /* The frame-time truth along the chord (the path is an arc about the knee: its
     * middle lies 0.7 px off the chord, across it). */
    double mid = (tr.marker[ank].x_px - p0[0]) * dx + (tr.marker[ank].y_px - p0[1]) * dy;
    printf("streak: frame %lld, travel %.2f px (%.2f diameters), measured %.2f px from %.2f "
           "to %.2f, plateau %.1f; its centre %.2f px along, the frame-time truth %.2f px\n",
           (long long)frame, best, best / (2 * r), hi - lo, lo, hi, plateau, 0.5 * (lo + hi), mid);
    /* Measured: length 0.39 px longer than the travel, centre 0.45 px past the truth. */
    CHECK(best > 32); /* the case the option is for: 2-4 diameters in a frame */
    CHECK_NEAR(hi - lo, best, 1.2);
    CHECK_NEAR(0.5 * (lo + hi), mid, 1.5);
    rc_synth_destroy(s);
    rc_synth_destroy(t2);
    free(buf);
}

/* Chroma distance between a pixel and a colour. */
static double chroma_dist(const rc_image *im, int u, int v, const uint8_t rgb[3])
{
    float y, cb, cr;
    rc_rgb_to_ycbcr(rgb, &y, &cb, &cr);
    double c[2] = {rc_image_row(im, 1, v / 2)[u / 2], rc_image_row(im, 2, v / 2)[u / 2]};
    return hypot(c[0] - cb, c[1] - cr);
}

static void test_placement(void)
{
    /* The subject mirrored, scaled 0.6 about the scene centre, then moved a quarter
     * of the frame left and a tenth down: the truth is that of the plain scene, mapped
     * by hand here; each sticker is drawn there with a 5 px radius. */
    const char *plain = "synthetic:knee_flexion?size=640x480&fps=30&seconds=4";
    char uri[256];
    snprintf(uri, sizeof uri, "%s&marker_px=5&flip=1&scale=0.6&offset=-0.25,0.1", plain);
    rc_err err = {{0}};
    rc_synth *p = rc_synth_create_uri(plain, &err);
    rc_image im;
    uint8_t *buf = NULL;
    rc_synth *s = make(uri, &im, &buf);
    if (!s || !p || !buf) {
        rc_synth_destroy(s);
        rc_synth_destroy(p);
        free(buf);
        return;
    }
    static const uint8_t col[3][3] = {{30, 170, 70}, {200, 40, 160}, {30, 80, 200}};
    const int64_t frames[2] = {10, 50};
    for (int f = 0; f < 2; f++) {
        rc_truth tp, ts;
        rc_synth_truth(p, frames[f], &tp);
        CHECK(rc_synth_render(s, frames[f], &im, &ts) == RC_OK);
        for (int k = 0; k < 3; k++) {
            /* At tilt 0 the plane maps to px as u = cx + X * width / 2000. */
            double x = -tp.marker[k].plane_x * 0.6 - 0.25 * 2000;
            double y = tp.marker[k].plane_y * 0.6 + 0.1 * 480.0 / 640.0 * 2000;
            CHECK_NEAR(ts.marker[k].plane_x, x, 1e-9);
            CHECK_NEAR(ts.marker[k].plane_y, y, 1e-9);
            CHECK_NEAR(ts.marker[k].x_px, 319.5 + x * 640 / 2000, 1e-9);
            CHECK_NEAR(ts.marker[k].y_px, 239.5 + y * 640 / 2000, 1e-9);
            int u = (int)lround(ts.marker[k].x_px), v = (int)lround(ts.marker[k].y_px);
            /* Inside: the sticker's own colour (measured within 4 units, 8-bit
             * rounding); 2 px beyond the 5 px radius, in four directions: not it. */
            double din = 0, dout = INFINITY;
            for (int dv = -1; dv <= 1; dv++)
                for (int du = -1; du <= 1; du++)
                    din = fmax(din, chroma_dist(&im, u + du, v + dv, col[k]));
            const int off[4][2] = {{8, 0}, {-8, 0}, {0, 8}, {0, -8}};
            for (int d = 0; d < 4; d++)
                dout = fmin(dout, chroma_dist(&im, u + off[d][0], v + off[d][1], col[k]));
            CHECK_MSG(din < 12, "%s: chroma %.1f from the sticker at its centre", tp.marker[k].name,
                      din);
            CHECK_MSG(dout > 40, "%s: sticker colour %.1f 8 px from the centre", tp.marker[k].name,
                      dout);
        }
    }
    rc_synth_destroy(s);
    rc_synth_destroy(p);
    free(buf);
}

static double srgb_linear(double c)
{
    c /= 255;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double lab_f(double t)
{
    const double d = 6.0 / 29.0;
    return t > d * d * d ? cbrt(t) : t / (3 * d * d) + 4.0 / 29.0;
}

static void test_skin(void)
{
    /* ITA = atan((L* - 50) / b*) of the rendered thigh (middle of hip-knee, where the
     * cylinder shading is 0.98), through sRGB -> XYZ (D65) -> CIELAB written out here,
     * must lie in the ITA category of the type (Chardon et al. 1991): I > 55,
     * II 41..55, III 28..41, IV 10..28, V -30..10, VI < -30 degrees. */
    static const double lo[6] = {55, 41, 28, 10, -30, -90}, hi[6] = {90, 55, 41, 28, 10, -30};
    double last_l = 101;
    for (int type = 1; type <= 6; type++) {
        char uri[160];
        snprintf(uri, sizeof uri, "synthetic:knee_flexion?size=640x360&fps=30&seconds=4&skin=%d",
                 type);
        rc_image im;
        uint8_t *buf = NULL;
        rc_synth *s = make(uri, &im, &buf);
        if (!s || !buf) {
            rc_synth_destroy(s);
            free(buf);
            continue;
        }
        rc_truth tr;
        CHECK(rc_synth_render(s, 0, &im, &tr) == RC_OK);
        int u = (int)lround(0.5 * (tr.marker[0].x_px + tr.marker[1].x_px));
        int v = (int)lround(0.5 * (tr.marker[0].y_px + tr.marker[1].y_px));
        double lin[3] = {0, 0, 0};
        for (int dv = -1; dv <= 1; dv++)
            for (int du = -1; du <= 1; du++) {
                double rgb[3];
                pixel_rgb(&im, u + du, v + dv, rgb);
                for (int k = 0; k < 3; k++)
                    lin[k] += srgb_linear(rgb[k]) / 9;
            }
        double X = 0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2];
        double Y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
        double Z = 0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2];
        double L = 116 * lab_f(Y) - 16, bb = 200 * (lab_f(Y) - lab_f(Z / 1.08883));
        (void)X;
        double ita = atan2(L - 50, bb) * 180 / 3.14159265358979323846;
        printf("skin %d: L* %.1f b* %.1f ITA %.1f deg\n", type, L, bb, ita);
        CHECK_MSG(ita > lo[type - 1] && ita < hi[type - 1], "type %d: ITA %.1f", type, ita);
        CHECK(L < last_l);
        last_l = L;
        rc_synth_destroy(s);
        free(buf);
    }
}

static void test_clutter_near(void)
{
    /* Six stickers near the limb: the frame differs from the same scene without them
     * only in places at least 5 radii (minus the sticker's own radius and 1 px of
     * anti-aliasing) from every marker's path, and some of those are within 12 radii
     * of a path. */
    const char *plain = "synthetic:knee_flexion?size=640x360&fps=30&seconds=4";
    char uri[256];
    snprintf(uri, sizeof uri, "%s&clutter_near=6", plain);
    rc_image a, b;
    uint8_t *ba = NULL, *bb = NULL;
    rc_synth *sa = make(plain, &a, &ba), *sb = make(uri, &b, &bb);
    if (!sa || !sb || !ba || !bb) {
        rc_synth_destroy(sa), rc_synth_destroy(sb), free(ba), free(bb);
        return;
    }
    const int64_t nf = rc_synth_frame_count(sa);
    double *path = malloc(sizeof(double) * 2 * 3 * (size_t)nf);
    CHECK(path != NULL);
    if (!path) {
        rc_synth_destroy(sa), rc_synth_destroy(sb), free(ba), free(bb);
        return;
    }
    for (int64_t i = 0; i < nf; i++) {
        rc_truth tr;
        rc_synth_truth(sa, i, &tr);
        for (int k = 0; k < 3; k++)
            path[2 * (3 * i + k)] = tr.marker[k].x_px,
                              path[2 * (3 * i + k) + 1] = tr.marker[k].y_px;
    }
    rc_synth_render(sa, 0, &a, NULL);
    rc_synth_render(sb, 0, &b, NULL);
    const double r = 6.4; /* max(6, 1% of 640) */
    double nearest = INFINITY;
    long changed = 0;
    for (int v = 0; v < 360; v += 2)
        for (int u = 0; u < 640; u += 2) {
            int dcb = abs(rc_image_row(&a, 1, v / 2)[u / 2] - rc_image_row(&b, 1, v / 2)[u / 2]);
            int dcr = abs(rc_image_row(&a, 2, v / 2)[u / 2] - rc_image_row(&b, 2, v / 2)[u / 2]);
            if (dcb + dcr < 6)
                continue;
            changed++;
            double dmin = INFINITY;
            for (int64_t i = 0; i < 3 * nf; i++)
                dmin = fmin(dmin, hypot(u + 0.5 - path[2 * i], v + 0.5 - path[2 * i + 1]));
            nearest = fmin(nearest, dmin);
        }
    printf("clutter_near: %ld changed chroma samples, nearest %.1f px from a path (radius %.1f)\n",
           changed, nearest, r);
    CHECK(changed > 6 * 10);
    CHECK(nearest >= 4 * r - 2);
    CHECK(nearest <= 12 * r);
    free(path);
    rc_synth_destroy(sa), rc_synth_destroy(sb), free(ba), free(bb);
}

int main(void)
{
    test_options();
    test_white_balance();
    test_streak();
    test_placement();
    test_skin();
    test_clutter_near();
    return TEST_RESULT();
}
