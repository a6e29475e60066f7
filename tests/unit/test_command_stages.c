/* test_command_stages.c - the small pieces the commands now call in the stages, each
 * against what it must produce by definition: a live run's session folders
 * (rc_live_session_*: a free dated name, a second one within the second, nothing left
 * after removal), report.json's path beside the page, a measurement-error figure's two
 * JSON forms (rc_model_mdc_json), the set-ROM line (rc_summary_rom_line) and a
 * model's description (rc_model_describe). */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "romcap/record.h"
#include "romcap/report.h"
#include "romcap/results.h"
#include "test_util.h"

#define MODEL_PATH ROMCAP_SOURCE_DIR "/models/knee_flexion.json"

static bool exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

static void live_sessions(void)
{
    rc_source_info info = {.width = 160, .height = 120, .fps = 30, .kind = "synthetic"};
    rc_live_session_request rq = {.software = "romcap test",
                                  .uri = "synthetic:knee_flexion",
                                  .tag = "pre",
                                  .mirror = true,
                                  .mirror_source = "given",
                                  .info = &info};
    char a[300], b[300];
    bool made = false, made2 = false;
    rc_err err = {{0}};
    rc_session_writer *w1 =
        rc_live_session_create(&rq, MODEL_PATH, "knee_flexion", a, sizeof a, &made, &err);
    CHECK_MSG(w1, "%s", err.msg);
    rc_session_writer *w2 =
        rc_live_session_create(&rq, MODEL_PATH, "knee_flexion", b, sizeof b, &made2, &err);
    CHECK_MSG(w2, "%s", err.msg);
    CHECK(made && !made2); /* the first made romcap-sessions/ */
    CHECK(!strncmp(a, "romcap-sessions/session-", 24) && strstr(a, "-pre"));
    CHECK(strcmp(a, b) != 0); /* within the same second: -2 */
    CHECK(rc_session_writer_close(w1, "test", &err) == RC_OK);
    CHECK(rc_session_writer_close(w2, "test", &err) == RC_OK);
    CHECK(rc_live_session_empty(a) && rc_live_session_empty(b)); /* no frame pushed */
    char meta[400];
    snprintf(meta, sizeof meta, "%s/session.json", a);
    CHECK(exists(meta));
    rc_live_session_remove(b, made2);
    CHECK(!exists(b) && exists("romcap-sessions"));
    rc_live_session_remove(a, made);
    CHECK(!exists(a) && !exists("romcap-sessions"));
    /* A model file that is not there: nothing is created. */
    CHECK(!rc_live_session_create(&rq, "/nonexistent.json", "x", a, sizeof a, &made, &err));
    CHECK(!exists("romcap-sessions"));
}

static void json_paths(void)
{
    const char *in[] = {"out/report.html", "a.b/page", "r.json", "x"};
    const char *want[] = {"out/report.json", "a.b/page.json", "r.json.json", "x.json"};
    for (int i = 0; i < 4; i++) {
        char *p = rc_report_json_path(in[i]);
        CHECK_MSG(p && !strcmp(p, want[i]), "%s -> %s", in[i], p ? p : "(null)");
        free(p);
    }
}

static void mdc_json(void)
{
    rc_model_mdc f = {.session = RC_MDC_BETWEEN_SESSIONS,
                      .rater = RC_MDC_RATER_SAME,
                      .measure = RC_MDC_PEAK,
                      .sem_deg = NAN,
                      .mdc95_deg = 5.5,
                      .mdc95_from_sem = 0};
    snprintf(f.method, sizeof f.method, "goniometer");
    snprintf(f.source, sizeof f.source, "a source");
    snprintf(f.note, sizeof f.note, "a note");
    const char *keys_short[] = {"session", "rater",     "method", "measure",
                                "sem_deg", "mdc95_deg", "source", NULL};
    const char *keys_full[] = {"session",   "rater",          "method", "measure", "sem_deg",
                               "mdc95_deg", "mdc95_from_sem", "source", "note",    NULL};
    for (int full = 0; full < 2; full++) {
        cJSON *o = rc_model_mdc_json(&f, full);
        const char **keys = full ? keys_full : keys_short;
        const cJSON *it = o ? o->child : NULL;
        int k = 0;
        for (; keys[k] && it; k++, it = it->next)
            CHECK_MSG(!strcmp(it->string, keys[k]), "%s where %s", it->string, keys[k]);
        CHECK(!keys[k] && !it);
        CHECK(cJSON_IsNull(cJSON_GetObjectItem(o, "sem_deg")));
        CHECK(!strcmp(cJSON_GetObjectItem(o, "session")->valuestring, "between_sessions"));
        CHECK(cJSON_GetObjectItem(o, "mdc95_deg")->valuedouble == 5.5);
        cJSON_Delete(o);
    }
}

static void rom_lines(void)
{
    rc_summary_angle k = {.rom_reps = 3,
                          .rom_peak_mean_deg = 121.04,
                          .rom_peak_sd_deg = 1.26,
                          .rom_trough_mean_deg = 4.0,
                          .rom_largest_peak_deg = 122.5};
    snprintf(k.name, sizeof k.name, "knee_flexion");
    char line[300] = "";
    CHECK(rc_summary_rom_line(&k, line, sizeof line));
    CHECK_STR_CONTAINS(line, "knee_flexion: set ROM 121.0 deg (peak, mean of 3 repetitions, SD "
                             "1.3; trough 4.0; largest repetition 122.5)");
    k.rom_reps = 1;
    CHECK(rc_summary_rom_line(&k, line, sizeof line));
    CHECK_STR_CONTAINS(line, "mean of 1 repetition,");
    k.rom_reps = 0;
    CHECK(rc_summary_rom_line(&k, line, sizeof line));
    CHECK_STR_CONTAINS(line, "no complete repetition, no set ROM");
    k.rom_reps = -1; /* an older summary */
    line[0] = '\0';
    CHECK(!rc_summary_rom_line(&k, line, sizeof line) && !line[0]);
}

static void describe(void)
{
    rc_model m;
    rc_err err = {{0}};
    CHECK_MSG(rc_model_load(MODEL_PATH, &m, &err) == RC_OK, "%s", err.msg);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rc_model_describe(f, &m, true);
    fclose(f);
    char head[200];
    snprintf(head, sizeof head, "%-24s %s", m.name, m.title);
    CHECK(buf && !strncmp(buf, head, strlen(head)));
    for (int k = 0; k < m.n_markers; k++)
        CHECK_STR_CONTAINS(buf, m.marker[k].name);
    CHECK_STR_CONTAINS(buf, m.angle[0].normal_source);
    CHECK_STR_CONTAINS(buf, m.description);
    free(buf);
}

int main(void)
{
    char dir[] = "/tmp/romcap_stages_XXXXXX";
    if (!mkdtemp(dir) || chdir(dir) != 0)
        return 1;
    live_sessions();
    json_paths();
    mdc_json();
    rom_lines();
    describe();
    if (chdir("/") == 0)
        rmdir(dir);
    return TEST_RESULT();
}
