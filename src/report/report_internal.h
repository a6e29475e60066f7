/* report_internal.h - one analysed session as the report sees it, and the writers. */
#ifndef ROMCAP_REPORT_INTERNAL_H
#define ROMCAP_REPORT_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "romcap/model.h"
#include "romcap/report.h"
#include "romcap/session.h"

enum { RC__MAX_REPS = 64 };

typedef struct rc__angle_side {
    int present;                        /* the angle is in this session's summary */
    double min_deg, max_deg, range_deg; /* NAN when undefined */
    int64_t peak_frame;                 /* frame number at max_deg, -1 if unknown */
    int n_reps;                         /* -1: summary has no repetitions */
    double rep_rom_deg[RC__MAX_REPS];
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
} rc__side;

/* Loads a session folder for the report. Frees with rc__side_free (also on failure). */
rc_status rc__side_load(rc__side *s, const char *dir, int thumbnails, rc_err *err);
void rc__side_free(rc__side *s);

/* Writes the page / the JSON; `warning` ("" for none) is shown near the top of the
 * page and listed in "warnings". */
rc_status rc__report_html(FILE *f, const rc__side *pre, const rc__side *post, const char *title,
                          const char *warning);
cJSON *rc__report_json(const rc__side *pre, const rc__side *post, const char *title,
                       const char *warning);

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
