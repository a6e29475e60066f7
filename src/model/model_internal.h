/* model_internal.h - helpers shared by the model parser's files.
 *
 * Every check reports through rc__jfail(), which writes
 *   "<origin>: <json path>: <reason>"
 * so a clinic engineer sees which file and which field to fix. JSON paths are
 * built like "angles[0].markers[2]" and kept in small fixed buffers.
 */
#ifndef ROMCAP_MODEL_INTERNAL_H
#define ROMCAP_MODEL_INTERNAL_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "romcap/model.h"

enum {
    RC__PATH_CAP = 96,            /* a JSON path such as "angles[7].normal.source" */
    RC__MODEL_MAX_BYTES = 1 << 20 /* larger files are refused unread */
};

/* Where messages go and what they are prefixed with. */
typedef struct rc__jctx {
    const char *origin; /* file name (or caller's label) */
    rc_err *err;
} rc__jctx;

/* Writes "origin: path: reason" (path may be "" for the whole document) and
 * returns RC_E_FORMAT. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
rc_status
rc__jfail(const rc__jctx *c, const char *path, const char *fmt, ...);

/* "parent.key" (or "key" at the top level) into out[RC__PATH_CAP]. */
void rc__jpath_key(char *out, const char *parent, const char *key);
/* "parent[i]" into out[RC__PATH_CAP]. */
void rc__jpath_index(char *out, const char *parent, int i);

/* Name of a JSON value's type for messages: "a string", "an array" ... */
const char *rc__jtype(const cJSON *v);

/* Refuses fields not in `allowed` (NULL-terminated) and fields given twice. Keys
 * starting with '_' are comments and always allowed. `obj` must be an object. */
rc_status rc__jcheck_keys(const rc__jctx *c, const cJSON *obj, const char *path,
                          const char *const *allowed);

/* obj must be an object (message: "expected an object, got ..."). */
rc_status rc__jexpect_object(const rc__jctx *c, const cJSON *v, const char *path);

/* Copies string field `key` into dst[cap]. A missing field is an error when
 * `required`, otherwise dst is left as is. Empty strings are refused. */
rc_status rc__jget_string(const rc__jctx *c, const cJSON *obj, const char *path, const char *key,
                          bool required, char *dst, size_t cap);

/* String field `key`, one of names[0..n), into *out as its index; `def` when absent
 * (def < 0: required). An unknown word is an error listing the expected ones. */
rc_status rc__jget_enum(const rc__jctx *c, const cJSON *obj, const char *path, const char *key,
                        const char *const *names, int n, int def, int *out);

/* Reads number field `key` into *dst, checking it is finite and in [lo, hi]. A
 * missing field is an error when `required`, otherwise *dst is left as is. */
rc_status rc__jget_number(const rc__jctx *c, const cJSON *obj, const char *path, const char *key,
                          bool required, double lo, double hi, double *dst);

/* Identifier rules for names: 1..31 chars of [a-z0-9_], starting with a letter. */
bool rc__valid_name(const char *s);

/* Looks up the marker name held in JSON value v (path p for messages). */
rc_status rc__marker_ref(const rc__jctx *c, const rc_model *m, const cJSON *v, const char *p,
                         int *idx);

/* Parses a model document already checked to be JSON (model_parse.c). */
rc_status rc__model_from_json(const rc__jctx *c, const cJSON *root, rc_model *out);

/* Parses the markers / segments / angles arrays (model_fields.c, model_angles.c). */
rc_status rc__parse_markers(const rc__jctx *c, const cJSON *root, rc_model *m);
rc_status rc__parse_segments(const rc__jctx *c, const cJSON *root, rc_model *m);
rc_status rc__parse_angles(const rc__jctx *c, const cJSON *root, rc_model *m);
/* A distance measure's own fields (model_distance.c): "scale" (only there), and no
 * "sign", "offset" or "wrap_center"; sets sign +1. Nothing for the angle types. */
rc_status rc__parse_distance(const rc__jctx *c, const cJSON *obj, const char *path,
                             rc_model_angle *a);
/* An angle's optional "mdc" list (or the older object) and "better" (model_mdc.c). */
/* model_norm.c: "normal": {"none": why, "position"} (the no-norm form) into a, and the
 * model's "side" ("right", "left" or "midline"). */
rc_status rc__parse_normal_none(const rc__jctx *c, const cJSON *n, const char *path,
                                rc_model_angle *a);
rc_status rc__parse_side(const rc__jctx *c, const cJSON *root, rc_model *m);
rc_status rc__parse_mdc(const rc__jctx *c, const cJSON *obj, const char *path, rc_model_angle *a);
rc_status rc__parse_better(const rc__jctx *c, const cJSON *obj, const char *path,
                           rc_model_angle *a);
/* The optional "compensations" array (model_comp.c); needs markers and angles. */
rc_status rc__parse_compensations(const rc__jctx *c, const cJSON *root, rc_model *m);
/* The optional "typical_speed" object (model_speed.c, issue 20). */
rc_status rc__parse_typical_speed(const rc__jctx *c, const cJSON *root, rc_model *m);

/* The optional "facing" object (model_facing.c); needs markers and angles parsed. */
rc_status rc__parse_facing(const rc__jctx *c, const cJSON *root, rc_model *m);

/* A figure's design as a new JSON object: session, rater, method, measure (the names
 * of model.h); the start of every writer of a figure (model_mdc_json.c). NULL when
 * out of memory. */
cJSON *rc__mdc_design_json(const rc_model_mdc *f);

#endif
