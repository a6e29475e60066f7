/* cmd_analyse.c - `romcap analyse INPUT --model M --out DIR`: the options, the
 * model, and the analysis stage's run (analysis.h) with a progress bar and the log
 * as its callbacks; the frame at peak ROM is drawn here (snapshot.c). */
#include <stdlib.h>
#include <unistd.h>

#include "app/analyse.h"
#include "app/cli.h"
#include "app/snapshot.h"
#include "romcap/analysis.h"
#include "romcap/results.h"

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
          "--no-auto-learn  keep the model's sticker colours even when they find a\n"
          "           marker poorly (by default its colour is learnt from the first\n"
          "           frames, where the other markers place it, and said)\n"
          "--calib F  calibration file from romcap calibrate\n"
          "--snapshot FILE.png  also save the frame at peak ROM with overlays\n"
          "--frames N analyse at most N frames\n"
          "--threads N  1: read, decode and analyse on one thread; 2: read on a second\n"
          "           thread and decode MJPEG, session and JPEG-folder frames on two\n"
          "           (default when more than one core is online)\n"
          "--no-progress  no progress bar\n",
          out);
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

/* The set's ROM of each angle as summary.json gives it, one line per angle. */
static void log_set_rom(const rc_app *app, const char *dir)
{
    char path[4200], line[RC_ERR_CAP];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    rc_summary *s = malloc(sizeof *s);
    rc_err err = {{0}};
    if (s && rc_summary_read(path, s, &err) == RC_OK)
        for (int a = 0; a < s->n_angles; a++)
            if (rc_summary_rom_line(&s->angle[a], line, sizeof line))
                rc_logf(&app->log, RC_LOG_INFO, "%s", line);
    free(s);
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
                                     &err) != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
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
        st = rc_snapshot_save(&res.peak, &model, rq->snapshot_label, rq->snapshot, &err);
    if (rep.drawn)
        fputc('\n', stderr);
    char line[RC_ERR_CAP + 4200];
    if (st == RC_OK) {
        rc_analysis_result_line(&res, rq->out_dir, line, sizeof line);
        rc_logf(&app->log, RC_LOG_INFO, "%s", line);
        log_set_rom(app, rq->out_dir);
    } else {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
    }
    rc_analysis_result_free(&res);
    return st != RC_OK;
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
        O_NO_AUTO_LEARN,
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
                                          {"no-auto-learn", no_argument, 0, O_NO_AUTO_LEARN},
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
        case O_NO_AUTO_LEARN: rq.no_auto_learn = true; break;
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
