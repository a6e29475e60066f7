/* check_run.c - the set-up check over a source's first seconds (rc_check_run,
 * check.h), and the items' names. */
#include <math.h>
#include <string.h>

#include "check_internal.h"

/* Feeds the source's frames to `c` until it is full or the input ends. */
static rc_status feed(rc_check *c, rc_source *src, const char *input, rc_err *err)
{
    for (;;) {
        rc_frame f;
        rc_status st = rc_source_read(src, &f);
        if (st == RC_E_DECODE)
            continue; /* a corrupt frame: the next one */
        if (st == RC_E_EOF)
            return RC_OK;
        if (st != RC_OK)
            return rc_err_set(err, st, "%s: %s", input, rc_source_last_error(src));
        if ((st = rc_check_add(c, &f)) != RC_OK)
            return rc_err_set(err, st, "%s: frame %lld: the set-up check could not process it",
                              input, (long long)f.index);
        if (rc_check_full(c))
            return RC_OK;
    }
}

/* For a file or scene whose stickers were not all found: would learnt colours find
 * them? (rc_autolearn_run reopens the input: live cameras are skipped.) */
static void try_learning(rc_check *c, const char *input, const rc_model *m)
{
    bool poor = false;
    for (int i = 0; i < m->n_markers; i++)
        poor |= c->frames && !m->marker[i].optional &&
                (double)c->mk[i].seen < 0.8 * (double)c->frames;
    if (!poor)
        return;
    rc_model learnt;
    rc_autolearn_result al;
    rc_err ignored = {{0}};
    if (rc_autolearn_run(input, m, c->width, c->height, &learnt, &al, &ignored) != RC_OK)
        return;
    bool ok[RC_MAX_MARKERS] = {0};
    for (int i = 0; i < m->n_markers; i++)
        ok[i] = al.marker[i].learnt;
    rc_check_set_learnable(c, ok, m->n_markers);
}

rc_status rc_check_run(const char *input, const rc_source_options *opt, const rc_model *m,
                       const rc_check_config *cfg, rc_check_result *out, rc_err *err)
{
    memset(out, 0, sizeof *out);
    rc_source *src = rc_source_open(input, opt, err);
    if (!src)
        return RC_E_NOT_FOUND;
    rc_source_info si;
    rc_source_get_info(src, &si);
    rc_check_config cc = cfg ? *cfg : (rc_check_config){0};
    if (!(cc.fps > 0))
        cc.fps = si.fps;
    const rc_camera_control *ex = &si.camera.exposure;
    if (!(cc.exposure_ms > 0) && si.camera.applied && ex->in_force == ex->in_force)
        cc.exposure_ms = ex->in_force;
    rc_check *c = rc_check_create(m, si.width, si.height, &cc, err);
    rc_status st = c ? feed(c, src, input, err) : RC_E_NOMEM;
    rc_source_close(src);
    if (st == RC_OK && c->frames == 0)
        st = rc_err_set(err, RC_E_FORMAT, "%s: no frame to check", input);
    if (st == RC_OK) {
        if (!si.live)
            try_learning(c, input, m);
        rc_check_finish(c, out);
    }
    rc_check_destroy(c);
    return st;
}

/* ---- the check inside a recording (record.c) -------------------------------------- */

rc_check *rc__check_for_record(const char *model_path, const rc_source_info *si, int width,
                               int height)
{
    rc_model m;
    rc_err ignored = {{0}};
    if (!model_path || rc_model_load(model_path, &m, &ignored) != RC_OK)
        return NULL;
    rc_check_config cc = {.fps = si->fps};
    const rc_camera_control *ex = &si->camera.exposure;
    if (si->camera.applied && ex->in_force == ex->in_force)
        cc.exposure_ms = ex->in_force;
    return rc_check_create(&m, width, height, &cc, &ignored);
}

int rc__check_record_step(rc_check **cp, const rc_frame *f, rc_session_writer *w,
                          const rc_record_events *ev)
{
    rc_check *c = *cp;
    if (!c)
        return 0;
    if (f && rc_check_add(c, f) == RC_OK && !rc_check_full(c))
        return 0;
    rc_check_result r;
    rc_check_finish(c, &r);
    rc_check_destroy(c);
    *cp = NULL;
    rc_session_writer_set_check(w, &r);
    for (int i = 0; ev && ev->say && i < r.n_items; i++) {
        if (r.item[i].level != RC_CHECK_WARN && r.item[i].level != RC_CHECK_FAIL)
            continue;
        char line[600];
        ev->say(ev->user, RC_LOG_WARN, rc_check_item_line(&r.item[i], line, sizeof line));
    }
    if (ev && ev->say)
        ev->say(ev->user, r.worst == RC_CHECK_FAIL ? RC_LOG_WARN : RC_LOG_INFO,
                r.worst == RC_CHECK_FAIL
                    ? "set-up check FAILED on the first seconds: the measurement may not be "
                      "valid; fix what is said above and record again (romcap check)"
                : r.worst == RC_CHECK_WARN ? "set-up check: passed with warnings"
                                           : "set-up check: every item passed");
    return r.worst == RC_CHECK_FAIL;
}
