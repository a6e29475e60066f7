/* scenes_tests.c - the motions of the tests added for issue 16: shoulder extension,
 * prone hip extension, the single-leg squat (frontal plane projection angle with the
 * pelvis and trunk), cervical lateral flexion and shoulder rotation at 90 deg of
 * abduction. Their table entries are in scenes.c.
 *
 * As in scenes.c, each pose function SETS the clinical angle directly from the
 * convention written in models/ (offset + sign * screen angle, counter-clockwise on
 * screen positive), in plane millimetres (X right, Y down, origin at the scene
 * centre), never through romcap's kinematics. dir() gives a point at phi degrees
 * counter-clockwise from +X as seen on screen.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "synth/scenes_tests.h"

#define PI 3.14159265358979323846

static void dir(double phi_deg, double len, double ox, double oy, double *x, double *y)
{
    double p = phi_deg * (PI / 180.0);
    *x = ox + len * cos(p);
    *y = oy - len * sin(p);
}

/* Slow postural sway: two incommensurate sines, smooth and deterministic. */
static double sway(double t, double amp, double phase)
{
    return amp * (0.6 * sin(2 * PI * t / 2.9 + phase) + 0.4 * sin(2 * PI * t / 1.9 + 0.7 + phase));
}

/* shoulder_extension: standing, facing +X. Joints: hip, shoulder, elbow, wrist, hand,
 * neck, head top, knee. Extension takes the straight arm backwards (image left): it
 * turns clockwise on screen from the trunk line (three_point closed, sign cw). */
void rc__synth_pose_sh_ext(double ext, double t, double *x, double *y)
{
    x[1] = 20 + sway(t, 6, 0.5);
    y[1] = -180 + sway(t, 3, 1.2);
    double trunk = 90 + sway(t, 2.5, 2.1);
    dir(trunk + 180, 480, x[1], y[1], &x[0], &y[0]);
    double arm = trunk + 180 - ext;
    dir(arm, 300, x[1], y[1], &x[2], &y[2]);
    dir(arm - 5, 250, x[2], y[2], &x[3], &y[3]);
    dir(arm - 5, 90, x[3], y[3], &x[4], &y[4]);
    dir(trunk, 150, x[1] + 20, y[1], &x[5], &y[5]);
    dir(trunk, 290, x[1] + 20, y[1], &x[6], &y[6]);
    dir(-90, 420, x[0], y[0], &x[7], &y[7]);
}

/* hip_extension: prone, seen from the right, head towards image right (the sagittal
 * reference turned a quarter turn: the subject's front faces the floor). Joints:
 * pelvis (iliac crest, 160 mm from the greater trochanter towards the head), hip
 * (greater trochanter), knee, ankle, shoulder, head, toe. Extension lifts the straight
 * leg towards the ceiling: the thigh turns clockwise on screen from the pelvis line
 * (three_point straight, sign cw). */
void rc__synth_pose_hip_ext(double ext, double t, double *x, double *y)
{
    x[1] = 20 + sway(t, 3, 0.3);
    y[1] = 120 + sway(t, 2, 1.7);
    double trunk = sway(t, 1.5, 0.9); /* hip -> head, screen angle */
    dir(trunk, 160, x[1], y[1], &x[0], &y[0]);
    dir(trunk, 480, x[1], y[1], &x[4], &y[4]);
    dir(trunk, 200, x[4], y[4], &x[5], &y[5]);
    double thigh = trunk + 180 - ext;
    dir(thigh, 420, x[1], y[1], &x[2], &y[2]);
    dir(thigh, 400, x[2], y[2], &x[3], &y[3]);
    dir(thigh + 80, 120, x[3], y[3], &x[6], &y[6]);
}

/* single_leg_squat: facing the camera, standing on the right leg (on the image left),
 * the figure at 0.75 of adult size so that the ankles and the sternum fit a 16:9
 * frame. Joints: right ASIS, right knee (patella centre), right ankle (between the
 * malleoli), left ASIS, xiphoid, jugular notch, head top, pelvis centre, left knee,
 * left ankle, right shoulder, left shoulder. The frontal plane projection angle f
 * (Willson 2006: thigh ASIS -> knee against shank knee -> ankle, positive towards
 * valgus) moves the knee medially (image right): the shank leans 0.45 f from the
 * vertical, the thigh the rest. Contralateral pelvic drop and ipsilateral trunk lean
 * grow with it (sls_more, the scene's further truth angles). rc__synth_sls_body draws
 * the figure for given FPPA, drop and lean (the scenes with clearer compensations,
 * scenes_sls.c, share it). */
static void sls_comp(double f, double t, double *drop, double *lean)
{
    *drop = 0.3 * f + sway(t, 0.8, 0.4);  /* the left ASIS lower: clockwise on screen */
    *lean = 0.35 * f + sway(t, 0.8, 1.9); /* towards the stance side: counter-clockwise */
}

void rc__synth_pose_sls(double f, double t, double *x, double *y)
{
    double drop, lean;
    sls_comp(f, t, &drop, &lean);
    rc__synth_sls_body(f, drop, lean, x, y);
}

void rc__synth_sls_body(double f, double drop, double lean, double *x, double *y)
{
    double a = 0.45 * f, b = f - a;
    x[2] = -110;
    y[2] = 470;
    dir(90 - a, 300, x[2], y[2], &x[1], &y[1]);
    dir(90 + b, 345, x[1], y[1], &x[0], &y[0]);
    dir(-drop, 190, x[0], y[0], &x[3], &y[3]);
    x[7] = 0.5 * (x[0] + x[3]);
    y[7] = 0.5 * (y[0] + y[3]);
    double trunk = 90 + lean;
    dir(trunk, 210, x[7], y[7], &x[4], &y[4]);
    dir(trunk, 125, x[4], y[4], &x[5], &y[5]);
    dir(trunk, 230, x[5], y[5], &x[6], &y[6]);
    dir(-90 - drop + 12, 250, x[3], y[3], &x[8], &y[8]); /* lifted leg, knee forwards */
    dir(-90, 190, x[8], y[8], &x[9], &y[9]);
    dir(trunk + 95, 135, x[5], y[5], &x[10], &y[10]);
    dir(trunk - 95, 135, x[5], y[5], &x[11], &y[11]);
}

static void sls_more(double f, double t, double *deg)
{
    sls_comp(f, t, &deg[0], &deg[1]);
}

/* cervical_lateral_flexion: facing the camera (their right on the image left).
 * Joints: xiphoid, jugular notch, glabella, head centre, head top, right shoulder, left
 * shoulder, pelvis centre. Flexion to the right tilts the head towards the image left:
 * the jugular notch -> glabella line turns counter-clockwise on screen from the
 * sternum line (three_point straight, sign ccw). */
void rc__synth_pose_cervical(double lat, double t, double *x, double *y)
{
    x[1] = 10 + sway(t, 5, 0.8);
    y[1] = 20 + sway(t, 2, 2.3);
    double trunk = 90 + sway(t, 1.5, 0.2);
    dir(trunk + 180, 170, x[1], y[1], &x[0], &y[0]);
    dir(trunk + lat, 230, x[1], y[1], &x[2], &y[2]);
    dir(trunk + lat, 160, x[1], y[1], &x[3], &y[3]);
    dir(trunk + lat, 300, x[1], y[1], &x[4], &y[4]);
    dir(trunk + 97, 180, x[1], y[1], &x[5], &y[5]);
    dir(trunk - 97, 180, x[1], y[1], &x[6], &y[6]);
    dir(trunk + 180, 480, x[1], y[1], &x[7], &y[7]);
}

/* shoulder_rotation_90: supine, seen from the right (the head on the image left: the
 * sagittal reference turned a quarter turn, front up), shoulder abducted 90 deg and
 * elbow flexed 90 deg, so the humerus points at the camera and the forearm turns in
 * the image plane. Joints: olecranon, ulnar styloid, hand, shoulder, hip, head,
 * knee. External rotation takes the hand towards the head: the forearm turns
 * counter-clockwise on screen from the vertical (segment_vertical up, sign ccw). */
void rc__synth_pose_sh_rot(double rot, double t, double *x, double *y)
{
    x[3] = -150 + sway(t, 2, 1.1);
    y[3] = 250 + sway(t, 1.5, 0.6);
    x[0] = x[3] + sway(t, 3, 2.6);
    y[0] = y[3] - 40 + sway(t, 2, 0.1);
    double fore = 90 + rot;
    dir(fore, 250, x[0], y[0], &x[1], &y[1]);
    dir(fore, 90, x[1], y[1], &x[2], &y[2]);
    dir(0, 500, x[3], y[3] + 20, &x[4], &y[4]);
    dir(180, 260, x[3], y[3] + 20, &x[5], &y[5]);
    dir(0, 430, x[4], y[4], &x[6], &y[6]);
}

/* sit_to_stand: seated -> standing -> seated, seen from the right, facing +X, the
 * figure at 0.65 of adult size (ankle to acromion fits a 16:9 frame standing), no
 * chair drawn. Joints: hip (greater trochanter), knee, ankle, shoulder (acromion),
 * toe, head. The scene's angle is the knee flexion k (90 seated, about 2 standing);
 * the shank leans forwards 0.1 k, and the trunk leans forwards most at seat-off
 * (sts_trunk). Knee flexion: the shank turns clockwise from the thigh line (as
 * knee_flexion); hip flexion: the thigh turns counter-clockwise from the trunk line
 * continued down (as hip_flexion, trunk for pelvis); trunk flexion: hip -> shoulder
 * turns clockwise from the vertical. */
static double sts_trunk(double k, double t)
{
    return 0.06 * k + 34 * sin(PI * (90 - k) / 88) + sway(t, 0.6, 2.4);
}

void rc__synth_pose_sts(double k, double t, double *x, double *y)
{
    double s = 0.1 * k, trunk = sts_trunk(k, t);
    x[2] = 120;
    y[2] = 470;
    dir(90 - s, 260, x[2], y[2], &x[1], &y[1]);
    dir(90 - s + k, 275, x[1], y[1], &x[0], &y[0]);
    dir(90 - trunk, 310, x[0], y[0], &x[3], &y[3]);
    dir(0, 110, x[2], y[2] + 35, &x[4], &y[4]);
    dir(90 - trunk, 140, x[3], y[3], &x[5], &y[5]);
}

/* hip_flexion = k - s + trunk (thigh 270 - s + k against trunk-down 270 - trunk),
 * trunk_flexion = trunk. */
static void sts_more(double k, double t, double *deg)
{
    double trunk = sts_trunk(k, t);
    deg[0] = k - 0.1 * k + trunk;
    deg[1] = trunk;
}

static const syn_more more_table[] = {
    {"single_leg_squat", {"pelvic_drop", "trunk_lean", NULL}, sls_more},
    {"single_leg_squat_neutral", {"pelvic_drop", "trunk_lean", NULL}, sls_more},
    {"sit_to_stand", {"hip_flexion", "trunk_flexion", NULL}, sts_more},
    {"single_leg_squat_drop", {"pelvic_drop", "trunk_lean", NULL}, rc__synth_sls_drop_more},
    {"single_leg_squat_lean", {"pelvic_drop", "trunk_lean", NULL}, rc__synth_sls_lean_more},
    {"single_leg_squat_level", {"pelvic_drop", "trunk_lean", NULL}, rc__synth_sls_level_more},
};

const syn_more *rc__synth_scene_more(const char *scene)
{
    for (size_t i = 0; scene && i < sizeof more_table / sizeof more_table[0]; i++)
        if (!strcmp(more_table[i].scene, scene))
            return &more_table[i];
    return NULL;
}
