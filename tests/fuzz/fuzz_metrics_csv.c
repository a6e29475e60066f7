/* fuzz_metrics_csv.c - the core CSV reader (src/core/csv.c, the reader of `romcap
 * metrics` and of the result files) on arbitrary bytes: the header, every row, every
 * cell as a number and as a whole number, as `romcap metrics` and the results
 * readers use it; once with the default limits, once with tight ones. */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "romcap/csv.h"

static void read_once(const uint8_t *data, size_t size, const rc_csv_limits *lim)
{
    rc_csv *c;
    rc_err err = {{0}};
    if (rc_csv_open_mem(data, size, "fuzz.csv", lim, &c, &err) != RC_OK) {
        if (c || !err.msg[0])
            __builtin_trap(); /* a failure always says why and returns no reader */
        return;
    }
    int nc = rc_csv_columns(c);
    if (nc < 1 || rc_csv_column(c, rc_csv_column_name(c, 0)) != 0)
        __builtin_trap();
    int64_t bound = rc_csv_rows_max(c), rows = 0;
    rc_status st;
    while ((st = rc_csv_next(c, &err)) == RC_OK) {
        rows++;
        for (int i = 0; i < nc; i++) {
            double v;
            int64_t k;
            (void)strlen(rc_csv_cell(c, i));
            (void)rc_csv_double(c, i, &v, &err);
            (void)rc_csv_int64(c, i, &k, &err);
        }
    }
    if (rows > bound || (st != RC_E_EOF && !err.msg[0]))
        __builtin_trap();
    rc_csv_close(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_once(data, size, NULL);
    rc_csv_limits tight = {.max_bytes = 4096, .max_columns = 4};
    read_once(data, size, &tight);
    return 0;
}
