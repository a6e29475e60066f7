/* cmd_record.c - `romcap record`: a source's frames into a session folder (original
 * JPEG bytes, crash-safe, on the session writer's thread), then the analysis of the
 * session into the same folder.
 *
 * Options and wiring: the recording loop is rc_record_run (record.h); this file sets
 * the signal handlers (SIGINT / SIGTERM end the recording cleanly), logs what the
 * run tells and then analyses the session.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "app/analyse.h"
#include "app/cli.h"
#include "romcap/record.h"

/* Set by the signal handler: the one piece of process state a handler can touch. */
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    stop_requested = sig;
}

typedef struct record_request {
    rc_record_request r; /* what the recording needs, filled by the options */
    const char *model;
    int analyse;
    int no_auto_learn; /* --no-auto-learn: the analysis keeps the model's colours */
    char camera_uri[32];
    rc_source_options sopt; /* camera controls */
    rc_session_outcomes outcomes; /* --pain, --pain-after, --psfs, --note (issue 17) */
    char course_dir[1200];        /* --subject without --out: the course layout */
} record_request;

/* What the recording's callbacks need. */
typedef struct started_ctx {
    const rc_app *app;
    const record_request *rq;
    struct sigaction old_int, old_term;
    bool handlers;
} started_ctx;

static void on_say(void *user, rc_log_level level, const char *msg)
{
    rc_logf(&((const started_ctx *)user)->app->log, level, "%s", msg);
}

/* The recording starts: Ctrl-C and SIGTERM now end it cleanly. */
static void on_started(void *user)
{
    started_ctx *c = user;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    stop_requested = 0;
    sigaction(SIGINT, &sa, &c->old_int);
    sigaction(SIGTERM, &sa, &c->old_term);
    c->handlers = true;
    rc_logf(&c->app->log, RC_LOG_INFO, "recording %s into %s (Ctrl-C to stop)", c->rq->r.input,
            c->rq->r.out);
}

/* Records (record.h) with Ctrl-C and SIGTERM ending it cleanly once it started;
 * returns 0, or 1 when recording failed (the session may still be usable:
 * *usable says so). */
static int record(const rc_app *app, record_request *rq, int *usable)
{
    rq->r.stop = &stop_requested;
    started_ctx sc = {.app = app, .rq = rq};
    rc_record_events ev = {.user = &sc, .say = on_say, .started = on_started};
    rc_record_result res;
    rc_err err = {{0}};
    rc_status st = rc_record_run(&rq->r, &ev, &res, &err);
    if (sc.handlers) {
        sigaction(SIGINT, &sc.old_int, NULL);
        sigaction(SIGTERM, &sc.old_term, NULL);
    }
    *usable = res.usable;
    return st != RC_OK;
}

enum {
    OPT_SOURCE = 256, OPT_CAMERA, OPT_MODEL, OPT_OUT, OPT_TAG, OPT_SUBJECT, OPT_TEST, OPT_CALIB,
    OPT_FRAMES, OPT_REALTIME, OPT_NO_ANALYSE, OPT_MIRROR, OPT_NO_MIRROR, OPT_EXPOSURE,
    OPT_WHITE_BALANCE, OPT_GAIN, OPT_NO_AUTO_LEARN, OPT_PAIN, OPT_PAIN_AFTER, OPT_PSFS, OPT_NOTE,
    OPT_REQUIRE_CHECK
};

static const char help_head[] =
    "usage: romcap record (--source INPUT | --camera N) --model M\n"
    "                     (--out DIR | --subject PSEUDONYM) [options]\n"
    "\n"
    "Records frames into the session folder DIR (created, private): session.json,\n"
    "frames.mjpeg (the source's original JPEG bytes, never re-encoded) and\n"
    "frames.idx; then analyses the session into DIR (tracks.csv, angles.csv,\n"
    "summary.json). Ctrl-C stops the recording cleanly.\n"
    "\n";

/* The options, with their help in the order --help lists them. */
static const rc_cli_opt rows[] = {
    {"source", required_argument, OPT_SOURCE,
     "--source INPUT  video, JPEG folder, camera:N or synthetic:NAME[?options]\n"},
    {"camera", required_argument, OPT_CAMERA, "--camera N      same as --source camera:N\n"},
    {"model", required_argument, OPT_MODEL,
     "--model M       bundled model name or model .json (optional for synthetic)\n"},
    {"out", required_argument, OPT_OUT,
     "--out DIR       session folder (must not hold a session already); without it,\n"
     "                --subject files the session as\n"
     "                romcap-sessions/PSEUDONYM/YYYY-MM-DD-TEST[-TAG]/\n"},
    {"tag", required_argument, OPT_TAG, "--tag pre|post  which side of the treatment this is\n"},
    {"subject", required_argument, OPT_SUBJECT,
     "--subject ID    subject pseudonym (never a real name): letters, digits, - and _\n"},
    {"pain", required_argument, OPT_PAIN,
     "--pain N        pain now, before the test: Numeric Pain Rating Scale 0 (no pain)\n"
     "                .. 10 (worst imaginable), a whole number\n"},
    {"pain-after", required_argument, OPT_PAIN_AFTER,
     "--pain-after N  pain right after the test, same scale\n"},
    {"psfs", required_argument, OPT_PSFS,
     "--psfs LIST     Patient-Specific Functional Scale: up to 5 activities, each 0\n"
     "                (unable) .. 10 (as before the problem): \"stairs=4,kneel=2\"\n"},
    {"note", required_argument, OPT_NOTE,
     "--note TEXT     a short note, one line (romcap annotate changes these later)\n"},
    {"test", required_argument, OPT_TEST, "--test NAME     test name (default: the model name)\n"},
    {"calib", required_argument, OPT_CALIB,
     "--calib F       calibration file (copied into session.json, used by the analysis)\n"},
    {"mirror", no_argument, OPT_MIRROR,
     "--mirror        the other side / facing the other way from the model's set-up\n"},
    {"no-mirror", no_argument, OPT_NO_MIRROR,
     "--no-mirror     the model's set-up; neither: the side is detected from the\n"
     "                movement when the session is analysed\n"},
    {"frames", required_argument, OPT_FRAMES, "--frames N      stop after N frames\n"},
    {"realtime", no_argument, OPT_REALTIME,
     "--realtime      pace files and scenes at their own frame rate (cameras always are)\n"},
    {"exposure", required_argument, OPT_EXPOSURE,
     "--exposure MS|auto       camera exposure time in ms, or the driver's auto mode\n"},
    {"white-balance", required_argument, OPT_WHITE_BALANCE,
     "--white-balance K|auto|lock  camera colour temperature in K, auto, or lock\n"},
    {"gain", required_argument, OPT_GAIN,
     "--gain G        camera gain in the driver's units\n"
     "                (cameras, default: auto exposure and white balance for a short\n"
     "                warm-up, then locked; what the driver put in force is logged and\n"
     "                stored in session.json)\n"},
    {"no-analyse", no_argument, OPT_NO_ANALYSE, "--no-analyse    only record\n"},
    {"no-auto-learn", no_argument, OPT_NO_AUTO_LEARN,
     "--no-auto-learn the analysis keeps the model's sticker colours (by default it\n"
     "                learns those its colours find poorly, from the recorded frames)\n"},
    {"require-check", no_argument, OPT_REQUIRE_CHECK,
     "--require-check stop when the set-up check of the first seconds fails (by\n"
     "                default it is said as a warning and stored in session.json)\n"},
    {0},
};

/* One option's value into *rq; false (the error said) for a bad value. */
static bool record_option(const rc_cli *cli, int c, record_request *rq)
{
    int64_t v;
    switch (c) {
    case OPT_SOURCE: rq->r.input = cli->arg; break;
    case OPT_CAMERA:
        if (!rc_cli_int(cli, "--camera", cli->arg, 0, 255, &v))
            return false;
        snprintf(rq->camera_uri, sizeof rq->camera_uri, "camera:%lld", (long long)v);
        rq->r.input = rq->camera_uri;
        break;
    case OPT_MODEL: rq->model = cli->arg; break;
    case OPT_OUT: rq->r.out = cli->arg; break;
    case OPT_TAG:
        rq->r.tag = cli->arg;
        if (strcmp(rq->r.tag, "pre") && strcmp(rq->r.tag, "post")) {
            fprintf(stderr, "romcap: error: record: --tag must be pre or post\n");
            return false;
        }
        break;
    case OPT_SUBJECT: rq->r.subject = cli->arg; break;
    case OPT_TEST: rq->r.test = cli->arg; break;
    case OPT_CALIB: rq->r.calib = cli->arg; break;
    case OPT_FRAMES:
        return rc_cli_int(cli, "--frames", cli->arg, 0, INT32_MAX, &rq->r.max_frames);
    case OPT_REALTIME: rq->r.realtime = 1; break;
    case OPT_NO_ANALYSE: rq->analyse = 0; break;
    case OPT_NO_AUTO_LEARN: rq->no_auto_learn = 1; break;
    case OPT_REQUIRE_CHECK: rq->r.require_check = true; break;
    case OPT_EXPOSURE:
    case OPT_WHITE_BALANCE:
    case OPT_GAIN: return rc_cli_camera_control(cli, &rq->sopt);
    case OPT_PAIN:
    case OPT_PAIN_AFTER:
    case OPT_PSFS:
    case OPT_NOTE: return rc_cli_outcome(cli, &rq->outcomes); /* issue 17, session.h */
    case OPT_MIRROR:
    case OPT_NO_MIRROR:
        if (rq->r.mirror >= 0) {
            fprintf(stderr, "romcap: error: record: give --mirror or --no-mirror once\n");
            return false;
        }
        rq->r.mirror = c == OPT_MIRROR;
        break;
    }
    return true;
}

/* Fills *rq from the command line: -1 to go on, else the exit status (0 after
 * --help, 2 for bad usage, said on stderr). */
static int parse_record(int argc, char **argv, record_request *rq)
{
    rc_cli cli;
    rc_cli_start_rows(&cli, "record", argc, argv, rows);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        if (c == 'h') {
            rc_cli_help(stdout, help_head, rows, NULL);
            return 0;
        }
        if (c == RC_CLI_BAD || !record_option(&cli, c, rq))
            return 2;
    }
    if (!rc_cli_at_most(&cli, 0))
        return 2;
    if (!rq->r.input || (!rq->r.out && !rq->r.subject)) {
        fprintf(stderr, "romcap: error: record needs --source INPUT (or --camera N) and --out "
                        "DIR (or --subject PSEUDONYM)\n");
        rc_cli_help(stderr, help_head, rows, NULL);
        return 2;
    }
    return -1;
}

int rc_cmd_record(const rc_app *app, int argc, char **argv)
{
    char software[64];
    snprintf(software, sizeof software, "romcap %s", ROMCAP_VERSION);
    record_request rq = {.r = {.mirror = -1, .software = software}, .analyse = 1};
    rq.r.source_options = &rq.sopt;
    rq.r.outcomes = &rq.outcomes;
    rc_outcomes_init(&rq.outcomes);
    int r = parse_record(argc, argv, &rq);
    if (r >= 0)
        return r;
    rc_err err = {{0}};
    rc_model model;
    if (rc_app_resolve_model(app, rq.r.input, rq.model, &model, &err) != RC_OK)
        return rc_app_fail(app, &err);
    rq.r.model_path = model.path;
    rq.r.model_name = model.name;
    /* issue 17: --subject without --out files the session by pseudonym */
    if (!rq.r.out && rc_session_course_dir(NULL, rq.r.subject, rq.r.test ? rq.r.test : model.name,
                                           rq.r.tag, rq.course_dir, sizeof rq.course_dir,
                                           &err) != RC_OK)
        return rc_app_fail(app, &err) + 1; /* a bad pseudonym: usage */
    if (!rq.r.out)
        rq.r.out = rq.course_dir;
    int usable = 0;
    int code = record(app, &rq, &usable);
    if (!usable || !rq.analyse)
        return code;
    rc_analyse_request ar = {
        .input = rq.r.out,
        .model = model.path,
        .out_dir = rq.r.out,
        .progress = true, /* calibration and a given side: from the session */
        .no_auto_learn = rq.no_auto_learn,
    };
    int acode = rc_analyse_run(app, &ar);
    return code ? code : acode;
}
