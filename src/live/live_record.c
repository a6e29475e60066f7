/* live_record.c - session recording in the live session (see live_record.h): the R key,
 * the toasts and the log, the side at the stop, the analysis; the session folders
 * themselves are the analysis stage's (record.h, rc_live_session_*). */
#include "live/live_record.h"

#include <stdio.h>

#include "romcap/compensation.h"
#include "romcap/record.h"

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
    char software[64];
    snprintf(software, sizeof software, "romcap %s (live)", ROMCAP_VERSION);
    rc_live_session_request rq = {.software = software,
                                  .uri = r->uri,
                                  .tag = r->tag,
                                  .subject = r->subject,
                                  .test = r->test,
                                  .calib = r->calib,
                                  .unpaced = r->unpaced,
                                  .info = &r->info};
    mirror_of(r, side, &rq.mirror, &rq.mirror_source);
    r->w =
        rc_live_session_create(&rq, m->path, m->name, r->dir, sizeof r->dir, &r->made_parent, err);
    if (!r->w)
        return RC_E_IO; /* the reason is in err, nothing is left on disk */
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
        rc_session_writer_set_camera_controls(r->w, &r->info.camera); /* locked since? */
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

/* The session analysed into its own folder (the calibration and the given side
 * come from the session itself; the detected side is detected again from the whole
 * recording); true when it succeeded (said in the log either way). */
static bool analyse(live_recording *r)
{
    const rc_log *log = r->log;
    rc_logf(log, RC_LOG_INFO, "analysing %s", r->dir);
    bool ok = r->analyse(r->analyse_user, r->dir, r->model_path, r->no_auto_learn);
    if (ok)
        rc_logf(log, RC_LOG_INFO, "analysed: %s (tracks.csv, angles.csv, summary.json)", r->dir);
    else
        rc_logf(log, RC_LOG_ERROR,
                "%s: the analysis failed; the session is kept (romcap analyse "
                "%s --out %s)",
                r->dir, r->dir, r->dir);
    return ok;
}

void live_record_analyse(live_recording *r, live_toast *t)
{
    if (!r->analyse_pending)
        return;
    r->analyse_pending = false;
    if (analyse(r))
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
    if (rc_live_session_empty(r->dir)) {
        rc_live_session_remove(r->dir, r->made_parent);
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
        if (rc_comp_optional_unseen(m, k, cov->m[k].seen, line, sizeof line))
            rc_logf(log, RC_LOG_INFO, "%s: %s", what, line); /* a set-up choice */
        else if (rc_track_coverage_diagnose(cov, k, m->marker[k].name, m->marker[k].rgb, line,
                                            sizeof line))
            rc_logf(log, RC_LOG_WARN, "%s: %s", what, line);
    }
}
