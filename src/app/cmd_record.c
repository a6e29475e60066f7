/* cmd_record.c - `romcap record`: a source's frames into a session folder (original
 * JPEG bytes, crash-safe, on the session writer's thread), then the analysis of the
 * session into the same folder.
 *
 * The capture loop never waits for the disk: a full queue drops frames (counted and
 * reported). SIGINT / SIGTERM end the recording cleanly; a full disk stops it with a
 * message and keeps what was written.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/analyse.h"
#include "app/cli.h"
#include "romcap/files.h"
#include "romcap/jpeg.h"
#include "romcap/session.h"
#include "romcap/source.h"

/* TUNABLE: quality used when a source has no JPEG bytes of its own (synthetic scenes,
 * BGR videos): visually lossless for marker detection, ~10x smaller than raw. */
enum { ENCODE_QUALITY = 90 };

/* Set by the signal handler: the one piece of process state a handler can touch. */
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    stop_requested = sig;
}

static void help(FILE *out)
{
    fputs("usage: romcap record (--source INPUT | --camera N) --model M --out DIR [options]\n"
          "\n"
          "Records frames into the session folder DIR (created, private): session.json,\n"
          "frames.mjpeg (the source's original JPEG bytes, never re-encoded) and\n"
          "frames.idx; then analyses the session into DIR (tracks.csv, angles.csv,\n"
          "summary.json). Ctrl-C stops the recording cleanly.\n"
          "\n"
          "--source INPUT  video, JPEG folder, camera:N or synthetic:NAME[?options]\n"
          "--camera N      same as --source camera:N\n"
          "--model M       bundled model name or model .json (optional for synthetic)\n"
          "--out DIR       session folder (must not hold a session already)\n"
          "--tag pre|post  which side of the treatment this is\n"
          "--subject ID    subject pseudonym (never a real name)\n"
          "--test NAME     test name (default: the model name)\n"
          "--calib F       calibration file (copied into session.json, used by the analysis)\n"
          "--mirror        the other side / facing the other way from the model's set-up\n"
          "--no-mirror     the model's set-up; neither: the side is detected from the\n"
          "                movement when the session is analysed\n"
          "--frames N      stop after N frames\n"
          "--realtime      pace files and scenes at their own frame rate (cameras always are)\n"
          "--no-analyse    only record\n",
          out);
}

static void sleep_until(int64_t t_ns)
{
    int64_t d = t_ns - rc_clock_ns();
    if (d <= 0)
        return;
    struct timespec ts = {.tv_sec = d / 1000000000LL, .tv_nsec = d % 1000000000LL};
    nanosleep(&ts, NULL); /* EINTR on a signal ends the wait early: fine */
}

typedef struct record_request {
    const char *input, *model, *out, *tag, *subject, *test, *calib;
    int64_t max_frames;
    int realtime, analyse;
    int mirror; /* -1 not given (detected at analysis), 0 --no-mirror, 1 --mirror */
    char camera_uri[32];
} record_request;

/* One recording in progress: what record() opened, and how far it got. */
typedef struct recording {
    rc_source *src;
    rc_source_info si;
    char *model_text, *calib_text; /* copied into session.json */
    rc_jpeg *codec;                /* set when the source gives no JPEG bytes */
    rc_session_writer *w;
    rc_frame f;         /* the frame to record next */
    int64_t n;          /* frames captured */
    const char *reason; /* why the recording ended */
    int failed;         /* a write failed (said when it happened) */
    rc_err err;
} recording;

/* The next frame of src, skipping (with a warning) frames that do not decode. */
static rc_status read_frame(const rc_app *app, rc_source *src, rc_frame *f)
{
    rc_status st = rc_source_read(src, f);
    while (st == RC_E_DECODE) {
        rc_logf(&app->log, RC_LOG_WARN, "%s (frame skipped)", rc_source_last_error(src));
        st = rc_source_read(src, f);
    }
    return st;
}

/* Reads the model and calibration texts and the first frame, and creates the session
 * writer for that frame's size. Logs the reason when it fails. */
static rc_status start_recording(const rc_app *app, const record_request *rq, const rc_model *model,
                                 recording *r)
{
    /* Models and calibrations are small text files (a model at most 1 MiB). */
    rc_status st = rc_read_text(model->path, 1u << 20, &r->model_text, NULL, &r->err);
    if (st == RC_OK && rq->calib)
        st = rc_read_text(rq->calib, 1u << 24, &r->calib_text, NULL, &r->err);
    if (st != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", r->err.msg);
        return st;
    }
    st = read_frame(app, r->src, &r->f);
    if (st != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s: %s", rq->input,
                st == RC_E_EOF ? "no frames" : rc_source_last_error(r->src));
        return st;
    }
    int need_encode = r->f.jpeg == NULL;
    if (need_encode && !(r->codec = rc_jpeg_create(&r->err))) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", r->err.msg);
        return RC_E_NOMEM;
    }
    char software[64];
    snprintf(software, sizeof software, "romcap %s", ROMCAP_VERSION);
    rc_session_config cfg = {
        .software = software,
        .model_name = model->name,
        .model_json = r->model_text,
        .calib_path = rq->calib,
        .calib_text = r->calib_text,
        .mirror = rq->mirror == 1,
        .mirror_source = rq->mirror >= 0 ? "given" : NULL,
        .tag = rq->tag,
        .subject = rq->subject,
        .test = rq->test,
        .source_uri = rq->input,
        .source_kind = r->si.kind,
        .width = r->f.image.width,
        .height = r->f.image.height,
        .fps = r->si.fps,
        .live = r->si.live,
        .jpeg_quality = need_encode ? ENCODE_QUALITY : 0,
    };
    if (!(r->w = rc_session_writer_create(rq->out, &cfg, &r->err))) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", r->err.msg);
        return RC_E_IO;
    }
    return RC_OK;
}

/* Queues the current frame (encoded first when the source has no JPEG bytes; a
 * frame that does not encode is skipped with a warning). Not RC_OK only when
 * writing has failed (said here). */
static rc_status push_frame(const rc_app *app, recording *r)
{
    const uint8_t *jp = r->f.jpeg;
    size_t jn = r->f.jpeg_bytes;
    if (!jp && r->codec &&
        rc_jpeg_encode(r->codec, &r->f.image, ENCODE_QUALITY, &jp, &jn) != RC_OK) {
        rc_logf(&app->log, RC_LOG_WARN, "frame %lld: %s (not recorded)", (long long)r->f.index,
                rc_jpeg_last_error(r->codec));
        return RC_OK;
    }
    if (!jp)
        return RC_OK;
    rc_status st = rc_session_writer_push(r->w, jp, jn, r->f.t_ns, &r->err);
    if (st != RC_OK)
        rc_logf(&app->log, RC_LOG_ERROR, "%s", r->err.msg);
    return st;
}

static const char *stop_reason(void)
{
    return stop_requested == SIGTERM ? "stopped (SIGTERM)" : "stopped by the user";
}

/* Records from the first frame on until the input ends, a signal, the frame limit,
 * or a failure; sets r->reason (and r->failed for a write failure). */
static void capture_loop(const rc_app *app, const record_request *rq, recording *r)
{
    int64_t t_start = rc_clock_ns(), t0_frame = r->f.t_ns;
    r->reason = "end of input";
    for (;;) {
        if (rq->realtime && !r->si.live)
            sleep_until(t_start + (r->f.t_ns - t0_frame));
        if (push_frame(app, r) != RC_OK) {
            r->reason = "write failure";
            r->failed = 1;
            return;
        }
        r->n++;
        if (stop_requested) {
            r->reason = stop_reason();
            return;
        }
        if (rq->max_frames > 0 && r->n >= rq->max_frames) {
            r->reason = "frame limit reached";
            return;
        }
        rc_status st = read_frame(app, r->src, &r->f);
        if (st == RC_E_EOF)
            return;
        if (st != RC_OK) {
            rc_logf(&app->log, RC_LOG_ERROR, "%s", rc_source_last_error(r->src));
            r->reason = "source failure";
            return;
        }
        if (stop_requested) {
            r->reason = stop_reason();
            return;
        }
    }
}

/* Closes the writer and reports the frames captured, kept and dropped; returns 0,
 * or 1 when writing failed. *usable drops to 0 when no frame was kept. */
static int finish_recording(const rc_app *app, const record_request *rq, recording *r, int *usable)
{
    rc_session_writer *wc = r->w;
    r->w = NULL;
    char said[RC_ERR_CAP]; /* a write failure was already said at the push */
    snprintf(said, sizeof said, "%s", r->failed ? r->err.msg : "");
    if (rc_session_writer_close(wc, r->reason, &r->err) != RC_OK) {
        if (strcmp(r->err.msg, said))
            rc_logf(&app->log, RC_LOG_ERROR, "%s", r->err.msg);
        r->failed = 1;
    }
    rc_session *s = rc_session_open(rq->out, &r->err);
    int64_t kept = s ? rc_session_frame_count(s) : 0;
    rc_session_close(s);
    rc_logf(&app->log, r->failed ? RC_LOG_ERROR : RC_LOG_INFO,
            "%s: %lld frames captured, %lld kept, %lld dropped (%s)", rq->out, (long long)r->n,
            (long long)kept, (long long)(r->n - kept), r->reason);
    if (kept == 0)
        *usable = 0;
    return r->failed;
}

/* Records; returns 0, or 1 when recording failed (the session may still be usable:
 * *usable says so). */
static int record(const rc_app *app, const record_request *rq, const rc_model *model, int *usable)
{
    recording r = {.reason = "end of input"};
    *usable = 0;
    if (!(r.src = rc_source_open(rq->input, NULL, &r.err))) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", r.err.msg);
        return 1;
    }
    rc_source_get_info(r.src, &r.si);
    int code = 1;
    if (start_recording(app, rq, model, &r) == RC_OK) {
        *usable = 1;
        struct sigaction sa, old_int, old_term;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        stop_requested = 0;
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
        rc_logf(&app->log, RC_LOG_INFO, "recording %s into %s (Ctrl-C to stop)", rq->input,
                rq->out);
        capture_loop(app, rq, &r);
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        code = finish_recording(app, rq, &r, usable);
    }
    rc_session_writer_close(r.w, "aborted", NULL);
    rc_jpeg_destroy(r.codec);
    free(r.model_text);
    free(r.calib_text);
    rc_source_close(r.src);
    return code;
}

enum {
    OPT_SOURCE = 256,
    OPT_CAMERA,
    OPT_MODEL,
    OPT_OUT,
    OPT_TAG,
    OPT_SUBJECT,
    OPT_TEST,
    OPT_CALIB,
    OPT_FRAMES,
    OPT_REALTIME,
    OPT_NO_ANALYSE,
    OPT_MIRROR,
    OPT_NO_MIRROR
};

/* One option's value into *rq; false (the error said) for a bad value. */
static bool record_option(const rc_cli *cli, int c, record_request *rq)
{
    int64_t v;
    switch (c) {
    case OPT_SOURCE: rq->input = cli->arg; break;
    case OPT_CAMERA:
        if (!rc_cli_int(cli, "--camera", cli->arg, 0, 255, &v))
            return false;
        snprintf(rq->camera_uri, sizeof rq->camera_uri, "camera:%lld", (long long)v);
        rq->input = rq->camera_uri;
        break;
    case OPT_MODEL: rq->model = cli->arg; break;
    case OPT_OUT: rq->out = cli->arg; break;
    case OPT_TAG:
        rq->tag = cli->arg;
        if (strcmp(rq->tag, "pre") && strcmp(rq->tag, "post")) {
            fprintf(stderr, "romcap: error: record: --tag must be pre or post\n");
            return false;
        }
        break;
    case OPT_SUBJECT: rq->subject = cli->arg; break;
    case OPT_TEST: rq->test = cli->arg; break;
    case OPT_CALIB: rq->calib = cli->arg; break;
    case OPT_FRAMES: return rc_cli_int(cli, "--frames", cli->arg, 0, INT32_MAX, &rq->max_frames);
    case OPT_REALTIME: rq->realtime = 1; break;
    case OPT_NO_ANALYSE: rq->analyse = 0; break;
    case OPT_MIRROR:
    case OPT_NO_MIRROR:
        if (rq->mirror >= 0) {
            fprintf(stderr, "romcap: error: record: give --mirror or --no-mirror once\n");
            return false;
        }
        rq->mirror = c == OPT_MIRROR;
        break;
    }
    return true;
}

/* Fills *rq from the command line: -1 to go on, else the exit status (0 after
 * --help, 2 for bad usage, said on stderr). */
static int parse_record(int argc, char **argv, record_request *rq)
{
    static const struct option longs[] = {
        {"help", no_argument, 0, 'h'},
        {"source", required_argument, 0, OPT_SOURCE},
        {"camera", required_argument, 0, OPT_CAMERA},
        {"model", required_argument, 0, OPT_MODEL},
        {"out", required_argument, 0, OPT_OUT},
        {"tag", required_argument, 0, OPT_TAG},
        {"subject", required_argument, 0, OPT_SUBJECT},
        {"test", required_argument, 0, OPT_TEST},
        {"calib", required_argument, 0, OPT_CALIB},
        {"frames", required_argument, 0, OPT_FRAMES},
        {"realtime", no_argument, 0, OPT_REALTIME},
        {"no-analyse", no_argument, 0, OPT_NO_ANALYSE},
        {"mirror", no_argument, 0, OPT_MIRROR},
        {"no-mirror", no_argument, 0, OPT_NO_MIRROR},
        {0},
    };
    rc_cli cli = rc_cli_start("record", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        if (c == 'h') {
            help(stdout);
            return 0;
        }
        if (c == RC_CLI_BAD || !record_option(&cli, c, rq))
            return 2;
    }
    int first = rc_cli_first_arg(&cli);
    if (first < argc) {
        fprintf(stderr, "romcap: error: record: unexpected argument '%s'\n", argv[first]);
        return 2;
    }
    if (!rq->input || !rq->out) {
        fprintf(stderr,
                "romcap: error: record needs --source INPUT (or --camera N) and --out DIR\n");
        help(stderr);
        return 2;
    }
    return -1;
}

int rc_cmd_record(const rc_app *app, int argc, char **argv)
{
    record_request rq = {.analyse = 1, .mirror = -1};
    int r = parse_record(argc, argv, &rq);
    if (r >= 0)
        return r;
    rc_err err = {{0}};
    rc_model model;
    if (rc_app_resolve_model(app, rq.input, rq.model, &model, &err) != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
    int usable = 0;
    int code = record(app, &rq, &model, &usable);
    if (!usable || !rq.analyse)
        return code;
    rc_analyse_request ar = {
        .input = rq.out,
        .model = model.path,
        .out_dir = rq.out,
        .progress = true, /* calibration and a given side: from the session */
    };
    int acode = rc_analyse_run(app, &ar);
    return code ? code : acode;
}
