/* live_record.c - session recording in `romcap live` (see live_record.h). */
#define _POSIX_C_SOURCE 200809L
#include "app/live_record.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

rc_status live_record_start(live_recording *r, const rc_model *m, rc_err *err)
{
    if (mkdir("romcap-sessions", 0700) == 0)
        r->made_parent = true;
    else if (errno != EEXIST)
        return rc_err_set(err, RC_E_IO, "romcap-sessions: cannot create: %s", strerror(errno));
    if (!session_name(r, r->dir, sizeof r->dir))
        return rc_err_set(err, RC_E_IO, "%s: exists (no free session name)", r->dir);
    rc_session_config sc = {
        .software = "romcap live",
        .model_name = m->name,
        .tag = r->tag,
        .source_uri = r->uri,
        .source_kind = r->info.kind,
        .width = r->info.width,
        .height = r->info.height,
        .fps = r->info.fps,
        .live = r->info.live,
        .jpeg_quality = r->info.live ? 0 : 90,
        .wait_when_full = r->unpaced && !r->info.live,
    };
    r->w = rc_session_writer_create(r->dir, &sc, err);
    if (!r->w) {
        /* The writer may have made the folder and some files before failing. */
        remove_session_dir(r, r->dir);
        return RC_E_IO;
    }
    snprintf(r->status, sizeof r->status, "\xE2\x97\x8F REC  %s", r->dir);
    return RC_OK;
}

void live_record_toggle(live_recording *r, live_engine *eng, const rc_model *m, const rc_log *log,
                        live_toast *t)
{
    rc_err err = {{0}};
    if (r->w) {
        live_engine_set_recorder(eng, NULL, 0);
        rc_session_writer_stats ws;
        rc_session_writer_get_stats(r->w, &ws);
        rc_session_writer_close(r->w, "stopped by the user", &err);
        r->w = NULL;
        live_toast_printf(t, 3.0, "saved %s (%lld frames)", r->dir, (long long)ws.frames_written);
        rc_logf(log, RC_LOG_INFO, "%s", t->text);
    } else if (live_record_start(r, m, &err) == RC_OK) {
        live_engine_set_recorder(eng, r->w, 90);
        live_toast_show(t, "recording (R stops)");
        rc_logf(log, RC_LOG_INFO, "recording to %s", r->dir);
    } else {
        rc_logf(log, RC_LOG_ERROR, "%s", err.msg);
        live_toast_show(t, "recording failed (see the log)");
    }
}

void live_record_check(live_recording *r, live_engine *eng, const rc_log *log, live_toast *t)
{
    rc_err err = {{0}};
    if (!r->w || !live_engine_record_failed(eng, &err))
        return;
    rc_logf(log, RC_LOG_ERROR, "recording stopped: %s", err.msg);
    live_engine_set_recorder(eng, NULL, 0);
    rc_session_writer_close(r->w, "write failure", NULL);
    r->w = NULL;
    live_toast_show(t, "recording stopped: write failure");
}

const char *live_record_status(const live_recording *r)
{
    return r->w ? r->status : NULL;
}

void live_record_finish(live_recording *r, live_engine *eng, const rc_log *log)
{
    if (!r->w)
        return;
    if (eng)
        live_engine_set_recorder(eng, NULL, 0);
    rc_err err = {{0}};
    rc_status st = rc_session_writer_close(r->w, "end of the live session", &err);
    r->w = NULL;
    /* Empty once closed (every queued frame written): frames.mjpeg has no byte. */
    char path[340];
    struct stat sb;
    snprintf(path, sizeof path, "%s/frames.mjpeg", r->dir);
    if (stat(path, &sb) != 0 || sb.st_size == 0) {
        remove_session_dir(r, r->dir);
        rc_logf(log, RC_LOG_INFO, "nothing was recorded: %s removed", r->dir);
    } else if (st != RC_OK) {
        rc_logf(log, RC_LOG_ERROR, "%s", err.msg);
    } else {
        rc_logf(log, RC_LOG_INFO, "session saved: %s", r->dir);
    }
}
