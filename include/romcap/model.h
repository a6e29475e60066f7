/* model.h - a clinical test definition: markers, segments, angles, norms.
 *
 * Models are JSON files in models/ (format documented in models/README.md),
 * parsed with cJSON into the fixed-size rc_model below: no allocation, so a model
 * is a plain value that can be copied. This module only describes a test; it
 * computes nothing (see kinematics.h) and knows nothing about pixels.
 */
#ifndef ROMCAP_MODEL_H
#define ROMCAP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    RC_MAX_MARKERS = 16,
    RC_MAX_SEGMENTS = 16,
    RC_MAX_ANGLES = 8,
    RC_NAME_CAP = 32,  /* identifiers: [a-z0-9_], at most 31 chars */
    RC_LABEL_CAP = 64, /* human-readable names */
    RC_TEXT_CAP = 256, /* bibliographic sources, paths */
    RC_DESC_CAP = 1024 /* a model's set-up instructions (description) */
};

typedef enum rc_view { RC_VIEW_SAGITTAL = 0, RC_VIEW_FRONTAL = 1 } rc_view;

typedef enum rc_marker_kind {
    RC_MARKER_COLOR = 0, /* coloured sticker: found by its chroma */
    RC_MARKER_BRIGHT = 1 /* retro-reflective or white marker: found by luma */
} rc_marker_kind;

typedef struct rc_model_marker {
    char name[RC_NAME_CAP];   /* e.g. "knee" */
    char label[RC_LABEL_CAP]; /* e.g. "Lateral femoral epicondyle" */
    rc_marker_kind kind;
    uint8_t rgb[3];       /* sticker colour (COLOR); drawing colour (BRIGHT) */
    float tolerance;      /* colour tolerance, 0..1 (see detect.h); 0 = default */
    float hint_x, hint_y; /* expected position in the start pose, as a fraction of
                             frame width/height (0..1); negative when not given */
    /* COLOR: a chroma class learnt from the clinic's own camera and light
     * (`romcap learn`): mean and covariance of normalised chroma (nb, nr), used
     * instead of rgb + tolerance (see rc_color_class in detect.h). */
    int chroma_learned;
    float chroma_mean[2];
    float chroma_cov[3]; /* var nb, cov nb nr, var nr */
    bool optional;       /* "optional": true: read by compensation rules only (the parser
                            refuses an angle or facing rule naming it); when it is never
                            seen its rules are off, with a note, and nothing else is lost:
                            no missing-sticker warning, no failed check item, no colour
                            learnt for it (models/README.md) */
} rc_model_marker;

typedef enum rc_angle_type {
    RC_ANGLE_THREE_POINT = 0,        /* markers a, b, c: angle at b */
    RC_ANGLE_SEGMENT_VERTICAL = 1,   /* markers a, b: segment a->b against the vertical */
    RC_ANGLE_SEGMENT_HORIZONTAL = 2, /* markers a, b: segment a->b against the horizontal */
    RC_ANGLE_SEGMENT_SEGMENT = 3,    /* markers a, b, c, d: segment c->d against a->b */
    RC_ANGLE_DISTANCE = 4            /* markers a, b: their straight-line distance in the
                                        movement plane, cm; needs a scale (see below) */
} rc_angle_type;

/* How the reference direction r is built (the moving direction m is in brackets):
 *   THREE_POINT    STRAIGHT: r = b - a          (m = c - b)   0 deg when a, b, c are in line
 *                  CLOSED:   r = a - b          (m = c - b)   0 deg when b->c folds onto b->a
 *   SEGMENT_VERTICAL   DOWN / UP: r = screen down / up      (m = b - a)
 *   SEGMENT_HORIZONTAL RIGHT / LEFT: r = screen right / left (m = b - a)
 *   SEGMENT_SEGMENT    r = b - a                            (m = d - c)
 * The value is  offset_deg + sign * theta(r -> m), where theta is the signed angle
 * from r to m, counter-clockwise as seen on screen positive, and the result is
 * wrapped into (wrap_center_deg - 180, wrap_center_deg + 180]. `sign` is +1 when the
 * clinical positive direction (flexion, abduction, dorsiflexion ...) is
 * counter-clockwise on screen for the reference set-up the model describes (subject
 * facing image right in sagittal views; the model's side in frontal views); a
 * mirrored set-up flips it at run time (rc_kin_options.mirror).
 * A DISTANCE measure (issue 16, the modified Schober test) is not an angle: no ref,
 * sign, offset or wrap; its value is |b - a| in centimetres, which needs a scale: a
 * calibration with a movement plane (or a mm-per-px scale), or the marks' known
 * spacing at the start given in the model (scale_cm). Without one it has no value
 * (never pixels shown as centimetres; see kinematics.h rc_kin_distance_ready).
 * Every field named _deg of such a measure (normal range, MDC) holds cm. */
typedef enum rc_angle_ref {
    RC_REF_STRAIGHT = 0,
    RC_REF_CLOSED = 1,
    RC_REF_DOWN = 2,
    RC_REF_UP = 3,
    RC_REF_RIGHT = 4,
    RC_REF_LEFT = 5,
    RC_REF_SEGMENT = 6
} rc_angle_ref;

/* Measurement error figures carry their design: a figure measured with another
 * design (same session against another day, one rater against two, a goniometer
 * against video) is not the error of a pre/post comparison made with this one. */
typedef enum rc_mdc_session {
    RC_MDC_WITHIN_SESSION = 0,   /* repeated readings in one sitting, stickers left on */
    RC_MDC_BETWEEN_SESSIONS = 1, /* test-retest on another day / landmarks re-applied */
    RC_MDC_SESSION_UNSTATED = 2  /* the source (as we hold it) does not say */
} rc_mdc_session;

typedef enum rc_mdc_rater {
    RC_MDC_RATER_SAME = 0,
    RC_MDC_RATER_DIFFERENT = 1,
    RC_MDC_RATER_UNSTATED = 2
} rc_mdc_rater;

/* Which reading of a set the figure is the error of. ANY: a single angle reading at
 * either end (a range then combines two: sqrt 2 times the error). */
typedef enum rc_mdc_measure {
    RC_MDC_ANY = 0,
    RC_MDC_PEAK = 1,
    RC_MDC_TROUGH = 2,
    RC_MDC_RANGE = 3
} rc_mdc_measure;

enum { RC_MAX_MDC = 12, RC_NOTE_CAP = 160 };

typedef struct rc_model_mdc {
    rc_mdc_session session;
    rc_mdc_rater rater;
    rc_mdc_measure measure;
    char method[RC_NAME_CAP]; /* "goniometer", "inclinometer", "electrogoniometer",
                                 "smartphone_app", "video_2d", "mixed", "romcap" */
    double sem_deg;           /* standard error of measurement; NAN when not given */
    double mdc95_deg;         /* > 0: the published MDC95, or 1.96 sqrt(2) SEM when only
                                 the SEM is given (mdc95_from_sem) */
    int mdc95_from_sem;
    char source[RC_TEXT_CAP]; /* required */
    char note[RC_NOTE_CAP];   /* e.g. "range 2.6-5.4, upper bound used"; "" none */
} rc_model_mdc;

typedef struct rc_model_angle {
    char name[RC_NAME_CAP];   /* column name in angles.csv, e.g. "knee_flexion" */
    char label[RC_LABEL_CAP]; /* e.g. "Knee flexion" */
    rc_angle_type type;
    rc_angle_ref ref;
    int marker[4]; /* indices into rc_model.marker; 3, 2, 2 or 4 used */
    int sign;      /* +1 or -1, see above */
    double offset_deg;
    double wrap_center_deg; /* default: middle of the normal range */
    double normal_min_deg;  /* normal active range, neutral-zero method */
    double normal_max_deg;
    char normal_source[RC_TEXT_CAP];
    char normal_position[RC_LABEL_CAP]; /* where the norm was measured ("supine, ..."),
                                           "" when the source does not say */
    bool normal_none; /* "normal": {"none": why} (issue 16): no published norm is held;
                         normal_source then says why, min = max = 0 (model_norm.c) */
    /* Which way is better for each measure of a set (results.h rc_summary_angle rom_*):
     * +1 higher, -1 lower, 0 neither. Defaults: peak +1, trough -1, range +1. */
    int better_peak, better_trough, better_range;
    int n_mdc;                     /* published (or romcap's own) measurement error */
    rc_model_mdc mdc[RC_MAX_MDC]; /* in file order */
    /* DISTANCE measures ("scale": {"start_cm": ...}, model/model_distance.c): the
     * distance between the two marks in the start pose, as measured on the skin with a
     * tape when they were applied (the Schober marks: 15 cm); 0 = not given. */
    double scale_cm;
} rc_model_angle;

/* The unit of a measure's values: "cm" for a DISTANCE, else "deg". */
const char *rc_model_angle_unit(const rc_model_angle *a);

/* How a value of a measure is labelled where a therapist reads it (model_norm.c): the
 * one helper every display takes its unit from, so a distance is never shown in
 * degrees. Angle / DISTANCE:
 *   WORD   "deg" / "cm"            (tables, JSON "unit", plain text)
 *   SUFFIX "\xC2\xB0" / " cm"      (right after a number: 42°, 21.0 cm)
 *   HTML   "&deg;" / " cm"         (the same in HTML)
 *   SPEED  "deg/s" / "cm/s"        (a velocity)
 *   SPEED_SUFFIX "\xC2\xB0/s" / " cm/s"
 *   AXIS   "degrees" / "centimetres" (a plot's axis title) */
typedef enum rc_unit_form {
    RC_UNIT_WORD = 0,
    RC_UNIT_SUFFIX = 1,
    RC_UNIT_HTML = 2,
    RC_UNIT_SPEED = 3,
    RC_UNIT_SPEED_SUFFIX = 4,
    RC_UNIT_AXIS = 5
} rc_unit_form;
const char *rc_model_unit(const rc_model_angle *a, rc_unit_form form);

/* True when the measure has a published normal band: false for the "none" form
 * ("normal": {"none": why}). The old way of saying none, a 0..0 band, still reads as a
 * band here (old files keep working; `romcap models` warns: rc_model_norm_legacy). */
bool rc_model_has_norm(const rc_model_angle *a);
/* True for the old form: a band 0..0 without "none" (what `romcap models` warns of). */
bool rc_model_norm_legacy(const rc_model_angle *a);
/* "normal 0..135 deg" style text of a measure's norm into buf[cap], or
 * "no published norm" when it has none (no source; callers add it). */
void rc_model_norm_text(const rc_model_angle *a, char *buf, size_t cap);

/* Where a frontal model's reference set-up films the subject from. */
typedef enum rc_model_from {
    RC_FROM_UNSET = 0,  /* sagittal models: always seen from the model's side */
    RC_FROM_FRONT = 1,  /* the subject faces the camera (their right on the image left) */
    RC_FROM_BEHIND = 2, /* the camera films their back (their right on the image right) */
    RC_FROM_EITHER = 3  /* landmarks visible both ways: a mirrored picture may be the
                           other side or the other view (side then stays unknown) */
} rc_model_from;

/* How the way the subject faces can be told from the markers ("facing" in the model
 * file; see models/README.md and facing.h). Zero-initialised means no rule: the set-up
 * is then undetermined and romcap keeps the user's choice. */
typedef struct rc_model_facing {
    bool has_movement;   /* angle[movement_angle] is the test's movement: it starts near
                            neutral (0) and goes positive in the reference set-up, so
                            read unmirrored in a mirrored set-up it goes negative */
    int movement_angle;  /* index into rc_model.angle */
    bool has_left_right; /* markers left_right[0] and [1]: in the reference set-up the
                            first is on the image LEFT of the second (seen along the
                            horizontal); in a mirrored set-up it is on the right */
    int left_right[2];   /* indices into rc_model.marker */
    rc_model_from from;  /* frontal models with a rule: the reference view */
} rc_model_facing;

/* ---- compensations (issue 16): substitutions watched during the test -------------- */

enum { RC_MAX_COMP = 8 }; /* rules per model (results.h RC_MAX_COMPENSATIONS alike) */

/* What a rule measures each frame (models/README.md, "compensations"):
 *   SEGMENT_VERTICAL / SEGMENT_HORIZONTAL: markers a -> b against the vertical or the
 *     horizontal, degrees, the angle types' geometry and sign (sign * theta(r -> m),
 *     counter-clockwise on screen positive for sign +1, flipped when mirrored), wrapped
 *     into (-180, 180];
 *   DISPLACEMENT: marker a along x (toward image right in the model's set-up, flipped
 *     when mirrored) or y (UP, against gravity), mm in a calibrated plane, px otherwise;
 *   ANGLE: another angle of the model (degrees, as in angles.csv). */
typedef enum rc_comp_type {
    RC_COMP_SEGMENT_VERTICAL = 0,
    RC_COMP_SEGMENT_HORIZONTAL = 1,
    RC_COMP_DISPLACEMENT = 2,
    RC_COMP_ANGLE = 3
} rc_comp_type;

typedef enum rc_comp_baseline {
    RC_COMP_REP_START = 0, /* change from the value at the repetition's start */
    RC_COMP_ABSOLUTE = 1   /* the value itself */
} rc_comp_baseline;

typedef struct rc_model_comp {
    char name[RC_NAME_CAP];   /* e.g. "trunk_lean_back" */
    char label[RC_LABEL_CAP]; /* e.g. "Trunk leans back" */
    int angle;                /* index of the angle whose set it qualifies; -1: all */
    rc_comp_type type;
    rc_angle_ref ref;      /* segment types: DOWN/UP, RIGHT/LEFT (default UP, RIGHT) */
    int sign;              /* +1 ("ccw", default) or -1 ("cw") */
    int marker[2];         /* segment: a, b; displacement: a ([1] = -1); -1 when absent */
    char missing[RC_NAME_CAP]; /* a marker the rule names that the model does not have
                                  ("" none): the rule is then disabled */
    int axis;              /* displacement: 0 x, 1 y */
    int of_angle;          /* ANGLE: index into rc_model.angle */
    rc_comp_baseline baseline;
    int direction;         /* +1 positive change, -1 negative, 0 either (|change|) */
    double limit;          /* > 0, in unit */
    char unit[8];          /* "deg" (segments, angle) or "mm" (displacement) */
    char source[RC_TEXT_CAP];  /* where the limit comes from */
    char meaning[RC_TEXT_CAP]; /* what it means clinically */
    char cue[RC_LABEL_CAP];    /* the patient view's words, e.g. "Keep your back straight" */
} rc_model_comp;

typedef struct rc_model {
    char name[RC_NAME_CAP];        /* e.g. "knee_flexion" (file stem) */
    char title[RC_LABEL_CAP];      /* e.g. "Knee flexion (sagittal)" */
    char description[RC_DESC_CAP]; /* set-up instructions for the clinician */
    char position[RC_LABEL_CAP];   /* test position filmed ("standing", "supine, ...");
                                      "" when the file does not say */
    rc_view view;
    char side[8]; /* "right" or "left": the limb the model describes; "midline": a test
                     with no side (rc_model_is_midline) */
    int n_markers;
    rc_model_marker marker[RC_MAX_MARKERS]; /* chain order, proximal to distal */
    int n_segments;
    int segment[RC_MAX_SEGMENTS][2]; /* marker index pairs, drawn and used by the
                                        tracker's segment-length identity guard */
    int n_angles;
    rc_model_angle angle[RC_MAX_ANGLES];
    rc_model_facing facing; /* how to tell a mirrored set-up (optional) */
    int n_comps;            /* compensation rules ("compensations", optional) */
    rc_model_comp comp[RC_MAX_COMP];
    double typical_speed_deg_s;             /* "typical_speed": the test's usual angular
                                               speed, deg/s, for the set-up check's blur
                                               item; 0 = not given (the check's default) */
    char typical_speed_source[RC_TEXT_CAP]; /* where that figure comes from */
    char path[RC_TEXT_CAP]; /* file it was loaded from */
} rc_model;

/* Loads and validates one model file. On failure `out` is zeroed and `err` names
 * the file and the offending field, e.g.
 *   "models/x.json: angles[0].markers[2]: unknown marker 'ankel'". */
rc_status rc_model_load(const char *path, rc_model *out, rc_err *err);

/* Parses model JSON held in memory; `origin` names it in messages. */
rc_status rc_model_parse(const char *json, size_t len, const char *origin, rc_model *out,
                         rc_err *err);

/* Resolves `name_or_path`: a path to a .json file, or a bundled model name looked
 * up as <models_dir>/<name>.json. RC_E_NOT_FOUND lists what exists. */
rc_status rc_model_resolve(const char *name_or_path, const char *models_dir, rc_model *out,
                           rc_err *err);

/* Stores a learnt chroma class (mean and covariance of normalised chroma, as in
 * rc_color_class of detect.h) in a marker: chroma_learned becomes 1. */
void rc_model_marker_set_chroma(rc_model_marker *mk, const float mean[2], const float cov[3]);

/* Writes a copy of m's own file (m->path) to `out`, with a "chroma" entry for each
 * learnt marker (none for the others) and the file's stem as its "name". `out` must
 * end in .json and must not exist; the copy is checked by the model parser before it
 * is written, created 0600, and removed again if writing fails. */
rc_status rc_model_write_learnt(const rc_model *m, const char *out, rc_err *err);

/* The same into a free name in folder `dir` (created private): NAME_learnt.json,
 * then NAME_learnt2.json ... (the stem kept within a model name's length); `path`
 * receives the file written (model/model_learnt_path.c). */
rc_status rc_model_save_learnt(const rc_model *m, const char *dir, char *path, size_t cap,
                               rc_err *err);

/* Writes a copy of m's own file (m->path) to `out` with `fig` (n of them) appended
 * to the "mdc" list of angle `angle` (a model index), e.g. romcap's own repeatability
 * (`romcap repeatability --model-out`); name, checks and file mode as
 * rc_model_write_learnt. RC_E_ARG when the angle would hold more than RC_MAX_MDC. */
rc_status rc_model_write_mdc(const rc_model *m, int angle, const rc_model_mdc *fig, int n,
                             const char *out, rc_err *err);

/* Names in model files: "within_session" / "between_sessions" / "unstated";
 * "same" / "different" / "unstated"; "any" / "peak" / "trough" / "range". */
const char *rc_mdc_session_name(rc_mdc_session s);
const char *rc_mdc_rater_name(rc_mdc_rater r);
const char *rc_mdc_measure_name(rc_mdc_measure m);

/* 1.96 * sqrt(2) * SEM: the 95 % minimal detectable change of a difference of two
 * readings each with standard error `sem_deg` (see ../shared/CLINICAL.md). */
double rc_mdc95_from_sem(double sem_deg);

/* One figure as a new JSON object (cJSON_Delete, or attach it; NULL when out of
 * memory): session, rater, method, measure, sem_deg (null when absent), mdc95_deg,
 * source; with `full` also mdc95_from_sem (after mdc95_deg) and note (last), as
 * report.json gives them. The one writer of the object for summary.json and
 * report.json (model/model_mdc_json.c). */
struct cJSON;
struct cJSON *rc_model_mdc_json(const rc_model_mdc *f, bool full);

/* The stem of a model file's path (its name without folders and ".json") into
 * stem[cap]: 1, or 0 when path does not end in ".json" or the stem does not fit. */
int rc_model_json_stem(const char *path, char *stem, size_t cap);

/* True for a name a model may give a marker or an angle: [a-z][a-z0-9_]*, shorter
 * than RC_NAME_CAP (such names need no quoting in CSV or JSON). */
bool rc_model_name_valid(const char *s);

/* Index of the marker or angle called `name`, or -1. */
int rc_model_marker_index(const rc_model *m, const char *name);
int rc_model_angle_index(const rc_model *m, const char *name);

/* A DISTANCE measure's definition in one sentence (what is measured, between which
 * marks, and the tape's difference) into buf[cap]; `m` names the marks. */
void rc_model_distance_definition(const rc_model *m, const rc_model_angle *a, char *buf,
                                  size_t cap);

/* The lines `romcap models` prints under a DISTANCE measure: its definition and where
 * its scale comes from (model/model_distance.c). */
void rc_model_describe_distance(FILE *out, const rc_model *m, const rc_model_angle *a);

/* Writes up to `cap` bundled model names (sorted) found in `models_dir`; returns
 * how many exist (may exceed cap), or a negative rc_status. */
int rc_model_list(const char *models_dir, char (*names)[RC_NAME_CAP], int cap, rc_err *err);

const char *rc_view_name(rc_view v);

/* A compensation rule's words for listings: "segment_vertical", "displacement" ...;
 * "rep_start" / "absolute"; "positive" / "negative" / "either". */
const char *rc_comp_type_name(rc_comp_type t);
const char *rc_comp_baseline_name(rc_comp_baseline b);
const char *rc_comp_direction_name(int direction);
/* The model as `romcap models` lists it on `out`: name, title, view and side, the
 * position, markers, each angle's type and normal range (with where it was measured),
 * its error figures with design and source; with `full` also the set-up text. */
void rc_model_describe(FILE *out, const rc_model *m, bool full);

/* True when the model's test has no side ("side": "midline", e.g. the Schober marks on
 * the spine): no side is detected or warned about, and results say "midline". */
bool rc_model_is_midline(const rc_model *m);

/* "front", "behind", "either" or "" (RC_FROM_UNSET). */
const char *rc_model_from_name(rc_model_from f);

#ifdef __cplusplus
}
#endif
#endif
