/* cli.c - getopt_long behind romcap's one-line option errors (see cli.h). */
#include "app/cli.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rc_cli rc_cli_start(const char *cmd, int argc, char **argv, const char *shorts,
                    const struct option *longs)
{
    rc_cli c = {.cmd = cmd, .argc = argc, .argv = argv, .shorts = shorts, .longs = longs};
    snprintf(c.shorts_buf, sizeof c.shorts_buf, ":%s", shorts ? shorts : "");
    optind = 0; /* glibc: a full reset, including the permutation state */
    opterr = 0; /* errors are ours, in romcap's form */
    return c;
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
    int r = getopt_long(c->argc + 1, c->argv - 1, c->shorts_buf, c->longs, NULL);
    c->arg = optarg;
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
        fprintf(stderr, "romcap: error: %s: %s: '%s' is not a whole number in %" PRId64
                        "..%" PRId64 "\n",
                c->cmd, opt, text ? text : "", lo, hi);
        return false;
    }
    *out = v;
    return true;
}
