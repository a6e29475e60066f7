/* fuzz_metrics_csv.c - the CSV reader of `romcap metrics` (src/app/metrics_csv.c) on
 * arbitrary bytes, read through fmemopen: once choosing the column itself, once
 * asked for the column 'value'. */
#include <stdio.h>

#include "app/metrics_csv.h"
#include "fuzz.h"

static void read_once(const uint8_t *data, size_t size, const char *want)
{
    static const char empty[1] = "";
    FILE *f = fmemopen(size ? (void *)data : (void *)empty, size ? size : 1, "r");
    if (!f)
        return;
    if (!size)
        (void)fgetc(f); /* an empty stream */
    rc_csv_series s = {0};
    rc_err err = {{0}};
    (void)rc_metrics_csv_read_stream(f, "fuzz.csv", want, &s, &err);
    if (s.n > s.cap)
        __builtin_trap();
    rc_metrics_csv_free(&s);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_once(data, size, NULL);
    read_once(data, size, "value");
    return 0;
}
