/* live_learn.h - learning the stickers' colours in the live window (L, then a
 * click on each coloured sticker in turn, the video paused).
 *
 * Owns the learning state: which marker's sticker is to be clicked next and the
 * copy of the model the learnt classes go into. When the last sticker is learnt
 * the engine switches to the learnt model and a copy is saved as
 * romcap-out/MODEL_learnt.json (see `romcap learn` for the same from a file).
 * Pausing and resuming the video stays with the window.
 */
#ifndef ROMCAP_LIVE_LEARN_H
#define ROMCAP_LIVE_LEARN_H

#include <stdbool.h>

#include "live/live_toast.h"
#include "romcap/log.h"
#include "romcap/online.h"

typedef struct live_learn {
    int k;      /* marker whose sticker is to be clicked next; -1 = not learning */
    rc_model m; /* the model being learnt into */
    int said;   /* the engine's learner's last news said (rc_online_learn_info.seq) */
} live_learn;

static inline void live_learn_init(live_learn *l)
{
    l->k = -1;
    l->said = 0;
}

/* The engine's colours learnt by themselves (rc_online_get_learn): each news said
 * once, in the log and on screen. */
void live_learn_news(live_learn *l, const rc_log *log, rc_online *eng, live_toast *t);

/* L: cancels learning, or starts it on `model`. Returns true when it started (the
 * caller pauses the video); prompts or answers through `t`. */
bool live_learn_toggle(live_learn *l, const rc_model *model, live_toast *t);

/* A click at (x_px, y_px) on `image` (the frame shown) while learning. Returns true
 * once every sticker is learnt: the engine then analyses with the learnt model,
 * which is now in `*model` (the caller starts a new view generation and resumes
 * the video). False otherwise (not learning, refused click, next prompt, or the
 * switch failed: see the log and `t`). */
bool live_learn_click(live_learn *l, const rc_log *log, rc_online *eng, rc_model *model,
                      const rc_image *image, double x_px, double y_px, live_toast *t);

#endif
