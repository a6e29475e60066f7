/* results_summary_read.c - summary.json's reader (its writer: results_summary.c).
 *
 * Only "angles" is required. Movement-quality fields are looked up where the writer
 * puts them and, for summaries from other versions or tools, in nested objects
 * (depth <= 3) and under older names (rom_deg, ldlj), so the report can compare a
 * session analysed today with one analysed before the metrics were added. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "romcap/files.h"
#include "romcap/results.h"
#include "results/results_internal.h"

/* summary.json of an hour of analysis is well under a megabyte; the limit only keeps
 * a wrong file from being read whole. */
#define SUMMARY_MAX_BYTES ((size_t)1 << 28)

/* A number, or the "value" of an object such as {"value": x, "nfft": ...} (SPARC,
 * LDLJ); NAN when absent. */
static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (cJSON_IsObject(v))
        v = cJSON_GetObjectItemCaseSensitive(v, "value");
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static int64_t count(const cJSON *o, const char *k)
{
    double v = num(o, k);
    return isfinite(v) && fabs(v) < 9e15 ? (int64_t)v : -1;
}

static void text(const cJSON *o, const char *k, char *out, size_t cap)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    snprintf(out, cap, "%s", cJSON_IsString(v) && v->valuestring ? v->valuestring : "");
}

/* First item called `key` in `o` or its nested objects (not arrays: those hold
 * per-leg values), depth <= `depth`. */
static const cJSON *find(const cJSON *o, const char *key, int depth)
{
    if (!cJSON_IsObject(o))
        return NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (v && !cJSON_IsNull(v))
        return v;
    if (depth <= 0)
        return NULL;
    for (const cJSON *c = o->child; c; c = c->next)
        if (cJSON_IsObject(c) && (v = find(c, key, depth - 1)) != NULL)
            return v;
    return NULL;
}

static double find_num(const cJSON *o, const char *key)
{
    const cJSON *v = find(o, key, 3);
    if (cJSON_IsObject(v))
        v = cJSON_GetObjectItemCaseSensitive(v, "value");
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static void read_quality(rc_summary_angle *a, const cJSON *aj)
{
    a->n_reps = -1;
    const cJSON *reps = find(aj, "reps", 3);
    if (cJSON_IsArray(reps)) {
        a->n_reps = 0;
        const cJSON *r;
        cJSON_ArrayForEach(r, reps)
        {
            if (a->n_reps == RC_SUMMARY_MAX_REPS)
                break;
            double rom = num(r, "rom_arc_deg");
            if (isnan(rom))
                rom = num(r, "rom_max_deg") - num(r, "rom_min_deg");
            if (isnan(rom))
                rom = num(r, "rom_deg");
            a->rep_start_s[a->n_reps] = num(r, "start_s");
            a->rep_end_s[a->n_reps] = num(r, "end_s");
            a->rep_rom_deg[a->n_reps++] = rom;
        }
    }
    a->peak_velocity_deg_s = find_num(aj, "peak_velocity_deg_s");
    a->sparc = find_num(aj, "sparc");
    a->ldlj = find_num(aj, "ldlj_v");
    if (isnan(a->ldlj))
        a->ldlj = find_num(aj, "ldlj");
    /* No whole-series smoothness: the mean over the movement legs, where present. */
    const cJSON *legs = find(aj, "legs", 3);
    double ss = 0, sl = 0;
    int ns = 0, nl = 0;
    const cJSON *l = cJSON_IsArray(legs) ? legs->child : NULL;
    for (; l; l = l->next) {
        const cJSON *sm = cJSON_GetObjectItemCaseSensitive(l, "smoothness");
        double v = num(sm, "sparc"), w = num(sm, "ldlj_v");
        if (isfinite(v))
            ss += v, ns++;
        if (isfinite(w))
            sl += w, nl++;
    }
    if (isnan(a->sparc) && ns)
        a->sparc = ss / ns;
    if (isnan(a->ldlj) && nl)
        a->ldlj = sl / nl;
}

/* The first of `keys` present in `o` with something other than a finite number or
 * null (the writer's "undefined"), or NULL: a damaged file, not another producer's
 * layout, so it is refused rather than read as absent. */
static const char *bad_number(const cJSON *o, const char *const *keys)
{
    for (; *keys; keys++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, *keys);
        if (v && !cJSON_IsNull(v) && !(cJSON_IsNumber(v) && isfinite(v->valuedouble)))
            return *keys;
    }
    return NULL;
}

static const char *const ROOT_NUMBERS[] = {"frames_analysed", "frames_skipped_corrupt",
                                           "duration_s", "processing_s", NULL};
static const char *const ANGLE_NUMBERS[] = {
    "samples", "samples_defined", "min_deg",    "max_deg",    "range_deg",
    "min_t_s", "max_t_s",         "min_sample", "max_sample", NULL};

/* angles[].rom: the set's ROM per repetition (results.h); reps -1 when absent. */
static void read_rom(rc_summary_angle *a, const cJSON *aj)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(aj, "rom");
    a->rom_reps = r ? (int)count(r, "reps") : -1;
    a->rom_peak_mean_deg = num(r, "peak_mean_deg");
    a->rom_peak_sd_deg = num(r, "peak_sd_deg");
    a->rom_trough_mean_deg = num(r, "trough_mean_deg");
    a->rom_trough_sd_deg = num(r, "trough_sd_deg");
    a->rom_range_mean_deg = num(r, "range_mean_deg");
    a->rom_range_sd_deg = num(r, "range_sd_deg");
    a->rom_largest_peak_deg = num(r, "largest_peak_deg");
    a->rom_largest_range_deg = num(r, "largest_range_deg");
}

static void read_angle(rc_summary_angle *a, const cJSON *aj)
{
    text(aj, "name", a->name, sizeof a->name);
    snprintf(a->unit, sizeof a->unit, "deg"); /* a distance says "cm" (summary_distance.c) */
    if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(aj, "unit")))
        text(aj, "unit", a->unit, sizeof a->unit);
    a->samples = count(aj, "samples");
    a->samples_defined = count(aj, "samples_defined");
    a->min_deg = num(aj, "min_deg");
    a->max_deg = num(aj, "max_deg");
    a->range_deg = num(aj, "range_deg");
    a->min_t_s = num(aj, "min_t_s");
    a->max_t_s = num(aj, "max_t_s");
    a->min_sample = count(aj, "min_sample");
    a->max_sample = count(aj, "max_sample");
    const cJSON *norm = cJSON_GetObjectItemCaseSensitive(aj, "normal_range");
    a->normal_min_deg = num(norm, "min_deg");
    a->normal_max_deg = num(norm, "max_deg");
    a->mdc_deg = num(cJSON_GetObjectItemCaseSensitive(aj, "mdc"), "deg");
    a->wrap_jumps = (int)count(aj, "wrap_jumps");
    a->first_wrap_frame = count(aj, "first_wrap_frame");
    const cJSON *low = cJSON_GetObjectItemCaseSensitive(aj, "low_coverage");
    a->low_coverage = cJSON_IsBool(low) ? cJSON_IsTrue(low) : -1;
    read_quality(a, aj);
    read_rom(a, aj);
}

/* model.learnt_colours[]: the colours the run learnt by itself (absent: none). */
static void read_learnt(rc_summary *s, const cJSON *model)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(model, "learnt_colours");
    const cJSON *o;
    cJSON_ArrayForEach(o, arr)
    {
        if (s->n_learnt_colours >= RC_MAX_MARKERS || !cJSON_IsObject(o))
            break;
        rc_learnt_colour *c = &s->learnt_colour[s->n_learnt_colours++];
        char hex[16];
        unsigned r = 0, g = 0, b = 0;
        text(o, "marker", c->marker, sizeof c->marker);
        text(o, "color", hex, sizeof hex);
        if (strlen(hex) == 7 && sscanf(hex, "#%2x%2x%2x", &r, &g, &b) == 3) {
            c->rgb[0] = (uint8_t)r;
            c->rgb[1] = (uint8_t)g;
            c->rgb[2] = (uint8_t)b;
        }
        const cJSON *fr = cJSON_GetObjectItemCaseSensitive(o, "frame");
        c->frame = cJSON_IsNumber(fr) && fr->valuedouble >= 0 && fr->valuedouble < 1e15
                       ? (int64_t)fr->valuedouble
                       : -1;
        const cJSON *mean = cJSON_GetObjectItemCaseSensitive(o, "mean");
        const cJSON *cov = cJSON_GetObjectItemCaseSensitive(o, "cov");
        for (int k = 0; k < 3; k++) {
            const cJSON *v = cJSON_GetArrayItem(mean, k);
            if (k < 2 && cJSON_IsNumber(v) && isfinite(v->valuedouble))
                c->mean[k] = (float)v->valuedouble;
            v = cJSON_GetArrayItem(cov, k);
            if (cJSON_IsNumber(v) && isfinite(v->valuedouble))
                c->cov[k] = (float)v->valuedouble;
        }
    }
}

/* "compensations": the substitutions judged over the run (absent: none). */
static void read_compensations(rc_summary *s, const cJSON *root)
{
    const cJSON *o;
    cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(root, "compensations"))
    {
        if (s->n_compensations >= RC_MAX_COMPENSATIONS || !cJSON_IsObject(o))
            break;
        rc_summary_compensation *c = &s->compensation[s->n_compensations++];
        text(o, "name", c->name, sizeof c->name);
        text(o, "label", c->label, sizeof c->label);
        text(o, "unit", c->unit, sizeof c->unit);
        c->enabled = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "enabled"));
        c->limit = num(o, "limit");
        c->max_value = num(o, "max");
        c->reps = (int)count(o, "reps");
        c->reps_flagged = (int)count(o, "reps_flagged");
        c->share_frames = num(o, "share_frames");
        text(o, "source", c->source, sizeof c->source);
        text(o, "meaning", c->meaning, sizeof c->meaning);
        text(o, "note", c->note, sizeof c->note);
        text(o, "angle", c->angle, sizeof c->angle);
        text(o, "cue", c->cue, sizeof c->cue);
        c->max_t_s = num(o, "max_t_s");
        c->frames = count(o, "frames");
        c->frames_flagged = count(o, "frames_flagged");
        const cJSON *rm;
        cJSON_ArrayForEach(rm, cJSON_GetObjectItemCaseSensitive(o, "rep_max"))
        {
            if (c->n_rep_max >= RC_SUMMARY_COMP_REPS)
                break;
            c->rep_max[c->n_rep_max++] = cJSON_IsNumber(rm) ? rm->valuedouble : NAN;
        }
    }
}

/* The model and which side of it was read, and the plane the angles are in: what
 * the report needs to refuse comparing a left knee with a right one, or degrees in
 * the image with degrees in a calibrated plane. */
static void read_side(rc_summary *s, const cJSON *root)
{
    const cJSON *model = cJSON_GetObjectItemCaseSensitive(root, "model");
    text(model, "name", s->model, sizeof s->model);
    const cJSON *mir = cJSON_GetObjectItemCaseSensitive(model, "mirrored");
    s->mirrored = cJSON_IsBool(mir) ? cJSON_IsTrue(mir) : -1;
    text(model, "mirror_source", s->mirror_source, sizeof s->mirror_source);
    text(model, "side", s->side, sizeof s->side);
    text(model, "facing", s->facing, sizeof s->facing);
    read_learnt(s, model);
    text(root, "angle_plane", s->angle_plane, sizeof s->angle_plane);
    const cJSON *calib = cJSON_GetObjectItemCaseSensitive(root, "calibration");
    if (cJSON_IsString(calib) || !strncmp(s->angle_plane, "calibrated", 10))
        s->calibrated = 1;
    else
        s->calibrated = s->angle_plane[0] ? 0 : -1;
}

rc_status rc_summary_parse(const char *json, const char *name, rc_summary *s, rc_err *err)
{
    memset(s, 0, sizeof *s);
    cJSON *root = cJSON_Parse(json);
    if (!root)
        return rc_err_set(err, RC_E_FORMAT, "%s: not JSON (corrupt summary?)", name);
    const cJSON *angles = cJSON_GetObjectItemCaseSensitive(root, "angles");
    if (!cJSON_IsArray(angles)) {
        cJSON_Delete(root);
        return rc_err_set(err, RC_E_FORMAT, "%s: no \"angles\" array (corrupt summary?)", name);
    }
    /* Numbers present with the wrong type or not finite: a damaged file. */
    const char *bad = bad_number(root, ROOT_NUMBERS);
    char where[96] = "the summary";
    const cJSON *aj;
    cJSON_ArrayForEach(aj, angles)
    {
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(aj, "name");
        if (!bad && (bad = bad_number(aj, ANGLE_NUMBERS)) != NULL)
            snprintf(where, sizeof where, "angle '%.60s'",
                     cJSON_IsString(nm) && nm->valuestring ? nm->valuestring : "?");
    }
    if (bad) {
        rc_err_set(err, RC_E_FORMAT, "%s: \"%s\" of %s is not a finite number (corrupt summary?)",
                   name, bad, where);
        cJSON_Delete(root);
        return RC_E_FORMAT;
    }
    text(root, "format", s->format, sizeof s->format);
    read_side(s, root);
    read_compensations(s, root);
    rc__summary_setup_read(root, name, s); /* summary_check.c */
    s->frames_analysed = count(root, "frames_analysed");
    s->frames_skipped = count(root, "frames_skipped_corrupt");
    s->duration_s = num(root, "duration_s");
    s->processing_s = num(root, "processing_s");
    s->fps = num(cJSON_GetObjectItemCaseSensitive(root, "source"), "fps");
    const cJSON *tq = cJSON_GetObjectItemCaseSensitive(root, "tracking");
    s->marker_frames = count(tq, "marker_frames");
    s->seen = count(tq, "seen");
    s->predicted = count(tq, "predicted");
    s->lost = count(tq, "lost");
    s->gap_filled = count(tq, "gap_filled");
    s->frames_used_with_warning = count(root, "frames_used_with_warning");
    s->frames_with_extraneous_bytes = count(root, "frames_with_extraneous_bytes");
    const cJSON *mk;
    cJSON_ArrayForEach(mk, cJSON_GetObjectItemCaseSensitive(tq, "markers")) s->n_diagnoses +=
        cJSON_IsString(cJSON_GetObjectItemCaseSensitive(mk, "diagnosis"));
    cJSON_ArrayForEach(aj, angles)
    {
        if (s->n_angles == RC_MAX_ANGLES)
            break;
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(aj, "name");
        if (!cJSON_IsString(nm) || !nm->valuestring || strlen(nm->valuestring) >= RC_NAME_CAP)
            continue; /* an angle without a (valid) name cannot be matched to anything */
        read_angle(&s->angle[s->n_angles++], aj);
    }
    cJSON_Delete(root);
    return RC_OK;
}

rc_status rc_summary_read(const char *path, rc_summary *s, rc_err *err)
{
    char *json = NULL;
    memset(s, 0, sizeof *s);
    rc_status st = rc_read_text(path, SUMMARY_MAX_BYTES, &json, NULL, err);
    if (st != RC_OK)
        return st;
    st = rc_summary_parse(json, path, s, err);
    free(json);
    return st;
}

const rc_summary_angle *rc_summary_find(const rc_summary *s, const char *name)
{
    for (int i = 0; i < s->n_angles; i++)
        if (!strcmp(s->angle[i].name, name))
            return &s->angle[i];
    return NULL;
}
