/* test_track_coverage.c - per-marker coverage and its diagnosis lines, on state
 * sequences built by hand (so the expected counts and times are known exactly). */
#include "romcap/track.h"
#include "test_util.h"

static void fill(rc_marker_state *st, int n, rc_track_state s)
{
    for (int k = 0; k < n; k++)
        st[k] = (rc_marker_state){.state = s, .blob = -1};
}

int main(void)
{
    /* 100 frames at 25 fps (t = 1.0 + i/25). Marker 0 always seen; marker 1 never;
     * marker 2 unseen from frame 30 to 59 (1.2 s from 1.2 s after the start), and
     * again frames 90-94; marker 3 unseen only in the last 10 frames. */
    rc_track_coverage c;
    rc_track_coverage_init(&c, 4);
    for (int i = 0; i < 100; i++) {
        rc_marker_state st[4];
        fill(st, 4, RC_TRACK_SEEN);
        st[1].state = RC_TRACK_LOST;
        if ((i >= 30 && i < 60) || (i >= 90 && i < 95))
            st[2].state = i < 40 ? RC_TRACK_PREDICTED : RC_TRACK_LOST;
        if (i >= 90)
            st[3].state = RC_TRACK_PREDICTED;
        rc_track_coverage_add(&c, 1.0 + i / 25.0, st);
    }
    rc_track_coverage_finish(&c);
    CHECK(c.frames == 100);
    CHECK(c.m[0].seen == 100 && c.m[0].longest_gap_s == 0.0);
    CHECK(c.m[1].seen == 0 && c.m[1].lost == 100);
    CHECK(c.m[2].seen == 65 && c.m[2].predicted == 10 && c.m[2].lost == 25);
    CHECK_NEAR(c.m[2].longest_gap_s, 30 / 25.0, 1e-9);
    CHECK_NEAR(c.m[2].longest_gap_start_s, 1.0 + 30 / 25.0, 1e-9);
    /* A stretch still open at the end lasts to the end of the last frame. */
    CHECK_NEAR(c.m[3].longest_gap_s, 10 / 25.0, 1e-9);
    CHECK_NEAR(rc_track_coverage_seen_fraction(&c, 2), 0.65, 1e-12);

    const uint8_t yellow[3] = {230, 200, 30}, blue[3] = {30, 60, 220};
    char line[256];
    CHECK(rc_track_coverage_diagnose(&c, 0, "hip", yellow, line, sizeof line) == 0);
    CHECK(line[0] == '\0');
    CHECK(rc_track_coverage_diagnose(&c, 3, "toe", yellow, line, sizeof line) == 0); /* 90% */
    CHECK(rc_track_coverage_diagnose(&c, 1, "shoulder", yellow, line, sizeof line) == 1);
    CHECK_MSG(strstr(line, "'shoulder' (yellow sticker) was never found") != NULL, "%s", line);
    CHECK(rc_track_coverage_diagnose(&c, 2, "ankle", blue, line, sizeof line) == 1);
    CHECK_MSG(strstr(line, "'ankle' (blue sticker) seen in 65% of frames; longest loss 1.2 s "
                           "from 1.2 s") != NULL,
              "%s", line);

    /* Colour words of the bundled stickers' colours. */
    CHECK(!strcmp(rc_color_word((const uint8_t[3]){220, 30, 30}), "red"));
    CHECK(!strcmp(rc_color_word((const uint8_t[3]){40, 200, 60}), "green"));
    CHECK(!strcmp(rc_color_word((const uint8_t[3]){220, 40, 200}), "magenta"));
    CHECK(!strcmp(rc_color_word((const uint8_t[3]){250, 250, 250}), "white"));
    CHECK(!strcmp(rc_color_word((const uint8_t[3]){240, 140, 20}), "orange"));

    /* No frames: nothing to say, no division by zero. */
    rc_track_coverage e;
    rc_track_coverage_init(&e, 2);
    rc_track_coverage_finish(&e);
    CHECK(rc_track_coverage_diagnose(&e, 0, "x", blue, line, sizeof line) == 0);
    return TEST_RESULT();
}
