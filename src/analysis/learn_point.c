/* learn_point.c - a point on a sticker as `romcap learn --at NAME=X,Y` gives it
 * (analysis.h rc_learn_point_parse). */
#include <stdlib.h>
#include <string.h>

#include "romcap/analysis.h"

bool rc_learn_point_parse(const char *s, rc_learn_point *p)
{
    const char *eq = strchr(s, '=');
    if (!eq || eq == s || (size_t)(eq - s) >= sizeof p->name)
        return false;
    memcpy(p->name, s, (size_t)(eq - s));
    p->name[eq - s] = '\0';
    char *end = NULL;
    double x = strtod(eq + 1, &end);
    if (!end || *end != ',')
        return false;
    double y = strtod(end + 1, &end);
    if (!end || *end || !(x >= 0 && y >= 0 && x < 1e5 && y < 1e5))
        return false;
    p->x_px = (float)x;
    p->y_px = (float)y;
    return true;
}
