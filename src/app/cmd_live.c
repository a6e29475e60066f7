/* cmd_live.c - `romcap live`: its help, and the options (live_cli.c) wired to the
 * live stage (live.h), which plays the session. An input that cannot be opened is
 * an error naming it: nothing plays in its place.
 */
#include <stdio.h>
#include <string.h>

#include "app/live_cli.h"

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
         "balance run until every sticker has been seen for 1 s (5 s at most, said in\n"
         "the log) and are then locked. What the driver put in force is logged, one\n"
         "line per control, and stored in recorded sessions.\n"
         "Keys: Space pause, right arrow step, S screenshot, P patient view, M sound,\n"
         "V mirror view, 0 reset ROM, Tab next model, R record start/stop (into\n"
         "romcap-sessions/, tagged with --tag), L learn the stickers' colours (click\n"
         "each; saved as romcap-out/MODEL_learnt.json), F1 latency overlay,\n"
         "C set-up check (its panel; C or Esc closes it; after a failed or missing\n"
         "check R only warns, and a second R records), H help, Esc quit.");
}

int rc_cmd_live(const rc_app *app, int argc, char **argv)
{
    live_request rq = {0};
    switch (live_parse_options("live", argc, argv, &rq, false)) {
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
    int code = live_run_session(app, &rq, &ui_err);
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
