/* metrics_internal.h - helpers shared by the files of the metrics stage. */
#ifndef ROMCAP_METRICS_INTERNAL_H
#define ROMCAP_METRICS_INTERNAL_H

#include "romcap/metrics.h"

/* Smallest p with 2^p >= n (0 for n <= 1). */
int rc__ceil_log2(int n);

/* One of the spectral object's two scratch arrays (max_samples doubles). Index 1
 * is also used by rc_tremor. */
double *rc__spectral_scratch(rc_spectral *sp, int which);
int rc__spectral_max_samples(const rc_spectral *sp);

#endif
