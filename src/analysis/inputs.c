/* inputs.c - what an analysis takes from its input before it runs (analysis.h): the
 * model (a bundled name or file, a synthetic scene's own, a recorded session's copy),
 * a session's stored calibration and given side, and the one-line account of a run.
 * Shared by `romcap analyse`, `record`, `compare`, `live` and its analysis at a stop.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "romcap/analysis.h"
#include "romcap/session.h"
#include "romcap/synth.h"

rc_status rc_analysis_resolve_model(const char *input, const char *name, const char *models_dir,
                                    rc_model *m, rc_err *err)
{
    char scene[RC_NAME_CAP + 1] = "";
    if (!name && !strncmp(input, "synthetic:", 10)) {
        size_t n = strcspn(input + 10, "?");
        if (n >= sizeof scene)
            n = sizeof scene - 1;
        memcpy(scene, input + 10, n);
        scene[n] = '\0';
        for (int i = 0; i < rc_synth_scene_count(); i++)
            if (!strcmp(rc_synth_scene_name(i), scene) && rc_synth_scene_model(i)[0])
                name = rc_synth_scene_model(i);
        for (int i = 0; i < rc_synth_mocap_scene_count(); i++)
            if (!strcmp(rc_synth_mocap_scene_name(i), scene))
                name = rc_synth_mocap_scene_model(i);
    }
    if (!name) {
        /* A recorded session carries a copy of the model it was recorded with. */
        char meta[4200];
        snprintf(meta, sizeof meta, "%s/session.json", input);
        if (access(meta, F_OK) == 0) {
            rc_session *s = rc_session_open(input, err);
            rc_status st = s ? rc_session_model(s, m, err) : RC_E_FORMAT;
            rc_session_close(s);
            return st;
        }
        return rc_err_set(err, RC_E_ARG, "no model given: add --model NAME (see romcap models)");
    }
    return rc_model_resolve(name, models_dir, m, err);
}

static void say(const rc_analysis_events *ev, const char *fmt, const char *what)
{
    char line[RC_ERR_CAP + 64];
    snprintf(line, sizeof line, fmt, what);
    if (ev && ev->info)
        ev->info(ev->user, line);
}

rc_status rc_analysis_session_defaults(const char *input, bool want_calib, bool want_side,
                                       rc_session_defaults *d, const rc_analysis_events *ev,
                                       rc_err *err)
{
    *d = (rc_session_defaults){.mirror = RC_MIRROR_AUTO};
    if (!rc_session_is_dir(input))
        return RC_OK;
    rc_session *s = rc_session_open(input, err);
    if (!s)
        return RC_E_FORMAT; /* the reason is in err */
    const rc_session_meta *m = rc_session_get_meta(s);
    rc_status st = RC_OK;
    if (want_calib && m->has_calib) {
        if ((st = rc_session_calib(s, &d->calib, err)) == RC_OK) {
            d->have_calib = true;
            snprintf(d->calib_name, sizeof d->calib_name, "%s/session.json (calibration %s)", input,
                     m->calib_path[0] ? m->calib_path : "stored");
            say(ev, "using the calibration stored in %s/session.json", input);
        }
    }
    if (want_side && !strcmp(m->mirror_source, "given") && m->mirror >= 0) {
        d->mirror = m->mirror ? RC_MIRROR_FORCE_ON : RC_MIRROR_FORCE_OFF;
        say(ev, "the session was recorded with %s", m->mirror ? "--mirror" : "--no-mirror");
    }
    rc_session_close(s);
    return st;
}

void rc_analysis_result_line(const rc_analysis_result *res, const char *out_dir, char *line,
                             size_t cap)
{
    const rc_run_info *info = &res->info;
    snprintf(line, cap, "%lld frames analysed in %.2f s (%.0f fps, %d thread%s)%s%s; results in %s",
             (long long)info->frames_analysed, info->seconds_wall,
             info->frames_analysed / (info->seconds_wall > 0 ? info->seconds_wall : 1),
             res->threads, res->threads > 1 ? "s" : "",
             info->frames_skipped ? ", corrupt frames skipped: " : "",
             info->frames_skipped ? "see warnings" : "", out_dir);
}

bool rc_analysis_needed(const char *dir)
{
    char sum[4200], ang[4200], meta[4200];
    snprintf(sum, sizeof sum, "%s/summary.json", dir);
    snprintf(ang, sizeof ang, "%s/angles.csv", dir);
    snprintf(meta, sizeof meta, "%s/session.json", dir);
    return !(access(sum, F_OK) == 0 && access(ang, F_OK) == 0) && access(meta, F_OK) == 0;
}
