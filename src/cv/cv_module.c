/* cv_module.c - the OpenCV bridge module's one exported symbol (see cv_table.h).
 *
 * Compiled into romcap-opencv.so only, with every other symbol hidden, so the
 * functions named here are the module's own (cv_*.cpp) and never the executable's
 * forwarding functions of the same names (cv_calls.c).
 */
#include "cv_table.h"

static const rc_cv_table module_table = {
    .abi = RC_CV_TABLE_ABI,
    .table_size = sizeof(rc_cv_table),
    .video_open_file = rc_cv_video_open_file,
    .video_open_camera = rc_cv_video_open_camera,
    .video_open_gst = rc_cv_video_open_gst,
    .video_get_info = rc_cv_video_get_info,
    .video_read = rc_cv_video_read,
    .video_close = rc_cv_video_close,
    .video_set_prop = rc_cv_video_set_prop,
    .video_get_prop = rc_cv_video_get_prop,
    .writer_open = rc_cv_writer_open,
    .writer_write = rc_cv_writer_write,
    .writer_close = rc_cv_writer_close,
    .find_chessboard = rc_cv_find_chessboard,
    .find_chessboard_file = rc_cv_find_chessboard_file,
    .calibrate = rc_cv_calibrate,
    .find_homography = rc_cv_find_homography,
    .undistort_points = rc_cv_undistort_points,
    .board_tilt = rc_cv_board_tilt,
    .calib_read = rc_cv_calib_read,
    .calib_write = rc_cv_calib_write,
    .remap_create = rc_cv_remap_create,
    .remap_destroy = rc_cv_remap_destroy,
    .remap_i420 = rc_cv_remap_i420,
};

__attribute__((visibility("default"))) const rc_cv_table *rc_cv_module_table(void)
{
    return &module_table;
}
