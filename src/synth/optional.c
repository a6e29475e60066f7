/* optional.c - the optional stickers a scene wears with optional=1 (issue 16): the
 * stickers a model marks "optional" for its compensation rules (models/README.md), so
 * each such rule is tested with the sticker there and with it left off.
 *
 * A sticker sits on one of the scene's joints, or on a point a fraction of the way
 * from one joint to another (a point of the same rigid body: it moves with both, so a
 * line through it turns exactly as the body does). Such points are extra joints after
 * the scene's own, filled after the pose and its compensations, so the scene's own
 * joints, and every frame rendered without optional=1, are unchanged.
 */
#include <stdio.h>
#include <string.h>

#include "synth/synth_internal.h"

typedef struct syn_optional {
    const char *scene, *name;
    int a, b;   /* the sticker lies on joint a + t (joint b - joint a) */
    double t;
    uint8_t rgb[3];
} syn_optional;

static const syn_optional stickers[] = {
    /* shoulder abduction (facing the camera): the left acromion, joint 8, so the line
     * through both acromions (shoulder_hike) can be read */
    {"shoulder_abduction", "acromion_l", 8, 8, 0, {30, 80, 200}},
    /* shoulder rotation at 90/90 (supine, filmed along the arm): the trunk line, from
     * the lateral chest wall 150 mm caudal of the acromion (0.3 of the way from the
     * shoulder, joint 3, to the greater trochanter, joint 4, 500 mm) to the trochanter */
    {"shoulder_rotation_90", "chest", 3, 4, 0.3, {235, 200, 30}},
    {"shoulder_rotation_90", "hip", 4, 4, 0, {30, 170, 70}},
};
enum { N_STICKERS = sizeof stickers / sizeof stickers[0] };

rc_status rc__synth_optional_scene(const syn_scene *sc, int mocap, syn_scene *own, rc_err *err)
{
    *own = *sc;
    int n = 0;
    for (int i = 0; i < N_STICKERS && !mocap; i++) {
        const syn_optional *o = &stickers[i];
        if (strcmp(o->scene, sc->name))
            continue;
        if (own->n_markers >= SYN_MAX_SCENE_MARKERS || own->n_joints >= SYN_MAX_JOINTS)
            return rc_err_set(err, RC_E_ARG, "synthetic scene '%s': too many stickers", sc->name);
        own->marker[own->n_markers++] =
            (syn_marker_def){o->name, o->t == 0 ? o->a : own->n_joints++, {o->rgb[0], o->rgb[1], o->rgb[2]}};
        n++;
    }
    if (n > 0)
        return RC_OK;
    char list[160] = "";
    for (int i = 0; i < N_STICKERS; i++)
        if (!strstr(list, stickers[i].scene))
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? ", " : "",
                     stickers[i].scene);
    return rc_err_set(err, RC_E_ARG,
                      "synthetic scene '%s': no optional stickers in this scene (scenes with "
                      "them: %s)",
                      sc->name, list);
}

void rc__synth_optional_joints(const syn_scene *sc, double *x, double *y)
{
    int extra = 0;
    for (int i = 0; i < N_STICKERS; i++)
        extra += !strcmp(stickers[i].scene, sc->name) && stickers[i].t != 0;
    int j = sc->n_joints - extra;
    for (int i = 0; i < N_STICKERS; i++) {
        const syn_optional *o = &stickers[i];
        if (strcmp(o->scene, sc->name) || o->t == 0)
            continue;
        x[j] = x[o->a] + o->t * (x[o->b] - x[o->a]);
        y[j] = y[o->a] + o->t * (y[o->b] - y[o->a]);
        j++;
    }
}
