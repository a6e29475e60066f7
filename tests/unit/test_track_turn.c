/* test_track_turn.c - the tracker's prediction of an unseen marker on a turning limb,
 * against an exact circular arc.
 *
 * A shank turns about a still knee (150 px, 30 frames/s); the ankle's sticker is
 * seen for 20 frames, then missing for 8 (smeared out of its colour at the fastest
 * part of the movement), then seen again. The truth is the arc itself. The live
 * prediction must stay on the arc (the constant-velocity guess leaves it along the
 * tangent: 150 (1 - cos 1.07) = 78 px off after 8 frames at 4 rad/s) and the
 * sticker must be taken again as soon as it reappears, without a confirmation wait.
 */
#include <math.h>

#include "romcap/track.h"
#include "test_util.h"

enum { SEEN_FRAMES = 20, GAP = 8 };

static void arc(double w, double t, double *x, double *y)
{
    double a = 0.2 + w * t;
    *x = 320 + 150 * sin(a);
    *y = 200 + 150 * cos(a);
}

/* Runs the scenario at turn rate w (rad/s); returns the largest distance between
 * the prediction and the arc over the gap; *retaken: the ankle's state when it
 * reappears; *cv_err: the largest error of the constant-velocity guess from the last
 * two sightings (the reference). */
static double run(double w, rc_track_state *retaken, double *cv_err)
{
    rc_track_config cfg = {.n_markers = 2, .width = 640, .height = 480, .n_segments = 1};
    cfg.marker_class[0] = 0;
    cfg.marker_class[1] = 1;
    cfg.hint_x[0] = cfg.hint_y[0] = cfg.hint_x[1] = cfg.hint_y[1] = -1;
    cfg.segment[0][0] = 0;
    cfg.segment[0][1] = 1;
    rc_err err = {{0}};
    rc_tracker *trk = rc_tracker_create(&cfg, &err);
    CHECK(trk != NULL);
    const double fs = 30, area = 3.14159265 * 36;
    rc_marker_state st[2];
    double worst = 0, vx = 0, vy = 0, x1 = 0, y1 = 0;
    *cv_err = 0;
    for (int f = 0; f <= SEEN_FRAMES + GAP; f++) {
        double t = f / fs, x, y;
        arc(w, t, &x, &y);
        rc_blob b[2] = {{.x_px = 320, .y_px = 200, .area_px = area, .fill = 0.8f, .cls = 0},
                        {.x_px = (float)x, .y_px = (float)y, .area_px = area, .fill = 0.8f,
                         .cls = 1}};
        int seen = f < SEEN_FRAMES || f == SEEN_FRAMES + GAP;
        CHECK(rc_tracker_update(trk, t, b, seen ? 2 : 1, st) == RC_OK);
        if (f == SEEN_FRAMES - 2) {
            x1 = b[1].x_px;
            y1 = b[1].y_px;
        }
        if (f == SEEN_FRAMES - 1) {
            vx = (b[1].x_px - x1) * fs;
            vy = (b[1].y_px - y1) * fs;
            x1 = b[1].x_px;
            y1 = b[1].y_px;
        }
        if (!seen) {
            CHECK(st[1].state == RC_TRACK_PREDICTED);
            worst = fmax(worst, hypot(st[1].x_px - x, st[1].y_px - y));
            double k = f - (SEEN_FRAMES - 1);
            *cv_err = fmax(*cv_err, hypot(x1 + vx * k / fs - x, y1 + vy * k / fs - y));
        }
        CHECK(st[0].state == RC_TRACK_SEEN);
    }
    *retaken = st[1].state;
    rc_tracker_destroy(trk);
    return worst;
}

int main(void)
{
    const double rates[] = {2.0, 4.0, -5.0}; /* rad/s: brisk, fast, fast the other way */
    for (int k = 0; k < 3; k++) {
        rc_track_state retaken;
        double cv, e = run(rates[k], &retaken, &cv);
        printf("turn %.0f rad/s: prediction off the arc by at most %.3f px over %d unseen "
               "frames (constant velocity: %.1f px)\n",
               rates[k], e, GAP, cv);
        /* Measured 0.000 px at all three rates (a steady turn is predicted exactly
         * from the last two sightings; the turn is capped at a quarter, which 8
         * frames at 5 rad/s stay under); the bound allows float positions. */
        CHECK(e < 0.05);
        CHECK(cv > 10.0); /* the scenario does turn: the tangent leaves the arc */
        CHECK(retaken == RC_TRACK_SEEN);
    }
    return TEST_RESULT();
}
