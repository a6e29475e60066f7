/* synth.h - romcap's deterministic scene renderer, with exact ground truth.
 *
 * Renders a moving limb (skin-coloured segments over a textured background)
 * carrying coloured or bright markers, anti-aliased, straight into I420, with
 * optional sensor noise, motion blur, lighting drift, occlusion of a marker and
 * lens distortion. Every frame comes with the exact marker centres (as seen in the
 * image, after distortion) and the clinical joint angles that generated the pose.
 * It drives the tests, the benchmarks and the demo. Same scene + options + frame
 * index = same pixels, on every machine.
 *
 * Camera model (exact; the truth and the calibration tests rely on it). Each scene
 * lives in a 2-D movement plane with coordinates X right, Y down, Z = 0, in plane
 * units of millimetres, origin at the scene centre. The plane is turned by tilt_deg
 * about its own vertical axis (X = 0) and placed at RC_SYNTH_DISTANCE_MM in front of
 * a pinhole camera: camera point = (X cos t, Y, D + X sin t) (positive tilt moves
 * the plane's right side away). Intrinsics: fx = fy = width, cx = (width-1)/2,
 * cy = (height-1)/2 (pixel centres at integer coordinates). Normalised
 * x = Xc/Zc, y = Yc/Zc are distorted with OpenCV's radial model
 * x_d = x (1 + k1 r^2 + k2 r^4) (p1 = p2 = k3 = 0), then u = cx + fx x_d. So at
 * tilt 0 one millimetre is width / 2000 px (0.64 px at 1280x720) and the frame
 * covers 2000 mm of the plane horizontally. Markers are flat circles in the plane
 * (radius max(6 px, 1% of width) at tilt 0, or marker_px), drawn as their exact projection by
 * inverse-mapping every pixel; their true centre is the projection of the circle
 * centre. Edges carry exact area coverage, so a disk's coverage-weighted centroid
 * is within ~0.003 px of the centroid of the drawn (projected) disk; that centroid
 * is the projected centre at tilt 0 without distortion, and differs from it by
 * perspective (~0.08 px at tilt 30, 1280x720) and distortion (~0.02 px, k1 = -0.2).
 *
 * Pixels: anti-aliased (analytic edge coverage), composited in gamma-encoded
 * sRGB and converted with rc_rgb_to_ycbcr (JFIF); chroma is the 2x2 average.
 * Lighting drift multiplies linear light by g(t) = 1 + drift sin(2 pi t / seconds);
 * with a 2.2 gamma that scales Y and (Cb-128, Cr-128) by g^(1/2.2). White-balance
 * hunting (wb) multiplies linear red and blue by their own gains as well, which with
 * the 2.2 gamma is a 3x3 map on (Y, Cb-128, Cr-128) applied at full resolution.
 */
#ifndef ROMCAP_SYNTH_H
#define ROMCAP_SYNTH_H

#include <stdint.h>
#include <stdio.h>

#include "romcap/image.h"
#include "romcap/model.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Distance from the camera centre to the scene centre, plane units (mm). */
#define RC_SYNTH_DISTANCE_MM 2000.0

typedef struct rc_truth_marker {
    char name[RC_NAME_CAP];  /* the model's marker name */
    double x_px, y_px;       /* exact centre in the rendered image (distorted if the lens is) */
    double ux_px, uy_px;     /* the same centre through an ideal (undistorted) lens */
    int visible;             /* 0 while occluded */
    double plane_x, plane_y; /* centre in the movement plane, mm (X right, Y down) */
} rc_truth_marker;

typedef struct rc_truth {
    int n_markers;
    rc_truth_marker marker[RC_MAX_MARKERS];
    int n_angles;
    char angle_name[RC_MAX_ANGLES][RC_NAME_CAP]; /* the model's angle names */
    double angle_deg[RC_MAX_ANGLES];             /* exact, clinical convention */
} rc_truth;

enum { RC_SYNTH_FILE_CAP = 1024 };

typedef struct rc_synth_options {
    int width, height;                  /* default 1280x720 */
    double fps;                         /* default 60 */
    double seconds;                     /* length of the scene, default: the scene's own */
    uint64_t seed;                      /* texture and noise seed, default 1 */
    double noise_sigma;                 /* additive Gaussian luma/chroma noise, 0..255 units */
    int blur_samples;                   /* motion blur: sub-frame poses averaged over the exposure
                                           (0 or 1 = none) */
    double exposure;                    /* fraction of the frame interval the shutter is open
                                           (default 0.5, used with blur_samples) */
    double light_drift;                 /* illumination varies by +-this fraction over the scene */
    char occlude[RC_NAME_CAP];          /* marker to hide ("" = none) */
    double occlude_at_s, occlude_for_s; /* when and how long it is hidden */
    double k1, k2;                      /* radial lens distortion (OpenCV model, normalised by
                                           focal length = image width) */
    double tilt_deg;                    /* rotation of the movement plane about the vertical image
                                           axis (camera not square to the plane), -45..45 */
    int reps;                           /* repetitions of the movement, default 3 */
    int clutter;                        /* static stickers of the markers' colours on the
                                           wall, in the outer sixths of the frame, 0..64 */
    int flip;                           /* 1: the scene mirrored left-right (plane X -> -X):
                                           the same movement of the other side, or the
                                           subject facing the other way; for a frontal
                                           scene also the same side seen from the other
                                           view (front <-> behind), the same picture in a
                                           plane projection. Truth angles are unchanged
                                           (the clinical angle of the movement), truth
                                           marker positions are the mirrored ones. */
    double amplitude;                   /* fraction of the scene's movement (start -> peak)
                                           performed, (0, 1]; 0 = 1 (the whole movement).
                                           Not for mocap scenes. */
    /* Clinic-like conditions (issue 15). All 0 = off, so older callers are unchanged. */
    int blur_full;       /* 1 (blur=full): a full-length exposure, the shutter open for the
                            whole frame interval (exposure = 1), integrated with enough
                            sub-frame poses that no joint moves more than 1 px between
                            two (2..64 per frame, chosen per frame from the joints'
                            speed): a marker moving v px per frame leaves a streak whose
                            centre travels v px. Overrides blur= and exposure=. */
    double marker_px;    /* sticker radius in px at tilt 0 (0 = max(6, 1% of width)) */
    double wb;           /* white-balance hunting: the red gain is 1 + wb sin(2 pi t / P)
                            and the blue gain 1 - wb sin(2 pi t / P) in linear light
                            (P = wb_period_s), 0..0.5; combines with light_drift */
    double wb_period_s;  /* P, seconds (0 = 3) */
    int skin;            /* 0: the default light skin; 1..6: Fitzpatrick type I..VI (see
                            options.c for the CIELAB values and their source) */
    int clothing;        /* 0: bare skin; else a shirt/trunk (capsule group 0) in a colour
                            near a sticker's: RC_SYNTH_CLOTHING_* */
    int clutter_near;    /* stickers of the markers' colours near the limb, 0..16: each
                            5 to 12 sticker radii from every marker's path over the scene
                            (never on it, so the truth is untouched) */
    double offset_x;     /* subject moved by this fraction of the frame width, -0.45..0.45 */
    double offset_y;     /* ... and of the frame height (plane Y down), -0.45..0.45 */
    double scale;        /* subject (joints and body widths, not the stickers) scaled about
                            the scene centre before the offset, 0.25..2; 0 = 1 */
    /* Compensations the subject performs (issue 16), each growing with the movement
     * (0 at the start, the value at the top of the fullest repetition): comp[] by
     * RC_SYNTH_COMP_*, 0 = none. Options lean_back, lean_side, pelvis, thigh (degrees),
     * hike (mm), valgus (degrees; no scene has it yet); see synth/compensate.c for which
     * scene performs which and how. */
    double comp[6];
    int optional_stickers; /* optional=1: the scene also wears the optional stickers its
                              model may add for compensation rules (synth/optional.c:
                              shoulder_abduction's acromion_l, shoulder_rotation_90's
                              chest and hip); 0 (default): without them, as before */
    double light;        /* the room's light level: linear light times this, 0.02..4;
                            0 = 1. Below 1 a dim room (0.1: about a tenth of the light,
                            Y and chroma scaled by 0.1^(1/2.2)); above 1 an over-exposed
                            picture (bright skin and stickers clip at 255); combines with
                            drift (issue 20: the set-up check's light item) */
    /* Mocap scenes only (see rc_synth_mocap_scene_count). */
    char file[RC_SYNTH_FILE_CAP]; /* the C3D file to play ("" = none: an error) */
    int orthographic;             /* 1: parallel projection; 0 (default): a pinhole
                                     3 m from the subject */
} rc_synth_options;

/* clothing= colours: a sticker's hue, less saturated (see options.c). */
enum {
    RC_SYNTH_CLOTHING_NONE = 0,
    RC_SYNTH_CLOTHING_GREEN,
    RC_SYNTH_CLOTHING_MAGENTA,
    RC_SYNTH_CLOTHING_BLUE,
    RC_SYNTH_CLOTHING_YELLOW,
    RC_SYNTH_CLOTHING_CYAN,
    RC_SYNTH_CLOTHING_COUNT
};

/* Compensation kinds (rc_synth_options.comp[]). */
enum {
    RC_SYNTH_COMP_LEAN_BACK = 0, /* trunk leans back (sagittal), degrees */
    RC_SYNTH_COMP_LEAN_SIDE,     /* trunk bends sideways away from the arm (frontal) */
    RC_SYNTH_COMP_PELVIS,        /* pelvis hitches (frontal) or tilts back (sagittal) */
    RC_SYNTH_COMP_THIGH,         /* thigh swings forward (hip substitutes for knee) */
    RC_SYNTH_COMP_HIKE,          /* shoulder girdle rises along the trunk, mm */
    RC_SYNTH_COMP_VALGUS,        /* knee moves medially (no scene yet) */
    RC_SYNTH_COMP_COUNT
};

/* Defaults as documented above. */
rc_synth_options rc_synth_options_default(void);

/* Applies "k=v&k=v" settings (the part after '?' in synthetic:NAME?...; a leading
 * '?' is skipped): size=WxH, fps, seconds, seed, noise, blur, exposure, drift,
 * occlude=MARKER@START+LEN (seconds), k1, k2, tilt, reps, clutter, flip=0|1, amp
 * (the amplitude fraction), blur=full, marker_px, wb, wb_period, skin=1..6,
 * clothing=green|magenta|blue|yellow|cyan|none, clutter_near, offset=FX,FY (fractions
 * of the frame), scale, light, the compensations (lean_back ... valgus) and optional=0|1
 * (the scene's optional stickers); for mocap scenes also
 * file=PATH (no '&' in it) and proj=ortho|persp. RC_E_ARG names the bad key or
 * value; `o` is left unchanged on failure. */
rc_status rc_synth_options_parse(rc_synth_options *o, const char *query, rc_err *err);

/* Scenes: one per bundled model at least. Names are stable. */
int rc_synth_scene_count(void);
const char *rc_synth_scene_name(int i);    /* e.g. "knee_flexion" */
const char *rc_synth_scene_model(int i);   /* bundled model the scene wears; "" for
                                              the chessboard (no model) */
const char *rc_synth_scene_summary(int i); /* one line: the motion it shows */

/* Mocap scenes: real human motion read from a C3D motion-capture file given with
 * file=PATH ("mocap_elbow": RSHO-RELB-RWRA, model elbow_flexion; "mocap_knee":
 * RASI-RKNE-RANK, model knee_flexion). A virtual camera films the marker chain
 * from the subject's right (subject facing image right, lab vertical up), framed
 * to fit; the markers' truth is their projection and the truth angle the model's
 * clinical angle of the projected points. The clip (the longest run of frames
 * with the chain's markers all valid) is resampled to the scene's fps by linear
 * interpolation and plays forwards, backwards, forwards ... for `seconds`
 * (default: the clip once). These scenes are not counted by rc_synth_scene_count;
 * rc_synth_create accepts their names. */
int rc_synth_mocap_scene_count(void);
const char *rc_synth_mocap_scene_name(int i);    /* e.g. "mocap_elbow" */
const char *rc_synth_mocap_scene_model(int i);   /* e.g. "elbow_flexion" */
const char *rc_synth_mocap_scene_summary(int i); /* one line */

/* Every scene, rendered and motion-capture, one line each on `out` as `romcap scenes`
 * lists them: name, model ("-" for none), summary (scenes_print.c). */
void rc_synth_scenes_print(FILE *out);

typedef struct rc_synth rc_synth;

/* Creates scene `name` with options `o` (NULL = defaults). NULL with a message for
 * an unknown scene (the message lists the known ones), an occluded marker the scene
 * does not have, or options out of range. Allocates everything rendering needs
 * (about 40 bytes per pixel, +12 with motion blur). */
rc_synth *rc_synth_create(const char *name, const rc_synth_options *o, rc_err *err);
void rc_synth_destroy(rc_synth *s); /* NULL is fine */

/* Creates a scene from a source URI, "synthetic:NAME?k=v&..." (the "synthetic:"
 * prefix is optional): the options after '?' are applied to the defaults. */
rc_synth *rc_synth_create_uri(const char *uri, rc_err *err);

/* Frames in the scene at its frame rate. */
int64_t rc_synth_frame_count(const rc_synth *s);
void rc_synth_get_options(const rc_synth *s, rc_synth_options *o);

/* Renders frame `index` (time index / fps; 0 <= index < rc_synth_frame_count) into
 * `out` (an I420 image of the scene's size, caller-owned) and, if `truth` is not
 * NULL, its ground truth (the pose at the frame time, i.e. mid-exposure when
 * blurred). RC_E_EOF past the end, RC_E_ARG for a negative index or a wrong image.
 * Allocates nothing. */
rc_status rc_synth_render(rc_synth *s, int64_t index, rc_image *out, rc_truth *truth);

/* Ground truth only (cheap: no pixels). Same index rules as rc_synth_render. */
rc_status rc_synth_truth(rc_synth *s, int64_t index, rc_truth *truth);

/* The camera a scene is filmed with (see the top of this file). */
typedef struct rc_synth_camera {
    int width, height;  /* px */
    double fx, fy;      /* px; both equal width */
    double cx, cy;      /* px; (width-1)/2, (height-1)/2 */
    double k1, k2;      /* OpenCV radial distortion (p1 = p2 = k3 = 0) */
    double tilt_deg;    /* plane rotation about its vertical axis */
    double distance_mm; /* camera centre to scene centre, RC_SYNTH_DISTANCE_MM */
    double px_per_mm;   /* at the scene centre: fx / distance_mm */
} rc_synth_camera;

void rc_synth_get_camera(const rc_synth *s, rc_synth_camera *cam);

/* Projects plane point (X, Y) (mm) to the image: distorted (x_px, y_px) and through
 * an ideal lens (ux_px, uy_px). Any output pointer may be NULL. */
void rc_synth_project(const rc_synth *s, double plane_x, double plane_y, double *x_px, double *y_px,
                      double *ux_px, double *uy_px);

/* The "chessboard" scene: a static board of RC_SYNTH_BOARD_COLS x RC_SYNTH_BOARD_ROWS
 * inner corners (10 x 7 squares of RC_SYNTH_BOARD_SQUARE_MM, top-left square
 * black) centred on the plane origin, on a white panel with a 50 mm margin. */
enum { RC_SYNTH_BOARD_COLS = 9, RC_SYNTH_BOARD_ROWS = 6, RC_SYNTH_BOARD_CORNERS = 54 };
#define RC_SYNTH_BOARD_SQUARE_MM 90.0

typedef struct rc_synth_point {
    double x_px, y_px;       /* as rendered (distorted) */
    double ux_px, uy_px;     /* through an ideal lens */
    double plane_x, plane_y; /* mm in the movement plane */
} rc_synth_point;

/* Writes the board's inner corners to `out` (capacity `cap`) in row-major order as
 * seen in the image at tilt 0: left to right along the top row of 9 corners, then
 * the next row down (plane corner (i, j) is at X = (i - 4) * square,
 * Y = (j - 2.5) * square). OpenCV's findChessboardCorners(9x6) lists the same
 * points, possibly starting from the opposite end. Returns the number of corners
 * (54; 0 for a scene that has no board). */
int rc_synth_board_corners(const rc_synth *s, rc_synth_point *out, int cap);

#ifdef __cplusplus
}
#endif
#endif
