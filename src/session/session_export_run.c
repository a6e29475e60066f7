/* session_export_run.c - `romcap export` as one call (session.h rc_session_export_run):
 * the session opened, the format's exporter chosen, the default file name beside the
 * session's results. */
#include <stdio.h>
#include <string.h>

#include "romcap/session.h"

static void say(const rc_export_request *rq, rc_log_level level, const char *msg)
{
    if (rq->say)
        rq->say(rq->user, level, msg);
}

rc_status rc_session_export_run(const rc_export_request *rq, char *written, size_t cap, rc_err *err)
{
    static const char *const formats[3][2] = {
        {"csv", "export.csv"}, {"trc", "markers.trc"}, {"avi", "video.avi"}};
    int f = 0;
    while (f < 3 && strcmp(rq->format, formats[f][0]))
        f++;
    if (f == 3)
        return rc_err_set(err, RC_E_ARG, "export: unknown format '%s' (csv, trc or avi)",
                          rq->format);
    rc_session *s = rc_session_open(rq->dir, err);
    if (!s)
        return RC_E_IO;
    if (rc_session_warning(s)[0])
        say(rq, RC_LOG_WARN, rc_session_warning(s));
    char tracks[4200];
    snprintf(tracks, sizeof tracks, "%s/tracks.csv", rq->dir);
    if (rq->out)
        snprintf(written, cap, "%s", rq->out);
    else
        snprintf(written, cap, "%s/%s", rq->dir, formats[f][1]);
    rc_status st;
    if (f == 2) {
        st = rc_session_export_avi(s, written, err);
    } else if (f == 1) {
        char note[RC_ERR_CAP + 200];
        bool warn = false;
        st = rc_session_export_trc(s, tracks, written, rq->calib, note, sizeof note, &warn, err);
        if (st == RC_OK)
            say(rq, warn ? RC_LOG_WARN : RC_LOG_INFO, note);
    } else {
        st = rc_tracks_to_wide_csv(tracks, written, err);
    }
    rc_session_close(s);
    return st;
}
