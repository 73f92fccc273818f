#!/bin/sh
# SPDX-License-Identifier: MIT
# The Go binding (bindings/go) against the shared libraries just built:
# go vet, go test (one line per test; the shared table of
# tests/data/shared is TestSharedTable), go test -race, and the example of
# bindings/go/README.md built and run as a program.
#
# Go comes from `scripts/deps.sh go` (Debian's golang-go) when missing;
# when it cannot be installed the script prints
# "ok - SKIPPED go binding: <reason>" and exits 0.  No network: no module
# is fetched (GOPROXY=off); the build cache is $BUILD/go.
#
# Environment: SRCDIR (the repository root), BUILD (the build directory),
# LIBSO (libauth0logout.so.1), CONFIG_LIBSO (libauth0logout-config.so.1);
# all default to this checkout's build.
set -u

here=$(cd "$(dirname "$0")/../.." && pwd)
SRCDIR=${SRCDIR:-$here}
BUILD=${BUILD:-build}
case $BUILD in
/*) ;;
*) BUILD=$(pwd)/$BUILD ;;
esac
LIBSO=${LIBSO:-$BUILD/libauth0logout.so.1}
case $LIBSO in
/*) ;;
*) LIBSO=$(pwd)/$LIBSO ;;
esac
CONFIG_LIBSO=${CONFIG_LIBSO:-$(dirname "$LIBSO")/libauth0logout-config.so.1}
case $CONFIG_LIBSO in
/*) ;;
*) CONFIG_LIBSO=$(pwd)/$CONFIG_LIBSO ;;
esac
. "$SRCDIR/tests/integration/lib/common.sh"

skip() {
	echo "ok - SKIPPED go binding: $1"
	exit 0
}

if ! command -v go >/dev/null 2>&1; then
	deps_log=$(mktemp) || exit 1
	if ! sh "$SRCDIR/scripts/deps.sh" go >"$deps_log" 2>&1; then
		why=$(tail -n 1 "$deps_log")
		rm -f "$deps_log"
		skip "go is not installed and scripts/deps.sh go failed (${why:-no output})"
	fi
	rm -f "$deps_log"
	command -v go >/dev/null 2>&1 || skip "go is not on PATH after scripts/deps.sh go"
fi
for f in "$LIBSO" "$CONFIG_LIBSO"; do
	if [ ! -e "$f" ]; then
		not_ok "shared library $f exists (run make)"
		exit 1
	fi
done

use_tmp a0l-go

# cgo links with -lauth0logout-config -lauth0logout: the unversioned names,
# made here for the libraries under test whatever the build directory has.
mkdir "$tmp/lib" &&
	ln -s "$LIBSO" "$tmp/lib/libauth0logout.so" &&
	ln -s "$CONFIG_LIBSO" "$tmp/lib/libauth0logout-config.so" || exit 1

GOCACHE=$BUILD/go/cache
GOPATH=$BUILD/go/path
GOTOOLCHAIN=local
GOPROXY=off
GOFLAGS=
GOWORK=off
GO111MODULE=on
CGO_ENABLED=1
CGO_CFLAGS="-I$SRCDIR/include -O2 -g"
CGO_LDFLAGS="-L$tmp/lib"
LD_LIBRARY_PATH=$(dirname "$LIBSO"):$(dirname "$CONFIG_LIBSO")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
AUTH0LOGOUT_SRCDIR=$SRCDIR
export GOCACHE GOPATH GOTOOLCHAIN GOPROXY GOFLAGS GOWORK GO111MODULE \
	CGO_ENABLED CGO_CFLAGS CGO_LDFLAGS LD_LIBRARY_PATH AUTH0LOGOUT_SRCDIR
mkdir -p "$GOCACHE" "$GOPATH" || exit 1

pkg=$SRCDIR/bindings/go
echo "# $(go version)"

# go vet
if (cd "$pkg" && go vet ./...) >"$tmp/vet.log" 2>&1; then
	ok "go vet"
else
	not_ok "go vet"
	show "$tmp/vet.log" 30
fi

# go test: a line per top-level test (its subtests counted), failures'
# output as comments.
(cd "$pkg" && go test -count=1 -v ./...) >"$tmp/test.log" 2>&1
trc=$?
awk -v prefix="go test: " '
NR == FNR { if ($0 ~ /^ +--- PASS: /) { split($3, part, "/"); subs[part[1]]++ }; next }
/^--- (PASS|FAIL|SKIP): / {
	name = $3
	n = subs[name] + 0
	extra = n ? " (" n " subtests passed)" : ""
	if ($2 == "PASS:") print "ok - " prefix name extra
	else if ($2 == "SKIP:") print "ok - " prefix name " # SKIP"
	else print "not ok - " prefix name
	next
}
/^ +--- PASS: / { next }
/^ +--- FAIL: / { print "# " $0; next }
/^(=== |ok |PASS$|FAIL$)/ { next }
{ print "# " $0 }
' "$tmp/test.log" "$tmp/test.log" >"$tmp/test.tap"
cat "$tmp/test.tap"
npass=$(grep -c '^ok - ' "$tmp/test.tap")
nfail=$(grep -c '^not ok - ' "$tmp/test.tap")
nsub=$(grep -c '^ *--- PASS: .*/' "$tmp/test.log")
passed=$((passed + npass))
failed=$((failed + nfail))
if [ "$trc" -eq 0 ] && [ "$nfail" -eq 0 ] && [ "$npass" -gt 0 ]; then
	ok "go test: $npass tests passed ($nsub subtests)"
else
	not_ok "go test: $npass passed, $nfail failed (exit $trc)"
	show "$tmp/test.log" 40
fi

# go test -race
if (cd "$pkg" && go test -count=1 -race ./...) >"$tmp/race.log" 2>&1; then
	ok "go test -race"
else
	not_ok "go test -race"
	show "$tmp/race.log" 40
fi

# The README's example, as a program of its own module.
mkdir "$tmp/example" || exit 1
awk '/^```go$/ { on = 1; next } on && /^```$/ { exit } on { print }' \
	"$pkg/README.md" >"$tmp/example/main.go"
cat >"$tmp/example/go.mod" <<EOM
module example
go 1.19
require libauth0logout.example/auth0logout v0.0.0
replace libauth0logout.example/auth0logout => $pkg
EOM
want=$(sed -n 's|^[[:space:]]*// Output: ||p' "$tmp/example/main.go")
got=$(cd "$tmp/example" && go run . 2>&1)
if [ -n "$want" ] && [ "$got" = "$want" ]; then
	ok "README example prints \"$want\""
else
	not_ok "README example prints \"$want\""
	echo "$got" | sed 's/^/#   /'
fi

[ "$failed" -eq 0 ]
