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
    char camera_uri[32];
} record_request;

/* Records; returns 0, or 1 when recording failed (the session may still be usable:
 * *usable says so). */
static int record(const rc_app *app, const record_request *rq, const rc_model *model, int *usable)
{
    rc_err err = {{0}};
    int code = 1;
    *usable = 0;
    rc_source *src = rc_source_open(rq->input, NULL, &err);
    if (!src) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
    rc_source_info si;
    rc_source_get_info(src, &si);
    /* Models and calibrations are small text files (a model at most 1 MiB). */
    char *model_text = NULL, *calib_text = NULL;
    rc_jpeg *codec = NULL;
    rc_session_writer *w = NULL;
    if (rc_read_text(model->path, 1u << 20, &model_text, NULL, &err) != RC_OK ||
        (rq->calib && rc_read_text(rq->calib, 1u << 24, &calib_text, NULL, &err) != RC_OK)) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        goto done;
    }
    int need_encode = 0;
    rc_frame f;
    rc_status st = rc_source_read(src, &f);
    while (st == RC_E_DECODE) {
        rc_logf(&app->log, RC_LOG_WARN, "%s (frame skipped)", rc_source_last_error(src));
        st = rc_source_read(src, &f);
    }
    if (st != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s: %s", rq->input,
                st == RC_E_EOF ? "no frames" : rc_source_last_error(src));
        goto done;
    }
    need_encode = f.jpeg == NULL;
    if (need_encode && !(codec = rc_jpeg_create(&err))) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        goto done;
    }
    char software[64];
    snprintf(software, sizeof software, "romcap %s", ROMCAP_VERSION);
    rc_session_config cfg = {
        .software = software,
        .model_name = model->name,
        .model_json = model_text,
        .calib_path = rq->calib,
        .calib_text = calib_text,
        .tag = rq->tag,
        .subject = rq->subject,
        .test = rq->test,
        .source_uri = rq->input,
        .source_kind = si.kind,
        .width = f.image.width,
        .height = f.image.height,
        .fps = si.fps,
        .live = si.live,
        .jpeg_quality = need_encode ? ENCODE_QUALITY : 0,
    };
    if (!(w = rc_session_writer_create(rq->out, &cfg, &err))) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        goto done;
    }
    *usable = 1;
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    stop_requested = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    rc_logf(&app->log, RC_LOG_INFO, "recording %s into %s (Ctrl-C to stop)", rq->input, rq->out);

    const char *reason = "end of input";
    int64_t n = 0, t_start = rc_clock_ns(), t0_frame = f.t_ns;
    int failed = 0;
    for (;;) {
        if (rq->realtime && !si.live)
            sleep_until(t_start + (f.t_ns - t0_frame));
        const uint8_t *jp = f.jpeg;
        size_t jn = f.jpeg_bytes;
        if (need_encode) {
            if (!f.jpeg && rc_jpeg_encode(codec, &f.image, ENCODE_QUALITY, &jp, &jn) != RC_OK) {
                rc_logf(&app->log, RC_LOG_WARN, "frame %lld: %s (not recorded)", (long long)f.index,
                        rc_jpeg_last_error(codec));
                jp = NULL;
            }
        }
        if (jp && rc_session_writer_push(w, jp, jn, f.t_ns, &err) != RC_OK) {
            rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
            reason = "write failure";
            failed = 1;
            break;
        }
        n++;
        if (stop_requested) {
            reason = stop_requested == SIGTERM ? "stopped (SIGTERM)" : "stopped by the user";
            break;
        }
        if (rq->max_frames > 0 && n >= rq->max_frames) {
            reason = "frame limit reached";
            break;
        }
        st = rc_source_read(src, &f);
        while (st == RC_E_DECODE) {
            rc_logf(&app->log, RC_LOG_WARN, "%s (frame skipped)", rc_source_last_error(src));
            st = rc_source_read(src, &f);
        }
        if (st == RC_E_EOF)
            break;
        if (st != RC_OK) {
            rc_logf(&app->log, RC_LOG_ERROR, "%s", rc_source_last_error(src));
            reason = "source failure";
            break;
        }
        if (stop_requested) {
            reason = stop_requested == SIGTERM ? "stopped (SIGTERM)" : "stopped by the user";
            break;
        }
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    rc_session_writer *wc = w;
    w = NULL;
    char said[RC_ERR_CAP]; /* a write failure was already said at the push */
    snprintf(said, sizeof said, "%s", failed ? err.msg : "");
    if (rc_session_writer_close(wc, reason, &err) != RC_OK) {
        if (strcmp(err.msg, said))
            rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        failed = 1;
    }
    {
        rc_session *s = rc_session_open(rq->out, &err);
        int64_t kept = s ? rc_session_frame_count(s) : 0;
        rc_session_close(s);
        rc_logf(&app->log, failed ? RC_LOG_ERROR : RC_LOG_INFO,
                "%s: %lld frames captured, %lld kept, %lld dropped (%s)", rq->out, (long long)n,
                (long long)kept, (long long)(n - kept), reason);
        if (kept == 0)
            *usable = 0;
    }
    code = failed;
done:
    rc_session_writer_close(w, "aborted", NULL);
    rc_jpeg_destroy(codec);
    free(model_text);
    free(calib_text);
    rc_source_close(src);
    return code;
}

int rc_cmd_record(const rc_app *app, int argc, char **argv)
{
    record_request rq = {.analyse = 1};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            help(stdout);
            return 0;
        } else if (!strcmp(a, "--source") && next) {
            rq.input = argv[++i];
        } else if (!strcmp(a, "--camera") && next) {
            snprintf(rq.camera_uri, sizeof rq.camera_uri, "camera:%s", argv[++i]);
            rq.input = rq.camera_uri;
        } else if (!strcmp(a, "--model") && next) {
            rq.model = argv[++i];
        } else if (!strcmp(a, "--out") && next) {
            rq.out = argv[++i];
        } else if (!strcmp(a, "--tag") && next) {
            rq.tag = argv[++i];
            if (strcmp(rq.tag, "pre") && strcmp(rq.tag, "post")) {
                fprintf(stderr, "romcap: error: record: --tag must be pre or post\n");
                return 2;
            }
        } else if (!strcmp(a, "--subject") && next) {
            rq.subject = argv[++i];
        } else if (!strcmp(a, "--test") && next) {
            rq.test = argv[++i];
        } else if (!strcmp(a, "--calib") && next) {
            rq.calib = argv[++i];
        } else if (!strcmp(a, "--frames") && next) {
            rq.max_frames = strtoll(argv[++i], NULL, 10);
        } else if (!strcmp(a, "--realtime")) {
            rq.realtime = 1;
        } else if (!strcmp(a, "--no-analyse")) {
            rq.analyse = 0;
        } else {
            fprintf(stderr, "romcap: error: record: unknown or incomplete option '%s'\n", a);
            return 2;
        }
    }
    if (!rq.input || !rq.out) {
        fprintf(stderr,
                "romcap: error: record needs --source INPUT (or --camera N) and --out DIR\n");
        help(stderr);
        return 2;
    }
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
        .calib = rq.calib,
        .progress = true,
    };
    int acode = rc_analyse_run(app, &ar);
    return code ? code : acode;
}
