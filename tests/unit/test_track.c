/* test_track.c - marker identities on known synthetic trajectories.
 *
 * Blob lists are generated here from analytic trajectories (30 frames/s, 0.15 px
 * measurement noise, spurious blobs, occlusions, same-colour markers crossing);
 * the tracker's output is compared with the truth each frame: a SEEN marker must
 * sit on its own trajectory (a swap is a SEEN marker on another marker's one).
 */
#include "test_util.h"

#include "romcap/track.h"

#define FPS 30.0
#define PI  3.14159265358979323846

typedef struct truth {
    double x[RC_MAX_MARKERS], y[RC_MAX_MARKERS];
    int visible[RC_MAX_MARKERS];
} truth;

typedef struct score {
    int swaps, wrong, seen, predicted, lost;
    double max_pred_err;
} score;

/* Builds the blob list: visible markers (noisy), merged when closer than
 * merge_px, plus spurious blobs; shuffled order. */
static int make_blobs(const truth *tr, int n, const int *cls, double merge_px, int n_spur,
                      int spur_cls, unsigned long long *seed, rc_blob *b)
{
    int nb = 0, merged[RC_MAX_MARKERS] = {0};
    for (int i = 0; i < n; i++) {
        if (!tr->visible[i] || merged[i])
            continue;
        double x = tr->x[i], y = tr->y[i];
        for (int j = i + 1; j < n; j++)
            if (tr->visible[j] && cls[j] == cls[i] &&
                hypot(tr->x[j] - x, tr->y[j] - y) < merge_px) {
                x = 0.5 * (x + tr->x[j]);
                y = 0.5 * (y + tr->y[j]);
                merged[j] = 1;
            }
        memset(&b[nb], 0, sizeof b[nb]);
        b[nb].x_px = (float)(x + 0.15 * test_randn(seed));
        b[nb].y_px = (float)(y + 0.15 * test_randn(seed));
        b[nb].area_px = 200;
        b[nb].cls = cls[i];
        b[nb].score = 1;
        nb++;
    }
    for (int k = 0; k < n_spur; k++) {
        memset(&b[nb], 0, sizeof b[nb]);
        b[nb].x_px = (float)(1280 * test_rand01(seed));
        b[nb].y_px = (float)(720 * test_rand01(seed));
        b[nb].area_px = (float)(50 + 300 * test_rand01(seed));
        b[nb].cls = spur_cls;
        nb++;
    }
    for (int k = nb - 1; k > 0; k--) { /* shuffle: order must not matter */
        int j = (int)(test_rand01(seed) * (k + 1));
        rc_blob tmp = b[k];
        b[k] = b[j];
        b[j] = tmp;
    }
    return nb;
}

static void judge(const truth *tr, int n, const rc_marker_state *st, score *sc)
{
    for (int i = 0; i < n; i++) {
        if (st[i].state == RC_TRACK_SEEN) {
            sc->seen++;
            double e = hypot(st[i].x_px - tr->x[i], st[i].y_px - tr->y[i]);
            if (e > 2.0) {
                int other = 0;
                for (int j = 0; j < n; j++)
                    if (j != i && hypot(st[i].x_px - tr->x[j], st[i].y_px - tr->y[j]) < 2.0)
                        other = 1;
                if (getenv("TT_DEBUG"))
                    fprintf(stderr, "  marker %d at (%.1f,%.1f), truth (%.1f,%.1f)%s\n", i,
                            st[i].x_px, st[i].y_px, tr->x[i], tr->y[i], other ? " SWAP" : "");
                if (other)
                    sc->swaps++;
                else
                    sc->wrong++;
            }
        } else if (st[i].state == RC_TRACK_PREDICTED) {
            sc->predicted++;
            double e = hypot(st[i].x_px - tr->x[i], st[i].y_px - tr->y[i]);
            if (e > sc->max_pred_err)
                sc->max_pred_err = e;
        } else {
            sc->lost++;
        }
    }
}

/* Three white markers (one class) on a leg doing knee flexion; the subject stands
 * left of and smaller than the model's start pose. */
static void leg_truth(double t, truth *tr)
{
    double hip_x = 420 + 20 * sin(0.7 * t), hip_y = 200;
    double thigh = 170, shank = 160;
    double hip_ang = 10 * PI / 180 * sin(0.9 * t); /* thigh sways around vertical */
    double knee_ang = (45 - 45 * cos(2 * PI * t / 5.0)) * PI / 180; /* 0..90 deg */
    tr->x[0] = hip_x;
    tr->y[0] = hip_y;
    tr->x[1] = hip_x + thigh * sin(hip_ang);
    tr->y[1] = hip_y + thigh * cos(hip_ang);
    tr->x[2] = tr->x[1] + shank * sin(hip_ang - knee_ang);
    tr->y[2] = tr->y[1] + shank * cos(hip_ang - knee_ang);
    for (int i = 0; i < 3; i++)
        tr->visible[i] = 1;
}

static rc_track_config leg_config(void)
{
    rc_track_config c;
    memset(&c, 0, sizeof c);
    c.n_markers = 3;
    c.width = 1280;
    c.height = 720;
    const float hx[3] = {0.5f, 0.52f, 0.5f}, hy[3] = {0.25f, 0.55f, 0.85f};
    for (int i = 0; i < 3; i++) {
        c.marker_class[i] = 0;
        c.hint_x[i] = hx[i];
        c.hint_y[i] = hy[i];
    }
    c.n_segments = 2;
    c.segment[0][0] = 0;
    c.segment[0][1] = 1;
    c.segment[1][0] = 1;
    c.segment[1][1] = 2;
    return c;
}

static void test_leg_occlusions(void)
{
    rc_track_config cfg = leg_config();
    rc_err err = {{0}};
    rc_tracker *tk = rc_tracker_create(&cfg, &err);
    CHECK(tk != NULL);
    if (!tk)
        return;
    unsigned long long seed = 42;
    rc_blob b[RC_MAX_BLOBS];
    rc_marker_state st[RC_MAX_MARKERS];
    score all = {0}, short_occ = {0};
    int cls[3] = {0, 0, 0}, lost_seen = 0, reacq_frame = -1, reacq_ok = 0;
    for (int f = 0; f < (int)(8 * FPS); f++) {
        double t = f / FPS;
        truth tr;
        leg_truth(t, &tr);
        if (t >= 2.0 && t < 2.3) /* short occlusion of the ankle */
            tr.visible[2] = 0;
        if (t >= 4.0 && t < 5.5) /* long occlusion of the ankle */
            tr.visible[2] = 0;
        int n_spur = (f % 7 == 0) ? 2 : (f % 3 == 0); /* white clutter elsewhere */
        int nb = make_blobs(&tr, 3, cls, 12, n_spur, 0, &seed, b);
        CHECK(rc_tracker_update(tk, t, b, nb, st) == RC_OK);
        if (f == 0)
            for (int i = 0; i < 3; i++)
                CHECK_MSG(st[i].state == RC_TRACK_SEEN, "marker %d not acquired at start", i);
        judge(&tr, 3, st, &all);
        if (t >= 2.0 && t < 2.3) {
            CHECK_MSG(st[2].state == RC_TRACK_PREDICTED, "t=%.3f ankle state %s", t,
                      rc_track_state_name(st[2].state));
            judge(&tr, 3, st, &short_occ);
        }
        if (t >= 4.6 && t < 5.5) {
            CHECK_MSG(st[2].state == RC_TRACK_LOST, "t=%.3f ankle state %s", t,
                      rc_track_state_name(st[2].state));
            lost_seen++;
        }
        if (t >= 5.5 && reacq_frame < 0 && st[2].state == RC_TRACK_SEEN) {
            reacq_frame = f;
            reacq_ok = hypot(st[2].x_px - tr.x[2], st[2].y_px - tr.y[2]) < 2.0;
        }
    }
    rc_track_stats ts;
    rc_tracker_get_stats(tk, &ts);
    printf("leg: %d swaps, %d wrong, seen %lld predicted %lld lost %lld refused %lld "
           "reacquired %lld; 0.3 s occlusion max prediction error %.2f px; "
           "re-acquired %.3f s after reappearing\n",
           all.swaps, all.wrong, (long long)ts.seen, (long long)ts.predicted, (long long)ts.lost,
           (long long)ts.refused, (long long)ts.reacquired, short_occ.max_pred_err,
           reacq_frame >= 0 ? reacq_frame / FPS - 5.5 : -1.0);
    CHECK(all.swaps == 0);
    CHECK(all.wrong == 0);
    CHECK(short_occ.predicted == 9);
    CHECK(short_occ.max_pred_err < 10.0);
    CHECK(lost_seen > 0);
    CHECK(reacq_frame >= 0 && reacq_frame <= (int)(5.5 * FPS) + 4);
    CHECK(reacq_ok);
    CHECK(ts.reacquired == 1);
    CHECK(ts.seen + ts.predicted + ts.lost == 3 * (int64_t)(8 * FPS));
    CHECK(ts.seen == all.seen && ts.predicted == all.predicted && ts.lost == all.lost);

    /* Time going backwards is refused and changes nothing. */
    rc_marker_state before[RC_MAX_MARKERS], after[RC_MAX_MARKERS];
    rc_tracker_predict(tk, 8.0, before);
    CHECK(rc_tracker_update(tk, 1.0, b, 0, st) == RC_E_ARG);
    CHECK(rc_tracker_update(tk, NAN, b, 0, st) == RC_E_ARG);
    CHECK(rc_tracker_update(tk, 9.0, NULL, 3, st) == RC_E_ARG);
    rc_tracker_predict(tk, 8.0, after);
    for (int i = 0; i < 3; i++)
        CHECK(before[i].state == after[i].state && before[i].x_px == after[i].x_px);
    rc_tracker_get_stats(tk, &ts);
    CHECK(ts.seen + ts.predicted + ts.lost == 3 * (int64_t)(8 * FPS));
    rc_tracker_reset(tk);
    rc_tracker_predict(tk, 8.0, after);
    CHECK(after[0].state == RC_TRACK_LOST);
    CHECK(rc_tracker_update(tk, 0.5, b, 0, st) == RC_OK); /* reset forgets the clock */
    rc_tracker_destroy(tk);
}

/* Two same-colour markers cross each other (blobs merge for a few frames); a third
 * marker of another colour; spurious blobs of a fourth class. */
static void test_crossing(void)
{
    rc_track_config c;
    memset(&c, 0, sizeof c);
    c.n_markers = 3;
    c.width = 1280;
    c.height = 720;
    int cls[3] = {1, 1, 2};
    for (int i = 0; i < 3; i++) {
        c.marker_class[i] = cls[i];
        c.hint_x[i] = c.hint_y[i] = -1;
    }
    /* Without hints, a same-colour group is taken in chain order, top to bottom. */
    rc_tracker *tk = rc_tracker_create(&c, NULL);
    CHECK(tk != NULL);
    if (!tk)
        return;
    unsigned long long seed = 7;
    rc_blob b[RC_MAX_BLOBS];
    rc_marker_state st[RC_MAX_MARKERS];
    score sc = {0};
    int min_gap_frames = 0;
    for (int f = 0; f < (int)(4 * FPS); f++) {
        double t = f / FPS;
        truth tr;
        /* A: top-left to bottom-right; B: bottom-left... both cross at t = 2 s. */
        tr.x[0] = 240 + 200 * t;
        tr.y[0] = 300 + 30 * t;
        tr.x[1] = 240 + 200 * t + 40 * sin(PI * t / 2);
        tr.y[1] = 420 - 30 * t;
        tr.x[2] = 900 + 50 * cos(t);
        tr.y[2] = 600;
        for (int i = 0; i < 3; i++)
            tr.visible[i] = 1;
        if (hypot(tr.x[0] - tr.x[1], tr.y[0] - tr.y[1]) < 16)
            min_gap_frames++;
        int nb = make_blobs(&tr, 3, cls, 16, (f % 2) ? 3 : 1, 3, &seed, b);
        CHECK(rc_tracker_update(tk, t, b, nb, st) == RC_OK);
        judge(&tr, 3, st, &sc);
    }
    printf("crossing: %d frames merged, %d swaps, %d wrong, %d seen, %d predicted\n",
           min_gap_frames, sc.swaps, sc.wrong, sc.seen, sc.predicted);
    CHECK(min_gap_frames > 0);
    CHECK(sc.swaps == 0);
    CHECK(sc.wrong <= min_gap_frames); /* the merged blob sits between the two */
    CHECK(sc.lost == 0);
    rc_tracker_destroy(tk);
}

/* Identity by class, clutter of the same class far away, and the identity guard.
 * Knee and ankle share a colour (the guard only protects markers that can be
 * confused); the hip has its own. */
static void test_single_classes_and_guard(void)
{
    rc_track_config c;
    memset(&c, 0, sizeof c);
    c.n_markers = 3;
    c.width = 1280;
    c.height = 720;
    for (int i = 0; i < 3; i++) {
        c.marker_class[i] = i < 2 ? i : 1;
        c.hint_x[i] = -1;
        c.hint_y[i] = -1;
    }
    c.n_segments = 2;
    c.segment[0][0] = 0;
    c.segment[0][1] = 1;
    c.segment[1][0] = 1;
    c.segment[1][1] = 2;
    c.gate_px = 60;
    rc_tracker *tk = rc_tracker_create(&c, NULL);
    rc_blob b[8];
    rc_marker_state st[RC_MAX_MARKERS];
    memset(b, 0, sizeof b);
    /* Frame 0: the three markers, listed in reverse class order. */
    const double P[3][2] = {{600, 200}, {610, 380}, {620, 550}};
    for (int i = 0; i < 3; i++) {
        b[2 - i].x_px = (float)P[i][0];
        b[2 - i].y_px = (float)P[i][1];
        b[2 - i].cls = i < 2 ? i : 1;
        b[2 - i].area_px = 100;
    }
    CHECK(rc_tracker_update(tk, 0.0, b, 3, st) == RC_OK);
    for (int i = 0; i < 3; i++) {
        CHECK(st[i].state == RC_TRACK_SEEN);
        CHECK_NEAR(st[i].x_px, P[i][0], 1e-4);
        CHECK(st[i].blob == 2 - i);
    }
    /* Frame 1: ankle's blob jumps 50 px (inside the gate) so the shank would grow by
     * 30%: refused by the identity guard, the ankle is predicted instead. */
    b[0].y_px = 600;
    CHECK(rc_tracker_update(tk, 1 / FPS, b, 3, st) == RC_OK);
    CHECK(st[2].state == RC_TRACK_PREDICTED);
    CHECK_NEAR(st[2].y_px, 550, 1e-6);
    rc_track_stats ts;
    rc_tracker_get_stats(tk, &ts);
    CHECK(ts.refused >= 1);
    /* Frame 2: back in place, plus a bigger same-class blob far away: ignored. */
    b[0].y_px = 551;
    b[3] = b[0];
    b[3].x_px = 100;
    b[3].y_px = 100;
    b[3].area_px = 900;
    CHECK(rc_tracker_update(tk, 2 / FPS, b, 4, st) == RC_OK);
    CHECK(st[2].state == RC_TRACK_SEEN && st[2].blob == 0);
    CHECK(st[2].vy_px_s >= 0 && st[2].vy_px_s < 30 * FPS);
    /* Prediction: a marker seen moving keeps moving; none beyond max_predict_s. */
    rc_tracker_predict(tk, 2 / FPS + 0.2, st);
    CHECK(st[0].state == RC_TRACK_PREDICTED);
    rc_tracker_predict(tk, 2 / FPS + 0.6, st);
    CHECK(st[0].state == RC_TRACK_LOST);
    rc_tracker_destroy(tk);
}

/* A distinctly coloured marker cannot swap: a fast change of on-screen segment
 * length (a limb turning out of the image plane) is accepted, not refused. */
static void test_guard_spares_unique_colours(void)
{
    rc_track_config c;
    memset(&c, 0, sizeof c);
    c.n_markers = 2;
    c.width = 1280;
    c.height = 720;
    c.marker_class[0] = 0;
    c.marker_class[1] = 1;
    c.hint_x[0] = c.hint_x[1] = c.hint_y[0] = c.hint_y[1] = -1;
    c.n_segments = 1;
    c.segment[0][1] = 1;
    c.gate_px = 60;
    rc_tracker *tk = rc_tracker_create(&c, NULL);
    rc_blob b[2] = {{.x_px = 600, .y_px = 300, .cls = 0, .area_px = 100},
                    {.x_px = 600, .y_px = 400, .cls = 1, .area_px = 100}};
    rc_marker_state st[RC_MAX_MARKERS];
    CHECK(rc_tracker_update(tk, 0.0, b, 2, st) == RC_OK);
    b[1].y_px = 360; /* forearm foreshortened by 40% in one frame */
    CHECK(rc_tracker_update(tk, 1 / FPS, b, 2, st) == RC_OK);
    CHECK(st[1].state == RC_TRACK_SEEN);
    CHECK_NEAR(st[1].y_px, 360, 1e-4);
    rc_track_stats ts;
    rc_tracker_get_stats(tk, &ts);
    CHECK(ts.refused == 0);
    rc_tracker_destroy(tk);
}

static void test_config(void)
{
    rc_model m;
    memset(&m, 0, sizeof m);
    m.n_markers = 3;
    for (int i = 0; i < 3; i++) {
        m.marker[i].hint_x = 0.1f * (i + 1);
        m.marker[i].hint_y = -1;
    }
    m.n_segments = 2;
    m.segment[0][0] = 0;
    m.segment[0][1] = 1;
    m.segment[1][0] = 1;
    m.segment[1][1] = 2;
    int mc[3] = {4, 4, 1};
    rc_track_config c;
    rc_track_config_from_model(&c, &m, mc, 640, 480);
    CHECK(c.n_markers == 3 && c.width == 640 && c.height == 480);
    CHECK(c.marker_class[0] == 4 && c.marker_class[2] == 1);
    CHECK_NEAR(c.hint_x[1], 0.2, 1e-6);
    CHECK(c.hint_y[1] < 0);
    CHECK(c.n_segments == 2 && c.segment[1][0] == 1 && c.segment[1][1] == 2);
    CHECK(c.gate_px == 0 && c.max_predict_s == 0 && c.max_segment_change == 0);
    rc_tracker *tk = rc_tracker_create(&c, NULL);
    CHECK(tk != NULL);
    rc_tracker_destroy(tk);
    rc_tracker_destroy(NULL);

    rc_err err = {{0}};
    c.segment[1][1] = 7;
    CHECK(rc_tracker_create(&c, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "segment 1");
    c.segment[1][1] = 2;
    c.n_markers = 0;
    CHECK(rc_tracker_create(&c, &err) == NULL);
    CHECK_STR_CONTAINS(err.msg, "n_markers");
    CHECK(rc_tracker_create(NULL, &err) == NULL);
    CHECK(strcmp(rc_track_state_name(RC_TRACK_PREDICTED), "predicted") == 0);
    CHECK(strcmp(rc_track_state_name(RC_TRACK_SEEN), "seen") == 0);
    CHECK(strcmp(rc_track_state_name(RC_TRACK_LOST), "lost") == 0);
}

int main(void)
{
    test_config();
    test_single_classes_and_guard();
    test_guard_spares_unique_colours();
    test_leg_occlusions();
    test_crossing();
    return TEST_RESULT();
}
