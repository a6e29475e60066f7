/* check_facing.c - the facing detector on what the tracker really saw.
 *
 * Reads an analysis folder's tracks.csv (romcap analyse on a synthetic scene, run
 * WITHOUT --mirror), feeds every frame's tracked positions to rc_facing in order, as
 * the integrated analyse and live will, and checks the call against the one the
 * scene was made with. Then it reads the model's first angle from the same tracked
 * positions with the chosen mirror (rc_facing_choose, no option given) and compares
 * it with the scene's exact truth, re-rendered here, and watches it for wrap jumps.
 *
 * usage: check_facing MODEL MODELS_DIR SCENE_URI OUT_DIR EXPECT MAX_RMS_DEG
 *   EXPECT   yes | no | undetermined (the mirror call)
 *   MAX_RMS  bound on the angle RMS read with the chosen mirror; negative = not checked
 * Exits 0 when everything holds, 1 otherwise, 2 on usage or input errors.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/facing.h"
#include "romcap/synth.h"

enum { LINE_CAP = 512, MAX_FRAMES = 100000 };

typedef struct frame_pos {
    int64_t frame;
    double t_s;
    rc_vec2 pos[RC_MAX_MARKERS];
    bool valid[RC_MAX_MARKERS];
} frame_pos;

/* Reads tracks.csv (frame,t_s,marker,x_px,y_px,state; rows grouped by frame) into
 * frames[]; returns how many frames, or -1. */
static int read_tracks(const char *dir, const rc_model *m, frame_pos *frames, int cap)
{
    char path[4200], line[LINE_CAP];
    snprintf(path, sizeof path, "%s/tracks.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f || !fgets(line, sizeof line, f)) {
        fprintf(stderr, "check_facing: cannot read %s\n", path);
        if (f)
            fclose(f);
        return -1;
    }
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        char name[64] = "", state[32] = "";
        long long frame;
        double t, x = NAN, y = NAN;
        /* x and y are empty for a lost marker: read them separately. */
        char *c[6] = {line};
        int k = 1;
        for (char *p = line; *p && k < 6; p++)
            if (*p == ',') {
                *p = '\0';
                c[k++] = p + 1;
            }
        if (k < 6)
            continue;
        c[5][strcspn(c[5], "\r\n")] = '\0';
        frame = atoll(c[0]);
        t = atof(c[1]);
        snprintf(name, sizeof name, "%s", c[2]);
        if (c[3][0] && c[4][0]) {
            x = atof(c[3]);
            y = atof(c[4]);
        }
        snprintf(state, sizeof state, "%s", c[5]);
        if (n == 0 || frames[n - 1].frame != frame) {
            if (n == cap)
                break;
            memset(&frames[n], 0, sizeof frames[n]);
            frames[n].frame = frame;
            frames[n].t_s = t;
            n++;
        }
        int i = rc_model_marker_index(m, name);
        if (i >= 0) {
            frames[n - 1].pos[i] = (rc_vec2){x, y};
            frames[n - 1].valid[i] = strcmp(state, "lost") && isfinite(x) && isfinite(y);
        }
    }
    fclose(f);
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: check_facing MODEL MODELS_DIR SCENE_URI OUT_DIR "
                        "yes|no|undetermined MAX_RMS_DEG\n");
        return 2;
    }
    const char *uri = argv[3], *dir = argv[4], *expect = argv[5];
    double max_rms = atof(argv[6]);
    rc_err err = {{0}};
    static rc_model m;
    if (rc_model_resolve(argv[1], argv[2], &m, &err) != RC_OK) {
        fprintf(stderr, "check_facing: %s\n", err.msg);
        return 2;
    }
    rc_synth *s = rc_synth_create_uri(uri, &err);
    if (!s) {
        fprintf(stderr, "check_facing: %s\n", err.msg);
        return 2;
    }
    frame_pos *frames = malloc(sizeof *frames * MAX_FRAMES);
    int n = frames ? read_tracks(dir, &m, frames, MAX_FRAMES) : -1;
    if (n <= 0) {
        free(frames);
        rc_synth_destroy(s);
        return 2;
    }
    rc_facing_state fs;
    rc_facing_init(&fs, &m, NULL, &err);
    for (int i = 0; i < n && !rc_facing_done(&fs); i++)
        rc_facing_feed(&fs, frames[i].frame, frames[i].t_s, frames[i].pos, frames[i].valid, NULL);
    rc_facing_finish(&fs);
    const rc_facing_result *r = rc_facing_get(&fs);
    rc_mirror_source src;
    bool mirror = rc_facing_choose(RC_MIRROR_AUTO, r, &src, NULL);

    rc_kin_options o = rc_kin_options_default();
    o.mirror = mirror;
    rc_wrap_watch w;
    rc_wrap_watch_init(&w);
    rc_truth tr;
    double se = 0;
    long defined = 0;
    for (int i = 0; i < n; i++) {
        double v = rc_kin_angle_deg(&m, 0, frames[i].pos, frames[i].valid, &o);
        rc_wrap_watch_feed(&w, frames[i].frame, v);
        if (!isfinite(v) || rc_synth_truth(s, frames[i].frame, &tr) != RC_OK)
            continue;
        double e = fmod(v - tr.angle_deg[0] + 540.0, 360.0) - 180.0;
        se += e * e;
        defined++;
    }
    double rms = defined ? sqrt(se / defined) : INFINITY;
    printf("%s: mirror %s (%s), facing %s, side %s, confidence %.2f, frame %lld: %s\n"
           "  %s read with mirror %s: angle RMS %.3f deg over %ld frames, wrap jumps %d\n",
           uri, rc_mirror_call_name(r->mirror), rc_mirror_source_name(src),
           rc_facing_name(r->facing), r->side[0] ? r->side : "?", r->confidence,
           (long long)r->frame, r->evidence, m.angle[0].name, mirror ? "on" : "off", rms, defined,
           w.n_jumps);
    int ok = !strcmp(rc_mirror_call_name(r->mirror), expect) && w.n_jumps == 0 &&
             (max_rms < 0 || rms <= max_rms);
    if (!ok)
        printf("FAILED: expected mirror %s, no wrap jump%s\n", expect,
               max_rms < 0 ? "" : " and the RMS within the bound");
    free(frames);
    rc_synth_destroy(s);
    return ok ? 0 : 1;
}
