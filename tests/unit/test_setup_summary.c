/* test_setup_summary.c - the set-up check in summary.json (issue 20, results/
 * summary_check.c) and the words every report uses for it (rc_check_outcome,
 * rc_check_mark), against results written here by hand:
 * - the words: no check, a pass, a pass whose worst item could not be judged, warnings
 *   naming each warned item, a failure naming the failed items only, and the
 *   acknowledgement; the table marks pass / warn / FAIL / FAIL-ack / -;
 * - summary.json written with a failed, acknowledged check and a camera's controls
 *   reads back with the check field by field, the words, the trust note and the
 *   controls in session.json's form; without a check it is "check": null with the
 *   reason given, never a pass; a damaged block reads as no check (and no words);
 * - the rest of summary.json is what it was without the block (the block removed,
 *   the text is byte-identical to a summary written with nothing to say). */
#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "romcap/check.h"
#include "romcap/results.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"

static rc_check_result result(rc_check_level size_level, rc_check_level light_level, bool ack)
{
    rc_check_result r = {
        .frames = 150, .seconds = 4.967, .n_items = RC_CHECK_N_ITEMS, .acknowledged = ack};
    for (int i = 0; i < RC_CHECK_N_ITEMS; i++) {
        r.item[i] = (rc_check_item){.id = (rc_check_id)i, .level = RC_CHECK_PASS, .value = i + 0.5};
        snprintf(r.item[i].unit, sizeof r.item[i].unit, "u%d", i);
        snprintf(r.item[i].measured, sizeof r.item[i].measured, "measured %d", i);
    }
    r.item[RC_CHECK_SIZE].level = size_level;
    snprintf(r.item[RC_CHECK_SIZE].advice, sizeof r.item[RC_CHECK_SIZE].advice, "Move closer.");
    r.item[RC_CHECK_LIGHT].level = light_level;
    r.item[RC_CHECK_BLUR].value = NAN;
    r.worst = RC_CHECK_PASS;
    for (int i = 0; i < RC_CHECK_N_ITEMS; i++)
        if (r.item[i].level != RC_CHECK_SKIP && r.item[i].level > r.worst)
            r.worst = r.item[i].level;
    return r;
}

static void test_words(void)
{
    char b[256];
    rc_check_result none = {0};
    CHECK(!strcmp(rc_check_outcome(NULL, b, sizeof b), "no set-up check recorded"));
    CHECK(!strcmp(rc_check_outcome(&none, b, sizeof b), "no set-up check recorded"));
    CHECK(!strcmp(rc_check_mark(&none), "-") && !strcmp(rc_check_mark(NULL), "-"));
    rc_check_result r = result(RC_CHECK_PASS, RC_CHECK_SKIP, false);
    CHECK_MSG(!strcmp(rc_check_outcome(&r, b, sizeof b), "passed"), "%s", b);
    CHECK(!strcmp(rc_check_mark(&r), "pass"));
    r = result(RC_CHECK_WARN, RC_CHECK_WARN, false);
    CHECK_MSG(
        !strcmp(rc_check_outcome(&r, b, sizeof b), "passed with warnings (light, sticker size)"),
        "%s", b);
    CHECK(!strcmp(rc_check_mark(&r), "warn"));
    r = result(RC_CHECK_FAIL, RC_CHECK_WARN, false); /* the warned light is not named */
    CHECK_MSG(!strcmp(rc_check_outcome(&r, b, sizeof b), "failed (sticker size)"), "%s", b);
    CHECK(!strcmp(rc_check_mark(&r), "FAIL"));
    r.acknowledged = true;
    CHECK_MSG(!strcmp(rc_check_outcome(&r, b, sizeof b),
                      "failed (sticker size); recorded anyway after the warning"),
              "%s", b);
    CHECK(!strcmp(rc_check_mark(&r), "FAIL-ack"));
}

/* A few frames of a knee flexion, enough for summary.json. */
enum { N = 40 };

static char *summary_text(const rc_model *m, rc_run_info *info)
{
    static int64_t frame[N];
    static double t[N], deg[N * RC_MAX_ANGLES];
    for (int i = 0; i < N; i++) {
        frame[i] = i;
        t[i] = i / 30.0;
        for (int a = 0; a < m->n_angles; a++)
            deg[i * m->n_angles + a] = 60 - 50 * cos(i / 6.0);
    }
    rc_angles an = {.n_angles = m->n_angles, .n = N, .frame = frame, .t_s = t, .deg = deg};
    for (int a = 0; a < m->n_angles; a++)
        memcpy(an.name[a], m->angle[a].name, sizeof an.name[a]);
    info->input = "test";
    info->source = (rc_source_info){.width = 640, .height = 480, .fps = 30};
    info->frames_analysed = N;
    rc_err err = {{0}};
    char *text = rc_summary_json(m, &an, info, &err);
    CHECK_MSG(text != NULL, "%s", err.msg);
    return text;
}

/* The "setup" block cut out of `text` (its key, its object and the comma before). */
static void cut_setup(char *text)
{
    char *k = strstr(text, ",\n\t\"setup\":");
    if (!k)
        return;
    char *p = strchr(k, '{');
    int depth = 0;
    for (; *p; p++) {
        depth += *p == '{';
        if (*p == '}' && --depth == 0)
            break;
    }
    memmove(k, p + 1, strlen(p + 1) + 1);
}

static void same_check(const rc_check_result *a, const rc_check_result *b)
{
    CHECK(a->worst == b->worst && a->frames == b->frames && a->n_items == b->n_items &&
          a->acknowledged == b->acknowledged);
    CHECK_NEAR(a->seconds, b->seconds, 1e-9);
    for (int i = 0; i < a->n_items && i < b->n_items; i++) {
        CHECK(a->item[i].id == b->item[i].id && a->item[i].level == b->item[i].level);
        CHECK(isnan(a->item[i].value) ? isnan(b->item[i].value)
                                      : fabs(a->item[i].value - b->item[i].value) < 1e-9);
        CHECK(!strcmp(a->item[i].unit, b->item[i].unit) &&
              !strcmp(a->item[i].measured, b->item[i].measured) &&
              !strcmp(a->item[i].advice, b->item[i].advice));
    }
}

static void test_round_trip(const rc_model *m)
{
    rc_run_info *info = calloc(1, sizeof *info), *bare = calloc(1, sizeof *bare);
    rc_summary *s = calloc(1, sizeof *s);
    if (!info || !bare || !s)
        goto out;
    info->check = result(RC_CHECK_FAIL, RC_CHECK_PASS, true);
    info->camera_controls = (rc_camera_controls){
        .applied = 1,
        .warmup_s = 1.5,
        .exposure = {.mode = RC_CAM_DEFAULT, .requested = NAN, .in_force = 15.6, .locked = 1},
        .white_balance = {.mode = RC_CAM_MANUAL, .requested = 4500, .in_force = 4500},
        .gain = {.mode = RC_CAM_MANUAL, .requested = 40, .in_force = 0, .refused = 1}};
    char *text = summary_text(m, info);
    rc_err err = {{0}};
    CHECK_MSG(text && rc_summary_parse(text, "written", s, &err) == RC_OK, "%s", err.msg);
    same_check(&info->check, &s->check);
    CHECK_MSG(!strcmp(s->setup_result, "failed (sticker size); recorded anyway after the warning"),
              "%s", s->setup_result);
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    const cJSON *su = cJSON_GetObjectItem(root, "setup");
    CHECK(cJSON_IsNull(cJSON_GetObjectItem(su, "reason")));
    CHECK(cJSON_IsString(cJSON_GetObjectItem(su, "trust_note")) &&
          !strcmp(cJSON_GetObjectItem(su, "trust_note")->valuestring, RC_CHECK_TRUST_NOTE));
    const cJSON *cc = cJSON_GetObjectItem(su, "camera_controls");
    const cJSON *ex = cJSON_GetObjectItem(cc, "exposure"), *g = cJSON_GetObjectItem(cc, "gain");
    CHECK(cJSON_GetObjectItem(ex, "in_force") &&
          cJSON_GetObjectItem(ex, "in_force")->valuedouble == 15.6 &&
          cJSON_IsTrue(cJSON_GetObjectItem(ex, "locked")) &&
          cJSON_IsNull(cJSON_GetObjectItem(ex, "requested")) &&
          !strcmp(cJSON_GetObjectItem(ex, "mode")->valuestring, "default"));
    CHECK(g && cJSON_IsTrue(cJSON_GetObjectItem(g, "refused")) &&
          cJSON_IsNull(cJSON_GetObjectItem(g, "unit")));
    CHECK(cJSON_GetObjectItem(cJSON_GetObjectItem(cc, "white_balance"), "in_force")->valuedouble ==
          4500);
    cJSON_Delete(root);

    /* No check: null with its reason, never a pass; the rest unchanged. */
    bare->check_none = "the input is not a recorded session";
    char *plain = summary_text(m, bare);
    CHECK(plain && rc_summary_parse(plain, "plain", s, &err) == RC_OK);
    CHECK(s->check.n_items == 0 && !strcmp(s->setup_result, "no set-up check recorded"));
    root = plain ? cJSON_Parse(plain) : NULL;
    su = cJSON_GetObjectItem(root, "setup");
    CHECK(cJSON_IsNull(cJSON_GetObjectItem(su, "check")) &&
          cJSON_IsNull(cJSON_GetObjectItem(su, "camera_controls")) &&
          cJSON_IsNull(cJSON_GetObjectItem(su, "trust_note")));
    CHECK(cJSON_IsString(cJSON_GetObjectItem(su, "reason")) &&
          !strcmp(cJSON_GetObjectItem(su, "reason")->valuestring,
                  "the input is not a recorded session"));
    cJSON_Delete(root);
    if (text && plain) {
        cut_setup(text);
        cut_setup(plain);
        CHECK_MSG(!strcmp(text, plain), "summary.json differs beyond its setup block");
        CHECK(!strstr(text, "setup") && strstr(text, "\"tracking\":"));
    }
    free(text);
    free(plain);

    /* A damaged check is no check, and its words are not kept. */
    CHECK(rc_summary_parse("{\"angles\": [], \"setup\": {\"result\": \"passed\", \"check\": "
                           "{\"worst\": \"great\", \"items\": []}}}",
                           "damaged", s, &err) == RC_OK);
    CHECK(s->check.n_items == 0 && s->setup_result[0] == '\0');
    /* An older summary: nothing. */
    CHECK(rc_summary_parse("{\"angles\": []}", "old", s, &err) == RC_OK);
    CHECK(s->check.n_items == 0 && s->setup_result[0] == '\0');
out:
    free(info);
    free(bare);
    free(s);
}

int main(void)
{
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_resolve("knee_flexion", MODELS_DIR, &m, &err) != RC_OK) {
        printf("%s\n", err.msg);
        return 1;
    }
    test_words();
    test_round_trip(&m);
    return TEST_RESULT();
}
