/* test_autolearn.c - sticker colours learnt by themselves (analysis.h,
 * rc_autolearn_run) against the synthetic scene's exact truth, and their place in
 * summary.json (writer and reader round trip).
 *
 * - every bundled colour of the knee scene finds its marker well: nothing is judged
 *   poor, the model comes back unchanged (so the run's outputs stay those of
 *   --no-auto-learn);
 * - the knee's nominal colour moved 0.45 |n| away (purple #a028c8 for the rendered
 *   magenta #c828a0, outside the nominal class): the knee is judged poor, learnt on
 *   its sticker (the renderer's truth: within its radius less 1 px) with about the
 *   rendered colour (within 20 a channel), and the class is kept;
 * - the knee's nominal colour yellow (a different sticker, not a shifted one): judged
 *   poor, nothing learnt (rc_color_learn_doubtful), the model unchanged.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "romcap/analysis.h"
#include "romcap/results.h"
#include "romcap/synth.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"
#define SCENE      "synthetic:knee_flexion?size=640x360&fps=30&seconds=2"

static void test_clean(const rc_model *m, rc_model *learnt, rc_autolearn_result *r)
{
    rc_err err = {{0}};
    CHECK_MSG(rc_autolearn_run(SCENE, m, 640, 360, learnt, r, &err) == RC_OK, "%s", err.msg);
    CHECK_MSG(r->n_poor == 0 && r->n_learnt == 0, "%d poor, %d learnt", r->n_poor, r->n_learnt);
    CHECK(r->frames == 60 || r->frames == 61);
    CHECK(!memcmp(learnt, m, sizeof *m));
}

static void test_shifted(const rc_model *base, rc_model *learnt, rc_autolearn_result *r)
{
    rc_model m = *base;
    const uint8_t purple[3] = {0xa0, 0x28, 0xc8}, rendered[3] = {0xc8, 0x28, 0xa0};
    memcpy(m.marker[1].rgb, purple, 3); /* knee */
    rc_err err = {{0}};
    CHECK_MSG(rc_autolearn_run(SCENE, &m, 640, 360, learnt, r, &err) == RC_OK, "%s", err.msg);
    const rc_autolearn_marker *k = &r->marker[1];
    CHECK_MSG(r->n_poor == 1 && k->poor, "%d poor", r->n_poor);
    CHECK_MSG(r->n_learnt == 1 && k->learnt, "%d learnt (tried %d, class %d, found %.2f)",
              r->n_learnt, k->tried, k->have_class, k->learnt_found);
    if (!k->learnt)
        return;
    /* measured: nominal 0.00, learnt 1.00 of the frames; #c829a0, within 1 a channel */
    CHECK(k->nominal_found < 0.8 && k->learnt_found >= 0.8);
    for (int c = 0; c < 3; c++)
        CHECK_MSG(abs(k->rgb[c] - rendered[c]) <= 20, "channel %d: %d, rendered %d", c, k->rgb[c],
                  rendered[c]);
    rc_synth *s = rc_synth_create_uri(SCENE, &err);
    rc_truth tr;
    CHECK(s && rc_synth_truth(s, k->frame, &tr) == RC_OK);
    if (s) {
        double d = hypot(k->x_px - tr.marker[1].x_px, k->y_px - tr.marker[1].y_px);
        /* On the sticker (radius 6.4 px at 640x360): measured 2.7 px from its centre (the
         * spot that stands out most, not the centroid). */
        CHECK_MSG(d <= 5.4, "learnt %.1f px from the knee's true centre", d);
    }
    rc_synth_destroy(s);
    CHECK(learnt->marker[1].chroma_learned == 1 && learnt->marker[0].chroma_learned == 0 &&
          learnt->marker[2].chroma_learned == 0);
}

static void test_other_sticker(const rc_model *base, rc_model *learnt, rc_autolearn_result *r)
{
    rc_model m = *base;
    const uint8_t yellow[3] = {0xe6, 0xc8, 0x1e};
    memcpy(m.marker[1].rgb, yellow, 3);
    rc_err err = {{0}};
    CHECK_MSG(rc_autolearn_run(SCENE, &m, 640, 360, learnt, r, &err) == RC_OK, "%s", err.msg);
    CHECK_MSG(r->marker[1].poor && r->n_learnt == 0, "poor %d, %d learnt", r->marker[1].poor,
              r->n_learnt);
    CHECK(!memcmp(learnt, &m, sizeof m));
}

static void test_summary(const rc_model *m, const char *dir)
{
    int64_t frame[2] = {0, 1};
    double t[2] = {0, 1.0 / 30}, deg[2 * RC_MAX_ANGLES] = {10, 11};
    rc_angles an = {.n_angles = m->n_angles, .n = 2, .frame = frame, .t_s = t, .deg = deg};
    for (int a = 0; a < m->n_angles; a++)
        memcpy(an.name[a], m->angle[a].name, sizeof an.name[a]);
    rc_run_info *info = calloc(1, sizeof *info);
    rc_summary *s = calloc(1, sizeof *s);
    if (!info || !s) {
        CHECK(0);
        free(info);
        free(s);
        return;
    }
    info->input = "test";
    info->frames_analysed = 2;
    char path[512];
    rc_err err = {{0}};
    snprintf(path, sizeof path, "%s/summary.json", dir);
    /* None learnt: no block at all, and nothing read. */
    CHECK_MSG(rc_summary_write(path, m, &an, info, &err) == RC_OK, "%s", err.msg);
    CHECK_MSG(rc_summary_read(path, s, &err) == RC_OK, "%s", err.msg);
    CHECK(s->n_learnt_colours == 0);
    info->n_learnt_colours = 1;
    rc_learnt_colour *c = &info->learnt_colour[0];
    snprintf(c->marker, sizeof c->marker, "knee");
    c->frame = 12;
    c->rgb[0] = 0xf5, c->rgb[1] = 0x47, c->rgb[2] = 0x4c;
    c->mean[0] = -0.25f, c->mean[1] = 0.5f;
    c->cov[0] = 0.001f, c->cov[1] = -0.0005f, c->cov[2] = 0.002f;
    CHECK_MSG(rc_summary_write(path, m, &an, info, &err) == RC_OK, "%s", err.msg);
    CHECK_MSG(rc_summary_read(path, s, &err) == RC_OK, "%s", err.msg);
    const rc_learnt_colour *g = &s->learnt_colour[0];
    CHECK_MSG(s->n_learnt_colours == 1, "%d", s->n_learnt_colours);
    CHECK(!strcmp(g->marker, "knee") && g->frame == 12);
    CHECK(g->rgb[0] == 0xf5 && g->rgb[1] == 0x47 && g->rgb[2] == 0x4c);
    CHECK(g->mean[0] == c->mean[0] && g->mean[1] == c->mean[1]); /* floats print exactly */
    CHECK(g->cov[0] == c->cov[0] && g->cov[1] == c->cov[1] && g->cov[2] == c->cov[2]);
    free(info);
    free(s);
}

int main(void)
{
    char dir[] = "/tmp/romcap_autolearn_XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    rc_model *m = malloc(sizeof *m), *learnt = malloc(sizeof *learnt);
    rc_autolearn_result *r = malloc(sizeof *r);
    rc_err err = {{0}};
    if (!m || !learnt || !r || rc_model_resolve("knee_flexion", MODELS_DIR, m, &err) != RC_OK) {
        fprintf(stderr, "knee_flexion: %s\n", err.msg);
        return 1;
    }
    test_clean(m, learnt, r);
    test_shifted(m, learnt, r);
    test_other_sticker(m, learnt, r);
    test_summary(m, dir);
    free(m);
    free(learnt);
    free(r);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return TEST_RESULT();
}
