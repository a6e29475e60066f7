/* app.h - the romcap command: one function per sub-command, and shared CLI glue.
 *
 * main.c dispatches argv[1] to a cmd_*.c file. Each command parses its own
 * options, prints its own help for -h/--help, prints one-line errors prefixed
 * "romcap: error: " to stderr, and returns the process exit status (0 success,
 * 1 failure, 2 bad usage). No algorithms live here: only wiring of the stages.
 */
#ifndef ROMCAP_APP_H
#define ROMCAP_APP_H

#include <stdio.h>

#include "romcap/log.h"
#include "romcap/status.h"

typedef struct rc_app {
    rc_log log;             /* the one logger, owned by main */
    const char *models_dir; /* bundled models folder */
    const char *assets_dir; /* bundled assets folder (fonts, sample clip) */
    const char *argv0;
} rc_app;

int rc_cmd_analyse(const rc_app *app, int argc, char **argv);
int rc_cmd_models(const rc_app *app, int argc, char **argv);
int rc_cmd_run_default(const rc_app *app, int argc, char **argv); /* no sub-command */
int rc_cmd_metrics(const rc_app *app, int argc, char **argv);
int rc_cmd_calibrate(const rc_app *app, int argc, char **argv);
int rc_cmd_live(const rc_app *app, int argc, char **argv);
int rc_cmd_scenes(const rc_app *app, int argc, char **argv);
int rc_cmd_record(const rc_app *app, int argc, char **argv);
int rc_cmd_cameras(const rc_app *app, int argc, char **argv);
int rc_cmd_repair(const rc_app *app, int argc, char **argv);
int rc_cmd_export(const rc_app *app, int argc, char **argv);
int rc_cmd_compare(const rc_app *app, int argc, char **argv);
int rc_cmd_repeatability(const rc_app *app, int argc, char **argv);
int rc_cmd_learn(const rc_app *app, int argc, char **argv);
int rc_cmd_review(const rc_app *app, int argc, char **argv);
/* a course of treatment (issue 17) */
int rc_cmd_annotate(const rc_app *app, int argc, char **argv);
int rc_cmd_sessions(const rc_app *app, int argc, char **argv);
int rc_cmd_progress(const rc_app *app, int argc, char **argv);
int rc_cmd_check(const rc_app *app, int argc, char **argv); /* cmd_check.c */

/* Logs err's message as an error and returns 1, the exit status of a failure. */
int rc_app_fail(const rc_app *app, const rc_err *err);
/* The stages' message callbacks onto the app's log (`user` is the const rc_app *). */
void rc_app_say(void *user, rc_log_level level, const char *msg);
void rc_app_warn(void *user, const char *msg);
void rc_app_info(void *user, const char *msg);

/* Logs what was learnt for one marker, with a warning when it is doubtful
 * (rc_color_learn_doubtful); shared by `romcap learn` and the live window. */
struct rc_model_marker;
struct rc_color_class;
struct rc_color_learn_info;
void rc_app_log_learnt(const rc_app *app, const struct rc_model_marker *mk, float x, float y,
                       const struct rc_color_class *cls, const struct rc_color_learn_info *info);

#endif
