/* check_print.c - the set-up check's result as the table `romcap check` prints
 * (check.h rc_check_print). */
#include <stdio.h>

#include "romcap/check.h"

void rc_check_print(FILE *out, const rc_check_result *r, const char *input)
{
    fprintf(out, "set-up check of %s: %lld frames, %.1f s\n", input, (long long)r->frames,
            r->seconds);
    fprintf(out, "%-15s %-6s %s\n", "ITEM", "RESULT", "MEASURED");
    for (int i = 0; i < r->n_items; i++) {
        const rc_check_item *it = &r->item[i];
        fprintf(out, "%-15s %-6s %s\n", rc_check_item_name(it->id), rc_check_level_name(it->level),
                it->measured);
        if (it->advice[0])
            fprintf(out, "%-22s -> %s\n", "", it->advice);
    }
    fprintf(out, "overall: %s\n", rc_check_level_name(r->worst));
}
