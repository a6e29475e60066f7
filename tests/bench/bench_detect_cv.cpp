// bench_detect_cv.cpp - the OpenCV baselines of bench_detect (benchmarks only).
//
// Kept in C++ because OpenCV's C API is gone; everything the C benchmark needs is
// behind bench_detect_cv.h and no exception leaves this file. The Mats are made
// once, so the timed calls measure OpenCV's work, not allocation.
#include "bench_detect_cv.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

struct bench_cv {
    int w, h;
    cv::Mat hsv, mask, labels, stats, centroids;
};

extern "C" bench_cv *bench_cv_create(int width, int height)
{
    try {
        cv::setNumThreads(1);
        bench_cv *b = new bench_cv;
        b->w = width;
        b->h = height;
        b->hsv.create(height, width, CV_8UC3);
        b->mask.create(height, width, CV_8UC1);
        b->labels.create(height, width, CV_32S);
        return b;
    } catch (...) {
        return nullptr;
    }
}

extern "C" void bench_cv_destroy(bench_cv *b)
{
    delete b;
}

extern "C" int bench_cv_hsv(bench_cv *b, const uint8_t *bgr, int stride_bytes)
{
    try {
        cv::Mat in(b->h, b->w, CV_8UC3, const_cast<uint8_t *>(bgr), (size_t)stride_bytes);
        cv::cvtColor(in, b->hsv, cv::COLOR_BGR2HSV);
        cv::inRange(b->hsv, cv::Scalar(0, 100, 50), cv::Scalar(180, 255, 255), b->mask);
        return cv::connectedComponentsWithStats(b->mask, b->labels, b->stats, b->centroids, 8,
                                                CV_32S);
    } catch (...) {
        return -1;
    }
}

extern "C" int bench_cv_bbdt(bench_cv *b, const uint8_t *y, int stride_bytes, int thr)
{
    try {
        cv::Mat in(b->h, b->w, CV_8UC1, const_cast<uint8_t *>(y), (size_t)stride_bytes);
        cv::threshold(in, b->mask, thr, 255, cv::THRESH_BINARY);
        return cv::connectedComponentsWithStats(b->mask, b->labels, b->stats, b->centroids, 8,
                                                CV_32S, cv::CCL_BBDT);
    } catch (...) {
        return -1;
    }
}
