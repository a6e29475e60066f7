/* test_results.c - round trips of the result files (results.h): tracks.csv and
 * angles.csv written from known values and read back equal to the values at the
 * printed precision (bit for bit: the double nearest the printed decimal), and
 * summary.json written from a known angle series (three 60 deg repetitions) and read
 * back; then the readers' refusals, with file and line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "romcap/results.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"

static const double PI = 3.14159265358979323846;

/* The value a reader must give back for `v` printed with `fmt`. */
static double printed(const char *fmt, double v)
{
    char b[64];
    snprintf(b, sizeof b, fmt, v);
    return strtod(b, NULL);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

enum { NF = 50, NM = 3, NA = 2 };

static void test_tracks_round_trip(const char *dir)
{
    static const char *names[NM] = {"hip", "knee", "ankle"};
    int64_t frame[NF];
    double t[NF];
    rc_marker_state ms[NF * NM];
    uint8_t present[NF * NM];
    unsigned long long seed = 7;
    for (int i = 0; i < NF; i++) {
        frame[i] = 100 + 2 * i; /* gaps in the numbering, as after skipped frames */
        t[i] = frame[i] / 29.97 + 1e-7 * test_rand01(&seed);
        for (int k = 0; k < NM; k++) {
            rc_marker_state *s = &ms[i * NM + k];
            int r = (i + k) % 7;
            *s = (rc_marker_state){.x_px = 640 * test_rand01(&seed),
                                   .y_px = 360 * test_rand01(&seed) - 20,
                                   .vx_px_s = 5,
                                   .state = r == 3   ? RC_TRACK_LOST
                                            : r == 5 ? RC_TRACK_PREDICTED
                                                     : RC_TRACK_SEEN};
            present[i * NM + k] = !(i == 10 && k == 1); /* one row left out */
        }
    }
    rc_tracks w = {.n_markers = NM,
                   .n_frames = NF,
                   .frame = frame,
                   .t_s = t,
                   .marker = ms,
                   .present = present};
    for (int k = 0; k < NM; k++)
        snprintf(w.name[k], sizeof w.name[k], "%s", names[k]);
    char path[512];
    snprintf(path, sizeof path, "%s/tracks.csv", dir);
    rc_err err = {{0}};
    CHECK_MSG(rc_tracks_write(path, &w, &err) == RC_OK, "%s", err.msg);
    rc_tracks r;
    CHECK_MSG(rc_tracks_read(path, &r, &err) == RC_OK, "%s", err.msg);
    CHECK(r.n_markers == NM && r.n_frames == NF);
    for (int k = 0; k < r.n_markers && k < NM; k++)
        CHECK(!strcmp(r.name[k], names[k]));
    int mismatches = 0;
    for (int i = 0; i < r.n_frames && i < NF; i++) {
        mismatches += r.frame[i] != frame[i] || r.t_s[i] != printed("%.6f", t[i]);
        for (int k = 0; k < NM; k++) {
            const rc_marker_state *a = &ms[i * NM + k], *b = &r.marker[i * NM + k];
            mismatches += r.present[i * NM + k] != present[i * NM + k];
            if (!present[i * NM + k])
                continue;
            mismatches += a->state != b->state;
            if (a->state == RC_TRACK_LOST)
                mismatches += !isnan(b->x_px) || !isnan(b->y_px);
            else
                mismatches +=
                    b->x_px != printed("%.3f", a->x_px) || b->y_px != printed("%.3f", a->y_px);
        }
    }
    CHECK_MSG(mismatches == 0, "%d values differ after the round trip", mismatches);
    /* Written again from what was read: the same bytes. */
    char again[512];
    snprintf(again, sizeof again, "%s/tracks2.csv", dir);
    CHECK(rc_tracks_write(again, &r, &err) == RC_OK);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", path, again);
    CHECK(system(cmd) == 0);
    rc_tracks_free(&r);
    rc_tracks_free(NULL);
    unlink(again);
}

static void test_angles_round_trip(const char *dir)
{
    int64_t frame[NF];
    double t[NF], deg[NF * NA];
    unsigned long long seed = 11;
    for (int i = 0; i < NF; i++) {
        frame[i] = i;
        t[i] = i / 30.0;
        deg[i * NA] = 180 * test_rand01(&seed) - 90;
        deg[i * NA + 1] = i % 9 == 4 ? NAN : -1e-4 * i; /* undefined, and tiny negatives */
    }
    rc_angles w = {.n_angles = NA, .n = NF, .frame = frame, .t_s = t, .deg = deg};
    snprintf(w.name[0], sizeof w.name[0], "knee_flexion");
    snprintf(w.name[1], sizeof w.name[1], "hip_flexion");
    char path[512];
    snprintf(path, sizeof path, "%s/angles.csv", dir);
    rc_err err = {{0}};
    CHECK(rc_angles_write(path, &w, &err) == RC_OK);
    rc_angles r;
    CHECK_MSG(rc_angles_read(path, &r, &err) == RC_OK, "%s", err.msg);
    CHECK(r.n == NF && r.n_angles == NA);
    CHECK(!strcmp(r.name[0], "knee_flexion") && !strcmp(r.name[1], "hip_flexion"));
    int mismatches = 0;
    for (int i = 0; i < r.n && i < NF; i++) {
        mismatches += r.frame[i] != frame[i] || r.t_s[i] != printed("%.6f", t[i]);
        for (int a = 0; a < NA; a++) {
            double want = deg[i * NA + a], got = r.deg[i * NA + a];
            mismatches += isnan(want) ? !isnan(got) : got != printed("%.3f", want);
        }
    }
    CHECK_MSG(mismatches == 0, "%d values differ after the round trip", mismatches);
    rc_angles_free(&r);
}

/* Three repetitions 10 -> 70 -> 10 deg (raised cosine, 2 s each) at 30 fps, one row
 * undefined: the summary must give back the extremes, the counts and three 60 deg
 * repetitions. */
static void test_summary_round_trip(const char *dir)
{
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_resolve("knee_flexion", MODELS_DIR, &m, &err) != RC_OK) {
        CHECK_MSG(0, "%s", err.msg);
        return;
    }
    enum { N = 200 };
    int64_t frame[N];
    double t[N], deg[N * RC_MAX_ANGLES];
    for (int i = 0; i < N; i++) {
        frame[i] = i;
        t[i] = i / 30.0;
        double ph = i < 180 ? 2 * PI * i / 60.0 : 0;
        for (int a = 0; a < m.n_angles; a++)
            deg[i * m.n_angles + a] = 10 + 30 * (1 - cos(ph));
    }
    deg[77 * m.n_angles] = NAN;
    rc_angles an = {.n_angles = m.n_angles, .n = N, .frame = frame, .t_s = t, .deg = deg};
    for (int a = 0; a < m.n_angles; a++)
        memcpy(an.name[a], m.angle[a].name, sizeof an.name[a]);
    rc_run_info info = {.input = "test",
                        .source = {.width = 640, .height = 360, .fps = 30},
                        .frames_analysed = N,
                        .frames_skipped = 2,
                        .track = {.seen = 500, .predicted = 70, .lost = 30},
                        .gap_filled = 12};
    char path[512];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    CHECK_MSG(rc_summary_write(path, &m, &an, &info, &err) == RC_OK, "%s", err.msg);
    rc_summary *s = malloc(sizeof *s);
    CHECK_MSG(s && rc_summary_read(path, s, &err) == RC_OK, "%s", err.msg);
    if (!s)
        return;
    CHECK(!strcmp(s->format, "romcap-summary/1") && !strcmp(s->model, m.name));
    CHECK(s->frames_analysed == N && s->frames_skipped == 2);
    CHECK(s->seen == 500 && s->predicted == 70 && s->lost == 30 && s->gap_filled == 12);
    CHECK(s->marker_frames == 600 && s->fps == 30);
    CHECK(s->duration_s == t[N - 1] - t[0]);
    CHECK(s->n_angles == m.n_angles);
    const rc_summary_angle *k = rc_summary_find(s, m.angle[0].name);
    CHECK(k != NULL && rc_summary_find(s, "no_such_angle") == NULL);
    if (k) {
        CHECK(k->samples == N && k->samples_defined == N - 1);
        CHECK(k->min_deg == 10 && k->max_deg == 70 && k->range_deg == 60); /* exact */
        CHECK(k->min_sample == 0 && k->max_sample == 30 && k->max_t_s == t[30]);
        CHECK(k->normal_min_deg == m.angle[0].normal_min_deg &&
              k->normal_max_deg == m.angle[0].normal_max_deg);
        CHECK_MSG(k->n_reps == 3, "%d repetitions", k->n_reps);
        for (int r = 0; r < k->n_reps && r < 3; r++)
            CHECK_NEAR(k->rep_rom_deg[r], 60, 3);
        CHECK(isfinite(k->peak_velocity_deg_s) && k->peak_velocity_deg_s > 0);
        /* Raised cosine: peak velocity 30 * 2 pi / 2 s = 94.2 deg/s. */
        CHECK_NEAR(k->peak_velocity_deg_s, 30 * PI, 8);
    }
    /* How it was measured: as written, not mirrored, image plane; then mirrored in a
     * calibrated plane. */
    CHECK_MSG(s->mirrored == 0 && s->calibrated == 0, "mirrored %d calibrated %d", s->mirrored,
              s->calibrated);
    info.mirror = 1;
    info.calib = "board.json";
    info.unit = "mm";
    CHECK_MSG(rc_summary_write(path, &m, &an, &info, &err) == RC_OK, "%s", err.msg);
    CHECK_MSG(rc_summary_read(path, s, &err) == RC_OK, "%s", err.msg);
    CHECK_MSG(s->mirrored == 1 && s->calibrated == 1, "mirrored %d calibrated %d", s->mirrored,
              s->calibrated);
    free(s);
}

/* Quality fields of other producers: older names, nested objects, leg means. */
static void test_summary_lenient(void)
{
    rc_summary s;
    rc_err err = {{0}};
    const char *j = "{\"angles\": [{\"name\": \"knee_flexion\", \"max_deg\": 45,"
                    " \"quality\": {\"peak_velocity_deg_s\": 120, \"ldlj\": -7},"
                    " \"reps\": [{\"rom_min_deg\": 5, \"rom_max_deg\": 40, \"start_s\": 1.5,"
                    " \"end_s\": 3.25}, {\"rom_deg\": 38}],"
                    " \"legs\": [{\"smoothness\": {\"sparc\": {\"value\": -1.5}}},"
                    "            {\"smoothness\": {\"sparc\": {\"value\": -2.5}}}]},"
                    " {\"name\": 5}, {\"min_deg\": 1}]}";
    CHECK_MSG(rc_summary_parse(j, "x.json", &s, &err) == RC_OK, "%s", err.msg);
    CHECK(s.n_angles == 1 && s.frames_analysed == -1);
    const rc_summary_angle *a = &s.angle[0];
    CHECK(a->max_deg == 45 && isnan(a->min_deg) && a->max_sample == -1);
    CHECK(a->n_reps == 2 && a->rep_rom_deg[0] == 35 && a->rep_rom_deg[1] == 38);
    CHECK(a->rep_start_s[0] == 1.5 && a->rep_end_s[0] == 3.25 && isnan(a->rep_start_s[1]));
    CHECK(a->peak_velocity_deg_s == 120 && a->ldlj == -7 && a->sparc == -2);
    CHECK(s.mirrored == -1 && s.calibrated == -1); /* not said: unknown, not "no" */
    CHECK(rc_summary_parse("{\"angles\": [], \"calibration\": \"c.json\", \"model\": "
                           "{\"mirrored\": false}}",
                           "x.json", &s, &err) == RC_OK);
    CHECK(s.mirrored == 0 && s.calibrated == 1);
    /* A number's place holding text is damage, not another layout. */
    CHECK(rc_summary_parse("{\"angles\": [{\"name\": \"a\", \"max_deg\": \"x\"}]}", "x.json", &s,
                           &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "x.json: \"max_deg\" of angle 'a' is not a finite number");
    CHECK(rc_summary_parse("{\"angles\": [], \"duration_s\": 1e999}", "x.json", &s, &err) ==
          RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "\"duration_s\" of the summary");
    CHECK(rc_summary_parse("{\"angles\": [{\"name\": \"a\", \"max_deg\": null}]}", "x.json", &s,
                           &err) == RC_OK && isnan(s.angle[0].max_deg));
    CHECK(rc_summary_parse("{\"angles\": {}}", "x.json", &s, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "x.json: no \"angles\" array");
    CHECK(rc_summary_parse("{\"angles\": [", "x.json", &s, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "x.json: not JSON");
    CHECK(rc_summary_read("/nonexistent/summary.json", &s, &err) == RC_E_NOT_FOUND);
    /* Compensations (issue 16): every field read back; null numbers unknown. */
    CHECK(rc_summary_parse("{\"angles\": [], \"compensations\": [{\"name\": \"trunk_lean\","
                           " \"label\": \"Trunk leans back\", \"unit\": \"deg\", \"enabled\": true,"
                           " \"limit\": 10, \"max\": 14.5, \"reps\": 3, \"reps_flagged\": 2,"
                           " \"share_frames\": 0.25, \"source\": \"S\", \"meaning\": \"M\"},"
                           " {\"name\": \"hike\", \"enabled\": false, \"max\": null,"
                           " \"note\": \"no marker 'acromion_l'\"}]}",
                           "x.json", &s, &err) == RC_OK);
    CHECK(s.n_compensations == 2);
    const rc_summary_compensation *c = &s.compensation[0];
    CHECK(!strcmp(c->name, "trunk_lean") && !strcmp(c->label, "Trunk leans back"));
    CHECK(!strcmp(c->unit, "deg") && c->enabled == 1 && c->limit == 10 && c->max_value == 14.5);
    CHECK(c->reps == 3 && c->reps_flagged == 2 && c->share_frames == 0.25);
    CHECK(!strcmp(c->source, "S") && !strcmp(c->meaning, "M") && c->note[0] == 0);
    c = &s.compensation[1];
    CHECK(c->enabled == 0 && isnan(c->max_value) && c->reps == -1);
    CHECK(!strcmp(c->note, "no marker 'acromion_l'"));
}

static void expect_tracks_error(const char *dir, const char *text, const char *msg)
{
    char path[512];
    snprintf(path, sizeof path, "%s/bad_tracks.csv", dir);
    write_text(path, text);
    rc_tracks t;
    rc_err err = {{0}};
    CHECK_MSG(rc_tracks_read(path, &t, &err) == RC_E_FORMAT, "accepted: %s", msg);
    CHECK_STR_CONTAINS(err.msg, msg);
    CHECK_MSG(!strchr(err.msg, '\n'), "a message of two lines: %s", err.msg);
    rc_tracks_free(&t);
}

static void expect_angles_error(const char *dir, const char *text, const char *msg)
{
    char path[512];
    snprintf(path, sizeof path, "%s/bad_angles.csv", dir);
    write_text(path, text);
    rc_angles a;
    rc_err err = {{0}};
    CHECK_MSG(rc_angles_read(path, &a, &err) == RC_E_FORMAT, "accepted: %s", msg);
    CHECK_STR_CONTAINS(err.msg, msg);
    rc_angles_free(&a);
}

static void test_refusals(const char *dir)
{
    const char *h = "frame,t_s,marker,x_px,y_px,state\n";
    char b[512];
    expect_tracks_error(dir, "frame,t_s,name,x_px,y_px,state\n0,0,a,1,2,seen\n",
                        ":1: not a romcap tracks.csv header (no column 'marker')");
    snprintf(b, sizeof b, "%s0,0,a,1,2,seen\n1,0.1,a,1,2,hidden\n", h);
    expect_tracks_error(dir, b, "bad_tracks.csv:3: unknown state 'hidden'");
    snprintf(b, sizeof b, "%s0,0,a,1,,seen\n", h);
    expect_tracks_error(dir, b, ":2: a seen marker needs x_px and y_px");
    snprintf(b, sizeof b, "%s0,0,a,1,2,seen\n0,0,a,1,2,seen\n", h);
    expect_tracks_error(dir, b, "marker 'a' twice in frame 0");
    snprintf(b, sizeof b, "%s0,inf,a,1,2,seen\n", h);
    expect_tracks_error(dir, b, ":2: bad number 'inf' in column 't_s'");
    snprintf(b, sizeof b, "%s0,0,a,1,2\n", h);
    expect_tracks_error(dir, b, ":2: 5 fields, the header has 6");
    expect_tracks_error(dir, h, "no tracked frames");
    /* A quoted name holding a comma, quote or line break could not be written back
     * as it was read (found by fuzz_results_csv): refused, the message on one line. */
    snprintf(b, sizeof b, "%s0,0,\"kn\nee,x\",1,2,seen\n", h);
    expect_tracks_error(dir, b, ":2: bad marker name 'kn'");
    snprintf(b, sizeof b, "%s0,0,\"a\"\"b\",1,2,seen\n", h);
    expect_tracks_error(dir, b, "bad marker name 'a\"b'");
    expect_angles_error(dir, "frame,t_s,\"x,y\"\n0,0,1\n", ":1: bad angle name 'x,y'");
    char many[4096];
    snprintf(many, sizeof many, "%s", h);
    for (int k = 0; k <= RC_MAX_MARKERS; k++)
        snprintf(many + strlen(many), sizeof many - strlen(many), "0,0,m%d,1,2,seen\n", k);
    expect_tracks_error(dir, many, "more than 16 markers");
    expect_angles_error(dir, "t_s,frame,a\n0,0,1\n", ":1: not a romcap angles.csv header");
    expect_angles_error(dir, "frame,t_s,a\n0,0,1\n1,0.1,1e999\n",
                        "bad_angles.csv:3: 1e999 in column 'a' is not a finite number");
    expect_angles_error(dir, "frame,t_s,a\n0,,1\n", ":2: no time");
    expect_angles_error(dir, "frame,t_s,a\n", "no rows");
    expect_angles_error(dir, "frame,t_s,a,b,c,d,e,f,g,h,i\n0,0,1,1,1,1,1,1,1,1,1\n",
                        "more than 8 angles");
    rc_tracks t;
    rc_err err = {{0}};
    CHECK(rc_tracks_read("/nonexistent/tracks.csv", &t, &err) == RC_E_NOT_FOUND);
    CHECK_STR_CONTAINS(err.msg, "/nonexistent/tracks.csv");
    rc_tracks_free(&t);
}

int main(void)
{
    char dir[] = "/tmp/romcap_results_XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    test_tracks_round_trip(dir);
    test_angles_round_trip(dir);
    test_summary_round_trip(dir);
    test_summary_lenient();
    test_refusals(dir);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return TEST_RESULT();
}
