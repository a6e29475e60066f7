/* cmd_cameras.c - `romcap cameras`: the V4L2 cameras, their formats, sizes, frame
 * rates and controls (capture/cameras.c). */
#include <stdio.h>

#include "app/app.h"
#include "app/cli.h"
#include "romcap/cameras.h"

static void help(void)
{
    puts("usage: romcap cameras [--dev-dir DIR]\n"
         "\n"
         "Lists the V4L2 cameras (/dev/video*): name, driver and bus; each pixel format\n"
         "with its frame sizes and frame rates (romcap asks for MJPG); each control with\n"
         "its range, default and current value (exposure_time_absolute is in 100 us\n"
         "units). Use the number N of /dev/videoN as --camera N or camera:N. With no\n"
         "camera it says so and exits 0.\n"
         "\n"
         "--dev-dir DIR   look for videoN device nodes in DIR instead of /dev (tests)");
}

int rc_cmd_cameras(const rc_app *app, int argc, char **argv)
{
    static const struct option longs[] = {{"help", no_argument, 0, 'h'},
                                          {"dev-dir", required_argument, 0, 'd'},
                                          {0}};
    const char *dir = "/dev";
    rc_cli cli = rc_cli_start("cameras", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        switch (c) {
        case 'h': help(); return 0;
        case 'd': dir = cli.arg; break;
        default: return 2;
        }
    }
    if (!rc_cli_at_most(&cli, 0))
        return 2;
    int n = 0;
    rc_err err = {{0}};
    if (rc_cameras_list(dir, stdout, &n, &err) != RC_OK)
        return rc_app_fail(app, &err);
    if (n == 0)
        printf("no camera found (no V4L2 capture device %s/video*)\n", dir);
    return 0;
}
