#!/bin/sh
# SPDX-License-Identifier: MIT
# The Python ctypes binding (bindings/python) against the shared library just
# built: runs its unittest suite and prints one line per test,
# "ok - <test name>" or "not ok - <test name>"; failure details follow as
# "# " comment lines.  Exits with unittest's exit status.
#
# Environment: LIBSO (path to libauth0logout.so.1), SRCDIR (the repository
# root); both default to this checkout's build.  CONFIG_LIBSO (path to
# libauth0logout-config.so.1, for MemStore.from_config, lint and
# OidcSettings) defaults to the one next to LIBSO.
set -u

here=$(cd "$(dirname "$0")/../.." && pwd)
. "$here/tests/integration/lib/python_env.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "not ok - python3 is installed"
	exit 1
fi
if [ ! -e "$LIBSO" ]; then
	echo "not ok - shared library $LIBSO exists (run make)"
	exit 1
fi

log=$(mktemp) || exit 1
trap 'rm -f "$log"' EXIT

# No __pycache__ in the tree; unbuffered so that anything a test prints stays
# in order with unittest's own lines.
(cd "$SRCDIR/bindings/python" &&
	AUTH0LOGOUT_LIB=$LIBSO AUTH0LOGOUT_CONFIG_LIB=$CONFIG_LIBSO \
		PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
		python3 -m unittest -v test_auth0logout) >"$log" 2>&1
rc=$?

# unittest -v prints "test_x (module.Class.test_x) ... RESULT", with a
# docstring's first line before " ... " on a line of its own, and failing
# subtests as indented "  test_x (...) (params) ... FAIL" lines followed by
# no result for the test itself.  RESULT is ok, FAIL, ERROR,
# skipped 'why', expected failure or unexpected success.
awk '
function flush() {
	if (cur == "")
		return
	if (subfail)
		print "not ok - " cur " (a subtest failed)"
	else
		print "not ok - " cur " (no result line)"
	cur = ""
}
function result(line, name) {
	if (line ~ /(^|\.\.\. )ok$/ || line ~ /\.\.\. expected failure$/) {
		if (subfail)
			print "not ok - " name " (a subtest failed)"
		else if (line ~ /expected failure$/)
			print "ok - " name " # expected failure"
		else
			print "ok - " name
	} else if (line ~ /\.\.\. skipped/) {
		sub(/.*\.\.\. skipped */, "", line)
		print "ok - " name " # SKIP " line
	} else if (line ~ /(^|\.\.\. )(FAIL|ERROR)$/) {
		print "not ok - " name
	} else if (line ~ /\.\.\. unexpected success$/) {
		print "not ok - " name " # unexpected success"
	} else {
		return 0
	}
	cur = ""
	return 1
}
/^(=+|-+)$/ { done = 1 }
done { print "# " $0; next }
/^test[^ ]* \([^ ]+\)/ {
	flush()
	cur = $1
	subfail = 0
	result($0, cur)
	next
}
/^  test[^ ]* \([^ ]+\) \(.*\) \.\.\. / {
	if ($0 !~ /\.\.\. (ok|skipped.*)$/)
		subfail = 1
	next
}
cur != "" && result($0, cur) { next }
{ print "# " $0 }
END { flush() }
' "$log"

exit "$rc"
