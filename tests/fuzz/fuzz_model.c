/* fuzz_model.c - model JSON (rc_model_parse) on arbitrary bytes; a parsed model is
 * then queried the way the pipeline uses it. */
#include <string.h>

#include "fuzz.h"
#include "romcap/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rc_model m;
    rc_err err = {{0}};
    if (rc_model_parse((const char *)data, size, "fuzz.json", &m, &err) != RC_OK) {
        if (!err.msg[0] || !memchr(err.msg, 0, sizeof err.msg))
            __builtin_trap(); /* every failure must leave a terminated message */
        return 0;
    }
    /* a valid model keeps its promises: indices in range, names findable */
    if (m.n_markers < 0 || m.n_markers > RC_MAX_MARKERS || m.n_angles < 0 ||
        m.n_angles > RC_MAX_ANGLES || m.n_segments < 0 || m.n_segments > RC_MAX_SEGMENTS)
        __builtin_trap();
    for (int i = 0; i < m.n_angles; i++)
        for (int k = 0; k < 4; k++)
            if (m.angle[i].marker[k] >= m.n_markers)
                __builtin_trap();
    for (int i = 0; i < m.n_segments; i++)
        for (int k = 0; k < 2; k++)
            if (m.segment[i][k] < 0 || m.segment[i][k] >= m.n_markers)
                __builtin_trap();
    for (int i = 0; i < m.n_markers; i++)
        (void)rc_model_marker_index(&m, m.marker[i].name);
    for (int i = 0; i < m.n_angles; i++)
        (void)rc_model_angle_index(&m, m.angle[i].name);
    (void)rc_view_name(m.view);
    return 0;
}
