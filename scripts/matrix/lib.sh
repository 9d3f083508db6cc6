#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Helpers for scripts/matrix/*.sh (sourced).

# The cache directory of one suite's chroot, outside the repo.
dt_matrix_dir() {
	echo "${DT_CACHE:-/var/cache/damon-tier}/matrix/$1"
}

# dt_chroot ROOT CMD...: run CMD in ROOT with /proc, /dev and /sys mounted
# in a private mount namespace, so nothing stays mounted afterwards.
# INITRD=No: the kernel image's postinst hook builds no initramfs (the VM
# boots with the harness's own).
dt_chroot() {
	local root=$1
	shift
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare --mount --propagation private -- /bin/bash -c '
		set -e
		root=$1; shift
		mount -t proc proc "$root/proc"
		mount -t sysfs sysfs "$root/sys"
		mount --rbind /dev "$root/dev"
		exec chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
			DEBIAN_FRONTEND=noninteractive INITRD=No \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
	' dt-chroot "$root" "$@"
}

# dt_kernel_image ROOT KVER: print the path of KVER's vmlinuz under ROOT
# (/boot up to Debian 13, the modules directory in newer packages).
dt_kernel_image() {
	local f
	for f in "$1/boot/vmlinuz-$2" "$1/usr/lib/modules/$2/vmlinuz" "$1/lib/modules/$2/vmlinuz"; do
		[ -r "$f" ] && { echo "$f"; return 0; }
	done
	return 1
}
