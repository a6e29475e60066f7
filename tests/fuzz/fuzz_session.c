/* fuzz_session.c - the session folder reader (rc_session_open, its in-memory index
 * repair, frame reads, the stored model) and rc_session_repair on arbitrary bytes.
 *
 * Also the learnt colours (rc_session_learnt): counted within the cap, a
 * failure named. One input encodes one session folder: the parts separated by the marker
 * "\n@@RCFUZZ@@\n" are session.json, frames.idx and frames.mjpeg in that order.
 * A part that is not there (fewer markers) is a missing file; text after a third
 * marker is ignored. The folder is written, opened, its outcomes written back
 * (rc_session_set_outcomes), every frame read (up to 64),
 * repaired on disk, opened again, then emptied. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "romcap/model.h"
#include "romcap/session.h"

#define SPLIT "\n@@RCFUZZ@@\n"

static const uint8_t *find(const uint8_t *p, size_t n, const char *m, size_t mn)
{
    for (size_t i = 0; i + mn <= n; i++)
        if (p[i] == (uint8_t)m[0] && !memcmp(p + i, m, mn))
            return p + i;
    return NULL;
}

static void read_all(const char *dir)
{
    rc_err err = {{0}};
    rc_session *s = rc_session_open(dir, &err);
    if (!s) {
        if (!err.msg[0])
            __builtin_trap();
        return;
    }
    (void)rc_session_warning(s);
    /* issue 17: the outcomes read back and written again (session.json rewritten) */
    rc_session_outcomes o = rc_session_get_meta(s)->outcomes;
    if (o.pain > 10 || o.pain_after > 10 || o.n_psfs > RC_PSFS_MAX)
        __builtin_trap();
    (void)rc_session_set_outcomes(dir, &o, &err);
    (void)rc_session_fps(s);
    rc_model m;
    (void)rc_session_model(s, &m, &err);
    rc_learnt_colour lc[3];
    int n_lc = -1;
    rc_err lerr = {{0}};
    if (rc_session_learnt(dir, lc, 3, &n_lc, &lerr) == RC_OK ? n_lc < 0 || n_lc > 3
                                                             : n_lc != 0 || !lerr.msg[0])
        __builtin_trap();
    size_t cap = rc_session_max_jpeg_bytes(s);
    if (cap > (64u << 20))
        cap = 64u << 20;
    uint8_t *buf = malloc(cap ? cap : 1);
    int64_t n = rc_session_frame_count(s);
    for (int64_t i = 0; buf && i < n && i < 64; i++) {
        rc_session_frame f;
        size_t got = 0;
        if (rc_session_frame_get(s, i, &f) != RC_OK)
            __builtin_trap(); /* in range by construction */
        if (rc_session_read_jpeg(s, i, buf, cap, &got, &err) == RC_OK && got > cap)
            __builtin_trap();
    }
    rc_session_frame f;
    (void)rc_session_frame_get(s, n, &f);
    (void)rc_session_frame_get(s, -1, &f);
    free(buf);
    rc_session_close(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *names[3] = {"session.json", "frames.idx", "frames.mjpeg"};
    const char *dir = rc_fuzz_scratch_dir();
    if (!dir)
        return 0;
    char path[512];
    const uint8_t *p = data;
    size_t left = size;
    int parts = 0;
    for (; parts < 3 && p; parts++) {
        const uint8_t *q = find(p, left, SPLIT, sizeof SPLIT - 1);
        size_t len = q ? (size_t)(q - p) : left;
        snprintf(path, sizeof path, "%s/%s", dir, names[parts]);
        if (rc_fuzz_write_file(path, p, len) != 0)
            return 0;
        if (q) {
            left -= len + sizeof SPLIT - 1;
            p = q + sizeof SPLIT - 1;
        } else {
            p = NULL;
        }
    }
    read_all(dir);
    rc_session_repair_report rep;
    rc_err err = {{0}};
    if (rc_session_repair(dir, &rep, &err) == RC_OK)
        read_all(dir);
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    /* anything else repair may have left (temporary files) */
    snprintf(path, sizeof path, "%s/.frames.idx.tmp", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/.session.json.tmp", dir);
    unlink(path);
    return 0;
}
