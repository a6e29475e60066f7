/* progress_internal.h - a course of treatment as the progress writers see it. */
#ifndef ROMCAP_PROGRESS_INTERNAL_H
#define ROMCAP_PROGRESS_INTERNAL_H

#include "report_internal.h"
#include "romcap/results.h"

/* A patient-reported scale's published error and important change, with sources
 * (../shared/CLINICAL.md, "Patient-reported outcomes for a course of treatment"). */
typedef struct rc__pro_scale {
    const char *key;   /* "pain", "function" */
    const char *label; /* what the panel is called */
    const char *short_label;
    int better;        /* +1 higher is better, -1 lower */
    double lo, hi;     /* the scale's ends */
    double mdc;        /* measurement error, points: a change must exceed it */
    const char *mdc_source;
    double mcid_points; /* the important change, points ... */
    double mcid_share;  /* ... or this share of the first value (0: none) */
    const char *mcid_source;
} rc__pro_scale;

extern const rc__pro_scale rc__nprs_scale, rc__psfs_scale;

typedef enum rc__pro_kind {
    RC__PRO_NONE = 0,   /* a value missing */
    RC__PRO_IMPROVED,   /* beyond the error and at least the important change */
    RC__PRO_WORSE,      /* beyond the error, the wrong way */
    RC__PRO_WITHIN,     /* inside the measurement error */
    RC__PRO_SMALL       /* beyond the error but short of the important change */
} rc__pro_kind;

typedef struct rc__pro_verdict {
    rc__pro_kind kind;
    double first, now, change; /* NAN when missing */
} rc__pro_verdict;

/* The verdict of a patient-reported value `now` against `first` on scale `s`. */
void rc__pro_verdict_of(const rc__pro_scale *s, double first, double now, rc__pro_verdict *v);
const char *rc__pro_word(rc__pro_kind k);

typedef struct rc__pro_session {
    rc__side side;      /* session.json, the model, summary.json's angles */
    rc_summary *sum;    /* the whole summary (side, compensations); owned */
    char date[16];      /* YYYY-MM-DD of "created" */
    double pain, pain_after, psfs; /* NAN when not recorded */
} rc__pro_session;

typedef struct rc__progress {
    int n;
    rc__pro_session *s[RC_PROGRESS_MAX_SESSIONS]; /* date order; owned */
    const rc_model *model;                        /* the first session's */
    char title[256];
    rc__design design[RC_PROGRESS_MAX_SESSIONS];  /* session i against the first */
    rc__verdict v[RC_PROGRESS_MAX_SESSIONS][RC_MAX_ANGLES][3];
    rc__pro_verdict pain[RC_PROGRESS_MAX_SESSIONS], pain_after[RC_PROGRESS_MAX_SESSIONS],
        psfs[RC_PROGRESS_MAX_SESSIONS];
    double goal[RC_MAX_ANGLES]; /* the peak's goal per angle, NAN none */
    int has_pain, has_psfs, has_comp;
    char summary[2048];         /* the plain paragraph */
} rc__progress;

/* The writers (progress_html.c, progress_out.c). */
rc_status rc__progress_html(FILE *f, const rc__progress *p);
cJSON *rc__progress_json(const rc__progress *p);
rc_status rc__progress_csv(FILE *f, const rc__progress *p);

/* The set-up check per session (progress_check.c, issue 20): the cell beside the ROM
 * (its outcome in rc_check_outcome's words; a failed one says its figures are less
 * trustworthy), the table of what did not pass, progress.json's "setup_check" object,
 * progress.csv's cell, and the summary paragraph's sentence naming the sessions
 * recorded over a failed check (nothing when none). */
void rc__progress_check_cell(FILE *o, const rc__pro_session *s);
void rc__progress_check_table(FILE *o, const rc__progress *p);
cJSON *rc__progress_check_json(const rc__pro_session *s);
const char *rc__progress_check_csv(const rc__pro_session *s, char *buf, size_t cap);
void rc__progress_check_sentence(char *summary, size_t cap, const rc__progress *p);

/* Which measures a course shows for an angle: the peak always, the trough and the
 * range when the model says which way is better. */
int rc__progress_shows(const rc_model_angle *m, rc__measure_kind k);

#endif
