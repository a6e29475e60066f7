/* distance.c - distance measures (model.h RC_ANGLE_DISTANCE, issue 16): the modified
 * Schober test's two skin marks, their straight-line distance in centimetres.
 *
 * Positions arrive in plane millimetres (a calibration with a plane) or in pixels;
 * a distance in cm needs a scale either way, so the scale is an input
 * (rc_kin_options.cm_per_unit) and a measure without one has no value. The known
 * spacing of the marks at the start (the tape's 15 cm) gives the scale from the first
 * frame in which both marks are measured: the picture's distance then IS that spacing,
 * and the later distances are read in proportion to it.
 */
#include <math.h>

#include "romcap/kinematics.h"

double rc_kin_distance_cm(const rc_model *m, const rc_model_angle *a, const rc_vec2 *pos,
                          const bool *valid, const rc_kin_options *o)
{
    if (!m || !a || !pos || !o || !(o->cm_per_unit > 0))
        return NAN;
    int i = a->marker[0], j = a->marker[1];
    if (i < 0 || j < 0 || i >= m->n_markers || j >= m->n_markers ||
        (valid && (!valid[i] || !valid[j])))
        return NAN;
    double d = hypot(pos[j].x - pos[i].x, pos[j].y - pos[i].y);
    return isfinite(d) ? d * o->cm_per_unit : NAN;
}

bool rc_kin_has_distance(const rc_model *m)
{
    for (int a = 0; m && a < m->n_angles; a++)
        if (m->angle[a].type == RC_ANGLE_DISTANCE)
            return true;
    return false;
}

rc_status rc_kin_distance_ready(const rc_model *m, bool plane_scale, rc_err *err)
{
    for (int a = 0; !plane_scale && a < m->n_angles; a++) {
        const rc_model_angle *d = &m->angle[a];
        if (d->type == RC_ANGLE_DISTANCE && !(d->scale_cm > 0))
            return rc_err_set(err, RC_E_ARG,
                              "%s: measure '%s' is a distance in cm and needs a scale: give a "
                              "calibration with the movement plane (--calib FILE, made by "
                              "romcap calibrate --plane), or the marks' spacing at the start "
                              "in the model (\"scale\": {\"start_cm\": 15} for marks applied "
                              "15 cm apart)",
                              m->path[0] ? m->path : m->name, d->name);
    }
    return RC_OK;
}

bool rc_kin_distance_scale(const rc_model *m, const rc_vec2 *pos, const bool *valid,
                           rc_kin_options *o)
{
    if (!m || !pos || !o || o->cm_per_unit > 0)
        return false;
    for (int a = 0; a < m->n_angles; a++) {
        const rc_model_angle *d = &m->angle[a];
        if (d->type != RC_ANGLE_DISTANCE || !(d->scale_cm > 0))
            continue;
        rc_kin_options unit = *o;
        unit.cm_per_unit = 1.0;
        double px = rc_kin_distance_cm(m, d, pos, valid, &unit);
        if (isfinite(px) && px > 1e-6) {
            o->cm_per_unit = d->scale_cm / px;
            o->cm_from = RC_KIN_CM_SPACING;
            return true;
        }
    }
    return false;
}
