/* cv_calls.c - the functions of cv_video.h, cv_calib.h and cv_remap.h as the rest of
 * romcap links them: each loads the OpenCV bridge module on first use (cv_load.c) and
 * calls the module's function of the same name through its table (cv_table.h).
 *
 * Functions that create something or work without an object report a module that
 * cannot be loaded like any other failure: NULL or RC_E_UNSUPPORTED, the reason (the
 * path tried and dlerror()'s text) in `err`.
 * Functions on an object (a reader, writer or remap) only exist once the module is
 * loaded, so they need no such path; NULL objects behave as the headers say.
 */
#include <string.h>

#include "cv_table.h"

/* The table of a module already loaded (an object of it exists), else NULL. */
static const rc_cv_table *have(void)
{
    return rc__cv_table(NULL);
}

/* ---- cv_video.h ---- */

rc_cv_video *rc_cv_video_open_file(const char *path, int want_raw, rc_err *err)
{
    const rc_cv_table *t = rc__cv_table(err);
    return t ? t->video_open_file(path, want_raw, err) : NULL;
}

rc_cv_video *rc_cv_video_open_camera(int index, int width, int height, double fps, int want_raw,
                                     rc_err *err)
{
    const rc_cv_table *t = rc__cv_table(err);
    return t ? t->video_open_camera(index, width, height, fps, want_raw, err) : NULL;
}

rc_cv_video *rc_cv_video_open_gst(const char *pipeline, rc_err *err)
{
    const rc_cv_table *t = rc__cv_table(err);
    return t ? t->video_open_gst(pipeline, err) : NULL;
}

void rc_cv_video_get_info(const rc_cv_video *v, rc_cv_video_info *info)
{
    const rc_cv_table *t = v ? have() : NULL;
    if (t)
        t->video_get_info(v, info);
    else
        memset(info, 0, sizeof *info);
}

rc_status rc_cv_video_read(rc_cv_video *v, rc_cv_packet *out, rc_err *err)
{
    const rc_cv_table *t = v ? have() : NULL;
    if (!t)
        return rc_err_set(err, RC_E_ARG, "video: read without an open reader");
    return t->video_read(v, out, err);
}

void rc_cv_video_close(rc_cv_video *v)
{
    const rc_cv_table *t = v ? have() : NULL;
    if (t)
        t->video_close(v);
}

int rc_cv_video_set_prop(rc_cv_video *v, rc_cv_prop p, double value)
{
    const rc_cv_table *t = v ? have() : NULL;
    return t ? t->video_set_prop(v, p, value) : 0;
}

int rc_cv_video_get_prop(rc_cv_video *v, rc_cv_prop p, double *value)
{
    const rc_cv_table *t = v ? have() : NULL;
    return t ? t->video_get_prop(v, p, value) : 0;
}

rc_cv_writer *rc_cv_writer_open(const char *path, int width, int height, double fps, int quality,
                                rc_err *err)
{
    const rc_cv_table *t = rc__cv_table(err);
    return t ? t->writer_open(path, width, height, fps, quality, err) : NULL;
}

rc_status rc_cv_writer_write(rc_cv_writer *w, const rc_image *frame, rc_err *err)
{
    const rc_cv_table *t = w ? have() : NULL;
    if (!t)
        return rc_err_set(err, RC_E_ARG, "video writer: write without an open writer");
    return t->writer_write(w, frame, err);
}

rc_status rc_cv_writer_close(rc_cv_writer *w, rc_err *err)
{
    const rc_cv_table *t = w ? have() : NULL;
    return t ? t->writer_close(w, err) : RC_OK;
}

/* ---- cv_calib.h ---- */

rc_status rc_cv_find_chessboard(const uint8_t *gray, int width, int height, int stride_bytes,
                                int cols, int rows, double *corners_xy, rc_err *err)
{
    const rc_cv_table *t = rc__cv_table(err);
    if (!t)
        return RC_E_UNSUPPORTED;
    return t->find_chessboard(gray, width, height, stride_bytes, cols, rows, corners_xy, err);
}

rc_status rc_cv_find_chessboard_file(const char *path, int cols, int rows, double *corners_xy,
                                     int *width, int *height, rc_err *err)
{
    const rc_cv_table *t = rc__cv_table(err);
    if (!t)
        return RC_E_UNSUPPORTED;
    return t->find_chessboard_file(path, cols, rows, corners_xy, width, height, err);
}

rc_status rc_cv_calibrate(const double *corners_xy, int n_views, int cols, int rows, double square,
                          int width, int height, int fix_aspect, double K[9], double dist[5],
                          double *rms_px, double *view_err_px, rc_err *err)
{
    const rc_cv_table *t = rc__cv_table(err);
    if (!t)
        return RC_E_UNSUPPORTED;
    return t->calibrate(corners_xy, n_views, cols, rows, square, width, height, fix_aspect, K, dist,
                        rms_px, view_err_px, err);
}

rc_status rc_cv_find_homography(const double *src_xy, const double *dst_xy, int n, double H[9],
                                rc_err *err)
{
    const rc_cv_table *t = rc__cv_table(err);
    return t ? t->find_homography(src_xy, dst_xy, n, H, err) : RC_E_UNSUPPORTED;
}

rc_status rc_cv_undistort_points(const double K[9], const double dist[5], const double *in_xy,
                                 double *out_xy, int n, int iterations, rc_err *err)
{
    const rc_cv_table *t = rc__cv_table(err);
    return t ? t->undistort_points(K, dist, in_xy, out_xy, n, iterations, err) : RC_E_UNSUPPORTED;
}

rc_status rc_cv_board_tilt(const double K[9], const double dist[5], const double *corners_xy,
                           int cols, int rows, double square, double *tilt_deg, rc_err *err)
{
    const rc_cv_table *t = rc__cv_table(err);
    if (!t)
        return RC_E_UNSUPPORTED;
    return t->board_tilt(K, dist, corners_xy, cols, rows, square, tilt_deg, err);
}

rc_status rc_cv_calib_read(const char *path, const char *text, size_t len, rc_calib *out,
                           rc_err *err)
{
    const rc_cv_table *t = rc__cv_table(err);
    return t ? t->calib_read(path, text, len, out, err) : RC_E_UNSUPPORTED;
}

rc_status rc_cv_calib_write(const rc_calib *c, char **text, size_t *len, rc_err *err)
{
    const rc_cv_table *t = rc__cv_table(err);
    return t ? t->calib_write(c, text, len, err) : RC_E_UNSUPPORTED;
}

/* ---- cv_remap.h ---- */

rc_cv_remap *rc_cv_remap_create(const double K[9], const double dist[5], int width, int height,
                                rc_err *err)
{
    const rc_cv_table *t = rc__cv_table(err);
    return t ? t->remap_create(K, dist, width, height, err) : NULL;
}

void rc_cv_remap_destroy(rc_cv_remap *r)
{
    const rc_cv_table *t = r ? have() : NULL;
    if (t)
        t->remap_destroy(r);
}

rc_status rc_cv_remap_i420(rc_cv_remap *r, const rc_image *src, rc_image *dst)
{
    const rc_cv_table *t = r ? have() : NULL;
    return t ? t->remap_i420(r, src, dst) : RC_E_ARG;
}
