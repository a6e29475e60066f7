/* capture.h - the capture thread: reads a source on its own thread into a small
 * ring of frame slots, so live feedback never falls behind the camera.
 *
 * Between the source (source.h) and analysis. The thread reads and decodes each
 * frame, copies it once into a slot it allocated at start (pixels, the original
 * JPEG bytes, synthetic ground truth), stamps it with its capture time on the
 * monotonic clock (rc_clock_ns) and publishes it. When the consumer lags, the
 * oldest waiting frame is dropped; the producer never waits. In lossless mode
 * (offline analysis on a second core) it is the other way round: nothing is
 * dropped, the thread waits for a free slot and JPEG sources decode straight into
 * it, so the pixels are not copied at all; with `decoders` it only reads, and
 * that many worker threads decode frames side by side. Files, folders,
 * sessions and synthetic scenes are paced by their own timestamps so they play
 * live; cameras are live by nature. It does no analysis and never logs.
 */
#ifndef ROMCAP_CAPTURE_H
#define ROMCAP_CAPTURE_H

#include <stdint.h>

#include "romcap/ring.h"
#include "romcap/source.h"
#include "romcap/status.h"
#include "romcap/synth.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_capture_config {
    int n_slots;           /* frame slots, 3..RC_RING_MAX_SLOTS; 0 = 4 (TUNABLE: one being
                              written, one being analysed, two queued: ~2 frames of backlog
                              at most) */
    int pace;              /* 1: play non-live sources at their timestamps; 0: as fast as
                              the consumer takes them (still drop-oldest); -1 = 1 */
    const char *loop_uri;  /* non-NULL: at the end of a non-live source, reopen this
                              URI and continue (copied) */
    rc_source_options opt; /* options for reopening */
    int lossless;          /* 1, with pace 0 and a non-live source: never drop; when
                              every slot is queued or being read the thread waits for
                              rc_capture_release, so each frame is analysed (offline
                              analysis, soak tests, benchmarks). Ignored for live
                              sources: a camera is never made to wait. 0: drop-oldest */
    int corrupt_entries;   /* lossless only, 1: frames the source skips as corrupt are
                              queued too, in order, as entries with status RC_E_DECODE */
    int decoders;          /* lossless only, >= 2 with a JPEG source (MJPEG file, session):
                              the thread reads each frame's JPEG bytes into a slot and this
                              many workers (each its own TurboJPEG codec) decode them side by
                              side into the slots; frames, warnings and time stamps are
                              published in order, exactly as with one decoder. Give n_slots
                              room for it (decoders + 3 or more). 0 or 1, or another source:
                              the thread decodes */
} rc_capture_config;

/* One captured frame. Everything points into the slot, valid until
 * rc_capture_release. */
typedef struct rc_capture_frame {
    rc_frame frame;       /* image, index, t_ns, jpeg (a copy, or NULL if the source
                             had none or it did not fit), truth (a copy, or NULL) */
    int64_t t_capture_ns; /* when the frame became available, rc_clock_ns(): the
                             camera's capture stamp, or for paced sources the time it
                             was due */
    int64_t seq;          /* 0-based count of frames published by this capture */
    int restarts;         /* times the source was reopened (loop) before this frame */
    rc_status status;     /* RC_OK, or with corrupt_entries RC_E_DECODE for a frame the
                             source skipped as corrupt (no image; seq and `why` are set) */
    const char *why;      /* the source's message for a skipped frame, or its note when
                             frame.decode_warning is set, else "" */
    int64_t source_missing; /* frames the source itself skipped before this one, counted
                               from its time stamps against its frame rate
                               (rc_capture_gap_frames), since the capture started: a
                               camera's own drops, which the seq numbers (gaps there
                               are frames the consumer never took) do not show */
} rc_capture_frame;

typedef struct rc_capture_stats {
    int64_t captured; /* frames published */
    int64_t dropped;  /* published but never taken (consumer too slow) */
    int64_t corrupt;  /* frames the source skipped as corrupt */
    int64_t decode_warnings; /* frames read with frame.decode_warning set (counted when
                                read, so also those later dropped) */
    int restarts;
    int64_t source_missing; /* frames the source skipped by its time stamps (see
                               rc_capture_frame.source_missing) */
} rc_capture_stats;

typedef struct rc_capture rc_capture;

/* Takes ownership of `src` (closed by rc_capture_stop, also when this fails),
 * allocates every slot for the source's frame size and starts the thread. NULL
 * with a message on failure. */
rc_capture *rc_capture_start(rc_source *src, const rc_capture_config *cfg, rc_err *err);

/* Stops and joins the thread, closes the source, frees the slots. NULL is fine. */
void rc_capture_stop(rc_capture *c);

/* The oldest waiting frame, or NULL when none is waiting. Give it back with
 * rc_capture_release before acquiring the next. */
const rc_capture_frame *rc_capture_acquire(rc_capture *c);

/* The oldest waiting frame; waits for one while the thread runs. NULL once the
 * thread has stopped and nothing is left: rc_capture_state then says why (RC_E_EOF
 * at the end of the source). Give it back with rc_capture_release. */
const rc_capture_frame *rc_capture_acquire_wait(rc_capture *c);

/* The newest waiting frame (older waiting ones are dropped), or NULL. */
const rc_capture_frame *rc_capture_acquire_latest(rc_capture *c);

void rc_capture_release(rc_capture *c, const rc_capture_frame *f);

/* Pauses a paced source (a live one keeps capturing: frames are dropped as
 * usual). rc_capture_step lets one frame through while paused. */
void rc_capture_set_paused(rc_capture *c, int paused);
void rc_capture_step(rc_capture *c);

/* RC_OK while running; RC_E_EOF once a non-looping source ended and the thread
 * stopped (`msg` then holds the source's note on how it ended, such as a truncated
 * file, or ""); another status (with the source's message in `msg`, may be NULL)
 * after a fatal source error. */
rc_status rc_capture_state(rc_capture *c, rc_err *msg);

void rc_capture_get_stats(rc_capture *c, rc_capture_stats *st);

/* The source's info (frame size and rate). */
void rc_capture_get_info(const rc_capture *c, rc_source_info *info);

/* Frames missing in a gap of dt_ns between two frames `period_ns` apart: a gap of g
 * periods hides round(g) - 1 frames, counted from g >= 1.5 (jitter of up to half a
 * period is no loss). 0 for a period <= 0. The one rule for the capture's count and
 * the set-up check's (check.c). */
int64_t rc_capture_gap_frames(int64_t dt_ns, double period_ns);

/* ---- the camera lock on request (issue 20) --------------------------------------
 * A camera opened with rc_camera_request.lock_later runs its auto exposure and white
 * balance (rc_source_info.camera.lock_pending) until the caller, who sees the
 * analysis, asks for the lock; the capture thread carries it out between two reads
 * (never inside one, never in the frame path's hand-over: a one-shot mailbox with
 * atomic flags, no lock) and publishes the controls in force. */
typedef struct rc_capture_lock_request {
    rc_cam_lock_how how;            /* RC_CAM_LOCK_STICKERS or RC_CAM_LOCK_TIMEOUT */
    int64_t frame;                  /* the source frame the decision was taken on */
    double t_s;                     /* ... seconds after the camera's first frame */
    char note[RC_CAM_NOTE_CAP];     /* stored with the controls, "" if none */
} rc_capture_lock_request;

/* 1 when the source waits for a lock (a camera with lock_later and something to
 * lock) that was not asked yet. */
int rc_capture_lock_pending(const rc_capture *c);

/* Asks the capture thread to lock (copied; returns at once). 1 when taken, 0 when
 * nothing waits for a lock (files, scenes, cameras locked at open or given values,
 * a second call). */
int rc_capture_request_lock(rc_capture *c, const rc_capture_lock_request *rq);

/* 1 once the asked lock was carried out, with the camera's controls in force after it
 * in *out (what the driver accepted, read back; refusals marked); 0 before. */
int rc_capture_lock_result(rc_capture *c, rc_camera_controls *out);

/* Opens a GStreamer pipeline string ending in appsink as a live source (kind
 * "camera"), e.g. "videotestsrc is-live=true ! video/x-raw,width=320,height=240
 * ! jpegenc ! appsink": JPEG buffers are decoded with TurboJPEG as for cameras.
 * NULL with a message when OpenCV has no GStreamer backend or the pipeline fails. */
rc_source *rc_capture_open_gst(const char *pipeline, rc_err *err);

#ifdef __cplusplus
}
#endif
#endif
