/* test_track_fill.c - offline gap filling against a marker on a known circular arc
 * (a shank turning about the knee), compared with the live constant-velocity guess. */
#include <math.h>
#include <stdlib.h>

#include "romcap/track.h"
#include "test_util.h"

enum { N = 120, M = 2 };

int main(void)
{
    const double fs = 30, r = 150, w = 2.0; /* rad/s: 115 deg/s, a brisk knee flexion */
    static rc_marker_state st[N * M];
    double t[N];
    for (int i = 0; i < N; i++) {
        t[i] = i / fs;
        double a = 0.3 * sin(w * t[i]) + w * t[i] * 0.5;
        st[i * M + 0] = (rc_marker_state){.x_px = 300, .y_px = 200, .state = RC_TRACK_SEEN};
        st[i * M + 1] = (rc_marker_state){
            .x_px = 300 + r * sin(a), .y_px = 200 + r * cos(a), .state = RC_TRACK_SEEN};
    }
    /* A 0.3 s occlusion (9 frames) with a linear extrapolation like the live tracker's. */
    int a0 = 40, b0 = 49;
    double vx = (st[a0 * M + 1].x_px - st[(a0 - 1) * M + 1].x_px) * fs;
    double vy = (st[a0 * M + 1].y_px - st[(a0 - 1) * M + 1].y_px) * fs;
    double truth_x[N], truth_y[N];
    for (int i = 0; i < N; i++) {
        truth_x[i] = st[i * M + 1].x_px;
        truth_y[i] = st[i * M + 1].y_px;
    }
    double live_err = 0;
    for (int i = a0 + 1; i < b0; i++) {
        rc_marker_state *q = &st[i * M + 1];
        q->x_px = st[a0 * M + 1].x_px + vx * (t[i] - t[a0]);
        q->y_px = st[a0 * M + 1].y_px + vy * (t[i] - t[a0]);
        q->state = RC_TRACK_PREDICTED;
        live_err = fmax(live_err, hypot(q->x_px - truth_x[i], q->y_px - truth_y[i]));
    }
    /* A long gap (1 s) that must be left alone, and a gap at the end (no far side). */
    for (int i = 70; i < 100; i++)
        st[i * M + 1].state = RC_TRACK_PREDICTED;
    for (int i = 115; i < N; i++)
        st[i * M + 1].state = RC_TRACK_PREDICTED;
    double before_long = st[85 * M + 1].x_px;

    int64_t filled = rc_track_fill_gaps(st, t, N, M, 0.5);
    CHECK(filled == b0 - a0 - 1);
    double fill_err = 0;
    for (int i = a0 + 1; i < b0; i++) {
        CHECK(st[i * M + 1].state == RC_TRACK_INTERPOLATED); /* issue 14: marked filled */
        fill_err =
            fmax(fill_err, hypot(st[i * M + 1].x_px - truth_x[i], st[i * M + 1].y_px - truth_y[i]));
    }
    printf("0.3 s gap on a %.0f px arc: live extrapolation max error %.2f px, filled %.3f px\n", r,
           live_err, fill_err);
    CHECK(fill_err < 0.5);
    CHECK(live_err > 5 * fill_err);
    CHECK(st[85 * M + 1].x_px == before_long);               /* too long: untouched */
    CHECK(st[85 * M + 1].state == RC_TRACK_PREDICTED);       /* and still only predicted */
    CHECK(st[(N - 1) * M + 1].state == RC_TRACK_PREDICTED);  /* a gap that ends lost too */
    CHECK(st[0].x_px == 300 && st[(N - 1) * M].y_px == 200); /* other marker untouched */
    return TEST_RESULT();
}
