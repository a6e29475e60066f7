// cv_remap.cpp - lens undistortion of whole I420 frames with cv::remap (display only).
#include "cv_remap.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <new>

struct rc_cv_remap {
    int width, height;
    cv::Mat y1, y2; // fixed-point maps for the luma plane (CV_16SC2 + CV_16UC1)
    cv::Mat c1, c2; // the same for the half-resolution chroma planes
};

// Maps for one plane size: the camera matrix scales with the plane (chroma is half
// size, pixel centres at (2i + 0.5) of the luma grid, hence the -0.25 shift).
static void plane_maps(const double K[9], const double dist[5], double scale, int w, int h,
                       cv::Mat &m1, cv::Mat &m2)
{
    cv::Mat k = (cv::Mat_<double>(3, 3) << K[0] * scale, 0, (K[2] + 0.5) * scale - 0.5, 0,
                 K[4] * scale, (K[5] + 0.5) * scale - 0.5, 0, 0, 1);
    cv::Mat d(1, 5, CV_64F);
    for (int i = 0; i < 5; i++)
        d.at<double>(i) = dist[i];
    cv::initUndistortRectifyMap(k, d, cv::Mat(), k, cv::Size(w, h), CV_16SC2, m1, m2);
}

extern "C" rc_cv_remap *rc_cv_remap_create(const double K[9], const double dist[5], int width,
                                           int height, rc_err *err) noexcept
{
    if (width <= 0 || height <= 0 || K[0] <= 0 || K[4] <= 0) {
        rc_err_set(err, RC_E_ARG, "undistorted view: bad frame size or camera matrix");
        return nullptr;
    }
    rc_cv_remap *r = new (std::nothrow) rc_cv_remap();
    if (!r) {
        rc_err_set(err, RC_E_NOMEM, "out of memory");
        return nullptr;
    }
    try {
        r->width = width;
        r->height = height;
        plane_maps(K, dist, 1.0, width, height, r->y1, r->y2);
        plane_maps(K, dist, 0.5, (width + 1) / 2, (height + 1) / 2, r->c1, r->c2);
        return r;
    } catch (const std::exception &e) {
        rc_err_set(err, RC_E_ARG, "undistorted view: %s", e.what());
    } catch (...) {
        rc_err_set(err, RC_E_ARG, "undistorted view: unknown OpenCV failure");
    }
    delete r;
    return nullptr;
}

extern "C" void rc_cv_remap_destroy(rc_cv_remap *r) noexcept
{
    delete r;
}

extern "C" rc_status rc_cv_remap_i420(rc_cv_remap *r, const rc_image *src, rc_image *dst) noexcept
{
    if (!r || !src || !dst || src->fmt != RC_PIX_I420 || dst->fmt != RC_PIX_I420 ||
        src->width != r->width || src->height != r->height || dst->width != r->width ||
        dst->height != r->height)
        return RC_E_ARG;
    try {
        for (int p = 0; p < 3; p++) {
            int w = rc_image_plane_width(src, p), h = rc_image_plane_height(src, p);
            // Views over the caller's planes: no copy, strides respected.
            cv::Mat in(h, w, CV_8UC1, src->plane[p], (size_t)src->stride_bytes[p]);
            cv::Mat out(h, w, CV_8UC1, dst->plane[p], (size_t)dst->stride_bytes[p]);
            cv::remap(in, out, p ? r->c1 : r->y1, p ? r->c2 : r->y2, cv::INTER_LINEAR,
                      cv::BORDER_CONSTANT, cv::Scalar(p ? 128 : 0));
        }
        return RC_OK;
    } catch (...) {
        return RC_E_ARG;
    }
}
