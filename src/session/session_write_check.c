/* session_write_check.c - session.json's "check" block (issue 20): the set-up check's
 * result in its JSON form (check.h, results/check_json.c), stored by the writer and
 * read back with the meta. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "session_internal.h"

void rc_session_writer_set_check(rc_session_writer *w, const rc_check_result *r)
{
    cJSON *meta = rc__session_writer_meta(w);
    if (!meta || !r)
        return;
    char *text = rc_check_json(r);
    cJSON *o = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (!o)
        return;
    if (cJSON_GetObjectItemCaseSensitive(meta, "check"))
        cJSON_ReplaceItemInObjectCaseSensitive(meta, "check", o);
    else
        cJSON_AddItemToObject(meta, "check", o);
}

void rc__session_read_check(const cJSON *root, const char *dir, rc_session_meta *m)
{
    memset(&m->check, 0, sizeof m->check);
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "check");
    if (!cJSON_IsObject(o))
        return;
    char *text = cJSON_PrintUnformatted(o);
    if (!text)
        return;
    rc_err ignored = {{0}};
    if (rc_check_json_parse(text, strlen(text), dir, &m->check, &ignored) != RC_OK)
        memset(&m->check, 0, sizeof m->check);
    free(text);
}
