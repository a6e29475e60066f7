/* cmd_live.c - `romcap live` and the main job (`romcap` with no command).
 *
 * The live player: frames are read, analysed and drawn on the main thread (SDL
 * wants it), paced at the source's own rate for files and scenes. The full live UI
 * (capture thread, ring, patient mode) deepens this loop; it does not replace it.
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/analyse.h"
#include "app/pipeline.h"
#include "romcap/ui.h"

static const char *SAMPLE_URI = "synthetic:knee_flexion";

typedef struct live_request {
    const char *input;
    const char *model;
    bool mirror;
    bool loop;          /* replay a file or scene from the start at its end */
    int64_t max_frames; /* 0 = until the user quits (or the end without loop) */
    char camera_uri[32];/* storage for --camera N */
} live_request;

static void sleep_ns(int64_t ns)
{
    if (ns <= 0)
        return;
    struct timespec ts = {.tv_sec = ns / 1000000000LL, .tv_nsec = ns % 1000000000LL};
    nanosleep(&ts, NULL);
}

static void shot_name(char *buf, size_t cap, int n)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(buf, cap, "romcap-%s-%d.png", stamp, n);
}

/* Returns the exit status. `ui_err` receives the reason when no window could be
 * opened (exit status 3), so the caller can fall back to headless. */
static int live_run(const rc_app *app, const live_request *rq, rc_err *ui_err)
{
    rc_err err = {{0}};
    rc_model model;
    if (rc_app_resolve_model(app, rq->input, rq->model, &model, &err) != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
    rc_source *src = rc_source_open(rq->input, NULL, &err);
    if (!src) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
    rc_source_info info;
    rc_source_get_info(src, &info);
    rc_pipeline_options po = {.mirror = rq->mirror};
    rc_pipeline *pipe = rc_pipeline_create(&model, info.width, info.height, &po, &err);
    rc_pipe_result *res = calloc(1, sizeof *res);
    rc_ui_config cfg;
    rc_ui_config_default(&cfg, info.width, info.height);
    char title[128];
    snprintf(title, sizeof title, "romcap - %s", model.title);
    cfg.title = title;
    rc_ui *ui = pipe && res ? rc_ui_create(&cfg, ui_err) : NULL;
    int code = 1;
    if (!pipe || !res) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", pipe ? "out of memory" : err.msg);
        goto done;
    }
    if (!ui) {
        code = 3;
        goto done;
    }
    bool paused = false, step = false, have_frame = false, ended = false;
    double lo = NAN, hi = NAN, fps = 0;
    int shots = 0;
    int64_t shown = 0, t_start = rc_clock_ns(), t_first = -1, last_draw = t_start;
    rc_frame f = {0};
    for (;;) {
        rc_ui_event ev;
        bool quit = false;
        while (rc_ui_poll(ui, &ev)) {
            if (ev.type == RC_UI_EV_QUIT)
                quit = true;
            else if (ev.type == RC_UI_EV_PAUSE)
                paused = !paused;
            else if (ev.type == RC_UI_EV_STEP)
                step = paused = true;
            else if (ev.type == RC_UI_EV_SCREENSHOT && have_frame) {
                char name[64];
                shot_name(name, sizeof name, ++shots);
                if (rc_ui_save_png(ui, name, &err) == RC_OK)
                    rc_logf(&app->log, RC_LOG_INFO, "screenshot saved: %s", name);
                else
                    rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
            }
        }
        if (quit || (rq->max_frames > 0 && shown >= rq->max_frames))
            break;
        if ((!paused || step) && !ended) {
            step = false;
            rc_status st = rc_source_read(src, &f);
            if (st == RC_E_EOF && rq->loop && !info.live) {
                rc_source_close(src);
                src = rc_source_open(rq->input, NULL, &err);
                rc_pipeline_destroy(pipe);
                pipe = src ? rc_pipeline_create(&model, info.width, info.height, &po, &err) : NULL;
                if (!src || !pipe) {
                    rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
                    goto done;
                }
                t_first = -1;
                continue;
            }
            if (st == RC_E_EOF) {
                ended = true;
            } else if (st == RC_E_DECODE) {
                rc_logf(&app->log, RC_LOG_WARN, "%s (frame skipped)", rc_source_last_error(src));
                continue;
            } else if (st != RC_OK) {
                rc_logf(&app->log, RC_LOG_ERROR, "%s", rc_source_last_error(src));
                goto done;
            } else {
                if (rc_pipeline_process(pipe, &f, res) != RC_OK)
                    continue;
                have_frame = true;
                double v = model.n_angles ? res->angle_deg[0] : NAN;
                if (!isnan(v)) {
                    lo = isnan(lo) || v < lo ? v : lo;
                    hi = isnan(hi) || v > hi ? v : hi;
                }
                /* Files and scenes play at their own rate. */
                if (!info.live) {
                    int64_t now = rc_clock_ns();
                    if (t_first < 0) {
                        t_first = f.t_ns;
                        t_start = now;
                    }
                    sleep_ns((f.t_ns - t_first) - (now - t_start));
                }
                shown++;
            }
        } else {
            sleep_ns(10000000); /* paused: keep handling events */
        }
        if (!have_frame)
            continue;
        int64_t now = rc_clock_ns();
        double dt = (now - last_draw) * 1e-9;
        last_draw = now;
        if (dt > 0)
            fps = fps > 0 ? 0.9 * fps + 0.1 / dt : 1.0 / dt;
        rc_ui_overlay ov = {
            .model = &model,
            .markers = res->marker,
            .angle_deg = res->angle_deg,
            .mirror = rq->mirror,
            .rom_min_deg = lo,
            .rom_max_deg = hi,
            .frame_index = f.index,
            .t_s = res->t_s,
            .fps = fps,
            .status = ended ? "End of recording - Esc to quit" : rq->input,
            .paused = paused,
        };
        if (rc_ui_draw(ui, &f.image, &ov) != RC_OK) {
            rc_logf(&app->log, RC_LOG_ERROR, "display: %s", rc_ui_last_error(ui));
            goto done;
        }
    }
    code = 0;
done:
    rc_ui_destroy(ui);
    free(res);
    rc_pipeline_destroy(pipe);
    rc_source_close(src);
    return code;
}

static int parse_common(int argc, char **argv, live_request *rq, const char **out_dir,
                        bool *headless, const char *cmd)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--model") && next)
            rq->model = argv[++i];
        else if (!strcmp(a, "--camera") && next) {
            snprintf(rq->camera_uri, sizeof rq->camera_uri, "camera:%d", atoi(argv[++i]));
            rq->input = rq->camera_uri;
        } else if (!strcmp(a, "--frames") && next)
            rq->max_frames = strtoll(argv[++i], NULL, 10);
        else if (!strcmp(a, "--mirror"))
            rq->mirror = true;
        else if (!strcmp(a, "--loop"))
            rq->loop = true;
        else if (out_dir && !strcmp(a, "--out") && next)
            *out_dir = argv[++i];
        else if (headless && !strcmp(a, "--headless"))
            *headless = true;
        else if (a[0] != '-' && !rq->input)
            rq->input = a;
        else {
            fprintf(stderr, "romcap: error: %s: unknown or incomplete option '%s'\n", cmd, a);
            return 2;
        }
    }
    return 0;
}

int rc_cmd_live(const rc_app *app, int argc, char **argv)
{
    if (argc > 0 && (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help"))) {
        puts("usage: romcap live [INPUT | --camera N] [--model M] [--mirror] [--loop] [--frames N]\n"
             "\n"
             "Plays INPUT (default camera:0) in a window with markers, segments and angles.\n"
             "Keys: space pause, right arrow step, s screenshot (PNG), h help, Esc quit.");
        return 0;
    }
    live_request rq = {0};
    if (parse_common(argc, argv, &rq, NULL, NULL, "live"))
        return 2;
    if (!rq.input)
        rq.input = "camera:0";
    if (!rq.model && strncmp(rq.input, "synthetic:", 10))
        rq.model = "knee_flexion";
    rc_err ui_err = {{0}};
    int code = live_run(app, &rq, &ui_err);
    if (code == 3) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s (for files without a display: romcap analyse)",
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

int rc_cmd_run_default(const rc_app *app, int argc, char **argv)
{
    if (argc > 0 && (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help"))) {
        puts("usage: romcap [--model M] [--frames N] [--out DIR] [--headless]\n"
             "\n"
             "The main job: camera:0 if a camera opens, else the bundled sample scene\n"
             "(synthetic:knee_flexion); shown in a window when a display exists, else\n"
             "analysed headless into DIR (default romcap-out/run-DATE-TIME) with a PNG\n"
             "snapshot of the frame at peak range of motion.");
        return 0;
    }
    live_request rq = {0};
    const char *out_dir = NULL;
    bool headless = false;
    if (parse_common(argc, argv, &rq, &out_dir, &headless, "romcap"))
        return 2;
    if (!rq.input) {
        rc_err err = {{0}};
        rc_source *cam = rc_source_open("camera:0", NULL, &err);
        if (cam) {
            rc_source_close(cam);
            rq.input = "camera:0";
        } else {
            rc_logf(&app->log, RC_LOG_INFO, "%s; playing the bundled sample %s", err.msg,
                    SAMPLE_URI);
            rq.input = SAMPLE_URI;
        }
    }
    bool is_camera = !strncmp(rq.input, "camera:", 7);
    if (!rq.model && strncmp(rq.input, "synthetic:", 10))
        rq.model = "knee_flexion";
    if (!headless && have_display()) {
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
        .mirror = rq.mirror,
        .progress = true,
        .max_frames = rq.max_frames > 0 ? rq.max_frames : (is_camera ? 600 : 0),
    };
    rc_logf(&app->log, RC_LOG_INFO, "no display: analysing %s headless", rq.input);
    int code = rc_analyse_run(app, &ar);
    if (code == 0)
        printf("romcap: wrote %s/tracks.csv, angles.csv, summary.json and peak.png\n", out_dir);
    return code;
}
