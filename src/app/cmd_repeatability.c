/* cmd_repeatability.c - `romcap repeatability S1 S2 ... [--angle A] [--model M
 * --model-out FILE.json]`: romcap's own within- and between-session SEM and MDC95
 * from repeated sessions of one subject (the stage: report.h, repeatability.c), and
 * optionally a copy of the model with those figures stored as "romcap" figures, so
 * the pre/post report uses them (protocol: README.md, "Measuring romcap's own
 * repeatability"). */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/cli.h"
#include "romcap/model.h"
#include "romcap/report.h"

static void help(FILE *out)
{
    fputs("usage: romcap repeatability S1 S2 [S3 ...] [--angle NAME]\n"
          "                            [--model NAME|FILE --model-out FILE.json]\n"
          "\n"
          "romcap's own measurement error from repeated sessions of ONE subject doing\n"
          "one test, each analysed (a session or output folder, or its summary.json),\n"
          "stickers re-applied between sessions (see README.md, \"Measuring romcap's own\n"
          "repeatability\"). For the set's peak, trough and range (means over the\n"
          "repetitions):\n"
          "  within-session SEM  = pooled SD of single repetitions within the sessions\n"
          "  between-session SEM = SD of the sessions' set means\n"
          "  MDC95 = 1.96 x sqrt(2) x SEM\n"
          "\n"
          "  --angle NAME       the angle (default: the first of the first summary)\n"
          "  --model M          the model the figures belong to (bundled name or file)\n"
          "  --model-out FILE   write a copy of M with the figures added to the angle's\n"
          "                     \"mdc\" list (method \"romcap\"); compare then uses them\n",
          out);
}

static int write_model(const rc_app *app, const rc_repeatability *r, const char *model,
                       const char *out)
{
    rc_err err = {{0}};
    rc_model m;
    int n = 0;
    if (rc_model_resolve(model, app->models_dir, &m, &err) != RC_OK ||
        rc_repeatability_write_model(r, &m, out, &n, &err) != RC_OK)
        return rc_app_fail(app, &err);
    rc_logf(&app->log, RC_LOG_INFO, "wrote %s (%d romcap figures for %s)", out, n, r->angle);
    return 0;
}

enum { OPT_ANGLE = 256, OPT_MODEL, OPT_MODEL_OUT };

int rc_cmd_repeatability(const rc_app *app, int argc, char **argv)
{
    static const struct option longs[] = {
        {"help", no_argument, 0, 'h'},
        {"angle", required_argument, 0, OPT_ANGLE},
        {"model", required_argument, 0, OPT_MODEL},
        {"model-out", required_argument, 0, OPT_MODEL_OUT},
        {0},
    };
    const char *angle = NULL, *model = NULL, *model_out = NULL;
    rc_cli cli = rc_cli_start("repeatability", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        switch (c) {
        case 'h': help(stdout); return 0;
        case OPT_ANGLE: angle = cli.arg; break;
        case OPT_MODEL: model = cli.arg; break;
        case OPT_MODEL_OUT: model_out = cli.arg; break;
        default: return 2;
        }
    }
    int first = rc_cli_first_arg(&cli);
    if (argc - first < 2 || (model_out && !model)) {
        fprintf(stderr, "romcap: error: repeatability needs at least two sessions%s\n",
                model_out && !model ? " and --model with --model-out" : "");
        help(stderr);
        return 2;
    }
    rc_err err = {{0}};
    rc_repeatability r;
    if (rc_repeatability_compute((const char *const *)(argv + first), argc - first, angle, &r,
                                 &err) != RC_OK)
        return rc_app_fail(app, &err);
    rc_repeatability_print(stdout, &r);
    return model_out ? write_model(app, &r, model, model_out) : 0;
}
