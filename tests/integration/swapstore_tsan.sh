#!/bin/sh
# SPDX-License-Identifier: MIT
# R10.1 under ThreadSanitizer: tests/stress/swap_stress.c, built with
# -fsanitize=thread by make check, runs 3 reader threads against a writer
# publishing changes for SWAP_STRESS_SECONDS (default 4).  Its own checks
# (one snapshot per decision, snapshots only move forward, every retired
# snapshot freed) print "ok"/"not ok"; a ThreadSanitizer report (a race,
# a use after free) fails it too.  Environment: TSAN_STRESS (the program).
set -u
: "${TSAN_STRESS:?TSAN_STRESS is the swap_stress program built with -fsanitize=thread}"
log=$(mktemp) || exit 2
trap 'rm -f "$log"' EXIT
TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}" \
	"$TSAN_STRESS" "${SWAP_STRESS_SECONDS:-4}" >"$log" 2>&1
rc=$?
grep -E '^(not )?ok ' "$log"
if grep -q 'ThreadSanitizer' "$log"; then
	echo "not ok - ThreadSanitizer reported:"
	sed 's/^/    /' "$log" | head -40
elif [ "$rc" -eq 0 ]; then
	echo "ok - ThreadSanitizer reported nothing"
fi
if [ "$rc" -ne 0 ]; then
	echo "not ok - swap_stress exited $rc"
	exit 1
fi
