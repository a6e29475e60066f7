/* cv_table.h - the OpenCV bridge's function table, between the loader and the module.
 *
 * The bridge (cv_video.cpp, cv_calib.cpp, cv_remap.cpp) is built as a loadable module,
 * romcap-opencv.so, so that the romcap executable does not link OpenCV: loading
 * OpenCV's libraries (and through them FFmpeg's, GStreamer's, GDAL's ...) cost about
 * 0.25 s of every start, whatever the command. The module exports one symbol,
 * rc_cv_module_table, which returns this table; cv_load.c dlopens the module on the
 * first call of any rc_cv_* function and forwards through it. Callers never see the
 * table: they call the functions of cv_video.h, cv_calib.h and cv_remap.h as before.
 * Pure C, private to src/cv/.
 */
#ifndef ROMCAP_CV_TABLE_H
#define ROMCAP_CV_TABLE_H

#include <stddef.h>

#include "cv_calib.h"
#include "cv_remap.h"
#include "cv_video.h"

/* Bumped whenever a function is added, removed or changes its signature, so a module
 * left over from another build is refused with a message rather than called wrongly. */
enum { RC_CV_TABLE_ABI = 1 };

/* The module's file name, looked for next to the executable, then in the install
 * and build directories (cv_load.c). */
#define RC_CV_MODULE_FILE  "romcap-opencv.so"
#define RC_CV_TABLE_SYMBOL "rc_cv_module_table"

typedef struct rc_cv_table {
    unsigned abi;      /* RC_CV_TABLE_ABI of the module's build */
    size_t table_size; /* sizeof(rc_cv_table) in the module's build */

    /* cv_video.h */
    rc_cv_video *(*video_open_file)(const char *path, int want_raw, rc_err *err);
    rc_cv_video *(*video_open_camera)(int index, int width, int height, double fps, int want_raw,
                                      rc_err *err);
    rc_cv_video *(*video_open_gst)(const char *pipeline, rc_err *err);
    void (*video_get_info)(const rc_cv_video *v, rc_cv_video_info *info);
    rc_status (*video_read)(rc_cv_video *v, rc_cv_packet *out, rc_err *err);
    void (*video_close)(rc_cv_video *v);
    int (*video_set_prop)(rc_cv_video *v, rc_cv_prop p, double value);
    int (*video_get_prop)(rc_cv_video *v, rc_cv_prop p, double *value);
    rc_cv_writer *(*writer_open)(const char *path, int width, int height, double fps, int quality,
                                 rc_err *err);
    rc_status (*writer_write)(rc_cv_writer *w, const rc_image *frame, rc_err *err);
    rc_status (*writer_close)(rc_cv_writer *w, rc_err *err);

    /* cv_calib.h */
    rc_status (*find_chessboard)(const uint8_t *gray, int width, int height, int stride_bytes,
                                 int cols, int rows, double *corners_xy, rc_err *err);
    rc_status (*find_chessboard_file)(const char *path, int cols, int rows, double *corners_xy,
                                      int *width, int *height, rc_err *err);
    rc_status (*calibrate)(const double *corners_xy, int n_views, int cols, int rows, double square,
                           int width, int height, int fix_aspect, double K[9], double dist[5],
                           double *rms_px, double *view_err_px, rc_err *err);
    rc_status (*find_homography)(const double *src_xy, const double *dst_xy, int n, double H[9],
                                 rc_err *err);
    rc_status (*undistort_points)(const double K[9], const double dist[5], const double *in_xy,
                                  double *out_xy, int n, int iterations, rc_err *err);
    rc_status (*board_tilt)(const double K[9], const double dist[5], const double *corners_xy,
                            int cols, int rows, double square, double *tilt_deg, rc_err *err);
    rc_status (*calib_read)(const char *path, const char *text, size_t len, rc_calib *out,
                            rc_err *err);
    rc_status (*calib_write)(const rc_calib *c, char **text, size_t *len, rc_err *err);

    /* cv_remap.h */
    rc_cv_remap *(*remap_create)(const double K[9], const double dist[5], int width, int height,
                                 rc_err *err);
    void (*remap_destroy)(rc_cv_remap *r);
    rc_status (*remap_i420)(rc_cv_remap *r, const rc_image *src, rc_image *dst);
} rc_cv_table;

/* Defined by the module (cv_module.c), the only symbol it exports: the table of its
 * functions, a static constant. */
const rc_cv_table *rc_cv_module_table(void);

/* Defined by the loader (cv_load.c): the module's table, loaded on the first call
 * (thread-safe, once per process; the module stays loaded until exit), or NULL with
 * the reason in `err` (the paths tried and dlerror()'s text); RC_E_UNSUPPORTED is then
 * the status to return. */
const rc_cv_table *rc__cv_table(rc_err *err);

#endif
