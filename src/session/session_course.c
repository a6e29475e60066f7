/* session_course.c - a course's session folders, organised by pseudonym (issue 17):
 * ROOT/PSEUDONYM/YYYY-MM-DD-TEST[-TAG][-N]/, and the listing behind `romcap sessions`
 * and `romcap progress PARENT`. Nothing here writes a name: the pseudonym the user
 * typed is the only identifier, and it is refused unless it is a plain token.
 */
#include "session_internal.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "romcap/files.h"

rc_status rc_pseudonym_check(const char *subject, rc_err *err)
{
    size_t n = subject ? strlen(subject) : 0;
    if (n == 0 || n > 31)
        return rc_err_set(err, RC_E_ARG,
                          "--subject: a pseudonym of 1 to 31 characters is needed (e.g. P017)");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)subject[i];
        if (!isalnum(c) && c != '-' && c != '_')
            return rc_err_set(err, RC_E_ARG,
                              "--subject '%s': only letters, digits, '-' and '_' (a pseudonym "
                              "such as P017, never the patient's name)",
                              subject);
    }
    if (subject[0] == '-')
        return rc_err_set(err, RC_E_ARG, "--subject '%s': must not start with '-'", subject);
    return RC_OK;
}

/* `s` as a folder-name piece: [A-Za-z0-9_-] kept, anything else '_'. */
static void name_piece(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    for (; s && *s && k + 1 < cap; s++)
        out[k++] = isalnum((unsigned char)*s) || *s == '-' ? *s : '_';
    out[k] = '\0';
}

rc_status rc_session_course_dir(const char *root, const char *subject, const char *test,
                                const char *tag, char *out, size_t cap, rc_err *err)
{
    rc_status st = rc_pseudonym_check(subject, err);
    if (st != RC_OK)
        return st;
    if (!root)
        root = RC_SESSION_ROOT;
    char folder[2048];
    snprintf(folder, sizeof folder, "%s/%s", root, subject);
    if ((st = rc_mkdir_private(folder, err)) != RC_OK)
        return st;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char day[16], t[40], g[24];
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    name_piece(test && *test ? test : "session", t, sizeof t);
    name_piece(tag, g, sizeof g);
    for (int k = 1; k < 100; k++) {
        char nth[8] = "";
        if (k > 1)
            snprintf(nth, sizeof nth, "-%d", k);
        int len = snprintf(out, cap, "%s/%s-%s%s%s%s", folder, day, t, g[0] ? "-" : "", g, nth);
        if (len < 0 || (size_t)len >= cap)
            return rc_err_set(err, RC_E_ARG, "%s: session path too long", folder);
        struct stat sb;
        if (stat(out, &sb) != 0 && errno == ENOENT)
            return RC_OK;
    }
    return rc_err_set(err, RC_E_IO, "%s: no free session name for %s-%s", folder, day, t);
}

/* ---- listing ------------------------------------------------------------------------- */

typedef struct list {
    rc_session_entry *e;
    int n, cap;
    rc_status st;
    rc_err *err;
} list;

static void add_session(list *l, const char *dir)
{
    rc_err ignored = {{0}};
    rc_session *s = rc_session_open(dir, &ignored);
    if (!s)
        return; /* not a readable session: not listed */
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 16;
        rc_session_entry *e = realloc(l->e, (size_t)cap * sizeof *e);
        if (!e) {
            l->st = rc_err_set(l->err, RC_E_NOMEM, "%s: out of memory", dir);
            rc_session_close(s);
            return;
        }
        l->e = e;
        l->cap = cap;
    }
    rc_session_entry *x = &l->e[l->n++];
    memset(x, 0, sizeof *x);
    snprintf(x->dir, sizeof x->dir, "%s", dir);
    x->meta = *rc_session_get_meta(s);
    x->frames = rc_session_frame_count(s);
    char p[1200];
    snprintf(p, sizeof p, "%s/summary.json", dir);
    struct stat sb;
    x->analysed = stat(p, &sb) == 0;
    rc_session_close(s);
}

static void walk(list *l, const char *dir, int depth)
{
    if (rc_session_is_dir(dir)) {
        add_session(l, dir);
        return; /* a session's own folders are not searched */
    }
    if (depth == 0)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *de; l->st == RC_OK && (de = readdir(d));) {
        if (de->d_name[0] == '.')
            continue;
        char sub[1100];
        int len = snprintf(sub, sizeof sub, "%s/%s", dir, de->d_name);
        struct stat sb;
        if (len > 0 && (size_t)len < sizeof sub && stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
            walk(l, sub, depth - 1);
    }
    closedir(d);
}

static int by_subject_time(const void *a, const void *b)
{
    const rc_session_entry *x = a, *y = b;
    int c = strcmp(x->meta.subject, y->meta.subject);
    if (!c)
        c = strcmp(x->meta.created, y->meta.created);
    return c ? c : strcmp(x->dir, y->dir);
}

rc_status rc_session_list(const char *root, rc_session_entry **out, int *n, rc_err *err)
{
    *out = NULL;
    *n = 0;
    struct stat sb;
    if (!root || stat(root, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return rc_err_set(err, RC_E_NOT_FOUND, "%s: not a folder", root ? root : "(none)");
    list l = {.st = RC_OK, .err = err};
    walk(&l, root, 3);
    if (l.st != RC_OK) {
        free(l.e);
        return l.st;
    }
    if (l.n > 1)
        qsort(l.e, (size_t)l.n, sizeof *l.e, by_subject_time);
    *out = l.e;
    *n = l.n;
    return RC_OK;
}
