/* session_write.c - the session recorder: a bounded queue of frame buffers drained by
 * one writer thread into frames.mjpeg + frames.idx, with periodic fsync.
 *
 * Capture never waits for the disk: push copies the JPEG into a free buffer or, when
 * all are taken, drops the newest frame and counts it. The writer appends the bytes,
 * then the index record, so the index never points past data that was written; on a
 * failed write (full disk, file size limit) both files are cut back to the last whole
 * frame and the writer stops, keeping everything before it. fsync every ~0.5 s bounds
 * what a power cut can lose; a kill -9 loses only what was still queued.
 */
#include "romcap/files.h"
#include "session_internal.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "romcap/log.h"

/* TUNABLE: 16 buffers = ~0.5 s at 30 fps of disk stall absorbed without a drop, and
 * at most that much lost on a kill -9. */
enum { DEFAULT_QUEUE = 16 };
#define DEFAULT_FSYNC_S 0.5

typedef struct slot {
    uint8_t *data;
    size_t n;
    int64_t t_ns;
} slot;

struct rc_session_writer {
    char dir[4096];
    int fd_mjpeg, fd_idx;
    cJSON *meta; /* session.json, rewritten at close */
    slot *slots;
    int n_slots;
    size_t slot_cap;
    int head, count; /* ring: head = oldest queued */
    int stop;
    int wait_when_full; /* push waits for room instead of dropping */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    int thread_started;
    int64_t fsync_ns;
    rc_session_writer_stats st; /* guarded by mu */
    uint64_t end;               /* bytes of frames.mjpeg written (writer thread) */
    uint64_t idx_end;           /* bytes of frames.idx written (writer thread) */
};

static void iso_now(char *buf, size_t cap)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char z[8];
    strftime(z, sizeof z, "%z", &tm); /* +0100 -> +01:00 */
    char base[32];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, cap, "%s%.3s:%.2s", base, z, z[0] ? z + 3 : "00");
}

static void add_str(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

/* ---- "camera_controls" (issue 20): written by results/camera_json.c ----------- */

static cJSON *camera_controls_json(const rc_camera_controls *cc)
{
    char *text = rc_camera_controls_json(cc);
    cJSON *o = text ? cJSON_Parse(text) : NULL;
    free(text);
    return o;
}

static void add_camera_controls(cJSON *root, const rc_camera_controls *cc)
{
    cJSON *o = cc && cc->applied ? camera_controls_json(cc) : NULL;
    if (o)
        cJSON_AddItemToObject(root, "camera_controls", o);
}

void rc_session_writer_set_camera_controls(rc_session_writer *w, const rc_camera_controls *cc)
{
    cJSON *o = w && cc && cc->applied ? camera_controls_json(cc) : NULL;
    if (!o)
        return;
    if (cJSON_GetObjectItemCaseSensitive(w->meta, "camera_controls"))
        cJSON_ReplaceItemInObjectCaseSensitive(w->meta, "camera_controls", o);
    else
        cJSON_AddItemToObject(w->meta, "camera_controls", o);
}

static cJSON *build_meta(const rc_session_config *c)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    char created[40];
    iso_now(created, sizeof created);
    cJSON_AddStringToObject(root, "format", "romcap-session");
    cJSON_AddNumberToObject(root, "format_version", RC_SESSION_FORMAT);
    cJSON_AddStringToObject(root, "created", created);
    add_str(root, "software", c->software);
    cJSON_AddStringToObject(root, "state", "recording");
    add_str(root, "tag", c->tag);
    add_str(root, "subject", c->subject);
    add_str(root, "test", c->test ? c->test : c->model_name);
    cJSON *m = cJSON_AddObjectToObject(root, "model");
    add_str(m, "name", c->model_name);
    cJSON *def = c->model_json ? cJSON_Parse(c->model_json) : NULL;
    if (def)
        cJSON_AddItemToObject(m, "definition", def);
    else
        add_str(m, "definition_text", c->model_json);
    if (c->calib_path || c->calib_text) {
        cJSON *cal = cJSON_AddObjectToObject(root, "calibration");
        add_str(cal, "file", c->calib_path);
        add_str(cal, "text", c->calib_text);
    } else {
        cJSON_AddNullToObject(root, "calibration");
    }
    cJSON_AddBoolToObject(root, "mirror", c->mirror != 0);
    add_str(root, "mirror_source", c->mirror_source);
    cJSON *cam = cJSON_AddObjectToObject(root, "camera");
    add_str(cam, "source", c->source_uri);
    add_str(cam, "kind", c->source_kind);
    cJSON_AddNumberToObject(cam, "width", c->width);
    cJSON_AddNumberToObject(cam, "height", c->height);
    cJSON_AddNumberToObject(cam, "fps", c->fps);
    cJSON_AddBoolToObject(cam, "live", c->live != 0);
    add_camera_controls(root, c->camera_controls);
    cJSON *fr = cJSON_AddObjectToObject(root, "frames");
    cJSON_AddStringToObject(fr, "data", "frames.mjpeg");
    cJSON_AddStringToObject(fr, "index", "frames.idx");
    if (c->jpeg_quality > 0) {
        cJSON_AddStringToObject(fr, "jpeg_origin", "encoded by romcap");
        cJSON_AddNumberToObject(fr, "jpeg_quality", c->jpeg_quality);
    } else {
        cJSON_AddStringToObject(fr, "jpeg_origin", "source original bytes");
    }
    rc__outcomes_put(root, c->outcomes); /* issue 17: left out when none */
    return root;
}

static rc_status write_meta(rc_session_writer *w, rc_err *err)
{
    char *text = cJSON_Print(w->meta);
    if (!text)
        return rc_err_set(err, RC_E_NOMEM, "%s/session.json: out of memory", w->dir);
    rc_status st = rc__write_file_atomic(w->dir, "session.json", text, strlen(text), err);
    free(text);
    return st;
}

/* Marks the writer failed (under mu) with a message; the first failure wins. */
static void fail(rc_session_writer *w, int e, const char *what)
{
    pthread_mutex_lock(&w->mu);
    if (!w->st.failed) {
        w->st.failed = 1;
        const char *why = e == ENOSPC  ? "disk full"
                          : e == EFBIG ? "file size limit reached"
                                       : strerror(e);
        snprintf(w->st.message, sizeof w->st.message,
                 "%.300s/%s: %s after %lld frames: recording stopped, frames so far kept", w->dir,
                 what, why, (long long)w->st.frames_written);
    }
    pthread_mutex_unlock(&w->mu);
}

/* Appends one frame and its record; on failure cuts both files back. */
static int write_frame(rc_session_writer *w, const slot *s)
{
    int e = rc__write_all(w->fd_mjpeg, s->data, s->n);
    if (e) {
        if (ftruncate(w->fd_mjpeg, (off_t)w->end) != 0) { /* best effort */
        }
        fail(w, e, "frames.mjpeg");
        return -1;
    }
    rc_session_frame f = {.offset = w->end, .size = (uint32_t)s->n, .t_ns = s->t_ns};
    uint8_t rec[RC_SESSION_IDX_RECORD];
    rc__idx_encode(&f, rec);
    e = rc__write_all(w->fd_idx, rec, sizeof rec);
    if (e) {
        if (ftruncate(w->fd_idx, (off_t)w->idx_end) != 0 ||
            ftruncate(w->fd_mjpeg, (off_t)w->end) != 0) {
        }
        fail(w, e, "frames.idx");
        return -1;
    }
    w->end += s->n;
    w->idx_end += sizeof rec;
    pthread_mutex_lock(&w->mu);
    w->st.frames_written++;
    w->st.bytes_written = (int64_t)w->end;
    pthread_mutex_unlock(&w->mu);
    return 0;
}

static void sync_files(rc_session_writer *w)
{
    /* Data before index: after a power cut the index should not name unwritten data
     * (and if it does, opening repairs it). */
    fsync(w->fd_mjpeg);
    fsync(w->fd_idx);
}

static void *writer_main(void *arg)
{
    rc_session_writer *w = arg;
    int64_t last_sync = rc_clock_ns();
    int dirty = 0;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (w->count == 0 && !w->stop) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 100000000; /* wake to fsync even when no frame comes */
            if (ts.tv_nsec >= 1000000000) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&w->cv, &w->mu, &ts);
            if (dirty && rc_clock_ns() - last_sync >= w->fsync_ns)
                break;
        }
        if (w->count == 0 && w->stop)
            break;
        int have = w->count > 0, wrote = 0;
        slot *s = have ? &w->slots[w->head] : NULL;
        int failed = w->st.failed;
        pthread_mutex_unlock(&w->mu);
        if (have && !failed && write_frame(w, s) == 0)
            wrote = dirty = 1;
        int64_t now = rc_clock_ns();
        if (dirty && now - last_sync >= w->fsync_ns) {
            sync_files(w);
            last_sync = now;
            dirty = 0;
        }
        pthread_mutex_lock(&w->mu);
        if (have) {
            if (!wrote) /* after a failure nothing more is written */
                w->st.frames_dropped++;
            w->head = (w->head + 1) % w->n_slots;
            w->count--;
            pthread_cond_broadcast(&w->cv);
        }
    }
    pthread_mutex_unlock(&w->mu);
    sync_files(w);
    return NULL;
}

static void writer_free(rc_session_writer *w)
{
    if (w->fd_mjpeg >= 0)
        close(w->fd_mjpeg);
    if (w->fd_idx >= 0)
        close(w->fd_idx);
    for (int i = 0; w->slots && i < w->n_slots; i++)
        free(w->slots[i].data);
    free(w->slots);
    cJSON_Delete(w->meta);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w);
}

rc_session_writer *rc_session_writer_create(const char *dir, const rc_session_config *cfg,
                                            rc_err *err)
{
    if (!dir || !cfg || cfg->width <= 0 || cfg->height <= 0) {
        rc_err_set(err, RC_E_ARG, "session: folder and frame size are required");
        return NULL;
    }
    if (rc_session_is_dir(dir)) {
        rc_err_set(err, RC_E_ARG, "%s: already holds a session (session.json): choose a new folder",
                   dir);
        return NULL;
    }
    if (rc_mkdir_private(dir, err) != RC_OK)
        return NULL;
    rc_session_writer *w = calloc(1, sizeof *w);
    if (!w) {
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory", dir);
        return NULL;
    }
    w->fd_mjpeg = w->fd_idx = -1;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    snprintf(w->dir, sizeof w->dir, "%s", dir);
    w->n_slots = cfg->queue_frames > 0 ? cfg->queue_frames : DEFAULT_QUEUE;
    w->wait_when_full = cfg->wait_when_full;
    w->slot_cap = cfg->max_jpeg_bytes ? cfg->max_jpeg_bytes
                                      : (size_t)cfg->width * (size_t)cfg->height * 3 / 2 + 65536;
    double fs = cfg->fsync_interval_s > 0 ? cfg->fsync_interval_s : DEFAULT_FSYNC_S;
    w->fsync_ns = (int64_t)(fs * 1e9);
    w->slots = calloc((size_t)w->n_slots, sizeof *w->slots);
    for (int i = 0; w->slots && i < w->n_slots; i++)
        if (!(w->slots[i].data = malloc(w->slot_cap))) {
            rc_err_set(err, RC_E_NOMEM, "%s: out of memory for %d frame buffers of %zu bytes", dir,
                       w->n_slots, w->slot_cap);
            writer_free(w);
            return NULL;
        }
    if (!w->slots || !(w->meta = build_meta(cfg))) {
        rc_err_set(err, RC_E_NOMEM, "%s: out of memory", dir);
        writer_free(w);
        return NULL;
    }
    int fl = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
    if ((w->fd_mjpeg = rc__session_open_file(dir, "frames.mjpeg", fl, err)) < 0 ||
        (w->fd_idx = rc__session_open_file(dir, "frames.idx", fl, err)) < 0) {
        writer_free(w);
        return NULL;
    }
    int e = rc__write_all(w->fd_idx, RC__IDX_MAGIC, RC__IDX_MAGIC_LEN);
    if (e) {
        rc_err_set(err, RC_E_IO, "%s/frames.idx: %s", dir, strerror(e));
        writer_free(w);
        return NULL;
    }
    w->idx_end = RC__IDX_MAGIC_LEN;
    /* session.json last: a folder with it is a session, so it appears only once the
     * frame files exist. */
    if (write_meta(w, err) != RC_OK) {
        writer_free(w);
        return NULL;
    }
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        rc_err_set(err, RC_E_NOMEM, "%s: cannot start the writer thread", dir);
        writer_free(w);
        return NULL;
    }
    w->thread_started = 1;
    return w;
}

rc_status rc_session_writer_push(rc_session_writer *w, const uint8_t *jpeg, size_t n, int64_t t_ns,
                                 rc_err *err)
{
    if (n < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        return rc_err_set(err, RC_E_ARG, "%s: frame is not a JPEG (no SOI marker)", w->dir);
    pthread_mutex_lock(&w->mu);
    /* The writer broadcasts cv after each frame and on failure. */
    while (w->wait_when_full && !w->st.failed && n <= w->slot_cap && w->count == w->n_slots)
        pthread_cond_wait(&w->cv, &w->mu);
    if (w->st.failed) {
        rc_err_set(err, RC_E_IO, "%s", w->st.message);
        pthread_mutex_unlock(&w->mu);
        return RC_E_IO;
    }
    if (n > w->slot_cap || w->count == w->n_slots) {
        w->st.frames_dropped++;
        if (n > w->slot_cap)
            w->st.frames_too_large++;
        pthread_mutex_unlock(&w->mu);
        return RC_OK;
    }
    int tail = (w->head + w->count) % w->n_slots;
    pthread_mutex_unlock(&w->mu);
    /* The tail slot is the producer's until count covers it, so copy unlocked. */
    slot *s = &w->slots[tail];
    memcpy(s->data, jpeg, n);
    s->n = n;
    s->t_ns = t_ns;
    pthread_mutex_lock(&w->mu);
    w->count++;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return RC_OK;
}

void rc_session_writer_get_stats(rc_session_writer *w, rc_session_writer_stats *st)
{
    pthread_mutex_lock(&w->mu);
    *st = w->st;
    pthread_mutex_unlock(&w->mu);
}

void rc_session_writer_set_learnt(rc_session_writer *w, const rc_learnt_colour *c, int n)
{
    if (w)
        rc__session_learnt_put(w->meta, c, n);
}

cJSON *rc__session_writer_meta(rc_session_writer *w)
{
    return w ? w->meta : NULL;
}

void rc_session_writer_set_mirror(rc_session_writer *w, int mirror, const char *source)
{
    if (!w)
        return;
    cJSON_ReplaceItemInObjectCaseSensitive(w->meta, "mirror", cJSON_CreateBool(mirror != 0));
    cJSON_ReplaceItemInObjectCaseSensitive(
        w->meta, "mirror_source", source ? cJSON_CreateString(source) : cJSON_CreateNull());
}

void rc_session_writer_set_outcomes(rc_session_writer *w, const rc_session_outcomes *o)
{
    if (w)
        rc__outcomes_put(w->meta, o);
}

rc_status rc_session_writer_close(rc_session_writer *w, const char *stop_reason, rc_err *err)
{
    if (!w)
        return RC_OK;
    if (w->thread_started) {
        pthread_mutex_lock(&w->mu);
        w->stop = 1;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
        pthread_join(w->thread, NULL);
    }
    rc_session_writer_stats st = w->st;
    cJSON_ReplaceItemInObject(w->meta, "state", cJSON_CreateString("complete"));
    cJSON_AddStringToObject(w->meta, "stop_reason",
                            st.failed     ? st.message
                            : stop_reason ? stop_reason
                                          : "stopped");
    cJSON *fr = cJSON_GetObjectItem(w->meta, "frames");
    if (fr) {
        cJSON_AddNumberToObject(fr, "written", (double)st.frames_written);
        cJSON_AddNumberToObject(fr, "dropped", (double)st.frames_dropped);
        cJSON_AddNumberToObject(fr, "too_large", (double)st.frames_too_large);
        cJSON_AddNumberToObject(fr, "bytes", (double)st.bytes_written);
    }
    rc_status rs = RC_OK;
    if (st.failed)
        rs = rc_err_set(err, RC_E_IO, "%s", st.message);
    /* session.json is small; on a full disk the rename may still fail, and the file
     * written at create (state "recording") remains: the reader handles both. */
    rc_err e2 = {{0}};
    rc_status ms = write_meta(w, &e2);
    if (rs == RC_OK && ms != RC_OK)
        rs = rc_err_set(err, ms, "%s", e2.msg);
    writer_free(w);
    return rs;
}
