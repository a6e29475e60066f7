/* test_calib_views.c - the calibration flow's inputs (calib.h) without the CLI:
 * board views from a glob and a folder of OpenCV's own 9x6 sample images (every one
 * of its 13 left and 13 right images shows the whole board: data README section 2),
 * from sources read through a caller's reader (the synthetic chessboard scene: a
 * board held still is one pose; two alternating poses are kept up to the limit;
 * frames that do not decode are skipped; a failing read names the source), the
 * --plane board, and a lens reused from a saved calibration. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "romcap/calib.h"
#include "romcap/synth.h"
#include "test_util.h"

#define DATA ROMCAP_SHARED_DATA "/chessboard"

/* A scripted source: frame i is scene[i % n_scenes] rendered at frame 0, except that
 * every decode_every-th frame (1-based) fails to decode, frames before `first_board`
 * are blank, and frame `fail_at` fails to read. */
typedef struct mock {
    rc_synth *scene[2];
    int n_scenes;
    rc_image im[2], blank;
    uint8_t *px[3];
    int64_t next, n_frames, first_board, fail_at;
    int decode_every;
    int opened, closed;
} mock;

static void *mock_open(void *user, const char *uri, int64_t *n_frames, rc_err *err)
{
    mock *m = user;
    if (!strcmp(uri, "mock:none")) {
        rc_err_set(err, RC_E_NOT_FOUND, "mock:none: no such source");
        return NULL;
    }
    m->opened++;
    m->next = 0;
    *n_frames = m->n_frames;
    return m;
}

static rc_status mock_read(void *src, rc_image *im, int64_t *index, rc_err *err)
{
    mock *m = src;
    int64_t i = m->next++;
    if (i >= m->n_frames)
        return RC_E_EOF;
    if (i == m->fail_at)
        return rc_err_set(err, RC_E_IO, "the disk went away");
    if (m->decode_every && (i + 1) % m->decode_every == 0)
        return RC_E_DECODE;
    *im = i < m->first_board ? m->blank : m->im[i % m->n_scenes];
    *index = i;
    return RC_OK;
}

static void mock_close(void *src)
{
    ((mock *)src)->closed++;
}

typedef struct said {
    int warns, infos;
    char last_info[RC_ERR_CAP];
} said;

static void on_warn(void *user, const char *msg)
{
    (void)msg;
    ((said *)user)->warns++;
}

static void on_info(void *user, const char *msg)
{
    said *s = user;
    s->infos++;
    snprintf(s->last_info, sizeof s->last_info, "%s", msg);
}

/* Scenes: the static chessboard square to the camera and tilted 30 degrees. */
static int mock_init(mock *m, int width, int height)
{
    memset(m, 0, sizeof *m);
    const char *q[2] = {"tilt=0", "tilt=30"};
    rc_err err = {{0}};
    for (int k = 0; k < 2; k++) {
        rc_synth_options o = rc_synth_options_default();
        o.width = width;
        o.height = height;
        if (rc_synth_options_parse(&o, q[k], &err) != RC_OK ||
            !(m->scene[k] = rc_synth_create("chessboard", &o, &err)) ||
            !(m->px[k] = rc_image_alloc(&m->im[k], RC_PIX_I420, width, height)) ||
            rc_synth_render(m->scene[k], 0, &m->im[k], NULL) != RC_OK) {
            CHECK_MSG(0, "%s", err.msg);
            return 0;
        }
    }
    if (!(m->px[2] = rc_image_alloc(&m->blank, RC_PIX_I420, width, height)))
        return 0;
    memset(m->px[2], 128, (size_t)width * height * 3 / 2);
    m->n_scenes = 1;
    m->fail_at = -1;
    return 1;
}

static void mock_free(mock *m)
{
    for (int k = 0; k < 2; k++)
        rc_synth_destroy(m->scene[k]);
    for (int k = 0; k < 3; k++)
        free(m->px[k]);
}

static void test_files(void)
{
    rc_err err = {{0}};
    said s = {0};
    rc_calib_events ev = {.user = &s, .warn = on_warn, .info = on_info};
    rc_calib_views v = {.board = {.cols = 9, .rows = 6, .square_mm = 25}};
    CHECK_MSG(rc_calib_views_add(&v, DATA "/left*.jpg", 40, NULL, &ev, &err) == RC_OK, "%s",
              err.msg);
    CHECK(v.n == 13 && v.width == 640 && v.height == 480 && s.warns == 0);
    CHECK(v.n == 13 && strstr(v.name[0], "/left01.jpg") && strstr(v.name[12], "/left14.jpg"));
    rc_calib_views_free(&v);

    /* The folder: images only (not the .yml and .xml beside them), sorted by name. */
    v = (rc_calib_views){.board = {.cols = 9, .rows = 6, .square_mm = 25}};
    CHECK_MSG(rc_calib_views_add(&v, DATA, 40, NULL, &ev, &err) == RC_OK, "%s", err.msg);
    CHECK(v.n == 26 && strstr(v.name[0], "/left01.jpg") && strstr(v.name[25], "/right14.jpg"));

    /* A lens solved from them, saved with a plane; reused: the lens only. */
    rc_calib c;
    rc_calib_init(&c, 0, 0);
    rc_lens_options lo = rc_lens_options_default();
    static rc_lens_report rep;
    CHECK_MSG(rc_calib_solve_lens(&c, v.corners, v.n, &v.board, v.width, v.height, &lo, &rep,
                                  &err) == RC_OK,
              "%s", err.msg);
    CHECK_MSG(rc_calib_set_plane(&c, v.corners, &v.board, &err) == RC_OK, "%s", err.msg);
    char dir[] = "/tmp/romcap_calib_views_XXXXXX", path[64];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/c.yml", dir);
    CHECK_MSG(rc_calib_save(&c, path, &err) == RC_OK, "%s", err.msg);
    rc_calib l;
    CHECK_MSG(rc_calib_load_lens(path, &l, &err) == RC_OK, "%s", err.msg);
    CHECK(l.parts == RC_CALIB_LENS && l.image_width == 640 && l.image_height == 480);
    for (int i = 0; i < 9; i++)
        CHECK_NEAR(l.camera_matrix[i], c.camera_matrix[i], 1e-9 * (1 + fabs(c.camera_matrix[i])));
    for (int i = 0; i < 5; i++)
        CHECK_NEAR(l.dist[i], c.dist[i], 1e-9);
    CHECK(l.n_views == c.n_views);
    unlink(path);
    rmdir(dir);
    CHECK(rc_calib_load_lens(DATA "/none.yml", &l, &err) != RC_OK);

    /* The plane board from an image file. */
    double corners[2 * RC_CALIB_MAX_CORNERS];
    int w = 0, h = 0;
    CHECK(rc_calib_find_plane_board(&v.board, DATA "/left03.jpg", NULL, corners, &w, &h, &err) ==
              RC_OK &&
          w == 640 && h == 480);
    rc_calib_views_free(&v);
}

static void test_sources(void)
{
    mock m;
    if (!mock_init(&m, 640, 480)) {
        mock_free(&m);
        return;
    }
    rc_calib_reader rd = {.user = &m, .open = mock_open, .read = mock_read, .close = mock_close};
    said s = {0};
    rc_calib_events ev = {.user = &s, .warn = on_warn, .info = on_info};
    rc_err err = {{0}};
    rc_board b = {.cols = 9, .rows = 6, .square_mm = 90};

    /* Held still: every 3rd of 30 frames tried (30 / (2 * 5)), every 5th does not
     * decode (frames 4, 9, ... skipped, so 9 and 24 are not tried): 8 tried, all with
     * the board, one pose kept. */
    m.n_frames = 30;
    m.decode_every = 5;
    rc_calib_views v = {.board = b};
    CHECK_MSG(rc_calib_views_add(&v, "mock:still", 5, &rd, &ev, &err) == RC_OK, "%s", err.msg);
    CHECK(v.n == 1 && m.opened == 1 && m.closed == 1);
    CHECK(v.n == 1 && !strcmp(v.name[0], "mock:still#0"));
    CHECK_STR_CONTAINS(s.last_info,
                       "mock:still: board found in 8 of 8 sampled frames, 1 different");

    /* Two poses in turn: each differs from the last kept; at most 5 from this input. */
    m.n_scenes = 2;
    m.decode_every = 0;
    m.n_frames = 10; /* step 1 */
    CHECK_MSG(rc_calib_views_add(&v, "mock:two", 5, &rd, &ev, &err) == RC_OK, "%s", err.msg);
    CHECK(v.n == 6 && !strcmp(v.name[5], "mock:two#4"));
    rc_calib_views_free(&v);

    /* A read failure names the source; an unknown one is the reader's message. */
    m.fail_at = 2;
    v = (rc_calib_views){.board = b};
    CHECK(rc_calib_views_add(&v, "mock:fail", 5, &rd, &ev, &err) == RC_E_IO);
    CHECK_STR_CONTAINS(err.msg, "mock:fail: the disk went away");
    CHECK(m.opened == m.closed);
    CHECK(rc_calib_views_add(&v, "mock:none", 5, &rd, &ev, &err) == RC_E_NOT_FOUND);
    CHECK_STR_CONTAINS(err.msg, "mock:none: no such source");
    CHECK(rc_calib_views_add(&v, "mock:x", 5, NULL, &ev, &err) == RC_E_NOT_FOUND);
    rc_calib_views_free(&v);
    m.fail_at = -1;

    /* The plane board: the first frame that shows it; none is said. */
    double corners[2 * RC_CALIB_MAX_CORNERS];
    int w = 0, h = 0;
    m.n_frames = 10;
    m.first_board = 3;
    CHECK_MSG(rc_calib_find_plane_board(&b, "mock:plane", &rd, corners, &w, &h, &err) == RC_OK,
              "%s", err.msg);
    CHECK(w == 640 && h == 480);
    m.first_board = 1000;
    m.n_frames = 20;
    CHECK(rc_calib_find_plane_board(&b, "mock:blank", &rd, corners, &w, &h, &err) ==
          RC_E_NOT_FOUND);
    CHECK(m.next == 21); /* read to the end */
    CHECK_STR_CONTAINS(err.msg, "mock:blank: no 9x6 board found for --plane");
    mock_free(&m);

    /* A view of another size than those already kept is refused, named. */
    if (!mock_init(&m, 320, 240)) {
        mock_free(&m);
        return;
    }
    rd.user = &m;
    m.n_frames = 3;
    mock mb;
    if (mock_init(&mb, 640, 480)) {
        rc_calib_reader rb = {
            .user = &mb, .open = mock_open, .read = mock_read, .close = mock_close};
        mb.n_frames = 3;
        v = (rc_calib_views){.board = b};
        CHECK(rc_calib_views_add(&v, "mock:big", 5, &rb, &ev, &err) == RC_OK && v.n == 1);
        CHECK(rc_calib_views_add(&v, "mock:small", 5, &rd, &ev, &err) == RC_E_ARG);
        CHECK_STR_CONTAINS(err.msg, "mock:small#0: image is 320x240, the others 640x480");
        rc_calib_views_free(&v);
    }
    mock_free(&mb);
    mock_free(&m);
}

int main(void)
{
    if (test_path_exists(DATA "/left01.jpg"))
        test_files();
    else
        printf("OpenCV chessboard images not found under %s: files part skipped\n", DATA);
    test_sources();
    return TEST_RESULT();
}
