/* compensation.h - the compensation rules of a model (model.h rc_model_comp) judged
 * on marker positions (issue 16): a trunk leaning back while the arm rises, a thigh
 * swinging forward in knee flexion, a pelvis hitched in hip abduction.
 *
 * Per frame a rule has a value (rc_comp_value: a line's angle, a marker's position or
 * another angle, in the model's own orientation, i.e. after mirroring) and an amount:
 * the change from the value at the start of the repetition (or the value itself for
 * an "absolute" rule) taken in the rule's direction (positive, negative, or either as
 * |change|). A frame is compensating when the amount exceeds the rule's limit.
 *
 * Offline (rc_comp_judge) the whole run is known: each repetition's baseline is the
 * value at its first frame (the repetitions the metrics found for the rule's angle),
 * giving per repetition the largest amount and whether it passed the limit, and over
 * the run the largest amount and its time, and the share of judged frames past the
 * limit. Live (rc_comp_live) the baseline is the value while the movement rests at its
 * start, frozen once it moves. Pure computation: no allocation, no state but the
 * caller's.
 */
#ifndef ROMCAP_COMPENSATION_H
#define ROMCAP_COMPENSATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "romcap/kinematics.h"
#include "romcap/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Rule `rule`'s value this frame: degrees in (-180, 180] (segments), plane units along
 * the axis (displacement: mm calibrated, px otherwise), or angle_deg[of_angle]
 * (ANGLE; angle_deg may be NULL for the other types). `pos`/`valid` as in
 * kinematics.h (plane coordinates); NAN when a marker it needs is not valid or absent
 * from the model. */
double rc_comp_value(const rc_model *m, int rule, const rc_vec2 *pos, const bool *valid,
                     const rc_kin_options *o, const double *angle_deg);

/* The amount of compensation of `value` against `baseline` (ignored for an absolute
 * rule): the change (wrapped into (-180, 180] for degrees) in the rule's direction;
 * NAN when either is NAN. */
double rc_comp_amount(const rc_model_comp *r, double value, double baseline);

/* Whether rule `rule` can be judged: false, with "marker 'x' is not in the model",
 * "marker 'x' was never seen" or (an optional marker) "optional sticker 'x' not seen:
 * rule NAME off" in note[cap], when a marker it needs is absent. `seen`
 * (indexed like m->marker; NULL: not known) says which markers were ever seen. */
bool rc_comp_enabled(const rc_model *m, int rule, const bool *seen, char *note, size_t cap);

/* The names of the rules that read marker k, ", "-separated, into out[cap]; returns
 * how many. */
size_t rc_comp_rules_reading(const rc_model *m, int k, char *out, size_t cap);

/* For an optional marker k (model.h rc_model_marker.optional) seen in `seen` frames
 * (0: never): true, with "optional sticker 'acromion_l' not seen: rule shoulder_hike
 * off" in note[cap], when it was never seen; false (note "") for a marker that is not
 * optional or was seen. What the outputs say instead of "marker never found": an
 * optional sticker left off is a set-up choice, not a fault. */
bool rc_comp_optional_unseen(const rc_model *m, int k, int64_t seen, char *note, size_t cap);

/* Whether the markers (or the angle) rule `rule` reads are all in `valid`. */
bool rc_comp_markers_valid(const rc_model *m, int rule, const bool *valid);

enum { RC_COMP_MAX_REPS = 64 };

/* One rule over a run. Counts -1 / NAN where nothing could be judged. */
typedef struct rc_comp_judgement {
    int64_t frames;         /* frames judged (usable, inside a repetition for rep_start) */
    int64_t frames_flagged; /* of those, past the limit */
    double share_frames;    /* frames_flagged / frames, NAN when none judged */
    double max_amount;      /* the largest amount, NAN none */
    double max_t_s;         /* its time (the run's own clock) */
    int reps, reps_flagged; /* repetitions judged, and those whose largest amount passed */
    double rep_max[RC_COMP_MAX_REPS]; /* per repetition (the first RC_COMP_MAX_REPS) */
} rc_comp_judgement;

/* Judges rule r over n frames: value[i] its per-frame value (NAN where unusable),
 * t_s[i] the times; repetitions k = 0..n_reps-1 span frames rep_i0[k]..rep_i1[k]
 * (inclusive, increasing). With no repetition a rep_start rule takes the first usable
 * value of the run as its baseline and judges every frame (reps 0). */
void rc_comp_judge(const rc_model_comp *r, const double *t_s, const double *value, int64_t n,
                   const int64_t *rep_i0, const int64_t *rep_i1, int n_reps,
                   rc_comp_judgement *out);

/* Live: one frame at a time. */
typedef struct rc_comp_live {
    int n;                              /* the model's rules */
    bool enabled[RC_MAX_COMP];          /* markers present in the model */
    double baseline[RC_MAX_COMP];       /* NAN until the movement rested once */
    double value[RC_MAX_COMP];          /* this frame's value, NAN unusable */
    double amount[RC_MAX_COMP];         /* this frame's amount, NAN unknown */
    bool active[RC_MAX_COMP];           /* amount past the limit this frame */
    double rep_max[RC_MAX_COMP];        /* largest amount in the current repetition */
    int any_active;                     /* index of the first active rule, -1 none */
    double rest_low_deg;                /* lowest movement angle of the current rest, NAN
                                           while moving (online_comp.c) */
} rc_comp_live;

/* Starts over for model m (a new set, a model switch). */
void rc_comp_live_reset(rc_comp_live *s, const rc_model *m);

/* One frame: `moving` true while the movement is inside a leg (the online metrics);
 * `at_start` true when the movement angle rests nearer its start than its end (the
 * baseline is then taken from this frame). Allocates nothing. */
void rc_comp_live_update(rc_comp_live *s, const rc_model *m, const rc_vec2 *pos, const bool *valid,
                         const rc_kin_options *o, const double *angle_deg, bool moving,
                         bool at_start);

/* The model's rules as `romcap models` lists them, one or two lines each ("  compensation
 * trunk_lean_back: Trunk leans back ..."); nothing when the model has none. */
void rc_print_model_compensations(FILE *f, const rc_model *m);

#ifdef __cplusplus
}
#endif
#endif
