/* test_ui_prompt.c - the pain prompt of the live window (issue 17): the typed number
 * as a patient would key it (0-10, Backspace, Enter, Esc to skip; 11 cannot be typed),
 * and its box drawn over the middle of the video on the headless canvas (the typed
 * number in amber, 255,214,102; the scene of test_ui_common.h has no amber). */
#include "test_ui_common.h"

#include <unistd.h>

static char tmpdir[] = "/tmp/romcap-test-ui-prompt-XXXXXX";

static int keys(rc_ui_prompt *p, const char *seq, int *value)
{
    int done = 0;
    for (const char *k = seq; *k && !done; k++)
        done = rc_ui_prompt_key(p, *k == 'E' ? '\r' : *k == 'X' ? 27 : *k == 'B' ? '\b' : *k,
                                value);
    return done;
}

static void logic(void)
{
    struct {
        const char *seq;
        int done, value;
    } cases[] = {
        {"7E", 1, 7},   {"10E", 1, 10}, {"11E", 1, 1},  /* the second 1 would pass 10 */
        {"0E", 1, 0},   {"05E", 1, 5},  {"E", 0, -2},   /* Enter alone: still open */
        {"7X", 1, -1},  {"X", 1, -1},   {"9B3E", 1, 3}, {"9BBE", 0, -2},
        {"a7E", 1, 7},  /* other keys ignored */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rc_ui_prompt p;
        rc_ui_prompt_open(&p, "Pain now?", 10);
        int v = -2;
        int done = keys(&p, cases[i].seq, &v);
        CHECK_MSG(done == cases[i].done && v == cases[i].value, "'%s': done %d value %d",
                  cases[i].seq, done, v);
        CHECK(p.active == !done);
    }
    rc_ui_prompt p;
    rc_ui_prompt_open(&p, "Pain now?", 10);
    int v;
    keys(&p, "8", &v);
    char text[200];
    rc_ui_prompt_text(&p, text, sizeof text);
    CHECK_STR_CONTAINS(text, "Pain now?\n8\n");
}

static long amber_pixels(SDL_Surface *s, int x0, int x1)
{
    static const uint8_t amber[3] = {255, 214, 102};
    long n = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = x0; x < x1 && x < s->w; x++) {
            uint8_t c[3];
            ut_px(s, x, y, c);
            n += ut_close(c, amber, 30);
        }
    return n;
}

int main(void)
{
    (void)ut_check_png;
    logic();
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    if (!mkdtemp(tmpdir))
        return 1;
    rc_model m;
    ut_model(&m);
    uint8_t *buf = malloc(rc_image_bytes(RC_PIX_I420, UT_W, UT_H));
    rc_image im;
    ut_make_frame(&im, buf);
    rc_ui_config cfg;
    rc_ui_config_default(&cfg, UT_W, UT_H);
    cfg.headless = 1;
    cfg.panel_width = UT_PANEL;
    rc_err e = {{0}};
    rc_ui *ui = rc_ui_create(&cfg, &e);
    CHECK_MSG(ui != NULL, "%s", e.msg);
    if (!ui) {
        free(buf);
        return TEST_RESULT();
    }
    rc_marker_state st[3];
    double ang[1];
    rc_ui_overlay ov;
    ut_overlay(&ov, &m, st, ang);
    char path[256];
    snprintf(path, sizeof path, "%s/p.png", tmpdir);
    long amber[2] = {-1, -1};
    for (int k = 0; k < 2; k++) {
        ov.prompt = k ? "Pain now, before the test?\n7\n0-10, Enter to keep, Esc to skip" : NULL;
        CHECK(rc_ui_draw(ui, &im, &ov) == RC_OK);
        CHECK_MSG(rc_ui_save_png(ui, path, &e) == RC_OK, "%s", e.msg);
        SDL_Surface *s = IMG_Load(path);
        CHECK(s != NULL);
        if (s) {
            amber[k] = amber_pixels(s, 0, UT_W); /* over the video only */
            if (k) { /* the box is dark and centred on the video */
                uint8_t c[3];
                ut_px(s, UT_W / 2, UT_H / 2 - 40, c);
                CHECK_MSG(c[0] < 40, "box pixel %d", c[0]);
            }
            SDL_FreeSurface(s);
        }
        unlink(path);
    }
    printf("amber pixels over the video: %ld without the prompt, %ld with it\n", amber[0],
           amber[1]);
    CHECK(amber[0] == 0 && amber[1] > 100); /* measured: 0 and 630 */
    rc_ui_destroy(ui);
    free(buf);
    rmdir(tmpdir);
    return TEST_RESULT();
}
