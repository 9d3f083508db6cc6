#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install this tree through DKMS for one kernel, exactly as a user would:
# source under /usr/src/damon-tier-<version>, then dkms add, build, install.
# Any earlier registration of the same version is removed first, so the
# installed module is always built from this tree.
set -euo pipefail
cd "$(dirname "$0")/.."
KVER=${1:-$(scripts/kver.sh)}
VER=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
DEST=/usr/src/damon-tier-$VER

if dkms status -m damon-tier -v "$VER" | grep -q .; then
	dkms remove -m damon-tier -v "$VER" --all >/dev/null
fi
rm -rf "$DEST"
mkdir -p "$DEST"
# Only what a release tarball would carry: the module's own sources.
cp -r dkms.conf Kbuild Makefile src include scripts "$DEST"/
find "$DEST" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete

dkms add -m damon-tier -v "$VER"
dkms build -m damon-tier -v "$VER" -k "$KVER"
dkms install -m damon-tier -v "$VER" -k "$KVER"

# modprobe -r stops and removes the contexts first (dist/damon-tier.conf).
install -D -m 755 dist/damon-tier-teardown /usr/local/sbin/damon-tier-teardown
install -D -m 644 dist/damon-tier.conf /etc/modprobe.d/damon-tier.conf

ko=$(modinfo -k "$KVER" -n damon_tier)
case $ko in
*/updates/dkms/*) echo "dkms: installed $ko" ;;
*) echo "dkms: modinfo finds $ko, not the DKMS build" >&2; exit 1 ;;
esac
