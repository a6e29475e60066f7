/* compensate.c - compensations performed by the synthetic subject (issue 16), so the
 * compensation rules are tested against exact truth, with and without them.
 *
 * Each compensation grows with the movement: at time t its size is the given maximum
 * times the movement's progress f = (angle - start) / (peak - start), clamped to
 * 0..1, so it is zero at rest and largest at the top of the fullest repetition. It
 * moves a group of the scene's joints rigidly (a rotation about a pivot joint, or a
 * shift along a body line) chosen so the test's clinical angle is unchanged: a trunk
 * leaning back carries the arm with it (shoulder flexion is measured against the
 * trunk), a thigh swinging forward carries the shank (knee flexion is hip-knee-ankle).
 * The compensation's own truth is then geometric: a line turns by exactly the angle
 * applied (plus the scene's sway), which tests read from the truth's marker positions.
 *
 * The table names the scenes each compensation exists in; an option for a scene
 * without it is refused when the scene is created.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/synth_internal.h"

#define PI 3.14159265358979323846

typedef struct comp_motion {
    const char *scene;
    int kind;         /* RC_SYNTH_COMP_* */
    int pivot;        /* rotations: the joint turned about; shifts: the line's start */
    int toward;       /* shifts: the line's end (the shift is along pivot -> toward) */
    int sense;        /* rotations: +1 counter-clockwise on screen, -1 clockwise */
    unsigned moved;   /* bit j: joint j moves */
} comp_motion;

#define J(j) (1u << (j))

/* Joint numbers are the scenes' own (scenes.c). Senses: the scenes face +X (sagittal)
 * or the camera with the right side on the image left (frontal). */
static const comp_motion motions[] = {
    /* shoulder flexion: the trunk (shoulder, arm, neck, head) leans back about the hip */
    {"shoulder_flexion", RC_SYNTH_COMP_LEAN_BACK, 0, -1, +1,
     J(1) | J(2) | J(3) | J(4) | J(5) | J(6)},
    /* ... and the shoulder girdle rises along the trunk line (scapular elevation) */
    {"shoulder_flexion", RC_SYNTH_COMP_HIKE, 0, 1, 0, J(1) | J(2) | J(3) | J(4)},
    /* shoulder abduction: the trunk bends away from the raised right arm (to the
     * subject's left, the image right) about the right hip */
    {"shoulder_abduction", RC_SYNTH_COMP_LEAN_SIDE, 0, -1, -1,
     J(1) | J(2) | J(3) | J(4) | J(6) | J(7) | J(8) | J(9) | J(10)},
    {"shoulder_abduction", RC_SYNTH_COMP_HIKE, 0, 1, 0, J(1) | J(2) | J(3) | J(4)},
    /* hip abduction: the right (moving) side of the pelvis hitches up, turning the
     * pelvis, trunk and right leg about the left ASIS */
    {"hip_abduction", RC_SYNTH_COMP_PELVIS, 2, -1, -1, J(0) | J(1) | J(3) | J(4) | J(7)},
    /* hip flexion: the pelvis tilts posteriorly, turning trunk, pelvis and leg about
     * the hip (the thigh rises further against the vertical than the hip flexes) */
    {"hip_flexion", RC_SYNTH_COMP_PELVIS, 1, -1, +1, J(0) | J(2) | J(3) | J(4)},
    /* knee flexion: the thigh swings forward (hip flexion) with the shank */
    {"knee_flexion", RC_SYNTH_COMP_THIGH, 1, -1, +1, J(2) | J(3) | J(4)},
    {"knee_flexion_reflective", RC_SYNTH_COMP_THIGH, 1, -1, +1, J(2) | J(3) | J(4)},
    /* shoulder rotation at 90/90 (supine, filmed along the arm): the trunk (shoulder,
     * head) turns in the picture about the hip, the chest lifting off the couch, the
     * arm carried with the shoulder (carries[]): the trunk line turns by exactly the
     * angle, the forearm's angle (the test's) is unchanged */
    {"shoulder_rotation_90", RC_SYNTH_COMP_LEAN_SIDE, 4, -1, -1, J(3) | J(5)},
};
enum { N_MOTIONS = sizeof motions / sizeof motions[0] };

/* A limb a rotation carries without turning it (its angle is the test's own): the
 * joints in `carried` are shifted as joint `by` moves. */
static const struct {
    const char *scene;
    int kind;
    unsigned carried;
    int by;
} carries[] = {
    {"shoulder_rotation_90", RC_SYNTH_COMP_LEAN_SIDE, J(0) | J(1) | J(2), 3},
};
enum { N_CARRIES = sizeof carries / sizeof carries[0] };

static const char *const comp_keys[RC_SYNTH_COMP_COUNT] = {"lean_back", "lean_side", "pelvis",
                                                            "thigh", "hike", "valgus"};

int rc__synth_comp_key(const char *key)
{
    if (!strcmp(key, "optional"))
        return 1;
    for (int i = 0; i < RC_SYNTH_COMP_COUNT; i++)
        if (!strcmp(key, comp_keys[i]))
            return 1;
    return 0;
}

rc_status rc__synth_comp_option(rc_synth_options *o, const char *key, const char *v, rc_err *err)
{
    if (!strcmp(key, "optional")) { /* the scene's optional stickers (optional.c) */
        if (strcmp(v, "0") && strcmp(v, "1"))
            return rc_err_set(err, RC_E_ARG, "synthetic option 'optional': expected 0 or 1, got '%s'",
                              v);
        o->optional_stickers = v[0] == '1';
        return RC_OK;
    }
    for (int i = 0; i < RC_SYNTH_COMP_COUNT; i++) {
        if (strcmp(key, comp_keys[i]))
            continue;
        char *end;
        double d = strtod(v, &end);
        double hi = i == RC_SYNTH_COMP_HIKE ? 200 : 45;
        if (end == v || *end || !(d >= -hi && d <= hi))
            return rc_err_set(err, RC_E_ARG,
                              "synthetic option '%s': expected the largest %s in %g..%g, got '%s'",
                              key, i == RC_SYNTH_COMP_HIKE ? "shift in mm" : "angle in degrees",
                              -hi, hi, v);
        o->comp[i] = d;
        return RC_OK;
    }
    return rc_err_set(err, RC_E_ARG, "unknown synthetic option '%s'", key);
}

rc_status rc__synth_comp_check(const syn_scene *sc, const rc_synth_options *o, int mocap,
                               rc_err *err)
{
    for (int i = 0; i < RC_SYNTH_COMP_COUNT; i++) {
        if (o->comp[i] == 0)
            continue;
        int found = 0;
        for (int k = 0; k < N_MOTIONS && !mocap; k++)
            found |= motions[k].kind == i && !strcmp(motions[k].scene, sc->name);
        if (!found) {
            char list[256] = "";
            for (int k = 0; k < N_MOTIONS; k++)
                if (motions[k].kind == i)
                    snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                             list[0] ? ", " : "", motions[k].scene);
            return rc_err_set(err, RC_E_ARG,
                              "synthetic scene '%s': no %s compensation in this scene (%s: %s)",
                              sc->name, comp_keys[i], list[0] ? "scenes with it" : "none yet",
                              list[0] ? list : "-");
        }
    }
    return RC_OK;
}

/* Turns the joints in `moved` about joint `pivot` by phi degrees, counter-clockwise
 * on screen (plane Y points down). */
static void rotate(double *x, double *y, int n, unsigned moved, int pivot, double phi)
{
    double c = cos(phi * PI / 180), s = sin(phi * PI / 180), px = x[pivot], py = y[pivot];
    for (int j = 0; j < n; j++) {
        if (!(moved & J(j)))
            continue;
        double dx = x[j] - px, up = py - y[j];
        x[j] = px + dx * c - up * s;
        y[j] = py - (dx * s + up * c);
    }
}

/* The limbs rotation `mo` carries (carries[]): shifted as their joint moved from
 * (x0, y0) (before the turn) to (x, y). */
static void carry(const syn_scene *sc, const comp_motion *mo, const double *x0, const double *y0,
                  double *x, double *y)
{
    for (int k = 0; k < N_CARRIES; k++) {
        if (carries[k].kind != mo->kind || strcmp(carries[k].scene, sc->name))
            continue;
        int b = carries[k].by;
        double dx = x[b] - x0[b], dy = y[b] - y0[b];
        for (int j = 0; j < sc->n_joints; j++)
            if (carries[k].carried & J(j)) {
                x[j] += dx;
                y[j] += dy;
            }
    }
}

void rc__synth_compensate(const syn_scene *sc, const rc_synth_options *o, double angle_deg,
                          double *x, double *y)
{
    double span = sc->peak_deg - sc->start_deg;
    double f = span != 0 ? (angle_deg - sc->start_deg) / span : 0;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    for (int k = 0; k < N_MOTIONS; k++) {
        const comp_motion *mo = &motions[k];
        double amount = o->comp[mo->kind] * f;
        if (amount == 0 || strcmp(mo->scene, sc->name))
            continue;
        if (mo->toward < 0) {
            double x0[SYN_MAX_JOINTS], y0[SYN_MAX_JOINTS];
            memcpy(x0, x, sizeof(double) * (size_t)sc->n_joints);
            memcpy(y0, y, sizeof(double) * (size_t)sc->n_joints);
            rotate(x, y, sc->n_joints, mo->moved, mo->pivot, mo->sense * amount);
            carry(sc, mo, x0, y0, x, y);
            continue;
        }
        double dx = x[mo->toward] - x[mo->pivot], dy = y[mo->toward] - y[mo->pivot];
        double len = hypot(dx, dy);
        for (int j = 0; len > 0 && j < sc->n_joints; j++)
            if (mo->moved & J(j)) {
                x[j] += amount * dx / len;
                y[j] += amount * dy / len;
            }
    }
}
