/* summary_distance.c - summary.json's fields for a distance measure (issue 16: the
 * modified Schober test, ../shared/CLINICAL.md): the entry of a distance in "angles"
 * carries the same fields as an angle's, in centimetres, and says so; with them its
 * definition, where the cm scale came from, and the increase from the start pose to
 * the largest distance (the clinic's Schober figure: the distance in flexion minus the
 * marks' spacing standing).
 */
#include <math.h>

#include "results/results_internal.h"

/* First and largest usable value of measure a (measured or interpolated frames). */
static void start_and_largest(const rc_angles *o, int a, double *start, double *largest,
                              double *t_largest)
{
    *start = *largest = *t_largest = NAN;
    for (int64_t i = 0; i < o->n; i++) {
        size_t at = (size_t)(i * o->n_angles + a);
        double v = o->deg[at];
        if (isnan(v) || (o->q && !rc_angle_state_usable((rc_track_state)o->q[at])))
            continue;
        if (isnan(*start))
            *start = v;
        if (isnan(*largest) || v > *largest) {
            *largest = v;
            *t_largest = o->t_s[i];
        }
    }
}

static void num_or_null(cJSON *o, const char *k, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

void rc__summary_distance(cJSON *angles, const rc_model *m, const rc_angles *o,
                          const rc_run_info *info)
{
    for (int a = 0; a < m->n_angles && a < o->n_angles; a++) {
        const rc_model_angle *d = &m->angle[a];
        cJSON *j = cJSON_GetArrayItem(angles, a);
        if (d->type != RC_ANGLE_DISTANCE || !j)
            continue;
        char def[RC_TEXT_CAP + 64];
        rc_model_distance_definition(m, d, def, sizeof def);
        cJSON_AddStringToObject(j, "measure", "distance");
        cJSON_AddStringToObject(j, "unit", "cm");
        cJSON_AddStringToObject(j, "unit_note",
                                "a distance, not an angle: every field of this entry named "
                                "_deg holds centimetres, and _deg_s centimetres per second");
        cJSON_AddStringToObject(j, "definition", def);
        cJSON_AddStringToObject(j, "scale", info->distance_scale);
        double start, largest, t_largest;
        start_and_largest(o, a, &start, &largest, &t_largest);
        cJSON *s = cJSON_AddObjectToObject(j, "schober");
        cJSON_AddStringToObject(s, "definition",
                                "increase_cm: the largest distance (largest_cm, at "
                                "largest_t_s) minus the distance at the start (start_cm, the "
                                "first frame both marks were seen, standing); single "
                                "unfiltered frames");
        num_or_null(s, "start_cm", start);
        num_or_null(s, "largest_cm", largest);
        num_or_null(s, "largest_t_s", t_largest);
        num_or_null(s, "increase_cm", largest - start);
    }
}
