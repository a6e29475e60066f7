/* peak.c - keeps a copy of the frame at peak range of motion (analysis.h); drawing
 * it is the caller's business (the app's snapshot.c draws it with the ui library). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/analysis.h"

void rc_peak_offer(rc_peak_frame *s, const rc_frame *f, const rc_pipe_result *r, double value)
{
    if (isnan(value))
        return;
    if (!s->have || value < s->lo)
        s->lo = value;
    if (s->have && value <= s->best)
        return;
    const rc_image *im = &f->image;
    if (!s->buf || s->image.width != im->width || s->image.height != im->height) {
        free(s->buf);
        s->buf = rc_image_alloc(&s->image, RC_PIX_I420, im->width, im->height);
        if (!s->buf) {
            s->have = 0; /* the old copy is gone too */
            return;      /* no snapshot rather than no analysis */
        }
    }
    rc_image_copy(&s->image, im);
    memcpy(s->marker, r->marker, sizeof s->marker);
    memcpy(s->angle_deg, r->angle_deg, sizeof s->angle_deg);
    s->best = value;
    s->index = f->index;
    s->t_s = r->t_s;
    s->have = 1;
}

void rc_peak_free(rc_peak_frame *s)
{
    if (!s)
        return;
    free(s->buf);
    s->buf = NULL;
    s->have = 0;
}
