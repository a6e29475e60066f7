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

#ifdef __cplusplus
}
#endif
#endif
