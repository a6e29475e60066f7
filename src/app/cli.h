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
#include <stdio.h>

enum { RC_CLI_BAD = '?' };

enum { RC_CLI_MAX_ROWS = 40 };

/* An option as data: its long name, whether it takes a value, what rc_cli_next
 * returns for it, and its lines of --help (printed by rc_cli_help in row order). */
typedef struct rc_cli_opt {
    const char *name; /* without "--" */
    int has_arg;      /* no_argument or required_argument */
    int id;           /* returned by rc_cli_next: 256 and up */
    const char *help; /* whole lines, each ending in '\n'; NULL: not listed */
} rc_cli_opt;

typedef struct rc_cli {
    const char *cmd; /* command name used in messages ("analyse") */
    int argc;
    char **argv;                /* the command's arguments (borrowed) */
    const char *shorts;         /* getopt short options, without a leading ':' */
    const struct option *longs; /* borrowed; terminated by an all-zero entry */
    const char *arg;            /* value of the option just returned, or NULL */
    const char *name;           /* its long name without "--" ("pain"), or NULL */
    char shorts_buf[128];       /* ":" + shorts (missing values reported as ':') */
    struct option rows_longs[RC_CLI_MAX_ROWS + 2]; /* rc_cli_start_rows: --help + rows */
} rc_cli;

/* Prepares parsing (resets getopt's state). */
rc_cli rc_cli_start(const char *cmd, int argc, char **argv, const char *shorts,
                    const struct option *longs);
/* The same from a table of rows ending in an all-zero row (at most RC_CLI_MAX_ROWS),
 * with --help (-h) returning 'h'. Prepares *c in place (it points into itself). */
void rc_cli_start_rows(rc_cli *c, const char *cmd, int argc, char **argv, const rc_cli_opt *rows);
/* `head`, the rows' help lines, then `tail` (may be NULL), on `out`. */
void rc_cli_help(FILE *out, const char *head, const rc_cli_opt *rows, const char *tail);

/* The next option's value (short name or the long option's `val`), -1 at the end,
 * or RC_CLI_BAD after printing "romcap: error: CMD: unknown option '--x'" or
 * "romcap: error: CMD: option '--out' needs a value" to stderr. */
int rc_cli_next(rc_cli *c);
/* Index into the command's argv of the first positional argument (after the loop). */
int rc_cli_first_arg(const rc_cli *c);

/* After the loop: true when at most `max` positional arguments are left; else prints
 * "romcap: error: CMD: unexpected argument 'X'" (X the first one too many). */
bool rc_cli_at_most(const rc_cli *c, int max);

/* Strict number parsing of an option value: the whole text must be a number in
 * [lo, hi]; otherwise prints "romcap: error: CMD: OPT: 'TEXT' is not ..." and returns
 * false. */
bool rc_cli_double(const rc_cli *c, const char *opt, const char *text, double lo, double hi,
                   double *out);
bool rc_cli_int(const rc_cli *c, const char *opt, const char *text, int64_t lo, int64_t hi,
                int64_t *out);
/* The option just returned, a camera control (--exposure MS|auto, --white-balance
 * K|auto|lock, --gain G), into `so`; false after printing "romcap: error: CMD: ..."
 * for a bad value. */
struct rc_source_options;
bool rc_cli_camera_control(const rc_cli *c, struct rc_source_options *so);

/* The option just returned, a patient-reported outcome (--pain N, --pain-after N,
 * --psfs LIST, --note TEXT: session.h rc_outcomes_option), into `o`; false after
 * printing "romcap: error: CMD: ..." for a bad value. */
struct rc_session_outcomes;
bool rc_cli_outcome(const rc_cli *c, struct rc_session_outcomes *o);
#endif
