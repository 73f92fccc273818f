#!/bin/sh
# SPDX-License-Identifier: MIT
# The ABI of both libraries against the baselines in abi/ (abigail-tools).
#
#   sh scripts/abi.sh check BUILD ABI_VERSION     abidiff: any change fails
#   sh scripts/abi.sh baseline BUILD ABI_VERSION  records the current ABI
#
# Only what the public headers (include/) declare counts.  A release that
# adds to the ABI compatibly (a new function, a reserved field put to use)
# records a new baseline in the same commit; an incompatible change needs
# a new SONAME (see "ABI policy" in include/auth0logout.h).
set -eu
mode=$1
build=$2
abi=$3
status=0
for lib in libauth0logout libauth0logout-config libauth0logout-pg; do
	so=$build/$lib.so.$abi
	base=abi/$lib.abi
	case $mode in
	baseline)
		mkdir -p abi
		abidw --headers-dir include --no-corpus-path --out-file "$base" "$so"
		echo "abi: wrote $base from $so"
		;;
	check)
		if [ ! -f "$base" ]; then
			echo "not ok - abi: $base is missing (make abi-baseline)"
			status=1
			continue
		fi
		out=$(abidiff --headers-dir2 include "$base" "$so" 2>&1) && rc=0 || rc=$?
		if [ "$rc" -eq 0 ]; then
			echo "ok - abi: $lib matches $base"
		else
			echo "not ok - abi: $lib differs from $base (abidiff exit $rc)"
			echo "$out" | sed 's/^/    /'
			status=1
		fi
		;;
	*)
		echo "usage: sh scripts/abi.sh check|baseline BUILD ABI_VERSION" >&2
		exit 2
		;;
	esac
done
exit $status
