/* review_seek.c - the seek model of the review window: time <-> plot x, time ->
 * frame. Plain arithmetic on the recorded time stamps (a recording's frames need not
 * be evenly spaced: a camera drops frames, a phone varies its rate), so playback,
 * clicks and --shot-at all land on the frame that was really there at that time. */
#include <math.h>

#include "romcap/review.h"

double rc_review_axis_x(const rc_review_axis *a, double t_s)
{
    return a->x0_px + (t_s - a->t0_s) / (a->t1_s - a->t0_s) * a->w_px;
}

double rc_review_axis_t(const rc_review_axis *a, double x_px)
{
    double u = a->w_px > 0 ? (x_px - a->x0_px) / a->w_px : 0;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    return a->t0_s + u * (a->t1_s - a->t0_s);
}

int64_t rc_review_frame_at(const double *t_s, int64_t n, double t)
{
    if (n <= 0 || !(t >= t_s[0]))
        return 0;
    /* Binary search for the last time stamp <= t. */
    int64_t lo = 0, hi = n - 1;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo + 1) / 2;
        if (t_s[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

int64_t rc_review_frame_nearest(const double *t_s, int64_t n, double t)
{
    if (n <= 0 || isnan(t))
        return 0;
    if (t == INFINITY)
        return n - 1;
    int64_t i = rc_review_frame_at(t_s, n, t);
    /* Equal stamps (a clamped damaged index): the first of them. */
    while (i > 0 && t_s[i - 1] == t_s[i])
        i--;
    int64_t j = i + 1;
    while (j < n && t_s[j] == t_s[i])
        j++;
    if (j < n && t > t_s[i] && t_s[j] - t < t - t_s[i])
        return j;
    return i;
}

int64_t rc_review_step(const double *t_s, int64_t n, int64_t cur, int dir, int by_second)
{
    if (n <= 0)
        return 0;
    cur = cur < 0 ? 0 : cur >= n ? n - 1 : cur;
    int64_t k = cur + (dir < 0 ? -1 : 1);
    if (by_second) {
        int64_t j = rc_review_frame_nearest(t_s, n, t_s[cur] + (dir < 0 ? -1.0 : 1.0));
        if ((dir < 0 && j < k) || (dir >= 0 && j > k))
            k = j;
    }
    return k < 0 ? 0 : k >= n ? n - 1 : k;
}
