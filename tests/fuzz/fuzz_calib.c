/* fuzz_calib.c - the calibration loader (rc_calib_load: OpenCV FileStorage through
 * src/cv/cv_calib.cpp, then romcap's checks) on arbitrary bytes. The input is
 * written to a scratch file: as .yml, or as .xml / .json when it starts like one,
 * since FileStorage picks its parser from the name. A loaded calibration then maps
 * a few points both ways. */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "romcap/calib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = rc_fuzz_scratch_dir();
    if (!dir)
        return 0;
    const char *ext = ".yml";
    size_t i = 0;
    while (i < size && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    if (i < size && data[i] == '<')
        ext = ".xml";
    else if (i < size && data[i] == '{')
        ext = ".json";
    char path[512];
    snprintf(path, sizeof path, "%s/calib%s", dir, ext);
    if (rc_fuzz_write_file(path, data, size) != 0)
        return 0;
    rc_calib c;
    rc_err err = {{0}};
    if (rc_calib_load(path, &c, &err) == RC_OK) {
        static const double pts[4][2] = {{0, 0}, {320, 240}, {-50, 1e4}, {1e9, -1e9}};
        for (int k = 0; k < 4; k++) {
            double X, Y, x, y, ux, uy;
            rc_calib_undistort_px(&c, pts[k][0], pts[k][1], &ux, &uy);
            rc_calib_distort_px(&c, ux, uy, &x, &y);
            if (rc_calib_map_point(&c, pts[k][0], pts[k][1], &X, &Y))
                (void)rc_calib_unmap_point(&c, X, Y, &x, &y);
        }
        double dx, dy;
        rc_calib_down(&c, &dx, &dy);
        (void)rc_calib_unit(&c);
    } else if (!err.msg[0]) {
        __builtin_trap(); /* a failure without a message */
    }
    /* The in-memory reader (a session's stored copy) on the same bytes. */
    err.msg[0] = '\0';
    if (rc_calib_parse((const char *)data, size, "fuzz", &c, &err) != RC_OK && !err.msg[0])
        __builtin_trap();
    remove(path);
    return 0;
}
