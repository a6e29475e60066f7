/* model_mdc_json.c - one measurement-error figure (rc_model_mdc) as JSON, the one
 * writer of that object for summary.json's angles[].mdc and report.json's figures
 * (model.h, rc_model_mdc_json). The model file's own "mdc" entries are written by
 * model_write.c in the model file's field names. */
#include <math.h>

#include "model/model_internal.h"

cJSON *rc__mdc_design_json(const rc_model_mdc *f)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "session", rc_mdc_session_name(f->session));
    cJSON_AddStringToObject(o, "rater", rc_mdc_rater_name(f->rater));
    cJSON_AddStringToObject(o, "method", f->method);
    cJSON_AddStringToObject(o, "measure", rc_mdc_measure_name(f->measure));
    return o;
}

struct cJSON *rc_model_mdc_json(const rc_model_mdc *f, bool full)
{
    cJSON *o = rc__mdc_design_json(f);
    if (!o)
        return NULL;
    if (isfinite(f->sem_deg))
        cJSON_AddNumberToObject(o, "sem_deg", f->sem_deg);
    else
        cJSON_AddNullToObject(o, "sem_deg");
    cJSON_AddNumberToObject(o, "mdc95_deg", f->mdc95_deg);
    if (full)
        cJSON_AddBoolToObject(o, "mdc95_from_sem", f->mdc95_from_sem);
    cJSON_AddStringToObject(o, "source", f->source);
    if (full)
        cJSON_AddStringToObject(o, "note", f->note);
    return o;
}
