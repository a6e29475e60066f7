/* cmd_export.c - `romcap export DIR --format csv|trc|avi [--out FILE]`: a session's
 * tracks as a wide CSV or OpenSim TRC, or its frames as an MJPEG AVI (remux of the
 * stored JPEG bytes: no re-encoding). */
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "romcap/calib.h"
#include "romcap/session.h"

static void help(FILE *out)
{
    fputs("usage: romcap export DIR --format csv|trc|avi [--out FILE] [--calib F]\n"
          "\n"
          "csv  DIR/tracks.csv in wide form: one row per frame, x/y/state per marker\n"
          "trc  OpenSim marker file, frame rate from the recorded timestamps. With a\n"
          "     calibration (--calib F, default: the one the session was recorded with,\n"
          "     if the file still exists): movement-plane mm, X right, Y up, Z = 0;\n"
          "     without: image pixels as in tracks.csv (y down), Z = 0\n"
          "avi  MJPEG AVI of the recorded frames: the original JPEG bytes remuxed\n"
          "Default FILE: DIR/export.csv, DIR/markers.trc or DIR/video.avi.\n",
          out);
}

int rc_cmd_export(const rc_app *app, int argc, char **argv)
{
    const char *dir = NULL, *format = NULL, *out = NULL, *calib_path = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            help(stdout);
            return 0;
        } else if (!strcmp(a, "--format") && next) {
            format = argv[++i];
        } else if (!strcmp(a, "--out") && next) {
            out = argv[++i];
        } else if (!strcmp(a, "--calib") && next) {
            calib_path = argv[++i];
        } else if (a[0] == '-' || dir) {
            fprintf(stderr, "romcap: error: export: unexpected argument '%s'\n", a);
            return 2;
        } else {
            dir = a;
        }
    }
    if (!dir || !format) {
        fprintf(stderr, "romcap: error: export needs DIR and --format csv|trc|avi\n");
        return 2;
    }
    if (strcmp(format, "csv") && strcmp(format, "trc") && strcmp(format, "avi")) {
        fprintf(stderr, "romcap: error: export: unknown format '%s' (csv, trc or avi)\n", format);
        return 2;
    }
    rc_err err = {{0}};
    rc_session *s = rc_session_open(dir, &err);
    if (!s) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
    if (rc_session_warning(s)[0])
        rc_logf(&app->log, RC_LOG_WARN, "%s", rc_session_warning(s));
    char def[4200], tracks[4200];
    snprintf(tracks, sizeof tracks, "%s/tracks.csv", dir);
    rc_status st;
    if (!strcmp(format, "avi")) {
        snprintf(def, sizeof def, "%s/video.avi", dir);
        st = rc_session_export_avi(s, out ? out : def, &err);
    } else if (!strcmp(format, "trc")) {
        snprintf(def, sizeof def, "%s/markers.trc", dir);
        const rc_session_meta *meta = rc_session_get_meta(s);
        if (!calib_path && meta->calib_path[0] && access(meta->calib_path, R_OK) == 0)
            calib_path = meta->calib_path;
        rc_calib calib;
        st = calib_path ? rc_calib_load(calib_path, &calib, &err) : RC_OK;
        if (st == RC_OK)
            st = rc_tracks_to_trc(tracks, out ? out : def, rc_session_fps(s),
                                  calib_path ? &calib : NULL, NULL, NULL, &err);
        if (st == RC_OK && calib_path)
            rc_logf(&app->log, RC_LOG_INFO, "TRC in the calibrated plane (%s, %s)",
                    rc_calib_unit(&calib), calib_path);
    } else {
        snprintf(def, sizeof def, "%s/export.csv", dir);
        st = rc_tracks_to_wide_csv(tracks, out ? out : def, &err);
    }
    rc_session_close(s);
    if (st != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
    rc_logf(&app->log, RC_LOG_INFO, "wrote %s", out ? out : def);
    return 0;
}
