/* test_distance.c - distance measures (issue 16, the modified Schober test): the model
 * field "type": "distance" with its "scale", the distance in cm against hand-worked
 * geometry, the scale from the marks' known spacing, the refusal without a scale, and
 * the bundled model lumbar_flexion_schober against ../shared/CLINICAL.md.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "romcap/compensation.h"
#include "romcap/kinematics.h"
#include "romcap/model.h"
#include "romcap/synth.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"

/* A two-mark model with `extra` spliced into its measure (a field or two). */
static rc_status parse_with(const char *extra, rc_model *m, rc_err *err)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"format\": \"romcap-model/1\", \"name\": \"d\", \"title\": \"D\","
             " \"description\": \"x\", \"view\": \"sagittal\", \"side\": \"right\","
             " \"markers\": [{\"name\": \"lo\", \"label\": \"Low\", \"color\": \"#1eaa46\"},"
             " {\"name\": \"up\", \"label\": \"Up\", \"color\": \"#c828a0\"}],"
             " \"segments\": [[\"lo\", \"up\"]],"
             " \"angles\": [{\"name\": \"gap\", \"label\": \"Gap\", \"type\": \"%s\","
             " \"markers\": [\"lo\", \"up\"]%s,"
             " \"normal\": {\"min\": 0, \"max\": 0, \"source\": \"none held\"}}]}",
             strstr(extra, "\"ref\"") ? "segment_vertical" : "distance", extra);
    return rc_model_parse(json, strlen(json), "d.json", m, err);
}

static void test_parse(void)
{
    rc_model m;
    rc_err err = {{0}};
    CHECK_MSG(parse_with(", \"scale\": {\"start_cm\": 15}", &m, &err) == RC_OK, "%s", err.msg);
    CHECK(m.angle[0].type == RC_ANGLE_DISTANCE && m.angle[0].sign == 1);
    CHECK_NEAR(m.angle[0].scale_cm, 15, 0);
    CHECK(!strcmp(rc_model_angle_unit(&m.angle[0]), "cm"));
    CHECK_MSG(parse_with("", &m, &err) == RC_OK, "%s", err.msg); /* scale optional */
    CHECK(m.angle[0].scale_cm == 0);
    /* A distance has no direction: sign, offset, wrap_center refused, with the field. */
    CHECK(parse_with(", \"sign\": \"ccw\"", &m, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "angles[0].sign: a distance measure has no sign");
    CHECK(parse_with(", \"offset\": 2", &m, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "angles[0].offset");
    CHECK(parse_with(", \"scale\": {\"start_cm\": 0}", &m, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "angles[0].scale.start_cm");
    CHECK(parse_with(", \"scale\": {\"start_mm\": 150}", &m, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "start_mm");
    /* A scale belongs to a distance only. */
    CHECK(parse_with(", \"ref\": \"up\", \"sign\": \"ccw\", \"scale\": {\"start_cm\": 15}", &m,
                     &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "angles[0].scale: only a distance measure has a scale");
    CHECK(!strcmp(rc_model_angle_unit(&(rc_model_angle){.type = RC_ANGLE_THREE_POINT}), "deg"));
}

static void test_geometry(void)
{
    rc_model m;
    rc_err err = {{0}};
    CHECK_MSG(parse_with(", \"scale\": {\"start_cm\": 15}", &m, &err) == RC_OK, "%s", err.msg);
    /* Positions in plane mm: a 90-120-150 triangle's hypotenuse, 150 mm = 15 cm. */
    rc_vec2 pos[2] = {{10, 200}, {100, 80}};
    rc_kin_options o = rc_kin_options_default();
    CHECK(isnan(rc_kin_angle_deg(&m, 0, pos, NULL, &o))); /* no scale: no value */
    o.cm_per_unit = 0.1;
    CHECK_NEAR(rc_kin_angle_deg(&m, 0, pos, NULL, &o), 15.0, 1e-12);
    o.mirror = true; /* a mirrored set-up changes no distance */
    CHECK_NEAR(rc_kin_angle_deg(&m, 0, pos, NULL, &o), 15.0, 1e-12);
    bool valid[2] = {true, false};
    CHECK(isnan(rc_kin_angle_deg(&m, 0, pos, valid, &o)));

    /* The scale from the known spacing: the marks 15 cm apart on the first frame seen,
     * here 48 px apart (3.2 px per cm), and a later 64 px reads 20 cm. */
    rc_kin_options k = rc_kin_options_default();
    rc_vec2 px[2] = {{300, 200}, {300, 152}};
    CHECK(!rc_kin_distance_scale(&m, px, valid, &k) && k.cm_per_unit == 0); /* a mark unseen */
    CHECK(rc_kin_distance_scale(&m, px, NULL, &k) && k.cm_from == RC_KIN_CM_SPACING);
    CHECK_NEAR(k.cm_per_unit, 15.0 / 48.0, 1e-12);
    rc_vec2 later[2] = {{300, 200}, {300 + 64 * 0.6, 200 - 64 * 0.8}};
    CHECK_NEAR(rc_kin_angle_deg(&m, 0, later, NULL, &k), 20.0, 1e-12);
    CHECK(!rc_kin_distance_scale(&m, later, NULL, &k)); /* set once */
    CHECK_NEAR(k.cm_per_unit, 15.0 / 48.0, 1e-12);

    /* Without a spacing and without a plane: refused, saying what to give. */
    CHECK(rc_kin_has_distance(&m));
    CHECK(rc_kin_distance_ready(&m, false, &err) == RC_OK);
    m.angle[0].scale_cm = 0;
    CHECK(rc_kin_distance_ready(&m, true, &err) == RC_OK);
    CHECK(rc_kin_distance_ready(&m, false, &err) == RC_E_ARG);
    CHECK_STR_CONTAINS(err.msg, "measure 'gap' is a distance in cm and needs a scale");
    CHECK_STR_CONTAINS(err.msg, "--calib FILE");
    CHECK_STR_CONTAINS(err.msg, "\"start_cm\"");
    rc_kin_options none = rc_kin_options_default();
    CHECK(!rc_kin_distance_scale(&m, px, NULL, &none) && none.cm_per_unit == 0);
}

/* The bundled test against ../shared/CLINICAL.md: marks 10 cm above and 5 cm below
 * the lumbosacral junction (15 cm), SDC 1.8 cm (Robinson & Mengshoel 2014), and no
 * published norm held. */
static void test_bundled(void)
{
    rc_model m;
    rc_err err = {{0}};
    CHECK_MSG(rc_model_resolve("lumbar_flexion_schober", MODELS_DIR, &m, &err) == RC_OK, "%s",
              err.msg);
    CHECK(m.view == RC_VIEW_SAGITTAL && m.n_angles == 1 && m.n_markers == 2);
    const rc_model_angle *a = &m.angle[0];
    CHECK(a->type == RC_ANGLE_DISTANCE && !strcmp(a->name, "schober"));
    CHECK_NEAR(a->scale_cm, 15, 0);
    CHECK_STR_CONTAINS(m.marker[a->marker[0]].label, "5 cm below the lumbosacral junction");
    CHECK_STR_CONTAINS(m.marker[a->marker[1]].label, "10 cm above the lumbosacral junction");
    CHECK(a->n_mdc == 1);
    CHECK_NEAR(a->mdc[0].mdc95_deg, 1.8, 0);
    CHECK_STR_CONTAINS(a->mdc[0].source, "Robinson & Mengshoel 2014");
    CHECK_STR_CONTAINS(a->normal_source, "No published norm held");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rc_model_describe(f, &m, false);
    fclose(f);
    CHECK_STR_CONTAINS(buf, "measure schober");
    CHECK_STR_CONTAINS(buf, "MDC95 1.8 cm");
    CHECK_STR_CONTAINS(buf, "definition: the straight-line distance between the marks");
    CHECK_STR_CONTAINS(buf, "the marks are 15 cm apart at the start");
    CHECK(!strstr(buf, "deg ("));
    free(buf);
}

/* The scene's truth (src/synth/scene_schober.c) against the camera formula of synth.h:
 * with the plane square to the camera and no distortion, a plane length L mm is
 * L * width / RC_SYNTH_DISTANCE_MM px, so the marks' truth positions give the
 * distance in cm independently of the scene's own value. It starts at 15 cm and
 * reaches 21 cm (the fullest repetition). */
static void test_scene_truth(void)
{
    rc_err err = {{0}};
    rc_synth_options o = rc_synth_options_default();
    o.width = 640, o.height = 360;
    rc_synth *s = rc_synth_create("lumbar_flexion_schober", &o, &err);
    CHECK_MSG(s != NULL, "%s", err.msg);
    if (!s)
        return;
    double worst = 0, lo = 1e9, hi = -1e9;
    for (int64_t f = 0; f < rc_synth_frame_count(s); f++) {
        rc_truth t;
        CHECK(rc_synth_truth(s, f, &t) == RC_OK);
        CHECK(t.n_markers == 2 && !strcmp(t.angle_name[0], "schober"));
        double cm = hypot(t.marker[1].ux_px - t.marker[0].ux_px,
                          t.marker[1].uy_px - t.marker[0].uy_px) *
                    RC_SYNTH_DISTANCE_MM / o.width / 10.0;
        worst = fmax(worst, fabs(cm - t.angle_deg[0]));
        lo = fmin(lo, t.angle_deg[0]);
        hi = fmax(hi, t.angle_deg[0]);
    }
    CHECK_MSG(worst < 1e-9, "scene distance off its truth by %g cm", worst);
    CHECK_NEAR(lo, 15, 1e-12);
    CHECK_NEAR(hi, 21, 1e-9);
    rc_synth_destroy(s);
}

int main(void)
{
    test_scene_truth();
    test_parse();
    test_geometry();
    test_bundled();
    return TEST_RESULT();
}
