/* session_internal.h - helpers shared by the session files: private file creation,
 * whole writes, the index record codec and the JPEG boundary scanner. */
#ifndef ROMCAP_SESSION_INTERNAL_H
#define ROMCAP_SESSION_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "romcap/session.h"

#define RC__IDX_MAGIC "RCIDX001" /* 8 bytes at the start of frames.idx */
enum { RC__IDX_MAGIC_LEN = 8 };

/* Opens `dir/name` with open(2) flags and mode 0600; -1 with a message. */
int rc__session_open_file(const char *dir, const char *name, int flags, rc_err *err);

/* Writes all n bytes (retrying short writes and EINTR); 0 or an errno value. */
int rc__write_all(int fd, const void *buf, size_t n);

/* Encodes / decodes one 24-byte little-endian index record. */
void rc__idx_encode(const rc_session_frame *f, uint8_t out[RC_SESSION_IDX_RECORD]);
void rc__idx_decode(const uint8_t in[RC_SESSION_IDX_RECORD], rc_session_frame *f);

/* Length of the complete JPEG starting at p[0] (SOI ... EOI, segments walked by their
 * lengths so embedded thumbnails do not end it early), or 0 if p does not start a
 * complete JPEG within n bytes. */
size_t rc__jpeg_span(const uint8_t *p, size_t n);

/* Writes `text` to dir/name atomically (temp file, fsync, rename, fsync dir), 0600. */
rc_status rc__write_file_atomic(const char *dir, const char *name, const char *text, size_t n,
                                rc_err *err);

/* Loads the frame table of `dir` (validated against frames.mjpeg, rebuilt by scanning
 * where needed). *frames is malloc'd (free it). `warn` gets a description of any
 * repair ("" if none). `fps` continues timestamps for frames found by scanning. */
rc_status rc__session_load_index(const char *dir, double fps, rc_session_frame **frames, int64_t *n,
                                 rc_session_repair_report *rep, char *warn, size_t warn_cap,
                                 rc_err *err);

/* Reads and checks dir/session.json into `m`; with `root` also hands back the parsed
 * tree (cJSON_Delete it). RC_E_NOT_FOUND when absent, RC_E_FORMAT naming the problem. */
struct cJSON;
rc_status rc__session_read_meta(const char *dir, rc_session_meta *m, struct cJSON **root,
                                rc_err *err);

/* Replaces root's "learnt_colours" with c[0..n) (removes it when n is 0).
 * session_learnt.c. */
void rc__session_learnt_put(struct cJSON *root, const rc_learnt_colour *c, int n);
/* session.json "outcomes" (session_outcomes.c): the writer puts the block into `root`
 * (replaced in place, added at the end, removed when nothing is recorded); the reader
 * fills `o` (rc_outcomes_init's when absent). */
void rc__outcomes_put(struct cJSON *root, const rc_session_outcomes *o);
void rc__outcomes_read(const struct cJSON *root, rc_session_outcomes *o);
/* The writer's session.json tree (written at close), for the blocks kept in their
 * own files (session_write_check.c). */
struct cJSON *rc__session_writer_meta(rc_session_writer *w);

/* Reads session.json's "check" block into m->check (nothing when absent or not
 * readable: an older or damaged block never stops a session from opening).
 * session_write_check.c. */
void rc__session_read_check(const struct cJSON *root, const char *dir, rc_session_meta *m);

#endif
