/* live_session.c - the session folders of a live run's recordings (record.h,
 * rc_live_session_*): a free name, the writer described from the model's and the
 * calibration's own text, and the removal of a folder a failed run left empty, so a
 * failure never leaves an empty "patient session" behind. The window's side of it
 * (the R key, toasts, the analysis at the stop) is live/live_record.c.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "romcap/files.h"
#include "romcap/record.h"
#include "romcap/session.h"

void rc_live_session_remove(const char *dir, bool made_parent)
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
    /* A course folder romcap-sessions/PSEUDONYM/ the run may have made: only when
     * empty (rmdir refuses otherwise). */
    char parent[600];
    snprintf(parent, sizeof parent, "%s", dir);
    char *slash = strrchr(parent, '/');
    if (slash && strncmp(parent, RC_SESSION_ROOT "/", sizeof RC_SESSION_ROOT) == 0 &&
        strchr(parent + sizeof RC_SESSION_ROOT, '/') == slash) {
        *slash = 0;
        rmdir(parent);
    }
    if (made_parent)
        rmdir(RC_SESSION_ROOT); /* only when empty */
}

/* A free folder name romcap-sessions/session-DATE-TIME[-tag]; two recordings
 * started within a second (R pressed twice) get -2, -3, ... False when none is
 * free (the folder is then never touched). */
static bool session_name(const char *tag, char *dir, size_t cap)
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
        snprintf(dir, cap, "romcap-sessions/session-%s%s%s%s", stamp, tag ? "-" : "",
                 tag ? tag : "", nth);
        if (stat(dir, &st) != 0 && errno == ENOENT)
            return true;
    }
    return false;
}

rc_session_writer *rc_live_session_create(const rc_live_session_request *rq, const char *model_path,
                                          const char *model_name, char *dir, size_t dir_cap,
                                          bool *made_parent, rc_err *err)
{
    /* The text of what is analysed: the model file in use (a learnt copy once the L
     * key saved one) and the calibration; at most 1 and 16 MiB as in record. */
    char *model_text = NULL, *calib_text = NULL;
    rc_status st = rc_read_text(model_path, 1u << 20, &model_text, NULL, err);
    if (st == RC_OK && rq->calib)
        st = rc_read_text(rq->calib, 1u << 24, &calib_text, NULL, err);
    if (st != RC_OK) {
        free(model_text);
        return NULL;
    }
    if (mkdir("romcap-sessions", 0700) == 0)
        *made_parent = true;
    else if (errno != EEXIST)
        st = rc_err_set(err, RC_E_IO, "romcap-sessions: cannot create: %s", strerror(errno));
    /* With a pseudonym: the course layout romcap-sessions/PSEUDONYM/DATE-TEST[-TAG]
     * (issue 17), as `romcap record --subject` files it; else a dated name. */
    if (st == RC_OK && rq->subject)
        st = rc_session_course_dir(NULL, rq->subject, rq->test ? rq->test : model_name, rq->tag,
                                   dir, dir_cap, err);
    else if (st == RC_OK && !session_name(rq->tag, dir, dir_cap))
        st = rc_err_set(err, RC_E_IO, "%s: exists (no free session name)", dir);
    const rc_source_info *in = rq->info;
    rc_session_config sc = {
        .software = rq->software,
        .model_name = model_name,
        .model_json = model_text,
        .calib_path = rq->calib,
        .calib_text = calib_text,
        .mirror = rq->mirror,
        .mirror_source = rq->mirror_source,
        .tag = rq->tag,
        .subject = rq->subject,
        .test = rq->test,
        .source_uri = rq->uri,
        .source_kind = in->kind,
        .width = in->width,
        .height = in->height,
        .fps = in->fps,
        .live = in->live,
        .jpeg_quality = in->live ? 0 : 90,
        .wait_when_full = rq->unpaced && !in->live,
        .camera_controls = &in->camera,
    };
    rc_session_writer *w = NULL;
    if (st == RC_OK && !(w = rc_session_writer_create(dir, &sc, err)))
        rc_live_session_remove(dir, *made_parent); /* it may have made some files */
    free(model_text);
    free(calib_text);
    return w;
}

bool rc_live_session_empty(const char *dir)
{
    char path[4200];
    struct stat sb;
    snprintf(path, sizeof path, "%s/frames.mjpeg", dir);
    return stat(path, &sb) != 0 || sb.st_size == 0;
}
