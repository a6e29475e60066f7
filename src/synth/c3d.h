/* c3d.h - a small reader for C3D motion-capture files: 3-D marker trajectories.
 *
 * Written from the public C3D format description (512-byte blocks: a header block,
 * a parameter section of groups and parameters, then the frames). It reads the
 * point data of Intel (84), DEC/VAX (85) and MIPS (86) files, float32 or int16 x
 * scale, with the POINT group's LABELS (+ LABELS2...), RATE, UNITS, SCALE, USED and
 * FRAMES. Labels are kept as written (duplicates included); a point whose residual
 * word is negative is "missing". It feeds the mocap scenes of the synthetic
 * renderer; it does not read analog channels, events or force plates, and it never
 * writes C3D. Bad input (truncated, garbage) is an error with a message, never a
 * crash.
 */
#ifndef ROMCAP_SYNTH_C3D_H
#define ROMCAP_SYNTH_C3D_H

#include <stddef.h>

#include "romcap/status.h"

typedef struct rc_c3d rc_c3d;

typedef struct rc_c3d_info {
    int processor;        /* 84 Intel, 85 DEC/VAX, 86 MIPS (SGI) */
    int is_float;         /* 1: points stored as float32 (scale < 0); 0: int16 x |scale| */
    double scale;         /* POINT:SCALE (the header's when the parameter is absent) */
    int n_points;         /* POINT:USED */
    int n_frames;         /* frames in the file */
    int first_frame;      /* the header's first frame number (the file counts from 1) */
    double rate_hz;       /* POINT:RATE (the header's when absent) */
    char units[16];       /* POINT:UNITS trimmed, e.g. "mm", "m"; "" when absent */
    double mm_per_unit;   /* 1 for "mm" (and unknown units), 10 for "cm", 1000 for "m" */
    int analog_per_frame; /* analog values stored after each frame's points (skipped) */
} rc_c3d_info;

/* Reads the C3D file at `path` completely. Returns NULL with a one-line message
 * naming the file (not found, not C3D, truncated, unknown processor, ...). The
 * result owns all its memory: free it with rc_c3d_destroy. */
rc_c3d *rc_c3d_open(const char *path, rc_err *err);

/* The same from `size` bytes in memory (copied from as needed; `data` may be freed
 * afterwards). `name` is used in messages only. */
rc_c3d *rc_c3d_parse(const void *data, size_t size, const char *name, rc_err *err);

void rc_c3d_destroy(rc_c3d *c); /* NULL is fine */

/* The file's numbers (see rc_c3d_info). `c` must not be NULL. */
const rc_c3d_info *rc_c3d_get_info(const rc_c3d *c);

/* Label of point `i` (0-based) with trailing blanks removed, as written, e.g.
 * "Derrick:RSHO"; "" when the file has fewer labels than points; NULL when `i` is
 * out of range. Owned by `c`. */
const char *rc_c3d_label(const rc_c3d *c, int i);

/* Index of the `nth` (0 = first) point labelled `name`, compared without case and
 * ignoring a "subject:" prefix in the file's label, so "RSHO" finds
 * "Derrick:RSHO". Duplicate labels are legal in C3D: nth picks among them.
 * Returns -1 when there is no such point. */
int rc_c3d_find(const rc_c3d *c, const char *name, int nth);

/* Position of point `i` in frame `frame` (0-based, file units) into xyz. Returns 1
 * when valid, 0 when the point is missing in that frame (negative residual, or
 * non-finite coordinates) or the indices are out of range (xyz is then zeroed). */
int rc_c3d_point(const rc_c3d *c, int frame, int i, double xyz[3]);

#endif
