/* session_outcomes.c - what the patient reports at a session (issue 17): pain on the
 * 0-10 Numeric Pain Rating Scale before and after the test, the Patient-Specific
 * Functional Scale and a note. One writer (the "outcomes" block of session.json, used
 * by the recorder and by `romcap annotate`) and one reader (called by the session
 * meta reader). Facts: ../shared/CLINICAL.md, "Patient-reported outcomes".
 */
#include "session_internal.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The time frames written beside the values: NPRS scores mean little without one. */
#define PAIN_TIMEFRAME "now, before the test"
#define PAIN_AFTER_TIMEFRAME "now, right after the test"

void rc_outcomes_init(rc_session_outcomes *o)
{
    memset(o, 0, sizeof *o);
    o->pain = o->pain_after = -1;
}

int rc_outcomes_any(const rc_session_outcomes *o)
{
    return o && (o->pain >= 0 || o->pain_after >= 0 || o->n_psfs > 0 || o->note[0]);
}

double rc_outcomes_psfs_mean(const rc_session_outcomes *o)
{
    if (!o || o->n_psfs <= 0)
        return NAN;
    double s = 0;
    for (int i = 0; i < o->n_psfs; i++)
        s += o->psfs[i].score;
    return s / o->n_psfs;
}

/* A whole number 0..10 spelt with digits only (no sign, no decimals); -1 otherwise. */
static int score_0_10(const char *t)
{
    if (!t || !*t || strlen(t) > 2)
        return -1;
    for (const char *p = t; *p; p++)
        if (!isdigit((unsigned char)*p))
            return -1;
    int v = atoi(t);
    return v <= 10 ? v : -1;
}

rc_status rc_outcomes_parse_pain(const char *text, const char *what, int *out, rc_err *err)
{
    int v = score_0_10(text);
    if (v < 0)
        return rc_err_set(err, RC_E_ARG,
                          "%s: '%.40s' is not a pain score: a whole number from 0 (no pain) to "
                          "10 (worst imaginable)",
                          what, text ? text : "");
    *out = v;
    return RC_OK;
}

/* Trims spaces at both ends of [b, e) in place; returns the new start, *e moved. */
static char *trim(char *b, char **e)
{
    while (b < *e && isspace((unsigned char)*b))
        b++;
    while (*e > b && isspace((unsigned char)(*e)[-1]))
        (*e)--;
    **e = '\0';
    return b;
}

static rc_status psfs_item(char *item, const char *what, rc_psfs_item *it, rc_err *err)
{
    char *eq = strchr(item, '=');
    if (!eq)
        return rc_err_set(err, RC_E_ARG,
                          "%s: activity '%.40s' has no score (write it as activity=0..10)", what,
                          item);
    char *end = eq;
    char *name = trim(item, &end);
    char *vend = eq + 1 + strlen(eq + 1);
    char *val = trim(eq + 1, &vend);
    if (!*name)
        return rc_err_set(err, RC_E_ARG, "%s: a score without an activity ('=%.20s')", what, val);
    if (strlen(name) >= sizeof it->activity)
        return rc_err_set(err, RC_E_ARG, "%s: activity '%.40s...' is longer than %zu characters",
                          what, name, sizeof it->activity - 1);
    for (const char *p = name; *p; p++)
        if (iscntrl((unsigned char)*p) || *p == '=')
            return rc_err_set(err, RC_E_ARG, "%s: activity '%.40s' holds a control character or "
                              "'='", what, name);
    int v = score_0_10(val);
    if (v < 0)
        return rc_err_set(err, RC_E_ARG,
                          "%s: '%.40s=%.20s': the score is a whole number from 0 (unable) to 10 "
                          "(as before the problem)",
                          what, name, val);
    snprintf(it->activity, sizeof it->activity, "%s", name);
    it->score = v;
    return RC_OK;
}

rc_status rc_outcomes_parse_psfs(const char *text, const char *what, rc_session_outcomes *o,
                                 rc_err *err)
{
    char buf[1024];
    if (!text || strlen(text) >= sizeof buf)
        return rc_err_set(err, RC_E_ARG, "%s: expected activity=score,... (at most %zu characters)",
                          what, sizeof buf - 1);
    snprintf(buf, sizeof buf, "%s", text);
    rc_psfs_item items[RC_PSFS_MAX];
    int n = 0;
    /* strtok_r would skip empty items silently; walk the commas by hand. */
    for (char *p = buf, *next; p; p = next) {
        char *comma = strchr(p, ',');
        next = comma ? comma + 1 : NULL;
        if (comma)
            *comma = '\0';
        if (n == RC_PSFS_MAX)
            return rc_err_set(err, RC_E_ARG, "%s: at most %d activities (the PSFS asks for 3 to 5)",
                              what, RC_PSFS_MAX);
        rc_status st = psfs_item(p, what, &items[n], err);
        if (st != RC_OK)
            return st;
        for (int i = 0; i < n; i++)
            if (!strcmp(items[i].activity, items[n].activity))
                return rc_err_set(err, RC_E_ARG, "%s: activity '%s' given twice", what,
                                  items[n].activity);
        n++;
    }
    o->n_psfs = n;
    memcpy(o->psfs, items, (size_t)n * sizeof items[0]);
    return RC_OK;
}

rc_status rc_outcomes_set_note(const char *text, const char *what, rc_session_outcomes *o,
                               rc_err *err)
{
    size_t n = text ? strlen(text) : 0;
    if (n >= sizeof o->note)
        return rc_err_set(err, RC_E_ARG, "%s: the note is %zu bytes; at most %zu", what, n,
                          sizeof o->note - 1);
    for (size_t i = 0; i < n; i++)
        if (iscntrl((unsigned char)text[i]) && text[i] != '\t')
            return rc_err_set(err, RC_E_ARG, "%s: the note holds a control character (a line "
                              "break?) at byte %zu: keep it to one line", what, i);
    snprintf(o->note, sizeof o->note, "%s", text ? text : "");
    return RC_OK;
}

rc_status rc_outcomes_option(const char *name, const char *value, rc_session_outcomes *o,
                             rc_err *err)
{
    char what[32];
    snprintf(what, sizeof what, "--%s", name);
    if (!strcmp(name, "pain"))
        return rc_outcomes_parse_pain(value, what, &o->pain, err);
    if (!strcmp(name, "pain-after"))
        return rc_outcomes_parse_pain(value, what, &o->pain_after, err);
    if (!strcmp(name, "psfs"))
        return rc_outcomes_parse_psfs(value, what, o, err);
    if (!strcmp(name, "note"))
        return rc_outcomes_set_note(value, what, o, err);
    return rc_err_set(err, RC_E_ARG, "%s: not a patient-reported outcome", what);
}

/* ---- the writer: session.json "outcomes" ------------------------------------------- */

static void add_score(cJSON *o, const char *k, int v)
{
    if (v >= 0)
        cJSON_AddNumberToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

/* The block, or NULL when nothing is recorded (or out of memory). */
static cJSON *outcomes_json(const rc_session_outcomes *o)
{
    if (!rc_outcomes_any(o))
        return NULL;
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return NULL;
    cJSON_AddStringToObject(j, "pain_scale", "NPRS 0-10 (0 no pain, 10 worst imaginable)");
    add_score(j, "pain", o->pain);
    cJSON_AddStringToObject(j, "pain_timeframe", PAIN_TIMEFRAME);
    add_score(j, "pain_after", o->pain_after);
    cJSON_AddStringToObject(j, "pain_after_timeframe", PAIN_AFTER_TIMEFRAME);
    if (o->n_psfs > 0) {
        cJSON *p = cJSON_AddObjectToObject(j, "psfs");
        cJSON *a = cJSON_AddArrayToObject(p, "activities");
        for (int i = 0; a && i < o->n_psfs; i++) {
            cJSON *it = cJSON_CreateObject();
            cJSON_AddStringToObject(it, "activity", o->psfs[i].activity);
            cJSON_AddNumberToObject(it, "score", o->psfs[i].score);
            cJSON_AddItemToArray(a, it);
        }
        cJSON_AddNumberToObject(p, "mean", rc_outcomes_psfs_mean(o));
    } else {
        cJSON_AddNullToObject(j, "psfs");
    }
    if (o->note[0])
        cJSON_AddStringToObject(j, "note", o->note);
    else
        cJSON_AddNullToObject(j, "note");
    return j;
}

void rc__outcomes_put(cJSON *root, const rc_session_outcomes *o)
{
    cJSON *j = outcomes_json(o);
    if (!j) {
        cJSON_DeleteItemFromObjectCaseSensitive(root, "outcomes");
        return;
    }
    /* Replacing keeps the key where it was, so the rest of the file is unchanged. */
    if (cJSON_GetObjectItemCaseSensitive(root, "outcomes"))
        cJSON_ReplaceItemInObjectCaseSensitive(root, "outcomes", j);
    else
        cJSON_AddItemToObject(root, "outcomes", j);
}

/* ---- the reader ---------------------------------------------------------------------- */

/* A score in the file: 0..10 whole, else -1 (null, absent or damaged). */
static int read_score(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= 10) ||
        v->valuedouble != floor(v->valuedouble))
        return -1;
    return (int)v->valuedouble;
}

void rc__outcomes_read(const cJSON *root, rc_session_outcomes *o)
{
    rc_outcomes_init(o);
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(root, "outcomes");
    if (!cJSON_IsObject(j))
        return;
    o->pain = read_score(j, "pain");
    o->pain_after = read_score(j, "pain_after");
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(j, "psfs"), "activities");
    const cJSON *it;
    cJSON_ArrayForEach(it, a)
    {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "activity");
        int s = read_score(it, "score");
        if (o->n_psfs == RC_PSFS_MAX || !cJSON_IsString(name) || s < 0)
            continue; /* a damaged item is left out, not guessed */
        snprintf(o->psfs[o->n_psfs].activity, sizeof o->psfs[0].activity, "%s", name->valuestring);
        o->psfs[o->n_psfs++].score = s;
    }
    const cJSON *note = cJSON_GetObjectItemCaseSensitive(j, "note");
    if (cJSON_IsString(note))
        snprintf(o->note, sizeof o->note, "%s", note->valuestring);
}

/* ---- editing afterwards (`romcap annotate`) ----------------------------------------- */

rc_status rc_session_set_outcomes(const char *dir, const rc_session_outcomes *o, rc_err *err)
{
    rc_session_meta *m = malloc(sizeof *m);
    if (!m)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", dir);
    cJSON *root = NULL;
    rc_status st = rc__session_read_meta(dir, m, &root, err);
    if (st == RC_OK && strcmp(m->state, "complete") != 0)
        st = rc_err_set(err, RC_E_ARG,
                        "%s/session.json: state '%s': the session is still being recorded (or "
                        "was never closed)",
                        dir, m->state);
    free(m);
    if (st != RC_OK) {
        cJSON_Delete(root);
        return st;
    }
    rc__outcomes_put(root, o);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return rc_err_set(err, RC_E_NOMEM, "%s/session.json: out of memory", dir);
    st = rc__write_file_atomic(dir, "session.json", text, strlen(text), err);
    free(text);
    return st;
}
