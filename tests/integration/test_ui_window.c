/* test_ui_window.c - a real SDL window: draw frames, save, check the pixels.
 *
 * Needs an X display: ctest runs it under Xvfb (tests/integration/ui.cmake,
 * test "ui_window_xvfb"); registered alone as a unit test it is skipped when
 * DISPLAY is unset. Besides the canvas read back by rc_ui_save_png it grabs the
 * X root window with XGetImage, i.e. what was actually presented on screen, and
 * checks the hip ring there too.
 */
#include "test_ui_common.h"

#include <X11/Xlib.h>
#include <dlfcn.h>
#include <X11/Xutil.h>
#include <unistd.h>

/* Reads the presented pixel at root-window coordinates (x, y). */
static int root_pixel(Display *d, int x, int y, uint8_t rgb[3])
{
    XImage *img = XGetImage(d, DefaultRootWindow(d), x, y, 1, 1, AllPlanes, ZPixmap);
    if (!img)
        return 0;
    unsigned long p = XGetPixel(img, 0, 0);
    /* 24-bit TrueColor visual as set up by xvfb-run -s "-screen 0 WxHx24". */
    rgb[0] = (uint8_t)((p & img->red_mask) >> 16);
    rgb[1] = (uint8_t)((p & img->green_mask) >> 8);
    rgb[2] = (uint8_t)(p & img->blue_mask);
    XDestroyImage(img);
    return 1;
}

/* Real X input through the XTest extension (libXtst, opened at run time): a left
 * click on the window at frame point (fx, fy), scaled video and mirrored view
 * included, must come back from rc_ui_poll as RC_UI_EV_CLICK at that frame point,
 * and the L key as RC_UI_EV_LEARN. */
typedef int (*xt_button_fn)(Display *, unsigned, int, unsigned long);
typedef int (*xt_motion_fn)(Display *, int, int, int, unsigned long);
typedef int (*xt_key_fn)(Display *, unsigned, int, unsigned long);

static int poll_for(rc_ui *ui, const rc_image *frame, const rc_ui_overlay *ov, rc_ui_event_type t,
                    rc_ui_event *out)
{
    for (int i = 0; i < 100; i++) {
        rc_ui_event ev;
        while (rc_ui_poll(ui, &ev))
            if (ev.type == t) {
                *out = ev;
                return 1;
            }
        rc_ui_draw(ui, frame, ov);
        SDL_Delay(10);
    }
    return 0;
}

static void check_clicks(rc_ui *ui, SDL_Window *win, const rc_image *frame, rc_ui_overlay *ov)
{
    void *xt = dlopen("libXtst.so.6", RTLD_NOW);
    Display *d = XOpenDisplay(NULL);
    xt_button_fn fake_button = xt ? (xt_button_fn)dlsym(xt, "XTestFakeButtonEvent") : NULL;
    xt_motion_fn fake_motion = xt ? (xt_motion_fn)dlsym(xt, "XTestFakeMotionEvent") : NULL;
    xt_key_fn fake_key = xt ? (xt_key_fn)dlsym(xt, "XTestFakeKeyEvent") : NULL;
    CHECK_MSG(d && fake_button && fake_motion && fake_key,
              "XTest (package libxtst6) is needed to click into the window");
    if (!d || !fake_button || !fake_motion || !fake_key) {
        if (d)
            XCloseDisplay(d);
        return;
    }
    SDL_RaiseWindow(win);
    const double pts[2][2] = {{ut_pos[1][0] + 0.3, ut_pos[1][1] - 0.6}, {100.0, 200.0}};
    for (int flip = 0; flip < 2; flip++) {
        ov->flip_view = flip;
        CHECK(rc_ui_draw(ui, frame, ov) == RC_OK);
        const double *p = pts[flip];
        double cx, cy;
        rc_ui_frame_to_canvas(ui, p[0], p[1], &cx, &cy);
        int wx, wy, ww, wh, ow, oh;
        SDL_GetWindowPosition(win, &wx, &wy);
        SDL_GetWindowSize(win, &ww, &wh);
        rc_ui_canvas_size(ui, &ow, &oh);
        double sx = (double)ww / ow, sy = (double)wh / oh; /* canvas -> window */
        int rx = wx + (int)lround(cx * sx), ry = wy + (int)lround(cy * sy);
        fake_motion(d, -1, rx, ry, 0);
        fake_button(d, 1, True, 0);
        fake_button(d, 1, False, 0);
        XFlush(d);
        rc_ui_event ev = {0};
        CHECK_MSG(poll_for(ui, frame, ov, RC_UI_EV_CLICK, &ev), "no click event (flip %d)", flip);
        /* The click lands on a whole window pixel: within a pixel of the canvas
         * point, i.e. within a frame pixel divided by the scale. */
        double tol = 1.0 / (sx < sy ? sx : sy) + 0.5;
        printf("click at frame (%.1f, %.1f), flip %d: got (%.2f, %.2f)\n", p[0], p[1], flip,
               ev.x_px, ev.y_px);
        CHECK_NEAR(ev.x_px, p[0], tol);
        CHECK_NEAR(ev.y_px, p[1], tol);
    }
    ov->flip_view = 0;
    KeyCode l = XKeysymToKeycode(d, XStringToKeysym("l"));
    fake_key(d, l, True, 0);
    fake_key(d, l, False, 0);
    XFlush(d);
    rc_ui_event ev;
    CHECK_MSG(poll_for(ui, frame, ov, RC_UI_EV_LEARN, &ev), "L key gave no learn event");
    /* The canvas-to-frame mapping refuses the panel. */
    int cw, ch;
    double fx, fy;
    rc_ui_canvas_size(ui, &cw, &ch);
    CHECK(!rc_ui_canvas_to_frame(ui, cw - 5.0, ch / 2.0, &fx, &fy));
    XCloseDisplay(d);
}

int main(void)
{
    const char *disp = getenv("DISPLAY");
    if (!disp || !disp[0])
        TEST_SKIP("no X display (ctest runs this under Xvfb as ui_window_xvfb)");
    setenv("SDL_VIDEODRIVER", "x11", 1);
    /* SDL's OpenGL renderer loads Mesa and unloads it at SDL_Quit; Mesa keeps a
     * few process-lifetime allocations that LeakSanitizer then reports from an
     * unknown module. Holding the libraries loaded keeps them reachable. */
    const char *gl_libs[] = {"libGL.so.1", "libGLX_mesa.so.0",
                             "/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so"};
    for (size_t i = 0; i < sizeof gl_libs / sizeof gl_libs[0]; i++)
        (void)dlopen(gl_libs[i], RTLD_NOW | RTLD_GLOBAL); /* absent is fine */
    char tmpdir[64];
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rc_test_uiw_XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
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
    cfg.panel_width = UT_PANEL;
    cfg.title = "romcap ui test";
    rc_err e = {{0}};
    rc_ui *ui = rc_ui_create(&cfg, &e);
    CHECK_MSG(ui != NULL, "windowed create on %s: %s", disp, e.msg);
    if (!ui)
        return TEST_RESULT();
    CHECK(rc_ui_is_windowed(ui));
    int cw, ch;
    rc_ui_canvas_size(ui, &cw, &ch);
    SDL_RendererInfo ri = {0};
    SDL_GetRendererInfo(SDL_GetRenderer(SDL_GetWindowFromID(1)), &ri);
    printf("window canvas %dx%d, renderer %s\n", cw, ch, ri.name ? ri.name : "?");

    /* A few frames with event polling, as the live loop does (the window gets
     * mapped and exposed meanwhile). */
    rc_ui_event ev;
    for (int i = 0; i < 30; i++) {
        while (rc_ui_poll(ui, &ev))
            CHECK(ev.type != RC_UI_EV_NONE);
        ov.frame_index = i;
        CHECK(rc_ui_draw(ui, &frame, &ov) == RC_OK);
        SDL_Delay(10);
    }
    rc_ui_canvas_size(ui, &cw, &ch);
    char png[128];
    snprintf(png, sizeof png, "%s/window.png", tmpdir);
    CHECK_MSG(rc_ui_save_png(ui, png, &e) == RC_OK, "save: %s", e.msg);
    /* The frame is fitted into the canvas left of the panel; at the requested size
     * (640 + 300 fits a 1280x800 screen) that is 1:1 at the origin. */
    double ox, oy, x1, y1;
    rc_ui_frame_to_canvas(ui, 0, 0, &ox, &oy);
    rc_ui_frame_to_canvas(ui, 1, 0, &x1, &y1);
    CHECK_NEAR(x1 - ox, (double)(cw - UT_PANEL) / UT_W, 0.02);
    ut_check_png(png, cw, ch, ox, oy, x1 - ox, cw - UT_PANEL, 1);

    /* What is on the X screen: the hip ring is green there too. */
    SDL_Window *win = SDL_GetWindowFromID(1);
    Display *d = XOpenDisplay(NULL);
    CHECK(d != NULL);
    if (d && win && cw == UT_W + UT_PANEL) {
        int wx, wy;
        SDL_GetWindowPosition(win, &wx, &wy);
        XSync(d, False);
        uint8_t c[3];
        int green = 0, n = 0;
        for (int k = 0; k < 8; k++, n++) {
            double a = k * 2 * 3.14159265358979 / 8;
            int x = wx + (int)lround(ut_pos[0][0] + 12 * cos(a));
            int y = wy + (int)lround(ut_pos[0][1] - 12 * sin(a));
            if (root_pixel(d, x, y, c))
                green += ut_close(c, ut_green, 3);
        }
        CHECK_MSG(green == n, "on screen: %d of %d hip ring samples green (window at %d,%d)", green,
                  n, wx, wy);
        const uint8_t grey[3] = {UT_LUMA, UT_LUMA, UT_LUMA};
        CHECK(root_pixel(d, wx + 40, wy + 40, c) && ut_close(c, grey, 2));
    }
    if (d)
        XCloseDisplay(d);

    /* Resize: the layout follows and drawing still works. */
    if (win) {
        SDL_SetWindowSize(win, 800, 400);
        for (int i = 0; i < 10; i++) {
            while (rc_ui_poll(ui, &ev)) {
            }
            CHECK(rc_ui_draw(ui, &frame, &ov) == RC_OK);
            SDL_Delay(10);
        }
        int w2, h2;
        rc_ui_canvas_size(ui, &w2, &h2);
        printf("after resize: canvas %dx%d\n", w2, h2);
        CHECK(rc_ui_save_png(ui, png, &e) == RC_OK);
        check_clicks(ui, win, &frame, &ov);
    }
    rc_ui_destroy(ui);
    if (getenv("ROMCAP_KEEP_PNG")) {
        printf("kept %s\n", png);
    } else {
        unlink(png);
        rmdir(tmpdir);
    }
    return TEST_RESULT();
}
