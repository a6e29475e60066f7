/* test_ui_live.c - the live additions to the ui: mirrored view, patient view
 * colours, debug overlay and the tone without an audio device.
 *
 * Headless canvas (frame 1:1 at the top-left, panel to its right), the scene of
 * test_ui_common.h. Expected positions come from geometry: a mirrored view puts
 * frame pixel x at canvas x' = W - 1 - x; the patient panel is the documented
 * green when the angle is inside the target band and the slate panel colour
 * otherwise.
 */
#include "test_ui_common.h"

#include "romcap/compensation.h"

#include <unistd.h>

static char tmpdir[] = "/tmp/romcap-test-ui-live-XXXXXX";

static SDL_Surface *draw_and_load(rc_ui *ui, const rc_image *im, const rc_ui_overlay *ov,
                                  const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s.png", tmpdir, name);
    rc_err e = {{0}};
    CHECK(rc_ui_draw(ui, im, ov) == RC_OK);
    CHECK_MSG(rc_ui_save_png(ui, path, &e) == RC_OK, "%s", e.msg);
    SDL_Surface *s = IMG_Load(path);
    CHECK_MSG(s != NULL, "%s: %s", path, IMG_GetError());
    unlink(path);
    return s;
}

/* Ring of `rgb` around (x, y) at radius 12 in at least 12 of 16 directions. */
static int ring_at(SDL_Surface *s, double x, double y, const uint8_t rgb[3])
{
    int hit = 0;
    for (int a = 0; a < 16; a++) {
        int qx = (int)lround(x + 12 * cos(a * 3.14159265358979 / 8));
        int qy = (int)lround(y + 12 * sin(a * 3.14159265358979 / 8));
        uint8_t c[3];
        ut_px(s, qx, qy, c);
        hit += ut_close(c, rgb, 40);
    }
    return hit >= 12;
}

int main(void)
{
    (void)ut_check_png;
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
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
    if (!ui)
        return TEST_RESULT();
    rc_marker_state st[3];
    double ang[1];
    rc_ui_overlay ov;
    ut_overlay(&ov, &m, st, ang);
    st[2].state = RC_TRACK_SEEN;

    /* Plain: the hip ring where the hip is. */
    SDL_Surface *s = draw_and_load(ui, &im, &ov, "plain");
    if (s) {
        CHECK(ring_at(s, ut_pos[0][0], ut_pos[0][1], ut_green));
        uint8_t c[3];
        ut_px(s, 10, 10, c); /* frame background, luma 60 */
        CHECK(c[0] > 50 && c[0] < 70);
        SDL_FreeSurface(s);
    }
    /* Mirrored view: the ring moves to W - 1 - x, and not at the original place. */
    ov.flip_view = 1;
    s = draw_and_load(ui, &im, &ov, "flip");
    if (s) {
        CHECK(ring_at(s, UT_W - 1 - ut_pos[0][0], ut_pos[0][1], ut_green));
        CHECK(ring_at(s, UT_W - 1 - ut_pos[1][0], ut_pos[1][1], ut_magenta));
        CHECK(!ring_at(s, ut_pos[2][0], ut_pos[2][1], ut_blue));
        CHECK(ring_at(s, UT_W - 1 - ut_pos[2][0], ut_pos[2][1], ut_blue));
        SDL_FreeSurface(s);
    }
    ov.flip_view = 0;
    /* Debug overlay: a dark box over the video's top-left corner. */
    ov.debug_text = "capture -> present: 12.0 ms\nanalysis: 1.0 ms";
    s = draw_and_load(ui, &im, &ov, "debug");
    if (s) {
        uint8_t c[3];
        ut_px(s, 12, 12, c);
        CHECK_MSG(c[0] < 35, "debug box pixel %d", c[0]);
        SDL_FreeSurface(s);
    }
    ov.debug_text = NULL;
    /* Compensation flag (issue 16): its words from the live state, and an amber banner
     * across the video's upper part (at 12% of its height) only while it is given. */
    {
        rc_model cm = m;
        cm.n_comps = 1;
        snprintf(cm.comp[0].label, sizeof cm.comp[0].label, "Thigh swings forward");
        snprintf(cm.comp[0].cue, sizeof cm.comp[0].cue, "Keep your thigh still");
        snprintf(cm.comp[0].unit, sizeof cm.comp[0].unit, "deg");
        cm.comp[0].limit = 10;
        rc_comp_live cl;
        rc_comp_live_reset(&cl, &cm);
        char words[160];
        rc_ui_comp_text(&cm, &cl, 0, words, sizeof words);
        CHECK(words[0] == 0);
        cl.any_active = 0, cl.active[0] = true, cl.amount[0] = 13.6;
        rc_ui_comp_text(&cm, &cl, 0, words, sizeof words);
        CHECK(!strcmp(words, "Thigh swings forward 14\xC2\xB0 (limit 10\xC2\xB0)"));
        rc_ui_comp_text(&cm, &cl, 1, words, sizeof words);
        CHECK(!strcmp(words, "Keep your thigh still"));
        static const uint8_t amber[3] = {236, 178, 64};
        for (int with = 0; with < 2; with++) {
            ov.comp_flag = with ? "Thigh swings forward 14\xC2\xB0 (limit 10\xC2\xB0)" : NULL;
            s = draw_and_load(ui, &im, &ov, "comp");
            int n = 0;
            for (int x = 0; s && x < UT_W; x++) {
                uint8_t c[3];
                ut_px(s, x, (int)(0.12 * UT_H) - 6, c);
                n += ut_close(c, amber, 6);
            }
            CHECK_MSG(with ? n > 150 : n == 0, "%d amber pixels %s the flag", n,
                      with ? "with" : "without");
            if (s)
                SDL_FreeSurface(s);
        }
        ov.comp_flag = NULL;
    }
    /* Patient view: panel green inside the target, slate outside. The panel's
     * bottom-right corner holds no text. */
    int cw, chh;
    rc_ui_canvas_size(ui, &cw, &chh);
    ov.patient = 1;
    ov.target_min_deg = ang[0] - 10;
    ov.target_max_deg = ang[0] + 10;
    ov.in_target = 1;
    ov.hold_s = 1.5;
    ov.n_reps = 3;
    static const uint8_t green_bg[3] = {26, 84, 46}, slate[3] = {28, 33, 39};
    s = draw_and_load(ui, &im, &ov, "patient_in");
    if (s) {
        uint8_t c[3];
        ut_px(s, cw - 5, chh - 5, c);
        CHECK_MSG(ut_close(c, green_bg, 3), "inside: %d,%d,%d", c[0], c[1], c[2]);
        SDL_FreeSurface(s);
    }
    ov.in_target = 0;
    s = draw_and_load(ui, &im, &ov, "patient_out");
    if (s) {
        uint8_t c[3];
        ut_px(s, cw - 5, chh - 5, c);
        CHECK_MSG(ut_close(c, slate, 3), "outside: %d,%d,%d", c[0], c[1], c[2]);
        /* The video keeps its markers in the patient view (same 1:1 placement as
         * long as the panel does not squeeze it). */
        SDL_FreeSurface(s);
    }
    /* Tone: never fails hard without a real device. */
    int q = rc_ui_beep(ui, 660.0);
    CHECK(q == 0 || q == 1);
    CHECK(rc_ui_audio_status(ui) != NULL);
    printf("audio: %s\n", q ? "tone queued (dummy driver)" : rc_ui_audio_status(ui));
    CHECK(rc_ui_beep(NULL, 440.0) == 0);
    rc_ui_destroy(ui);
    free(buf);
    rmdir(tmpdir);
    return TEST_RESULT();
}
