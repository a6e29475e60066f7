/* test_session.c - session folders: writer round trip (bytes, timestamps, metadata,
 * permissions), repair of a truncated / missing index and a truncated frames.mjpeg,
 * corrupt session.json, a file size limit mid-recording, queue overflow accounting,
 * the session as an rc_source, and the AVI remux read back by OpenCV. */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cv/cv_video.h"
#include "romcap/calib.h"
#include "romcap/files.h"
#include "romcap/jpeg.h"
#include "romcap/session.h"
#include "romcap/source.h"
#include "test_util.h"

enum { N = 40, W = 64, H = 48, MAXJ = 16384 };

static uint8_t jpegs[N][MAXJ];
static size_t jsize[N];

static void rm_rf(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

/* N distinct small JPEGs: a bright square moving across a gradient. */
static void make_jpegs(void)
{
    rc_err err = {{0}};
    rc_jpeg *j = rc_jpeg_create(&err);
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, W, H);
    for (int i = 0; i < N; i++) {
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                rc_image_row(&im, 0, y)[x] =
                    (uint8_t)((x >= i && x < i + 8 && y >= 10 && y < 18) ? 250 : x + 2 * y);
        memset(im.plane[1], 128, (size_t)im.stride_bytes[1] * (H / 2));
        memset(im.plane[2], 100 + i, (size_t)im.stride_bytes[2] * (H / 2));
        const uint8_t *out;
        size_t n;
        CHECK(rc_jpeg_encode(j, &im, 90, &out, &n) == RC_OK && n <= MAXJ);
        memcpy(jpegs[i], out, n);
        jsize[i] = n;
    }
    free(buf);
    rc_jpeg_destroy(j);
}

static rc_session_config config(void)
{
    rc_session_config c = {.software = "romcap test",
                           .model_name = "knee_flexion",
                           .model_json = "{\"name\": \"knee_flexion\"}",
                           .tag = "pre",
                           .subject = "S-07",
                           .test = "knee test",
                           .source_uri = "test",
                           .source_kind = "synthetic",
                           .width = W,
                           .height = H,
                           .fps = 30,
                           .jpeg_quality = 90};
    return c;
}

static int64_t t_of(int i)
{
    return 1000000000LL + (int64_t)i * 33333333LL;
}

static void record(const char *dir, int n, int queue)
{
    rc_err err = {{0}};
    rc_session_config c = config();
    c.queue_frames = queue;
    rc_session_writer *w = rc_session_writer_create(dir, &c, &err);
    CHECK_MSG(w != NULL, "%s", err.msg);
    if (!w)
        return;
    for (int i = 0; i < n; i++) {
        CHECK(rc_session_writer_push(w, jpegs[i], jsize[i], t_of(i), &err) == RC_OK);
        if (queue > 2) {
            struct timespec ts = {0, 2000000};
            nanosleep(&ts, NULL); /* let the writer keep up: no drops in this test */
        }
    }
    CHECK(rc_session_writer_close(w, "end of test", &err) == RC_OK);
}

static void path_of(char *buf, const char *dir, const char *name)
{
    int n = snprintf(buf, 4200, "%s/%s", dir, name);
    if (n < 0 || n >= 4200)
        abort(); /* test paths are short: a cut one is a test bug */
}

static int mode_of(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

/* Every frame of `s` equals the original bytes, for frames [0, n). exact_t: 1 the
 * recorded times, 0 the recorded times but the last frame's, -1 only the spacing (the
 * index was lost, so times restart at 0 at the nominal rate). */
static void check_frames(rc_session *s, int n, int exact_t)
{
    CHECK_MSG(rc_session_frame_count(s) == n, "count %lld, expected %d",
              (long long)rc_session_frame_count(s), n);
    static uint8_t buf[MAXJ];
    rc_err err = {{0}};
    for (int i = 0; i < n && i < rc_session_frame_count(s); i++) {
        size_t k = 0;
        CHECK(rc_session_read_jpeg(s, i, buf, sizeof buf, &k, &err) == RC_OK);
        CHECK_MSG(k == jsize[i] && !memcmp(buf, jpegs[i], k), "frame %d bytes differ", i);
        rc_session_frame f;
        rc_session_frame_get(s, i, &f);
        if (exact_t < 0)
            CHECK_NEAR((double)f.t_ns, (double)(t_of(i) - t_of(0)), 1000);
        else if (exact_t || i < n - 1)
            CHECK_NEAR((double)f.t_ns, (double)t_of(i), exact_t ? 0 : 1000);
    }
}

static void test_round_trip(const char *root)
{
    char dir[4200], p[4200];
    snprintf(dir, sizeof dir, "%s/a/b", root); /* parents are created too */
    record(dir, N, 16);
    CHECK(mode_of(dir) == 0700);
    path_of(p, dir, "frames.mjpeg");
    CHECK(mode_of(p) == 0600);
    path_of(p, dir, "frames.idx");
    CHECK(mode_of(p) == 0600);
    path_of(p, dir, "session.json");
    CHECK(mode_of(p) == 0600);
    rc_err err = {{0}};
    rc_session *s = rc_session_open(dir, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (!s)
        return;
    CHECK(rc_session_warning(s)[0] == '\0');
    const rc_session_meta *m = rc_session_get_meta(s);
    CHECK(!strcmp(m->tag, "pre") && !strcmp(m->subject, "S-07") && !strcmp(m->test, "knee test"));
    CHECK(!strcmp(m->state, "complete") && !strcmp(m->stop_reason, "end of test"));
    CHECK(m->width == W && m->height == H && m->jpeg_quality == 90);
    CHECK(m->created[0] == '2' && strlen(m->created) >= 19);
    check_frames(s, N, 1);
    CHECK_NEAR(rc_session_fps(s), 1e9 / 33333333.0, 1e-6);
    rc_session_close(s);
    /* A second recording into the same folder is refused. */
    rc_session_config c = config();
    CHECK(rc_session_writer_create(dir, &c, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "already holds a session");
    /* A session is a source: original bytes, index timestamps from the first frame. */
    rc_source *src = rc_source_open(dir, NULL, &err);
    CHECK_MSG(src != NULL, "%s", err.msg);
    if (src) {
        rc_source_info si;
        rc_source_get_info(src, &si);
        CHECK(!strcmp(si.kind, "session") && si.n_frames == N && si.width == W);
        rc_frame f;
        int i = 0;
        while (rc_source_read(src, &f) == RC_OK) {
            CHECK(f.index == i && f.jpeg_bytes == jsize[i] && !memcmp(f.jpeg, jpegs[i], jsize[i]));
            CHECK(f.t_ns == t_of(i) - t_of(0));
            /* The moving square's first bright column is i. */
            CHECK(rc_image_row(&f.image, 0, 14)[i + 3] > 200);
            i++;
        }
        CHECK(i == N);
        rc_source_close(src);
    }
}

/* Copies `from` session into `to`. */
static void copy_dir(const char *from, const char *to)
{
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -rp '%s' '%s'", to, from, to);
    CHECK(system(cmd) == 0);
}

static void test_repairs(const char *root)
{
    char good[4200], dir[4200], p[4200];
    snprintf(good, sizeof good, "%s/good", root);
    snprintf(dir, sizeof dir, "%s/damaged", root);
    record(good, N, 16);
    rc_err err = {{0}};

    /* Index cut in the middle of its last but one record: 38 records stay, two are
     * recovered by scanning (timestamps continued at the measured rate). */
    copy_dir(good, dir);
    path_of(p, dir, "frames.idx");
    CHECK(truncate(p, 8 + 24 * (N - 2) + 10) == 0);
    rc_session *s = rc_session_open(dir, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (s) {
        CHECK_STR_CONTAINS(rc_session_warning(s), "partial record");
        CHECK_STR_CONTAINS(rc_session_warning(s), "2 frames recovered");
        check_frames(s, N, 0);
        rc_session_frame f;
        rc_session_frame_get(s, N - 1, &f);
        CHECK_NEAR((double)f.t_ns, (double)t_of(N - 1), 1000);
        rc_session_close(s);
    }
    rc_session_repair_report rep;
    CHECK(rc_session_repair(dir, &rep, &err) == RC_OK);
    CHECK(rep.rewritten && rep.frames_indexed == N - 2 && rep.frames_found == 2);
    CHECK(rep.frames_total == N && rep.bytes_dropped == 0);
    s = rc_session_open(dir, &err);
    CHECK(s && rc_session_warning(s)[0] == '\0');
    rc_session_close(s);

    /* Index missing entirely. */
    copy_dir(good, dir);
    path_of(p, dir, "frames.idx");
    CHECK(unlink(p) == 0);
    s = rc_session_open(dir, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (s) {
        CHECK_STR_CONTAINS(rc_session_warning(s), "frames.idx missing");
        check_frames(s, N, -1);
        rc_session_close(s);
    }

    /* frames.mjpeg cut inside the last frame: that frame is gone, the rest stays; repair
     * cuts the incomplete tail. */
    copy_dir(good, dir);
    path_of(p, dir, "frames.mjpeg");
    struct stat st;
    stat(p, &st);
    CHECK(truncate(p, st.st_size - 100) == 0);
    s = rc_session_open(dir, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (s) {
        CHECK_STR_CONTAINS(rc_session_warning(s), "do not match");
        check_frames(s, N - 1, 1);
        rc_session_close(s);
    }
    CHECK(rc_session_repair(dir, &rep, &err) == RC_OK);
    CHECK(rep.rewritten && rep.frames_total == N - 1 &&
          rep.bytes_dropped == (int64_t)jsize[N - 1] - 100);
    stat(p, &st);
    size_t total = 0;
    for (int i = 0; i < N - 1; i++)
        total += jsize[i];
    CHECK((size_t)st.st_size == total);
    CHECK(rc_session_repair(dir, &rep, &err) == RC_OK && !rep.rewritten);

    /* Garbage in the index (a record pointing elsewhere) is dropped, frames rescanned. */
    copy_dir(good, dir);
    path_of(p, dir, "frames.idx");
    int fd = open(p, O_WRONLY);
    uint8_t junk[24] = {0x99, 0x99, 0x99, 0x99};
    CHECK(pwrite(fd, junk, sizeof junk, 8 + 24 * 10) == 24);
    close(fd);
    s = rc_session_open(dir, &err);
    CHECK(s != NULL);
    if (s) {
        check_frames(s, N, 0);
        rc_session_close(s);
    }

    /* Corrupt and foreign session.json: a clear error naming the file. */
    copy_dir(good, dir);
    path_of(p, dir, "session.json");
    FILE *f = fopen(p, "w");
    fputs("{\"format\": \"romcap-session\", \"format_ver", f);
    fclose(f);
    CHECK(rc_session_open(dir, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "session.json: corrupt JSON");
    f = fopen(p, "w");
    fputs("{\"format\": \"something-else\", \"format_version\": 1}", f);
    fclose(f);
    CHECK(rc_session_open(dir, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "not \"romcap-session\"");
    CHECK(rc_source_open(dir, NULL, &err) == NULL);

    /* No complete frame at all. */
    copy_dir(good, dir);
    path_of(p, dir, "frames.mjpeg");
    CHECK(truncate(p, 50) == 0);
    CHECK(rc_session_open(dir, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "no complete frame");
}

/* A JPEG carrying an APP1 segment with an embedded thumbnail (FFD8 ... FFD9 inside
 * the segment) must be taken whole when the index is rebuilt. */
static void test_embedded_thumbnail(const char *root)
{
    char dir[4200], p[4200];
    snprintf(dir, sizeof dir, "%s/thumb", root);
    static uint8_t big[3][MAXJ + 64];
    size_t n[3];
    for (int i = 0; i < 3; i++) {
        const uint8_t app1[] = {0xFF, 0xE1, 0x00, 0x0A, /* length 10 = 2 + 8 payload bytes */
                                0xFF, 0xD8, 0xFF, 0xD9, 0xFF, 0xD9, 0x00, 0x00};
        memcpy(big[i], jpegs[i], 2);
        memcpy(big[i] + 2, app1, sizeof app1);
        memcpy(big[i] + 2 + sizeof app1, jpegs[i] + 2, jsize[i] - 2);
        n[i] = jsize[i] + sizeof app1;
    }
    rc_err err = {{0}};
    rc_session_config c = config();
    rc_session_writer *w = rc_session_writer_create(dir, &c, &err);
    for (int i = 0; w && i < 3; i++)
        CHECK(rc_session_writer_push(w, big[i], n[i], t_of(i), &err) == RC_OK);
    CHECK(rc_session_writer_close(w, NULL, &err) == RC_OK);
    path_of(p, dir, "frames.idx");
    unlink(p);
    rc_session *s = rc_session_open(dir, &err);
    CHECK(s && rc_session_frame_count(s) == 3);
    for (int i = 0; s && i < 3; i++) {
        rc_session_frame f;
        rc_session_frame_get(s, i, &f);
        CHECK(f.size == n[i]);
    }
    rc_session_close(s);
}

/* A file size limit (like a full disk) in a child: recording stops cleanly with a
 * message, and everything written before stays readable without repair. */
static void test_size_limit(const char *root)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/limited", root);
    size_t limit = 20 * jsize[0] + jsize[0] / 2; /* room for ~20 frames */
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {limit, limit};
        setrlimit(RLIMIT_FSIZE, &rl);
        rc_err err = {{0}};
        rc_session_config c = config();
        rc_session_writer *w = rc_session_writer_create(dir, &c, &err);
        if (!w)
            _exit(10);
        int stopped = 0;
        for (int k = 0; k < 400 && !stopped; k++) {
            if (rc_session_writer_push(w, jpegs[k % N], jsize[k % N], t_of(k), &err) == RC_E_IO)
                stopped = 1;
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, NULL);
        }
        rc_status st = rc_session_writer_close(w, "end", &err);
        _exit(stopped && st == RC_E_IO && strstr(err.msg, "file size limit") ? 0 : 11);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", status);
    rc_err err = {{0}};
    rc_session *s = rc_session_open(dir, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (!s)
        return;
    int64_t n = rc_session_frame_count(s);
    CHECK_MSG(n >= 15 && n <= 21, "%lld frames kept", (long long)n);
    CHECK(rc_session_warning(s)[0] == '\0'); /* cut back cleanly: nothing to repair */
    CHECK_STR_CONTAINS(rc_session_get_meta(s)->stop_reason, "file size limit");
    check_frames(s, (int)n, 1);
    rc_session_close(s);
}

/* Pushing faster than a 2-buffer queue drains: every frame is either written or
 * counted as dropped, and push never blocks. */
static void test_queue_overflow(const char *root)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/overflow", root);
    rc_err err = {{0}};
    rc_session_config c = config();
    c.queue_frames = 2;
    rc_session_writer *w = rc_session_writer_create(dir, &c, &err);
    CHECK(w != NULL);
    if (!w)
        return;
    for (int k = 0; k < 400; k++)
        CHECK(rc_session_writer_push(w, jpegs[k % N], jsize[k % N], t_of(k), &err) == RC_OK);
    rc_session_writer_stats st;
    rc_session_writer_get_stats(w, &st);
    CHECK(rc_session_writer_close(w, NULL, &err) == RC_OK);
    rc_session *s = rc_session_open(dir, &err);
    CHECK(s != NULL);
    if (s) {
        CHECK_MSG(rc_session_frame_count(s) + rc_session_get_meta(s)->frames_dropped == 400,
                  "%lld written + %lld dropped", (long long)rc_session_frame_count(s),
                  (long long)rc_session_get_meta(s)->frames_dropped);
        rc_session_close(s);
    }
}

/* The AVI remux: OpenCV reads back exactly the stored JPEG packets, at the rate. */
static void test_avi(const char *root)
{
    char dir[4200], avi[4200];
    snprintf(dir, sizeof dir, "%s/good", root);
    snprintf(avi, sizeof avi, "%s/out.avi", root);
    rc_err err = {{0}};
    rc_session *s = rc_session_open(dir, &err);
    CHECK(s && rc_session_export_avi(s, avi, &err) == RC_OK);
    rc_session_close(s);
    CHECK(mode_of(avi) == 0600);
    rc_cv_video *v = rc_cv_video_open_file(avi, 1, &err);
    CHECK_MSG(v != NULL, "%s", err.msg);
    if (!v)
        return;
    rc_cv_video_info vi;
    rc_cv_video_get_info(v, &vi);
    CHECK(vi.width == W && vi.height == H && vi.raw == 1);
    CHECK_NEAR(vi.fps, 30.0, 0.01);
    CHECK(vi.n_frames == N);
    rc_cv_packet pk;
    int i = 0;
    while (rc_cv_video_read(v, &pk, &err) == RC_OK) {
        CHECK_MSG(i < N && pk.n_bytes == jsize[i] && !memcmp(pk.bytes, jpegs[i], jsize[i]),
                  "packet %d differs", i);
        i++;
    }
    CHECK(i == N);
    rc_cv_video_close(v);
}

/* A session describes itself: the mirror flag and the calibration's own text come
 * back from session.json (the calibration file may be gone by then). */
static void test_self_describing(const char *root)
{
    char dir[4200], cal[4200];
    path_of(dir, root, "selfdesc");
    path_of(cal, root, "cal.yml");
    rc_calib a;
    rc_calib_init(&a, W, H);
    a.camera_matrix[0] = a.camera_matrix[4] = 500.25;
    a.camera_matrix[2] = W / 2.0;
    a.camera_matrix[5] = H / 2.0;
    a.dist[0] = -0.125;
    a.mm_per_px = 0.75;
    a.parts = RC_CALIB_LENS | RC_CALIB_SCALE;
    rc_err err = {{0}};
    CHECK(rc_calib_save(&a, cal, &err) == RC_OK);
    char *text = NULL;
    CHECK(rc_read_text(cal, 1 << 20, &text, NULL, &err) == RC_OK);
    rc_session_config c = config();
    c.calib_path = cal;
    c.calib_text = text;
    c.mirror = 1;
    c.mirror_source = "given";
    rc_session_writer *w = rc_session_writer_create(dir, &c, &err);
    CHECK_MSG(w != NULL, "%s", err.msg);
    if (w) {
        CHECK(rc_session_writer_push(w, jpegs[0], jsize[0], t_of(0), &err) == RC_OK);
        CHECK(rc_session_writer_close(w, "end of test", &err) == RC_OK);
    }
    free(text);
    unlink(cal); /* the session must not need the file any more */
    rc_session *s = rc_session_open(dir, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (!s)
        return;
    const rc_session_meta *m = rc_session_get_meta(s);
    CHECK(m->mirror == 1 && !strcmp(m->mirror_source, "given") && m->has_calib == 1);
    rc_calib b;
    CHECK_MSG(rc_session_calib(s, &b, &err) == RC_OK, "%s", err.msg);
    CHECK(b.parts == a.parts && b.camera_matrix[0] == 500.25 && b.dist[0] == -0.125 &&
          b.mm_per_px == 0.75);
    rc_session_close(s);

    /* Recorded without either: mirror 0, no calibration (a clear "not stored"). */
    path_of(dir, root, "selfdesc2");
    c = config();
    w = rc_session_writer_create(dir, &c, &err);
    if (w) {
        CHECK(rc_session_writer_push(w, jpegs[0], jsize[0], t_of(0), &err) == RC_OK);
        CHECK(rc_session_writer_close(w, "end of test", &err) == RC_OK);
    }
    s = rc_session_open(dir, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (!s)
        return;
    m = rc_session_get_meta(s);
    CHECK(m->mirror == 0 && m->has_calib == 0 && m->mirror_source[0] == '\0');
    CHECK(rc_session_calib(s, &b, &err) == RC_E_NOT_FOUND);
    CHECK_STR_CONTAINS(err.msg, "no calibration stored");
    rc_session_close(s);
}

int main(void)
{
    char root[] = "/tmp/romcap_test_session_XXXXXX";
    if (!mkdtemp(root))
        TEST_SKIP("cannot create a temporary folder");
    make_jpegs();
    test_round_trip(root);
    test_repairs(root);
    test_embedded_thumbnail(root);
    test_size_limit(root);
    test_queue_overflow(root);
    test_avi(root);
    test_self_describing(root);
    rm_rf(root);
    return TEST_RESULT();
}
