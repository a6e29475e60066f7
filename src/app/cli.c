/* cli.c - getopt_long behind romcap's one-line option errors (see cli.h), and the
 * few lines every command shares: an error logged once, the stages' message
 * callbacks onto the log (app.h). */
#include "app/cli.h"

#include "app/app.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/session.h"
#include "romcap/source.h"

rc_cli rc_cli_start(const char *cmd, int argc, char **argv, const char *shorts,
                    const struct option *longs)
{
    rc_cli c = {.cmd = cmd, .argc = argc, .argv = argv, .shorts = shorts, .longs = longs};
    snprintf(c.shorts_buf, sizeof c.shorts_buf, ":%s", shorts ? shorts : "");
    optind = 0; /* glibc: a full reset, including the permutation state */
    opterr = 0; /* errors are ours, in romcap's form */
    return c;
}

void rc_cli_start_rows(rc_cli *c, const char *cmd, int argc, char **argv, const rc_cli_opt *rows)
{
    *c = rc_cli_start(cmd, argc, argv, "h", NULL);
    c->rows_longs[0] = (struct option){"help", no_argument, 0, 'h'};
    int n = 0;
    for (; rows[n].name && n < RC_CLI_MAX_ROWS; n++)
        c->rows_longs[n + 1] = (struct option){rows[n].name, rows[n].has_arg, 0, rows[n].id};
    assert(!rows[n].name); /* a longer table: raise RC_CLI_MAX_ROWS */
    c->rows_longs[n + 1] = (struct option){0};
    c->longs = c->rows_longs;
}

void rc_cli_help(FILE *out, const char *head, const rc_cli_opt *rows, const char *tail)
{
    fputs(head, out);
    for (; rows->name; rows++)
        if (rows->help)
            fputs(rows->help, out);
    if (tail)
        fputs(tail, out);
}

/* The option text as the user typed it, for messages. */
static const char *typed(const rc_cli *c)
{
    int i = optind - 1; /* getopt's index into argv - 1 */
    return i >= 1 && i <= c->argc ? c->argv[i - 1] : "?";
}

int rc_cli_next(rc_cli *c)
{
    /* getopt skips its argv[0]; argv[-1] is valid memory by main's contract. */
    int at = -1;
    int r = getopt_long(c->argc + 1, c->argv - 1, c->shorts_buf, c->longs, &at);
    c->arg = optarg;
    c->name = at >= 0 ? c->longs[at].name : NULL;
    if (r == '?') {
        if (optopt && optopt != '?' && !strchr(c->shorts ? c->shorts : "", optopt))
            fprintf(stderr, "romcap: error: %s: unknown option '-%c'\n", c->cmd, optopt);
        else
            fprintf(stderr, "romcap: error: %s: unknown option '%s'\n", c->cmd, typed(c));
        return RC_CLI_BAD;
    }
    if (r == ':') {
        fprintf(stderr, "romcap: error: %s: option '%s' needs a value\n", c->cmd, typed(c));
        return RC_CLI_BAD;
    }
    return r;
}

int rc_cli_first_arg(const rc_cli *c)
{
    (void)c;
    return optind - 1;
}

bool rc_cli_double(const rc_cli *c, const char *opt, const char *text, double lo, double hi,
                   double *out)
{
    char *end = NULL;
    errno = 0;
    double v = text && *text ? strtod(text, &end) : NAN;
    if (!end || *end || errno || !isfinite(v) || v < lo || v > hi) {
        fprintf(stderr, "romcap: error: %s: %s: '%s' is not a number in %g..%g\n", c->cmd, opt,
                text ? text : "", lo, hi);
        return false;
    }
    *out = v;
    return true;
}

bool rc_cli_int(const rc_cli *c, const char *opt, const char *text, int64_t lo, int64_t hi,
                int64_t *out)
{
    char *end = NULL;
    errno = 0;
    long long v = text && *text ? strtoll(text, &end, 10) : 0;
    if (!end || *end || errno || v < lo || v > hi) {
        fprintf(stderr,
                "romcap: error: %s: %s: '%s' is not a whole number in %" PRId64 "..%" PRId64 "\n",
                c->cmd, opt, text ? text : "", lo, hi);
        return false;
    }
    *out = v;
    return true;
}

bool rc_cli_at_most(const rc_cli *c, int max)
{
    int first = rc_cli_first_arg(c);
    if (c->argc - first <= max)
        return true;
    fprintf(stderr, "romcap: error: %s: unexpected argument '%s'\n", c->cmd, c->argv[first + max]);
    return false;
}

bool rc_cli_camera_control(const rc_cli *c, rc_source_options *so)
{
    rc_err e = {{0}};
    const char *opt = c->name ? c->name : "";
    rc_status st = !strcmp(opt, "exposure") ? rc_camera_parse_exposure(c->arg, &so->camera, &e)
                   : !strcmp(opt, "gain")   ? rc_camera_parse_gain(c->arg, &so->camera, &e)
                                          : rc_camera_parse_white_balance(c->arg, &so->camera, &e);
    if (st != RC_OK)
        fprintf(stderr, "romcap: error: %s: %s\n", c->cmd, e.msg);
    return st == RC_OK;
}

bool rc_cli_outcome(const rc_cli *c, rc_session_outcomes *o)
{
    rc_err e = {{0}};
    if (rc_outcomes_option(c->name ? c->name : "", c->arg, o, &e) == RC_OK)
        return true;
    fprintf(stderr, "romcap: error: %s: %s\n", c->cmd, e.msg);
    return false;
}

int rc_app_fail(const rc_app *app, const rc_err *err)
{
    rc_logf(&app->log, RC_LOG_ERROR, "%s", err->msg);
    return 1;
}

void rc_app_say(void *user, rc_log_level level, const char *msg)
{
    rc_logf(&((const rc_app *)user)->log, level, "%s", msg);
}

void rc_app_warn(void *user, const char *msg)
{
    rc_app_say(user, RC_LOG_WARN, msg);
}

void rc_app_info(void *user, const char *msg)
{
    rc_app_say(user, RC_LOG_INFO, msg);
}
