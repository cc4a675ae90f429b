#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The library has a single recovery point: one setjmp(), in mmsim_run_command().
set -u
top=$1
hits=$(grep -rnE '(^|[^_a-z])setjmp *\(' "$top/sim" | grep -vE '^[^:]*:[0-9]+:[[:space:]]*(\*|/\*|//)')
n=$(printf '%s\n' "$hits" | grep -c 'setjmp')
if [ "$n" != 1 ] || ! printf '%s' "$hits" | grep -q 'sim/core/world.c'; then
	echo "expected exactly one setjmp, in sim/core/world.c; found:"
	echo "$hits"
	exit 1
fi
echo "ok: single setjmp"
