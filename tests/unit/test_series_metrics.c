/* test_series_metrics.c - `romcap metrics`' work without the CLI (metrics_json.h,
 * rc_series_metrics) on series with an exact answer: an angle 40 - 30 cos(pi t) over
 * 10 s (five repetitions from 10 to 70 deg, one every 2 s), its derivative given as a
 * velocity, its magnitude as a speed, an angles.csv quality column, and the refusals
 * (no such column, a number that is not finite, named with the file and line). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/metrics_json.h"
#include "test_util.h"

static const double PI = 3.14159265358979323846;

/* t,value,value_q rows at 50 Hz over 10 s (501 rows); kind 0 angle, 1 velocity,
 * 2 speed; rows [q0, q1) marked predicted. */
static void write_series(const char *path, int kind, int q0, int q1, const char *bad_row)
{
    FILE *f = fopen(path, "w");
    fprintf(f, "t,value,value_q\r\n");
    for (int i = 0; i <= 500; i++) {
        double t = i / 50.0, v = 40 - 30 * cos(PI * t);
        if (kind)
            v = 30 * PI * sin(PI * t);
        if (kind == 2)
            v = fabs(v);
        if (bad_row && i == 3)
            fprintf(f, "%s\r\n", bad_row);
        fprintf(f, "%.6f,%.9f,%s\r\n", t, v, i >= q0 && i < q1 ? "predicted" : "seen");
    }
    fclose(f);
}

static double num(const cJSON *o, const char *path)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", path);
    const cJSON *at = o;
    for (char *k = strtok(buf, "."); k && at; k = strtok(NULL, "."))
        at = cJSON_GetObjectItemCaseSensitive(at, k);
    return cJSON_IsNumber(at) ? at->valuedouble : NAN;
}

static cJSON *run(const char *file, rc_series_kind kind, double fs, rc_err *err)
{
    rc_series_request rq = {
        .file = file, .fs = fs, .kind = kind, .cutoff = kind == RC_SERIES_ANGLE ? 6.0 : -1.0};
    cJSON *out = NULL;
    memset(err, 0, sizeof *err);
    return rc_series_metrics(&rq, &out, err) == RC_OK ? out : NULL;
}

int main(void)
{
    char dir[] = "/tmp/romcap_series_XXXXXX", path[128];
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/angle.csv", dir);
    rc_err err;

    /* The angle, placed by its time column: 50 Hz, five repetitions 10 -> 70 deg (a
     * 6 Hz filter leaves a 0.5 Hz movement within 0.01 deg; bound 0.5). */
    write_series(path, 0, 0, 0, NULL);
    cJSON *o = run(path, RC_SERIES_ANGLE, NAN, &err);
    CHECK_MSG(o, "%s", err.msg);
    CHECK_NEAR(num(o, "fs_hz"), 50.0, 1e-9);
    CHECK_NEAR(num(o, "n_missing"), 0, 0);
    CHECK_NEAR(num(o, "analysis.n_reps"), 5, 0);
    CHECK_NEAR(num(o, "analysis.rom.peak_mean_deg"), 70.0, 0.5);
    CHECK_NEAR(num(o, "analysis.rom.trough_mean_deg"), 10.0, 0.5);
    CHECK(cJSON_GetObjectItem(o, "time") != NULL);
    cJSON_Delete(o);

    /* Rows 100..109 predicted: missing samples, counted. */
    write_series(path, 0, 100, 110, NULL);
    o = run(path, RC_SERIES_ANGLE, 50.0, &err);
    CHECK_MSG(o, "%s", err.msg);
    CHECK_NEAR(num(o, "n_predicted_excluded"), 10, 0);
    CHECK_NEAR(num(o, "n_missing"), 10, 0);
    cJSON_Delete(o);

    /* The velocity integrated back: the same five repetitions, a 60 deg range. */
    write_series(path, 1, 0, 0, NULL);
    o = run(path, RC_SERIES_VELOCITY, 50.0, &err);
    CHECK_MSG(o, "%s", err.msg);
    CHECK_NEAR(num(o, "analysis.n_reps"), 5, 0);
    CHECK_NEAR(num(o, "analysis.rom.range_mean_deg"), 60.0, 1.0);
    cJSON_Delete(o);

    /* A speed has no sign to find repetitions by. */
    write_series(path, 2, 0, 0, NULL);
    o = run(path, RC_SERIES_SPEED, 50.0, &err);
    CHECK_MSG(o, "%s", err.msg);
    CHECK(o && cJSON_IsNull(cJSON_GetObjectItem(o, "analysis")));
    cJSON_Delete(o);

    /* Refusals name the file and the line. */
    rc_series_request rq = {.file = path, .column = "knee", .fs = 50, .cutoff = 6};
    o = NULL;
    CHECK(rc_series_metrics(&rq, &o, &err) == RC_E_FORMAT && !o);
    CHECK_STR_CONTAINS(err.msg, "no column named 'knee'");
    write_series(path, 0, 0, 0, "0.05,inf,seen");
    o = run(path, RC_SERIES_ANGLE, 50.0, &err);
    CHECK(!o);
    CHECK_STR_CONTAINS(err.msg, "angle.csv:5");

    remove(path);
    remove(dir);
    return TEST_RESULT();
}
