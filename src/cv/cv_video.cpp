// cv_video.cpp - the OpenCV VideoCapture / VideoWriter bridge (see cv_video.h).
//
// OpenCV 4.6 facts this relies on (measured, Debian 12): with the FFMPEG backend,
// CAP_PROP_FORMAT = -1 switches a capture to raw mode, in which read() returns each
// compressed packet as a 1 x N CV_8UC1 Mat (for MJPEG: one complete JPEG, FF D8 ...
// FF D9) and CAP_PROP_POS_MSEC stays 0, so raw timestamps come from the frame index.
// The V4L2 backend returns the camera's buffer the same way with CONVERT_RGB = 0.
// Phone files (measured, OpenCV 4.6 + FFmpeg 5.1): CAP_PROP_ORIENTATION_META reads the
// display matrix (90 for a phone held upright), CAP_PROP_ORIENTATION_AUTO (on by
// default, set here anyway) turns decoded frames and FRAME_WIDTH/HEIGHT upright, and
// CAP_PROP_POS_MSEC after a read is that frame's presentation time (0 for the first,
// irregular steps kept for a variable-frame-rate file, B-frames in display order).
#include "cv_video.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#include <opencv2/videoio/registry.hpp>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include <sys/stat.h>

struct rc_cv_video {
    cv::VideoCapture cap;
    cv::Mat frame; // last read (packet or BGR), reused by OpenCV between reads
    cv::Mat bgr;   // grey or BGRA frames converted to BGR
    rc_cv_video_info info;
    std::string name; // file path or "camera:N", for messages
    bool pending;     // `frame` holds the probe read from open, not yet handed out
    bool camera;
};

struct rc_cv_writer {
    cv::VideoWriter vw;
    cv::Mat bgr;
    std::string path;
    int width, height;
};

static bool is_mjpeg(const char *fcc)
{
    char up[5] = {0};
    for (int i = 0; i < 4 && fcc[i]; i++)
        up[i] = (char)std::toupper((unsigned char)fcc[i]);
    return !std::strcmp(up, "MJPG") || !std::strcmp(up, "AVDJ") || !std::strcmp(up, "JPEG") ||
           !std::strcmp(up, "MJPA") || !std::strcmp(up, "AVRN");
}

static void fill_info(rc_cv_video *v)
{
    rc_cv_video_info *in = &v->info;
    in->width = (int)v->cap.get(cv::CAP_PROP_FRAME_WIDTH);
    in->height = (int)v->cap.get(cv::CAP_PROP_FRAME_HEIGHT);
    in->fps = v->cap.get(cv::CAP_PROP_FPS);
    if (!(in->fps > 0 && in->fps < 1000))
        in->fps = 0;
    double n = v->cap.get(cv::CAP_PROP_FRAME_COUNT);
    in->n_frames = (!v->camera && n > 0 && n < 1e12) ? (int64_t)n : -1;
    int fcc = (int)v->cap.get(cv::CAP_PROP_FOURCC);
    for (int i = 0; i < 4; i++) {
        char c = (char)((fcc >> (8 * i)) & 0xFF);
        in->fourcc[i] = std::isprint((unsigned char)c) ? c : '\0';
    }
    in->fourcc[4] = '\0';
    std::snprintf(in->backend, sizeof in->backend, "%s", v->cap.getBackendName().c_str());
}

static bool frame_is_jpeg(const cv::Mat &m)
{
    return !m.empty() && m.depth() == CV_8U && m.channels() == 1 && m.isContinuous() &&
           m.total() >= 4 && m.data[0] == 0xFF && m.data[1] == 0xD8;
}

// Switches a freshly opened MJPEG capture to raw packets and checks the first read
// really is a JPEG (kept as the pending first frame). False: raw mode is not usable.
static bool try_raw(rc_cv_video *v)
{
    if (!v->camera && !v->cap.set(cv::CAP_PROP_FORMAT, -1))
        return false;
    v->cap.set(cv::CAP_PROP_CONVERT_RGB, 0);
    if (!v->cap.read(v->frame) || !frame_is_jpeg(v->frame))
        return false;
    v->pending = true;
    return true;
}

// Files go to FFMPEG (OpenCV's own MJPEG AVI reader only in builds without it);
// never through CAP_ANY, which would also try GStreamer, gphoto2 and image
// sequences: slow, noisy on stderr and leaky for a file none of them can read.
static int file_backend(void)
{
    return cv::videoio_registry::hasBackend(cv::CAP_FFMPEG) ? cv::CAP_FFMPEG : cv::CAP_OPENCV_MJPEG;
}

static bool open_file_backend(cv::VideoCapture &cap, const char *path)
{
    if (cap.open(path, file_backend()) && cap.isOpened()) {
        cap.set(cv::CAP_PROP_ORIENTATION_AUTO, 1); // may be unsupported (MJPEG backend)
        return true;
    }
    cap.release();
    return false;
}

extern "C" rc_cv_video *rc_cv_video_open_file(const char *path, int want_raw,
                                              rc_err *err) RC_NOEXCEPT
{
    rc_cv_video *v = nullptr;
    try {
        struct stat st;
        if (!path || stat(path, &st) != 0) {
            rc_err_set(err, RC_E_NOT_FOUND, "no such file: %s", path ? path : "(null)");
            return nullptr;
        }
        if (!S_ISREG(st.st_mode)) {
            rc_err_set(err, RC_E_FORMAT, "%s: not a readable video", path);
            return nullptr;
        }
        v = new rc_cv_video();
        v->name = path;
        if (!open_file_backend(v->cap, path)) {
            rc_err_set(err, RC_E_FORMAT, "%s: not a readable video", path);
            delete v;
            return nullptr;
        }
        fill_info(v);
        double rot = v->cap.get(cv::CAP_PROP_ORIENTATION_META);
        int r = (rot > 0 && rot < 360) ? ((int)(rot + 0.5) / 90 * 90) % 360 : 0;
        v->info.rotation_deg = r;
        if (want_raw && r == 0 && is_mjpeg(v->info.fourcc)) { // raw packets are not turned
            if (try_raw(v)) {
                v->info.raw = 1;
            } else {
                // Raw mode half-applied or the packets are not plain JPEG: start over
                // with decoded frames.
                v->pending = false;
                v->cap.release();
                if (!open_file_backend(v->cap, path)) {
                    rc_err_set(err, RC_E_FORMAT, "%s: not a readable video", path);
                    delete v;
                    return nullptr;
                }
            }
        }
        if (v->info.width <= 0 || v->info.height <= 0) {
            rc_err_set(err, RC_E_FORMAT, "%s: not a readable video (no frame size)", path);
            delete v;
            return nullptr;
        }
        return v;
    } catch (const std::exception &e) {
        rc_err_set(err, RC_E_FORMAT, "%s: not a readable video (%s)", path, e.what());
    } catch (...) {
        rc_err_set(err, RC_E_FORMAT, "%s: not a readable video", path);
    }
    delete v;
    return nullptr;
}

extern "C" rc_cv_video *rc_cv_video_open_camera(int index, int width, int height, double fps,
                                                int want_raw, rc_err *err) RC_NOEXCEPT
{
    rc_cv_video *v = nullptr;
    char dev[32];
    std::snprintf(dev, sizeof dev, "/dev/video%d", index);
    try {
        struct stat st;
        if (index < 0 || stat(dev, &st) != 0) {
            rc_err_set(err, RC_E_NOT_FOUND, "camera:%d: no camera found (%s does not exist)", index,
                       dev);
            return nullptr;
        }
        if (!S_ISCHR(st.st_mode)) {
            rc_err_set(err, RC_E_NOT_FOUND, "camera:%d: no camera found (%s is not a device)",
                       index, dev);
            return nullptr;
        }
        v = new rc_cv_video();
        v->camera = true;
        v->name = "camera:" + std::to_string(index);
        std::vector<int> params = {cv::CAP_PROP_FOURCC,
                                   cv::VideoWriter::fourcc('M', 'J', 'P', 'G')};
        if (width > 0 && height > 0) {
            params.insert(params.end(),
                          {cv::CAP_PROP_FRAME_WIDTH, width, cv::CAP_PROP_FRAME_HEIGHT, height});
        }
        if (!v->cap.open(index, cv::CAP_V4L2, params) || !v->cap.isOpened()) {
            rc_err_set(err, RC_E_DEVICE, "camera:%d: %s exists but cannot be opened", index, dev);
            delete v;
            return nullptr;
        }
        if (fps > 0)
            v->cap.set(cv::CAP_PROP_FPS, fps);
        fill_info(v);
        if (want_raw && is_mjpeg(v->info.fourcc) && try_raw(v)) {
            v->info.raw = 1;
        } else {
            v->pending = false;
            v->cap.set(cv::CAP_PROP_CONVERT_RGB, 1);
        }
        if (v->info.width <= 0 || v->info.height <= 0) {
            rc_err_set(err, RC_E_DEVICE, "camera:%d: no frame size reported", index);
            delete v;
            return nullptr;
        }
        return v;
    } catch (const std::exception &e) {
        rc_err_set(err, RC_E_DEVICE, "camera:%d: %s", index, e.what());
    } catch (...) {
        rc_err_set(err, RC_E_DEVICE, "camera:%d: cannot be opened", index);
    }
    delete v;
    return nullptr;
}

// A GStreamer pipeline ending in appsink (Debian's OpenCV has the backend). Used to
// test the live capture path with a source that paces itself in real time, e.g.
// "videotestsrc is-live=true ! video/x-raw,width=320,height=240 ! jpegenc ! appsink".
// With image/jpeg caps OpenCV hands out each JPEG buffer as a 1 x N Mat, which is
// detected from the first read and then passed on raw. The frame size comes from
// the caps or, failing that, from the caller's JPEG header parse (0 here).
extern "C" rc_cv_video *rc_cv_video_open_gst(const char *pipeline, rc_err *err) RC_NOEXCEPT
{
    rc_cv_video *v = nullptr;
    try {
        if (!pipeline || !pipeline[0]) {
            rc_err_set(err, RC_E_ARG, "gst: empty pipeline");
            return nullptr;
        }
        if (!cv::videoio_registry::hasBackend(cv::CAP_GSTREAMER)) {
            rc_err_set(err, RC_E_UNSUPPORTED, "gst:%s: this OpenCV has no GStreamer backend",
                       pipeline);
            return nullptr;
        }
        v = new rc_cv_video();
        v->camera = true; // live: a stalled pipeline is a device failure, not an end
        v->name = std::string("gst:") + pipeline;
        if (!v->cap.open(pipeline, cv::CAP_GSTREAMER) || !v->cap.isOpened()) {
            rc_err_set(err, RC_E_DEVICE, "gst:%s: the pipeline cannot be started", pipeline);
            delete v;
            return nullptr;
        }
        fill_info(v);
        if (!v->cap.read(v->frame) || v->frame.empty()) {
            rc_err_set(err, RC_E_DEVICE, "gst:%s: no first frame", pipeline);
            delete v;
            return nullptr;
        }
        v->pending = true;
        v->info.raw = frame_is_jpeg(v->frame) ? 1 : 0;
        if (!v->info.raw) {
            v->info.width = v->frame.cols;
            v->info.height = v->frame.rows;
        }
        std::snprintf(v->info.backend, sizeof v->info.backend, "GSTREAMER");
        return v;
    } catch (const std::exception &e) {
        rc_err_set(err, RC_E_DEVICE, "gst:%s: %s", pipeline, e.what());
    } catch (...) {
        rc_err_set(err, RC_E_DEVICE, "gst:%s: cannot be opened", pipeline);
    }
    delete v;
    return nullptr;
}

extern "C" void rc_cv_video_get_info(const rc_cv_video *v, rc_cv_video_info *info) RC_NOEXCEPT
{
    *info = v->info;
}

extern "C" rc_status rc_cv_video_read(rc_cv_video *v, rc_cv_packet *out, rc_err *err) RC_NOEXCEPT
{
    std::memset(out, 0, sizeof *out);
    out->pos_ms = -1;
    try {
        if (v->pending) {
            v->pending = false;
        } else if (!v->cap.read(v->frame) || v->frame.empty()) {
            if (v->camera)
                return rc_err_set(err, RC_E_DEVICE, "%s: the camera stopped delivering frames",
                                  v->name.c_str());
            return RC_E_EOF;
        }
        const cv::Mat &f = v->frame;
        if (v->info.raw) {
            if (!f.isContinuous() || f.depth() != CV_8U)
                return rc_err_set(err, RC_E_DECODE, "%s: unexpected packet layout",
                                  v->name.c_str());
            out->bytes = f.data;
            out->n_bytes = f.total() * f.elemSize();
            if (v->camera) // V4L2: the driver's buffer time stamp (ms)
                out->pos_ms = v->cap.get(cv::CAP_PROP_POS_MSEC);
            return RC_OK;
        }
        const cv::Mat *b = &f;
        if (f.type() == CV_8UC1) {
            cv::cvtColor(f, v->bgr, cv::COLOR_GRAY2BGR);
            b = &v->bgr;
        } else if (f.type() == CV_8UC4) {
            cv::cvtColor(f, v->bgr, cv::COLOR_BGRA2BGR);
            b = &v->bgr;
        } else if (f.type() != CV_8UC3) {
            return rc_err_set(err, RC_E_DECODE, "%s: unsupported frame type %d", v->name.c_str(),
                              f.type());
        }
        out->bgr.plane[0] = b->data;
        out->bgr.stride_bytes[0] = (int)b->step[0];
        out->bgr.width = b->cols;
        out->bgr.height = b->rows;
        out->bgr.fmt = RC_PIX_BGR8;
        out->pos_ms = v->cap.get(cv::CAP_PROP_POS_MSEC);
        return RC_OK;
    } catch (const std::exception &e) {
        return rc_err_set(err, v->camera ? RC_E_DEVICE : RC_E_DECODE, "%s: %s", v->name.c_str(),
                          e.what());
    } catch (...) {
        return rc_err_set(err, RC_E_DEVICE, "%s: read failed", v->name.c_str());
    }
}

extern "C" void rc_cv_video_close(rc_cv_video *v) RC_NOEXCEPT
{
    try {
        delete v;
    } catch (...) {
    }
}

// ---- camera properties (exposure, white balance, gain) ------------------------
// OpenCV 4.6's V4L2 backend maps these to the V4L2 controls named in
// src/capture/camera_controls.c and passes the numbers through; set() returns false
// when the ioctl fails and get() returns -1 for a control the driver lacks.
static int cv_prop_id(rc_cv_prop p)
{
    switch (p) {
    case RC_CV_AUTO_EXPOSURE: return cv::CAP_PROP_AUTO_EXPOSURE;
    case RC_CV_EXPOSURE: return cv::CAP_PROP_EXPOSURE;
    case RC_CV_AUTO_WB: return cv::CAP_PROP_AUTO_WB;
    case RC_CV_WB_TEMPERATURE: return cv::CAP_PROP_WB_TEMPERATURE;
    case RC_CV_GAIN: return cv::CAP_PROP_GAIN;
    }
    return -1;
}

extern "C" int rc_cv_video_set_prop(rc_cv_video *v, rc_cv_prop p, double value) RC_NOEXCEPT
{
    int id = cv_prop_id(p);
    if (!v || !v->camera || id < 0)
        return 0;
    try {
        return v->cap.set(id, value) ? 1 : 0;
    } catch (...) {
        return 0;
    }
}

extern "C" int rc_cv_video_get_prop(rc_cv_video *v, rc_cv_prop p, double *value) RC_NOEXCEPT
{
    int id = cv_prop_id(p);
    if (!v || !v->camera || id < 0)
        return 0;
    try {
        double x = v->cap.get(id);
        if (x == -1.0 || !(x == x))
            return 0;
        *value = x;
        return 1;
    } catch (...) {
        return 0;
    }
}

extern "C" rc_cv_writer *rc_cv_writer_open(const char *path, int width, int height, double fps,
                                           int quality, rc_err *err) RC_NOEXCEPT
{
    rc_cv_writer *w = nullptr;
    try {
        if (!path || width <= 0 || height <= 0 || !(fps > 0)) {
            rc_err_set(err, RC_E_ARG, "%s: bad video size %dx%d or rate %g", path ? path : "(null)",
                       width, height, fps);
            return nullptr;
        }
        w = new rc_cv_writer();
        w->path = path;
        w->width = width;
        w->height = height;
        if (!w->vw.open(path, file_backend(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps,
                        cv::Size(width, height), true) ||
            !w->vw.isOpened()) {
            rc_err_set(err, RC_E_IO, "%s: cannot create MJPEG video", path);
            delete w;
            return nullptr;
        }
        chmod(path, 0600); // recordings are health data
        if (quality > 0)
            w->vw.set(cv::VIDEOWRITER_PROP_QUALITY, quality);
        w->bgr.create(height, width, CV_8UC3);
        return w;
    } catch (const std::exception &e) {
        rc_err_set(err, RC_E_IO, "%s: cannot create MJPEG video (%s)", path, e.what());
    } catch (...) {
        rc_err_set(err, RC_E_IO, "%s: cannot create MJPEG video", path);
    }
    delete w;
    return nullptr;
}

extern "C" rc_status rc_cv_writer_write(rc_cv_writer *w, const rc_image *frame,
                                        rc_err *err) RC_NOEXCEPT
{
    try {
        if (frame->width != w->width || frame->height != w->height)
            return rc_err_set(err, RC_E_ARG, "%s: frame is %dx%d, video is %dx%d", w->path.c_str(),
                              frame->width, frame->height, w->width, w->height);
        if (frame->fmt == RC_PIX_I420) {
            rc_image dst;
            std::memset(&dst, 0, sizeof dst);
            dst.plane[0] = w->bgr.data;
            dst.stride_bytes[0] = (int)w->bgr.step[0];
            dst.width = w->width;
            dst.height = w->height;
            dst.fmt = RC_PIX_BGR8;
            rc_image_i420_to_bgr(frame, &dst);
            w->vw.write(w->bgr);
        } else if (frame->fmt == RC_PIX_BGR8) {
            cv::Mat view(frame->height, frame->width, CV_8UC3, frame->plane[0],
                         (size_t)frame->stride_bytes[0]);
            w->vw.write(view);
        } else {
            return rc_err_set(err, RC_E_ARG, "%s: frames must be I420 or BGR8", w->path.c_str());
        }
        return RC_OK;
    } catch (const std::exception &e) {
        return rc_err_set(err, RC_E_IO, "%s: write failed (%s)", w->path.c_str(), e.what());
    } catch (...) {
        return rc_err_set(err, RC_E_IO, "%s: write failed", w->path.c_str());
    }
}

extern "C" rc_status rc_cv_writer_close(rc_cv_writer *w, rc_err *err) RC_NOEXCEPT
{
    if (!w)
        return RC_OK;
    rc_status s = RC_OK;
    try {
        w->vw.release();
        struct stat st;
        if (stat(w->path.c_str(), &st) != 0 || st.st_size == 0)
            s = rc_err_set(err, RC_E_IO, "%s: video was not written", w->path.c_str());
    } catch (const std::exception &e) {
        s = rc_err_set(err, RC_E_IO, "%s: finishing the video failed (%s)", w->path.c_str(),
                       e.what());
    } catch (...) {
        s = rc_err_set(err, RC_E_IO, "%s: finishing the video failed", w->path.c_str());
    }
    try {
        delete w;
    } catch (...) {
    }
    return s;
}
