#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The README's main job: installs what is missing, builds, and runs the demo.
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default >/dev/null
exec build/default/tools/demo/mmsim-demo "$@"
