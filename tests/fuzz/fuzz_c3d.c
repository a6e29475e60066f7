/* fuzz_c3d.c - the C3D reader (rc_c3d_parse) on arbitrary bytes; a parsed file is
 * then read completely through its accessors. */
#include "fuzz.h"
#include "synth/c3d.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rc_err err = {{0}};
    rc_c3d *c = rc_c3d_parse(data, size, "fuzz.c3d", &err);
    if (!c)
        return 0;
    const rc_c3d_info *in = rc_c3d_get_info(c);
    for (int i = -1; i <= in->n_points; i++)
        (void)rc_c3d_label(c, i);
    (void)rc_c3d_find(c, "RSHO", 0);
    (void)rc_c3d_find(c, "", 1);
    double xyz[3];
    int frames = in->n_frames < 64 ? in->n_frames : 64;
    for (int f = -1; f <= frames; f++)
        for (int i = -1; i <= in->n_points && i < 256; i++)
            (void)rc_c3d_point(c, f, i, xyz);
    rc_c3d_destroy(c);
    return 0;
}
