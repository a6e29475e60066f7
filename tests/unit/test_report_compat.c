/* test_report_compat.c - which session pairs `romcap compare` accepts: the bundled
 * models, and copies changed the way a clinic changes them (learnt colours: same
 * test) or the way that changes the measurement (sign, marker: another test). */
#include "report/report_internal.h"
#include "test_util.h"

static rc_model load(const char *name)
{
    rc_model m;
    rc_err err = {{0}};
    char path[1024];
    snprintf(path, sizeof path, "%s/models/%s.json", ROMCAP_SOURCE_DIR, name);
    if (rc_model_load(path, &m, &err) != RC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        exit(1);
    }
    return m;
}

static rc_status check(const rc_model *a, const rc_model *b, int mirror_b, int calib_b, int force,
                       char *warn, rc_err *err)
{
    rc__identity pre = {.dir = "pre", .model = a}, post = {.dir = "post", .model = b};
    post.mirrored = mirror_b;
    post.calibrated = calib_b;
    return rc__comparable(&pre, &post, force, warn, 256, err);
}

int main(void)
{
    rc_model knee = load("knee_flexion"), shoulder = load("shoulder_flexion");
    char warn[256];
    rc_err err = {{0}};

    /* Same model: comparable, nothing to warn about. */
    CHECK(check(&knee, &knee, 0, 0, 0, warn, &err) == RC_OK && warn[0] == '\0');

    /* Learnt colours and another name (romcap learn's copy): still the same test. */
    rc_model learnt = knee;
    snprintf(learnt.name, sizeof learnt.name, "knee_clinic");
    learnt.marker[0].rgb[0] ^= 0x40;
    learnt.marker[1].chroma_learned = 1;
    learnt.marker[1].chroma_mean[0] = 0.2f;
    CHECK_MSG(check(&knee, &learnt, 0, 0, 0, warn, &err) == RC_OK, "%s", err.msg);

    /* Another test, even with --force: refused, naming both. */
    CHECK(check(&knee, &shoulder, 0, 0, 1, warn, &err) == RC_E_ARG);
    CHECK_STR_CONTAINS(err.msg, "not the same test");
    CHECK_STR_CONTAINS(err.msg, "shoulder_flexion");

    /* A changed angle definition (sign; a marker) is another test. */
    rc_model flipped = knee;
    flipped.angle[0].sign = -flipped.angle[0].sign;
    CHECK(check(&knee, &flipped, 0, 0, 1, warn, &err) == RC_E_ARG);
    CHECK_STR_CONTAINS(err.msg, "sign");
    rc_model moved = knee;
    snprintf(moved.marker[moved.angle[0].marker[0]].name, RC_NAME_CAP, "thigh");
    CHECK(check(&knee, &moved, 0, 0, 1, warn, &err) == RC_E_ARG);
    CHECK_STR_CONTAINS(err.msg, "'thigh'");

    /* Other side or facing, or a calibrated plane against image angles: refused
     * with the reason, or compared with a warning under --force. */
    CHECK(check(&knee, &knee, 1, 0, 0, warn, &err) == RC_E_ARG);
    CHECK_STR_CONTAINS(err.msg, "mirrored");
    CHECK_STR_CONTAINS(err.msg, "--force");
    CHECK(check(&knee, &knee, 1, 0, 1, warn, &err) == RC_OK);
    CHECK_STR_CONTAINS(warn, "mirrored");
    CHECK(check(&knee, &knee, 0, 1, 0, warn, &err) == RC_E_ARG);
    CHECK_STR_CONTAINS(err.msg, "calibrated plane");
    rc_model frontal = knee;
    frontal.view = RC_VIEW_FRONTAL;
    CHECK(check(&knee, &frontal, 0, 0, 0, warn, &err) == RC_E_ARG);
    CHECK_STR_CONTAINS(err.msg, "frontal");
    return TEST_RESULT();
}
