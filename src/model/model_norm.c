/* model_norm.c - what a therapist reads beside a value (issue 16): a measure without a
 * published norm said as such, the unit of a measure in every form a display needs,
 * and a test with no side.
 *
 *   "normal": {"none": "why there is none (and where that was looked up)"}
 *       no published norm is held: no band is drawn and no "% of normal" shown; the
 *       text is kept in normal_source; "position" may still be given. "none" takes no
 *       "min", "max" or "source" (a band and "none" at once are refused).
 *   "side": "midline"
 *       the test measures on the body's midline (the Schober marks on the spine): there
 *       is no side to tell, so none is detected or warned about.
 *
 * The old way of saying "no norm", a 0..0 band with a source saying so, still loads
 * as a band (sessions recorded before keep their reports); `romcap models` warns.
 */
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"

rc_status rc__parse_normal_none(const rc__jctx *c, const cJSON *n, const char *path,
                                rc_model_angle *a)
{
    static const char *const band[] = {"min", "max", "source"};
    char p[RC__PATH_CAP];
    for (size_t i = 0; i < sizeof band / sizeof band[0]; i++)
        if (cJSON_GetObjectItemCaseSensitive(n, band[i])) {
            rc__jpath_key(p, path, band[i]);
            return rc__jfail(c, p, "\"none\" says there is no published norm: give no %s with it",
                             band[i]);
        }
    rc_status s =
        rc__jget_string(c, n, path, "none", true, a->normal_source, sizeof a->normal_source);
    if (!s)
        s = rc__jget_string(c, n, path, "position", false, a->normal_position,
                            sizeof a->normal_position);
    if (s)
        return s;
    a->normal_min_deg = a->normal_max_deg = 0; /* the wrap centre's default stays 0 */
    a->normal_none = true;
    return RC_OK;
}

rc_status rc__parse_side(const rc__jctx *c, const cJSON *root, rc_model *m)
{
    rc_status s = rc__jget_string(c, root, "", "side", true, m->side, sizeof m->side);
    if (s)
        return s;
    if (strcmp(m->side, "right") && strcmp(m->side, "left") && strcmp(m->side, "midline"))
        return rc__jfail(c, "side",
                         "unknown side '%s' (expected right, left, or midline for a test "
                         "with no side)",
                         m->side);
    return RC_OK;
}

bool rc_model_is_midline(const rc_model *m)
{
    return m && !strcmp(m->side, "midline");
}

bool rc_model_has_norm(const rc_model_angle *a)
{
    return a && !a->normal_none;
}

bool rc_model_norm_legacy(const rc_model_angle *a)
{
    return a && !a->normal_none && a->normal_min_deg == 0 && a->normal_max_deg == 0;
}

void rc_model_norm_text(const rc_model_angle *a, char *buf, size_t cap)
{
    if (!rc_model_has_norm(a))
        snprintf(buf, cap, "no published norm");
    else
        snprintf(buf, cap, "normal %g..%g %s", a->normal_min_deg, a->normal_max_deg,
                 rc_model_angle_unit(a));
}

const char *rc_model_unit(const rc_model_angle *a, rc_unit_form form)
{
    bool cm = a && a->type == RC_ANGLE_DISTANCE;
    switch (form) {
    case RC_UNIT_WORD: return cm ? "cm" : "deg";
    case RC_UNIT_SUFFIX: return cm ? " cm" : "\xC2\xB0";
    case RC_UNIT_HTML: return cm ? " cm" : "&deg;";
    case RC_UNIT_SPEED: return cm ? "cm/s" : "deg/s";
    case RC_UNIT_SPEED_SUFFIX: return cm ? " cm/s" : "\xC2\xB0/s";
    case RC_UNIT_AXIS: return cm ? "centimetres" : "degrees";
    }
    return cm ? "cm" : "deg";
}
