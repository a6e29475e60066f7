/* ui_prim.c - rings, arcs, thick lines and rectangles as exact pixel spans.
 *
 * Every shape is cut into convex polygons (quads along a line, annulus pieces,
 * pie slices) and each polygon is scan-converted here into one-pixel-high spans:
 * a pixel belongs to a polygon when its centre lies inside, with half-open
 * intervals on both axes. Edges shared by two polygons are intersected from the
 * same canonical endpoint order, so neighbours tile the plane with no gap and no
 * double blending (SDL's own triangle filler leaves the odd hole on a shared
 * diagonal in the software renderer). No anti-aliasing: edges stay crisp and
 * pixel tests exact. Spans are batched in the rc_ui object (no allocation per
 * frame) and sent with SDL_RenderFillRects; callers flush before drawing text
 * so the painter's order holds.
 */
#include "ui_internal.h"

#include <math.h>

void rc__prim_flush(rc_ui *ui)
{
    if (ui->n_rects > 0) {
        SDL_Color c = ui->rect_c;
        SDL_SetRenderDrawColor(ui->ren, c.r, c.g, c.b, c.a);
        SDL_RenderFillRects(ui->ren, ui->rects, ui->n_rects);
    }
    ui->n_rects = 0;
}

static void span(rc_ui *ui, int x0, int x1, int y, SDL_Color c)
{
    if (ui->n_rects > 0 &&
        (ui->rect_c.r != c.r || ui->rect_c.g != c.g || ui->rect_c.b != c.b || ui->rect_c.a != c.a))
        rc__prim_flush(ui);
    if (ui->n_rects == UI_RECT_CAP)
        rc__prim_flush(ui);
    ui->rect_c = c;
    ui->rects[ui->n_rects++] = (SDL_Rect){x0, y, x1 - x0, 1};
}

/* x where edge (ax, ay)-(bx, by) crosses the horizontal line y; the endpoints are
 * put in a canonical order first so both polygons sharing the edge get the same
 * bits. */
static float edge_x(float ax, float ay, float bx, float by, float y)
{
    if (ay > by || (ay == by && ax > bx)) {
        float t = ax;
        ax = bx, bx = t;
        t = ay;
        ay = by, by = t;
    }
    return ax + (y - ay) * (bx - ax) / (by - ay);
}

/* Fills a convex polygon of n <= 4 vertices: the pixels whose centres (x + 0.5,
 * y + 0.5) lie in [left edge, right edge) and [top, bottom). */
static void convex(rc_ui *ui, const float *px, const float *py, int n, SDL_Color c)
{
    float ymin = py[0], ymax = py[0];
    for (int i = 0; i < n; i++) {
        if (!isfinite(px[i]) || !isfinite(py[i]))
            return;
        ymin = fminf(ymin, py[i]);
        ymax = fmaxf(ymax, py[i]);
    }
    int y0 = (int)ceilf(ymin - 0.5f), y1 = (int)ceilf(ymax - 0.5f);
    if (y0 < 0)
        y0 = 0;
    if (y1 > ui->out_h)
        y1 = ui->out_h;
    for (int y = y0; y < y1; y++) {
        float yc = (float)y + 0.5f, xl = INFINITY, xr = -INFINITY;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            float ay = py[i], by = py[j];
            if ((ay <= yc && yc < by) || (by <= yc && yc < ay)) {
                float x = edge_x(px[i], ay, px[j], by, yc);
                xl = fminf(xl, x);
                xr = fmaxf(xr, x);
            }
        }
        if (!(xr > xl))
            continue;
        int xa = (int)ceilf(fmaxf(xl, -1.0f) - 0.5f);
        int xb = (int)ceilf(fminf(xr, (float)ui->out_w + 1.0f) - 0.5f);
        if (xb > xa)
            span(ui, xa, xb, y, c);
    }
}

static void tri(rc_ui *ui, float x0, float y0, float x1, float y1, float x2, float y2, SDL_Color c)
{
    const float px[3] = {x0, x1, x2}, py[3] = {y0, y1, y2};
    convex(ui, px, py, 3, c);
}

static void quad(rc_ui *ui, float ax, float ay, float bx, float by, float cx, float cy, float dx,
                 float dy, SDL_Color c)
{
    const float px[4] = {ax, bx, cx, dx}, py[4] = {ay, by, cy, dy};
    convex(ui, px, py, 4, c);
}

void rc__prim_rect(rc_ui *ui, float x, float y, float w, float h, SDL_Color c)
{
    if (w <= 0 || h <= 0)
        return;
    quad(ui, x, y, x + w, y, x + w, y + h, x, y + h, c);
}

void rc__prim_line(rc_ui *ui, float x0, float y0, float x1, float y1, float width, SDL_Color c)
{
    float dx = x1 - x0, dy = y1 - y0;
    float len = sqrtf(dx * dx + dy * dy);
    if (!(len > 1e-3f) || !(width > 0))
        return;
    /* Half-width normal; the segment is also extended by half a width at each
     * end so joints between consecutive lines have no notch. */
    float nx = -dy / len * width * 0.5f, ny = dx / len * width * 0.5f;
    float ex = dx / len * width * 0.5f, ey = dy / len * width * 0.5f;
    x0 -= ex, y0 -= ey, x1 += ex, y1 += ey;
    quad(ui, x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny, c);
}

void rc__prim_dashed_line(rc_ui *ui, float x0, float y0, float x1, float y1, float width,
                          float dash, SDL_Color c)
{
    float dx = x1 - x0, dy = y1 - y0;
    float len = sqrtf(dx * dx + dy * dy);
    if (!(len > 1e-3f) || !(dash > 0.5f))
        return;
    float ux = dx / len, uy = dy / len;
    /* Dash and gap have the same length; the first dash starts at (x0, y0). */
    for (float t = 0; t < len; t += 2 * dash) {
        float t1 = fminf(t + dash, len);
        rc__prim_line(ui, x0 + ux * t, y0 + uy * t, x0 + ux * t1, y0 + uy * t1, width, c);
    }
}

/* Segments for a curve of radius r spanning `span` radians: about one segment per
 * 3 pixels of arc, so rings of 8-80 px look round without costing much. */
static int n_steps(float r, double span)
{
    int n = (int)ceil(fabs(span) * r / 3.0);
    if (n < 3)
        n = 3;
    if (n > 256)
        n = 256;
    return n;
}

void rc__prim_arc(rc_ui *ui, float cx, float cy, float r_in, float r_out, double a0, double a1,
                  SDL_Color c)
{
    if (!(r_out > r_in) || !isfinite(a0) || !isfinite(a1))
        return;
    int n = n_steps(r_out, a1 - a0);
    double step = (a1 - a0) / n;
    /* Screen y points down, so a counter-clockwise angle subtracts sin. */
    float c0 = (float)cos(a0), s0 = (float)sin(a0);
    for (int i = 1; i <= n; i++) {
        double a = a0 + step * i;
        float c1 = (float)cos(a), s1 = (float)sin(a);
        quad(ui, cx + r_in * c0, cy - r_in * s0, cx + r_out * c0, cy - r_out * s0, cx + r_out * c1,
             cy - r_out * s1, cx + r_in * c1, cy - r_in * s1, c);
        c0 = c1, s0 = s1;
    }
}

void rc__prim_dashed_ring(rc_ui *ui, float cx, float cy, float r_in, float r_out, int n_dash,
                          SDL_Color c)
{
    if (n_dash < 2)
        n_dash = 2;
    double period = 2.0 * UI_PI / n_dash;
    for (int i = 0; i < n_dash; i++) {
        double a0 = i * period;
        rc__prim_arc(ui, cx, cy, r_in, r_out, a0, a0 + 0.5 * period, c);
    }
}

void rc__prim_sector(rc_ui *ui, float cx, float cy, float r, double a0, double a1, SDL_Color c)
{
    if (!(r > 0) || !isfinite(a0) || !isfinite(a1))
        return;
    int n = n_steps(r, a1 - a0);
    double step = (a1 - a0) / n;
    float px = cx + r * (float)cos(a0), py = cy - r * (float)sin(a0);
    for (int i = 1; i <= n; i++) {
        double a = a0 + step * i;
        float qx = cx + r * (float)cos(a), qy = cy - r * (float)sin(a);
        tri(ui, cx, cy, px, py, qx, qy, c);
        px = qx, py = qy;
    }
}

void rc__prim_disc(rc_ui *ui, float cx, float cy, float r, SDL_Color c)
{
    rc__prim_sector(ui, cx, cy, r, 0.0, 2.0 * UI_PI, c);
}
