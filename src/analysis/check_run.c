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
        poor |= c->frames && (double)c->mk[i].seen < 0.8 * (double)c->frames;
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
