/* csv.h - the one CSV reader of romcap: a header row, then rows of the same width.
 *
 * Every comma-separated file romcap reads goes through here (tracks.csv and
 * angles.csv of the results stage, the input of `romcap metrics`), so quoting, empty
 * cells, CRLF line ends, numbers and limits are handled the same way everywhere and
 * the messages look the same: "FILE:LINE: what is wrong". It reads; it does not know
 * what any column means, and it does not write (each format's writer is a printf
 * next to its reader).
 *
 * What it accepts: fields separated by commas; a field in double quotes may hold
 * commas, line breaks and "" for one quote; spaces and tabs around an unquoted field
 * are dropped; LF or CRLF line ends; blank lines are skipped; the last line may lack
 * its line end. Every row must have as many fields as the header. Numbers are plain
 * decimal text; "inf", "nan", hex and anything that overflows a double are refused,
 * an empty cell is a missing value. The whole file is held in memory, so its size is
 * limited (rc_csv_limits): a huge file is an error, not an out-of-memory.
 */
#ifndef ROMCAP_CSV_H
#define ROMCAP_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    RC_CSV_MAX_COLUMNS = 1024 /* default column limit */
};
#define RC_CSV_MAX_BYTES ((size_t)1 << 30) /* default file size limit: 1 GiB */

typedef struct rc_csv_limits {
    size_t max_bytes; /* largest file accepted; 0 = RC_CSV_MAX_BYTES */
    int max_columns;  /* most columns accepted; 0 = RC_CSV_MAX_COLUMNS */
} rc_csv_limits;

typedef struct rc_csv rc_csv;

/* Reads the file at `path` whole and its header row into a new reader *out (close
 * it with rc_csv_close). `lim` may be NULL (defaults). On failure *out is NULL and
 * the message names the file: RC_E_NOT_FOUND / RC_E_IO when it cannot be read,
 * RC_E_FORMAT for "PATH: empty file (a header row is needed)", "PATH:1: more than N
 * columns", a bad quote or a file over the size limit; RC_E_NOMEM. */
rc_status rc_csv_open(const char *path, const rc_csv_limits *lim, rc_csv **out, rc_err *err);

/* The same over `len` bytes at `data` (copied: the caller keeps its buffer); `name`
 * names the text in messages. */
rc_status rc_csv_open_mem(const void *data, size_t len, const char *name, const rc_csv_limits *lim,
                          rc_csv **out, rc_err *err);

void rc_csv_close(rc_csv *c); /* NULL is fine */

/* The name given at open (the path for rc_csv_open). */
const char *rc_csv_name(const rc_csv *c);

/* Columns of the header, and the name of column i (0-based, unquoted, trimmed). */
int rc_csv_columns(const rc_csv *c);
const char *rc_csv_column_name(const rc_csv *c, int i);

/* Index of the first column called `name` (exact match), or -1. */
int rc_csv_column(const rc_csv *c, const char *name);

/* An upper bound of the rows still to come (the line breaks left), for sizing arrays. */
int64_t rc_csv_rows_max(const rc_csv *c);

/* Advances to the next row: RC_OK (the cells below are the new row's), RC_E_EOF after
 * the last row, RC_E_FORMAT for a row of the wrong width ("FILE:LINE: 3 fields, the
 * header has 6"), an unterminated quote or text after a closing quote. After an
 * error the reader stays at the end. */
rc_status rc_csv_next(rc_csv *c, rc_err *err);

/* Line number (1 = the header) where the current row starts. */
int64_t rc_csv_line(const rc_csv *c);

/* Cell `col` of the current row, unquoted; "" for an empty cell. Valid until the next
 * rc_csv_next. `col` must be < rc_csv_columns. */
const char *rc_csv_cell(const rc_csv *c, int col);

/* Cell `col` as a double: an empty cell is NAN (a missing value) and RC_OK; text that
 * is not a whole finite decimal number is RC_E_FORMAT, "FILE:LINE: bad number 'abc'
 * in column 'x'" or "FILE:LINE: 1e999 in column 'x' is not a finite number". */
rc_status rc_csv_double(const rc_csv *c, int col, double *out, rc_err *err);

/* Cell `col` as a whole number; an empty cell is an error here. */
rc_status rc_csv_int64(const rc_csv *c, int col, int64_t *out, rc_err *err);

#ifdef __cplusplus
}
#endif
#endif
