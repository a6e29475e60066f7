/* check_json_file.c - the set-up check's JSON (check_json.c) as a file of its own:
 * `romcap check --json FILE` (check.h rc_check_json_write). */
#include <stdio.h>
#include <stdlib.h>

#include "romcap/check.h"
#include "romcap/files.h"

rc_status rc_check_json_write(const char *path, const rc_check_result *r, rc_err *err)
{
    char *text = rc_check_json(r);
    if (!text)
        return rc_err_set(err, RC_E_NOMEM, "%s: out of memory", path);
    FILE *f = rc_fopen_private(path, err);
    rc_status st = f ? RC_OK : RC_E_IO;
    if (f) {
        fputs(text, f);
        fputc('\n', f);
        st = rc_fclose_synced(f, path, err);
    }
    free(text);
    return st;
}
