#!/bin/sh
# Runs the integration tests (tests/integration/*.sh): each starts real
# programs (the HTTP server, lighttpd, Chromium, Python) on loopback, prints
# one line per check -- "ok - what" or "not ok - what" -- and exits non-zero
# when a check failed.  This prints a total line at the end.
#
# Environment passed on to each script (set by `make check`):
#   BUILD SERVER CGI CLI LIBSO SRCDIR
total=0
failed=0
bad=""
for t in "$@"; do
	echo "== $t"
	log=$(mktemp)
	sh "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	rm -f "$log"
	total=$((total + p + f))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ] || [ "$((p + f))" -eq 0 ]; then
		bad="$bad $(basename "$t")(exit $rc)"
	fi
done
echo "integration: $((total - failed)) passed, $failed failed"
if [ -n "$bad" ]; then
	echo "FAILED:$bad" >&2
	exit 1
fi
