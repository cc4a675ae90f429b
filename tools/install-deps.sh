#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Installs the Debian 12 packages mmsim needs that are missing (as root,
# non-interactive, no recommends); does nothing when all are present.
set -eu
PKGS="cmake ninja-build pkg-config gcc clang libclang-rt-14-dev binutils
      libcmocka-dev check valgrind"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing </dev/null
