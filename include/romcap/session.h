/* session.h - a recording session on disk: written crash-safely, read back, exported.
 *
 * Sits beside the pipeline's outputs: the recorder appends each frame's original JPEG
 * bytes (never re-encoded) to DIR/frames.mjpeg and a fixed-size record (offset, size,
 * capture time) to DIR/frames.idx, on its own thread, so a slow disk never stalls
 * capture; DIR/session.json describes the test. The reader opens such a folder,
 * repairing a missing or truncated index in memory by scanning the JPEG boundaries,
 * and hands out frames by number; the capture stage wraps it as an rc_source. The
 * exporters turn a session's tracks.csv into TRC / wide CSV and its frames into an
 * MJPEG AVI (a remux of the stored bytes). It does not decode or analyse frames.
 * Format: src/session/README.md. Folders are created 0700, files 0600.
 */
#ifndef ROMCAP_SESSION_H
#define ROMCAP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "romcap/check.h"
#include "romcap/log.h"
#include "romcap/model.h"
#include "romcap/results.h"
#include "romcap/source.h"
#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    RC_SESSION_FORMAT = 1,     /* session.json "format_version" written by this build */
    RC_SESSION_IDX_RECORD = 24 /* bytes per frames.idx record (after the 8-byte magic) */
};

/* ---- patient-reported outcomes (issue 17; session_outcomes.c) -------------------
 * What the patient reports at the session, stored in session.json "outcomes" (format:
 * src/session/README.md): pain on the 0-10 Numeric Pain Rating Scale before the test
 * ("now") and optionally after it, the Patient-Specific Functional Scale (up to
 * RC_PSFS_MAX activities the patient names, each 0 = unable .. 10 = as before the
 * problem; score = their mean) and a short note. ../shared/CLINICAL.md. */
enum { RC_PSFS_MAX = 5, RC_OUTCOME_NOTE_CAP = 512 };

typedef struct rc_psfs_item {
    char activity[RC_LABEL_CAP]; /* as the patient named it, e.g. "stairs" */
    int score;                   /* 0..10 */
} rc_psfs_item;

typedef struct rc_session_outcomes {
    int pain;       /* NPRS 0..10 now, before the test; -1 not recorded */
    int pain_after; /* NPRS 0..10 right after the test; -1 not recorded */
    int n_psfs;     /* 0: not recorded */
    rc_psfs_item psfs[RC_PSFS_MAX];
    char note[RC_OUTCOME_NOTE_CAP]; /* "" none */
} rc_session_outcomes;

/* Nothing recorded (pain -1, no PSFS, no note). */
void rc_outcomes_init(rc_session_outcomes *o);
/* 1 when anything is recorded. */
int rc_outcomes_any(const rc_session_outcomes *o);
/* PSFS score: the mean of the activities' scores; NAN when none. */
double rc_outcomes_psfs_mean(const rc_session_outcomes *o);

/* Parsers for what a user types (one-line messages naming `what`, e.g. "--pain"):
 * an NPRS value, a whole number 0..10; a PSFS list "stairs=4,kneel=2" (1 to
 * RC_PSFS_MAX activities, each a name of printable characters without ',' or '=' and
 * a whole score 0..10); a note (at most RC_OUTCOME_NOTE_CAP - 1 bytes, no control characters
 * but tab). RC_E_ARG when refused. */
rc_status rc_outcomes_parse_pain(const char *text, const char *what, int *out, rc_err *err);
rc_status rc_outcomes_parse_psfs(const char *text, const char *what, rc_session_outcomes *o,
                                 rc_err *err);
rc_status rc_outcomes_set_note(const char *text, const char *what, rc_session_outcomes *o,
                               rc_err *err);

/* One command-line option into `o`: `name` is "pain", "pain-after", "psfs" or "note"
 * (messages say "--NAME"). RC_E_ARG when refused or for another name. */
rc_status rc_outcomes_option(const char *name, const char *value, rc_session_outcomes *o,
                             rc_err *err);

/* Replaces the outcomes of the closed session in `dir`: session.json is rewritten
 * atomically (temp file 0600, fsync, rename) through the session writer's outcomes
 * block; everything else stays as it was. RC_E_NOT_FOUND / RC_E_FORMAT when dir is
 * not a readable session, RC_E_ARG while it is still recording. */
rc_status rc_session_set_outcomes(const char *dir, const rc_session_outcomes *o, rc_err *err);

/* ---- writing ----------------------------------------------------------------- */

typedef struct rc_session_config {
    const char *software;    /* e.g. "romcap 0.1.0" */
    const char *model_name;  /* e.g. "knee_flexion" */
    const char *model_json;  /* the model file's text (copied into session.json), or NULL */
    const char *calib_path;  /* calibration file name, or NULL */
    const char *calib_text;  /* its text (copied), or NULL; read back with
                                rc_session_calib, so the session needs no file */
    int mirror;              /* 1: the subject was measured mirrored from the model's
                                description (other side, or facing the other way) */
    const char *mirror_source; /* "given" (the user said), "detected", or NULL */
    const char *tag;         /* "pre", "post" or NULL */
    const char *subject;     /* pseudonym, or NULL (never a real name: this is free text
                                that ends up in reports) */
    const char *test;        /* test name, or NULL (default: the model name) */
    const char *source_uri;  /* what was recorded, e.g. "camera:0" */
    const char *source_kind; /* rc_source_info.kind */
    int width, height;       /* frame size, pixels */
    double fps;              /* nominal rate, 0 if unknown */
    int live;                /* 1 for cameras */
    int jpeg_quality;        /* 0: frames are the source's original JPEG bytes; 1..100:
                                romcap encoded them at this quality (sources without JPEG) */
    int queue_frames;        /* frame buffers between capture and disk; 0 = default (16) */
    size_t max_jpeg_bytes;   /* capacity of each buffer; 0 = default (I420 size + 64 KiB) */
    double fsync_interval_s; /* 0 = default (0.5 s) */
    int wait_when_full;      /* 1: push waits for a free buffer instead of dropping, so
                                nothing is lost and the producer runs at the disk's pace
                                (unpaced playback: soak tests); never for a camera */
    const rc_camera_controls *camera_controls; /* a camera's exposure / white balance /
                                gain as requested and in force (rc_source_info.camera);
                                written as "camera_controls" only when ->applied */
    const rc_session_outcomes *outcomes; /* what the patient reported, or NULL (none
                                            yet); written as "outcomes" when any */
} rc_session_config;

typedef struct rc_session_writer rc_session_writer;

typedef struct rc_session_writer_stats {
    int64_t frames_written;   /* on disk and indexed */
    int64_t frames_dropped;   /* queue full (disk too slow) or writer stopped */
    int64_t frames_too_large; /* bigger than a buffer (also counted as dropped) */
    int64_t bytes_written;    /* frames.mjpeg size */
    int failed;               /* 1 once a write failed (full disk ...): see message */
    char message[RC_ERR_CAP]; /* why writing stopped, "" if it did not */
} rc_session_writer_stats;

/* Creates DIR (0700; it must not already hold a session.json), writes session.json
 * (state "recording"), creates frames.mjpeg and frames.idx (0600), allocates every
 * frame buffer and starts the writer thread. NULL with a message on failure. */
rc_session_writer *rc_session_writer_create(const char *dir, const rc_session_config *cfg,
                                            rc_err *err);

/* Queues one frame (copies `jpeg`; allocates nothing; never blocks on the disk
 * unless the config's wait_when_full asks it to wait for a free buffer).
 * `t_ns` is its capture / presentation time. RC_OK when queued or when dropped
 * because the queue is full (counted); RC_E_IO with a message once writing has failed
 * (disk full): the caller should stop recording and close. RC_E_ARG for bytes that
 * do not start with a JPEG SOI marker. */
rc_status rc_session_writer_push(rc_session_writer *w, const uint8_t *jpeg, size_t n, int64_t t_ns,
                                 rc_err *err);

/* Counters so far (thread-safe). */
void rc_session_writer_get_stats(rc_session_writer *w, rc_session_writer_stats *st);

/* Replaces the mirror flag and its source (see rc_session_config) that session.json
 * will hold when the writer closes: a side decided while recording (the live side
 * detector) is known only after the recording started. Call from the thread that
 * closes the writer; NULL `source` writes null. */
void rc_session_writer_set_mirror(rc_session_writer *w, int mirror, const char *source);

/* The sticker colours learnt by themselves while recording (the live engine's
 * learner, online.h): session.json will hold them as "learnt_colours" (the
 * format of summary.json's model.learnt_colours[]; absent when n is 0) when the
 * writer closes, and `romcap analyse DIR` starts from them. Replaces what an
 * earlier call gave. Call from the thread that pushes frames or the one that closes
 * the writer, never both at once. session_learnt.c. */
void rc_session_writer_set_learnt(rc_session_writer *w, const rc_learnt_colour *c, int n);
/* Replaces the outcomes session.json will hold when the writer closes (a prompt in
 * the live window answers while or after recording). NULL or nothing recorded
 * removes them. Call from the thread that closes the writer. */
void rc_session_writer_set_outcomes(rc_session_writer *w, const rc_session_outcomes *o);
/* Replaces session.json's "camera_controls" block with `cc` (nothing when it is NULL
 * or not applied), written when the writer closes: a camera's default is locked
 * while the live window runs (rc_capture_request_lock), possibly after the
 * recording started. Call from the thread that closes the writer. */
void rc_session_writer_set_camera_controls(rc_session_writer *w, const rc_camera_controls *cc);
/* Stores the set-up check's result (check.h) as session.json's "check" block (its JSON
 * form, rc_check_json), written when the writer closes; a second call replaces it.
 * Call from the thread that closes the writer. session_write_check.c. */
void rc_session_writer_set_check(rc_session_writer *w, const rc_check_result *r);

/* Writes what is queued, syncs, records `stop_reason` (e.g. "end of input") and the
 * counters in session.json (state "complete") and frees the writer (NULL is fine).
 * Returns the first write failure if one happened (the files still hold every frame
 * written before it and the session stays readable). */
rc_status rc_session_writer_close(rc_session_writer *w, const char *stop_reason, rc_err *err);

/* ---- reading ------------------------------------------------------------------ */

typedef struct rc_session_meta {
    int format_version;
    char created[40]; /* ISO 8601 local time with offset */
    char software[64];
    char state[16]; /* "recording" (never closed: crash) or "complete" */
    char stop_reason[160];
    char tag[16]; /* "pre", "post" or "" */
    char subject[RC_LABEL_CAP];
    char test[RC_LABEL_CAP];
    char model_name[RC_NAME_CAP];
    char calib_path[RC_TEXT_CAP]; /* "" when recorded uncalibrated */
    int has_calib;                /* 1 when session.json holds the calibration's text */
    int mirror;                   /* 0 / 1; -1 when the session does not say (older files) */
    char mirror_source[16];       /* "given", "detected" or "" */
    char source_uri[RC_TEXT_CAP];
    char source_kind[16];
    int width, height;
    double fps; /* nominal, from session.json */
    int live;
    int jpeg_quality;       /* 0 = original camera bytes, else romcap's encode quality */
    int64_t frames_dropped; /* as recorded at close, 0 if unknown */
    rc_camera_controls camera_controls; /* .applied = 0 when session.json has none */
    rc_session_outcomes outcomes;       /* "outcomes"; rc_outcomes_init's when none */
    rc_check_result check;              /* the set-up check (issue 20); n_items = 0 when
                                           session.json has none */
} rc_session_meta;

typedef struct rc_session_frame {
    uint64_t offset; /* in frames.mjpeg */
    uint32_t size;   /* bytes */
    int64_t t_ns;    /* capture time as recorded */
} rc_session_frame;

typedef struct rc_session rc_session;

/* Opens session folder `dir`. A missing, truncated or inconsistent frames.idx is
 * rebuilt in memory (not on disk: see rc_session_repair) by scanning frames.mjpeg
 * for complete JPEGs; rc_session_warning() then says what happened. NULL with a
 * message for a missing or malformed session.json, a missing frames.mjpeg, or a
 * session without a single complete frame. */
rc_session *rc_session_open(const char *dir, rc_err *err);
void rc_session_close(rc_session *s); /* NULL is fine */

/* What opening had to repair, "" if nothing. Valid until close. */
const char *rc_session_warning(const rc_session *s);

const rc_session_meta *rc_session_get_meta(const rc_session *s);

/* The model stored in session.json (not the bundled file, which may have changed
 * since). RC_E_NOT_FOUND / RC_E_FORMAT with a message when absent or invalid. */
rc_status rc_session_model(const rc_session *s, rc_model *out, rc_err *err);

struct rc_calib;

/* The calibration stored in session.json (its text, read by the calibration's own
 * reader), not the file it came from, which may have changed or gone since.
 * RC_E_NOT_FOUND when the session was recorded without one. */
rc_status rc_session_calib(const rc_session *s, struct rc_calib *out, rc_err *err);

/* The colours session.json says were learnt while recording ("learnt_colours",
 * see rc_session_writer_set_learnt): up to `cap` into out[], their count in *n (0
 * when the session has none). RC_E_FORMAT naming the file and entry for an entry
 * that is not a marker name with a 2-number mean and 3-number covariance.
 * session_learnt.c. */
rc_status rc_session_learnt(const char *dir, rc_learnt_colour *out, int cap, int *n, rc_err *err);

int64_t rc_session_frame_count(const rc_session *s);

/* Frame rate measured from the index timestamps ((n-1) / span), else the nominal. */
double rc_session_fps(const rc_session *s);

/* Largest frame in bytes (size a buffer for rc_session_read_jpeg with it). */
size_t rc_session_max_jpeg_bytes(const rc_session *s);

/* Index entry of frame i (0-based). RC_E_ARG when out of range. */
rc_status rc_session_frame_get(const rc_session *s, int64_t i, rc_session_frame *out);

/* Reads frame i's JPEG bytes into buf[0..cap); *n gets their count. RC_E_IO on a read
 * failure, RC_E_ARG when i is out of range or cap too small; message in `err`. */
rc_status rc_session_read_jpeg(rc_session *s, int64_t i, uint8_t *buf, size_t cap, size_t *n,
                               rc_err *err);

/* 1 when `dir` is a folder holding session.json (cheap: one stat). */
int rc_session_is_dir(const char *dir);

/* ---- sessions of a course, without names (issue 17; session_course.c) -----------
 * Layout: ROOT/PSEUDONYM/YYYY-MM-DD-TEST[-TAG][-N]/ (ROOT default
 * RC_SESSION_ROOT), folders 0700. The pseudonym is the only identifier: letters,
 * digits, '-' and '_' (e.g. "P017"), never a name. */
#define RC_SESSION_ROOT "romcap-sessions"

/* RC_OK when `subject` is a usable pseudonym (1..31 of [A-Za-z0-9_-]); RC_E_ARG with
 * a one-line reason otherwise. */
rc_status rc_pseudonym_check(const char *subject, rc_err *err);

/* A new session folder's path under `root` (NULL: RC_SESSION_ROOT) for today's
 * local date: creates ROOT and ROOT/SUBJECT (0700), not the session folder itself;
 * the first free name of YYYY-MM-DD-TEST[-TAG], -2 .. -99. */
rc_status rc_session_course_dir(const char *root, const char *subject, const char *test,
                                const char *tag, char *out, size_t cap, rc_err *err);

/* One session found under a folder. */
typedef struct rc_session_entry {
    char dir[1024];
    rc_session_meta meta;
    int64_t frames;  /* frames in the session (its index, repaired in memory) */
    int analysed;    /* summary.json present */
} rc_session_entry;

/* Every session folder at or below `root` (up to 3 levels deep: ROOT/SUBJECT/SESSION
 * and loose sessions), sorted by subject, then creation time, then path. *out is
 * malloc'd (free it; NULL when none). Unreadable sessions are skipped. RC_E_NOT_FOUND
 * when `root` is not a folder. */
rc_status rc_session_list(const char *root, rc_session_entry **out, int *n, rc_err *err);

/* That list as the table `romcap sessions` prints on `out`: a header row, one row per
 * session (subject, date, test, tag, frames, pain before/after, PSFS mean, set-up
 * check (rc_check_mark), analysed, folder; "-" for what is not known), or "(no sessions under ROOT)"
 * (session_list_print.c). */
void rc_session_list_print(FILE *out, const char *root, const rc_session_entry *e, int n);

/* ---- repair and export --------------------------------------------------------- */


typedef struct rc_session_repair_report {
    int64_t frames_indexed; /* valid records kept from the old index */
    int64_t frames_found;   /* frames recovered by scanning frames.mjpeg */
    int64_t frames_total;
    int64_t bytes_dropped; /* incomplete data at the end of frames.mjpeg (cut off) */
    int rewritten;         /* 1 if frames.idx was rewritten */
} rc_session_repair_report;

/* Checks the index against frames.mjpeg and rewrites frames.idx (atomically) when it
 * was missing, truncated or inconsistent. Frames found by scanning get timestamps
 * continued at the nominal rate from the last indexed frame. */
rc_status rc_session_repair(const char *dir, rc_session_repair_report *rep, rc_err *err);

/* Writes the session's frames as an MJPEG AVI at `path` (0600): a remux of the stored
 * JPEG bytes (no decode, no quality loss), at the rate of the index. RC_E_UNSUPPORTED
 * beyond 1 GiB (plain AVI 1.0). */
rc_status rc_session_export_avi(rc_session *s, const char *path, rc_err *err);

/* Converts a tracks.csv (frame,t_s,marker,x_px,y_px,state) to OpenSim's TRC at `path`
 * (0600): markers in first-seen order, lost samples left blank, Z = 0. Without a
 * calibration (`calib` NULL) X/Y are pixels exactly as in the CSV (image axes: y down,
 * units "px"). With one, each point is undistorted and mapped into the movement plane
 * (rc_calib_map_point) and written with OpenSim's axes, X right and Y up, in the
 * calibration's unit ("mm" with a plane, else undistorted "px"). `rate_hz` is the
 * frame rate for the header. Returns the number of frames and markers written through
 * the pointers (may be NULL). */
rc_status rc_tracks_to_trc(const char *tracks_csv, const char *path, double rate_hz,
                           const struct rc_calib *calib, int *n_frames, int *n_markers,
                           rc_err *err);

/* The same tracks in wide form: frame,t_s,<m>_x_px,<m>_y_px,<m>_state,... */
rc_status rc_tracks_to_wide_csv(const char *tracks_csv, const char *path, rc_err *err);

/* The session's tracks.csv as TRC at `path`, in the calibrated plane when there is a
 * calibration: the file `calib_path` if given, else the copy stored in the session
 * (not the file it came from, which may have changed or gone since); without either,
 * image pixels. `note` receives one line saying which was used, *note_warn true when
 * it is a warning (the session names a calibration it holds no copy of)
 * (session/session_export_trc.c). */
rc_status rc_session_export_trc(rc_session *s, const char *tracks_csv, const char *path,
                                const char *calib_path, char *note, size_t note_cap,
                                bool *note_warn, rc_err *err);

/* `romcap export` as one call (session_export_run.c): session `rq->dir` opened (its
 * repair warning said), then its tracks.csv as a wide CSV ("csv"), an OpenSim TRC
 * ("trc", rq->calib or the session's own calibration; the plane it chose said) or its
 * frames as an MJPEG AVI ("avi"), into rq->out or by default DIR/export.csv,
 * DIR/markers.trc, DIR/video.avi. `written` gets the path written. RC_E_ARG for
 * another format; the session's and the writers' failures otherwise. */
typedef struct rc_export_request {
    const char *dir, *format, *out, *calib; /* out, calib: NULL for the defaults */
    void (*say)(void *user, rc_log_level level, const char *msg); /* may be NULL */
    void *user;
} rc_export_request;
rc_status rc_session_export_run(const rc_export_request *rq, char *written, size_t cap,
                                rc_err *err);

#ifdef __cplusplus
}
#endif
#endif
