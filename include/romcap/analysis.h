/* analysis.h - the analysis stage: a model wired into detect -> track -> kinematics
 * for one frame (rc_pipeline), and the offline run over a whole recording
 * (rc_analysis_run) that gap-fills, reads the movement from the side the facing
 * detector found (facing.h; never a silent flip), computes the whole-recording
 * metrics and writes tracks.csv, angles.csv and summary.json through results.h.
 *
 * The live engine and `romcap learn` use the per-frame pipeline; `romcap analyse`,
 * `romcap record` and the headless main job use the run. Nothing here parses a
 * command line, prints or draws: warnings and progress go to the caller's callbacks,
 * failures come back as a status and one line in an rc_err, and the frame at peak
 * ROM is handed back as pixels for the caller to draw (the ui library is not a
 * dependency of this stage).
 */
#ifndef ROMCAP_ANALYSIS_H
#define ROMCAP_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "romcap/calib.h"
#include "romcap/detect.h"
#include "romcap/facing.h"
#include "romcap/kinematics.h"
#include "romcap/log.h"
#include "romcap/model.h"
#include "romcap/results.h"
#include "romcap/source.h"
#include "romcap/track.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- one frame: the per-frame pipeline ---------------------------------------------- */

struct rc_calib;

typedef struct rc_pipeline_options {
    bool mirror;                  /* subject set up mirrored from the model's description */
    const struct rc_calib *calib; /* optional calibration (NULL = image coordinates);
                                     copied at create */
} rc_pipeline_options;

typedef struct rc_pipe_result {
    double t_s;
    int n_blobs;
    rc_blob blob[RC_MAX_BLOBS];
    rc_marker_state marker[RC_MAX_MARKERS]; /* n_markers of the model */
    double angle_deg[RC_MAX_ANGLES];        /* NAN where undefined */
} rc_pipe_result;

typedef struct rc_pipeline rc_pipeline;

/* Turns the model's markers into detector colour classes (one per distinct colour)
 * and a tracker configuration for frames of width x height. Everything a frame
 * needs is allocated here. NULL with a message on failure; rc_pipeline_destroy. */
rc_pipeline *rc_pipeline_create(const rc_model *m, int width, int height,
                                const rc_pipeline_options *o, rc_err *err);
void rc_pipeline_destroy(rc_pipeline *p); /* NULL is fine */

/* Processes one frame; `r` receives blobs, marker states and angles. Allocates
 * nothing. A detector or tracker failure is returned as its status. */
rc_status rc_pipeline_process(rc_pipeline *p, const rc_frame *f, rc_pipe_result *r);

void rc_pipeline_stats(const rc_pipeline *p, rc_track_stats *st);

/* Angles from marker states (image pixels) through the calibration, if any, and
 * kinematics: what rc_pipeline_process does after tracking. Used again after
 * offline gap filling. */
void rc_pipeline_angles(const rc_pipeline *p, const rc_marker_state *markers, double *out_deg);

/* The model's marker positions in the plane angles are measured in: `markers`
 * (image pixels) undistorted and mapped through the calibration, if any; valid[i]
 * false where marker i is lost (or maps nowhere). What rc_pipeline_angles feeds
 * kinematics, and what the facing detector (facing.h) reads. */
void rc_pipeline_plane_positions(const rc_pipeline *p, const rc_marker_state *markers, rc_vec2 *pos,
                                 bool *valid);

/* Reads the model mirrored (true) or as set up from now on (rc_kin_options.mirror):
 * the facing decision applied after the pipeline was created. */
void rc_pipeline_set_mirror(rc_pipeline *p, bool mirror);

/* The kinematics options in use (vertical from the calibration, mirror); valid
 * while `p` lives. */
const rc_kin_options *rc_pipeline_kin(const rc_pipeline *p);

/* Detector class of each model marker (for drawing and tests). */
const int *rc_pipeline_marker_class(const rc_pipeline *p);

/* ---- sticker colours learnt from one frame (romcap learn) --------------------------- */

/* A point on one marker's sticker, in pixels (e.g. a click in an image viewer). */
typedef struct rc_learn_point {
    char name[RC_NAME_CAP]; /* the model's marker name */
    float x_px, y_px;
} rc_learn_point;

/* What was learnt for one marker. */
typedef struct rc_learnt_marker {
    int learnt;               /* 1: a colour marker, learnt; 0: a bright one (nothing to
                                 learn: found by brightness) */
    float x_px, y_px;         /* the point it was learnt from */
    rc_color_class cls;       /* the learnt class (rc_color_learn) */
    rc_color_learn_info info; /* how it was learnt (rc_color_learn_doubtful reads it) */
} rc_learnt_marker;

/* Learns every colour marker of m from frame f (rc_color_learn): at its point in
 * at[n_at] when one is given (the last one for a name), else where the per-frame
 * pipeline finds it in f with the model's nominal colours. *learnt becomes m with
 * each learnt class stored (rc_model_marker_set_chroma), per[0 .. m->n_markers-1]
 * what was learnt for each marker. *n_done counts the markers handled in order: all
 * of them on success; on failure per[0 .. *n_done-1] are valid and marker *n_done is
 * the one that failed: RC_E_NOT_FOUND when the pipeline did not find it (give its
 * point), another status when there is no sticker at its point, the message naming
 * the marker. Allocates only for the call. */
rc_status rc_learn_model_colors(const rc_model *m, const rc_frame *f, const rc_learn_point *at,
                                int n_at, rc_model *learnt, rc_learnt_marker *per, int *n_done,
                                rc_err *err);

/* ---- sticker colours learnt by themselves at the start of a recording ------------- */

/* What happened to one marker (autolearn.c). */
typedef struct rc_autolearn_marker {
    bool poor;            /* a colour marker its nominal class found poorly (few frames, not
                             sticker-sized, or away from where the chain puts it) */
    bool tried;           /* a plausible candidate was found to learn from */
    bool have_class;      /* ... and rc_color_learn gave a sticker-sized class */
    bool learnt;          /* the class passed the confidence rule and is in use */
    int64_t frame;        /* the frame it was learnt from */
    float x_px, y_px;     /* the point it was learnt at */
    float mean_luma;      /* of the learnt region */
    rc_color_class cls;   /* the learnt class */
    uint8_t rgb[3];       /* the sticker's colour as learnt (sRGB), for messages */
    double nominal_found; /* share of the window's frames found well, nominal colour */
    double learnt_found;  /* the same with the learnt class (when have_class) */
} rc_autolearn_marker;

typedef struct rc_autolearn_result {
    int64_t frames; /* frames judged (the first 2 s, at most 120) */
    int n_poor, n_learnt;
    rc_autolearn_marker marker[RC_MAX_MARKERS];
} rc_autolearn_result;

/* Judges the model's nominal colours on the first 2 s of `input` (frames of width x
 * height) and learns the colour of each colour marker they find poorly, at the place
 * the chain's geometry puts it (the other markers found, mapped through the model's
 * start-pose hints). A learnt class is kept only when, with it, the marker is found
 * well in >= 80% of those frames and in more of them than with its nominal colour
 * (the confidence rule; see autolearn.c); else the nominal class stays. *learnt is m
 * with the kept classes stored (m itself, unchanged, when none). Opens the input
 * again for each of its (up to three) passes; allocates only for the call. Fails
 * only when the input cannot be opened or a frame cannot be processed. */
rc_status rc_autolearn_run(const char *input, const rc_model *m, int width, int height,
                           rc_model *learnt, rc_autolearn_result *res, rc_err *err);

/* ---- the frame at peak range of motion ---------------------------------------------- */

/* A copy of the frame where the first angle was largest, with its markers and angles. */
typedef struct rc_peak_frame {
    uint8_t *buf;   /* pixels of `image` (owned; allocated on the first offer) */
    rc_image image; /* I420 view of buf */
    rc_marker_state marker[RC_MAX_MARKERS];
    double angle_deg[RC_MAX_ANGLES];
    double best, lo; /* peak and lowest value of the first angle so far, degrees */
    int64_t index;   /* frame number */
    double t_s;
    int have; /* 1 once a frame with a defined angle was offered */
} rc_peak_frame;

/* Offers a frame whose first angle is `value` (NAN: ignored); copies it only on a new
 * peak, so the cost is a few frames per repetition. Out of memory: no copy is kept
 * (no peak frame rather than no analysis). */
void rc_peak_offer(rc_peak_frame *s, const rc_frame *f, const rc_pipe_result *r, double value);
void rc_peak_free(rc_peak_frame *s); /* frees buf; the struct may be offered to again */

/* ---- a whole recording ------------------------------------------------------------- */

typedef struct rc_analysis_request {
    const char *input;        /* source URI (source.h) */
    const rc_model *model;    /* the resolved model (read during the call only) */
    const char *out_dir;      /* created (0700); receives tracks.csv, angles.csv, summary.json */
    const char *calib;        /* calibration file, or NULL */
    const struct rc_calib *calib_value; /* a calibration already read (a session's own
                                 copy), used when `calib` is NULL; copied */
    const char *calib_name;   /* names calib_value in messages and summary.json */
    rc_mirror_request mirror; /* AUTO (0): follow the facing detector's clear decision,
                                 else the model's set-up, saying so; FORCE_ON / FORCE_OFF:
                                 --mirror / --no-mirror */
    bool keep_peak;           /* keep the frame at peak ROM in the result */
    int64_t max_frames;       /* 0 = all */
    int threads;              /* 1: one thread; 2: read on a second thread (lossless
                                 capture) and decode JPEG frames on two workers side by
                                 side; 0 = 2 when more than one core is online */
    double gap_fill_max_s;    /* longest occlusion bridged offline; 0 = 0.5 s */
    bool no_auto_learn;       /* true: never learn sticker colours by itself
                                 (--no-auto-learn); false: rc_autolearn_run first */
} rc_analysis_request;

/* How the run reports while it works; every member may be NULL. */
typedef struct rc_analysis_events {
    void *user;
    /* A warning that does not stop the run (a skipped corrupt frame, a repaired
     * session index, a calibration made for another frame size), one line. */
    void (*warn)(void *user, const char *msg);
    /* Progress, at most every 0.1 s and once more at the end (`final`); `total` is
     * -1 when the source does not know its length. */
    void (*progress)(void *user, int64_t done, int64_t total, double fps, bool final);
    /* What the run decided by itself and the user should know (which side it read
     * the movement as), one line. */
    void (*info)(void *user, const char *msg);
} rc_analysis_events;

typedef struct rc_analysis_result {
    rc_run_info info;        /* frames analysed and skipped, wall time, tracking statistics,
                                facing, per-marker coverage, JPEG warnings */
    int threads;             /* threads used: 1 or 2 */
    rc_peak_frame peak;      /* with keep_peak: the frame at peak ROM (peak.have) */
    rc_facing_result facing; /* the facing detector's decision (facing.h) */
    bool mirrored;           /* the mirror the angles were read with */
    rc_mirror_source mirror_source;
    rc_autolearn_result autolearn; /* what was learnt at the start (n_poor 0: nothing) */
} rc_analysis_result;

/* Analyses every frame of rq->input in order and writes the three result files into
 * rq->out_dir. Unless rq->no_auto_learn (or the input is live), the model's colours
 * are first judged on the input's first seconds (rc_autolearn_run): each colour
 * learnt is said in one line through ev->info ("knee: learnt its colour from frame
 * 12: #f5474c ..."), used for the whole run and listed in summary.json; a marker found
 * poorly whose colour could not be learnt with confidence is a warning. The facing
 * detector is fed the tracked positions of the first frames as live feeds it; at the
 * end rc_facing_choose applies rq->mirror, the kept angles are recomputed when the
 * mirror changes (tracks.csv does not), and the decision is
 * said in one line (ev->info when detected, ev->warn when it could not be told or a
 * given option contradicts the movement). Warnings also name each marker seen in
 * under 80% of the frames, an angle jumping across its wrap boundary or defined in
 * under half the frames, and the first frame used despite a JPEG warning (the rest
 * counted at the end). `res` is always filled (free it with rc_analysis_result_free, also
 * after a failure). Fails with the status and one message naming the input, file or
 * frame: the source cannot be opened or read, the calibration is bad, the folder is
 * not writable, no frame could be analysed (RC_E_FORMAT, after the files are
 * written). */
rc_status rc_analysis_run(const rc_analysis_request *rq, const rc_analysis_events *ev,
                          rc_analysis_result *res, rc_err *err);

void rc_analysis_result_free(rc_analysis_result *r); /* NULL is fine */

/* ---- before and after a run (analysis/inputs.c) -------------------------------------- */

/* The model for `input`: `name` (a bundled model in `models_dir` or a .json file) if
 * given, else a synthetic scene's own, else a recorded session's copy. RC_E_ARG when
 * none can be chosen. */
rc_status rc_analysis_resolve_model(const char *input, const char *name, const char *models_dir,
                                    rc_model *m, rc_err *err);

/* What a recorded session holds beyond its model, for where the request does not say
 * otherwise: the calibration it was recorded with (its own copy: the file may be
 * gone) and the side the user gave. */
typedef struct rc_session_defaults {
    rc_calib calib;
    bool have_calib;
    char calib_name[4200]; /* "DIR/session.json (calibration FILE)" */
    rc_mirror_request mirror; /* AUTO unless the session's side was given */
} rc_session_defaults;

/* Fills *d from `input` when it is a session folder (else the defaults: nothing, AUTO):
 * its calibration when `want_calib`, its given side when `want_side`; each one used
 * is said through ev->info. Fails (message in err) when the session or its stored
 * calibration cannot be read. */
rc_status rc_analysis_session_defaults(const char *input, bool want_calib, bool want_side,
                                       rc_session_defaults *d, const rc_analysis_events *ev,
                                       rc_err *err);

/* "N frames analysed in S s (F fps, T threads); results in DIR" into `line`. */
void rc_analysis_result_line(const rc_analysis_result *res, const char *out_dir, char *line,
                             size_t cap);

/* True when `dir` is a recorded session without its results yet (no summary.json
 * or no angles.csv): `romcap compare` analyses it first. */
bool rc_analysis_needed(const char *dir);

/* ---- learning from one frame of a source (`romcap learn`) ---------------------------- */

/* RC_OK when model m has a marker named like each of the n_at points; else RC_E_ARG
 * naming the first point without one ("--at NAME: model M has no marker 'NAME'"). */
/* A point as `romcap learn --at` gives it, "NAME=X,Y" (pixels, 0 <= X, Y < 1e5):
 * true with *p filled, false for anything else (analysis/learn_point.c). */
bool rc_learn_point_parse(const char *text, rc_learn_point *p);

rc_status rc_learn_points_check(const rc_model *m, const rc_learn_point *at, int n_at,
                                rc_err *err);

/* Reads `src` (opened from `input`, named in messages) up to the frame numbered
 * `frame`, skipping frames that do not decode: RC_OK with *f on it (valid until the
 * next read); RC_E_ARG "INPUT: has no frame N" past the end; another failure with
 * the source's message. */
rc_status rc_learn_seek_frame(rc_source *src, const char *input, int64_t frame, rc_frame *f,
                              rc_err *err);

/* What `romcap learn` asks for. */
typedef struct rc_learn_request {
    const char *input;          /* the source to learn from */
    const char *out;            /* the new model file (*.json) */
    int64_t frame;              /* the frame to learn from */
    const rc_learn_point *at;   /* points given for markers (borrowed) */
    int n_at;
    /* One line per marker learnt (info; a doubtful class also a warning) and the
     * closing line; may be NULL. */
    void (*say)(void *user, rc_log_level level, const char *msg);
    void *user;
} rc_learn_request;

/* Reads the frame, learns every colour (rc_learn_model_colors: found by the pipeline
 * where no point was given) and writes the copy of m (rc_model_write_learnt), telling
 * each marker's outcome through rq->say. A failure's message names the marker, the
 * frame or the file (analysis/learn_run.c). */
rc_status rc_learn_run(const rc_learn_request *rq, const rc_model *m, rc_err *err);

/* What was learnt for one marker at (x, y) in one line (info), and a warning line
 * when the class is doubtful (rc_color_learn_doubtful), through `say`. */
void rc_learn_tell(const rc_model_marker *mk, float x, float y, const rc_color_class *cls,
                   const rc_color_learn_info *info,
                   void (*say)(void *user, rc_log_level level, const char *msg), void *user);

/* The calibration flow's reader (calib.h) over capture's sources (a video, a camera,
 * synthetic:chessboard...), for rc_calib_views_add, rc_calib_find_plane_board and
 * rc_calib_run (analysis/calib_reader.c). */
rc_calib_reader rc_source_calib_reader(void);

#ifdef __cplusplus
}
#endif
#endif
