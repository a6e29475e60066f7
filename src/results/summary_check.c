/* summary_check.c - summary.json's "setup" block (issue 20): the set-up check recorded
 * with the input and the camera's controls in force, so the results say under which
 * set-up they were measured. The check is written and read through its one JSON form
 * (check_json.c); the camera controls through their one writer (camera_json.c), the
 * object session.json holds.
 *
 *   "setup": {"result": "failed (sticker size); recorded anyway after the warning",
 *             "check": {...the check's JSON...} | null,
 *             "reason": null | "the input is not a recorded session",
 *             "trust_note": null | "recorded over a failed set-up check: ...",
 *             "camera_controls": {...} | null}
 *
 * A video, a folder of JPEGs or a scene has "check": null with its reason, never a
 * pass it did not earn. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "results/results_internal.h"

void rc__summary_setup(cJSON *root, const rc_run_info *info)
{
    cJSON *o = cJSON_AddObjectToObject(root, "setup");
    if (!o)
        return;
    const rc_check_result *r = &info->check;
    char words[RC_TEXT_CAP];
    cJSON_AddStringToObject(o, "result", rc_check_outcome(r, words, sizeof words));
    cJSON *ck = r->n_items > 0 ? rc__check_json_object(r) : NULL;
    if (ck)
        cJSON_AddItemToObject(o, "check", ck);
    else
        cJSON_AddNullToObject(o, "check");
    if (r->n_items > 0 || !info->check_none)
        cJSON_AddNullToObject(o, "reason");
    else
        cJSON_AddStringToObject(o, "reason", info->check_none);
    if (r->n_items > 0 && r->worst == RC_CHECK_FAIL)
        cJSON_AddStringToObject(o, "trust_note", RC_CHECK_TRUST_NOTE);
    else
        cJSON_AddNullToObject(o, "trust_note");
    cJSON *cc = rc__camera_controls_object(&info->camera_controls); /* camera_json.c */
    if (cc)
        cJSON_AddItemToObject(o, "camera_controls", cc);
    else
        cJSON_AddNullToObject(o, "camera_controls");
}

void rc__summary_setup_read(const cJSON *root, const char *name, rc_summary *s)
{
    memset(&s->check, 0, sizeof s->check);
    s->setup_result[0] = '\0';
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "setup");
    if (!cJSON_IsObject(o))
        return;
    const cJSON *res = cJSON_GetObjectItemCaseSensitive(o, "result");
    if (cJSON_IsString(res) && res->valuestring)
        snprintf(s->setup_result, sizeof s->setup_result, "%s", res->valuestring);
    const cJSON *ck = cJSON_GetObjectItemCaseSensitive(o, "check");
    rc_err ignored = {{0}};
    /* A damaged block reads as no check (zeroed by the reader), never as a pass. */
    if (cJSON_IsObject(ck) && rc__check_json_read(ck, name, &s->check, &ignored) != RC_OK)
        s->setup_result[0] = '\0';
}
