/* report.h - pre/post comparison of two analysed sessions: a self-contained HTML page
 * and a JSON file with the same numbers.
 *
 * The last stage: it reads what earlier stages left in two session folders
 * (session.json, summary.json, angles.csv, frames) and computes nothing new beyond
 * differences: per angle the pre, post and change of the set's ROM (peak, trough and
 * range, means over repetitions) with a verdict per measure - "improved", "worse" or
 * "within measurement error", by the model's better direction and the MDC95 of a
 * figure of the same design (between sessions unless same day and stickers left on;
 * never another design's) - and where summary.json carries them, per-repetition ROM,
 * peak velocity and smoothness. The
 * page has inline CSS and SVG only (no script, nothing from the network), prints on
 * A4, and escapes every user-supplied string.
 */
#ifndef ROMCAP_REPORT_H
#define ROMCAP_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "romcap/model.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_report_options {
    const char *title; /* page title; NULL = "Range of motion: <test>" */
    int thumbnails;    /* 1: embed the frame at peak ROM of each session (base64 JPEG) */
    int force;         /* 1: compare sessions measured differently (view, mirror flag,
                          angle plane) anyway, with a warning in the page and the JSON */
    int same_application; /* 1: the user states the stickers stayed on between the two
                             sessions; with both on the same day the within-session
                             error figures apply (else between-session ones) */
    int different_raters; /* 1: the sessions were measured by different people */
    char *warning;      /* out, if not NULL: that warning, "" when none (caller's buffer) */
    size_t warning_cap; /* bytes at `warning` */
} rc_report_options;

/* Compares session folders `pre_dir` and `post_dir` (each analysed: summary.json and
 * angles.csv present) and writes `html_path` and, if not NULL, `json_path` (0600).
 * Angles are matched by name. Sessions of different tests (angle definitions: the
 * colours of the stickers may differ) are refused (RC_E_ARG); sessions of the same
 * test measured from another view, mirrored against not, or in a calibrated plane
 * against the image are refused too unless `opt->force`, when the reason becomes a
 * warning in both files. A missing summary or angles file is RC_E_NOT_FOUND naming
 * it, a damaged one RC_E_FORMAT naming it (and the line); nothing is written then.
 * `opt` may be NULL. */
rc_status rc_report_compare(const char *pre_dir, const char *post_dir, const char *html_path,
                            const char *json_path, const rc_report_options *opt, rc_err *err);

/* ---- a course of treatment (issue 17; progress*.c) ---------------------------------
 * Every session of one subject and one test in date order (session.json "created"):
 * per angle the set's ROM per session (summary.json angles[].rom: peak, trough and
 * range, mean and SD over the repetitions), the normal band, the therapist's goal,
 * and the change from the first session with the same direction-aware verdict as the
 * pre/post report (verdict.c; between-session error figures, since sessions of a
 * course are different visits); compensations per session where the summaries hold
 * them; pain (NPRS) and function (PSFS) from session.json "outcomes", judged as
 * improved only beyond their measurement error AND at least their important change
 * (../shared/CLINICAL.md); and a plain summary paragraph. Writes a self-contained
 * HTML page (inline SVG, no script, prints on A4), a JSON file with the same numbers
 * and a CSV of the table (one row per session and angle). */
enum { RC_PROGRESS_MAX_SESSIONS = 64 };

typedef struct rc_progress_goal {
    char angle[RC_NAME_CAP]; /* "" = the model's first angle */
    double deg;              /* the goal for that angle's peak */
} rc_progress_goal;

typedef struct rc_progress_options {
    const char *title;    /* NULL = "Course of treatment: <test>" */
    int different_raters; /* 1: the sessions were measured by different people */
    int n_goals;
    rc_progress_goal goal[RC_MAX_ANGLES];
} rc_progress_options;

/* The session folders named by `paths`: a session folder itself, or every session at
 * or below a parent folder (rc_session_list). *dirs is one malloc'd block (free it);
 * RC_E_NOT_FOUND naming a path that is neither, RC_E_ARG beyond
 * RC_PROGRESS_MAX_SESSIONS. */
rc_status rc_progress_collect(const char *const *paths, int n, char ***dirs, int *n_dirs,
                              rc_err *err);

/* `page` with its extension (after the last '.' of the file name) replaced by `ext`
 * (".json", ".csv"): where progress.json and progress.csv go beside the page. Heap
 * (free it); NULL when out of memory (report/progress_paths.c). */
char *rc_progress_path_beside(const char *page, const char *ext);

/* Writes the progress of the analysed sessions `dirs` (at least 2) to `html_path`,
 * and `json_path` / `csv_path` when not NULL (0600). RC_E_ARG with one line naming the
 * two sessions when they mix subjects, tests (angle definitions or test names), sides
 * (mirrored or not, left or right) or angle planes, or for a goal naming an unknown
 * angle; RC_E_NOT_FOUND / RC_E_FORMAT naming a session's missing or damaged file.
 * Nothing is written on failure. */
rc_status rc_progress_write(const char *const *dirs, int n, const char *html_path,
                            const char *json_path, const char *csv_path,
                            const rc_progress_options *opt, rc_err *err);
/* report.json's path beside an HTML page: same folder, same stem, ".json" (and
 * "PAGE.json.json" when the page itself ends in .json). A new string (free), or NULL
 * when out of memory (report/report_paths.c). */
char *rc_report_json_path(const char *html_path);

/* ---- romcap's own repeatability (repeatability.c) ----------------------------------
 * From repeated sessions of ONE subject doing one test (stickers re-applied between
 * sessions, ideally on different days), for each measure of the set's ROM (peak,
 * trough, range; summary.json angles[].rom):
 *   within-session SEM  = the pooled within-session SD of single repetitions,
 *                         sqrt(sum (n_i - 1) s_i^2 / sum (n_i - 1)) over sessions i
 *                         with n_i >= 2 repetitions and SD s_i;
 *   between-session SEM = the sample SD of the sessions' set means (n - 1 degrees
 *                         of freedom): the error of the set ROM the report compares;
 *   MDC95 = 1.96 x sqrt(2) x SEM (rc_mdc95_from_sem; ../shared/CLINICAL.md).
 * A single subject gives SEM as the within-subject SD; it is the error of this
 * clinic's set-up and operator, not a population figure. */
enum { RC_REPEAT_MAX_SESSIONS = 64 };

typedef struct rc_repeat_measure {
    double within_sem_deg, within_mdc95_deg;   /* NAN when no session has 2 reps */
    int within_df;                             /* sum (n_i - 1) */
    double between_sem_deg, between_mdc95_deg; /* NAN with fewer than 2 sessions */
    int between_df;                            /* sessions - 1 */
    double mean_deg;                           /* grand mean of the session means */
} rc_repeat_measure;

typedef struct rc_repeatability {
    char angle[RC_NAME_CAP];
    int n_sessions;
    int reps[RC_REPEAT_MAX_SESSIONS]; /* repetitions per session, in input order */
    rc_repeat_measure m[3];           /* peak, trough, range */
} rc_repeatability;

/* Reads each path's summary.json (a session or analysis folder, or the summary.json
 * itself) and computes the figures for angle `angle` (NULL: the first angle of the
 * first summary). RC_E_NOT_FOUND naming a missing file or an angle a summary lacks;
 * RC_E_FORMAT naming a summary without the set's ROM (analysed by an older romcap);
 * RC_E_ARG for fewer than 2 paths or more than RC_REPEAT_MAX_SESSIONS. */
rc_status rc_repeatability_compute(const char *const *paths, int n, const char *angle,
                                   rc_repeatability *out, rc_err *err);

/* The figures as a table on `out`: mean, within- and between-session SEM/MDC95 and
 * degrees of freedom of the set's peak, trough and range, with their definitions
 * (report/repeatability_out.c). */
void rc_repeatability_print(FILE *out, const rc_repeatability *r);

/* A copy of model m written to `out` with the figures (between and within, for peak,
 * trough and range, those with an SEM) appended to r->angle's "mdc" list as method
 * "romcap", dated today (rc_model_write_mdc); *n_written the figures added. RC_E_ARG
 * when m has no such angle. */
rc_status rc_repeatability_write_model(const rc_repeatability *r, const rc_model *m,
                                       const char *out, int *n_written, rc_err *err);

#ifdef __cplusplus
}
#endif
#endif
