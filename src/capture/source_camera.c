/* source_camera.c - camera:N, a V4L2 camera through the OpenCV bridge.
 *
 * Asks for MJPEG at the requested size and rate so frames arrive as JPEG packets
 * (decoded to I420 by source_video.c). A missing device is reported at once:
 * the bridge checks /dev/videoN before OpenCV is involved.
 */
#include "source_internal.h"

#include "cv/cv_video.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    char name[32];
    snprintf(name, sizeof name, "camera:%ld", index);
    rc_source *s = rc__source_from_cv(cv, name, "camera", 1, err);
    if (s && fps > 0 && s->info.fps <= 0)
        s->info.fps = fps;
    return s;
}
