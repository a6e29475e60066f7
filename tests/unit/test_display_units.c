/* test_display_units.c - what a therapist reads (issue 16): the "no published norm"
 * form of a model, a test with no side, each measure's unit from one helper, and the
 * live window's texts and pixels for a distance without a norm.
 *
 * Truth is written here: the model texts are hand-made JSON; the expected words are the
 * clinical units (a distance in cm, never degrees; CLINICAL.md: Schober SDC 1.8 cm);
 * the normal band's colour is the documented band colour (64, 120, 108), looked for in
 * the panel of a model with a band (knee flexion 0..135, the control) and of the
 * Schober model (none).
 */
#include "test_ui_common.h"
#include "ui/ui_internal.h" /* rc__fmt_speed: the repetition block's velocity */

#include <stdio.h>
#include <unistd.h>

#define HEAD                                                                                       \
    "{\"format\": \"romcap-model/1\", \"name\": \"m\", \"title\": \"T\", \"description\": "        \
    "\"d\", \"view\": \"sagittal\", \"side\": \"%s\", \"markers\": [{\"name\": \"a\", "            \
    "\"label\": \"A\", \"color\": \"#1eaa46\"}, {\"name\": \"b\", \"label\": \"B\", "              \
    "\"color\": \"#c828a0\"}], \"angles\": [{\"name\": \"x\", \"label\": \"X\", \"type\": "        \
    "\"segment_vertical\", \"ref\": \"down\", \"markers\": [\"a\", \"b\"], \"sign\": \"ccw\", "    \
    "\"normal\": %s}]}"

static rc_status parse(const char *side, const char *normal, rc_model *m, rc_err *e)
{
    char json[2048];
    snprintf(json, sizeof json, HEAD, side, normal);
    return rc_model_parse(json, strlen(json), "t.json", m, e);
}

static void test_forms(void)
{
    rc_model m;
    rc_err e = {{0}};
    /* The none form: no band, the reason kept, the wrap centre's default 0 as before. */
    CHECK_MSG(parse("right", "{\"none\": \"nothing published\", \"position\": \"standing\"}", &m,
                    &e) == RC_OK,
              "%s", e.msg);
    const rc_model_angle *a = &m.angle[0];
    CHECK(!rc_model_has_norm(a) && !rc_model_norm_legacy(a));
    CHECK(!strcmp(a->normal_source, "nothing published"));
    CHECK(!strcmp(a->normal_position, "standing"));
    CHECK(a->wrap_center_deg == 0);
    char t[64];
    rc_model_norm_text(a, t, sizeof t);
    CHECK(!strcmp(t, "no published norm"));
    /* "none" beside a band is refused, naming the field. */
    CHECK(parse("right", "{\"none\": \"n\", \"min\": 0}", &m, &e) != RC_OK);
    CHECK_STR_CONTAINS(e.msg, "angles[0].normal.min");
    CHECK(parse("right", "{\"none\": \"n\", \"source\": \"s\"}", &m, &e) != RC_OK);
    CHECK(parse("right", "{\"none\": 3}", &m, &e) != RC_OK);
    /* The old 0..0 form loads as before (a band), and is recognised as the old form. */
    CHECK(parse("right", "{\"min\": 0, \"max\": 0, \"source\": \"No published norm held\"}", &m,
                &e) == RC_OK);
    CHECK(rc_model_has_norm(&m.angle[0]) && rc_model_norm_legacy(&m.angle[0]));
    /* A band. */
    CHECK(parse("right", "{\"min\": 0, \"max\": 135, \"source\": \"AAOS\"}", &m, &e) == RC_OK);
    CHECK(rc_model_has_norm(&m.angle[0]) && !rc_model_norm_legacy(&m.angle[0]));
    rc_model_norm_text(&m.angle[0], t, sizeof t);
    CHECK(!strcmp(t, "normal 0..135 deg"));
    CHECK(!rc_model_is_midline(&m));
    /* The side-less form. */
    CHECK(parse("midline", "{\"none\": \"n\"}", &m, &e) == RC_OK);
    CHECK(rc_model_is_midline(&m));
    CHECK(parse("middle", "{\"none\": \"n\"}", &m, &e) != RC_OK);
    CHECK_STR_CONTAINS(e.msg, "midline");
}

static void test_units_and_bundled(void)
{
    rc_model m;
    rc_err e = {{0}};
    CHECK_MSG(rc_model_resolve("lumbar_flexion_schober", ROMCAP_SOURCE_DIR "/models", &m, &e) ==
                  RC_OK,
              "%s", e.msg);
    const rc_model_angle *d = &m.angle[0];
    CHECK(d->type == RC_ANGLE_DISTANCE && !rc_model_has_norm(d) && rc_model_is_midline(&m));
    CHECK(!strcmp(rc_model_unit(d, RC_UNIT_WORD), "cm"));
    CHECK(!strcmp(rc_model_unit(d, RC_UNIT_SUFFIX), " cm"));
    CHECK(!strcmp(rc_model_unit(d, RC_UNIT_HTML), " cm"));
    CHECK(!strcmp(rc_model_unit(d, RC_UNIT_SPEED), "cm/s"));
    CHECK(!strcmp(rc_model_unit(d, RC_UNIT_AXIS), "centimetres"));
    rc_model k;
    CHECK(rc_model_resolve("knee_flexion", ROMCAP_SOURCE_DIR "/models", &k, &e) == RC_OK);
    CHECK(!strcmp(rc_model_unit(&k.angle[0], RC_UNIT_WORD), "deg"));
    CHECK(!strcmp(rc_model_unit(&k.angle[0], RC_UNIT_SUFFIX), "\xC2\xB0"));
    CHECK(!strcmp(rc_model_unit(&k.angle[0], RC_UNIT_SPEED_SUFFIX), "\xC2\xB0/s"));
    /* A velocity (the repetition block, drawn when the panel is tall enough). */
    char v[32];
    rc__fmt_speed(v, sizeof v, d, 7.6);
    CHECK(!strcmp(v, "8 cm/s"));
    rc__fmt_speed(v, sizeof v, &k.angle[0], 95);
    CHECK(!strcmp(v, "95\xC2\xB0/s"));
    rc__fmt_value(v, sizeof v, d, 20.84);
    CHECK(!strcmp(v, "20.8 cm"));
    rc__fmt_value(v, sizeof v, &k.angle[0], -0.4); /* no "-0" */
    CHECK(!strcmp(v, "0\xC2\xB0"));
    /* No bundled model says "no norm" the old way any more. */
    char names[32][RC_NAME_CAP];
    int n = rc_model_list(ROMCAP_SOURCE_DIR "/models", names, 32, &e);
    CHECK(n >= 14);
    for (int i = 0; i < n && i < 32; i++) {
        rc_model b;
        if (rc_model_resolve(names[i], ROMCAP_SOURCE_DIR "/models", &b, &e) != RC_OK)
            continue;
        for (int a = 0; a < b.n_angles; a++)
            CHECK_MSG(!rc_model_norm_legacy(&b.angle[a]), "%s.%s still 0..0", b.name,
                      b.angle[a].name);
    }
    /* `romcap models`' lines: "no published norm (why)", never a 0..0 band. */
    char buf[4096] = "";
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    rc_model_describe(f, &m, false);
    fclose(f);
    CHECK_STR_CONTAINS(buf, "measure schober");
    CHECK_STR_CONTAINS(buf, ", no published norm (No published norm held");
    CHECK_STR_CONTAINS(buf, "midline: no side");
    CHECK(!strstr(buf, "0..0") && !strstr(buf, "warning"));
}

/* Pixels of the normal band's colour in the side panel (x >= UT_W). */
static int band_pixels(SDL_Surface *s)
{
    static const uint8_t band[3] = {64, 120, 108};
    int n = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = UT_W; x < s->w; x++) {
            uint8_t c[3];
            ut_px(s, x, y, c);
            n += ut_close(c, band, 1);
        }
    return n;
}

static SDL_Surface *draw(rc_ui *ui, const rc_image *im, const rc_ui_overlay *ov, const char *dir,
                         const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    rc_err e = {{0}};
    CHECK(rc_ui_draw(ui, im, ov) == RC_OK);
    CHECK_MSG(rc_ui_save_png(ui, path, &e) == RC_OK, "%s", e.msg);
    SDL_Surface *s = IMG_Load(path);
    CHECK_MSG(s != NULL, "%s", IMG_GetError());
    unlink(path);
    return s;
}

static void test_live_window(void)
{
    char dir[] = "/tmp/romcap-test-units-XXXXXX";
    if (!mkdtemp(dir))
        return;
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
    static char text[16384];
    rc_ui_text_record(ui, text, sizeof text);
    double plot[60];
    for (int i = 0; i < 60; i++)
        plot[i] = 15 + 6 * sin(i / 9.0) * sin(i / 9.0);

    /* Control: knee flexion with its 0..135 band: the band is drawn and said. */
    rc_model knee;
    ut_model(&knee);
    rc_marker_state st[3];
    double ang[2];
    rc_ui_overlay ov;
    ut_overlay(&ov, &knee, st, ang);
    ov.show_reps = 1, ov.n_reps = 2, ov.last_rep_peak_vel_deg_s = 95, ov.last_rep_sparc = NAN;
    ov.plot_deg = plot, ov.plot_n = 60, ov.plot_span_s = 10;
    SDL_Surface *s = ui ? draw(ui, &im, &ov, dir, "knee") : NULL;
    if (s) {
        int px = band_pixels(s);
        printf("knee flexion: %d pixels of the band colour in the panel\n", px);
        CHECK_MSG(px > 100, "knee: %d band pixels", px); /* measured 1,092 (about 10x the bound) */
        CHECK_STR_CONTAINS(text, "normal 0\xC2\xB0\xE2\x80\x93"
                                 "135\xC2\xB0");
        SDL_FreeSurface(s);
    }

    /* Schober: a distance in cm with no published norm, a target band of the patient's
     * own set: every value in cm, no degree sign anywhere, no normal band. */
    rc_model sch;
    CHECK(rc_model_resolve("lumbar_flexion_schober", ROMCAP_SOURCE_DIR "/models", &sch, &e) ==
          RC_OK);
    for (int i = 0; i < 2; i++)
        st[i].x_px = 300, st[i].y_px = 100 + 120 * i, st[i].state = RC_TRACK_SEEN;
    ang[0] = 20.84;
    ov.model = &sch;
    ov.angle_deg = ang;
    ov.rom_min_deg = 15.02, ov.rom_max_deg = 20.81;
    ov.target_min_deg = 19.9, ov.target_max_deg = 21.6;
    ov.last_rep_peak_vel_deg_s = 7.6;
    ov.side_text = NULL;
    s = ui ? draw(ui, &im, &ov, dir, "schober") : NULL;
    if (s) {
        int px = band_pixels(s);
        CHECK_MSG(px == 0, "schober: %d band pixels", px);
        CHECK_STR_CONTAINS(text, "20.8 cm");           /* the value */
        CHECK_STR_CONTAINS(text, "15.0 cm");           /* trough */
        CHECK_STR_CONTAINS(text, "5.8 cm");            /* the set's range */
        CHECK_STR_CONTAINS(text, "no published norm"); /* instead of the band's legend */
        CHECK_STR_CONTAINS(text, "target");            /* the patient's own target stays */
        CHECK_STR_CONTAINS(text, "midline \xC2\xB7 sagittal view");
        CHECK_MSG(!strstr(text, "\xC2\xB0"), "a degree sign drawn for a distance:\n%s", text);
        CHECK(!strstr(text, "normal "));
        SDL_FreeSurface(s);
    }
    /* The patient view: value and target in cm. */
    ov.patient = 1;
    s = ui ? draw(ui, &im, &ov, dir, "patient") : NULL;
    if (s) {
        CHECK_STR_CONTAINS(text, "20.8 cm");
        CHECK_STR_CONTAINS(text, "target 19.9 cm \xE2\x80\x93 21.6 cm");
        CHECK(!strstr(text, "\xC2\xB0"));
        SDL_FreeSurface(s);
    }
    rc_ui_destroy(ui);
    free(buf);
    rmdir(dir);
}

int main(void)
{
    (void)ut_check_png;
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    test_forms();
    test_units_and_bundled();
    test_live_window();
    return TEST_RESULT();
}
