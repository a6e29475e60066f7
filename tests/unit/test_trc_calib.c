/* test_trc_calib.c - TRC export of tracks in the calibrated movement plane: values
 * checked against a homography worked out by hand (2 mm per pixel, shifted), with
 * OpenSim's Y up; and the uncalibrated export keeping the CSV's pixels verbatim. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "romcap/calib.h"
#include "romcap/session.h"
#include "test_util.h"

static int read_line(FILE *f, int n, char *buf, size_t cap)
{
    for (int i = 0; i <= n; i++)
        if (!fgets(buf, (int)cap, f))
            return 0;
    return 1;
}

int main(void)
{
    char dir[] = "/tmp/romcap_trc_XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char csv[256], trc[256], trc_px[256];
    snprintf(csv, sizeof csv, "%s/tracks.csv", dir);
    snprintf(trc, sizeof trc, "%s/mm.trc", dir);
    snprintf(trc_px, sizeof trc_px, "%s/px.trc", dir);
    FILE *f = fopen(csv, "w");
    fputs("frame,t_s,marker,x_px,y_px,state\n"
          "0,0.000000,hip,100.000,50.000,seen\n"
          "0,0.000000,knee,110.500,150.250,seen\n"
          "1,0.033333,hip,101.000,51.000,seen\n"
          "1,0.033333,knee,,,lost\n",
          f);
    fclose(f);

    rc_calib c;
    rc_calib_init(&c, 640, 360);
    /* Plane: X = 2 x + 10 mm, Y = 2 y + 20 mm (y down). */
    const double H[9] = {2, 0, 10, 0, 2, 20, 0, 0, 1};
    memcpy(c.plane_h, H, sizeof H);
    c.parts |= RC_CALIB_PLANE;
    rc_err err = {{0}};
    int nf = 0, nm = 0;
    CHECK(rc_tracks_to_trc(csv, trc, 30.0, &c, &nf, &nm, &err) == RC_OK);
    CHECK(nf == 2 && nm == 2);
    char line[512];
    f = fopen(trc, "r");
    CHECK(f && read_line(f, 2, line, sizeof line));
    CHECK_STR_CONTAINS(line, "\tmm\t");
    rewind(f);
    CHECK(read_line(f, 6, line, sizeof line)); /* first data row */
    double fr, t, x1, y1, z1, x2, y2, z2;
    CHECK(sscanf(line, "%lf %lf %lf %lf %lf %lf %lf %lf", &fr, &t, &x1, &y1, &z1, &x2, &y2, &z2) ==
          8);
    CHECK_NEAR(fr, 1, 0);
    CHECK_NEAR(x1, 210, 1e-3);
    CHECK_NEAR(y1, -120, 1e-3); /* Y up */
    CHECK_NEAR(x2, 231, 1e-3);
    CHECK_NEAR(y2, -320.5, 1e-3);
    CHECK(z1 == 0 && z2 == 0);
    CHECK(read_line(f, 0, line, sizeof line));
    CHECK_STR_CONTAINS(line, "\t212.0000\t-122.0000\t0\t\t\t"); /* lost knee left blank */
    fclose(f);

    /* Uncalibrated: the CSV's pixel strings, verbatim, units px. */
    CHECK(rc_tracks_to_trc(csv, trc_px, 30.0, NULL, NULL, NULL, &err) == RC_OK);
    f = fopen(trc_px, "r");
    CHECK(f && read_line(f, 6, line, sizeof line));
    CHECK_STR_CONTAINS(line, "\t110.500\t150.250\t0");
    fclose(f);
    CHECK(rc_tracks_to_trc("/nonexistent/tracks.csv", trc, 30.0, NULL, NULL, NULL, &err) ==
          RC_E_NOT_FOUND);
    CHECK_STR_CONTAINS(err.msg, "/nonexistent/tracks.csv");
    unlink(csv);
    unlink(trc);
    unlink(trc_px);
    rmdir(dir);
    return TEST_RESULT();
}
