/* camera_json.c - the one writer of a camera's controls in JSON (issue 20):
 * session.json's "camera_controls" (session/README.md) and summary.json's
 * setup.camera_controls are this object. For each control (exposure ms, white balance
 * K, gain): the mode asked for, the value requested and the value in force as the
 * driver read it back (null where unknown), whether the driver's auto mode runs,
 * whether it was locked and whether the driver refused it; then "lock": how and when
 * the default's auto modes were locked (absent when the request left nothing to lock):
 * "how" ("warm-up", "stickers seen", "time-out", or "none" while still waiting), the
 * source frame the decision was taken on and its seconds after the camera's first
 * frame, the last frame read before the controls were set (null: before the first),
 * and the note (why it timed out). The reader is session/session_read.c. */
#include <math.h>
#include <stdlib.h>

#include "results/results_internal.h"

static void num_or_null(cJSON *o, const char *k, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static const char *mode_name(rc_cam_mode m)
{
    switch (m) {
    case RC_CAM_AUTO: return "auto";
    case RC_CAM_MANUAL: return "manual";
    case RC_CAM_LOCK: return "lock";
    default: return "default";
    }
}

static void control(cJSON *o, const char *k, const char *unit, const rc_camera_control *c)
{
    cJSON *j = cJSON_AddObjectToObject(o, k);
    cJSON_AddStringToObject(j, "mode", mode_name(c->mode));
    if (unit)
        cJSON_AddStringToObject(j, "unit", unit);
    else
        cJSON_AddNullToObject(j, "unit");
    num_or_null(j, "requested", c->requested);
    num_or_null(j, "in_force", c->in_force);
    cJSON_AddBoolToObject(j, "auto", c->is_auto != 0);
    cJSON_AddBoolToObject(j, "locked", c->locked != 0);
    cJSON_AddBoolToObject(j, "refused", c->refused != 0);
}

/* The words session_read.c reads back (the same as rc_cam_lock_how_name's log lines:
 * this library does not link the capture's). */
static const char *lock_name(rc_cam_lock_how how)
{
    switch (how) {
    case RC_CAM_LOCK_WARMUP: return "warm-up";
    case RC_CAM_LOCK_STICKERS: return "stickers seen";
    case RC_CAM_LOCK_TIMEOUT: return "time-out";
    default: return "none";
    }
}

static void add_lock(cJSON *o, const rc_camera_controls *cc)
{
    if (cc->lock_how == RC_CAM_LOCK_NOT && !cc->lock_pending)
        return;
    cJSON *j = cJSON_AddObjectToObject(o, "lock");
    cJSON_AddStringToObject(j, "how", lock_name(cc->lock_how));
    cJSON_AddBoolToObject(j, "pending", cc->lock_pending != 0);
    num_or_null(j, "frame", cc->lock_frame >= 0 ? (double)cc->lock_frame : NAN);
    num_or_null(j, "t_s", cc->lock_how != RC_CAM_LOCK_NOT ? cc->lock_t_s : NAN);
    num_or_null(j, "applied_after_frame",
                cc->lock_applied_after >= 0 ? (double)cc->lock_applied_after : NAN);
    cJSON_AddStringToObject(j, "note", cc->lock_note);
}

cJSON *rc__camera_controls_object(const rc_camera_controls *cc)
{
    if (!cc || !cc->applied)
        return NULL;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    num_or_null(o, "warmup_s", cc->warmup_s);
    control(o, "exposure", "ms", &cc->exposure);
    control(o, "white_balance", "K", &cc->white_balance);
    control(o, "gain", NULL, &cc->gain);
    add_lock(o, cc);
    return o;
}

char *rc_camera_controls_json(const rc_camera_controls *cc)
{
    cJSON *o = rc__camera_controls_object(cc);
    char *text = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    return text;
}
