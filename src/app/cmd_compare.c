/* cmd_compare.c - placeholder until the report lands. */
#include "app/app.h"

int rc_cmd_compare(const rc_app *app, int argc, char **argv)
{
    (void)app;
    (void)argc;
    (void)argv;
    fprintf(stderr, "romcap: error: compare: not built yet\n");
    return 1;
}
