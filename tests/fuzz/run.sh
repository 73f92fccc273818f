#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets of tests/fuzz/ with clang and runs each for
# SECONDS seconds, one after the other (sized for a 2-core machine).
#
#   sh tests/fuzz/run.sh SECONDS [BUILDDIR]      (BUILDDIR: build/fuzz)
#
# Each target is linked with the libraries' sources (lib/*/*.c) compiled with
# the same flags, so libFuzzer's coverage and the sanitizers see the
# library too.  The seed corpus tests/fuzz/corpus/<target>/ is copied into
# BUILDDIR/corpus/<target>/, which the fuzzer grows (the tree is never
# written); inputs found by earlier runs are kept there.  Crashes, leaks,
# undefined behaviour, timeouts and violated invariants are saved under
# BUILDDIR/artifacts/<target>/ and the full log is BUILDDIR/logs/<target>.log.
#
# Prints one line per target (executions and result) and exits 1 when any
# target failed, 2 on usage or build errors.
#
# Environment: FUZZ_CC (the compiler, default clang; not CC, which make
# may set to a compiler without libFuzzer), FUZZ_TARGETS (default: all
# seven, e.g. FUZZ_TARGETS="fuzz_query fuzz_decide"), FUZZ_FLAGS (extra
# libFuzzer flags).
set -u

usage() {
	echo "usage: sh tests/fuzz/run.sh SECONDS [BUILDDIR]" >&2
	exit 2
}

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	usage
fi
SECONDS_EACH=$1
case $SECONDS_EACH in
'' | *[!0-9]*) usage ;;
esac
[ "$SECONDS_EACH" -gt 0 ] || usage
BUILD=${2:-build/fuzz}

# Run from the top of the source tree, wherever we were called from.
HERE=$(cd "$(dirname "$0")" && pwd) || exit 2
ROOT=$(cd "$HERE/../.." && pwd) || exit 2
cd "$ROOT" || exit 2
case $BUILD in
/*) ;;
*) BUILD=$ROOT/$BUILD ;;
esac

CC=${FUZZ_CC:-clang}
# Seven targets: .ci/run's FUZZ_SECONDS=60 makes 7 minutes in all.
TARGETS=${FUZZ_TARGETS:-fuzz_query fuzz_allowlist fuzz_decide fuzz_oidc fuzz_config fuzz_swapstore fuzz_urldiff}
FUZZ_FLAGS=${FUZZ_FLAGS:-}

SAN="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
CFLAGS_FUZZ="$SAN -g -O1 -fno-omit-frame-pointer -std=c11 \
-D_POSIX_C_SOURCE=200809L -Wall -Wextra -Iinclude"

# libcrypto: the config library's reference verifier (lib/config/oidc.c).
PKGS="liburiparser libidn2 jansson yaml-0.1 libpsl libcrypto"
# shellcheck disable=SC2086
if ! PKG_CFLAGS=$(pkg-config --cflags $PKGS) ||
    ! PKG_LIBS=$(pkg-config --libs $PKGS); then
	echo "run.sh: pkg-config cannot find $PKGS (Debian:" \
	    "liburiparser-dev libidn2-dev libjansson-dev libyaml-dev" \
	    "libpsl-dev libssl-dev pkg-config)" >&2
	exit 2
fi
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "run.sh: $CC not found (Debian: clang)" >&2
	exit 2
fi

mkdir -p "$BUILD/obj" "$BUILD/logs" || exit 2

# The libraries, once, with the targets' flags.
echo "== building in $BUILD with $CC"
OBJS=
CONFIG_OBJS=
for src in lib/core/*.c lib/config/*.c; do
	obj=$BUILD/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')
	# shellcheck disable=SC2086
	$CC $CFLAGS_FUZZ -DAUTH0LOGOUT_BUILDING -DAUTH0LOGOUT_CONFIG_BUILDING \
	    $PKG_CFLAGS -c "$src" -o "$obj" || exit 2
	case $src in
	lib/core/*) OBJS="$OBJS $obj" ;;
	*) CONFIG_OBJS="$CONFIG_OBJS $obj" ;;
	esac
done

for t in $TARGETS; do
	extra=
	[ "$t" = fuzz_config ] && extra=$CONFIG_OBJS
	# shellcheck disable=SC2086
	$CC $CFLAGS_FUZZ -DAUTH0LOGOUT_BUILDING $PKG_CFLAGS \
	    "tests/fuzz/$t.c" $extra $OBJS $PKG_LIBS -o "$BUILD/$t" || exit 2
done

failed=0
summary=
for t in $TARGETS; do
	corpus=$BUILD/corpus/$t
	artifacts=$BUILD/artifacts/$t
	log=$BUILD/logs/$t.log
	mkdir -p "$corpus" "$artifacts" || exit 2
	if [ -d "tests/fuzz/corpus/$t" ]; then
		cp -f "tests/fuzz/corpus/$t"/* "$corpus"/ 2>/dev/null
	fi
	echo "== $t: ${SECONDS_EACH}s, corpus $corpus"
	# One process, one worker: the machine has two cores.
	# shellcheck disable=SC2086
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	    "$BUILD/$t" -max_total_time="$SECONDS_EACH" \
	    -dict=tests/fuzz/dict -max_len=20000 -timeout=10 \
	    -rss_limit_mb=2048 -workers=1 -print_final_stats=1 \
	    -artifact_prefix="$artifacts/" $FUZZ_FLAGS "$corpus" \
	    >"$log" 2>&1
	rc=$?

	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
	    tail -n 1)
	if [ -z "$execs" ]; then
		# No final stats after a crash: the last status line.
		execs=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
	fi
	[ -n "$execs" ] || execs="?"
	if [ $rc -eq 0 ]; then
		result=ok
	else
		failed=1
		if grep -q 'ERROR: LeakSanitizer' "$log"; then
			result="LEAK"
		elif grep -q 'INVARIANT FAILED' "$log"; then
			result="INVARIANT FAILED"
		elif grep -q 'runtime error:' "$log"; then
			result="UNDEFINED BEHAVIOUR"
		elif grep -q 'ERROR: AddressSanitizer' "$log"; then
			result="ADDRESS ERROR"
		elif grep -q 'ALARM: working on the last Unit' "$log"; then
			result="TIMEOUT"
		elif grep -q 'out-of-memory' "$log"; then
			result="OUT OF MEMORY"
		else
			result="CRASH (exit $rc)"
		fi
	fi
	line="$t: $execs executions, $result"
	echo "$line"
	summary="$summary$line
"
	if [ $rc -ne 0 ]; then
		# What failed: the invariant and its message, or the
		# sanitizer's summary.
		{
			grep -A1 'INVARIANT FAILED' "$log" | head -n 2
			grep -E 'runtime error:|SUMMARY:' "$log" | head -n 2
		} | sed 's/^ */    /'
		sed -n 's/.*Test unit written to \(.*\)$/    artifact: \1/p' \
		    "$log"
		echo "    log: $log"
		echo "    reproduce: $BUILD/$t <artifact>"
	fi
done

echo "== summary"
printf '%s' "$summary"
exit $failed
