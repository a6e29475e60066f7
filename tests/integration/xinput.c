/* xinput.c - real X input for window tests, through the XTest extension
 * (libXtst, opened at run time so no -dev package is needed).
 *
 * usage: xinput [win TITLE] [key KEYSYM] [click X Y] [sleep MS] ...
 *   win TITLE   wait (up to 10 s) for a mapped window whose title contains TITLE; later
 *               click coordinates are relative to its top-left corner
 *   key KEYSYM  press and release a key ("l", "space", ...)
 *   click X Y   move the pointer there and click the left button
 *   drag X0 Y X1  press the left button at (X0, Y), move to (X1, Y) in 10 steps of
 *               30 ms, release there
 *   sleep MS    wait
 * Exits 1 with a message when the display, XTest or the window is missing.
 */
#define _DEFAULT_SOURCE /* usleep */
#include <X11/Xlib.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*button_fn)(Display *, unsigned, int, unsigned long);
typedef int (*motion_fn)(Display *, int, int, int, unsigned long);

/* Set by the error handler: Xlib's handler has no user pointer, hence a static. A
 * window can vanish between finding and asking about it (SDL re-creates its window
 * when the renderer needs another visual): that is an error to retry, not to die of. */
static int x_failed;

static int on_x_error(Display *d, XErrorEvent *e)
{
    (void)d;
    (void)e;
    x_failed = 1;
    return 0;
}

static Window find_window(Display *d, Window w, const char *title)
{
    char *name = NULL;
    if (XFetchName(d, w, &name) && name) {
        int match = strstr(name, title) != NULL;
        XFree(name);
        if (match)
            return w;
    }
    Window root, parent, *kids = NULL, found = 0;
    unsigned n = 0;
    if (!XQueryTree(d, w, &root, &parent, &kids, &n))
        return 0;
    for (unsigned i = 0; i < n && !found; i++)
        found = find_window(d, kids[i], title);
    if (kids)
        XFree(kids);
    return found;
}

/* Whether `w` exists and is mapped, surviving its destruction meanwhile. */
static int viewable(Display *d, Window w)
{
    XWindowAttributes wa;
    x_failed = 0;
    int ok = XGetWindowAttributes(d, w, &wa);
    XSync(d, False);
    return ok && !x_failed && wa.map_state == IsViewable;
}

/* Waits (up to 10 s) for a mapped window whose title contains `title` that is still
 * the same window 0.3 s later, so its position means something. 0 if none. */
static Window win_viewable(Display *d, const char *title)
{
    for (int t = 0; t < 100; t++) {
        x_failed = 0;
        Window w = find_window(d, DefaultRootWindow(d), title);
        XSync(d, False);
        if (w && !x_failed && viewable(d, w)) {
            usleep(300000);
            x_failed = 0;
            Window again = find_window(d, DefaultRootWindow(d), title);
            XSync(d, False);
            if (again == w && !x_failed && viewable(d, w))
                return w;
        }
        usleep(100000);
    }
    return 0;
}

int main(int argc, char **argv)
{
    Display *d = XOpenDisplay(NULL);
    void *xt = dlopen("libXtst.so.6", RTLD_NOW);
    button_fn button = xt ? (button_fn)dlsym(xt, "XTestFakeButtonEvent") : NULL;
    button_fn key = xt ? (button_fn)dlsym(xt, "XTestFakeKeyEvent") : NULL;
    motion_fn motion = xt ? (motion_fn)dlsym(xt, "XTestFakeMotionEvent") : NULL;
    if (!d || !button || !key || !motion) {
        fprintf(stderr, "xinput: %s\n", !d ? "no X display" : "XTest (libXtst.so.6) not found");
        return 1;
    }
    XSetErrorHandler(on_x_error);
    int ox = 0, oy = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "win") && i + 1 < argc) {
            Window w = win_viewable(d, argv[i + 1]), child;
            if (!w) {
                fprintf(stderr, "xinput: no window titled '%s'\n", argv[i + 1]);
                return 1;
            }
            XTranslateCoordinates(d, w, DefaultRootWindow(d), 0, 0, &ox, &oy, &child);
            i++;
        } else if (!strcmp(a, "key") && i + 1 < argc) {
            KeyCode k = XKeysymToKeycode(d, XStringToKeysym(argv[++i]));
            key(d, k, True, 0);
            key(d, k, False, 0);
        } else if (!strcmp(a, "click") && i + 2 < argc) {
            motion(d, -1, ox + atoi(argv[i + 1]), oy + atoi(argv[i + 2]), 0);
            button(d, 1, True, 0);
            button(d, 1, False, 0);
            i += 2;
        } else if (!strcmp(a, "drag") && i + 3 < argc) {
            int x0 = atoi(argv[i + 1]), y = atoi(argv[i + 2]), x1 = atoi(argv[i + 3]);
            motion(d, -1, ox + x0, oy + y, 0);
            button(d, 1, True, 0);
            for (int k = 1; k <= 10; k++) {
                XFlush(d);
                usleep(30000);
                motion(d, -1, ox + x0 + (x1 - x0) * k / 10, oy + y, 0);
            }
            button(d, 1, False, 0);
            i += 3;
        } else if (!strcmp(a, "sleep") && i + 1 < argc) {
            usleep(1000 * (useconds_t)atoi(argv[++i]));
        } else {
            fprintf(stderr, "xinput: bad argument '%s'\n", a);
            return 1;
        }
        XFlush(d);
    }
    XCloseDisplay(d);
    return 0;
}
