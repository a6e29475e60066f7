/* options.c - synthetic scene options: defaults, validation and the "k=v&k=v" parser
 * used by synthetic:NAME?... sources.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/synth_internal.h"

static const char known_keys[] = "size, fps, seconds, seed, noise, blur, exposure, drift, occlude, "
                                 "k1, k2, tilt, reps, clutter, flip, amp, marker_px, wb, "
                                 "wb_period, skin, clothing, clutter_near, offset, scale, light, "
                                 "file, proj, lean_back, lean_side, pelvis, thigh, hike, "
                                 "valgus, optional";

/* clothing= names, in RC_SYNTH_CLOTHING_* order. */
static const char *const clothing_names[RC_SYNTH_CLOTHING_COUNT] = {
    "none", "green", "magenta", "blue", "yellow", "cyan"};

rc_synth_options rc_synth_options_default(void)
{
    rc_synth_options o;
    memset(&o, 0, sizeof o);
    o.width = 1280;
    o.height = 720;
    o.fps = 60;
    o.seconds = 0; /* the scene's own length */
    o.seed = 1;
    o.exposure = 0.5;
    o.reps = 3;
    return o;
}

/* Parses the whole of `v` as a double in [lo, hi]. */
static int parse_num(const char *v, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (end == v || *end || errno || !(d >= lo && d <= hi))
        return 0;
    *out = d;
    return 1;
}

static int parse_int(const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (end == v || *end || errno || n < lo || n > hi)
        return 0;
    *out = n;
    return 1;
}

static int valid_name(const char *n, size_t len)
{
    if (len == 0 || len >= RC_NAME_CAP)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!((n[i] >= 'a' && n[i] <= 'z') || (n[i] >= '0' && n[i] <= '9') || n[i] == '_'))
            return 0;
    return 1;
}

/* The settings of the camera, the motion and the scene's appearance (after "k1"). */
static rc_status apply_more(rc_synth_options *o, const char *key, const char *v, rc_err *err)
{
    double d;
    long n;
#define BAD(expect)                                                                                \
    return rc_err_set(err, RC_E_ARG, "synthetic option '%s': expected %s, got '%s'", key, expect, v)
    if (!strcmp(key, "k1") || !strcmp(key, "k2")) {
        if (!parse_num(v, -1, 1, &d))
            BAD("a distortion coefficient in -1..1");
        *(key[1] == '1' ? &o->k1 : &o->k2) = d;
    } else if (!strcmp(key, "tilt")) {
        if (!parse_num(v, -45, 45, &d))
            BAD("an angle in degrees in -45..45");
        o->tilt_deg = d;
    } else if (!strcmp(key, "reps")) {
        if (!parse_int(v, 1, 20, &n))
            BAD("a repetition count in 1..20");
        o->reps = (int)n;
    } else if (!strcmp(key, "clutter")) {
        if (!parse_int(v, 0, 64, &n))
            BAD("a sticker count in 0..64");
        o->clutter = (int)n;
    } else if (!strcmp(key, "flip")) {
        if (!parse_int(v, 0, 1, &n))
            BAD("0 or 1");
        o->flip = (int)n;
    } else if (!strcmp(key, "amp")) {
        if (!parse_num(v, 1e-3, 1, &d))
            BAD("a fraction of the movement in (0, 1]");
        o->amplitude = d;
    } else if (!strcmp(key, "marker_px")) {
        if (!parse_num(v, 1.5, 64, &d))
            BAD("a sticker radius in px in 1.5..64");
        o->marker_px = d;
    } else if (!strcmp(key, "wb")) {
        if (!parse_num(v, 0, 0.5, &d))
            BAD("a gain swing fraction in 0..0.5");
        o->wb = d;
    } else if (!strcmp(key, "wb_period")) {
        if (!parse_num(v, 0.1, 600, &d))
            BAD("a period in seconds in 0.1..600");
        o->wb_period_s = d;
    } else if (!strcmp(key, "skin")) {
        if (!parse_int(v, 0, 6, &n))
            BAD("a Fitzpatrick skin type 1..6 (0: the default)");
        o->skin = (int)n;
    } else if (!strcmp(key, "clothing")) {
        int found = -1;
        for (int i = 0; i < RC_SYNTH_CLOTHING_COUNT; i++)
            if (!strcmp(v, clothing_names[i]))
                found = i;
        if (found < 0)
            BAD("none, green, magenta, blue, yellow or cyan");
        o->clothing = found;
    } else if (!strcmp(key, "clutter_near")) {
        if (!parse_int(v, 0, 16, &n))
            BAD("a sticker count in 0..16");
        o->clutter_near = (int)n;
    } else if (!strcmp(key, "offset")) {
        char buf[64];
        const char *c = strchr(v, ',');
        double fx, fy;
        if (!c || (size_t)(c - v) >= sizeof buf)
            BAD("FX,FY (fractions of the frame in -0.45..0.45)");
        memcpy(buf, v, (size_t)(c - v));
        buf[c - v] = 0;
        if (!parse_num(buf, -0.45, 0.45, &fx) || !parse_num(c + 1, -0.45, 0.45, &fy))
            BAD("FX,FY (fractions of the frame in -0.45..0.45)");
        o->offset_x = fx;
        o->offset_y = fy;
    } else if (!strcmp(key, "light")) {
        if (!parse_num(v, 0.02, 4, &d))
            BAD("a light level in 0.02..4 (1 = the default room)");
        o->light = d;
    } else if (!strcmp(key, "scale")) {
        if (!parse_num(v, 0.25, 2, &d))
            BAD("a subject scale in 0.25..2");
        o->scale = d;
    } else if (!strcmp(key, "file")) {
        if (!v[0] || strlen(v) >= sizeof o->file)
            BAD("a file path (mocap scenes)");
        memcpy(o->file, v, strlen(v) + 1);
    } else if (!strcmp(key, "proj")) {
        if (strcmp(v, "ortho") && strcmp(v, "persp"))
            BAD("ortho or persp");
        o->orthographic = !strcmp(v, "ortho");
    } else if (rc__synth_comp_key(key)) {
        return rc__synth_comp_option(o, key, v, err); /* compensate.c */
    } else {
        return rc_err_set(err, RC_E_ARG, "unknown synthetic option '%s' (known: %s)", key,
                          known_keys);
    }
#undef BAD
    return RC_OK;
}

/* One "key=value" setting. */
static rc_status apply(rc_synth_options *o, const char *key, const char *v, rc_err *err)
{
    double d;
    long n;
#define BAD(expect)                                                                                \
    return rc_err_set(err, RC_E_ARG, "synthetic option '%s': expected %s, got '%s'", key, expect, v)
    if (!strcmp(key, "size")) {
        char buf[64];
        const char *x = strchr(v, 'x');
        long w, h;
        if (!x || (size_t)(x - v) >= sizeof buf)
            BAD("WIDTHxHEIGHT (16..8192)");
        memcpy(buf, v, (size_t)(x - v));
        buf[x - v] = 0;
        if (!parse_int(buf, 16, 8192, &w) || !parse_int(x + 1, 16, 8192, &h))
            BAD("WIDTHxHEIGHT (16..8192)");
        o->width = (int)w;
        o->height = (int)h;
    } else if (!strcmp(key, "fps")) {
        if (!parse_num(v, 1e-3, 1000, &d))
            BAD("frames per second in (0, 1000]");
        o->fps = d;
    } else if (!strcmp(key, "seconds")) {
        if (!parse_num(v, 1e-3, 3600, &d))
            BAD("a length in seconds in (0, 3600]");
        o->seconds = d;
    } else if (!strcmp(key, "seed")) {
        char *end;
        errno = 0;
        unsigned long long s = strtoull(v, &end, 10);
        if (end == v || *end || errno || *v == '-')
            BAD("a non-negative integer");
        o->seed = (uint64_t)s;
    } else if (!strcmp(key, "noise")) {
        if (!parse_num(v, 0, 100, &d))
            BAD("a noise sigma in 0..100");
        o->noise_sigma = d;
    } else if (!strcmp(key, "blur")) {
        if (!strcmp(v, "full")) {
            o->blur_full = 1;
        } else if (parse_int(v, 0, 64, &n)) {
            o->blur_samples = (int)n;
            o->blur_full = 0;
        } else {
            BAD("a sample count in 0..64 or 'full'");
        }
    } else if (!strcmp(key, "exposure")) {
        if (!parse_num(v, 1e-3, 1, &d))
            BAD("a fraction of the frame interval in (0, 1]");
        o->exposure = d;
    } else if (!strcmp(key, "drift")) {
        if (!parse_num(v, 0, 0.9, &d))
            BAD("a fraction in 0..0.9");
        o->light_drift = d;
    } else if (!strcmp(key, "occlude")) {
        const char *at = strchr(v, '@'), *plus = at ? strchr(at, '+') : NULL;
        double a, len;
        char num[64];
        if (!at || !plus || !valid_name(v, (size_t)(at - v)) ||
            (size_t)(plus - at - 1) >= sizeof num)
            BAD("MARKER@START+LENGTH (seconds)");
        memcpy(num, at + 1, (size_t)(plus - at - 1));
        num[plus - at - 1] = 0;
        if (!parse_num(num, 0, 1e6, &a) || !parse_num(plus + 1, 1e-6, 1e6, &len))
            BAD("MARKER@START+LENGTH (seconds)");
        memcpy(o->occlude, v, (size_t)(at - v));
        o->occlude[at - v] = 0;
        o->occlude_at_s = a;
        o->occlude_for_s = len;
    } else {
        return apply_more(o, key, v, err);
    }
#undef BAD
    return RC_OK;
}

rc_status rc_synth_options_parse(rc_synth_options *o, const char *query, rc_err *err)
{
    if (!o)
        return rc_err_set(err, RC_E_ARG, "synthetic options: no options to fill");
    if (!query)
        return RC_OK;
    if (*query == '?')
        query++;
    rc_synth_options tmp = *o;
    const char *p = query;
    while (*p) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > 0) {
            char item[RC_SYNTH_FILE_CAP + 64]; /* file=PATH is the longest */
            if (len >= sizeof item)
                return rc_err_set(err, RC_E_ARG, "synthetic option '%.40s...': too long", p);
            memcpy(item, p, len);
            item[len] = 0;
            char *eq = strchr(item, '=');
            if (!eq)
                return rc_err_set(err, RC_E_ARG, "synthetic option '%s': expected %s=VALUE", item,
                                  item);
            *eq = 0;
            rc_status st = apply(&tmp, item, eq + 1, err);
            if (st != RC_OK)
                return st;
        }
        p += len;
        if (*p == '&')
            p++;
    }
    *o = tmp;
    return RC_OK;
}
