/* model_facing.c - the optional "facing" object of a model file: which data tell a
 * mirrored set-up (the other side, or the subject facing the other way) from the
 * reference one. The rules are read here; facing.c in kinematics applies them.
 */
#include <string.h>

#include "model/model_internal.h"

static const char *const facing_keys[] = {"movement", "left_right", "from", NULL};

static rc_status parse_left_right(const rc__jctx *c, const cJSON *obj, rc_model *m)
{
    const cJSON *lr = cJSON_GetObjectItemCaseSensitive(obj, "left_right");
    if (!lr)
        return RC_OK;
    const char *p = "facing.left_right";
    if (!cJSON_IsArray(lr) || cJSON_GetArraySize(lr) != 2)
        return rc__jfail(c, p,
                         "expected a pair of marker names, the one on the image left first "
                         "(e.g. [\"right_asis\", \"left_asis\"])");
    for (int k = 0; k < 2; k++) {
        char pk[RC__PATH_CAP];
        rc__jpath_index(pk, p, k);
        rc_status s = rc__marker_ref(c, m, cJSON_GetArrayItem(lr, k), pk, &m->facing.left_right[k]);
        if (s)
            return s;
    }
    if (m->facing.left_right[0] == m->facing.left_right[1])
        return rc__jfail(c, p, "both are marker '%s'", m->marker[m->facing.left_right[0]].name);
    m->facing.has_left_right = true;
    return RC_OK;
}

static rc_status parse_from(const rc__jctx *c, const cJSON *obj, rc_model *m)
{
    char from[16] = "";
    rc_status s = rc__jget_string(c, obj, "facing", "from", false, from, sizeof from);
    if (s)
        return s;
    if (m->view == RC_VIEW_SAGITTAL) {
        if (from[0])
            return rc__jfail(c, "facing.from",
                             "a sagittal model is always filmed from the model's side: "
                             "leave 'from' out");
        m->facing.from = RC_FROM_UNSET;
        return RC_OK;
    }
    if (!from[0])
        return rc__jfail(c, "facing.from",
                         "missing required field for a frontal model (front, behind or either: "
                         "where the reference set-up films the subject from)");
    if (!strcmp(from, "front"))
        m->facing.from = RC_FROM_FRONT;
    else if (!strcmp(from, "behind"))
        m->facing.from = RC_FROM_BEHIND;
    else if (!strcmp(from, "either"))
        m->facing.from = RC_FROM_EITHER;
    else
        return rc__jfail(c, "facing.from", "unknown '%s' (expected front, behind or either)", from);
    return RC_OK;
}

rc_status rc__parse_facing(const rc__jctx *c, const cJSON *root, rc_model *m)
{
    memset(&m->facing, 0, sizeof m->facing);
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, "facing");
    if (!f)
        return RC_OK;
    rc_status s = rc__jexpect_object(c, f, "facing");
    if (!s)
        s = rc__jcheck_keys(c, f, "facing", facing_keys);
    if (s)
        return s;
    const cJSON *mv = cJSON_GetObjectItemCaseSensitive(f, "movement");
    if (mv) {
        if (!cJSON_IsString(mv) || !mv->valuestring)
            return rc__jfail(c, "facing.movement", "expected an angle name, got %s", rc__jtype(mv));
        m->facing.movement_angle = rc_model_angle_index(m, mv->valuestring);
        if (m->facing.movement_angle < 0)
            return rc__jfail(c, "facing.movement", "unknown angle '%.40s'", mv->valuestring);
        m->facing.has_movement = true;
    }
    s = parse_left_right(c, f, m);
    if (!s)
        s = parse_from(c, f, m);
    if (s)
        return s;
    if (!m->facing.has_movement && !m->facing.has_left_right)
        return rc__jfail(c, "facing",
                         "no rule: give 'movement' (an angle), 'left_right' "
                         "(two markers) or both");
    return RC_OK;
}

const char *rc_model_from_name(rc_model_from f)
{
    switch (f) {
    case RC_FROM_FRONT: return "front";
    case RC_FROM_BEHIND: return "behind";
    case RC_FROM_EITHER: return "either";
    case RC_FROM_UNSET: break;
    }
    return "";
}
