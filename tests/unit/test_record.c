/* test_record.c - the recording run (record.h) without the CLI: a synthetic scene
 * recorded whole (every frame of the scene, rc_synth_frame_count, in the session,
 * which reads back with its model and given side), the frame limit, the stop flag
 * (the user, SIGTERM), and the failures (a folder already holding a session, a
 * source that does not exist). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/record.h"
#include "romcap/session.h"
#include "romcap/synth.h"
#include "test_util.h"

#define MODEL_PATH ROMCAP_SOURCE_DIR "/models/knee_flexion.json"
#define SCENE      "synthetic:knee_flexion?size=160x120&fps=30&seconds=1"

typedef struct said {
    int errors, warns, infos, started;
    char last[RC_ERR_CAP + 64];
} said;

static void on_say(void *user, rc_log_level level, const char *msg)
{
    said *s = user;
    s->errors += level == RC_LOG_ERROR;
    s->warns += level == RC_LOG_WARN;
    s->infos += level == RC_LOG_INFO;
    snprintf(s->last, sizeof s->last, "%s", msg);
}

static void on_started(void *user)
{
    ((said *)user)->started++;
}

static rc_status run(const char *dir, int64_t max_frames, bool realtime,
                     volatile sig_atomic_t *stop, said *s, rc_record_result *res, rc_err *err)
{
    rc_record_request rq = {
        .input = SCENE,
        .out = dir,
        .software = "romcap test",
        .model_path = MODEL_PATH,
        .model_name = "knee_flexion",
        .tag = "pre",
        .mirror = 1,
        .max_frames = max_frames,
        .realtime = realtime,
        .stop = stop,
    };
    rc_record_events ev = {.user = s, .say = on_say, .started = on_started};
    memset(s, 0, sizeof *s);
    return rc_record_run(&rq, &ev, res, err);
}

int main(void)
{
    char root[] = "/tmp/romcap_record_XXXXXX", dir[200];
    if (!mkdtemp(root))
        return 1;
    rc_err err = {{0}};
    rc_synth *sc = rc_synth_create_uri(SCENE, &err);
    CHECK_MSG(sc != NULL, "%s", err.msg);
    int64_t frames = sc ? rc_synth_frame_count(sc) : 0;
    rc_synth_destroy(sc);
    said s;
    rc_record_result res;

    /* The whole scene, paced at its 30 fps (so a loaded machine's disk keeps up with
     * the writer's 16 buffers and nothing is dropped). */
    snprintf(dir, sizeof dir, "%s/whole", root);
    CHECK_MSG(run(dir, 0, true, NULL, &s, &res, &err) == RC_OK, "%s", err.msg);
    CHECK(res.captured == frames && res.kept == frames && res.usable);
    CHECK(!strcmp(res.reason, "end of input") && s.started == 1 && s.errors == 0);
    CHECK_STR_CONTAINS(s.last, "30 frames captured, 30 kept, 0 dropped (end of input)");
    rc_session *ss = rc_session_open(dir, &err);
    CHECK_MSG(ss != NULL, "%s", err.msg);
    if (ss) {
        CHECK(rc_session_frame_count(ss) == frames);
        rc_model m;
        CHECK(rc_session_model(ss, &m, &err) == RC_OK && !strcmp(m.name, "knee_flexion"));
        rc_session_close(ss);
    }

    /* Again into the same folder: refused before any frame, nothing usable. */
    CHECK(run(dir, 0, false, NULL, &s, &res, &err) != RC_OK);
    CHECK(!res.usable && s.started == 0 && s.errors == 1);
    CHECK_STR_CONTAINS(err.msg, "already holds a session");

    /* The frame limit. */
    snprintf(dir, sizeof dir, "%s/limit", root);
    CHECK(run(dir, 7, false, NULL, &s, &res, &err) == RC_OK);
    CHECK(res.captured == 7 && res.kept <= 7 && !strcmp(res.reason, "frame limit reached"));

    /* The stop flag, set before the run: the first frame is recorded, then it stops. */
    volatile sig_atomic_t stop = SIGINT;
    snprintf(dir, sizeof dir, "%s/user", root);
    CHECK(run(dir, 0, false, &stop, &s, &res, &err) == RC_OK);
    CHECK(res.captured == 1 && !strcmp(res.reason, "stopped by the user"));
    stop = SIGTERM;
    snprintf(dir, sizeof dir, "%s/term", root);
    CHECK(run(dir, 0, false, &stop, &s, &res, &err) == RC_OK);
    CHECK(res.captured == 1 && !strcmp(res.reason, "stopped (SIGTERM)"));

    /* A source that does not exist: said, nothing created. */
    rc_record_request rq = {.input = "/nonexistent/clip.avi", .out = dir, .model_path = MODEL_PATH};
    rc_record_events ev = {.user = &s, .say = on_say};
    memset(&s, 0, sizeof s);
    CHECK(rc_record_run(&rq, &ev, &res, &err) != RC_OK);
    CHECK(!res.usable && s.errors == 1 && err.msg[0]);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        return 1;
    return TEST_RESULT();
}
