/* cmd_metrics.c - `romcap metrics FILE.csv`: movement-quality metrics of any
 * time series (an angle exported by another tool, a velocity or speed profile),
 * printed as JSON. Options only: the work is rc_series_metrics (metrics_json.h,
 * results/metrics_series.c); field meanings: src/metrics/README.md.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/cli.h"
#include "romcap/metrics_json.h"

static void help(FILE *out)
{
    fprintf(out, "usage: romcap metrics FILE.csv [--column NAME] [--fs HZ]\n"
                 "                      [--kind angle|velocity|speed] [--filter HZ|auto|none]\n"
                 "\n"
                 "Movement-quality metrics of one column of a CSV file with a header row,\n"
                 "printed as JSON: SPARC (with nfft and the selected cut-off), LDLJ-V, LDLJ-A,\n"
                 "velocity peaks, repetitions and legs, tremor. Field definitions:\n"
                 "src/metrics/README.md.\n"
                 "\n"
                 "  --column NAME  column to analyse (default: 'value' if present, else the\n"
                 "                 second column); empty cells are missing samples, and so\n"
                 "                 are rows whose NAME_q quality (angles.csv) is predicted\n"
                 "  --fs HZ        sampling rate, rows evenly spaced (default: from the\n"
                 "                 't'/'t_s'/'time' column, each row placed by its time:\n"
                 "                 dropped frames bridged, gaps over 0.25 s split)\n"
                 "  --kind K       angle in deg (default; differentiated after filtering),\n"
                 "                 velocity (signed, unit/s) or speed (|velocity|)\n"
                 "  --filter F     zero-lag 4th-order Butterworth low-pass at F Hz, 'auto'\n"
                 "                 (Winter residual analysis) or 'none'; default 6 for\n"
                 "                 angles, none for velocity and speed\n");
}

/* Step 1: the options. Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, rc_series_request *o)
{
    enum { O_COLUMN = 256, O_FS, O_KIND, O_FILTER };
    static const struct option longs[] = {{"help", no_argument, 0, 'h'},
                                          {"column", required_argument, 0, O_COLUMN},
                                          {"fs", required_argument, 0, O_FS},
                                          {"kind", required_argument, 0, O_KIND},
                                          {"filter", required_argument, 0, O_FILTER},
                                          {0}};
    const char *filter = NULL;
    *o = (rc_series_request){.fs = NAN, .kind = RC_SERIES_ANGLE};
    rc_cli cli = rc_cli_start("metrics", argc, argv, "h", longs);
    for (int c; (c = rc_cli_next(&cli)) != -1;) {
        const char *a = cli.arg;
        char *end;
        switch (c) {
        case 'h': help(stdout); return 0;
        case O_COLUMN: o->column = a; break;
        case O_FS:
            o->fs = strtod(a, &end);
            if (*end || !(o->fs > 0) || !isfinite(o->fs)) {
                fprintf(stderr, "romcap: error: metrics: --fs '%s' is not a positive number\n", a);
                return 2;
            }
            break;
        case O_KIND:
            if (!strcmp(a, "angle") || !strcmp(a, "velocity") || !strcmp(a, "speed")) {
                o->kind = a[0] == 'a'   ? RC_SERIES_ANGLE
                          : a[0] == 'v' ? RC_SERIES_VELOCITY
                                        : RC_SERIES_SPEED;
                break;
            }
            fprintf(stderr, "romcap: error: metrics: --kind '%s' (angle|velocity|speed)\n", a);
            return 2;
        case O_FILTER: filter = a; break;
        default: return 2;
        }
    }
    int first = rc_cli_first_arg(&cli);
    if (!rc_cli_at_most(&cli, 1))
        return 2;
    o->file = first < argc ? argv[first] : NULL;
    if (!o->file) {
        fprintf(stderr, "romcap: error: metrics needs FILE.csv\n");
        help(stderr);
        return 2;
    }
    o->cutoff = o->kind == RC_SERIES_ANGLE ? 6.0 : -1.0;
    if (filter) {
        char *end;
        if (!strcmp(filter, "auto"))
            o->cutoff = 0.0;
        else if (!strcmp(filter, "none"))
            o->cutoff = -1.0;
        else if ((o->cutoff = strtod(filter, &end)), *end || !(o->cutoff > 0)) {
            fprintf(stderr, "romcap: error: metrics: --filter '%s' (HZ, auto or none)\n", filter);
            return 2;
        }
    }
    return -1;
}

static int fail(const char *msg)
{
    fprintf(stderr, "romcap: error: metrics: %s\n", msg);
    return 1;
}

int rc_cmd_metrics(const rc_app *app, int argc, char **argv)
{
    (void)app;
    rc_series_request o;
    int code = parse_options(argc, argv, &o);
    if (code >= 0)
        return code;
    rc_err err = {{0}};
    cJSON *root;
    if (rc_series_metrics(&o, &root, &err) != RC_OK)
        return fail(err.msg);
    char *txt = cJSON_Print(root);
    cJSON_Delete(root);
    if (!txt)
        return fail("out of memory");
    printf("%s\n", txt);
    free(txt);
    return 0;
}
