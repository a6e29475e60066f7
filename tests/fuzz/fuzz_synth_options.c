/* fuzz_synth_options.c - the synthetic source's "k=v&k=v" options (rc_synth_options_parse)
 * on arbitrary bytes; accepted options must lie in the ranges synth.h documents, a
 * refusal must leave the options untouched and a terminated message. */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "romcap/synth.h"

enum { QUERY_CAP = 4096 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char q[QUERY_CAP];
    size_t n = size < QUERY_CAP - 1 ? size : QUERY_CAP - 1;
    memcpy(q, data, n);
    q[n] = 0;
    rc_synth_options o = rc_synth_options_default(), before = o;
    rc_err err = {{0}};
    if (rc_synth_options_parse(&o, q, &err) != RC_OK) {
        if (!err.msg[0] || !memchr(err.msg, 0, sizeof err.msg) || memcmp(&o, &before, sizeof o))
            __builtin_trap();
        return 0;
    }
    if (o.width < 16 || o.width > 8192 || o.height < 16 || o.height > 8192 || !(o.fps > 0) ||
        o.blur_samples < 0 || o.blur_samples > 64 || (o.blur_full != 0 && o.blur_full != 1) ||
        !(o.marker_px == 0 || (o.marker_px >= 1.5 && o.marker_px <= 64)) ||
        !(o.wb >= 0 && o.wb <= 0.5) || o.skin < 0 || o.skin > 6 || o.clothing < 0 ||
        o.clothing >= RC_SYNTH_CLOTHING_COUNT || o.clutter_near < 0 || o.clutter_near > 16 ||
        !(fabs(o.offset_x) <= 0.45 && fabs(o.offset_y) <= 0.45) ||
        !(o.scale == 0 || (o.scale >= 0.25 && o.scale <= 2)) ||
        !memchr(o.occlude, 0, sizeof o.occlude) || !memchr(o.file, 0, sizeof o.file))
        __builtin_trap();
    return 0;
}
