/* synth_internal.h - what the synth stage's files share: the scene table, the
 * camera maths and the renderer's state. Nothing here is public API.
 */
#ifndef ROMCAP_SYNTH_INTERNAL_H
#define ROMCAP_SYNTH_INTERNAL_H

#include <stdint.h>

#include "romcap/synth.h"

/* blur=full: the largest step of any joint between two sub-frame poses, px. */
#define RC__SYNTH_BLUR_STEP_PX 1.0

enum {
    SYN_MAX_JOINTS = 16,
    SYN_MAX_CAPSULES = 12,
    SYN_MAX_SCENE_MARKERS = 6,
    SYN_MAX_MORE_ANGLES = 3
};

/* A body part: a capsule (segment a-b swept by a disk) between two joints. Capsules
 * of one group are drawn as one union; groups are painted in increasing order. */
typedef struct syn_capsule {
    int a, b;
    double radius_mm;
    int group;
} syn_capsule;

typedef struct syn_marker_def {
    const char *name;
    int joint;
    uint8_t rgb[3];
} syn_marker_def;

/* Forward kinematics of one scene: joint positions (plane mm) at time t_s for the
 * clinical angle angle_deg. */
typedef void (*syn_pose_fn)(double angle_deg, double t_s, double *x, double *y);

typedef struct syn_scene {
    const char *name, *model, *summary, *angle_name;
    int is_board;
    int n_joints;
    int n_markers;
    syn_marker_def marker[SYN_MAX_SCENE_MARKERS];
    int n_capsules;
    syn_capsule capsule[SYN_MAX_CAPSULES];
    double start_deg, peak_deg; /* the test moves between these */
    double ambient;             /* scales background and skin (dim room for reflectors) */
    syn_pose_fn pose;
} syn_scene;

/* A scene's further truth angles (beyond angle_name), set directly by the scene like
 * the main one: fn fills deg[i] for each name (scenes_tests.c). */
typedef struct syn_more {
    const char *scene;
    const char *name[SYN_MAX_MORE_ANGLES];
    void (*fn)(double angle_deg, double t_s, double *deg);
} syn_more;
/* The further angles of self-contained scene `scene`, or NULL (one angle only). */
const syn_more *rc__synth_scene_more(const char *scene);

int rc__synth_scene_total(void);
const syn_scene *rc__synth_scene_at(int i);
/* Clinical angle at time t_s of a scene `seconds` long with `reps` repetitions, the
 * movement scaled to `amplitude` (0..1] of start -> peak. */
double rc__synth_angle_at(const syn_scene *sc, double t_s, double seconds, int reps,
                          double amplitude);

/* Mocap scenes (scene_mocap.c): real C3D trajectories seen from the subject's right.
 * They are not in the scene table above (rc_synth_scene_count lists self-contained
 * scenes only); rc_synth_create finds them by name. */
typedef struct syn_mocap_def syn_mocap_def;
typedef struct syn_mocap syn_mocap;
const syn_scene *rc__synth_mocap_scene_at(int i);
/* Loads o->file for mocap scene i; NULL with a message (no file given, unreadable
 * file, markers missing). */
syn_mocap *rc__synth_mocap_create(int i, const rc_synth_options *o, rc_err *err);
void rc__synth_mocap_destroy(syn_mocap *m); /* NULL is fine */
/* The instance's own scene (body sizes fitted to the framing); owned by m. */
const syn_scene *rc__synth_mocap_scene(const syn_mocap *m);
/* Length of the clip used, seconds. */
double rc__synth_mocap_seconds(const syn_mocap *m);
/* Joint plane positions (mm) and the clinical angle at time t_s. */
void rc__synth_mocap_pose(const syn_mocap *m, double t_s, double *x, double *y, double *angle);

/* Compensations (compensate.c, issue 16): whether `key` is one of their options, its
 * parser, the check that scene `sc` (mocap: none) performs each one asked for, and the
 * motion itself applied to the scene's joints at the clinical angle `angle_deg`. */
int rc__synth_comp_key(const char *key);
rc_status rc__synth_comp_option(rc_synth_options *o, const char *key, const char *v, rc_err *err);
rc_status rc__synth_comp_check(const syn_scene *sc, const rc_synth_options *o, int mocap,
                               rc_err *err);
void rc__synth_compensate(const syn_scene *sc, const rc_synth_options *o, double angle_deg,
                          double *x, double *y);

/* Optional stickers (optional.c, issue 16): *own becomes a copy of scene sc wearing
 * them (extra joints after its own for stickers between two joints); RC_E_ARG naming
 * the scenes that have some when sc (or a mocap scene) has none. */
rc_status rc__synth_optional_scene(const syn_scene *sc, int mocap, syn_scene *own, rc_err *err);
/* Fills the extra joints of such a copy from the posed joints. */
void rc__synth_optional_joints(const syn_scene *sc, double *x, double *y);

/* Pinhole + tilted plane + radial distortion (see synth.h). */
typedef struct syn_cam {
    int w, h;
    double fx, fy, cx, cy, k1, k2, dist, ct, st;
    double r_fold; /* undistorted radius where the distortion stops being monotonic */
} syn_cam;

void rc__synth_cam_init(syn_cam *c, const rc_synth_options *o);
/* Plane (X, Y) -> distorted pixel (xd, yd) and undistorted pixel (xu, yu). Returns 0
 * when the point is behind the camera or beyond the distortion's fold. */
int rc__synth_cam_project(const syn_cam *c, double X, double Y, double *xd, double *yd, double *xu,
                          double *yu);
/* Distorted pixel -> plane point. Returns 0 when the ray misses the plane. */
int rc__synth_cam_unproject(const syn_cam *c, double u, double v, double *X, double *Y);

struct rc_synth {
    const syn_scene *sc;
    syn_scene own;    /* optional=1: the scene wearing its optional stickers (sc = &own) */
    syn_mocap *mocap; /* mocap scenes only (then sc points into it), else NULL */
    rc_synth_options o;
    int64_t n_frames;
    syn_cam cam;
    int occ_marker; /* index of the occluded marker or -1 */
    double marker_r_mm;
    int w2, h2;     /* work size: width, height rounded up to even */
    int mw;         /* map row length: w2 + 2 (one pixel border each side) */
    float *map;     /* (w2+2) x (h2+2) plane (X, Y) per pixel; NAN where the ray
                       misses the plane */
    float max_jac;  /* max Frobenius norm of d(X,Y)/d(u,v): mm per px bound */
    float *bg[3];   /* background Y, Cb, Cr (float, full resolution) */
    float *work[3]; /* per-frame composite */
    float *acc[3];  /* motion-blur accumulator (NULL without blur) */
    int acc_n;      /* poses summed in acc for the frame being rendered */
    float skin[3];  /* YCbCr of the skin colour */
    float cloth[3]; /* YCbCr of the clothing on capsule group 0 (with has_cloth) */
    int has_cloth;
    double scale;        /* subject scale (o.scale, 1 when unset) */
    double off_x_mm, off_y_mm; /* subject offset in the plane (o.offset_x, o.offset_y) */
    float mcol[SYN_MAX_SCENE_MARKERS][3];
    float gauss[4096]; /* standard normal quantiles for the noise */
};

/* Appearance (appearance.c): sRGB of Fitzpatrick skin type 1..6 (else the default
 * skin) and of a clothing colour (returns 0 for none). */
void rc__synth_skin_rgb(int type, uint8_t rgb[3]);
int rc__synth_clothing_rgb(int clothing, uint8_t rgb[3]);

/* Raster (raster.c). */
void rc__synth_build_map(rc_synth *s);
void rc__synth_build_background(rc_synth *s);
void rc__synth_init_noise(rc_synth *s);
/* Paints o.clutter discs of the markers' colours into the background. */
void rc__synth_paint_clutter(rc_synth *s);
/* Composites the scene at pose (jx, jy) into s->work. */
void rc__synth_draw_pose(rc_synth *s, const double *jx, const double *jy, int occluded);
/* Paints o.clutter_near discs of the markers' colours near the markers' paths
 * (px, py: n_path plane points per marker, marker-major) into the background. */
void rc__synth_paint_clutter_near(rc_synth *s, const double *px, const double *py, int n_path);
/* Writes work (or the averaged accumulator) to the I420 output with drift and noise. */
void rc__synth_output(rc_synth *s, const float *const src[3], float scale, double gain,
                      int64_t index, rc_image *out);
/* The same with white-balance gains: linear red x kr, blue x kb (and all x g, the
 * drift), applied as the equivalent 3x3 map on (Y, Cb-128, Cr-128) at full
 * resolution before the chroma is averaged. */
void rc__synth_output_wb(rc_synth *s, const float *const src[3], float scale, double g,
                         double kr, double kb, int64_t index, rc_image *out);
/* Pixel rectangle that draw_pose touches for joints (jx, jy); grows *u0..*v1 (start
 * with an empty box: u0 = v0 = INT_MAX, u1 = v1 = -1). */
void rc__synth_pose_rect(const rc_synth *s, const double *jx, const double *jy, int *u0, int *v0,
                         int *u1, int *v1);

#endif
