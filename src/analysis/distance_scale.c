/* distance_scale.c - the centimetre scale of a model's distance measures (issue 16,
 * the modified Schober test; kinematics.h rc_kin_distance_*), wired into the
 * pipeline: a calibration with a plane maps positions into millimetres, so its scale
 * is known from the start; otherwise the marks' known spacing at the start (the
 * model's scale_cm) is read on the first frame where both marks are measured. A
 * model whose distances can have neither is refused when its pipeline is built.
 */
#include <math.h>
#include <stdio.h>

#include "analysis/analysis_internal.h"
#include "romcap/calib.h"

rc_status rc__distance_init(const rc_model *m, const rc_calib *calib, rc_kin_options *kin,
                            rc_err *err)
{
    kin->cm_per_unit = 0;
    kin->cm_from = RC_KIN_CM_NONE;
    if (!rc_kin_has_distance(m))
        return RC_OK;
    if (calib && (calib->parts & RC_CALIB_PLANE)) {
        kin->cm_per_unit = 0.1; /* plane millimetres */
        kin->cm_from = RC_KIN_CM_CALIB;
    } else if (calib && (calib->parts & RC_CALIB_SCALE) && calib->mm_per_px > 0) {
        kin->cm_per_unit = 0.1 * calib->mm_per_px; /* undistorted pixels */
        kin->cm_from = RC_KIN_CM_CALIB;
    }
    return rc_kin_distance_ready(m, kin->cm_per_unit > 0, err);
}

void rc__distance_frame(const rc_pipeline *p, const rc_model *m, const rc_marker_state *mk,
                        rc_kin_options *kin)
{
    if (kin->cm_per_unit > 0 || !rc_kin_has_distance(m))
        return;
    rc_vec2 pos[RC_MAX_MARKERS];
    bool valid[RC_MAX_MARKERS];
    rc_pipeline_plane_positions(p, mk, pos, valid);
    /* Only positions seen in this frame: a predicted one would set the scale once and
     * for all from a guess. */
    for (int i = 0; i < m->n_markers; i++)
        valid[i] = valid[i] && rc_track_state_measured(mk[i].state);
    rc_kin_distance_scale(m, pos, valid, kin);
}

void rc__distance_note(const rc_pipeline *p, const rc_model *m, rc_run_info *info)
{
    info->distance_scale[0] = '\0';
    if (!rc_kin_has_distance(m))
        return;
    const rc_kin_options *k = rc_pipeline_kin(p);
    double spacing = 0;
    for (int a = 0; a < m->n_angles && !(spacing > 0); a++)
        if (m->angle[a].type == RC_ANGLE_DISTANCE)
            spacing = m->angle[a].scale_cm;
    if (k->cm_from == RC_KIN_CM_CALIB)
        snprintf(info->distance_scale, sizeof info->distance_scale,
                 "the calibration's movement plane (%s)", info->calib ? info->calib : "given");
    else if (k->cm_from == RC_KIN_CM_SPACING)
        snprintf(info->distance_scale, sizeof info->distance_scale,
                 "the marks' known spacing: %g cm at the start (the model), read on the first "
                 "frame where both were seen: %.2f %s per cm",
                 spacing, 1.0 / k->cm_per_unit, info->unit ? info->unit : "px");
    else
        snprintf(info->distance_scale, sizeof info->distance_scale,
                 "none: both marks were never seen together, so no distance was measured");
}
