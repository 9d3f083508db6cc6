#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# chroot.sh SUITE: create or refresh the cached build chroot of one Debian
# release (trixie, sid, ...) for the kernel matrix, and put the newest
# amd64 kernel of that suite in it: its headers installed by apt (they pull
# the compiler the kernel was built with), its image and modules unpacked
# (vmlinuz + /usr/lib/modules/KVER for the test VM, no initramfs needed).
# Only Debian packages are downloaded. Prints the kernel release (KVER) on
# stdout; everything else goes to stderr.
#
# Layout: $DT_CACHE/matrix/SUITE/root (the chroot), .../kver (newest
# kernel), .../stamp-* (what was done when). Env: DT_CACHE (default
# /var/cache/damon-tier); DT_MIRROR (default http://deb.debian.org/debian);
# DT_MATRIX_REFRESH_H: refresh the package lists when older than this many
# hours (default 12; 0 = always); DT_MATRIX_OFFLINE=1: use what is cached.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 SUITE" >&2; exit 2; }
suite=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/matrix/lib.sh
. "$here/lib.sh"

mirror=${DT_MIRROR:-http://deb.debian.org/debian}
dir=$(dt_matrix_dir "$suite")
root=$dir/root
refresh_h=${DT_MATRIX_REFRESH_H:-12}
mkdir -p "$dir"

# One refresh at a time per suite (parallel matrix runs share the cache).
exec 9>"$dir/lock"
flock 9

if ! command -v debootstrap >/dev/null; then
	echo "matrix: installing debootstrap" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends debootstrap >&2
fi

# The build tools; the compiler comes with the headers (their own gcc-N).
base=make,libc6-dev,libelf-dev,dkms,kmod,xz-utils,zstd,dwarves,ca-certificates
if [ ! -e "$dir/stamp-debootstrap" ]; then
	[ "${DT_MATRIX_OFFLINE:-0}" != 1 ] || { echo "matrix: no cached $suite chroot (offline)" >&2; exit 1; }
	rm -rf "$root"
	t0=$(date +%s)
	echo "matrix: debootstrap $suite into $root" >&2
	debootstrap --variant=minbase --include="$base" "$suite" "$root" "$mirror" >"$dir/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$dir/debootstrap.log" >&2; exit 1; }
	# Stable releases get their kernels through -security and -updates.
	{
		echo "deb $mirror $suite main"
		case $suite in
		sid | unstable | experimental) ;;
		*)
			echo "deb $mirror $suite-updates main"
			echo "deb ${mirror%/debian}/debian-security $suite-security main"
			;;
		esac
	} >"$root/etc/apt/sources.list"
	# sid's Release files are valid for a week only: a mirror that lags
	# (or a snapshot) would stop the matrix. Signatures are still checked.
	echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99dt-valid-until"
	# No daemons start in the chroot.
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
	rm -f "$dir/stamp-apt"
	echo "debootstrap $(($(date +%s) - t0))s" >"$dir/stamp-debootstrap"
	echo "matrix: debootstrap $suite took $(($(date +%s) - t0))s" >&2
fi

# Refresh the lists when stale, then install the newest kernel's packages.
if [ "${DT_MATRIX_OFFLINE:-0}" != 1 ] &&
	{ [ ! -e "$dir/stamp-apt" ] || [ "$refresh_h" = 0 ] ||
		[ -n "$(find "$dir/stamp-apt" -mmin +$((refresh_h * 60)))" ]; }; then
	t0=$(date +%s)
	alog=$dir/apt.log
	: >"$alog"
	dt_chroot "$root" apt-get update -qq >>"$alog" 2>&1 || { tail -n 20 "$alog" >&2; exit 1; }
	dt_chroot "$root" apt-get -y -qq -o Dpkg::Use-Pty=0 dist-upgrade >>"$alog" 2>&1 ||
		{ tail -n 20 "$alog" >&2; exit 1; }
	# Newest kernel of the suite: the highest version among the flavour's
	# header packages (no patch version is ever written down here).
	kver=$(dt_chroot "$root" apt-cache search --names-only '^linux-headers-[0-9][^-]*-amd64$' |
		awk '{ sub(/^linux-headers-/, "", $1); print $1 }' | sort -V | tail -n1)
	[ -n "$kver" ] || { echo "matrix: no linux-headers-*-amd64 in $suite" >&2; exit 1; }
	echo "matrix: $suite newest kernel $kver" >&2
	dt_chroot "$root" apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends \
		"linux-headers-$kver" >>"$alog" 2>&1 || { tail -n 20 "$alog" >&2; exit 1; }
	# The image. Debian 13's headers depend on it, so apt installed it;
	# where they do not, it is unpacked, not installed (no initramfs, no
	# bootloader hooks). Newer suites split it into linux-binary-KVER
	# (vmlinuz) and linux-modules-KVER.
	if ! dt_kernel_image "$root" "$kver" >/dev/null ||
		[ ! -d "$root/usr/lib/modules/$kver/kernel" ]; then
		pkgs=()
		for p in linux-image-$kver linux-binary-$kver linux-modules-$kver; do
			dt_chroot "$root" apt-cache show "$p" >/dev/null 2>&1 && pkgs+=("$p")
		done
		[ ${#pkgs[@]} -gt 0 ] || { echo "matrix: no image package for $kver" >&2; exit 1; }
		x=$root/tmp/dt-image
		rm -rf "$x"
		mkdir -p "$x/x"
		dt_chroot "$root" sh -c "cd /tmp/dt-image && apt-get download -qq -o APT::Sandbox::User=root ${pkgs[*]}" \
			>>"$alog" 2>&1 || { tail -n 20 "$alog" >&2; exit 1; }
		for deb in "$x"/*.deb; do
			dpkg-deb -x "$deb" "$x/x"
		done
		# /lib is a symlink to usr/lib in the chroot: copy into usr/lib,
		# never untar over the symlink.
		mkdir -p "$root/usr/lib/modules" "$root/boot"
		for m in "$x"/x/lib/modules/* "$x"/x/usr/lib/modules/*; do
			[ -d "$m" ] || continue
			mkdir -p "$root/usr/lib/modules/${m##*/}"
			cp -a "$m"/. "$root/usr/lib/modules/${m##*/}/"
		done
		if [ -d "$x/x/boot" ]; then cp -a "$x"/x/boot/. "$root/boot/"; fi
		rm -rf "$x"
		dt_chroot "$root" depmod -a "$kver" >>"$alog" 2>&1
		dt_kernel_image "$root" "$kver" >/dev/null ||
			{ echo "matrix: no vmlinuz for $kver in ${pkgs[*]}" >&2; exit 1; }
	fi
	echo "$kver" >"$dir/kver"
	echo "apt $(($(date +%s) - t0))s" >"$dir/stamp-apt"
	echo "matrix: $suite packages refreshed in $(($(date +%s) - t0))s" >&2
fi

[ -s "$dir/kver" ] || { echo "matrix: $suite has no kernel yet" >&2; exit 1; }
cat "$dir/kver"
