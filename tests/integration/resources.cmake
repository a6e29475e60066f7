# Resources at start-up and while recording (issue 8): too few file descriptors, too
# little memory, a file size limit and a full file system must each end in a
# one-line error (exit 1..125) or a clean stop that keeps the frames written, never
# a signal. tests/integration/resources.sh holds the checks.
set(_res sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/resources.sh $<TARGET_FILE:romcap>)
foreach(cmd analyse live record)
  # ulimit -n 4: "romcap: error: ...: Too many open files".
  add_test(NAME resources_fd_${cmd} COMMAND ${_res} fd ${cmd})
  set_tests_properties(resources_fd_${cmd} PROPERTIES TIMEOUT 60 SKIP_RETURN_CODE 77)
  if(ROMCAP_SANITIZE)
    # ASan reserves terabytes of address space, so ulimit -v cannot be used: its
    # allocator refuses single allocations above 1..16 MiB instead.
    add_test(NAME resources_mem_${cmd} COMMAND ${_res} asan-sweep ${cmd})
  else()
    # ulimit -v 340..620 MB at 1080p: each run succeeds or says "out of memory".
    add_test(NAME resources_mem_${cmd} COMMAND ${_res} vm-sweep ${cmd})
  endif()
  set_tests_properties(resources_mem_${cmd} PROPERTIES TIMEOUT 180 SKIP_RETURN_CODE 77)
endforeach()
foreach(cmd live record)
  # ulimit -f 2000: "file size limit reached after N frames: recording stopped,
  # frames so far kept", and the kept frames read back without repair.
  add_test(NAME resources_fsize_${cmd} COMMAND ${_res} fsize ${cmd})
  set_tests_properties(resources_fsize_${cmd} PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77)
endforeach()
# A 2 MiB tmpfs in a private mount namespace (unshare; skipped where namespaces are
# not allowed): "disk full after N frames ...", the kept frames read back.
add_test(NAME resources_enospc_record COMMAND ${_res} enospc)
set_tests_properties(resources_enospc_record PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77)
