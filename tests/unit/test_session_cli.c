/* test_session_cli.c - `romcap record / repair / export` as processes: kill -9 part way
 * through a real-time recording, SIGINT, a file size limit, and the TRC / wide CSV
 * export checked value for value against tracks.csv. Skips when the romcap binary has
 * not been built. */
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "romcap/session.h"
#include "romcap/source.h"
#include "test_util.h"

static const char *BIN = ROMCAP_BINARY_DIR "/src/romcap";
static const char *SCENE = "synthetic:knee_flexion?size=320x180&fps=30&seconds=60";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void nap(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

/* Starts romcap with argv; stderr to `errfile`; `fsize` > 0 sets RLIMIT_FSIZE. */
static pid_t spawn(char *const argv[], const char *errfile, long fsize)
{
    pid_t pid = fork();
    if (pid == 0) {
        FILE *e = freopen(errfile, "w", stderr);
        (void)e;
        if (fsize > 0) {
            signal(SIGXFSZ, SIG_IGN);
            struct rlimit rl = {(rlim_t)fsize, (rlim_t)fsize};
            setrlimit(RLIMIT_FSIZE, &rl);
        }
        execv(BIN, argv);
        _exit(127);
    }
    return pid;
}

static int wait_code(pid_t pid)
{
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Waits until dir/session.json exists (the recording has started); returns the time. */
static double wait_started(const char *dir)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/session.json", dir);
    double t0 = now_s();
    while (!test_path_exists(p) && now_s() - t0 < 30)
        nap(0.002);
    return now_s();
}

static void test_kill9(const char *root)
{
    char dir[1024], errf[1024];
    snprintf(dir, sizeof dir, "%s/killed", root);
    snprintf(errf, sizeof errf, "%s/killed.err", root);
    char *argv[] = {"romcap", "record",     "--source",     (char *)SCENE, "--out",
                    dir,      "--realtime", "--no-analyse", NULL};
    pid_t pid = spawn(argv, errf, 0);
    double t_start = wait_started(dir);
    nap(2.0);
    double t_kill = now_s();
    kill(pid, SIGKILL);
    CHECK(wait_code(pid) == 128 + SIGKILL);
    /* Frames pushed by the kill: ~30 per second since the start (first one at 0). */
    double expected = (t_kill - t_start) * 30.0;
    rc_err err = {{0}};
    rc_session *s = rc_session_open(dir, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (!s)
        return;
    int64_t n = rc_session_frame_count(s);
    printf("kill -9 after %.2f s: %lld frames kept of ~%.0f pushed (%s)\n", t_kill - t_start,
           (long long)n, expected, rc_session_warning(s)[0] ? rc_session_warning(s) : "no repair");
    CHECK_MSG(n >= expected - 30 && n <= expected + 3, "%lld frames for %.0f expected",
              (long long)n, expected);
    CHECK(!strcmp(rc_session_get_meta(s)->state, "recording"));
    rc_session_frame last;
    rc_session_frame_get(s, n - 1, &last);
    CHECK((double)last.t_ns * 1e-9 >= (t_kill - t_start) - 1.0);
    rc_session_close(s);
    /* repair, then every frame decodes as a source. */
    char *rargv[] = {"romcap", "repair", dir, NULL};
    CHECK(wait_code(spawn(rargv, errf, 0)) == 0);
    rc_source *src = rc_source_open(dir, NULL, &err);
    CHECK_MSG(src != NULL, "%s", err.msg);
    int64_t k = 0;
    rc_frame f;
    while (src && rc_source_read(src, &f) == RC_OK)
        k++;
    CHECK(k == n);
    rc_source_close(src);
}

static void test_sigint_and_export(const char *root)
{
    char dir[1024], errf[1024];
    snprintf(dir, sizeof dir, "%s/interrupted", root);
    snprintf(errf, sizeof errf, "%s/int.err", root);
    char *argv[] = {"romcap",     "record", "--source", (char *)SCENE, "--out", dir,
                    "--realtime", "--tag",  "post",     "--subject",   "P-12",  NULL};
    pid_t pid = spawn(argv, errf, 0);
    wait_started(dir);
    nap(1.5);
    kill(pid, SIGINT);
    int code = wait_code(pid);
    CHECK_MSG(code == 0, "exit %d: %s", code, slurp(errf));
    rc_err err = {{0}};
    rc_session *s = rc_session_open(dir, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (!s)
        return;
    const rc_session_meta *m = rc_session_get_meta(s);
    CHECK(!strcmp(m->state, "complete") && !strcmp(m->stop_reason, "stopped by the user"));
    CHECK(!strcmp(m->tag, "post") && !strcmp(m->subject, "P-12") && m->jpeg_quality == 90);
    CHECK(rc_session_warning(s)[0] == '\0');
    int64_t n = rc_session_frame_count(s);
    CHECK(n >= 30 && n <= 60);
    rc_model model;
    CHECK(rc_session_model(s, &model, &err) == RC_OK && !strcmp(model.name, "knee_flexion"));
    rc_session_close(s);

    /* The analysis ran on the session: tracks.csv has 3 markers per frame. */
    char tracks[4200], trc[4200], wide[4200];
    snprintf(tracks, sizeof tracks, "%s/tracks.csv", dir);
    snprintf(trc, sizeof trc, "%s/out.trc", root);
    snprintf(wide, sizeof wide, "%s/wide.csv", root);
    char *eargv[] = {"romcap", "export", dir, "--format", "trc", "--out", trc, NULL};
    CHECK(wait_code(spawn(eargv, errf, 0)) == 0);
    char *wargv[] = {"romcap", "export", dir, "--format", "csv", "--out", wide, NULL};
    CHECK(wait_code(spawn(wargv, errf, 0)) == 0);

    /* Round trip: every (frame, marker) of tracks.csv is in the TRC with equal X, Y. */
    FILE *ft = fopen(tracks, "r"), *fr = fopen(trc, "r");
    CHECK(ft && fr);
    if (!ft || !fr)
        return;
    char line[4096];
    for (int i = 0; i < 6; i++)
        CHECK(fgets(line, sizeof line, fr) != NULL);
    int rows = 0, values = 0;
    double rate = 0;
    char hdr[4096];
    rewind(fr);
    fgets(hdr, sizeof hdr, fr);
    fgets(hdr, sizeof hdr, fr);
    fgets(hdr, sizeof hdr, fr);
    int nf = 0, nm = 0;
    char units[16] = "";
    CHECK(sscanf(hdr, "%lf %*f %d %d %15s", &rate, &nf, &nm, units) == 4);
    CHECK(nm == 3 && !strcmp(units, "px") && nf == n);
    CHECK_NEAR(rate, 30.0, 0.01);
    fgets(hdr, sizeof hdr, fr);
    CHECK_STR_CONTAINS(hdr, "hip\t\t\tknee\t\t\tankle");
    fgets(hdr, sizeof hdr, fr);
    fgets(hdr, sizeof hdr, fr);
    fgets(line, sizeof line, ft); /* header */
    while (fgets(hdr, sizeof hdr, fr)) {
        int frame;
        double t, xyz[9];
        int k = sscanf(hdr, "%d %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf", &frame, &t, &xyz[0],
                       &xyz[1], &xyz[2], &xyz[3], &xyz[4], &xyz[5], &xyz[6], &xyz[7], &xyz[8]);
        CHECK(k == 11);
        for (int mk = 0; mk < 3; mk++) {
            CHECK(fgets(line, sizeof line, ft) != NULL);
            long long tf;
            double tt, x, y;
            char name[32];
            if (sscanf(line, "%lld,%lf,%31[^,],%lf,%lf", &tf, &tt, name, &x, &y) == 5) {
                CHECK(tf + 1 == frame && tt == t);
                CHECK(x == xyz[3 * mk] && y == xyz[3 * mk + 1] && xyz[3 * mk + 2] == 0);
                values++;
            }
        }
        rows++;
    }
    CHECK(rows == n && values == 3 * n);
    fclose(ft);
    fclose(fr);
    char *w = slurp(wide);
    CHECK(w && !strncmp(w, "frame,t_s,hip_x_px,hip_y_px,hip_state,knee_x_px", 47));
}

static void test_size_limit(const char *root)
{
    char dir[1024], errf[1024];
    snprintf(dir, sizeof dir, "%s/full", root);
    snprintf(errf, sizeof errf, "%s/full.err", root);
    char *argv[] = {
        "romcap",       "record", "--source", "synthetic:knee_flexion?size=320x180&fps=30",
        "--out",        dir,      "--frames", "300",
        "--no-analyse", NULL};
    int code = wait_code(spawn(argv, errf, 200000));
    char *msg = slurp(errf);
    CHECK_MSG(code == 1, "exit %d", code);
    CHECK_STR_CONTAINS(msg, "file size limit reached");
    CHECK_STR_CONTAINS(msg, "frames so far kept");
    rc_err err = {{0}};
    rc_session *s = rc_session_open(dir, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (s) {
        int64_t n = rc_session_frame_count(s);
        CHECK(n > 5 && n < 300);
        CHECK(rc_session_warning(s)[0] == '\0');
        struct stat st;
        char p[4200];
        snprintf(p, sizeof p, "%s/frames.mjpeg", dir);
        stat(p, &st);
        CHECK(st.st_size <= 200000);
        rc_session_close(s);
    }
}

int main(void)
{
    if (!test_path_exists(BIN))
        TEST_SKIP("%s not built", BIN);
    char root[] = "/tmp/romcap_test_session_cli_XXXXXX";
    if (!mkdtemp(root))
        TEST_SKIP("cannot create a temporary folder");
    test_kill9(root);
    test_sigint_and_export(root);
    test_size_limit(root);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
    return TEST_RESULT();
}
