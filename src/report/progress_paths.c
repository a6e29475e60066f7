/* progress_paths.c - where `romcap progress` puts progress.json and progress.csv: beside
 * the page, same stem (report.h rc_progress_path_beside). */
#include <stdlib.h>
#include <string.h>

#include "romcap/report.h"

char *rc_progress_path_beside(const char *page, const char *ext)
{
    size_t n = strlen(page);
    char *p = malloc(n + strlen(ext) + 1);
    if (!p)
        return NULL;
    memcpy(p, page, n + 1);
    char *slash = strrchr(p, '/'), *dot = strrchr(p, '.');
    if (dot && (!slash || dot > slash))
        *dot = '\0';
    strcat(p, ext);
    return p;
}
