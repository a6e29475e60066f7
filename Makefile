# Thin wrapper over CMake for the README's two commands. Packages: .ci/setup.
BUILD      ?= build
BUILD_TEST ?= build-test
BUILD_FUZZ ?= build-fuzz-clang
FUZZ_SECONDS ?= 20
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
ARGS       ?=

.PHONY: all deps build run test fuzz bench clean

all: build

deps:
	@sh .ci/setup

# Optimised build of the romcap command (and the benchmarks).
build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j$(JOBS)

# The main job: live camera if one opens, else the bundled sample; a window when a
# display exists, else headless files and a PNG snapshot. Extra arguments: ARGS="...".
run: build
	./$(BUILD)/src/romcap $(ARGS)

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (which also
# replays every fuzz corpus), then a short fuzzing run of every parser.
test: deps
	cmake -S . -B $(BUILD_TEST) -DCMAKE_BUILD_TYPE=Debug -DROMCAP_SANITIZE=ON -DROMCAP_WERROR=ON
	cmake --build $(BUILD_TEST) -j$(JOBS)
	cd $(BUILD_TEST) && ctest --output-on-failure -j$(JOBS)
	@$(MAKE) --no-print-directory fuzz

# Every tests/fuzz harness under libFuzzer (clang, ASan + UBSan) for FUZZ_SECONDS
# each, two at a time, starting from its seed corpus; fails on any crash, sanitizer
# report, leak, hang (10 s) or out-of-memory (tests/fuzz/README.md).
fuzz: deps
	BUILD="$(CURDIR)/$(BUILD_FUZZ)" JOBS=$(JOBS) PARALLEL=2 sh tests/fuzz/run_fuzz.sh $(FUZZ_SECONDS)

# Benchmarks (not tests): optimised build, then each tests/bench program.
bench: build
	@for b in $(BUILD)/tests/bench_*; do [ -x "$$b" ] && echo "== $$b" && "$$b"; done

clean:
	rm -rf $(BUILD) $(BUILD_TEST) $(BUILD_FUZZ)
