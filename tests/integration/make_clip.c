/* make_clip.c - renders a synthetic scene into an MJPEG AVI (OpenCV VideoWriter) or
 * a folder of JPEGs (TurboJPEG), so the file and folder sources are tested end to
 * end against the scene's exact truth.
 *
 * usage: make_clip SCENE_URI avi OUT.avi [QUALITY]
 *        make_clip SCENE_URI jpegs OUT_DIR [QUALITY [CORRUPT_FRAME]]
 * CORRUPT_FRAME: that JPEG is cut in the middle of its entropy-coded data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cv/cv_video.h"
#include "romcap/jpeg.h"
#include "romcap/synth.h"

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: make_clip SCENE_URI avi|jpegs OUT [QUALITY [CORRUPT_FRAME]]\n");
        return 2;
    }
    const char *uri = argv[1], *kind = argv[2], *out = argv[3];
    int quality = argc > 4 ? atoi(argv[4]) : 90;
    long corrupt = argc > 5 ? atol(argv[5]) : -1;
    rc_err err = {{0}};
    rc_synth *s = rc_synth_create_uri(uri, &err);
    if (!s) {
        fprintf(stderr, "make_clip: %s\n", err.msg);
        return 2;
    }
    rc_synth_options o;
    rc_synth_get_options(s, &o);
    rc_image im;
    uint8_t *buf = rc_image_alloc(&im, RC_PIX_I420, o.width, o.height);
    rc_cv_writer *w = NULL;
    rc_jpeg *j = NULL;
    if (!strcmp(kind, "avi")) {
        w = rc_cv_writer_open(out, o.width, o.height, o.fps, quality, &err);
    } else {
        mkdir(out, 0700);
        j = rc_jpeg_create(&err);
    }
    if (!buf || (!w && !j)) {
        fprintf(stderr, "make_clip: %s\n", err.msg);
        return 1;
    }
    int64_t n = rc_synth_frame_count(s);
    int rc = 0;
    for (int64_t i = 0; i < n && rc == 0; i++) {
        rc_synth_render(s, i, &im, NULL);
        if (w) {
            if (rc_cv_writer_write(w, &im, &err) != RC_OK)
                rc = 1;
            continue;
        }
        const uint8_t *jb;
        size_t jn;
        if (rc_jpeg_encode(j, &im, quality, &jb, &jn) != RC_OK) {
            fprintf(stderr, "make_clip: %s\n", rc_jpeg_last_error(j));
            rc = 1;
            break;
        }
        char path[4200];
        snprintf(path, sizeof path, "%s/frame_%05lld.jpg", out, (long long)i);
        FILE *f = fopen(path, "wb");
        size_t keep = i == corrupt ? jn / 2 : jn;
        if (!f || fwrite(jb, 1, keep, f) != keep)
            rc = 1;
        if (f)
            fclose(f);
    }
    if (w && rc_cv_writer_close(w, &err) != RC_OK)
        rc = 1;
    if (rc)
        fprintf(stderr, "make_clip: %s: %s\n", out, err.msg[0] ? err.msg : "write failed");
    rc_jpeg_destroy(j);
    free(buf);
    rc_synth_destroy(s);
    return rc;
}
