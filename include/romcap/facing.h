/* facing.h - which way the subject faces, told from the markers: never a silent flip.
 *
 * A model describes one reference set-up (sagittal: the subject seen from the model's
 * side, facing image right; frontal: from the front or from behind, as the model
 * says). A left limb filmed from the left is that set-up's mirror image and needs
 * rc_kin_options.mirror. The detector here reads the model's "facing" rules
 * (rc_model_facing: the test movement goes positive; a marker pair's left/right
 * order) from the first seconds of tracked positions and decides whether the set-up
 * is mirrored. It sits beside kinematics (it reads angles through rc_kin_angle_deg)
 * and decides nothing by itself: the caller applies the decision (rc_facing_choose).
 *
 * Live and offline decide the same: the detector is causal, fed frame by frame in
 * order, and stops at a fixed rule (every rule has voted, or the window is over).
 * No allocation: the state is a plain value the caller owns.
 *
 * The wrap watch at the end of this file catches the other half of a silent flip:
 * an angle crossing its wrap boundary (value jumping by more than 180 deg between
 * consecutive defined samples), which is what a mirrored reading of a large movement
 * does.
 */
#ifndef ROMCAP_FACING_H
#define ROMCAP_FACING_H

#include <stdbool.h>
#include <stdint.h>

#include "romcap/kinematics.h"
#include "romcap/model.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rc_facing {
    RC_FACING_UNKNOWN = 0,
    RC_FACING_IMAGE_RIGHT = 1, /* sagittal: the subject faces image right */
    RC_FACING_IMAGE_LEFT = 2,  /* sagittal: the subject faces image left */
    RC_FACING_FRONT = 3,       /* frontal: the subject faces the camera */
    RC_FACING_BACK = 4         /* frontal: the camera sees their back */
} rc_facing;

typedef enum rc_mirror_call {
    RC_MIRROR_UNDETERMINED = 0, /* not enough evidence, or the rules disagree */
    RC_MIRROR_NO = 1,           /* the reference set-up: read as the model says */
    RC_MIRROR_YES = 2           /* the mirror image of it: read with mirror */
} rc_mirror_call;

typedef struct rc_facing_config {
    double min_excursion_deg; /* movement rule: the test angle must reach this many
                                 degrees into the positive side; default 15 */
    double window_s;          /* evidence is taken from the first window_s seconds
                                 after the first usable frame; default 10 */
    int hold_samples;         /* consecutive defined samples a movement vote needs;
                                 default 3 */
    int pair_samples;         /* consecutive clear samples a left/right vote needs;
                                 default 10 */
    double min_confidence;    /* a decision with less is undetermined; default 0.5 */
} rc_facing_config;

/* Defaults as documented above. */
rc_facing_config rc_facing_config_default(void);

typedef struct rc_facing_result {
    rc_mirror_call mirror;
    rc_facing facing;          /* UNKNOWN when undetermined, or for a frontal model filmed
                                  from "either" view */
    char side[8];              /* the limb or side tested: "right", "left", or "" when unknown */
    double confidence;         /* 0..1, the smallest over the rules that voted; 1 = nothing
                                  against. Movement: this reading's excursion / (it + the other
                                  reading's largest excursion into the positive side before the
                                  vote); left/right: frames in this order / all clear frames.
                                  Below cfg.min_confidence the result is undetermined; 0 then. */
    int64_t frame;             /* last frame (as fed) that went into the decision; -1 if none */
    double t_s;                /* its time, seconds from the first usable frame */
    char evidence[RC_ERR_CAP]; /* one line: what was seen, or why it is undetermined */
} rc_facing_result;

/* One rule's running evidence (private to facing.c; a plain value). Index [0] is
 * the reference reading (as set up), [1] the mirrored one. */
typedef struct rc_facing_vote {
    rc_mirror_call vote; /* UNDETERMINED until the rule votes */
    int64_t frame;       /* frame and time (from the first usable frame) of the vote */
    double t_s;
    double confidence;
    int run;           /* consecutive samples supporting run_sign */
    int run_sign;      /* +1 reference, -1 mirrored, 0 none */
    int n_for[2];      /* samples supporting each reading */
    bool have;         /* a defined sample was seen */
    double last[2];    /* movement: last wrapped value per reading */
    double cont[2];    /* movement: continuous (unwrapped) value per reading */
    double peak[2];    /* movement: highest continuous value per reading */
    double intrude[2]; /* movement: deepest value in [0, band top] per reading */
} rc_facing_vote;

/* The detector's state: initialise with rc_facing_init, feed in frame order. */
typedef struct rc_facing_state {
    const rc_model *model; /* not owned: must outlive the state */
    rc_facing_config cfg;
    bool started; /* a usable frame has been seen */
    double t0_s;  /* its time */
    bool done;
    int64_t last_frame; /* last frame used, and its time from t0_s */
    double last_t_s;
    rc_facing_vote movement, pair;
    rc_facing_result result;
} rc_facing_state;

/* Starts a detector for model `m` (kept by pointer) with `cfg` (NULL = defaults).
 * A model without a facing rule is decided at once: undetermined, with the reason.
 * RC_E_ARG for a NULL state or model or a configuration out of range (excursion
 * 1..90 deg, window 0.1..600 s, samples 1..1000). */
rc_status rc_facing_init(rc_facing_state *st, const rc_model *m, const rc_facing_config *cfg,
                         rc_err *err);

/* Feeds one frame: `frame` its number (for the report), `t_s` its time in seconds
 * (any origin, not decreasing), `pos`/`valid` the marker positions in the analysis
 * plane exactly as for rc_kin_compute, `o` the kinematics options in use (only
 * o->down is read: the detector reads the model both ways itself; NULL = defaults).
 * Returns true once the decision is made (at this frame or earlier); later frames
 * are ignored. Allocates nothing. */
bool rc_facing_feed(rc_facing_state *st, int64_t frame, double t_s, const rc_vec2 *pos,
                    const bool *valid, const rc_kin_options *o);

/* The recording ended before the decision: decides with what was seen (a rule that
 * voted and none against: that vote; otherwise undetermined with the reason). */
void rc_facing_finish(rc_facing_state *st);

bool rc_facing_done(const rc_facing_state *st);

/* The decision so far (mirror UNDETERMINED and evidence "deciding..." before done). */
const rc_facing_result *rc_facing_get(const rc_facing_state *st);

/* Names for outputs: "image_right", "image_left", "front", "back", "unknown";
 * "no", "yes", "undetermined". */
const char *rc_facing_name(rc_facing f);
const char *rc_mirror_call_name(rc_mirror_call c);

/* What the user asked for on the command line. */
typedef enum rc_mirror_request {
    RC_MIRROR_AUTO = 0,      /* no option: follow clear evidence */
    RC_MIRROR_FORCE_OFF = 1, /* --no-mirror */
    RC_MIRROR_FORCE_ON = 2   /* --mirror */
} rc_mirror_request;

typedef enum rc_mirror_source {
    RC_MIRROR_GIVEN = 0,    /* forced by --mirror / --no-mirror */
    RC_MIRROR_DETECTED = 1, /* decided from the evidence */
    RC_MIRROR_DEFAULT = 2   /* undetermined: the model's reference set-up was kept */
} rc_mirror_source;

/* The one rule for applying a decision, the same live and offline: a forced choice
 * wins; otherwise a clear decision is followed; otherwise no mirror. Returns the
 * mirror to use and writes its source. Whenever the result is DEFAULT the caller
 * warns (the evidence line says why); when a forced choice contradicts a clear
 * decision the caller may warn too (*contradicts is set). Any out pointer may be
 * NULL; a NULL `r` counts as undetermined. */
bool rc_facing_choose(rc_mirror_request req, const rc_facing_result *r, rc_mirror_source *source,
                      bool *contradicts);

/* "given", "detected", "default". */
const char *rc_mirror_source_name(rc_mirror_source s);

/* The facing and the side a mirror setting means for model `m` (what a decided
 * result also says): sagittal: image_right and the model's side, or image_left and
 * the other side when mirrored; frontal: the model's view ("from") and the model's or
 * the other side; "either" or no "from": unknown and "". For summaries when the mirror
 * was given or defaulted. `side` has room for 8 bytes; either out may be NULL. */
void rc_facing_implied(const rc_model *m, bool mirror, rc_facing *facing, char side[8]);

/* ---- Wrap-around watch ---------------------------------------------------------- */

/* Watches one angle's series for jumps across its wrap boundary: two consecutive
 * defined samples more than 180 deg apart (a movement cannot do that between two
 * frames; a reading crossing wrap_center +- 180 does). NAN samples are skipped. */
typedef struct rc_wrap_watch {
    bool have_last;
    double last_deg;
    int64_t last_frame;
    int n_jumps;           /* jumps seen so far */
    int64_t first_frame;   /* frame of the first jump's second sample; -1 if none */
    double first_from_deg; /* the values either side of it */
    double first_to_deg;
} rc_wrap_watch;

void rc_wrap_watch_init(rc_wrap_watch *w);

/* Feeds sample `deg` (NAN = undefined) of frame `frame`. Returns true when this
 * sample jumped across the boundary. */
bool rc_wrap_watch_feed(rc_wrap_watch *w, int64_t frame, double deg);

/* Scans n samples deg[0], deg[stride], deg[2 stride] ... (stride >= 1, e.g. the
 * model's n_angles for one column of an interleaved frames x angles array).
 * Returns the index (0..n-1) of the first sample that jumped, or -1; *n_jumps (may
 * be NULL) receives how many did. */
int64_t rc_wrap_find(const double *deg, int64_t n, int stride, int *n_jumps);

#ifdef __cplusplus
}
#endif
#endif
