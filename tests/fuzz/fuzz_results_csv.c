/* fuzz_results_csv.c - the readers of tracks.csv and angles.csv (src/results/
 * results_csv.c) on arbitrary bytes, written to a scratch file. Whatever is read is
 * checked for shape (counts within their limits, a lost marker without a position)
 * and written back with the matching writer, then read again: the second read must
 * give the same shape (the write -> read round trip of the results library), and an
 * angles.csv's quality columns the same states. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "romcap/results.h"

static void tracks(const char *path, const char *back)
{
    rc_tracks t, u;
    rc_err err = {{0}};
    if (rc_tracks_read(path, &t, &err) == RC_OK) {
        if (t.n_markers < 1 || t.n_markers > RC_MAX_MARKERS || t.n_frames < 1)
            __builtin_trap();
        for (int64_t i = 0; i < t.n_frames * t.n_markers; i++)
            if (t.marker[i].state == RC_TRACK_LOST && !isnan(t.marker[i].x_px))
                __builtin_trap();
        if (rc_tracks_write(back, &t, &err) == RC_OK) {
            if (rc_tracks_read(back, &u, &err) != RC_OK || u.n_markers != t.n_markers ||
                u.n_frames != t.n_frames)
                __builtin_trap();
            rc_tracks_free(&u);
        }
    } else if (!err.msg[0]) {
        __builtin_trap();
    }
    rc_tracks_free(&t);
}

static void angles(const char *path, const char *back)
{
    rc_angles a, b;
    rc_err err = {{0}};
    if (rc_angles_read(path, &a, &err) == RC_OK) {
        if (a.n_angles < 0 || a.n_angles > RC_MAX_ANGLES || a.n < 1)
            __builtin_trap();
        if (rc_angles_write(back, &a, &err) == RC_OK) {
            if (rc_angles_read(back, &b, &err) != RC_OK || b.n != a.n || b.n_angles != a.n_angles)
                __builtin_trap();
            /* the quality columns (issue 14) come back as they were, cell for cell */
            if ((a.q == NULL) != (b.q == NULL))
                __builtin_trap();
            for (int64_t i = 0; a.q && i < a.n * a.n_angles; i++)
                if (a.q[i] > RC_TRACK_INTERPOLATED || a.q[i] != b.q[i] ||
                    (isnan(a.deg[i]) && a.q[i] != RC_TRACK_LOST))
                    __builtin_trap();
            rc_angles_free(&b);
        }
    } else if (!err.msg[0]) {
        __builtin_trap();
    }
    rc_angles_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = rc_fuzz_scratch_dir();
    if (!dir)
        return 0;
    char path[512], back[512];
    snprintf(path, sizeof path, "%s/results.csv", dir);
    snprintf(back, sizeof back, "%s/results_back.csv", dir);
    if (rc_fuzz_write_file(path, data, size) != 0)
        return 0;
    tracks(path, back);
    angles(path, back);
    return 0;
}
