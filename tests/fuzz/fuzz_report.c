/* fuzz_report.c - the report's loader (rc__side_load, src/report/report_load.c) and
 * its writers on arbitrary results of an otherwise valid session.
 *
 * A scratch session folder (session.json with a one-angle model, two tiny frames) is
 * made once per process. One input encodes the analysis results: the part before
 * "\n@@RCFUZZ@@\n" is written as summary.json, the part after as angles.csv (no
 * marker: angles.csv stays a small valid file). The folder is loaded with thumbnails;
 * a loaded side must be consistent (rows, peak frames inside what angles.csv holds),
 * compare with itself, and render both the page and report.json without hanging. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "report/report_internal.h"
#include "romcap/image.h"
#include "romcap/jpeg.h"

#define SPLIT "\n@@RCFUZZ@@\n"

static const char *MODEL =
    "{\"format\": \"romcap-model/1\", \"name\": \"knee_flexion\", \"title\": \"Knee\","
    " \"view\": \"sagittal\", \"markers\": ["
    "{\"name\": \"hip\", \"color\": \"#1eaa46\", \"hint\": [0.47, 0.21]},"
    "{\"name\": \"knee\", \"color\": \"#c828a0\", \"hint\": [0.47, 0.58]},"
    "{\"name\": \"ankle\", \"color\": \"#1e50c8\", \"hint\": [0.46, 0.94]}],"
    " \"segments\": [[\"hip\", \"knee\"], [\"knee\", \"ankle\"]],"
    " \"angles\": [{\"name\": \"knee_flexion\", \"label\": \"Knee flexion\","
    " \"type\": \"three_point\", \"ref\": \"straight\", \"markers\": [\"hip\", \"knee\","
    " \"ankle\"], \"sign\": \"cw\", \"offset\": 0, \"normal\": {\"min\": 0, \"max\": 135},"
    " \"mdc\": {\"value\": 3.5}}]}";

static const char *ANGLES = "frame,t_s,knee_flexion\n0,0,5\n1,0.033333,40\n";

/* The session folder, made on the first call; NULL when it cannot be. */
static const char *session_dir(void)
{
    static char dir[600];
    static int state; /* 0 not tried, 1 ready, -1 failed */
    if (state)
        return state > 0 ? dir : NULL;
    state = -1;
    const char *root = rc_fuzz_scratch_dir();
    if (!root)
        return NULL;
    snprintf(dir, sizeof dir, "%s/report_session", root);
    rc_err err = {{0}};
    rc_session_config c = {.software = "romcap fuzz", .model_name = "knee_flexion",
                           .model_json = MODEL, .tag = "pre", .width = 16, .height = 16,
                           .fps = 30, .jpeg_quality = 80, .queue_frames = 4};
    rc_jpeg *j = rc_jpeg_create(&err);
    rc_image im;
    uint8_t *px = rc_image_alloc(&im, RC_PIX_I420, 16, 16);
    rc_session_writer *w = j && px ? rc_session_writer_create(dir, &c, &err) : NULL;
    int ok = w != NULL;
    for (int i = 0; ok && i < 2; i++) {
        const uint8_t *out;
        size_t n;
        memset(px, 60 + 80 * i, rc_image_bytes(RC_PIX_I420, 16, 16));
        ok = rc_jpeg_encode(j, &im, 80, &out, &n) == RC_OK &&
             rc_session_writer_push(w, out, n, (int64_t)i * 33333333, &err) == RC_OK;
    }
    if (w && rc_session_writer_close(w, NULL, &err) != RC_OK)
        ok = 0;
    free(px);
    rc_jpeg_destroy(j);
    if (ok)
        state = 1;
    else
        fprintf(stderr, "fuzz_report: cannot make the session: %s\n", err.msg);
    return ok ? dir : NULL;
}

static void check_side(const rc__side *s)
{
    if (s->n_rows < 1 || !s->t_s)
        __builtin_trap();
    for (int a = 0; a < s->model.n_angles; a++) {
        const rc__angle_side *x = &s->angle[a];
        if (!x->series || x->n_reps < -1 || x->n_reps > RC__MAX_REPS)
            __builtin_trap();
        for (int64_t i = 0; i < s->n_rows; i++)
            if (isinf(x->series[i]))
                __builtin_trap(); /* the reader refuses non-finite cells */
    }
    char warn[300];
    rc_err err = {{0}};
    rc__identity id = {s->dir, &s->model, s->mirrored, s->calibrated};
    if (rc__comparable(&id, &id, 0, warn, sizeof warn, &err) != RC_OK || warn[0])
        __builtin_trap();
    rc__design design;
    rc__design_of(s, s, 1, &design);
    FILE *f = fopen("/dev/null", "w");
    if (f) {
        (void)rc__report_html(f, s, s, "fuzz", "a <warning>", &design);
        fclose(f);
    }
    cJSON *j = rc__report_json(s, s, "fuzz", "", &design);
    char *text = j ? cJSON_PrintUnformatted(j) : NULL;
    if (j && !text)
        __builtin_trap();
    free(text);
    cJSON_Delete(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = session_dir();
    if (!dir)
        return 0;
    const uint8_t *cut = NULL;
    size_t mn = strlen(SPLIT);
    for (size_t i = 0; !cut && i + mn <= size; i++)
        if (!memcmp(data + i, SPLIT, mn))
            cut = data + i;
    size_t ns = cut ? (size_t)(cut - data) : size;
    char sum[700], ang[700];
    snprintf(sum, sizeof sum, "%s/summary.json", dir);
    snprintf(ang, sizeof ang, "%s/angles.csv", dir);
    if (rc_fuzz_write_file(sum, data, ns) != 0)
        return 0;
    if (cut ? rc_fuzz_write_file(ang, cut + mn, size - ns - mn)
            : rc_fuzz_write_file(ang, ANGLES, strlen(ANGLES)))
        return 0;
    rc__side *s = malloc(sizeof *s);
    rc_err err = {{0}};
    if (!s)
        return 0;
    rc_status st = rc__side_load(s, dir, 1, &err);
    if (st != RC_OK && !err.msg[0])
        __builtin_trap(); /* always says why */
    if (st == RC_OK)
        check_side(s);
    rc__side_free(s);
    free(s);
    return 0;
}
