/* calib.h - camera calibration: lens, movement plane, vertical reference and scale.
 *
 * Sits between tracking and kinematics: rc_calib_map_point() turns a tracked marker
 * centroid (distorted image pixels) into the frame angles are measured in, i.e.
 * undistorted pixels, or millimetres in the movement plane when a plane homography
 * exists. Files use OpenCV's own YAML layout (cv::FileStorage, as OpenCV's
 * calibration sample writes), so OpenCV tools read ours and ours loads theirs. The
 * solver half (chessboard detection, calibrateCamera) runs through the OpenCV
 * bridge; the per-frame half is plain C with no allocation. Whole images are never
 * undistorted here.
 */
#ifndef ROMCAP_CALIB_H
#define ROMCAP_CALIB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "romcap/image.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which parts of an rc_calib are present (rc_calib.parts). */
enum {
    RC_CALIB_LENS = 1u << 0,     /* camera_matrix + dist */
    RC_CALIB_PLANE = 1u << 1,    /* plane_h: undistorted px -> plane mm */
    RC_CALIB_VERTICAL = 1u << 2, /* down: measured from a board or a plumb line */
    RC_CALIB_SCALE = 1u << 3     /* mm_per_px */
};

typedef enum rc_vertical_source {
    RC_VERTICAL_IMAGE = 0, /* the image vertical (mapped into the plane if there is one) */
    RC_VERTICAL_BOARD = 1, /* the board's columns, board held plumb */
    RC_VERTICAL_PLUMB = 2  /* two points on a plumb line */
} rc_vertical_source;

/* A calibration: a plain value (copy it freely). rc_calib_init() gives the identity
 * calibration (no parts): map_point then returns its input unchanged. */
typedef struct rc_calib {
    unsigned parts;                /* RC_CALIB_* bits */
    int image_width, image_height; /* pixels the lens part was solved for */
    double camera_matrix[9];       /* row-major [fx 0 cx; 0 fy cy; 0 0 1], pixels */
    double dist[5];                /* OpenCV k1, k2, p1, p2, k3 */
    double rms_px;                 /* RMS reprojection error of the solve, 0 = unknown */
    int n_views;                   /* views used by the solve, 0 = unknown */
    double plane_h[9];             /* row-major homography: undistorted px -> plane mm
                                      (plane frame x right, y down as seen on screen) */
    double plane_tilt_deg;         /* angle between the optical axis and the plane normal */
    double down[2];                /* unit vector towards gravity in the output frame of
                                      rc_calib_map_point; {0, 1} without a calibration */
    rc_vertical_source vertical_source;
    double mm_per_px; /* plane mm per undistorted pixel near the board centre */
} rc_calib;

/* TUNABLE: plane obliqueness above which calibrate warns (perspective correction still
 * applies, but marker centroids on a steep plane lose precision). */
#define RC_CALIB_TILT_WARN_DEG 30.0

/* The identity calibration for a w x h image (w, h may be 0 when unknown). */
void rc_calib_init(rc_calib *c, int width, int height);

/* --- the per-frame path: no allocation, thread-safe on a const rc_calib ---------- */

/* Distorted pixel -> undistorted pixel through the lens part (Newton iteration on
 * the full 5-coefficient model). Identity without RC_CALIB_LENS. */
void rc_calib_undistort_px(const rc_calib *c, double x_px, double y_px, double *ux_px,
                           double *uy_px);

/* Undistorted pixel -> distorted pixel (OpenCV's forward model). */
void rc_calib_distort_px(const rc_calib *c, double ux_px, double uy_px, double *x_px, double *y_px);

/* One marker centroid (distorted image px) into the output frame: undistorted, then
 * into the movement plane (mm) when RC_CALIB_PLANE is present. Returns false (and
 * NAN outputs) when the point maps to infinity (behind the plane's horizon). */
bool rc_calib_map_point(const rc_calib *c, double x_px, double y_px, double *X, double *Y);

/* Inverse of rc_calib_map_point (output frame -> distorted image px), for drawing. */
bool rc_calib_unmap_point(const rc_calib *c, double X, double Y, double *x_px, double *y_px);

/* The vertical (towards gravity) in the output frame of rc_calib_map_point: use it as
 * rc_kin_options.down. {0, 1} for a NULL or identity calibration. */
void rc_calib_down(const rc_calib *c, double *dx, double *dy);

/* "mm" when map_point outputs plane millimetres, else "px". */
const char *rc_calib_unit(const rc_calib *c);

/* --- the optional undistorted display ------------------------------------------- */

/* Whole-frame lens undistortion for showing a straightened picture. Measurements do
 * not need it (they map centroids); markers drawn on the undistorted picture go
 * through rc_calib_undistort_px. Maps are built once at create. */
typedef struct rc_calib_view rc_calib_view;

/* NULL with a message when `c` has no lens part or the size is wrong. */
rc_calib_view *rc_calib_view_create(const rc_calib *c, int width, int height, rc_err *err);
void rc_calib_view_destroy(rc_calib_view *v); /* NULL is fine */

/* Undistorts I420 `src` into caller-owned I420 `dst` of the same size. */
rc_status rc_calib_view_undistort(rc_calib_view *v, const rc_image *src, rc_image *dst);

/* --- files ------------------------------------------------------------------------ */

/* Loads a YAML/XML file in OpenCV's layout (camera_matrix, distortion_coefficients,
 * image_width, image_height, avg_reprojection_error, nframes) plus romcap's optional
 * nodes (romcap_plane_homography, romcap_plane_tilt_deg, romcap_down,
 * romcap_vertical_source, romcap_mm_per_px). Files from OpenCV's calibration sample
 * load as lens-only calibrations. RC_E_FORMAT names the bad node. */
rc_status rc_calib_load(const char *path, rc_calib *out, rc_err *err);

/* The same from `len` bytes of such a file's text held in memory (e.g. the copy a
 * session keeps); `origin` names it in messages. */
rc_status rc_calib_parse(const char *text, size_t len, const char *origin, rc_calib *out,
                         rc_err *err);

/* Writes `c` in that layout, privately (mode 0600) and atomically (temporary file +
 * rename). Distortion is written as a 5x1 matrix like OpenCV's sample. */
rc_status rc_calib_save(const rc_calib *c, const char *path, rc_err *err);

/* --- solving (uses OpenCV; not for the per-frame path) ------------------------------ */

enum { RC_CALIB_MAX_VIEWS = 256, RC_CALIB_MAX_CORNERS = 400 };

typedef struct rc_board {
    int cols, rows;   /* inner corners, e.g. 9 x 6 */
    double square_mm; /* side of one square */
} rc_board;

/* Finds the board's inner corners in an 8-bit grey image (GRAY8, or the Y plane of an
 * I420 view) with sub-pixel refinement. corners_xy receives cols*rows (x, y) pairs in
 * OpenCV's order (row by row). RC_E_NOT_FOUND when the board is not (fully) seen. */
rc_status rc_calib_find_board(const rc_image *im, const rc_board *b, double *corners_xy,
                              rc_err *err);

/* Same on an image file (read with OpenCV's imread, any format it knows); *width and
 * *height receive the image size. */
rc_status rc_calib_find_board_file(const char *path, const rc_board *b, double *corners_xy,
                                   int *width, int *height, rc_err *err);

typedef struct rc_lens_options {
    bool fix_aspect;      /* fx = fy (CALIB_FIX_ASPECT_RATIO) */
    double reject_factor; /* views with error > factor * median error are dropped and the
                             lens solved again; <= 0 keeps every view. Default 2 */
    double reject_min_px; /* ...but only when their error also exceeds this. Default 0.5 */
    int min_views;        /* never drop below this many views. Default 3 */
} rc_lens_options;

/* Defaults as documented above. */
rc_lens_options rc_lens_options_default(void);

typedef struct rc_lens_report {
    int n_views, n_kept;
    double rms_all_px;                      /* RMS of the first solve, every view */
    double rms_px;                          /* RMS of the final solve, kept views */
    double view_err_px[RC_CALIB_MAX_VIEWS]; /* per-view RMS error, from the last solve
                                               that included the view */
    bool rejected[RC_CALIB_MAX_VIEWS];
    int coverage_pct;                  /* % of an 8 x 6 image grid holding corners */
    char coverage_warning[RC_ERR_CAP]; /* "" when the views cover the image */
} rc_lens_report;

/* Solves camera matrix and distortion from n_views detected boards (corners_xy holds
 * n_views * cols * rows (x, y) pairs, view after view) for a width x height image,
 * with bad-view rejection. Sets c's lens part (other parts are kept). `rep` may be
 * NULL. RC_E_ARG for too few views or more than RC_CALIB_MAX_VIEWS. */
rc_status rc_calib_solve_lens(rc_calib *c, const double *corners_xy, int n_views, const rc_board *b,
                              int width, int height, const rc_lens_options *o, rc_lens_report *rep,
                              rc_err *err);

/* Movement plane from one board held in it (corners in distorted image px, as found):
 * homography to board millimetres, oriented so the plane's x axis is the board axis
 * nearest the image's x (y likewise), origin at the board centre. Also sets
 * plane_tilt_deg (needs the lens part for a meaningful value), mm_per_px, and the
 * down vector (image vertical mapped into the plane, unless a measured vertical is
 * already set: then that is re-expressed in the plane). */
rc_status rc_calib_set_plane(rc_calib *c, const double *corners_xy, const rc_board *b, rc_err *err);

/* Vertical from the board's columns (the board held with its columns plumb): the
 * column direction, as mapped by rc_calib_map_point, pointing down the image. */
rc_status rc_calib_set_vertical_board(rc_calib *c, const double *corners_xy, const rc_board *b,
                                      rc_err *err);

/* Vertical from two points on a plumb line, in distorted image px, upper point first:
 * the direction (x1,y1) -> (x2,y2) in the output frame is down. */
rc_status rc_calib_set_vertical_points(rc_calib *c, double x1, double y1, double x2, double y2,
                                       rc_err *err);

/* ---- the calibration flow: board views from inputs, plane board, reused lens --------- */

/* How the calibration reads a video or any other source URI: the caller's source
 * layer (capture.h's rc_source; calib cannot depend on capture, which reads sessions,
 * which use calib). */
typedef struct rc_calib_reader {
    void *user;
    /* Opens `uri`; *n_frames its frame count (0 when unknown). NULL with a message. */
    void *(*open)(void *user, const char *uri, int64_t *n_frames, rc_err *err);
    /* The next frame into *im (valid until the next call) and its number: RC_OK,
     * RC_E_EOF at the end, RC_E_DECODE for a frame to skip, else a failure with its
     * message in `err`. */
    rc_status (*read)(void *src, rc_image *im, int64_t *index, rc_err *err);
    void (*close)(void *src);
} rc_calib_reader;

/* What the flow tells while it runs (either may be NULL): a view skipped (warn), what
 * a video gave (info). One line each, no newline. */
typedef struct rc_calib_events {
    void *user;
    void (*warn)(void *user, const char *msg);
    void (*info)(void *user, const char *msg);
} rc_calib_events;

enum { RC_CALIB_VIEW_NAME_CAP = 256 };

/* The board views found so far: corners of each view and its name (the file, or
 * "URI#frame"), all of one image size. Zero it with .board set; rc_calib_views_free. */
typedef struct rc_calib_views {
    rc_board board;
    int n, cap;
    double *corners;                        /* n * cols * rows (x, y) */
    char (*name)[RC_CALIB_VIEW_NAME_CAP];   /* n names */
    int width, height;
} rc_calib_views;

/* Adds the board views of one input: an image file, a folder of images (sorted by
 * name), a glob pattern (shots/left*.jpg quoted), or else a source URI read through `rd`
 * (every step-th frame, at most max_views different poses: a board held still is
 * kept once). An image without the board is skipped with a warning; a view of
 * another size than the others is an error naming it. */
rc_status rc_calib_views_add(rc_calib_views *v, const char *input, int max_views,
                             const rc_calib_reader *rd, const rc_calib_events *ev, rc_err *err);
void rc_calib_views_free(rc_calib_views *v);

/* The board in the movement plane: an image file, or the first frame of a source
 * (within its first 300) where it is found; its corners and the image size. */
rc_status rc_calib_find_plane_board(const rc_board *b, const char *input, const rc_calib_reader *rd,
                                    double *corners_xy, int *width, int *height, rc_err *err);

/* The lens of an existing calibration file into *c (size, camera matrix, distortion,
 * RMS and views; plane, vertical and scale are left unsolved). RC_E_FORMAT when the
 * file has no lens. */
rc_status rc_calib_load_lens(const char *path, rc_calib *c, rc_err *err);

/* ---- `romcap calibrate`'s whole flow: lens, plane, vertical, file ------------------- */

typedef struct rc_calib_request {
    rc_board board;
    const char *out;     /* the calibration file to write */
    const char *plane;   /* the board held in the movement plane (image or URI), or NULL */
    const char *lens;    /* reuse the lens of this calibration file, or NULL */
    rc_lens_options lo;
    int max_views;       /* views sampled from a video */
    double plane_square; /* mm of the plane board's squares, 0 = board.square_mm */
    char **inputs;       /* board views: files, folders, globs, URIs (borrowed) */
    int n_inputs;
    bool vertical_board; /* the vertical from the plane board's columns */
    bool vertical_plumb; /* the vertical from plumb[] (x1, y1, x2, y2, upper first) */
    double plumb[4];
} rc_calib_request;

/* The lens (loaded from rq->lens and/or solved from the inputs' board views), the
 * plane, the vertical, then the file. The report a user reads (the lens, each view's
 * error, rejected views, coverage, the plane's scale and tilt, the vertical, the file
 * written) is printed on `report`; doubts (poor coverage, a high RMS, an oblique
 * camera) go to ev->warn, what a video gave to ev->info. */
rc_status rc_calib_run(const rc_calib_request *rq, const rc_calib_reader *rd,
                       const rc_calib_events *ev, FILE *report, rc_err *err);

/* The board as `romcap calibrate --board` gives it, "CxR" (x or X, both counts >= 2,
 * nothing after): into b->cols and b->rows. RC_E_ARG "expected CxR like 9x6, got
 * 'TEXT'" otherwise (calib_args.c). */
rc_status rc_board_parse(const char *text, rc_board *b, rc_err *err);

/* The vertical as `--vertical` gives it: "board" (rq->vertical_board) or a plumb line
 * "X1,Y1,X2,Y2" (rq->vertical_plumb, rq->plumb), replacing an earlier choice. RC_E_ARG
 * "expected 'board' or X1,Y1,X2,Y2, got 'TEXT'" otherwise (calib_args.c). */
rc_status rc_calib_vertical_parse(const char *text, rc_calib_request *rq, rc_err *err);

#ifdef __cplusplus
}
#endif
#endif
