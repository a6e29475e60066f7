/* model_comp.c - a model's "compensations" array (issue 16): the substitutions a
 * therapist watches for during the test (a trunk leaning back to "reach" shoulder
 * flexion, a thigh swinging forward in knee flexion, a hitched pelvis), each with what
 * is measured, its baseline, which change counts, the limit with its source, the
 * clinical meaning and the patient's cue. Format: models/README.md.
 *
 * A rule may name a marker the model does not have (an optional sticker another
 * variant of the test adds): the rule is kept, disabled, and `missing` names it.
 * A marker marked "optional" is for the rules only: no angle and no facing rule may
 * read it (check_optional), so a set-up without that sticker loses the rules that
 * need it and nothing else.
 */
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"

static const char *const comp_keys[] = {"name",      "label",  "angle", "measure", "baseline",
                                        "direction", "limit",  "unit",  "source",  "meaning",
                                        "cue",       NULL};
static const char *const measure_keys[] = {"type", "markers", "marker", "axis",
                                           "angle", "ref",    "sign",   NULL};
static const char *const type_names[] = {"segment_vertical", "segment_horizontal",
                                         "displacement", "angle"};
static const char *const baseline_names[] = {"rep_start", "absolute"};

const char *rc_comp_type_name(rc_comp_type t)
{
    return (unsigned)t < 4 ? type_names[t] : "";
}

const char *rc_comp_baseline_name(rc_comp_baseline b)
{
    return (unsigned)b < 2 ? baseline_names[b] : "";
}

const char *rc_comp_direction_name(int direction)
{
    return direction > 0 ? "positive" : direction < 0 ? "negative" : "either";
}

/* A marker the rule names: its index, or -1 with the name kept in r->missing. */
static rc_status rule_marker(const rc__jctx *c, const rc_model *m, const cJSON *v, const char *p,
                             rc_model_comp *r, int *idx)
{
    if (!cJSON_IsString(v) || !v->valuestring)
        return rc__jfail(c, p, "expected a marker name, got %s", rc__jtype(v));
    if (!rc__valid_name(v->valuestring))
        return rc__jfail(c, p, "'%.40s' is not a valid marker name", v->valuestring);
    *idx = rc_model_marker_index(m, v->valuestring);
    if (*idx < 0 && !r->missing[0])
        snprintf(r->missing, sizeof r->missing, "%s", v->valuestring);
    return RC_OK;
}

static rc_status parse_segment(const rc__jctx *c, const rc_model *m, const cJSON *o,
                               const char *path, rc_model_comp *r)
{
    static const char *const vrefs[] = {"up", "down"}, *const hrefs[] = {"right", "left"};
    static const char *const signs[] = {"ccw", "cw"};
    char p[RC__PATH_CAP];
    rc__jpath_key(p, path, "markers");
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "markers");
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != 2)
        return rc__jfail(c, p, "%s needs \"markers\": two marker names",
                         type_names[r->type]);
    for (int k = 0; k < 2; k++) {
        char pk[RC__PATH_CAP];
        rc__jpath_index(pk, p, k);
        rc_status s = rule_marker(c, m, cJSON_GetArrayItem(arr, k), pk, r, &r->marker[k]);
        if (s)
            return s;
    }
    if (r->marker[0] >= 0 && r->marker[0] == r->marker[1])
        return rc__jfail(c, p, "a segment would join a marker to itself");
    int ref = 0, sign = 0;
    bool vert = r->type == RC_COMP_SEGMENT_VERTICAL;
    rc_status s = rc__jget_enum(c, o, path, "ref", vert ? vrefs : hrefs, 2, 0, &ref);
    if (!s)
        s = rc__jget_enum(c, o, path, "sign", signs, 2, 0, &sign);
    r->ref = vert ? (ref ? RC_REF_DOWN : RC_REF_UP) : (ref ? RC_REF_LEFT : RC_REF_RIGHT);
    r->sign = sign ? -1 : 1;
    return s;
}

static rc_status parse_measure(const rc__jctx *c, const rc_model *m, const cJSON *rule,
                               const char *path, rc_model_comp *r)
{
    static const char *const axes[] = {"x", "y"};
    char p[RC__PATH_CAP];
    rc__jpath_key(p, path, "measure");
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(rule, "measure");
    if (!o)
        return rc__jfail(c, p, "missing required field");
    int type = 0;
    rc_status s = rc__jexpect_object(c, o, p);
    if (!s)
        s = rc__jcheck_keys(c, o, p, measure_keys);
    if (!s)
        s = rc__jget_enum(c, o, p, "type", type_names, 4, -1, &type);
    if (s)
        return s;
    r->type = (rc_comp_type)type;
    r->marker[0] = r->marker[1] = -1;
    r->of_angle = -1;
    r->sign = 1;
    char pk[RC__PATH_CAP];
    switch (r->type) {
    case RC_COMP_SEGMENT_VERTICAL:
    case RC_COMP_SEGMENT_HORIZONTAL: return parse_segment(c, m, o, p, r);
    case RC_COMP_DISPLACEMENT:
        rc__jpath_key(pk, p, "marker");
        if (!cJSON_GetObjectItemCaseSensitive(o, "marker"))
            return rc__jfail(c, pk, "displacement needs \"marker\"");
        s = rule_marker(c, m, cJSON_GetObjectItemCaseSensitive(o, "marker"), pk, r, &r->marker[0]);
        return s ? s : rc__jget_enum(c, o, p, "axis", axes, 2, -1, &r->axis);
    case RC_COMP_ANGLE: {
        char name[RC_NAME_CAP] = "";
        rc__jpath_key(pk, p, "angle");
        s = rc__jget_string(c, o, p, "angle", true, name, sizeof name);
        if (s)
            return s;
        r->of_angle = rc_model_angle_index(m, name);
        if (r->of_angle < 0)
            return rc__jfail(c, pk, "unknown angle '%s'", name);
        return RC_OK;
    }
    }
    return rc__jfail(c, p, "unknown measure");
}

/* The limit's unit must be the measure's: degrees for lines and angles, mm for a
 * displacement (px when uncalibrated: the rule is then judged by nothing). */
static rc_status parse_limit(const rc__jctx *c, const cJSON *o, const char *path, rc_model_comp *r)
{
    static const char *const dirs[] = {"positive", "negative", "either"};
    int dir = 0, base = 0;
    rc_status s = rc__jget_enum(c, o, path, "baseline", baseline_names, 2, 0, &base);
    if (!s)
        s = rc__jget_enum(c, o, path, "direction", dirs, 3, -1, &dir);
    if (!s)
        s = rc__jget_number(c, o, path, "limit", true, 1e-6, 1e6, &r->limit);
    if (!s)
        s = rc__jget_string(c, o, path, "unit", true, r->unit, sizeof r->unit);
    if (s)
        return s;
    r->baseline = (rc_comp_baseline)base;
    r->direction = dir == 0 ? 1 : dir == 1 ? -1 : 0;
    const char *want = r->type == RC_COMP_DISPLACEMENT ? "mm" : "deg";
    if (strcmp(r->unit, want)) {
        char p[RC__PATH_CAP];
        rc__jpath_key(p, path, "unit");
        return rc__jfail(c, p, "'%s' for a %s measure (expected \"%s\")", r->unit,
                         type_names[r->type], want);
    }
    return RC_OK;
}

static rc_status parse_rule(const rc__jctx *c, const rc_model *m, const cJSON *o,
                            const char *path, rc_model_comp *r)
{
    char p[RC__PATH_CAP], angle[RC_NAME_CAP] = "";
    rc_status s = rc__jexpect_object(c, o, path);
    if (!s)
        s = rc__jcheck_keys(c, o, path, comp_keys);
    if (!s)
        s = rc__jget_string(c, o, path, "name", true, r->name, sizeof r->name);
    if (s)
        return s;
    rc__jpath_key(p, path, "name");
    if (!rc__valid_name(r->name))
        return rc__jfail(c, p, "'%s' is not a valid name (1-31 characters of a-z, 0-9 and _)",
                         r->name);
    s = rc__jget_string(c, o, path, "label", true, r->label, sizeof r->label);
    if (!s)
        s = rc__jget_string(c, o, path, "angle", false, angle, sizeof angle);
    if (s)
        return s;
    r->angle = angle[0] ? rc_model_angle_index(m, angle) : -1;
    rc__jpath_key(p, path, "angle");
    if (angle[0] && r->angle < 0)
        return rc__jfail(c, p, "unknown angle '%s'", angle);
    s = parse_measure(c, m, o, path, r);
    if (!s)
        s = parse_limit(c, o, path, r);
    if (!s)
        s = rc__jget_string(c, o, path, "source", true, r->source, sizeof r->source);
    if (!s)
        s = rc__jget_string(c, o, path, "meaning", true, r->meaning, sizeof r->meaning);
    if (!s)
        s = rc__jget_string(c, o, path, "cue", true, r->cue, sizeof r->cue);
    return s;
}

/* An optional marker (model_fields.c) may be read by compensation rules only: an
 * angle or a facing rule naming one is refused, with the angle's path. */
static rc_status check_optional(const rc__jctx *c, const rc_model *m)
{
    static const int used[] = {3, 2, 2, 4, 2}; /* by rc_angle_type */
    for (int i = 0; i < m->n_angles; i++) {
        const rc_model_angle *a = &m->angle[i];
        int n = (unsigned)a->type < 5 ? used[a->type] : 0;
        for (int k = 0; k < n; k++) {
            int j = a->marker[k];
            if (j < 0 || j >= m->n_markers || !m->marker[j].optional)
                continue;
            char p[RC__PATH_CAP], pk[RC__PATH_CAP];
            rc__jpath_index(p, "angles", i);
            rc__jpath_key(pk, p, "markers");
            rc__jpath_index(p, pk, k);
            return rc__jfail(c, p,
                             "marker '%s' is optional (for compensation rules only): an angle "
                             "cannot depend on it",
                             m->marker[j].name);
        }
    }
    const rc_model_facing *f = &m->facing;
    for (int k = 0; f->has_left_right && k < 2; k++) {
        int j = f->left_right[k];
        if (j >= 0 && j < m->n_markers && m->marker[j].optional)
            return rc__jfail(c, k ? "facing.left_right[1]" : "facing.left_right[0]",
                             "marker '%s' is optional: the side cannot depend on it",
                             m->marker[j].name);
    }
    return RC_OK;
}

rc_status rc__parse_compensations(const rc__jctx *c, const cJSON *root, rc_model *m)
{
    rc_status so = check_optional(c, m);
    if (so)
        return so;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "compensations");
    m->n_comps = 0;
    if (!arr)
        return RC_OK;
    if (!cJSON_IsArray(arr))
        return rc__jfail(c, "compensations", "expected an array, got %s", rc__jtype(arr));
    int n = cJSON_GetArraySize(arr);
    if (n > RC_MAX_COMP)
        return rc__jfail(c, "compensations", "%d rules: at most %d", n, RC_MAX_COMP);
    int i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        char p[RC__PATH_CAP];
        rc__jpath_index(p, "compensations", i);
        rc_status s = parse_rule(c, m, it, p, &m->comp[i]);
        if (s)
            return s;
        for (int j = 0; j < i; j++)
            if (!strcmp(m->comp[j].name, m->comp[i].name)) {
                char pn[RC__PATH_CAP];
                rc__jpath_key(pn, p, "name");
                return rc__jfail(c, pn, "duplicate rule name '%s' (also compensations[%d])",
                                 m->comp[i].name, j);
            }
    }
    m->n_comps = n;
    return RC_OK;
}
