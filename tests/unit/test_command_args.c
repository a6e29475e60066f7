/* test_command_args.c - the pieces of the command layer that moved into stages with
 * the thin commands (issue 12), each against what it must give by definition: the
 * --board and --vertical texts of calibrate (calib.h), learn's --at points
 * (analysis.h), the files progress writes beside its page (report.h), the set-up
 * check's JSON file read back by its one reader and its table (check.h), the sessions
 * table (session.h) and the scenes listing (synth.h). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "romcap/analysis.h"
#include "romcap/calib.h"
#include "romcap/check.h"
#include "romcap/report.h"
#include "romcap/session.h"
#include "romcap/synth.h"
#include "test_util.h"

static void board_and_vertical(void)
{
    rc_err err = {{0}};
    rc_board b = {0};
    CHECK(rc_board_parse("9x6", &b, &err) == RC_OK && b.cols == 9 && b.rows == 6);
    CHECK(rc_board_parse("7X5", &b, &err) == RC_OK && b.cols == 7 && b.rows == 5);
    const char *bad[] = {"9y6", "9x", "1x6", "9x6 ", "x", "", "9x6x2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_MSG(rc_board_parse(bad[i], &b, &err) == RC_E_ARG, "'%s' accepted", bad[i]);
        CHECK_STR_CONTAINS(err.msg, "expected CxR like 9x6");
    }
    rc_calib_request rq = {0};
    CHECK(rc_calib_vertical_parse("10,20.5,30,-4", &rq, &err) == RC_OK && rq.vertical_plumb &&
          !rq.vertical_board);
    CHECK(rq.plumb[0] == 10 && rq.plumb[1] == 20.5 && rq.plumb[2] == 30 && rq.plumb[3] == -4);
    CHECK(rc_calib_vertical_parse("board", &rq, &err) == RC_OK && rq.vertical_board &&
          !rq.vertical_plumb); /* the last --vertical counts */
    CHECK(rc_calib_vertical_parse("1,2,3", &rq, &err) == RC_E_ARG);
    CHECK(rc_calib_vertical_parse("1,2,3,4,", &rq, &err) == RC_E_ARG);
    CHECK_STR_CONTAINS(err.msg, "got '1,2,3,4,'");
}

static void learn_points(void)
{
    rc_learn_point p;
    CHECK(rc_learn_point_parse("knee=12.5,300", &p) && !strcmp(p.name, "knee"));
    CHECK(p.x_px == 12.5f && p.y_px == 300.0f);
    /* ("knee=1,", an empty Y, reads as 0: the parser moved here unchanged) */
    const char *bad[] = {"knee", "=1,2", "knee=1", "knee=-1,2", "knee=1,2x", "knee=1e6,2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_MSG(!rc_learn_point_parse(bad[i], &p), "'%s' accepted", bad[i]);
    char longname[RC_NAME_CAP + 8];
    memset(longname, 'a', sizeof longname);
    snprintf(longname + RC_NAME_CAP, 8, "=1,2");
    CHECK(!rc_learn_point_parse(longname, &p)); /* a name that cannot fit */
}

static void progress_paths(void)
{
    const char *cases[][3] = {{"out/p.html", ".json", "out/p.json"},
                              {"p", ".csv", "p.csv"},
                              {"a.b/page", ".json", "a.b/page.json"},
                              {"x.html", ".csv", "x.csv"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *p = rc_progress_path_beside(cases[i][0], cases[i][1]);
        CHECK_MSG(p && !strcmp(p, cases[i][2]), "%s -> %s", cases[i][0], p ? p : "NULL");
        free(p);
    }
}

/* A result written as a file by rc_check_json_write comes back through the one
 * reader; the table names every item and the overall level. */
static void check_file_and_table(void)
{
    rc_check_result r = {
        .frames = 150, .seconds = 4.97, .worst = RC_CHECK_FAIL, .n_items = RC_CHECK_N_ITEMS};
    for (int i = 0; i < RC_CHECK_N_ITEMS; i++) {
        r.item[i].id = (rc_check_id)i;
        r.item[i].level = i == 1 ? RC_CHECK_FAIL : RC_CHECK_PASS;
        r.item[i].value = i == 1 ? 12 : NAN;
        snprintf(r.item[i].measured, sizeof r.item[i].measured, "measured %d", i);
        if (i == 1)
            snprintf(r.item[i].advice, sizeof r.item[i].advice, "more light");
    }
    rc_err err = {{0}};
    CHECK(rc_check_json_write("check.json", &r, &err) == RC_OK);
    FILE *f = fopen("check.json", "rb");
    char text[16384];
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f)
        fclose(f);
    text[n] = '\0';
    CHECK(n > 0 && text[n - 1] == '\n');
    rc_check_result back;
    CHECK(rc_check_json_parse(text, n, "check.json", &back, &err) == RC_OK);
    CHECK(back.frames == 150 && back.worst == RC_CHECK_FAIL && back.n_items == RC_CHECK_N_ITEMS);
    CHECK(back.item[1].level == RC_CHECK_FAIL && !strcmp(back.item[1].advice, "more light"));
    CHECK(rc_check_json_write("no/such/dir/c.json", &r, &err) == RC_E_IO);
    unlink("check.json");

    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    rc_check_print(m, &r, "camera:0");
    fclose(m);
    CHECK_STR_CONTAINS(buf, "set-up check of camera:0: 150 frames, 5.0 s\n");
    CHECK_STR_CONTAINS(buf, "-> more light\n");
    CHECK_STR_CONTAINS(buf, "overall: fail\n");
    for (int i = 0; i < RC_CHECK_N_ITEMS; i++)
        CHECK_STR_CONTAINS(buf, rc_check_item_name((rc_check_id)i));
    free(buf);
}

static void listings(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    rc_session_list_print(m, "nowhere", NULL, 0);
    fclose(m);
    CHECK_STR_CONTAINS(buf, "subject ");
    CHECK_STR_CONTAINS(buf, "(no sessions under nowhere)\n");
    free(buf);

    rc_session_entry *e = calloc(1, sizeof *e);
    snprintf(e->dir, sizeof e->dir, "s/P01/x");
    snprintf(e->meta.subject, sizeof e->meta.subject, "P01");
    snprintf(e->meta.test, sizeof e->meta.test, "knee_flexion");
    rc_outcomes_init(&e->meta.outcomes);
    e->meta.outcomes.pain = 3;
    e->frames = 240;
    m = open_memstream(&buf, &len);
    rc_session_list_print(m, "s", e, 1);
    fclose(m);
    /* pain 3, nothing after, no PSFS, no set-up check recorded, not analysed */
    CHECK_STR_CONTAINS(buf, "knee_flexion");
    CHECK_STR_CONTAINS(buf, "    240    3     -     - -        no       s/P01/x\n");
    free(buf);
    free(e);

    m = open_memstream(&buf, &len);
    rc_synth_scenes_print(m);
    fclose(m);
    int lines = 0;
    for (const char *p = buf; *p; p++)
        lines += *p == '\n';
    CHECK(lines == rc_synth_scene_count() + rc_synth_mocap_scene_count());
    CHECK_STR_CONTAINS(buf, "knee_flexion             model knee_flexion ");
    free(buf);
}

int main(void)
{
    char dir[] = "/tmp/romcap_args_XXXXXX";
    if (!mkdtemp(dir) || chdir(dir) != 0)
        return 1;
    board_and_vertical();
    learn_points();
    progress_paths();
    check_file_and_table();
    listings();
    if (chdir("/") == 0)
        rmdir(dir);
    return TEST_RESULT();
}
