/* bench_detect.c - romcap's detector against OpenCV and the memory floor.
 *
 * For 1280x720, 1920x1080 and 3840x2160 it renders distinct frames of the
 * knee_flexion scene (textured background, skin-coloured limb, three markers) with
 * five more anti-aliased markers painted on (8 in all, one of them bright), enough
 * frames that they do not fit in the L3 cache together, and prints the median
 * ms/frame of: romcap full-frame detection, romcap ROI mode (rectangles around the
 * true marker positions, as the tracker would predict them), OpenCV
 * BGR->HSV + inRange + connectedComponentsWithStats and OpenCV threshold +
 * connectedComponentsWithStats(CCL_BBDT) (both one thread), and a memcpy of the
 * three I420 planes romcap reads (thread CPU time, so a busy machine slows the
 * numbers little). Then the ratios. Usage: bench_detect [passes]
 * [--scalar] [--adapt] [--height 720|1080|2160] (--scalar forces the detector's
 * plain C kernels; --adapt builds the classes for light adaptation, as the analysis
 * does, and times rc_detector_adapt with the full frame; --height runs one size only).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_detect_cv.h"
#include "romcap/detect.h"
#include "romcap/image.h"
#include "romcap/synth.h"

enum { N_EXTRA = 5, MAX_FRAMES = 24 };

static const uint8_t MODEL_RGB[3][3] = {{0x1e, 0xaa, 0x46}, {0xc8, 0x28, 0xa0}, {0x1e, 0x50, 0xc8}};
static const uint8_t EXTRA_RGB[N_EXTRA][3] = {
    {235, 200, 30}, {235, 200, 30}, {20, 170, 200}, {20, 170, 200}, {255, 255, 255}};

typedef struct frame {
    uint8_t *buf, *bgr_buf;
    rc_image im, bgr;
    double mx[3 + N_EXTRA], my[3 + N_EXTRA];
} frame;

/* CPU time of this thread: every measured operation runs on this one thread, so
 * this is its cost, not counting the time another process held the core. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return n ? v[n / 2] : 0;
}

/* Paints an anti-aliased disc (4x4 supersampled coverage) into I420. */
static void paint_disc(rc_image *im, double cx, double cy, double r, const uint8_t rgb[3])
{
    float Y, Cb, Cr;
    rc_rgb_to_ycbcr(rgb, &Y, &Cb, &Cr);
    int x0 = ((int)(cx - r) - 2) & ~1, y0 = ((int)(cy - r) - 2) & ~1;
    int x1 = (int)(cx + r) + 3, y1 = (int)(cy + r) + 3;
    for (int by = y0; by <= y1; by += 2)
        for (int bx = x0; bx <= x1; bx += 2) {
            if (bx < 0 || by < 0 || bx + 1 >= im->width || by + 1 >= im->height)
                continue;
            double bcov = 0;
            for (int py = by; py < by + 2; py++)
                for (int px = bx; px < bx + 2; px++) {
                    int in = 0;
                    for (int s = 0; s < 16; s++) {
                        double dx = px - 0.5 + ((s & 3) + 0.5) / 4 - cx;
                        double dy = py - 0.5 + ((s >> 2) + 0.5) / 4 - cy;
                        in += dx * dx + dy * dy < r * r;
                    }
                    double cov = in / 16.0;
                    uint8_t *p = rc_image_row(im, 0, py) + px;
                    *p = (uint8_t)lrint(cov * Y + (1 - cov) * *p);
                    bcov += 0.25 * cov;
                }
            uint8_t *u = rc_image_row(im, 1, by / 2) + bx / 2;
            uint8_t *v = rc_image_row(im, 2, by / 2) + bx / 2;
            *u = (uint8_t)lrint(bcov * Cb + (1 - bcov) * *u);
            *v = (uint8_t)lrint(bcov * Cr + (1 - bcov) * *v);
        }
}

static int make_frames(int w, int h, frame *fr, int n, double *radius)
{
    rc_synth_options o = rc_synth_options_default();
    o.width = w;
    o.height = h;
    o.noise_sigma = 2.0;
    rc_err err = {{0}};
    rc_synth *s = rc_synth_create("knee_flexion", &o, &err);
    if (!s) {
        fprintf(stderr, "bench_detect: %s\n", err.msg);
        return -1;
    }
    int64_t nf = rc_synth_frame_count(s);
    double r = w / 100.0 < 6 ? 6 : w / 100.0;
    *radius = r;
    unsigned seed = 1234;
    for (int i = 0; i < n; i++) {
        frame *f = &fr[i];
        f->buf = rc_image_alloc(&f->im, RC_PIX_I420, w, h);
        f->bgr_buf = rc_image_alloc(&f->bgr, RC_PIX_BGR8, w, h);
        if (!f->buf || !f->bgr_buf)
            return -1;
        rc_truth t;
        if (rc_synth_render(s, (int64_t)i * nf / n, &f->im, &t) != RC_OK)
            return -1;
        for (int k = 0; k < 3; k++) {
            f->mx[k] = t.marker[k].x_px;
            f->my[k] = t.marker[k].y_px;
        }
        for (int k = 0; k < N_EXTRA; k++) {
            /* Extra markers in the left and right thirds, clear of the limb. */
            seed = seed * 1103515245u + 12345u;
            double fx = (k & 1 ? 0.72 : 0.08) + 0.2 * ((seed >> 8) % 1000) / 1000.0;
            seed = seed * 1103515245u + 12345u;
            double fy = 0.1 + 0.8 * ((seed >> 8) % 1000) / 1000.0;
            f->mx[3 + k] = fx * w;
            f->my[3 + k] = fy * h;
            paint_disc(&f->im, f->mx[3 + k], f->my[3 + k], r, EXTRA_RGB[k]);
        }
        rc_image_i420_to_bgr(&f->im, &f->bgr);
    }
    rc_synth_destroy(s);
    return 0;
}

static void bench_size(int w, int h, int n_frames, int passes)
{
    static frame fr[MAX_FRAMES];
    static rc_blob blobs[RC_MAX_BLOBS];
    double radius;
    if (make_frames(w, h, fr, n_frames, &radius) != 0) {
        fprintf(stderr, "bench_detect: cannot render %dx%d frames\n", w, h);
        exit(1);
    }
    rc_detect_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.width = w;
    cfg.height = h;
    cfg.n_classes = 6;
    for (int k = 0; k < 3; k++) {
        cfg.cls[k].kind = RC_CLASS_COLOR;
        memcpy(cfg.cls[k].rgb, MODEL_RGB[k], 3);
    }
    cfg.cls[3].kind = RC_CLASS_COLOR;
    memcpy(cfg.cls[3].rgb, EXTRA_RGB[0], 3);
    cfg.cls[4].kind = RC_CLASS_COLOR;
    memcpy(cfg.cls[4].rgb, EXTRA_RGB[2], 3);
    cfg.cls[5].kind = RC_CLASS_BRIGHT;
    cfg.force_scalar = getenv("ROMCAP_DETECT_SCALAR") != NULL;
    cfg.adapt_light = getenv("ROMCAP_DETECT_ADAPT") != NULL;
    rc_err err = {{0}};
    rc_detector *d = rc_detector_create(&cfg, &err);
    bench_cv *cv = bench_cv_create(w, h);
    size_t plane_bytes = rc_image_bytes(RC_PIX_I420, w, h);
    uint8_t *dst = malloc(plane_bytes);
    if (!d || !cv || !dst) {
        fprintf(stderr, "bench_detect: setup failed: %s\n", err.msg);
        exit(1);
    }
    int nt = n_frames * passes;
    double *t[5];
    for (int m = 0; m < 5; m++)
        t[m] = malloc(sizeof(double) * (size_t)nt);
    int found_full = 0, found_roi = 0, cc_hsv = 0, cc_bbdt = 0;
    int half = (int)ceil(2 * radius + 16); /* ROI half-size: the marker plus motion */
    for (int p = 0; p < passes; p++)
        for (int i = 0; i < n_frames; i++) {
            frame *f = &fr[i];
            int k = p * n_frames + i;
            double t0 = now_ms();
            int n = rc_detector_run(d, &f->im, blobs, RC_MAX_BLOBS);
            if (cfg.adapt_light) /* as the pipeline does: the matched markers */
                rc_detector_adapt(d, &f->im, blobs, n < 3 + N_EXTRA ? n : 3 + N_EXTRA);
            double t1 = now_ms();
            found_full += n;
            rc_rect roi[3 + N_EXTRA];
            for (int m = 0; m < 3 + N_EXTRA; m++)
                roi[m] = (rc_rect){(int)f->mx[m] - half, (int)f->my[m] - half, 2 * half, 2 * half};
            double t2 = now_ms();
            n = rc_detector_run_roi(d, &f->im, roi, 3 + N_EXTRA, blobs, RC_MAX_BLOBS);
            double t3 = now_ms();
            found_roi += n;
            cc_hsv += bench_cv_hsv(cv, f->bgr.plane[0], f->bgr.stride_bytes[0]);
            double t4 = now_ms();
            cc_bbdt += bench_cv_bbdt(cv, f->im.plane[0], f->im.stride_bytes[0], 200);
            double t5 = now_ms();
            memcpy(dst, f->buf, plane_bytes);
            double t6 = now_ms();
            t[0][k] = t1 - t0;
            t[1][k] = t3 - t2;
            t[2][k] = t4 - t3;
            t[3][k] = t5 - t4;
            t[4][k] = t6 - t5;
        }
    double med[5];
    for (int m = 0; m < 5; m++)
        med[m] = median(t[m], nt);
    printf("%4dx%-4d  %2d frames (%.0f MB I420), %s kernel, markers found/frame: full %.2f "
           "roi %.2f\n",
           w, h, n_frames, n_frames * plane_bytes / 1e6, rc_detector_kernel_name(d),
           (double)found_full / nt, (double)found_roi / nt);
    printf("  romcap full-frame detect        %8.3f ms\n", med[0]);
    printf("  romcap ROI mode (8 rects)       %8.3f ms\n", med[1]);
    printf("  OpenCV HSV+inRange+CC (1 thr)   %8.3f ms   (%.0f components/frame)\n", med[2],
           (double)cc_hsv / nt);
    printf("  OpenCV threshold+CC BBDT on Y   %8.3f ms\n", med[3]);
    printf("  memcpy of the Y,U,V planes      %8.3f ms\n", med[4]);
    printf("  ratios: HSV/full %.1fx  HSV/ROI %.1fx  BBDT/full %.1fx  full/memcpy %.1fx\n",
           med[2] / med[0], med[2] / med[1], med[3] / med[0], med[0] / med[4]);
    fflush(stdout);
    for (int m = 0; m < 5; m++)
        free(t[m]);
    free(dst);
    bench_cv_destroy(cv);
    rc_detector_destroy(d);
    for (int i = 0; i < n_frames; i++) {
        free(fr[i].buf);
        free(fr[i].bgr_buf);
    }
}

int main(int argc, char **argv)
{
    int passes = 5, only_h = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--scalar"))
            setenv("ROMCAP_DETECT_SCALAR", "1", 1);
        else if (!strcmp(argv[i], "--adapt"))
            setenv("ROMCAP_DETECT_ADAPT", "1", 1);
        else if (!strcmp(argv[i], "--height") && i + 1 < argc)
            only_h = atoi(argv[++i]);
        else
            passes = atoi(argv[i]) > 0 ? atoi(argv[i]) : passes;
    }
    printf("bench_detect: median ms/frame, %d passes over each frame set\n", passes);
    /* 24 frames of 720p/1080p (33 / 75 MB of I420) and 12 of 2160p (149 MB) exceed
     * a 32 MB L3. */
    if (!only_h || only_h == 720)
        bench_size(1280, 720, 24, passes);
    if (!only_h || only_h == 1080)
        bench_size(1920, 1080, 24, passes);
    if (!only_h || only_h == 2160)
        bench_size(3840, 2160, 12, passes);
    return 0;
}
