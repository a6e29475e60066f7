/* session_read.c - opening a session folder: session.json, the (repaired) frame
 * table, and frames by number straight from frames.mjpeg. */
#include "romcap/calib.h"
#include "session_internal.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct rc_session {
    char dir[4096];
    rc_session_meta meta;
    char *model_json; /* model.definition re-printed, or NULL; owned */
    char *calib_text; /* calibration.text, or NULL; owned */
    rc_session_frame *frames;
    int64_t n;
    size_t max_bytes;
    int fd; /* frames.mjpeg */
    char warning[800];
};

int rc_session_is_dir(const char *dir)
{
    char path[4200];
    struct stat st;
    snprintf(path, sizeof path, "%s/session.json", dir);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void get_str(const cJSON *o, const char *k, char *dst, size_t cap)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    snprintf(dst, cap, "%s", cJSON_IsString(v) ? v->valuestring : "");
}

static double get_num(const cJSON *o, const char *k, double def)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) && isfinite(v->valuedouble) ? v->valuedouble : def;
}

/* A whole number in [lo, hi]; 0 when absent or out of range (a cast of an
 * out-of-range double would be undefined). */
static int64_t get_int(const cJSON *o, const char *k, double lo, double hi)
{
    double v = get_num(o, k, 0);
    return v >= lo && v <= hi ? (int64_t)v : 0;
}

/* ---- "camera_controls" (issue 20): see session_write.c ------------------------- */

static void read_cam_control(const cJSON *o, const char *k, rc_camera_control *c)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, k);
    char mode[16];
    get_str(j, "mode", mode, sizeof mode);
    c->mode = !strcmp(mode, "auto")     ? RC_CAM_AUTO
              : !strcmp(mode, "manual") ? RC_CAM_MANUAL
              : !strcmp(mode, "lock")   ? RC_CAM_LOCK
                                        : RC_CAM_DEFAULT;
    c->requested = get_num(j, "requested", NAN);
    c->in_force = get_num(j, "in_force", NAN);
    c->is_auto = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "auto"));
    c->locked = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "locked"));
    c->refused = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "refused"));
}

/* Absent (files, synthetic scenes, older sessions): applied = 0. */
static void read_camera_controls(const cJSON *root, rc_camera_controls *cc)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "camera_controls");
    memset(cc, 0, sizeof *cc);
    if (!cJSON_IsObject(o))
        return;
    cc->applied = 1;
    cc->warmup_s = get_num(o, "warmup_s", 0);
    read_cam_control(o, "exposure", &cc->exposure);
    read_cam_control(o, "white_balance", &cc->white_balance);
    read_cam_control(o, "gain", &cc->gain);
    const cJSON *lk = cJSON_GetObjectItemCaseSensitive(o, "lock");
    char how[32];
    get_str(lk, "how", how, sizeof how);
    cc->lock_how = !strcmp(how, "warm-up")         ? RC_CAM_LOCK_WARMUP
                   : !strcmp(how, "stickers seen") ? RC_CAM_LOCK_STICKERS
                   : !strcmp(how, "time-out")      ? RC_CAM_LOCK_TIMEOUT
                                                   : RC_CAM_LOCK_NOT;
    cc->lock_pending = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(lk, "pending"));
    double fr = get_num(lk, "frame", -1), after = get_num(lk, "applied_after_frame", -1);
    cc->lock_frame = fr >= 0 && fr < 9e15 ? (int64_t)fr : -1; /* null: none */
    cc->lock_t_s = get_num(lk, "t_s", NAN);
    cc->lock_applied_after = after >= 0 && after < 9e15 ? (int64_t)after : -1;
    get_str(lk, "note", cc->lock_note, sizeof cc->lock_note);
}

rc_status rc__session_read_meta(const char *dir, rc_session_meta *m, cJSON **root_out, rc_err *err)
{
    memset(m, 0, sizeof *m);
    if (root_out)
        *root_out = NULL;
    char path[4200];
    snprintf(path, sizeof path, "%s/session.json", dir);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return rc_err_set(err, RC_E_NOT_FOUND, "%s: not a session folder (no session.json)", dir);
    /* TUNABLE: a session.json holds a model and a calibration: tens of KiB. */
    enum { MAX_JSON = 4 << 20 };
    /* The buffer is sized from the file, not MAX_JSON: the repair and every open read
     * it, and 4 MiB a time was most of an open's cost (sanitizer and fuzz builds).
     * A file that is not regular, or grows meanwhile, is read up to its size here. */
    struct stat st;
    size_t cap = MAX_JSON;
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= MAX_JSON)
        cap = (size_t)st.st_size;
    char *text = malloc(cap + 1);
    if (!text) {
        fclose(fp);
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
    }
    size_t n = fread(text, 1, cap, fp);
    int too_big = n == MAX_JSON && fgetc(fp) != EOF;
    fclose(fp);
    text[n] = '\0';
    if (too_big) {
        free(text);
        return rc_err_set(err, RC_E_FORMAT, "%s: larger than 4 MiB: not a romcap session file",
                          path);
    }
    const char *where = NULL;
    cJSON *root = cJSON_ParseWithOpts(text, &where, 0);
    rc_status rs = RC_OK;
    if (!root) {
        rs = rc_err_set(err, RC_E_FORMAT, "%s: corrupt JSON at byte %ld", path,
                        where ? (long)(where - text) : 0L);
        free(text);
        return rs;
    }
    free(text);
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "format_version");
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "romcap-session") != 0 ||
        !cJSON_IsNumber(ver)) {
        rs = rc_err_set(err, RC_E_FORMAT, "%s: \"format\" is not \"romcap-session\"", path);
    } else if (ver->valueint > RC_SESSION_FORMAT || ver->valueint < 1) {
        rs = rc_err_set(err, RC_E_UNSUPPORTED,
                        "%s: format_version %d is newer than this romcap reads (%d)", path,
                        ver->valueint, RC_SESSION_FORMAT);
    }
    if (rs != RC_OK) {
        cJSON_Delete(root);
        return rs;
    }
    m->format_version = ver->valueint;
    get_str(root, "created", m->created, sizeof m->created);
    get_str(root, "software", m->software, sizeof m->software);
    get_str(root, "state", m->state, sizeof m->state);
    get_str(root, "stop_reason", m->stop_reason, sizeof m->stop_reason);
    get_str(root, "tag", m->tag, sizeof m->tag);
    get_str(root, "subject", m->subject, sizeof m->subject);
    get_str(root, "test", m->test, sizeof m->test);
    const cJSON *model = cJSON_GetObjectItemCaseSensitive(root, "model");
    get_str(model, "name", m->model_name, sizeof m->model_name);
    const cJSON *cal = cJSON_GetObjectItemCaseSensitive(root, "calibration");
    get_str(cal, "file", m->calib_path, sizeof m->calib_path);
    m->has_calib = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(cal, "text"));
    const cJSON *mirror = cJSON_GetObjectItemCaseSensitive(root, "mirror");
    m->mirror = cJSON_IsBool(mirror) ? cJSON_IsTrue(mirror) : -1;
    get_str(root, "mirror_source", m->mirror_source, sizeof m->mirror_source);
    const cJSON *cam = cJSON_GetObjectItemCaseSensitive(root, "camera");
    get_str(cam, "source", m->source_uri, sizeof m->source_uri);
    get_str(cam, "kind", m->source_kind, sizeof m->source_kind);
    m->width = (int)get_int(cam, "width", 0, 1 << 20);
    m->height = (int)get_int(cam, "height", 0, 1 << 20);
    m->fps = get_num(cam, "fps", 0);
    m->live = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cam, "live"));
    const cJSON *fr = cJSON_GetObjectItemCaseSensitive(root, "frames");
    m->jpeg_quality = (int)get_int(fr, "jpeg_quality", 0, 100);
    m->frames_dropped = get_int(fr, "dropped", 0, 1e15);
    read_camera_controls(root, &m->camera_controls);
    rc__outcomes_read(root, &m->outcomes); /* issue 17 */
    rc__session_read_check(root, dir, m);
    if (root_out)
        *root_out = root;
    else
        cJSON_Delete(root);
    return RC_OK;
}

void rc_session_close(rc_session *s)
{
    if (!s)
        return;
    if (s->fd >= 0)
        close(s->fd);
    free(s->frames);
    free(s->model_json);
    free(s->calib_text);
    free(s);
}

rc_session *rc_session_open(const char *dir, rc_err *err)
{
    rc_session *s = calloc(1, sizeof *s);
    if (!s) {
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory", dir);
        return NULL;
    }
    s->fd = -1;
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    cJSON *root = NULL;
    if (rc__session_read_meta(dir, &s->meta, &root, err) != RC_OK) {
        rc_session_close(s);
        return NULL;
    }
    const cJSON *def = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(root, "model"), "definition");
    if (cJSON_IsObject(def))
        s->model_json = cJSON_PrintUnformatted(def);
    const cJSON *ctext = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(root, "calibration"), "text");
    if (cJSON_IsString(ctext))
        s->calib_text = strdup(ctext->valuestring);
    int oom = (cJSON_IsObject(def) && !s->model_json) || (cJSON_IsString(ctext) && !s->calib_text);
    cJSON_Delete(root);
    if (oom) {
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory", dir);
        rc_session_close(s);
        return NULL;
    }

    rc_session_repair_report rep;
    if (rc__session_load_index(dir, s->meta.fps, &s->frames, &s->n, &rep, s->warning,
                               sizeof s->warning, err) != RC_OK) {
        rc_session_close(s);
        return NULL;
    }
    if (s->warning[0]) {
        char w[512];
        snprintf(w, sizeof w, "%.500s", s->warning);
        snprintf(s->warning, sizeof s->warning,
                 "%.300s: %.400s (repaired in memory; romcap repair fixes the files)", dir, w);
    }
    for (int64_t i = 0; i < s->n; i++)
        if (s->frames[i].size > s->max_bytes)
            s->max_bytes = s->frames[i].size;
    s->fd = rc__session_open_file(dir, "frames.mjpeg", O_RDONLY | O_CLOEXEC, err);
    if (s->fd < 0) {
        rc_session_close(s);
        return NULL;
    }
    return s;
}

const char *rc_session_warning(const rc_session *s)
{
    return s->warning;
}

const rc_session_meta *rc_session_get_meta(const rc_session *s)
{
    return &s->meta;
}

rc_status rc_session_model(const rc_session *s, rc_model *out, rc_err *err)
{
    if (!s->model_json)
        return rc_err_set(err, RC_E_NOT_FOUND, "%s/session.json: no model definition stored",
                          s->dir);
    char origin[4200];
    snprintf(origin, sizeof origin, "%s/session.json: model", s->dir);
    return rc_model_parse(s->model_json, strlen(s->model_json), origin, out, err);
}

rc_status rc_session_calib(const rc_session *s, rc_calib *out, rc_err *err)
{
    if (!s->calib_text)
        return rc_err_set(err, RC_E_NOT_FOUND, "%s/session.json: no calibration stored", s->dir);
    char origin[4200];
    snprintf(origin, sizeof origin, "%s/session.json: calibration", s->dir);
    return rc_calib_parse(s->calib_text, strlen(s->calib_text), origin, out, err);
}

int64_t rc_session_frame_count(const rc_session *s)
{
    return s->n;
}

double rc_session_fps(const rc_session *s)
{
    if (s->n >= 2) {
        double span = ((double)s->frames[s->n - 1].t_ns - (double)s->frames[0].t_ns) * 1e-9;
        if (span > 0)
            return (double)(s->n - 1) / span;
    }
    return s->meta.fps > 0 ? s->meta.fps : 30.0;
}

size_t rc_session_max_jpeg_bytes(const rc_session *s)
{
    return s->max_bytes;
}

rc_status rc_session_frame_get(const rc_session *s, int64_t i, rc_session_frame *out)
{
    if (i < 0 || i >= s->n)
        return RC_E_ARG;
    *out = s->frames[i];
    return RC_OK;
}

rc_status rc_session_read_jpeg(rc_session *s, int64_t i, uint8_t *buf, size_t cap, size_t *n,
                               rc_err *err)
{
    if (i < 0 || i >= s->n)
        return rc_err_set(err, RC_E_ARG, "%s: frame %lld out of range (0..%lld)", s->dir,
                          (long long)i, (long long)s->n - 1);
    const rc_session_frame *f = &s->frames[i];
    if (f->size > cap)
        return rc_err_set(err, RC_E_ARG, "%s: frame %lld is %u bytes, buffer holds %zu", s->dir,
                          (long long)i, f->size, cap);
    size_t got = 0;
    while (got < f->size) {
        ssize_t k = pread(s->fd, buf + got, f->size - got, (off_t)(f->offset + got));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return rc_err_set(err, RC_E_IO, "%s/frames.mjpeg: frame %lld: %s", s->dir, (long long)i,
                              k < 0 ? strerror(errno) : "file shrank");
        got += (size_t)k;
    }
    *n = got;
    return RC_OK;
}
