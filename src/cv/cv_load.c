/* cv_load.c - finds and loads the OpenCV bridge module on first use (see cv_table.h).
 *
 * Where it looks, in order: the file named by the environment variable
 * ROMCAP_CV_MODULE (when set, the only place: packagers, tests); the executable's own
 * folder (/proc/self/exe), where the build puts it next to romcap; the install
 * folder, found from the executable's (ROMCAP_CV_INSTALL_REL, e.g. ../lib/romcap from
 * bin/, so an installed tree can be moved); the build tree's folder
 * (ROMCAP_CV_BUILD_DIR, for test programs built in another folder). The first file
 * that exists is loaded; if it does not load, its dlerror() is the message (a broken
 * module is never passed over silently for another one).
 *
 * This is romcap's one piece of process-wide state, on purpose: a dlopen handle is
 * process-wide anyway. It is written once, under pthread_once, and only read after;
 * the module is never unloaded (OpenCV's libraries keep threads and static state).
 */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cv_table.h"

#ifndef ROMCAP_CV_INSTALL_REL
#define ROMCAP_CV_INSTALL_REL "../lib/romcap"
#endif
#ifndef ROMCAP_CV_BUILD_DIR
#define ROMCAP_CV_BUILD_DIR "."
#endif

typedef struct cv_loaded {
    const rc_cv_table *table; /* NULL when loading failed */
    char msg[RC_ERR_CAP];     /* then why */
} cv_loaded;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static cv_loaded loaded; /* written once inside load_once, read-only afterwards */

/* The folder of the running executable into dir[cap] ("" if /proc is not mounted). */
static void exe_dir(char *dir, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", dir, cap - 1);
    dir[n > 0 ? n : 0] = '\0';
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        dir[0] = '\0';
}

/* dlopens `path` and checks its table; fills `loaded`. */
static void open_module(const char *path)
{
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        snprintf(loaded.msg, sizeof loaded.msg, "cannot load the OpenCV bridge %s: %s", path,
                 why ? why : "dlopen failed");
        return;
    }
    const rc_cv_table *(*get)(void) = NULL;
    /* POSIX's sanctioned way to turn dlsym's void * into a function pointer. */
    *(void **)(&get) = dlsym(h, RC_CV_TABLE_SYMBOL);
    const rc_cv_table *t = get ? get() : NULL;
    if (!t) {
        snprintf(loaded.msg, sizeof loaded.msg, "%s: not romcap's OpenCV bridge (no %s)", path,
                 RC_CV_TABLE_SYMBOL);
        dlclose(h);
        return;
    }
    if (t->abi != RC_CV_TABLE_ABI || t->table_size != sizeof(rc_cv_table)) {
        snprintf(loaded.msg, sizeof loaded.msg,
                 "%s: an OpenCV bridge from another romcap build (table version %u, %zu bytes; "
                 "this program needs version %u, %zu bytes): rebuild it with romcap",
                 path, t->abi, t->table_size, (unsigned)RC_CV_TABLE_ABI, sizeof(rc_cv_table));
        dlclose(h);
        return;
    }
    loaded.table = t;
}

static void load(void)
{
    const char *env = getenv("ROMCAP_CV_MODULE");
    if (env && *env) {
        if (access(env, F_OK) != 0) {
            snprintf(loaded.msg, sizeof loaded.msg,
                     "the OpenCV bridge %s (ROMCAP_CV_MODULE) does not exist", env);
            return;
        }
        open_module(env);
        return;
    }
    char dir[PATH_MAX], inst[PATH_MAX + sizeof ROMCAP_CV_INSTALL_REL + 1] = "";
    exe_dir(dir, sizeof dir);
    if (dir[0])
        snprintf(inst, sizeof inst, "%s/%s", dir, ROMCAP_CV_INSTALL_REL);
    const char *dirs[3] = {dir, inst, ROMCAP_CV_BUILD_DIR};
    char path[PATH_MAX + sizeof RC_CV_MODULE_FILE + 1];
    char tried[RC_ERR_CAP / 2] = "";
    for (int i = 0; i < 3; i++) {
        if (!dirs[i][0] || (i > 0 && strcmp(dirs[i], dirs[0]) == 0) ||
            (i > 1 && strcmp(dirs[i], dirs[1]) == 0))
            continue;
        int n = snprintf(path, sizeof path, "%s/%s", dirs[i], RC_CV_MODULE_FILE);
        if (n > 0 && (size_t)n < sizeof path && access(path, F_OK) == 0) {
            open_module(path);
            return;
        }
        size_t used = strlen(tried);
        snprintf(tried + used, sizeof tried - used, "%s%s", used ? ", " : "", dirs[i]);
    }
    snprintf(loaded.msg, sizeof loaded.msg,
             "the OpenCV bridge %s (needed for video decoding by OpenCV, cameras, GStreamer "
             "and calibration) is in none of: %s; build it with romcap (cmake --build), or "
             "name it with ROMCAP_CV_MODULE",
             RC_CV_MODULE_FILE, tried);
}

const rc_cv_table *rc__cv_table(rc_err *err)
{
    pthread_once(&load_once, load);
    if (!loaded.table)
        rc_err_set(err, RC_E_UNSUPPORTED, "%s", loaded.msg);
    return loaded.table;
}
