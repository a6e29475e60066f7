/* cmd_analyse.c - `romcap analyse INPUT --model M --out DIR`: the options; the run
 * is rc_analyse_run (analyse.c: the analysis stage with the progress bar and the log). */
#include "app/analyse.h"
#include "app/cli.h"

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
          "--mirror   read the model mirrored (the other side, or facing the other way);\n"
          "           without it romcap tells the side from the movement and says so\n"
          "--no-mirror  read the model as set up, whatever the movement says\n"
          "--no-auto-learn  keep the model's sticker colours even when they find a\n"
          "           marker poorly (by default its colour is learnt from the first\n"
          "           frames, where the other markers place it, and said)\n"
          "--calib F  calibration file from romcap calibrate\n"
          "--snapshot FILE.png  also save the frame at peak ROM with overlays\n"
          "--frames N analyse at most N frames\n"
          "--threads N  1: read, decode and analyse on one thread; 2: read on a second\n"
          "           thread and decode MJPEG, session and JPEG-folder frames on two\n"
          "           (default when more than one core is online)\n"
          "--no-progress  no progress bar\n",
          out);
}

int rc_cmd_analyse(const rc_app *app, int argc, char **argv)
{
    enum {
        O_MODEL = 256,
        O_OUT,
        O_CALIB,
        O_SNAPSHOT,
        O_FRAMES,
        O_THREADS,
        O_MIRROR,
        O_NO_MIRROR,
        O_NO_AUTO_LEARN,
        O_QUIET
    };
    static const struct option longs[] = {{"help", no_argument, 0, 'h'},
                                          {"model", required_argument, 0, O_MODEL},
                                          {"out", required_argument, 0, O_OUT},
                                          {"calib", required_argument, 0, O_CALIB},
                                          {"snapshot", required_argument, 0, O_SNAPSHOT},
                                          {"frames", required_argument, 0, O_FRAMES},
                                          {"threads", required_argument, 0, O_THREADS},
                                          {"mirror", no_argument, 0, O_MIRROR},
                                          {"no-mirror", no_argument, 0, O_NO_MIRROR},
                                          {"no-progress", no_argument, 0, O_QUIET},
                                          {"no-auto-learn", no_argument, 0, O_NO_AUTO_LEARN},
                                          {0}};
    rc_analyse_request rq = {.progress = true};
    rc_cli cli = rc_cli_start("analyse", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        int64_t n;
        switch (c) {
        case 'h': help(stdout); return 0;
        case O_MODEL: rq.model = cli.arg; break;
        case O_OUT: rq.out_dir = cli.arg; break;
        case O_CALIB: rq.calib = cli.arg; break;
        case O_SNAPSHOT: rq.snapshot = cli.arg; break;
        case O_FRAMES:
            if (!rc_cli_int(&cli, "--frames", cli.arg, 0, INT64_MAX, &rq.max_frames))
                return 2;
            break;
        case O_THREADS:
            if (!rc_cli_int(&cli, "--threads", cli.arg, 1, 2, &n))
                return 2;
            rq.threads = (int)n;
            break;
        case O_MIRROR: rq.mirror = true; break;
        case O_NO_MIRROR: rq.no_mirror = true; break;
        case O_QUIET: rq.progress = false; break;
        case O_NO_AUTO_LEARN: rq.no_auto_learn = true; break;
        default: return 2;
        }
    }
    int first = rc_cli_first_arg(&cli);
    if (!rc_cli_at_most(&cli, 1))
        return 2;
    if (rq.mirror && rq.no_mirror) {
        fprintf(stderr, "romcap: error: analyse: --mirror and --no-mirror contradict each other\n");
        return 2;
    }
    rq.input = first < argc ? argv[first] : NULL;
    if (!rq.input || !rq.out_dir) {
        fprintf(stderr, "romcap: error: analyse needs INPUT and --out DIR\n");
        help(stderr);
        return 2;
    }
    return rc_analyse_run(app, &rq);
}
