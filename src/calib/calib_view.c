/* calib_view.c - the optional undistorted display: whole frames through the lens
 * model (OpenCV remap behind the bridge). Display only; never used to measure. */
#include <stdlib.h>

#include "cv/cv_remap.h"
#include "romcap/calib.h"

struct rc_calib_view {
    rc_cv_remap *remap;
};

rc_calib_view *rc_calib_view_create(const rc_calib *c, int width, int height, rc_err *err)
{
    if (!c || !(c->parts & RC_CALIB_LENS)) {
        rc_err_set(err, RC_E_ARG, "undistorted view: the calibration has no lens part");
        return NULL;
    }
    if (c->image_width != width || c->image_height != height) {
        rc_err_set(err, RC_E_ARG, "undistorted view: calibrated for %dx%d frames, these are %dx%d",
                   c->image_width, c->image_height, width, height);
        return NULL;
    }
    rc_calib_view *v = calloc(1, sizeof *v);
    if (!v) {
        rc_err_set(err, RC_E_NOMEM, "out of memory");
        return NULL;
    }
    v->remap = rc_cv_remap_create(c->camera_matrix, c->dist, width, height, err);
    if (!v->remap) {
        free(v);
        return NULL;
    }
    return v;
}

void rc_calib_view_destroy(rc_calib_view *v)
{
    if (!v)
        return;
    rc_cv_remap_destroy(v->remap);
    free(v);
}

rc_status rc_calib_view_undistort(rc_calib_view *v, const rc_image *src, rc_image *dst)
{
    return rc_cv_remap_i420(v->remap, src, dst);
}
