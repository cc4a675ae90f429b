#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Regenerates the link-prefix defines of include/mmsim/kernel/kprefix.h from
# a built library: every global symbol that is not mmsim_* yet gets
# "#define name mmsim_k_name" (the zlib Z_PREFIX technique). Run it after
# adding model functions, then rebuild:
#     tools/gen-kprefix.sh build/default
set -eu
build=${1:-build/default}
top=$(cd "$(dirname "$0")/.." && pwd)
hdr=$top/include/mmsim/kernel/kprefix.h
libs="$build/libmmsim.a"
[ -f "$build/libmmsim_check.a" ] && libs="$libs $build/libmmsim_check.a"
new=$(nm --defined-only -g $libs 2>/dev/null | awk 'NF==3 {print $3}' | grep -v '^mmsim_' || true)
old=$(sed -n 's/^#define \([A-Za-z0-9_]*\) mmsim_k_.*/\1/p' "$hdr")
all=$(printf '%s\n%s\n' "$old" "$new" | grep -v '^$' | sort -u)
tmp=$(mktemp)
{
	sed -n '1,/BEGIN GENERATED/p' "$hdr"
	for s in $all; do
		printf '#define %s mmsim_k_%s\n' "$s" "$s"
	done
	sed -n '/END GENERATED/,$p' "$hdr"
} >"$tmp"
mv "$tmp" "$hdr"
echo "kprefix.h: $(printf '%s\n' "$all" | grep -c .) model symbols"
