/* check_json.c - the set-up check's result as JSON (check.h): one writer and one
 * reader, shared by session.json's "check" block, `romcap check --json`, summary.json's
 * "setup" block (summary_check.c) and the reports; and its outcome in the words every
 * report uses (rc_check_outcome, rc_check_mark). In the results library (core +
 * cJSON) so the session writer and reader use it without depending on the analysis
 * stage that computes it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "romcap/check.h"
#include "results/results_internal.h"

const char *rc_check_level_name(rc_check_level l)
{
    switch (l) {
    case RC_CHECK_PASS: return "pass";
    case RC_CHECK_WARN: return "warn";
    case RC_CHECK_FAIL: return "fail";
    case RC_CHECK_SKIP: return "n/a";
    }
    return "?";
}

const char *rc_check_item_name(rc_check_id id)
{
    static const char *const names[RC_CHECK_N_ITEMS] = {
        "stickers",     "light",         "blur",           "framing",
        "sticker size", "camera square", "frames dropped", "frames analysed"};
    return (unsigned)id < RC_CHECK_N_ITEMS ? names[id] : "?";
}

const char *rc_check_item_line(const rc_check_item *it, char *buf, size_t cap)
{
    char val[48] = "";
    if (isfinite(it->value))
        snprintf(val, sizeof val, " (%.3g %s)", it->value, it->unit);
    snprintf(buf, cap, "%s: %s%s: %s%s%s", rc_check_item_name(it->id),
             rc_check_level_name(it->level), val, it->measured, it->advice[0] ? " - " : "",
             it->advice);
    return buf;
}

static int level_parse(const char *name)
{
    for (int l = RC_CHECK_PASS; l <= RC_CHECK_SKIP; l++)
        if (name && !strcmp(name, rc_check_level_name((rc_check_level)l)))
            return l;
    return -1;
}

const char *rc_check_mark(const rc_check_result *r)
{
    if (!r || r->n_items <= 0)
        return "-";
    switch (r->worst) {
    case RC_CHECK_FAIL: return r->acknowledged ? "FAIL-ack" : "FAIL";
    case RC_CHECK_WARN: return "warn";
    default: return "pass";
    }
}

const char *rc_check_outcome(const rc_check_result *r, char *buf, size_t cap)
{
    if (!r || r->n_items <= 0) {
        snprintf(buf, cap, "no set-up check recorded");
        return buf;
    }
    /* The items at the worst level, named: what the therapist has to look at. */
    rc_check_level worst = r->worst == RC_CHECK_SKIP ? RC_CHECK_PASS : r->worst;
    char names[160] = "";
    for (int i = 0; i < r->n_items && worst != RC_CHECK_PASS; i++) {
        if (r->item[i].level != worst)
            continue;
        size_t l = strlen(names);
        snprintf(names + l, sizeof names - l, "%s%s", l ? ", " : "",
                 rc_check_item_name(r->item[i].id));
    }
    snprintf(buf, cap, "%s%s%s%s%s",
             worst == RC_CHECK_FAIL   ? "failed"
             : worst == RC_CHECK_WARN ? "passed with warnings"
                                      : "passed",
             names[0] ? " (" : "", names, names[0] ? ")" : "",
             r->acknowledged ? "; recorded anyway after the warning" : "");
    return buf;
}

cJSON *rc__check_json_object(const rc_check_result *r)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "worst", rc_check_level_name(r->worst));
    cJSON_AddNumberToObject(o, "frames", (double)r->frames);
    cJSON_AddNumberToObject(o, "seconds", round(r->seconds * 1000) / 1000);
    if (r->acknowledged) /* only when the live window warned and R was pressed again */
        cJSON_AddTrueToObject(o, "acknowledged");
    cJSON *items = cJSON_AddArrayToObject(o, "items");
    for (int i = 0; items && i < r->n_items; i++) {
        const rc_check_item *it = &r->item[i];
        cJSON *j = cJSON_CreateObject();
        if (!j)
            break;
        cJSON_AddStringToObject(j, "item", rc_check_item_name(it->id));
        cJSON_AddStringToObject(j, "level", rc_check_level_name(it->level));
        if (isfinite(it->value))
            cJSON_AddNumberToObject(j, "value", round(it->value * 1000) / 1000);
        else
            cJSON_AddNullToObject(j, "value");
        cJSON_AddStringToObject(j, "unit", it->unit);
        cJSON_AddStringToObject(j, "measured", it->measured);
        cJSON_AddStringToObject(j, "advice", it->advice);
        cJSON_AddItemToArray(items, j);
    }
    return o;
}

char *rc_check_json(const rc_check_result *r)
{
    cJSON *o = rc__check_json_object(r);
    char *text = o ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    return text;
}

static rc_status str_field(const cJSON *j, const char *k, char *dst, size_t cap, const char *origin,
                           int i, rc_err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, k);
    if (!cJSON_IsString(v))
        return rc_err_set(err, RC_E_FORMAT, "%s: check.items[%d].%s: expected a string", origin, i,
                          k);
    snprintf(dst, cap, "%s", v->valuestring);
    return RC_OK;
}

static rc_status parse_item(const cJSON *j, const char *origin, int i, rc_check_item *it,
                            int *known, rc_err *err)
{
    char name[32], level[16];
    rc_status st = str_field(j, "item", name, sizeof name, origin, i, err);
    if (st == RC_OK)
        st = str_field(j, "level", level, sizeof level, origin, i, err);
    if (st == RC_OK)
        st = str_field(j, "unit", it->unit, sizeof it->unit, origin, i, err);
    if (st == RC_OK)
        st = str_field(j, "measured", it->measured, sizeof it->measured, origin, i, err);
    if (st == RC_OK)
        st = str_field(j, "advice", it->advice, sizeof it->advice, origin, i, err);
    if (st != RC_OK)
        return st;
    int lv = level_parse(level);
    if (lv < 0)
        return rc_err_set(err, RC_E_FORMAT, "%s: check.items[%d].level: unknown '%s'", origin, i,
                          level);
    it->level = (rc_check_level)lv;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "value");
    it->value = cJSON_IsNumber(v) ? v->valuedouble : NAN;
    *known = 0;
    for (int k = 0; k < RC_CHECK_N_ITEMS; k++)
        if (!strcmp(name, rc_check_item_name((rc_check_id)k))) {
            it->id = (rc_check_id)k;
            *known = 1;
        }
    return RC_OK;
}

rc_status rc__check_json_read(const cJSON *o, const char *origin, rc_check_result *out,
                             rc_err *err)
{
    memset(out, 0, sizeof *out);
    rc_status st = RC_OK;
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(o, "worst");
    const cJSON *fr = cJSON_GetObjectItemCaseSensitive(o, "frames");
    const cJSON *sec = cJSON_GetObjectItemCaseSensitive(o, "seconds");
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(o, "items");
    int worst = cJSON_IsString(w) ? level_parse(w->valuestring) : -1;
    if (!cJSON_IsObject(o) || worst < 0 || !cJSON_IsNumber(fr) || !cJSON_IsNumber(sec) ||
        !cJSON_IsArray(items)) {
        st = rc_err_set(err, RC_E_FORMAT,
                        "%s: check: expected an object with worst, frames, seconds and items",
                        origin);
        goto done;
    }
    out->worst = (rc_check_level)worst;
    out->frames = (int64_t)fr->valuedouble;
    out->seconds = sec->valuedouble;
    out->acknowledged = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "acknowledged"));
    int i = 0;
    const cJSON *j;
    cJSON_ArrayForEach(j, items)
    {
        int known = 0;
        rc_check_item it = {0};
        if ((st = parse_item(j, origin, i++, &it, &known, err)) != RC_OK)
            goto done;
        if (known && out->n_items < RC_CHECK_N_ITEMS)
            out->item[out->n_items++] = it;
    }
done:
    if (st != RC_OK)
        memset(out, 0, sizeof *out);
    return st;
}

rc_status rc_check_json_parse(const char *text, size_t len, const char *origin,
                              rc_check_result *out, rc_err *err)
{
    cJSON *o = cJSON_ParseWithLength(text, len);
    rc_status st = rc__check_json_read(o, origin, out, err);
    cJSON_Delete(o);
    return st;
}
