/* calib_reader.c - the calibration flow's source reader (rc_calib_reader, calib.h)
 * over capture's rc_source (analysis.h, rc_source_calib_reader): calib cannot open a
 * source itself (capture reads sessions, which use calib), the analysis library sits
 * above both. */
#include "romcap/analysis.h"

static void *src_open(void *user, const char *uri, int64_t *n_frames, rc_err *err)
{
    (void)user;
    rc_source *src = rc_source_open(uri, NULL, err);
    rc_source_info info = {0};
    if (src)
        rc_source_get_info(src, &info);
    *n_frames = info.n_frames;
    return src;
}

static rc_status src_read(void *src, rc_image *im, int64_t *index, rc_err *err)
{
    rc_frame f;
    rc_status s = rc_source_read(src, &f);
    if (s == RC_OK) {
        *im = f.image;
        *index = f.index;
    } else if (s != RC_E_EOF && s != RC_E_DECODE) {
        rc_err_set(err, s, "%s", rc_source_last_error(src));
    }
    return s;
}

static void src_close(void *src)
{
    rc_source_close(src);
}

rc_calib_reader rc_source_calib_reader(void)
{
    return (rc_calib_reader){.open = src_open, .read = src_read, .close = src_close};
}
