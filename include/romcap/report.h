/* report.h - pre/post comparison of two analysed sessions: a self-contained HTML page
 * and a JSON file with the same numbers.
 *
 * The last stage: it reads what earlier stages left in two session folders
 * (session.json, summary.json, angles.csv, frames) and computes nothing new beyond
 * differences: per angle the pre, post and change of maximum, minimum and range of
 * motion, compared with the model's minimal detectable change (MDC), and where
 * summary.json carries them, per-repetition ROM, peak velocity and smoothness. The
 * page has inline CSS and SVG only (no script, nothing from the network), prints on
 * A4, and escapes every user-supplied string.
 */
#ifndef ROMCAP_REPORT_H
#define ROMCAP_REPORT_H

#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_report_options {
    const char *title; /* page title; NULL = "Range of motion: <test>" */
    int thumbnails;    /* 1: embed the frame at peak ROM of each session (base64 JPEG) */
} rc_report_options;

/* Compares session folders `pre_dir` and `post_dir` (each analysed: summary.json and
 * angles.csv present) and writes `html_path` and, if not NULL, `json_path` (0600).
 * Angles are matched by name; sessions of different tests are refused (RC_E_ARG).
 * A missing summary or angles file is RC_E_NOT_FOUND naming it. `opt` may be NULL. */
rc_status rc_report_compare(const char *pre_dir, const char *post_dir, const char *html_path,
                            const char *json_path, const rc_report_options *opt, rc_err *err);

#ifdef __cplusplus
}
#endif
#endif
