/* test_detect.c - marker detection on synthetic I420 frames drawn here.
 *
 * Frames: a textured grey/brown background with a skin-coloured band, and
 * anti-aliased discs at known sub-pixel centres, rendered by 16x16 supersampling in
 * RGB, converted per sample to JFIF YCbCr and averaged (luma per pixel, chroma per
 * 2x2 block, as I420 is made). Truth is the analytic disc centre.
 */
#include "test_util.h"

#include <time.h>

#include "romcap/detect.h"
#include "romcap/image.h"
#include "romcap/jpeg.h"

enum { SS = 16, MAXD = 64 };

static const uint8_t PALETTE[5][3] = {
    {30, 170, 70}, {200, 40, 160}, {30, 80, 200}, {235, 200, 30}, {20, 170, 200}};
static const uint8_t WHITE[3] = {255, 255, 255};
static const uint8_t SKIN[3] = {224, 172, 140};

typedef struct disc {
    double x, y, r;
    uint8_t rgb[3];
} disc;

typedef struct scene {
    int w, h;
    double illum;         /* multiplies all RGB */
    double noise;         /* Gaussian sigma added to Y, Cb, Cr (8-bit units) */
    int skin_y0, skin_y1; /* skin band rows (none if equal) */
    int n;
    disc d[MAXD];
    unsigned long long seed;
} scene;

static void background_rgb(const scene *s, double x, double y, double rgb[3])
{
    if (y >= s->skin_y0 && y < s->skin_y1) {
        double shade = 0.9 + 0.1 * sin(0.05 * x) * cos(0.11 * y);
        for (int c = 0; c < 3; c++)
            rgb[c] = SKIN[c] * shade;
        return;
    }
    /* Grey on the left, brown on the right, with a smooth texture and fine grain. */
    double t = 0.5 + 0.5 * sin(0.013 * x + 0.4);
    double base[3] = {110 + 30 * t, 105 + 10 * t, 100 - 20 * t};
    double tex = 18 * sin(0.09 * x) * cos(0.07 * y) + 8 * sin(0.31 * x + 0.23 * y);
    for (int c = 0; c < 3; c++)
        rgb[c] = base[c] + tex;
}

static uint8_t clamp8(double v)
{
    return v <= 0 ? 0 : v >= 255 ? 255 : (uint8_t)(v + 0.5);
}

/* Renders `s` into a packed I420 buffer (caller frees). */
static uint8_t *render(const scene *s, rc_image *im)
{
    uint8_t *buf = rc_image_alloc(im, RC_PIX_I420, s->w, s->h);
    if (!buf)
        return NULL;
    int w2 = (s->w + 1) / 2, h2 = (s->h + 1) / 2;
    float *Y = malloc(sizeof(float) * s->w * s->h);
    float *Cb = calloc((size_t)w2 * h2, sizeof(float));
    float *Cr = calloc((size_t)w2 * h2, sizeof(float));
    int *cnt = calloc((size_t)w2 * h2, sizeof(int));
    unsigned long long seed = s->seed ? s->seed : 12345;
    int *owner = malloc(sizeof(int) * s->w * s->h); /* disc whose box covers a pixel */
    for (int k = 0; k < s->w * s->h; k++)
        owner[k] = -1;
    for (int k = 0; k < s->n; k++) {
        const disc *d = &s->d[k];
        for (int y = (int)(d->y - d->r - 1); y <= (int)(d->y + d->r + 2); y++)
            for (int x = (int)(d->x - d->r - 1); x <= (int)(d->x + d->r + 2); x++)
                if (x >= 0 && y >= 0 && x < s->w && y < s->h)
                    owner[y * s->w + x] = k;
    }
    for (int y = 0; y < s->h; y++) {
        for (int x = 0; x < s->w; x++) {
            double acc[3] = {0, 0, 0};
            int near = owner[y * s->w + x];
            /* Coverage by 16x16 supersampling; the pixel is the area-weighted mix of
             * the disc colour and the background (both lit, then clamped, as a
             * camera would), mixed in YCbCr, which is linear in RGB. */
            int inside = 0, ss = near >= 0 ? SS : 1;
            for (int sy = 0; near >= 0 && sy < ss; sy++)
                for (int sx = 0; sx < ss; sx++) {
                    const disc *d = &s->d[near];
                    double px = x - 0.5 + (sx + 0.5) / ss, py = y - 0.5 + (sy + 0.5) / ss;
                    double dx = px - d->x, dy = py - d->y;
                    inside += dx * dx + dy * dy < d->r * d->r;
                }
            double cov = near >= 0 ? (double)inside / (ss * ss) : 0.0, rgb[3];
            float yb, cbb, crb, yd = 0, cbd = 0, crd = 0;
            uint8_t q[3];
            background_rgb(s, x, y, rgb);
            for (int c = 0; c < 3; c++)
                q[c] = clamp8(rgb[c] * s->illum);
            rc_rgb_to_ycbcr(q, &yb, &cbb, &crb);
            if (near >= 0) {
                for (int c = 0; c < 3; c++)
                    q[c] = clamp8(s->d[near].rgb[c] * s->illum);
                rc_rgb_to_ycbcr(q, &yd, &cbd, &crd);
            }
            acc[0] = cov * yd + (1 - cov) * yb;
            acc[1] = cov * cbd + (1 - cov) * cbb;
            acc[2] = cov * crd + (1 - cov) * crb;
            ss = 1;
            double inv = 1.0 / (ss * ss);
            Y[y * s->w + x] = (float)(acc[0] * inv);
            Cb[(y / 2) * w2 + x / 2] += (float)(acc[1] * inv);
            Cr[(y / 2) * w2 + x / 2] += (float)(acc[2] * inv);
            cnt[(y / 2) * w2 + x / 2]++;
        }
    }
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++)
            rc_image_row(im, 0, y)[x] = clamp8(Y[y * s->w + x] + s->noise * test_randn(&seed));
    for (int j = 0; j < h2; j++)
        for (int i = 0; i < w2; i++) {
            int k = j * w2 + i;
            rc_image_row(im, 1, j)[i] = clamp8(Cb[k] / cnt[k] + s->noise * test_randn(&seed));
            rc_image_row(im, 2, j)[i] = clamp8(Cr[k] / cnt[k] + s->noise * test_randn(&seed));
        }
    free(owner);
    free(Y);
    free(Cb);
    free(Cr);
    free(cnt);
    return buf;
}

static rc_detect_config palette_config(int w, int h)
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
    memcpy(c.cls[5].rgb, WHITE, 3);
    return c;
}

/* Class of disc colour rgb in palette_config (5 = white). */
static int class_of(const uint8_t rgb[3])
{
    for (int k = 0; k < 5; k++)
        if (!memcmp(rgb, PALETTE[k], 3))
            return k;
    return 5;
}

/* Matches blobs to discs (nearest within 3 px). Returns the number of discs found
 * with the right class; accumulates centroid errors; counts extra blobs. */
static int match(const scene *s, const rc_blob *b, int nb, double *err_sum, double *err_max,
                 int *extra)
{
    int found = 0, used[RC_MAX_BLOBS] = {0};
    for (int k = 0; k < s->n; k++) {
        int best = -1;
        double bd = 3.0;
        for (int i = 0; i < nb; i++) {
            double e = hypot(b[i].x_px - s->d[k].x, b[i].y_px - s->d[k].y);
            if (e < bd) {
                bd = e;
                best = i;
            }
        }
        if (best < 0) {
            fprintf(stderr, "  disc %d (%.2f,%.2f) r=%.1f not found\n", k, s->d[k].x, s->d[k].y,
                    s->d[k].r);
            continue;
        }
        used[best] = 1;
        if (b[best].cls != class_of(s->d[k].rgb)) {
            fprintf(stderr, "  disc %d: class %d, expected %d\n", k, b[best].cls,
                    class_of(s->d[k].rgb));
            continue;
        }
        found++;
        if (getenv("DT_DEBUG") && bd > 0.1)
            fprintf(stderr,
                    "  big err %.3f cls %d r %.0f at (%.2f,%.2f) got (%.2f,%.2f) area %.1f\n", bd,
                    b[best].cls, s->d[k].r, s->d[k].x, s->d[k].y, b[best].x_px, b[best].y_px,
                    b[best].area_px);
        if (err_sum)
            *err_sum += bd;
        if (err_max && bd > *err_max)
            *err_max = bd;
    }
    if (extra) {
        *extra = 0;
        for (int i = 0; i < nb; i++)
            if (!used[i]) {
                (*extra)++;
                fprintf(stderr, "  extra blob cls %d at (%.1f,%.1f) area %.1f fill %.2f\n",
                        b[i].cls, b[i].x_px, b[i].y_px, b[i].area_px, b[i].fill);
            }
    }
    return found;
}

/* Lays out a grid of discs of radius r with random sub-pixel offsets, cycling
 * through the palette and white (the skin band stays clear). */
static void layout(scene *s, double r, unsigned long long *seed, int with_white)
{
    s->n = 0;
    int ncol = with_white ? 6 : 5, k = 0;
    double step = 2 * r + 14;
    for (double y = r + 6; y + r + 6 < s->h; y += step) {
        if (y + r + 4 > s->skin_y0 && y - r - 4 < s->skin_y1)
            continue;
        for (double x = r + 6; x + r + 6 < s->w && s->n < MAXD; x += step) {
            disc *d = &s->d[s->n++];
            d->x = x + test_rand01(seed);
            d->y = y + test_rand01(seed);
            d->r = r;
            memcpy(d->rgb, k % ncol == 5 ? WHITE : PALETTE[k % ncol], 3);
            k++;
        }
    }
}

static scene base_scene(int w, int h)
{
    scene s;
    memset(&s, 0, sizeof s);
    s.w = w;
    s.h = h;
    s.illum = 1.0;
    s.skin_y0 = h / 2 - 20;
    s.skin_y1 = h / 2 + 20;
    return s;
}

/* Round trip through a JPEG at `quality` (4:2:0, as cameras record MJPEG). */
static void jpeg_round_trip(rc_image *im, int quality)
{
    rc_jpeg *j = rc_jpeg_create(NULL);
    const uint8_t *bytes = NULL;
    size_t n = 0;
    CHECK(j != NULL);
    if (!j)
        return;
    CHECK(rc_jpeg_encode(j, im, quality, &bytes, &n) == RC_OK);
    CHECK(n > 0 && rc_jpeg_decode_i420(j, bytes, n, im) == RC_OK);
    rc_jpeg_destroy(j);
}

/* Centroid accuracy against the exact disc centres: noise-free, noise sigma 3, and
 * noise sigma 3 after a quality-75 JPEG round trip. */
static void test_accuracy(void)
{
    static rc_blob b[RC_MAX_BLOBS];
    const double radii[3] = {5, 8, 12};
    const char *what[3] = {"clean", "noise 3", "noise 3 + JPEG q75"};
    unsigned long long seed = 99;
    for (int ni = 0; ni < 3; ni++) {
        for (int ri = 0; ri < 3; ri++) {
            scene s = base_scene(320, 240);
            s.noise = ni ? 3.0 : 0.0;
            s.seed = 1000 + ri;
            double sum = 0, mx = 0;
            int total = 0, found = 0, extra_all = 0;
            for (int rep = 0; rep < 2; rep++) {
                layout(&s, radii[ri], &seed, 1);
                rc_image im;
                uint8_t *buf = render(&s, &im);
                if (ni == 2)
                    jpeg_round_trip(&im, 75);
                rc_detect_config cfg = palette_config(s.w, s.h);
                rc_detector *d = rc_detector_create(&cfg, NULL);
                CHECK(d != NULL);
                int n = rc_detector_run(d, &im, b, RC_MAX_BLOBS);
                int extra = 0;
                found += match(&s, b, n, &sum, &mx, &extra);
                extra_all += extra;
                total += s.n;
                rc_detector_destroy(d);
                free(buf);
                s.seed += 17;
            }
            double mean = found ? sum / found : 99;
            printf("radius %4.1f %-18s: %d/%d found, centroid error mean %.4f max %.4f px\n",
                   radii[ri], what[ni], found, total, mean, mx);
            CHECK(found == total);
            CHECK(extra_all == 0);
            /* Issue #3: mean <= 0.1 px clean, <= 0.25 px with noise and JPEG. */
            CHECK_MSG(mean <= (ni ? 0.25 : 0.1), "mean error %.4f", mean);
            CHECK_MSG(mx <= (ni == 0 ? 0.1 : ni == 1 ? 0.25 : 0.5), "max error %.4f", mx);
        }
    }
}

static void test_palette_illumination(void)
{
    static rc_blob b[RC_MAX_BLOBS];
    const double illum[3] = {1.0, 0.7, 1.3};
    unsigned long long seed = 7;
    for (int i = 0; i < 3; i++) {
        scene s = base_scene(320, 240);
        s.illum = illum[i];
        s.noise = 2.0;
        layout(&s, 8, &seed, 1);
        rc_image im;
        uint8_t *buf = render(&s, &im);
        rc_detect_config cfg = palette_config(s.w, s.h);
        rc_detector *d = rc_detector_create(&cfg, NULL);
        int n = rc_detector_run(d, &im, b, RC_MAX_BLOBS);
        int extra = 0;
        double sum = 0, mx = 0;
        int found = match(&s, b, n, &sum, &mx, &extra);
        printf("illumination %.1f: %d/%d discs with the right class, %d extra, max err %.3f\n",
               illum[i], found, s.n, extra, mx);
        CHECK(found == s.n);
        CHECK(extra == 0);
        /* Sorted by class, then by descending area. */
        for (int k = 1; k < n; k++)
            CHECK(b[k - 1].cls < b[k].cls ||
                  (b[k - 1].cls == b[k].cls && b[k - 1].area_px >= b[k].area_px));
        for (int k = 0; k < n; k++)
            CHECK(b[k].score > 0.3f && b[k].score <= 1.0f && b[k].fill > 0.5f);
        rc_detector_destroy(d);
        free(buf);
    }
}

static void test_background_only(void)
{
    static rc_blob b[RC_MAX_BLOBS];
    for (int i = 0; i < 3; i++) {
        scene s = base_scene(320, 240);
        s.noise = 3.0;
        s.illum = i == 0 ? 1.0 : i == 1 ? 0.7 : 1.3;
        s.skin_y0 = 40; /* a wide skin band */
        s.skin_y1 = 140;
        rc_image im;
        uint8_t *buf = render(&s, &im);
        rc_detect_config cfg = palette_config(s.w, s.h);
        rc_detector *d = rc_detector_create(&cfg, NULL);
        int n = rc_detector_run(d, &im, b, RC_MAX_BLOBS);
        CHECK_MSG(n == 0, "background + skin at illumination %.1f gave %d blobs", s.illum, n);
        for (int k = 0; k < n; k++)
            fprintf(stderr, "  spurious cls %d at (%.1f,%.1f) area %.1f\n", b[k].cls, b[k].x_px,
                    b[k].y_px, b[k].area_px);
        rc_detector_destroy(d);
        free(buf);
    }
}

static void test_bright_and_lines(void)
{
    static rc_blob b[RC_MAX_BLOBS];
    scene s = base_scene(320, 240);
    s.noise = 2.0;
    s.n = 3;
    const double pos[3][2] = {{60.3, 50.7}, {200.6, 70.2}, {150.45, 200.8}};
    for (int k = 0; k < 3; k++) {
        s.d[k].x = pos[k][0];
        s.d[k].y = pos[k][1];
        s.d[k].r = 6;
        memcpy(s.d[k].rgb, WHITE, 3);
    }
    rc_image im;
    uint8_t *buf = render(&s, &im);
    /* A thin white specular line: 2 px high, 60 px long. */
    for (int y = 150; y < 152; y++)
        memset(rc_image_row(&im, 0, y) + 40, 250, 60);
    for (int x = 20; x < 50; x++) /* and a 1-block wide vertical streak */
        rc_image_row(&im, 0, x + 40)[270] = 250, rc_image_row(&im, 0, x + 40)[271] = 250;
    rc_detect_config cfg = palette_config(s.w, s.h);
    rc_detector *d = rc_detector_create(&cfg, NULL);
    int n = rc_detector_run(d, &im, b, RC_MAX_BLOBS);
    int extra = 0;
    double sum = 0, mx = 0;
    int found = match(&s, b, n, &sum, &mx, &extra);
    printf("bright markers: %d/3 found, %d extra, centroid error mean %.4f max %.4f px\n", found,
           extra, found ? sum / found : 0, mx);
    CHECK(found == 3);
    CHECK(extra == 0);
    CHECK(mx < 0.25);
    rc_detector_destroy(d);

    /* A fixed threshold above the markers' luma finds nothing. */
    cfg.bright_threshold = 255;
    d = rc_detector_create(&cfg, NULL);
    CHECK(rc_detector_run(d, &im, b, RC_MAX_BLOBS) == 0);
    rc_detector_destroy(d);
    free(buf);
}

static void test_roi_and_errors(void)
{
    static rc_blob full[RC_MAX_BLOBS], part[RC_MAX_BLOBS];
    unsigned long long seed = 3;
    scene s = base_scene(320, 240);
    s.noise = 2.0;
    layout(&s, 7, &seed, 1);
    rc_image im;
    uint8_t *buf = render(&s, &im);
    rc_detect_config cfg = palette_config(s.w, s.h);
    rc_detector *d = rc_detector_create(&cfg, NULL);
    int nf = rc_detector_run(d, &im, full, RC_MAX_BLOBS);
    CHECK(nf == s.n);
    rc_rect roi[3];
    int pick[3] = {0, 4, 7};
    for (int k = 0; k < 3; k++) {
        const disc *dc = &s.d[pick[k]];
        roi[k] = (rc_rect){(int)(dc->x - 15), (int)(dc->y - 15), 31, 31};
    }
    int np = rc_detector_run_roi(d, &im, roi, 3, part, RC_MAX_BLOBS);
    CHECK(np == 3);
    for (int k = 0; k < np; k++) {
        int same = 0;
        for (int i = 0; i < nf; i++)
            if (fabs(full[i].x_px - part[k].x_px) < 1e-3 &&
                fabs(full[i].y_px - part[k].y_px) < 1e-3 && full[i].cls == part[k].cls)
                same = 1;
        CHECK_MSG(same, "ROI blob %d (%.2f,%.2f) not in the full-frame result", k, part[k].x_px,
                  part[k].y_px);
    }
    /* Clipped and empty rectangles are fine; a capacity limit truncates. */
    rc_rect odd[2] = {{-50, -50, 10, 10}, {300, 200, 500, 500}};
    CHECK(rc_detector_run_roi(d, &im, odd, 2, part, RC_MAX_BLOBS) >= 0);
    CHECK(rc_detector_run(d, &im, full, 2) == 2);
    CHECK(rc_detector_run(d, &im, NULL, 0) == 0);

    /* Wrong frame size or format: an error, no crash. */
    rc_image small;
    uint8_t *sb = rc_image_alloc(&small, RC_PIX_I420, 160, 120);
    CHECK(rc_detector_run(d, &small, full, RC_MAX_BLOBS) == RC_E_ARG);
    CHECK(rc_detector_run_roi(d, &small, roi, 1, full, RC_MAX_BLOBS) == RC_E_ARG);
    rc_image gray = im;
    gray.fmt = RC_PIX_GRAY8;
    CHECK(rc_detector_run(d, &gray, full, RC_MAX_BLOBS) == RC_E_ARG);
    CHECK(rc_detector_run(d, NULL, full, RC_MAX_BLOBS) == RC_E_ARG);
    CHECK(rc_detector_run_roi(d, &im, NULL, 2, full, RC_MAX_BLOBS) == RC_E_ARG);
    free(sb);
    rc_detector_destroy(d);
    free(buf);

    /* Bad configurations are refused with a message. */
    rc_err err = {{0}};
    rc_detect_config bad = palette_config(320, 240);
    bad.cls[1].rgb[0] = bad.cls[1].rgb[1] = bad.cls[1].rgb[2] = 128;
    CHECK(rc_detector_create(&bad, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "class 1");
    bad = palette_config(0, 240);
    CHECK(rc_detector_create(&bad, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "frame size");
    bad = palette_config(320, 240);
    bad.cls[0].tolerance = 2;
    CHECK(rc_detector_create(&bad, &err) == NULL);
    CHECK(rc_detector_create(NULL, &err) == NULL);
    rc_detector_destroy(NULL);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static void test_timing(void)
{
    static rc_blob b[RC_MAX_BLOBS];
    unsigned long long seed = 5;
    scene s = base_scene(1280, 720);
    s.noise = 2.0;
    s.skin_y0 = 300;
    s.skin_y1 = 420;
    layout(&s, 10, &seed, 1);
    s.n = 12; /* a realistic handful of markers */
    rc_image im;
    uint8_t *buf = render(&s, &im);
    rc_detect_config cfg = palette_config(s.w, s.h);
    rc_detector *d = rc_detector_create(&cfg, NULL);
    int n = rc_detector_run(d, &im, b, RC_MAX_BLOBS);
    CHECK(n == s.n);
    int reps = 10;
    double t0 = now_ms();
    for (int i = 0; i < reps; i++)
        n = rc_detector_run(d, &im, b, RC_MAX_BLOBS);
    double ms = (now_ms() - t0) / reps;
    printf("full-frame detection 1280x720, %d markers, 6 classes: %.2f ms/frame\n", n, ms);
    rc_detector_destroy(d);
    free(buf);
}

/* Colour learning: a sticker of a colour no palette has, and a distractor whose
 * normalised chroma is 0.31 |n| away (inside the default tolerance of 0.35 |n|).
 * Learnt from one frame at normal light, the class must find the sticker and only
 * it at 0.7x and 1.3x light. */
static void test_color_learn(void)
{
    static const uint8_t ORANGE[3] = {235, 120, 40}, DISTRACTOR[3] = {235, 95, 75};
    static rc_blob b[RC_MAX_BLOBS];
    scene s = base_scene(320, 240);
    s.noise = 2.0;
    s.n = 2;
    s.d[0] = (disc){90.3, 60.6, 9.0, {0}};
    s.d[1] = (disc){230.8, 170.2, 9.0, {0}};
    memcpy(s.d[0].rgb, ORANGE, 3);
    memcpy(s.d[1].rgb, DISTRACTOR, 3);
    rc_image im;
    uint8_t *buf = render(&s, &im);
    rc_color_class learnt;
    rc_color_learn_info info;
    rc_err err = {{0}};
    /* a click 3 px off centre */
    CHECK_MSG(rc_color_learn(&im, 92.5f, 58.9f, &learnt, &info, &err) == RC_OK, "%s", err.msg);
    float Y, Cb, Cr;
    rc_rgb_to_ycbcr(ORANGE, &Y, &Cb, &Cr);
    double tb = (Cb - 128) / Y, tr = (Cr - 128) / Y;
    printf("learnt: n (%.4f, %.4f) vs true (%.4f, %.4f), sd (%.4f, %.4f), %d blocks, area %.0f "
           "px, rgb %d,%d,%d\n",
           (double)learnt.mean[0], (double)learnt.mean[1], tb, tr, sqrt((double)learnt.cov[0]),
           sqrt((double)learnt.cov[2]), info.n_blocks, (double)info.area_px, learnt.rgb[0],
           learnt.rgb[1], learnt.rgb[2]);
    CHECK(learnt.learned == 1 && learnt.kind == RC_CLASS_COLOR);
    CHECK_NEAR(learnt.mean[0], tb, 0.01);
    CHECK_NEAR(learnt.mean[1], tr, 0.01);
    CHECK(learnt.cov[0] > 0 && learnt.cov[0] < 0.02 * 0.02);
    CHECK(learnt.cov[2] > 0 && learnt.cov[2] < 0.02 * 0.02);
    CHECK(info.n_blocks >= 30 && info.hit_limit == 0);
    CHECK_NEAR(info.area_px, 3.14159265 * 81, 0.25 * 3.14159265 * 81); /* the disc, give or take its rim */
    for (int c = 0; c < 3; c++)
        CHECK(abs(learnt.rgb[c] - ORANGE[c]) <= 10);
    free(buf);

    const double illum[3] = {0.7, 1.0, 1.3};
    for (int i = 0; i < 3; i++) {
        s.illum = illum[i];
        s.seed = 77 + (unsigned long long)i;
        buf = render(&s, &im);
        rc_detect_config cfg = {.width = s.w, .height = s.h, .n_classes = 1};
        cfg.cls[0] = learnt;
        rc_detector *d = rc_detector_create(&cfg, &err);
        CHECK_MSG(d != NULL, "%s", err.msg);
        int n = d ? rc_detector_run(d, &im, b, RC_MAX_BLOBS) : 0;
        int on_sticker = 0, elsewhere = 0;
        for (int k = 0; k < n; k++) {
            double e = hypot(b[k].x_px - s.d[0].x, b[k].y_px - s.d[0].y);
            if (e < 0.15)
                on_sticker++;
            else
                elsewhere++;
        }
        /* The nominal colour with the default tolerance takes the distractor too
         * (at 0.89 of the class from its centre, it is refused by the core rule
         * of issue 15, which drops a blob whose core is farther than 0.9, where
         * the light's clipping moves it further: 1.3x). */
        rc_detect_config nom = {.width = s.w, .height = s.h, .n_classes = 1};
        memcpy(nom.cls[0].rgb, ORANGE, 3);
        rc_detector *dn = rc_detector_create(&nom, NULL);
        int nn = dn ? rc_detector_run(dn, &im, b, RC_MAX_BLOBS) : 0;
        printf("illumination %.1f: learnt class %d on the sticker, %d elsewhere; nominal class %d "
               "blobs\n",
               illum[i], on_sticker, elsewhere, nn);
        CHECK(on_sticker == 1 && elsewhere == 0);
        CHECK(illum[i] > 1.0 ? nn >= 1 : nn == 2);
        rc_detector_destroy(d);
        rc_detector_destroy(dn);
        free(buf);
    }

    /* Clicks that cannot be learnt from. */
    s.illum = 1.0;
    buf = render(&s, &im);
    CHECK(rc_color_learn(&im, 316, 20, &learnt, NULL, &err) == RC_E_ARG); /* grey wall */
    CHECK_STR_CONTAINS(err.msg, "not on a coloured sticker");
    CHECK(rc_color_learn(&im, 400, 20, &learnt, NULL, &err) == RC_E_ARG);
    CHECK_STR_CONTAINS(err.msg, "outside the 320x240 frame");
    free(buf);
    /* A large coloured area (a shirt) is learnt but flagged. */
    s.n = 1;
    s.d[0] = (disc){160, 120, 100, {0}};
    memcpy(s.d[0].rgb, ORANGE, 3);
    buf = render(&s, &im);
    CHECK(rc_color_learn(&im, 160, 120, &learnt, &info, &err) == RC_OK);
    CHECK(info.hit_limit == 1);
    free(buf);
    /* A learnt class with an impossible covariance is refused at create. */
    rc_detect_config bad = {.width = 64, .height = 64, .n_classes = 1};
    bad.cls[0] = learnt;
    bad.cls[0].cov[1] = 1.0f; /* |cov| > sqrt(var var) */
    CHECK(rc_detector_create(&bad, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "not a valid mean and covariance");
}

int main(void)
{
    test_palette_illumination();
    test_background_only();
    test_bright_and_lines();
    test_roi_and_errors();
    test_accuracy();
    test_color_learn();
    test_timing();
    return TEST_RESULT();
}
