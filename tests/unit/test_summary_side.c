/* test_summary_side.c - summary.json's side, plane, wrap, coverage and JPEG-warning
 * fields written and read back (results.h): what the report needs to refuse mixing
 * a left side with a right one, or image degrees with calibrated ones.
 *
 * The angle series and marker states are built here with known answers: a wrap jump
 * placed at a known frame (170 deg then -170 deg: 340 deg apart), an angle defined in
 * a known share of the frames, a marker never seen and one hidden for a known time. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "romcap/results.h"
#include "romcap/track.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"

enum { N = 120 };

/* shoulder_flexion's first angle: a steady rise through 180 deg that wraps at frame
 * 60 when read from the wrong side; its markers: hip seen throughout, shoulder never,
 * elbow hidden from frame 30 to 44 (0.5 s at 30 fps). */
static void build(const rc_model *m, int64_t *frame, double *t, double *deg, rc_track_coverage *c)
{
    rc_track_coverage_init(c, m->n_markers);
    for (int i = 0; i < N; i++) {
        frame[i] = 1000 + i; /* frames numbered from 1000: first_wrap_frame is a frame */
        t[i] = i / 30.0;
        for (int a = 0; a < m->n_angles; a++)
            deg[i * m->n_angles + a] = a == 0 ? (i < 60 ? 100 + i : -300 + i) : NAN;
        rc_marker_state st[RC_MAX_MARKERS] = {{0}};
        for (int k = 0; k < m->n_markers; k++)
            st[k].state = RC_TRACK_SEEN;
        st[1].state = RC_TRACK_LOST;
        if (i >= 30 && i < 45)
            st[2].state = RC_TRACK_PREDICTED;
        rc_track_coverage_add(c, t[i], st);
    }
    rc_track_coverage_finish(c);
}

static void test_round_trip(const char *dir, bool calibrated)
{
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_resolve("shoulder_flexion", MODELS_DIR, &m, &err) != RC_OK) {
        CHECK_MSG(0, "%s", err.msg);
        return;
    }
    CHECK(m.n_markers == 3 && !strcmp(m.marker[1].name, "shoulder"));
    static int64_t frame[N];
    static double t[N], deg[N * RC_MAX_ANGLES];
    rc_run_info *info = calloc(1, sizeof *info);
    rc_summary *s = calloc(1, sizeof *s);
    if (!info || !s) {
        CHECK(0);
        free(info);
        free(s);
        return;
    }
    build(&m, frame, t, deg, &info->coverage);
    rc_angles an = {.n_angles = m.n_angles, .n = N, .frame = frame, .t_s = t, .deg = deg};
    for (int a = 0; a < m.n_angles; a++)
        memcpy(an.name[a], m.angle[a].name, sizeof an.name[a]);
    info->input = "test";
    info->source = (rc_source_info){.width = 640, .height = 360, .fps = 30};
    info->frames_analysed = N;
    info->mirror = 1;
    info->mirror_source = "detected";
    info->facing = "image_left";
    snprintf(info->side, sizeof info->side, "left");
    snprintf(info->facing_evidence, sizeof info->facing_evidence, "test evidence");
    info->facing_confidence = 0.75;
    info->facing_decided_frame = 1011;
    info->frames_used_with_warning = 5;
    info->frames_with_extraneous_bytes = 2;
    info->calib = calibrated ? "board.json" : NULL;
    char path[512];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    CHECK_MSG(rc_summary_write(path, &m, &an, info, &err) == RC_OK, "%s", err.msg);
    CHECK_MSG(rc_summary_read(path, s, &err) == RC_OK, "%s", err.msg);
    CHECK(s->mirrored == 1 && !strcmp(s->mirror_source, "detected"));
    CHECK(!strcmp(s->side, "left") && !strcmp(s->facing, "image_left"));
    CHECK(s->calibrated == (calibrated ? 1 : 0));
    CHECK(s->frames_used_with_warning == 5 && s->frames_with_extraneous_bytes == 2);
    /* shoulder never seen, elbow seen 105 of 120 (87.5%: above the 80% line). */
    CHECK_MSG(s->n_diagnoses == 1, "%d diagnoses", s->n_diagnoses);
    const rc_summary_angle *a = rc_summary_find(s, m.angle[0].name);
    CHECK(a != NULL);
    if (a) {
        CHECK_MSG(a->wrap_jumps == 1 && a->first_wrap_frame == 1060, "%d jumps, first %lld",
                  a->wrap_jumps, (long long)a->first_wrap_frame);
        CHECK(a->low_coverage == 0);
    }
    for (int k = 1; k < s->n_angles; k++)
        CHECK(s->angle[k].low_coverage == 1 && s->angle[k].wrap_jumps == 0 &&
              s->angle[k].first_wrap_frame == -1);
    /* The diagnosis text and the loss are in the file, where the report reads them. */
    char *json = rc_summary_json(&m, &an, info, &err);
    CHECK(json && strstr(json, "marker 'shoulder' (yellow sticker) was never found"));
    CHECK(json && strstr(json, "\"longest_loss_s\":\t0.5,"));
    free(json);
    free(info);
    free(s);
}

/* A summary from before these fields: everything reads as absent, nothing fails. */
static void test_absent(void)
{
    rc_summary *s = calloc(1, sizeof *s);
    rc_err err = {{0}};
    if (!s)
        return;
    CHECK(rc_summary_parse("{\"model\": {\"name\": \"knee_flexion\"}, \"angles\": [{\"name\": "
                           "\"knee_flexion\"}]}",
                           "old", s, &err) == RC_OK);
    CHECK(s->mirrored == -1 && !s->mirror_source[0] && !s->side[0] && s->calibrated == -1);
    CHECK(s->frames_used_with_warning == -1 && s->n_diagnoses == 0);
    CHECK(s->angle[0].wrap_jumps == -1 && s->angle[0].low_coverage == -1);
    free(s);
}

int main(void)
{
    char dir[] = "/tmp/romcap_side_XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    test_round_trip(dir, false);
    test_round_trip(dir, true);
    test_absent();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return TEST_RESULT();
}
