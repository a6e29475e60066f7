/* test_source.c - rc_source over MJPEG AVI files, JPEG folders, cameras and scenes.
 *
 * Inputs are made here from known patterned frames (a bright square whose position
 * encodes the frame number), written with the OpenCV bridge's MJPEG writer or
 * rc_jpeg; what comes back is compared with those originals.
 */
#include "test_util.h"

#include "cv/cv_video.h"
#include "romcap/jpeg.h"
#include "romcap/log.h"
#include "romcap/source.h"
#include "romcap/synth.h"

#include <dirent.h>
#include <stdint.h>
#include <unistd.h>

enum { W = 320, H = 240, NF = 12 };

/* Frame k: horizontal luma ramp, chroma ramps, a bright 24x24 square at x = 20 + 16k. */
static void draw_frame(rc_image *im, int k)
{
    for (int y = 0; y < im->height; y++) {
        uint8_t *r = rc_image_row(im, 0, y);
        for (int x = 0; x < im->width; x++) {
            int sq = x >= 20 + 16 * k && x < 44 + 16 * k && y >= 100 && y < 124;
            r[x] = (uint8_t)(sq ? 230 : 40 + (x * 100) / im->width);
        }
    }
    for (int p = 1; p < 3; p++)
        for (int y = 0; y < rc_image_plane_height(im, p); y++) {
            uint8_t *r = rc_image_row(im, p, y);
            for (int x = 0; x < rc_image_plane_width(im, p); x++)
                r[x] = (uint8_t)(p == 1 ? 110 + x / 8 : 150 - y / 8);
        }
}

static double psnr(const rc_image *a, const rc_image *b, int p)
{
    double se = 0;
    long n = 0;
    for (int y = 0; y < rc_image_plane_height(a, p); y++) {
        const uint8_t *ra = rc_image_row(a, p, y), *rb = rc_image_row(b, p, y);
        for (int x = 0; x < rc_image_plane_width(a, p); x++, n++)
            se += (double)(ra[x] - rb[x]) * (ra[x] - rb[x]);
    }
    return se == 0 ? 99.0 : 10.0 * log10(255.0 * 255.0 * n / se);
}

/* Centre x of the bright square in a frame's luma (-1 if none). */
static double square_x(const rc_image *im)
{
    double sx = 0, n = 0;
    for (int y = 100; y < 124; y++)
        for (int x = 0; x < im->width; x++)
            if (rc_image_row(im, 0, y)[x] > 200) {
                sx += x;
                n++;
            }
    return n ? sx / n : -1;
}

static void write_avi(const char *path, int nf)
{
    rc_err err = {{0}};
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, W, H);
    rc_cv_writer *w = rc_cv_writer_open(path, W, H, 25.0, 95, &err);
    CHECK_MSG(w != NULL, "%s", err.msg);
    for (int k = 0; w && k < nf; k++) {
        draw_frame(&im, k);
        CHECK(rc_cv_writer_write(w, &im, &err) == RC_OK);
    }
    CHECK(rc_cv_writer_close(w, &err) == RC_OK);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    free(buf);
}

static void test_video(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/clip.avi", dir);
    write_avi(path, NF);
    rc_err err = {{0}};
    rc_source *s = rc_source_open(path, NULL, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (!s)
        return;
    rc_source_info in;
    rc_source_get_info(s, &in);
    CHECK(strcmp(in.kind, "video") == 0);
    CHECK(in.width == W && in.height == H);
    CHECK_NEAR(in.fps, 25.0, 1e-6);
    CHECK(in.n_frames == NF);
    CHECK(in.live == 0);
    rc_image ref;
    uint8_t *rb = rc_image_alloc(&ref, RC_PIX_I420, W, H);
    rc_frame f;
    int k = 0;
    double worst[3] = {99, 99, 99};
    rc_status st;
    while ((st = rc_source_read(s, &f)) == RC_OK) {
        CHECK(f.index == k);
        CHECK(f.jpeg != NULL && f.jpeg_bytes > 100); /* the raw-packet path */
        CHECK(f.jpeg && f.jpeg[0] == 0xFF && f.jpeg[1] == 0xD8);
        CHECK(f.truth == NULL);
        CHECK(f.t_ns == (int64_t)k * 40000000);
        CHECK(f.image.fmt == RC_PIX_I420 && f.image.width == W);
        draw_frame(&ref, k);
        for (int p = 0; p < 3; p++) {
            double q = psnr(&ref, &f.image, p);
            worst[p] = q < worst[p] ? q : worst[p];
        }
        CHECK_NEAR(square_x(&f.image), 20 + 16 * k + 11.5, 1.0);
        k++;
    }
    CHECK(st == RC_E_EOF);
    CHECK(k == NF);
    CHECK_MSG(rc_source_last_error(s)[0] == '\0', "%s", rc_source_last_error(s));
    printf("MJPEG AVI via raw packets: %d frames, worst PSNR Y %.1f U %.1f V %.1f dB\n", k,
           worst[0], worst[1], worst[2]);
    CHECK(worst[0] > 35 && worst[1] > 35 && worst[2] > 35);
    CHECK(rc_source_read(s, &f) == RC_E_EOF); /* stays at the end */
    rc_source_close(s);

    /* The bridge without raw packets: OpenCV decodes to BGR, positions from OpenCV. */
    rc_cv_video *v = rc_cv_video_open_file(path, 0, &err);
    CHECK(v != NULL);
    if (v) {
        rc_cv_video_info ci;
        rc_cv_video_get_info(v, &ci);
        CHECK(ci.raw == 0 && strcmp(ci.fourcc, "MJPG") == 0);
        rc_cv_packet pk;
        int n = 0;
        while (rc_cv_video_read(v, &pk, &err) == RC_OK) {
            CHECK(pk.bytes == NULL && pk.bgr.fmt == RC_PIX_BGR8 && pk.bgr.width == W);
            CHECK_NEAR(pk.pos_ms, 40.0 * n, 0.5);
            n++;
        }
        CHECK(n == NF);
        rc_cv_video_close(v);
    }

    /* Truncated copies: never a crash; frames before the cut still come out. */
    FILE *fp = fopen(path, "rb");
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    uint8_t *all = malloc((size_t)size);
    CHECK(fread(all, 1, (size_t)size, fp) == (size_t)size);
    fclose(fp);
    double cuts[] = {0.02, 0.3, 0.55, 0.8, 0.97};
    for (int c = 0; c < 5; c++) {
        char tp[600];
        snprintf(tp, sizeof tp, "%s/cut%d.avi", dir, c);
        fp = fopen(tp, "wb");
        fwrite(all, 1, (size_t)(size * cuts[c]), fp);
        fclose(fp);
        rc_source *t = rc_source_open(tp, NULL, &err);
        if (!t) {
            printf("cut at %.0f%%: open refused: %s\n", 100 * cuts[c], err.msg);
            CHECK_STR_CONTAINS(err.msg, "not a readable video");
            continue;
        }
        int good = 0, bad = 0, guard = 0;
        while (guard++ < 100) {
            st = rc_source_read(t, &f);
            if (st == RC_OK)
                good++;
            else if (st == RC_E_DECODE)
                bad++;
            else
                break;
        }
        printf("cut at %.0f%%: %d good, %d corrupt, end status %d: \"%s\"\n", 100 * cuts[c], good,
               bad, st, rc_source_last_error(t));
        CHECK(st == RC_E_EOF);
        CHECK(good <= NF);
        if (cuts[c] >= 0.55)
            CHECK(good >= 4);
        rc_source_close(t);
    }
    free(all);
    free(rb);
}

static void write_jpeg(rc_jpeg *j, const char *dir, const char *name, const rc_image *im)
{
    const uint8_t *jp;
    size_t n;
    CHECK(rc_jpeg_encode(j, im, 92, &jp, &n) == RC_OK);
    char p[600];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *fp = fopen(p, "wb");
    fwrite(jp, 1, n, fp);
    fclose(fp);
}

static void test_folder(const char *dir)
{
    char d1[512], d2[512];
    snprintf(d1, sizeof d1, "%s/seq", dir);
    snprintf(d2, sizeof d2, "%s/bad", dir);
    mkdir(d1, 0700);
    mkdir(d2, 0700);
    rc_err err = {{0}};
    rc_jpeg *j = rc_jpeg_create(&err);
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, W, H);
    /* Natural order: frame_1, frame_2, frame_03, frame_10 = squares 0, 1, 2, 3. */
    const char *names[] = {"frame_10.jpg", "frame_2.jpg", "frame_03.JPEG", "frame_1.jpg"};
    const int sq[] = {3, 1, 2, 0};
    for (int i = 0; i < 4; i++) {
        draw_frame(&im, sq[i]);
        write_jpeg(j, d1, names[i], &im);
    }
    char other[600];
    snprintf(other, sizeof other, "%s/notes.txt", d1);
    FILE *fp = fopen(other, "w");
    fputs("not an image\n", fp);
    fclose(fp);

    char uri[600];
    snprintf(uri, sizeof uri, "%s?fps=10", d1);
    rc_source *s = rc_source_open(uri, NULL, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (s) {
        rc_source_info in;
        rc_source_get_info(s, &in);
        CHECK(strcmp(in.kind, "jpeg-folder") == 0 && in.n_frames == 4 && in.fps == 10);
        CHECK(in.width == W && in.height == H);
        rc_frame f;
        for (int k = 0; k < 4; k++) {
            CHECK(rc_source_read(s, &f) == RC_OK);
            CHECK(f.index == k && f.t_ns == (int64_t)k * 100000000);
            CHECK(f.jpeg != NULL && f.jpeg[0] == 0xFF);
            CHECK_NEAR(square_x(&f.image), 20 + 16 * k + 11.5, 1.0);
        }
        CHECK(rc_source_read(s, &f) == RC_E_EOF);
        rc_source_close(s);
    }
    s = rc_source_open(d1, NULL, &err); /* default 30 fps */
    if (s) {
        rc_source_info in;
        rc_source_get_info(s, &in);
        CHECK(in.fps == 30);
        rc_source_close(s);
    }

    /* a.jpg good, b.jpg truncated, c.jpg other size, d.jpg good. */
    draw_frame(&im, 0);
    write_jpeg(j, d2, "a.jpg", &im);
    write_jpeg(j, d2, "d.jpg", &im);
    const uint8_t *jp;
    size_t n;
    rc_jpeg_encode(j, &im, 92, &jp, &n);
    char p[600];
    snprintf(p, sizeof p, "%s/b.jpg", d2);
    fp = fopen(p, "wb");
    fwrite(jp, 1, n / 2, fp);
    fclose(fp);
    rc_image sm;
    uint8_t *bsm = rc_image_alloc(&sm, RC_PIX_I420, 64, 48);
    memset(bsm, 100, rc_image_bytes(RC_PIX_I420, 64, 48));
    write_jpeg(j, d2, "c.jpg", &sm);
    s = rc_source_open(d2, NULL, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (s) {
        rc_frame f;
        CHECK(rc_source_read(s, &f) == RC_OK && f.index == 0);
        CHECK(rc_source_read(s, &f) == RC_E_DECODE);
        CHECK_STR_CONTAINS(rc_source_last_error(s), "b.jpg");
        printf("corrupt file: \"%s\"\n", rc_source_last_error(s));
        CHECK(rc_source_read(s, &f) == RC_E_DECODE);
        CHECK_STR_CONTAINS(rc_source_last_error(s), "c.jpg");
        printf("other size: \"%s\"\n", rc_source_last_error(s));
        CHECK(rc_source_read(s, &f) == RC_OK && f.index == 3);
        CHECK(rc_source_read(s, &f) == RC_E_EOF);
        rc_source_close(s);
    }
    free(bsm);
    free(buf);
    rc_jpeg_destroy(j);
}

static void test_errors(const char *dir)
{
    rc_err err = {{0}};
    char p[600];
    snprintf(p, sizeof p, "%s/nope.avi", dir);
    CHECK(rc_source_open(p, NULL, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "no such file: ");
    CHECK_STR_CONTAINS(err.msg, "nope.avi");
    snprintf(p, sizeof p, "%s/no_folder/", dir);
    CHECK(rc_source_open(p, NULL, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "no such file: ");
    CHECK(rc_source_open("ftp:server/x.avi", NULL, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "unknown source type 'ftp:'");
    CHECK(rc_source_open("", NULL, &err) == NULL);
    snprintf(p, sizeof p, "%s/text.avi", dir);
    FILE *fp = fopen(p, "w");
    fputs("this is not a video at all\n", fp);
    fclose(fp);
    CHECK(rc_source_open(p, NULL, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "not a readable video");
    printf("text file: \"%s\"\n", err.msg);
    snprintf(p, sizeof p, "%s/empty_dir", dir);
    mkdir(p, 0700);
    CHECK(rc_source_open(p, NULL, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "no JPEG images");

    int64_t t0 = rc_clock_ns();
    CHECK(rc_source_open("camera:7", NULL, &err) == NULL);
    double secs = (double)(rc_clock_ns() - t0) / 1e9;
    printf("camera:7: \"%s\" after %.3f s\n", err.msg, secs);
    if (test_path_exists("/dev/video7")) {
        printf("note: /dev/video7 exists here, not-found check skipped\n");
    } else {
        CHECK_STR_CONTAINS(err.msg, "camera:7: no camera found (");
        CHECK(secs < 1.0);
    }
    CHECK(rc_source_open("camera:x", NULL, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "camera:N");
}

static void test_synthetic(void)
{
    rc_err err = {{0}};
    rc_source *s = rc_source_open("synthetic:knee_flexion?size=320x240&seconds=0.5", NULL, &err);
    if (!s && strstr(err.msg, "not built")) {
        printf("SKIP (synthetic part): %s\n", err.msg);
        return;
    }
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (!s)
        return;
    rc_source_info in;
    rc_source_get_info(s, &in);
    CHECK(strcmp(in.kind, "synthetic") == 0 && in.width == 320 && in.height == 240);
    CHECK(in.fps > 0 && llabs(in.n_frames - (int64_t)(in.fps * 0.5 + 0.5)) <= 1);
    rc_frame f;
    int k = 0;
    while (rc_source_read(s, &f) == RC_OK) {
        CHECK(f.truth != NULL && f.truth->n_markers > 0);
        CHECK(f.index == k && f.jpeg == NULL);
        CHECK_NEAR((double)f.t_ns, k * 1e9 / in.fps, 1.0);
        k++;
    }
    CHECK(k == in.n_frames);
    rc_source_close(s);
    CHECK(rc_source_open("synthetic:no_such_scene", NULL, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "no_such_scene");
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char p[1024];
            snprintf(p, sizeof p, "%s/%s", path, e->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(p);
            else
                unlink(p);
        }
        closedir(d);
    }
    rmdir(path);
}

/* cache=K&frames=N: K frames spread over the scene, rendered once, played back and
 * forth for N frames, each with its JPEG bytes. Checked against rc_synth itself. */
static void test_synthetic_cache(void)
{
    rc_err err = {{0}};
    rc_source *s = rc_source_open(
        "synthetic:knee_flexion?size=160x120&fps=30&seconds=1&cache=4&frames=20&jpeg=80", NULL,
        &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    rc_synth_options o = rc_synth_options_default();
    o.width = 160, o.height = 120, o.fps = 30, o.seconds = 1;
    rc_synth *ref = rc_synth_create("knee_flexion", &o, &err);
    CHECK_MSG(ref != NULL && rc_synth_frame_count(ref) == 30, "%s", err.msg);
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, 160, 120);
    rc_truth truth;
    if (!s || !ref || !buf) {
        rc_source_close(s);
        rc_synth_destroy(ref);
        free(buf);
        return;
    }
    rc_source_info in;
    rc_source_get_info(s, &in);
    CHECK(in.n_frames == 20 && in.width == 160 && in.height == 120);
    /* Cached frames are scene frames 0, 9, 19, 29; played 0 1 2 3 2 1 0 1 ... */
    static const int order[6] = {0, 1, 2, 3, 2, 1};
    static const int scene_frame[4] = {0, 9, 19, 29};
    rc_frame f;
    int k = 0;
    while (rc_source_read(s, &f) == RC_OK) {
        int at = scene_frame[order[k % 6]];
        CHECK(rc_synth_render(ref, at, &im, &truth) == RC_OK);
        CHECK(f.index == k);
        CHECK_NEAR((double)f.t_ns, k * 1e9 / 30.0, 1.0);
        CHECK(f.truth && fabs(f.truth->angle_deg[0] - truth.angle_deg[0]) < 1e-9);
        CHECK_MSG(!memcmp(rc_image_row(&f.image, 0, 60), rc_image_row(&im, 0, 60), 160),
                  "frame %d is not scene frame %d", k, at);
        CHECK(f.jpeg && f.jpeg_bytes > 100 && f.jpeg[0] == 0xFF && f.jpeg[1] == 0xD8);
        k++;
    }
    CHECK_MSG(k == 20, "%d frames", k);
    rc_source_close(s);
    rc_synth_destroy(ref);
    free(buf);
    CHECK(!rc_source_open("synthetic:knee_flexion?frames=5", NULL, &err));
    CHECK_STR_CONTAINS(err.msg, "option 'frames' needs 'cache'");
    CHECK(!rc_source_open("synthetic:knee_flexion?cache=0", NULL, &err));
    CHECK_STR_CONTAINS(err.msg, "option 'cache': expected an integer in 1..1000, got '0'");
    CHECK(!rc_source_open("synthetic:knee_flexion?cache=2&jpeg=101", NULL, &err));
    CHECK_STR_CONTAINS(err.msg, "option 'jpeg': expected an integer in 1..100");
}

int main(void)
{
    char dir[] = "/tmp/romcap_source_XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_video(dir);
    test_folder(dir);
    test_errors(dir);
    test_synthetic();
    test_synthetic_cache();
    rc_source_close(NULL);
    remove_tree(dir);
    return TEST_RESULT();
}
