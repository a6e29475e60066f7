/* report_paths.c - where `romcap compare` puts report.json (report.h). */
#include <stdlib.h>
#include <string.h>

#include "romcap/report.h"

char *rc_report_json_path(const char *html_path)
{
    size_t n = strlen(html_path);
    char *json = malloc(n + 11);
    if (!json)
        return NULL;
    memcpy(json, html_path, n + 1);
    char *slash = strrchr(json, '/'), *dot = strrchr(json, '.');
    if (dot && (!slash || dot > slash))
        *dot = '\0';
    strcat(json, ".json");
    if (!strcmp(json, html_path))
        strcat(json, ".json"); /* the page was already *.json */
    return json;
}
