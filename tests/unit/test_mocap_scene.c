/* test_mocap_scene.c - the mocap scenes (synthetic:mocap_elbow / mocap_knee ?file=)
 * against an independent projection of the raw C3D markers done here.
 *
 * The test builds its own sagittal camera from the file (vertical = the lab axis
 * along RASI -> RSHO, right = LSHO -> RSHO made horizontal), projects the angle's
 * three markers itself (orthographic and 3 m pinhole), interpolates in time itself
 * and computes the clinical angle from screen directions with atan2 of each
 * segment (not the renderer's cross/dot formula). The scene's truth must match it,
 * its pixels must be a pure scale of the projection, and the rendered stickers'
 * centroids must sit within 0.1 px of the truth.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "romcap/synth.h"
#include "synth/c3d.h"
#include "test_util.h"

#define MOCAP ROMCAP_SHARED_DATA "/mocap/"
#define PI    3.14159265358979323846

/* The test's own camera for a file and a marker chain. */
typedef struct cam3 {
    const rc_c3d *c;
    int idx[3]; /* chain markers */
    int f0, n;  /* clip: the longest run with all three valid */
    double s;   /* mm per unit */
    double U[3], R[3], A[3], centre[3];
    int persp;
    double sign, wrap;
} cam3;

static double dot3(const double *a, const double *b)
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static int setup(cam3 *k, const rc_c3d *c, const char *const chain[3], double sign, double wrap,
                 int persp)
{
    memset(k, 0, sizeof *k);
    k->c = c;
    k->s = rc_c3d_get_info(c)->mm_per_unit;
    k->sign = sign;
    k->wrap = wrap;
    k->persp = persp;
    for (int j = 0; j < 3; j++)
        if ((k->idx[j] = rc_c3d_find(c, chain[j], 0)) < 0)
            return 0;
    int nf = rc_c3d_get_info(c)->n_frames, run = 0;
    for (int f = 0; f < nf; f++) {
        double p[3];
        int ok = 1;
        for (int j = 0; j < 3; j++)
            ok = ok && rc_c3d_point(c, f, k->idx[j], p);
        run = ok ? run + 1 : 0;
        if (run > k->n) {
            k->n = run;
            k->f0 = f - run + 1;
        }
    }
    /* Vertical: the lab axis closest to RASI -> RSHO on average. */
    int ia = rc_c3d_find(c, "RASI", 0), is = rc_c3d_find(c, "RSHO", 0);
    int il = rc_c3d_find(c, "LSHO", 0);
    double up[3] = {0, 0, 0}, lr[3] = {0, 0, 0};
    for (int f = k->f0; f < k->f0 + k->n; f++) {
        double a[3], b[3], l[3];
        if (rc_c3d_point(c, f, ia, a) && rc_c3d_point(c, f, is, b) && rc_c3d_point(c, f, il, l))
            for (int q = 0; q < 3; q++) {
                up[q] += b[q] - a[q];
                lr[q] += b[q] - l[q];
            }
    }
    int ax = fabs(up[0]) > fabs(up[1]) ? 0 : 1;
    ax = fabs(up[2]) > fabs(up[ax]) ? 2 : ax;
    k->U[ax] = up[ax] > 0 ? 1 : -1;
    lr[ax] = 0; /* horizontal part of left -> right */
    double len = sqrt(dot3(lr, lr));
    for (int q = 0; q < 3; q++)
        k->R[q] = lr[q] / len;
    /* Anterior: right-handed (R, A, U). */
    k->A[0] = k->U[1] * k->R[2] - k->U[2] * k->R[1];
    k->A[1] = k->U[2] * k->R[0] - k->U[0] * k->R[2];
    k->A[2] = k->U[0] * k->R[1] - k->U[1] * k->R[0];
    for (int f = k->f0; f < k->f0 + k->n; f++)
        for (int j = 0; j < 3; j++) {
            double p[3];
            rc_c3d_point(c, f, k->idx[j], p);
            for (int q = 0; q < 3; q++)
                k->centre[q] += p[q] * k->s / (3.0 * k->n);
        }
    return k->n >= 2;
}

/* Screen position (unscaled, y down) of chain marker j at clip time tau (s). */
static void screen(const cam3 *k, int j, double tau, double rate, double *x, double *y)
{
    double fi = tau * rate;
    int i0 = (int)floor(fi);
    if (i0 >= k->n - 1)
        i0 = k->n - 2;
    double a = fi - i0, p0[3], p1[3], q[3];
    rc_c3d_point(k->c, k->f0 + i0, k->idx[j], p0);
    rc_c3d_point(k->c, k->f0 + i0 + 1, k->idx[j], p1);
    for (int d = 0; d < 3; d++)
        q[d] = (p0[d] + a * (p1[d] - p0[d])) * k->s - k->centre[d];
    double depth = -dot3(q, k->R), g = k->persp ? 3000.0 / (3000.0 + depth) : 1.0;
    *x = dot3(q, k->A) * g;
    *y = -dot3(q, k->U) * g;
}

/* Clinical three-point angle from the directions of the two segments. */
static double own_angle(const cam3 *k, double tau, double rate)
{
    double x[3], y[3];
    for (int j = 0; j < 3; j++)
        screen(k, j, tau, rate, &x[j], &y[j]);
    double phi_r = atan2(-(y[1] - y[0]), x[1] - x[0]) * 180 / PI; /* y up for atan2 */
    double phi_m = atan2(-(y[2] - y[1]), x[2] - x[1]) * 180 / PI;
    double th = fmod(phi_m - phi_r + 540.0, 360.0) - 180.0;
    double v = k->sign * th;
    return v - 360.0 * ceil((v - k->wrap - 180.0) / 360.0);
}

static rc_synth *make(const char *scene, const char *q, rc_err *e)
{
    rc_synth_options o = rc_synth_options_default();
    if (rc_synth_options_parse(&o, q, e) != RC_OK)
        return NULL;
    return rc_synth_create(scene, &o, e);
}

/* Truth angle vs own projection, at the C3D rate, at 60 fps and played backwards. */
static void check_truth(const char *scene, const char *file, const char *const chain[3],
                        double sign, double wrap, int persp)
{
    rc_err e = {{0}};
    rc_c3d *c = rc_c3d_open(file, &e);
    CHECK_MSG(c != NULL, "%s", e.msg);
    if (!c)
        return;
    double rate = rc_c3d_get_info(c)->rate_hz;
    cam3 k;
    CHECK(setup(&k, c, chain, sign, wrap, persp));
    double clip = (k.n - 1) / rate;
    char q[512];
    snprintf(q, sizeof q, "size=640x360&fps=%g&file=%s&proj=%s", rate, file,
             persp ? "persp" : "ortho");
    rc_synth *s = make(scene, q, &e);
    CHECK_MSG(s != NULL, "%s: %s", scene, e.msg);
    if (!s) {
        rc_c3d_destroy(c);
        return;
    }
    CHECK(rc_synth_frame_count(s) == k.n); /* the clip once, frame for frame */
    double worst = 0, lo = 1e9, hi = -1e9, scale = 0, worst_px = 0;
    for (int64_t i = 0; i < rc_synth_frame_count(s); i++) {
        rc_truth t;
        CHECK(rc_synth_truth(s, i, &t) == RC_OK);
        double own = own_angle(&k, i / rate, rate);
        worst = fmax(worst, fabs(t.angle_deg[0] - own));
        lo = fmin(lo, own);
        hi = fmax(hi, own);
        /* Pixels: a uniform scale of the own projection, no rotation or shear. */
        for (int j = 1; j < 3; j++) {
            double x0, y0, x1, y1;
            screen(&k, 0, i / rate, rate, &x0, &y0);
            screen(&k, j, i / rate, rate, &x1, &y1);
            double dx = t.marker[j].x_px - t.marker[0].x_px,
                   dy = t.marker[j].y_px - t.marker[0].y_px;
            if (scale == 0)
                scale = hypot(dx, dy) / hypot(x1 - x0, y1 - y0);
            worst_px = fmax(worst_px, hypot(dx - scale * (x1 - x0), dy - scale * (y1 - y0)));
        }
    }
    CHECK_MSG(worst < 1e-6, "%s %s: truth vs own angle %.3g deg", scene, file, worst);
    CHECK_MSG(worst_px < 1e-6, "%s: pixels vs own projection %.3g px", scene, worst_px);
    printf("%s (%s, %s): %d frames at %g Hz, 2-D angle %.2f .. %.2f deg, truth vs own %.2g deg, "
           "%.3f px/mm\n",
           scene, strrchr(file, '/') + 1, persp ? "persp" : "ortho", k.n, rate, lo, hi, worst,
           scale);
    rc_synth_destroy(s);

    /* 60 fps, twice the clip: interpolated in time, then played backwards. */
    snprintf(q, sizeof q, "size=320x180&fps=60&seconds=%.6f&file=%s&proj=%s", 2 * clip, file,
             persp ? "persp" : "ortho");
    s = make(scene, q, &e);
    CHECK_MSG(s != NULL, "%s", e.msg);
    worst = 0;
    for (int64_t i = 0; s && i < rc_synth_frame_count(s); i++) {
        rc_truth t;
        rc_synth_truth(s, i, &t);
        double ts = i / 60.0, tau = ts <= clip ? ts : 2 * clip - ts;
        worst = fmax(worst, fabs(t.angle_deg[0] - own_angle(&k, tau, rate)));
    }
    CHECK_MSG(worst < 1e-6, "%s at 60 fps: truth vs own angle %.3g deg", scene, worst);
    rc_synth_destroy(s);
    rc_c3d_destroy(c);
}

/* Coverage-weighted centroid of the sticker of colour rgb near (tx, ty), radius r:
 * chroma alpha against the mean chroma of a ring around it; chroma sample (i, j)
 * covers pixel centre (2i + 0.5, 2j + 0.5). */
static void centroid(const rc_image *im, double tx, double ty, double r, const uint8_t rgb[3],
                     double *cx, double *cy)
{
    float S[3];
    rc_rgb_to_ycbcr(rgb, &S[0], &S[1], &S[2]);
    double b[3] = {0, 0, 0}, sw = 0, sx = 0, sy = 0;
    int nb = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int j = (int)((ty - r - 6) / 2); j <= (int)((ty + r + 6) / 2); j++) {
            for (int i = (int)((tx - r - 6) / 2); i <= (int)((tx + r + 6) / 2); i++) {
                if (i < 0 || j < 0 || i >= rc_image_plane_width(im, 1) ||
                    j >= rc_image_plane_height(im, 1))
                    continue;
                double x = 2 * i + 0.5, y = 2 * j + 0.5, d = hypot(x - tx, y - ty);
                double v1 = rc_image_row(im, 1, j)[i], v2 = rc_image_row(im, 2, j)[i];
                if (pass == 0 && d >= r + 2.5 && d <= r + 4.5) {
                    b[1] += v1, b[2] += v2, nb++;
                } else if (pass == 1 && d < r + 2) {
                    double num = (v1 - b[1]) * (S[1] - b[1]) + (v2 - b[2]) * (S[2] - b[2]);
                    double den = (S[1] - b[1]) * (S[1] - b[1]) + (S[2] - b[2]) * (S[2] - b[2]);
                    double a = den > 0 ? num / den : 0;
                    a = a < 0 ? 0 : a > 1 ? 1 : a;
                    sw += a, sx += a * x, sy += a * y;
                }
            }
        }
        if (pass == 0 && nb)
            b[1] /= nb, b[2] /= nb;
    }
    *cx = sw > 0 ? sx / sw : -1;
    *cy = sw > 0 ? sy / sw : -1;
}

static double check_centroids(const char *scene, const char *file, const uint8_t rgb[3][3])
{
    rc_err e = {{0}};
    char q[512];
    snprintf(q, sizeof q, "size=640x360&fps=30&file=%s", file);
    rc_synth *s = make(scene, q, &e);
    CHECK_MSG(s != NULL, "%s", e.msg);
    if (!s)
        return 1e9;
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, 640, 360);
    const double r = 6.4;
    double worst = 0;
    int measured = 0;
    int64_t n = rc_synth_frame_count(s);
    for (int64_t f = 0; f<n; f += n / 5> 0 ? n / 5 : 1) {
        rc_truth t;
        CHECK(rc_synth_render(s, f, &im, &t) == RC_OK);
        for (int m = 0; m < 3; m++) {
            double x = t.marker[m].x_px, y = t.marker[m].y_px, near = 1e9;
            for (int o = 0; o < 3; o++)
                if (o != m)
                    near = fmin(near, hypot(x - t.marker[o].x_px, y - t.marker[o].y_px));
            if (near < 4 * r || x < 20 || y < 20 || x > 620 || y > 340)
                continue; /* another sticker or the frame edge in the ring */
            double cx, cy;
            centroid(&im, x, y, r, rgb[m], &cx, &cy);
            double err = hypot(cx - x, cy - y);
            CHECK_MSG(err < 0.1, "%s frame %lld %s: centroid (%.3f, %.3f) truth (%.3f, %.3f)",
                      scene, (long long)f, t.marker[m].name, cx, cy, x, y);
            worst = fmax(worst, err);
            measured++;
        }
    }
    CHECK(measured >= 10);
    printf("%s (%s): %d sticker centroids, max error %.4f px\n", scene, strrchr(file, '/') + 1,
           measured, worst);
    free(buf);
    rc_synth_destroy(s);
    return worst;
}

static void test_errors(void)
{
    rc_err e = {{0}};
    CHECK(make("mocap_elbow", "size=320x180", &e) == NULL);
    CHECK_STR_CONTAINS(e.msg, "needs a C3D");
    CHECK_STR_CONTAINS(e.msg, "file=");
    CHECK(make("mocap_knee", "file=/nonexistent/walk.c3d", &e) == NULL);
    CHECK_STR_CONTAINS(e.msg, "/nonexistent/walk.c3d");
    CHECK(make("knee_flexion", "size=320x180&file=x.c3d", &e) == NULL);
    CHECK_STR_CONTAINS(e.msg, "mocap");
    rc_synth_options o = rc_synth_options_default();
    CHECK(rc_synth_options_parse(&o, "proj=fisheye", &e) == RC_E_ARG);
    CHECK_STR_CONTAINS(e.msg, "proj");
    CHECK(rc_synth_options_parse(&o, "file=", &e) == RC_E_ARG);
    /* Unknown names list the mocap scenes too. */
    CHECK(rc_synth_create("mocap_wrist", NULL, &e) == NULL);
    CHECK_STR_CONTAINS(e.msg, "mocap_elbow");
    CHECK(rc_synth_mocap_scene_count() == 2);
    CHECK(!strcmp(rc_synth_mocap_scene_name(0), "mocap_elbow"));
    CHECK(!strcmp(rc_synth_mocap_scene_model(1), "knee_flexion"));
    CHECK(rc_synth_mocap_scene_name(2) == NULL);

    /* A garbage file and a file cut short: an error naming the file, no crash. */
    char dir[] = "/tmp/romcap_mocap_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256], q[320];
    snprintf(path, sizeof path, "%s/junk.c3d", dir);
    FILE *f = fopen(path, "wb");
    for (int i = 0; f && i < 3000; i++)
        fputc((i * 7919) & 0xff, f);
    if (f)
        fclose(f);
    snprintf(q, sizeof q, "file=%s", path);
    CHECK(make("mocap_elbow", q, &e) == NULL);
    CHECK_STR_CONTAINS(e.msg, "junk.c3d");
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    test_errors();
    if (!test_path_exists(MOCAP "btk_shd01.c3d") || !test_path_exists(MOCAP "btk_Gait.c3d"))
        TEST_SKIP("%s: C3D files not found", MOCAP);
    static const char *const arm[3] = {"RSHO", "RELB", "RWRA"};
    static const char *const leg[3] = {"RASI", "RKNE", "RANK"};
    check_truth("mocap_elbow", MOCAP "btk_shd01.c3d", arm, 1, 75, 0);
    check_truth("mocap_elbow", MOCAP "btk_shd01.c3d", arm, 1, 75, 1);
    check_truth("mocap_knee", MOCAP "btk_Gait.c3d", leg, -1, 67.5, 1);
    check_truth("mocap_knee", MOCAP "ktk_kinematics_tennis_serve.c3d", leg, -1, 67.5, 0);
    static const uint8_t arm_rgb[3][3] = {{235, 200, 30}, {200, 40, 160}, {20, 170, 200}};
    static const uint8_t leg_rgb[3][3] = {{30, 170, 70}, {200, 40, 160}, {30, 80, 200}};
    check_centroids("mocap_elbow", MOCAP "btk_shd01.c3d", arm_rgb);
    check_centroids("mocap_knee", MOCAP "btk_Gait.c3d", leg_rgb);
    return TEST_RESULT();
}
