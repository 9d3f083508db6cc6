#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkinitramfs.sh KVER OUT.cpio.gz: the test VM's initramfs (busybox-static,
# the 9p modules to mount the host root, scripts/vm/init). Cached under
# $DT_CACHE/vm by a hash of its inputs, so reruns cost nothing. DT_KMODS:
# the kernel's modules directory when not /lib/modules/KVER (scripts/matrix).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 KVER OUT.cpio.gz" >&2; exit 2; }
kver=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
mods=${DT_KMODS:-/lib/modules/$kver}
[ -d "$mods/kernel" ] || { echo "mkinitramfs: no $mods/kernel" >&2; exit 1; }

bb=/bin/busybox
# A dynamic busybox would not run without the host's libc in the initramfs.
if ldd "$bb" >/dev/null 2>&1; then
	echo "mkinitramfs: $bb is not static (install busybox-static)" >&2
	exit 1
fi

# Load order matters: each module needs the previous ones. Some configs
# build them in; those are skipped.
names=() files=()
for m in netfs 9pnet 9pnet_virtio 9p; do
	f=$(find "$mods/kernel" \( -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" \) -print -quit)
	if [ -n "$f" ]; then
		names+=("$m") files+=("$f")
	elif ! grep -q "/$m\.ko\$" "$mods/modules.builtin" 2>/dev/null; then
		echo "mkinitramfs: module $m neither in $mods nor built in" >&2
		exit 1
	fi
done

cache=${DT_CACHE:-/var/cache/damon-tier}/vm
mkdir -p "$cache" 2>/dev/null || cache=${TMPDIR:-/tmp}/damon-tier-$(id -u)/vm
mkdir -p "$cache"
key=$( { echo "$kver ${names[*]}"; sha256sum "$0" "$here/init" "$bb" "${files[@]}"; } |
	sha256sum | cut -c1-16)
img=$cache/initramfs-$kver-$key.cpio.gz

if [ ! -s "$img" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp"/{bin,dev,proc,sys,host,lib/modules}
	cp "$bb" "$tmp/bin/busybox"
	ln -s busybox "$tmp/bin/sh"
	install -m 755 "$here/init" "$tmp/init"
	for i in "${!names[@]}"; do
		case ${files[i]} in
		*.xz) xz -dc "${files[i]}" >"$tmp/lib/modules/${names[i]}.ko" ;;
		*.zst) zstd -qdc "${files[i]}" >"$tmp/lib/modules/${names[i]}.ko" ;;
		*) cp "${files[i]}" "$tmp/lib/modules/${names[i]}.ko" ;;
		esac
		echo "${names[i]}" >>"$tmp/lib/modules/order"
	done
	touch "$tmp/lib/modules/order"
	rm -f "$cache/initramfs-$kver-"*.cpio.gz
	(cd "$tmp" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -6 >"$img.tmp.$$"
	# Per-process temporary: parallel VMs may build the same image.
	mv "$img.tmp.$$" "$img"
	echo "mkinitramfs: built $img" >&2
fi
cmp -s "$img" "$out" 2>/dev/null || cp "$img" "$out"
