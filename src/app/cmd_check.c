/* cmd_check.c - `romcap check [INPUT] --model M`: the set-up check before recording
 * (check.h) on a camera, file, session or scene, printed as a table (rc_check_print);
 * exit 0 when nothing fails, 1 when an item fails (or the check could not run). */
#include <stdio.h>

#include "app/analyse.h"
#include "app/app.h"
#include "app/cli.h"
#include "romcap/calib.h"
#include "romcap/check.h"

static void help(void)
{
    puts("usage: romcap check [INPUT] [--model NAME|FILE] [--calib FILE] [--seconds S]\n"
         "                    [--exposure MS|auto] [--json FILE]\n"
         "\n"
         "Checks the set-up before recording on the first S seconds (default 5) of INPUT\n"
         "(default camera:0; a scene's own model when --model is not given): hold the\n"
         "start pose for two seconds, then move once slowly through the range. Each item\n"
         "is pass / warn / fail with what was measured and what to do: stickers seen and\n"
         "identified, light (contrast, noise, clipping), blur at this exposure for the\n"
         "test's usual speed, framing, sticker size, camera square to the movement (the\n"
         "calibrated plane's tilt with --calib, else the segments' change of length),\n"
         "frames dropped. Exit status 0 when nothing fails, 1 when an item fails.\n"
         "\n"
         "--json FILE      the result as JSON (the form session.json's \"check\" holds)\n"
         "--exposure MS    a camera's exposure (the check judges the blur it gives)");
}

typedef struct check_args {
    const char *input, *model, *calib, *json;
    double seconds;
    rc_source_options so;
} check_args;

enum { OPT_MODEL = 256, OPT_CALIB, OPT_SECONDS, OPT_JSON, OPT_EXPOSURE };

static int parse(int argc, char **argv, check_args *a)
{
    static const struct option longs[] = {{"help", no_argument, 0, 'h'},
                                          {"model", required_argument, 0, OPT_MODEL},
                                          {"calib", required_argument, 0, OPT_CALIB},
                                          {"seconds", required_argument, 0, OPT_SECONDS},
                                          {"json", required_argument, 0, OPT_JSON},
                                          {"exposure", required_argument, 0, OPT_EXPOSURE},
                                          {0}};
    rc_cli cli = rc_cli_start("check", argc, argv, "h", longs);
    rc_err err = {{0}};
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        switch (c) {
        case 'h': help(); return 0;
        case OPT_MODEL: a->model = cli.arg; break;
        case OPT_CALIB: a->calib = cli.arg; break;
        case OPT_JSON: a->json = cli.arg; break;
        case OPT_SECONDS:
            if (!rc_cli_double(&cli, "--seconds", cli.arg, 0.5, 60, &a->seconds))
                return 2;
            break;
        case OPT_EXPOSURE:
            if (rc_camera_parse_exposure(cli.arg, &a->so.camera, &err) != RC_OK) {
                fprintf(stderr, "romcap: error: check: %s\n", err.msg);
                return 2;
            }
            break;
        default: return 2;
        }
    }
    int first = rc_cli_first_arg(&cli);
    if (argc - first > 1) {
        fprintf(stderr, "romcap: error: check: unexpected argument '%s'\n", argv[first + 1]);
        return 2;
    }
    a->input = first < argc ? argv[first] : "camera:0";
    return -1;
}

int rc_cmd_check(const rc_app *app, int argc, char **argv)
{
    check_args a = {0};
    int r = parse(argc, argv, &a);
    if (r >= 0)
        return r;
    rc_err err = {{0}};
    rc_model m;
    rc_calib cal;
    rc_check_result res;
    rc_check_config cfg = {.seconds = a.seconds, .calib = a.calib ? &cal : NULL};
    rc_status st = rc_app_resolve_model(app, a.input, a.model, &m, &err);
    if (st == RC_OK && a.calib)
        st = rc_calib_load(a.calib, &cal, &err);
    if (st == RC_OK)
        st = rc_check_run(a.input, &a.so, &m, &cfg, &res, &err);
    if (st == RC_OK)
        rc_check_print(stdout, &res, a.input);
    if (st == RC_OK && a.json)
        st = rc_check_json_write(a.json, &res, &err);
    if (st != RC_OK)
        return rc_app_fail(app, &err);
    return res.worst == RC_CHECK_FAIL ? 1 : 0;
}
