/* scene_mocap.c - synthetic scenes driven by real motion capture (C3D files).
 *
 * A mocap scene reads a C3D file (option file=PATH), picks the markers of one
 * limb chain by their standard labels (Plug-in-Gait / Helen-Hayes names), and
 * films them with a virtual camera from the subject's right side, as the sagittal
 * models' reference set-up asks (subject facing image right, lab vertical = image
 * up). The projected positions become the joints of the usual 2-D scene: capsules
 * are drawn between them and stickers on them, so the renderer, the tracker and
 * the kinematics see real human movement with exact truth.
 *
 * Camera frame, from the data: U = the lab axis closest to the mean "up" vector
 * of a body pair (hip -> shoulder, ankle -> knee ...), R = the subject's right
 * (mean left -> right marker vector, made horizontal), A = U x R (anterior).
 * Camera coordinates relative to the mean position of the angle's three markers
 * over the clip: x = d.A (image right),
 * y = -d.U (image down), z = -d.R (depth, away from a camera on the right).
 * Orthographic: the plane point is (x, y); perspective (default): a pinhole
 * RC_MOCAP_CAMERA_MM from the subject, (x, y) * D / (D + z). A zoom and an offset,
 * fitted once over the whole clip, frame the movement; capsule radii scale with
 * the zoom. The movement plane of synth.h is then this image plane, so the truth
 * angle computed from plane points equals the image angle at tilt 0 without
 * distortion. It is computed here with its own formula (three-point angle, the
 * model's sign and offset from models/README.md), not with romcap's kinematics.
 *
 * Time: C3D frames are resampled by linear interpolation of the 3-D positions at
 * t * rate. The clip plays forwards, then backwards, then forwards ... so a scene
 * longer than the clip stays continuous. Only the longest run of frames in which
 * all required markers are valid is used.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/c3d.h"
#include "synth/synth_internal.h"

#define PI 3.14159265358979323846
/* Camera to subject distance in perspective mode: the models ask for 2.5-3 m. */
#define RC_MOCAP_CAMERA_MM 3000.0
/* TUNABLE: fraction of the frame the clip's joints span (room for body and stickers). */
#define RC_MOCAP_FILL 0.8

enum { MAX_LABELS = 5 };

typedef struct joint_def {
    const char *name;              /* for messages */
    const char *label[MAX_LABELS]; /* C3D labels tried in order (NULL ends) */
    int required;                  /* else: fallback when absent or not always valid */
    int base, from;                /* fallback = J[base] + f (J[base] - J[from]) */
    double f, up_mm, fwd_mm;       /*            + up_mm U + fwd_mm A */
} joint_def;

struct syn_mocap_def {
    int a, b, c;               /* joints of the three-point angle (ref "straight") */
    double sign, offset, wrap; /* the model's convention (models/README.md) */
    joint_def joint[SYN_MAX_JOINTS];
};

struct syn_mocap {
    syn_scene sc; /* this instance's copy: capsule radii scaled by the zoom */
    const syn_mocap_def *def;
    int n, nj;      /* clip frames, joints */
    double rate_hz; /* C3D rate */
    double clip_s;  /* (n - 1) / rate */
    double *cam;    /* n x nj x 3 camera coordinates, mm */
    int ortho;
    double zoom, ox, oy; /* plane = zoom * projection + (ox, oy) */
};

/* Elbow: joints shoulder, elbow, wrist, hand, hip, head (as the elbow_flexion scene). */
static const syn_mocap_def elbow_def = {
    .a = 0,
    .b = 1,
    .c = 2,
    .sign = 1,
    .offset = 0,
    .wrap = 75,
    .joint = {
        {.name = "shoulder", .label = {"RSHO", "RACR"}, .required = 1},
        {.name = "elbow", .label = {"RELB", "RLEL"}, .required = 1},
        {.name = "wrist", .label = {"RWRA", "RWRI", "RWRB", "RRSP"}, .required = 1},
        {.name = "hand", .label = {"RFIN"}, .base = 2, .from = 1, .f = 0.35},
        {.name = "hip", .label = {"RASI", "RGT"}, .base = 0, .from = 0, .up_mm = -480},
        {.name = "head", .base = 0, .from = 0, .up_mm = 230, .fwd_mm = -30},
    }};

/* Knee: joints trunk top, hip, knee, ankle, toe (as the knee_flexion scene). The
 * greater trochanter is rarely in a lab marker set; the ASIS stands in for it. */
static const syn_mocap_def knee_def = {
    .a = 1,
    .b = 2,
    .c = 3,
    .sign = -1,
    .offset = 0,
    .wrap = 67.5,
    .joint = {
        {.name = "trunk", .label = {"RSHO"}, .base = 1, .from = 1, .up_mm = 480},
        {.name = "hip", .label = {"RGT", "RTRO", "RASI"}, .required = 1},
        {.name = "knee", .label = {"RKNE"}, .required = 1},
        {.name = "ankle", .label = {"RANK"}, .required = 1},
        {.name = "toe", .label = {"RTOE"}, .base = 3, .from = 3, .fwd_mm = 150},
    }};

/* Sticker colours of the bundled palette (models/README.md). */
#define YELLOW                                                                                     \
    {                                                                                              \
        235, 200, 30                                                                               \
    }
#define MAGENTA                                                                                    \
    {                                                                                              \
        200, 40, 160                                                                               \
    }
#define CYAN                                                                                       \
    {                                                                                              \
        20, 170, 200                                                                               \
    }
#define GREEN                                                                                      \
    {                                                                                              \
        30, 170, 70                                                                                \
    }
#define BLUE                                                                                       \
    {                                                                                              \
        30, 80, 200                                                                                \
    }

/* Same order as mocap_defs. Bodies as the elbow_flexion and knee_flexion scenes. */
static const syn_scene mocap_scenes[] = {
    {.name = "mocap_elbow",
     .model = "elbow_flexion",
     .summary = "real right-arm motion from a C3D file (file=PATH): RSHO-RELB-RWRA seen from "
                "the right",
     .angle_name = "elbow_flexion",
     .n_joints = 6,
     .n_markers = 3,
     .marker = {{"shoulder", 0, YELLOW}, {"elbow", 1, MAGENTA}, {"wrist", 2, CYAN}},
     .n_capsules = 5,
     .capsule = {{0, 4, 130, 0}, {5, 0, 80, 0}, {0, 1, 45, 1}, {1, 2, 38, 1}, {2, 3, 35, 1}},
     .ambient = 1.0},
    {.name = "mocap_knee",
     .model = "knee_flexion",
     .summary = "real right-leg motion from a C3D file (file=PATH): RASI-RKNE-RANK seen from "
                "the right",
     .angle_name = "knee_flexion",
     .n_joints = 5,
     .n_markers = 3,
     .marker = {{"hip", 1, GREEN}, {"knee", 2, MAGENTA}, {"ankle", 3, BLUE}},
     .n_capsules = 4,
     .capsule = {{0, 1, 130, 0}, {1, 2, 70, 1}, {2, 3, 50, 1}, {3, 4, 35, 1}},
     .ambient = 1.0},
};
static const syn_mocap_def *const mocap_defs[] = {&elbow_def, &knee_def};

int rc_synth_mocap_scene_count(void)
{
    return (int)(sizeof mocap_scenes / sizeof mocap_scenes[0]);
}

const syn_scene *rc__synth_mocap_scene_at(int i)
{
    return (i >= 0 && i < rc_synth_mocap_scene_count()) ? &mocap_scenes[i] : NULL;
}

const char *rc_synth_mocap_scene_name(int i)
{
    const syn_scene *sc = rc__synth_mocap_scene_at(i);
    return sc ? sc->name : NULL;
}

const char *rc_synth_mocap_scene_model(int i)
{
    const syn_scene *sc = rc__synth_mocap_scene_at(i);
    return sc ? sc->model : NULL;
}

const char *rc_synth_mocap_scene_summary(int i)
{
    const syn_scene *sc = rc__synth_mocap_scene_at(i);
    return sc ? sc->summary : NULL;
}

/* First label of `labels` present in the file, or -1. */
static int find_any(const rc_c3d *c, const char *const *labels)
{
    for (int k = 0; k < MAX_LABELS && labels[k]; k++) {
        int i = rc_c3d_find(c, labels[k], 0);
        if (i >= 0)
            return i;
    }
    return -1;
}

static void list_labels(const char *const *labels, char *buf, size_t cap)
{
    buf[0] = 0;
    for (int k = 0; k < MAX_LABELS && labels[k]; k++) {
        size_t l = strlen(buf);
        snprintf(buf + l, cap - l, "%s%s", k ? ", " : "", labels[k]);
    }
}

/* Mean of p[b] - p[a] over the clip frames where both are valid (mm). 0 if none. */
static int mean_diff(const rc_c3d *c, int f0, int n, const char *la, const char *lb, double s,
                     double out[3])
{
    int ia = rc_c3d_find(c, la, 0), ib = rc_c3d_find(c, lb, 0), cnt = 0;
    out[0] = out[1] = out[2] = 0;
    if (ia < 0 || ib < 0)
        return 0;
    for (int f = f0; f < f0 + n; f++) {
        double pa[3], pb[3];
        if (rc_c3d_point(c, f, ia, pa) && rc_c3d_point(c, f, ib, pb)) {
            for (int k = 0; k < 3; k++)
                out[k] += (pb[k] - pa[k]) * s;
            cnt++;
        }
    }
    if (!cnt)
        return 0;
    for (int k = 0; k < 3; k++)
        out[k] /= cnt;
    return 1;
}

/* The camera axes U (up), R (subject's right), A (anterior) in lab coordinates. */
static rc_status body_axes(const rc_c3d *c, int f0, int n, double s, double U[3], double R[3],
                           double A[3], const char *file, rc_err *err)
{
    static const char *const up_pairs[][2] = {{"RASI", "RSHO"}, {"LASI", "LSHO"}, {"RANK", "RKNE"},
                                              {"LANK", "LKNE"}, {"RKNE", "RASI"}, {"RELB", "RSHO"}};
    static const char *const lr_pairs[][2] = {{"LSHO", "RSHO"}, {"LASI", "RASI"}, {"LKNE", "RKNE"},
                                              {"LANK", "RANK"}, {"LELB", "RELB"}, {"LPSI", "RPSI"}};
    double v[3];
    int ok = 0;
    for (size_t k = 0; !ok && k < sizeof up_pairs / sizeof up_pairs[0]; k++)
        ok = mean_diff(c, f0, n, up_pairs[k][0], up_pairs[k][1], s, v);
    if (!ok)
        return rc_err_set(err, RC_E_FORMAT,
                          "%s: cannot tell which way is up (needs one of RASI+RSHO, RANK+RKNE, "
                          "RELB+RSHO ...)",
                          file);
    int ax = 0;
    for (int k = 1; k < 3; k++)
        if (fabs(v[k]) > fabs(v[ax]))
            ax = k;
    U[0] = U[1] = U[2] = 0;
    U[ax] = v[ax] > 0 ? 1 : -1;
    ok = 0;
    for (size_t k = 0; !ok && k < sizeof lr_pairs / sizeof lr_pairs[0]; k++)
        ok = mean_diff(c, f0, n, lr_pairs[k][0], lr_pairs[k][1], s, v);
    double h = v[0] * U[0] + v[1] * U[1] + v[2] * U[2];
    for (int k = 0; k < 3; k++)
        R[k] = v[k] - h * U[k];
    double len = sqrt(R[0] * R[0] + R[1] * R[1] + R[2] * R[2]);
    if (!ok || !(len > 1))
        return rc_err_set(err, RC_E_FORMAT,
                          "%s: cannot tell the subject's right from left (needs one of "
                          "LSHO+RSHO, LASI+RASI, LKNE+RKNE ...)",
                          file);
    for (int k = 0; k < 3; k++)
        R[k] /= len;
    A[0] = U[1] * R[2] - U[2] * R[1];
    A[1] = U[2] * R[0] - U[0] * R[2];
    A[2] = U[0] * R[1] - U[1] * R[0];
    return RC_OK;
}

/* Unscaled image-plane point of camera coordinates p (see the top of the file). */
static void project(const syn_mocap *m, const double *p, double *x, double *y)
{
    double k = m->ortho ? 1.0 : RC_MOCAP_CAMERA_MM / (RC_MOCAP_CAMERA_MM + p[2]);
    *x = p[0] * k;
    *y = p[1] * k;
}

/* Loads the file, picks the markers and the clip, builds the camera coordinates
 * and fits the framing. */
static rc_status load(syn_mocap *m, const rc_synth_options *o, rc_err *err)
{
    const syn_mocap_def *d = m->def;
    const char *file = o->file;
    rc_c3d *c = rc_c3d_open(file, err);
    if (!c)
        return RC_E_FORMAT;
    rc_status st = RC_OK;
    const rc_c3d_info *in = rc_c3d_get_info(c);
    const double s = in->mm_per_unit;
    int idx[SYN_MAX_JOINTS];
    char buf[128];
    for (int j = 0; j < m->nj; j++) {
        idx[j] = find_any(c, d->joint[j].label);
        if (idx[j] < 0 && d->joint[j].required) {
            list_labels(d->joint[j].label, buf, sizeof buf);
            st = rc_err_set(err, RC_E_FORMAT, "%s: no marker for the %s (looked for %s)", file,
                            d->joint[j].name, buf);
            goto done;
        }
    }
    /* The longest run of frames with every required marker valid. */
    int best0 = 0, best_n = 0, run0 = 0, run_n = 0;
    for (int f = 0; f < in->n_frames; f++) {
        int all = 1;
        double p[3];
        for (int j = 0; j < m->nj; j++)
            if (d->joint[j].required && !rc_c3d_point(c, f, idx[j], p))
                all = 0;
        if (all) {
            if (run_n++ == 0)
                run0 = f;
            if (run_n > best_n)
                best0 = run0, best_n = run_n;
        } else {
            run_n = 0;
        }
    }
    if (best_n < 2) {
        st =
            rc_err_set(err, RC_E_FORMAT, "%s: fewer than 2 frames with the %s, %s and %s all valid",
                       file, d->joint[d->a].name, d->joint[d->b].name, d->joint[d->c].name);
        goto done;
    }
    /* Optional markers are used only when valid over the whole clip. */
    for (int j = 0; j < m->nj; j++) {
        double p[3];
        for (int f = best0; idx[j] >= 0 && !d->joint[j].required && f < best0 + best_n; f++)
            if (!rc_c3d_point(c, f, idx[j], p))
                idx[j] = -1;
    }
    double U[3] = {0}, R[3] = {0}, A[3] = {0};
    if ((st = body_axes(c, best0, best_n, s, U, R, A, file, err)) != RC_OK)
        goto done;
    m->n = best_n;
    m->rate_hz = in->rate_hz;
    m->clip_s = (best_n - 1) / in->rate_hz;
    m->cam = malloc(sizeof *m->cam * 3 * (size_t)best_n * (size_t)m->nj);
    if (!m->cam) {
        st = rc_err_set(err, RC_E_NOMEM, "%s: out of memory for %d frames", file, best_n);
        goto done;
    }
    /* Lab positions (mm) with fallbacks, then their mean, then camera coordinates. */
    double mean[3] = {0, 0, 0};
    for (int f = 0; f < best_n; f++) {
        double *P = m->cam + 3 * (size_t)f * (size_t)m->nj;
        for (int j = 0; j < m->nj; j++) {
            if (idx[j] >= 0) {
                rc_c3d_point(c, best0 + f, idx[j], P + 3 * j);
                for (int k = 0; k < 3; k++)
                    P[3 * j + k] *= s;
            }
        }
        for (int j = 0; j < m->nj; j++) {
            const joint_def *jd = &d->joint[j];
            if (idx[j] >= 0)
                continue;
            const double *b = P + 3 * jd->base, *fr = P + 3 * jd->from;
            for (int k = 0; k < 3; k++)
                P[3 * j + k] = b[k] + jd->f * (b[k] - fr[k]) + jd->up_mm * U[k] + jd->fwd_mm * A[k];
        }
        const int chain[3] = {d->a, d->b, d->c};
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 3; k++)
                mean[k] += P[3 * chain[j] + k] / (3.0 * best_n);
    }
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < (size_t)best_n * (size_t)m->nj; i++) {
        double *P = m->cam + 3 * i, q[3];
        for (int k = 0; k < 3; k++)
            q[k] = P[k] - mean[k];
        P[0] = q[0] * A[0] + q[1] * A[1] + q[2] * A[2];
        P[1] = -(q[0] * U[0] + q[1] * U[1] + q[2] * U[2]);
        P[2] = -(q[0] * R[0] + q[1] * R[1] + q[2] * R[2]);
        double x, y;
        project(m, P, &x, &y);
        x0 = fmin(x0, x), x1 = fmax(x1, x), y0 = fmin(y0, y), y1 = fmax(y1, y);
    }
    /* Plane units: the frame spans RC_SYNTH_DISTANCE_MM across at tilt 0. */
    double pw = RC_SYNTH_DISTANCE_MM, ph = RC_SYNTH_DISTANCE_MM * o->height / o->width;
    m->zoom = RC_MOCAP_FILL * fmin(pw / fmax(x1 - x0, 1), ph / fmax(y1 - y0, 1));
    m->ox = -m->zoom * 0.5 * (x0 + x1);
    m->oy = -m->zoom * 0.5 * (y0 + y1);
done:
    rc_c3d_destroy(c);
    return st;
}

syn_mocap *rc__synth_mocap_create(int i, const rc_synth_options *o, rc_err *err)
{
    const syn_scene *sc = rc__synth_mocap_scene_at(i);
    if (!sc)
        return NULL;
    if (!o->file[0]) {
        rc_err_set(err, RC_E_ARG,
                   "synthetic scene '%s' needs a C3D motion-capture file: add file=PATH, e.g. "
                   "synthetic:%s?file=/path/to/recording.c3d",
                   sc->name, sc->name);
        return NULL;
    }
    syn_mocap *m = calloc(1, sizeof *m);
    if (!m) {
        rc_err_set(err, RC_E_NOMEM, "synthetic scene '%s': out of memory", sc->name);
        return NULL;
    }
    m->sc = *sc;
    m->def = mocap_defs[i];
    m->nj = sc->n_joints;
    m->ortho = o->orthographic;
    if (load(m, o, err) != RC_OK) {
        rc__synth_mocap_destroy(m);
        return NULL;
    }
    for (int k = 0; k < m->sc.n_capsules; k++)
        m->sc.capsule[k].radius_mm *= m->zoom;
    return m;
}

void rc__synth_mocap_destroy(syn_mocap *m)
{
    if (!m)
        return;
    free(m->cam);
    free(m);
}

const syn_scene *rc__synth_mocap_scene(const syn_mocap *m)
{
    return &m->sc;
}

double rc__synth_mocap_seconds(const syn_mocap *m)
{
    return m->clip_s;
}

/* Clinical three-point angle ("straight" reference) of plane points a, b, c, with
 * screen y down: theta turns r = b - a onto m = c - b, counter-clockwise on screen
 * positive; value = offset + sign * theta, wrapped into (wrap - 180, wrap + 180]. */
static double clinical_deg(const syn_mocap_def *d, const double *x, const double *y)
{
    double rx = x[d->b] - x[d->a], ry = y[d->b] - y[d->a];
    double mx = x[d->c] - x[d->b], my = y[d->c] - y[d->b];
    double th = atan2(-(rx * my - ry * mx), rx * mx + ry * my) * 180 / PI;
    double v = d->offset + d->sign * th;
    while (v > d->wrap + 180)
        v -= 360;
    while (v <= d->wrap - 180)
        v += 360;
    return v;
}

void rc__synth_mocap_pose(const syn_mocap *m, double t, double *x, double *y, double *angle)
{
    /* Forwards, backwards, forwards ...: tau in [0, clip]. */
    double T = m->clip_s, u = fmod(t < 0 ? 0 : t, 2 * T);
    double tau = u <= T ? u : 2 * T - u;
    double fi = tau * m->rate_hz;
    int i0 = (int)floor(fi);
    if (i0 > m->n - 2)
        i0 = m->n - 2;
    if (i0 < 0)
        i0 = 0;
    double a = fi - i0;
    a = a < 0 ? 0 : a > 1 ? 1 : a;
    const double *p0 = m->cam + 3 * (size_t)i0 * (size_t)m->nj, *p1 = p0 + 3 * m->nj;
    for (int j = 0; j < m->nj; j++) {
        double p[3], px, py;
        for (int k = 0; k < 3; k++)
            p[k] = p0[3 * j + k] + a * (p1[3 * j + k] - p0[3 * j + k]);
        project(m, p, &px, &py);
        x[j] = m->zoom * px + m->ox;
        y[j] = m->zoom * py + m->oy;
    }
    *angle = clinical_deg(m->def, x, y);
}
