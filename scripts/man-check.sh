#!/bin/sh
# SPDX-License-Identifier: MIT
# Checks manual pages: each PAGE is formatted by groff with every warning
# enabled (LC_ALL=C groff -ww -z -man -t), or linted by mandoc -Tlint
# where groff is missing.  Any diagnostic fails the page: a warning today
# is a garbled line in someone's terminal tomorrow.
#
#   sh scripts/man-check.sh PAGE...
#
# Prints "ok - man: PAGE" or "not ok - man: PAGE" and then the diagnostics,
# indented, for each page.  Exits 1 when a page failed, 2 on a usage error
# or when neither groff nor mandoc is installed.

if [ "$#" -eq 0 ]; then
	echo "usage: sh scripts/man-check.sh PAGE..." >&2
	exit 2
fi

if command -v groff >/dev/null 2>&1; then
	tool=groff
elif command -v mandoc >/dev/null 2>&1; then
	tool=mandoc
else
	echo "man-check: neither groff nor mandoc is installed" >&2
	exit 2
fi

out=$(mktemp "${TMPDIR:-/tmp}/man-check.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT
trap 'exit 2' INT TERM HUP

failed=0
for page in "$@"; do
	if [ ! -f "$page" ] || [ ! -r "$page" ]; then
		echo "cannot read $page" >"$out"
		rc=1
	elif [ "$tool" = groff ]; then
		# -z: format, print nothing; only the diagnostics remain.
		LC_ALL=C groff -ww -z -man -t -- "$page" >/dev/null 2>"$out"
		rc=$?
	else
		# mandoc -Tlint writes its messages to stdout.
		LC_ALL=C mandoc -Tlint -Wwarning -- "$page" >"$out" 2>&1
		rc=$?
	fi
	if [ "$rc" -ne 0 ] && [ ! -s "$out" ]; then
		echo "$tool exited with status $rc" >"$out"
	fi
	if [ -s "$out" ]; then
		echo "not ok - man: $page"
		sed 's/^/    /' "$out"
		failed=1
	else
		echo "ok - man: $page"
	fi
done
exit "$failed"
