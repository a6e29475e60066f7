// cv_calib.cpp - OpenCV behind extern "C" for calibration: chessboard detection,
// calibrateCamera, homography, solvePnP, undistortPoints and FileStorage YAML.
// No exception crosses into C: every function catches everything.
#include "cv_calib.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace
{

rc_status fail(rc_err *err, rc_status s, const char *what, const std::exception &e)
{
    return rc_err_set(err, s, "%s: OpenCV: %s", what, e.what());
}

std::vector<cv::Point3f> board_object(int cols, int rows, double square)
{
    std::vector<cv::Point3f> obj;
    obj.reserve((size_t)cols * rows);
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            obj.emplace_back((float)(c * square), (float)(r * square), 0.f);
    return obj;
}

// Detection on a grey Mat (not copied: a view over the caller's pixels).
rc_status find_board(const cv::Mat &gray, int cols, int rows, double *corners_xy, rc_err *err,
                     const char *what)
{
    cv::Size pattern(cols, rows);
    std::vector<cv::Point2f> pts;
    bool found = cv::findChessboardCorners(
        gray, pattern, pts, cv::CALIB_CB_ADAPTIVE_THRESH | cv::CALIB_CB_NORMALIZE_IMAGE);
    if (found) {
        // OpenCV's calibration sample refines in an 11x11 half-window; we keep it so
        // results match OpenCV's tools (left*.jpg: RMS 0.4087 px, fx 536.1). Only
        // boards so small that the window would reach the neighbouring corners get a
        // smaller one. (Half the corner spacing would be more accurate on left02.jpg,
        // 0.89 px instead of 1.18 px, but no longer reproduces OpenCV.)
        double dmin = 1e9;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c + 1 < cols; c++) {
                cv::Point2f d = pts[(size_t)r * cols + c + 1] - pts[(size_t)r * cols + c];
                dmin = std::min(dmin, (double)std::hypot(d.x, d.y));
            }
        int win = (int)std::max(2.0, std::min(11.0, 0.8 * dmin)); // TUNABLE
        cv::cornerSubPix(
            gray, pts, cv::Size(win, win), cv::Size(-1, -1),
            cv::TermCriteria(cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 30, 0.001));
    } else {
        found = cv::findChessboardCornersSB(gray, pattern, pts, cv::CALIB_CB_NORMALIZE_IMAGE);
    }
    if (!found || pts.size() != (size_t)cols * rows)
        return rc_err_set(err, RC_E_NOT_FOUND, "%s: no %dx%d chessboard found", what, cols, rows);
    for (size_t i = 0; i < pts.size(); i++) {
        corners_xy[2 * i] = pts[i].x;
        corners_xy[2 * i + 1] = pts[i].y;
    }
    return RC_OK;
}

bool read_matrix(const cv::FileNode &n, cv::Mat &m)
{
    if (n.empty())
        return false;
    // Check the size before OpenCV allocates: a damaged "rows:" would ask for gigabytes.
    // Calibration matrices are at most 3x3 or 14x1 (OpenCV's longest distortion).
    if (n.isMap()) {
        cv::FileNode r = n["rows"], c = n["cols"];
        if (!r.isInt() || !c.isInt() || (int)r < 1 || (int)c < 1 || (int)r > 16 || (int)c > 16)
            throw std::length_error(n.name() + ": rows and cols must be integers from 1 to 16");
    }
    n >> m;
    if (m.empty())
        return false;
    m.convertTo(m, CV_64F);
    return true;
}

} // namespace

extern "C" rc_status rc_cv_find_chessboard(const uint8_t *gray, int width, int height,
                                           int stride_bytes, int cols, int rows, double *corners_xy,
                                           rc_err *err) noexcept
{
    try {
        if (!gray || width <= 0 || height <= 0 || stride_bytes < width || cols < 2 || rows < 2)
            return rc_err_set(err, RC_E_ARG, "chessboard: bad image or board size");
        cv::Mat m(height, width, CV_8UC1, const_cast<uint8_t *>(gray), (size_t)stride_bytes);
        return find_board(m, cols, rows, corners_xy, err, "image");
    } catch (const std::exception &e) {
        return fail(err, RC_E_UNSUPPORTED, "chessboard", e);
    } catch (...) {
        return rc_err_set(err, RC_E_UNSUPPORTED, "chessboard: unknown OpenCV failure");
    }
}

extern "C" rc_status rc_cv_find_chessboard_file(const char *path, int cols, int rows,
                                                double *corners_xy, int *width, int *height,
                                                rc_err *err) noexcept
{
    try {
        cv::Mat m = cv::imread(path, cv::IMREAD_GRAYSCALE);
        if (m.empty())
            return rc_err_set(err, RC_E_DECODE, "%s: cannot read as an image", path);
        if (width)
            *width = m.cols;
        if (height)
            *height = m.rows;
        return find_board(m, cols, rows, corners_xy, err, path);
    } catch (const std::exception &e) {
        return fail(err, RC_E_DECODE, path, e);
    } catch (...) {
        return rc_err_set(err, RC_E_DECODE, "%s: unknown OpenCV failure", path);
    }
}

extern "C" rc_status rc_cv_calibrate(const double *corners_xy, int n_views, int cols, int rows,
                                     double square, int width, int height, int fix_aspect,
                                     double K[9], double dist[5], double *rms_px,
                                     double *view_err_px, rc_err *err) noexcept
{
    try {
        size_t per = (size_t)cols * rows;
        std::vector<std::vector<cv::Point3f>> obj(n_views, board_object(cols, rows, square));
        std::vector<std::vector<cv::Point2f>> img(n_views);
        for (int v = 0; v < n_views; v++) {
            img[v].resize(per);
            for (size_t i = 0; i < per; i++) {
                const double *p = corners_xy + 2 * (per * v + i);
                img[v][i] = cv::Point2f((float)p[0], (float)p[1]);
            }
        }
        cv::Mat cam = cv::Mat::eye(3, 3, CV_64F); // aspect ratio 1 for FIX_ASPECT_RATIO
        cv::Mat d = cv::Mat::zeros(5, 1, CV_64F);
        std::vector<cv::Mat> rv, tv;
        cv::Mat sdi, sde, pve;
        int flags = fix_aspect ? cv::CALIB_FIX_ASPECT_RATIO : 0;
        double rms = cv::calibrateCamera(obj, img, cv::Size(width, height), cam, d, rv, tv, sdi,
                                         sde, pve, flags);
        for (int i = 0; i < 9; i++)
            K[i] = cam.at<double>(i / 3, i % 3);
        for (int i = 0; i < 5; i++)
            dist[i] = d.at<double>(i);
        *rms_px = rms;
        pve.convertTo(pve, CV_64F);
        for (int v = 0; v < n_views; v++)
            view_err_px[v] = pve.at<double>(v);
        return RC_OK;
    } catch (const std::exception &e) {
        return fail(err, RC_E_ARG, "calibrateCamera", e);
    } catch (...) {
        return rc_err_set(err, RC_E_ARG, "calibrateCamera: unknown OpenCV failure");
    }
}

extern "C" rc_status rc_cv_find_homography(const double *src_xy, const double *dst_xy, int n,
                                           double H[9], rc_err *err) noexcept
{
    try {
        if (n < 4)
            return rc_err_set(err, RC_E_ARG, "homography: %d points, need 4", n);
        std::vector<cv::Point2d> s((size_t)n), t((size_t)n);
        for (int i = 0; i < n; i++) {
            s[i] = cv::Point2d(src_xy[2 * i], src_xy[2 * i + 1]);
            t[i] = cv::Point2d(dst_xy[2 * i], dst_xy[2 * i + 1]);
        }
        cv::Mat h = cv::findHomography(s, t, 0);
        if (h.empty())
            return rc_err_set(err, RC_E_ARG, "homography: degenerate points");
        for (int i = 0; i < 9; i++)
            H[i] = h.at<double>(i / 3, i % 3);
        return RC_OK;
    } catch (const std::exception &e) {
        return fail(err, RC_E_ARG, "findHomography", e);
    } catch (...) {
        return rc_err_set(err, RC_E_ARG, "findHomography: unknown OpenCV failure");
    }
}

extern "C" rc_status rc_cv_undistort_points(const double K[9], const double dist[5],
                                            const double *in_xy, double *out_xy, int n,
                                            int iterations, rc_err *err) noexcept
{
    try {
        cv::Mat k(3, 3, CV_64F, const_cast<double *>(K));
        cv::Mat d(5, 1, CV_64F, const_cast<double *>(dist));
        cv::Mat src(n, 1, CV_64FC2, const_cast<double *>(in_xy));
        cv::Mat dst;
        if (iterations > 0)
            cv::undistortPoints(src, dst, k, d, cv::noArray(), k,
                                cv::TermCriteria(cv::TermCriteria::COUNT, iterations, 0));
        else
            cv::undistortPoints(src, dst, k, d, cv::noArray(), k);
        dst = dst.reshape(2, n);
        for (int i = 0; i < n; i++) {
            cv::Vec2d p = dst.at<cv::Vec2d>(i);
            out_xy[2 * i] = p[0];
            out_xy[2 * i + 1] = p[1];
        }
        return RC_OK;
    } catch (const std::exception &e) {
        return fail(err, RC_E_ARG, "undistortPoints", e);
    } catch (...) {
        return rc_err_set(err, RC_E_ARG, "undistortPoints: unknown OpenCV failure");
    }
}

extern "C" rc_status rc_cv_board_tilt(const double K[9], const double dist[5],
                                      const double *corners_xy, int cols, int rows, double square,
                                      double *tilt_deg, rc_err *err) noexcept
{
    try {
        std::vector<cv::Point3f> obj = board_object(cols, rows, square);
        std::vector<cv::Point2d> img(obj.size());
        for (size_t i = 0; i < img.size(); i++)
            img[i] = cv::Point2d(corners_xy[2 * i], corners_xy[2 * i + 1]);
        std::vector<cv::Point3d> objd(obj.begin(), obj.end());
        cv::Mat k(3, 3, CV_64F, const_cast<double *>(K));
        cv::Mat d(5, 1, CV_64F, const_cast<double *>(dist));
        cv::Mat rvec, tvec, R;
        if (!cv::solvePnP(objd, img, k, d, rvec, tvec))
            return rc_err_set(err, RC_E_ARG, "solvePnP: no pose for the board");
        cv::Rodrigues(rvec, R);
        double nz = std::fabs(R.at<double>(2, 2)); // board normal, camera z component
        *tilt_deg = std::acos(std::min(1.0, nz)) * 180.0 / CV_PI;
        return RC_OK;
    } catch (const std::exception &e) {
        return fail(err, RC_E_ARG, "solvePnP", e);
    } catch (...) {
        return rc_err_set(err, RC_E_ARG, "solvePnP: unknown OpenCV failure");
    }
}

/* Opens `path`, or with `text` that text in memory. In memory OpenCV recognises YAML
 * only by its "%YAML" directive, which a file read by name may omit (its extension
 * says it), so a text that starts with neither a directive, XML nor JSON gets one. */
static void open_storage(cv::FileStorage &fs, const char *path, const char *text, size_t len)
{
    if (!text) {
        fs.open(path, cv::FileStorage::READ);
        return;
    }
    std::string s(text, len);
    size_t i = s.find_first_not_of(" \t\r\n");
    if (i == std::string::npos || (s[i] != '%' && s[i] != '<' && s[i] != '{'))
        s.insert(0, "%YAML:1.0\n");
    fs.open(s, cv::FileStorage::READ | cv::FileStorage::MEMORY);
}

// The steps below may throw (OpenCV reports errors as exceptions); rc_cv_calib_read
// catches everything they throw.

/* distortion_coefficients (or D1): k1 k2 p1 p2 [k3], further values must be zero. */
static rc_status read_dist(const cv::FileStorage &fs, const char *path, const char *dname,
                           rc_calib *out, rc_err *err)
{
    cv::Mat D;
    if (!read_matrix(fs[dname], D))
        return RC_OK;
    D = D.reshape(1, (int)D.total());
    if (D.total() < 4)
        return rc_err_set(err, RC_E_FORMAT, "%s: %s: need at least 4 values", path, dname);
    for (int i = 0; i < (int)D.total(); i++) {
        double v = D.at<double>(i);
        if (!std::isfinite(v))
            return rc_err_set(err, RC_E_FORMAT, "%s: %s: value %d is not finite", path, dname,
                              i + 1);
        if (i < 5)
            out->dist[i] = v;
        else if (v != 0.0)
            return rc_err_set(err, RC_E_UNSUPPORTED,
                              "%s: %s: coefficient %d is not zero (only k1 k2 p1 "
                              "p2 k3 are supported)",
                              path, dname, i + 1);
    }
    return RC_OK;
}

/* The lens: camera_matrix and distortion_coefficients (or stereo_calib's M1, D1). */
static rc_status read_lens(const cv::FileStorage &fs, const char *path, rc_calib *out, rc_err *err)
{
    cv::Mat K;
    const char *kname = "camera_matrix", *dname = "distortion_coefficients";
    if (fs[kname].empty() && !fs["M1"].empty()) { // stereo_calib's intrinsics.yml
        kname = "M1";
        dname = "D1";
    }
    if (!read_matrix(fs[kname], K))
        return RC_OK;
    if (K.total() != 9)
        return rc_err_set(err, RC_E_FORMAT, "%s: %s: expected 3x3, got %dx%d", path, kname, K.rows,
                          K.cols);
    for (int i = 0; i < 9; i++)
        out->camera_matrix[i] = K.at<double>(i / 3, i % 3);
    for (int i = 0; i < 9; i++)
        if (!std::isfinite(out->camera_matrix[i]))
            return rc_err_set(err, RC_E_FORMAT, "%s: %s: value %d is not finite", path, kname,
                              i + 1);
    if (!(out->camera_matrix[0] > 0 && out->camera_matrix[4] > 0))
        return rc_err_set(err, RC_E_FORMAT, "%s: %s: focal lengths must be > 0", path, kname);
    rc_status rs = read_dist(fs, path, dname, out, err);
    if (rs != RC_OK)
        return rs;
    out->parts |= RC_CALIB_LENS;
    return RC_OK;
}

/* The image-to-plane homography (and the board tilt that came with it). */
static rc_status read_plane(const cv::FileStorage &fs, const char *path, rc_calib *out, rc_err *err)
{
    cv::Mat H;
    if (!read_matrix(fs["romcap_plane_homography"], H))
        return RC_OK;
    if (H.total() != 9)
        return rc_err_set(err, RC_E_FORMAT, "%s: romcap_plane_homography: expected 3x3", path);
    for (int i = 0; i < 9; i++)
        out->plane_h[i] = H.at<double>(i / 3, i % 3);
    // A singular (or non-finite) homography maps the image onto a line or a
    // point: every angle would come out NaN, so refuse the file.
    const double *h = out->plane_h;
    double det = h[0] * (h[4] * h[8] - h[5] * h[7]) - h[1] * (h[3] * h[8] - h[5] * h[6]) +
                 h[2] * (h[3] * h[7] - h[4] * h[6]);
    double fro = cv::norm(H);
    if (!std::isfinite(det) || !std::isfinite(fro) || !(std::fabs(det) > 1e-12 * fro * fro * fro))
        return rc_err_set(err, RC_E_FORMAT,
                          "%s: romcap_plane_homography: singular matrix (determinant %g)", path,
                          det);
    out->parts |= RC_CALIB_PLANE;
    if (!fs["romcap_plane_tilt_deg"].empty())
        fs["romcap_plane_tilt_deg"] >> out->plane_tilt_deg;
    return RC_OK;
}

/* The image's down direction (unit vector) and where it came from. */
static rc_status read_down(const cv::FileStorage &fs, const char *path, rc_calib *out, rc_err *err)
{
    cv::Mat dn;
    if (!read_matrix(fs["romcap_down"], dn))
        return RC_OK;
    if (dn.total() != 2)
        return rc_err_set(err, RC_E_FORMAT, "%s: romcap_down: expected 2 values", path);
    double x = dn.at<double>(0), y = dn.at<double>(1), n = std::hypot(x, y);
    if (!(n > 0) || !std::isfinite(n))
        return rc_err_set(err, RC_E_FORMAT, "%s: romcap_down: zero vector", path);
    out->down[0] = x / n;
    out->down[1] = y / n;
    std::string src;
    if (!fs["romcap_vertical_source"].empty())
        fs["romcap_vertical_source"] >> src;
    if (src == "board")
        out->vertical_source = RC_VERTICAL_BOARD;
    else if (src == "plumb")
        out->vertical_source = RC_VERTICAL_PLUMB;
    else
        out->vertical_source = RC_VERTICAL_IMAGE;
    if (out->vertical_source != RC_VERTICAL_IMAGE)
        out->parts |= RC_CALIB_VERTICAL;
    return RC_OK;
}

extern "C" rc_status rc_cv_calib_read(const char *path, const char *text, size_t len, rc_calib *out,
                                      rc_err *err) noexcept
{
    try {
        std::memset(out, 0, sizeof *out); // as rc_calib_init (calib links us, not back)
        out->camera_matrix[0] = out->camera_matrix[4] = out->camera_matrix[8] = 1.0;
        out->plane_h[0] = out->plane_h[4] = out->plane_h[8] = 1.0;
        out->down[1] = 1.0;
        cv::FileStorage fs;
        open_storage(fs, path, text, len);
        if (!fs.isOpened())
            return rc_err_set(err, RC_E_NOT_FOUND, "%s: cannot open as OpenCV YAML/XML", path);
        int w = 0, h = 0;
        if (!fs["image_width"].empty())
            fs["image_width"] >> w;
        if (!fs["image_height"].empty())
            fs["image_height"] >> h;
        out->image_width = w;
        out->image_height = h;
        rc_status rs = read_lens(fs, path, out, err);
        if (rs != RC_OK)
            return rs;
        if (!fs["avg_reprojection_error"].empty())
            fs["avg_reprojection_error"] >> out->rms_px;
        if (!fs["nframes"].empty())
            fs["nframes"] >> out->n_views;
        if ((rs = read_plane(fs, path, out, err)) != RC_OK ||
            (rs = read_down(fs, path, out, err)) != RC_OK)
            return rs;
        if (!fs["romcap_mm_per_px"].empty()) {
            fs["romcap_mm_per_px"] >> out->mm_per_px;
            if (out->mm_per_px > 0)
                out->parts |= RC_CALIB_SCALE;
        }
        if (!out->parts)
            return rc_err_set(err, RC_E_FORMAT,
                              "%s: no camera_matrix or romcap_plane_homography node", path);
        return RC_OK;
    } catch (const std::exception &e) {
        return fail(err, RC_E_FORMAT, path, e);
    } catch (...) {
        return rc_err_set(err, RC_E_FORMAT, "%s: unknown OpenCV failure", path);
    }
}

extern "C" rc_status rc_cv_calib_write(const rc_calib *c, char **text, size_t *len,
                                       rc_err *err) noexcept
{
    *text = nullptr;
    *len = 0;
    try {
        cv::FileStorage fs("calib.yml", cv::FileStorage::WRITE | cv::FileStorage::MEMORY |
                                            cv::FileStorage::FORMAT_YAML);
        fs << "nframes" << c->n_views;
        fs << "image_width" << c->image_width;
        fs << "image_height" << c->image_height;
        if (c->parts & RC_CALIB_LENS) {
            fs << "camera_matrix" << cv::Mat(3, 3, CV_64F, const_cast<double *>(c->camera_matrix));
            fs << "distortion_coefficients" << cv::Mat(5, 1, CV_64F, const_cast<double *>(c->dist));
            fs << "avg_reprojection_error" << c->rms_px;
        }
        if (c->parts & RC_CALIB_PLANE) {
            fs << "romcap_plane_homography"
               << cv::Mat(3, 3, CV_64F, const_cast<double *>(c->plane_h));
            fs << "romcap_plane_tilt_deg" << c->plane_tilt_deg;
        }
        fs << "romcap_down" << cv::Mat(2, 1, CV_64F, const_cast<double *>(c->down));
        const char *src = c->vertical_source == RC_VERTICAL_BOARD   ? "board"
                          : c->vertical_source == RC_VERTICAL_PLUMB ? "plumb"
                                                                    : "image";
        fs << "romcap_vertical_source" << src;
        if (c->parts & RC_CALIB_SCALE)
            fs << "romcap_mm_per_px" << c->mm_per_px;
        std::string s = fs.releaseAndGetString();
        char *buf = (char *)std::malloc(s.size() + 1);
        if (!buf)
            return rc_err_set(err, RC_E_NOMEM, "calibration: out of memory");
        std::memcpy(buf, s.data(), s.size() + 1);
        *text = buf;
        *len = s.size();
        return RC_OK;
    } catch (const std::exception &e) {
        return fail(err, RC_E_IO, "calibration YAML", e);
    } catch (...) {
        return rc_err_set(err, RC_E_IO, "calibration YAML: unknown OpenCV failure");
    }
}
