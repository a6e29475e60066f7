/* scenes_tests.h - pose functions of the issue-16 test scenes (scenes_tests.c), used
 * by the scene table in scenes.c. Nothing here is public API.
 */
#ifndef ROMCAP_SYNTH_SCENES_TESTS_H
#define ROMCAP_SYNTH_SCENES_TESTS_H

#include "synth/synth_internal.h"

void rc__synth_pose_sh_ext(double ext, double t_s, double *x, double *y);
void rc__synth_pose_hip_ext(double ext, double t_s, double *x, double *y);
void rc__synth_pose_sls(double fppa, double t_s, double *x, double *y);
/* The single-leg squat's figure for a given FPPA, contralateral pelvic drop and
 * ipsilateral trunk lean (degrees, the model's conventions). */
void rc__synth_sls_body(double fppa, double drop, double lean, double *x, double *y);
/* scenes_sls.c: the single-leg squat with clear compensations (pelvic drop to 10 deg,
 * trunk lean to 12 deg) and with a level pelvis and upright trunk; their poses and
 * further truth angles (pelvic_drop, trunk_lean). */
void rc__synth_pose_sls_drop(double fppa, double t_s, double *x, double *y);
void rc__synth_pose_sls_lean(double fppa, double t_s, double *x, double *y);
void rc__synth_pose_sls_level(double fppa, double t_s, double *x, double *y);
void rc__synth_sls_drop_more(double fppa, double t_s, double *deg);
void rc__synth_sls_lean_more(double fppa, double t_s, double *deg);
void rc__synth_sls_level_more(double fppa, double t_s, double *deg);
void rc__synth_pose_cervical(double lat, double t_s, double *x, double *y);
void rc__synth_pose_sts(double knee, double t_s, double *x, double *y);
void rc__synth_pose_sh_rot(double rot, double t_s, double *x, double *y);
/* scene_schober.c: the modified Schober test; the "angle" is the marks' distance, cm. */
void rc__synth_pose_schober(double d_cm, double t_s, double *x, double *y);

#endif
