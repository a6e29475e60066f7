/* report_units.c - the normal band of the pre/post report (issue 16): the band with its
 * source and where it was measured, or "no published norm" and why; the key of the
 * band only when some measure of the model has one. Units come from rc_model_unit
 * (model.h): degrees for angles, centimetres for a distance.
 */
#include "report_internal.h"

#include <string.h>

void rc__report_norm_key(FILE *f, const rc_model *m)
{
    bool any = false;
    for (int a = 0; a < m->n_angles; a++)
        any |= rc_model_has_norm(&m->angle[a]);
    if (any)
        fputs("<span style=\"background:#d8f0d8;height:10px\"></span>normal range", f);
    fputs("</p>\n", f);
}

void rc__report_norm_html(FILE *f, const rc_model *m, const rc_model_angle *d)
{
    if (!rc_model_has_norm(d)) {
        fputs("<p class=\"note\">No published norm: no normal band is drawn", f);
        if (d->normal_source[0]) {
            fputs(" (", f);
            rc__html_escape(f, d->normal_source);
            fputs(")", f);
        }
        fputs(".</p>\n", f);
        return;
    }
    fprintf(f, "<p class=\"note\">Normal range %.0f to %.0f %s", d->normal_min_deg,
            d->normal_max_deg, rc_model_unit(d, RC_UNIT_WORD));
    if (d->normal_source[0]) {
        fputs(" (", f);
        rc__html_escape(f, d->normal_source);
        fputs(")", f);
    }
    if (d->normal_position[0] && m->position[0] && strcmp(d->normal_position, m->position)) {
        fputs("; measured ", f);
        rc__html_escape(f, d->normal_position);
        fputs(", while this test is filmed ", f);
        rc__html_escape(f, m->position);
        fputs(": the band is from another position", f);
    } else if (d->normal_position[0]) {
        fputs("; measured ", f);
        rc__html_escape(f, d->normal_position);
    }
    fputs(".</p>\n", f);
}
