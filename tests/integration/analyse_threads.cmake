# Offline analysis on two threads (reading on the lossless capture thread, JPEG
# frames decoded by two workers side by side) against one thread: byte-identical
# result files and warnings on an MJPEG AVI, on a JPEG folder with a corrupt frame,
# on an AVI cut short and on a recorded session (make_clip is defined in e2e.cmake).
set(THREADS_SH ${CMAKE_CURRENT_SOURCE_DIR}/integration/analyse_threads.sh)
set(THREADS_EXPECT ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh)
set(THREADS_WORK ${CMAKE_CURRENT_BINARY_DIR}/analyse_threads)
set(THREADS_URI "synthetic:elbow_flexion?size=640x360&fps=30&seconds=5&noise=2&occlude=wrist@2.0+0.3")
add_test(NAME analyse_threads_avi
         COMMAND sh -c "mkdir -p '${THREADS_WORK}' && $<TARGET_FILE:make_clip> '${THREADS_URI}' avi '${THREADS_WORK}/clip.avi' 85 && sh '${THREADS_SH}' '$<TARGET_FILE:romcap>' '${THREADS_WORK}/avi' '${THREADS_WORK}/clip.avi' elbow_flexion")
add_test(NAME analyse_threads_jpeg_folder
         COMMAND sh ${THREADS_EXPECT} 0 "frame_00030.jpg.*skipped"
                 sh -c "rm -rf '${THREADS_WORK}/jpegs' && mkdir -p '${THREADS_WORK}' && $<TARGET_FILE:make_clip> '${THREADS_URI}' jpegs '${THREADS_WORK}/jpegs' 85 30 && sh '${THREADS_SH}' '$<TARGET_FILE:romcap>' '${THREADS_WORK}/folder' '${THREADS_WORK}/jpegs' elbow_flexion")
add_test(NAME analyse_threads_truncated_avi
         COMMAND sh ${THREADS_EXPECT} 0 "ended after [0-9]+ of 150 frames"
                 sh -c "mkdir -p '${THREADS_WORK}' && $<TARGET_FILE:make_clip> '${THREADS_URI}' avi '${THREADS_WORK}/cut_src.avi' 85 && head -c 1500000 '${THREADS_WORK}/cut_src.avi' > '${THREADS_WORK}/cut.avi' && sh '${THREADS_SH}' '$<TARGET_FILE:romcap>' '${THREADS_WORK}/cut' '${THREADS_WORK}/cut.avi' elbow_flexion")
add_test(NAME analyse_threads_session
         COMMAND sh -c "rm -rf '${THREADS_WORK}/sess' && mkdir -p '${THREADS_WORK}' && $<TARGET_FILE:romcap> record --source '${THREADS_URI}' --model elbow_flexion --out '${THREADS_WORK}/sess' --no-analyse > '${THREADS_WORK}/record.log' 2>&1 && sh '${THREADS_SH}' '$<TARGET_FILE:romcap>' '${THREADS_WORK}/session' '${THREADS_WORK}/sess' elbow_flexion")
# The colour self-check counts its first pass on the run's own frames; a colour it
# learns starts the run again with it. The knee model with the knee's colour moved
# to purple (#a028c8 for the rendered magenta: judged poor, learnt, kept), on an
# MJPEG AVI of the knee scene: the restarted run on one and two threads, identical.
set(THREADS_KNEE_URI "synthetic:knee_flexion?size=640x360&fps=30&seconds=4&noise=2")
add_test(NAME analyse_threads_learnt_colour
         COMMAND sh ${THREADS_EXPECT} 0 "knee: learnt its colour"
                 sh -c "mkdir -p '${THREADS_WORK}/purple' && sed 's/#c828a0/#a028c8/' '${CMAKE_SOURCE_DIR}/models/knee_flexion.json' > '${THREADS_WORK}/purple/knee_flexion.json' && $<TARGET_FILE:make_clip> '${THREADS_KNEE_URI}' avi '${THREADS_WORK}/knee.avi' 85 && sh '${THREADS_SH}' '$<TARGET_FILE:romcap>' '${THREADS_WORK}/learnt' '${THREADS_WORK}/knee.avi' '${THREADS_WORK}/purple/knee_flexion.json'")
