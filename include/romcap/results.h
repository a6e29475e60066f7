/* results.h - the result files of an analysis run: tracks.csv, angles.csv and
 * summary.json, each with its one writer and its one reader side by side.
 *
 * The analysis stage (analysis.h) writes them; the session exporters, the report
 * and `romcap metrics` read them back through the readers here, so a format has one
 * owner and a round trip (write, read) gives back the values at the printed
 * precision. This library depends on the core only (model, track, metrics, the CSV
 * reader, cJSON), never on capture, sessions or the analysis loop, so every stage
 * that reads results can link it without a cycle. Formats: README.md ("Outputs").
 */
#ifndef ROMCAP_RESULTS_H
#define ROMCAP_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "romcap/check.h"
#include "romcap/model.h"
#include "romcap/source.h"
#include "romcap/status.h"
#include "romcap/track.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- tracks.csv: frame,t_s,marker,x_px,y_px,state (one row per marker and frame) --- */

/* Marker positions frame by frame. Written with t_s to 6 decimals and x/y to 3; a
 * lost marker's x and y are empty. */
typedef struct rc_tracks {
    int n_markers;
    char name[RC_MAX_MARKERS][RC_NAME_CAP]; /* marker names, in column order */
    int64_t n_frames;
    int64_t *frame;          /* n_frames frame numbers */
    double *t_s;             /* n_frames times */
    rc_marker_state *marker; /* n_frames x n_markers; only x_px, y_px and state are
                                written / read (NAN x, y where lost) */
    uint8_t *present;        /* n_frames x n_markers, 1 where the file has the row;
                                NULL for the writer means every row */
} rc_tracks;

/* Writes `t` to `path` (created 0600, fsync'd). RC_E_IO naming the path. */
rc_status rc_tracks_write(const char *path, const rc_tracks *t, rc_err *err);

/* Reads tracks.csv: rows of one frame number are one frame (in file order), marker
 * names in order of first appearance. `t` is filled with heap arrays the caller
 * frees with rc_tracks_free (also after a failure). Errors name FILE:LINE: a header
 * that is not tracks.csv's, bad numbers, an unknown state, more than RC_MAX_MARKERS
 * markers, a marker twice in one frame, no rows. */
rc_status rc_tracks_read(const char *path, rc_tracks *t, rc_err *err);

void rc_tracks_free(rc_tracks *t); /* NULL is fine; frees the arrays, keeps names */

/* ---- angles.csv: frame,t_s,<angle>... (one row per frame) --------------------------- */

/* Joint angles frame by frame; written with t_s to 6 decimals and angles to 3, an
 * undefined angle as an empty cell. With a quality per angle, each angle column is
 * followed by `<angle>_q`: the state of the worst of the angle's markers in that frame
 * (rc_angle_state): "seen", "streak", "interpolated" (filled offline between two
 * measured positions) or "predicted" (extrapolated, never used for ROM); empty where
 * the angle is undefined. */
typedef struct rc_angles {
    int n_angles;
    char name[RC_MAX_ANGLES][RC_NAME_CAP]; /* angle names = column names */
    int64_t n;                             /* rows */
    int64_t *frame;                        /* n frame numbers */
    double *t_s;                           /* n times */
    double *deg;                           /* n x n_angles, NAN where undefined */
    uint8_t *q; /* n x n_angles rc_track_state values, or NULL: no quality (files
                   before issue 14); RC_TRACK_LOST where the angle is undefined */
} rc_angles;

/* The quality of angle `a` of model `m` from its markers' states this frame: the worst
 * of them, in the order seen < streak < interpolated < predicted < lost. */
rc_track_state rc_angle_state(const rc_model *m, int a, const rc_marker_state *markers);

/* True when a frame in `state` may be used for ROM and extremes: measured (seen,
 * streak) or interpolated offline; never predicted or lost. */
static inline int rc_angle_state_usable(rc_track_state s)
{
    return rc_track_state_measured(s) || s == RC_TRACK_INTERPOLATED;
}

rc_status rc_angles_write(const char *path, const rc_angles *a, rc_err *err);

/* Reads angles.csv (header "frame,t_s" then at most RC_MAX_ANGLES angle names, each
 * optionally followed by its `<angle>_q` column) into heap arrays freed with
 * rc_angles_free (also after a failure). a->q stays NULL for a file without quality
 * columns; with them, every angle needs one and a defined angle a known state. */
rc_status rc_angles_read(const char *path, rc_angles *a, rc_err *err);

void rc_angles_free(rc_angles *a); /* NULL is fine */

/* ---- compensations (issue 16): the substitutions watched during a test ------------ */

/* One compensation rule of the model as judged over a run: written by the analysis
 * into summary.json's "compensations" array, read back by the reports and `progress`.
 * JSON per rule: {"name", "label", "unit": "deg"|"mm", "enabled": bool, "limit",
 * "max", "reps", "reps_flagged", "share_frames", "source", "meaning", "note"}; numbers
 * absent or null read as NAN (counts -1). */
enum { RC_MAX_COMPENSATIONS = 8, RC_SUMMARY_COMP_REPS = 64 };
typedef struct rc_summary_compensation {
    char name[RC_NAME_CAP];    /* the model's rule name, e.g. "trunk_lean_back" */
    char label[RC_LABEL_CAP];  /* what the clinician reads, e.g. "Trunk leans back" */
    char unit[8];              /* "deg" or "mm" */
    int enabled;               /* 0: a marker the rule needs is absent (note says which) */
    double limit;              /* the rule's limit, in unit */
    double max_value;          /* largest value measured over the run, NAN none */
    int reps, reps_flagged;    /* repetitions judged and those past the limit; -1 none */
    double share_frames;       /* share of usable frames past the limit, 0..1, NAN none */
    char source[RC_TEXT_CAP];  /* where the limit comes from */
    char meaning[RC_TEXT_CAP]; /* the clinical meaning shown to the user */
    char note[RC_TEXT_CAP];    /* why disabled, or "" */
    /* Added with the rules (compatible: absent from older files, read as ""/NAN/-1):
     * "angle" (the set it qualifies, "" all), "cue", "max_t_s" (seconds from the
     * first frame), "frames" judged and "frames_flagged", "rep_max" (the largest
     * amount of each repetition, in order). */
    char angle[RC_NAME_CAP];
    char cue[RC_LABEL_CAP];
    double max_t_s;
    int64_t frames, frames_flagged;
    int n_rep_max;
    double rep_max[RC_SUMMARY_COMP_REPS];
} rc_summary_compensation;

/* ---- summary.json ------------------------------------------------------------------ */

/* What the analysis loop knows about a run beyond the angles. */
/* One marker's colour learnt by the run itself (summary.json model.learnt_colours[]). */
typedef struct rc_learnt_colour {
    char marker[RC_NAME_CAP];
    int64_t frame;  /* frame it was learnt from */
    uint8_t rgb[3]; /* the sticker's colour as learnt (sRGB) */
    float mean[2];  /* the class: mean normalised chroma (nb, nr), as in detect.h */
    float cov[3];   /* and its covariance: var nb, cov nb nr, var nr */
} rc_learnt_colour;

typedef struct rc_run_info {
    const char *input; /* what was analysed */
    rc_source_info source;
    int64_t frames_analysed;
    int64_t frames_skipped; /* corrupt frames skipped */
    double seconds_wall;    /* processing time */
    rc_track_stats track;
    int64_t gap_filled; /* marker-frames bridged by offline interpolation */
    int mirror;
    const char *calib; /* calibration file used, or NULL */
    const char *unit;  /* "mm" in a calibrated plane, "px" otherwise */
    /* Which way the subject faced (facing.h). mirror_source NULL: not recorded, and
     * the facing fields are left out of summary.json. */
    const char *mirror_source; /* "given", "detected", "default" */
    const char *facing;        /* "image_right", "image_left", "front", "back", "unknown" */
    char side[8];              /* "right", "left", "" unknown */
    char facing_evidence[RC_ERR_CAP];
    double facing_confidence;     /* 0..1 */
    int64_t facing_decided_frame; /* last frame of the decision, -1 none */
    /* Per-marker coverage (track.h); coverage.frames == 0: not recorded. */
    rc_track_coverage coverage;
    /* Frames used although the JPEG decoder warned (jpeg.h): the data ran out in the
     * last MCU (RC_JPEG_WARN_SHORT), or extraneous bytes before a marker. */
    int64_t frames_used_with_warning, frames_with_extraneous_bytes;
    /* Sticker colours learnt at the start of the run because the nominal ones found
     * the marker poorly (analysis.h, rc_autolearn_run); summary.json's
     * model.learnt_colours, left out when there are none. */
    int n_learnt_colours;
    rc_learnt_colour learnt_colour[RC_MAX_MARKERS];
    /* Compensations judged over the run (issue 16); 0: the model has none, and
     * summary.json's "compensations" is left out. */
    int n_compensations;
    rc_summary_compensation compensation[RC_MAX_COMPENSATIONS];
    /* Distance measures (issue 16, model.h RC_ANGLE_DISTANCE): where their cm scale came
     * from ("" when the model has none), written beside each in summary.json
     * (results/summary_distance.c). */
    char distance_scale[RC_TEXT_CAP];
    /* The set-up (issue 20): the check recorded with the input (a session's
     * session.json "check", read by the session reader; n_items 0: none) and the
     * camera's controls in force (session.json "camera_controls", or the camera's own
     * when analysing one live; applied 0: none). summary.json's "setup" block
     * (results/summary_check.c); check_none says why there is no check ("the input is
     * not a recorded session", ...; NULL: not known). */
    rc_check_result check;
    rc_camera_controls camera_controls;
    const char *check_none;
} rc_run_info;

/* A camera's controls (requested, in force, the lock) as compact JSON text: the one
 * writer of session.json's "camera_controls" and summary.json's setup.camera_controls
 * (camera_json.c). Heap text: free() it; NULL when no control was applied or out of
 * memory. */
char *rc_camera_controls_json(const rc_camera_controls *cc);

/* An angle defined in fewer than this share of the frames is flagged low_coverage. */
#define RC_SUMMARY_LOW_COVERAGE 0.5

/* summary.json's text for the angles `a` of model `m` (range of motion per angle,
 * normal ranges, movement quality from the metrics stage, tracking quality). Returns
 * heap text the caller free()s, or NULL with a message (out of memory). */
char *rc_summary_json(const rc_model *m, const rc_angles *a, const rc_run_info *info, rc_err *err);

/* rc_summary_json written to `path` (0600, fsync'd) with a final newline. */
rc_status rc_summary_write(const char *path, const rc_model *m, const rc_angles *a,
                           const rc_run_info *info, rc_err *err);

enum { RC_SUMMARY_MAX_REPS = 64 };

/* One angle of summary.json as readers use it. Numbers absent from the file are NAN
 * (counts -1). */
typedef struct rc_summary_angle {
    char name[RC_NAME_CAP];
    int64_t samples, samples_defined;
    double min_deg, max_deg, range_deg;
    double min_t_s, max_t_s;
    int64_t min_sample, max_sample; /* rows of angles.csv at the extremes */
    double normal_min_deg, normal_max_deg;
    double mdc_deg;
    /* Movement quality, where present: repetitions' ROM (rom_arc_deg, else max - min),
     * peak velocity, and SPARC / LDLJ-V (whole series, else the mean over legs). */
    int n_reps; /* -1: no repetitions in the file */
    double rep_rom_deg[RC_SUMMARY_MAX_REPS];
    /* each repetition's start and end (reps[].start_s, end_s: seconds from the first
     * row of angles.csv), NAN when absent; for the review window's timeline */
    double rep_start_s[RC_SUMMARY_MAX_REPS], rep_end_s[RC_SUMMARY_MAX_REPS];
    double peak_velocity_deg_s;
    double sparc, ldlj;
    int wrap_jumps;           /* jumps across the wrap boundary; -1 absent */
    int64_t first_wrap_frame; /* frame of the first, -1 none or absent */
    int low_coverage;         /* 1 defined in under half the frames, 0 not, -1 absent */
    /* The set's ROM, one definition for analyse, live and the reports (issue 14): the
     * filtered angle of measured or offline-interpolated frames only (never predicted),
     * per repetition: its peak and trough; the set's figures are the mean and sample SD
     * over the repetitions, with the largest repetition beside them. summary.json:
     * angles[].rom {reps, peak_mean_deg, peak_sd_deg, trough_mean_deg, trough_sd_deg,
     * range_mean_deg, range_sd_deg, largest_peak_deg, largest_range_deg}. */
    int rom_reps; /* -1 absent (older summaries) */
    double rom_peak_mean_deg, rom_peak_sd_deg;
    double rom_trough_mean_deg, rom_trough_sd_deg;
    double rom_range_mean_deg, rom_range_sd_deg;
    double rom_largest_peak_deg, rom_largest_range_deg;
    char unit[8]; /* "cm" for a distance measure (its _deg fields hold cm), else "deg" */
} rc_summary_angle;

typedef struct rc_summary {
    char format[32]; /* "romcap-summary/1" ("" if absent) */
    char model[RC_NAME_CAP];
    int64_t frames_analysed, frames_skipped; /* -1 if absent */
    double duration_s, processing_s, fps;
    int64_t marker_frames, seen, predicted, lost, gap_filled; /* tracking; -1 if absent */
    /* Which side was read (the report must not mix sides): mirrored 1/0, -1 absent
     * (older summaries); "" for absent text. */
    int mirrored;
    char mirror_source[16]; /* "given", "detected", "default" */
    char side[8];           /* "right", "left" */
    char facing[16];        /* "image_right", "image_left", "front", "back", "unknown" */
    /* Angles measured in a calibrated movement plane (1), the image (0), -1 absent. */
    int calibrated;
    /* the "angle_plane" text, and the JPEG-warning counts (-1 if absent) */
    char angle_plane[48];
    int64_t frames_used_with_warning, frames_with_extraneous_bytes;
    int n_diagnoses;      /* markers with a "diagnosis" line under tracking.markers */
    int n_learnt_colours; /* model.learnt_colours[] (0 if absent) */
    rc_learnt_colour learnt_colour[RC_MAX_MARKERS];
    int n_compensations; /* "compensations" (0 if absent) */
    rc_summary_compensation compensation[RC_MAX_COMPENSATIONS];
    int n_angles;
    rc_summary_angle angle[RC_MAX_ANGLES]; /* in file order; extra angles are ignored */
    /* "setup" (issue 20): the set-up check recorded with the input (n_items 0: none, or
     * an older summary) and its outcome in words ("" when the file has no "setup"). */
    rc_check_result check;
    char setup_result[RC_TEXT_CAP];
} rc_summary;

/* Parses summary.json text (`name` for messages). Only "angles" (an array of objects
 * with a "name") is required; RC_E_FORMAT "NAME: not JSON" / "NAME: no \"angles\"
 * array (corrupt summary?)" otherwise. */
rc_status rc_summary_parse(const char *text, const char *name, rc_summary *s, rc_err *err);

/* Reads and parses the file (at most 256 MiB). RC_E_NOT_FOUND when it is missing. */
rc_status rc_summary_read(const char *path, rc_summary *s, rc_err *err);

/* The angle called `name`, or NULL. */
const rc_summary_angle *rc_summary_find(const rc_summary *s, const char *name);

/* The set's ROM of one angle as a person reads it (one definition for analyse, live
 * and the report: mean of the repetition peaks of the filtered angle, from measured
 * or interpolated frames): "NAME: set ROM P deg (peak, mean of N repetitions, SD ..;
 * trough ..; largest repetition ..)" or "NAME: no complete repetition, no set ROM"
 * into `line`. False (nothing written) for an older summary without it
 * (results/summary_lines.c). */
bool rc_summary_rom_line(const rc_summary_angle *k, char *line, size_t cap);

/* Each angle's rc_summary_rom_line of DIR/summary.json handed to `say`, in the file's
 * order; nothing when the file cannot be read (the run that wrote it said why)
 * (results/summary_rom_lines.c). */
void rc_summary_rom_lines(const char *dir, void (*say)(void *user, const char *line), void *user);

#ifdef __cplusplus
}
#endif
#endif
