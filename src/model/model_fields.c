/* model_fields.c - the "markers" and "segments" arrays of a model file.
 *
 * Markers come first because everything else refers to them by name.
 */
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"

static const char *const marker_keys[] = {"name",      "kind", "label",  "color",
                                          "tolerance", "hint", "chroma", "optional", NULL};
static const char *const chroma_keys[] = {"mean", "cov", NULL};

/* "#rrggbb" (either case) into rgb; false for anything else. */
static bool parse_color(const char *s, uint8_t rgb[3])
{
    if (strlen(s) != 7 || s[0] != '#')
        return false;
    for (int i = 0; i < 3; i++) {
        int v = 0;
        for (int j = 0; j < 2; j++) {
            char ch = s[1 + 2 * i + j];
            int d = ch >= '0' && ch <= '9'   ? ch - '0'
                    : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                    : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                             : -1;
            if (d < 0)
                return false;
            v = v * 16 + d;
        }
        rgb[i] = (uint8_t)v;
    }
    return true;
}

static rc_status parse_hint(const rc__jctx *c, const cJSON *obj, const char *path,
                            rc_model_marker *mk)
{
    char p[RC__PATH_CAP];
    rc__jpath_key(p, path, "hint");
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(obj, "hint");
    if (!h)
        return RC_OK;
    if (!cJSON_IsArray(h) || cJSON_GetArraySize(h) != 2)
        return rc__jfail(c, p, "expected [x, y] (fractions of the frame width and height)");
    float xy[2];
    for (int i = 0; i < 2; i++) {
        const cJSON *v = cJSON_GetArrayItem(h, i);
        char pi[RC__PATH_CAP];
        rc__jpath_index(pi, p, i);
        if (!cJSON_IsNumber(v))
            return rc__jfail(c, pi, "expected a number, got %s", rc__jtype(v));
        if (!(v->valuedouble >= 0.0 && v->valuedouble <= 1.0))
            return rc__jfail(c, pi, "%g is not a fraction of the frame in [0, 1]", v->valuedouble);
        xy[i] = (float)v->valuedouble;
    }
    mk->hint_x = xy[0];
    mk->hint_y = xy[1];
    return RC_OK;
}

/* A fixed-length array of numbers within [lo, hi] at obj.key. */
static rc_status number_array(const rc__jctx *c, const cJSON *obj, const char *path,
                              const char *key, int n, double lo, double hi, double *out)
{
    char p[RC__PATH_CAP];
    rc__jpath_key(p, path, key);
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!a)
        return rc__jfail(c, p, "missing required field");
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != n)
        return rc__jfail(c, p, "expected an array of %d numbers", n);
    for (int i = 0; i < n; i++) {
        const cJSON *v = cJSON_GetArrayItem(a, i);
        char pi[RC__PATH_CAP];
        rc__jpath_index(pi, p, i);
        if (!cJSON_IsNumber(v))
            return rc__jfail(c, pi, "expected a number, got %s", rc__jtype(v));
        if (!(v->valuedouble >= lo && v->valuedouble <= hi))
            return rc__jfail(c, pi, "%g is outside [%g, %g]", v->valuedouble, lo, hi);
        out[i] = v->valuedouble;
    }
    return RC_OK;
}

/* "chroma": {"mean": [nb, nr], "cov": [var_nb, cov, var_nr]}, a learnt colour
 * class (romcap learn); see rc_color_class in include/romcap/detect.h. */
static rc_status parse_chroma(const rc__jctx *c, const cJSON *obj, const char *path,
                              rc_model_marker *mk)
{
    const cJSON *ch = cJSON_GetObjectItemCaseSensitive(obj, "chroma");
    if (!ch)
        return RC_OK;
    char p[RC__PATH_CAP];
    rc__jpath_key(p, path, "chroma");
    if (mk->kind != RC_MARKER_COLOR)
        return rc__jfail(c, p, "only colour markers have a learnt chroma");
    double mean[2], cov[3];
    rc_status s = rc__jexpect_object(c, ch, p);
    if (!s)
        s = rc__jcheck_keys(c, ch, p, chroma_keys);
    if (!s)
        s = number_array(c, ch, p, "mean", 2, -8.0, 8.0, mean);
    if (!s)
        s = number_array(c, ch, p, "cov", 3, -1.0, 1.0, cov);
    if (s)
        return s;
    char pc[RC__PATH_CAP];
    rc__jpath_key(pc, p, "cov");
    if (cov[0] < 0 || cov[2] < 0 || cov[1] * cov[1] > cov[0] * cov[2] * (1 + 1e-6) + 1e-12)
        return rc__jfail(c, pc,
                         "[%g, %g, %g] is not a covariance (variances >= 0, |cov| <= their "
                         "geometric mean)",
                         cov[0], cov[1], cov[2]);
    if (mean[0] * mean[0] + mean[1] * mean[1] < 0.08 * 0.08)
        return rc__jfail(c, p, "mean [%g, %g] is too grey for a colour sticker", mean[0], mean[1]);
    mk->chroma_learned = 1;
    for (int i = 0; i < 2; i++)
        mk->chroma_mean[i] = (float)mean[i];
    for (int i = 0; i < 3; i++)
        mk->chroma_cov[i] = (float)cov[i];
    return RC_OK;
}

static rc_status parse_marker(const rc__jctx *c, const cJSON *obj, const char *path,
                              rc_model_marker *mk)
{
    rc_status s = rc__jexpect_object(c, obj, path);
    if (!s)
        s = rc__jcheck_keys(c, obj, path, marker_keys);
    if (!s)
        s = rc__jget_string(c, obj, path, "name", true, mk->name, sizeof mk->name);
    if (s)
        return s;
    char p[RC__PATH_CAP];
    rc__jpath_key(p, path, "name");
    if (!rc__valid_name(mk->name))
        return rc__jfail(c, p,
                         "'%s' is not a valid name (1-31 characters of a-z, 0-9 and _, "
                         "starting with a letter)",
                         mk->name);
    s = rc__jget_string(c, obj, path, "label", true, mk->label, sizeof mk->label);
    if (s)
        return s;

    char kind[16] = "color";
    s = rc__jget_string(c, obj, path, "kind", false, kind, sizeof kind);
    if (s)
        return s;
    rc__jpath_key(p, path, "kind");
    if (!strcmp(kind, "color"))
        mk->kind = RC_MARKER_COLOR;
    else if (!strcmp(kind, "bright"))
        mk->kind = RC_MARKER_BRIGHT;
    else
        return rc__jfail(c, p, "unknown kind '%s' (expected color or bright)", kind);

    char color[16] = "";
    s = rc__jget_string(c, obj, path, "color", mk->kind == RC_MARKER_COLOR, color, sizeof color);
    if (s)
        return s;
    rc__jpath_key(p, path, "color");
    if (!color[0])
        memset(mk->rgb, 255, 3); /* bright markers are drawn white by default */
    else if (!parse_color(color, mk->rgb))
        return rc__jfail(c, p, "bad colour '%s' (expected \"#rrggbb\", e.g. \"#1eaa46\")", color);

    double tol = 0.0;
    s = rc__jget_number(c, obj, path, "tolerance", false, 0.0, 1.0, &tol);
    if (s)
        return s;
    mk->tolerance = (float)tol;
    const cJSON *opt = cJSON_GetObjectItemCaseSensitive(obj, "optional");
    rc__jpath_key(p, path, "optional");
    if (opt && !cJSON_IsBool(opt))
        return rc__jfail(c, p, "expected true or false, got %s", rc__jtype(opt));
    mk->optional = cJSON_IsTrue(opt);
    mk->hint_x = mk->hint_y = -1.0f;
    s = parse_hint(c, obj, path, mk);
    return s ? s : parse_chroma(c, obj, path, mk);
}

rc_status rc__parse_markers(const rc__jctx *c, const cJSON *root, rc_model *m)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "markers");
    if (!arr)
        return rc__jfail(c, "markers", "missing required field");
    if (!cJSON_IsArray(arr))
        return rc__jfail(c, "markers", "expected an array, got %s", rc__jtype(arr));
    int n = cJSON_GetArraySize(arr);
    if (n > RC_MAX_MARKERS)
        return rc__jfail(c, "markers", "%d markers: a model needs 2 to %d", n, RC_MAX_MARKERS);
    int i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        char p[RC__PATH_CAP];
        rc__jpath_index(p, "markers", i);
        rc_status s = parse_marker(c, it, p, &m->marker[i]);
        if (s)
            return s;
        for (int j = 0; j < i; j++)
            if (!strcmp(m->marker[j].name, m->marker[i].name)) {
                char pn[RC__PATH_CAP];
                rc__jpath_key(pn, p, "name");
                return rc__jfail(c, pn, "duplicate marker name '%s' (also markers[%d])",
                                 m->marker[i].name, j);
            }
    }
    if (n < 2)
        return rc__jfail(c, "markers", "%d markers: a model needs 2 to %d", n, RC_MAX_MARKERS);
    m->n_markers = n;
    return RC_OK;
}

rc_status rc__marker_ref(const rc__jctx *c, const rc_model *m, const cJSON *v, const char *p,
                         int *idx)
{
    if (!cJSON_IsString(v) || !v->valuestring)
        return rc__jfail(c, p, "expected a marker name, got %s", rc__jtype(v));
    *idx = rc_model_marker_index(m, v->valuestring);
    if (*idx < 0)
        return rc__jfail(c, p, "unknown marker '%.40s'", v->valuestring);
    return RC_OK;
}

rc_status rc__parse_segments(const rc__jctx *c, const cJSON *root, rc_model *m)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "segments");
    m->n_segments = 0;
    if (!arr)
        return RC_OK;
    if (!cJSON_IsArray(arr))
        return rc__jfail(c, "segments", "expected an array, got %s", rc__jtype(arr));
    int n = cJSON_GetArraySize(arr);
    if (n > RC_MAX_SEGMENTS)
        return rc__jfail(c, "segments", "%d segments: at most %d", n, RC_MAX_SEGMENTS);
    int i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        char p[RC__PATH_CAP];
        rc__jpath_index(p, "segments", i);
        if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) != 2)
            return rc__jfail(c, p, "expected a pair of marker names, e.g. [\"hip\", \"knee\"]");
        int ab[2];
        for (int k = 0; k < 2; k++) {
            char pk[RC__PATH_CAP];
            rc__jpath_index(pk, p, k);
            rc_status s = rc__marker_ref(c, m, cJSON_GetArrayItem(it, k), pk, &ab[k]);
            if (s)
                return s;
        }
        if (ab[0] == ab[1])
            return rc__jfail(c, p, "both ends are marker '%s'", m->marker[ab[0]].name);
        for (int j = 0; j < i; j++) {
            const int *o = m->segment[j];
            if ((o[0] == ab[0] && o[1] == ab[1]) || (o[0] == ab[1] && o[1] == ab[0]))
                return rc__jfail(c, p, "duplicate segment (also segments[%d])", j);
        }
        m->segment[i][0] = ab[0];
        m->segment[i][1] = ab[1];
    }
    m->n_segments = n;
    return RC_OK;
}
