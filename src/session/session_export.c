/* session_export.c - a session's frames as an MJPEG AVI (a remux: the stored JPEG
 * bytes become the video chunks unchanged), and its tracks.csv as OpenSim TRC or a
 * wide CSV.
 *
 * The AVI is plain AVI 1.0 (RIFF, hdrl, movi, idx1), the layout every player and
 * OpenCV read; it is limited to 1 GiB so every offset fits the 32-bit RIFF fields.
 * The CSV converters read tracks.csv through its one reader (results.h) and print
 * the numbers back at the precision the analysis wrote them, so an export holds
 * exactly the numbers of tracks.csv.
 */
#include "romcap/calib.h"
#include "romcap/results.h"
#include "session_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *create_private(const char *path, rc_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc_err_set(err, RC_E_IO, "%s: cannot create: %s", path, strerror(errno));
        return NULL;
    }
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        rc_err_set(err, RC_E_IO, "%s: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

static rc_status finish_file(FILE *f, const char *path, rc_err *err)
{
    int bad = ferror(f) | fflush(f);
    int e = errno;
    bad |= fclose(f);
    if (bad)
        return rc_err_set(err, RC_E_IO, "%s: write failed: %s", path, strerror(e));
    return RC_OK;
}

/* ---- AVI ------------------------------------------------------------------------ */

static void w32(FILE *f, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    fwrite(b, 1, 4, f);
}

static void w16(FILE *f, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    fwrite(b, 1, 2, f);
}

static void cc(FILE *f, const char *fourcc)
{
    fwrite(fourcc, 1, 4, f);
}

/* Bytes the frames take in the AVI: each chunk (8-byte header, data padded to an even
 * length) plus its 16-byte idx1 entry. */
static uint64_t avi_frame_bytes(rc_session *s, int64_t n)
{
    uint64_t total = 0;
    for (int64_t i = 0; i < n; i++) {
        rc_session_frame fr;
        rc_session_frame_get(s, i, &fr);
        total += 8 + fr.size + (fr.size & 1) + 16;
    }
    return total;
}

/* RIFF header, then the hdrl list and its main AVI header (avih). The RIFF size is
 * patched when the file is complete. */
static void write_avih(FILE *f, double fps, int64_t n, uint32_t sugg, uint32_t w, uint32_t h)
{
    cc(f, "RIFF");
    w32(f, 0); /* patched */
    cc(f, "AVI ");
    cc(f, "LIST");
    w32(f, 192);
    cc(f, "hdrl");
    cc(f, "avih");
    w32(f, 56);
    w32(f, (uint32_t)lround(1e6 / fps));
    w32(f, (uint32_t)(sugg * fps));
    w32(f, 0);
    w32(f, 0x10); /* AVIF_HASINDEX */
    w32(f, (uint32_t)n);
    w32(f, 0);
    w32(f, 1);
    w32(f, sugg);
    w32(f, w);
    w32(f, h);
    for (int i = 0; i < 4; i++)
        w32(f, 0);
}

/* The strl list: the MJPEG video stream's header (strh) and format (strf). */
static void write_strl(FILE *f, double fps, int64_t n, uint32_t sugg, uint32_t w, uint32_t h)
{
    uint32_t scale = 1000, rate = (uint32_t)lround(fps * 1000.0);
    cc(f, "LIST");
    w32(f, 116);
    cc(f, "strl");
    cc(f, "strh");
    w32(f, 56);
    cc(f, "vids");
    cc(f, "MJPG");
    w32(f, 0);
    w16(f, 0);
    w16(f, 0);
    w32(f, 0);
    w32(f, scale);
    w32(f, rate);
    w32(f, 0);
    w32(f, (uint32_t)n);
    w32(f, sugg);
    w32(f, 0xFFFFFFFFu);
    w32(f, 0);
    w16(f, 0);
    w16(f, 0);
    w16(f, (uint16_t)w);
    w16(f, (uint16_t)h);
    cc(f, "strf");
    w32(f, 40);
    w32(f, 40);
    w32(f, w);
    w32(f, h);
    w16(f, 1);
    w16(f, 24);
    cc(f, "MJPG");
    w32(f, w * h * 3);
    for (int i = 0; i < 4; i++)
        w32(f, 0);
}

/* The movi chunks: every frame's stored JPEG bytes unchanged, via `buf` (cap bytes). */
static rc_status write_movi_frames(rc_session *s, int64_t n, FILE *f, uint8_t *buf, size_t cap,
                                   const char *path, rc_err *err)
{
    rc_status rs = RC_OK;
    for (int64_t i = 0; i < n && rs == RC_OK; i++) {
        size_t k;
        rs = rc_session_read_jpeg(s, i, buf, cap, &k, err);
        if (rs != RC_OK)
            break;
        cc(f, "00dc");
        w32(f, (uint32_t)k);
        fwrite(buf, 1, k, f);
        if (k & 1)
            fputc(0, f);
        if (ferror(f))
            rs = rc_err_set(err, RC_E_IO, "%s: write failed at frame %lld: %s", path, (long long)i,
                            strerror(errno));
    }
    return rs;
}

/* The idx1 index (one keyframe entry per chunk, offsets from "movi"). */
static void write_idx1(rc_session *s, int64_t n, FILE *f)
{
    cc(f, "idx1");
    w32(f, (uint32_t)(16 * n));
    uint32_t off = 4;
    for (int64_t i = 0; i < n; i++) {
        rc_session_frame fr;
        rc_session_frame_get(s, i, &fr);
        cc(f, "00dc");
        w32(f, 0x10); /* AVIIF_KEYFRAME */
        w32(f, off);
        w32(f, fr.size);
        off += 8 + fr.size + (fr.size & 1);
    }
}

rc_status rc_session_export_avi(rc_session *s, const char *path, rc_err *err)
{
    const rc_session_meta *m = rc_session_get_meta(s);
    int64_t n = rc_session_frame_count(s);
    uint64_t total = avi_frame_bytes(s, n);
    if (total > (1ull << 30))
        return rc_err_set(err, RC_E_UNSUPPORTED,
                          "%s: session too large for a plain AVI (%llu MiB > 1024 MiB)", path,
                          (unsigned long long)(total >> 20));
    size_t cap = rc_session_max_jpeg_bytes(s);
    uint8_t *buf = malloc(cap ? cap : 1);
    if (!buf)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
    FILE *f = create_private(path, err);
    if (!f) {
        free(buf);
        return RC_E_IO;
    }
    double fps = rc_session_fps(s);
    uint32_t w = (uint32_t)m->width, h = (uint32_t)m->height;
    uint32_t sugg = (uint32_t)cap + 8;

    write_avih(f, fps, n, sugg, w, h);
    write_strl(f, fps, n, sugg, w, h);
    cc(f, "LIST");
    long movi_size_at = ftell(f);
    w32(f, 0); /* patched */
    long movi_at = ftell(f);
    cc(f, "movi");
    rc_status rs = write_movi_frames(s, n, f, buf, cap, path, err);
    long movi_end = ftell(f);
    if (rs == RC_OK) {
        write_idx1(s, n, f);
        long end = ftell(f);
        fseek(f, 4, SEEK_SET);
        w32(f, (uint32_t)(end - 8));
        fseek(f, movi_size_at, SEEK_SET);
        w32(f, (uint32_t)(movi_end - movi_at));
    }
    free(buf);
    if (rs != RC_OK) {
        fclose(f);
        unlink(path);
        return rs;
    }
    return finish_file(f, path, err);
}

/* ---- tracks.csv ------------------------------------------------------------------ */

/* tracks.csv through its one reader (results.h); a missing file gets the hint. */
static rc_status load_tracks(const char *csv, rc_tracks *tr, rc_err *err)
{
    rc_status rs = rc_tracks_read(csv, tr, err);
    if (rs == RC_E_NOT_FOUND)
        rc_err_set(err, RC_E_NOT_FOUND,
                   "%s: missing (analyse the session first: romcap analyse DIR --out DIR)", csv);
    if (rs != RC_OK)
        rc_tracks_free(tr);
    return rs;
}

rc_status rc_tracks_to_trc(const char *csv, const char *path, double rate, const rc_calib *calib,
                           int *n_frames_out, int *n_markers_out, rc_err *err)
{
    rc_tracks tr;
    rc_status rs = load_tracks(csv, &tr, err);
    if (rs != RC_OK)
        return rs;
    int n_frames = (int)tr.n_frames, nm = tr.n_markers;
    FILE *f = create_private(path, err);
    if (!f) {
        rc_tracks_free(&tr);
        return RC_E_IO;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    /* Uncalibrated: units "px", image coordinates (x right, y down) as in the CSV.
     * Calibrated: the movement plane, X right and Y up as OpenSim expects. */
    const char *unit = calib ? rc_calib_unit(calib) : "px";
    fprintf(f, "PathFileType\t4\t(X/Y/Z)\t%s\n", base);
    fprintf(f, "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\t"
               "OrigDataStartFrame\tOrigNumFrames\n");
    fprintf(f, "%.6f\t%.6f\t%d\t%d\t%s\t%.6f\t1\t%d\n", rate, rate, n_frames, nm, unit, rate,
            n_frames);
    fputs("Frame#\tTime", f);
    for (int m = 0; m < nm; m++)
        fprintf(f, "\t%s\t\t", tr.name[m]);
    fputs("\n\t", f);
    for (int m = 0; m < nm; m++)
        fprintf(f, "\tX%d\tY%d\tZ%d", m + 1, m + 1, m + 1);
    fputs("\n\n", f);
    for (int64_t i = 0; i < tr.n_frames; i++) {
        /* TRC frames count from 1; numbers at tracks.csv's own precision, so an
         * uncalibrated export holds exactly the numbers the analysis wrote. */
        fprintf(f, "%lld\t%.6f", (long long)tr.frame[i] + 1, tr.t_s[i]);
        for (int m = 0; m < nm; m++) {
            const rc_marker_state *r = &tr.marker[i * nm + m];
            double X, Y;
            if (!tr.present[i * nm + m] || isnan(r->x_px) || isnan(r->y_px))
                fputs("\t\t\t", f);
            else if (!calib)
                fprintf(f, "\t%.3f\t%.3f\t0", r->x_px, r->y_px);
            else if (rc_calib_map_point(calib, r->x_px, r->y_px, &X, &Y))
                fprintf(f, "\t%.4f\t%.4f\t0", X, -Y);
            else
                fputs("\t\t\t", f); /* beyond the plane's horizon */
        }
        fputc('\n', f);
    }
    if (n_frames_out)
        *n_frames_out = n_frames;
    if (n_markers_out)
        *n_markers_out = nm;
    rc_tracks_free(&tr);
    return finish_file(f, path, err);
}

rc_status rc_tracks_to_wide_csv(const char *csv, const char *path, rc_err *err)
{
    rc_tracks tr;
    rc_status rs = load_tracks(csv, &tr, err);
    if (rs != RC_OK)
        return rs;
    FILE *f = create_private(path, err);
    if (!f) {
        rc_tracks_free(&tr);
        return RC_E_IO;
    }
    int nm = tr.n_markers;
    fputs("frame,t_s", f);
    for (int m = 0; m < nm; m++)
        fprintf(f, ",%s_x_px,%s_y_px,%s_state", tr.name[m], tr.name[m], tr.name[m]);
    fputc('\n', f);
    for (int64_t i = 0; i < tr.n_frames; i++) {
        fprintf(f, "%lld,%.6f", (long long)tr.frame[i], tr.t_s[i]);
        for (int m = 0; m < nm; m++) {
            const rc_marker_state *r = &tr.marker[i * nm + m];
            if (!tr.present[i * nm + m])
                fputs(",,,", f);
            else if (r->state == RC_TRACK_LOST)
                fputs(",,,lost", f);
            else
                fprintf(f, ",%.3f,%.3f,%s", r->x_px, r->y_px, rc_track_state_name(r->state));
        }
        fputc('\n', f);
    }
    rc_tracks_free(&tr);
    return finish_file(f, path, err);
}
