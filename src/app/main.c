/* main.c - the romcap command: finds the bundled data, sets up the logger and
 * dispatches to one sub-command (cmd_*.c). */
#define _POSIX_C_SOURCE 200809L /* SIGXFSZ */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"

typedef struct command {
    const char *name;
    int (*run)(const rc_app *app, int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"analyse", rc_cmd_analyse, "analyse a video, JPEG folder, camera or synthetic scene offline"},
    {"live", rc_cmd_live, "live view: camera (or any source) with overlays in a window"},
    {"models", rc_cmd_models, "list the bundled clinical test models"},
    {"metrics", rc_cmd_metrics, "movement-quality metrics (SPARC, LDLJ, reps) of any CSV series"},
    {"calibrate", rc_cmd_calibrate, "lens, movement plane, vertical and scale from a chessboard"},
    {"learn", rc_cmd_learn, "learn each sticker's colour as this camera and light see it"},
    {"scenes", rc_cmd_scenes, "list the built-in synthetic scenes (synthetic:NAME)"},
    {"check", rc_cmd_check, "set-up check before recording: stickers, light, blur, framing..."},
    {"record", rc_cmd_record, "record a session folder (original JPEG bytes), then analyse it"},
    {"cameras", rc_cmd_cameras, "list the V4L2 cameras: formats, sizes, frame rates, controls"},
    {"repair", rc_cmd_repair, "rebuild a session's frame index after a crash"},
    {"export", rc_cmd_export, "export a session as CSV, OpenSim TRC or MJPEG AVI"},
    {"compare", rc_cmd_compare, "pre/post comparison of two sessions: HTML + JSON report"},
    {"repeatability", rc_cmd_repeatability, "romcap's own SEM and MDC95 from repeated sessions"},
    {"review", rc_cmd_review, "look back at a recorded session: video, overlays, angle plot"},
    {"annotate", rc_cmd_annotate, "set a session's pain, function (PSFS) and note afterwards"},
    {"sessions", rc_cmd_sessions, "list the sessions under a folder: subject, date, test, pain"},
    {"progress", rc_cmd_progress, "a course of sessions on one page: ROM, pain, function"},
};

static void usage(FILE *out)
{
    fprintf(out,
            "romcap %s - range-of-motion analysis from marker video\n"
            "\n"
            "usage: romcap [COMMAND] [OPTIONS]\n"
            "\n"
            "With no command, romcap runs the main job: a camera if one opens, else the\n"
            "bundled sample scene; in a window when a display exists, else headless,\n"
            "writing the analysis files and a PNG snapshot (it says where).\n"
            "\n"
            "commands:\n",
            ROMCAP_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n"
                 "INPUT is a video file, a folder of JPEGs, camera:N or synthetic:NAME.\n"
                 "'romcap COMMAND --help' describes each command. Global options, before\n"
                 "the command: --log error|warn|info|debug (default info).\n");
}

/* The models and assets folders: $ROMCAP_MODELS / $ROMCAP_ASSETS, else the source
 * tree the binary was built from. */
static const char *data_dir(const char *env, const char *built_in)
{
    const char *e = getenv(env);
    return e && *e ? e : built_in;
}

enum { OPT_VERSION = 256, OPT_LOG };

/* The global options, before the command: --help, --version, --log LEVEL. Scanning
 * stops at the first word that is not one of them ("+": no permutation); *next is
 * then its index: the command's name, or the first option of the default job.
 *
 * getopt_long directly, not rc_cli (cli.h): rc_cli always permutes (its short
 * string starts with ':', so a '+' cannot follow), and here an unknown option is
 * not an error but where the default job's own options begin. Returns -1 to go on,
 * else the exit status. */
static int parse_globals(int argc, char **argv, rc_app *app, int *next)
{
    static const struct option longs[] = {
        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, OPT_VERSION},
        {"log", required_argument, 0, OPT_LOG},
        {0},
    };
    optind = 0; /* glibc: a full reset */
    opterr = 0; /* errors are ours, in romcap's form */
    for (;;) {
        int at = optind > 0 ? optind : 1; /* the word getopt reads next */
        int c = getopt_long(argc, argv, "+:h", longs, NULL);
        switch (c) {
        case -1: *next = optind; return -1;
        case 'h': usage(stdout); return 0;
        case OPT_VERSION: printf("romcap %s\n", ROMCAP_VERSION); return 0;
        case OPT_LOG: {
            int lv = rc_log_level_parse(optarg);
            if (lv < 0) {
                fprintf(stderr, "romcap: error: --log: unknown level '%s'\n", optarg);
                return 2;
            }
            app->log.level = (rc_log_level)lv;
            break;
        }
        case ':':
            fprintf(stderr, "romcap: error: option '%s' needs a value\n", argv[optind - 1]);
            return 2;
        default: /* '?': not a global option, so the default job's */ *next = at; return -1;
        }
    }
}

int main(int argc, char **argv)
{
    rc_app app = {
        .log = {.level = RC_LOG_INFO, .out = NULL},
        .models_dir = data_dir("ROMCAP_MODELS", ROMCAP_MODELS_DIR),
        .assets_dir = data_dir("ROMCAP_ASSETS", ROMCAP_ASSETS_DIR),
        .argv0 = argv[0],
    };
    /* Under a file size limit (ulimit -f) a write past it must fail with EFBIG,
     * which the session writer and the outputs report and recover from ("file size
     * limit reached ... frames so far kept"), not kill the process mid-recording. */
    signal(SIGXFSZ, SIG_IGN);
    int i = 1;
    int r = parse_globals(argc, argv, &app, &i);
    if (r >= 0)
        return r;
    if (i >= argc || argv[i][0] == '-')
        return rc_cmd_run_default(&app, argc - i, argv + i);
    if (!strcmp(argv[i], "help")) {
        usage(stdout);
        return 0;
    }
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
        if (!strcmp(argv[i], commands[c].name))
            return commands[c].run(&app, argc - i - 1, argv + i + 1);
    fprintf(stderr, "romcap: error: unknown command '%s' (try romcap --help)\n", argv[i]);
    return 2;
}
