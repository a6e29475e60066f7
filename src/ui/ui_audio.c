/* ui_audio.c - the patient view's short "target reached" tone.
 *
 * The tone is generated once at create (a sine with a raised-cosine envelope, so
 * it starts and stops without a click) and queued with SDL_QueueAudio when asked:
 * no callback thread of ours, nothing allocated per beep. No audio device (a
 * server, a container, SDL_AUDIODRIVER=dummy) is not an error: the ui stays
 * silent and says why in rc_ui_audio_status.
 */
#include "ui_internal.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdio.h>

enum { TONE_RATE = 48000 };
static const double TONE_S = 0.15; /* TUNABLE: short enough to stay calm */

static void fill_tone(rc_ui *ui, double freq)
{
    for (int i = 0; i < ui->tone_len; i++) {
        double t = (double)i / ui->tone_rate;
        double env = 0.5 - 0.5 * cos(2 * UI_PI * i / (ui->tone_len - 1));
        ui->tone[i] = (float)(0.25 * env * sin(2 * UI_PI * freq * t));
    }
    ui->tone_freq = freq;
}

void rc__audio_open(rc_ui *ui)
{
    ui->audio = 0;
    ui->audio_err[0] = 0;
    /* No sound card and no sound server: say so ourselves rather than let ALSA
     * print its probing errors on the clinician's terminal. */
    const char *drv = getenv("SDL_AUDIODRIVER"), *run = getenv("XDG_RUNTIME_DIR");
    char pulse[512] = "";
    if (run)
        snprintf(pulse, sizeof pulse, "%s/pulse/native", run);
    if (!(drv && *drv) && access("/dev/snd", F_OK) != 0 &&
        !(pulse[0] && access(pulse, F_OK) == 0)) {
        snprintf(ui->audio_err, sizeof ui->audio_err,
                 "no audio device (no /dev/snd, no sound server)");
        return;
    }
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        snprintf(ui->audio_err, sizeof ui->audio_err, "no audio: %s", SDL_GetError());
        return;
    }
    SDL_AudioSpec want = {0}, have;
    want.freq = TONE_RATE;
    want.format = AUDIO_F32SYS;
    want.channels = 1;
    want.samples = 1024;
    ui->audio = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (!ui->audio) {
        snprintf(ui->audio_err, sizeof ui->audio_err, "no audio device: %s", SDL_GetError());
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return;
    }
    ui->tone_rate = TONE_RATE;
    ui->tone_len = (int)(TONE_S * TONE_RATE);
    ui->tone = malloc(sizeof(float) * (size_t)ui->tone_len);
    if (!ui->tone) {
        snprintf(ui->audio_err, sizeof ui->audio_err, "no audio: out of memory");
        rc__audio_close(ui);
        return;
    }
    fill_tone(ui, 880.0);
    SDL_PauseAudioDevice(ui->audio, 0);
}

void rc__audio_close(rc_ui *ui)
{
    if (ui->audio) {
        SDL_CloseAudioDevice(ui->audio);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        ui->audio = 0;
    }
    free(ui->tone);
    ui->tone = NULL;
}

int rc_ui_beep(rc_ui *ui, double freq_hz)
{
    if (!ui || !ui->audio || !ui->tone)
        return 0;
    if (freq_hz > 20 && freq_hz < 8000 && fabs(freq_hz - ui->tone_freq) > 0.5)
        fill_tone(ui, freq_hz);
    SDL_ClearQueuedAudio(ui->audio);
    return SDL_QueueAudio(ui->audio, ui->tone, (Uint32)(sizeof(float) * (size_t)ui->tone_len)) == 0;
}

const char *rc_ui_audio_status(const rc_ui *ui)
{
    return ui ? ui->audio_err : "no ui";
}
