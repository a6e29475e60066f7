/* kinematics.c - joint angles from marker positions (see kinematics.h, model.h).
 *
 * Every definition reduces to one formula: value = offset + sign * theta(r -> m),
 * theta being the signed on-screen angle between a reference direction r and a
 * moving direction m, wrapped around the definition's wrap centre. The types only
 * differ in how r and m are built. Angles come from atan2(cross, dot), which stays
 * accurate near 0 and 180 deg where acos(dot / |r||m|) loses half its digits.
 */
#include "romcap/kinematics.h"

#include <math.h>

#define RAD2DEG (180.0 / 3.14159265358979323846)

static bool finite2(rc_vec2 v)
{
    return isfinite(v.x) && isfinite(v.y);
}

/* A direction is usable when finite and not (numerically) zero. */
static bool usable(rc_vec2 v)
{
    return finite2(v) && (v.x != 0.0 || v.y != 0.0);
}

static rc_vec2 sub(rc_vec2 a, rc_vec2 b)
{
    return (rc_vec2){a.x - b.x, a.y - b.y};
}

double rc_angle_signed_deg(rc_vec2 r, rc_vec2 m)
{
    if (!usable(r) || !usable(m))
        return NAN;
    /* Screen y points down, so the screen's counter-clockwise sense is the
     * mathematical clockwise one: negate the cross product. */
    double cross = r.x * m.y - r.y * m.x;
    double dot = r.x * m.x + r.y * m.y;
    double deg = atan2(-cross, dot) * RAD2DEG;
    /* atan2 gives [-180, 180]; the contract is (-180, 180]. */
    return deg <= -180.0 ? deg + 360.0 : deg;
}

double rc_angle_interior_deg(rc_vec2 a, rc_vec2 b, rc_vec2 c)
{
    rc_vec2 u = sub(a, b), v = sub(c, b);
    if (!usable(u) || !usable(v))
        return NAN;
    double cross = u.x * v.y - u.y * v.x;
    double dot = u.x * v.x + u.y * v.y;
    return atan2(fabs(cross), dot) * RAD2DEG;
}

rc_kin_options rc_kin_options_default(void)
{
    return (rc_kin_options){.down = {0.0, 1.0}, .mirror = false};
}

/* Wraps v into (center - 180, center + 180]. */
static double wrap_around(double v, double center)
{
    double d = fmod(v - center, 360.0); /* (-360, 360) */
    if (d <= -180.0)
        d += 360.0;
    else if (d > 180.0)
        d -= 360.0;
    return center + d;
}

/* Builds the reference direction r and the moving direction m of definition `a`.
 * False when a marker index is out of range or a needed marker is not valid. */
static bool directions(const rc_model *mdl, const rc_model_angle *a, const rc_vec2 *pos,
                       const bool *valid, rc_vec2 down, rc_vec2 *r, rc_vec2 *m)
{
    int need = a->type == RC_ANGLE_THREE_POINT ? 3 : a->type == RC_ANGLE_SEGMENT_SEGMENT ? 4 : 2;
    rc_vec2 p[4];
    for (int i = 0; i < need; i++) {
        int k = a->marker[i];
        if (k < 0 || k >= mdl->n_markers || (valid && !valid[k]))
            return false;
        p[i] = pos[k];
    }
    /* Screen right is `down` turned a quarter turn clockwise as seen on screen
     * (in y-down coordinates: (x, y) -> (y, -x)), so (0, 1) gives (1, 0). */
    rc_vec2 right = {down.y, -down.x};
    switch (a->type) {
    case RC_ANGLE_THREE_POINT:
        *r = a->ref == RC_REF_CLOSED ? sub(p[0], p[1]) : sub(p[1], p[0]);
        *m = sub(p[2], p[1]);
        return true;
    case RC_ANGLE_SEGMENT_VERTICAL:
        *r = a->ref == RC_REF_UP ? (rc_vec2){-down.x, -down.y} : down;
        *m = sub(p[1], p[0]);
        return true;
    case RC_ANGLE_SEGMENT_HORIZONTAL:
        *r = a->ref == RC_REF_LEFT ? (rc_vec2){-right.x, -right.y} : right;
        *m = sub(p[1], p[0]);
        return true;
    case RC_ANGLE_SEGMENT_SEGMENT:
        *r = sub(p[1], p[0]);
        *m = sub(p[3], p[2]);
        return true;
    case RC_ANGLE_DISTANCE: return false; /* not an angle: rc_kin_distance_cm */
    }
    return false;
}

double rc_kin_angle_deg(const rc_model *m, int angle_index, const rc_vec2 *pos, const bool *valid,
                        const rc_kin_options *o)
{
    if (!m || !pos || angle_index < 0 || angle_index >= m->n_angles)
        return NAN;
    rc_kin_options def = rc_kin_options_default();
    if (!o)
        o = &def;
    const rc_model_angle *a = &m->angle[angle_index];
    if (a->type == RC_ANGLE_DISTANCE)
        return rc_kin_distance_cm(m, a, pos, valid, o);
    rc_vec2 r, mv;
    if (!directions(m, a, pos, valid, o->down, &r, &mv))
        return NAN;
    /* The mirror image of screen right is screen left (up and down stay): a
     * horizontal reference turns round with the picture, then the sign flips. */
    if (o->mirror && a->type == RC_ANGLE_SEGMENT_HORIZONTAL)
        r = (rc_vec2){-r.x, -r.y};
    double theta = rc_angle_signed_deg(r, mv); /* NAN for a degenerate segment */
    if (isnan(theta))
        return NAN;
    double sign = (a->sign < 0 ? -1.0 : 1.0) * (o->mirror ? -1.0 : 1.0);
    return wrap_around(a->offset_deg + sign * theta, a->wrap_center_deg);
}

void rc_kin_compute(const rc_model *m, const rc_vec2 *pos, const bool *valid,
                    const rc_kin_options *o, double *out_deg)
{
    if (!m || !out_deg)
        return;
    for (int i = 0; i < m->n_angles; i++)
        out_deg[i] = rc_kin_angle_deg(m, i, pos, valid, o);
}
