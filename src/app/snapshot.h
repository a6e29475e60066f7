/* snapshot.h - draws the frame at peak range of motion that the analysis stage kept
 * (rc_peak_frame, analysis.h) with its overlays, off screen, and saves it as a PNG:
 * for reports and the headless main job. Drawing lives in the app because it needs
 * the ui library, which the analysis stage does not depend on. */
#ifndef ROMCAP_APP_SNAPSHOT_H
#define ROMCAP_APP_SNAPSHOT_H

#include "romcap/analysis.h"
#include "romcap/model.h"

/* Draws `s` with overlays off screen and writes `path` (0600). RC_E_NOT_FOUND when
 * no frame had a defined angle; ui failures as their status. */
rc_status rc_snapshot_save(const rc_peak_frame *s, const rc_model *m, const char *label,
                           const char *path, rc_err *err);

#endif
