/* cmd_analyse.c - `romcap analyse INPUT --model M --out DIR`: the options, the
 * model, and the analysis stage's run (analysis.h) with a progress bar and the log
 * as its callbacks; the frame at peak ROM is drawn here (snapshot.c). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/analyse.h"
#include "app/cli.h"
#include "app/snapshot.h"
#include "romcap/analysis.h"
#include "romcap/calib.h"
#include "romcap/results.h"
#include "romcap/session.h"
#include "romcap/synth.h"

static void help(FILE *out)
{
    fputs("usage: romcap analyse INPUT [--model M] --out DIR [options]\n"
          "\n"
          "Finds and tracks the model's markers in every frame of INPUT and writes\n"
          "DIR/tracks.csv, DIR/angles.csv and DIR/summary.json (see README.md).\n"
          "\n"
          "INPUT      video file, folder of JPEGs, camera:N or synthetic:NAME[?options]\n"
          "--model M  bundled model name (romcap models) or a model .json file;\n"
          "           optional for synthetic scenes and recorded sessions (they carry\n"
          "           their own model)\n"
          "--out DIR  output folder (created, private)\n"
          "--mirror   read the model mirrored (the other side, or facing the other way);\n"
          "           without it romcap tells the side from the movement and says so\n"
          "--no-mirror  read the model as set up, whatever the movement says\n"
          "--calib F  calibration file from romcap calibrate\n"
          "--snapshot FILE.png  also save the frame at peak ROM with overlays\n"
          "--frames N analyse at most N frames\n"
          "--threads N  1: read, decode and analyse on one thread; 2: decode on a second\n"
          "           thread (default when more than one core is online)\n"
          "--no-progress  no progress bar\n",
          out);
}

rc_status rc_app_resolve_model(const rc_app *app, const char *input, const char *name, rc_model *m,
                               rc_err *err)
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
    return rc_model_resolve(name, app->models_dir, m, err);
}

/* The progress bar (stderr, when it is a terminal) and the log, as the run's
 * callbacks. A message while the bar is on the line starts a new line first. */
typedef struct reporter {
    const rc_app *app;
    bool bar;
    bool drawn; /* the bar is on the current line */
} reporter;

static void on_warn(void *user, const char *msg)
{
    reporter *r = user;
    if (r->drawn)
        fputc('\n', stderr);
    r->drawn = false;
    rc_logf(&r->app->log, RC_LOG_WARN, "%s", msg);
}

static void on_info(void *user, const char *msg)
{
    reporter *r = user;
    if (r->drawn)
        fputc('\n', stderr);
    r->drawn = false;
    rc_logf(&r->app->log, RC_LOG_INFO, "%s", msg);
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

/* What a recorded session holds beyond its model: the calibration it was recorded
 * with (its own copy, the file may be gone) and the side the user gave. Used where
 * the request does not say otherwise. 1 after logging an error. */
typedef struct session_defaults {
    rc_calib calib;
    int have_calib;
    char calib_name[4200];
    rc_mirror_request mirror;
} session_defaults;

static int from_session(const rc_app *app, const rc_analyse_request *rq, session_defaults *d)
{
    *d = (session_defaults){.mirror = RC_MIRROR_AUTO};
    if (!rc_session_is_dir(rq->input))
        return 0;
    rc_err err = {{0}};
    rc_session *s = rc_session_open(rq->input, &err);
    if (!s) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
    const rc_session_meta *m = rc_session_get_meta(s);
    int code = 0;
    if (!rq->calib && m->has_calib) {
        if (rc_session_calib(s, &d->calib, &err) != RC_OK) {
            rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
            code = 1;
        } else {
            d->have_calib = 1;
            snprintf(d->calib_name, sizeof d->calib_name, "%s/session.json (calibration %s)",
                     rq->input, m->calib_path[0] ? m->calib_path : "stored");
            rc_logf(&app->log, RC_LOG_INFO, "using the calibration stored in %s/session.json",
                    rq->input);
        }
    }
    if (!rq->mirror && !rq->no_mirror && !strcmp(m->mirror_source, "given") && m->mirror >= 0) {
        d->mirror = m->mirror ? RC_MIRROR_FORCE_ON : RC_MIRROR_FORCE_OFF;
        rc_logf(&app->log, RC_LOG_INFO, "the session was recorded with %s",
                m->mirror ? "--mirror" : "--no-mirror");
    }
    rc_session_close(s);
    return code;
}

/* The set's ROM of each angle as summary.json gives it (one definition for analyse,
 * live and the report: mean of the repetition peaks of the filtered angle, from
 * measured or interpolated frames), one line per angle. */
static void log_set_rom(const rc_app *app, const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    rc_summary *s = malloc(sizeof *s);
    rc_err err = {{0}};
    if (!s || rc_summary_read(path, s, &err) != RC_OK) {
        free(s);
        return;
    }
    for (int a = 0; a < s->n_angles; a++) {
        const rc_summary_angle *k = &s->angle[a];
        if (k->rom_reps > 0)
            rc_logf(&app->log, RC_LOG_INFO,
                    "%s: set ROM %.1f deg (peak, mean of %d repetition%s, SD %.1f; trough %.1f; "
                    "largest repetition %.1f)",
                    k->name, k->rom_peak_mean_deg, k->rom_reps, k->rom_reps > 1 ? "s" : "",
                    k->rom_peak_sd_deg, k->rom_trough_mean_deg, k->rom_largest_peak_deg);
        else if (k->rom_reps == 0)
            rc_logf(&app->log, RC_LOG_INFO, "%s: no complete repetition, no set ROM", k->name);
    }
    free(s);
}

int rc_analyse_run(const rc_app *app, const rc_analyse_request *rq)
{
    rc_err err = {{0}};
    rc_model model;
    if (rc_app_resolve_model(app, rq->input, rq->model, &model, &err) != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
    session_defaults sd;
    if (from_session(app, rq, &sd))
        return 1;
    reporter rep = {.app = app, .bar = rq->progress && isatty(STDERR_FILENO)};
    rc_analysis_events ev = {
        .user = &rep, .warn = on_warn, .progress = on_progress, .info = on_info};
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
                              .threads = rq->threads};
    rc_analysis_result res;
    rc_status st = rc_analysis_run(&ar, &ev, &res, &err);
    if (st == RC_OK && rq->snapshot)
        st = rc_snapshot_save(&res.peak, &model, rq->snapshot_label, rq->snapshot, &err);
    if (rep.drawn)
        fputc('\n', stderr);
    if (st != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        rc_analysis_result_free(&res);
        return 1;
    }
    const rc_run_info *info = &res.info;
    rc_logf(&app->log, RC_LOG_INFO,
            "%lld frames analysed in %.2f s (%.0f fps, %d thread%s)%s%s; results in %s",
            (long long)info->frames_analysed, info->seconds_wall,
            info->frames_analysed / (info->seconds_wall > 0 ? info->seconds_wall : 1), res.threads,
            res.threads > 1 ? "s" : "", info->frames_skipped ? ", corrupt frames skipped: " : "",
            info->frames_skipped ? "see warnings" : "", rq->out_dir);
    log_set_rom(app, rq->out_dir);
    rc_analysis_result_free(&res);
    return 0;
}

int rc_cmd_analyse(const rc_app *app, int argc, char **argv)
{
    enum {
        O_MODEL = 256,
        O_OUT,
        O_CALIB,
        O_SNAPSHOT,
        O_FRAMES,
        O_THREADS,
        O_MIRROR,
        O_NO_MIRROR,
        O_QUIET
    };
    static const struct option longs[] = {{"help", no_argument, 0, 'h'},
                                          {"model", required_argument, 0, O_MODEL},
                                          {"out", required_argument, 0, O_OUT},
                                          {"calib", required_argument, 0, O_CALIB},
                                          {"snapshot", required_argument, 0, O_SNAPSHOT},
                                          {"frames", required_argument, 0, O_FRAMES},
                                          {"threads", required_argument, 0, O_THREADS},
                                          {"mirror", no_argument, 0, O_MIRROR},
                                          {"no-mirror", no_argument, 0, O_NO_MIRROR},
                                          {"no-progress", no_argument, 0, O_QUIET},
                                          {0}};
    rc_analyse_request rq = {.progress = true};
    rc_cli cli = rc_cli_start("analyse", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        int64_t n;
        switch (c) {
        case 'h': help(stdout); return 0;
        case O_MODEL: rq.model = cli.arg; break;
        case O_OUT: rq.out_dir = cli.arg; break;
        case O_CALIB: rq.calib = cli.arg; break;
        case O_SNAPSHOT: rq.snapshot = cli.arg; break;
        case O_FRAMES:
            if (!rc_cli_int(&cli, "--frames", cli.arg, 0, INT64_MAX, &rq.max_frames))
                return 2;
            break;
        case O_THREADS:
            if (!rc_cli_int(&cli, "--threads", cli.arg, 1, 2, &n))
                return 2;
            rq.threads = (int)n;
            break;
        case O_MIRROR: rq.mirror = true; break;
        case O_NO_MIRROR: rq.no_mirror = true; break;
        case O_QUIET: rq.progress = false; break;
        default: return 2;
        }
    }
    int first = rc_cli_first_arg(&cli);
    if (argc - first > 1) {
        fprintf(stderr, "romcap: error: analyse: unexpected argument '%s'\n", argv[first + 1]);
        return 2;
    }
    if (rq.mirror && rq.no_mirror) {
        fprintf(stderr, "romcap: error: analyse: --mirror and --no-mirror contradict each other\n");
        return 2;
    }
    rq.input = first < argc ? argv[first] : NULL;
    if (!rq.input || !rq.out_dir) {
        fprintf(stderr, "romcap: error: analyse needs INPUT and --out DIR\n");
        help(stderr);
        return 2;
    }
    return rc_analyse_run(app, &rq);
}
