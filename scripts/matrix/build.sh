#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build.sh SUITE [KVER]: build this tree by DKMS inside the suite's cached
# chroot (scripts/matrix/chroot.sh), with that release's compiler and
# headers, exactly as a user of that release would: source under
# /usr/src/damon-tier-<version>, dkms add, build, install. The installed
# module lands in the chroot's /usr/lib/modules/KVER/updates/dkms (where
# the test VM's modprobe finds it); a plain copy goes to
# $DT_CACHE/matrix/SUITE/damon_tier.ko for insmod. The compiler output is
# in .../dkms-make.log; when the build fails, make -k lists every error in
# .../dkms-make-all.log. Exit 1 when the build fails.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 SUITE [KVER]" >&2; exit 2; }
suite=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/matrix/lib.sh
. "$here/lib.sh"
cd "$here/../.."

dir=$(dt_matrix_dir "$suite")
root=$dir/root
kver=${2:-$(cat "$dir/kver" 2>/dev/null || true)}
[ -n "$kver" ] || { echo "matrix: no kernel for $suite: run scripts/matrix/chroot.sh $suite" >&2; exit 1; }
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
exec 9>"$dir/lock"
flock 9

t0=$(date +%s)
dest=$root/usr/src/damon-tier-$ver
rm -rf "$dest" "$dir/damon_tier.ko" "$dir/dkms-make.log" "$dir/dkms-make-all.log"
mkdir -p "$dest"
# Only what a release tarball would carry (as scripts/dkms-install.sh).
cp -r dkms.conf Kbuild Makefile src include scripts "$dest"/
find "$dest" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete

rc=0
dt_chroot "$root" /bin/sh -c "
	dkms status -m damon-tier -v '$ver' | grep -q . && dkms remove -m damon-tier -v '$ver' --all >/dev/null
	dkms add -m damon-tier -v '$ver' >/dev/null &&
	dkms build -m damon-tier -v '$ver' -k '$kver' &&
	dkms install -m damon-tier -v '$ver' -k '$kver'
" >"$dir/dkms.log" 2>&1 || rc=$?
mlog=$root/var/lib/dkms/damon-tier/$ver/build/make.log
[ -r "$mlog" ] && cp "$mlog" "$dir/dkms-make.log"
if [ "$rc" -ne 0 ]; then
	echo "matrix: DKMS build for $kver ($suite) failed after $(($(date +%s) - t0))s; log $dir/dkms-make.log" >&2
	# make stopped at the first broken file: list every error for the port.
	dt_chroot "$root" make -k -j2 -C "/lib/modules/$kver/build" \
		M="/var/lib/dkms/damon-tier/$ver/build" modules >"$dir/dkms-make-all.log" 2>&1 || true
	n=$(grep -c 'error:' "$dir/dkms-make-all.log" || true)
	echo "matrix: $n compiler errors in $(grep 'error:' "$dir/dkms-make-all.log" | cut -d: -f1 | sort -u | wc -l) files, all in $dir/dkms-make-all.log" >&2
	grep 'error:' "$dir/dkms-make-all.log" | sort -u | head -n 40 >&2
	exit 1
fi

# The installed file may be compressed (the kernel's module compression).
ko=$(find "$root/usr/lib/modules/$kver/updates/dkms" -name "damon_tier.ko*" -print -quit 2>/dev/null)
case $ko in
*.ko.xz) xz -dc "$ko" >"$dir/damon_tier.ko" ;;
*.ko.zst) zstd -qdc "$ko" >"$dir/damon_tier.ko" ;;
*.ko) cp "$ko" "$dir/damon_tier.ko" ;;
*) echo "matrix: DKMS installed no damon_tier.ko for $kver" >&2; exit 1 ;;
esac
cc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$root/usr/src/linux-headers-$kver/include/config/auto.conf" 2>/dev/null || true)
echo "matrix: DKMS build for $kver ($suite${cc:+, $cc}) took $(($(date +%s) - t0))s: ${ko#"$root"}" >&2
