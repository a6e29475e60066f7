/* test_model.c - model files: every bundled model loads and matches the agreed table,
 * every bad file in tests/data/models/ is refused with a message naming the file and
 * the field, and a document with every field round-trips into rc_model.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "romcap/model.h"
#include "test_util.h"

#define MODELS_DIR ROMCAP_SOURCE_DIR "/models"
#define BAD_DIR    ROMCAP_SOURCE_DIR "/tests/data/models"

/* The agreed contract (/tmp/romcap_models_table.md), written out by hand. */
typedef struct expect_model {
    const char *name;
    rc_view view;
    int n_markers;
    const char *marker[6];
    uint8_t rgb[6][3];
    rc_marker_kind kind;
    rc_angle_type type;
    rc_angle_ref ref;
    int sign;
    double offset, nmin, nmax;
    double mdc; /* the between-session, single-rater (or unstated) trough MDC95 from
                   ../shared/CLINICAL.md; 0 when none is published */
} expect_model;

/* Models whose first angle is not named after the model, or that carry more angles
 * (their first angle's markers come first, joined in order by the first segments). */
static const struct {
    const char *model, *angle0;
    int n_angles, n_chain;
} more_than_one[] = {{"shoulder_rotation_90", "shoulder_rotation", 1, 2},
                     {"shoulder_abduction", "shoulder_abduction", 1, 3}, /* + acromion_l */
                     {"single_leg_squat", "fppa", 3, 3},
                     {"sit_to_stand", "knee_flexion", 3, 3},
                     {"lumbar_flexion_schober", "schober", 1, 2}};

static void shape_of(const expect_model *e, const char **angle0, int *n_angles, int *n_chain)
{
    *angle0 = e->name, *n_angles = 1, *n_chain = 0;
    for (size_t i = 0; i < sizeof more_than_one / sizeof more_than_one[0]; i++)
        if (!strcmp(more_than_one[i].model, e->name)) {
            *angle0 = more_than_one[i].angle0;
            *n_angles = more_than_one[i].n_angles;
            *n_chain = more_than_one[i].n_chain < e->n_markers ? more_than_one[i].n_chain : 0;
        }
}

#define GRN                                                                                        \
    {                                                                                              \
        30, 170, 70                                                                                \
    }
#define MAG                                                                                        \
    {                                                                                              \
        200, 40, 160                                                                               \
    }
#define BLU                                                                                        \
    {                                                                                              \
        30, 80, 200                                                                                \
    }
#define YEL                                                                                        \
    {                                                                                              \
        235, 200, 30                                                                               \
    }
#define CYA                                                                                        \
    {                                                                                              \
        20, 170, 200                                                                               \
    }
#define WHT                                                                                        \
    {                                                                                              \
        255, 255, 255                                                                              \
    }

static const expect_model table[] = {
    {"ankle_dorsiflexion",
     RC_VIEW_SAGITTAL,
     4,
     {"knee", "ankle", "heel", "toe"},
     {MAG, BLU, GRN, CYA},
     RC_MARKER_COLOR,
     RC_ANGLE_SEGMENT_SEGMENT,
     RC_REF_SEGMENT,
     +1,
     -90,
     0,
     20,
     0},
    {"cervical_lateral_flexion",
     RC_VIEW_FRONTAL,
     3,
     {"xiphoid", "jugular", "glabella"},
     {GRN, YEL, MAG},
     RC_MARKER_COLOR,
     RC_ANGLE_THREE_POINT,
     RC_REF_STRAIGHT,
     +1,
     0,
     0,
     0,
     0},
    {"elbow_flexion",
     RC_VIEW_SAGITTAL,
     3,
     {"shoulder", "elbow", "wrist"},
     {YEL, MAG, CYA},
     RC_MARKER_COLOR,
     RC_ANGLE_THREE_POINT,
     RC_REF_STRAIGHT,
     +1,
     0,
     0,
     150,
     0},
    {"hip_abduction",
     RC_VIEW_FRONTAL,
     3,
     {"left_asis", "right_asis", "right_knee"},
     {YEL, GRN, MAG},
     RC_MARKER_COLOR,
     RC_ANGLE_THREE_POINT,
     RC_REF_CLOSED,
     -1,
     -90,
     0,
     45,
     0},
    {"hip_extension",
     RC_VIEW_SAGITTAL,
     3,
     {"pelvis", "hip", "knee"},
     {YEL, GRN, MAG},
     RC_MARKER_COLOR,
     RC_ANGLE_THREE_POINT,
     RC_REF_STRAIGHT,
     -1,
     0,
     0,
     15,
     0},
    {"hip_flexion",
     RC_VIEW_SAGITTAL,
     3,
     {"pelvis", "hip", "knee"},
     {YEL, GRN, MAG},
     RC_MARKER_COLOR,
     RC_ANGLE_THREE_POINT,
     RC_REF_STRAIGHT,
     +1,
     0,
     0,
     125,
     0},
    {"knee_flexion",
     RC_VIEW_SAGITTAL,
     3,
     {"hip", "knee", "ankle"},
     {GRN, MAG, BLU},
     RC_MARKER_COLOR,
     RC_ANGLE_THREE_POINT,
     RC_REF_STRAIGHT,
     -1,
     0,
     0,
     135,
     5.4},
    {"knee_flexion_reflective",
     RC_VIEW_SAGITTAL,
     3,
     {"hip", "knee", "ankle"},
     {WHT, WHT, WHT},
     RC_MARKER_BRIGHT,
     RC_ANGLE_THREE_POINT,
     RC_REF_STRAIGHT,
     -1,
     0,
     0,
     135,
     5.4},
    {"lumbar_flexion_schober", /* a distance in cm, not an angle (test_distance.c) */
     RC_VIEW_SAGITTAL,
     2,
     {"lower_mark", "upper_mark"},
     {GRN, MAG},
     RC_MARKER_COLOR,
     RC_ANGLE_DISTANCE,
     RC_REF_STRAIGHT,
     1,
     0,
     0,
     0,
     0},
    {"shoulder_abduction",
     RC_VIEW_FRONTAL,
     4, /* the left acromion: optional, for shoulder_hike (issue 16) */
     {"hip", "shoulder", "elbow", "acromion_l"},
     {GRN, YEL, MAG, BLU},
     RC_MARKER_COLOR,
     RC_ANGLE_SEGMENT_VERTICAL, /* the arm against the sternum's midline (issue 14) */
     RC_REF_DOWN,
     -1,
     0,
     0,
     180,
     0},
    {"shoulder_extension",
     RC_VIEW_SAGITTAL,
     3,
     {"hip", "shoulder", "elbow"},
     {GRN, YEL, MAG},
     RC_MARKER_COLOR,
     RC_ANGLE_THREE_POINT,
     RC_REF_CLOSED,
     -1,
     0,
     0,
     60,
     0},
    {"shoulder_flexion",
     RC_VIEW_SAGITTAL,
     3,
     {"hip", "shoulder", "elbow"},
     {GRN, YEL, MAG},
     RC_MARKER_COLOR,
     RC_ANGLE_THREE_POINT,
     RC_REF_CLOSED,
     +1,
     0,
     0,
     180,
     0},
    {"shoulder_rotation_90",
     RC_VIEW_SAGITTAL,
     4, /* chest and trochanter: optional, for trunk_tilt (issue 16) */
     {"olecranon", "ulnar_styloid", "chest", "hip"},
     {MAG, CYA, YEL, GRN},
     RC_MARKER_COLOR,
     RC_ANGLE_SEGMENT_VERTICAL,
     RC_REF_UP,
     +1,
     0,
     -70,
     90,
     0},
    {"single_leg_squat",
     RC_VIEW_FRONTAL,
     6,
     {"right_asis", "right_knee", "right_ankle", "left_asis", "xiphoid", "jugular"},
     {GRN, MAG, BLU, YEL, CYA, MAG},
     RC_MARKER_COLOR,
     RC_ANGLE_THREE_POINT,
     RC_REF_STRAIGHT,
     -1,
     0,
     0,
     0,
     0},
    {"sit_to_stand",
     RC_VIEW_SAGITTAL,
     4,
     {"hip", "knee", "ankle", "shoulder"},
     {GRN, MAG, BLU, YEL},
     RC_MARKER_COLOR,
     RC_ANGLE_THREE_POINT,
     RC_REF_STRAIGHT,
     -1,
     0,
     0,
     0,
     0},
    {"trunk_lateral_flexion",
     RC_VIEW_FRONTAL,
     2,
     {"sacrum", "c7"},
     {GRN, YEL},
     RC_MARKER_COLOR,
     RC_ANGLE_SEGMENT_VERTICAL,
     RC_REF_UP,
     -1,
     0,
     0,
     35,
     0},
};
enum { N_TABLE = sizeof table / sizeof table[0] };

static void test_bundled(void)
{
    char names[32][RC_NAME_CAP];
    rc_err err = {{0}};
    int n = rc_model_list(MODELS_DIR, names, 32, &err);
    CHECK_MSG(n == N_TABLE, "%d models listed: %s", n, err.msg);
    for (int i = 0; i < n && i < N_TABLE; i++) {
        const expect_model *e = &table[i]; /* the table is sorted by name */
        CHECK_MSG(!strcmp(names[i], e->name), "listed %s, expected %s", names[i], e->name);
        rc_model m;
        rc_status s = rc_model_resolve(e->name, MODELS_DIR, &m, &err);
        CHECK_MSG(s == RC_OK, "%s: %s", e->name, err.msg);
        if (s != RC_OK)
            continue;
        CHECK(!strcmp(m.name, e->name));
        CHECK(m.view == e->view);
        /* the Schober marks sit on the spine: a test with no side (issue 16) */
        CHECK_MSG(!strcmp(m.side, strstr(e->name, "schober") ? "midline" : "right"), "%s side %s",
                  e->name, m.side);
        CHECK(m.title[0] && strlen(m.description) > 200);
        CHECK(strstr(m.path, e->name) != NULL);
        CHECK(m.n_markers == e->n_markers);
        for (int k = 0; k < e->n_markers && k < m.n_markers; k++) {
            const rc_model_marker *mk = &m.marker[k];
            CHECK_MSG(!strcmp(mk->name, e->marker[k]), "%s marker %d", e->name, k);
            CHECK_MSG(!memcmp(mk->rgb, e->rgb[k], 3), "%s.%s colour", e->name, mk->name);
            CHECK(mk->kind == e->kind);
            CHECK(mk->label[0]);
            CHECK(mk->hint_x > 0 && mk->hint_x < 1 && mk->hint_y > 0 && mk->hint_y < 1);
        }
        /* Segments join the chain in order (the first angle's markers, when the
         * model has more: those first). */
        const char *angle0;
        int n_angles, n_chain;
        shape_of(e, &angle0, &n_angles, &n_chain);
        int chain = n_chain ? n_chain : e->n_markers;
        CHECK(n_chain ? m.n_segments >= chain - 1 : m.n_segments == chain - 1);
        for (int k = 0; k < chain - 1 && k < m.n_segments; k++)
            CHECK(m.segment[k][0] == k && m.segment[k][1] == k + 1);
        CHECK(m.n_angles == n_angles);
        const rc_model_angle *a = &m.angle[0];
        CHECK(rc_model_angle_index(&m, angle0) == 0 || !strcmp(e->name, "knee_flexion_reflective"));
        CHECK(a->type == e->type && a->ref == e->ref && a->sign == e->sign);
        CHECK_NEAR(a->offset_deg, e->offset, 0);
        CHECK_NEAR(a->normal_min_deg, e->nmin, 0);
        CHECK_NEAR(a->normal_max_deg, e->nmax, 0);
        CHECK_NEAR(a->wrap_center_deg, 0.5 * (e->nmin + e->nmax), 0);
        CHECK(a->normal_source[0]);
        CHECK(m.position[0]); /* every bundled model states its test position */
        int found = 0;
        for (int k = 0; k < a->n_mdc; k++) {
            const rc_model_mdc *f = &a->mdc[k];
            CHECK(f->source[0] && f->mdc95_deg > 0 && f->method[0]);
            if (f->session == RC_MDC_BETWEEN_SESSIONS && f->rater != RC_MDC_RATER_DIFFERENT &&
                f->measure == RC_MDC_TROUGH) {
                CHECK_NEAR(f->mdc95_deg, e->mdc, 0);
                CHECK(strstr(f->source, "10.1055/a-2321-0516") != NULL);
                found = 1;
            }
        }
        CHECK_MSG(found == (e->mdc > 0), "%s: between-session trough figure", e->name);
        /* angle markers are the chain, in order (a segment against the vertical: the
         * chain's last two, the arm) */
        int first = a->type == RC_ANGLE_SEGMENT_VERTICAL ? chain - 2 : 0;
        for (int k = first; k < chain; k++)
            CHECK(a->marker[k - first] == k);
    }
    /* A small cap still returns the total and the first names in order. */
    char two[2][RC_NAME_CAP];
    CHECK(rc_model_list(MODELS_DIR, two, 2, &err) == N_TABLE);
    CHECK(!strcmp(two[0], "ankle_dorsiflexion") && !strcmp(two[1], "cervical_lateral_flexion"));
    CHECK(rc_model_list(MODELS_DIR, NULL, 0, &err) == N_TABLE);
}

typedef struct bad_case {
    const char *file;
    const char *fragment; /* after "<file>: " */
} bad_case;

static const bad_case bad[] = {
    {"unknown_marker", "angles[0].markers[2]: unknown marker 'ankel'"},
    {"missing_label", "markers[1].label: missing required field"},
    {"wrong_type", "angles[0].offset: expected a number, got a string"},
    {"duplicate_marker", "markers[2].name: duplicate marker name 'knee'"},
    {"duplicate_angle", "angles[1].name: duplicate angle name 'knee_flexion'"},
    {"too_many_markers", "markers: 17 markers"},
    {"bad_color", "markers[0].color: bad colour '#12345g'"},
    {"wrong_marker_count", "angles[0].markers: type three_point needs 3 markers, got 2"},
    {"unknown_type", "angles[0].type: unknown type 'three_pt'"},
    {"unknown_ref", "angles[0].ref: unknown ref 'down' for type three_point"},
    {"unknown_field", "markers[0]: unknown field 'toleranse'"},
    {"bad_sign", "angles[0].sign: expected \"ccw\", \"cw\", 1 or -1"},
    {"normal_reversed", "angles[0].normal: min (90) is greater than max (0)"},
    {"hint_out_of_frame", "markers[1].hint[0]: 1.5 is not a fraction"},
    {"bad_name", "markers[0].name: 'Hip' is not a valid name"},
    {"missing_mdc_source", "angles[0].mdc.source: missing required field"},
    {"segment_unknown", "segments[1][1]: unknown marker 'toe'"},
    {"self_segment", "angles[0].markers: a segment would join a marker to itself"},
    {"no_angles", "angles: missing required field"},
    {"bad_view", "view: unknown view 'transverse'"},
    {"name_mismatch", "name: 'knee_flexion' does not match the file name"},
    {"not_a_model", "format: not a romcap model: expected \"romcap-model/1\", got 'geojson'"},
    {"no_format", "format: not a romcap model: missing field"},
    {"top_array", "not a romcap model: the document is an array"},
    {"empty", "line 1, column 1: JSON syntax error at the end of the file"},
    {"duplicate_key", "angles[0]: field 'sign' is given twice"},
    /* Worked out by hand from the files: the missing comma ends line 6, so the
     * parser stops at the quote opening "side" on line 7, column 3; the stray brace
     * of trailing_garbage is alone on line 56. */
    {"syntax_error", "line 7, column 3: JSON syntax error near '\"side\": \"right\",'"},
    {"trailing_garbage", "line 56, column 1: JSON syntax error near '}'"},
};
enum { N_BAD = sizeof bad / sizeof bad[0] };

static void test_bad_files(void)
{
    for (int i = 0; i < N_BAD; i++) {
        char path[512], want[1100];
        snprintf(path, sizeof path, "%s/%s.json", BAD_DIR, bad[i].file);
        snprintf(want, sizeof want, "%s: %s", path, bad[i].fragment);
        rc_model m;
        memset(&m, 0x5a, sizeof m);
        rc_err err = {{0}};
        rc_status s = rc_model_load(path, &m, &err);
        CHECK_MSG(s == RC_E_FORMAT, "%s: status %d", bad[i].file, (int)s);
        CHECK_STR_CONTAINS(err.msg, want);
        CHECK(m.n_markers == 0 && m.n_angles == 0 && m.name[0] == '\0'); /* zeroed */
        /* One line, as promised. */
        CHECK(strchr(err.msg, '\n') == NULL);
    }
    /* Every file in the folder has a case above (a new file needs its expectation). */
    char names[64][RC_NAME_CAP];
    rc_err err = {{0}};
    CHECK(rc_model_list(BAD_DIR, names, 64, &err) == N_BAD);
}

static void test_files_and_names(void)
{
    rc_err err = {{0}};
    rc_model m;
    char tmpl[] = "/tmp/romcap_model_XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir)
        return;
    char path[600];

    /* Missing file. */
    snprintf(path, sizeof path, "%s/absent.json", dir);
    CHECK(rc_model_load(path, &m, &err) == RC_E_NOT_FOUND);
    CHECK_STR_CONTAINS(err.msg, path);

    /* A folder is not a model. */
    CHECK(rc_model_load(dir, &m, &err) == RC_E_IO);
    CHECK_STR_CONTAINS(err.msg, "not a regular file");

    /* Larger than 1 MiB: refused without parsing. */
    snprintf(path, sizeof path, "%s/huge.json", dir);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputc('{', f);
        for (int i = 0; i < (1 << 20); i++)
            fputc(' ', f);
        fputc('}', f);
        fclose(f);
    }
    CHECK(rc_model_load(path, &m, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "huge.json: 1048578 bytes is too large");
    remove(path);

    /* Unreadable (only meaningful when not running as root). */
    snprintf(path, sizeof path, "%s/locked.json", dir);
    f = fopen(path, "wb");
    if (f) {
        fputs("{}", f);
        fclose(f);
    }
    chmod(path, 0);
    if (geteuid() != 0) {
        CHECK(rc_model_load(path, &m, &err) == RC_E_IO);
        CHECK_STR_CONTAINS(err.msg, "locked.json: cannot open");
    }
    remove(path);
    rmdir(dir);

    /* Unknown bundled name lists what exists; names cannot walk out of the folder. */
    CHECK(rc_model_resolve("knee_flexoin", MODELS_DIR, &m, &err) == RC_E_NOT_FOUND);
    CHECK_STR_CONTAINS(err.msg, "unknown model 'knee_flexoin'");
    CHECK_STR_CONTAINS(err.msg, "ankle_dorsiflexion, cervical_lateral_flexion, elbow_flexion");
    CHECK_STR_CONTAINS(err.msg, "trunk_lateral_flexion)"); /* all 15, none cut */
    CHECK(rc_model_resolve("..", MODELS_DIR, &m, &err) == RC_E_NOT_FOUND);
    CHECK(rc_model_resolve("", MODELS_DIR, &m, &err) == RC_E_ARG);
    CHECK(rc_model_resolve(NULL, MODELS_DIR, &m, &err) == RC_E_ARG);
    /* A path is loaded as a path. */
    CHECK(rc_model_resolve(MODELS_DIR "/elbow_flexion.json", NULL, &m, &err) == RC_OK);
    CHECK(!strcmp(m.name, "elbow_flexion"));
    CHECK(rc_model_marker_index(&m, "wrist") == 2);
    CHECK(rc_model_marker_index(&m, "ankle") == -1);
    CHECK(rc_model_marker_index(NULL, "wrist") == -1);
    CHECK(rc_model_angle_index(&m, "elbow_flexion") == 0);
    CHECK(rc_model_angle_index(&m, "nope") == -1);
    CHECK(rc_model_list(ROMCAP_SOURCE_DIR "/no/such/dir", NULL, 0, &err) == RC_E_NOT_FOUND);
    CHECK(!strcmp(rc_view_name(RC_VIEW_FRONTAL), "frontal"));
    CHECK(!strcmp(rc_view_name(RC_VIEW_SAGITTAL), "sagittal"));
}

/* Every field, including the optional ones, lands where it should. */
static const char full_json[] =
    "{\n"
    "  \"format\": \"romcap-model/1\", \"name\": \"rt\", \"title\": \"Round trip\",\n"
    "  \"description\": \"All fields.\", \"view\": \"frontal\", \"side\": \"left\",\n"
    "  \"_comment\": \"ignored\",\n"
    "  \"markers\": [\n"
    "    {\"name\": \"a\", \"label\": \"A\", \"kind\": \"color\", \"color\": \"#0A1b2C\",\n"
    "     \"tolerance\": 0.25, \"hint\": [0.1, 0.9]},\n"
    "    {\"name\": \"b\", \"label\": \"B\", \"kind\": \"bright\"},\n"
    "    {\"name\": \"c2\", \"label\": \"C\", \"color\": \"#ffffff\"},\n"
    "    {\"name\": \"d\", \"label\": \"D\", \"color\": \"#000000\"}\n"
    "  ],\n"
    "  \"segments\": [[\"a\", \"b\"], [\"d\", \"c2\"]],\n"
    "  \"angles\": [\n"
    "    {\"name\": \"ang1\", \"label\": \"One\", \"type\": \"segment_segment\",\n"
    "     \"markers\": [\"a\", \"b\", \"c2\", \"d\"], \"sign\": -1, \"offset\": 12.5,\n"
    "     \"wrap_center\": -30, \"normal\": {\"min\": -10, \"max\": 40, \"source\": \"S1\"},\n"
    "     \"mdc\": {\"value\": 2.5, \"source\": \"M1\"}},\n"
    "    {\"name\": \"ang2\", \"label\": \"Two\", \"type\": \"segment_horizontal\",\n"
    "     \"ref\": \"left\", \"markers\": [\"d\", \"a\"], \"sign\": \"ccw\",\n"
    "     \"normal\": {\"min\": 0, \"max\": 20, \"source\": \"S2\"}, \"mdc\": {\"value\": 0}},\n"
    "    {\"name\": \"ang3\", \"label\": \"Three\", \"type\": \"segment_vertical\",\n"
    "     \"ref\": \"down\", \"markers\": [\"b\", \"c2\"], \"sign\": 1,\n"
    "     \"normal\": {\"min\": 0, \"max\": 0, \"source\": \"S3\"}}\n"
    "  ]\n"
    "}\n";

static void test_round_trip(void)
{
    rc_model m;
    rc_err err = {{0}};
    rc_status s = rc_model_parse(full_json, strlen(full_json), "mem", &m, &err);
    CHECK_MSG(s == RC_OK, "%s", err.msg);
    if (s != RC_OK)
        return;
    CHECK(!strcmp(m.name, "rt") && !strcmp(m.title, "Round trip"));
    CHECK(!strcmp(m.description, "All fields."));
    CHECK(m.view == RC_VIEW_FRONTAL && !strcmp(m.side, "left"));
    CHECK(m.path[0] == '\0'); /* parsed from memory */
    CHECK(m.n_markers == 4);
    const rc_model_marker *a = &m.marker[0], *b = &m.marker[1];
    CHECK(!strcmp(a->name, "a") && !strcmp(a->label, "A") && a->kind == RC_MARKER_COLOR);
    CHECK(a->rgb[0] == 0x0a && a->rgb[1] == 0x1b && a->rgb[2] == 0x2c);
    CHECK_NEAR(a->tolerance, 0.25, 1e-7);
    CHECK_NEAR(a->hint_x, 0.1, 1e-7);
    CHECK_NEAR(a->hint_y, 0.9, 1e-7);
    CHECK(b->kind == RC_MARKER_BRIGHT && b->rgb[0] == 255 && b->rgb[1] == 255 && b->rgb[2] == 255);
    CHECK(b->tolerance == 0.0f && b->hint_x < 0 && b->hint_y < 0); /* defaults */
    CHECK(m.marker[3].rgb[0] == 0 && m.marker[3].rgb[2] == 0);
    CHECK(m.n_segments == 2);
    CHECK(m.segment[0][0] == 0 && m.segment[0][1] == 1);
    CHECK(m.segment[1][0] == 3 && m.segment[1][1] == 2);
    CHECK(m.n_angles == 3);
    const rc_model_angle *g1 = &m.angle[0], *g2 = &m.angle[1], *g3 = &m.angle[2];
    CHECK(g1->type == RC_ANGLE_SEGMENT_SEGMENT && g1->ref == RC_REF_SEGMENT);
    CHECK(g1->marker[0] == 0 && g1->marker[1] == 1 && g1->marker[2] == 2 && g1->marker[3] == 3);
    CHECK(g1->sign == -1);
    CHECK_NEAR(g1->offset_deg, 12.5, 0);
    CHECK_NEAR(g1->wrap_center_deg, -30, 0);
    CHECK_NEAR(g1->normal_min_deg, -10, 0);
    CHECK_NEAR(g1->normal_max_deg, 40, 0);
    CHECK(!strcmp(g1->normal_source, "S1"));
    /* The older "mdc" object: one figure whose design is unstated. */
    CHECK(g1->n_mdc == 1 && g1->mdc[0].session == RC_MDC_SESSION_UNSTATED);
    CHECK_NEAR(g1->mdc[0].mdc95_deg, 2.5, 0);
    CHECK(!strcmp(g1->mdc[0].source, "M1"));
    CHECK(g2->type == RC_ANGLE_SEGMENT_HORIZONTAL && g2->ref == RC_REF_LEFT && g2->sign == 1);
    CHECK(g2->marker[0] == 3 && g2->marker[1] == 0 && g2->marker[2] == -1);
    CHECK_NEAR(g2->offset_deg, 0, 0);
    CHECK_NEAR(g2->wrap_center_deg, 10, 0); /* middle of 0..20 */
    CHECK(g2->n_mdc == 0);
    CHECK(g3->type == RC_ANGLE_SEGMENT_VERTICAL && g3->ref == RC_REF_DOWN && g3->sign == 1);

    /* Same text through a file with the wrong stem: name check applies to files only. */
    CHECK(rc_model_parse(full_json, strlen(full_json) - 3, "cut", &m, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "cut: line ");
    /* An embedded NUL byte is a syntax error at its position, not a silent cut. */
    char withnul[sizeof full_json];
    memcpy(withnul, full_json, sizeof full_json);
    withnul[2] = '\0';
    CHECK(rc_model_parse(withnul, strlen(full_json), "nul", &m, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "nul: line 2, column 1"); /* byte 2 follows "{\n" */
    CHECK(rc_model_parse(NULL, 0, "x", &m, &err) == RC_E_ARG);
    CHECK(rc_model_parse("{}", 2, NULL, NULL, &err) == RC_E_ARG);
}

/* Wrong types and limits that need no file of their own. */
static void test_parse_messages(void)
{
    static const struct {
        const char *json, *fragment;
    } cases[] = {
        {"{\"format\": 1}",
         "m: format: not a romcap model: expected \"romcap-model/1\", got a number"},
        {"{\"format\": \"romcap-model/1\", \"name\": 3}",
         "m: name: expected a string, got a number"},
        {"{\"format\": \"romcap-model/1\", \"name\": \"\"}", "m: name: must not be empty"},
        {"{\"format\": \"romcap-model/1\", \"name\": \"abcdefghijabcdefghijabcdefghijab\"}",
         "m: name: text too long (32 bytes, at most 31)"},
        {"{\"format\": \"romcap-model/1\", \"name\": \"n\", \"title\": \"t\", \"description\": "
         "\"d\", \"view\": \"sagittal\", \"side\": \"middle\"}",
         "m: side: unknown side 'middle'"},
        {"{\"format\": \"romcap-model/1\", \"name\": \"n\", \"title\": \"t\", \"description\": "
         "\"d\", \"view\": \"sagittal\", \"side\": \"left\", \"markers\": {}}",
         "m: markers: expected an array, got an object"},
        {"{\"format\": \"romcap-model/1\", \"name\": \"n\", \"title\": \"t\", \"description\": "
         "\"d\", \"view\": \"sagittal\", \"side\": \"left\", \"markers\": [{\"name\": \"a\", "
         "\"label\": \"A\", \"color\": \"#000000\", \"tolerance\": 2}]}",
         "m: markers[0].tolerance: 2 is out of range [0, 1]"},
        {"{\"format\": \"romcap-model/1\", \"name\": \"n\", \"title\": \"t\", \"description\": "
         "\"d\", \"view\": \"sagittal\", \"side\": \"left\", \"markers\": [{\"name\": \"a\", "
         "\"label\": \"A\", \"kind\": \"glow\"}]}",
         "m: markers[0].kind: unknown kind 'glow'"},
        {"{\"format\": \"romcap-model/1\", \"name\": \"n\", \"title\": \"t\", \"description\": "
         "\"d\", \"view\": \"sagittal\", \"side\": \"left\", \"markers\": [{\"name\": \"a\", "
         "\"label\": \"A\"}]}",
         "m: markers[0].color: missing required field"},
        {"{\"format\": \"romcap-model/1\", \"name\": \"n\", \"title\": \"t\", \"description\": "
         "\"d\", \"view\": \"sagittal\", \"side\": \"left\", \"markers\": [{\"name\": \"a\", "
         "\"label\": \"A\", \"kind\": \"bright\"}, {\"name\": \"b\", \"label\": \"B\", "
         "\"kind\": \"bright\"}], \"angles\": [{\"name\": \"x\", \"label\": \"X\", \"type\": "
         "\"segment_vertical\", \"markers\": [\"a\", \"b\"]}]}",
         "m: angles[0].ref: missing required field"},
        {"{\"format\": \"romcap-model/1\", \"name\": \"n\", \"title\": \"t\", \"description\": "
         "\"d\", \"view\": \"sagittal\", \"side\": \"left\", \"markers\": [{\"name\": \"a\", "
         "\"label\": \"A\", \"kind\": \"bright\"}, {\"name\": \"b\", \"label\": \"B\", "
         "\"kind\": \"bright\"}], \"angles\": [{\"name\": \"x\", \"label\": \"X\", \"type\": "
         "\"segment_vertical\", \"ref\": \"up\", \"markers\": [\"a\", \"b\"], \"sign\": \"cw\", "
         "\"offset\": 1e999, \"normal\": {\"min\": 0, \"max\": 1, \"source\": \"s\"}}]}",
         "m: angles[0].offset: inf is out of range [-360, 360]"},
        {"{\"format\": \"romcap-model/1\", \"name\": \"n\", \"title\": \"t\", \"description\": "
         "\"d\", \"view\": \"sagittal\", \"side\": \"left\", \"markers\": [{\"name\": \"a\", "
         "\"label\": \"A\", \"kind\": \"bright\"}, {\"name\": \"b\", \"label\": \"B\", "
         "\"kind\": \"bright\"}], \"angles\": []}",
         "m: angles: 0 angles: a model needs 1 to 8"},
        /* learnt chroma (romcap learn) */
        {"{\"format\": \"romcap-model/1\", \"name\": \"n\", \"title\": \"t\", \"description\": "
         "\"d\", \"view\": \"sagittal\", \"side\": \"left\", \"markers\": [{\"name\": \"a\", "
         "\"label\": \"A\", \"color\": \"#c828a0\", \"chroma\": {\"mean\": [0.3, 0.7], "
         "\"cov\": [0.001, 0.002, 0.001]}}]}",
         "m: markers[0].chroma.cov: [0.001, 0.002, 0.001] is not a covariance"},
        {"{\"format\": \"romcap-model/1\", \"name\": \"n\", \"title\": \"t\", \"description\": "
         "\"d\", \"view\": \"sagittal\", \"side\": \"left\", \"markers\": [{\"name\": \"a\", "
         "\"label\": \"A\", \"color\": \"#c828a0\", \"chroma\": {\"mean\": [0.3], "
         "\"cov\": [0.001, 0, 0.001]}}]}",
         "m: markers[0].chroma.mean: expected an array of 2 numbers"},
        {"{\"format\": \"romcap-model/1\", \"name\": \"n\", \"title\": \"t\", \"description\": "
         "\"d\", \"view\": \"sagittal\", \"side\": \"left\", \"markers\": [{\"name\": \"a\", "
         "\"label\": \"A\", \"color\": \"#c828a0\", \"chroma\": {\"mean\": [0.01, 0.02], "
         "\"cov\": [0.001, 0, 0.001]}}]}",
         "m: markers[0].chroma: mean [0.01, 0.02] is too grey"},
        {"{\"format\": \"romcap-model/1\", \"name\": \"n\", \"title\": \"t\", \"description\": "
         "\"d\", \"view\": \"sagittal\", \"side\": \"left\", \"markers\": [{\"name\": \"a\", "
         "\"label\": \"A\", \"kind\": \"bright\", \"chroma\": {\"mean\": [0.3, 0.7], "
         "\"cov\": [0.001, 0, 0.001]}}]}",
         "m: markers[0].chroma: only colour markers have a learnt chroma"},
        {"{\"format\": \"romcap-model/1\", \"name\": \"n\", \"title\": \"t\", \"description\": "
         "\"d\", \"view\": \"sagittal\", \"side\": \"left\", \"markers\": [{\"name\": \"a\", "
         "\"label\": \"A\", \"color\": \"#c828a0\", \"chroma\": {\"mean\": [0.3, 0.7], "
         "\"cov\": [0.001, 0, 0.001], \"sd\": 1}}]}",
         "m: markers[0].chroma: unknown field 'sd'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rc_model m;
        rc_err err = {{0}};
        rc_status s = rc_model_parse(cases[i].json, strlen(cases[i].json), "m", &m, &err);
        CHECK_MSG(s == RC_E_FORMAT, "case %zu: status %d", i, (int)s);
        CHECK_STR_CONTAINS(err.msg, cases[i].fragment);
    }
}

/* Mutated and truncated copies of a bundled file never crash (ASan watches) and
 * either load or fail with a one-line message naming the origin. */
static void test_mutations(void)
{
    FILE *f = fopen(MODELS_DIR "/hip_abduction.json", "rb");
    CHECK(f != NULL);
    if (!f)
        return;
    static char text[8192], buf[8192];
    size_t len = fread(text, 1, sizeof text, f);
    fclose(f);
    unsigned long long seed = 7;
    static const char junk[] = "{}[]\",:0-e.#\\\x01 \xff";
    int ok = 0, refused = 0;
    for (int trial = 0; trial < 3000; trial++) {
        memcpy(buf, text, len);
        size_t n = len;
        int edits = 1 + (int)(4 * test_rand01(&seed));
        for (int e = 0; e < edits; e++) {
            size_t at = (size_t)(test_rand01(&seed) * (double)n);
            if (test_rand01(&seed) < 0.2)
                n = at; /* truncate */
            else if (at < n)
                buf[at] = junk[(size_t)(test_rand01(&seed) * (sizeof junk - 1))];
        }
        rc_model m;
        rc_err err = {{0}};
        rc_status s = rc_model_parse(buf, n, "fuzz", &m, &err);
        if (s == RC_OK) {
            ok++;
            CHECK(m.n_markers >= 2 && m.n_markers <= RC_MAX_MARKERS);
            CHECK(m.n_angles >= 1 && m.n_angles <= RC_MAX_ANGLES);
        } else {
            refused++;
            CHECK(s == RC_E_FORMAT);
            CHECK(!strncmp(err.msg, "fuzz: ", 6) && !strchr(err.msg, '\n'));
        }
    }
    printf("mutations: %d loaded, %d refused\n", ok, refused);
}

/* The facing rules of the bundled models (models/README.md, "Facing"): every model
 * names its own angle as the movement; the frontal ones say their view; the pairs. */
static void test_bundled_facing(void)
{
    static const struct {
        const char *name, *lr[2];
        rc_model_from from;
    } want[] = {
        {"ankle_dorsiflexion", {"heel", "toe"}, RC_FROM_UNSET},
        {"elbow_flexion", {NULL, NULL}, RC_FROM_UNSET},
        {"hip_abduction", {"right_asis", "left_asis"}, RC_FROM_FRONT},
        {"hip_flexion", {NULL, NULL}, RC_FROM_UNSET},
        {"knee_flexion", {NULL, NULL}, RC_FROM_UNSET},
        {"knee_flexion_reflective", {NULL, NULL}, RC_FROM_UNSET},
        {"shoulder_abduction", {NULL, NULL}, RC_FROM_FRONT},
        {"shoulder_flexion", {NULL, NULL}, RC_FROM_UNSET},
        {"trunk_lateral_flexion", {NULL, NULL}, RC_FROM_BEHIND},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        rc_model m;
        rc_err err = {{0}};
        if (rc_model_resolve(want[i].name, MODELS_DIR, &m, &err) != RC_OK) {
            CHECK_MSG(0, "%s", err.msg);
            continue;
        }
        const rc_model_facing *f = &m.facing;
        CHECK_MSG(f->has_movement && f->movement_angle == 0, "%s", want[i].name);
        CHECK(f->from == want[i].from);
        CHECK((m.view == RC_VIEW_FRONTAL) == (f->from != RC_FROM_UNSET));
        CHECK(f->has_left_right == (want[i].lr[0] != NULL));
        if (want[i].lr[0] && f->has_left_right) {
            CHECK(!strcmp(m.marker[f->left_right[0]].name, want[i].lr[0]));
            CHECK(!strcmp(m.marker[f->left_right[1]].name, want[i].lr[1]));
        }
    }
    CHECK(!strcmp(rc_model_from_name(RC_FROM_BEHIND), "behind"));
    CHECK(!strcmp(rc_model_from_name(RC_FROM_UNSET), ""));
}

/* "facing" mistakes, each named by its field. */
static void test_facing_messages(void)
{
    static const char head[] =
        "{\"format\": \"romcap-model/1\", \"name\": \"n\", \"title\": \"t\", \"description\": "
        "\"d\", \"view\": \"%s\", \"side\": \"right\", \"markers\": [{\"name\": \"a\", "
        "\"label\": \"A\", \"kind\": \"bright\"}, {\"name\": \"b\", \"label\": \"B\", "
        "\"kind\": \"bright\"}], \"angles\": [{\"name\": \"x\", \"label\": \"X\", \"type\": "
        "\"segment_vertical\", \"ref\": \"up\", \"markers\": [\"a\", \"b\"], \"sign\": \"cw\", "
        "\"normal\": {\"min\": 0, \"max\": 30, \"source\": \"s\"}}], \"facing\": %s}";
    static const struct {
        const char *view, *facing, *fragment; /* fragment NULL: loads */
    } cases[] = {
        {"sagittal", "{\"movement\": \"x\"}", NULL},
        {"sagittal", "{\"left_right\": [\"b\", \"a\"]}", NULL},
        {"frontal", "{\"movement\": \"x\", \"from\": \"either\"}", NULL},
        {"sagittal", "[]", "m: facing: expected an object, got an array"},
        {"sagittal", "{}", "m: facing: no rule: give 'movement'"},
        {"sagittal", "{\"movement\": \"y\"}", "m: facing.movement: unknown angle 'y'"},
        {"sagittal", "{\"movement\": 0}",
         "m: facing.movement: expected an angle name, got a number"},
        {"sagittal", "{\"left_right\": [\"a\"]}", "m: facing.left_right: expected a pair"},
        {"sagittal", "{\"left_right\": [\"a\", \"c\"]}",
         "m: facing.left_right[1]: unknown marker 'c'"},
        {"sagittal", "{\"left_right\": [\"a\", \"a\"]}",
         "m: facing.left_right: both are marker 'a'"},
        {"sagittal", "{\"movement\": \"x\", \"from\": \"front\"}",
         "m: facing.from: a sagittal model is always filmed from the model's side"},
        {"frontal", "{\"movement\": \"x\"}",
         "m: facing.from: missing required field for a frontal model"},
        {"frontal", "{\"movement\": \"x\", \"from\": \"above\"}",
         "m: facing.from: unknown 'above' (expected front, behind or either)"},
        {"sagittal", "{\"movement\": \"x\", \"side\": \"left\"}",
         "m: facing: unknown field 'side'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char json[2048];
        snprintf(json, sizeof json, head, cases[i].view, cases[i].facing);
        rc_model m;
        rc_err err = {{0}};
        rc_status s = rc_model_parse(json, strlen(json), "m", &m, &err);
        if (!cases[i].fragment) {
            CHECK_MSG(s == RC_OK, "case %zu: %s", i, err.msg);
            continue;
        }
        CHECK_MSG(s == RC_E_FORMAT, "case %zu: status %d", i, (int)s);
        CHECK_STR_CONTAINS(err.msg, cases[i].fragment);
    }
    /* A model without "facing" has no rule (zeroed). */
    char json[2048];
    snprintf(json, sizeof json, head, "sagittal", "{\"movement\": \"x\"}");
    char *cut = strstr(json, ", \"facing\"");
    strcpy(cut, "}");
    rc_model m;
    rc_err err = {{0}};
    CHECK_MSG(rc_model_parse(json, strlen(json), "m", &m, &err) == RC_OK, "%s", err.msg);
    CHECK(!m.facing.has_movement && !m.facing.has_left_right && m.facing.from == RC_FROM_UNSET);
}

/* A learnt copy (rc_model_write_learnt) loads back with its chroma and its new name,
 * is private, is checked by the parser first and never replaces a file. */
static void test_write_learnt(void)
{
    rc_err err = {{0}};
    rc_model m, back;
    CHECK(rc_model_resolve("elbow_flexion", MODELS_DIR, &m, &err) == RC_OK);
    char tmpl[] = "/tmp/romcap_learnt_XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir)
        return;
    char path[600], path2[600];
    snprintf(path, sizeof path, "%s/elbow_clinic.json", dir);
    const float mean[2] = {0.351234f, -0.412345f}, cov[3] = {0.0012f, -0.0003f, 0.0021f};
    rc_model_marker_set_chroma(&m.marker[0], mean, cov);
    const float grey[2] = {0.01f, -0.02f};
    rc_model_marker_set_chroma(&m.marker[2], grey, cov); /* the parser refuses this one */
    CHECK(rc_model_write_learnt(&m, path, &err) == RC_E_FORMAT);
    CHECK_STR_CONTAINS(err.msg, "markers[2].chroma");
    CHECK(access(path, F_OK) != 0); /* nothing written */
    m.marker[2].chroma_learned = 0;
    rc_status s = rc_model_write_learnt(&m, path, &err);
    CHECK_MSG(s == RC_OK, "%s", err.msg);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(rc_model_load(path, &back, &err) == RC_OK);
    CHECK(!strcmp(back.name, "elbow_clinic") && !strcmp(back.title, m.title));
    CHECK(back.n_markers == 3 && back.n_angles == m.n_angles);
    CHECK(back.marker[0].chroma_learned == 1);
    for (int i = 0; i < 2; i++)
        CHECK_NEAR(back.marker[0].chroma_mean[i], mean[i], 1e-6);
    for (int i = 0; i < 3; i++)
        CHECK_NEAR(back.marker[0].chroma_cov[i], cov[i], 1e-9);
    CHECK(!back.marker[1].chroma_learned && !back.marker[2].chroma_learned);

    /* Never over an existing file, even the same one again. */
    CHECK(rc_model_write_learnt(&m, path, &err) == RC_E_IO);
    CHECK_STR_CONTAINS(err.msg, "elbow_clinic.json exists");
    /* The copy of a copy drops what is no longer learnt. */
    back.marker[0].chroma_learned = 0;
    snprintf(path2, sizeof path2, "%s/elbow_plain.json", dir);
    CHECK(rc_model_write_learnt(&back, path2, &err) == RC_OK);
    CHECK(rc_model_load(path2, &back, &err) == RC_OK);
    CHECK(!strcmp(back.name, "elbow_plain") && !back.marker[0].chroma_learned);
    /* Only a .json name, in a folder that exists. */
    CHECK(rc_model_write_learnt(&m, "out.txt", &err) == RC_E_ARG);
    CHECK_STR_CONTAINS(err.msg, "out.txt: the file name must end in .json");
    snprintf(path2, sizeof path2, "%s/no/such.json", dir);
    CHECK(rc_model_write_learnt(&m, path2, &err) == RC_E_IO);
    char stem[RC_NAME_CAP];
    CHECK(rc_model_json_stem("a/b/knee_x.json", stem, sizeof stem) && !strcmp(stem, "knee_x"));
    CHECK(!rc_model_json_stem("a/.json", stem, sizeof stem));
    CHECK(!rc_model_json_stem("knee.JSON", stem, sizeof stem));
    remove(path);
    snprintf(path2, sizeof path2, "%s/elbow_plain.json", dir);
    remove(path2);
    rmdir(dir);
}

/* Measurement-error figures with their designs ("mdc" list), the better direction
 * per measure, positions; their messages; and rc_model_write_mdc's round trip. */
static const char *mdc_json =
    "{\"format\": \"romcap-model/1\", \"name\": \"m\", \"title\": \"T\",\n"
    " \"description\": \"D\", \"position\": \"standing\", \"view\": \"sagittal\",\n"
    " \"side\": \"right\", \"markers\": [{\"name\": \"a\", \"label\": \"A\", \"color\": \"#ff0000\"},\n"
    " {\"name\": \"b\", \"label\": \"B\", \"color\": \"#00ff00\"}],\n"
    " \"angles\": [{\"name\": \"g\", \"label\": \"G\", \"type\": \"segment_vertical\",\n"
    "  \"ref\": \"down\", \"markers\": [\"a\", \"b\"], \"sign\": \"ccw\",\n"
    "  \"normal\": {\"min\": 0, \"max\": 90, \"source\": \"N\", \"position\": \"supine\"},\n"
    "  \"better\": {\"trough\": \"neither\"},\n"
    "  \"mdc\": [MDC]}]}";

static rc_status parse_mdc(const char *list, rc_model *m, rc_err *err)
{
    char buf[4096];
    const char *at = strstr(mdc_json, "MDC");
    snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - mdc_json), mdc_json, list, at + 3);
    return rc_model_parse(buf, strlen(buf), "mdc", m, err);
}

static void test_mdc_figures(void)
{
    rc_model m;
    rc_err err = {{0}};
    rc_status s = parse_mdc(
        "{\"session\": \"between_sessions\", \"rater\": \"same\", \"method\": \"goniometer\","
        " \"measure\": \"peak\", \"mdc95\": 5.4, \"source\": \"S1\", \"note\": \"n\"},"
        "{\"session\": \"within_session\", \"rater\": \"unstated\", \"method\": \"romcap\","
        " \"sem\": 1.0, \"source\": \"S2\"}",
        &m, &err);
    CHECK_MSG(s == RC_OK, "%s", err.msg);
    const rc_model_angle *a = &m.angle[0];
    CHECK(!strcmp(m.position, "standing") && !strcmp(a->normal_position, "supine"));
    CHECK(a->better_peak == 1 && a->better_trough == 0 && a->better_range == 1);
    CHECK(a->n_mdc == 2);
    const rc_model_mdc *f = &a->mdc[0], *g = &a->mdc[1];
    CHECK(f->session == RC_MDC_BETWEEN_SESSIONS && f->rater == RC_MDC_RATER_SAME &&
          f->measure == RC_MDC_PEAK && !strcmp(f->method, "goniometer"));
    CHECK(f->mdc95_deg == 5.4 && isnan(f->sem_deg) && !f->mdc95_from_sem);
    CHECK(!strcmp(f->source, "S1") && !strcmp(f->note, "n"));
    /* Only an SEM: MDC95 = 1.96 x sqrt 2 x SEM = 2.7719 for SEM 1 (worked by hand). */
    CHECK(g->session == RC_MDC_WITHIN_SESSION && g->measure == RC_MDC_ANY && g->mdc95_from_sem);
    CHECK_NEAR(g->mdc95_deg, 2.7719, 1e-4);

    static const struct {
        const char *list, *msg;
    } bad[] = {
        {"{\"session\": \"between_sessions\", \"rater\": \"same\", \"method\": \"goniometer\","
         " \"mdc95\": 5}",
         "mdc: angles[0].mdc[0].source: missing required field"},
        {"{\"session\": \"next_week\", \"rater\": \"same\", \"method\": \"goniometer\","
         " \"mdc95\": 5, \"source\": \"S\"}",
         "mdc: angles[0].mdc[0].session: unknown value 'next_week'"},
        {"{\"session\": \"within_session\", \"rater\": \"same\", \"method\": \"goniometer\","
         " \"source\": \"S\"}",
         "mdc: angles[0].mdc[0]: a figure needs \"mdc95\" or \"sem\""},
        {"{\"session\": \"within_session\", \"rater\": \"same\", \"method\": \"ruler\","
         " \"mdc95\": 5, \"source\": \"S\"}",
         "mdc: angles[0].mdc[0].method: unknown value 'ruler'"},
        {"{\"session\": \"within_session\", \"rater\": \"same\", \"method\": \"goniometer\","
         " \"mdc95\": 5, \"source\": \"S\", \"icc\": 0.9}",
         "mdc: angles[0].mdc[0]: unknown field"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(parse_mdc(bad[i].list, &m, &err) == RC_E_FORMAT);
        CHECK_STR_CONTAINS(err.msg, bad[i].msg);
    }

    /* rc_model_write_mdc: a bundled model's figures kept, romcap's own appended. */
    rc_model k, back;
    CHECK(rc_model_resolve("knee_flexion", MODELS_DIR, &k, &err) == RC_OK);
    char tmpl[] = "/tmp/romcap_mdc_XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir)
        return;
    char path[600];
    snprintf(path, sizeof path, "%s/knee_clinic.json", dir);
    rc_model_mdc own = {.session = RC_MDC_BETWEEN_SESSIONS,
                        .rater = RC_MDC_RATER_SAME,
                        .measure = RC_MDC_PEAK,
                        .sem_deg = 1.25,
                        .mdc95_deg = rc_mdc95_from_sem(1.25),
                        .mdc95_from_sem = 1};
    snprintf(own.method, sizeof own.method, "romcap");
    snprintf(own.source, sizeof own.source, "romcap repeatability, 3 sessions");
    s = rc_model_write_mdc(&k, 0, &own, 1, path, &err);
    CHECK_MSG(s == RC_OK, "%s", err.msg);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(rc_model_load(path, &back, &err) == RC_OK && !strcmp(back.name, "knee_clinic"));
    int n = k.angle[0].n_mdc;
    CHECK(back.angle[0].n_mdc == n + 1);
    for (int i = 0; i < n && i < back.angle[0].n_mdc; i++)
        CHECK(back.angle[0].mdc[i].mdc95_deg == k.angle[0].mdc[i].mdc95_deg &&
              !strcmp(back.angle[0].mdc[i].source, k.angle[0].mdc[i].source));
    const rc_model_mdc *o = &back.angle[0].mdc[n];
    CHECK(!strcmp(o->method, "romcap") && o->mdc95_from_sem && o->measure == RC_MDC_PEAK);
    CHECK_NEAR(o->sem_deg, 1.25, 1e-9);
    CHECK(rc_model_write_mdc(&k, 0, &own, 1, path, &err) == RC_E_IO); /* exists */
    rc_model_mdc many[RC_MAX_MDC];
    for (int i = 0; i < RC_MAX_MDC; i++)
        many[i] = own;
    snprintf(path, sizeof path, "%s/full.json", dir);
    CHECK(rc_model_write_mdc(&k, 0, many, RC_MAX_MDC, path, &err) == RC_E_ARG);
    CHECK(access(path, F_OK) != 0);
    snprintf(path, sizeof path, "%s/knee_clinic.json", dir);
    remove(path);
    rmdir(dir);
}

int main(void)
{
    if (!test_path_exists(MODELS_DIR))
        TEST_SKIP("no models folder at %s", MODELS_DIR);
    test_bundled();
    test_bad_files();
    test_files_and_names();
    test_round_trip();
    test_parse_messages();
    test_bundled_facing();
    test_facing_messages();
    test_mutations();
    test_write_learnt();
    test_mdc_figures();
    return TEST_RESULT();
}
