/* test_progress.c - a course of treatment (issue 17) from hand-made sessions whose set
 * ROM (summary.json angles[].rom) and patient-reported outcomes are known: the order,
 * the values and the verdicts of progress.json, worked by hand from the published
 * figures (../shared/CLINICAL.md), never from the program's formula:
 *   knee, 4 visits on 2026-11-01/08/15/22 given out of order; peaks 95, 105, 112,
 *   121; troughs (extension deficit) 12, 9, 5, 2:
 *     trough against the first: -3, -7, -10 vs the between-session MDC95 5.4 (Thieme
 *       2024) -> within, improved, improved (lower is better);
 *     peak: only figures of unstated design (Hancock 2018) -> no verdict;
 *   pain NPRS 7, 6, 5, 3: -1, -2 are inside the 2-point error (a change must exceed
 *     it), -4 exceeds it and is at least the MCID (2 points) -> within, within, improved;
 *   pain after 4, 4, 4, 8: +4 beyond the error, the wrong way -> worse;
 *   PSFS means 3, 4, 5, 6.5: +1, +2 inside the 2-point MDC, +3.5 beyond it and over the
 *     1.3 MCID -> within, within, improved;
 *   shoulder flexion peaks 100, 120, 140 against the between-session MDC95 34.1
 *     (Dougherty 2015: 1.96 x sqrt 2 x 12.3): +20 within, +40 improved.
 * Also: mixing subjects, tests and sides refused with one line; the outcomes written,
 * annotated and read back with everything else in session.json unchanged; invalid
 * PRO values refused; the pseudonym layout; the page rendered by headless Chromium. */
#include <cjson/cJSON.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "romcap/files.h"
#include "romcap/report.h"
#include "romcap/session.h"
#include "test_util.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    size_t k = fread(b, 1, (size_t)n, f);
    b[k] = '\0';
    fclose(f);
    return b;
}

static char *model_text(const char *name)
{
    char p[1200];
    snprintf(p, sizeof p, "%s/models/%s.json", ROMCAP_SOURCE_DIR, name);
    return slurp(p);
}

typedef struct visit {
    const char *day; /* YYYY-MM-DD */
    double peak, trough;
    int pain, pain_after; /* -1 none */
    const char *psfs;     /* "a=3,b=4" or NULL */
    const char *subject, *side;
} visit;

/* A session folder of 4 frames with set ROM and outcomes as in v. */
static void make_session(const char *dir, const char *model_json, const char *angle,
                         const visit *v)
{
    static const uint8_t jpeg[4] = {0xff, 0xd8, 0xff, 0xd9};
    rc_err err = {{0}};
    rc_session_outcomes o;
    rc_outcomes_init(&o);
    o.pain = v->pain;
    o.pain_after = v->pain_after;
    if (v->psfs)
        CHECK(rc_outcomes_parse_psfs(v->psfs, "--psfs", &o, &err) == RC_OK);
    snprintf(o.note, sizeof o.note, "visit on %s", v->day);
    rc_session_config c = {.software = "romcap test", .model_name = angle,
                           .model_json = model_json, .subject = v->subject, .test = angle,
                           .width = 16, .height = 16, .fps = 30, .jpeg_quality = 90,
                           .queue_frames = 4, .outcomes = &o};
    rc_session_writer *w = rc_session_writer_create(dir, &c, &err);
    CHECK_MSG(w != NULL, "%s", err.msg);
    for (int i = 0; w && i < 4; i++)
        rc_session_writer_push(w, jpeg, sizeof jpeg, (int64_t)i * 33333333, &err);
    CHECK(w && rc_session_writer_close(w, NULL, &err) == RC_OK);
    char p[1300];
    snprintf(p, sizeof p, "%s/angles.csv", dir);
    FILE *f = fopen(p, "w");
    fprintf(f, "frame,t_s,%s\n", angle);
    for (int i = 0; i < 4; i++)
        fprintf(f, "%d,%.6f,%.3f\n", i, i / 30.0, i % 2 ? v->peak : v->trough);
    fclose(f);
    snprintf(p, sizeof p, "%s/summary.json", dir);
    f = fopen(p, "w");
    fprintf(f,
            "{\"format\": \"romcap-summary/1\", \"model\": {\"name\": \"%s\", \"side\": \"%s\"},"
            " \"compensations\": [{\"name\": \"hip_hike\", \"label\": \"Hip hikes\", \"unit\": "
            "\"deg\", \"enabled\": true, \"limit\": 10, \"max\": 12.5, \"reps\": 3, "
            "\"reps_flagged\": 1}],"
            " \"angles\": [{\"name\": \"%s\", \"rom\": {\"reps\": 3, \"peak_mean_deg\": %g, "
            "\"peak_sd_deg\": 1.5, \"trough_mean_deg\": %g, \"trough_sd_deg\": 1.0, "
            "\"range_mean_deg\": %g, \"range_sd_deg\": 2.0, \"largest_peak_deg\": %g, "
            "\"largest_range_deg\": %g}}]}\n",
            angle, v->side ? v->side : "right", angle, v->peak, v->trough, v->peak - v->trough,
            v->peak + 1, v->peak - v->trough + 1);
    fclose(f);
    /* the visit's day in session.json "created" */
    snprintf(p, sizeof p, "%s/session.json", dir);
    char *t = slurp(p), *at = t ? strstr(t, "\"created\"") : NULL;
    at = at ? strchr(at + 9, '"') : NULL;
    CHECK(at != NULL);
    if (at)
        memcpy(at + 1, v->day, 10);
    f = t ? fopen(p, "w") : NULL;
    if (f) {
        fputs(t, f);
        fclose(f);
    }
    free(t);
}

static const cJSON *item(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static const char *word(const cJSON *o)
{
    const cJSON *v = item(o, "verdict");
    return cJSON_IsString(v) ? v->valuestring : "";
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* Runs a shell command and returns its exit status; its stderr into `err_path`. */
static int run(const char *cmd)
{
    int rs = system(cmd);
    return WIFEXITED(rs) ? WEXITSTATUS(rs) : -1;
}

static int lines_in(const char *path)
{
    char *t = slurp(path);
    int n = t ? count(t, "\n") : -1;
    free(t);
    return n;
}

static void chromium_check(const char *root, const char *html)
{
    const char *chromium = "/usr/bin/chromium";
    if (!test_path_exists(chromium)) {
        printf("chromium check skipped: %s not installed\n", chromium);
        return;
    }
    char cmd[8192], png[1200], dom[1200];
    snprintf(png, sizeof png, "%s/shot.png", root);
    snprintf(dom, sizeof dom, "%s/dom.html", root);
    const char *flags = "--headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
                        "--hide-scrollbars --no-first-run --disable-extensions";
    snprintf(cmd, sizeof cmd,
             "cd '%s' && ASAN_OPTIONS= LSAN_OPTIONS= HOME='%s' %s %s --window-size=800,2400 "
             "--screenshot='%s' 'file://%s' >/dev/null 2>&1",
             root, root, chromium, flags, png, html);
    CHECK(system(cmd) == 0);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && ASAN_OPTIONS= LSAN_OPTIONS= HOME='%s' %s %s --dump-dom 'file://%s' "
             "> '%s' 2>/dev/null",
             root, root, chromium, flags, html, dom);
    CHECK(system(cmd) == 0);
    char *d = slurp(dom);
    CHECK(d != NULL);
    if (d) {
        /* pain, function, knee peak, knee trough, knee range: five panels, each a chart
         * with its "better" words, the line through 4 sessions and its error band */
        CHECK_MSG(count(d, "<svg class=\"chart\"") == 5, "%d charts",
                  count(d, "<svg class=\"chart\""));
        CHECK(count(d, "Lower is better") == 2 && count(d, "Higher is better") == 3);
        CHECK(count(d, "<circle class=\"val\"") == 5 * 4);
        /* error bands: pain, function and the knee trough; the peak and the range have no
         * published figure of this design */
        CHECK(count(d, "<rect class=\"err\"") == 3);
        CHECK(strstr(d, "goal 120") != NULL);
        CHECK(!strstr(d, "<script"));
        free(d);
    }
    struct stat st;
    CHECK(stat(png, &st) == 0 && st.st_size > 20000); /* a drawn page, not a blank one */
    printf("screenshot %s: %lld bytes\n", png, (long long)st.st_size);
    if (getenv("ROMCAP_KEEP_SHOT")) {
        snprintf(cmd, sizeof cmd, "cp '%s' '%s'", png, getenv("ROMCAP_KEEP_SHOT"));
        CHECK(system(cmd) == 0);
    }
}

/* The knee course through the command (a parent folder, sessions found and ordered). */
static void knee_course(const char *root)
{
    char *knee = model_text("knee_flexion");
    CHECK(knee != NULL);
    static const visit v[4] = {
        {"2026-11-15", 112, 5, 5, 4, "stairs=5,kneel=5", "P017", NULL},
        {"2026-11-01", 95, 12, 7, 4, "stairs=4,kneel=2", "P017", NULL},
        {"2026-11-22", 121, 2, 3, 8, "stairs=7,kneel=6", "P017", NULL},
        {"2026-11-08", 105, 9, 6, 4, "stairs=5,kneel=3", "P017", NULL},
    };
    char course[1300], dir[1400];
    snprintf(course, sizeof course, "%s/P017", root);
    rc_err e = {{0}};
    CHECK(rc_mkdir_private(course, &e) == RC_OK);
    for (int i = 0; i < 4; i++) {
        snprintf(dir, sizeof dir, "%s/s%d", course, i);
        make_session(dir, knee, "knee_flexion", &v[i]);
    }
    free(knee);
    char cmd[8192], html[1400], json[1400], csv[1400];
    snprintf(html, sizeof html, "%s/progress.html", root);
    snprintf(json, sizeof json, "%s/progress.json", root);
    snprintf(csv, sizeof csv, "%s/progress.csv", root);
    snprintf(cmd, sizeof cmd, "%s/src/romcap --log warn progress '%s' --goal 120 --out '%s'",
             ROMCAP_BINARY_DIR, course, html);
    CHECK(run(cmd) == 0);
    char *js = slurp(json);
    cJSON *r = js ? cJSON_Parse(js) : NULL;
    CHECK(r != NULL);
    const cJSON *ss = item(r, "sessions");
    CHECK(cJSON_GetArraySize(ss) == 4);
    static const char *order[4] = {"2026-11-01", "2026-11-08", "2026-11-15", "2026-11-22"};
    for (int i = 0; i < 4 && i < cJSON_GetArraySize(ss); i++)
        CHECK_MSG(!strcmp(item(cJSON_GetArrayItem(ss, i), "date")->valuestring, order[i]),
                  "session %d", i);
    const cJSON *ms = item(cJSON_GetArrayItem(item(r, "angles"), 0), "measures");
    CHECK(cJSON_GetArraySize(ms) == 3); /* peak, trough, range: the knee says which is better */
    static const double peak[4] = {95, 105, 112, 121}, trough[4] = {12, 9, 5, 2};
    static const char *tw[4] = {"first session", "within measurement error", "improved",
                                "improved"};
    const cJSON *pk = item(cJSON_GetArrayItem(ms, 0), "sessions");
    const cJSON *tr = item(cJSON_GetArrayItem(ms, 1), "sessions");
    for (int i = 0; i < 4; i++) {
        const cJSON *p = cJSON_GetArrayItem(pk, i), *t = cJSON_GetArrayItem(tr, i);
        CHECK_NEAR(item(p, "mean_deg")->valuedouble, peak[i], 1e-9);
        CHECK_NEAR(item(t, "mean_deg")->valuedouble, trough[i], 1e-9);
        CHECK_MSG(!strcmp(word(t), tw[i]), "trough %d: %s", i, word(t));
        if (i) {
            CHECK_NEAR(item(t, "change_from_first_deg")->valuedouble, trough[i] - 12, 1e-9);
            CHECK_NEAR(item(item(t, "error_figure"), "mdc95_deg")->valuedouble, 5.4, 1e-9);
            CHECK_MSG(!strcmp(word(p), "no verdict"), "peak %d: %s", i, word(p));
        }
    }
    static const char *pw[4] = {"first session", "within measurement error",
                                "within measurement error", "improved"};
    static const char *aw[4] = {"first session", "within measurement error",
                                "within measurement error", "worse"};
    static const double pain[4] = {7, 6, 5, 3}, psfs[4] = {3, 4, 5, 6.5};
    const cJSON *ps = item(item(r, "pain"), "sessions"), *as = item(item(r, "pain_after"), "sessions");
    const cJSON *fs = item(item(r, "function"), "sessions");
    for (int i = 0; i < 4; i++) {
        CHECK_NEAR(item(cJSON_GetArrayItem(ps, i), "value")->valuedouble, pain[i], 1e-9);
        CHECK_NEAR(item(cJSON_GetArrayItem(fs, i), "value")->valuedouble, psfs[i], 1e-9);
        CHECK_MSG(!strcmp(word(cJSON_GetArrayItem(ps, i)), pw[i]), "pain %d", i);
        CHECK_MSG(!strcmp(word(cJSON_GetArrayItem(as, i)), aw[i]), "pain after %d", i);
        CHECK_MSG(!strcmp(word(cJSON_GetArrayItem(fs, i)), pw[i]), "psfs %d", i);
    }
    const char *sum = cJSON_IsString(item(r, "summary")) ? item(r, "summary")->valuestring : "";
    printf("summary: %s\n", sum);
    CHECK(strstr(sum, "fell from 7 to 3") && strstr(sum, "rose from 95"));
    CHECK(strstr(sum, "Over 4 sessions from 2026-11-01 to 2026-11-22"));
    CHECK(strstr(sum, "goal of 120\xC2\xB0 is reached")); /* 121 >= 120 */
    cJSON_Delete(r);
    free(js);
    /* the CSV: a header and one row per session and angle */
    CHECK(lines_in(csv) == 5);
    char *h = slurp(html);
    CHECK(h && strstr(h, "Hip hikes: 1 of 3"));
    free(h);
    chromium_check(root, html);
}

/* Shoulder flexion through the API: the peak judged against Dougherty's 34.1. */
static void shoulder_course(const char *root)
{
    char *sh = model_text("shoulder_flexion");
    CHECK(sh != NULL);
    static const visit v[3] = {{"2026-10-01", 100, 3, -1, -1, NULL, "P9", NULL},
                               {"2026-10-08", 120, 3, -1, -1, NULL, "P9", NULL},
                               {"2026-10-15", 140, 3, -1, -1, NULL, "P9", NULL}};
    char d[3][1300];
    const char *dirs[3];
    for (int i = 0; i < 3; i++) {
        snprintf(d[i], sizeof d[i], "%s/sh%d", root, i);
        make_session(d[i], sh, "shoulder_flexion", &v[i]);
        dirs[i] = d[i];
    }
    free(sh);
    char html[1300], json[1300];
    snprintf(html, sizeof html, "%s/sh.html", root);
    snprintf(json, sizeof json, "%s/sh.json", root);
    rc_err err = {{0}};
    CHECK_MSG(rc_progress_write(dirs, 3, html, json, NULL, NULL, &err) == RC_OK, "%s", err.msg);
    char *js = slurp(json);
    cJSON *r = js ? cJSON_Parse(js) : NULL;
    const cJSON *pk = item(cJSON_GetArrayItem(item(cJSON_GetArrayItem(item(r, "angles"), 0),
                                                   "measures"), 0), "sessions");
    CHECK(!strcmp(word(cJSON_GetArrayItem(pk, 1)), "within measurement error"));
    CHECK(!strcmp(word(cJSON_GetArrayItem(pk, 2)), "improved"));
    const cJSON *fig = item(cJSON_GetArrayItem(pk, 2), "error_figure");
    CHECK(fig && fabs(item(fig, "mdc95_deg")->valuedouble - 34.09) < 0.01);
    /* no outcomes recorded: no pain or function panel, and no verdict on them */
    CHECK(!strcmp(word(cJSON_GetArrayItem(item(item(r, "pain"), "sessions"), 2)), "no verdict"));
    char *h = slurp(html);
    CHECK(h && !strstr(h, "id=\"pain\"") && count(h, "<svg class=\"chart\"") == 2); /* peak, range: the trough has no better direction */
    free(h);
    cJSON_Delete(r);
    free(js);
}

/* Sessions of other subjects, tests or sides are refused, with one line naming both. */
static void refusals(const char *root)
{
    char *knee = model_text("knee_flexion"), *hip = model_text("hip_flexion");
    visit a = {"2026-11-01", 100, 5, 5, -1, NULL, "P017", NULL};
    visit b = a, c = a, d = a;
    b.subject = "P018";
    d.side = "left";
    char da[1300], db[1300], dc[1300], dd[1300], html[1300];
    snprintf(da, sizeof da, "%s/ra", root);
    snprintf(db, sizeof db, "%s/rb", root);
    snprintf(dc, sizeof dc, "%s/rc", root);
    snprintf(dd, sizeof dd, "%s/rd", root);
    snprintf(html, sizeof html, "%s/refused.html", root);
    make_session(da, knee, "knee_flexion", &a);
    make_session(db, knee, "knee_flexion", &b);
    make_session(dc, hip, "hip_flexion", &c);
    make_session(dd, knee, "knee_flexion", &d);
    free(knee);
    free(hip);
    struct {
        const char *other, *says;
    } cases[] = {{db, "subject 'P018'"}, {dc, "test 'hip_flexion'"}, {dd, "left side"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *dirs[2] = {da, cases[i].other};
        rc_err err = {{0}};
        CHECK(rc_progress_write(dirs, 2, html, NULL, NULL, NULL, &err) == RC_E_ARG);
        CHECK_MSG(strstr(err.msg, cases[i].says) && !strchr(err.msg, '\n'), "%s", err.msg);
        CHECK(!test_path_exists(html));
    }
    /* through the command: exit 1, one line on stderr */
    char cmd[8192], errf[1300];
    snprintf(errf, sizeof errf, "%s/err.txt", root);
    snprintf(cmd, sizeof cmd, "%s/src/romcap progress '%s' '%s' --out '%s' 2>'%s'",
             ROMCAP_BINARY_DIR, da, db, html, errf);
    CHECK(run(cmd) == 1);
    CHECK(lines_in(errf) == 1);
}

/* Outcomes: invalid values refused; annotate rewrites only "outcomes". */
static void outcomes(const char *root)
{
    rc_session_outcomes o;
    rc_outcomes_init(&o);
    rc_err err = {{0}};
    int v = -5;
    static const char *bad_pain[] = {"11", "-1", "abc", "7.5", "", "3x", "100"};
    for (size_t i = 0; i < sizeof bad_pain / sizeof bad_pain[0]; i++) {
        CHECK_MSG(rc_outcomes_parse_pain(bad_pain[i], "--pain", &v, &err) == RC_E_ARG, "'%s'",
                  bad_pain[i]);
        CHECK(v == -5 && strstr(err.msg, "--pain") && !strchr(err.msg, '\n'));
    }
    CHECK(rc_outcomes_parse_pain("0", "--pain", &v, &err) == RC_OK && v == 0);
    CHECK(rc_outcomes_parse_pain("10", "--pain", &v, &err) == RC_OK && v == 10);
    static const char *bad_psfs[] = {"stairs", "stairs=11", "=4", "stairs=-1", "stairs=x",
                                     "a=1,b=2,c=3,d=4,e=5,f=6", "stairs=4,stairs=5", "a=1,,b=2"};
    for (size_t i = 0; i < sizeof bad_psfs / sizeof bad_psfs[0]; i++)
        CHECK_MSG(rc_outcomes_parse_psfs(bad_psfs[i], "--psfs", &o, &err) == RC_E_ARG, "'%s'",
                  bad_psfs[i]);
    CHECK(o.n_psfs == 0);
    CHECK(rc_outcomes_parse_psfs(" stairs = 4 , kneel=2", "--psfs", &o, &err) == RC_OK);
    CHECK(o.n_psfs == 2 && !strcmp(o.psfs[0].activity, "stairs") && o.psfs[1].score == 2);
    CHECK_NEAR(rc_outcomes_psfs_mean(&o), 3.0, 1e-12);
    CHECK(rc_outcomes_set_note("two\nlines", "--note", &o, &err) == RC_E_ARG);

    /* annotate round trip */
    char *knee = model_text("knee_flexion");
    visit a = {"2026-11-01", 100, 5, 7, -1, "stairs=4", "P017", NULL};
    char dir[1300], p[1400];
    snprintf(dir, sizeof dir, "%s/ann", root);
    make_session(dir, knee, "knee_flexion", &a);
    free(knee);
    snprintf(p, sizeof p, "%s/session.json", dir);
    char *before = slurp(p);
    rc_session_outcomes n;
    rc_outcomes_init(&n);
    n.pain = 3;
    n.pain_after = 4;
    CHECK(rc_outcomes_parse_psfs("stairs=6,kneel=5,squat=1", "--psfs", &n, &err) == RC_OK);
    CHECK(rc_outcomes_set_note("after \"manual\" therapy <b>", "--note", &n, &err) == RC_OK);
    CHECK_MSG(rc_session_set_outcomes(dir, &n, &err) == RC_OK, "%s", err.msg);
    rc_session *s = rc_session_open(dir, &err);
    CHECK(s != NULL);
    if (s) {
        const rc_session_outcomes *r = &rc_session_get_meta(s)->outcomes;
        CHECK(r->pain == 3 && r->pain_after == 4 && r->n_psfs == 3);
        CHECK(!strcmp(r->psfs[2].activity, "squat") && r->psfs[2].score == 1);
        CHECK(!strcmp(r->note, n.note));
        rc_session_close(s);
    }
    char *after = slurp(p);
    struct stat st;
    CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600);
    /* everything but "outcomes" unchanged, byte for byte up to it */
    const char *ob = before ? strstr(before, "\"outcomes\"") : NULL;
    const char *oa = after ? strstr(after, "\"outcomes\"") : NULL;
    CHECK(ob && oa && ob - before == oa - after && !memcmp(before, after, (size_t)(ob - before)));
    cJSON *jb = before ? cJSON_Parse(before) : NULL, *ja = after ? cJSON_Parse(after) : NULL;
    cJSON_DeleteItemFromObject(jb, "outcomes");
    cJSON_DeleteItemFromObject(ja, "outcomes");
    CHECK(jb && ja && cJSON_Compare(jb, ja, 1));
    cJSON_Delete(jb);
    cJSON_Delete(ja);
    free(before);
    free(after);
    /* the command refuses an invalid value with one line and changes nothing */
    char cmd[8192], errf[1300];
    snprintf(errf, sizeof errf, "%s/ann_err.txt", root);
    const char *bad[] = {"--pain 11", "--pain -1", "--pain text", "--psfs 'stairs=4,kneel'"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        before = slurp(p);
        snprintf(cmd, sizeof cmd, "%s/src/romcap annotate '%s' %s 2>'%s'", ROMCAP_BINARY_DIR, dir,
                 bad[i], errf);
        CHECK_MSG(run(cmd) == 2, "%s", bad[i]);
        CHECK(lines_in(errf) == 1);
        after = slurp(p);
        CHECK(before && after && !strcmp(before, after));
        free(before);
        free(after);
    }
    snprintf(cmd, sizeof cmd, "%s/src/romcap --log warn annotate '%s' --pain 2", ROMCAP_BINARY_DIR,
             dir);
    CHECK(run(cmd) == 0);
    s = rc_session_open(dir, &err);
    CHECK(s && rc_session_get_meta(s)->outcomes.pain == 2 &&
          rc_session_get_meta(s)->outcomes.n_psfs == 3); /* the rest kept */
    rc_session_close(s);
}

/* The pseudonym layout: ROOT/P017/YYYY-MM-DD-TEST-TAG, private, names refused. */
static void layout(const char *root)
{
    char base[1300], out[1400];
    snprintf(base, sizeof base, "%s/course", root);
    rc_err err = {{0}};
    CHECK(rc_session_course_dir(base, "Jane Doe", "knee_flexion", "pre", out, sizeof out, &err) ==
          RC_E_ARG);
    CHECK(rc_pseudonym_check("../x", &err) == RC_E_ARG && rc_pseudonym_check("", &err) == RC_E_ARG);
    CHECK(rc_session_course_dir(base, "P017", "knee_flexion", "pre", out, sizeof out, &err) ==
          RC_OK);
    char want[1400];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char day[16];
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    snprintf(want, sizeof want, "%s/P017/%s-knee_flexion-pre", base, day);
    CHECK_MSG(!strcmp(out, want), "%s", out);
    struct stat st;
    snprintf(want, sizeof want, "%s/P017", base);
    CHECK(stat(want, &st) == 0 && (st.st_mode & 0777) == 0700);
    /* taken: the next free name */
    char *knee = model_text("knee_flexion");
    visit a = {"2026-11-01", 100, 5, 4, -1, NULL, "P017", NULL};
    make_session(out, knee, "knee_flexion", &a);
    free(knee);
    char second[1400];
    CHECK(rc_session_course_dir(base, "P017", "knee_flexion", "pre", second, sizeof second,
                                &err) == RC_OK);
    CHECK(strlen(second) == strlen(out) + 2 && !strcmp(second + strlen(out), "-2"));
    rc_session_entry *e = NULL;
    int n = 0;
    CHECK(rc_session_list(base, &e, &n, &err) == RC_OK && n == 1);
    CHECK(n == 1 && !strcmp(e[0].meta.subject, "P017") && e[0].frames == 4 &&
          e[0].meta.outcomes.pain == 4);
    free(e);
    /* `romcap sessions ROOT`: one line for it, with its pain */
    char cmd[8192], list[1400];
    snprintf(list, sizeof list, "%s/list.txt", root);
    snprintf(cmd, sizeof cmd, "%s/src/romcap sessions '%s' > '%s'", ROMCAP_BINARY_DIR, base, list);
    CHECK(run(cmd) == 0);
    char *t = slurp(list);
    CHECK(t && lines_in(list) == 2 && strstr(t, "P017") && strstr(t, "knee_flexion"));
    const char *row = t ? strchr(t, '\n') : NULL;
    int frames = 0, pain = -1;
    char subj[32] = "", date[16] = "", test[64] = "", tag[16] = "";
    CHECK(row && sscanf(row + 1, "%31s %15s %63s %15s %d %d", subj, date, test, tag, &frames,
                        &pain) == 6 && frames == 4 && pain == 4);
    free(t);
}

int main(void)
{
    char root[] = "/tmp/romcap_test_progress_XXXXXX";
    if (!mkdtemp(root))
        TEST_SKIP("cannot create a temporary folder");
    knee_course(root);
    shoulder_course(root);
    refusals(root);
    outcomes(root);
    layout(root);
    char cmd[1300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (getenv("ROMCAP_KEEP_PROGRESS"))
        printf("kept %s\n", root);
    else if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
    return TEST_RESULT();
}
