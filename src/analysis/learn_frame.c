/* learn_frame.c - what `romcap learn` checks and reads before rc_learn_model_colors
 * (see analysis.h): the points given for markers, and the frame to learn from. */
#include <string.h>

#include "romcap/analysis.h"

rc_status rc_learn_points_check(const rc_model *m, const rc_learn_point *at, int n_at, rc_err *err)
{
    for (int k = 0; k < n_at; k++) {
        int found = 0;
        for (int i = 0; i < m->n_markers; i++)
            found |= !strcmp(m->marker[i].name, at[k].name);
        if (!found)
            return rc_err_set(err, RC_E_ARG, "--at %s: model %s has no marker '%s'", at[k].name,
                              m->name, at[k].name);
    }
    return RC_OK;
}

rc_status rc_learn_seek_frame(rc_source *src, const char *input, int64_t frame, rc_frame *f,
                              rc_err *err)
{
    for (;;) {
        rc_status st = rc_source_read(src, f);
        if (st == RC_E_EOF)
            return rc_err_set(err, RC_E_ARG, "%s: has no frame %lld", input, (long long)frame);
        if (st == RC_OK && f->index >= frame)
            return RC_OK;
        if (st != RC_OK && st != RC_E_DECODE)
            return rc_err_set(err, st, "%s", rc_source_last_error(src));
    }
}
