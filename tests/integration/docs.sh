#!/bin/sh
# SPDX-License-Identifier: MIT
# Documentation tests: every `$ command` sample in README.md is run and its
# output compared (tests/docs/readme_test.py), and the manual pages are
# checked with groff's warnings (scripts/man-check.sh).  Prints one
# "ok - ..." or "not ok - ..." line per sample and per page.
#
# Environment: SRCDIR (the repository root; default: this checkout).  The
# samples use the programs in build/, which make check has built.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
SRCDIR=${SRCDIR:-$here}
cd "$SRCDIR" || exit 1
status=0
python3 tests/docs/readme_test.py README.md || status=1
python3 tests/docs/readme_bindings.py README.md || status=1
sh scripts/man-check.sh doc/man/auth0logout.1 doc/man/libauth0logout.3 \
	doc/man/auth0logout-server.8 doc/man/auth0logout-cgi.8 || status=1
exit $status
