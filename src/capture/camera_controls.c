/* camera_controls.c - exposure, white balance and gain of a camera: the options'
 * parsers, the plan (what to set), the read-back and the lock after a warm-up.
 *
 * The logic talks to the camera only through rc_camera_ops (source.h), so the tests
 * run it against fakes; source_camera.c plugs in the OpenCV bridge. Values cross
 * that interface in OpenCV's V4L2 units. OpenCV 4.6's V4L2 backend (cap_v4l.cpp)
 * maps CAP_PROP_AUTO_EXPOSURE to V4L2_CID_EXPOSURE_AUTO, CAP_PROP_EXPOSURE to
 * V4L2_CID_EXPOSURE_ABSOLUTE, CAP_PROP_AUTO_WB to V4L2_CID_AUTO_WHITE_BALANCE,
 * CAP_PROP_WB_TEMPERATURE to V4L2_CID_WHITE_BALANCE_TEMPERATURE and CAP_PROP_GAIN to
 * V4L2_CID_GAIN, and passes the numbers through unchanged (its range normalisation
 * is off unless OPENCV_VIDEOIO_V4L_RANGE_NORMALIZED is set). So, by the V4L2
 * specification: auto exposure 1 = V4L2_EXPOSURE_MANUAL, 3 =
 * V4L2_EXPOSURE_APERTURE_PRIORITY (the auto mode UVC webcams offer); absolute
 * exposure is in units of 100 us (10 units = 1 ms); auto white balance is a boolean;
 * the temperature is in kelvin; gain has no unit. Drivers differ in what they
 * accept, so every control is read back and the value in force is what is stored.
 */
#include "romcap/source.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { AE_MANUAL = 1, AE_AUTO = 3 }; /* V4L2_EXPOSURE_MANUAL / _APERTURE_PRIORITY */
static const double UNITS_PER_MS = 10.0; /* V4L2 absolute exposure: 100 us units */

/* Strict number: the whole text, finite, in [lo, hi]. */
static int number_in(const char *text, double lo, double hi, double *out)
{
    char *end;
    if (!text || !text[0])
        return 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(v) || v < lo || v > hi)
        return 0;
    *out = v;
    return 1;
}

rc_status rc_camera_parse_exposure(const char *text, rc_camera_request *rq, rc_err *err)
{
    double v;
    if (text && !strcmp(text, "auto")) {
        rq->exposure = RC_CAM_AUTO;
        return RC_OK;
    }
    if (!number_in(text, 0, 1000, &v) || v <= 0)
        return rc_err_set(err, RC_E_ARG,
                          "--exposure: '%s' is not an exposure time in ms (0 < MS <= 1000) "
                          "or 'auto'",
                          text ? text : "");
    rq->exposure = RC_CAM_MANUAL;
    rq->exposure_ms = v;
    return RC_OK;
}

rc_status rc_camera_parse_white_balance(const char *text, rc_camera_request *rq, rc_err *err)
{
    double v;
    if (text && (!strcmp(text, "auto") || !strcmp(text, "lock"))) {
        rq->white_balance = text[0] == 'a' ? RC_CAM_AUTO : RC_CAM_LOCK;
        return RC_OK;
    }
    if (!number_in(text, 1000, 15000, &v))
        return rc_err_set(err, RC_E_ARG,
                          "--white-balance: '%s' is not a colour temperature in K "
                          "(1000..15000), 'auto' or 'lock'",
                          text ? text : "");
    rq->white_balance = RC_CAM_MANUAL;
    rq->wb_kelvin = v;
    return RC_OK;
}

rc_status rc_camera_parse_gain(const char *text, rc_camera_request *rq, rc_err *err)
{
    double v;
    if (!number_in(text, 0, 10000, &v))
        return rc_err_set(err, RC_E_ARG,
                          "--gain: '%s' is not a gain in the driver's units (0..10000)",
                          text ? text : "");
    rq->gain = RC_CAM_MANUAL;
    rq->gain_value = v;
    return RC_OK;
}

int rc_camera_needs_lock(const rc_camera_request *rq)
{
    return rq->exposure == RC_CAM_DEFAULT || rq->white_balance == RC_CAM_DEFAULT ||
           rq->white_balance == RC_CAM_LOCK;
}

static int set(const rc_camera_ops *ops, rc_cam_prop p, double v)
{
    return ops->set(ops->ctx, p, v);
}

static double get(const rc_camera_ops *ops, rc_cam_prop p)
{
    double v;
    return ops->get(ops->ctx, p, &v) ? v : NAN;
}

/* Reads exposure back: auto flag and time (ms). */
static void read_exposure(const rc_camera_ops *ops, rc_camera_control *c)
{
    double ae = get(ops, RC_CAM_PROP_AUTO_EXPOSURE), units = get(ops, RC_CAM_PROP_EXPOSURE);
    c->is_auto = !isnan(ae) && ae != AE_MANUAL;
    c->in_force = isnan(units) ? NAN : units / UNITS_PER_MS;
}

static void read_wb(const rc_camera_ops *ops, rc_camera_control *c)
{
    double awb = get(ops, RC_CAM_PROP_AUTO_WB);
    c->is_auto = !isnan(awb) && awb != 0;
    c->in_force = get(ops, RC_CAM_PROP_WB_TEMPERATURE);
}

/* A manual value: auto off, then the value; refused when either set fails. */
static void apply_manual(const rc_camera_ops *ops, rc_cam_prop auto_p, double auto_off,
                         rc_cam_prop value_p, double value, rc_camera_control *c)
{
    int ok = set(ops, auto_p, auto_off);
    ok &= set(ops, value_p, value);
    c->refused = !ok;
}

void rc_camera_controls_apply(const rc_camera_request *rq, const rc_camera_ops *ops,
                              rc_camera_controls *out)
{
    memset(out, 0, sizeof *out);
    out->applied = 1;
    out->lock_frame = -1;
    out->lock_applied_after = -1;
    rc_camera_control *e = &out->exposure, *w = &out->white_balance, *g = &out->gain;
    e->mode = rq->exposure;
    w->mode = rq->white_balance;
    g->mode = rq->gain;
    e->requested = rq->exposure == RC_CAM_MANUAL ? rq->exposure_ms : NAN;
    w->requested = rq->white_balance == RC_CAM_MANUAL ? rq->wb_kelvin : NAN;
    g->requested = rq->gain == RC_CAM_MANUAL ? rq->gain_value : NAN;

    if (rq->exposure == RC_CAM_MANUAL)
        apply_manual(ops, RC_CAM_PROP_AUTO_EXPOSURE, AE_MANUAL, RC_CAM_PROP_EXPOSURE,
                     round(rq->exposure_ms * UNITS_PER_MS), e);
    else if (rq->exposure == RC_CAM_AUTO)
        e->refused = !set(ops, RC_CAM_PROP_AUTO_EXPOSURE, AE_AUTO);
    if (rq->white_balance == RC_CAM_MANUAL)
        apply_manual(ops, RC_CAM_PROP_AUTO_WB, 0, RC_CAM_PROP_WB_TEMPERATURE,
                     round(rq->wb_kelvin), w);
    else if (rq->white_balance == RC_CAM_AUTO)
        w->refused = !set(ops, RC_CAM_PROP_AUTO_WB, 1);
    if (rq->gain == RC_CAM_MANUAL)
        g->refused = !set(ops, RC_CAM_PROP_GAIN, rq->gain_value);

    read_exposure(ops, e);
    read_wb(ops, w);
    g->in_force = get(ops, RC_CAM_PROP_GAIN);
    g->is_auto = 0;
    /* A driver that "accepted" auto but reads back manual did not do it. */
    if (rq->exposure == RC_CAM_AUTO && !e->is_auto)
        e->refused = 1;
    if (rq->white_balance == RC_CAM_AUTO && !w->is_auto)
        w->refused = 1;
}

/* Locks one control at what its auto mode reached: read, auto off, set it back. */
static void lock_one(const rc_camera_ops *ops, rc_cam_prop auto_p, double auto_off,
                     rc_cam_prop value_p, rc_camera_control *c)
{
    double v;
    if (!ops->get(ops->ctx, value_p, &v)) {
        c->refused = 1; /* nothing to lock at: leave the auto mode running */
        return;
    }
    apply_manual(ops, auto_p, auto_off, value_p, v, c);
    c->locked = !c->refused;
}

void rc_camera_controls_lock(const rc_camera_request *rq, const rc_camera_ops *ops,
                             double warmup_s, rc_camera_controls *out)
{
    out->warmup_s = warmup_s;
    if (rq->exposure == RC_CAM_DEFAULT) {
        lock_one(ops, RC_CAM_PROP_AUTO_EXPOSURE, AE_MANUAL, RC_CAM_PROP_EXPOSURE, &out->exposure);
        read_exposure(ops, &out->exposure);
        out->exposure.locked &= !out->exposure.is_auto;
    }
    if (rq->white_balance == RC_CAM_DEFAULT || rq->white_balance == RC_CAM_LOCK) {
        lock_one(ops, RC_CAM_PROP_AUTO_WB, 0, RC_CAM_PROP_WB_TEMPERATURE, &out->white_balance);
        read_wb(ops, &out->white_balance);
        out->white_balance.locked &= !out->white_balance.is_auto;
    }
}

const char *rc_cam_lock_how_name(rc_cam_lock_how how)
{
    switch (how) {
    case RC_CAM_LOCK_WARMUP: return "warm-up";
    case RC_CAM_LOCK_STICKERS: return "stickers seen";
    case RC_CAM_LOCK_TIMEOUT: return "time-out";
    default: return "none";
    }
}

static const char *mode_word(rc_cam_mode m)
{
    switch (m) {
    case RC_CAM_AUTO: return "auto";
    case RC_CAM_LOCK: return "lock";
    case RC_CAM_MANUAL: return "manual";
    default: return "default";
    }
}

const char *rc_camera_control_describe(const rc_camera_controls *cc, int which, char *buf,
                                       size_t cap)
{
    static const char *const names[3] = {"exposure", "white balance", "gain"};
    static const char *const units[3] = {" ms", " K", ""};
    const rc_camera_control *c =
        which == 0 ? &cc->exposure : which == 1 ? &cc->white_balance : &cc->gain;
    which = which < 0 || which > 2 ? 2 : which;
    char asked[96], now[64];
    const int deferred =
        cc->lock_how == RC_CAM_LOCK_STICKERS || cc->lock_how == RC_CAM_LOCK_TIMEOUT;
    if (c->mode == RC_CAM_MANUAL)
        snprintf(asked, sizeof asked, "%g%s", c->requested, units[which]);
    else if (c->mode == RC_CAM_DEFAULT && which == 2)
        snprintf(asked, sizeof asked, "nothing (driver's setting)");
    else if ((c->mode == RC_CAM_DEFAULT || c->mode == RC_CAM_LOCK) && cc->lock_pending)
        snprintf(asked, sizeof asked, "auto, then lock once the stickers are seen");
    else if ((c->mode == RC_CAM_DEFAULT || c->mode == RC_CAM_LOCK) && deferred)
        snprintf(asked, sizeof asked, "auto, then lock after %.1f s (%s)", cc->warmup_s,
                 rc_cam_lock_how_name(cc->lock_how));
    else if (c->mode == RC_CAM_DEFAULT || c->mode == RC_CAM_LOCK)
        snprintf(asked, sizeof asked, "auto, then lock after %.1f s", cc->warmup_s);
    else
        snprintf(asked, sizeof asked, "%s", mode_word(c->mode));
    if (isnan(c->in_force))
        snprintf(now, sizeof now, "%s, value not reported", c->is_auto ? "auto" : "manual");
    else
        snprintf(now, sizeof now, "%s%g%s%s", c->is_auto ? "auto at " : "", c->in_force,
                 units[which], c->locked ? " (locked)" : "");
    if (c->refused)
        snprintf(buf, cap, "%s: requested %s -> refused by the driver (in force: %s)",
                 names[which], asked, now);
    else
        snprintf(buf, cap, "%s: requested %s -> in force %s", names[which], asked, now);
    return buf;
}
