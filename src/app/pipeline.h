/* pipeline.h - the per-frame pipeline moved into the analysis stage
 * (include/romcap/analysis.h, src/analysis/pipeline.c); this header only forwards,
 * for app files that still include it (cmd_learn.c). New code includes
 * "romcap/analysis.h". */
#ifndef ROMCAP_APP_PIPELINE_H
#define ROMCAP_APP_PIPELINE_H

#include "romcap/analysis.h"

#endif
