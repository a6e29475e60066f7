/* ui_comp.c - the live compensation flag (issue 16): while a rule of the model is
 * past its limit, a banner over the video says which and how much (therapist view)
 * or gives the patient's cue in large words (patient view). The window withholds the
 * target tone meanwhile (live_window.c). */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "romcap/compensation.h"
#include "ui/ui_internal.h"

void rc_ui_comp_text(const rc_model *m, const rc_comp_live *c, int patient, char *out, size_t cap)
{
    if (!cap)
        return;
    out[0] = '\0';
    if (!m || !c || c->any_active < 0 || c->any_active >= m->n_comps)
        return;
    const rc_model_comp *r = &m->comp[c->any_active];
    if (patient) {
        snprintf(out, cap, "%s", r->cue);
        return;
    }
    int more = 0;
    for (int i = c->any_active + 1; i < c->n && i < RC_MAX_COMP; i++)
        more += c->active[i];
    bool deg = !strcmp(r->unit, "deg");
    snprintf(out, cap, "%s %.0f%s%s (limit %g%s%s)%s", r->label, c->amount[c->any_active],
             deg ? "" : " ", deg ? "\xC2\xB0" : r->unit, r->limit, deg ? "" : " ",
             deg ? "\xC2\xB0" : r->unit, more ? " + more" : "");
}

/* Amber: the colour of a caution, as the PAUSED badge. */
static const SDL_Color C_COMP = {236, 178, 64, 255};

void rc__draw_comp(rc_ui *ui, const rc_ui_overlay *ov)
{
    const float s = ui->s;
    ui_font_id f = ov->patient ? UI_FONT_HUGE : UI_FONT_BOLD;
    const char *txt = ov->comp_flag;
    float w = (float)rc__text_width(ui, f, txt), h = (float)rc__font_height(ui, f);
    float x = ui->video_rect.x + (ui->video_rect.w - w) * 0.5f;
    float y = ui->video_rect.y + ui->video_rect.h * (ov->patient ? 0.2f : 0.12f);
    rc__prim_rect(ui, x - 18 * s, y - 10 * s, w + 36 * s, h + 20 * s, C_COMP);
    rc__text_draw(ui, f, x, y, (SDL_Color){28, 24, 16, 255}, txt);
}
