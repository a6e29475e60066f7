/* bench_detect_cv.h - OpenCV baselines for bench_detect (C interface to a C++ file).
 *
 * Benchmarks only: the two OpenCV pipelines romcap's detector is compared with,
 * single-threaded (cv::setNumThreads(1)). Not part of any romcap library.
 */
#ifndef ROMCAP_BENCH_DETECT_CV_H
#define ROMCAP_BENCH_DETECT_CV_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bench_cv bench_cv;

/* Scratch for width x height frames; NULL on failure. */
bench_cv *bench_cv_create(int width, int height);
void bench_cv_destroy(bench_cv *b); /* NULL is fine */

/* cvtColor BGR->HSV, inRange (saturated, not dark: S >= 100, V >= 50), then
 * connectedComponentsWithStats (8-connected). Returns the component count, or -1. */
int bench_cv_hsv(bench_cv *b, const uint8_t *bgr, int stride_bytes);

/* threshold(Y > thr) + connectedComponentsWithStats with CCL_BBDT on the luma plane.
 * Returns the component count, or -1. */
int bench_cv_bbdt(bench_cv *b, const uint8_t *y, int stride_bytes, int thr);

#ifdef __cplusplus
}
#endif
#endif
