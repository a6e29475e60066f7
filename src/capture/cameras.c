/* cameras.c - `romcap cameras`: the V4L2 capture devices, their formats, sizes,
 * frame rates and controls, asked of the kernel with the V4L2 ioctls
 * (VIDIOC_QUERYCAP, VIDIOC_ENUM_FMT, VIDIOC_ENUM_FRAMESIZES,
 * VIDIOC_ENUM_FRAMEINTERVALS, VIDIOC_QUERYCTRL, VIDIOC_G_CTRL). See cameras.h.
 */
#include "romcap/cameras.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_DEVICES = 64, MAX_LISTED = 64 /* sizes, rates, formats: a sane bound each */ };

/* ioctl, retried when a signal interrupts it. */
static int xioctl(int fd, unsigned long req, void *arg)
{
    int r;
    do
        r = ioctl(fd, req, arg);
    while (r < 0 && errno == EINTR);
    return r;
}

static void fourcc_text(uint32_t f, char out[5])
{
    for (int i = 0; i < 4; i++) {
        char c = (char)((f >> (8 * i)) & 0xff);
        out[i] = c >= 32 && c < 127 ? c : '?';
    }
    out[4] = '\0';
}

/* The frame rates of one size, on one line. */
static void list_rates(int fd, uint32_t fmt, uint32_t w, uint32_t h, FILE *out)
{
    struct v4l2_frmivalenum fi;
    memset(&fi, 0, sizeof fi);
    fi.pixel_format = fmt;
    fi.width = w;
    fi.height = h;
    fputs("   ", out);
    int n = 0;
    for (; n < MAX_LISTED && xioctl(fd, VIDIOC_ENUM_FRAMEINTERVALS, &fi) == 0; fi.index = ++n) {
        if (fi.type == V4L2_FRMIVAL_TYPE_DISCRETE) {
            if (fi.discrete.numerator)
                fprintf(out, " %.4g", (double)fi.discrete.denominator / fi.discrete.numerator);
        } else {
            const struct v4l2_fract *lo = &fi.stepwise.max, *hi = &fi.stepwise.min;
            if (lo->numerator && hi->numerator)
                fprintf(out, " %.4g-%.4g", (double)lo->denominator / lo->numerator,
                        (double)hi->denominator / hi->numerator);
            n++;
            break;
        }
    }
    fputs(n ? " fps\n" : " (frame rates not reported)\n", out);
}

static void list_sizes(int fd, uint32_t fmt, FILE *out)
{
    struct v4l2_frmsizeenum fs;
    memset(&fs, 0, sizeof fs);
    fs.pixel_format = fmt;
    int n = 0;
    for (; n < MAX_LISTED && xioctl(fd, VIDIOC_ENUM_FRAMESIZES, &fs) == 0; fs.index = ++n) {
        if (fs.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
            fprintf(out, "    %ux%u:", fs.discrete.width, fs.discrete.height);
            list_rates(fd, fmt, fs.discrete.width, fs.discrete.height, out);
        } else {
            fprintf(out, "    %ux%u to %ux%u (step %ux%u)\n", fs.stepwise.min_width,
                    fs.stepwise.min_height, fs.stepwise.max_width, fs.stepwise.max_height,
                    fs.stepwise.step_width, fs.stepwise.step_height);
            n++;
            break;
        }
    }
    if (!n)
        fputs("    (sizes not reported)\n", out);
}

static void list_formats(int fd, FILE *out)
{
    struct v4l2_fmtdesc fd_;
    memset(&fd_, 0, sizeof fd_);
    fd_.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    int n = 0;
    for (; n < MAX_LISTED && xioctl(fd, VIDIOC_ENUM_FMT, &fd_) == 0; fd_.index = ++n) {
        char cc[5];
        fourcc_text(fd_.pixelformat, cc);
        fprintf(out, "  format %s (%.32s)%s\n", cc, (const char *)fd_.description,
                fd_.pixelformat == V4L2_PIX_FMT_MJPEG ? "  <- romcap asks for this" : "");
        list_sizes(fd, fd_.pixelformat, out);
    }
    if (!n)
        fputs("  no capture formats reported\n", out);
}

static const char *ctrl_type(uint32_t t)
{
    switch (t) {
    case V4L2_CTRL_TYPE_INTEGER: return "int";
    case V4L2_CTRL_TYPE_BOOLEAN: return "bool";
    case V4L2_CTRL_TYPE_MENU: return "menu";
    case V4L2_CTRL_TYPE_INTEGER_MENU: return "intmenu";
    default: return NULL; /* buttons, classes, strings, compound: not listed */
    }
}

static void list_controls(int fd, FILE *out)
{
    struct v4l2_queryctrl q;
    memset(&q, 0, sizeof q);
    q.id = V4L2_CTRL_FLAG_NEXT_CTRL;
    int n = 0;
    for (int guard = 0; guard < 1024 && xioctl(fd, VIDIOC_QUERYCTRL, &q) == 0; guard++) {
        const char *type = ctrl_type(q.type);
        if (type && !(q.flags & V4L2_CTRL_FLAG_DISABLED)) {
            struct v4l2_control c = {.id = q.id};
            char now[32] = "?";
            if (xioctl(fd, VIDIOC_G_CTRL, &c) == 0)
                snprintf(now, sizeof now, "%d", c.value);
            if (!n++)
                fputs("  controls (name: type min..max step, default, now):\n", out);
            fprintf(out, "    %.32s: %s %d..%d step %d, default %d, now %s%s\n",
                    (const char *)q.name, type, q.minimum, q.maximum, q.step,
                    q.default_value, now,
                    (q.flags & V4L2_CTRL_FLAG_INACTIVE) ? " (inactive)" : "");
        }
        q.id |= V4L2_CTRL_FLAG_NEXT_CTRL;
    }
    if (!n)
        fputs("  no controls reported\n", out);
}

/* One device: 1 when listed (a capture device, or one that could not be opened). */
static int list_device(const char *path, int sep, FILE *out)
{
    int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        fprintf(out, "%s%s: cannot open: %s\n", sep ? "\n" : "", path, strerror(errno));
        return 1;
    }
    struct v4l2_capability cap;
    memset(&cap, 0, sizeof cap);
    if (xioctl(fd, VIDIOC_QUERYCAP, &cap) != 0) {
        close(fd);
        return 0; /* not a V4L2 device */
    }
    uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
    if (!(caps & V4L2_CAP_VIDEO_CAPTURE)) {
        close(fd);
        return 0; /* e.g. a UVC camera's metadata node */
    }
    fprintf(out, "%s%s: %.32s (driver %.16s, bus %.32s)\n", sep ? "\n" : "", path,
            (const char *)cap.card,
            (const char *)cap.driver, (const char *)cap.bus_info);
    list_formats(fd, out);
    list_controls(fd, out);
    close(fd);
    return 1;
}

static int by_number(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

rc_status rc_cameras_list(const char *dev_dir, FILE *out, int *n_listed, rc_err *err)
{
    *n_listed = 0;
    DIR *d = opendir(dev_dir);
    if (!d)
        return rc_err_set(err, RC_E_IO, "%s: cannot read: %s", dev_dir, strerror(errno));
    int nums[MAX_DEVICES], n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL && n < MAX_DEVICES;) {
        char *end;
        if (strncmp(e->d_name, "video", 5) || !e->d_name[5])
            continue;
        long v = strtol(e->d_name + 5, &end, 10);
        if (*end == '\0' && v >= 0 && v < 100000)
            nums[n++] = (int)v;
    }
    closedir(d);
    qsort(nums, (size_t)n, sizeof nums[0], by_number);
    for (int i = 0; i < n; i++) {
        char path[4200];
        struct stat st;
        snprintf(path, sizeof path, "%s/video%d", dev_dir, nums[i]);
        if (stat(path, &st) != 0 || !S_ISCHR(st.st_mode))
            continue;
        *n_listed += list_device(path, *n_listed > 0, out);
    }
    return RC_OK;
}
