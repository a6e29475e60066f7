/* metrics_json.c - cJSON views of the metrics stage's result structs. Field
 * names and units are documented in src/metrics/README.md; keep them in step. */
#include "romcap/metrics_json.h"

#include <math.h>

static void num(cJSON *o, const char *k, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

cJSON *rc_json_sparc(const rc_sparc_result *r, const rc_sparc_params *p)
{
    static const rc_sparc_params def = RC_SPARC_DEFAULTS;
    if (!p)
        p = &def;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    num(o, "value", r->sparc);
    cJSON_AddNumberToObject(o, "nfft", r->nfft);
    num(o, "df_hz", r->df_hz);
    num(o, "fc_selected_hz", r->fc_selected_hz);
    cJSON_AddNumberToObject(o, "fc_index", r->fc_index);
    num(o, "f_start_hz", r->f_start_hz);
    cJSON_AddNumberToObject(o, "n_selected", r->n_selected);
    cJSON_AddNumberToObject(o, "padlevel", p->padlevel);
    num(o, "fc_max_hz", p->fc_hz);
    num(o, "amp_th", p->amp_th);
    return o;
}

cJSON *rc_json_ldlj(const rc_ldlj_result *r)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    num(o, "value", r->ldlj);
    num(o, "dlj", r->dlj);
    num(o, "term_T", r->term_T);
    num(o, "term_peak", r->term_peak);
    num(o, "term_jerk", r->term_jerk);
    return o;
}

cJSON *rc_json_smoothness(const rc_smoothness *s, const rc_sparc_params *p)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "n_samples", s->n_samples);
    num(o, "duration_s", s->duration_s);
    if (s->sparc_ok)
        cJSON_AddItemToObject(o, "sparc", rc_json_sparc(&s->sparc, p));
    else
        cJSON_AddNullToObject(o, "sparc");
    if (s->ldlj_ok) {
        cJSON_AddItemToObject(o, "ldlj_v", rc_json_ldlj(&s->ldlj_v));
        cJSON_AddItemToObject(o, "ldlj_a", rc_json_ldlj(&s->ldlj_a));
    } else {
        cJSON_AddNullToObject(o, "ldlj_v");
        cJSON_AddNullToObject(o, "ldlj_a");
    }
    num(o, "peak_speed", s->peak_speed);
    num(o, "time_to_peak_s", s->time_to_peak_s);
    cJSON_AddNumberToObject(o, "n_peaks_raw", s->n_peaks_raw);
    cJSON_AddNumberToObject(o, "n_peaks", s->n_peaks);
    num(o, "peak_prominence_frac", s->peak_prominence_frac);
    return o;
}

cJSON *rc_json_tremor(const rc_tremor_result *t, const rc_tremor_params *p)
{
    static const rc_tremor_params def = RC_TREMOR_DEFAULTS;
    if (!p)
        p = &def;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    num(o, "dominant_hz", t->dominant_hz);
    num(o, "band_power", t->band_power);
    num(o, "band_rms", t->band_rms);
    num(o, "total_power", t->total_power);
    num(o, "band_ratio", t->band_ratio);
    cJSON_AddNumberToObject(o, "nfft", t->nfft);
    num(o, "band_lo_hz", p->lo_hz);
    num(o, "band_hi_hz", p->hi_hz);
    cJSON_AddStringToObject(o, "window", p->hann ? "hann" : "boxcar");
    cJSON_AddStringToObject(o, "detrend", p->detrend_linear ? "linear" : "mean");
    return o;
}

cJSON *rc_json_leg(const rc_leg_metrics *lm, const rc_sparc_params *p)
{
    const rc_leg *l = &lm->leg;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "i0", l->i0);
    cJSON_AddNumberToObject(o, "i1", l->i1);
    num(o, "t0_s", l->t0_s);
    num(o, "t1_s", l->t1_s);
    num(o, "duration_s", l->duration_s);
    cJSON_AddStringToObject(o, "direction", l->dir > 0 ? "increasing" : "decreasing");
    num(o, "angle0_deg", l->angle0_deg);
    num(o, "angle1_deg", l->angle1_deg);
    num(o, "amplitude_deg", l->amplitude_deg);
    num(o, "peak_velocity_deg_s", l->peak_velocity_deg_s);
    num(o, "mean_speed_deg_s", l->mean_speed_deg_s);
    num(o, "time_to_peak_s", l->time_to_peak_s);
    cJSON_AddNumberToObject(o, "chunk", lm->chunk);
    cJSON_AddItemToObject(o, "smoothness", rc_json_smoothness(&lm->smooth, p));
    return o;
}

cJSON *rc_json_rep(const rc_rep_metrics *r)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "leg_out", r->leg_out);
    cJSON_AddNumberToObject(o, "leg_back", r->leg_back);
    cJSON_AddNumberToObject(o, "i0", r->i0);
    cJSON_AddNumberToObject(o, "i1", r->i1);
    num(o, "start_s", r->start_s);
    num(o, "end_s", r->end_s);
    num(o, "duration_s", r->duration_s);
    num(o, "rom_min_deg", r->rom_min_deg);
    num(o, "rom_max_deg", r->rom_max_deg);
    num(o, "rom_arc_deg", r->rom_arc_deg);
    num(o, "peak_velocity_deg_s", r->peak_velocity_deg_s);
    num(o, "mean_speed_deg_s", r->mean_speed_deg_s);
    num(o, "time_to_peak_s", r->time_to_peak_s);
    num(o, "hold_s", r->hold_s);
    return o;
}

cJSON *rc_json_set_rom(const rc_set_rom *r)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "definition",
                            "per repetition: peak and trough of the filtered angle (measured "
                            "or interpolated frames only); mean and SD over the repetitions");
    cJSON_AddNumberToObject(o, "reps", r->reps);
    num(o, "peak_mean_deg", r->peak_mean_deg);
    num(o, "peak_sd_deg", r->peak_sd_deg);
    num(o, "trough_mean_deg", r->trough_mean_deg);
    num(o, "trough_sd_deg", r->trough_sd_deg);
    num(o, "range_mean_deg", r->range_mean_deg);
    num(o, "range_sd_deg", r->range_sd_deg);
    num(o, "largest_peak_deg", r->largest_peak_deg);
    num(o, "largest_range_deg", r->largest_range_deg);
    return o;
}

cJSON *rc_json_angle_report(const rc_angle_report *r, const rc_metrics_config *cfg)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "n_samples", r->n_samples);
    cJSON_AddNumberToObject(o, "n_missing", r->n_missing);
    cJSON_AddNumberToObject(o, "n_interpolated", r->n_interpolated);
    cJSON_AddNumberToObject(o, "n_chunks", r->n_chunks);
    cJSON_AddNumberToObject(o, "n_bridged", r->n_bridged);
    cJSON_AddNumberToObject(o, "n_time_splits", r->n_splits);
    num(o, "fs_hz", r->fs_hz);
    num(o, "min_deg", r->min_deg);
    num(o, "max_deg", r->max_deg);
    num(o, "range_deg", r->range_deg);
    num(o, "min_t_s", r->i_min >= 0 ? r->i_min / r->fs_hz : NAN);
    num(o, "max_t_s", r->i_max >= 0 ? r->i_max / r->fs_hz : NAN);
    cJSON *f = cJSON_AddObjectToObject(o, "filter");
    if (f) {
        const char *method = cfg->cutoff_hz < 0 ? "none" : r->cutoff_auto ? "winter" : "fixed";
        cJSON_AddStringToObject(f, "type", "butterworth low-pass, zero-lag (filtfilt)");
        cJSON_AddNumberToObject(f, "order", r->filter_order);
        num(f, "cutoff_hz", cfg->cutoff_hz < 0 ? NAN : r->cutoff_hz);
        cJSON_AddStringToObject(f, "cutoff_method", method);
    }
    num(o, "peak_velocity_deg_s", r->has_data ? r->peak_velocity_deg_s : NAN);
    cJSON_AddItemToObject(o, "rom", rc_json_set_rom(&r->rom));
    cJSON_AddNumberToObject(o, "n_reps", r->n_reps);
    cJSON_AddNumberToObject(o, "n_legs", r->n_legs);
    cJSON_AddNumberToObject(o, "n_incomplete_legs", r->n_incomplete_legs);
    cJSON *reps = cJSON_AddArrayToObject(o, "reps");
    for (int i = 0; reps && i < r->n_reps; i++)
        cJSON_AddItemToArray(reps, rc_json_rep(&r->reps[i]));
    /* The 5-repetition time (five times sit-to-stand, issue 16): from the start of the
     * first repetition to the end of the fifth (back at rest), on any angle with at
     * least 5; the sit-to-stand reads it on its knee angle. */
    if (r->n_reps >= 5)
        num(o, "five_reps_s", r->reps[4].end_s - r->reps[0].start_s);
    cJSON *legs = cJSON_AddArrayToObject(o, "legs");
    for (int i = 0; legs && i < r->n_legs; i++)
        cJSON_AddItemToArray(legs, rc_json_leg(&r->legs[i], &cfg->sparc));
    const rc_consistency *c = &r->consistency;
    cJSON *cj = cJSON_AddObjectToObject(o, "consistency");
    if (cj) {
        cJSON_AddNumberToObject(cj, "n_reps", c->n);
        num(cj, "rom_mean_deg", c->rom_mean_deg);
        num(cj, "rom_sd_deg", c->rom_sd_deg);
        num(cj, "rom_cv", c->rom_cv);
        num(cj, "peak_velocity_mean_deg_s", c->peak_vel_mean_deg_s);
        num(cj, "peak_velocity_sd_deg_s", c->peak_vel_sd_deg_s);
        num(cj, "peak_velocity_cv", c->peak_vel_cv);
    }
    if (r->tremor_ok)
        cJSON_AddItemToObject(o, "tremor", rc_json_tremor(&r->tremor, &cfg->tremor));
    else
        cJSON_AddNullToObject(o, "tremor");
    return o;
}
