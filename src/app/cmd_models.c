/* cmd_models.c - `romcap models` and `romcap scenes`: what is bundled (a model
 * described by rc_model_describe, model/model_describe.c; the scenes listed by
 * rc_synth_scenes_print, synth/scenes_print.c). */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/cli.h"
#include "romcap/compensation.h"
#include "romcap/model.h"
#include "romcap/synth.h"

static void models_help(const rc_app *app)
{
    printf("usage: romcap models [NAME]\n\nLists the bundled models (from %s) with their\n"
           "markers, angles and normal ranges; with NAME, also the set-up instructions.\n",
           app->models_dir);
}

static void scenes_help(const rc_app *app)
{
    (void)app;
    puts("usage: romcap scenes\n\nLists the synthetic scenes: use them as synthetic:NAME,\n"
         "with options synthetic:NAME?size=1280x720&fps=60&noise=3&blur=4&drift=0.3&\n"
         "occlude=MARKER@START+LEN&k1=-0.2&k2=0.05&tilt=30&seed=7&seconds=10");
}

/* The arguments of a listing: --help, and at most `max_args` names (into *name).
 * Returns -1 to go on, else the exit status (0 after the help, 2 for bad usage). */
static int parse_listing(const rc_app *app, const char *cmd, void (*help)(const rc_app *),
                         int max_args, int argc, char **argv, const char **name)
{
    static const struct option longs[] = {{"help", no_argument, 0, 'h'}, {0}};
    rc_cli cli = rc_cli_start(cmd, argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        if (c != 'h')
            return 2;
        help(app);
        return 0;
    }
    int first = rc_cli_first_arg(&cli);
    if (!rc_cli_at_most(&cli, max_args))
        return 2;
    *name = first < argc ? argv[first] : NULL;
    return -1;
}

int rc_cmd_models(const rc_app *app, int argc, char **argv)
{
    const char *want = NULL;
    int r = parse_listing(app, "models", models_help, 1, argc, argv, &want);
    if (r >= 0)
        return r;
    rc_err err = {{0}};
    char names[64][RC_NAME_CAP];
    int n = rc_model_list(app->models_dir, names, 64, &err);
    if (n < 0)
        return rc_app_fail(app, &err);
    if (n > 64)
        n = 64;
    int shown = 0;
    for (int i = 0; i < n; i++) {
        if (want && strcmp(want, names[i]))
            continue;
        rc_model m;
        if (rc_model_resolve(names[i], app->models_dir, &m, &err) != RC_OK) {
            rc_logf(&app->log, RC_LOG_WARN, "%s", err.msg);
            continue;
        }
        shown++;
        rc_model_describe(stdout, &m, false);
        rc_print_model_compensations(stdout, &m);
        if (want)
            printf("\n%s\n", m.description);
    }
    if (want && !shown) {
        rc_logf(&app->log, RC_LOG_ERROR, "unknown model '%s' (romcap models lists them)", want);
        return 1;
    }
    return 0;
}

int rc_cmd_scenes(const rc_app *app, int argc, char **argv)
{
    const char *none = NULL;
    int r = parse_listing(app, "scenes", scenes_help, 0, argc, argv, &none);
    if (r >= 0)
        return r;
    rc_synth_scenes_print(stdout);
    return 0;
}
