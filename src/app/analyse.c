/* analyse.c - the analysis run as the commands call it (analyse.h): the model, a
 * session's own calibration and side, the analysis stage (analysis.h) with the
 * progress bar and the log as its callbacks, the frame at peak ROM saved through the
 * ui (rc_ui_snapshot_png), the closing lines. Shared by analyse, record, compare,
 * progress, review and the live window. */
#include <stdio.h>
#include <unistd.h>

#include "app/analyse.h"
#include "romcap/analysis.h"
#include "romcap/results.h"
#include "romcap/ui.h"

/* The progress bar (stderr, when it is a terminal) and the log, as the run's
 * callbacks. A message while the bar is on the line starts a new line first. */
typedef struct reporter {
    const rc_app *app;
    bool bar;
    bool drawn; /* the bar is on the current line */
} reporter;

static void say(reporter *r, rc_log_level level, const char *msg)
{
    if (r->drawn)
        fputc('\n', stderr);
    r->drawn = false;
    rc_logf(&r->app->log, level, "%s", msg);
}

static void on_warn(void *user, const char *msg)
{
    say(user, RC_LOG_WARN, msg);
}

static void on_info(void *user, const char *msg)
{
    say(user, RC_LOG_INFO, msg);
}

static void on_progress(void *user, int64_t done, int64_t total, double fps, bool final)
{
    reporter *r = user;
    if (!r->bar)
        return;
    if (total > 0) {
        int w = 30, k = (int)(w * done / total);
        fprintf(stderr, "\r[%.*s%.*s] %3d%%  frame %lld/%lld  %.0f fps ", k,
                "##############################", w - k, "                              ",
                (int)(100 * done / total), (long long)done, (long long)total, fps);
    } else {
        fprintf(stderr, "\rframe %lld  %.0f fps ", (long long)done, fps);
    }
    r->drawn = !final;
    if (final)
        fputc('\n', stderr);
}

/* The frame at peak ROM with its overlays, as a PNG. */
static rc_status save_snapshot(const rc_peak_frame *s, const rc_model *m, const char *label,
                               const char *path, rc_err *err)
{
    if (!s->have)
        return rc_err_set(err, RC_E_NOT_FOUND, "%s: no frame with a defined angle to show", path);
    char status[160];
    snprintf(status, sizeof status, "Peak %.1f\xc2\xb0 at %.2f s", s->best, s->t_s);
    rc_ui_overlay ov = {
        .model = m,
        .markers = s->marker,
        .angle_deg = s->angle_deg,
        .rom_min_deg = s->lo,
        .rom_max_deg = s->best,
        .frame_index = s->index,
        .t_s = s->t_s,
        .status = status,
        .source_label = label,
    };
    return rc_ui_snapshot_png(&s->image, &ov, path, err);
}

rc_status rc_app_resolve_model(const rc_app *app, const char *input, const char *name, rc_model *m,
                               rc_err *err)
{
    return rc_analysis_resolve_model(input, name, app->models_dir, m, err);
}

int rc_analyse_run(const rc_app *app, const rc_analyse_request *rq)
{
    rc_err err = {{0}};
    rc_model model;
    reporter rep = {.app = app, .bar = rq->progress && isatty(STDERR_FILENO)};
    rc_analysis_events ev = {
        .user = &rep, .warn = on_warn, .progress = on_progress, .info = on_info};
    rc_session_defaults sd;
    if (rc_app_resolve_model(app, rq->input, rq->model, &model, &err) != RC_OK ||
        rc_analysis_session_defaults(rq->input, !rq->calib, !rq->mirror && !rq->no_mirror, &sd, &ev,
                                     &err) != RC_OK)
        return rc_app_fail(app, &err);
    rc_analysis_request ar = {.input = rq->input,
                              .model = &model,
                              .out_dir = rq->out_dir,
                              .calib = rq->calib,
                              .calib_value = sd.have_calib ? &sd.calib : NULL,
                              .calib_name = sd.calib_name,
                              .mirror = rq->mirror      ? RC_MIRROR_FORCE_ON
                                        : rq->no_mirror ? RC_MIRROR_FORCE_OFF
                                                        : sd.mirror,
                              .keep_peak = rq->snapshot != NULL,
                              .max_frames = rq->max_frames,
                              .threads = rq->threads,
                              .no_auto_learn = rq->no_auto_learn};
    rc_analysis_result res;
    rc_status st = rc_analysis_run(&ar, &ev, &res, &err);
    if (st == RC_OK && rq->snapshot)
        st = save_snapshot(&res.peak, &model, rq->snapshot_label, rq->snapshot, &err);
    if (rep.drawn)
        fputc('\n', stderr);
    char line[RC_ERR_CAP + 4200];
    if (st == RC_OK) {
        rc_analysis_result_line(&res, rq->out_dir, line, sizeof line);
        rc_logf(&app->log, RC_LOG_INFO, "%s", line);
        rc_summary_rom_lines(rq->out_dir, rc_app_info, (void *)app);
    } else {
        rc_app_fail(app, &err);
    }
    rc_analysis_result_free(&res);
    return st != RC_OK;
}

int rc_analyse_if_needed(const rc_app *app, const char *dir)
{
    if (!rc_analysis_needed(dir))
        return 0;
    rc_logf(&app->log, RC_LOG_INFO, "analysing %s first", dir);
    /* The session's own model, calibration and given side (rc_analyse_run). */
    rc_analyse_request ar = {.input = dir, .model = NULL, .out_dir = dir, .progress = true};
    return rc_analyse_run(app, &ar);
}
