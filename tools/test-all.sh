#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The README's test command: installs what is missing, then builds and runs
# every test under gcc, clang (warning-free builds with both), ASan+UBSan and
# valgrind. Long fuzzing and benchmarks are not part of it.
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
for preset in default clang asan valgrind; do
	echo "=== preset $preset"
	cmake --preset "$preset" >/dev/null
	cmake --build --preset "$preset"
	ctest --preset "$preset"
done
echo "all presets passed"
