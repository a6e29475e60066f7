/* model_speed.c - the optional "typical_speed" object of a model file (issue 20): the
 * angular speed the test is usually performed at, with where that figure comes from.
 * The set-up check (analysis/check_items.c) judges the blur expected at this speed;
 * without it the check assumes 120 deg/s, its general figure for a self-paced active
 * range-of-motion test.
 *
 *   "typical_speed": {"deg_s": 90, "source": "why this figure (a study, or a choice)"}
 */
#include "model/model_internal.h"

static const char *const speed_keys[] = {"deg_s", "source", NULL};

rc_status rc__parse_typical_speed(const rc__jctx *c, const cJSON *root, rc_model *m)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "typical_speed");
    if (!o)
        return RC_OK;
    rc_status s = rc__jexpect_object(c, o, "typical_speed");
    if (!s)
        s = rc__jcheck_keys(c, o, "typical_speed", speed_keys);
    /* TUNABLE: 5..1000 deg/s brackets the active movements of the bundled tests (a slow
     * cervical rotation to a fast knee swing); anything outside is a typo */
    if (!s)
        s = rc__jget_number(c, o, "typical_speed", "deg_s", true, 5, 1000,
                            &m->typical_speed_deg_s);
    if (!s)
        s = rc__jget_string(c, o, "typical_speed", "source", true, m->typical_speed_source,
                            sizeof m->typical_speed_source);
    return s;
}
