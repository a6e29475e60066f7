/* cmd_main_job.c - the main job (`romcap` with no command): camera:0 if it opens,
 * else the bundled sample scene, said in the log and on the picture; played live
 * (live.h) when a display exists, else analysed headless with a snapshot of the
 * frame at peak range of motion. Its options are `live`'s (live_cli.c) and --out.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/analyse.h"
#include "app/live_cli.h"

static const char SAMPLE_URI[] = "synthetic:knee_flexion";

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
    switch (live_parse_options("romcap", argc, argv, &rq, true)) {
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
        int code = live_run_session(app, &rq, &ui_err);
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
