/* source_camera.c - camera:N, a V4L2 camera through the OpenCV bridge.
 *
 * Asks for MJPEG at the requested size and rate so frames arrive as JPEG packets
 * (decoded to I420 by source_video.c). A missing device is reported at once:
 * the bridge checks /dev/videoN before OpenCV is involved. Then the camera controls
 * (camera_controls.c) are applied; when the request leaves exposure or white balance
 * to the default, the driver's auto modes run and are then locked at the values they
 * reached: with rc_camera_request.lock_later (the live window) when the capture
 * thread is asked (rc__source_camera_lock, between two reads: the window asks once
 * every sticker has been identified for a while, or at its time-out), else after a
 * warm-up of RC_CAMERA_WARMUP_S (frames read and dropped here, before the source
 * hands out its first frame). What is in force ends up in rc_source_info.camera, for
 * the app to log and the session to store.
 */
#include "source_internal.h"

#include "cv/cv_video.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Long enough for a UVC webcam's auto exposure and white balance to settle after the
 * stream starts (about 0.5-1 s on the webcams we know), short enough to go unnoticed. */
static const double RC_CAMERA_WARMUP_S = 1.5;

static int cam_set(void *ctx, rc_cam_prop p, double value)
{
    return rc_cv_video_set_prop(ctx, (rc_cv_prop)p, value);
}

static int cam_get(void *ctx, rc_cam_prop p, double *value)
{
    return rc_cv_video_get_prop(ctx, (rc_cv_prop)p, value);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Applies the request; with something left to lock, reads and drops frames for the
 * warm-up and locks. A read failure during the warm-up is the camera's failure. */
static rc_status apply_controls(rc_cv_video *cv, long index, const rc_camera_request *rq,
                                rc_camera_controls *out, rc_err *err)
{
    /* The bridge's property enum lists the same properties in the same order. */
    _Static_assert((int)RC_CV_GAIN == (int)RC_CAM_PROP_GAIN &&
                       (int)RC_CV_WB_TEMPERATURE == (int)RC_CAM_PROP_WB_TEMPERATURE,
                   "rc_cv_prop and rc_cam_prop differ");
    rc_camera_ops ops = {cv, cam_set, cam_get};
    rc_camera_controls_apply(rq, &ops, out);
    if (!rc_camera_needs_lock(rq))
        return RC_OK;
    if (rq->lock_later) { /* the capture thread locks when asked */
        out->lock_pending = 1;
        return RC_OK;
    }
    double t0 = now_s(), t = t0;
    for (int n = 0; t - t0 < RC_CAMERA_WARMUP_S && n < 1000; n++) {
        rc_cv_packet pk;
        rc_err why = {0};
        rc_status st = rc_cv_video_read(cv, &pk, &why);
        if (st != RC_OK)
            return rc_err_set(err, st, "camera:%ld: during the %.1f s warm-up: %s", index,
                              RC_CAMERA_WARMUP_S, why.msg);
        t = now_s();
    }
    rc_camera_controls_lock(rq, &ops, t - t0, out);
    out->lock_how = RC_CAM_LOCK_WARMUP;
    out->lock_t_s = t - t0;
    return RC_OK;
}

rc_status rc__source_camera_lock(rc_source *s, rc_cam_lock_how how, int64_t frame, double t_s,
                                 const char *note, int64_t applied_after)
{
    rc_camera_controls *cc = &s->info.camera;
    if (!s->cam.set || !cc->lock_pending)
        return RC_E_ARG;
    rc_camera_controls_lock(&s->cam_rq, &s->cam, t_s, cc);
    cc->lock_pending = 0;
    cc->lock_how = how;
    cc->lock_frame = frame;
    cc->lock_t_s = t_s;
    cc->lock_applied_after = applied_after;
    snprintf(cc->lock_note, sizeof cc->lock_note, "%s", note ? note : "");
    return RC_OK;
}

rc_source *rc__source_open_camera(const char *spec, const char *query, const rc_source_options *opt,
                                  rc_err *err)
{
    char *end;
    long index = strtol(spec, &end, 10);
    if (end == spec || *end != '\0' || index < 0 || index > 255) {
        rc_err_set(err, RC_E_ARG, "camera:%s: expected camera:N with N a device number", spec);
        return NULL;
    }
    int w = opt ? opt->width : 0, h = opt ? opt->height : 0;
    double fps = opt ? opt->fps : 0, v;
    /* camera:N?size=WxH&fps=F override the options. */
    const char *sz = query ? strstr(query, "size=") : NULL;
    if (sz && sscanf(sz + 5, "%dx%d", &w, &h) != 2) {
        rc_err_set(err, RC_E_ARG, "camera:%ld: bad size option (expected size=WxH)", index);
        return NULL;
    }
    int r = rc__query_double(query, "fps", &v);
    if (r < 0 || (r > 0 && !(v > 0 && v <= 1000))) {
        rc_err_set(err, RC_E_ARG, "camera:%ld: bad fps option", index);
        return NULL;
    }
    if (r > 0)
        fps = v;
    rc_cv_video *cv = rc_cv_video_open_camera((int)index, w, h, fps, 1, err);
    if (!cv)
        return NULL;
    rc_camera_request none = {0};
    rc_camera_controls cc;
    if (apply_controls(cv, index, opt ? &opt->camera : &none, &cc, err) != RC_OK) {
        rc_cv_video_close(cv);
        return NULL;
    }
    char name[32];
    snprintf(name, sizeof name, "camera:%ld", index);
    rc_source *s = rc__source_from_cv(cv, name, "camera", 1, err);
    if (s && fps > 0 && s->info.fps <= 0)
        s->info.fps = fps;
    if (s)
        s->info.camera = cc;
    if (s && cc.lock_pending) {
        s->cam = (rc_camera_ops){cv, cam_set, cam_get}; /* cv lives as long as s */
        s->cam_rq = opt->camera;
    }
    return s;
}
