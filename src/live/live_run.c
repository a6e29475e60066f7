/* live_run.c - one live session (live.h): its set-up and tear-down.
 *
 * Three threads (see src/README.md): the capture thread reads the source into a
 * drop-oldest ring (capture.h), paced at the source's own rate for files and
 * scenes; the analysis thread (analysis/online.c) turns each frame into a "view"; the
 * calling thread runs the window loop (live_window.c). An input that was named and
 * cannot be opened is an error naming it: nothing plays in its place.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "live/live_window.h"
#include "romcap/analysis.h"
#include "romcap/calib.h"

void rc_live_config_init(rc_live_config *cfg)
{
    *cfg = (rc_live_config){.target_min = NAN, .target_max = NAN};
}

/* Opens the input as given; no stand-in when it fails (the error names it). */
static rc_source *open_input(const rc_live_config *cfg, rc_err *err)
{
    const char *input = cfg->input;
    rc_source_options so = cfg->source_options;
    so.camera.lock_later = 1; /* the window asks once the stickers are seen (live_lock.c) */
    rc_source *s = !strncmp(input, "gst:", 4) ? rc_capture_open_gst(input + 4, err)
                                              : rc_source_open(input, &so, err);
    if (s && rc_source_note(s)[0])
        rc_logf(cfg->log, RC_LOG_WARN, "%s", rc_source_note(s));
    rc_source_info info;
    if (s)
        rc_source_get_info(s, &info);
    for (int i = 0; s && info.camera.applied && i < 3; i++) { /* one line per control */
        char line[256];
        rc_logf(cfg->log, RC_LOG_INFO, "%s",
                rc_camera_control_describe(&info.camera, i, line, sizeof line));
    }
    return s;
}

static rc_ui *open_ui(const rc_live_config *cfg, const rc_source_info *info, const rc_model *model,
                      rc_err *ui_err)
{
    rc_ui_config uc;
    rc_ui_config_default(&uc, info->width, info->height);
    char title[128];
    snprintf(title, sizeof title, "romcap - %s", model->title);
    uc.title = title;
    uc.headless = cfg->headless;
    rc_ui *ui = rc_ui_create(&uc, ui_err);
    if (ui && rc_ui_audio_status(ui)[0])
        rc_logf(cfg->log, RC_LOG_INFO, "%s (the target tone is off)", rc_ui_audio_status(ui));
    return ui;
}

static rc_mirror_request mirror_request(const rc_live_config *cfg)
{
    return cfg->mirror ? RC_MIRROR_FORCE_ON : cfg->no_mirror ? RC_MIRROR_FORCE_OFF : RC_MIRROR_AUTO;
}

/* The recording unit's description of every recording of this session. */
static live_recording recording_of(const rc_live_config *cfg, const rc_source_info *info)
{
    return (live_recording){.log = cfg->log,
                            .analyse = cfg->analyse,
                            .analyse_user = cfg->analyse_user,
                            .uri = cfg->input,
                            .tag = cfg->tag,
                            .subject = cfg->subject,
                            .test = cfg->test,
                            .calib = cfg->calib,
                            .given = cfg->mirror || cfg->no_mirror,
                            .mirror = cfg->mirror,
                            .unpaced = cfg->unpaced,
                            .no_analyse = cfg->no_analyse || !cfg->analyse,
                            .no_auto_learn = cfg->no_auto_learn,
                            .info = *info};
}

/* The capture and analysis threads (after --record's start): c->cap and c->eng,
 * or NULL with the reason in err. Takes `src`. */
static void start_threads(live_ctx *c, rc_source *src, const rc_pipeline_options *po, bool ok,
                          rc_err *err)
{
    const rc_live_config *cfg = c->cfg;
    /* --unpaced (soak tests, benchmarks): no pacing, and the capture thread waits
     * for the analysis instead of dropping, so every frame is analysed and recorded. */
    rc_capture_config cc = {.n_slots = 4, .pace = !cfg->unpaced, .lossless = cfg->unpaced};
    cc.loop_uri = cfg->loop && !c->info.live && strncmp(cfg->input, "gst:", 4) ? cfg->input : NULL;
    if (ok)
        c->cap = rc_capture_start(src, &cc, err); /* owns src from here */
    else
        rc_source_close(src);
    if (c->cap)
        c->eng = rc_online_create(c->cap, c->model, po, mirror_request(cfg), cfg->undistort_view,
                                  c->rec->w, 90, err);
    if (c->eng && cfg->no_auto_learn)
        rc_online_set_auto_learn(c->eng, false);
    if (c->eng && cfg->shot_dir && mkdir(cfg->shot_dir, 0700) != 0 && errno != EEXIST) {
        rc_err_set(err, RC_E_IO, "%s: cannot create: %s", cfg->shot_dir, strerror(errno));
        c->eng = (rc_online_destroy(c->eng), NULL);
    }
}

/* Starts the capture and analysis threads (and --record), runs the window loop and
 * stops everything again. Takes `src`. */
static rc_status run_threads(live_ctx *c, rc_source *src, const rc_pipeline_options *po,
                             rc_err *err)
{
    const rc_live_config *cfg = c->cfg;
    const rc_log *log = c->log;
    rc_online_stats stats;
    live_recording rec = recording_of(cfg, &c->info);
    c->stats = &stats;
    c->rec = &rec;
    bool ok = rc_online_stats_init(&stats, err) == RC_OK;
    /* --record: from the first frame, so before capture starts; asked for, a
     * recording that cannot start ends the session. */
    if (ok && cfg->record && (ok = live_record_start(&rec, c->model, NULL, err) == RC_OK))
        rc_logf(log, RC_LOG_INFO, "recording to %s", rec.dir);
    start_threads(c, src, po, ok, err);
    rc_status st = RC_E_NOMEM;
    if (c->eng) {
        st = live_window_run(c, err);
    } else {
        if (!err->msg[0])
            rc_err_set(err, RC_E_NOMEM, "live: out of memory");
        rc_logf(log, RC_LOG_ERROR, "%s", err->msg);
    }
    live_stats_log(&stats, log, c->cap, c->eng, c->model);
    if (c->eng && !rec.w) { /* a recording says its own at its stop */
        rc_track_coverage cov;
        rc_online_coverage(c->eng, &cov);
        live_log_coverage(&cov, c->model, log, "live");
    }
    live_record_finish(&rec, c->eng, c->model, log);
    rc_online_destroy(c->eng);
    rc_capture_stop(c->cap);
    rc_online_stats_free(&stats);
    return st;
}

/* The failure of a step before the threads: said, kept in err. */
static rc_status fail(const rc_live_config *cfg, rc_status st, const rc_err *err)
{
    rc_logf(cfg->log, RC_LOG_ERROR, "%s", err->msg);
    return st;
}

rc_status rc_live_run(const rc_live_config *cfg, bool *no_window, rc_err *err)
{
    *no_window = false;
    rc_status st;
    rc_source *src = open_input(cfg, err);
    if (!src)
        return fail(cfg, RC_E_NOT_FOUND, err);
    rc_model model;
    if ((st = rc_analysis_resolve_model(cfg->input, cfg->model, cfg->models_dir, &model, err)) !=
        RC_OK) {
        rc_source_close(src);
        return fail(cfg, st, err);
    }
    live_ctx c = {.cfg = cfg, .log = cfg->log, .model = &model};
    rc_source_get_info(src, &c.info);
    if (!(c.ui = open_ui(cfg, &c.info, &model, err))) {
        rc_source_close(src);
        *no_window = true;
        return RC_E_DEVICE;
    }
    rc_pipeline_options po = {.mirror = cfg->mirror};
    rc_calib calib; /* outlives the engine: it rebuilds pipelines on a model switch */
    if (cfg->calib) {
        if ((st = rc_calib_load(cfg->calib, &calib, err)) != RC_OK) {
            rc_ui_destroy(c.ui);
            rc_source_close(src);
            return fail(cfg, st, err);
        }
        po.calib = &calib;
        rc_logf(cfg->log, RC_LOG_INFO, "angles in the calibrated plane (%s)", cfg->calib);
    }
    st = run_threads(&c, src, &po, err);
    rc_ui_destroy(c.ui);
    return st;
}
