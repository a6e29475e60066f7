/* fuzz_avi.c - the AVI reader (src/capture/avi.c) and the MJPEG AVI source over it
 * (avi_source.c) on arbitrary bytes.
 *
 * The bytes are written to a scratch file and opened: a refusal must say why; an
 * opened file must keep every packet inside the file (offset + bytes read <= its
 * size, never more than the chunk announces) and read each one (up to 256). When the
 * first packet is a JPEG of at most 1 Mpixel, the source is opened too and every
 * frame read (up to 64): frames are numbered in order, time stamps never go back,
 * and the end is RC_E_EOF. Declined files (which romcap hands to OpenCV) stop there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/avi.h"
#include "capture/source_internal.h"
#include "fuzz.h"
#include "romcap/jpeg.h"

static void read_packets(const rc__avi *a, size_t file_size)
{
    rc__avi_info in;
    rc__avi_get_info(a, &in);
    if (in.n_packets < 1 || in.width <= 0 || in.height <= 0 || in.fps < 0 || in.fps >= 1000 ||
        in.max_bytes > file_size)
        __builtin_trap();
    uint8_t *buf = malloc(in.max_bytes ? in.max_bytes : 1);
    if (!buf)
        return;
    rc_err err = {{0}};
    for (int64_t i = 0; i < in.n_packets && i < 256; i++) {
        rc__avi_packet p = rc__avi_packet_at(a, i);
        if (p.avail == 0 || p.avail > p.size || p.offset + p.avail > file_size)
            __builtin_trap();
        size_t n = 0;
        rc_status st = rc__avi_read(a, i, buf, in.max_bytes, &n, &err);
        if (p.avail <= RC_AVI_MAX_PACKET && (st != RC_OK || n != p.avail))
            __builtin_trap();
    }
    rc__avi_packet none = rc__avi_packet_at(a, in.n_packets);
    if (none.size || none.avail)
        __builtin_trap();
    free(buf);
}

/* The first packet's JPEG size, 0 if not a JPEG or over 1 Mpixel. */
static int small_jpeg(const rc__avi *a)
{
    rc__avi_packet p = rc__avi_packet_at(a, 0);
    if (p.avail > (1u << 20))
        return 0;
    uint8_t *buf = malloc(p.avail);
    rc_err err = {{0}};
    rc_jpeg *j = rc_jpeg_create(&err);
    size_t n = 0;
    rc_jpeg_header h = {0};
    int ok = buf && j && rc__avi_read(a, 0, buf, p.avail, &n, &err) == RC_OK &&
             rc_jpeg_header_read(j, buf, n, &h) == RC_OK &&
             (int64_t)h.width * h.height <= (1 << 20);
    rc_jpeg_destroy(j);
    free(buf);
    return ok;
}

static void read_frames(const char *path)
{
    rc_err err = {{0}};
    int declined = 0;
    rc_source *s = rc__source_open_avi(path, &declined, &err);
    if (!s) {
        if (!declined && !err.msg[0])
            __builtin_trap();
        return;
    }
    rc_frame f;
    rc_status st = RC_OK;
    int64_t last = -1, t = -1;
    for (int k = 0; k < 64 && (st == RC_OK || st == RC_E_DECODE); k++) {
        st = rc_source_read(s, &f);
        if (st == RC_OK) {
            if (f.index <= last || f.t_ns < t || !f.jpeg)
                __builtin_trap();
            last = f.index;
            t = f.t_ns;
        } else if (st == RC_E_DECODE && !rc_source_last_error(s)[0]) {
            __builtin_trap();
        }
    }
    if (st != RC_OK && st != RC_E_DECODE && st != RC_E_EOF)
        __builtin_trap();
    rc_source_close(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = rc_fuzz_scratch_dir();
    if (!dir)
        return 0;
    char path[512];
    snprintf(path, sizeof path, "%s/in.avi", dir);
    if (rc_fuzz_write_file(path, data, size) != 0)
        return 0;
    rc_err err = {{0}};
    rc__avi *a = NULL;
    if (rc__avi_open(path, &a, &err) != RC_OK) {
        if (a || !err.msg[0])
            __builtin_trap();
    } else {
        read_packets(a, size);
        int small = small_jpeg(a);
        rc__avi_close(a);
        if (small)
            read_frames(path);
    }
    unlink(path);
    return 0;
}
