/* snapshot.c - the frame at peak ROM kept by the analysis run, drawn with its
 * overlays (headless ui) and saved as a PNG. */
#include "app/snapshot.h"

#include <stdio.h>

#include "romcap/ui.h"

rc_status rc_snapshot_save(const rc_peak_frame *s, const rc_model *m, const char *label,
                           const char *path, rc_err *err)
{
    if (!s->have)
        return rc_err_set(err, RC_E_NOT_FOUND, "%s: no frame with a defined angle to show", path);
    rc_ui_config cfg;
    rc_ui_config_default(&cfg, s->image.width, s->image.height);
    cfg.headless = 1;
    rc_ui *ui = rc_ui_create(&cfg, err);
    if (!ui)
        return RC_E_DEVICE;
    char status[160];
    snprintf(status, sizeof status, "Peak %.1f\xc2\xb0 at %.2f s", s->best, s->t_s);
    rc_ui_overlay ov = {
        .model = m,
        .markers = s->marker,
        .angle_deg = s->angle_deg,
        .rom_min_deg = s->lo,
        .rom_max_deg = s->best,
        .frame_index = s->index,
        .t_s = s->t_s,
        .status = status,
        .source_label = label,
    };
    rc_status st = rc_ui_draw(ui, &s->image, &ov);
    if (st != RC_OK)
        rc_err_set(err, st, "snapshot: %s", rc_ui_last_error(ui));
    else
        st = rc_ui_save_png(ui, path, err);
    rc_ui_destroy(ui);
    return st;
}
