/* track_coverage.c - what happened to each marker over a recording, and the one
 * plain line a therapist reads when a sticker was not seen well enough.
 *
 * Fed frame by frame (offline analysis and live alike), it keeps per marker the
 * frames seen (sharp or as a motion streak) / predicted / lost, the assignments
 * the identity guard refused, and the longest stretch without a sighting, so
 * the end of a run can say "never found" (wrong colour, wrong model, no light) or
 * "lost for 1.2 s from 3.4 s" (out of frame, covered) instead of nothing. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "romcap/track.h"

void rc_track_coverage_init(rc_track_coverage *c, int n_markers)
{
    *c = (rc_track_coverage){.n_markers = n_markers < 0 ? 0
                                          : n_markers > RC_MAX_MARKERS ? RC_MAX_MARKERS
                                                                       : n_markers,
                             .t_first_s = NAN,
                             .t_last_s = NAN};
    for (int k = 0; k < RC_MAX_MARKERS; k++)
        c->m[k] = (rc_track_coverage_marker){.first_seen_s = NAN,
                                             .longest_gap_start_s = NAN,
                                             .gap_start_s = NAN};
}

/* Ends marker k's open unseen stretch at time `end_s`. */
static void close_gap(rc_track_coverage_marker *m, double end_s)
{
    if (isnan(m->gap_start_s))
        return;
    double len = end_s - m->gap_start_s;
    if (len > m->longest_gap_s) {
        m->longest_gap_s = len;
        m->longest_gap_start_s = m->gap_start_s;
    }
    m->gap_start_s = NAN;
}

void rc_track_coverage_add(rc_track_coverage *c, double t_s, const rc_marker_state *st)
{
    if (c->frames == 0)
        c->t_first_s = t_s;
    else if (t_s > c->t_last_s)
        c->dt_s = t_s - c->t_last_s;
    c->t_last_s = t_s;
    c->frames++;
    for (int k = 0; k < c->n_markers; k++) {
        rc_track_coverage_marker *m = &c->m[k];
        m->refused += st[k].refused != 0;
        m->streak += st[k].state == RC_TRACK_STREAK;
        switch (st[k].state) {
        case RC_TRACK_STREAK: /* a streak is a sighting */
        case RC_TRACK_SEEN:
            m->seen++;
            if (isnan(m->first_seen_s))
                m->first_seen_s = t_s;
            close_gap(m, t_s);
            continue;
        case RC_TRACK_PREDICTED:
            m->predicted++;
            break;
        default:
            m->lost++;
            break;
        }
        if (isnan(m->gap_start_s))
            m->gap_start_s = t_s;
    }
}

void rc_track_coverage_finish(rc_track_coverage *c)
{
    /* The last frame lasts one frame interval. */
    double end = c->t_last_s + c->dt_s;
    for (int k = 0; k < c->n_markers; k++)
        close_gap(&c->m[k], end);
}

double rc_track_coverage_seen_fraction(const rc_track_coverage *c, int k)
{
    if (k < 0 || k >= c->n_markers || c->frames <= 0)
        return 0.0;
    return (double)c->m[k].seen / (double)c->frames;
}

const char *rc_color_word(const uint8_t rgb[3])
{
    double r = rgb[0] / 255.0, g = rgb[1] / 255.0, b = rgb[2] / 255.0;
    double mx = fmax(r, fmax(g, b)), mn = fmin(r, fmin(g, b)), d = mx - mn;
    if (mx < 0.2)
        return "black";
    if (d < 0.15 * mx)
        return mx > 0.75 ? "white" : "grey";
    double h; /* hue, degrees */
    if (mx == r)
        h = 60.0 * fmod((g - b) / d + 6.0, 6.0);
    else if (mx == g)
        h = 60.0 * ((b - r) / d + 2.0);
    else
        h = 60.0 * ((r - g) / d + 4.0);
    static const struct {
        double upto;
        const char *word;
    } hues[] = {{15, "red"},   {40, "orange"},  {70, "yellow"}, {160, "green"},
                {200, "cyan"}, {255, "blue"},   {290, "purple"}, {340, "magenta"},
                {361, "red"}};
    for (size_t i = 0; i < sizeof hues / sizeof hues[0]; i++)
        if (h < hues[i].upto)
            return hues[i].word;
    return "red";
}

int rc_track_coverage_diagnose(const rc_track_coverage *c, int k, const char *name,
                               const uint8_t rgb[3], char *out, size_t cap)
{
    if (cap)
        out[0] = '\0';
    if (k < 0 || k >= c->n_markers || c->frames <= 0)
        return 0;
    const rc_track_coverage_marker *m = &c->m[k];
    double pct = 100.0 * rc_track_coverage_seen_fraction(c, k);
    const char *colour = rc_color_word(rgb);
    if (pct >= RC_COVERAGE_MIN_SEEN_PCT) {
        if (m->refused == 0)
            return 0;
        snprintf(out, cap,
                 "marker '%s' (%s sticker): %lld assignments refused as jumps to another "
                 "object (something of its colour in view?)",
                 name, colour, (long long)m->refused);
        return 1;
    }
    size_t len = 0;
    if (m->seen == 0) {
        snprintf(out, cap,
                 "marker '%s' (%s sticker) was never found: check the sticker colour with "
                 "`romcap learn`, the light, or the model",
                 name, colour);
    } else {
        snprintf(out, cap,
                 "marker '%s' (%s sticker) seen in %.0f%% of frames; longest loss %.1f s "
                 "from %.1f s: out of frame or covered?",
                 name, colour, floor(pct), m->longest_gap_s,
                 m->longest_gap_start_s - c->t_first_s);
    }
    len = cap ? strlen(out) : 0;
    if (m->refused > 0 && len + 1 < cap)
        snprintf(out + len, cap - len, "; %lld assignments refused as jumps to another object",
                 (long long)m->refused);
    return 1;
}
