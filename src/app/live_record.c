/* live_record.c - session recording in `romcap live` (see live_record.h). */
#define _POSIX_C_SOURCE 200809L
#include "app/live_record.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/analyse.h"
#include "romcap/files.h"

/* Removes a session folder this run created: its plain files, then the folder.
 * Only ever called on a name that did not exist before the run chose it. */
static void remove_session_dir(const live_recording *r, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char path[600];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    if (r->made_parent)
        rmdir("romcap-sessions"); /* only when empty */
}

/* A free folder name romcap-sessions/session-DATE-TIME[-tag]; two recordings
 * started within a second (R pressed twice) get -2, -3, ... False when none is
 * free (the folder is then never touched). */
static bool session_name(const live_recording *r, char *dir, size_t cap)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    struct stat st;
    for (int k = 1; k < 100; k++) {
        char nth[16] = "";
        if (k > 1)
            snprintf(nth, sizeof nth, "-%d", k);
        snprintf(dir, cap, "romcap-sessions/session-%s%s%s%s", stamp, r->tag ? "-" : "",
                 r->tag ? r->tag : "", nth);
        if (stat(dir, &st) != 0 && errno == ENOENT)
            return true;
    }
    return false;
}

/* Which mirror a session says, and where it came from: the detector's decision
 * once made, else what was given (or the default, with no source). */
static void mirror_of(const live_recording *r, const rc_online_side_info *side, bool *mirror,
                      const char **source)
{
    *mirror = side ? side->mirror : r->mirror;
    *source = r->given ? "given" : side && side->decided && side->detected ? "detected" : NULL;
}

rc_status live_record_start(live_recording *r, const rc_model *m, const rc_online_side_info *side,
                            rc_err *err)
{
    /* The text of what is analysed: the model file in use (a learnt copy once the L
     * key saved one) and the calibration; at most 1 and 16 MiB as in record. */
    char *model_text = NULL, *calib_text = NULL;
    rc_status st = rc_read_text(m->path, 1u << 20, &model_text, NULL, err);
    if (st == RC_OK && r->calib)
        st = rc_read_text(r->calib, 1u << 24, &calib_text, NULL, err);
    if (st != RC_OK) {
        free(model_text);
        return st;
    }
    if (mkdir("romcap-sessions", 0700) == 0)
        r->made_parent = true;
    else if (errno != EEXIST)
        st = rc_err_set(err, RC_E_IO, "romcap-sessions: cannot create: %s", strerror(errno));
    if (st == RC_OK && !session_name(r, r->dir, sizeof r->dir))
        st = rc_err_set(err, RC_E_IO, "%s: exists (no free session name)", r->dir);
    bool mirror;
    const char *source;
    mirror_of(r, side, &mirror, &source);
    char software[64];
    snprintf(software, sizeof software, "romcap %s (live)", ROMCAP_VERSION);
    rc_session_config sc = {
        .software = software,
        .model_name = m->name,
        .model_json = model_text,
        .calib_path = r->calib,
        .calib_text = calib_text,
        .mirror = mirror,
        .mirror_source = source,
        .tag = r->tag,
        .subject = r->subject,
        .test = r->test,
        .source_uri = r->uri,
        .source_kind = r->info.kind,
        .width = r->info.width,
        .height = r->info.height,
        .fps = r->info.fps,
        .live = r->info.live,
        .jpeg_quality = r->info.live ? 0 : 90,
        .wait_when_full = r->unpaced && !r->info.live,
        .camera_controls = &r->info.camera,
    };
    if (st == RC_OK && !(r->w = rc_session_writer_create(r->dir, &sc, err))) {
        /* The writer may have made the folder and some files before failing. */
        remove_session_dir(r, r->dir);
        st = RC_E_IO;
    }
    free(model_text);
    free(calib_text);
    if (st != RC_OK)
        return st;
    snprintf(r->model_path, sizeof r->model_path, "%s", m->path);
    snprintf(r->status, sizeof r->status, "\xE2\x97\x8F REC  %s", r->dir);
    return RC_OK;
}

/* Detaches and closes the writer with the side as decided by now; the coverage
 * said. Returns the close status (message in err). */
static rc_status stop_recording(live_recording *r, rc_online *eng, const rc_model *m,
                                const char *reason, const rc_log *log, rc_err *err)
{
    if (eng) {
        rc_online_set_recorder(eng, NULL, 0);
        /* The side may have been decided since the recording started. */
        rc_online_side_info side;
        rc_online_get_side(eng, &side);
        bool mirror;
        const char *source;
        mirror_of(r, &side, &mirror, &source);
        rc_session_writer_set_mirror(r->w, mirror, source);
            rc_track_coverage cov;
        rc_online_coverage(eng, &cov);
        live_log_coverage(&cov, m, log, r->dir);
    }
    rc_status st = rc_session_writer_close(r->w, reason, err);
    r->w = NULL;
    return st;
}

void live_record_toggle(live_recording *r, rc_online *eng, const rc_model *m, const rc_log *log,
                        live_toast *t)
{
    rc_err err = {{0}};
    if (r->w) {
        rc_session_writer_stats ws;
        rc_session_writer_get_stats(r->w, &ws);
        if (stop_recording(r, eng, m, "stopped by the user", log, &err) != RC_OK)
            rc_logf(log, RC_LOG_ERROR, "%s", err.msg);
        rc_logf(log, RC_LOG_INFO, "saved %s (%lld frames)", r->dir, (long long)ws.frames_written);
        r->analyse_pending = ws.frames_written > 0 && !r->no_analyse;
        if (r->analyse_pending)
            live_toast_printf(t, 60.0, "analysing\xE2\x80\xA6 %s", r->dir);
        else
            live_toast_printf(t, 3.0, "saved %s (%lld frames)", r->dir,
                              (long long)ws.frames_written);
    } else {
        rc_online_side_info side;
        rc_online_get_side(eng, &side);
        if (live_record_start(r, m, &side, &err) == RC_OK) {
            rc_online_set_recorder(eng, r->w, 90);
            live_toast_show(t, "recording (R stops)");
            rc_logf(log, RC_LOG_INFO, "recording to %s", r->dir);
        } else {
            rc_logf(log, RC_LOG_ERROR, "%s", err.msg);
            live_toast_show(t, "recording failed (see the log)");
        }
    }
}

/* The session analysed into its own folder; 0 or 1 (said in the log). */
static int analyse(live_recording *r)
{
    const rc_log *log = &r->app->log;
    rc_logf(log, RC_LOG_INFO, "analysing %s", r->dir);
    rc_analyse_request ar = {
        .input = r->dir,
        .model = r->model_path,
        .out_dir = r->dir,
        /* The calibration and the given side come from the session itself (the
         * detected side is detected again from the whole recording). */
        .progress = true,
    };
    int code = rc_analyse_run(r->app, &ar);
    if (code == 0)
        rc_logf(log, RC_LOG_INFO, "analysed: %s (tracks.csv, angles.csv, summary.json)", r->dir);
    else
        rc_logf(log, RC_LOG_ERROR, "%s: the analysis failed; the session is kept (romcap analyse "
                "%s --out %s)", r->dir, r->dir, r->dir);
    return code;
}

void live_record_analyse(live_recording *r, live_toast *t)
{
    if (!r->analyse_pending)
        return;
    r->analyse_pending = false;
    if (analyse(r) == 0)
        live_toast_printf(t, 4.0, "analysed: %s", r->dir);
    else
        live_toast_printf(t, 6.0, "analysis failed (session kept): %s", r->dir);
}

void live_record_check(live_recording *r, rc_online *eng, const rc_log *log, live_toast *t)
{
    rc_err err = {{0}};
    if (!r->w || !rc_online_record_failed(eng, &err))
        return;
    rc_logf(log, RC_LOG_ERROR, "recording stopped: %s", err.msg);
    rc_online_set_recorder(eng, NULL, 0);
    rc_session_writer_close(r->w, "write failure", NULL);
    r->w = NULL;
    live_toast_show(t, "recording stopped: write failure");
}

const char *live_record_status(const live_recording *r)
{
    return r->w ? r->status : NULL;
}

void live_record_finish(live_recording *r, rc_online *eng, const rc_model *m, const rc_log *log)
{
    if (!r->w) {
        if (r->analyse_pending) { /* stopped in the window just before the end */
            r->analyse_pending = false;
            analyse(r);
        }
        return;
    }
    rc_err err = {{0}};
    rc_status st = stop_recording(r, eng, m, "end of the live session", log, &err);
    /* Empty once closed (every queued frame written): frames.mjpeg has no byte. */
    char path[340];
    struct stat sb;
    snprintf(path, sizeof path, "%s/frames.mjpeg", r->dir);
    if (stat(path, &sb) != 0 || sb.st_size == 0) {
        remove_session_dir(r, r->dir);
        rc_logf(log, RC_LOG_INFO, "nothing was recorded: %s removed", r->dir);
        return;
    }
    if (st != RC_OK)
        rc_logf(log, RC_LOG_ERROR, "%s", err.msg);
    else
        rc_logf(log, RC_LOG_INFO, "session saved: %s", r->dir);
    if (!r->no_analyse)
        analyse(r);
}

void live_log_coverage(const rc_track_coverage *cov, const rc_model *m, const rc_log *log,
                       const char *what)
{
    for (int k = 0; k < m->n_markers && k < cov->n_markers; k++) {
        char line[RC_ERR_CAP];
        if (rc_track_coverage_diagnose(cov, k, m->marker[k].name, m->marker[k].rgb, line,
                                       sizeof line))
            rc_logf(log, RC_LOG_WARN, "%s: %s", what, line);
    }
}
