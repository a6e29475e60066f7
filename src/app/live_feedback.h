/* live_feedback.h - the patient's feedback in `romcap live`: the target band of
 * the first angle, the time held inside it and the "reached" tone.
 *
 * Owns the band in use (from --target, else the last fifth of the model's normal
 * range, recomputed on a model switch), the hysteresis state and the hold timer.
 * It is driven by frame time, not wall time, so a paused or stepped video holds
 * still. It draws nothing: the window puts band, state and hold time in the overlay.
 */
#ifndef ROMCAP_APP_LIVE_FEEDBACK_H
#define ROMCAP_APP_LIVE_FEEDBACK_H

#include <stdbool.h>

#include "romcap/model.h"
#include "romcap/ui.h"

typedef struct live_feedback {
    double want_min_deg, want_max_deg; /* --target; NAN = from the model */
    double t0_deg, t1_deg;             /* the band in use; NAN = none */
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
/* One new frame: the first angle (NAN = undefined) at frame time t_s. Plays the
 * tone through `ui` on entering the band (unless muted). */
void live_feedback_update(live_feedback *f, rc_ui *ui, double angle_deg, double t_s);

#endif
