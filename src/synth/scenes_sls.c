/* scenes_sls.c - the single-leg squat with clear compensations (issue 16), so the
 * model's pelvic_drop and trunk_lean rules are tested well away from their limits
 * (5 deg each, models/single_leg_squat.json):
 *
 *   single_leg_squat_drop   the free (left) side of the pelvis drops 10 deg at the
 *                           bottom of the fullest squat, the trunk stays upright;
 *   single_leg_squat_lean   the trunk leans 12 deg towards the stance side, the pelvis
 *                           stays level;
 *   single_leg_squat_level  pelvis and trunk move at most 1 deg with the squat (plus
 *                           0.5 deg of sway): nothing to flag.
 *
 * Each squats with the knee moving medially (FPPA 1 -> 12 deg). A compensation grows
 * with the squat's progress p = (FPPA - 1) / (12 - 1), so it is 0 at rest and largest
 * at the bottom of the fullest repetition; slow sway (below 0.5 deg) is added to both
 * lines. The figure is the single-leg squat's own (rc__synth_sls_body, scenes_tests.c);
 * drop and lean are SET here in the model's conventions (pelvic drop: the right ASIS ->
 * left ASIS line clockwise on screen from the horizontal; trunk lean: the xiphoid ->
 * jugular line counter-clockwise from the vertical), and the same values are the
 * scenes' further truth angles. Table entries in scenes.c.
 */
#include <math.h>

#include "synth/scenes_tests.h"

#define PI 3.14159265358979323846

/* The FPPA the three scenes move between (their table entries say the same). */
#define SLS_START_DEG 1.0
#define SLS_PEAK_DEG  12.0

/* Slow postural sway: two incommensurate sines, smooth and deterministic. */
static double sway(double t, double amp, double phase)
{
    return amp * (0.6 * sin(2 * PI * t / 2.7 + phase) + 0.4 * sin(2 * PI * t / 1.6 + 0.9 + phase));
}

static double progress(double f)
{
    double p = (f - SLS_START_DEG) / (SLS_PEAK_DEG - SLS_START_DEG);
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

/* Drop and lean (deg) at FPPA f and time t for largest amounts drop_max, lean_max. */
static void comp(double f, double t, double drop_max, double lean_max, double *deg)
{
    double p = progress(f);
    deg[0] = drop_max * p + sway(t, 0.5, 0.3);
    deg[1] = lean_max * p + sway(t, 0.5, 2.2);
}

void rc__synth_sls_drop_more(double f, double t, double *deg)
{
    comp(f, t, 10, 0, deg);
}

void rc__synth_sls_lean_more(double f, double t, double *deg)
{
    comp(f, t, 0, 12, deg);
}

void rc__synth_sls_level_more(double f, double t, double *deg)
{
    comp(f, t, 1, 1, deg);
}

void rc__synth_pose_sls_drop(double f, double t, double *x, double *y)
{
    double deg[2];
    rc__synth_sls_drop_more(f, t, deg);
    rc__synth_sls_body(f, deg[0], deg[1], x, y);
}

void rc__synth_pose_sls_lean(double f, double t, double *x, double *y)
{
    double deg[2];
    rc__synth_sls_lean_more(f, t, deg);
    rc__synth_sls_body(f, deg[0], deg[1], x, y);
}

void rc__synth_pose_sls_level(double f, double t, double *x, double *y)
{
    double deg[2];
    rc__synth_sls_level_more(f, t, deg);
    rc__synth_sls_body(f, deg[0], deg[1], x, y);
}
