/* live_feedback.h - the patient's feedback in `romcap live`: the target band of
 * the first angle, the time held inside it and the "reached" tone.
 *
 * Owns the band in use and where it comes from: --target; else the last fifth of the
 * model's normal range when that norm was measured in the position filmed; else
 * (e.g. a standing knee against a supine norm, or a norm that does not say) the
 * patient's own: from 90% of their best repetition's range of this set, once 2
 * repetitions are done (a target a healthy person reaches by construction). It is
 * recomputed on a model switch. Also the hysteresis state and the hold timer.
 * It is driven by frame time, not wall time, so a paused or stepped video holds
 * still. It draws nothing: the window puts band, state and hold time in the overlay.
 */
#ifndef ROMCAP_LIVE_FEEDBACK_H
#define ROMCAP_LIVE_FEEDBACK_H

#include <stdbool.h>

#include "romcap/metrics.h"
#include "romcap/model.h"
#include "romcap/ui.h"

typedef enum live_target_source {
    LIVE_TARGET_GIVEN, /* --target */
    LIVE_TARGET_NORM,  /* the model's normal range, measured in the position filmed */
    LIVE_TARGET_OWN    /* the patient's own best repetitions of this set */
} live_target_source;

typedef struct live_feedback {
    double want_min_deg, want_max_deg; /* --target; NAN = from the model */
    double t0_deg, t1_deg;             /* the band in use; NAN = none */
    live_target_source source;
    double own_best_deg;               /* OWN: the best peak the band was made from */
    bool said;                         /* the band's origin was said */
    char norm_position[RC_LABEL_CAP];  /* where the norm was measured ("" unknown) */
    char position[RC_LABEL_CAP];       /* the model's test position */
    char unit[8];                      /* the first angle's: "deg" or "cm" (rc_model_unit) */
    bool no_norm;                      /* the first angle has no published norm */
    bool armed;                        /* the tone plays on the next entry */
    bool was_in;                       /* inside the band at the last frame */
    bool muted;                        /* M: no tone */
    double enter_t_s, hold_s;          /* frame time of entry; time held so far */
} live_feedback;

/* Starts with the band asked for (NAN, NAN = the model's default). */
void live_feedback_init(live_feedback *f, double want_min_deg, double want_max_deg,
                        const rc_model *m);
/* The model changed (Tab): the default band follows it; an asked-for band stays. */
void live_feedback_set_model(live_feedback *f, const rc_model *m);
/* What to say about the target, once at the start and whenever the patient's own
 * band changes (a new best repetition): true with one line in msg[cap] ("target
 * 99-121 deg: 90% of the best repetition so far ..."). `o` is the view's online state.
 * The window logs every line and shows the patient's own band's on screen when it
 * appears (before it, no band is drawn). */
bool live_feedback_news(live_feedback *f, const rc_online_state *o, char *msg, size_t cap);
/* One new frame: the first angle (NAN = undefined) at frame time t_s. Plays the
 * tone through `ui` on entering the band (unless muted). */
void live_feedback_update(live_feedback *f, rc_ui *ui, double angle_deg, double t_s);

#endif
