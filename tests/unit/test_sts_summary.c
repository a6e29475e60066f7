/* test_sts_summary.c - the five times sit-to-stand in summary.json (issue 16: "trunk
 * flexion and hip/knee angles, their angular velocities, time per repetition,
 * 5-repetition time"): the synthetic sit-to-stand with 5 repetitions analysed by
 * rc_analysis_run, its "sit_to_stand" block (results/summary_sts.c) against the
 * scene's exact truth:
 *   - the phases and the 5-repetition time against the scene's own timing
 *     (scenes.c rc__synth_angle_at: a lead of 7% of the length, 5 equal repetitions,
 *     each rising for 38% of it, holding 12%, sitting down 38%, resting 12%);
 *   - each angle's peak angular velocity in each phase against the derivative of the
 *     renderer's exact angles, sampled at 600 Hz (central differences, error ~1e-4).
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/analysis.h"
#include "romcap/files.h"
#include "romcap/synth.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"
#define SECONDS    12.0
#define FPS        30.0
#define URI        "synthetic:sit_to_stand?size=640x360&fps=30&seconds=12&reps=5"

enum { REPS = 5, N_ANGLES = 3 };
static const char *const angle_names[N_ANGLES] = {"knee_flexion", "hip_flexion", "trunk_flexion"};

static double lead_s(void)
{
    return 0.07 * SECONDS;
}

static double per_s(void)
{
    return (SECONDS - 2 * lead_s()) / REPS;
}

/* The truth's peak velocities: per repetition k, per angle, the signed velocity of
 * largest magnitude in the rise (from the previous rest to the middle of the hold
 * standing) and in the sit-down (from there to the end of the rest seated). */
static void truth_velocities(double vel[REPS][N_ANGLES][2])
{
    const double fs = 600;
    rc_err err = {{0}};
    rc_synth *s =
        rc_synth_create_uri("synthetic:sit_to_stand?size=160x90&fps=600&seconds=12&reps=5", &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (!s)
        return;
    int64_t n = rc_synth_frame_count(s);
    double *ang = malloc((size_t)n * N_ANGLES * sizeof *ang);
    for (int64_t i = 0; ang && i < n; i++) {
        rc_truth t;
        rc_synth_truth(s, i, &t);
        for (int a = 0; a < N_ANGLES; a++) {
            ang[i * N_ANGLES + a] = NAN;
            for (int j = 0; j < t.n_angles; j++)
                if (!strcmp(t.angle_name[j], angle_names[a]))
                    ang[i * N_ANGLES + a] = t.angle_deg[j];
        }
    }
    memset(vel, 0, sizeof(double) * REPS * N_ANGLES * 2);
    for (int64_t i = 1; ang && i + 1 < n; i++) {
        double t = i / fs, u = (t - lead_s()) / per_s();
        int k = (int)floor(u + 0.12); /* a rise window starts with the rest before it */
        if (k < 0 || k >= REPS)
            continue;
        int phase = u - k < 0.44 ? 0 : 1;
        for (int a = 0; a < N_ANGLES; a++) {
            double v = (ang[(i + 1) * N_ANGLES + a] - ang[(i - 1) * N_ANGLES + a]) * fs / 2;
            if (fabs(v) > fabs(vel[k][a][phase]))
                vel[k][a][phase] = v;
        }
    }
    free(ang);
    rc_synth_destroy(s);
}

static double get(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static cJSON *read_summary(const char *dir)
{
    char path[700], *text = NULL;
    size_t len = 0;
    rc_err err = {{0}};
    snprintf(path, sizeof path, "%s/summary.json", dir);
    CHECK_MSG(rc_read_text(path, 1 << 24, &text, &len, &err) == RC_OK, "%s", err.msg);
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    free(text);
    return root;
}

int main(void)
{
    char root[] = "/tmp/romcap_sts_XXXXXX";
    if (!mkdtemp(root))
        return 1;
    rc_model m;
    rc_err err = {{0}};
    CHECK_MSG(rc_model_resolve("sit_to_stand", MODELS_DIR, &m, &err) == RC_OK, "%s", err.msg);
    rc_analysis_request rq = {.input = URI, .model = &m, .out_dir = root, .threads = 1};
    rc_analysis_result res;
    CHECK_MSG(rc_analysis_run(&rq, NULL, &res, &err) == RC_OK, "%s", err.msg);
    rc_analysis_result_free(&res);
    cJSON *sum = read_summary(root);
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(sum, "sit_to_stand");
    CHECK(j != NULL);
    const cJSON *reps = cJSON_GetObjectItemCaseSensitive(j, "reps");
    CHECK(get(j, "n_rises") == REPS && cJSON_GetArraySize(reps) == REPS);
    CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "norm")));
    CHECK(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "five_rep_time_definition")));
    CHECK(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "norm_source")));
    /* From the first rise's start to the fifth rise's end: 4 repetitions and a rise,
     * 4.38 x 2.064 = 9.04032 s. Bound: one frame period (the issue's). */
    double five = get(j, "five_rep_time_s"), five_truth = 4.38 * per_s();
    fprintf(stderr, "five_rep_time_s %.4f, truth %.5f, off %+.4f s\n", five, five_truth,
            five - five_truth);
    CHECK_NEAR(five, five_truth, 1 / FPS);
    double vel[REPS][N_ANGLES][2];
    truth_velocities(vel);
    /* Measured (Debug+ASan, 2026-12-07): worst peak velocity error 1.45 / 6.56 / 4.95
     * deg/s (knee / hip / trunk, peaks of 195-325 deg/s: the 6 Hz low-pass reads them
     * 0.5-3.5% low); bounds about 4x. */
    static const double vel_tol[N_ANGLES] = {6, 26, 20};
    double worst_t = 0, worst_v[N_ANGLES] = {0};
    for (int k = 0; k < REPS && k < cJSON_GetArraySize(reps); k++) {
        const cJSON *r = cJSON_GetArrayItem(reps, k);
        double on = lead_s() + k * per_s(), p = per_s();
        double t[6][2] = {
            {get(r, "rise_start_s"), on},          {get(r, "rise_end_s"), on + 0.38 * p},
            {get(r, "sit_start_s"), on + 0.5 * p}, {get(r, "sit_end_s"), on + 0.88 * p},
            {get(r, "rise_s"), 0.38 * p},          {get(r, "duration_s"), 0.88 * p}};
        for (int i = 0; i < 6; i++) {
            worst_t = fmax(worst_t, fabs(t[i][0] - t[i][1]));
            CHECK_NEAR(t[i][0], t[i][1], 0.075); /* measured 0.019 s at worst */
        }
        const cJSON *pv = cJSON_GetObjectItemCaseSensitive(r, "peak_velocity_deg_s");
        for (int a = 0; a < N_ANGLES; a++) {
            const cJSON *pa = cJSON_GetObjectItemCaseSensitive(pv, angle_names[a]);
            for (int ph = 0; ph < 2; ph++) {
                double got = get(pa, ph ? "sit" : "rise"), want = vel[k][a][ph];
                fprintf(stderr, "rep %d %-13s %-4s peak %8.2f deg/s, truth %8.2f (%+.2f)\n", k,
                        angle_names[a], ph ? "sit" : "rise", got, want, got - want);
                worst_v[a] = fmax(worst_v[a], fabs(got - want));
                CHECK_NEAR(got, want, vel_tol[a]);
            }
        }
    }
    fprintf(stderr,
            "worst phase time error %.4f s; worst peak velocity error %.2f / %.2f / %.2f "
            "deg/s (knee / hip / trunk)\n",
            worst_t, worst_v[0], worst_v[1], worst_v[2]);
    cJSON_Delete(sum);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        return 1;
    return TEST_RESULT();
}
