#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Enforces DESIGN.md section 3 on a built static library:
#   writable LIB  - no writable data symbols (D/d/B/b/C/G/g/S/s): all state lives in the world
#   prefix LIB    - every global symbol the library defines is mmsim_* (mmsim_k_* for model names)
#   checker LIB   - the checker references no mmsim_k_* symbol: it shares no code with the model
set -u
mode=$1 nm=$2 lib=$3
status=0
case $mode in
writable)
	# sysv format names the section: .data.rel.ro (relocated const pointers) is fine
	bad=$("$nm" --format=sysv --defined-only "$lib" 2>/dev/null |
		awk -F'|' '{gsub(/ /, "", $7)} $7 ~ /^(\.data|\.bss|\.tdata|\.tbss|COMMON|\.data\.rel|\.data\.rel\.local)$/ || $7 ~ /^\.(data|bss)\.[^r]/ {print $1 "|" $7}')
	if [ -n "$bad" ]; then
		echo "writable data symbols in $lib (move the state into struct mmsim):"
		echo "$bad"
		status=1
	fi ;;
prefix)
	bad=$("$nm" --defined-only -g "$lib" 2>/dev/null | awk 'NF==3 {print $3}' | grep -v '^mmsim_')
	if [ -n "$bad" ]; then
		echo "global symbols without the mmsim_/mmsim_k_ prefix in $lib"
		echo "(run tools/gen-kprefix.sh BUILD_DIR to add model names to kprefix.h):"
		echo "$bad"
		status=1
	fi ;;
checker)
	bad=$("$nm" -u "$lib" 2>/dev/null | awk '{print $NF}' | grep '^mmsim_k_')
	if [ -n "$bad" ]; then
		echo "the checker uses model functions (it must recompute everything itself):"
		echo "$bad"
		status=1
	fi ;;
*) echo "usage: $0 writable|prefix|checker NM LIB"; exit 2 ;;
esac
[ $status = 0 ] && echo "ok: $mode $lib"
exit $status
