/* fuzz_summary.c - summary.json's reader (src/results/results_summary_read.c) on
 * arbitrary bytes: the text as given (NUL-terminated copy), and the same bytes read
 * from a file through rc_summary_read. Both must agree, and what is read must stay
 * within its limits (the "setup" block's check too: seeds setup_*.json). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "romcap/results.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    rc_summary *s = malloc(sizeof *s), *f = malloc(sizeof *f);
    rc_err err = {{0}};
    if (s && f) {
        rc_status st = rc_summary_parse(text, "fuzz.json", s, &err);
        if (st != RC_OK && !err.msg[0])
            __builtin_trap();
        if (st == RC_OK) {
            if (s->n_angles < 0 || s->n_angles > RC_MAX_ANGLES)
                __builtin_trap();
            /* the set-up check (summary_check.c): within its items, its words a string */
            if (s->check.n_items < 0 || s->check.n_items > RC_CHECK_N_ITEMS ||
                memchr(s->setup_result, 0, sizeof s->setup_result) == NULL ||
                (s->check.n_items > 0 && (unsigned)s->check.worst > RC_CHECK_SKIP))
                __builtin_trap();
            for (int i = 0; i < s->check.n_items; i++)
                if ((unsigned)s->check.item[i].id >= RC_CHECK_N_ITEMS ||
                    memchr(s->check.item[i].measured, 0, RC_CHECK_TEXT_CAP) == NULL)
                    __builtin_trap();
            for (int a = 0; a < s->n_angles; a++) {
                const rc_summary_angle *an = &s->angle[a];
                if (an->n_reps < -1 || an->n_reps > RC_SUMMARY_MAX_REPS ||
                    memchr(an->name, 0, sizeof an->name) == NULL ||
                    rc_summary_find(s, an->name) == NULL)
                    __builtin_trap();
            }
        }
        const char *dir = rc_fuzz_scratch_dir();
        char path[512];
        /* The file reader stops at an embedded NUL like the text parser does. */
        if (dir && memchr(data, 0, size) == NULL) {
            snprintf(path, sizeof path, "%s/summary.json", dir);
            if (rc_fuzz_write_file(path, data, size) == 0) {
                rc_status fs = rc_summary_read(path, f, &err);
                if ((fs == RC_OK) != (st == RC_OK) ||
                    (fs == RC_OK && (f->n_angles != s->n_angles ||
                                     f->check.n_items != s->check.n_items)))
                    __builtin_trap();
            }
        }
    }
    free(s);
    free(f);
    free(text);
    return 0;
}
