/* live_cli.c - the options of `romcap live` and the main job (see live_cli.h). */
#include "app/live_cli.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/analyse.h"
#include "app/cli.h"
#include "romcap/session.h"

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

parse_result live_parse_options(const char *cmd, int argc, char **argv, live_request *rq,
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

int live_run_session(const rc_app *app, live_request *rq, rc_err *ui_err)
{
    rq->cfg.log = &app->log;
    rq->cfg.models_dir = app->models_dir;
    rq->cfg.analyse = analyse_recording;
    rq->cfg.analyse_user = (void *)app;
    bool no_window = false;
    rc_status st = rc_live_run(&rq->cfg, &no_window, ui_err);
    return no_window ? 3 : st != RC_OK;
}
