/* synth.c - the public face of the synthetic scene renderer: scene list, create and
 * destroy, per-frame render and ground truth, the camera and the chessboard truth.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/synth_internal.h"

int rc_synth_scene_count(void)
{
    return rc__synth_scene_total();
}

const char *rc_synth_scene_name(int i)
{
    const syn_scene *sc = rc__synth_scene_at(i);
    return sc ? sc->name : NULL;
}

const char *rc_synth_scene_model(int i)
{
    const syn_scene *sc = rc__synth_scene_at(i);
    return sc ? sc->model : NULL;
}

const char *rc_synth_scene_summary(int i)
{
    const syn_scene *sc = rc__synth_scene_at(i);
    return sc ? sc->summary : NULL;
}

/* The clinic-like options (issue 15), each message naming its option key. */
static rc_status check_clinic_options(const rc_synth_options *o, rc_err *err)
{
    if (o->blur_full != 0 && o->blur_full != 1)
        return rc_err_set(err, RC_E_ARG, "synthetic scene: blur_full %d is not 0 or 1",
                          o->blur_full);
    if (!(o->marker_px == 0 || (o->marker_px >= 1.5 && o->marker_px <= 64)))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: marker_px %g outside 1.5..64",
                          o->marker_px);
    if (!(o->wb >= 0 && o->wb <= 0.5))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: wb %g outside 0..0.5", o->wb);
    if (!(o->wb_period_s == 0 || (o->wb_period_s >= 0.1 && o->wb_period_s <= 600)))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: wb_period %g outside 0.1..600",
                          o->wb_period_s);
    if (o->skin < 0 || o->skin > 6)
        return rc_err_set(err, RC_E_ARG, "synthetic scene: skin %d outside 1..6", o->skin);
    if (o->clothing < 0 || o->clothing >= RC_SYNTH_CLOTHING_COUNT)
        return rc_err_set(err, RC_E_ARG, "synthetic scene: clothing %d is not a known colour",
                          o->clothing);
    if (o->clutter_near < 0 || o->clutter_near > 16)
        return rc_err_set(err, RC_E_ARG, "synthetic scene: clutter_near %d outside 0..16",
                          o->clutter_near);
    if (!(fabs(o->offset_x) <= 0.45 && fabs(o->offset_y) <= 0.45))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: offset %g,%g outside -0.45..0.45",
                          o->offset_x, o->offset_y);
    if (!(o->scale == 0 || (o->scale >= 0.25 && o->scale <= 2)))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: scale %g outside 0.25..2", o->scale);
    return RC_OK;
}

static rc_status check_options(const rc_synth_options *o, rc_err *err)
{
    if (o->width < 16 || o->width > 8192 || o->height < 16 || o->height > 8192)
        return rc_err_set(err, RC_E_ARG, "synthetic scene: size %dx%d outside 16..8192", o->width,
                          o->height);
    if (!(o->fps > 0 && o->fps <= 1000))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: fps %g outside (0, 1000]", o->fps);
    if (!(o->seconds >= 0 && o->seconds <= 3600))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: seconds %g outside 0..3600", o->seconds);
    if (!(o->noise_sigma >= 0 && o->noise_sigma <= 100))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: noise %g outside 0..100",
                          o->noise_sigma);
    if (o->blur_samples < 0 || o->blur_samples > 64)
        return rc_err_set(err, RC_E_ARG, "synthetic scene: blur %d outside 0..64", o->blur_samples);
    if (!(o->exposure >= 0 && o->exposure <= 1))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: exposure %g outside 0..1", o->exposure);
    if (!(o->light_drift >= 0 && o->light_drift <= 0.9))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: drift %g outside 0..0.9",
                          o->light_drift);
    if (!(fabs(o->k1) <= 1 && fabs(o->k2) <= 1))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: k1 %g / k2 %g outside -1..1", o->k1,
                          o->k2);
    if (!(o->light == 0 || (o->light >= 0.02 && o->light <= 4)))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: light %g outside 0.02..4", o->light);
    if (!(fabs(o->tilt_deg) <= 45))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: tilt %g outside -45..45", o->tilt_deg);
    if (o->flip != 0 && o->flip != 1)
        return rc_err_set(err, RC_E_ARG, "synthetic scene: flip %d is not 0 or 1", o->flip);
    if (!(o->amplitude >= 0 && o->amplitude <= 1))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: amp %g outside (0, 1]", o->amplitude);
    if (o->reps < 0 || o->reps > 20)
        return rc_err_set(err, RC_E_ARG, "synthetic scene: reps %d outside 1..20", o->reps);
    if (!(o->occlude_at_s >= 0 && o->occlude_for_s >= 0))
        return rc_err_set(err, RC_E_ARG, "synthetic scene: occlusion times must be >= 0");
    return check_clinic_options(o, err);
}

/* Looks `name` up among the self-contained scenes (*idx) and the mocap scenes
 * (*midx); -1 where it is not one. An unknown name is an error listing the known. */
static rc_status find_scene(const char *name, int *idx, int *midx, rc_err *err)
{
    *idx = *midx = -1;
    for (int i = 0; name && i < rc__synth_scene_total(); i++)
        if (!strcmp(rc__synth_scene_at(i)->name, name))
            *idx = i;
    for (int i = 0; name && i < rc_synth_mocap_scene_count(); i++)
        if (!strcmp(rc__synth_mocap_scene_at(i)->name, name))
            *midx = i;
    if (*idx >= 0 || *midx >= 0)
        return RC_OK;
    char list[RC_ERR_CAP - 96] = ""; /* the rest of the message: at most 80 bytes */
    /* The mocap scenes first: the self-contained ones may not all fit. */
    int total = rc__synth_scene_total() + rc_synth_mocap_scene_count();
    int n_mocap = rc_synth_mocap_scene_count();
    for (int i = 0; i < total; i++) {
        const syn_scene *sc =
            i < n_mocap ? rc__synth_mocap_scene_at(i) : rc__synth_scene_at(i - n_mocap);
        size_t l = strlen(list);
        if (l + strlen(sc->name) + 8 >= sizeof list) { /* no name cut in half */
            snprintf(list + l, sizeof list - l, ", ...");
            break;
        }
        snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", sc->name);
    }
    return rc_err_set(err, RC_E_NOT_FOUND, "unknown synthetic scene '%.40s' (known: %s)",
                      name ? name : "(null)", list);
}

/* Checks the options and those that belong to one kind of scene only (amp= to the
 * self-contained ones, file= to the mocap ones); amp 0 becomes 1. */
static rc_status check_scene_options(const char *name, int midx, rc_synth_options *o, rc_err *err)
{
    rc_status rs = check_options(o, err);
    if (rs != RC_OK)
        return rs;
    if (midx >= 0 && o->amplitude != 0 && o->amplitude != 1)
        return rc_err_set(err, RC_E_ARG,
                          "synthetic scene '%s': option amp= is for the self-contained scenes only",
                          name);
    if (o->amplitude == 0)
        o->amplitude = 1;
    if (midx < 0 && o->file[0])
        return rc_err_set(err, RC_E_ARG,
                          "synthetic scene '%s': option file= is for the mocap scenes only", name);
    return RC_OK;
}

/* Options left at 0 get their defaults; a mocap scene plays its clip once. */
static void fill_defaults(rc_synth_options *o, const syn_mocap *mocap)
{
    if (o->seconds == 0 && mocap) /* the clip once: frames 0 .. floor(clip * fps) */
        o->seconds = (floor(rc__synth_mocap_seconds(mocap) * o->fps + 1e-9) + 1) / o->fps;
    if (o->seconds == 0)
        o->seconds = 10;
    if (o->reps == 0)
        o->reps = 3;
    if (o->exposure == 0)
        o->exposure = 0.5;
    if (o->scale == 0)
        o->scale = 1;
    if (o->wb_period_s == 0)
        o->wb_period_s = 3;
}

/* The marker index named by occlude= (-1 without it); an unknown name is an error
 * listing the scene's markers. */
static rc_status find_occluded(const syn_scene *sc, const rc_synth_options *o, int *occ,
                               rc_err *err)
{
    *occ = -1;
    if (!o->occlude[0])
        return RC_OK;
    for (int k = 0; k < sc->n_markers; k++)
        if (!strncmp(sc->marker[k].name, o->occlude, RC_NAME_CAP))
            *occ = k;
    if (*occ >= 0)
        return RC_OK;
    char list[160] = "";
    for (int k = 0; k < sc->n_markers; k++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", k ? ", " : "", sc->marker[k].name);
    }
    return rc_err_set(err, RC_E_ARG, "synthetic scene '%s': occlude: no marker '%.31s' (has: %s)",
                      sc->name, o->occlude, list[0] ? list : "none");
}

/* The inverse map must be single-valued over the frame: the frame corner's
 * distorted radius has to stay below the radius where the lens model folds. */
static rc_status check_lens_fold(const rc_synth *s, rc_err *err)
{
    if (!isfinite(s->cam.r_fold))
        return RC_OK;
    const rc_synth_options *o = &s->o;
    double rf = s->cam.r_fold, r2 = rf * rf;
    double rd_fold = rf * (1 + o->k1 * r2 + o->k2 * r2 * r2);
    double rd_corner = hypot(s->cam.cx + 2, s->cam.cy + 2) / s->cam.fx;
    if (rd_corner >= rd_fold)
        return rc_err_set(err, RC_E_ARG,
                          "synthetic scene: distortion k1=%g k2=%g folds over inside the frame",
                          o->k1, o->k2);
    return RC_OK;
}

/* Sizes (padded to even) and allocates the distortion map and the float planes. */
static rc_status alloc_planes(rc_synth *s, const char *name, rc_err *err)
{
    const rc_synth_options *o = &s->o;
    s->w2 = o->width + (o->width & 1);
    s->h2 = o->height + (o->height & 1);
    s->mw = s->w2 + 2;
    size_t n = (size_t)s->w2 * s->h2;
    s->map = malloc(sizeof(float) * 2 * (size_t)s->mw * (size_t)(s->h2 + 2));
    int ok = s->map != NULL;
    for (int p = 0; p < 3; p++) {
        s->bg[p] = malloc(sizeof(float) * n);
        s->work[p] = malloc(sizeof(float) * n);
        ok = ok && s->bg[p] && s->work[p];
        if ((o->blur_samples > 1 || o->blur_full) && !s->sc->is_board) {
            s->acc[p] = malloc(sizeof(float) * n);
            ok = ok && s->acc[p];
        }
    }
    if (!ok)
        return rc_err_set(err, RC_E_NOMEM, "synthetic scene '%s': out of memory for %dx%d", name,
                          o->width, o->height);
    return RC_OK;
}

static void pose_at(const rc_synth *s, double t, double *jx, double *jy, double *angle);

/* clutter_near: the markers' paths sampled over the scene (up to 240 poses), then
 * stickers painted near them. */
static rc_status paint_near(rc_synth *s, rc_err *err)
{
    const int np = (int)(s->n_frames < 240 ? (s->n_frames > 0 ? s->n_frames : 1) : 240);
    const int nm = s->sc->n_markers;
    double *px = malloc(sizeof(double) * 2 * (size_t)np * (size_t)(nm > 0 ? nm : 1));
    if (!px)
        return rc_err_set(err, RC_E_NOMEM, "synthetic scene '%s': out of memory", s->sc->name);
    double *py = px + (size_t)np * nm;
    for (int i = 0; i < np; i++) {
        double jx[SYN_MAX_JOINTS], jy[SYN_MAX_JOINTS], angle;
        pose_at(s, s->o.seconds * i / np, jx, jy, &angle);
        for (int k = 0; k < nm; k++) {
            px[k * np + i] = jx[s->sc->marker[k].joint];
            py[k * np + i] = jy[s->sc->marker[k].joint];
        }
    }
    if (nm > 0)
        rc__synth_paint_clutter_near(s, px, py, np);
    free(px);
    return RC_OK;
}

/* Colours in YCbCr, the lens map, and what stays the same in every frame. */
static rc_status prepare_scene(rc_synth *s, rc_err *err)
{
    const syn_scene *sc = s->sc;
    uint8_t skin[3], cloth[3];
    rc__synth_skin_rgb(s->o.skin, skin);
    rc_rgb_to_ycbcr(skin, &s->skin[0], &s->skin[1], &s->skin[2]);
    s->has_cloth = rc__synth_clothing_rgb(s->o.clothing, cloth);
    if (s->has_cloth)
        rc_rgb_to_ycbcr(cloth, &s->cloth[0], &s->cloth[1], &s->cloth[2]);
    s->scale = s->o.scale;
    s->off_x_mm = s->o.offset_x * s->cam.dist;                      /* fx = width */
    s->off_y_mm = s->o.offset_y * s->o.height / s->cam.fy * s->cam.dist; /* fy = width */
    for (int k = 0; k < sc->n_markers; k++)
        rc_rgb_to_ycbcr(sc->marker[k].rgb, &s->mcol[k][0], &s->mcol[k][1], &s->mcol[k][2]);
    rc__synth_build_map(s);
    rc__synth_build_background(s);
    if (s->o.clutter > 0)
        rc__synth_paint_clutter(s);
    if (s->o.clutter_near > 0 && !sc->is_board && paint_near(s, err) != RC_OK)
        return RC_E_NOMEM;
    if (s->o.noise_sigma > 0)
        rc__synth_init_noise(s);
    return RC_OK;
}

rc_synth *rc_synth_create(const char *name, const rc_synth_options *opt, rc_err *err)
{
    int idx, midx;
    if (find_scene(name, &idx, &midx, err) != RC_OK)
        return NULL;
    rc_synth_options o = opt ? *opt : rc_synth_options_default();
    if (check_scene_options(name, midx, &o, err) != RC_OK)
        return NULL;
    syn_mocap *mocap = NULL;
    if (midx >= 0 && !(mocap = rc__synth_mocap_create(midx, &o, err)))
        return NULL;
    const syn_scene *sc = mocap ? rc__synth_mocap_scene(mocap) : rc__synth_scene_at(idx);
    fill_defaults(&o, mocap);
    syn_scene own;
    if (o.optional_stickers && rc__synth_optional_scene(sc, mocap != NULL, &own, err) != RC_OK) {
        rc__synth_mocap_destroy(mocap);
        return NULL;
    }
    if (o.optional_stickers)
        sc = &own; /* moved into the instance below */
    int occ;
    if (rc__synth_comp_check(sc, &o, mocap != NULL, err) != RC_OK ||
        find_occluded(sc, &o, &occ, err) != RC_OK) {
        rc__synth_mocap_destroy(mocap);
        return NULL;
    }

    rc_synth *s = calloc(1, sizeof *s);
    if (!s) {
        rc_err_set(err, RC_E_NOMEM, "synthetic scene '%s': out of memory", name);
        rc__synth_mocap_destroy(mocap);
        return NULL;
    }
    s->sc = sc;
    if (o.optional_stickers) {
        s->own = own;
        s->sc = &s->own;
    }
    s->mocap = mocap;
    s->o = o;
    s->occ_marker = occ;
    s->n_frames = (int64_t)floor(o.seconds * o.fps + 0.5);
    rc__synth_cam_init(&s->cam, &o);
    if (check_lens_fold(s, err) != RC_OK) {
        rc_synth_destroy(s);
        return NULL;
    }
    double r_px = o.marker_px > 0 ? o.marker_px : fmax(6.0, 0.01 * o.width);
    s->marker_r_mm = r_px * RC_SYNTH_DISTANCE_MM / s->cam.fx;
    if (alloc_planes(s, name, err) != RC_OK || prepare_scene(s, err) != RC_OK) {
        rc_synth_destroy(s);
        return NULL;
    }
    return s;
}

void rc_synth_destroy(rc_synth *s)
{
    if (!s)
        return;
    rc__synth_mocap_destroy(s->mocap);
    free(s->map);
    for (int p = 0; p < 3; p++) {
        free(s->bg[p]);
        free(s->work[p]);
        free(s->acc[p]);
    }
    free(s);
}

int64_t rc_synth_frame_count(const rc_synth *s)
{
    return s ? s->n_frames : 0;
}

void rc_synth_get_options(const rc_synth *s, rc_synth_options *o)
{
    if (s && o)
        *o = s->o;
}

/* The pose at time t; a flipped scene is the mirror image about the plane's
 * vertical axis X = 0, which leaves the clinical angle as it is. */
static void pose_at(const rc_synth *s, double t, double *jx, double *jy, double *angle)
{
    if (s->mocap) {
        rc__synth_mocap_pose(s->mocap, t, jx, jy, angle);
    } else {
        *angle = rc__synth_angle_at(s->sc, t, s->o.seconds, s->o.reps, s->o.amplitude);
        s->sc->pose(*angle, t, jx, jy);
        rc__synth_compensate(s->sc, &s->o, *angle, jx, jy); /* none by default */
        if (s->o.optional_stickers)
            rc__synth_optional_joints(s->sc, jx, jy);
    }
    if (s->o.flip)
        for (int j = 0; j < s->sc->n_joints; j++)
            jx[j] = -jx[j];
    if (s->scale != 1 || s->off_x_mm != 0 || s->off_y_mm != 0)
        for (int j = 0; j < s->sc->n_joints; j++) {
            jx[j] = jx[j] * s->scale + s->off_x_mm;
            jy[j] = jy[j] * s->scale + s->off_y_mm;
        }
}

static int occluded_at(const rc_synth *s, double t)
{
    if (s->occ_marker < 0)
        return -1;
    return (t >= s->o.occlude_at_s && t < s->o.occlude_at_s + s->o.occlude_for_s) ? s->occ_marker
                                                                                  : -1;
}

rc_status rc_synth_truth(rc_synth *s, int64_t index, rc_truth *truth)
{
    if (!s || !truth || index < 0)
        return RC_E_ARG;
    if (index >= s->n_frames)
        return RC_E_EOF;
    const syn_scene *sc = s->sc;
    memset(truth, 0, sizeof *truth);
    if (sc->is_board)
        return RC_OK;
    double t = (double)index / s->o.fps, jx[SYN_MAX_JOINTS], jy[SYN_MAX_JOINTS], angle;
    pose_at(s, t, jx, jy, &angle);
    int occ = occluded_at(s, t);
    truth->n_markers = sc->n_markers;
    for (int k = 0; k < sc->n_markers; k++) {
        rc_truth_marker *m = &truth->marker[k];
        snprintf(m->name, sizeof m->name, "%s", sc->marker[k].name);
        m->plane_x = jx[sc->marker[k].joint];
        m->plane_y = jy[sc->marker[k].joint];
        rc__synth_cam_project(&s->cam, m->plane_x, m->plane_y, &m->x_px, &m->y_px, &m->ux_px,
                              &m->uy_px);
        m->visible = k != occ;
    }
    truth->n_angles = 1;
    snprintf(truth->angle_name[0], RC_NAME_CAP, "%s", sc->angle_name);
    truth->angle_deg[0] = angle;
    const syn_more *mo = s->mocap ? NULL : rc__synth_scene_more(sc->name);
    if (mo) {
        double more[SYN_MAX_MORE_ANGLES] = {0};
        mo->fn(angle, t, more);
        for (int a = 0; a < SYN_MAX_MORE_ANGLES && mo->name[a]; a++) {
            snprintf(truth->angle_name[a + 1], RC_NAME_CAP, "%s", mo->name[a]);
            truth->angle_deg[a + 1] = more[a];
            truth->n_angles = a + 2;
        }
    }
    return RC_OK;
}

/* blur=full: poses over the whole frame interval, as many as keep every joint's step
 * at most RC__SYNTH_BLUR_STEP_PX (2..64); only the rectangle the body sweeps is
 * redrawn, the rest of the accumulator is the background times the sample count. */
static void render_full_blur(rc_synth *s, double t, int occ)
{
    const double T = 1 / s->o.fps;
    double ax[SYN_MAX_JOINTS], ay[SYN_MAX_JOINTS], bx[SYN_MAX_JOINTS], by[SYN_MAX_JOINTS], angle;
    pose_at(s, t - 0.5 * T, ax, ay, &angle);
    pose_at(s, t + 0.5 * T, bx, by, &angle);
    double dmax = 0;
    int u0 = s->w2, v0 = s->h2, u1 = -1, v1 = -1;
    for (int j = 0; j < s->sc->n_joints; j++) {
        double ua, va, ub, vb;
        rc__synth_cam_project(&s->cam, ax[j], ay[j], &ua, &va, NULL, NULL);
        rc__synth_cam_project(&s->cam, bx[j], by[j], &ub, &vb, NULL, NULL);
        dmax = fmax(dmax, hypot(ub - ua, vb - va));
    }
    int n = (int)ceil(dmax / RC__SYNTH_BLUR_STEP_PX);
    n = n < 2 ? 2 : n > 64 ? 64 : n;
    const size_t npx = (size_t)s->w2 * s->h2;
    for (int p = 0; p < 3; p++)
        for (size_t i = 0; i < npx; i++)
            s->acc[p][i] = (float)n * s->bg[p][i];
    for (int k = 0; k < n; k++) {
        double jx[SYN_MAX_JOINTS], jy[SYN_MAX_JOINTS];
        pose_at(s, t + T * ((k + 0.5) / n - 0.5), jx, jy, &angle);
        int a = s->w2, b = s->h2, c = -1, d = -1;
        rc__synth_pose_rect(s, jx, jy, &a, &b, &c, &d);
        if (c < a || d < b)
            continue;
        u0 = a < u0 ? a : u0, v0 = b < v0 ? b : v0, u1 = c > u1 ? c : u1, v1 = d > v1 ? d : v1;
        for (int p = 0; p < 3; p++)
            for (int v = b; v <= d; v++)
                memcpy(s->work[p] + (size_t)v * s->w2 + a, s->bg[p] + (size_t)v * s->w2 + a,
                       sizeof(float) * (size_t)(c - a + 1));
        rc__synth_draw_pose(s, jx, jy, occ);
        for (int p = 0; p < 3; p++)
            for (int v = b; v <= d; v++) {
                size_t r = (size_t)v * s->w2;
                for (int u = a; u <= c; u++)
                    s->acc[p][r + u] += s->work[p][r + u] - s->bg[p][r + u];
            }
    }
    s->acc_n = n;
}

/* blur=N: N sub-frame poses spread over the open shutter, centred on the frame time,
 * averaged. */
static void render_blur(rc_synth *s, double t, int occ)
{
    const int n = s->o.blur_samples;
    const size_t npx = (size_t)s->w2 * s->h2, bytes = sizeof(float) * npx;
    double jx[SYN_MAX_JOINTS], jy[SYN_MAX_JOINTS], angle;
    for (int p = 0; p < 3; p++)
        memset(s->acc[p], 0, bytes);
    for (int k = 0; k < n; k++) {
        double tk = t + s->o.exposure / s->o.fps * ((k + 0.5) / n - 0.5);
        pose_at(s, tk, jx, jy, &angle);
        for (int p = 0; p < 3; p++)
            memcpy(s->work[p], s->bg[p], bytes);
        rc__synth_draw_pose(s, jx, jy, occ);
        for (int p = 0; p < 3; p++)
            for (size_t i = 0; i < npx; i++)
                s->acc[p][i] += s->work[p][i];
    }
    s->acc_n = n;
}

rc_status rc_synth_render(rc_synth *s, int64_t index, rc_image *out, rc_truth *truth)
{
    if (!s || !out || index < 0)
        return RC_E_ARG;
    if (index >= s->n_frames)
        return RC_E_EOF;
    if (out->fmt != RC_PIX_I420 || out->width != s->o.width || out->height != s->o.height ||
        !out->plane[0] || !out->plane[1] || !out->plane[2])
        return RC_E_ARG;
    const double pi = 3.14159265358979323846, t = (double)index / s->o.fps;
    const double g = (s->o.light > 0 ? s->o.light : 1) *
                     (1 + s->o.light_drift * sin(2 * pi * t / s->o.seconds));
    const double gain = pow(g, 1 / 2.2);
    const size_t bytes = sizeof(float) * (size_t)s->w2 * s->h2;
    const int occ = occluded_at(s, t);
    const float *const *src = (const float *const *)s->work;
    float scale = 1;
    if (s->sc->is_board) {
        src = (const float *const *)s->bg;
    } else if (!s->acc[0]) {
        double jx[SYN_MAX_JOINTS], jy[SYN_MAX_JOINTS], angle;
        pose_at(s, t, jx, jy, &angle);
        for (int p = 0; p < 3; p++)
            memcpy(s->work[p], s->bg[p], bytes);
        rc__synth_draw_pose(s, jx, jy, occ);
    } else {
        if (s->o.blur_full)
            render_full_blur(s, t, occ);
        else
            render_blur(s, t, occ);
        src = (const float *const *)s->acc;
        scale = 1.0f / s->acc_n;
    }
    if (s->o.wb > 0) {
        double w = s->o.wb * sin(2 * pi * t / s->o.wb_period_s);
        rc__synth_output_wb(s, src, scale, g, 1 + w, 1 - w, index, out);
    } else {
        rc__synth_output(s, src, scale, gain, index, out);
    }
    return truth ? rc_synth_truth(s, index, truth) : RC_OK;
}

void rc_synth_get_camera(const rc_synth *s, rc_synth_camera *c)
{
    if (!s || !c)
        return;
    c->width = s->cam.w;
    c->height = s->cam.h;
    c->fx = s->cam.fx;
    c->fy = s->cam.fy;
    c->cx = s->cam.cx;
    c->cy = s->cam.cy;
    c->k1 = s->cam.k1;
    c->k2 = s->cam.k2;
    c->tilt_deg = s->o.tilt_deg;
    c->distance_mm = s->cam.dist;
    c->px_per_mm = s->cam.fx / s->cam.dist;
}

void rc_synth_project(const rc_synth *s, double X, double Y, double *x_px, double *y_px,
                      double *ux_px, double *uy_px)
{
    if (s)
        rc__synth_cam_project(&s->cam, X, Y, x_px, y_px, ux_px, uy_px);
}

int rc_synth_board_corners(const rc_synth *s, rc_synth_point *out, int cap)
{
    if (!s || !s->sc->is_board)
        return 0;
    const double sq = RC_SYNTH_BOARD_SQUARE_MM;
    for (int j = 0; j < RC_SYNTH_BOARD_ROWS; j++) {
        for (int i = 0; i < RC_SYNTH_BOARD_COLS; i++) {
            int k = j * RC_SYNTH_BOARD_COLS + i;
            if (!out || k >= cap)
                continue;
            rc_synth_point *p = &out[k];
            p->plane_x = (i - 4) * sq;
            p->plane_y = (j - 2.5) * sq;
            rc__synth_cam_project(&s->cam, p->plane_x, p->plane_y, &p->x_px, &p->y_px, &p->ux_px,
                                  &p->uy_px);
        }
    }
    return RC_SYNTH_BOARD_CORNERS;
}

rc_synth *rc_synth_create_uri(const char *uri, rc_err *err)
{
    if (!uri) {
        rc_err_set(err, RC_E_ARG, "no scene given");
        return NULL;
    }
    if (!strncmp(uri, "synthetic:", 10))
        uri += 10;
    char name[RC_NAME_CAP];
    size_t n = strcspn(uri, "?");
    if (n == 0 || n >= sizeof name) {
        rc_err_set(err, RC_E_ARG, "synthetic:%.*s: bad scene name", (int)(n < 64 ? n : 64), uri);
        return NULL;
    }
    memcpy(name, uri, n);
    name[n] = '\0';
    rc_synth_options o = rc_synth_options_default();
    if (uri[n] == '?' && rc_synth_options_parse(&o, uri + n + 1, err) != RC_OK) {
        rc_err_prefix(err, "synthetic:%s", name);
        return NULL;
    }
    return rc_synth_create(name, &o, err);
}
