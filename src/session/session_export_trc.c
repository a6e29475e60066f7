/* session_export_trc.c - `romcap export --format trc`'s choice of plane (session.h,
 * rc_session_export_trc): a given calibration, else the session's stored copy, else
 * image pixels; the line that says which. */
#include <stdio.h>

#include "romcap/calib.h"
#include "romcap/session.h"

rc_status rc_session_export_trc(rc_session *s, const char *tracks_csv, const char *path,
                                const char *calib_path, char *note, size_t note_cap,
                                bool *note_warn, rc_err *err)
{
    const rc_session_meta *meta = rc_session_get_meta(s);
    rc_calib calib;
    int have = 0;
    rc_status st = RC_OK;
    if (calib_path) {
        st = rc_calib_load(calib_path, &calib, err);
        have = st == RC_OK;
    } else if (meta->has_calib) {
        st = rc_session_calib(s, &calib, err);
        have = st == RC_OK;
    }
    if (st == RC_OK)
        st = rc_tracks_to_trc(tracks_csv, path, rc_session_fps(s), have ? &calib : NULL, NULL, NULL,
                              err);
    if (st != RC_OK)
        return st;
    *note_warn = false;
    if (calib_path)
        snprintf(note, note_cap, "TRC in the calibrated plane (%s, calibration %s)",
                 rc_calib_unit(&calib), calib_path);
    else if (have)
        snprintf(note, note_cap,
                 "TRC in the calibrated plane (%s, the calibration stored in the session%s%s)",
                 rc_calib_unit(&calib), meta->calib_path[0] ? ", recorded from " : "",
                 meta->calib_path);
    else if ((*note_warn = meta->calib_path[0] != '\0'))
        snprintf(note, note_cap,
                 "TRC in image pixels: the session names calibration %s but holds no copy of "
                 "it (give it with --calib to export in the calibrated plane)",
                 meta->calib_path);
    else
        snprintf(note, note_cap,
                 "TRC in image pixels (the session was recorded without a calibration)");
    return RC_OK;
}
