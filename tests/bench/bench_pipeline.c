/* bench_pipeline.c - offline analysis and start-up speed against the JPEG decoder
 * alone, in one run (issue 18).
 *
 * Writes an MJPEG AVI of the knee_flexion scene (through the OpenCV bridge writer)
 * and a one-frame AVI of it into a temporary folder, then, pass after pass:
 *   (a) decode only: the AVI's JPEG packets, loaded into memory beforehand, decoded
 *       to I420 by one TurboJPEG codec on one thread (the floor the issue measures
 *       against);
 *   (b) `romcap analyse` on one thread: rc_analysis_run, the command's whole path
 *       (open, colour self-check, read, decode, detect, track, gap fill, the result
 *       files), --threads 1;
 *   (c) the same with --threads 2 (reading on the capture thread, decoding on two
 *       workers); its angles.csv and tracks.csv must equal (b)'s byte for byte;
 *   (d), (e) (b) and (c) on a recorded session holding the same JPEG packets
 *       (frames.mjpeg, read without OpenCV: the pipeline without the AVI demuxer).
 * Then start-up: the built romcap binary spawned on the one-frame AVI
 * (`romcap analyse one.avi --model knee_flexion --out DIR --no-progress`), wall time
 * of the whole child, against spawning /bin/true (what any process costs).
 *
 * Ratios are speeds: decode-only time / analyse time over the same frames, so 1.6
 * means analyse ran 1.6x as fast as one decoder. A shared machine inflates wall
 * times at random, so every figure is the best and the median of the passes (the
 * measurements interleaved, so a burst of load hits them alike), with the CPU time
 * of all threads beside it (not inflated by load, but blind to parallelism) and
 * the load average when the run started.
 * Usage: bench_pipeline [WxH] [frames] [passes] [spawns]   (defaults 1920x1080 240 5 10)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cv/cv_video.h"
#include "romcap/analysis.h"
#include "romcap/jpeg.h"
#include "romcap/model.h"
#include "romcap/session.h"
#include "romcap/synth.h"

extern char **environ;

enum { MAX_PASSES = 64 };

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static double cpu_ms(void) /* every thread of the process */
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "bench_pipeline: %s: %s\n", what, msg);
    exit(1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Best (smallest) and median of v[0..n), sorted in place. */
static void best_median(double *v, int n, double *best, double *median)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    *best = v[0];
    *median = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

static void rm_tree(const char *dir)
{
    nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* Writes `n` frames of the scene as an MJPEG AVI (quality 85). */
static void write_avi(const char *path, int w, int h, int n)
{
    rc_err err = {{0}};
    rc_synth_options o = rc_synth_options_default();
    o.width = w;
    o.height = h;
    o.noise_sigma = 2.0;
    rc_synth *s = rc_synth_create("knee_flexion", &o, &err);
    if (!s)
        die("synth", err.msg);
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, w, h);
    rc_cv_writer *wr = rc_cv_writer_open(path, w, h, o.fps, 85, &err);
    if (!wr || !buf)
        die(path, err.msg);
    int64_t nf = rc_synth_frame_count(s);
    for (int i = 0; i < n; i++)
        if (rc_synth_render(s, i % nf, &im, NULL) != RC_OK ||
            rc_cv_writer_write(wr, &im, &err) != RC_OK)
            die(path, err.msg);
    if (rc_cv_writer_close(wr, &err) != RC_OK)
        die(path, err.msg);
    rc_synth_destroy(s);
    free(buf);
}

/* The AVI's JPEG packets, in memory: the floor is the decoder, not the reader. */
typedef struct packets {
    uint8_t **data;
    size_t *n, total;
    int count;
} packets;

static void load_packets(const char *path, int max, packets *pk)
{
    rc_err err = {{0}};
    rc_cv_video *v = rc_cv_video_open_file(path, 1, &err);
    if (!v)
        die(path, err.msg);
    pk->data = calloc((size_t)max, sizeof *pk->data);
    pk->n = calloc((size_t)max, sizeof *pk->n);
    rc_cv_packet p;
    while (pk->count < max && rc_cv_video_read(v, &p, &err) == RC_OK && p.bytes) {
        pk->data[pk->count] = malloc(p.n_bytes);
        memcpy(pk->data[pk->count], p.bytes, p.n_bytes);
        pk->n[pk->count] = p.n_bytes;
        pk->total += p.n_bytes;
        pk->count++;
    }
    rc_cv_video_close(v);
    if (pk->count == 0)
        die(path, "no MJPEG packets read back");
}

/* The packets as a recorded session (their bytes as they are, 30 fps). */
static void write_session(const char *dir, const packets *pk, int w, int h)
{
    rc_err err = {{0}};
    rc_session_config cfg = {.software = "bench_pipeline",
                             .model_name = "knee_flexion",
                             .source_uri = "scene.avi",
                             .source_kind = "file",
                             .width = w,
                             .height = h,
                             .fps = 30,
                             .wait_when_full = 1};
    rc_session_writer *sw = rc_session_writer_create(dir, &cfg, &err);
    if (!sw)
        die(dir, err.msg);
    for (int i = 0; i < pk->count; i++)
        if (rc_session_writer_push(sw, pk->data[i], pk->n[i], (int64_t)i * 1000000000 / 30, &err) !=
            RC_OK)
            die(dir, err.msg);
    if (rc_session_writer_close(sw, "end of input", &err) != RC_OK)
        die(dir, err.msg);
}

/* One `romcap analyse` run through rc_analysis_run; wall ms, CPU ms in *cpu. */
static double run_analyse(const char *input, const rc_model *m, const char *out, int threads,
                          int64_t *frames, double *cpu)
{
    rc_analysis_request rq = {.input = input, .model = m, .out_dir = out, .threads = threads};
    rc_analysis_result res;
    rc_err err = {{0}};
    double t0 = now_ms(), c0 = cpu_ms();
    if (rc_analysis_run(&rq, NULL, &res, &err) != RC_OK)
        die(input, err.msg);
    double t = now_ms() - t0;
    *cpu = cpu_ms() - c0;
    if (res.threads != threads)
        die("analyse", "did not run on the threads asked");
    *frames = res.info.frames_analysed;
    rc_analysis_result_free(&res);
    return t;
}

/* 1 when the two files hold the same bytes. */
static int same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb;
    for (int ca = 0, cb = 0; same && ca != EOF;) {
        ca = fgetc(fa);
        cb = fgetc(fb);
        same = ca == cb;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

/* Spawns argv and waits: wall ms, the child's CPU ms (user + system) in *cpu. */
static double spawn_ms(char *const argv[], double *cpu)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    double t0 = now_ms();
    if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0)
        die(argv[0], "cannot spawn");
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid)
        die(argv[0], "wait failed");
    double t = now_ms() - t0;
    posix_spawn_file_actions_destroy(&fa);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die(argv[0], "the child failed");
    *cpu = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-3;
    return t;
}

static void report(const char *what, double *wall, double *cpu, int n, int frames, double dec_best,
                   double dec_median)
{
    double wb, wm, cb, cm;
    best_median(wall, n, &wb, &wm);
    best_median(cpu, n, &cb, &cm);
    printf("  %-30s best %7.3f median %7.3f ms/frame (CPU best %.3f)  speed vs decode-only: "
           "best %.2fx median %.2fx\n",
           what, wb / frames, wm / frames, cb / frames, dec_best / wb, dec_median / wm);
}

int main(int argc, char **argv)
{
    int w = 1920, h = 1080, n = 240, passes = 5, spawns = 10;
    if (argc > 1 && sscanf(argv[1], "%dx%d", &w, &h) != 2)
        die("usage", "bench_pipeline [WxH] [frames] [passes] [spawns]");
    if (argc > 2)
        n = atoi(argv[2]) > 0 ? atoi(argv[2]) : n;
    if (argc > 3)
        passes = atoi(argv[3]) > 0 && atoi(argv[3]) <= MAX_PASSES ? atoi(argv[3]) : passes;
    if (argc > 4)
        spawns = atoi(argv[4]) > 0 && atoi(argv[4]) <= MAX_PASSES ? atoi(argv[4]) : spawns;
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    rc_err err = {{0}};
    rc_model model;
    if (rc_model_load(ROMCAP_MODELS "/knee_flexion.json", &model, &err) != RC_OK)
        die("model", err.msg);
    char dir[] = "/tmp/romcap_bench_XXXXXX", avi[64], one[64], sess[64], out[4][64], f1[320], f2[320];
    if (!mkdtemp(dir))
        die("mkdtemp", "failed");
    snprintf(avi, sizeof avi, "%s/scene.avi", dir);
    snprintf(one, sizeof one, "%s/one.avi", dir);
    snprintf(sess, sizeof sess, "%s/session", dir);
    for (int t = 0; t < 4; t++)
        snprintf(out[t], sizeof out[t], "%s/out%d", dir, t + 1);
    write_avi(avi, w, h, n);
    write_avi(one, w, h, 1);
    packets pk = {0};
    load_packets(avi, n, &pk);
    write_session(sess, &pk, w, h);

    rc_jpeg *j = rc_jpeg_create(&err);
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, w, h);
    if (!j || !buf || rc_jpeg_reserve(j, w, h) != RC_OK)
        die("setup", err.msg);
    double wall[5][MAX_PASSES], cpu[5][MAX_PASSES];
    int64_t frames[4] = {0, 0, 0, 0};
    for (int p = 0; p < passes; p++) {
        double t0 = now_ms(), c0 = cpu_ms();
        for (int i = 0; i < pk.count; i++)
            if (rc_jpeg_decode_i420(j, pk.data[i], pk.n[i], &im) != RC_OK)
                die("decode", rc_jpeg_last_error(j));
        wall[0][p] = now_ms() - t0;
        cpu[0][p] = cpu_ms() - c0;
        for (int k = 1; k <= 4; k++) /* AVI 1, 2 threads, session 1, 2 threads */
            wall[k][p] = run_analyse(k <= 2 ? avi : sess, &model, out[k - 1], 2 - k % 2,
                                     &frames[k - 1], &cpu[k][p]);
        for (int k = 0; k < 4; k += 2)
            for (int f = 0; f < 2; f++) {
                static const char *name[2] = {"angles.csv", "tracks.csv"};
                snprintf(f1, sizeof f1, "%s/%s", out[k], name[f]);
                snprintf(f2, sizeof f2, "%s/%s", out[k + 1], name[f]);
                if (!same_file(f1, f2))
                    die(name[f], "differs between one and two threads");
            }
    }
    for (int k = 0; k < 4; k++)
        if (frames[k] != pk.count)
            die("analyse", "a run did not analyse every frame");

    double dec_best, dec_median, dec_cpu_best, dec_cpu_median;
    double dec_w[MAX_PASSES], dec_c[MAX_PASSES];
    memcpy(dec_w, wall[0], sizeof dec_w);
    memcpy(dec_c, cpu[0], sizeof dec_c);
    best_median(dec_w, passes, &dec_best, &dec_median);
    best_median(dec_c, passes, &dec_cpu_best, &dec_cpu_median);
    printf("bench_pipeline: %dx%d, %d MJPEG frames (q85, %.0f kB/frame), %d passes, %ld cores "
           "online, load average %.1f %.1f %.1f\n",
           w, h, pk.count, pk.total / 1e3 / pk.count, passes, sysconf(_SC_NPROCESSORS_ONLN),
           load[0], load[1], load[2]);
    printf("  %-30s best %7.3f median %7.3f ms/frame (CPU best %.3f)\n", "decode only, 1 thread",
           dec_best / pk.count, dec_median / pk.count, dec_cpu_best / pk.count);
    report("romcap analyse AVI, --threads 1", wall[1], cpu[1], passes, pk.count, dec_best,
           dec_median);
    report("romcap analyse AVI, --threads 2", wall[2], cpu[2], passes, pk.count, dec_best,
           dec_median);
    report("session, --threads 1", wall[3], cpu[3], passes, pk.count, dec_best, dec_median);
    report("session, --threads 2", wall[4], cpu[4], passes, pk.count, dec_best, dec_median);
    printf("  (angles.csv and tracks.csv identical on 1 and 2 threads in every pass, AVI and "
           "session)\n");

    /* Start-up: the built binary on the one-frame AVI against /bin/true. */
    char *an[] = {ROMCAP_BIN, "analyse",       one, "--model", "knee_flexion", "--out",
                  out[0],     "--no-progress", NULL};
    char *tr[] = {"/bin/true", NULL};
    double sw[2][MAX_PASSES], sc[2][MAX_PASSES];
    for (int i = 0; i < spawns; i++) {
        sw[0][i] = spawn_ms(tr, &sc[0][i]);
        sw[1][i] = spawn_ms(an, &sc[1][i]);
    }
    double tb, tm, ab, am, acb, acm, tcb, tcm;
    best_median(sw[0], spawns, &tb, &tm);
    best_median(sw[1], spawns, &ab, &am);
    best_median(sc[0], spawns, &tcb, &tcm);
    best_median(sc[1], spawns, &acb, &acm);
    printf("start-up, %d spawns each (wall, the whole child process):\n", spawns);
    printf("  %-30s best %7.1f median %7.1f ms (CPU best %.1f)\n", "/bin/true", tb, tm, tcb);
    printf("  %-30s best %7.1f median %7.1f ms (CPU best %.1f median %.1f)  = %.0fx /bin/true "
           "(best)\n",
           "romcap analyse, one frame", ab, am, acb, acm, ab / (tb > 0 ? tb : 1));

    rm_tree(dir);
    for (int i = 0; i < pk.count; i++)
        free(pk.data[i]);
    free(pk.data);
    free(pk.n);
    free(buf);
    rc_jpeg_destroy(j);
    return 0;
}
