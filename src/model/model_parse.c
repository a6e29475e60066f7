/* model_parse.c - model JSON text -> rc_model: syntax errors with line:column, the
 * "format" tag, and the top-level fields. The arrays are parsed in model_fields.c
 * and model_angles.c. The format is documented in models/README.md.
 */
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"

#define RC_MODEL_FORMAT "romcap-model/1"

static const char *const top_keys[] = {"format", "name",   "title",   "description",
                                       "view",   "side",   "markers", "segments",
                                       "angles", "facing", "position", "compensations",
                                       "typical_speed", NULL};

/* Reports a cJSON syntax error at byte `at` of `json` as line:column plus a short,
 * printable excerpt of the text there. */
static rc_status syntax_error(const rc__jctx *c, const char *json, size_t len, size_t at)
{
    if (at > len)
        at = len;
    int line = 1, col = 1;
    for (size_t i = 0; i < at; i++) {
        if (json[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    char near[24];
    size_t k = 0;
    for (size_t i = at; i < len && json[i] != '\n' && k + 1 < sizeof near; i++)
        near[k++] = (json[i] >= 0x20 && json[i] < 0x7f) ? json[i] : '?';
    near[k] = '\0';
    if (k == 0)
        return rc_err_set(c->err, RC_E_FORMAT,
                          "%s: line %d, column %d: JSON syntax error at the end of the %s",
                          c->origin, line, col, at >= len ? "file" : "line");
    return rc_err_set(c->err, RC_E_FORMAT, "%s: line %d, column %d: JSON syntax error near '%s'",
                      c->origin, line, col, near);
}

static rc_status parse_top(const rc__jctx *c, const cJSON *root, rc_model *m)
{
    rc_status s = rc__jget_string(c, root, "", "name", true, m->name, sizeof m->name);
    if (s)
        return s;
    if (!rc__valid_name(m->name))
        return rc__jfail(c, "name",
                         "'%s' is not a valid name (1-31 characters of a-z, 0-9 and _, "
                         "starting with a letter)",
                         m->name);
    s = rc__jget_string(c, root, "", "title", true, m->title, sizeof m->title);
    if (!s)
        s = rc__jget_string(c, root, "", "description", true, m->description,
                            sizeof m->description);
    if (!s)
        s = rc__jget_string(c, root, "", "position", false, m->position, sizeof m->position);
    char view[16] = "";
    if (!s)
        s = rc__jget_string(c, root, "", "view", true, view, sizeof view);
    if (s)
        return s;
    if (!strcmp(view, "sagittal"))
        m->view = RC_VIEW_SAGITTAL;
    else if (!strcmp(view, "frontal"))
        m->view = RC_VIEW_FRONTAL;
    else
        return rc__jfail(c, "view", "unknown view '%s' (expected sagittal or frontal)", view);
    return rc__parse_side(c, root, m); /* model_norm.c: right, left or midline */
}

rc_status rc__model_from_json(const rc__jctx *c, const cJSON *root, rc_model *out)
{
    if (!cJSON_IsObject(root))
        return rc__jfail(c, "", "not a romcap model: the document is %s, not an object",
                         rc__jtype(root));
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!fmt)
        return rc__jfail(c, "format", "not a romcap model: missing field (expected \"%s\")",
                         RC_MODEL_FORMAT);
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, RC_MODEL_FORMAT))
        return rc__jfail(c, "format", "not a romcap model: expected \"%s\", got %s%.40s%s",
                         RC_MODEL_FORMAT, cJSON_IsString(fmt) ? "'" : rc__jtype(fmt),
                         cJSON_IsString(fmt) ? fmt->valuestring : "",
                         cJSON_IsString(fmt) ? "'" : "");
    rc_status s = rc__jcheck_keys(c, root, "", top_keys);
    if (!s)
        s = parse_top(c, root, out);
    if (!s)
        s = rc__parse_markers(c, root, out);
    if (!s)
        s = rc__parse_segments(c, root, out);
    if (!s)
        s = rc__parse_angles(c, root, out);
    if (!s)
        s = rc__parse_facing(c, root, out);
    if (!s)
        s = rc__parse_compensations(c, root, out);
    if (!s)
        s = rc__parse_typical_speed(c, root, out); /* issue 20 */
    return s;
}

rc_status rc_model_parse(const char *json, size_t len, const char *origin, rc_model *out,
                         rc_err *err)
{
    if (!out)
        return rc_err_set(err, RC_E_ARG, "rc_model_parse: no output model");
    memset(out, 0, sizeof *out);
    rc__jctx c = {origin && origin[0] ? origin : "(model)", err};
    if (!json)
        return rc_err_set(err, RC_E_ARG, "%s: no text to parse", c.origin);
    if (len > RC__MODEL_MAX_BYTES)
        return rc_err_set(err, RC_E_FORMAT, "%s: %zu bytes is too large for a model (at most %d)",
                          c.origin, len, RC__MODEL_MAX_BYTES);
    /* A NUL byte inside the text would silently end it early for cJSON. */
    if (memchr(json, '\0', len))
        return syntax_error(&c, json, len, (size_t)((const char *)memchr(json, '\0', len) - json));
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (!root)
        return syntax_error(&c, json, len, end && end >= json ? (size_t)(end - json) : 0);
    /* Anything but white space after the document is an error too. */
    size_t at = (size_t)(end - json);
    while (at < len &&
           (json[at] == ' ' || json[at] == '\t' || json[at] == '\r' || json[at] == '\n'))
        at++;
    rc_status s = at < len ? syntax_error(&c, json, len, at) : rc__model_from_json(&c, root, out);
    cJSON_Delete(root);
    if (s != RC_OK)
        memset(out, 0, sizeof *out);
    return s;
}
