/* test_ui_common.h - scene and pixel checks shared by test_ui.c and test_ui_window.c.
 *
 * The scene: a flat dark-grey I420 frame (JFIF luma 60, neutral chroma, so every
 * RGB channel must read 60), the knee_flexion model (from models/ when present,
 * else built by hand with the same markers) and three markers at hand-picked
 * positions. Expected pixels come from the geometry written here, not from the
 * ui code.
 */
#ifndef TEST_UI_COMMON_H
#define TEST_UI_COMMON_H

#include "romcap/ui.h"
#include "test_util.h"

#include <SDL.h>
#include <SDL_image.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { UT_W = 640, UT_H = 360, UT_PANEL = 300, UT_LUMA = 60 };

/* Marker positions (frame pixels): hip, knee, ankle. */
static const double ut_pos[3][2] = {{330, 60}, {320, 190}, {250, 290}};
static const uint8_t ut_green[3] = {30, 170, 70}, ut_magenta[3] = {200, 40, 160},
                     ut_blue[3] = {30, 80, 200};

static void ut_make_frame(rc_image *im, uint8_t *buf)
{
    rc_image_wrap(im, RC_PIX_I420, UT_W, UT_H, buf);
    memset(im->plane[0], UT_LUMA, (size_t)UT_W * UT_H);
    memset(im->plane[1], 128, (size_t)(UT_W / 2) * (UT_H / 2));
    memset(im->plane[2], 128, (size_t)(UT_W / 2) * (UT_H / 2));
}

static void ut_hand_model(rc_model *m)
{
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "knee_flexion");
    snprintf(m->title, sizeof m->title, "Knee flexion (sagittal)");
    snprintf(m->side, sizeof m->side, "right");
    m->view = RC_VIEW_SAGITTAL;
    const char *names[3] = {"hip", "knee", "ankle"};
    const uint8_t *cols[3] = {ut_green, ut_magenta, ut_blue};
    m->n_markers = 3;
    for (int i = 0; i < 3; i++) {
        snprintf(m->marker[i].name, sizeof m->marker[i].name, "%s", names[i]);
        memcpy(m->marker[i].rgb, cols[i], 3);
        m->marker[i].hint_x = m->marker[i].hint_y = -1;
    }
    m->n_segments = 2;
    m->segment[0][0] = 0, m->segment[0][1] = 1;
    m->segment[1][0] = 1, m->segment[1][1] = 2;
    m->n_angles = 1;
    rc_model_angle *a = &m->angle[0];
    snprintf(a->name, sizeof a->name, "knee_flexion");
    snprintf(a->label, sizeof a->label, "Knee flexion");
    a->type = RC_ANGLE_THREE_POINT;
    a->ref = RC_REF_STRAIGHT;
    a->marker[0] = 0, a->marker[1] = 1, a->marker[2] = 2;
    a->sign = -1;
    a->normal_min_deg = 0, a->normal_max_deg = 135, a->wrap_center_deg = 67.5;
}

/* The knee_flexion model: from models/ if the file loads, else by hand. */
static void ut_model(rc_model *m)
{
    const char *p = ROMCAP_SOURCE_DIR "/models/knee_flexion.json";
    rc_err e = {{0}};
    if (test_path_exists(p) && rc_model_load(p, m, &e) == RC_OK && m->n_markers == 3 &&
        m->n_angles >= 1)
        return;
    if (test_path_exists(p))
        printf("note: %s did not load (%s); using a hand-built model\n", p, e.msg);
    ut_hand_model(m);
}

/* Knee flexion by model.h's definition: straight ref r = knee - hip, m = ankle - knee,
 * theta counter-clockwise on screen (y flipped), value = -theta. */
static double ut_knee_angle(void)
{
    double rx = ut_pos[1][0] - ut_pos[0][0], ry = -(ut_pos[1][1] - ut_pos[0][1]);
    double mx = ut_pos[2][0] - ut_pos[1][0], my = -(ut_pos[2][1] - ut_pos[1][1]);
    double th = atan2(rx * my - ry * mx, rx * mx + ry * my) * 180.0 / 3.14159265358979;
    return -th;
}

static void ut_overlay(rc_ui_overlay *ov, const rc_model *m, rc_marker_state *st, double *ang)
{
    memset(st, 0, 3 * sizeof *st);
    for (int i = 0; i < 3; i++) {
        st[i].x_px = ut_pos[i][0];
        st[i].y_px = ut_pos[i][1];
        st[i].state = RC_TRACK_SEEN;
        st[i].blob = i;
    }
    st[2].state = RC_TRACK_PREDICTED;
    ang[0] = ut_knee_angle();
    memset(ov, 0, sizeof *ov);
    ov->model = m;
    ov->markers = st;
    ov->angle_deg = ang;
    ov->rom_min_deg = 2.0;
    ov->rom_max_deg = 118.0;
    ov->frame_index = 123;
    ov->t_s = 4.1;
    ov->fps = 30.0;
    ov->status = "synthetic test frame";
}

static void ut_px(SDL_Surface *s, int x, int y, uint8_t rgb[3])
{
    uint32_t v = 0;
    const uint8_t *p =
        (const uint8_t *)s->pixels + (size_t)y * s->pitch + (size_t)x * s->format->BytesPerPixel;
    memcpy(&v, p, s->format->BytesPerPixel);
    SDL_GetRGB(v, s->format, &rgb[0], &rgb[1], &rgb[2]);
}

static int ut_close(const uint8_t a[3], const uint8_t b[3], int tol)
{
    for (int i = 0; i < 3; i++)
        if (abs((int)a[i] - (int)b[i]) > tol)
            return 0;
    return 1;
}

/* Checks a saved canvas (sx, sy: canvas pixels per frame pixel; ox, oy: where the
 * frame's pixel (0,0) centre lands; panel_x: first panel column). */
static void ut_check_png(const char *path, int exp_w, int exp_h, double ox, double oy, double sx,
                         int panel_x, int predicted_ankle)
{
    SDL_Surface *s = IMG_Load(path);
    CHECK_MSG(s != NULL, "IMG_Load(%s): %s", path, IMG_GetError());
    if (!s)
        return;
    CHECK_MSG(s->w == exp_w && s->h == exp_h, "PNG is %dx%d, expected %dx%d", s->w, s->h, exp_w,
              exp_h);
    if (s->w != exp_w || s->h != exp_h) {
        SDL_FreeSurface(s);
        return;
    }
    uint8_t c[3];
    /* Background: JFIF luma 60 with neutral chroma is RGB (60, 60, 60). */
    const uint8_t grey[3] = {UT_LUMA, UT_LUMA, UT_LUMA};
    const double bg[][2] = {{40, 40}, {600, 330}, {80, 320}, {560, 60}};
    for (int i = 0; i < 4; i++) {
        ut_px(s, (int)lround(ox + bg[i][0] * sx), (int)lround(oy + bg[i][1] * sx), c);
        CHECK_MSG(ut_close(c, grey, 2), "background at (%g,%g) is (%d,%d,%d)", bg[i][0], bg[i][1],
                  c[0], c[1], c[2]);
    }
    /* Hip ring: the middle of the ring (radius 12 px at scale 1) is the sticker's
     * green all the way round. */
    double hx = ox + ut_pos[0][0] * sx, hy = oy + ut_pos[0][1] * sx;
    int ring_ok = 0;
    for (int k = 0; k < 16; k++) {
        double a = k * 2 * 3.14159265358979 / 16;
        ut_px(s, (int)lround(hx + 12 * sx * cos(a)), (int)lround(hy - 12 * sx * sin(a)), c);
        ring_ok += ut_close(c, ut_green, 3);
    }
    CHECK_MSG(ring_ok == 16, "%d of 16 ring samples around the hip are green", ring_ok);
    /* Inside the ring the frame shows through (the sticker must stay visible). */
    ut_px(s, (int)lround(hx - 4 * sx), (int)lround(hy - 3 * sx), c);
    CHECK_MSG(ut_close(c, grey, 2), "hip ring centre is (%d,%d,%d)", c[0], c[1], c[2]);
    /* Ankle: a dashed ring when predicted (some samples blue, some not), nothing
     * when lost. */
    double ax = ox + ut_pos[2][0] * sx, ay = oy + ut_pos[2][1] * sx;
    int blue = 0;
    for (int k = 0; k < 72; k++) {
        double a = k * 2 * 3.14159265358979 / 72;
        ut_px(s, (int)lround(ax + 12 * sx * cos(a)), (int)lround(ay - 12 * sx * sin(a)), c);
        blue += ut_close(c, ut_blue, 3);
    }
    if (predicted_ankle)
        CHECK_MSG(blue >= 20 && blue <= 52, "dashed ankle ring: %d of 72 samples blue", blue);
    else
        CHECK_MSG(blue == 0, "lost ankle drawn: %d of 72 samples blue", blue);
    /* Knee arc: from the extension of hip->knee to the shank, radius 34 px: bright
     * at the middle of the sweep, background on the opposite side. */
    double kx = ox + ut_pos[1][0] * sx, ky = oy + ut_pos[1][1] * sx;
    double r_dir = atan2(-(ut_pos[1][1] - ut_pos[0][1]), ut_pos[1][0] - ut_pos[0][0]);
    double m_dir = atan2(-(ut_pos[2][1] - ut_pos[1][1]), ut_pos[2][0] - ut_pos[1][0]);
    double mid = 0.5 * (r_dir + m_dir);
    ut_px(s, (int)lround(kx + 33 * sx * cos(mid)), (int)lround(ky - 33 * sx * sin(mid)), c);
    CHECK_MSG(c[0] > 200 && c[1] > 200 && c[2] > 190, "knee arc edge is (%d,%d,%d)", c[0], c[1],
              c[2]);
    ut_px(s, (int)lround(kx - 33 * sx * cos(mid)), (int)lround(ky + 33 * sx * sin(mid)), c);
    CHECK_MSG(ut_close(c, grey, 2), "opposite the knee arc is (%d,%d,%d)", c[0], c[1], c[2]);
    /* Panel: dark, with bright text (the big angle value alone is hundreds of
     * pixels). */
    int bright = 0, dark = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = panel_x; x < s->w; x++) {
            ut_px(s, x, y, c);
            bright += c[0] > 200 && c[1] > 200 && c[2] > 200;
            dark += c[0] < 45 && c[1] < 45 && c[2] < 50;
        }
    long area = (long)(s->w - panel_x) * s->h;
    CHECK_MSG(bright > 400, "panel has %d bright text pixels", bright);
    CHECK_MSG(dark > area / 2, "panel background: %d of %ld pixels dark", dark, area);
    SDL_FreeSurface(s);
}

#endif
