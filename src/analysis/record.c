/* record.c - a recording run: source -> session writer (see record.h).
 *
 * The capture loop never waits for the disk: a full queue drops frames (counted and
 * reported). The caller's stop flag ends the recording cleanly; a full disk stops it
 * with a message and keeps what was written.
 */
#define _POSIX_C_SOURCE 200809L
#include "romcap/record.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check_internal.h"
#include "romcap/files.h"
#include "romcap/jpeg.h"
#include "romcap/session.h"
#include "romcap/source.h"

/* One recording in progress: what rc_record_run opened, and how far it got. */
typedef struct recording {
    const rc_record_request *rq;
    const rc_record_events *ev;
    rc_source *src;
    rc_source_info si;
    char *model_text, *calib_text; /* copied into session.json */
    rc_jpeg *codec;                /* set when the source gives no JPEG bytes */
    rc_session_writer *w;
    rc_check *check;    /* the set-up check of the first seconds (issue 20), or NULL */
    rc_frame f;         /* the frame to record next */
    int64_t n;          /* frames captured */
    const char *reason; /* why the recording ended */
    int failed;         /* a write failed (said when it happened) */
    rc_err err;
} recording;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
say(const recording *r, rc_log_level lv, const char *fmt, ...)
{
    if (!r->ev || !r->ev->say)
        return;
    char line[RC_ERR_CAP + 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    r->ev->say(r->ev->user, lv, line);
}

static void sleep_until(int64_t t_ns)
{
    int64_t d = t_ns - rc_clock_ns();
    if (d <= 0)
        return;
    struct timespec ts = {.tv_sec = d / 1000000000LL, .tv_nsec = d % 1000000000LL};
    nanosleep(&ts, NULL); /* EINTR on a signal ends the wait early: fine */
}

static int stop_asked(const recording *r)
{
    return r->rq->stop ? (int)*r->rq->stop : 0;
}

/* The next frame of the source, skipping (with a warning) frames that do not decode. */
static rc_status read_frame(recording *r)
{
    rc_status st = rc_source_read(r->src, &r->f);
    while (st == RC_E_DECODE) {
        say(r, RC_LOG_WARN, "%s (frame skipped)", rc_source_last_error(r->src));
        st = rc_source_read(r->src, &r->f);
    }
    return st;
}

/* Reads the model and calibration texts and the first frame, and creates the session
 * writer for that frame's size. Says the reason when it fails. */
static rc_status start_recording(recording *r)
{
    const rc_record_request *rq = r->rq;
    /* Models and calibrations are small text files (a model at most 1 MiB). */
    rc_status st = rc_read_text(rq->model_path, 1u << 20, &r->model_text, NULL, &r->err);
    if (st == RC_OK && rq->calib)
        st = rc_read_text(rq->calib, 1u << 24, &r->calib_text, NULL, &r->err);
    if (st != RC_OK) {
        say(r, RC_LOG_ERROR, "%s", r->err.msg);
        return st;
    }
    st = read_frame(r);
    if (st != RC_OK) {
        rc_err_set(&r->err, st, "%s: %s", rq->input,
                   st == RC_E_EOF ? "no frames" : rc_source_last_error(r->src));
        say(r, RC_LOG_ERROR, "%s", r->err.msg);
        return st;
    }
    int need_encode = r->f.jpeg == NULL;
    if (need_encode && !(r->codec = rc_jpeg_create(&r->err))) {
        say(r, RC_LOG_ERROR, "%s", r->err.msg);
        return RC_E_NOMEM;
    }
    rc_session_config cfg = {
        .software = rq->software,
        .model_name = rq->model_name,
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
        .jpeg_quality = need_encode ? RC_RECORD_ENCODE_QUALITY : 0,
        .camera_controls = &r->si.camera,
        .outcomes = rq->outcomes,
    };
    if (!(r->w = rc_session_writer_create(rq->out, &cfg, &r->err))) {
        say(r, RC_LOG_ERROR, "%s", r->err.msg);
        return RC_E_IO;
    }
    if (!rq->no_check)
        r->check = rc__check_for_record(rq->model_path, &r->si, r->f.image.width,
                                        r->f.image.height);
    return RC_OK;
}

/* Queues the current frame (encoded first when the source has no JPEG bytes; a
 * frame that does not encode is skipped with a warning). Not RC_OK only when
 * writing has failed (said here). */
static rc_status push_frame(recording *r)
{
    const uint8_t *jp = r->f.jpeg;
    size_t jn = r->f.jpeg_bytes;
    if (!jp && r->codec &&
        rc_jpeg_encode(r->codec, &r->f.image, RC_RECORD_ENCODE_QUALITY, &jp, &jn) != RC_OK) {
        say(r, RC_LOG_WARN, "frame %lld: %s (not recorded)", (long long)r->f.index,
            rc_jpeg_last_error(r->codec));
        return RC_OK;
    }
    if (!jp)
        return RC_OK;
    rc_status st = rc_session_writer_push(r->w, jp, jn, r->f.t_ns, &r->err);
    if (st != RC_OK)
        say(r, RC_LOG_ERROR, "%s", r->err.msg);
    return st;
}

static const char *stop_reason(const recording *r)
{
    return stop_asked(r) == SIGTERM ? "stopped (SIGTERM)" : "stopped by the user";
}

/* Records from the first frame on until the input ends, the stop flag, the frame
 * limit, or a failure; sets r->reason (and r->failed for a write failure). */
static void capture_loop(recording *r)
{
    const rc_record_request *rq = r->rq;
    int64_t t_start = rc_clock_ns(), t0_frame = r->f.t_ns;
    r->reason = "end of input";
    for (;;) {
        if (rq->realtime && !r->si.live)
            sleep_until(t_start + (r->f.t_ns - t0_frame));
        if (push_frame(r) != RC_OK) {
            r->reason = "write failure";
            r->failed = 1;
            return;
        }
        r->n++;
        if (rc__check_record_step(&r->check, &r->f, r->w, r->ev) && rq->require_check) {
            r->reason = "set-up check failed";
            return;
        }
        if (stop_asked(r)) {
            r->reason = stop_reason(r);
            return;
        }
        if (rq->max_frames > 0 && r->n >= rq->max_frames) {
            r->reason = "frame limit reached";
            return;
        }
        rc_status st = read_frame(r);
        if (st == RC_E_EOF)
            return;
        if (st != RC_OK) {
            say(r, RC_LOG_ERROR, "%s", rc_source_last_error(r->src));
            r->reason = "source failure";
            return;
        }
        if (stop_asked(r)) {
            r->reason = stop_reason(r);
            return;
        }
    }
}

/* Closes the writer and tells the frames captured, kept and dropped. */
static void finish_recording(recording *r, rc_record_result *res)
{
    if (rc__check_record_step(&r->check, NULL, r->w, r->ev) && r->rq->require_check)
        r->reason = "set-up check failed";
    rc_session_writer *wc = r->w;
    r->w = NULL;
    char said[RC_ERR_CAP]; /* a write failure was already said at the push */
    snprintf(said, sizeof said, "%s", r->failed ? r->err.msg : "");
    if (rc_session_writer_close(wc, r->reason, &r->err) != RC_OK) {
        if (strcmp(r->err.msg, said))
            say(r, RC_LOG_ERROR, "%s", r->err.msg);
        r->failed = 1;
    }
    rc_err ignored = {{0}};
    rc_session *s = rc_session_open(r->rq->out, r->failed ? &ignored : &r->err);
    res->kept = s ? rc_session_frame_count(s) : 0;
    rc_session_close(s);
    res->captured = r->n;
    res->reason = r->reason;
    res->usable = res->kept > 0;
    say(r, r->failed ? RC_LOG_ERROR : RC_LOG_INFO,
        "%s: %lld frames captured, %lld kept, %lld dropped (%s)", r->rq->out, (long long)r->n,
        (long long)res->kept, (long long)(r->n - res->kept), r->reason);
}

rc_status rc_record_run(const rc_record_request *rq, const rc_record_events *ev,
                        rc_record_result *res, rc_err *err)
{
    recording r = {.rq = rq, .ev = ev, .reason = "end of input"};
    *res = (rc_record_result){.reason = r.reason};
    if (!(r.src = rc_source_open(rq->input, rq->source_options, &r.err))) {
        say(&r, RC_LOG_ERROR, "%s", r.err.msg);
        return rc_err_set(err, RC_E_NOT_FOUND, "%s", r.err.msg);
    }
    rc_source_get_info(r.src, &r.si);
    for (int i = 0; r.si.camera.applied && i < 3; i++) { /* camera controls (issue 20) */
        char line[256];
        say(&r, RC_LOG_INFO, "%s", rc_camera_control_describe(&r.si.camera, i, line, sizeof line));
    }
    rc_status st = start_recording(&r);
    if (st == RC_OK) {
        if (ev && ev->started)
            ev->started(ev->user);
        capture_loop(&r);
        finish_recording(&r, res);
        st = r.failed ? RC_E_IO : RC_OK;
        if (st == RC_OK && !strcmp(r.reason, "set-up check failed"))
            st = rc_err_set(&r.err, RC_E_UNSUPPORTED,
                            "%s: the set-up check failed (--require-check): recording stopped",
                            rq->out);
    }
    if (st != RC_OK && err)
        *err = r.err;
    rc_session_writer_close(r.w, "aborted", NULL);
    rc_check_destroy(r.check);
    rc_jpeg_destroy(r.codec);
    free(r.model_text);
    free(r.calib_text);
    rc_source_close(r.src);
    return st;
}
