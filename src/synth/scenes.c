/* scenes.c - the synthetic scenes: bodies, markers and the motion of each test.
 *
 * Every scene is a small 2-D kinematic chain in the movement plane (mm, X right,
 * Y down, origin at the scene centre). The pose functions SET the clinical angle
 * directly from the convention in models/ (offset + sign * screen angle, counter-
 * clockwise on screen positive) without using romcap's kinematics code, so that
 * code can be checked against them. Screen directions are written with dir():
 * phi degrees counter-clockwise from +X as seen on screen (Y points down).
 */
#include <math.h>
#include <stddef.h>

#include "synth/scenes_tests.h"
#include "synth/synth_internal.h"

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
    return amp * (0.6 * sin(2 * PI * t / 3.1 + phase) + 0.4 * sin(2 * PI * t / 1.7 + 1.3 + phase));
}

/* knee_flexion: standing, seen from the right, facing +X. Joints: trunk top, hip,
 * knee, ankle, toe. The shank turns clockwise (backwards) from the thigh line. */
static void pose_knee(double flex, double t, double *x, double *y)
{
    x[1] = -60 + sway(t, 8, 0.2);
    y[1] = -330 + sway(t, 4, 1.1);
    double thigh = -90 + sway(t, 3, 0.5);
    dir(90 + sway(t, 1.5, 2.0), 500, x[1], y[1], &x[0], &y[0]);
    dir(thigh, 420, x[1], y[1], &x[2], &y[2]);
    dir(thigh - flex, 400, x[2], y[2], &x[3], &y[3]);
    dir(thigh - flex + 90, 170, x[3], y[3], &x[4], &y[4]);
}

/* hip_flexion: standing, facing +X. Joints: shoulder, hip, knee, ankle, pelvis (the
 * iliac crest at the lateral midline, 160 mm up the trunk line from the greater
 * trochanter). The thigh turns counter-clockwise (forwards) from the pelvis line;
 * the knee bends with it. */
static void pose_hip(double flex, double t, double *x, double *y)
{
    x[1] = -150 + sway(t, 8, 0.7);
    y[1] = -20 + sway(t, 4, 0.1);
    double trunk = 90 + sway(t, 3, 1.7);
    dir(trunk, 480, x[1], y[1], &x[0], &y[0]);
    dir(trunk, 160, x[1], y[1], &x[4], &y[4]);
    double thigh = trunk + 180 + flex;
    dir(thigh, 420, x[1], y[1], &x[2], &y[2]);
    double knee = 0.9 * flex > 100 ? 100 : 0.9 * flex;
    dir(thigh - knee, 400, x[2], y[2], &x[3], &y[3]);
}

/* hip_abduction: facing the camera (right leg on the image left). Joints: pelvis
 * centre, right ASIS, left ASIS, right knee, right ankle, left knee, left ankle,
 * neck. Abduction turns the right thigh clockwise on screen. */
static void pose_hip_abd(double abd, double t, double *x, double *y)
{
    x[0] = 40 + sway(t, 8, 0.4);
    y[0] = -170 + sway(t, 3, 2.2);
    double pelvis = sway(t, 2.5, 0.9); /* screen angle of right ASIS -> left ASIS */
    dir(pelvis + 180, 125, x[0], y[0], &x[1], &y[1]);
    dir(pelvis, 125, x[0], y[0], &x[2], &y[2]);
    double thigh = pelvis - 90 - abd;
    dir(thigh, 440, x[1], y[1], &x[3], &y[3]);
    dir(thigh, 400, x[3], y[3], &x[4], &y[4]);
    dir(pelvis - 88, 440, x[2], y[2], &x[5], &y[5]);
    dir(-90, 400, x[5], y[5], &x[6], &y[6]);
    dir(pelvis + 90, 520, x[0], y[0], &x[7], &y[7]);
}

/* shoulder_flexion: facing +X. Joints: hip, shoulder, elbow, wrist, hand, neck,
 * head top, knee. The arm turns counter-clockwise (forwards, up) from the trunk. */
static void pose_sh_flex(double flex, double t, double *x, double *y)
{
    x[1] = -100 + sway(t, 6, 0.3);
    y[1] = -180 + sway(t, 3, 1.4);
    double trunk = 90 + sway(t, 2.5, 0.8);
    dir(trunk + 180, 480, x[1], y[1], &x[0], &y[0]);
    double arm = trunk + 180 + flex;
    dir(arm, 300, x[1], y[1], &x[2], &y[2]);
    dir(arm + 10, 250, x[2], y[2], &x[3], &y[3]);
    dir(arm + 10, 90, x[3], y[3], &x[4], &y[4]);
    dir(trunk, 150, x[1] - 20, y[1], &x[5], &y[5]);
    dir(trunk, 290, x[1] - 20, y[1], &x[6], &y[6]);
    dir(-90, 420, x[0], y[0], &x[7], &y[7]);
}

/* shoulder_abduction: facing the camera (right arm on the image left). Joints: right
 * hip, right shoulder, elbow, wrist, hand, pelvis centre, neck, head top, left
 * shoulder, left elbow, mid-shoulder, right knee, left hip, left knee. Abduction
 * turns the arm clockwise on screen, from the vertical (the model's reference: the
 * sternum's midline of an upright trunk), while the trunk sways a little. */
static void pose_sh_abd(double abd, double t, double *x, double *y)
{
    x[1] = -170 + sway(t, 6, 1.9);
    y[1] = -170 + sway(t, 3, 0.6);
    double trunk = 90 + sway(t, 2, 0.2);
    dir(trunk + 180, 470, x[1], y[1], &x[0], &y[0]);
    double arm = 90 + 180 - abd; /* against the vertical, as the model reads it */
    dir(arm, 300, x[1], y[1], &x[2], &y[2]);
    dir(arm, 250, x[2], y[2], &x[3], &y[3]);
    dir(arm, 90, x[3], y[3], &x[4], &y[4]);
    dir(trunk - 90, 150, x[0], y[0], &x[5], &y[5]);
    dir(trunk - 90, 170, x[1], y[1], &x[10], &y[10]);
    dir(trunk, 70, x[10], y[10], &x[6], &y[6]);
    dir(trunk, 220, x[6], y[6], &x[7], &y[7]);
    dir(trunk - 90, 340, x[1], y[1], &x[8], &y[8]);
    dir(trunk + 180 + 8, 300, x[8], y[8], &x[9], &y[9]);
    dir(trunk - 90, 300, x[0], y[0], &x[12], &y[12]);
    dir(-92, 440, x[0] + 30, y[0], &x[11], &y[11]);
    dir(-88, 440, x[12] - 30, y[12], &x[13], &y[13]);
}

/* elbow_flexion: facing +X. Joints: shoulder, elbow, wrist, hand, hip, head. The
 * forearm turns counter-clockwise (forwards, up) from the upper-arm line. */
static void pose_elbow(double flex, double t, double *x, double *y)
{
    x[0] = -180 + sway(t, 6, 2.4);
    y[0] = -380 + sway(t, 3, 0.3);
    double upper = -90 + sway(t, 3, 1.2);
    dir(upper, 300, x[0], y[0], &x[1], &y[1]);
    dir(upper + flex, 250, x[1], y[1], &x[2], &y[2]);
    dir(upper + flex, 100, x[2], y[2], &x[3], &y[3]);
    dir(-90 + 0.3 * (upper + 90), 480, x[0] - 30, y[0], &x[4], &y[4]);
    dir(90, 200, x[0] - 30, y[0], &x[5], &y[5]);
}

/* ankle_dorsiflexion: seated, facing +X, shank hanging. Joints: knee (fibular head),
 * ankle (lateral malleolus), toe (5th metatarsal head), toe tip, heel (lateral
 * calcaneus), hip. The heel and 5th metatarsal stickers sit on the sole line, 48 mm
 * below the malleolus (../shared/CLINICAL.md: malleolus 6-7 cm, 5th metatarsal head
 * 1.5-2 cm above the floor), so the foot is measured along the sole as a goniometer's
 * foot arm is. Dorsiflexion turns the sole counter-clockwise (toes up) from
 * perpendicular to the shank. */
static void pose_ankle(double dorsi, double t, double *x, double *y)
{
    x[0] = -120 + sway(t, 6, 0.9);
    y[0] = -330 + sway(t, 3, 2.9);
    double shank = -90 + sway(t, 2.5, 0.4);
    dir(shank, 400, x[0], y[0], &x[1], &y[1]);
    double foot = shank + 90 + dorsi, sx, sy;
    dir(foot - 90, 48, x[1], y[1], &sx, &sy); /* the sole below the malleolus */
    dir(foot, 130, sx, sy, &x[2], &y[2]);
    dir(foot, 180, sx, sy, &x[3], &y[3]);
    dir(foot + 180, 60, sx, sy, &x[4], &y[4]);
    dir(180, 420, x[0], y[0], &x[5], &y[5]);
}

/* trunk_lateral_flexion: filmed from behind (their right on the image right).
 * Joints: sacrum, C7, head top, right shoulder, left shoulder, right elbow, left
 * elbow, right hip, left hip, right knee, left knee. Flexion to the right turns the
 * trunk clockwise on screen from the vertical. */
static void pose_trunk(double lat, double t, double *x, double *y)
{
    x[0] = sway(t, 12, 1.5);
    y[0] = 230 + sway(t, 3, 0.2);
    double trunk = 90 - lat;
    dir(trunk, 500, x[0], y[0], &x[1], &y[1]);
    dir(trunk, 230, x[1], y[1], &x[2], &y[2]);
    double sx, sy;
    dir(trunk + 180, 40, x[1], y[1], &sx, &sy);
    dir(trunk - 90, 180, sx, sy, &x[3], &y[3]);
    dir(trunk + 90, 180, sx, sy, &x[4], &y[4]);
    dir(-90 + 0.3 * lat, 300, x[3], y[3], &x[5], &y[5]);
    dir(-90 + 0.3 * lat, 300, x[4], y[4], &x[6], &y[6]);
    x[7] = x[0] + 100;
    y[7] = y[0] + 60;
    x[8] = x[0] - 100;
    y[8] = y[0] + 60;
    dir(-90, 440, x[7], y[7], &x[9], &y[9]);
    dir(-90, 440, x[8], y[8], &x[10], &y[10]);
}

#define GREEN                                                                                      \
    {                                                                                              \
        30, 170, 70                                                                                \
    }
#define MAGENTA                                                                                    \
    {                                                                                              \
        200, 40, 160                                                                               \
    }
#define BLUE                                                                                       \
    {                                                                                              \
        30, 80, 200                                                                                \
    }
#define YELLOW                                                                                     \
    {                                                                                              \
        235, 200, 30                                                                               \
    }
#define CYAN                                                                                       \
    {                                                                                              \
        20, 170, 200                                                                               \
    }
#define WHITE                                                                                      \
    {                                                                                              \
        255, 255, 255                                                                              \
    }

/* The single-leg squat's stickers and drawn segments, shared by its two scenes (with
 * and without valgus). */
#define SLS_MARKERS_AND_SEGMENTS                                                       \
    6,                                                                                 \
        {{"right_asis", 0, GREEN},                                                     \
         {"right_knee", 1, MAGENTA},                                                   \
         {"right_ankle", 2, BLUE},                                                     \
         {"left_asis", 3, YELLOW},                                                     \
         {"xiphoid", 4, CYAN},                                                         \
         {"jugular", 5, MAGENTA}},                                                     \
        7,                                                                             \
        {{7, 5, 120, 0}, {5, 6, 70, 1}, {10, 11, 55, 1}, {0, 1, 65, 1}, {1, 2, 45, 1}, \
         {3, 8, 65, 1}, {8, 9, 45, 1}}

static const syn_scene scenes[] = {
    {"knee_flexion",
     "knee_flexion",
     "standing knee flexion, seen from the right: 3 reps 3 -> 125 deg",
     "knee_flexion",
     0,
     5,
     3,
     {{"hip", 1, GREEN}, {"knee", 2, MAGENTA}, {"ankle", 3, BLUE}},
     4,
     {{0, 1, 130, 0}, {1, 2, 70, 1}, {2, 3, 50, 1}, {3, 4, 35, 1}},
     3,
     125,
     1.0,
     pose_knee},
    {"hip_flexion",
     "hip_flexion",
     "standing hip flexion with the knee bent, seen from the right: 3 reps 3 -> 115 deg",
     "hip_flexion",
     0,
     5,
     3,
     {{"pelvis", 4, YELLOW}, {"hip", 1, GREEN}, {"knee", 2, MAGENTA}},
     3,
     {{0, 1, 140, 0}, {1, 2, 75, 1}, {2, 3, 50, 1}},
     3,
     115,
     1.0,
     pose_hip},
    {"hip_abduction",
     "hip_abduction",
     "standing right hip abduction, facing the camera: 3 reps 2 -> 40 deg",
     "hip_abduction",
     0,
     8,
     3,
     {{"left_asis", 2, YELLOW}, {"right_asis", 1, GREEN}, {"right_knee", 3, MAGENTA}},
     6,
     {{0, 7, 150, 0}, {1, 2, 95, 0}, {2, 5, 75, 0}, {5, 6, 50, 0}, {1, 3, 75, 1}, {3, 4, 50, 1}},
     2,
     40,
     1.0,
     pose_hip_abd},
    {"shoulder_flexion",
     "shoulder_flexion",
     "standing shoulder flexion, seen from the right: 3 reps 3 -> 165 deg",
     "shoulder_flexion",
     0,
     8,
     3,
     {{"hip", 0, GREEN}, {"shoulder", 1, YELLOW}, {"elbow", 2, MAGENTA}},
     5,
     {{0, 1, 130, 0}, {0, 7, 80, 0}, {5, 6, 90, 0}, {1, 2, 45, 1}, {2, 3, 38, 1}},
     3,
     165,
     1.0,
     pose_sh_flex},
    {"shoulder_abduction",
     "shoulder_abduction",
     "standing right shoulder abduction, facing the camera: 3 reps 3 -> 165 deg",
     "shoulder_abduction",
     0,
     14,
     3,
     {{"hip", 0, GREEN}, {"shoulder", 1, YELLOW}, {"elbow", 2, MAGENTA}},
     9,
     {{0, 11, 85, 0},
      {12, 13, 85, 0},
      {10, 5, 150, 1},
      {1, 8, 70, 1},
      {6, 7, 90, 1},
      {8, 9, 45, 1},
      {1, 2, 45, 2},
      {2, 3, 38, 2},
      {3, 4, 35, 2}},
     3,
     165,
     1.0,
     pose_sh_abd},
    {"elbow_flexion",
     "elbow_flexion",
     "standing elbow flexion, seen from the right: 3 reps 3 -> 140 deg",
     "elbow_flexion",
     0,
     6,
     3,
     {{"shoulder", 0, YELLOW}, {"elbow", 1, MAGENTA}, {"wrist", 2, CYAN}},
     5,
     {{0, 4, 130, 0}, {5, 0, 80, 0}, {0, 1, 45, 1}, {1, 2, 38, 1}, {2, 3, 35, 1}},
     3,
     140,
     1.0,
     pose_elbow},
    {"ankle_dorsiflexion",
     "ankle_dorsiflexion",
     "seated ankle pumps, seen from the right: 3 reps -8 -> 18 deg",
     "ankle_dorsiflexion",
     0,
     6,
     4,
     {{"knee", 0, MAGENTA}, {"ankle", 1, BLUE}, {"heel", 4, GREEN}, {"toe", 2, CYAN}},
     3,
     {{5, 0, 75, 0}, {0, 1, 50, 1}, {4, 3, 35, 1}},
     -8,
     18,
     1.0,
     pose_ankle},
    {"trunk_lateral_flexion",
     "trunk_lateral_flexion",
     "standing trunk lateral flexion to the right, filmed from behind: 3 reps 2 -> 30 deg",
     "trunk_lateral_flexion",
     0,
     11,
     2,
     {{"sacrum", 0, GREEN}, {"c7", 1, YELLOW}},
     7,
     {{7, 9, 80, 0},
      {8, 10, 80, 0},
      {0, 1, 150, 1},
      {3, 4, 70, 1},
      {1, 2, 75, 1},
      {3, 5, 45, 2},
      {4, 6, 45, 2}},
     2,
     30,
     1.0,
     pose_trunk},
    {"knee_flexion_reflective",
     "knee_flexion_reflective",
     "standing knee flexion with retro-reflective markers in a dim room: 3 reps 3 -> 125 deg",
     "knee_flexion",
     0,
     5,
     3,
     {{"hip", 1, WHITE}, {"knee", 2, WHITE}, {"ankle", 3, WHITE}},
     4,
     {{0, 1, 130, 0}, {1, 2, 70, 1}, {2, 3, 50, 1}, {3, 4, 35, 1}},
     3,
     125,
     0.55,
     pose_knee},
    /* The tests added for issue 16 (motions in scenes_tests.c). */
    {"shoulder_extension",
     "shoulder_extension",
     "standing shoulder extension, seen from the right: 3 reps 3 -> 55 deg",
     "shoulder_extension",
     0,
     8,
     3,
     {{"hip", 0, GREEN}, {"shoulder", 1, YELLOW}, {"elbow", 2, MAGENTA}},
     5,
     {{0, 1, 130, 0}, {0, 7, 80, 0}, {5, 6, 90, 0}, {1, 2, 45, 1}, {2, 3, 38, 1}},
     3,
     55,
     1.0,
     rc__synth_pose_sh_ext},
    {"hip_extension",
     "hip_extension",
     "prone hip extension with the knee straight, seen from the right: 3 reps 1 -> 14 deg",
     "hip_extension",
     0,
     7,
     3,
     {{"pelvis", 0, YELLOW}, {"hip", 1, GREEN}, {"knee", 2, MAGENTA}},
     5,
     {{1, 4, 140, 0}, {4, 5, 95, 0}, {1, 2, 75, 1}, {2, 3, 50, 1}, {3, 6, 35, 1}},
     1,
     14,
     1.0,
     rc__synth_pose_hip_ext},
    {"single_leg_squat",
     "single_leg_squat",
     "right single-leg squat facing the camera: FPPA 1 -> 18 deg (valgus) with pelvic drop and "
     "trunk lean, 3 reps",
     "fppa",
     0,
     12,
     SLS_MARKERS_AND_SEGMENTS,
     1,
     18,
     1.0,
     rc__synth_pose_sls},
    /* The same squat without valgus: the knee stays over the foot (FPPA 1 -> 3 deg), so
     * the pelvis and trunk barely move with it (issue 16: valgus and no valgus). */
    {"single_leg_squat_neutral",
     "single_leg_squat",
     "right single-leg squat facing the camera, the knee over the foot: FPPA 1 -> 3 deg, 3 reps",
     "fppa",
     0,
     12,
     SLS_MARKERS_AND_SEGMENTS,
     1,
     3,
     1.0,
     rc__synth_pose_sls},
    /* The squat with clear compensations and without (scenes_sls.c): the pelvis drops
     * to 10 deg, the trunk leans to 12 deg, or both stay within 1.5 deg. */
    {"single_leg_squat_drop",
     "single_leg_squat",
     "right single-leg squat facing the camera: FPPA 1 -> 12 deg, the left side of the pelvis "
     "dropping 10 deg, the trunk upright, 3 reps",
     "fppa",
     0,
     12,
     SLS_MARKERS_AND_SEGMENTS,
     1,
     12,
     1.0,
     rc__synth_pose_sls_drop},
    {"single_leg_squat_lean",
     "single_leg_squat",
     "right single-leg squat facing the camera: FPPA 1 -> 12 deg, the trunk leaning 12 deg "
     "towards the stance side, the pelvis level, 3 reps",
     "fppa",
     0,
     12,
     SLS_MARKERS_AND_SEGMENTS,
     1,
     12,
     1.0,
     rc__synth_pose_sls_lean},
    {"single_leg_squat_level",
     "single_leg_squat",
     "right single-leg squat facing the camera: FPPA 1 -> 12 deg, pelvis level and trunk "
     "upright (each within 1.5 deg), 3 reps",
     "fppa",
     0,
     12,
     SLS_MARKERS_AND_SEGMENTS,
     1,
     12,
     1.0,
     rc__synth_pose_sls_level},
    {"cervical_lateral_flexion",
     "cervical_lateral_flexion",
     "seated cervical lateral flexion to the right, facing the camera: 3 reps 2 -> 40 deg",
     "cervical_lateral_flexion",
     0,
     8,
     3,
     {{"xiphoid", 0, GREEN}, {"jugular", 1, YELLOW}, {"glabella", 2, MAGENTA}},
     4,
     {{7, 1, 150, 0}, {1, 3, 50, 1}, {3, 4, 95, 1}, {5, 6, 60, 1}},
     2,
     40,
     1.0,
     rc__synth_pose_cervical},
    {"shoulder_rotation_90",
     "shoulder_rotation_90",
     "supine shoulder external rotation at 90 deg abduction, seen from the right: 3 reps 2 -> "
     "85 deg",
     "shoulder_rotation",
     0,
     7,
     2,
     {{"olecranon", 0, MAGENTA}, {"ulnar_styloid", 1, CYAN}},
     6,
     {{3, 4, 130, 0}, {4, 6, 85, 0}, {3, 5, 80, 0}, {3, 0, 50, 1}, {0, 1, 40, 1}, {1, 2, 35, 1}},
     2,
     85,
     1.0,
     rc__synth_pose_sh_rot},
    {"sit_to_stand",
     "sit_to_stand",
     "sit-to-stand and back, seen from the right: knee 90 -> 2 deg, hip and trunk with it, 3 "
     "reps (reps=5 for the 5-repetition test)",
     "knee_flexion",
     0,
     6,
     4,
     {{"hip", 0, GREEN}, {"knee", 1, MAGENTA}, {"ankle", 2, BLUE}, {"shoulder", 3, YELLOW}},
     5,
     {{0, 3, 95, 0}, {3, 5, 70, 0}, {0, 1, 60, 1}, {1, 2, 42, 1}, {2, 4, 30, 1}},
     90,
     2,
     1.0,
     rc__synth_pose_sts},
    {"lumbar_flexion_schober",
     "lumbar_flexion_schober",
     "standing forward bend, seen from the right: the lumbar marks 15 -> 21 cm apart (modified "
     "Schober), 3 reps",
     "schober",
     0,
     9,
     2,
     {{"lower_mark", 0, GREEN}, {"upper_mark", 1, MAGENTA}},
     7,
     {{2, 5, 120, 0},
      {0, 1, 55, 0},
      {5, 6, 85, 0},
      {2, 3, 70, 1},
      {3, 4, 48, 1},
      {4, 8, 30, 1},
      {5, 7, 38, 1}},
     15,
     21,
     1.0,
     rc__synth_pose_schober},
    {"chessboard",
     "",
     "static 9x6 chessboard (90 mm squares) in the movement plane",
     "",
     1,
     0,
     0,
     {{NULL, 0, {0, 0, 0}}},
     0,
     {{0, 0, 0, 0}},
     0,
     0,
     1.0,
     NULL},
};

int rc__synth_scene_total(void)
{
    return (int)(sizeof scenes / sizeof scenes[0]);
}

const syn_scene *rc__synth_scene_at(int i)
{
    return (i >= 0 && i < rc__synth_scene_total()) ? &scenes[i] : NULL;
}

/* Minimum-jerk position profile on 0..1 (Flash & Hogan 1985). */
static double min_jerk(double u)
{
    if (u <= 0)
        return 0;
    if (u >= 1)
        return 1;
    return u * u * u * (10 - 15 * u + 6 * u * u);
}

/* The test: a short rest, then `reps` repetitions of up (38% of a repetition), hold
 * at the top (12%), down (38%) and rest (12%), then a short rest. Each repetition
 * reaches a slightly different fraction of the peak, as patients do. */
double rc__synth_angle_at(const syn_scene *sc, double t, double seconds, int reps, double amplitude)
{
    static const double reach[4] = {0.93, 1.0, 0.96, 0.98};
    double lead = 0.07 * seconds, per = (seconds - 2 * lead) / (reps > 0 ? reps : 1);
    double u = (t - lead) / per, f = 0;
    if (u >= 0 && u < reps) {
        int k = (int)u;
        double tau = u - k, shape;
        if (tau < 0.38)
            shape = min_jerk(tau / 0.38);
        else if (tau < 0.5)
            shape = 1;
        else if (tau < 0.88)
            shape = 1 - min_jerk((tau - 0.5) / 0.38);
        else
            shape = 0;
        f = reach[k % 4] * shape;
    }
    return sc->start_deg + (sc->peak_deg - sc->start_deg) * amplitude * f;
}
