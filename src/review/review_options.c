/* review_options.c - what `romcap review` was asked, checked against the session it
 * opened (review.h rc_review_options_for): the plotted angle by name, the PNG folder. */
#include "romcap/files.h"
#include "romcap/review.h"

rc_status rc_review_options_for(const rc_review *r, const char *dir, const char *angle,
                                rc_review_options *opt, rc_err *err)
{
    const rc_model *m = rc_review_model(r);
    if (angle && (opt->angle = rc_model_angle_index(m, angle)) < 0)
        return rc_err_set(err, RC_E_ARG, "%s: the model '%s' has no angle '%s'", dir, m->name,
                          angle);
    if (!opt->png_dir) {
        opt->png_dir = dir;
        return RC_OK;
    }
    return rc_mkdir_private(opt->png_dir, err);
}
