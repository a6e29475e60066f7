/* model_json.c - typed, path-aware field access on top of cJSON for the model parser.
 *
 * cJSON accepts any well-formed JSON; these helpers turn "wrong type", "missing",
 * "unknown field" and "out of range" into one-line messages naming the field.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"

rc_status rc__jfail(const rc__jctx *c, const char *path, const char *fmt, ...)
{
    char reason[RC_ERR_CAP];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    /* Reasons quote the file's own text, which may hold escaped control characters:
     * keep the message on one printable line. */
    for (char *q = reason; *q; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7f)
            *q = '?';
    if (path && path[0])
        return rc_err_set(c->err, RC_E_FORMAT, "%s: %s: %s", c->origin, path, reason);
    return rc_err_set(c->err, RC_E_FORMAT, "%s: %s", c->origin, reason);
}

void rc__jpath_key(char *out, const char *parent, const char *key)
{
    if (parent && parent[0])
        snprintf(out, RC__PATH_CAP, "%s.%s", parent, key);
    else
        snprintf(out, RC__PATH_CAP, "%s", key);
}

void rc__jpath_index(char *out, const char *parent, int i)
{
    snprintf(out, RC__PATH_CAP, "%s[%d]", parent, i);
}

const char *rc__jtype(const cJSON *v)
{
    if (!v)
        return "nothing";
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsObject(v))
        return "an object";
    return "an invalid value";
}

rc_status rc__jexpect_object(const rc__jctx *c, const cJSON *v, const char *path)
{
    if (!cJSON_IsObject(v))
        return rc__jfail(c, path, "expected an object, got %s", rc__jtype(v));
    return RC_OK;
}

rc_status rc__jcheck_keys(const rc__jctx *c, const cJSON *obj, const char *path,
                          const char *const *allowed)
{
    for (const cJSON *f = obj->child; f; f = f->next) {
        const char *k = f->string ? f->string : "";
        /* Quadratic, but objects here have a dozen fields at most. */
        for (const cJSON *g = obj->child; g != f; g = g->next)
            if (g->string && !strcmp(g->string, k))
                return rc__jfail(c, path, "field '%s' is given twice", k);
        if (k[0] == '_')
            continue;
        bool ok = false;
        for (int i = 0; allowed[i] && !ok; i++)
            ok = !strcmp(allowed[i], k);
        if (!ok) {
            char list[256] = "";
            size_t used = 0;
            for (int i = 0; allowed[i]; i++) {
                int n =
                    snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", allowed[i]);
                if (n < 0 || (size_t)n >= sizeof list - used)
                    break;
                used += (size_t)n;
            }
            return rc__jfail(c, path, "unknown field '%.40s' (expected one of: %s)", k, list);
        }
    }
    return RC_OK;
}

rc_status rc__jget_string(const rc__jctx *c, const cJSON *obj, const char *path, const char *key,
                          bool required, char *dst, size_t cap)
{
    char p[RC__PATH_CAP];
    rc__jpath_key(p, path, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        if (required)
            return rc__jfail(c, p, "missing required field");
        return RC_OK;
    }
    if (!cJSON_IsString(v) || !v->valuestring)
        return rc__jfail(c, p, "expected a string, got %s", rc__jtype(v));
    size_t n = strlen(v->valuestring);
    if (n == 0)
        return rc__jfail(c, p, "must not be empty");
    if (n >= cap)
        return rc__jfail(c, p, "text too long (%zu bytes, at most %zu)", n, cap - 1);
    memcpy(dst, v->valuestring, n + 1);
    return RC_OK;
}

rc_status rc__jget_number(const rc__jctx *c, const cJSON *obj, const char *path, const char *key,
                          bool required, double lo, double hi, double *dst)
{
    char p[RC__PATH_CAP];
    rc__jpath_key(p, path, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        if (required)
            return rc__jfail(c, p, "missing required field");
        return RC_OK;
    }
    if (!cJSON_IsNumber(v))
        return rc__jfail(c, p, "expected a number, got %s", rc__jtype(v));
    double x = v->valuedouble;
    if (!isfinite(x) || x < lo || x > hi)
        return rc__jfail(c, p, "%g is out of range [%g, %g]", x, lo, hi);
    *dst = x;
    return RC_OK;
}

bool rc_model_name_valid(const char *s)
{
    return rc__valid_name(s);
}

bool rc__valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= RC_NAME_CAP || !(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
            return false;
    }
    return true;
}

rc_status rc__jget_enum(const rc__jctx *c, const cJSON *obj, const char *path, const char *key,
                        const char *const *names, int n, int def, int *out)
{
    char buf[32] = "", p[RC__PATH_CAP];
    *out = def;
    rc_status s = rc__jget_string(c, obj, path, key, def < 0, buf, sizeof buf);
    if (s || !buf[0]) /* an error, or absent: the default */
        return s;
    for (int i = 0; i < n; i++)
        if (!strcmp(buf, names[i])) {
            *out = i;
            return RC_OK;
        }
    rc__jpath_key(p, path, key);
    char list[160] = "";
    for (int i = 0; i < n; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                 names[i]);
    return rc__jfail(c, p, "unknown value '%.40s' (expected %s)", buf, list);
}
