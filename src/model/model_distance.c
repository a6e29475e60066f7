/* model_distance.c - a distance measure's own fields in a model file (issue 16, the
 * modified Schober test): the marks' known spacing at the start, and the angle
 * fields a distance does not have.
 *
 *   "type": "distance", "markers": [a, b],
 *   "scale": {"start_cm": 15}   optional: the marks' distance in the start pose, as
 *                               measured with a tape when they were applied
 *
 * A distance has no direction, so "sign", "offset" and "wrap_center" are refused
 * rather than silently ignored; "scale" belongs to distances only.
 */
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"

static const char *const scale_keys[] = {"start_cm", NULL};

const char *rc_model_angle_unit(const rc_model_angle *a)
{
    return a && a->type == RC_ANGLE_DISTANCE ? "cm" : "deg";
}

rc_status rc__parse_distance(const rc__jctx *c, const cJSON *obj, const char *path,
                             rc_model_angle *a)
{
    char p[RC__PATH_CAP];
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(obj, "scale");
    a->scale_cm = 0;
    if (a->type != RC_ANGLE_DISTANCE) {
        rc__jpath_key(p, path, "scale");
        return sc ? rc__jfail(c, p, "only a distance measure has a scale") : RC_OK;
    }
    static const char *const refused[] = {"sign", "offset", "wrap_center"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (cJSON_GetObjectItemCaseSensitive(obj, refused[i])) {
            rc__jpath_key(p, path, refused[i]);
            return rc__jfail(c, p, "a distance measure has no %s (it is |b - a| in cm)",
                             refused[i]);
        }
    a->sign = 1;
    if (!sc)
        return RC_OK;
    rc__jpath_key(p, path, "scale");
    rc_status s = rc__jexpect_object(c, sc, p);
    if (!s)
        s = rc__jcheck_keys(c, sc, p, scale_keys);
    if (!s)
        s = rc__jget_number(c, sc, p, "start_cm", true, 0.5, 500, &a->scale_cm);
    return s;
}

void rc_model_distance_definition(const rc_model *m, const rc_model_angle *a, char *buf,
                                  size_t cap)
{
    const char *ma = a->marker[0] >= 0 ? m->marker[a->marker[0]].name : "?";
    const char *mb = a->marker[1] >= 0 ? m->marker[a->marker[1]].name : "?";
    snprintf(buf, cap,
             "the straight-line distance between the marks %s and %s in the movement plane, "
             "cm; a tape laid on the skin follows the back's curve and reads slightly more "
             "(our estimate: 2%%, about 0.4 cm at 21 cm over a 40 deg curve)",
             ma, mb);
}

void rc_model_describe_distance(FILE *out, const rc_model *m, const rc_model_angle *a)
{
    char def[RC_TEXT_CAP + 64];
    rc_model_distance_definition(m, a, def, sizeof def);
    fprintf(out, "        definition: %s\n", def);
    if (a->scale_cm > 0)
        fprintf(out,
                "        scale: the marks are %g cm apart at the start (a calibration with a "
                "plane is used instead when given)\n",
                a->scale_cm);
    else
        fprintf(out, "        scale: needs a calibration with a plane (--calib FILE)\n");
}
