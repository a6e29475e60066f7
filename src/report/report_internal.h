/* report_internal.h - one analysed session as the report sees it, and the writers. */
#ifndef ROMCAP_REPORT_INTERNAL_H
#define ROMCAP_REPORT_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "romcap/model.h"
#include "romcap/report.h"
#include "romcap/results.h"
#include "romcap/session.h"

enum { RC__MAX_REPS = 64 };

typedef struct rc__angle_side {
    int present;                        /* the angle is in this session's summary */
    double min_deg, max_deg, range_deg; /* NAN when undefined */
    int64_t peak_frame;                 /* frame number at max_deg, -1 if unknown */
    int n_reps;                         /* -1: summary has no repetitions */
    double rep_rom_deg[RC__MAX_REPS];
    /* The set's ROM (results.h rc_summary_angle rom_*): rom_reps -1 when the summary
     * does not hold it (analysed by an older romcap). */
    int rom_reps;
    double rom_peak_mean_deg, rom_peak_sd_deg, rom_trough_mean_deg, rom_trough_sd_deg;
    double rom_range_mean_deg, rom_range_sd_deg, rom_largest_peak_deg;
    double peak_velocity_deg_s; /* NAN when absent */
    double sparc, ldlj;         /* NAN when absent */
    char *thumb_b64;            /* base64 JPEG at peak, or NULL; owned */
    double *series;             /* angle per row of angles.csv (NAN = undefined); owned */
} rc__angle_side;

typedef struct rc__side {
    char dir[1024];
    rc_session_meta meta;
    rc_model model;
    int mirrored, calibrated; /* as analysed (summary.json); -1 when it does not say */
    int64_t n_rows; /* rows of angles.csv */
    double *t_s;    /* owned */
    rc__angle_side angle[RC_MAX_ANGLES];
    int n_comp; /* summary.json "compensations" (issue 16); 0 none */
    rc_summary_compensation comp[RC_MAX_COMPENSATIONS];
} rc__side;

/* The compensations beside angle a's ROM (report_comp.c): per rule before and after,
 * the largest, the repetitions past the limit, and a marked line when the ROM was
 * reached while compensating. Nothing when neither side has a rule for the angle. */
void rc__report_comp_html(FILE *f, const rc__side *pre, const rc__side *post, int a);

/* The set-up check of each session (report_check.c, issue 20): a table of its items
 * before and after, or "no set-up check recorded"; and one session's check block for
 * report.json (its session.json form; null when none was recorded). */
void rc__report_check_html(FILE *f, const rc__side *pre, const rc__side *post);
cJSON *rc__report_check_json(const rc__side *s);

/* The normal band of angle d in the report (report_units.c, issue 16): the key's entry
 * for the band (when any measure of m has one) closing the key's paragraph; the note
 * under the angle (the band with its source and position, or "No published norm" and
 * why). report.json's "normal_range" is rc_json_normal_range (metrics_json.h). */
void rc__report_norm_key(FILE *f, const rc_model *m);
void rc__report_norm_html(FILE *f, const rc_model *m, const rc_model_angle *d);

/* Loads a session folder for the report. Frees with rc__side_free (also on failure). */
rc_status rc__side_load(rc__side *s, const char *dir, int thumbnails, rc_err *err);
void rc__side_free(rc__side *s);

/* ---- the verdict (verdict.c) ------------------------------------------------------- */

enum { RC__MIN_VERDICT_REPS = 3 }; /* repetitions needed on each side for a verdict */

/* The design of this comparison: which error figure matches it. */
typedef struct rc__design {
    rc_mdc_session session; /* WITHIN only for the same day and stickers left on */
    int different_raters;   /* the two sessions were measured by different people */
    char why[160];          /* e.g. "the sessions are on different days" */
} rc__design;

/* Within-session when both sessions were created the same calendar day (local date
 * of session.json "created") and the user says the stickers stayed on; otherwise
 * between sessions. */
void rc__design_of(const rc__side *pre, const rc__side *post, int same_application,
                   rc__design *d);

typedef enum rc__measure_kind { RC__PEAK = 0, RC__TROUGH = 1, RC__RANGE = 2 } rc__measure_kind;

/* One error figure chosen for a measure: a figure of the model (fig), or for a range
 * two single-reading figures combined (fig and fig2; sqrt(a^2 + b^2), which is sqrt 2
 * times one figure that covers both ends). */
typedef struct rc__error_pick {
    int found;
    double mdc95_deg;
    const rc_model_mdc *fig, *fig2;
    int combined; /* 1: a range's figure from two single readings */
} rc__error_pick;

typedef enum rc__verdict_kind {
    RC__NO_VERDICT = 0, /* reason says why */
    RC__IMPROVED,
    RC__WORSE,
    RC__WITHIN,  /* |change| <= MDC95 */
    RC__CHANGED  /* beyond the error on a measure with no better direction */
} rc__verdict_kind;

typedef struct rc__verdict {
    rc__verdict_kind kind;
    double pre, post, change; /* means over repetitions; NAN when unknown */
    double pre_sd, post_sd;
    int pre_reps, post_reps;
    int better;                 /* +1 higher, -1 lower, 0 neither (the model's) */
    rc__error_pick clinical;    /* best published figure of the matching design */
    rc__error_pick own;         /* romcap's own figure of that design, if stored */
    const rc__error_pick *used; /* own when found, else clinical; NULL when none */
    char reason[200];           /* why there is no verdict ("" when there is one) */
} rc__verdict;

/* The verdict on measure k of angle a from the two sides' set ROM and the model's
 * figures for design d. Never fails: a missing piece is a RC__NO_VERDICT with its
 * reason. */
void rc__verdict_of(const rc__side *pre, const rc__side *post, int a, rc__measure_kind k,
                    const rc__design *d, rc__verdict *v);

/* "improved", "worse", "within measurement error", "changed (beyond measurement
 * error; no better direction)" or "no verdict". */
const char *rc__verdict_word(rc__verdict_kind k);

/* "peak", "trough", "range"; and the better direction as "higher" / "lower" /
 * "neither". */
const char *rc__measure_name(rc__measure_kind k);
const char *rc__better_word(int better);

/* Writes the page / the JSON; `warning` ("" for none) is shown near the top of the
 * page and listed in "warnings". */
rc_status rc__report_html(FILE *f, const rc__side *pre, const rc__side *post, const char *title,
                          const char *warning, const rc__design *d);
cJSON *rc__report_json(const rc__side *pre, const rc__side *post, const char *title,
                       const char *warning, const rc__design *d);

/* What decides whether two sessions can be compared (report_compat.c). */
typedef struct rc__identity {
    const char *dir;        /* session folder, for messages */
    const rc_model *model;  /* the model it was analysed with */
    int mirrored;           /* measured mirrored from the model's description */
    int calibrated;         /* angles in a calibrated movement plane */
} rc__identity;

/* RC_OK when `pre` and `post` measured the same test the same way. A different
 * test (angle definitions) is always RC_E_ARG; a different view, mirror flag or angle
 * plane is RC_E_ARG unless `force`, when RC_OK comes with a one-sentence `warning`
 * for the report ("" otherwise). */
rc_status rc__comparable(const rc__identity *pre, const rc__identity *post, int force,
                         char *warning, size_t cap, rc_err *err);

/* Writes `s` to f with & < > " ' escaped. */
void rc__html_escape(FILE *f, const char *s);

#endif
