/* cmd_live.c - `romcap live` and the main job (`romcap` with no command): their
 * options and help, wired to the live stage (live.h: the session itself) and to
 * `romcap analyse` (recordings at their stop; the main job without a display).
 * Only the main job without any input falls back to the bundled sample scene, and
 * then says so in the log and on the picture.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/analyse.h"
#include "app/cli.h"
#include "romcap/live.h"
#include "romcap/session.h"

static const char SAMPLE_URI[] = "synthetic:knee_flexion";

/* What the command line asked for: the session's config and the storage behind it
 * (strings borrowed from argv). */
typedef struct live_request {
    rc_live_config cfg;
    char camera_uri[32]; /* --camera N */
    const char *out_dir; /* the main job's --out */
} live_request;

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
         "H help, Esc quit.");
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
static bool take_value(rc_cli *cli, int c, live_request *rq)
{
    int64_t n;
    switch (c) {
    case OPT_MODEL: rq->cfg.model = cli->arg; return true;
    case OPT_CALIB: rq->cfg.calib = cli->arg; return true;
    case OPT_SHOT_DIR: rq->cfg.shot_dir = cli->arg; return true;
    case OPT_OUT: rq->out_dir = cli->arg; return true;
    case OPT_SUBJECT: { /* a pseudonym, also a folder name (issue 17) */
        rc_err e = {0};
        if (rc_pseudonym_check(cli->arg, &e) != RC_OK) {
            fprintf(stderr, "romcap: error: live: %s\n", e.msg);
            return false;
        }
        rq->cfg.subject = cli->arg;
        return true;
    }
    case OPT_TEST: rq->cfg.test = cli->arg; return true;
    case OPT_FRAMES: return rc_cli_int(cli, "--frames", cli->arg, 0, INT64_MAX, &rq->cfg.max_frames);
    case OPT_SHOT_AT: return rc_cli_int(cli, "--shot-at", cli->arg, 0, INT64_MAX, &rq->cfg.shot_at);
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
        rq->cfg.tag = cli->arg;
        return true;
    case OPT_TARGET:
        if (!parse_target(cli->arg, &rq->cfg.target_min, &rq->cfg.target_max)) {
            fprintf(stderr, "romcap: error: %s: --target expects MIN:MAX in degrees, got '%s'\n",
                    cli->cmd, cli->arg);
            return false;
        }
        return true;
    case OPT_EXPOSURE:
    case OPT_WHITE_BALANCE:
    case OPT_GAIN: {
        rc_camera_request *cr = &rq->cfg.source_options.camera;
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

/* Options of `live` or of the main job (`main_job`: also --out). */
static parse_result parse_options(const char *cmd, int argc, char **argv, live_request *rq,
                                  bool main_job)
{
    rc_live_config_init(&rq->cfg);
    rc_cli cli = rc_cli_start(cmd, argc, argv, "h", main_job ? MAIN_OPTIONS : LIVE_OPTIONS);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        switch (c) {
        case 'h': return PARSE_HELP;
        case OPT_MIRROR: rq->cfg.mirror = true; break;
        case OPT_NO_MIRROR: rq->cfg.no_mirror = true; break;
        case OPT_NO_ANALYSE: rq->cfg.no_analyse = true; break;
        case OPT_UNDISTORT: rq->cfg.undistort_view = true; break;
        case OPT_LOOP: rq->cfg.loop = true; break;
        case OPT_PATIENT: rq->cfg.patient = true; break;
        case OPT_MIRROR_VIEW: rq->cfg.flip = true; break;
        case OPT_DEBUG: rq->cfg.debug = true; break;
        case OPT_RECORD: rq->cfg.record = true; break;
        case OPT_UNPACED: rq->cfg.unpaced = true; break;
        case OPT_HEADLESS: rq->cfg.headless = true; break;
        case OPT_NO_AUTO_LEARN: rq->cfg.no_auto_learn = true; break;
        default:
            if (!take_value(&cli, c, rq))
                return PARSE_BAD;
        }
    }
    int first = rc_cli_first_arg(&cli);
    if (argc - first > 1 || (first < argc && rq->camera_uri[0])) {
        fprintf(stderr, "romcap: error: %s: unexpected argument '%s' (one INPUT or --camera N)\n",
                cmd, argv[argc - 1]);
        return PARSE_BAD;
    }
    if (rq->cfg.mirror && rq->cfg.no_mirror) {
        fprintf(stderr, "romcap: error: %s: --mirror and --no-mirror contradict each other\n", cmd);
        return PARSE_BAD;
    }
    rq->cfg.input = first < argc ? argv[first] : rq->camera_uri[0] ? rq->camera_uri : NULL;
    return PARSE_OK;
}

/* ---- the session ------------------------------------------------------------------ */

/* The live stage's analysis of a stopped recording: `romcap analyse DIR --out DIR`
 * (its calibration and given side come from the session itself). */
static bool analyse_recording(void *user, const char *dir, const char *model_path,
                              bool no_auto_learn)
{
    rc_analyse_request ar = {.input = dir, .model = model_path, .out_dir = dir,
                             .progress = true, .no_auto_learn = no_auto_learn};
    return rc_analyse_run(user, &ar) == 0;
}

/* Runs the session: the exit status, or 3 with `ui_err` when no window could be
 * opened (nothing said: the caller decides). */
static int run_session(const rc_app *app, live_request *rq, rc_err *ui_err)
{
    rq->cfg.log = &app->log;
    rq->cfg.models_dir = app->models_dir;
    rq->cfg.analyse = analyse_recording;
    rq->cfg.analyse_user = (void *)app;
    bool no_window = false;
    rc_status st = rc_live_run(&rq->cfg, &no_window, ui_err);
    return no_window ? 3 : st != RC_OK;
}

int rc_cmd_live(const rc_app *app, int argc, char **argv)
{
    live_request rq = {0};
    switch (parse_options("live", argc, argv, &rq, false)) {
    case PARSE_HELP: live_help(); return 0;
    case PARSE_BAD: return 2;
    case PARSE_OK: break;
    }
    if (rq.cfg.undistort_view && !rq.cfg.calib) {
        fprintf(stderr, "romcap: error: live: --undistort-view needs --calib FILE\n");
        return 2;
    }
    if (!rq.cfg.input)
        rq.cfg.input = "camera:0";
    if (!rq.cfg.model && strncmp(rq.cfg.input, "synthetic:", 10))
        rq.cfg.model = "knee_flexion";
    rc_err ui_err = {{0}};
    int code = run_session(app, &rq, &ui_err);
    if (code == 3) {
        if (rq.cfg.headless) /* off screen already: out of memory, or no fonts */
            rc_logf(&app->log, RC_LOG_ERROR, "%s", ui_err.msg);
        else
            rc_logf(&app->log, RC_LOG_ERROR,
                    "%s (without a display: romcap live --headless, or romcap analyse)",
                    ui_err.msg);
        return 1;
    }
    return code;
}

/* ---- the main job ------------------------------------------------------------------ */

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
        rq->cfg.input = "camera:0";
        return;
    }
    rc_logf(&app->log, RC_LOG_WARN,
            "%s; playing the bundled sample %s instead (a SAMPLE, not a camera)", err.msg,
            SAMPLE_URI);
    rq->cfg.input = SAMPLE_URI;
    rq->cfg.sample = true;
}

int rc_cmd_run_default(const rc_app *app, int argc, char **argv)
{
    live_request rq = {0};
    switch (parse_options("romcap", argc, argv, &rq, true)) {
    case PARSE_HELP: main_help(); return 0;
    case PARSE_BAD: return 2;
    case PARSE_OK: break;
    }
    if (!rq.cfg.input)
        choose_default_input(app, &rq);
    bool is_camera = !strncmp(rq.cfg.input, "camera:", 7);
    if (!rq.cfg.model && strncmp(rq.cfg.input, "synthetic:", 10))
        rq.cfg.model = "knee_flexion";
    if (!rq.cfg.headless && have_display()) {
        rq.cfg.loop = rq.cfg.loop || !is_camera;
        rc_err ui_err = {{0}};
        int code = run_session(app, &rq, &ui_err);
        if (code != 3)
            return code;
        rc_logf(&app->log, RC_LOG_WARN, "%s; continuing headless", ui_err.msg);
    }
    char dir[256], png[300];
    const char *out_dir = rq.out_dir;
    if (!out_dir) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(dir, sizeof dir, "romcap-out/run-%Y%m%d-%H%M%S", &tm);
        out_dir = dir;
    }
    snprintf(png, sizeof png, "%s/peak.png", out_dir);
    rc_analyse_request ar = {
        .input = rq.cfg.input,
        .model = rq.cfg.model,
        .out_dir = out_dir,
        .snapshot = png,
        .snapshot_label = rq.cfg.sample ? RC_LIVE_SAMPLE_LABEL : NULL,
        .mirror = rq.cfg.mirror,
        .progress = true,
        .max_frames = rq.cfg.max_frames > 0 ? rq.cfg.max_frames : (is_camera ? 600 : 0),
        .no_auto_learn = rq.cfg.no_auto_learn,
    };
    rc_logf(&app->log, RC_LOG_INFO, "no display: analysing %s headless", rq.cfg.input);
    int code = rc_analyse_run(app, &ar);
    if (code == 0)
        printf("romcap: wrote %s/tracks.csv, angles.csv, summary.json and peak.png\n", out_dir);
    return code;
}
