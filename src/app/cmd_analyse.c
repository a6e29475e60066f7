/* cmd_analyse.c - `romcap analyse INPUT --model M --out DIR`: offline analysis as
 * fast as the CPU allows, writing tracks.csv, angles.csv and summary.json.
 *
 * With a second core, reading and decoding run on the capture thread in lossless
 * mode (capture.h: it waits instead of dropping and decodes straight into its
 * slots) while this thread analyses: the same frames and skipped-frame warnings
 * in the same order as the one-thread loop, so the outputs are byte-identical. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/analyse.h"
#include "app/outputs.h"
#include "app/pipeline.h"
#include "app/snapshot.h"
#include "romcap/calib.h"
#include "romcap/capture.h"
#include "romcap/session.h"
#include "romcap/synth.h"

/* TUNABLE: longest occlusion bridged offline by interpolation (the tracker's own
 * prediction limit is 0.5 s; beyond it markers are lost anyway). */
static const double GAP_FILL_MAX_S = 0.5;

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
          "--mirror   the subject faces the other way / the other side is measured\n"
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

/* The frames to analyse: straight from the source (one thread), or from the
 * capture thread decoding ahead in lossless mode (two threads). */
typedef struct input {
    rc_source *src;  /* one thread: owned */
    rc_capture *cap; /* two threads: owns the source */
    const rc_capture_frame *held;
    rc_err why;
} input;

/* TUNABLE: slots of the two-thread queue: one being decoded, one being analysed,
 * one queued. Decoding is the slower side, so the queue is mostly empty; more
 * slots only spread the decoder's writes over more memory (1080p: 3 MB a slot):
 * bench_pipeline at 1080p spent 4.50 ms CPU a frame with 3 slots, 4.99 with 8. */
enum { PIPE_SLOTS = 3 };

static rc_status input_start(input *in, int threads, rc_err *err)
{
    rc_source_info si;
    rc_source_get_info(in->src, &si);
    if (threads < 2 || si.live)
        return RC_OK; /* a camera is never made to wait: the one-thread loop */
    rc_capture_config cc = {.n_slots = PIPE_SLOTS, .pace = 0, .lossless = 1, .corrupt_entries = 1};
    /* The capture owns the source from here, also on failure. */
    in->cap = rc_capture_start(in->src, &cc, err);
    in->src = NULL;
    return in->cap ? RC_OK : RC_E_NOMEM; /* the reason is in err */
}

/* The next frame, as rc_source_read: RC_OK (valid until the next call), RC_E_DECODE
 * for a skipped frame, RC_E_EOF or a fatal status; in->why says why for the last. */
static rc_status input_next(input *in, rc_frame *f)
{
    if (!in->cap) {
        rc_status st = rc_source_read(in->src, f);
        snprintf(in->why.msg, sizeof in->why.msg, "%s", rc_source_last_error(in->src));
        return st;
    }
    rc_capture_release(in->cap, in->held);
    in->held = rc_capture_acquire_wait(in->cap);
    if (!in->held)
        return rc_capture_state(in->cap, &in->why);
    snprintf(in->why.msg, sizeof in->why.msg, "%s", in->held->why);
    *f = in->held->frame;
    return in->held->status;
}

static void input_close(input *in)
{
    if (in->cap)
        rc_capture_release(in->cap, in->held);
    rc_capture_stop(in->cap);
    rc_source_close(in->src);
}

static void progress_bar(int64_t done, int64_t total, double fps)
{
    if (total > 0) {
        int w = 30, k = (int)(w * done / total);
        fprintf(stderr, "\r[%.*s%.*s] %3d%%  frame %lld/%lld  %.0f fps ", k,
                "##############################", w - k, "                              ",
                (int)(100 * done / total), (long long)done, (long long)total, fps);
    } else {
        fprintf(stderr, "\rframe %lld  %.0f fps ", (long long)done, fps);
    }
}

int rc_analyse_run(const rc_app *app, const rc_analyse_request *rq)
{
    rc_err err = {{0}};
    rc_model model;
    int exit_code = 1;
    rc_source *src = NULL;
    input in = {0};
    rc_pipeline *pipe = NULL;
    rc_pipe_result *res = NULL;
    rc_snapshot snap = {0};
    rc_outputs out = {0};
    bool out_open = false;

    if (rc_app_resolve_model(app, rq->input, rq->model, &model, &err) != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
    src = rc_source_open(rq->input, NULL, &err);
    if (!src) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
    /* Sources never log: a session's in-memory index repair (index past the end
     * of frames.mjpeg, a cut last frame) is said here. */
    if (rc_source_note(src)[0])
        rc_logf(&app->log, RC_LOG_WARN, "%s", rc_source_note(src));
    rc_run_info info = {.input = rq->input, .mirror = rq->mirror};
    rc_source_get_info(src, &info.source);
    rc_pipeline_options po = {.mirror = rq->mirror};
    rc_calib calib;
    if (rq->calib) {
        if (rc_calib_load(rq->calib, &calib, &err) != RC_OK) {
            rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
            goto done;
        }
        if ((calib.parts & RC_CALIB_LENS) &&
            (calib.image_width != info.source.width || calib.image_height != info.source.height))
            rc_logf(
                &app->log, RC_LOG_WARN,
                "%s: calibrated for %dx%d frames, %s is %dx%d: the lens correction may be wrong",
                rq->calib, calib.image_width, calib.image_height, rq->input, info.source.width,
                info.source.height);
        po.calib = &calib;
        info.calib = rq->calib;
        info.unit = rc_calib_unit(&calib);
    }
    pipe = rc_pipeline_create(&model, info.source.width, info.source.height, &po, &err);
    res = malloc(sizeof *res);
    if (!pipe || !res) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", pipe ? "out of memory" : err.msg);
        goto done;
    }
    if (rc_outputs_open(&out, rq->out_dir, &model, &err) != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        goto done;
    }
    out_open = true;
    int threads = rq->threads;
    if (threads <= 0)
        threads = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
    in.src = src;
    src = NULL;
    if (input_start(&in, threads, &err) != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        goto done;
    }
    bool bar = rq->progress && isatty(STDERR_FILENO);
    int64_t total = info.source.n_frames;
    if (rq->max_frames > 0 && (total < 0 || total > rq->max_frames))
        total = rq->max_frames;
    int64_t t0 = rc_clock_ns(), last_bar = 0;
    for (;;) {
        if (rq->max_frames > 0 && info.frames_analysed >= rq->max_frames)
            break;
        rc_frame f;
        rc_status st = input_next(&in, &f);
        if (st == RC_E_EOF) {
            if (in.why.msg[0]) {
                if (bar)
                    fputc('\n', stderr);
                rc_logf(&app->log, RC_LOG_WARN, "%s", in.why.msg);
            }
            break;
        }
        if (st == RC_E_DECODE) {
            info.frames_skipped++;
            if (bar)
                fputc('\n', stderr);
            rc_logf(&app->log, RC_LOG_WARN, "%s (frame skipped)", in.why.msg);
            continue;
        }
        if (st != RC_OK) {
            if (bar)
                fputc('\n', stderr);
            rc_logf(&app->log, RC_LOG_ERROR, "%s", in.why.msg);
            goto done;
        }
        st = rc_pipeline_process(pipe, &f, res);
        if (st == RC_OK)
            st = rc_outputs_add(&out, f.index, res, &err);
        else
            rc_err_set(&err, st, "%s: frame %lld: %s", rq->input, (long long)f.index,
                       rc_status_str(st));
        if (st != RC_OK) {
            rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
            goto done;
        }
        if (rq->snapshot)
            rc_snapshot_offer(&snap, &f, res, model.n_angles > 0 ? res->angle_deg[0] : NAN);
        info.frames_analysed++;
        int64_t now = rc_clock_ns();
        if (bar && now - last_bar > 100000000) {
            last_bar = now;
            progress_bar(info.frames_analysed, total, info.frames_analysed / ((now - t0) * 1e-9));
        }
    }
    info.seconds_wall = (rc_clock_ns() - t0) * 1e-9;
    if (bar) {
        progress_bar(info.frames_analysed, total > 0 ? total : info.frames_analysed,
                     info.frames_analysed / (info.seconds_wall > 0 ? info.seconds_wall : 1));
        fputc('\n', stderr);
    }
    rc_pipeline_stats(pipe, &info.track);
    rc_outputs_fill_gaps(&out, pipe, GAP_FILL_MAX_S);
    info.gap_filled = out.gap_filled;
    out_open = false;
    if (rc_outputs_finish(&out, &info, &err) != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        goto done;
    }
    if (info.frames_analysed == 0) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s: no frame could be analysed", rq->input);
        goto done;
    }
    if (rq->snapshot &&
        rc_snapshot_save(&snap, &model, rq->snapshot, app->assets_dir, &err) != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        goto done;
    }
    rc_logf(&app->log, RC_LOG_INFO,
            "%lld frames analysed in %.2f s (%.0f fps, %d thread%s)%s%s; results in %s",
            (long long)info.frames_analysed, info.seconds_wall,
            info.frames_analysed / (info.seconds_wall > 0 ? info.seconds_wall : 1), in.cap ? 2 : 1,
            in.cap ? "s" : "", info.frames_skipped ? ", corrupt frames skipped: " : "",
            info.frames_skipped ? "see warnings" : "", rq->out_dir);
    exit_code = 0;
done:
    if (out_open)
        rc_outputs_abort(&out);
    rc_snapshot_free(&snap);
    free(res);
    rc_pipeline_destroy(pipe);
    input_close(&in);
    rc_source_close(src);
    return exit_code;
}

int rc_cmd_analyse(const rc_app *app, int argc, char **argv)
{
    rc_analyse_request rq = {.progress = true};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            help(stdout);
            return 0;
        } else if (!strcmp(a, "--model") && next) {
            rq.model = argv[++i];
        } else if (!strcmp(a, "--out") && next) {
            rq.out_dir = argv[++i];
        } else if (!strcmp(a, "--calib") && next) {
            rq.calib = argv[++i];
        } else if (!strcmp(a, "--snapshot") && next) {
            rq.snapshot = argv[++i];
        } else if (!strcmp(a, "--frames") && next) {
            rq.max_frames = strtoll(argv[++i], NULL, 10);
        } else if (!strcmp(a, "--threads") && next) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || (n != 1 && n != 2)) {
                fprintf(stderr, "romcap: error: analyse: --threads takes 1 or 2, not '%s'\n",
                        argv[i]);
                return 2;
            }
            rq.threads = (int)n;
        } else if (!strcmp(a, "--mirror")) {
            rq.mirror = true;
        } else if (!strcmp(a, "--no-progress")) {
            rq.progress = false;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "romcap: error: analyse: unknown or incomplete option '%s'\n", a);
            return 2;
        } else if (!rq.input) {
            rq.input = a;
        } else {
            fprintf(stderr, "romcap: error: analyse: unexpected argument '%s'\n", a);
            return 2;
        }
    }
    if (!rq.input || !rq.out_dir) {
        fprintf(stderr, "romcap: error: analyse needs INPUT and --out DIR\n");
        help(stderr);
        return 2;
    }
    return rc_analyse_run(app, &rq);
}
