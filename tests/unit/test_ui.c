/* test_ui.c - headless ui: overlays drawn off screen, saved as PNG, read back.
 *
 * Uses SDL's dummy video driver, so it runs without any display. Checks pixels of
 * the saved canvas against the scene's hand-worked geometry (test_ui_common.h),
 * the file's privacy, error paths, and that a window without a display fails
 * with a message that says so.
 */
#include "test_ui_common.h"

#include <unistd.h>

static char tmpdir[64];

static void check_errors(void)
{
    rc_err e = {{0}};
    rc_ui_config cfg;
    rc_ui_config_default(&cfg, 0, 360);
    cfg.headless = 1;
    CHECK(rc_ui_create(&cfg, &e) == NULL);
    CHECK_STR_CONTAINS(e.msg, "0x360");

    rc_ui_config_default(&cfg, UT_W, UT_H);
    cfg.headless = 1;
    cfg.font_path = "/nonexistent/NoSuch.ttf";
    e.msg[0] = 0;
    CHECK(rc_ui_create(&cfg, &e) == NULL);
    CHECK_STR_CONTAINS(e.msg, "/nonexistent/NoSuch.ttf");
    rc_ui_destroy(NULL);
}

/* A window with no display must fail cleanly and say why. */
static void check_no_display(void)
{
    char *saved = getenv("DISPLAY") ? strdup(getenv("DISPLAY")) : NULL;
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    setenv("SDL_VIDEODRIVER", "x11", 1);
    rc_ui_config cfg;
    rc_ui_config_default(&cfg, UT_W, UT_H);
    rc_err e = {{0}};
    rc_ui *ui = rc_ui_create(&cfg, &e);
    CHECK(ui == NULL);
    CHECK_STR_CONTAINS(e.msg, "no display");
    CHECK_STR_CONTAINS(e.msg, "headless");
    printf("windowed create without a display: %s\n", e.msg);
    rc_ui_destroy(ui);
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (saved) {
        setenv("DISPLAY", saved, 1);
        free(saved);
    }
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rc_test_ui_XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    check_errors();

    static uint8_t buf[UT_W * UT_H * 3 / 2];
    rc_image frame;
    ut_make_frame(&frame, buf);
    rc_model model;
    ut_model(&model);
    rc_marker_state st[3];
    double ang[RC_MAX_ANGLES];
    rc_ui_overlay ov;
    ut_overlay(&ov, &model, st, ang);

    rc_ui_config cfg;
    rc_ui_config_default(&cfg, UT_W, UT_H);
    cfg.headless = 1;
    cfg.panel_width = UT_PANEL;
    rc_err e = {{0}};
    rc_ui *ui = rc_ui_create(&cfg, &e);
    CHECK_MSG(ui != NULL, "create: %s", e.msg);
    if (!ui)
        return TEST_RESULT();
    CHECK(!rc_ui_is_windowed(ui));
    int cw, ch;
    rc_ui_canvas_size(ui, &cw, &ch);
    CHECK(cw == UT_W + UT_PANEL && ch == UT_H);

    char png[128], png2[128];
    snprintf(png, sizeof png, "%s/overlay.png", tmpdir);
    snprintf(png2, sizeof png2, "%s/lost.png", tmpdir);
    CHECK(rc_ui_save_png(ui, png, &e) == RC_E_ARG); /* nothing drawn yet */

    rc_image bad = frame;
    bad.fmt = RC_PIX_GRAY8;
    CHECK(rc_ui_draw(ui, &bad, &ov) == RC_E_ARG);
    CHECK_STR_CONTAINS(rc_ui_last_error(ui), "I420");

    /* Several frames, as a live loop would; timing is informative only. */
    Uint64 t0 = SDL_GetPerformanceCounter();
    int n = 20;
    for (int i = 0; i < n; i++) {
        ov.frame_index = 100 + i;
        CHECK(rc_ui_draw(ui, &frame, &ov) == RC_OK);
    }
    double ms = (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 /
                (double)SDL_GetPerformanceFrequency() / n;
    printf("headless draw: %.2f ms per frame (%dx%d canvas)\n", ms, cw, ch);
    ov.frame_index = 123;
    CHECK(rc_ui_draw(ui, &frame, &ov) == RC_OK);
    CHECK_MSG(rc_ui_save_png(ui, png, &e) == RC_OK, "save: %s", e.msg);
    struct stat sb;
    CHECK(stat(png, &sb) == 0 && (sb.st_mode & 0777) == 0600);
    ut_check_png(png, UT_W + UT_PANEL, UT_H, 0, 0, 1.0, UT_W, 1);

    /* Ankle lost: not drawn at all. */
    st[2].state = RC_TRACK_LOST;
    ang[0] = NAN;
    CHECK(rc_ui_draw(ui, &frame, &ov) == RC_OK);
    CHECK(rc_ui_save_png(ui, png2, &e) == RC_OK);
    {
        SDL_Surface *s = IMG_Load(png2);
        CHECK(s != NULL);
        int blue = 0;
        uint8_t c[3];
        for (int k = 0; s && k < 72; k++) {
            double a = k * 2 * 3.14159265358979 / 72;
            ut_px(s, (int)lround(ut_pos[2][0] + 12 * cos(a)),
                  (int)lround(ut_pos[2][1] - 12 * sin(a)), c);
            blue += ut_close(c, ut_blue, 3);
        }
        CHECK_MSG(blue == 0, "lost ankle drawn: %d blue samples", blue);
        SDL_FreeSurface(s);
    }
    /* No frame: draws a "no video" canvas without failing. */
    CHECK(rc_ui_draw(ui, NULL, NULL) == RC_OK);
    CHECK(rc_ui_save_png(ui, "/nonexistent-dir/x.png", &e) == RC_E_IO);
    CHECK_STR_CONTAINS(e.msg, "/nonexistent-dir/x.png");
    rc_ui_destroy(ui);

    check_no_display();

    if (getenv("ROMCAP_KEEP_PNG")) {
        printf("kept %s\n", png);
    } else {
        unlink(png);
        unlink(png2);
        rmdir(tmpdir);
    }
    return TEST_RESULT();
}
