/* cmd_review.c - `romcap review DIR`: a recorded session looked back at in a window
 * (review.h): the video with its overlays, the angle-time plot to seek on, S to save
 * a frame for the report; `--shot-at T` draws one moment headless. A session not
 * analysed yet is analysed first, as `compare` does. Options and wiring only. */
#include <math.h>

#include "app/analyse.h"
#include "app/app.h"
#include "app/cli.h"
#include "romcap/review.h"

static void help(FILE *out)
{
    fputs("usage: romcap review DIR [--out DIR] [--angle NAME] [--shot-at T]\n"
          "\n"
          "Looks back at a recorded session: the video with the markers, segments and\n"
          "angles the analysis found, and under it the angle against time with the\n"
          "repetitions numbered and the compensations the analysis flagged.\n"
          "  click or drag on the plot   go to that moment\n"
          "  Left / Right                one frame back / on (Shift: one second)\n"
          "  Home / End                  first / last frame\n"
          "  Space                       play / pause at the recording's own speed\n"
          "  S                           save this frame with its overlays as a PNG\n"
          "  Q or Esc                    quit\n"
          "A session not analysed yet is analysed first, with its own model.\n"
          "  --out DIR     where PNGs go (default: the session folder)\n"
          "  --angle NAME  the angle plotted (default: the model's first)\n"
          "  --shot-at T   no window: write the PNG of the frame nearest T seconds, exit\n",
          out);
}

static void on_info(void *user, int debug, const char *msg)
{
    rc_app_say(user, debug ? RC_LOG_DEBUG : RC_LOG_INFO, msg);
}

enum { OPT_OUT = 256, OPT_SHOT_AT, OPT_ANGLE };

int rc_cmd_review(const rc_app *app, int argc, char **argv)
{
    static const struct option longs[] = {
        {"help", no_argument, 0, 'h'},
        {"out", required_argument, 0, OPT_OUT},
        {"shot-at", required_argument, 0, OPT_SHOT_AT},
        {"angle", required_argument, 0, OPT_ANGLE},
        {0},
    };
    rc_review_options opt = {.shot_at_s = NAN, .info = on_info, .user = (void *)app};
    const char *angle = NULL;
    rc_cli cli = rc_cli_start("review", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        switch (c) {
        case 'h': help(stdout); return 0;
        case OPT_OUT: opt.png_dir = cli.arg; break;
        case OPT_ANGLE: angle = cli.arg; break;
        case OPT_SHOT_AT:
            if (!rc_cli_double(&cli, "--shot-at", cli.arg, 0, 1e9, &opt.shot_at_s))
                return 2;
            break;
        default: return 2;
        }
    }
    int first = rc_cli_first_arg(&cli);
    if (argc - first != 1) {
        fprintf(stderr, "romcap: error: review: give one session folder (romcap review --help)\n");
        return 2;
    }
    const char *dir = argv[first];
    if (rc_analyse_if_needed(app, dir) != 0)
        return 1;
    rc_err err = {{0}};
    rc_review *r = rc_review_open(dir, &err);
    rc_status st = r ? rc_review_options_for(r, dir, angle, &opt, &err) : RC_E_IO;
    char png[RC_TEXT_CAP + 64];
    if (st == RC_OK)
        st = rc_review_run(r, &opt, png, sizeof png, &err);
    rc_review_close(r);
    if (st != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s%s", err.msg,
                st == RC_E_DEVICE && isnan(opt.shot_at_s) ? " (--shot-at T draws without one)"
                                                          : "");
        return 1;
    }
    return 0;
}
