/* model_describe.c - a model as `romcap models` prints it (model.h,
 * rc_model_describe): markers, angles with their normal ranges and where those were
 * measured, and each error figure with its design and source. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "romcap/model.h"

static const char *type_name(rc_angle_type t)
{
    switch (t) {
    case RC_ANGLE_THREE_POINT: return "three-point";
    case RC_ANGLE_SEGMENT_VERTICAL: return "segment vs vertical";
    case RC_ANGLE_SEGMENT_HORIZONTAL: return "segment vs horizontal";
    case RC_ANGLE_SEGMENT_SEGMENT: return "segment vs segment";
    case RC_ANGLE_DISTANCE: return "distance between two marks";
    }
    return "?";
}

void rc_model_describe(FILE *out, const rc_model *m, bool full)
{
    fprintf(out, "%-24s %s  [%s view, %s]\n", m->name, m->title, rc_view_name(m->view),
            rc_model_is_midline(m)     ? "midline: no side"
            : !strcmp(m->side, "left") ? "left side"
                                       : "right side");
    if (m->position[0])
        fprintf(out, "  position: %s\n", m->position);
    fprintf(out, "  markers:");
    for (int k = 0; k < m->n_markers; k++)
        fprintf(out, " %s%s%s", m->marker[k].name, m->marker[k].optional ? " (optional)" : "",
                k + 1 < m->n_markers ? "," : "\n");
    for (int a = 0; a < m->n_angles; a++) {
        const rc_model_angle *d = &m->angle[a];
        const char *u = rc_model_angle_unit(d);
        char norm[64];
        rc_model_norm_text(d, norm, sizeof norm); /* "normal 0..135 deg", "no published norm" */
        fprintf(out, "  %s %-22s %s, %s (%s)\n", d->type == RC_ANGLE_DISTANCE ? "measure" : "angle",
                d->name, type_name(d->type), norm, d->normal_source);
        if (rc_model_norm_legacy(d))
            fprintf(out, "        warning: a 0..0 normal band is the old way to say there is no "
                         "norm: write \"normal\": {\"none\": \"why\"} (models/README.md)\n");
        if (d->type == RC_ANGLE_DISTANCE)
            rc_model_describe_distance(out, m, d);
        if (d->normal_position[0])
            fprintf(out, "        normal range measured: %s%s\n", d->normal_position,
                    m->position[0] && strcmp(m->position, d->normal_position)
                        ? " - another position than this test's: read the band as a guide"
                        : "");
        for (int k = 0; k < d->n_mdc; k++) {
            const rc_model_mdc *f = &d->mdc[k];
            fprintf(out, "        error (%s, %s session%s, %s rater, %s): MDC95 %.1f %s",
                    rc_mdc_measure_name(f->measure),
                    f->session == RC_MDC_WITHIN_SESSION     ? "within"
                    : f->session == RC_MDC_BETWEEN_SESSIONS ? "between"
                                                            : "unstated",
                    f->session == RC_MDC_BETWEEN_SESSIONS ? "s" : "", rc_mdc_rater_name(f->rater),
                    f->method, f->mdc95_deg, u);
            if (isfinite(f->sem_deg))
                fprintf(out, ", SEM %.1f %s%s", f->sem_deg, u,
                        f->mdc95_from_sem ? " (MDC95 = 1.96 x sqrt2 x SEM)" : "");
            fprintf(out, "\n          source: %s%s%s\n", f->source, f->note[0] ? "; " : "",
                    f->note);
        }
        if (!d->n_mdc)
            fprintf(out, "        error: no published figure held for this angle\n");
    }
    if (full)
        fprintf(out, "\n%s\n", m->description);
}
