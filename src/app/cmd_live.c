/* cmd_live.c - `romcap live` and the main job (`romcap` with no command).
 *
 * Three threads (see ARCHITECTURE.md): the capture thread reads the source into
 * a drop-oldest ring (capture.h), paced at the source's own rate for files and
 * scenes; the analysis thread (live_engine.c) turns each frame into a "view";
 * this, the main thread, owns SDL, polls keys and draws the newest view at a
 * steady 60 Hz whether or not a new one arrived. Latency is measured from the
 * frame's capture stamp to the return of the present that first showed it.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/analyse.h"
#include "app/live_engine.h"
#include "app/pipeline.h"
#include "romcap/capture.h"
#include "romcap/session.h"
#include "romcap/calib.h"
#include "romcap/detect.h"
#include "romcap/files.h"
#include "romcap/ui.h"

static const char *SAMPLE_URI = "synthetic:knee_flexion";

enum { LAT_CAP = 1 << 14, MAX_MODELS = 32 };

typedef struct live_request {
    const char *input;
    const char *model;
    bool mirror;
    bool loop; /* replay a file or scene from the start at its end */
    bool patient;
    bool flip;                     /* mirrored view (--mirror-view) */
    bool headless;                 /* live: draw off screen (tests, measurements) */
    bool unpaced;                  /* live: files and scenes as fast as analysis takes them */
    bool debug;                    /* start with the F1 overlay */
    double target_min, target_max; /* --target; NAN = from the model */
    int64_t max_frames;            /* 0 = until the user quits (or the end without loop) */
    bool record;                   /* --record: start recording at once */
    const char *tag;               /* --tag pre|post for recordings (R) */
    const char *shot_dir;          /* --shot-dir: PNG of the first frame >= shot_at */
    int64_t shot_at;               /* first frame index to save (with shot_dir) */
    const char *calib;             /* --calib: angles in the calibrated plane */
    bool undistort_view;           /* --undistort-view: show the straightened picture */
    char camera_uri[32];           /* storage for --camera N */
} live_request;

static void sleep_until(int64_t t_ns)
{
    struct timespec ts = {.tv_sec = t_ns / 1000000000LL, .tv_nsec = t_ns % 1000000000LL};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != 0) {
    }
}

static int64_t cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void shot_name(char *buf, size_t cap, int n)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(buf, cap, "romcap-%s-%d.png", stamp, n);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median and 95th percentile of n samples (sorted in place). */
static void percentiles(double *v, int n, double *med, double *p95)
{
    if (n <= 0) {
        *med = *p95 = NAN;
        return;
    }
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    *med = v[n / 2];
    *p95 = v[(int)fmin(n - 1, ceil(0.95 * n) - 1)];
}

/* Bundled model names (sorted) for Tab. */
static int list_models(const rc_app *app, char names[][RC_NAME_CAP], int cap)
{
    DIR *d = app->models_dir ? opendir(app->models_dir) : NULL;
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) && n < cap) {
        size_t len = strlen(de->d_name);
        if (len > 5 && len - 5 < RC_NAME_CAP && !strcmp(de->d_name + len - 5, ".json"))
            snprintf(names[n++], RC_NAME_CAP, "%.*s", (int)(len - 5), de->d_name);
    }
    if (d)
        closedir(d);
    qsort(names, (size_t)n, RC_NAME_CAP, (int (*)(const void *, const void *))strcmp);
    return n;
}

typedef struct live_ui_state {
    bool paused, step, patient, muted, flip, debug, armed, was_in;
    double enter_t, hold_s;
    char toast[400];
    int64_t toast_until;
} live_ui_state;

static void toast(live_ui_state *u, const char *msg)
{
    snprintf(u->toast, sizeof u->toast, "%s", msg);
    u->toast_until = rc_clock_ns() + 2500000000LL;
}

/* Colour learning in the window (L, then a click on each coloured sticker in
 * turn, the video paused): the next colour marker after k, or -1. */
static int next_colour_marker(const rc_model *m, int k)
{
    for (int i = k + 1; i < m->n_markers; i++)
        if (m->marker[i].kind == RC_MARKER_COLOR)
            return i;
    return -1;
}

static void learn_prompt(live_ui_state *u, const rc_model *m, int k)
{
    snprintf(u->toast, sizeof u->toast, "Click the %s sticker (%s) \xE2\x80\x94 L cancels",
             m->marker[k].name, m->marker[k].label);
    u->toast_until = rc_clock_ns() + 3600000000000LL; /* until answered */
}

/* A free name for the learnt model in romcap-out/: NAME_learnt.json, then
 * NAME_learnt2.json ... (model names are at most 31 characters). */
static int learnt_path(const rc_model *m, char *path, size_t cap)
{
    for (int k = 1; k < 100; k++) {
        char suffix[16];
        snprintf(suffix, sizeof suffix, k == 1 ? "_learnt" : "_learnt%d", k);
        int keep = (int)(RC_NAME_CAP - 1 - strlen(suffix));
        snprintf(path, cap, "romcap-out/%.*s%s.json", keep, m->name, suffix);
        if (access(path, F_OK) != 0)
            return 1;
    }
    return 0;
}

/* Opens the input; a missing camera falls back to the bundled sample with a
 * clear message (the model then becomes the scene's own). */
static rc_source *open_input(const rc_app *app, const char **input, const char **model, rc_err *err)
{
    if (!strncmp(*input, "gst:", 4))
        return rc_capture_open_gst(*input + 4, err);
    rc_source *s = rc_source_open(*input, NULL, err);
    if (!s && !strncmp(*input, "camera:", 7)) {
        rc_logf(&app->log, RC_LOG_WARN, "%s; playing the bundled sample %s instead", err->msg,
                SAMPLE_URI);
        *input = SAMPLE_URI;
        *model = NULL;
        s = rc_source_open(*input, NULL, err);
    }
    if (s && rc_source_note(s)[0])
        rc_logf(&app->log, RC_LOG_WARN, "%s", rc_source_note(s));
    return s;
}

/* Target band, patient hold timer and the "reached" tone, from the frame time. */
static void patient_update(live_ui_state *u, rc_ui *ui, double a, double t_s, double t0, double t1)
{
    const double hyst = 2.0; /* TUNABLE: degrees of hysteresis at the band edges */
    bool in = isfinite(a) && (u->was_in ? a >= t0 - hyst && a <= t1 + hyst : a >= t0 && a <= t1);
    if (in && !u->was_in) {
        u->enter_t = t_s;
        if (u->armed && !u->muted)
            rc_ui_beep(ui, 880.0);
        u->armed = false;
    }
    if (!in)
        u->armed = true;
    u->hold_s = in ? t_s - u->enter_t : 0;
    u->was_in = in;
}

/* Opens a session writer in romcap-sessions/session-DATE-TIME[-tag] (0700). */
static rc_session_writer *start_recording(const live_request *rq, const rc_source_info *info,
                                          const rc_model *model, char *dir, size_t cap, rc_err *err)
{
    if (mkdir("romcap-sessions", 0700) != 0 && errno != EEXIST) {
        rc_err_set(err, RC_E_IO, "romcap-sessions: cannot create: %s", strerror(errno));
        return NULL;
    }
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    /* Two recordings started within a second (R pressed twice) get -2, -3, ... */
    struct stat st;
    for (int k = 1; k < 100; k++) {
        char nth[16] = "";
        if (k > 1)
            snprintf(nth, sizeof nth, "-%d", k);
        snprintf(dir, cap, "romcap-sessions/session-%s%s%s%s", stamp, rq->tag ? "-" : "",
                 rq->tag ? rq->tag : "", nth);
        if (stat(dir, &st) != 0 && errno == ENOENT)
            break;
    }
    rc_session_config sc = {
        .software = "romcap live",
        .model_name = model->name,
        .tag = rq->tag,
        .source_uri = rq->input,
        .source_kind = info->kind,
        .width = info->width,
        .height = info->height,
        .fps = info->fps,
        .live = info->live,
        .jpeg_quality = info->live ? 0 : 90,
        .wait_when_full = rq->unpaced && !info->live,
    };
    return rc_session_writer_create(dir, &sc, err);
}

/* Returns the exit status. `ui_err` receives the reason when no window could be
 * opened (exit status 3), so the caller can fall back to headless. */
static int live_run(const rc_app *app, const live_request *rq_in, rc_err *ui_err)
{
    live_request rq = *rq_in;
    rc_err err = {{0}};
    rc_source *src = open_input(app, &rq.input, &rq.model, &err);
    if (!src) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        return 1;
    }
    rc_model model;
    if (rc_app_resolve_model(app, rq.input, rq.model, &model, &err) != RC_OK) {
        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        rc_source_close(src);
        return 1;
    }
    rc_source_info info;
    rc_source_get_info(src, &info);
    rc_ui_config cfg;
    rc_ui_config_default(&cfg, info.width, info.height);
    char title[128];
    snprintf(title, sizeof title, "romcap - %s", model.title);
    cfg.title = title;
    cfg.headless = rq.headless;
    rc_ui *ui = rc_ui_create(&cfg, ui_err);
    if (!ui) {
        rc_source_close(src);
        return 3;
    }
    if (rc_ui_audio_status(ui)[0])
        rc_logf(&app->log, RC_LOG_INFO, "%s (the target tone is off)", rc_ui_audio_status(ui));
    /* --unpaced (soak tests, benchmarks): no pacing, and the capture thread waits
     * for the analysis instead of dropping, so every frame is analysed and recorded. */
    rc_capture_config cc = {.n_slots = 4, .pace = !rq.unpaced, .lossless = rq.unpaced};
    cc.loop_uri = rq.loop && !info.live && strncmp(rq.input, "gst:", 4) ? rq.input : NULL;
    rc_pipeline_options po = {.mirror = rq.mirror};
    rc_calib calib; /* outlives the engine: it rebuilds pipelines on a model switch */
    if (rq.calib) {
        rc_err cerr = {{0}};
        if (rc_calib_load(rq.calib, &calib, &cerr) != RC_OK) {
            rc_logf(&app->log, RC_LOG_ERROR, "%s", cerr.msg);
            rc_ui_destroy(ui);
            rc_source_close(src);
            return 1;
        }
        po.calib = &calib;
        rc_logf(&app->log, RC_LOG_INFO, "angles in the calibrated plane (%s)", rq.calib);
    }
    int code = 1;
    double *lat = malloc(sizeof(double) * LAT_CAP), *ana = malloc(sizeof(double) * LAT_CAP);
    double recent[128];
    char(*models)[RC_NAME_CAP] = calloc(MAX_MODELS, RC_NAME_CAP);
    live_engine *eng = NULL;
    const live_view *cur = NULL;      /* the view on screen, held until a newer one */
    int learn_k = -1;                 /* marker whose sticker is to be clicked, -1 = off */
    rc_model learn_m;                 /* the model being learnt into */
    const live_view *incoming = NULL; /* taken while waiting, shown next */
    rc_session_writer *rec = NULL;    /* while recording (R) */
    bool toggle_rec = false;          /* R was pressed */
    char rec_dir[300] = "", rec_status[360];
    int gen = 1, shots = 0, n_lat = 0;
    bool ended = false, shot_done = false;
    int64_t shown = 0, last_new = rc_clock_ns(), draws = 0;
    const int64_t tick = 1000000000LL / 60; /* TUNABLE: drawing rate, 60 Hz */
    int64_t next = rc_clock_ns(), cpu0 = cpu_ns(), wall0 = rc_clock_ns(), dbg_at = 0;
    live_ui_state u = {.patient = rq.patient, .flip = rq.flip, .debug = rq.debug, .armed = true};
    /* --record: from the first frame, so before capture starts; asked for on the
     * command line, a recording that cannot start ends the run (exit status 1). */
    bool rec_ok = true;
    if (rq.record) {
        rc_err rerr = {{0}};
        if ((rec = start_recording(&rq, &info, &model, rec_dir, sizeof rec_dir, &rerr)) != NULL) {
            toast(&u, "recording (R stops)");
            rc_logf(&app->log, RC_LOG_INFO, "recording to %s", rec_dir);
        } else {
            rc_logf(&app->log, RC_LOG_ERROR, "%s", rerr.msg);
            rec_ok = false;
        }
    }
    rc_capture *cap = NULL;
    if (rec_ok)
        cap = rc_capture_start(src, &cc, &err); /* owns src from here */
    else
        rc_source_close(src);
    if (cap)
        eng = live_engine_create(cap, &model, &po, rq.undistort_view, rec, 90, &err);
    if (cap && eng && rq.shot_dir && mkdir(rq.shot_dir, 0700) != 0 && errno != EEXIST) {
        rc_err_set(&err, RC_E_IO, "%s: cannot create: %s", rq.shot_dir, strerror(errno));
        eng = (live_engine_destroy(eng), NULL);
    }
    if (!cap || !eng || !lat || !ana || !models) {
        if (rec_ok)
            rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg[0] ? err.msg : "live: out of memory");
        goto done;
    }
    int n_models = list_models(app, models, MAX_MODELS);
    double t0 = rq.target_min, t1 = rq.target_max;
    const rc_model_angle *a0 = model.n_angles ? &model.angle[0] : NULL;
    if (!(t1 > t0) && a0 && a0->normal_max_deg > a0->normal_min_deg) {
        /* Default target: the last fifth of the normal range (TUNABLE). */
        t1 = a0->normal_max_deg;
        t0 = a0->normal_max_deg - 0.2 * (a0->normal_max_deg - a0->normal_min_deg);
    }
    double draw_fps = 0, dbg_med = NAN;
    int64_t last_draw = 0;
    char debug[512] = "";
    for (;;) {
        rc_ui_event ev;
        bool quit = false;
        while (rc_ui_poll(ui, &ev)) {
            switch (ev.type) {
            case RC_UI_EV_QUIT: quit = true; break;
            case RC_UI_EV_PAUSE:
                u.paused = !u.paused;
                if (!info.live)
                    rc_capture_set_paused(cap, u.paused);
                break;
            case RC_UI_EV_STEP:
                u.paused = u.step = true;
                if (!info.live) {
                    rc_capture_set_paused(cap, 1);
                    rc_capture_step(cap);
                }
                break;
            case RC_UI_EV_SCREENSHOT:
                if (cur) {
                    char name[64];
                    shot_name(name, sizeof name, ++shots);
                    if (rc_ui_save_png(ui, name, &err) == RC_OK) {
                        rc_logf(&app->log, RC_LOG_INFO, "screenshot saved: %s", name);
                        toast(&u, "screenshot saved");
                    } else {
                        rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
                    }
                }
                break;
            case RC_UI_EV_PATIENT: u.patient = !u.patient; break;
            case RC_UI_EV_MUTE:
                u.muted = !u.muted;
                toast(&u, u.muted ? "sound off" : "sound on");
                break;
            case RC_UI_EV_FLIP: u.flip = !u.flip; break;
            case RC_UI_EV_DEBUG: u.debug = !u.debug; break;
            case RC_UI_EV_RESET:
                live_engine_reset(eng);
                toast(&u, "new set: ROM and repetitions reset");
                break;
            case RC_UI_EV_RECORD: toggle_rec = true; break;
            case RC_UI_EV_LEARN:
                if (learn_k >= 0) {
                    learn_k = -1;
                    toast(&u, "colour learning cancelled");
                } else if ((learn_k = next_colour_marker(&model, -1)) < 0) {
                    toast(&u, "this model has no coloured stickers to learn");
                } else {
                    learn_m = model;
                    u.paused = true;
                    if (!info.live)
                        rc_capture_set_paused(cap, 1);
                    learn_prompt(&u, &model, learn_k);
                }
                break;
            case RC_UI_EV_CLICK: {
                if (learn_k < 0 || !cur)
                    break;
                rc_color_class cls;
                rc_color_learn_info li;
                if (rc_color_learn(&cur->image, (float)ev.x_px, (float)ev.y_px, &cls, &li, &err) !=
                    RC_OK) {
                    rc_logf(&app->log, RC_LOG_WARN, "%s: %s", model.marker[learn_k].name, err.msg);
                    snprintf(u.toast, sizeof u.toast, "%s: not a sticker there; click again",
                             model.marker[learn_k].name);
                    break;
                }
                char why[160];
                if (rc_app_learnt_doubtful(&model.marker[learn_k], &cls, &li, why, sizeof why)) {
                    rc_logf(&app->log, RC_LOG_WARN, "%s at (%.0f, %.0f): %s",
                            model.marker[learn_k].name, ev.x_px, ev.y_px, why);
                    snprintf(u.toast, sizeof u.toast, "%s: %s; click the sticker",
                             model.marker[learn_k].name, why);
                    break;
                }
                rc_app_log_learnt(app, &model.marker[learn_k], (float)ev.x_px, (float)ev.y_px, &cls,
                                  &li);
                rc_app_set_learnt(&learn_m.marker[learn_k], &cls);
                learn_k = next_colour_marker(&model, learn_k);
                if (learn_k >= 0) {
                    learn_prompt(&u, &model, learn_k);
                    break;
                }
                /* All clicked: analyse with the learnt classes and keep them. */
                char path[96];
                if (live_engine_set_model(eng, &learn_m, &err) != RC_OK) {
                    rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
                    toast(&u, "colour learning failed (see the log)");
                    break;
                }
                model = learn_m;
                gen++;
                if (rc_mkdir_private("romcap-out", &err) == RC_OK &&
                    learnt_path(&model, path, sizeof path) &&
                    rc_app_write_model_copy(&model, path, &err) == RC_OK) {
                    rc_logf(&app->log, RC_LOG_INFO,
                            "sticker colours learnt; model saved: %s (use --model %s)", path, path);
                    snprintf(u.toast, sizeof u.toast, "colours learnt \xE2\x80\x94 saved %s", path);
                } else {
                    rc_logf(&app->log, RC_LOG_WARN, "colours learnt for this run, not saved: %s",
                            err.msg);
                    snprintf(u.toast, sizeof u.toast, "colours learnt (not saved: see the log)");
                }
                u.toast_until = rc_clock_ns() + 4000000000LL;
                u.paused = false;
                if (!info.live)
                    rc_capture_set_paused(cap, 0);
                break;
            }
            case RC_UI_EV_NEXT_MODEL: {
                int at = 0;
                for (int i = 0; i < n_models; i++)
                    if (!strcmp(models[i], model.name))
                        at = i + 1;
                rc_model next_m;
                if (n_models > 0 &&
                    rc_app_resolve_model(app, rq.input, models[at % n_models], &next_m, &err) ==
                        RC_OK &&
                    live_engine_set_model(eng, &next_m, &err) == RC_OK) {
                    model = next_m;
                    gen++;
                    a0 = model.n_angles ? &model.angle[0] : NULL;
                    if (!(rq.target_max > rq.target_min) && a0) {
                        t1 = a0->normal_max_deg;
                        t0 = t1 - 0.2 * (a0->normal_max_deg - a0->normal_min_deg);
                    }
                    toast(&u, model.title);
                } else if (n_models > 0) {
                    rc_logf(&app->log, RC_LOG_WARN, "%s", err.msg);
                }
                break;
            }
            default: break;
            }
        }
        if (quit)
            break;
        if (toggle_rec) {
            toggle_rec = false;
            if (rec) {
                live_engine_set_recorder(eng, NULL, 0);
                rc_session_writer_stats ws;
                rc_session_writer_get_stats(rec, &ws);
                rc_session_writer_close(rec, "stopped by the user", &err);
                rec = NULL;
                snprintf(u.toast, sizeof u.toast, "saved %s (%lld frames)", rec_dir,
                         (long long)ws.frames_written);
                u.toast_until = rc_clock_ns() + 3000000000LL;
                rc_logf(&app->log, RC_LOG_INFO, "%s", u.toast);
            } else if ((rec = start_recording(&rq, &info, &model, rec_dir, sizeof rec_dir, &err)) !=
                       NULL) {
                live_engine_set_recorder(eng, rec, 90);
                toast(&u, "recording (R stops)");
                rc_logf(&app->log, RC_LOG_INFO, "recording to %s", rec_dir);
            } else {
                rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
                toast(&u, "recording failed (see the log)");
            }
        }
        bool fresh = false;
        if (!u.paused || u.step) {
            const live_view *v = live_engine_latest(eng);
            if (incoming && v) {
                live_engine_release(eng, incoming);
            } else if (incoming) {
                v = incoming;
            }
            incoming = NULL;
            if (v && v->model_gen != gen) {
                live_engine_release(eng, v);
                v = NULL;
            }
            if (v) {
                live_engine_release(eng, cur);
                cur = v;
                fresh = true;
                u.step = false;
                shown++;
                last_new = rc_clock_ns();
                double a = model.n_angles ? cur->res.angle_deg[0] : NAN;
                patient_update(&u, ui, a, cur->res.t_s, t0, t1);
            }
        }
        if (!ended && !fresh && rc_capture_state(cap, NULL) != RC_OK &&
            rc_clock_ns() - last_new > 300000000LL) {
            rc_err why;
            if (rc_capture_state(cap, &why) != RC_E_EOF) {
                rc_logf(&app->log, RC_LOG_ERROR, "%s", why.msg);
                goto done;
            }
            ended = true;
            /* A window stays open on the last frame for the user; a run bounded
             * by --frames (tests, measurements) or without a window ends here. */
            if (!rc_ui_is_windowed(ui) || rq.max_frames > 0)
                break;
        }
        int64_t now = rc_clock_ns();
        if (last_draw) {
            double dt = (now - last_draw) * 1e-9;
            draw_fps = draw_fps > 0 ? 0.95 * draw_fps + 0.05 / dt : 1.0 / dt;
        }
        last_draw = now;
        if (u.debug && now - dbg_at > 500000000LL && n_lat > 0) {
            int k = n_lat < 128 ? n_lat : 128, start = n_lat - k;
            for (int i = 0; i < k; i++)
                recent[i] = lat[(start + i) % LAT_CAP];
            double p95;
            percentiles(recent, k, &dbg_med, &p95);
            rc_capture_stats cs;
            rc_capture_get_stats(cap, &cs);
            int64_t analysed, vdrop;
            live_engine_counts(eng, &analysed, &vdrop);
            snprintf(debug, sizeof debug,
                     "capture \xE2\x86\x92 present: %.1f ms median, %.1f ms p95 (last %d)\n"
                     "analysis: %.2f ms per frame\n"
                     "drawing: %.0f fps\n"
                     "captured %lld, analysed %lld, dropped %lld + %lld shown-late\n"
                     "%s %dx%d @ %.0f fps%s",
                     dbg_med, p95, k, cur ? cur->analysis_ms : 0.0, draw_fps,
                     (long long)cs.captured, (long long)analysed, (long long)cs.dropped,
                     (long long)vdrop, info.kind, info.width, info.height, info.fps,
                     info.live ? " (live)" : " (paced)");
            dbg_at = now;
        }
        if (rec && live_engine_record_failed(eng, &err)) {
            rc_logf(&app->log, RC_LOG_ERROR, "recording stopped: %s", err.msg);
            live_engine_set_recorder(eng, NULL, 0);
            rc_session_writer_close(rec, "write failure", NULL);
            rec = NULL;
            toast(&u, "recording stopped: write failure");
        }
        if (rec)
            snprintf(rec_status, sizeof rec_status, "\xE2\x97\x8F REC  %s", rec_dir);
        const rc_online_state *os = cur ? &cur->online : NULL;
        bool have_online = os && os->n_samples > 0;
        rc_ui_overlay ov = {
            .model = &model,
            .markers = cur ? cur->res.marker : NULL,
            .angle_deg = cur ? cur->res.angle_deg : NULL,
            .mirror = rq.mirror,
            .rom_min_deg = have_online ? os->set_min_deg : NAN,
            .rom_max_deg = have_online ? os->set_max_deg : NAN,
            .frame_index = cur ? cur->index : -1,
            .t_s = cur ? cur->res.t_s : NAN,
            .fps = draw_fps,
            .status = rec     ? rec_status
                      : ended ? "End of recording - Esc to quit"
                              : rq.input,
            .paused = u.paused,
            .target_min_deg = t0,
            .target_max_deg = t1,
            .show_reps = 1,
            .n_reps = os ? os->n_reps : 0,
            .last_rep_peak_vel_deg_s = os && os->n_reps ? os->last_rep_peak_velocity_deg_s : NAN,
            .last_rep_sparc = os ? os->last_leg_sparc : NAN,
            .plot_deg = cur ? cur->plot : NULL,
            .plot_n = cur ? cur->plot_n : 0,
            .plot_span_s = cur && info.fps > 0 ? cur->plot_n / info.fps : 0,
            .trail_x_px = cur ? cur->trail_x : NULL,
            .trail_y_px = cur ? cur->trail_y : NULL,
            .trail_n = cur ? cur->trail_n : 0,
            .patient = u.patient,
            .in_target = u.was_in,
            .hold_s = u.hold_s,
            .flip_view = u.flip,
            .debug_text = u.debug && debug[0] ? debug : NULL,
            .toast = now < u.toast_until ? u.toast : NULL,
            .muted = u.muted,
        };
        if (rc_ui_draw(ui, cur ? &cur->image : NULL, &ov) != RC_OK) {
            rc_logf(&app->log, RC_LOG_ERROR, "display: %s", rc_ui_last_error(ui));
            goto done;
        }
        draws++;
        if (fresh) {
            int64_t presented = rc_clock_ns();
            lat[n_lat % LAT_CAP] = (double)(presented - cur->t_capture_ns) * 1e-6;
            ana[n_lat % LAT_CAP] = cur->analysis_ms;
            n_lat++;
            if (rq.shot_dir && !shot_done && cur->index >= rq.shot_at) {
                char path[1024];
                snprintf(path, sizeof path, "%s/frame-%06lld.png", rq.shot_dir,
                         (long long)cur->index);
                if (rc_ui_save_png(ui, path, &err) != RC_OK) {
                    rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
                    goto done;
                }
                rc_logf(&app->log, RC_LOG_INFO, "screenshot saved: %s", path);
                shot_done = true;
            }
        }
        if (rq.max_frames > 0 && shown >= rq.max_frames)
            break;
        /* Wait for the next 60 Hz tick, but draw at once when a new view arrives:
         * a fresh frame then waits for no tick (lower latency), and a stalled
         * analysis still gets a steady redraw. */
        next += tick;
        int64_t t = rc_clock_ns();
        if (next < t - tick) /* fell behind (slow draw): do not try to catch up */
            next = t;
        while (rc_clock_ns() < next) {
            /* Unpaced, views come faster than 60 Hz: draw on the tick only. */
            if (!rq.unpaced && (!u.paused || u.step) &&
                (incoming = live_engine_latest(eng)) != NULL) {
                next = rc_clock_ns();
                break;
            }
            int64_t nap = rc_clock_ns() + 1000000; /* TUNABLE: 1 ms poll */
            sleep_until(nap < next ? nap : next);
        }
    }
    code = 0;
done:
    if (cap && eng && n_lat > 0) {
        double wall_s = (double)(rc_clock_ns() - wall0) * 1e-9;
        double cpu_ms = (double)(cpu_ns() - cpu0) * 1e-6;
        rc_capture_stats cs;
        rc_capture_get_stats(cap, &cs);
        int64_t analysed, vdrop;
        live_engine_counts(eng, &analysed, &vdrop);
        int n = n_lat < LAT_CAP ? n_lat : LAT_CAP;
        double med, p95, amed, ap95;
        percentiles(lat, n, &med, &p95);
        percentiles(ana, n, &amed, &ap95);
        rc_logf(&app->log, RC_LOG_INFO,
                "latency capture->present: median %.1f ms, p95 %.1f ms over %d frames; "
                "analysis median %.2f ms; CPU %.2f ms per captured frame (all threads, %.0f%% of "
                "one core); drawing %.1f fps; dropped %lld before analysis, %lld before display",
                med, p95, n, amed, cs.captured ? cpu_ms / (double)cs.captured : 0.0,
                wall_s > 0 ? 0.1 * cpu_ms / wall_s : 0.0, wall_s > 0 ? draws / wall_s : 0.0,
                (long long)cs.dropped, (long long)vdrop);
    }
    if (rec) {
        if (eng)
            live_engine_set_recorder(eng, NULL, 0);
        if (rc_session_writer_close(rec, "end of the live session", &err) != RC_OK)
            rc_logf(&app->log, RC_LOG_ERROR, "%s", err.msg);
        else
            rc_logf(&app->log, RC_LOG_INFO, "session saved: %s", rec_dir);
    }
    if (eng) {
        live_engine_release(eng, cur);
        live_engine_release(eng, incoming);
    }
    live_engine_destroy(eng);
    rc_capture_stop(cap);
    rc_ui_destroy(ui);
    free(lat);
    free(ana);
    free(models);
    return code;
}

static int parse_target(const char *s, double *lo, double *hi)
{
    char *e;
    *lo = strtod(s, &e);
    if (*e != ':')
        return 0;
    *hi = strtod(e + 1, &e);
    return *e == '\0' && isfinite(*lo) && isfinite(*hi) && *hi > *lo;
}

static int parse_common(int argc, char **argv, live_request *rq, const char **out_dir,
                        bool *headless, const char *cmd)
{
    rq->target_min = rq->target_max = NAN;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--model") && next)
            rq->model = argv[++i];
        else if (!strcmp(a, "--camera") && next) {
            snprintf(rq->camera_uri, sizeof rq->camera_uri, "camera:%d", atoi(argv[++i]));
            rq->input = rq->camera_uri;
        } else if (!strcmp(a, "--frames") && next)
            rq->max_frames = strtoll(argv[++i], NULL, 10);
        else if (!strcmp(a, "--mirror"))
            rq->mirror = true;
        else if (!strcmp(a, "--calib") && next)
            rq->calib = argv[++i];
        else if (!strcmp(a, "--undistort-view"))
            rq->undistort_view = true;
        else if (!strcmp(a, "--loop"))
            rq->loop = true;
        else if (!strcmp(a, "--patient"))
            rq->patient = true;
        else if (!strcmp(a, "--mirror-view"))
            rq->flip = true;
        else if (!strcmp(a, "--debug"))
            rq->debug = true;
        else if (!strcmp(a, "--record"))
            rq->record = true;
        else if (!strcmp(a, "--tag") && next && (!strcmp(next, "pre") || !strcmp(next, "post")))
            rq->tag = argv[++i];
        else if (!strcmp(a, "--target") && next) {
            if (!parse_target(argv[++i], &rq->target_min, &rq->target_max)) {
                fprintf(stderr,
                        "romcap: error: %s: --target expects MIN:MAX in degrees, got '%s'\n", cmd,
                        argv[i]);
                return 2;
            }
        } else if (!out_dir && !strcmp(a, "--shot-dir") && next)
            rq->shot_dir = argv[++i];
        else if (!out_dir && !strcmp(a, "--unpaced"))
            rq->unpaced = true;
        else if (!out_dir && !strcmp(a, "--shot-at") && next)
            rq->shot_at = strtoll(argv[++i], NULL, 10);
        else if (out_dir && !strcmp(a, "--out") && next)
            *out_dir = argv[++i];
        else if (headless && !strcmp(a, "--headless"))
            *headless = true;
        else if (a[0] != '-' && !rq->input)
            rq->input = a;
        else {
            fprintf(stderr, "romcap: error: %s: unknown or incomplete option '%s'\n", cmd, a);
            return 2;
        }
    }
    return 0;
}

int rc_cmd_live(const rc_app *app, int argc, char **argv)
{
    if (argc > 0 && (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help"))) {
        puts("usage: romcap live [INPUT | --camera N] [--model M] [--patient] [--target MIN:MAX]\n"
             "                   [--mirror] [--mirror-view] [--calib F [--undistort-view]] "
             "[--loop]\n"
             "                   [--frames N] [--headless] [--unpaced]\n"
             "                   [--debug] [--record] [--tag pre|post] [--shot-dir DIR --shot-at "
             "FRAME]\n"
             "\n"
             "Plays INPUT (default camera:0; without a camera the bundled sample) live in a\n"
             "window: markers, segments, angles, ROM of the set, repetitions, peak velocity,\n"
             "SPARC and an angle-time plot. Files, folders, sessions and synthetic:NAME scenes\n"
             "play at their own frame rate; gst:PIPELINE reads a GStreamer pipeline ending in\n"
             "appsink. --target sets the patient's target band (default: the last fifth of\n"
             "the model's normal range). --mirror-view flips the picture like a mirror.\n"
             "--headless draws off screen; --shot-dir saves the canvas of the first frame\n"
             "numbered >= --shot-at as DIR/frame-NNNNNN.png. At the end the capture-to-display\n"
             "latency (median, p95) and CPU per frame are logged. --unpaced plays files\n"
             "and scenes as fast as the analysis takes them, dropping none (soak tests).\n"
             "Keys: Space pause, right arrow step, S screenshot, P patient view, M sound,\n"
             "V mirror view, 0 reset ROM, Tab next model, R record start/stop (into\n"
             "romcap-sessions/, tagged with --tag), L learn the stickers' colours (click\n"
             "each; saved as romcap-out/MODEL_learnt.json), F1 latency overlay,\n"
             "H help, Esc quit.");
        return 0;
    }
    live_request rq = {0};
    bool headless = false;
    if (parse_common(argc, argv, &rq, NULL, &headless, "live"))
        return 2;
    if (rq.undistort_view && !rq.calib) {
        fprintf(stderr, "romcap: error: live: --undistort-view needs --calib FILE\n");
        return 2;
    }
    rq.headless = headless;
    if (!rq.input)
        rq.input = "camera:0";
    if (!rq.model && strncmp(rq.input, "synthetic:", 10))
        rq.model = "knee_flexion";
    rc_err ui_err = {{0}};
    int code = live_run(app, &rq, &ui_err);
    if (code == 3) {
        if (rq.headless) /* off screen already: out of memory, or no fonts */
            rc_logf(&app->log, RC_LOG_ERROR, "%s", ui_err.msg);
        else
            rc_logf(&app->log, RC_LOG_ERROR,
                    "%s (without a display: romcap live --headless, or romcap analyse)",
                    ui_err.msg);
        return 1;
    }
    return code;
}

static bool have_display(void)
{
    const char *d = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
    return (d && *d) || (w && *w);
}

int rc_cmd_run_default(const rc_app *app, int argc, char **argv)
{
    if (argc > 0 && (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help"))) {
        puts("usage: romcap [--model M] [--frames N] [--out DIR] [--headless]\n"
             "\n"
             "The main job: camera:0 if a camera opens, else the bundled sample scene\n"
             "(synthetic:knee_flexion); shown in a window when a display exists, else\n"
             "analysed headless into DIR (default romcap-out/run-DATE-TIME) with a PNG\n"
             "snapshot of the frame at peak range of motion.");
        return 0;
    }
    live_request rq = {0};
    const char *out_dir = NULL;
    bool headless = false;
    if (parse_common(argc, argv, &rq, &out_dir, &headless, "romcap"))
        return 2;
    if (!rq.input) {
        rc_err err = {{0}};
        rc_source *cam = rc_source_open("camera:0", NULL, &err);
        if (cam) {
            rc_source_close(cam);
            rq.input = "camera:0";
        } else {
            rc_logf(&app->log, RC_LOG_INFO, "%s; playing the bundled sample %s", err.msg,
                    SAMPLE_URI);
            rq.input = SAMPLE_URI;
        }
    }
    bool is_camera = !strncmp(rq.input, "camera:", 7);
    if (!rq.model && strncmp(rq.input, "synthetic:", 10))
        rq.model = "knee_flexion";
    if (!headless && have_display()) {
        rq.loop = rq.loop || !is_camera;
        rc_err ui_err = {{0}};
        int code = live_run(app, &rq, &ui_err);
        if (code != 3)
            return code;
        rc_logf(&app->log, RC_LOG_WARN, "%s; continuing headless", ui_err.msg);
    }
    char dir[256], png[300];
    if (!out_dir) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(dir, sizeof dir, "romcap-out/run-%Y%m%d-%H%M%S", &tm);
        out_dir = dir;
    }
    snprintf(png, sizeof png, "%s/peak.png", out_dir);
    rc_analyse_request ar = {
        .input = rq.input,
        .model = rq.model,
        .out_dir = out_dir,
        .snapshot = png,
        .mirror = rq.mirror,
        .progress = true,
        .max_frames = rq.max_frames > 0 ? rq.max_frames : (is_camera ? 600 : 0),
    };
    rc_logf(&app->log, RC_LOG_INFO, "no display: analysing %s headless", rq.input);
    int code = rc_analyse_run(app, &ar);
    if (code == 0)
        printf("romcap: wrote %s/tracks.csv, angles.csv, summary.json and peak.png\n", out_dir);
    return code;
}
