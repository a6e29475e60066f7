/* check_setup_summary.c - summary.json's "setup" block against the session it was
 * analysed from (issue 20). The truth is the session: its session.json "check" block,
 * written by `romcap record` on a scene built to fail one item (read back by the
 * session reader), and that item is the only one failing. summary.json must hold that
 * check field by field, the outcome in words naming the item, the plain note that the
 * figures are less trustworthy, and "acknowledged" exactly when the session says so.
 * usage: check_setup_summary SESSION_DIR SUMMARY_JSON ITEM [ack] */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "romcap/files.h"
#include "romcap/results.h"
#include "romcap/session.h"

static int fails;

#define WANT(cond, ...)                                                                            \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("check_setup_summary: " __VA_ARGS__);                                           \
            printf("\n");                                                                          \
            fails++;                                                                               \
        }                                                                                          \
    } while (0)

/* The check as session.json holds it against summary.json's copy: every field. */
static void same_check(const rc_check_result *a, const rc_check_result *b)
{
    WANT(a->worst == b->worst && a->frames == b->frames && fabs(a->seconds - b->seconds) < 1e-9 &&
             a->acknowledged == b->acknowledged && a->n_items == b->n_items,
         "the check's head differs (worst %d/%d, frames %lld/%lld, items %d/%d, ack %d/%d)",
         a->worst, b->worst, (long long)a->frames, (long long)b->frames, a->n_items, b->n_items,
         a->acknowledged, b->acknowledged);
    for (int i = 0; i < a->n_items && i < b->n_items; i++) {
        const rc_check_item *x = &a->item[i], *y = &b->item[i];
        WANT(x->id == y->id && x->level == y->level &&
                 ((isnan(x->value) && isnan(y->value)) || fabs(x->value - y->value) < 1e-9) &&
                 !strcmp(x->unit, y->unit) && !strcmp(x->measured, y->measured) &&
                 !strcmp(x->advice, y->advice),
             "item %d (%s) differs: '%s' / '%s'", i, rc_check_item_name(x->id), x->measured,
             y->measured);
    }
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: check_setup_summary SESSION_DIR SUMMARY_JSON ITEM [ack]\n");
        return 2;
    }
    const char *dir = argv[1], *sum_path = argv[2], *item = argv[3];
    int ack = argc > 4 && !strcmp(argv[4], "ack");
    rc_err err = {{0}};
    rc_session *s = rc_session_open(dir, &err);
    if (!s) {
        printf("%s\n", err.msg);
        return 1;
    }
    const rc_check_result *truth = &rc_session_get_meta(s)->check;
    WANT(truth->n_items == RC_CHECK_N_ITEMS, "session.json holds %d items", truth->n_items);
    for (int i = 0; i < truth->n_items; i++) {
        int is = !strcmp(rc_check_item_name(truth->item[i].id), item);
        WANT(is == (truth->item[i].level == RC_CHECK_FAIL), "session.json: %s is %s",
             rc_check_item_name(truth->item[i].id), rc_check_level_name(truth->item[i].level));
    }
    WANT(truth->acknowledged == ack, "session.json: acknowledged %d, wanted %d",
         truth->acknowledged, ack);
    rc_summary *sum = malloc(sizeof *sum);
    if (!sum || rc_summary_read(sum_path, sum, &err) != RC_OK) {
        printf("%s\n", sum ? err.msg : "out of memory");
        free(sum);
        rc_session_close(s);
        return 1;
    }
    same_check(truth, &sum->check);
    char want[200];
    snprintf(want, sizeof want, "failed (%s)%s", item,
             ack ? "; recorded anyway after the warning" : "");
    WANT(!strcmp(sum->setup_result, want), "setup.result '%s', wanted '%s'", sum->setup_result,
         want);
    /* the words next to the figures, and no camera for a synthetic source */
    char *text = NULL;
    cJSON *root = NULL;
    if (rc_read_text(sum_path, 1 << 24, &text, NULL, &err) == RC_OK)
        root = cJSON_Parse(text);
    const cJSON *setup = cJSON_GetObjectItemCaseSensitive(root, "setup");
    const cJSON *note = cJSON_GetObjectItemCaseSensitive(setup, "trust_note");
    WANT(cJSON_IsString(note) && strstr(note->valuestring, "less trustworthy"),
         "setup.trust_note missing");
    WANT(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(setup, "camera_controls")),
         "setup.camera_controls is not null for a synthetic source");
    cJSON_Delete(root);
    free(text);
    free(sum);
    rc_session_close(s);
    if (!fails)
        printf("check_setup_summary: ok (%s%s)\n", item, ack ? ", acknowledged" : "");
    return fails ? 1 : 0;
}
