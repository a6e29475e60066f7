/* ui_units.c - a measure's value as the live window and the review write it (issue
 * 16): in its own unit from rc_model_unit (model.h), so a distance reads "21.0 cm"
 * and never "21°"; and the record of the texts drawn (rc_ui_text_record) through
 * which tests read what a therapist sees without reading pixels.
 */
#include "ui_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void rc__fmt_value(char *buf, size_t cap, const rc_model_angle *a, double v)
{
    if (!isfinite(v))
        snprintf(buf, cap, "\xE2\x80\x94");     /* em dash: undefined */
    else if (a && a->type == RC_ANGLE_DISTANCE) /* cm: a tenth is within the SDC 1.8 cm */
        snprintf(buf, cap, "%.1f%s", v, rc_model_unit(a, RC_UNIT_SUFFIX));
    else
        snprintf(buf, cap, "%ld%s", lround(v), rc_model_unit(a, RC_UNIT_SUFFIX));
}

void rc__fmt_speed(char *buf, size_t cap, const rc_model_angle *a, double v)
{
    if (!isfinite(v))
        snprintf(buf, cap, "\xE2\x80\x94");
    else
        snprintf(buf, cap, "%.0f%s", v, rc_model_unit(a, RC_UNIT_SPEED_SUFFIX));
}

void rc_ui_text_record(rc_ui *ui, char *buf, size_t cap)
{
    if (!ui)
        return;
    ui->text_log = cap ? buf : NULL;
    ui->text_log_cap = buf ? cap : 0;
    ui->text_log_len = 0;
    if (ui->text_log)
        ui->text_log[0] = '\0';
}

void rc__text_log(rc_ui *ui, const char *utf8)
{
    if (!ui->text_log || !utf8)
        return;
    size_t n = strlen(utf8), at = ui->text_log_len;
    if (at + n + 2 > ui->text_log_cap)
        return; /* full: later texts are left out, never cut in half */
    memcpy(ui->text_log + at, utf8, n);
    ui->text_log[at + n] = '\n';
    ui->text_log[at + n + 1] = '\0';
    ui->text_log_len = at + n + 1;
}
