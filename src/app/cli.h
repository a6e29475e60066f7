/* cli.h - option parsing shared by every command: getopt_long with romcap's
 * one-line errors.
 *
 * A command receives (argc, argv) holding only its own arguments; main.c passes a
 * pointer into its own argv, so argv[-1] (the command's name, or the last global
 * option) is always valid and stands in for getopt's program name. GNU getopt
 * permutes, so options and positional arguments may come in any order; after the
 * loop the positional arguments are argv[rc_cli_first_arg() .. argc-1].
 *
 *     static const struct option longs[] = {{"out", required_argument, 0, 'o'}, {0}};
 *     rc_cli cli = rc_cli_start("export", argc, argv, "ho:", longs);
 *     for (int c; (c = rc_cli_next(&cli)) != -1;)
 *         switch (c) {
 *         case 'o': out = cli.arg; break;
 *         case 'h': help(stdout); return 0;
 *         default: return 2;            (RC_CLI_BAD: the error is printed)
 *         }
 */
#ifndef ROMCAP_APP_CLI_H
#define ROMCAP_APP_CLI_H
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

enum { RC_CLI_BAD = '?' };

typedef struct rc_cli {
    const char *cmd;             /* command name used in messages ("analyse") */
    int argc;
    char **argv;                 /* the command's arguments (borrowed) */
    const char *shorts;          /* getopt short options, without a leading ':' */
    const struct option *longs;  /* borrowed; terminated by an all-zero entry */
    const char *arg;             /* value of the option just returned, or NULL */
    char shorts_buf[128];        /* ":" + shorts (missing values reported as ':') */
} rc_cli;

/* Prepares parsing (resets getopt's state). */
rc_cli rc_cli_start(const char *cmd, int argc, char **argv, const char *shorts,
                    const struct option *longs);
/* The next option's value (short name or the long option's `val`), -1 at the end,
 * or RC_CLI_BAD after printing "romcap: error: CMD: unknown option '--x'" or
 * "romcap: error: CMD: option '--out' needs a value" to stderr. */
int rc_cli_next(rc_cli *c);
/* Index into the command's argv of the first positional argument (after the loop). */
int rc_cli_first_arg(const rc_cli *c);

/* Strict number parsing of an option value: the whole text must be a number in
 * [lo, hi]; otherwise prints "romcap: error: CMD: OPT: 'TEXT' is not ..." and returns
 * false. */
bool rc_cli_double(const rc_cli *c, const char *opt, const char *text, double lo, double hi,
                   double *out);
bool rc_cli_int(const rc_cli *c, const char *opt, const char *text, int64_t lo, int64_t hi,
                int64_t *out);
#endif
