/* ui.h - the SDL2 window (or off-screen canvas) that shows frames and overlays.
 *
 * Last stage of the live pipeline: it takes an I420 frame exactly as decoded
 * (uploaded to an SDL_PIXELFORMAT_IYUV texture, no RGB conversion) plus what the
 * earlier stages computed (marker states, angles, ROM) and draws markers,
 * segments, angle arcs and a side panel. The same drawing code serves a real
 * window and a headless canvas (SDL software renderer on a surface) that can be
 * saved as PNG. It computes nothing clinical and owns no pipeline state: the app
 * passes everything in rc_ui_overlay each frame.
 *
 * The rc_ui object owns SDL_Init/SDL_Quit and SDL_ttf: only one rc_ui may exist at
 * a time, and every rc_ui_* call must come from the thread that created it (SDL
 * requires the main thread for windows and events).
 */
#ifndef ROMCAP_UI_H
#define ROMCAP_UI_H

#include <stdint.h>

#include "romcap/image.h"
#include "romcap/model.h"
#include "romcap/status.h"
#include "romcap/track.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RC_UI_DEFAULT_FONT      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define RC_UI_DEFAULT_FONT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

typedef struct rc_ui_config {
    int video_width, video_height; /* frame size, pixels (plane 0) */
    const char *title;             /* window title; NULL = "romcap" */
    int headless;                  /* nonzero: no window, draw off screen only */
    const char *font_path;         /* regular face; NULL = RC_UI_DEFAULT_FONT */
    const char *font_bold_path;    /* bold face; NULL = RC_UI_DEFAULT_FONT_BOLD */
    float scale;                   /* size of text and lines (1 = default); 0 = 1.
                                      A window also multiplies by its HiDPI factor. */
    int panel_width;               /* side panel width in pixels before scaling;
                                      0 = 280 */
    int timeline_height;           /* a strip under the video for the review's
                                      timeline (rc_ui_overlay.timeline), pixels before
                                      scaling; 0 = none (the live layout) */
} rc_ui_config;

/* Fills `cfg` with the defaults above for a frame of width x height. */
void rc_ui_config_default(rc_ui_config *cfg, int width, int height);

/* The review window's timeline (drawn in the strip of rc_ui_config.timeline_height):
 * an angle against time over the whole recording, with its repetitions and a cursor
 * at the frame shown. Pointers are borrowed for the rc_ui_draw call only. */
typedef struct rc_ui_timeline {
    int64_t n;         /* samples */
    const double *t_s; /* n times, seconds, not decreasing */
    const double *deg; /* n values, degrees, `stride` doubles apart; NAN = gap */
    int stride;
    const char *label;                     /* what is plotted, e.g. "Knee flexion" */
    double t0_s, t1_s;                     /* the time axis (t1 > t0) */
    double cursor_s;                       /* time of the frame shown */
    double normal_min_deg, normal_max_deg; /* normal band; max <= min: none */
    const char *unit; /* after a value: "\xC2\xB0" or " cm" (rc_model_unit SUFFIX);
                         NULL = degrees */
    int n_reps;                            /* repetitions, numbered from 1 on the plot */
    const double *rep_t0_s, *rep_t1_s;
    const unsigned char *rep_flagged; /* n_reps: 1 = a compensation was flagged in
                                         it (an amber bar); NULL = none known */
    const char *const *notes;         /* n_notes short lines in amber over the plot (the
                                         compensations the analysis found) */
    int n_notes;
} rc_ui_timeline;

/* The set-up check's panel (issue 20; ui_check.c), drawn in a box over the video's
 * top-left: a title, one row per item with a swatch of its level (green pass, amber
 * warn, red fail, grey not judged), and the advice of the worst items. Pointers are
 * borrowed for the rc_ui_draw call only. */
enum { RC_UI_CHECK_ROWS = 8 };
typedef struct rc_ui_check_panel {
    const char *title;                   /* "Set-up check: FAIL", "Checking... 3 s" */
    int n_rows;                          /* 0: only the title (a check running) */
    const char *row[RC_UI_CHECK_ROWS];   /* "sticker size: fail - radius 2.1 px" */
    int level[RC_UI_CHECK_ROWS];         /* 0 pass, 1 warn, 2 fail, 3 not judged */
    const char *advice;                  /* lines split by '\n', in the worst colour; NULL */
    int advice_level;                    /* 1 warn, 2 fail */
    const char *footer;                  /* the keys, e.g. "C or Esc closes"; NULL */
} rc_ui_check_panel;

/* Everything drawn for one frame. Pointers are borrowed for the rc_ui_draw call
 * only. Any pointer may be NULL (that part is not drawn). */
typedef struct rc_ui_overlay {
    const rc_model *model;           /* markers (names, colours), segments, angles */
    const rc_marker_state *markers;  /* model->n_markers states, in frame pixels:
                                        SEEN = ring, PREDICTED = dashed ring,
                                        LOST = not drawn */
    const double *angle_deg;         /* model->n_angles values, degrees; NAN = undefined */
    int mirror;                      /* nonzero when the set-up is mirrored (the
                                        kinematics sign was flipped); places arcs */
    double rom_min_deg, rom_max_deg; /* first angle's set ROM: mean trough, mean peak of
                                      * the repetitions so far; NAN = none yet */
    int64_t frame_index;             /* negative = not shown */
    double t_s;                      /* frame time, seconds; NAN = not shown */
    double fps;                      /* processing or display rate; <= 0 = not shown */
    const char *status;              /* one-line status text (UTF-8), or NULL */
    int paused;                      /* nonzero shows a PAUSED badge */

    /* Live feedback (all optional: a zeroed field draws nothing). */
    double target_min_deg, target_max_deg; /* target band of the first angle; drawn
                                              when max > min */
    int show_reps;                         /* nonzero: the repetition block is drawn */
    int n_reps;                            /* completed repetitions in this set */
    double last_rep_peak_vel_deg_s;        /* NAN = none yet */
    double last_rep_sparc;                 /* SPARC of the last movement; NAN = none */
    const double *plot_deg;                /* plot_n first-angle samples, oldest first,
                                              evenly spaced over plot_span_s; NAN = gap */
    int plot_n;
    double plot_span_s;
    const double *trail_x_px, *trail_y_px; /* trail_n recent positions (frame px,
                                              oldest first) of the limb's end */
    int trail_n;
    int patient;            /* nonzero: the large, simple patient view */
    int in_target;          /* patient view: the angle is inside the target band (green) */
    double hold_s;          /* time held inside the band so far; <= 0 = not shown */
    int flip_view;          /* nonzero: video and overlays mirrored left-right on screen
                               (a mirror for the patient; angles are unchanged) */
    const char *debug_text; /* F1 overlay: lines separated by '\n'; NULL = hidden */
    const char *toast;      /* short message over the video (e.g. "screenshot saved") */
    const char *prompt;     /* a question waiting for a typed answer, drawn in a box in
                               the middle of the video (lines split by '\n'); NULL none */
    int muted;              /* shows a muted-sound mark in the patient view */
    const char *source_label; /* drawn large at the top of the video, in a red box:
                                 what the picture is when it is not what the user
                                 asked for (e.g. "SAMPLE \xE2\x80\x94 not a camera");
                                 NULL = none */
    const char *side_text;    /* replaces the panel's "right side, sagittal view" line:
                                 what the live side detector says ("deciding side...",
                                 "left knee - mirrored"); NULL = that line */
    const char *const *warn_lines; /* n_warn_lines short lines drawn in the panel in a
                                      warning colour (e.g. "'ankle' not found") */
    int n_warn_lines;
    const rc_ui_timeline *timeline; /* drawn when the ui has a timeline strip */
    const char *comp_flag; /* a compensation happening now (rc_ui_comp_text): drawn in an
                              amber banner over the video, large in the patient view;
                              NULL or "" = none */
    const rc_ui_check_panel *check; /* the set-up check's panel (issue 20); NULL = none */
    const char *check_warning; /* a red box in the middle of the video, lines split by
                                  '\n' (R refused until pressed again); NULL or "" = none */
} rc_ui_overlay;

typedef enum rc_ui_event_type {
    RC_UI_EV_NONE = 0,
    RC_UI_EV_QUIT,       /* window closed, Esc or q (key 27 for Esc) */
    RC_UI_EV_PAUSE,      /* space: toggle pause */
    RC_UI_EV_STEP,       /* right arrow or '.': one frame forward */
    RC_UI_EV_SCREENSHOT, /* s: the app should call rc_ui_save_png */
    RC_UI_EV_HELP,       /* h or '?': the help overlay was toggled (the ui draws it) */
    RC_UI_EV_PATIENT,    /* p: toggle the patient view */
    RC_UI_EV_MUTE,       /* m: toggle the target sound */
    RC_UI_EV_RECORD,     /* r: start / stop recording */
    RC_UI_EV_NEXT_MODEL, /* Tab: switch to the next bundled model */
    RC_UI_EV_RESET,      /* 0: reset the set's ROM and repetition count */
    RC_UI_EV_DEBUG,      /* F1: toggle the debug overlay (latency, rates) */
    RC_UI_EV_FLIP,       /* v: toggle the mirrored (flipped) view */
    RC_UI_EV_LEARN,      /* l: start / cancel learning the stickers' colours */
    RC_UI_EV_CHECK,      /* c: the set-up check's panel (issue 20) */
    RC_UI_EV_CLICK,      /* left click on the video: x_px, y_px in frame pixels */
    /* With a timeline strip only: */
    RC_UI_EV_SEEK,   /* click or drag on the plot: x_px in canvas pixels (see
                        rc_ui_timeline_axis); Home / End: -/+INFINITY */
    RC_UI_EV_STEP_BY, /* left / right arrow: dir -1 / +1; by_second with Shift */
    RC_UI_EV_KEY         /* prompt mode only (rc_ui_set_prompt_mode): `key` is '0'..'9',
                            '\b' (Backspace), '\r' (Enter) or 27 (Esc) */
} rc_ui_event_type;

typedef struct rc_ui_event {
    rc_ui_event_type type;
    double x_px, y_px; /* RC_UI_EV_CLICK: the point in frame pixels (what the
                          last rc_ui_draw showed there, mirrored view included) */
    int dir, by_second; /* RC_UI_EV_STEP_BY */
    int key;           /* RC_UI_EV_KEY */
} rc_ui_event;

typedef struct rc_ui rc_ui;

/* Opens the window (or, headless, the off-screen canvas), loads the fonts and
 * builds the glyph caches and the video texture. NULL on failure with the reason
 * in `err`; a windowed ui without a usable display fails with RC_E_DEVICE-style
 * text ("no display ...") so the caller can retry headless. */
rc_ui *rc_ui_create(const rc_ui_config *cfg, rc_err *err);
void rc_ui_destroy(rc_ui *ui); /* NULL is fine; calls SDL_Quit */

/* Draws `frame` (I420; NULL draws a "no video" background) with the overlay, and
 * presents it when windowed. A frame of another size than configured is shown
 * scaled (the texture is recreated once). Headless canvas layout: the video 1:1
 * at the top-left, the panel to its right; see rc_ui_canvas_size.
 * Returns RC_OK, RC_E_ARG for a non-I420 frame, RC_E_DEVICE when SDL fails (the
 * reason is in rc_ui_last_error). Allocates nothing in the steady state. */
rc_status rc_ui_draw(rc_ui *ui, const rc_image *frame, const rc_ui_overlay *ov);

/* The reason for the last failed rc_ui_draw ("" when none). Owned by `ui`. */
const char *rc_ui_last_error(const rc_ui *ui);

/* Takes the next user event; returns 1 and fills `ev`, or 0 when none is pending
 * (then ev->type is RC_UI_EV_NONE). Never blocks. Window resizes are handled
 * inside. A headless ui has no events. */
int rc_ui_poll(rc_ui *ui, rc_ui_event *ev);

/* Size in pixels of what rc_ui_draw draws into (window output size with HiDPI,
 * or the headless canvas: video_width + panel width x video_height). */
void rc_ui_canvas_size(const rc_ui *ui, int *w, int *h);

/* Where frame pixel (x, y) lands on the canvas, in canvas pixels. */
void rc_ui_frame_to_canvas(const rc_ui *ui, double x, double y, double *cx, double *cy);

/* The inverse: the frame pixel under canvas pixel (cx, cy); returns 0 when the
 * point is outside the video. */
int rc_ui_canvas_to_frame(const rc_ui *ui, double cx, double cy, double *x, double *y);

/* Writes the last drawn canvas (frame and overlays) to `path` as PNG, file mode
 * 0600 (written to a temporary name, then renamed). RC_E_ARG before any draw,
 * RC_E_IO when the file cannot be written. */
rc_status rc_ui_save_png(rc_ui *ui, const char *path, rc_err *err);

/* Records the texts each rc_ui_draw writes (labels, values, units) into buf[cap], one
 * line each, emptied at the start of every draw; texts that no longer fit are left
 * out. What the therapist reads, for tests; NULL stops recording (ui_units.c). */
void rc_ui_text_record(rc_ui *ui, char *buf, size_t cap);

/* One frame drawn with its overlay off screen and saved as a PNG (0600), no window:
 * a headless ui the frame's size is created, drawn into, saved and destroyed
 * (ui_snapshot.c; the analysis' frame at peak ROM). Fails as rc_ui_create,
 * rc_ui_draw ("snapshot: REASON") and rc_ui_save_png do. */
rc_status rc_ui_snapshot_png(const rc_image *frame, const rc_ui_overlay *ov, const char *path,
                             rc_err *err);

/* Where the timeline's plot spans, in canvas pixels: time t0_s at *x0, t1_s at
 * *x0 + *w, its middle row at *y_mid (the last rc_ui_draw's timeline). 0 when there
 * is none. */
int rc_ui_timeline_axis(const rc_ui *ui, double *x0, double *w, double *y_mid);

/* Sets the window's title (a window only; the text is copied). */
void rc_ui_set_title(rc_ui *ui, const char *title);

/* 1 when the ui has a real window. */
int rc_ui_is_windowed(const rc_ui *ui);

/* Plays a short generated tone (about 0.15 s at `freq_hz`) without blocking.
 * Returns 1 if it was queued, 0 when there is no audio device (not an error: the
 * ui works silently; the reason is in rc_ui_audio_status). */
int rc_ui_beep(rc_ui *ui, double freq_hz);

/* "" when audio works, else why it is silent. Owned by `ui`. */
const char *rc_ui_audio_status(const rc_ui *ui);

/* ---- a number typed in the window (issue 17: pain on a 0..10 scale; ui_prompt.c) ----
 * While prompt mode is on, rc_ui_poll turns the digit keys, Backspace, Enter and Esc
 * into RC_UI_EV_KEY (so 0 does not reset and Esc does not quit); the other keys keep
 * their actions (R, Q, space ...). The prompt itself is a plain value the app owns;
 * it needs no SDL. */
void rc_ui_set_prompt_mode(rc_ui *ui, int on);

typedef struct rc_ui_prompt {
    int active;
    int max;          /* largest answer accepted */
    int typed;        /* the number typed so far, -1 none */
    char question[120];
} rc_ui_prompt;

/* Opens the prompt with `question` (e.g. "Pain now, 0-10?") for answers 0..max. */
void rc_ui_prompt_open(rc_ui_prompt *p, const char *question, int max);

/* One RC_UI_EV_KEY key. Returns 1 when the prompt closed: *value is the number (Enter
 * after one was typed) or -1 (Esc: skipped); 0 while it stays open. A digit that
 * would pass `max` is ignored; Enter with nothing typed does nothing. */
int rc_ui_prompt_key(rc_ui_prompt *p, int key, int *value);

/* The text to draw (question, what is typed, the keys), for rc_ui_overlay.prompt. */
void rc_ui_prompt_text(const rc_ui_prompt *p, char *buf, size_t cap);
struct rc_comp_live;
/* The compensation flag's words for `c` (compensation.h) into out[cap]: "" when no rule
 * is past its limit; the therapist view says which and how much ("Trunk leans back 14Â°
 * (limit 10)"), the patient view the model's cue ("Keep your back straight"). */
void rc_ui_comp_text(const rc_model *m, const struct rc_comp_live *c, int patient, char *out,
                     size_t cap);

#ifdef __cplusplus
}
#endif
#endif
