/* ui_snapshot.c - one frame with its overlays drawn off screen and saved as a PNG
 * (ui.h rc_ui_snapshot_png): the frame at peak ROM of `romcap analyse --snapshot` and
 * of the headless main job. */
#include "romcap/ui.h"

rc_status rc_ui_snapshot_png(const rc_image *frame, const rc_ui_overlay *ov, const char *path,
                             rc_err *err)
{
    rc_ui_config cfg;
    rc_ui_config_default(&cfg, frame->width, frame->height);
    cfg.headless = 1;
    rc_ui *ui = rc_ui_create(&cfg, err);
    if (!ui)
        return RC_E_DEVICE;
    rc_status st = rc_ui_draw(ui, frame, ov);
    if (st != RC_OK)
        rc_err_set(err, st, "snapshot: %s", rc_ui_last_error(ui));
    else
        st = rc_ui_save_png(ui, path, err);
    rc_ui_destroy(ui);
    return st;
}
