#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install everything damon-tier needs to build, package and test itself
# on a Debian 12 machine. Idempotent: safe to run again.
set -euo pipefail

PKGS=(
	build-essential gcc make bc kmod xz-utils cpio
	linux-headers-6.12-amd64 linux-image-6.12-amd64 linux-source-6.12
	dkms sparse
	qemu-system-x86 busybox-static
	python3 numactl
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	[ "$(id -u)" = 0 ] || { echo "setup: need root to install packages" >&2; exit 1; }
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# checkpatch.pl and the exact mm/damon source of the target live in the
# linux-source tarball; unpack once into a cache outside the repo.
SRC_CACHE=${DT_CACHE:-/var/cache/damon-tier}
tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1 || true)
if [ -n "$tarball" ] && [ ! -x "$SRC_CACHE/linux-source-6.12/scripts/checkpatch.pl" ]; then
	mkdir -p "$SRC_CACHE"
	echo "setup: unpacking $tarball"
	tar -C "$SRC_CACHE" -xf "$tarball"
fi

kver=$("$(dirname "$0")/kver.sh")
echo "setup: target kernel $kver"
