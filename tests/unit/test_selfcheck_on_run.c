/* test_selfcheck_on_run.c - the colour self-check's first pass counted on the analysis
 * run's own frames (run.c, rc__al_inline) decides as its passes of their own do, and
 * the run's result files are those of a run with the decided colours.
 *
 * Input: the knee scene as a JPEG folder (640x360, 30 fps, 4 s) with frame 20, inside
 * the check's 2 s window, cut in half (skipped with a warning). For three models - the
 * bundled one (nothing poor), the knee's colour moved to purple (judged poor, learnt,
 * the run starts again with it) and the knee's colour yellow (poor, nothing learnt) -
 * and on one and two threads, `rc_analysis_run` is checked against an independent
 * path: `rc_autolearn_run` (the self-check's own three passes, each reading the input
 * again) gives the decision and the colours, and `rc_analysis_run` with
 * no_auto_learn and those colours gives the result files. Checked: the decision
 * (every count and share, exactly), angles.csv and tracks.csv byte for byte, the
 * skipped-frame warning said exactly once and after the check's own message, and
 * the same warnings and files on one and two threads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "romcap/analysis.h"
#include "romcap/jpeg.h"
#include "romcap/synth.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"
#define SCENE      "synthetic:knee_flexion?size=640x360&fps=30&seconds=4&noise=2"
enum { CORRUPT = 20 };

/* Writes the scene as numbered JPEGs (q85), frame CORRUPT cut in half. */
static int write_folder(const char *dir)
{
    rc_err err = {{0}};
    rc_synth *s = rc_synth_create_uri(SCENE, &err);
    rc_jpeg *j = rc_jpeg_create(&err);
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, 640, 360);
    int ok = s && j && buf && mkdir(dir, 0700) == 0;
    for (int64_t i = 0; ok && i < rc_synth_frame_count(s); i++) {
        const uint8_t *jb;
        size_t jn;
        char path[512];
        snprintf(path, sizeof path, "%s/frame_%05lld.jpg", dir, (long long)i);
        ok = rc_synth_render(s, i, &im, NULL) == RC_OK &&
             rc_jpeg_encode(j, &im, 85, &jb, &jn) == RC_OK;
        FILE *f = ok ? fopen(path, "wb") : NULL;
        size_t keep = i == CORRUPT ? jn / 2 : jn;
        ok = f && fwrite(jb, 1, keep, f) == keep;
        if (f)
            fclose(f);
    }
    free(buf);
    rc_jpeg_destroy(j);
    rc_synth_destroy(s);
    return ok;
}

/* The run's messages, warnings and infos in order, one per line, tagged. */
typedef struct said {
    char text[16384];
    size_t n;
} said;

static void on_msg(said *s, const char *tag, const char *msg)
{
    int k = snprintf(s->text + s->n, sizeof s->text - s->n, "%s %s\n", tag, msg);
    if (k > 0 && s->n + (size_t)k < sizeof s->text)
        s->n += (size_t)k;
}
static void on_warn(void *u, const char *msg)
{
    on_msg(u, "W", msg);
}
static void on_info(void *u, const char *msg)
{
    on_msg(u, "I", msg);
}

static char *slurp(const char *dir, const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = calloc(1, 1 << 22);
    if (b)
        fread(b, 1, (1 << 22) - 1, f);
    fclose(f);
    return b;
}

static int same_files(const char *a, const char *b)
{
    static const char *names[2] = {"angles.csv", "tracks.csv"};
    int same = 1;
    for (int k = 0; k < 2; k++) {
        char *x = slurp(a, names[k]), *y = slurp(b, names[k]);
        int eq = x && y && strlen(x) > 100 && !strcmp(x, y);
        if (!eq)
            fprintf(stderr, "  %s differs between %s and %s\n", names[k], a, b);
        same &= eq;
        free(x);
        free(y);
    }
    return same;
}

/* One model: the run on `threads` against the self-check's own passes and a run
 * with their colours; out[threads - 1] and sd[threads - 1] kept for the caller. */
static void check_model(const char *what, const rc_model *m, const char *in, const char *dir,
                        int threads, int want_learnt, int want_poor, said *sd)
{
    char out[400], ref[400];
    snprintf(out, sizeof out, "%s/%s_t%d", dir, what, threads);
    snprintf(ref, sizeof ref, "%s/%s_ref%d", dir, what, threads);
    rc_err err = {{0}};
    rc_analysis_result *res = calloc(1, sizeof *res), *r2 = calloc(1, sizeof *r2);
    rc_autolearn_result *al = calloc(1, sizeof *al);
    rc_model *learnt = malloc(sizeof *learnt);
    if (!res || !r2 || !al || !learnt) {
        CHECK(0);
        goto done;
    }
    memset(sd, 0, sizeof *sd);
    rc_analysis_events ev = {.user = sd, .warn = on_warn, .info = on_info};
    rc_analysis_request rq = {.input = in, .model = m, .out_dir = out, .threads = threads};
    CHECK_MSG(rc_analysis_run(&rq, &ev, res, &err) == RC_OK, "%s: %s", what, err.msg);
    CHECK_MSG(rc_autolearn_run(in, m, 640, 360, learnt, al, &err) == RC_OK, "%s", err.msg);
    const rc_autolearn_result *a = &res->autolearn;
    CHECK_MSG(a->frames == al->frames && a->n_poor == al->n_poor && a->n_learnt == al->n_learnt,
              "%s, %d threads: frames %lld/%lld, poor %d/%d, learnt %d/%d", what, threads,
              (long long)a->frames, (long long)al->frames, a->n_poor, al->n_poor, a->n_learnt,
              al->n_learnt);
    CHECK_MSG(a->n_poor == want_poor && a->n_learnt == want_learnt, "%s: poor %d, learnt %d", what,
              a->n_poor, a->n_learnt);
    for (int i = 0; i < m->n_markers; i++) {
        const rc_autolearn_marker *x = &a->marker[i], *y = &al->marker[i];
        CHECK_MSG(x->poor == y->poor && x->tried == y->tried && x->have_class == y->have_class &&
                      x->learnt == y->learnt && x->frame == y->frame &&
                      x->nominal_found == y->nominal_found && x->learnt_found == y->learnt_found &&
                      !memcmp(&x->cls, &y->cls, sizeof x->cls),
                  "%s: marker %d decided otherwise (found %.3f / %.3f)", what, i, x->nominal_found,
                  y->nominal_found);
    }
    /* The window: 2 s at 30 fps less the skipped frame (the 2.0 s frame may count). */
    CHECK_MSG(a->frames == 60 || a->frames == 61, "%lld frames judged", (long long)a->frames);
    rc_analysis_request rr = {
        .input = in, .model = learnt, .out_dir = ref, .threads = threads, .no_auto_learn = true};
    CHECK_MSG(rc_analysis_run(&rr, NULL, r2, &err) == RC_OK, "%s", err.msg);
    CHECK_MSG(same_files(out, ref), "%s, %d threads: outputs differ from the decided colours' run",
              what, threads);
    CHECK(res->info.frames_skipped == 1 && res->info.frames_analysed == 119);
    /* The skipped frame said once, after the check's own message (when it has one). */
    const char *skip = strstr(sd->text, "(frame skipped)");
    CHECK_MSG(skip && !strstr(skip + 1, "(frame skipped)"), "%s:\n%s", what, sd->text);
    const char *own = want_learnt ? strstr(sd->text, "learnt its colour")
                      : want_poor ? strstr(sd->text, "found poorly")
                                  : NULL;
    CHECK_MSG(!(want_learnt || want_poor) || (own && skip && own < skip), "%s:\n%s", what,
              sd->text);
done:
    rc_analysis_result_free(res);
    rc_analysis_result_free(r2);
    free(res);
    free(r2);
    free(al);
    free(learnt);
}

static void check_threads(const char *what, const rc_model *m, const char *in, const char *dir,
                          int want_learnt, int want_poor)
{
    said *sd = calloc(2, sizeof *sd);
    if (!sd) {
        CHECK(0);
        return;
    }
    for (int t = 1; t <= 2; t++)
        check_model(what, m, in, dir, t, want_learnt, want_poor, &sd[t - 1]);
    char a[400], b[400];
    snprintf(a, sizeof a, "%s/%s_t1", dir, what);
    snprintf(b, sizeof b, "%s/%s_t2", dir, what);
    CHECK_MSG(same_files(a, b), "%s: one and two threads differ", what);
    CHECK_MSG(!strcmp(sd[0].text, sd[1].text), "%s: messages differ:\n%s---\n%s", what, sd[0].text,
              sd[1].text);
    free(sd);
}

int main(void)
{
    char dir[] = "/tmp/romcap_selfcheck_XXXXXX", in[128];
    if (!mkdtemp(dir))
        return 1;
    snprintf(in, sizeof in, "%s/jpegs", dir);
    rc_model *m = malloc(sizeof *m), *v = malloc(sizeof *v);
    rc_err err = {{0}};
    if (!m || !v || rc_model_resolve("knee_flexion", MODELS_DIR, m, &err) != RC_OK ||
        !write_folder(in)) {
        fprintf(stderr, "set-up: %s\n", err.msg);
        return 1;
    }
    check_threads("clean", m, in, dir, 0, 0);
    *v = *m;
    memcpy(v->marker[1].rgb, (const uint8_t[3]){0xa0, 0x28, 0xc8}, 3); /* knee: purple */
    check_threads("shifted", v, in, dir, 1, 1);
    *v = *m;
    memcpy(v->marker[1].rgb, (const uint8_t[3]){0xe6, 0xc8, 0x1e}, 3); /* knee: yellow */
    check_threads("other", v, in, dir, 0, 1);
    free(m);
    free(v);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return TEST_RESULT();
}
