/* bench_pipeline.c - offline analysis speed against the JPEG decoder alone.
 *
 * Writes an MJPEG AVI of the knee_flexion scene (through the OpenCV bridge writer)
 * into a temporary folder, loads its JPEG packets into memory, then times on one
 * thread: (a) TurboJPEG decode to I420 only, (b) decode + detect + track + angles
 * (rc_pipeline_process, the app's per-frame glue). Prints both rates in frames per
 * second and their ratio (the goal: (b) >= 90% of (a)), plus the analysis
 * time per frame without decode. Usage: bench_pipeline [WxH] [frames] [passes].
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/pipeline.h"
#include "cv/cv_video.h"
#include "romcap/jpeg.h"
#include "romcap/model.h"
#include "romcap/synth.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "bench_pipeline: %s: %s\n", what, msg);
    exit(1);
}

int main(int argc, char **argv)
{
    int w = 1280, h = 720, n = 240, passes = 3;
    if (argc > 1 && sscanf(argv[1], "%dx%d", &w, &h) != 2)
        die("usage", "bench_pipeline [WxH] [frames] [passes]");
    if (argc > 2)
        n = atoi(argv[2]) > 0 ? atoi(argv[2]) : n;
    if (argc > 3)
        passes = atoi(argv[3]) > 0 ? atoi(argv[3]) : passes;
    rc_err err = {{0}};
    rc_model model;
    if (rc_model_load(ROMCAP_MODELS "/knee_flexion.json", &model, &err) != RC_OK)
        die("model", err.msg);

    char dir[] = "/tmp/romcap_bench_XXXXXX", path[64];
    if (!mkdtemp(dir))
        die("mkdtemp", "failed");
    snprintf(path, sizeof path, "%s/scene.avi", dir);
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
    for (int i = 0; i < n; i++) {
        if (rc_synth_render(s, i % nf, &im, NULL) != RC_OK ||
            rc_cv_writer_write(wr, &im, &err) != RC_OK)
            die(path, err.msg);
    }
    if (rc_cv_writer_close(wr, &err) != RC_OK)
        die(path, err.msg);
    rc_synth_destroy(s);

    /* Packets into memory: the file reader's cost is not what is compared. */
    rc_cv_video *v = rc_cv_video_open_file(path, 1, &err);
    if (!v)
        die(path, err.msg);
    uint8_t **pkt = calloc((size_t)n, sizeof *pkt);
    size_t *pkt_n = calloc((size_t)n, sizeof *pkt_n), total = 0;
    int np = 0;
    rc_cv_packet p;
    while (np < n && rc_cv_video_read(v, &p, &err) == RC_OK && p.bytes) {
        pkt[np] = malloc(p.n_bytes);
        memcpy(pkt[np], p.bytes, p.n_bytes);
        pkt_n[np] = p.n_bytes;
        total += p.n_bytes;
        np++;
    }
    rc_cv_video_close(v);
    unlink(path);
    rmdir(dir);
    if (np == 0)
        die(path, "no MJPEG packets read back");

    rc_jpeg *j = rc_jpeg_create(&err);
    rc_pipeline *pl = rc_pipeline_create(&model, w, h, NULL, &err);
    rc_pipe_result *res = malloc(sizeof *res);
    if (!j || !pl || !res || rc_jpeg_reserve(j, w, h) != RC_OK)
        die("setup", err.msg);
    double best_dec = 1e30, best_all = 1e30, analysis = 0;
    int64_t seen = 0, frames = 0;
    for (int pass = 0; pass < passes; pass++) {
        double t0 = now_ms();
        for (int i = 0; i < np; i++)
            if (rc_jpeg_decode_i420(j, pkt[i], pkt_n[i], &im) != RC_OK)
                die("decode", rc_jpeg_last_error(j));
        double t1 = now_ms(), t_an = 0;
        for (int i = 0; i < np; i++) {
            if (rc_jpeg_decode_i420(j, pkt[i], pkt_n[i], &im) != RC_OK)
                die("decode", rc_jpeg_last_error(j));
            rc_frame f = {.image = im,
                          .index = (int64_t)pass * np + i,
                          .t_ns = (int64_t)(((int64_t)pass * np + i) * 1e9 / o.fps)};
            double a0 = now_ms();
            if (rc_pipeline_process(pl, &f, res) != RC_OK)
                die("pipeline", "process failed");
            t_an += now_ms() - a0;
            for (int m = 0; m < model.n_markers; m++)
                seen += res->marker[m].state == RC_TRACK_SEEN;
            frames++;
        }
        double t2 = now_ms();
        if (t1 - t0 < best_dec)
            best_dec = t1 - t0;
        if (t2 - t1 < best_all) {
            best_all = t2 - t1;
            analysis = t_an;
        }
    }
    double fps_dec = np * 1e3 / best_dec, fps_all = np * 1e3 / best_all;
    printf("bench_pipeline: %dx%d, %d MJPEG frames (q85, %.0f kB/frame), best of %d passes\n", w, h,
           np, total / 1e3 / np, passes);
    printf("  TurboJPEG decode only              %8.1f fps  (%.3f ms/frame)\n", fps_dec,
           best_dec / np);
    printf("  decode + detect + track + angles   %8.1f fps  (%.3f ms/frame)\n", fps_all,
           best_all / np);
    printf("  detect + track + angles alone      %8.3f ms/frame\n", analysis / np);
    printf("  ratio full/decode-only             %8.1f %%   (markers seen %.1f%%)\n",
           100.0 * fps_all / fps_dec, 100.0 * seen / (double)(frames * model.n_markers));
    for (int i = 0; i < np; i++)
        free(pkt[i]);
    free(pkt);
    free(pkt_n);
    free(res);
    free(buf);
    rc_pipeline_destroy(pl);
    rc_jpeg_destroy(j);
    return 0;
}
