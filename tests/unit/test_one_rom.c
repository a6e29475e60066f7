/* test_one_rom.c - issue 14 in the result files: angles.csv's per-angle quality column
 * (written, read back, old files still read, bad cells refused with the line), the
 * worst-of-markers rule, and summary.json's set ROM per repetition with predicted
 * frames never reported as an extreme or used for ROM.
 *
 * The series: three raised-cosine repetitions 10 -> 70 -> 10 deg (2 s each) at 30 fps;
 * truth: every repetition's peak 70, trough 10. One frame carries a wild value (170)
 * from a predicted position, as a constant-velocity guess through an occlusion can. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "romcap/results.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"

static const double PI = 3.14159265358979323846;

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_quality_round_trip(const char *dir)
{
    enum { NF = 40, NA = 2 };
    int64_t frame[NF];
    double t[NF], deg[NF * NA];
    uint8_t q[NF * NA];
    static const rc_track_state cycle[4] = {RC_TRACK_SEEN, RC_TRACK_STREAK,
                                            RC_TRACK_INTERPOLATED, RC_TRACK_PREDICTED};
    for (int i = 0; i < NF; i++) {
        frame[i] = i;
        t[i] = i / 30.0;
        for (int a = 0; a < NA; a++) {
            deg[i * NA + a] = (i * 7 + a) % 5 == 0 ? NAN : 3.5 * i - a;
            q[i * NA + a] = isnan(deg[i * NA + a]) ? RC_TRACK_LOST : cycle[(i + a) % 4];
        }
    }
    rc_angles w = {.n_angles = NA, .n = NF, .frame = frame, .t_s = t, .deg = deg, .q = q};
    snprintf(w.name[0], sizeof w.name[0], "knee_flexion");
    snprintf(w.name[1], sizeof w.name[1], "hip_flexion");
    char path[512];
    snprintf(path, sizeof path, "%s/angles.csv", dir);
    rc_err err = {{0}};
    CHECK(rc_angles_write(path, &w, &err) == RC_OK);
    FILE *f = fopen(path, "r");
    char head[256] = "";
    if (f) {
        CHECK(fgets(head, sizeof head, f) != NULL);
        fclose(f);
    }
    CHECK_MSG(!strcmp(head, "frame,t_s,knee_flexion,knee_flexion_q,hip_flexion,hip_flexion_q\n"),
              "header %s", head);
    rc_angles r;
    CHECK_MSG(rc_angles_read(path, &r, &err) == RC_OK, "%s", err.msg);
    CHECK(r.n == NF && r.n_angles == NA && r.q != NULL);
    int bad = 0;
    for (int i = 0; r.q && i < NF * NA; i++)
        bad += r.q[i] != q[i] || isnan(r.deg[i]) != isnan(deg[i]);
    CHECK_MSG(bad == 0, "%d cells differ", bad);
    rc_angles_free(&r);

    /* a file from before issue 14: no quality, every angle read */
    write_text(path, "frame,t_s,knee_flexion,hip_flexion\n0,0.000000,10.000,\n1,0.033333,11.000,"
                     "5.000\n");
    CHECK_MSG(rc_angles_read(path, &r, &err) == RC_OK, "%s", err.msg);
    CHECK(r.n == 2 && r.n_angles == 2 && r.q == NULL && r.deg[2] == 11);
    rc_angles_free(&r);

    /* refusals: a defined angle with no or an unknown quality, a missing _q column */
    write_text(path, "frame,t_s,knee_flexion,knee_flexion_q\n0,0,10.000,seen\n1,0.1,11.000,\n");
    CHECK(rc_angles_read(path, &r, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, ":3:");
    rc_angles_free(&r);
    write_text(path, "frame,t_s,knee_flexion,knee_flexion_q\n0,0,10.000,guessed\n");
    CHECK(rc_angles_read(path, &r, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "guessed");
    rc_angles_free(&r);
    write_text(path, "frame,t_s,a,a_q,b\n0,0,1,seen,2\n");
    CHECK(rc_angles_read(path, &r, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "b_q");
    rc_angles_free(&r);
}

/* rc_angle_state: the worst of the angle's markers; markers it does not use ignored. */
static void test_worst_of(const rc_model *m)
{
    rc_marker_state ms[RC_MAX_MARKERS];
    for (int k = 0; k < RC_MAX_MARKERS; k++)
        ms[k] = (rc_marker_state){.state = RC_TRACK_SEEN};
    CHECK(rc_angle_state(m, 0, ms) == RC_TRACK_SEEN);
    const int *mk = m->angle[0].marker;
    ms[mk[0]].state = RC_TRACK_STREAK;
    CHECK(rc_angle_state(m, 0, ms) == RC_TRACK_STREAK);
    ms[mk[1]].state = RC_TRACK_INTERPOLATED;
    CHECK(rc_angle_state(m, 0, ms) == RC_TRACK_INTERPOLATED);
    ms[mk[0]].state = RC_TRACK_PREDICTED;
    CHECK(rc_angle_state(m, 0, ms) == RC_TRACK_PREDICTED);
    CHECK(!rc_angle_state_usable(RC_TRACK_PREDICTED) && rc_angle_state_usable(RC_TRACK_STREAK) &&
          rc_angle_state_usable(RC_TRACK_INTERPOLATED) && !rc_angle_state_usable(RC_TRACK_LOST));
}

static void test_summary_rom(const char *dir, const rc_model *m)
{
    enum { N = 200 };
    int64_t frame[N];
    double t[N], deg[N * RC_MAX_ANGLES];
    uint8_t q[N * RC_MAX_ANGLES];
    int na = m->n_angles;
    for (int i = 0; i < N; i++) {
        frame[i] = i;
        t[i] = i / 30.0;
        double ph = i < 180 ? 2 * PI * i / 60.0 : 0;
        for (int a = 0; a < na; a++) {
            deg[i * na + a] = 10 + 30 * (1 - cos(ph));
            q[i * na + a] = i >= 40 && i < 46 ? RC_TRACK_INTERPOLATED : RC_TRACK_SEEN;
        }
    }
    deg[100 * na] = 170; /* a predicted position's angle */
    q[100 * na] = RC_TRACK_PREDICTED;
    rc_angles an = {.n_angles = na, .n = N, .frame = frame, .t_s = t, .deg = deg, .q = q};
    for (int a = 0; a < na; a++)
        memcpy(an.name[a], m->angle[a].name, sizeof an.name[a]);
    rc_run_info info = {.input = "test", .source = {.width = 640, .height = 360, .fps = 30}};
    char path[512];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    rc_err err = {{0}};
    CHECK_MSG(rc_summary_write(path, m, &an, &info, &err) == RC_OK, "%s", err.msg);
    rc_summary *s = malloc(sizeof *s);
    if (!s)
        return;
    CHECK_MSG(rc_summary_read(path, s, &err) == RC_OK, "%s", err.msg);
    const rc_summary_angle *k = rc_summary_find(s, m->angle[0].name);
    CHECK(k != NULL);
    if (k) {
        /* the predicted 170 is never an extreme; 70 and 10 are the true ones */
        CHECK_MSG(k->max_deg == 70 && k->min_deg == 10, "extremes %g..%g", k->min_deg,
                  k->max_deg);
        CHECK(k->samples_defined == N);
        /* the set's ROM: three repetitions, peak 70 and trough 10 each (the filtered
         * raised cosine peaks within 0.01 deg of its true top) */
        CHECK_MSG(k->rom_reps == 3, "%d reps", k->rom_reps);
        CHECK_NEAR(k->rom_peak_mean_deg, 70, 0.05);
        CHECK_NEAR(k->rom_trough_mean_deg, 10, 0.05);
        CHECK_NEAR(k->rom_range_mean_deg, 60, 0.1);
        CHECK(k->rom_peak_sd_deg < 0.05 && k->rom_range_sd_deg < 0.1);
        CHECK_NEAR(k->rom_largest_peak_deg, 70, 0.05);
        CHECK_NEAR(k->rom_largest_range_deg, 60, 0.1);
    }
    /* the same file without quality (before issue 14) takes the 170 as it comes */
    an.q = NULL;
    CHECK_MSG(rc_summary_write(path, m, &an, &info, &err) == RC_OK, "%s", err.msg);
    CHECK_MSG(rc_summary_read(path, s, &err) == RC_OK, "%s", err.msg);
    k = rc_summary_find(s, m->angle[0].name);
    CHECK(k && k->max_deg == 170);
    free(s);
}

int main(void)
{
    char dir[] = "/tmp/romcap_one_rom_XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    rc_model m;
    rc_err err = {{0}};
    CHECK_MSG(rc_model_resolve("knee_flexion", MODELS_DIR, &m, &err) == RC_OK, "%s", err.msg);
    test_quality_round_trip(dir);
    test_worst_of(&m);
    test_summary_rom(dir, &m);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return TEST_RESULT();
}
