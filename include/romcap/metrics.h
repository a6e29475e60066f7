/* metrics.h - movement quality of one angle (or velocity) time series.
 *
 * The last pipeline stage before the outputs: it takes the joint angle of each
 * frame (degrees, uniformly sampled at fs, NAN while a marker is lost) and gives
 * range of motion, repetitions and movement legs, velocities, smoothness (SPARC,
 * LDLJ), velocity peaks, tremor, consistency and symmetry. Offline functions
 * match scipy/numpy and the authors' reference code exactly (see
 * src/metrics/README.md); the online tracker gives the same quantities live with
 * constant memory. It does not read files, print or know about models.
 *
 * Threads: FFTW planning is not thread-safe. rc_spectral_create, rc_metrics_create
 * and rc_metrics_online_create make FFTW plans (FFTW_ESTIMATE, so results do not
 * depend on timing); call them, and the matching destroys, from one thread at a
 * time. Once made, separate objects may be used from separate threads.
 */
#ifndef ROMCAP_METRICS_H
#define ROMCAP_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "romcap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ filtering */

enum { RC_BUTTER_MAX_ORDER = 8 };

/* Digital Butterworth low-pass in transfer-function form, a[0] == 1. */
typedef struct rc_butter {
    int order;                         /* 1..RC_BUTTER_MAX_ORDER */
    double b[RC_BUTTER_MAX_ORDER + 1]; /* numerator, order+1 taps */
    double a[RC_BUTTER_MAX_ORDER + 1]; /* denominator, order+1 taps, a[0] = 1 */
    double zi[RC_BUTTER_MAX_ORDER];    /* steady-state initial state for a unit step
                                          (scipy.signal.lfilter_zi) */
} rc_butter;

/* Designs the filter scipy.signal.butter(order, cutoff_hz / (fs_hz / 2)) gives
 * (bilinear transform with pre-warping, coefficients equal to ~1e-15). Needs
 * 0 < cutoff_hz < fs_hz / 2. */
rc_status rc_butter_lowpass(int order, double cutoff_hz, double fs_hz, rc_butter *out, rc_err *err);

/* scipy's default filtfilt pad length, 3 * (order + 1). */
int rc_filtfilt_padlen(const rc_butter *f);

/* Doubles of scratch rc_filtfilt needs for n samples. */
size_t rc_filtfilt_work_len(const rc_butter *f, int n);

/* Zero-lag filtering equal to scipy.signal.filtfilt(b, a, x) with its defaults:
 * odd extension of padlen = 3*(order+1) samples at each end, forward then backward
 * lfilter started from lfilter_zi scaled by the first sample. When n <= padlen
 * (scipy refuses), the pad shrinks to n - 1. `y` may equal `x`; `work` holds
 * rc_filtfilt_work_len() doubles. Fails for n < 2 or a non-finite sample. */
rc_status rc_filtfilt(const rc_butter *f, const double *x, int n, double *y, double *work,
                      rc_err *err);

/* Winter's residual analysis: for cut-offs from lo_hz to hi_hz in step_hz it
 * filters x (filtfilt, `order`) and takes the RMS residual R(fc); a straight line
 * fitted to R over the upper third of the range (where only noise is removed)
 * has intercept R0 at 0 Hz; the cut-off is the lowest fc with R(fc) <= R0.
 * hi_hz is clamped below fs/2. `work` holds 2 * n + rc_filtfilt_work_len() doubles
 * (for `order`). Writes the cut-off to *fc_out. */
typedef struct rc_cutoff_search {
    double lo_hz, hi_hz, step_hz; /* TUNABLE defaults 1, 15, 0.5 Hz */
} rc_cutoff_search;

rc_status rc_cutoff_winter(const double *x, int n, double fs_hz, int order,
                           const rc_cutoff_search *s, double *fc_out, double *work, rc_err *err);

/* Derivative with numpy.gradient's convention (spacing 1/fs, edge_order 1):
 * central differences inside, one-sided first differences at both ends.
 * d may not alias x. n == 1 gives 0. */
void rc_gradient(const double *x, int n, double fs_hz, double *d);

/* ------------------------------------------------------------------ spectra */

/* FFTW plans and buffers for SPARC and tremor spectra of up to max_samples. */
typedef struct rc_spectral rc_spectral;

/* Plans a real FFT for every power of two up to 2^(ceil(log2 max_samples) +
 * max_padlevel) (FFTW_ESTIMATE). Not thread-safe (see top). NULL with a message
 * on failure. Free with rc_spectral_destroy. */
rc_spectral *rc_spectral_create(int max_samples, int max_padlevel, rc_err *err);
void rc_spectral_destroy(rc_spectral *sp); /* NULL is fine */

typedef struct rc_sparc_params {
    int padlevel;  /* zero padding: nfft = 2^(ceil(log2 n) + padlevel); default 4 */
    double fc_hz;  /* maximum cut-off, default 10 Hz */
    double amp_th; /* amplitude threshold of the normalised spectrum, default 0.05 */
} rc_sparc_params;

#define RC_SPARC_DEFAULTS                                                                          \
    {                                                                                              \
        4, 10.0, 0.05                                                                              \
    }

typedef struct rc_sparc_result {
    double sparc;          /* spectral arc length, dimensionless (<= 0) */
    int nfft;              /* FFT length */
    double df_hz;          /* fs / nfft */
    int start_index;       /* first selected bin */
    int fc_index;          /* last selected bin */
    double f_start_hz;     /* start_index * df */
    double fc_selected_hz; /* adaptive cut-off: fc_index * df */
    int n_selected;        /* fc_index - start_index + 1 */
} rc_sparc_result;

/* SPARC of a speed profile (Balasubramanian et al. 2015), exactly as the authors'
 * Python code computes it: |FFT| zero-padded to nfft over the full 0..fs axis,
 * normalised by its maximum, bins f <= fc, contiguous range between the first and
 * last bin >= amp_th, minus the arc length. n must be in 1..max_samples and
 * padlevel in 0..max_padlevel of the create call. Fails (RC_E_ARG) on an all-zero
 * or non-finite input. */
rc_status rc_sparc(rc_spectral *sp, const double *speed, int n, double fs_hz,
                   const rc_sparc_params *p, rc_sparc_result *out, rc_err *err);

typedef struct rc_tremor_params {
    double lo_hz, hi_hz; /* band, default 3..12 Hz */
    bool hann;           /* Hann window (default) or rectangular */
    bool detrend_linear; /* remove a least-squares line (default) or only the mean */
} rc_tremor_params;

#define RC_TREMOR_DEFAULTS                                                                         \
    {                                                                                              \
        3.0, 12.0, true, true                                                                      \
    }

typedef struct rc_tremor_result {
    double dominant_hz; /* frequency of the largest bin inside the band (NAN if none) */
    double band_power;  /* power in the band, unit^2 (PSD integrated over the band) */
    double band_rms;    /* sqrt(band_power), unit of the input */
    double total_power; /* power over all f > 0, unit^2 */
    double band_ratio;  /* band_power / total_power (0 when total is 0) */
    int nfft;           /* FFT length (next power of two >= n) */
} rc_tremor_result;

/* Tremor of a signal (normally the unfiltered angle): detrend, window, one-sided
 * periodogram zero-padded to a power of two, power and peak in the band. */
rc_status rc_tremor(rc_spectral *sp, const double *x, int n, double fs_hz,
                    const rc_tremor_params *p, rc_tremor_result *out, rc_err *err);

/* ------------------------------------------------------------------ smoothness */

typedef struct rc_ldlj_result {
    double ldlj;      /* log dimensionless jerk = -ln(|dlj|) */
    double dlj;       /* dimensionless jerk, negative */
    double term_T;    /* -ln(T^3) for LDLJ-V, -ln(T) for LDLJ-A; T = n/fs, s */
    double term_peak; /* ln(peak^2) */
    double term_jerk; /* -ln(integral of jerk^2) */
} rc_ldlj_result;

/* LDLJ-V from signed velocity (Hogan & Sternad 2009; authors' code: second
 * difference / dt^2, rectangle sum * dt, T = n dt, peak = max |v|). n >= 3. */
rc_status rc_ldlj_v(const double *v, int n, double fs_hz, rc_ldlj_result *out, rc_err *err);

/* LDLJ-A from acceleration (Melendez-Calderon et al. 2021): first difference / dt,
 * T = n dt, peak = max |a| (after removing the mean when rem_mean). n >= 2. */
rc_status rc_ldlj_a(const double *a, int n, double fs_hz, bool rem_mean, rc_ldlj_result *out,
                    rc_err *err);

/* Number of peaks scipy.signal.find_peaks(x, prominence=min_prominence) finds
 * (strict local maxima, a flat top counts once, none at the ends); min_prominence
 * <= 0 counts every peak. No allocation. */
int rc_count_peaks(const double *x, int n, double min_prominence);

/* Everything the smoothness block reports for one movement (or a whole series). */
typedef struct rc_smoothness {
    int n_samples;
    double duration_s;     /* (n - 1) / fs */
    rc_sparc_result sparc; /* of |v| */
    bool sparc_ok;
    rc_ldlj_result ldlj_v; /* of v */
    rc_ldlj_result ldlj_a; /* of a, rem_mean false */
    bool ldlj_ok;
    double peak_speed;           /* max |v|, unit/s */
    int i_peak;                  /* first index of the maximum */
    double time_to_peak_s;       /* i_peak / fs */
    int n_peaks_raw;             /* find_peaks(|v|) */
    int n_peaks;                 /* find_peaks(|v|, prominence = frac * peak_speed) */
    double peak_prominence_frac; /* the frac used */
} rc_smoothness;

/* SPARC(|v|), LDLJ-V(v), LDLJ-A(a) and speed peaks of one segment. `a` may be NULL
 * (LDLJ-A then uses rc_gradient(v), which needs n <= the spectral max; computed in
 * the spectral object's scratch). A segment too short or all-zero leaves sparc_ok or
 * ldlj_ok false instead of failing. */
rc_status rc_smoothness_compute(rc_spectral *sp, const double *v, const double *a, int n,
                                double fs_hz, const rc_sparc_params *p, double prominence_frac,
                                rc_smoothness *out, rc_err *err);

/* ------------------------------------------------------------------ repetitions */

typedef struct rc_seg_params {
    double v_on_deg_s;  /* absolute onset threshold on |velocity|; default 10 deg/s */
    double v_on_frac;   /* onset threshold as a fraction of the peak |velocity|; 0.1 */
    double off_ratio;   /* offset threshold = off_ratio * onset threshold; 0.5 */
    double min_leg_deg; /* legs with a smaller angle change are ignored; 5 deg */
    double min_leg_s;   /* legs shorter than this are ignored; 0.15 s */
    double hold_frac;   /* end-range hold: |v| below this fraction of the rep's peak
                           velocity between the legs; 0.05 */
} rc_seg_params;

#define RC_SEG_DEFAULTS                                                                            \
    {                                                                                              \
        10.0, 0.1, 0.5, 5.0, 0.15, 0.05                                                            \
    }

/* One movement leg: a stretch of one-signed velocity between two rests. */
typedef struct rc_leg {
    int i0, i1;        /* first and last sample, inclusive */
    int dir;           /* +1 angle increasing, -1 decreasing */
    double t0_s, t1_s; /* i / fs from the start of the analysed series */
    double angle0_deg, angle1_deg;
    double amplitude_deg;       /* |angle1 - angle0| */
    double peak_velocity_deg_s; /* signed velocity of largest magnitude */
    double mean_speed_deg_s;    /* mean |v| over the leg */
    double time_to_peak_s;      /* from i0 to the peak speed */
    double duration_s;          /* (i1 - i0) / fs */
} rc_leg;

/* Finds legs from angle and velocity (deg, deg/s) with hysteresis: a leg starts
 * when |v| rises above the onset threshold and ends when it drops below the
 * offset threshold, and is then widened to the neighbouring minima of |v|
 * (where the limb is at rest or turns). Consecutive legs in the same direction
 * are merged. Writes up to `cap` legs; returns how many there are (may be > cap). */
int rc_find_legs(const double *angle, const double *vel, int n, double fs_hz,
                 const rc_seg_params *p, rc_leg *out, int cap);

/* ------------------------------------------------------------------ analysis */

typedef struct rc_leg_metrics {
    rc_leg leg;
    int chunk;            /* which NaN-free chunk it belongs to */
    rc_smoothness smooth; /* SPARC, LDLJ-V/A, peaks of this leg */
} rc_leg_metrics;

typedef struct rc_rep_metrics {
    int leg_out, leg_back; /* indices into the report's legs */
    int i0, i1;            /* first sample of the out leg, last of the return leg */
    double start_s, end_s, duration_s;
    double rom_min_deg, rom_max_deg, rom_arc_deg; /* over i0..i1 */
    double peak_velocity_deg_s;                   /* max |v| over the repetition */
    double mean_speed_deg_s;                      /* mean |v| over both legs' samples */
    double time_to_peak_s;                        /* from start to the peak |v| */
    double hold_s; /* end-range hold: time between the legs with |v| below
                      hold_frac * peak velocity */
} rc_rep_metrics;

/* The set's range of motion, one definition for `analyse`, `live`, `romcap metrics` and
 * the report (issue 14): per repetition the peak (largest) and trough (smallest) of the
 * filtered angle, from measured or offline-interpolated frames only (predicted frames
 * are NAN before they get here); the set's figures are the mean and sample SD (n - 1)
 * over the repetitions, and the largest repetition beside them. Degrees; NAN when
 * reps == 0 (SDs 0 for one repetition). */
typedef struct rc_set_rom {
    int reps;
    double peak_mean_deg, peak_sd_deg;
    double trough_mean_deg, trough_sd_deg;
    double range_mean_deg, range_sd_deg; /* of peak - trough per repetition */
    double largest_peak_deg;             /* the highest repetition peak */
    double largest_range_deg;            /* the largest peak - trough of one repetition */
} rc_set_rom;

/* The set's ROM from n repetitions' peaks and troughs (degrees). No allocation; the
 * one function every caller (offline analysis, live feedback) uses. */
void rc_set_rom_compute(const double *peak_deg, const double *trough_deg, int n, rc_set_rom *out);

typedef struct rc_consistency {
    int n;                                   /* repetitions used */
    double rom_mean_deg, rom_sd_deg, rom_cv; /* cv = sd / mean (sd with n-1) */
    double peak_vel_mean_deg_s, peak_vel_sd_deg_s, peak_vel_cv;
} rc_consistency;

typedef struct rc_metrics_config {
    double fs_hz;                   /* sampling rate of the series */
    int max_samples;                /* longest series analysed */
    int filter_order;               /* Butterworth order, default 4 */
    double cutoff_hz;               /* low-pass cut-off; 0 = automatic (Winter), < 0 = no
                                       filtering; default 6 Hz (TUNABLE: the usual choice for
                                       camera joint angles) */
    rc_cutoff_search cutoff_search; /* used when cutoff_hz == 0 */
    double max_gap_s;               /* NaN gaps up to this long are interpolated, longer ones
                                       split the series; default 0.25 s */
    rc_seg_params seg;
    rc_sparc_params sparc;
    double peak_prominence_frac; /* velocity peaks count with prominence >= frac * peak;
                                    default 0.05 */
    rc_tremor_params tremor;
} rc_metrics_config;

/* Defaults for a series sampled at fs_hz of up to max_samples samples. */
rc_metrics_config rc_metrics_config_default(double fs_hz, int max_samples);

/* Report for one angle. Arrays point into the analyser and stay valid until the
 * next rc_metrics_analyse on it or its destroy. */
typedef struct rc_angle_report {
    int n_samples;                      /* input length */
    int n_missing;                      /* NaN samples in the input */
    int n_interpolated;                 /* of those, filled by linear interpolation */
    int n_chunks;                       /* NaN-free pieces analysed (split at long gaps) */
    bool has_data;                      /* false when every sample was NaN */
    double min_deg, max_deg, range_deg; /* of the defined input samples (unfiltered) */
    int i_min, i_max;
    double fs_hz;
    int filter_order;
    double cutoff_hz; /* cut-off used (of the longest chunk when automatic) */
    bool cutoff_auto;
    double peak_velocity_deg_s; /* max |v| of the filtered series */
    int n_legs, n_reps;
    const rc_leg_metrics *legs;
    const rc_rep_metrics *reps;
    int n_incomplete_legs; /* legs not paired into a repetition */
    rc_consistency consistency;
    rc_tremor_result tremor; /* of the detrended unfiltered angle, longest chunk */
    bool tremor_ok;
    rc_set_rom rom; /* the set's ROM from the repetitions (rc_set_rom_compute) */
    int n_bridged;  /* rc_metrics_analyse_t: grid samples bridged across dropped frames */
    int n_splits;   /* rc_metrics_analyse_t: time gaps longer than max_gap_s (split) */
} rc_angle_report;

typedef struct rc_metrics rc_metrics;

/* Allocates everything the analysis of up to cfg->max_samples needs and plans the
 * FFTs (not thread-safe, see top). NULL with a message on a bad config. */
rc_metrics *rc_metrics_create(const rc_metrics_config *cfg, rc_err *err);
void rc_metrics_destroy(rc_metrics *m); /* NULL is fine */

/* Analyses one angle series (deg, NAN where undefined): gaps, filter, velocity,
 * legs and repetitions with their metrics, tremor, consistency. No allocation.
 * n in 0..max_samples. */
rc_status rc_metrics_analyse(rc_metrics *m, const double *angle_deg, int n, rc_angle_report *out,
                             rc_err *err);

/* Real time stamps (issue 14). Frames are rarely evenly spaced: a live capture drops
 * frames under load and a video's presentation times may jitter. The metrics work on
 * an even grid at the nominal rate fs, t_k = t_0 + k / fs, so every sample is placed
 * by its own time:
 *   - a grid point within 0.001 / fs of a sample takes that sample's value (evenly
 *     spaced input passes through unchanged);
 *   - between two defined samples at most max_gap_s apart, the value is interpolated
 *     in time: a cubic (Lagrange) through the two samples and their outer neighbours
 *     when those are defined and no more than max_gap_s away, else a straight line.
 *     Points between samples more than 1.5 / fs apart are counted as bridged (frames
 *     dropped);
 *   - a longer time gap splits the series (never closed up), and an undefined sample
 *     (NAN) stays undefined, handled as in rc_metrics_analyse. */

/* The nominal rate of time stamps t_s[0..n): 1 / the median interval, or hint_hz when
 * that lies within 2 % of it (a source's stated rate, kept exactly). `work` holds n
 * doubles. 0 when fewer than two increasing stamps. */
double rc_nominal_rate_hz(const double *t_s, int n, double hint_hz, double *work);

/* Samples of the even grid at fs_hz spanning t_s[0]..t_s[n-1] (0 for n < 1; -1 when
 * the span is not finite or the grid would exceed max_len). */
int rc_grid_len(const double *t_s, int n, double fs_hz, int max_len);

/* The resampling itself: x(t_s) onto `len` <= cap grid points at fs_hz in `grid`;
 * brk (cap bytes) gets 1 on points inside a time gap longer than max_gap_s. Counts
 * bridged points and split gaps (either may be NULL). RC_E_ARG for a time going
 * backwards or not finite, or a grid over cap. No allocation. */
rc_status rc_resample_grid(const double *t_s, const double *x, int n, double fs_hz,
                           double max_gap_s, int cap, double *grid, unsigned char *brk, int *len,
                           int *bridged, int *splits, rc_err *err);

/* rc_metrics_analyse on the angle resampled onto the grid at the analyser's fs (see
 * above). t_s must not decrease (RC_E_ARG naming the sample) and the grid must fit
 * max_samples. Times in the report count from t_s[0]. No allocation. */
rc_status rc_metrics_analyse_t(rc_metrics *m, const double *t_s, const double *angle_deg, int n,
                               rc_angle_report *out, rc_err *err);

/* Symmetry index (Robinson et al. 1987), percent: 100 * (a - b) / ((a + b) / 2).
 * 0 is perfect symmetry; NAN when a + b == 0 or an input is not finite. */
double rc_symmetry_index(double a, double b);

/* Mean, sample standard deviation (n - 1) and coefficient of variation sd/mean of
 * n values (cv NAN when the mean is 0; sd 0 for n == 1). */
void rc_mean_sd_cv(const double *x, int n, double *mean, double *sd, double *cv);

/* ------------------------------------------------------------------ online */

typedef struct rc_metrics_online rc_metrics_online;

typedef struct rc_online_state {
    int n_samples;                                /* since create or reset */
    int n_reps;                                   /* completed repetitions in the current set */
    int n_legs;                                   /* completed legs */
    bool moving;                                  /* inside a leg now */
    double set_min_deg, set_max_deg, set_rom_deg; /* of the smoothed angle this set */
    double last_rep_peak_velocity_deg_s;          /* NAN before the first repetition */
    double last_rep_rom_deg;
    double last_leg_sparc; /* SPARC of the last completed leg's speed; NAN if none */
    double last_leg_peak_velocity_deg_s;
    double velocity_deg_s; /* current smoothed velocity */
    double angle_deg;      /* the smoothed angle the repetitions' peaks come from (at the
                              velocity's sample, one late); NAN while undefined */
    /* The set's ROM as offline (rc_set_rom_compute), causal: a repetition's peak and
     * trough (of the smoothed angle) count when its return leg ends. Over the last
     * RC_ONLINE_MAX_REPS repetitions of the set. */
    rc_set_rom rom;
    double last_rep_peak_deg, last_rep_trough_deg; /* NAN before the first repetition */
} rc_online_state;

enum { RC_ONLINE_MAX_REPS = 256 };

/* Live counterpart of rc_metrics_analyse: a causal 2nd-order Butterworth low-pass
 * at cfg->cutoff_hz (6 Hz if 0), central-difference velocity one sample late, the
 * same hysteresis thresholds (the relative one from the running peak speed), and
 * SPARC of each leg from a ring of max_leg_s seconds planned here. Memory is fixed
 * at create; each push costs O(1) except at a leg's end (one FFT of bounded size). */
rc_metrics_online *rc_metrics_online_create(const rc_metrics_config *cfg, double max_leg_s,
                                            rc_err *err);
void rc_metrics_online_destroy(rc_metrics_online *o); /* NULL is fine */

/* Adds one sample (deg; NAN while undefined, which ends a leg in progress). */
void rc_metrics_online_push(rc_metrics_online *o, double angle_deg);

/* Adds the sample of time t_s (seconds, increasing) on the grid at cfg->fs_hz, the
 * causal form of rc_metrics_analyse_t: grid points missed since the last sample
 * (frames dropped, or left out because their position was only predicted) are
 * filled on a straight line from it when the gap is at most cfg->max_gap_s, else the
 * gap ends a leg in progress (as a NAN does); a sample less than half a grid step
 * after the last is skipped, and a time going backwards starts afresh (a new
 * stream). NAN as in rc_metrics_online_push. */
void rc_metrics_online_push_t(rc_metrics_online *o, double t_s, double angle_deg);

/* Starts a new set: ROM, counters and last-rep values cleared. */
void rc_metrics_online_reset(rc_metrics_online *o);

/* Current values. */
rc_online_state rc_metrics_online_state(const rc_metrics_online *o);

#ifdef __cplusplus
}
#endif
#endif
