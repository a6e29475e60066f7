/* model_angles.c - the "angles" array of a model file: type, reference, markers,
 * sign convention, offset, wrap centre, normal range and MDC with their sources.
 */
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"

static const char *const angle_keys[] = {"name",    "label", "type",   "ref",
                                         "markers", "sign",  "offset", "wrap_center",
                                         "normal",  "mdc",   "better", "scale", NULL};
static const char *const normal_keys[] = {"min", "max", "source", "position", "none", NULL};

typedef struct type_info {
    const char *name;
    rc_angle_type type;
    int n_markers;
    const char *ref[2]; /* allowed reference names */
    rc_angle_ref ref_val[2];
    const char *default_ref; /* NULL: "ref" is required */
} type_info;

static const type_info types[] = {
    {"three_point",
     RC_ANGLE_THREE_POINT,
     3,
     {"straight", "closed"},
     {RC_REF_STRAIGHT, RC_REF_CLOSED},
     NULL},
    {"segment_vertical",
     RC_ANGLE_SEGMENT_VERTICAL,
     2,
     {"down", "up"},
     {RC_REF_DOWN, RC_REF_UP},
     NULL},
    {"segment_horizontal",
     RC_ANGLE_SEGMENT_HORIZONTAL,
     2,
     {"right", "left"},
     {RC_REF_RIGHT, RC_REF_LEFT},
     NULL},
    {"segment_segment",
     RC_ANGLE_SEGMENT_SEGMENT,
     4,
     {"segment", NULL},
     {RC_REF_SEGMENT, RC_REF_SEGMENT},
     "segment"},
    {"distance", RC_ANGLE_DISTANCE, 2, {"none", NULL}, {RC_REF_STRAIGHT, RC_REF_STRAIGHT}, "none"},
};
enum { N_TYPES = sizeof types / sizeof types[0] };

static rc_status parse_type_ref(const rc__jctx *c, const cJSON *obj, const char *path,
                                rc_model_angle *a, const type_info **ti)
{
    char type[32] = "", ref[32] = "", p[RC__PATH_CAP];
    rc_status s = rc__jget_string(c, obj, path, "type", true, type, sizeof type);
    if (s)
        return s;
    *ti = NULL;
    for (int i = 0; i < N_TYPES; i++)
        if (!strcmp(types[i].name, type))
            *ti = &types[i];
    rc__jpath_key(p, path, "type");
    if (!*ti)
        return rc__jfail(c, p,
                         "unknown type '%s' (expected three_point, segment_vertical, "
                         "segment_horizontal, segment_segment or distance)",
                         type);
    a->type = (*ti)->type;

    rc__jpath_key(p, path, "ref");
    if ((*ti)->default_ref)
        snprintf(ref, sizeof ref, "%s", (*ti)->default_ref);
    s = rc__jget_string(c, obj, path, "ref", !(*ti)->default_ref, ref, sizeof ref);
    if (s)
        return s;
    for (int i = 0; i < 2; i++)
        if ((*ti)->ref[i] && !strcmp((*ti)->ref[i], ref)) {
            a->ref = (*ti)->ref_val[i];
            return RC_OK;
        }
    if ((*ti)->ref[1])
        return rc__jfail(c, p, "unknown ref '%s' for type %s (expected %s or %s)", ref, type,
                         (*ti)->ref[0], (*ti)->ref[1]);
    return rc__jfail(c, p, "unknown ref '%s' for type %s (expected %s)", ref, type, (*ti)->ref[0]);
}

static rc_status parse_markers(const rc__jctx *c, const rc_model *m, const cJSON *obj,
                               const char *path, const type_info *ti, rc_model_angle *a)
{
    char p[RC__PATH_CAP];
    rc__jpath_key(p, path, "markers");
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, "markers");
    if (!arr)
        return rc__jfail(c, p, "missing required field");
    if (!cJSON_IsArray(arr))
        return rc__jfail(c, p, "expected an array of marker names, got %s", rc__jtype(arr));
    int n = cJSON_GetArraySize(arr);
    if (n != ti->n_markers)
        return rc__jfail(c, p, "type %s needs %d markers, got %d", ti->name, ti->n_markers, n);
    for (int i = 0; i < n; i++) {
        char pi[RC__PATH_CAP];
        rc__jpath_index(pi, p, i);
        rc_status s = rc__marker_ref(c, m, cJSON_GetArrayItem(arr, i), pi, &a->marker[i]);
        if (s)
            return s;
    }
    for (int i = n; i < 4; i++)
        a->marker[i] = -1;
    /* A repeated marker makes a zero-length direction: the angle would never exist. */
    bool bad = false;
    if (ti->type == RC_ANGLE_THREE_POINT)
        bad = a->marker[0] == a->marker[1] || a->marker[1] == a->marker[2];
    else if (ti->type == RC_ANGLE_SEGMENT_SEGMENT)
        bad = a->marker[0] == a->marker[1] || a->marker[2] == a->marker[3];
    else
        bad = a->marker[0] == a->marker[1];
    if (bad)
        return rc__jfail(c, p, "a segment would join a marker to itself");
    return RC_OK;
}

static rc_status parse_sign(const rc__jctx *c, const cJSON *obj, const char *path,
                            rc_model_angle *a)
{
    char p[RC__PATH_CAP];
    rc__jpath_key(p, path, "sign");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "sign");
    if (!v)
        return rc__jfail(c, p, "missing required field (\"ccw\" or \"cw\")");
    if (cJSON_IsString(v) && !strcmp(v->valuestring, "ccw"))
        a->sign = 1;
    else if (cJSON_IsString(v) && !strcmp(v->valuestring, "cw"))
        a->sign = -1;
    else if (cJSON_IsNumber(v) && (v->valuedouble == 1.0 || v->valuedouble == -1.0))
        a->sign = v->valuedouble > 0 ? 1 : -1;
    else
        return rc__jfail(c, p, "expected \"ccw\", \"cw\", 1 or -1");
    return RC_OK;
}

/* "normal": {"min", "max", "source", "position"} (required), "mdc" (a list of
 * figures) and "better" (model_mdc.c). */
static rc_status parse_norms(const rc__jctx *c, const cJSON *obj, const char *path,
                             rc_model_angle *a)
{
    char p[RC__PATH_CAP];
    rc__jpath_key(p, path, "normal");
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, "normal");
    if (!n)
        return rc__jfail(c, p, "missing required field");
    rc_status s = rc__jexpect_object(c, n, p);
    if (!s)
        s = rc__jcheck_keys(c, n, p, normal_keys);
    if (!s && cJSON_GetObjectItemCaseSensitive(n, "none")) {
        s = rc__parse_normal_none(c, n, p, a); /* model_norm.c: no published norm */
        goto rest;
    }
    if (!s)
        s = rc__jget_number(c, n, p, "min", true, -360, 360, &a->normal_min_deg);
    if (!s)
        s = rc__jget_number(c, n, p, "max", true, -360, 360, &a->normal_max_deg);
    if (!s)
        s = rc__jget_string(c, n, p, "source", true, a->normal_source, sizeof a->normal_source);
    if (s)
        return s;
    if (a->normal_min_deg > a->normal_max_deg)
        return rc__jfail(c, p, "min (%g) is greater than max (%g)", a->normal_min_deg,
                         a->normal_max_deg);

    s = rc__jget_string(c, n, p, "position", false, a->normal_position,
                        sizeof a->normal_position);
rest:
    if (!s)
        s = rc__parse_mdc(c, obj, path, a);
    if (!s)
        s = rc__parse_better(c, obj, path, a);
    return s;
}

static rc_status parse_angle(const rc__jctx *c, const rc_model *m, const cJSON *obj,
                             const char *path, rc_model_angle *a)
{
    const type_info *ti = NULL;
    char p[RC__PATH_CAP];
    rc_status s = rc__jexpect_object(c, obj, path);
    if (!s)
        s = rc__jcheck_keys(c, obj, path, angle_keys);
    if (!s)
        s = rc__jget_string(c, obj, path, "name", true, a->name, sizeof a->name);
    if (s)
        return s;
    rc__jpath_key(p, path, "name");
    if (!rc__valid_name(a->name))
        return rc__jfail(c, p,
                         "'%s' is not a valid name (1-31 characters of a-z, 0-9 and _, "
                         "starting with a letter)",
                         a->name);
    s = rc__jget_string(c, obj, path, "label", true, a->label, sizeof a->label);
    if (!s)
        s = parse_type_ref(c, obj, path, a, &ti);
    if (!s)
        s = parse_markers(c, m, obj, path, ti, a);
    if (!s)
        s = rc__parse_distance(c, obj, path, a); /* model_distance.c: "scale", no sign */
    if (!s && a->type != RC_ANGLE_DISTANCE)
        s = parse_sign(c, obj, path, a);
    a->offset_deg = 0.0;
    if (!s)
        s = rc__jget_number(c, obj, path, "offset", false, -360, 360, &a->offset_deg);
    if (!s)
        s = parse_norms(c, obj, path, a);
    if (s)
        return s;
    a->wrap_center_deg = 0.5 * (a->normal_min_deg + a->normal_max_deg);
    return rc__jget_number(c, obj, path, "wrap_center", false, -360, 360, &a->wrap_center_deg);
}

rc_status rc__parse_angles(const rc__jctx *c, const cJSON *root, rc_model *m)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "angles");
    if (!arr)
        return rc__jfail(c, "angles", "missing required field");
    if (!cJSON_IsArray(arr))
        return rc__jfail(c, "angles", "expected an array, got %s", rc__jtype(arr));
    int n = cJSON_GetArraySize(arr);
    if (n < 1 || n > RC_MAX_ANGLES)
        return rc__jfail(c, "angles", "%d angles: a model needs 1 to %d", n, RC_MAX_ANGLES);
    int i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        char p[RC__PATH_CAP];
        rc__jpath_index(p, "angles", i);
        rc_status s = parse_angle(c, m, it, p, &m->angle[i]);
        if (s)
            return s;
        for (int j = 0; j < i; j++)
            if (!strcmp(m->angle[j].name, m->angle[i].name)) {
                char pn[RC__PATH_CAP];
                rc__jpath_key(pn, p, "name");
                return rc__jfail(c, pn, "duplicate angle name '%s' (also angles[%d])",
                                 m->angle[i].name, j);
            }
    }
    m->n_angles = n;
    return RC_OK;
}
