/* model_write.c - the one writer of model files: a copy of a model's own file with
 * each learnt marker's "chroma" and a new name (what `romcap learn` and the live
 * window's colour learning save).
 *
 * The same writer stores measurement-error figures: a copy with an angle's "mdc" list
 * extended (what `romcap repeatability --model-out` saves).
 *
 * The copy keeps the original text's every field and order (re-read with cJSON,
 * only "chroma", "mdc" and "name" touched), is checked by the model parser before it is
 * written, and is created 0600, never over an existing file.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model_internal.h"
#include "romcap/files.h"

void rc_model_marker_set_chroma(rc_model_marker *mk, const float mean[2], const float cov[3])
{
    mk->chroma_learned = 1;
    memcpy(mk->chroma_mean, mean, sizeof mk->chroma_mean);
    memcpy(mk->chroma_cov, cov, sizeof mk->chroma_cov);
}

int rc_model_json_stem(const char *path, char *stem, size_t cap)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n <= 5 || strcmp(base + n - 5, ".json") || n - 5 >= cap)
        return 0;
    memcpy(stem, base, n - 5);
    stem[n - 5] = '\0';
    return 1;
}

/* Six significant digits are more than a float's chroma carries; below 1e-12
 * (rounding dust of a noise-free picture) is zero. */
static double round6(float v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.6g", fabs((double)v) < 1e-12 ? 0.0 : (double)v);
    return strtod(buf, NULL);
}

/* Replaces each marker's "chroma" in the parsed document by mk's learnt class (none
 * when not learnt) and its "name" by `name`. */
static rc_status set_learnt_fields(cJSON *root, const rc_model *m, const char *name, rc_err *err)
{
    cJSON *markers = cJSON_GetObjectItemCaseSensitive(root, "markers");
    if (!markers || cJSON_GetArraySize(markers) != m->n_markers)
        return rc_err_set(err, RC_E_FORMAT, "%s: cannot re-read the model", m->path);
    for (int i = 0; i < m->n_markers; i++) {
        const rc_model_marker *mk = &m->marker[i];
        cJSON *jm = cJSON_GetArrayItem(markers, i);
        cJSON_DeleteItemFromObjectCaseSensitive(jm, "chroma");
        if (!mk->chroma_learned)
            continue;
        const double mean[2] = {round6(mk->chroma_mean[0]), round6(mk->chroma_mean[1])};
        const double cov[3] = {round6(mk->chroma_cov[0]), round6(mk->chroma_cov[1]),
                               round6(mk->chroma_cov[2])};
        cJSON *ch = cJSON_CreateObject();
        if (!ch || !cJSON_AddItemToObject(ch, "mean", cJSON_CreateDoubleArray(mean, 2)) ||
            !cJSON_AddItemToObject(ch, "cov", cJSON_CreateDoubleArray(cov, 3)) ||
            !cJSON_AddItemToObject(jm, "chroma", ch)) {
            cJSON_Delete(ch);
            return rc_err_set(err, RC_E_NOMEM, "out of memory");
        }
    }
    cJSON *jname = cJSON_CreateString(name);
    if (!jname || !cJSON_ReplaceItemInObjectCaseSensitive(root, "name", jname)) {
        cJSON_Delete(jname);
        return rc_err_set(err, RC_E_NOMEM, "out of memory");
    }
    return RC_OK;
}

/* Writes text and a newline to a new private file `out`; removes it on failure. */
static rc_status write_new(const char *text, const char *out, rc_err *err)
{
    FILE *fo = rc_fopen_private(out, err);
    if (!fo)
        return RC_E_IO;
    int werr = fputs(text, fo) < 0 || fputc('\n', fo) == EOF;
    werr |= fclose(fo) != 0;
    if (werr) {
        rc_status st = rc_err_set(err, RC_E_IO, "%s: write failed: %s", out, strerror(errno));
        remove(out);
        return st;
    }
    return RC_OK;
}

typedef rc_status (*edit_fn)(cJSON *root, const rc_model *m, const char *stem, const void *ctx,
                             rc_err *err);

/* A copy of m's own file edited by `edit`, checked by the parser, written new. */
static rc_status write_copy(const rc_model *m, const char *out, edit_fn edit, const void *ctx,
                            rc_err *err)
{
    char stem[RC_NAME_CAP];
    if (!rc_model_json_stem(out, stem, sizeof stem))
        return rc_err_set(err, RC_E_ARG, "%s: the file name must end in .json", out);
    if (access(out, F_OK) == 0)
        return rc_err_set(err, RC_E_IO, "%s exists; choose another name or remove it", out);
    char *text = NULL;
    rc_status st = rc_read_text(m->path, RC__MODEL_MAX_BYTES, &text, NULL, err);
    if (st != RC_OK)
        return st;
    char *json_out = NULL;
    cJSON *root = cJSON_Parse(text);
    if (!root)
        st = rc_err_set(err, RC_E_FORMAT, "%s: cannot re-read the model", m->path);
    else
        st = edit(root, m, stem, ctx, err);
    if (st == RC_OK && !(json_out = cJSON_Print(root)))
        st = rc_err_set(err, RC_E_NOMEM, "out of memory");
    rc_model check;
    if (st == RC_OK)
        st = rc_model_parse(json_out, strlen(json_out), out, &check, err);
    if (st == RC_OK)
        st = write_new(json_out, out, err);
    cJSON_Delete(root);
    free(json_out);
    free(text);
    return st;
}

static rc_status edit_learnt(cJSON *root, const rc_model *m, const char *stem, const void *ctx,
                             rc_err *err)
{
    (void)ctx;
    return set_learnt_fields(root, m, stem, err);
}

rc_status rc_model_write_learnt(const rc_model *m, const char *out, rc_err *err)
{
    if (!m || !out)
        return rc_err_set(err, RC_E_ARG, "rc_model_write_learnt: no model or file");
    return write_copy(m, out, edit_learnt, NULL, err);
}

/* Three significant decimals: a figure in degrees is never known better. */
static double round3(double v)
{
    return round(v * 1000.0) / 1000.0;
}

/* One figure as the "mdc" list holds it (the parser's fields, model_mdc.c). A
 * derived MDC95 is not written: the parser derives it again from the SEM. */
static cJSON *figure_json(const rc_model_mdc *f)
{
    cJSON *o = rc__mdc_design_json(f);
    if (!o)
        return NULL;
    if (isfinite(f->sem_deg) && f->sem_deg > 0)
        cJSON_AddNumberToObject(o, "sem", round3(f->sem_deg));
    if (!f->mdc95_from_sem || !(isfinite(f->sem_deg) && f->sem_deg > 0))
        cJSON_AddNumberToObject(o, "mdc95", round3(f->mdc95_deg));
    cJSON_AddStringToObject(o, "source", f->source);
    if (f->note[0])
        cJSON_AddStringToObject(o, "note", f->note);
    return o;
}

typedef struct mdc_edit {
    int angle;
    const rc_model_mdc *fig;
    int n;
} mdc_edit;

/* Angle e->angle's "mdc" becomes its parsed figures followed by the new ones (an
 * older {"value", "source"} object is rewritten as the list it was read as). */
static rc_status edit_mdc(cJSON *root, const rc_model *m, const char *stem, const void *ctx,
                          rc_err *err)
{
    const mdc_edit *e = ctx;
    const rc_model_angle *a = &m->angle[e->angle];
    cJSON *angles = cJSON_GetObjectItemCaseSensitive(root, "angles");
    cJSON *ja = cJSON_GetArrayItem(angles, e->angle);
    cJSON *list = cJSON_CreateArray();
    if (!ja || cJSON_GetArraySize(angles) != m->n_angles) {
        cJSON_Delete(list);
        return rc_err_set(err, RC_E_FORMAT, "%s: cannot re-read the model", m->path);
    }
    int ok = list != NULL;
    for (int i = 0; ok && i < a->n_mdc + e->n; i++) {
        cJSON *f = figure_json(i < a->n_mdc ? &a->mdc[i] : &e->fig[i - a->n_mdc]);
        ok = f && cJSON_AddItemToArray(list, f);
    }
    cJSON_DeleteItemFromObjectCaseSensitive(ja, "mdc");
    cJSON *jname = ok ? cJSON_CreateString(stem) : NULL;
    if (!ok || !cJSON_AddItemToObject(ja, "mdc", list) || !jname ||
        !cJSON_ReplaceItemInObjectCaseSensitive(root, "name", jname)) {
        cJSON_Delete(jname);
        if (!ok)
            cJSON_Delete(list);
        return rc_err_set(err, RC_E_NOMEM, "out of memory");
    }
    return RC_OK;
}

rc_status rc_model_write_mdc(const rc_model *m, int angle, const rc_model_mdc *fig, int n,
                             const char *out, rc_err *err)
{
    if (!m || !out || angle < 0 || angle >= m->n_angles || n < 0 || (n && !fig))
        return rc_err_set(err, RC_E_ARG, "rc_model_write_mdc: no model, angle or file");
    if (m->angle[angle].n_mdc + n > RC_MAX_MDC)
        return rc_err_set(err, RC_E_ARG, "%s: angle %s would hold %d figures (at most %d)",
                          m->path, m->angle[angle].name, m->angle[angle].n_mdc + n, RC_MAX_MDC);
    mdc_edit e = {angle, fig, n};
    return write_copy(m, out, edit_mdc, &e, err);
}
