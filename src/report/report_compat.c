/* report_compat.c - may two analysed sessions be compared, and with what warning?
 *
 * A pre/post difference means something only when both sessions measured the same
 * thing the same way. The test is the same when every angle is defined alike: same
 * name, kind, reference, markers (by name), sign, offset and wrap centre. Sticker
 * colours may differ (a model whose colours were learnt for this clinic's camera is
 * the same test). That is never overridden. A different side or facing (mirror flag),
 * angle plane (calibrated or not) or camera view changes what the numbers mean: it is
 * refused with one line, unless the user insists (--force), when it becomes a warning
 * printed in the report. */
#include <stdio.h>
#include <string.h>

#include "report_internal.h"

static int markers_used(rc_angle_type t)
{
    return t == RC_ANGLE_THREE_POINT ? 3 : t == RC_ANGLE_SEGMENT_SEGMENT ? 4 : 2;
}

/* "" when angle `a` of `ma` is defined like the same-named angle of `mb`, else why. */
static void angle_difference(const rc_model *ma, const rc_model_angle *a, const rc_model *mb,
                             char *why, size_t cap)
{
    why[0] = '\0';
    int j = rc_model_angle_index(mb, a->name);
    if (j < 0) {
        snprintf(why, cap, "angle '%s' is missing", a->name);
        return;
    }
    const rc_model_angle *b = &mb->angle[j];
    if (a->type != b->type || a->ref != b->ref)
        snprintf(why, cap, "angle '%s' is measured differently (kind or reference)", a->name);
    else if (a->sign != b->sign || a->offset_deg != b->offset_deg ||
             a->wrap_center_deg != b->wrap_center_deg)
        snprintf(why, cap, "angle '%s' has a different sign, offset or wrap centre", a->name);
    for (int k = 0; !why[0] && k < markers_used(a->type); k++)
        if (strcmp(ma->marker[a->marker[k]].name, mb->marker[b->marker[k]].name) != 0)
            snprintf(why, cap, "angle '%s' uses marker '%s' where the other uses '%s'", a->name,
                     ma->marker[a->marker[k]].name, mb->marker[b->marker[k]].name);
}

rc_status rc__comparable(const rc__identity *pre, const rc__identity *post, int force,
                         char *warning, size_t cap, rc_err *err)
{
    if (cap)
        warning[0] = '\0';
    const rc_model *a = pre->model, *b = post->model;
    char why[300] = "";
    if (a->n_angles != b->n_angles)
        snprintf(why, sizeof why, "%d angles against %d", a->n_angles, b->n_angles);
    for (int i = 0; !why[0] && i < a->n_angles; i++)
        angle_difference(a, &a->angle[i], b, why, sizeof why);
    if (why[0])
        return rc_err_set(err, RC_E_ARG,
                          "%s (%s) and %s (%s) are not the same test: %s; compare sessions of "
                          "the same test",
                          pre->dir, a->name, post->dir, b->name, why);
    if (a->view != b->view)
        snprintf(why, sizeof why, "a %s view against a %s view", rc_view_name(a->view),
                 rc_view_name(b->view));
    else if (pre->mirrored != post->mirrored)
        snprintf(why, sizeof why, "one was measured mirrored (other side or facing) and the "
                                  "other not");
    else if (pre->calibrated != post->calibrated)
        snprintf(why, sizeof why, "angles in a calibrated plane against image angles");
    if (!why[0])
        return RC_OK;
    if (!force)
        return rc_err_set(err, RC_E_ARG, "%s and %s are not comparable: %s (--force compares "
                                         "them anyway, with a warning in the report)",
                          pre->dir, post->dir, why);
    snprintf(warning, cap, "Compared although not alike: %s.", why);
    return RC_OK;
}
