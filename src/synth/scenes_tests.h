/* scenes_tests.h - pose functions of the issue-16 test scenes (scenes_tests.c), used
 * by the scene table in scenes.c. Nothing here is public API.
 */
#ifndef ROMCAP_SYNTH_SCENES_TESTS_H
#define ROMCAP_SYNTH_SCENES_TESTS_H

#include "synth/synth_internal.h"

void rc__synth_pose_sh_ext(double ext, double t_s, double *x, double *y);
void rc__synth_pose_hip_ext(double ext, double t_s, double *x, double *y);
void rc__synth_pose_sls(double fppa, double t_s, double *x, double *y);
void rc__synth_pose_cervical(double lat, double t_s, double *x, double *y);
void rc__synth_pose_sts(double knee, double t_s, double *x, double *y);
void rc__synth_pose_sh_rot(double rot, double t_s, double *x, double *y);
/* scene_schober.c: the modified Schober test; the "angle" is the marks' distance, cm. */
void rc__synth_pose_schober(double d_cm, double t_s, double *x, double *y);

#endif
