/* scene_schober.c - the modified Schober test's motion (issue 16, model
 * lumbar_flexion_schober): a standing forward bend seen from the right, the subject
 * facing +X, with two skin marks on the lower back, 5 cm below and 10 cm above the
 * lumbosacral junction (../shared/CLINICAL.md, Robinson & Mengshoel 2014).
 *
 * The scene's "angle" is the measure itself: the straight-line distance between the
 * marks in cm (15 standing, as applied with a tape). As the subject bends, the pelvis
 * turns forwards about the hip (hip flexion), the lumbar skin between the marks
 * stretches and curls forwards, and the thorax follows: the upper mark is placed at
 * exactly that distance from the lower one along the lumbar chord, so the truth is
 * the distance itself, never computed from the picture. Joints (plane mm, X right,
 * Y down): lower mark, upper mark, hip (greater trochanter), knee, ankle, shoulder,
 * head top, hand, toe. The lumbar strip (capsule 0-1) is drawn growing with the skin.
 */
#include <math.h>

#include "synth/scenes_tests.h"

#define PI 3.14159265358979323846

static void dir(double phi_deg, double len, double ox, double oy, double *x, double *y)
{
    double p = phi_deg * (PI / 180.0);
    *x = ox + len * cos(p);
    *y = oy - len * sin(p);
}

/* Slow postural sway, as in the other scenes. */
static double sway(double t, double amp, double phase)
{
    return amp * (0.6 * sin(2 * PI * t / 2.7 + phase) + 0.4 * sin(2 * PI * t / 1.8 + 0.4 + phase));
}

void rc__synth_pose_schober(double d_cm, double t, double *x, double *y)
{
    double s = (d_cm - 15.0) / 6.0; /* 0 standing .. 1 at the deepest bend */
    if (s < 0)
        s = 0;
    x[2] = -80 + sway(t, 4, 0.3);
    y[2] = 250 + sway(t, 2, 1.4);
    double hip = 55 * s + sway(t, 1.0, 2.2); /* pelvis turned forwards, degrees */
    /* The lower mark on the sacrum: 120 mm behind and above the trochanter, turned with
     * the pelvis (forwards = clockwise on screen for a subject facing +X). */
    dir(132 - hip, 120, x[2], y[2], &x[0], &y[0]);
    double chord = 93 - hip - 35 * s; /* the lumbar chord's screen angle */
    dir(chord, 10.0 * d_cm, x[0], y[0], &x[1], &y[1]);
    double thorax = chord - 15 * s;
    dir(thorax, 300, x[1], y[1], &x[5], &y[5]);
    dir(thorax - 10 * s, 200, x[5], y[5], &x[6], &y[6]);
    dir(-90 + 8 * s, 520, x[5], y[5], &x[7], &y[7]); /* the arms hang */
    dir(-90, 420, x[2], y[2], &x[3], &y[3]);
    dir(-90, 400, x[3], y[3], &x[4], &y[4]);
    dir(0, 150, x[4], y[4], &x[8], &y[8]);
}
