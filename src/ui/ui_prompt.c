/* ui_prompt.c - a number typed in the window (issue 17): the live window asks the
 * patient's pain on the 0-10 scale when a recording starts and stops. The prompt is a
 * plain value (typed digits, Enter, Esc to skip); in prompt mode those keys reach it
 * instead of their usual actions (others keep theirs), and its box is drawn over the
 * video. */
#include <stdio.h>
#include <string.h>

#include "ui_internal.h"

void rc_ui_set_prompt_mode(rc_ui *ui, int on)
{
    if (ui)
        ui->prompt_mode = on != 0;
}

void rc_ui_prompt_open(rc_ui_prompt *p, const char *question, int max)
{
    memset(p, 0, sizeof *p);
    p->active = 1;
    p->max = max;
    p->typed = -1;
    snprintf(p->question, sizeof p->question, "%s", question ? question : "");
}

int rc_ui_prompt_key(rc_ui_prompt *p, int key, int *value)
{
    if (!p->active)
        return 0;
    if (key >= '0' && key <= '9') {
        int v = (p->typed > 0 ? p->typed * 10 : 0) + (key - '0');
        if (v <= p->max)
            p->typed = v;
        return 0;
    }
    if (key == '\b') {
        p->typed = p->typed >= 10 ? p->typed / 10 : -1;
        return 0;
    }
    if (key == 27 || (key == '\r' && p->typed >= 0)) {
        *value = key == 27 ? -1 : p->typed;
        p->active = 0;
        return 1;
    }
    return 0;
}

void rc_ui_prompt_text(const rc_ui_prompt *p, char *buf, size_t cap)
{
    char typed[16] = "_";
    if (p->typed >= 0)
        snprintf(typed, sizeof typed, "%d", p->typed);
    snprintf(buf, cap, "%s\n%s\n0-%d, Enter to keep, Esc to skip", p->question, typed, p->max);
}

int rc__prompt_key_event(const SDL_KeyboardEvent *k, rc_ui_event *ev)
{
    SDL_Keycode sym = k->keysym.sym;
    int key = sym >= SDLK_0 && sym <= SDLK_9      ? '0' + (int)(sym - SDLK_0)
              : sym >= SDLK_KP_1 && sym <= SDLK_KP_9 ? '1' + (int)(sym - SDLK_KP_1)
              : sym == SDLK_KP_0                     ? '0'
              : sym == SDLK_BACKSPACE                ? '\b'
              : sym == SDLK_RETURN || sym == SDLK_KP_ENTER ? '\r'
              : sym == SDLK_ESCAPE                   ? 27
                                                     : 0;
    if (!key || k->repeat)
        return 0;
    ev->type = RC_UI_EV_KEY;
    ev->key = key;
    return 1;
}

/* A box in the middle of the video: the question, the number in large type, the keys. */
void rc__draw_prompt(rc_ui *ui, const char *txt)
{
    static const ui_font_id font[3] = {UI_FONT_MEDIUM, UI_FONT_HUGE, UI_FONT_SMALL};
    char line[3][160] = {"", "", ""};
    const char *p = txt;
    for (int i = 0; i < 3 && p; i++) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        snprintf(line[i], sizeof line[i], "%.*s", (int)(n < 159 ? n : 159), p);
        p = e ? e + 1 : NULL;
    }
    const float s = ui->s;
    float w = 0, h = 0;
    for (int i = 0; i < 3; i++) {
        float lw = (float)rc__text_width(ui, font[i], line[i]);
        w = lw > w ? lw : w;
        h += (float)rc__font_height(ui, font[i]) + 6 * s;
    }
    float x = ui->video_rect.x + (ui->video_rect.w - w) * 0.5f;
    float y = ui->video_rect.y + (ui->video_rect.h - h) * 0.5f;
    rc__prim_rect(ui, x - 24 * s, y - 18 * s, w + 48 * s, h + 36 * s,
                  (SDL_Color){12, 14, 17, 230});
    for (int i = 0; i < 3; i++) {
        float lw = (float)rc__text_width(ui, font[i], line[i]);
        SDL_Color c = i == 1 ? (SDL_Color){255, 214, 102, 255} : (SDL_Color){232, 236, 239, 255};
        rc__text_draw(ui, font[i], x + (w - lw) * 0.5f, y, c, line[i]);
        y += (float)rc__font_height(ui, font[i]) + 6 * s;
    }
}
