/* fuzz.h - shared declarations of the fuzz harnesses in tests/fuzz/.
 *
 * Every harness defines LLVMFuzzerTestOneInput. Built with -DROMCAP_FUZZ=ON (clang)
 * libFuzzer supplies main(); otherwise replay_main.c does and feeds it every file of
 * the folders (or files) named on the command line, so gcc sanitizer builds replay
 * the corpus. Harnesses never abort on bad input: only a sanitizer report, a crash
 * or a hang is a finding.
 */
#ifndef ROMCAP_TESTS_FUZZ_H
#define ROMCAP_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes data[0..n) to the file `path` (created 0600, truncated). 0 on success. */
int rc_fuzz_write_file(const char *path, const void *data, size_t n);

/* A private scratch folder for this process, or NULL: created on first use under
 * $TMPDIR, else /dev/shm, else /tmp; removed with its files at a normal exit (libFuzzer
 * ends with _exit, so run_fuzz.sh points TMPDIR into its own work folder). */
const char *rc_fuzz_scratch_dir(void);

#endif
