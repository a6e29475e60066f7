/* summary_lines.c - summary.json's figures worded for a person (results.h): the set's
 * ROM of an angle, as `romcap analyse` logs it at the end of a run. */
#include <stdio.h>
#include <string.h>

#include "romcap/results.h"

bool rc_summary_rom_line(const rc_summary_angle *k, char *line, size_t cap)
{
    if (k->rom_reps > 0)
        snprintf(line, cap,
                 "%s: set %s %.1f %s (peak, mean of %d repetition%s, SD %.1f; trough %.1f; "
                 "largest repetition %.1f)",
                 k->name, strcmp(k->unit, "cm") ? "ROM" : "distance", k->rom_peak_mean_deg,
                 k->unit[0] ? k->unit : "deg", k->rom_reps, k->rom_reps > 1 ? "s" : "",
                 k->rom_peak_sd_deg, k->rom_trough_mean_deg, k->rom_largest_peak_deg);
    else if (k->rom_reps == 0)
        snprintf(line, cap, "%s: no complete repetition, no set ROM", k->name);
    return k->rom_reps >= 0;
}
