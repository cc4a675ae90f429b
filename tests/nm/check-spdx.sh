#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Every source file starts with a GPL-2.0-only SPDX line, as in the kernel.
set -u
top=$1
bad=$(cd "$top" && find include sim tests tools cmake -type f 2>/dev/null | grep -E '\.(c|h|sh|cmake)$|CMakeLists.txt$' |
	while read -r f; do head -n 2 "$f" | grep -q 'SPDX-License-Identifier: GPL-2.0-only' || echo "$f"; done)
if [ -n "$bad" ]; then
	echo "files without the SPDX line:"
	echo "$bad"
	exit 1
fi
echo "ok: SPDX lines"
