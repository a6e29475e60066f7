/* summary_rom_lines.c - every angle's set-ROM line of a results folder's summary.json
 * (results.h rc_summary_rom_lines): what `romcap analyse` logs at the end of a run. */
#include <stdio.h>
#include <stdlib.h>

#include "romcap/results.h"

void rc_summary_rom_lines(const char *dir, void (*say)(void *user, const char *line), void *user)
{
    char path[4200], line[RC_ERR_CAP];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    rc_summary *s = malloc(sizeof *s); /* large: every angle's figures */
    rc_err err = {{0}};
    if (s && rc_summary_read(path, s, &err) == RC_OK)
        for (int a = 0; a < s->n_angles; a++)
            if (rc_summary_rom_line(&s->angle[a], line, sizeof line))
                say(user, line);
    free(s);
}
