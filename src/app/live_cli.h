/* live_cli.h - what `romcap live` (cmd_live.c) and the main job (cmd_main_job.c)
 * share: one option table and parser into the live stage's config (live.h), and
 * the session run with the app's log, models and analysis. */
#ifndef ROMCAP_APP_LIVE_CLI_H
#define ROMCAP_APP_LIVE_CLI_H

#include <stdbool.h>

#include "app/app.h"
#include "romcap/live.h"

/* What the command line asked for: the session's config and the storage behind it
 * (strings borrowed from argv). */
typedef struct live_request {
    rc_live_config cfg;
    char camera_uri[32]; /* --camera N */
    const char *out_dir; /* the main job's --out */
} live_request;

typedef enum parse_result { PARSE_OK, PARSE_HELP, PARSE_BAD } parse_result;

/* Options of `live` (`cmd` "live") or of the main job (`main_job`: also --out), into
 * a fresh *rq (rc_live_config_init); an error is printed as one line on stderr. */
parse_result live_parse_options(const char *cmd, int argc, char **argv, live_request *rq,
                                bool main_job);

/* Runs the session with the app's log, models and analysis (recordings analysed at
 * their stop as `romcap analyse` does): the exit status, or 3 with `ui_err` when no
 * window could be opened (nothing said: the caller decides). */
int live_run_session(const rc_app *app, live_request *rq, rc_err *ui_err);

#endif
