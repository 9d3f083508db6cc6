#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the newest installed Debian 6.12 kernel that has both headers and
# an image; never hard-code the patch version, it moves with updates.
set -euo pipefail
series=${1:-6.12}
best=
for d in /lib/modules/"$series".*-amd64; do
	[ -d "$d/build" ] || continue
	k=${d##*/}
	[ -e "/boot/vmlinuz-$k" ] || continue
	best=$(printf '%s\n%s\n' "$best" "$k" | sed '/^$/d' | sort -V | tail -n1)
done
[ -n "$best" ] || { echo "kver: no $series kernel with headers and image" >&2; exit 1; }
echo "$best"
