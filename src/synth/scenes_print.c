/* scenes_print.c - the built-in scenes as `romcap scenes` lists them (synth.h
 * rc_synth_scenes_print). */
#include <stdio.h>

#include "romcap/synth.h"

void rc_synth_scenes_print(FILE *out)
{
    for (int i = 0; i < rc_synth_scene_count(); i++)
        fprintf(out, "%-24s model %-24s %s\n", rc_synth_scene_name(i),
                rc_synth_scene_model(i)[0] ? rc_synth_scene_model(i) : "-",
                rc_synth_scene_summary(i));
    for (int i = 0; i < rc_synth_mocap_scene_count(); i++)
        fprintf(out, "%-24s model %-24s %s (needs ?file=C3D)\n", rc_synth_mocap_scene_name(i),
                rc_synth_mocap_scene_model(i), rc_synth_mocap_scene_summary(i));
}
