/* cmd_learn.c - `romcap learn`: each sticker's colour as this camera and light see
 * it, learnt from one frame and written into a copy of the model.
 *
 * A point per marker comes from --at NAME=X,Y (a click in an image viewer) or,
 * for markers without one, from the pipeline's own detection of that frame with
 * the model's nominal colours: rc_learn_model_colors (analysis.h) does that and the
 * learning, the model stage writes the new file (rc_model_write_learnt, model.h);
 * the points are checked and the frame found by rc_learn_points_check and
 * rc_learn_seek_frame (analysis/learn_frame.c), the whole run is rc_learn_run
 * (analysis/learn_run.c), an --at point is read by rc_learn_point_parse. This file
 * holds the options and the checks.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/cli.h"
#include "romcap/analysis.h"
#include "romcap/detect.h"
#include "romcap/model.h"

static void usage(FILE *f)
{
    fputs("usage: romcap learn --model NAME|FILE --input SOURCE --out FILE.json\n"
          "                    [--frame N] [--at MARKER=X,Y]...\n"
          "\n"
          "Learns each coloured sticker's chroma (mean and covariance of normalised\n"
          "Cb, Cr) from frame N (default 0) of SOURCE, as this camera and this light\n"
          "see it, and writes a copy of the model with a \"chroma\" entry per marker to\n"
          "FILE.json (its model name becomes the file's name). Use the new model file\n"
          "with --model. A learnt class holds from dimmer to brighter light and is\n"
          "tighter than the nominal colour, so similar colours (skin, clothing) are not\n"
          "taken for stickers.\n"
          "\n"
          "  --at MARKER=X,Y  a point on that marker's sticker, in pixels (e.g. from a\n"
          "                   screenshot); markers without --at are found by detecting\n"
          "                   the frame with the model's nominal colours\n"
          "  --frame N        the frame to learn from (the subject in the start pose)\n",
          f);
}

void rc_app_log_learnt(const rc_app *app, const rc_model_marker *mk, float x, float y,
                       const rc_color_class *cls, const rc_color_learn_info *info)
{
    rc_learn_tell(mk, x, y, cls, info, rc_app_say, (void *)app);
}

typedef struct learn_request {
    const char *model, *input, *out;
    int64_t frame;
    rc_learn_point at[RC_MAX_MARKERS]; /* --at points, in the order given */
    int n_at;
} learn_request;

enum { OPT_MODEL = 256, OPT_INPUT, OPT_OUT, OPT_FRAME, OPT_AT };

/* Fills *rq from the command line: -1 to go on, else the exit status (0 after
 * --help, 2 for bad usage, said on stderr). */
static int parse_learn(int argc, char **argv, learn_request *rq)
{
    static const struct option longs[] = {
        {"help", no_argument, 0, 'h'},
        {"model", required_argument, 0, OPT_MODEL},
        {"input", required_argument, 0, OPT_INPUT},
        {"out", required_argument, 0, OPT_OUT},
        {"frame", required_argument, 0, OPT_FRAME},
        {"at", required_argument, 0, OPT_AT},
        {0},
    };
    rc_cli cli = rc_cli_start("learn", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        switch (c) {
        case 'h': usage(stdout); return 0;
        case OPT_MODEL: rq->model = cli.arg; break;
        case OPT_INPUT: rq->input = cli.arg; break;
        case OPT_OUT: rq->out = cli.arg; break;
        case OPT_FRAME:
            if (!rc_cli_int(&cli, "--frame", cli.arg, 0, INT32_MAX, &rq->frame))
                return 2;
            break;
        case OPT_AT:
            if (rq->n_at == RC_MAX_MARKERS || !rc_learn_point_parse(cli.arg, &rq->at[rq->n_at])) {
                fprintf(stderr, "romcap: error: learn: --at wants MARKER=X,Y, not '%s'\n", cli.arg);
                return 2;
            }
            rq->n_at++;
            break;
        default: return 2;
        }
    }
    if (!rc_cli_at_most(&cli, 0)) {
        usage(stderr);
        return 2;
    }
    if (!rq->model || !rq->input || !rq->out) {
        fprintf(stderr, "romcap: error: learn needs --model, --input and --out\n");
        usage(stderr);
        return 2;
    }
    return -1;
}

/* Checks the request before any frame is read: --out is a new .json file, the model
 * resolves (into *m) and has every --at marker. -1 to go on, else the exit status. */
static int check_learn(const rc_app *app, const learn_request *rq, rc_model *m)
{
    char stem[RC_NAME_CAP];
    if (!rc_model_json_stem(rq->out, stem, sizeof stem)) {
        rc_logf(&app->log, RC_LOG_ERROR, "learn: --out %s: the file name must end in .json",
                rq->out);
        return 2;
    }
    if (access(rq->out, F_OK) == 0) {
        rc_logf(&app->log, RC_LOG_ERROR, "learn: %s exists; choose another name or remove it",
                rq->out);
        return 1;
    }
    rc_err err = {{0}};
    if (rc_model_resolve(rq->model, app->models_dir, m, &err) != RC_OK)
        return rc_app_fail(app, &err);
    if (rc_learn_points_check(m, rq->at, rq->n_at, &err) != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "learn: %s", err.msg);
        return 2;
    }
    return -1;
}

int rc_cmd_learn(const rc_app *app, int argc, char **argv)
{
    learn_request rq = {0};
    int r = parse_learn(argc, argv, &rq);
    if (r >= 0)
        return r;
    rc_model m;
    if ((r = check_learn(app, &rq, &m)) >= 0)
        return r;
    rc_learn_request lr = {.input = rq.input,
                           .out = rq.out,
                           .frame = rq.frame,
                           .at = rq.at,
                           .n_at = rq.n_at,
                           .say = rc_app_say,
                           .user = (void *)app};
    rc_err err = {{0}};
    return rc_learn_run(&lr, &m, &err) == RC_OK ? 0 : rc_app_fail(app, &err);
}
