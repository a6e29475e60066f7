/* test_detect_kernels.c - the detector's fast kernels against their plain twins.
 *
 * 1. Row kernels: on random luma/chroma rows (odd and even widths, random spans and
 *    thresholds; palette, BRIGHT-only, widest and narrow tolerances) the
 *    table-driven scalar kernel and the AVX2 kernel (where the CPU
 *    has it) give exactly the codes of the reference kernel, which applies the
 *    per-block rule to every block without the look-up table.
 * 2. Whole detector: a scalar-only detector and the default (fastest) one return
 *    identical blob lists, full-frame and in ROI mode, on random frames with
 *    coloured and bright discs over noise and on pure noise.
 * 3. ROI mode: a blob cut by two overlapping rectangles is found whole (same as
 *    full-frame), and rectangles outside the frame are harmless.
 * 4. The per-frame path allocates nothing: a counting hook (AddressSanitizer's
 *    allocator hooks, so this part runs in the sanitizer build) sees zero
 *    allocations over many rc_detector_run / rc_detector_run_roi calls.
 */
#include "test_util.h"

#include "detect/detect_internal.h"
#include "romcap/detect.h"
#include "romcap/image.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#endif
#ifdef HAVE_ASAN
/* From <sanitizer/allocator_interface.h> (shipped with clang, not with gcc). */
int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void *, size_t),
                                              void (*free_hook)(const volatile void *));
#endif

static const uint8_t PALETTE[5][3] = {
    {30, 170, 70}, {200, 40, 160}, {30, 80, 200}, {235, 200, 30}, {20, 170, 200}};

static uint32_t rnd(unsigned long long *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*s >> 33);
}

static rc_detect_config palette_config(int w, int h, int force_scalar)
{
    rc_detect_config c;
    memset(&c, 0, sizeof c);
    c.width = w;
    c.height = h;
    c.n_classes = 6;
    for (int k = 0; k < 5; k++) {
        c.cls[k].kind = RC_CLASS_COLOR;
        memcpy(c.cls[k].rgb, PALETTE[k], 3);
    }
    c.cls[5].kind = RC_CLASS_BRIGHT;
    c.force_scalar = force_scalar;
    return c;
}

/* Random textured frame with discs of the palette colours and white (hard edges,
 * noisy), or pure noise when n_discs < 0. */
static void random_frame(rc_image *im, unsigned long long *s, int n_discs)
{
    int w = im->width, h = im->height, w2 = (w + 1) / 2, h2 = (h + 1) / 2;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            rc_image_row(im, 0, y)[x] =
                n_discs < 0 ? (uint8_t)rnd(s)
                            : (uint8_t)(90 + 40 * ((x / 13 + y / 7) & 1) + rnd(s) % 9);
    for (int j = 0; j < h2; j++)
        for (int i = 0; i < w2; i++) {
            rc_image_row(im, 1, j)[i] =
                n_discs < 0 ? (uint8_t)rnd(s) : (uint8_t)(118 + rnd(s) % 21);
            rc_image_row(im, 2, j)[i] =
                n_discs < 0 ? (uint8_t)rnd(s) : (uint8_t)(118 + rnd(s) % 21);
        }
    for (int k = 0; k < n_discs; k++) {
        double cx = rnd(s) % w, cy = rnd(s) % h, r = 3 + rnd(s) % 12;
        uint8_t white[3] = {250, 250, 250};
        const uint8_t *rgb = k % 6 == 5 ? white : PALETTE[k % 6];
        float Y, Cb, Cr;
        double illum = 0.6 + 0.8 * (rnd(s) % 1000) / 1000.0;
        uint8_t lit[3];
        for (int c = 0; c < 3; c++)
            lit[c] = (uint8_t)(rgb[c] * illum > 255 ? 255 : rgb[c] * illum);
        rc_rgb_to_ycbcr(lit, &Y, &Cb, &Cr);
        for (int y = (int)(cy - r); y <= (int)(cy + r); y++)
            for (int x = (int)(cx - r); x <= (int)(cx + r); x++) {
                if (x < 0 || y < 0 || x >= w || y >= h || hypot(x - cx, y - cy) > r)
                    continue;
                rc_image_row(im, 0, y)[x] = (uint8_t)(Y + rnd(s) % 5);
                rc_image_row(im, 1, y / 2)[x / 2] = (uint8_t)(Cb + rnd(s) % 5);
                rc_image_row(im, 2, y / 2)[x / 2] = (uint8_t)(Cr + rnd(s) % 5);
            }
    }
}

static void test_row_kernels(void)
{
    unsigned long long s = 42;
    int have_avx2 = rc__detect_have_avx2();
    printf("AVX2 kernel %s\n", have_avx2 ? "tested" : "not available on this CPU: skipped");
    long blocks = 0, coded = 0, mismatches = 0;
    for (int trial = 0; trial < 350; trial++) {
        int w = 2 + (int)(rnd(&s) % 400), w2 = (w + 1) / 2;
        rc_detect_config cfg = palette_config(w, 4, 0);
        if (trial % 7 == 3) { /* BRIGHT only: no colour class at all */
            cfg.n_classes = 1;
            cfg.cls[0].kind = RC_CLASS_BRIGHT;
        } else if (trial % 7 == 5) { /* widest tolerances: the chroma bound is void */
            for (int k = 0; k < 5; k++)
                cfg.cls[k].tolerance = 1.0f;
        } else if (trial % 7 == 6) { /* narrow ones */
            for (int k = 0; k < 5; k++)
                cfg.cls[k].tolerance = 0.1f;
        } else if (trial % 7 == 4) { /* learnt ellipses, tilted, of random size */
            for (int k = 0; k < 5; k++) {
                float Y, Cb, Cr;
                rc_rgb_to_ycbcr(PALETTE[k], &Y, &Cb, &Cr);
                float sa = 0.005f + 0.04f * (float)(rnd(&s) % 100) / 100.0f;
                float sb = 0.005f + 0.04f * (float)(rnd(&s) % 100) / 100.0f;
                float rho = ((float)(rnd(&s) % 180) - 90.0f) / 100.0f;
                cfg.cls[k].learned = 1;
                cfg.cls[k].mean[0] = (Cb - 128.0f) / Y;
                cfg.cls[k].mean[1] = (Cr - 128.0f) / Y;
                cfg.cls[k].cov[0] = sa * sa;
                cfg.cls[k].cov[1] = rho * sa * sb;
                cfg.cls[k].cov[2] = sb * sb;
            }
        }
        rc_detector *d = rc_detector_create(&cfg, NULL);
        CHECK(d != NULL);
        if (!d)
            return;
        /* Random threshold or none, as set per frame by the detector. */
        d->bright_thr = trial % 3 == 0 ? 256.0f : 100.0f + (float)(rnd(&s) % 151);
        d->bright_min = d->bright_thr <= 255.0f ? (int)floorf(4.0f * d->bright_thr) - 1 : 1 << 20;
        uint8_t ya[400 + 32], yb[400 + 32], u[216], v[216], ref[216], sc[216], av[216];
        int kind = trial % 4; /* uniform, bright, near-grey, near the palette */
        for (int x = 0; x < w; x++) {
            ya[x] = (uint8_t)(kind == 1 ? 200 + rnd(&s) % 56 : rnd(&s));
            yb[x] = (uint8_t)(kind == 1 ? 200 + rnd(&s) % 56 : rnd(&s));
        }
        for (int i = 0; i < w2; i++) {
            if (kind == 3) {
                float Y, Cb, Cr;
                rc_rgb_to_ycbcr(PALETTE[rnd(&s) % 5], &Y, &Cb, &Cr);
                u[i] = (uint8_t)(Cb + (int)(rnd(&s) % 41) - 20);
                v[i] = (uint8_t)(Cr + (int)(rnd(&s) % 41) - 20);
            } else if (kind == 2 || kind == 1) {
                u[i] = (uint8_t)(128 + (int)(rnd(&s) % 41) - 20);
                v[i] = (uint8_t)(128 + (int)(rnd(&s) % 41) - 20);
            } else {
                u[i] = (uint8_t)rnd(&s);
                v[i] = (uint8_t)rnd(&s);
            }
        }
        int x0 = (int)(rnd(&s) % (unsigned)w2), x1 = x0 + (int)(rnd(&s) % (unsigned)(w2 - x0 + 1));
        if (trial % 2)
            x0 = 0, x1 = w2;
        memset(ref, 0xAA, sizeof ref);
        memset(sc, 0xAA, sizeof sc);
        memset(av, 0xAA, sizeof av);
        const uint8_t *ybp = trial % 5 == 0 ? ya : yb; /* a last odd row */
        int a0 = rc__detect_row_reference(d, ya, ybp, u, v, x0, x1, ref);
        int a1 = rc__detect_row_scalar(d, ya, ybp, u, v, x0, x1, sc);
        CHECK((a0 != 0) == (a1 != 0));
        if (memcmp(ref, sc, sizeof ref))
            mismatches++;
        if (have_avx2) {
            int a2 = rc__detect_row_avx2(d, ya, ybp, u, v, x0, x1, av);
            CHECK((a0 != 0) == (a2 != 0));
            if (memcmp(ref, av, sizeof ref))
                mismatches++;
        }
        for (int i = x0; i < x1; i++)
            coded += ref[i] != 0;
        blocks += x1 - x0;
        rc_detector_destroy(d);
    }
    printf("row kernels: %ld blocks (%ld classed), %ld mismatching rows\n", blocks, coded,
           mismatches);
    CHECK(mismatches == 0);
    CHECK(coded > 1000); /* the random rows did exercise the exact rule */
}

static int same_blobs(const rc_blob *a, int na, const rc_blob *b, int nb)
{
    if (na != nb)
        return 0;
    for (int k = 0; k < na; k++)
        if (a[k].x_px != b[k].x_px || a[k].y_px != b[k].y_px || a[k].area_px != b[k].area_px ||
            a[k].fill != b[k].fill || a[k].cls != b[k].cls || a[k].score != b[k].score)
            return 0;
    return 1;
}

static void test_detector_twins(void)
{
    static rc_blob a[RC_MAX_BLOBS], b[RC_MAX_BLOBS];
    const int sizes[4][2] = {{320, 240}, {333, 201}, {97, 61}, {640, 360}};
    unsigned long long s = 7;
    int frames = 0, blobs = 0;
    for (int si = 0; si < 4; si++) {
        int w = sizes[si][0], h = sizes[si][1];
        rc_image im;
        uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, w, h);
        rc_detect_config c0 = palette_config(w, h, 1), c1 = palette_config(w, h, 0);
        rc_detector *ds = rc_detector_create(&c0, NULL), *df = rc_detector_create(&c1, NULL);
        CHECK(buf && ds && df);
        if (!buf || !ds || !df)
            return;
        CHECK(!strcmp(rc_detector_kernel_name(ds), "scalar"));
        for (int f = 0; f < 6; f++) {
            random_frame(&im, &s, f == 5 ? -1 : 4 + (int)(rnd(&s) % 20));
            int na = rc_detector_run(ds, &im, a, RC_MAX_BLOBS);
            int nb = rc_detector_run(df, &im, b, RC_MAX_BLOBS);
            CHECK_MSG(same_blobs(a, na, b, nb), "%dx%d frame %d: scalar %d blobs, %s %d", w, h, f,
                      na, rc_detector_kernel_name(df), nb);
            rc_rect roi[3] = {
                {w / 4, h / 4, w / 3, h / 3}, {w / 3, h / 5, w / 2, h / 2}, {-10, h - 20, 60, 60}};
            na = rc_detector_run_roi(ds, &im, roi, 3, a, RC_MAX_BLOBS);
            nb = rc_detector_run_roi(df, &im, roi, 3, b, RC_MAX_BLOBS);
            CHECK_MSG(same_blobs(a, na, b, nb), "%dx%d frame %d ROI: scalar %d, fast %d", w, h, f,
                      na, nb);
            frames++;
            blobs += na;
        }
        rc_detector_destroy(ds);
        rc_detector_destroy(df);
        free(buf);
    }
    printf("detector twins: %d frames, %d ROI blobs, scalar == fast\n", frames, blobs);
}

static void test_roi_union(void)
{
    static rc_blob full[RC_MAX_BLOBS], part[RC_MAX_BLOBS];
    int w = 200, h = 150;
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, w, h);
    unsigned long long s = 3;
    random_frame(&im, &s, 0);
    /* One green disc of radius 10 at (100.0, 75.0), hard-edged. */
    float Y, Cb, Cr;
    rc_rgb_to_ycbcr(PALETTE[0], &Y, &Cb, &Cr);
    for (int y = 60; y < 90; y++)
        for (int x = 85; x < 115; x++)
            if (hypot(x - 99.5, y - 74.5) <= 10) {
                rc_image_row(&im, 0, y)[x] = (uint8_t)Y;
                rc_image_row(&im, 1, y / 2)[x / 2] = (uint8_t)Cb;
                rc_image_row(&im, 2, y / 2)[x / 2] = (uint8_t)Cr;
            }
    rc_detect_config cfg = palette_config(w, h, 0);
    rc_detector *d = rc_detector_create(&cfg, NULL);
    int nf = rc_detector_run(d, &im, full, RC_MAX_BLOBS);
    CHECK(nf == 1);
    /* Two overlapping halves, each holding only part of the disc. */
    rc_rect two[2] = {{70, 50, 36, 50}, {96, 55, 40, 50}};
    int np = rc_detector_run_roi(d, &im, two, 2, part, RC_MAX_BLOBS);
    CHECK(np == 1);
    if (nf == 1 && np == 1) {
        CHECK_NEAR(part[0].x_px, full[0].x_px, 1e-4);
        CHECK_NEAR(part[0].y_px, full[0].y_px, 1e-4);
        CHECK_NEAR(part[0].x_px, 99.5, 0.2);
        CHECK_NEAR(part[0].y_px, 74.5, 0.2);
    }
    /* A rectangle that misses the disc finds nothing. */
    rc_rect miss = {10, 10, 40, 40};
    CHECK(rc_detector_run_roi(d, &im, &miss, 1, part, RC_MAX_BLOBS) == 0);
    rc_rect outside[2] = {{-500, -500, 100, 100}, {w + 10, 0, 50, 50}};
    CHECK(rc_detector_run_roi(d, &im, outside, 2, part, RC_MAX_BLOBS) == 0);
    CHECK(rc_detector_run_roi(d, &im, NULL, 0, part, RC_MAX_BLOBS) == 0);
    rc_detector_destroy(d);
    free(buf);
}

#ifdef HAVE_ASAN
static volatile long n_allocs;
static void on_malloc(const volatile void *p, size_t n)
{
    (void)p;
    (void)n;
    n_allocs++;
}
static void on_free(const volatile void *p)
{
    (void)p;
}
#endif

static void test_no_allocation(void)
{
#ifdef HAVE_ASAN
    static rc_blob b[RC_MAX_BLOBS];
    int w = 320, h = 240;
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, w, h);
    unsigned long long s = 11;
    random_frame(&im, &s, 60); /* many blobs: more than qsort's on-stack limit */
    rc_detect_config cfg = palette_config(w, h, 0);
    rc_detector *d = rc_detector_create(&cfg, NULL);
    rc_rect roi[2] = {{10, 10, 100, 100}, {50, 50, 200, 150}};
    __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
    n_allocs = 0;
    int total = 0;
    for (int k = 0; k < 20; k++) {
        total += rc_detector_run(d, &im, b, RC_MAX_BLOBS);
        total += rc_detector_run_roi(d, &im, roi, 2, b, RC_MAX_BLOBS);
    }
    long seen = n_allocs;
    void *probe = malloc(16); /* the hook does count */
    long probe_seen = n_allocs - seen;
    free(probe);
    __sanitizer_install_malloc_and_free_hooks(NULL, NULL);
    CHECK(probe_seen == 1);
    printf("no-allocation check: 40 detector calls (%d blobs), %ld heap allocations\n", total,
           seen);
    CHECK(total > 40);
    CHECK(seen == 0);
    rc_detector_destroy(d);
    free(buf);
#else
    printf("no-allocation check needs the sanitizer build (ROMCAP_SANITIZE=ON): skipped\n");
#endif
}

int main(void)
{
    test_row_kernels();
    test_detector_twins();
    test_roi_union();
    test_no_allocation();
    return TEST_RESULT();
}
