/* results_summary.c - summary.json's writer: per-angle range of motion, normal
 * ranges, wrap jumps and coverage, movement quality (metrics stage), which side was
 * read (facing), and tracking quality per marker. Its reader is
 * results_summary_read.c. */
#include <assert.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "romcap/compensation.h"
#include "romcap/facing.h"
#include "romcap/files.h"
#include "romcap/metrics.h"
#include "romcap/metrics_json.h"
#include "romcap/results.h"
#include "results/results_internal.h"

static void add_num_or_null(cJSON *o, const char *k, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

/* Angle a of frame i, or NAN where the frame may not be used for ROM (its quality
 * is predicted or lost; files without quality use every defined frame). */
static double usable(const rc_angles *o, int64_t i, int a)
{
    size_t at = (size_t)(i * o->n_angles + a);
    if (o->q && !rc_angle_state_usable((rc_track_state)o->q[at]))
        return NAN;
    return o->deg[at];
}

static cJSON *angle_json(const rc_model *m, int a, const rc_angles *o)
{
    const rc_model_angle *d = &m->angle[a];
    const int64_t *frame = o->frame;
    const double *t_s = o->t_s, *ang = o->deg;
    int64_t n = o->n;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "name", d->name);
    cJSON_AddStringToObject(j, "label", d->label);
    double lo = INFINITY, hi = -INFINITY, t_lo = NAN, t_hi = NAN;
    int64_t defined = 0, predicted = 0, i_lo = -1, i_hi = -1;
    for (int64_t i = 0; i < n; i++) {
        double v = usable(o, i, a);
        if (isnan(ang[i * m->n_angles + a]))
            continue;
        defined++;
        if (isnan(v)) {
            predicted++; /* defined, but from a predicted position: never an extreme */
            continue;
        }
        if (v < lo) {
            lo = v;
            t_lo = t_s[i];
            i_lo = i;
        }
        if (v > hi) {
            hi = v;
            t_hi = t_s[i];
            i_hi = i;
        }
    }
    cJSON_AddNumberToObject(j, "samples", (double)n);
    cJSON_AddNumberToObject(j, "samples_defined", (double)defined);
    if (o->q)
        cJSON_AddNumberToObject(j, "samples_predicted", (double)predicted);
    cJSON_AddStringToObject(j, "extremes",
                            "min_deg, max_deg, range_deg: single-frame extremes of the "
                            "unfiltered angle over measured or interpolated frames, not the "
                            "set's ROM (see rom)");
    if (i_lo >= 0) {
        cJSON_AddNumberToObject(j, "min_deg", lo);
        cJSON_AddNumberToObject(j, "max_deg", hi);
        cJSON_AddNumberToObject(j, "range_deg", hi - lo);
        cJSON_AddNumberToObject(j, "min_t_s", t_lo);
        cJSON_AddNumberToObject(j, "max_t_s", t_hi);
        cJSON_AddNumberToObject(j, "min_sample", (double)i_lo);
        cJSON_AddNumberToObject(j, "max_sample", (double)i_hi);
    } else {
        cJSON_AddNullToObject(j, "min_deg");
        cJSON_AddNullToObject(j, "max_deg");
        cJSON_AddNullToObject(j, "range_deg");
    }
    rc_json_normal_range(j, d, false); /* summary_norm.c: the band, or null and why */
    /* The model's measurement-error figures with their designs (model.h); the
     * report takes them from the session's model, this copy is for other readers. */
    if (d->n_mdc > 0) {
        cJSON *mdc = cJSON_AddArrayToObject(j, "mdc");
        for (int k = 0; k < d->n_mdc; k++)
            cJSON_AddItemToArray(mdc, rc_model_mdc_json(&d->mdc[k], false));
    }
    /* A jump across the wrap boundary is what a movement read from the wrong side
     * does; an angle mostly undefined is not a range of motion. */
    int jumps = 0;
    int64_t first = n > 0 ? rc_wrap_find(ang + a, n, m->n_angles, &jumps) : -1;
    cJSON_AddNumberToObject(j, "wrap_jumps", jumps);
    if (first >= 0)
        cJSON_AddNumberToObject(j, "first_wrap_frame", (double)frame[first]);
    else
        cJSON_AddNullToObject(j, "first_wrap_frame");
    cJSON_AddBoolToObject(j, "low_coverage", defined < RC_SUMMARY_LOW_COVERAGE * (double)n);
    return j;
}

/* Which side the angles were read as (facing.h), inside "model". */
static void add_facing(cJSON *model, const rc_run_info *info)
{
    if (!info->mirror_source)
        return;
    cJSON_AddStringToObject(model, "side", info->side);
    cJSON_AddStringToObject(model, "facing", info->facing ? info->facing : "unknown");
    cJSON_AddStringToObject(model, "mirror_source", info->mirror_source);
    cJSON_AddStringToObject(model, "facing_evidence", info->facing_evidence);
    cJSON_AddNumberToObject(model, "facing_confidence", info->facing_confidence);
    if (info->facing_decided_frame >= 0)
        cJSON_AddNumberToObject(model, "facing_decided_frame", (double)info->facing_decided_frame);
    else
        cJSON_AddNullToObject(model, "facing_decided_frame");
}

/* Colours the run learnt by itself (analysis.h, rc_autolearn_run), inside "model";
 * nothing when none was learnt. */
static void add_learnt(cJSON *model, const rc_run_info *info)
{
    if (info->n_learnt_colours <= 0)
        return;
    cJSON *arr = cJSON_AddArrayToObject(model, "learnt_colours");
    for (int i = 0; i < info->n_learnt_colours && i < RC_MAX_MARKERS; i++) {
        const rc_learnt_colour *c = &info->learnt_colour[i];
        cJSON *o = cJSON_CreateObject();
        char hex[8];
        snprintf(hex, sizeof hex, "#%02x%02x%02x", c->rgb[0], c->rgb[1], c->rgb[2]);
        cJSON_AddStringToObject(o, "marker", c->marker);
        cJSON_AddNumberToObject(o, "frame", (double)c->frame);
        cJSON_AddStringToObject(o, "color", hex);
        double mean[2] = {c->mean[0], c->mean[1]}, cov[3] = {c->cov[0], c->cov[1], c->cov[2]};
        cJSON_AddItemToObject(o, "mean", cJSON_CreateDoubleArray(mean, 2));
        cJSON_AddItemToObject(o, "cov", cJSON_CreateDoubleArray(cov, 3));
        cJSON_AddItemToArray(arr, o);
    }
}


/* TUNABLE: a marker seen as a motion streak in more than this share of the frames
 * gets a blur note (issue 15: the positions of a streak are less sure). */
#define STREAK_NOTE_FRACTION 0.1

/* Issue 15, degrees of confidence: the share of frames a marker was seen only as a
 * motion streak (its position the streak's centre, less sure than a sharp sticker's)
 * and, above STREAK_NOTE_FRACTION, a note saying so and what helps. */
static void add_streak_note(cJSON *j, const rc_model *m, int k, const rc_track_coverage *c)
{
    const rc_track_coverage_marker *mk = &c->m[k];
    double f = (double)mk->streak / c->frames;
    cJSON_AddNumberToObject(j, "streak_fraction", f);
    if (f <= STREAK_NOTE_FRACTION) {
        cJSON_AddNullToObject(j, "blur_note");
        return;
    }
    char line[RC_ERR_CAP];
    snprintf(line, sizeof line,
             "marker '%s' (%s sticker) seen only as a motion streak in %.0f%% of frames: its "
             "positions there are less sure (more light, a shorter exposure or a faster "
             "frame rate help)",
             m->marker[k].name, rc_color_word(m->marker[k].rgb), floor(100.0 * f));
    cJSON_AddStringToObject(j, "blur_note", line);
}

/* Per marker under "tracking": shares of frames seen / predicted / lost, the
 * longest stretch unseen, and the plain-language diagnosis (or null). */
static void add_markers(cJSON *tq, const rc_model *m, const rc_track_coverage *c)
{
    if (c->frames <= 0)
        return;
    cJSON *arr = cJSON_AddArrayToObject(tq, "markers");
    for (int k = 0; k < c->n_markers && k < m->n_markers; k++) {
        const rc_track_coverage_marker *mk = &c->m[k];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "name", m->marker[k].name);
        cJSON_AddStringToObject(j, "colour", rc_color_word(m->marker[k].rgb));
        cJSON_AddNumberToObject(j, "seen_fraction", (double)mk->seen / c->frames);
        cJSON_AddNumberToObject(j, "predicted_fraction", (double)mk->predicted / c->frames);
        cJSON_AddNumberToObject(j, "lost_fraction", (double)mk->lost / c->frames);
        add_streak_note(j, m, k, c);
        cJSON_AddNumberToObject(j, "longest_loss_s", mk->longest_gap_s);
        add_num_or_null(j, "longest_loss_start_s", mk->longest_gap_start_s - c->t_first_s);
        char line[RC_ERR_CAP];
        bool off = rc_comp_optional_unseen(m, k, mk->seen, line, sizeof line);
        if (off) /* an optional sticker left off: a note, not a diagnosis (issue 16) */
            cJSON_AddNullToObject(j, "diagnosis");
        else if (rc_track_coverage_diagnose(c, k, m->marker[k].name, m->marker[k].rgb, line,
                                            sizeof line))
            cJSON_AddStringToObject(j, "diagnosis", line);
        else
            cJSON_AddNullToObject(j, "diagnosis");
        if (m->marker[k].optional)
            cJSON_AddStringToObject(j, "note", off ? line : "optional sticker, seen");
        cJSON_AddItemToArray(arr, j);
    }
}

/* Adds the movement-quality report's fields (reps, legs, velocity, smoothness,
 * tremor, consistency) to the angle object, keeping the fields it already has. */
static void merge_quality(cJSON *angle, cJSON *report)
{
    while (report && report->child) {
        cJSON *item = cJSON_DetachItemViaPointer(report, report->child);
        if (cJSON_GetObjectItemCaseSensitive(angle, item->string))
            cJSON_Delete(item);
        else
            cJSON_AddItemToObject(angle, item->string, item);
    }
    cJSON_Delete(report);
}

/* TUNABLE: time stamps spanning more grid points than this many per frame (plus a
 * margin) are taken as damaged rather than as a recording with gaps. */
enum { GRID_PER_FRAME = 16, GRID_MARGIN = 1024 };

/* Movement quality per angle from the metrics stage: each frame placed by its own
 * time stamp on the grid at the nominal rate (rc_metrics_analyse_t: dropped frames
 * bridged, long gaps split), predicted frames left out. */
static void add_quality(cJSON *angles, const rc_model *m, const rc_angles *o,
                        const rc_run_info *info)
{
    if (o->n < 2 || o->n > 0x7fffffff / (2 * GRID_PER_FRAME))
        return;
    int n = (int)o->n;
    double *series = malloc((size_t)n * sizeof *series);
    if (!series)
        return;
    double fs = rc_nominal_rate_hz(o->t_s, n, info->source.fps, series);
    int len = fs > 0 ? rc_grid_len(o->t_s, n, fs, GRID_PER_FRAME * n + GRID_MARGIN) : -1;
    rc_err err = {{0}};
    rc_metrics *mx = NULL;
    rc_metrics_config cfg;
    if (len > 0) {
        cfg = rc_metrics_config_default(fs, len);
        mx = rc_metrics_create(&cfg, &err);
    } else {
        snprintf(err.msg, sizeof err.msg,
                 "%lld frames whose time stamps (%.6f..%.6f s) do not make an even grid",
                 (long long)o->n, o->t_s[0], o->t_s[o->n - 1]);
    }
    for (int a = 0; a < m->n_angles; a++) {
        cJSON *angle = cJSON_GetArrayItem(angles, a);
        rc_angle_report rep;
        for (int i = 0; mx && i < n; i++)
            series[i] = usable(o, i, a);
        if (mx && rc_metrics_analyse_t(mx, o->t_s, series, n, &rep, &err) == RC_OK)
            merge_quality(angle, rc_json_angle_report(&rep, &cfg));
        else
            cJSON_AddStringToObject(angle, "metrics_error", err.msg);
    }
    rc_metrics_destroy(mx);
    free(series);
}

/* "compensations" (issue 16): each rule of the model as judged over the run
 * (compensation.h); left out when the model has none. Read back by
 * results_summary_read.c. */
static void add_compensations(cJSON *root, const rc_run_info *info)
{
    if (info->n_compensations <= 0)
        return;
    cJSON *arr = cJSON_AddArrayToObject(root, "compensations");
    for (int i = 0; i < info->n_compensations && i < RC_MAX_COMPENSATIONS; i++) {
        const rc_summary_compensation *c = &info->compensation[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(arr, o);
        cJSON_AddStringToObject(o, "name", c->name);
        cJSON_AddStringToObject(o, "label", c->label);
        cJSON_AddStringToObject(o, "angle", c->angle);
        cJSON_AddStringToObject(o, "unit", c->unit);
        cJSON_AddBoolToObject(o, "enabled", c->enabled);
        add_num_or_null(o, "limit", c->limit);
        cJSON_AddStringToObject(o, "definition",
                                "max: the largest change from the value at a repetition's "
                                "start (or the value itself for an absolute rule) in the "
                                "compensating direction, over usable frames; share_frames: "
                                "judged frames past the limit");
        add_num_or_null(o, "max", c->max_value);
        add_num_or_null(o, "max_t_s", c->max_t_s);
        if (c->reps >= 0) {
            cJSON_AddNumberToObject(o, "reps", c->reps);
            cJSON_AddNumberToObject(o, "reps_flagged", c->reps_flagged);
        } else {
            cJSON_AddNullToObject(o, "reps");
            cJSON_AddNullToObject(o, "reps_flagged");
        }
        cJSON *rm = cJSON_AddArrayToObject(o, "rep_max");
        for (int k = 0; k < c->n_rep_max && k < RC_SUMMARY_COMP_REPS; k++)
            cJSON_AddItemToArray(rm, isfinite(c->rep_max[k]) ? cJSON_CreateNumber(c->rep_max[k])
                                                             : cJSON_CreateNull());
        cJSON_AddNumberToObject(o, "frames", (double)(c->frames > 0 ? c->frames : 0));
        cJSON_AddNumberToObject(o, "frames_flagged",
                                (double)(c->frames_flagged > 0 ? c->frames_flagged : 0));
        add_num_or_null(o, "share_frames", c->share_frames);
        cJSON_AddStringToObject(o, "source", c->source);
        cJSON_AddStringToObject(o, "meaning", c->meaning);
        cJSON_AddStringToObject(o, "cue", c->cue);
        cJSON_AddStringToObject(o, "note", c->note);
    }
}

char *rc_summary_json(const rc_model *m, const rc_angles *o, const rc_run_info *info, rc_err *err)
{
    assert(o->n_angles == m->n_angles);
    const double *t_s = o->t_s;
    int64_t n = o->n;
    cJSON *root = cJSON_CreateObject();
    if (!root) {
        rc_err_set(err, RC_E_NOMEM, "out of memory");
        return NULL;
    }
    cJSON_AddStringToObject(root, "format", "romcap-summary/1");
    cJSON_AddStringToObject(root, "software", "romcap " ROMCAP_VERSION);
    cJSON_AddStringToObject(root, "input", info->input);
    cJSON *src = cJSON_AddObjectToObject(root, "source");
    cJSON_AddStringToObject(src, "kind", info->source.kind);
    cJSON_AddNumberToObject(src, "width", info->source.width);
    cJSON_AddNumberToObject(src, "height", info->source.height);
    cJSON_AddNumberToObject(src, "fps", info->source.fps);
    cJSON *model = cJSON_AddObjectToObject(root, "model");
    cJSON_AddStringToObject(model, "name", m->name);
    cJSON_AddStringToObject(model, "title", m->title);
    cJSON_AddStringToObject(model, "view", rc_view_name(m->view));
    cJSON_AddBoolToObject(model, "mirrored", info->mirror);
    add_facing(model, info);
    add_learnt(model, info);
    cJSON_AddNumberToObject(root, "frames_analysed", (double)info->frames_analysed);
    cJSON_AddNumberToObject(root, "frames_skipped_corrupt", (double)info->frames_skipped);
    cJSON_AddNumberToObject(root, "frames_used_with_warning",
                            (double)info->frames_used_with_warning);
    cJSON_AddNumberToObject(root, "frames_with_extraneous_bytes",
                            (double)info->frames_with_extraneous_bytes);
    cJSON_AddNumberToObject(root, "duration_s", n > 1 ? t_s[n - 1] - t_s[0] : 0.0);
    cJSON_AddNumberToObject(root, "processing_s", info->seconds_wall);
    if (info->calib)
        cJSON_AddStringToObject(root, "calibration", info->calib);
    cJSON_AddStringToObject(root, "angle_plane",
                            info->calib ? "calibrated movement plane" : "image (uncalibrated)");
    cJSON *angles = cJSON_AddArrayToObject(root, "angles");
    for (int a = 0; a < m->n_angles; a++)
        cJSON_AddItemToArray(angles, angle_json(m, a, o));
    add_quality(angles, m, o, info);
    rc__summary_distance(angles, m, o, info); /* distance measures (summary_distance.c) */
    cJSON *tq = cJSON_AddObjectToObject(root, "tracking");
    int64_t total = info->track.seen + info->track.predicted + info->track.lost;
    cJSON_AddNumberToObject(tq, "marker_frames", (double)total);
    cJSON_AddNumberToObject(tq, "seen", (double)info->track.seen);
    cJSON_AddNumberToObject(tq, "predicted", (double)info->track.predicted);
    cJSON_AddNumberToObject(tq, "lost", (double)info->track.lost);
    cJSON_AddNumberToObject(tq, "seen_fraction", total ? (double)info->track.seen / total : 0);
    cJSON_AddNumberToObject(tq, "reacquired", (double)info->track.reacquired);
    cJSON_AddNumberToObject(tq, "gap_filled", (double)info->gap_filled);
    cJSON_AddNumberToObject(tq, "identity_swaps_detected", (double)info->track.refused);
    add_markers(tq, m, &info->coverage);
    add_compensations(root, info);
    rc__summary_sts(root, m, o, info); /* the sit-to-stand's block (summary_sts.c) */
    rc__summary_setup(root, info); /* the set-up check and camera (summary_check.c) */
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        rc_err_set(err, RC_E_NOMEM, "out of memory writing summary.json");
    return text;
}

rc_status rc_summary_write(const char *path, const rc_model *m, const rc_angles *a,
                           const rc_run_info *info, rc_err *err)
{
    char *json = rc_summary_json(m, a, info, err);
    if (!json)
        return RC_E_NOMEM;
    FILE *f = rc_fopen_private(path, err);
    if (!f) {
        free(json);
        return RC_E_IO;
    }
    fputs(json, f);
    fputc('\n', f);
    free(json);
    return rc_fclose_synced(f, path, err);
}
