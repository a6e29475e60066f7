/* cmd_live.c - `romcap live` and the main job (`romcap` with no command): their
 * options, and the set-up and tear-down of a live run.
 *
 * Three threads (see src/README.md): the capture thread reads the source into a
 * drop-oldest ring (capture.h), paced at the source's own rate for files and
 * scenes; the analysis thread (analysis/online.c) turns each frame into a "view"; the
 * main thread runs the window loop (live_window.c). An input that was named and
 * cannot be opened is an error naming it: only the main job without any input
 * falls back to the bundled sample scene, and then says so in the log and on the
 * picture.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/analyse.h"
#include "app/cli.h"
#include "app/live_window.h"
#include "romcap/calib.h"
#include "romcap/session.h"

static const char SAMPLE_URI[] = "synthetic:knee_flexion";

/* ---- options ------------------------------------------------------------------ */

enum {
    OPT_MODEL = 256, OPT_CAMERA, OPT_FRAMES, OPT_MIRROR, OPT_CALIB, OPT_UNDISTORT, OPT_LOOP,
    OPT_PATIENT, OPT_MIRROR_VIEW, OPT_DEBUG, OPT_RECORD, OPT_TAG, OPT_TARGET, OPT_SHOT_DIR,
    OPT_SHOT_AT, OPT_UNPACED, OPT_HEADLESS, OPT_OUT, OPT_NO_MIRROR, OPT_SUBJECT, OPT_TEST,
    OPT_NO_ANALYSE, OPT_EXPOSURE, OPT_WHITE_BALANCE, OPT_GAIN, OPT_NO_AUTO_LEARN
};

#define COMMON_OPTIONS                                                                             \
    {"model", required_argument, 0, OPT_MODEL}, {"camera", required_argument, 0, OPT_CAMERA},      \
        {"frames", required_argument, 0, OPT_FRAMES}, {"mirror", no_argument, 0, OPT_MIRROR},      \
        {"calib", required_argument, 0, OPT_CALIB},                                                \
        {"undistort-view", no_argument, 0, OPT_UNDISTORT}, {"loop", no_argument, 0, OPT_LOOP},     \
        {"patient", no_argument, 0, OPT_PATIENT},                                                  \
        {"mirror-view", no_argument, 0, OPT_MIRROR_VIEW}, {"debug", no_argument, 0, OPT_DEBUG},    \
        {"record", no_argument, 0, OPT_RECORD}, {"tag", required_argument, 0, OPT_TAG},            \
        {"target", required_argument, 0, OPT_TARGET},                                              \
        {"shot-dir", required_argument, 0, OPT_SHOT_DIR},                                          \
        {"shot-at", required_argument, 0, OPT_SHOT_AT},                                            \
        {"headless", no_argument, 0, OPT_HEADLESS}, {"help", no_argument, 0, 'h'}

static const struct option LIVE_OPTIONS[] = {
    COMMON_OPTIONS,
    {"unpaced", no_argument, 0, OPT_UNPACED},
    {"no-mirror", no_argument, 0, OPT_NO_MIRROR},
    {"subject", required_argument, 0, OPT_SUBJECT},
    {"test", required_argument, 0, OPT_TEST},
    {"no-analyse", no_argument, 0, OPT_NO_ANALYSE},
    {"exposure", required_argument, 0, OPT_EXPOSURE},
    {"white-balance", required_argument, 0, OPT_WHITE_BALANCE},
    {"gain", required_argument, 0, OPT_GAIN},
    {"no-auto-learn", no_argument, 0, OPT_NO_AUTO_LEARN},
    {0}};
static const struct option MAIN_OPTIONS[] = {COMMON_OPTIONS, {"out", required_argument, 0, OPT_OUT},
                                             {0}};

static void live_help(void)
{
    puts("usage: romcap live [INPUT | --camera N] [--model M] [--patient] [--target MIN:MAX]\n"
         "                   [--mirror | --no-mirror] [--mirror-view] [--calib F [--undistort-view]]\n"
         "                   [--loop] [--frames N] [--headless] [--unpaced] [--debug]\n"
         "                   [--record [--no-analyse]] [--tag pre|post] [--subject ID]\n"
         "                   [--test NAME] [--exposure MS|auto] [--white-balance K|auto|lock]\n"
         "                   [--gain G] [--no-auto-learn]\n"
         "                   [--shot-dir DIR --shot-at FRAME]\n"
         "\n"
         "Plays INPUT (default camera:0) live in a window: markers, segments, angles, ROM\n"
         "of the set, repetitions, peak velocity, SPARC and an angle-time plot. A camera,\n"
         "file or model that cannot be opened is an error (nothing plays in its place).\n"
         "Files, folders, sessions and synthetic:NAME scenes play at their own frame rate;\n"
         "gst:PIPELINE reads a GStreamer pipeline ending in appsink. --target sets the\n"
         "patient's target band; by default it is the last fifth of the model's normal\n"
         "range when that norm was measured in the position filmed, else from 90% of the\n"
         "patient's own best repetition once 2 are done (said in the log and on screen).\n"
         "--mirror-view flips the picture like a mirror. --headless draws off screen;\n"
         "--shot-dir saves the canvas of the first frame numbered >= --shot-at as\n"
         "DIR/frame-NNNNNN.png. At the end the capture-to-display latency (median, p95)\n"
         "and CPU per frame are logged. --unpaced plays files and scenes as fast as the\n"
         "analysis takes them, dropping none (soak tests).\n"
         "Side: without --mirror or --no-mirror the first seconds decide whether the\n"
         "subject is filmed mirrored from the model (other side, or facing the other\n"
         "way); the panel says \"deciding side\" until then, and the log says what it chose.\n"
         "Recordings (--record, R) are session folders like romcap record's (model,\n"
         "calibration, mirror, --subject pseudonym, --test name, --tag) and are analysed\n"
         "into their own folder when they stop (not with --no-analyse), ready for\n"
         "romcap compare.\n"
         "Sticker colours: when a marker's colour finds it poorly in the first 2 s,\n"
         "its sticker's colour is learnt where the other markers put it, checked for\n"
         "1 s and used from then on, said in the log and on screen (and stored in a\n"
         "recording's session.json); --no-auto-learn keeps the model's colours.\n"
         "Camera controls: --exposure in ms or auto, --white-balance in K, auto or lock,\n"
         "--gain in the driver's units; by default a camera's auto exposure and white\n"
         "balance run for a short warm-up and are then locked. What the driver put in\n"
         "force is logged, one line per control, and stored in recorded sessions.\n"
         "Keys: Space pause, right arrow step, S screenshot, P patient view, M sound,\n"
         "V mirror view, 0 reset ROM, Tab next model, R record start/stop (into\n"
         "romcap-sessions/, tagged with --tag), L learn the stickers' colours (click\n"
         "each; saved as romcap-out/MODEL_learnt.json), F1 latency overlay,\n"
         "C set-up check (its panel; C or Esc closes it; after a failed or missing\n"
         "check R only warns, and a second R records), H help, Esc quit.");
}

static void main_help(void)
{
    puts("usage: romcap [--model M] [--frames N] [--out DIR] [--headless]\n"
         "              [--shot-dir DIR --shot-at FRAME]\n"
         "\n"
         "The main job: camera:0 if a camera opens, else the bundled sample scene\n"
         "(synthetic:knee_flexion, labelled \"SAMPLE\" on the picture and in the log);\n"
         "shown in a window when a display exists, else analysed headless into DIR\n"
         "(default romcap-out/run-DATE-TIME) with a PNG snapshot of the frame at peak\n"
         "range of motion. In a window, --shot-dir saves the canvas of the first frame\n"
         "numbered >= --shot-at as DIR/frame-NNNNNN.png.");
}

static int parse_target(const char *s, double *lo, double *hi)
{
    char *e;
    *lo = strtod(s, &e);
    if (*e != ':')
        return 0;
    *hi = strtod(e + 1, &e);
    return *e == '\0' && isfinite(*lo) && isfinite(*hi) && *hi > *lo;
}

/* The options of one value each; false after printing the error. */
static bool take_value(rc_cli *cli, int c, live_request *rq, const char **out_dir)
{
    int64_t n;
    switch (c) {
    case OPT_MODEL: rq->model = cli->arg; return true;
    case OPT_CALIB: rq->calib = cli->arg; return true;
    case OPT_SHOT_DIR: rq->shot_dir = cli->arg; return true;
    case OPT_OUT: *out_dir = cli->arg; return true;
    case OPT_SUBJECT: { /* a pseudonym, also a folder name (issue 17) */
        rc_err e = {0};
        if (rc_pseudonym_check(cli->arg, &e) != RC_OK) {
            fprintf(stderr, "romcap: error: live: %s\n", e.msg);
            return false;
        }
        rq->subject = cli->arg;
        return true;
    }
    case OPT_TEST: rq->test = cli->arg; return true;
    case OPT_FRAMES: return rc_cli_int(cli, "--frames", cli->arg, 0, INT64_MAX, &rq->max_frames);
    case OPT_SHOT_AT: return rc_cli_int(cli, "--shot-at", cli->arg, 0, INT64_MAX, &rq->shot_at);
    case OPT_CAMERA:
        if (!rc_cli_int(cli, "--camera", cli->arg, 0, 9999, &n))
            return false;
        snprintf(rq->camera_uri, sizeof rq->camera_uri, "camera:%d", (int)n);
        return true;
    case OPT_TAG:
        if (strcmp(cli->arg, "pre") && strcmp(cli->arg, "post")) {
            fprintf(stderr, "romcap: error: %s: --tag expects pre or post, got '%s'\n", cli->cmd,
                    cli->arg);
            return false;
        }
        rq->tag = cli->arg;
        return true;
    case OPT_TARGET:
        if (!parse_target(cli->arg, &rq->target_min, &rq->target_max)) {
            fprintf(stderr, "romcap: error: %s: --target expects MIN:MAX in degrees, got '%s'\n",
                    cli->cmd, cli->arg);
            return false;
        }
        return true;
    case OPT_EXPOSURE:
    case OPT_WHITE_BALANCE:
    case OPT_GAIN: {
        rc_camera_request *cr = &rq->source_options.camera;
        rc_err e = {0};
        rc_status st = c == OPT_EXPOSURE ? rc_camera_parse_exposure(cli->arg, cr, &e)
                       : c == OPT_GAIN   ? rc_camera_parse_gain(cli->arg, cr, &e)
                                         : rc_camera_parse_white_balance(cli->arg, cr, &e);
        if (st != RC_OK)
            fprintf(stderr, "romcap: error: %s: %s\n", cli->cmd, e.msg);
        return st == RC_OK;
    }
    default: return false; /* RC_CLI_BAD: the error is printed */
    }
}

typedef enum parse_result { PARSE_OK, PARSE_HELP, PARSE_BAD } parse_result;

/* Options of `live` (out_dir NULL) or of the main job (`--out` into *out_dir). */
static parse_result parse_options(const char *cmd, int argc, char **argv, live_request *rq,
                                  const char **out_dir)
{
    rq->target_min = rq->target_max = NAN;
    rc_cli cli = rc_cli_start(cmd, argc, argv, "h", out_dir ? MAIN_OPTIONS : LIVE_OPTIONS);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        switch (c) {
        case 'h': return PARSE_HELP;
        case OPT_MIRROR: rq->mirror = true; break;
        case OPT_NO_MIRROR: rq->no_mirror = true; break;
        case OPT_NO_ANALYSE: rq->no_analyse = true; break;
        case OPT_UNDISTORT: rq->undistort_view = true; break;
        case OPT_LOOP: rq->loop = true; break;
        case OPT_PATIENT: rq->patient = true; break;
        case OPT_MIRROR_VIEW: rq->flip = true; break;
        case OPT_DEBUG: rq->debug = true; break;
        case OPT_RECORD: rq->record = true; break;
        case OPT_UNPACED: rq->unpaced = true; break;
        case OPT_HEADLESS: rq->headless = true; break;
        case OPT_NO_AUTO_LEARN: rq->no_auto_learn = true; break;
        default:
            if (!take_value(&cli, c, rq, out_dir))
                return PARSE_BAD;
        }
    }
    int first = rc_cli_first_arg(&cli);
    if (argc - first > 1 || (first < argc && rq->camera_uri[0])) {
        fprintf(stderr, "romcap: error: %s: unexpected argument '%s' (one INPUT or --camera N)\n",
                cmd, argv[argc - 1]);
        return PARSE_BAD;
    }
    if (rq->mirror && rq->no_mirror) {
        fprintf(stderr, "romcap: error: %s: --mirror and --no-mirror contradict each other\n", cmd);
        return PARSE_BAD;
    }
    rq->input = first < argc ? argv[first] : rq->camera_uri[0] ? rq->camera_uri : NULL;
    return PARSE_OK;
}

/* ---- one live run ---------------------------------------------------------------- */

/* Opens the input as given; no stand-in when it fails (the error names it). */
static rc_source *open_input(const rc_app *app, const char *input, const rc_source_options *opt,
                             rc_err *err)
{
    rc_source *s = !strncmp(input, "gst:", 4) ? rc_capture_open_gst(input + 4, err)
                                              : rc_source_open(input, opt, err);
    if (s && rc_source_note(s)[0])
        rc_logf(&app->log, RC_LOG_WARN, "%s", rc_source_note(s));
    rc_source_info info;
    if (s)
        rc_source_get_info(s, &info);
    for (int i = 0; s && info.camera.applied && i < 3; i++) { /* one line per control */
        char line[256];
        rc_logf(&app->log, RC_LOG_INFO, "%s",
                rc_camera_control_describe(&info.camera, i, line, sizeof line));
    }
    return s;
}

static rc_ui *open_ui(const rc_app *app, const live_request *rq, const rc_source_info *info,
                      const rc_model *model, rc_err *ui_err)
{
    rc_ui_config cfg;
    rc_ui_config_default(&cfg, info->width, info->height);
    char title[128];
    snprintf(title, sizeof title, "romcap - %s", model->title);
    cfg.title = title;
    cfg.headless = rq->headless;
    rc_ui *ui = rc_ui_create(&cfg, ui_err);
    if (ui && rc_ui_audio_status(ui)[0])
        rc_logf(&app->log, RC_LOG_INFO, "%s (the target tone is off)", rc_ui_audio_status(ui));
    return ui;
}

static rc_mirror_request mirror_request(const live_request *rq)
{
    return rq->mirror ? RC_MIRROR_FORCE_ON : rq->no_mirror ? RC_MIRROR_FORCE_OFF : RC_MIRROR_AUTO;
}

/* Starts the capture and analysis threads (and --record), runs the window loop and
 * stops everything again. Takes `src`. Returns the exit status. */
static int run_threads(live_ctx *c, rc_source *src, const rc_pipeline_options *po)
{
    const live_request *rq = c->rq;
    const rc_log *log = &c->app->log;
    rc_err err = {{0}};
    live_stats stats;
    live_recording rec = {.app = c->app, .uri = rq->input, .tag = rq->tag,
                          .subject = rq->subject, .test = rq->test, .calib = rq->calib,
                          .given = rq->mirror || rq->no_mirror, .mirror = rq->mirror,
                          .unpaced = rq->unpaced, .no_analyse = rq->no_analyse,
                          .no_auto_learn = rq->no_auto_learn, .info = c->info};
    c->stats = &stats;
    c->rec = &rec;
    bool ok = live_stats_init(&stats, &err) == RC_OK;
    /* --record: from the first frame, so before capture starts; asked for on the
     * command line, a recording that cannot start ends the run (exit status 1). */
    if (ok && rq->record && (ok = live_record_start(&rec, c->model, NULL, &err) == RC_OK))
        rc_logf(log, RC_LOG_INFO, "recording to %s", rec.dir);
    /* --unpaced (soak tests, benchmarks): no pacing, and the capture thread waits
     * for the analysis instead of dropping, so every frame is analysed and recorded. */
    rc_capture_config cc = {.n_slots = 4, .pace = !rq->unpaced, .lossless = rq->unpaced};
    cc.loop_uri = rq->loop && !c->info.live && strncmp(rq->input, "gst:", 4) ? rq->input : NULL;
    if (ok)
        c->cap = rc_capture_start(src, &cc, &err); /* owns src from here */
    else
        rc_source_close(src);
    if (c->cap)
        c->eng = rc_online_create(c->cap, c->model, po, mirror_request(rq), rq->undistort_view,
                                  rec.w, 90, &err);
    if (c->eng && rq->no_auto_learn)
        rc_online_set_auto_learn(c->eng, false);
    if (c->eng && rq->shot_dir && mkdir(rq->shot_dir, 0700) != 0 && errno != EEXIST) {
        rc_err_set(&err, RC_E_IO, "%s: cannot create: %s", rq->shot_dir, strerror(errno));
        c->eng = (rc_online_destroy(c->eng), NULL);
    }
    int code = 1;
    if (c->eng)
        code = live_window_run(c);
    else
        rc_logf(log, RC_LOG_ERROR, "%s", err.msg[0] ? err.msg : "live: out of memory");
    live_stats_log(&stats, log, c->cap, c->eng);
    if (c->eng && !rec.w) { /* a recording says its own at its stop */
        rc_track_coverage cov;
        rc_online_coverage(c->eng, &cov);
        live_log_coverage(&cov, c->model, log, "live");
    }
    live_record_finish(&rec, c->eng, c->model, log);
    rc_online_destroy(c->eng);
    rc_capture_stop(c->cap);
    live_stats_free(&stats);
    return code;
}

/* Returns the exit status. `ui_err` receives the reason when no window could be
 * opened (exit status 3), so the caller can fall back to headless. */
static int live_run(const rc_app *app, const live_request *rq, rc_err *ui_err)
{
    rc_err err = {{0}};
    rc_source *src = open_input(app, rq->input, &rq->source_options, &err);
    if (!src) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
    rc_model model;
    if (rc_app_resolve_model(app, rq->input, rq->model, &model, &err) != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        rc_source_close(src);
        return 1;
    }
    live_ctx c = {.app = app, .rq = rq, .model = &model};
    rc_source_get_info(src, &c.info);
    if (!(c.ui = open_ui(app, rq, &c.info, &model, ui_err))) {
        rc_source_close(src);
        return 3;
    }
    rc_pipeline_options po = {.mirror = rq->mirror};
    rc_calib calib; /* outlives the engine: it rebuilds pipelines on a model switch */
    if (rq->calib) {
        if (rc_calib_load(rq->calib, &calib, &err) != RC_OK) {
            rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
            rc_ui_destroy(c.ui);
            rc_source_close(src);
            return 1;
        }
        po.calib = &calib;
        rc_logf(&app->log, RC_LOG_INFO, "angles in the calibrated plane (%s)", rq->calib);
    }
    int code = run_threads(&c, src, &po);
    rc_ui_destroy(c.ui);
    return code;
}

/* ---- the commands ----------------------------------------------------------------- */

int rc_cmd_live(const rc_app *app, int argc, char **argv)
{
    live_request rq = {0};
    switch (parse_options("live", argc, argv, &rq, NULL)) {
    case PARSE_HELP: live_help(); return 0;
    case PARSE_BAD: return 2;
    case PARSE_OK: break;
    }
    if (rq.undistort_view && !rq.calib) {
        fprintf(stderr, "romcap: error: live: --undistort-view needs --calib FILE\n");
        return 2;
    }
    if (!rq.input)
        rq.input = "camera:0";
    if (!rq.model && strncmp(rq.input, "synthetic:", 10))
        rq.model = "knee_flexion";
    rc_err ui_err = {{0}};
    int code = live_run(app, &rq, &ui_err);
    if (code == 3) {
        if (rq.headless) /* off screen already: out of memory, or no fonts */
            rc_logf(&app->log, RC_LOG_ERROR, "%s", ui_err.msg);
        else
            rc_logf(&app->log, RC_LOG_ERROR,
                    "%s (without a display: romcap live --headless, or romcap analyse)",
                    ui_err.msg);
        return 1;
    }
    return code;
}

static bool have_display(void)
{
    const char *d = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
    return (d && *d) || (w && *w);
}

/* No input given: camera:0 if it opens, else the bundled sample, said loudly. */
static void choose_default_input(const rc_app *app, live_request *rq)
{
    rc_err err = {{0}};
    rc_source *cam = rc_source_open("camera:0", NULL, &err);
    if (cam) {
        rc_source_close(cam);
        rq->input = "camera:0";
        return;
    }
    rc_logf(&app->log, RC_LOG_WARN,
            "%s; playing the bundled sample %s instead (a SAMPLE, not a camera)", err.msg,
            SAMPLE_URI);
    rq->input = SAMPLE_URI;
    rq->sample = true;
}

int rc_cmd_run_default(const rc_app *app, int argc, char **argv)
{
    live_request rq = {0};
    const char *out_dir = NULL;
    switch (parse_options("romcap", argc, argv, &rq, &out_dir)) {
    case PARSE_HELP: main_help(); return 0;
    case PARSE_BAD: return 2;
    case PARSE_OK: break;
    }
    if (!rq.input)
        choose_default_input(app, &rq);
    bool is_camera = !strncmp(rq.input, "camera:", 7);
    if (!rq.model && strncmp(rq.input, "synthetic:", 10))
        rq.model = "knee_flexion";
    if (!rq.headless && have_display()) {
        rq.loop = rq.loop || !is_camera;
        rc_err ui_err = {{0}};
        int code = live_run(app, &rq, &ui_err);
        if (code != 3)
            return code;
        rc_logf(&app->log, RC_LOG_WARN, "%s; continuing headless", ui_err.msg);
    }
    char dir[256], png[300];
    if (!out_dir) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(dir, sizeof dir, "romcap-out/run-%Y%m%d-%H%M%S", &tm);
        out_dir = dir;
    }
    snprintf(png, sizeof png, "%s/peak.png", out_dir);
    rc_analyse_request ar = {
        .input = rq.input,
        .model = rq.model,
        .out_dir = out_dir,
        .snapshot = png,
        .snapshot_label = rq.sample ? LIVE_SAMPLE_LABEL : NULL,
        .mirror = rq.mirror,
        .progress = true,
        .max_frames = rq.max_frames > 0 ? rq.max_frames : (is_camera ? 600 : 0),
        .no_auto_learn = rq.no_auto_learn,
    };
    rc_logf(&app->log, RC_LOG_INFO, "no display: analysing %s headless", rq.input);
    int code = rc_analyse_run(app, &ar);
    if (code == 0)
        printf("romcap: wrote %s/tracks.csv, angles.csv, summary.json and peak.png\n", out_dir);
    return code;
}
