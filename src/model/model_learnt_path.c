/* model_learnt_path.c - a learnt copy of a model saved under a free name (model.h,
 * rc_model_save_learnt): the live window's L key keeps its colours this way. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "romcap/files.h"
#include "romcap/model.h"

/* A free name in dir: NAME_learnt.json, then NAME_learnt2.json ... (model names are
 * at most RC_NAME_CAP - 1 characters). */
static bool learnt_path(const rc_model *m, const char *dir, char *path, size_t cap)
{
    for (int k = 1; k < 100; k++) {
        char suffix[16];
        snprintf(suffix, sizeof suffix, k == 1 ? "_learnt" : "_learnt%d", k);
        int keep = (int)(RC_NAME_CAP - 1 - strlen(suffix));
        snprintf(path, cap, "%s/%.*s%s.json", dir, keep, m->name, suffix);
        if (access(path, F_OK) != 0)
            return true;
    }
    return false;
}

rc_status rc_model_save_learnt(const rc_model *m, const char *dir, char *path, size_t cap,
                               rc_err *err)
{
    rc_status st = rc_mkdir_private(dir, err);
    if (st != RC_OK)
        return st;
    if (!learnt_path(m, dir, path, cap))
        return rc_err_set(err, RC_E_IO, "%s: no free name for a learnt copy of %s", dir, m->name);
    return rc_model_write_learnt(m, path, err);
}
