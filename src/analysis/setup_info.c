/* setup_info.c - the set-up under which a run's input was recorded (issue 20): a
 * session's stored set-up check and camera controls (session.json, read by the
 * session reader, which reads the check through its one JSON reader), or the camera's
 * own controls, into rc_run_info for summary.json's "setup" block. */
#include "analysis_internal.h"
#include "romcap/session.h"

void rc__setup_info(const char *input, rc_run_info *info)
{
    if (info->source.camera.applied)
        info->camera_controls = info->source.camera;
    if (!rc_session_is_dir(input)) {
        info->check_none = info->source.live
                               ? "a camera analysed directly (the check runs before recording)"
                               : "the input is not a recorded session";
        return;
    }
    rc_err ignored = {{0}};
    rc_session *s = rc_session_open(input, &ignored);
    if (!s) { /* the run opened it already; it will say what is wrong */
        info->check_none = "the session's session.json could not be read";
        return;
    }
    const rc_session_meta *m = rc_session_get_meta(s);
    info->check = m->check;
    if (m->camera_controls.applied)
        info->camera_controls = m->camera_controls;
    if (m->check.n_items <= 0)
        info->check_none = "the session holds none (recorded without the check, or before "
                           "romcap had one)";
    rc_session_close(s);
}
