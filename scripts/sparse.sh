#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the module with sparse on every source (C=2) and fail on any
# warning about our own files.
set -euo pipefail
KDIR=$1
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
make -C "$KDIR" M="$PWD" C=2 modules >"$log" 2>&1 || { cat "$log"; exit 1; }
if grep -E "^$PWD/|^(src|include)/" "$log" | grep -E "warning|error"; then
	echo "sparse: warnings above" >&2
	exit 1
fi
echo "sparse: clean ($(grep -c '  CHECK' "$log") files checked)"
