/* learn_run.c - `romcap learn`'s work (analysis.h, rc_learn_run): the frame read,
 * every colour learnt (rc_learn_model_colors), each marker's outcome worded, and the
 * copy of the model written by the model stage (rc_model_write_learnt). The command
 * (app/cmd_learn.c) keeps its options and checks; it prints what is said.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "romcap/analysis.h"

static void say(void (*fn)(void *, rc_log_level, const char *), void *user, rc_log_level lv,
                const char *fmt, ...)
{
    if (!fn)
        return;
    char line[RC_ERR_CAP + 256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fn(user, lv, line);
}

void rc_learn_tell(const rc_model_marker *mk, float x, float y, const rc_color_class *cls,
                   const rc_color_learn_info *info,
                   void (*fn)(void *user, rc_log_level lv, const char *msg), void *user)
{
    say(fn, user, RC_LOG_INFO,
        "%s at (%.1f, %.1f): %d blocks, area %.0f px, normalised chroma (%.4f, %.4f) "
        "sd (%.4f, %.4f), seen as #%02x%02x%02x",
        mk->name, (double)x, (double)y, info->n_blocks, (double)info->area_px, (double)cls->mean[0],
        (double)cls->mean[1], sqrt((double)cls->cov[0]), sqrt((double)cls->cov[2]), cls->rgb[0],
        cls->rgb[1], cls->rgb[2]);
    char why[160];
    if (rc_color_learn_doubtful(cls, info, mk->rgb, why, sizeof why))
        say(fn, user, RC_LOG_WARN, "%s at (%.0f, %.0f): %s; check the point", mk->name, (double)x,
            (double)y, why);
}

/* Tells what rc_learn_model_colors did for markers 0 .. n_done-1, in order, and
 * returns how many colours were learnt. */
static int tell_markers(const rc_learn_request *rq, const rc_model *m, const rc_learnt_marker *per,
                        int n_done)
{
    int n_learnt = 0;
    for (int i = 0; i < n_done; i++) {
        const rc_model_marker *mk = &m->marker[i];
        if (!per[i].learnt) {
            say(rq->say, rq->user, RC_LOG_INFO,
                "%s: a bright marker: found by brightness, nothing to learn", mk->name);
            continue;
        }
        rc_learn_tell(mk, per[i].x_px, per[i].y_px, &per[i].cls, &per[i].info, rq->say, rq->user);
        n_learnt++;
    }
    return n_learnt;
}

/* The colours of frame f learnt and the copy written. */
static rc_status learn_frame(const rc_learn_request *rq, const rc_model *m, const rc_frame *f,
                             rc_err *err)
{
    rc_model learnt;
    rc_learnt_marker per[RC_MAX_MARKERS];
    int n_done = 0;
    rc_status st = rc_learn_model_colors(m, f, rq->at, rq->n_at, &learnt, per, &n_done, err);
    int n_learnt = tell_markers(rq, m, per, n_done);
    if (st == RC_E_NOT_FOUND && n_done < m->n_markers) {
        const char *name = m->marker[n_done].name;
        return rc_err_set(err, st,
                          "learn: marker '%s' was not found in frame %lld of %s with its "
                          "nominal colour; give its position with --at %s=X,Y",
                          name, (long long)rq->frame, rq->input, name);
    }
    if (st == RC_OK)
        st = rc_model_write_learnt(&learnt, rq->out, err);
    if (st != RC_OK) {
        char why[RC_ERR_CAP];
        snprintf(why, sizeof why, "%s", err->msg);
        return rc_err_set(err, st, "learn: %s", why);
    }
    char stem[RC_NAME_CAP];
    rc_model_json_stem(rq->out, stem, sizeof stem);
    say(rq->say, rq->user, RC_LOG_INFO, "learnt %d marker colour%s from frame %lld: %s (model %s)",
        n_learnt, n_learnt == 1 ? "" : "s", (long long)rq->frame, rq->out, stem);
    return RC_OK;
}

rc_status rc_learn_run(const rc_learn_request *rq, const rc_model *m, rc_err *err)
{
    rc_source *src = rc_source_open(rq->input, NULL, err);
    rc_frame f;
    rc_status st = src ? rc_learn_seek_frame(src, rq->input, rq->frame, &f, err) : RC_E_IO;
    if (st == RC_OK)
        st = learn_frame(rq, m, &f, err);
    rc_source_close(src);
    return st;
}
