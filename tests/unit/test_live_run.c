/* test_live_run.c - the live stage without the command line (include/romcap/live.h):
 * rc_live_config -> rc_live_run, off screen, on a synthetic scene of known length.
 *
 * - Recording from the first frame, unpaced (the capture waits for the analysis,
 *   nothing is dropped) and without a window (the session ends with the input): the
 *   session folder holds every frame of the scene (2 s at 30 fps = 60, the scene's
 *   own length, not a count taken from the program), says the subject, test and tag
 *   it was given, is private (0700), and is handed once to the analyse callback with
 *   the model file it was recorded with; the --shot-dir PNG of a frame >= shot_at is
 *   written.
 *   A scene is no camera: the session holds no camera_controls (no lock is claimed).
 * - Without an analyse callback the recording is kept, unanalysed.
 * - A named input that does not exist fails with its name in the message, nothing
 *   recorded and no window reported missing.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "romcap/live.h"
#include "romcap/session.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"
static const char URI[] = "synthetic:knee_flexion?size=320x180&fps=30&seconds=2";
enum { SCENE_FRAMES = 60 }; /* 2 s at 30 fps */

typedef struct calls {
    int n;
    char dir[512], model_path[512];
    bool no_auto_learn;
} calls;

static bool on_analyse(void *user, const char *dir, const char *model_path, bool no_auto_learn)
{
    calls *c = user;
    c->n++;
    snprintf(c->dir, sizeof c->dir, "%s", dir);
    snprintf(c->model_path, sizeof c->model_path, "%s", model_path);
    c->no_auto_learn = no_auto_learn;
    return true;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st, (void)flag, (void)f;
    return remove(p);
}

/* The first entry of `dir` whose name starts with `prefix`, into out; false if none. */
static bool find_entry(const char *dir, const char *prefix, char *out, size_t cap)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    bool found = false;
    while (d && !found && (e = readdir(d)) != NULL)
        if (!strncmp(e->d_name, prefix, strlen(prefix)))
            found = snprintf(out, cap, "%s/%s", dir, e->d_name) > 0;
    if (d)
        closedir(d);
    return found;
}

static rc_live_config config(const rc_log *log)
{
    rc_live_config cfg;
    rc_live_config_init(&cfg);
    cfg.log = log;
    cfg.models_dir = MODELS_DIR;
    cfg.input = URI;
    cfg.headless = true;
    cfg.unpaced = true;
    return cfg;
}

static void recorded_and_analysed(const rc_log *log)
{
    calls got = {0};
    rc_live_config cfg = config(log);
    cfg.record = true;
    cfg.subject = "P01";
    cfg.test = "knee";
    cfg.tag = "pre";
    cfg.shot_dir = "shots";
    cfg.shot_at = 10;
    cfg.analyse = on_analyse;
    cfg.analyse_user = &got;
    bool no_window = true;
    rc_err err = {{0}};
    rc_status st = rc_live_run(&cfg, &no_window, &err);
    CHECK_MSG(st == RC_OK, "%s", err.msg);
    CHECK(!no_window);

    CHECK(got.n == 1);
    CHECK_STR_CONTAINS(got.dir, "romcap-sessions/P01/");
    CHECK_STR_CONTAINS(got.dir, "-knee-pre");
    CHECK_STR_CONTAINS(got.model_path, "knee_flexion");
    CHECK(!got.no_auto_learn);
    struct stat sb;
    CHECK(stat(got.dir, &sb) == 0 && (sb.st_mode & 0777) == 0700);
    rc_session *s = rc_session_open(got.dir, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (s) {
        CHECK_MSG(rc_session_frame_count(s) == SCENE_FRAMES, "%lld frames recorded",
                  (long long)rc_session_frame_count(s));
        const rc_session_meta *m = rc_session_get_meta(s);
        CHECK(!strcmp(m->tag, "pre") && !strcmp(m->subject, "P01") && !strcmp(m->test, "knee"));
        CHECK(!m->camera_controls.applied); /* a scene: no camera lock, nothing written */
        rc_session_close(s);
    }
    char png[600];
    CHECK_MSG(find_entry("shots", "frame-0000", png, sizeof png), "no PNG in shots/");
    int frame = -1;
    CHECK(sscanf(png, "shots/frame-%d.png", &frame) == 1 && frame >= 10 && frame < SCENE_FRAMES);
}

static void kept_without_analysis(const rc_log *log)
{
    rc_live_config cfg = config(log);
    cfg.record = true;
    cfg.tag = "post";
    bool no_window = true;
    rc_err err = {{0}};
    CHECK_MSG(rc_live_run(&cfg, &no_window, &err) == RC_OK, "%s", err.msg);
    char dir[600], summary[700];
    CHECK_MSG(find_entry("romcap-sessions", "session-", dir, sizeof dir), "no session");
    snprintf(summary, sizeof summary, "%s/summary.json", dir);
    CHECK(test_path_exists(dir) && !test_path_exists(summary));
}

static void missing_input(const rc_log *log)
{
    calls got = {0};
    rc_live_config cfg = config(log);
    cfg.input = "no-such-clip.mp4";
    cfg.record = true;
    cfg.analyse = on_analyse;
    cfg.analyse_user = &got;
    bool no_window = true;
    rc_err err = {{0}};
    CHECK(rc_live_run(&cfg, &no_window, &err) != RC_OK);
    CHECK(!no_window);
    CHECK_STR_CONTAINS(err.msg, "no-such-clip.mp4");
    CHECK(got.n == 0);
}

int main(void)
{
    setenv("SDL_AUDIODRIVER", "dummy", 1); /* no sound device needed */
    char tmpl[] = "/tmp/test_live_run-XXXXXX";
    char *work = mkdtemp(tmpl);
    char here[4096];
    if (!work || !getcwd(here, sizeof here) || chdir(work) != 0)
        TEST_SKIP("cannot make a working folder");
    rc_log log = {.level = RC_LOG_WARN};
    missing_input(&log);
    CHECK(!test_path_exists("romcap-sessions"));
    recorded_and_analysed(&log);
    nftw("romcap-sessions", rm_one, 16, FTW_DEPTH | FTW_PHYS);
    kept_without_analysis(&log);
    CHECK(chdir(here) == 0);
    nftw(work, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return TEST_RESULT();
}
