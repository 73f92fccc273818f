#!/bin/sh
# shellcheck disable=SC2086 # $san and $TEST_WRAPPER are word lists
# Installs the library into staging directories with `make install DESTDIR=`
# and builds programs against it the way a user would, through pkg-config:
# linked to the shared library, and (from a static-only install) to the
# archive with `pkg-config --static`.  Also checks the shared library's
# SONAME and that it exports only auth0logout_* symbols.
#
# Environment (set by `make check`): CC, BUILD, MAKE, SANITIZE, TEST_WRAPPER.
set -eu

CC=${CC:-cc}
BUILD=${BUILD:-build}
MAKE=${MAKE:-make}
SANITIZE=${SANITIZE:-0}
TEST_WRAPPER=${TEST_WRAPPER:-}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

top=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
	echo "consumer-test: FAILED: $*" >&2
	exit 1
}

san=""
[ "$SANITIZE" = 1 ] && san="-fsanitize=address,undefined -fno-sanitize-recover=all"

# The installed shared library: SONAME and exported symbols.
so="$BUILD/libauth0logout.so.0.1.0"
readelf -d "$so" | grep -q 'SONAME.*\[libauth0logout\.so\.0\]' ||
	fail "$so has no SONAME libauth0logout.so.0"
extra=$(nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^auth0logout_' || true)
[ -z "$extra" ] || fail "$so exports symbols outside auth0logout_*: $extra"
echo "consumer-test: SONAME libauth0logout.so.0; $(nm -D --defined-only "$so" | grep -c ' auth0logout_') exported symbols, all auth0logout_*"

stage() {
	$MAKE -s --no-print-directory install DESTDIR="$1" PREFIX=/usr \
		BUILD="$BUILD" SANITIZE="$SANITIZE" >/dev/null
}
pc() {
	root=$1
	shift
	PKG_CONFIG_PATH="$root/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$root" \
		$PKG_CONFIG "$@"
}

shared="$work/shared"
stage "$shared"
[ -L "$shared/usr/lib/libauth0logout.so" ] || fail "no libauth0logout.so symlink installed"
[ -L "$shared/usr/lib/libauth0logout.so.0" ] || fail "no libauth0logout.so.0 symlink installed"
[ -x "$shared/usr/bin/auth0logout" ] || fail "the CLI was not installed"
[ -f "$shared/usr/include/auth0logout.h" ] || fail "the header was not installed"

# shellcheck disable=SC2046
$CC -std=c11 -Wall -Wextra -Werror $san -o "$work/consumer-shared" \
	tests/consumer/consumer.c \
	$(pc "$shared" --cflags --libs auth0logout) \
	$($PKG_CONFIG --cflags --libs check)
readelf -d "$work/consumer-shared" | grep -q 'NEEDED.*libauth0logout\.so\.0' ||
	fail "the shared consumer does not link libauth0logout.so.0"

# shellcheck disable=SC2046
$CC -std=c11 -Wall -Wextra -Werror $san -o "$work/embed" \
	examples/embed/embed.c $(pc "$shared" --cflags --libs auth0logout)

static="$work/static"
stage "$static"
rm -f "$static"/usr/lib/libauth0logout.so*
# shellcheck disable=SC2046
$CC -std=c11 -Wall -Wextra -Werror $san -o "$work/consumer-static" \
	tests/consumer/consumer.c \
	$(pc "$static" --static --cflags --libs auth0logout) \
	$($PKG_CONFIG --cflags --libs check)
if readelf -d "$work/consumer-static" | grep -q 'NEEDED.*libauth0logout'; then
	fail "the static consumer still needs libauth0logout.so"
fi

export CK_FORK="${CK_FORK:-yes}"
echo "consumer-test: shared"
# shellcheck disable=SC2086
LD_LIBRARY_PATH="$shared/usr/lib" $TEST_WRAPPER "$work/consumer-shared" ||
	fail "shared consumer"
echo "consumer-test: static"
# shellcheck disable=SC2086
$TEST_WRAPPER "$work/consumer-static" || fail "static consumer"

out=$(LD_LIBRARY_PATH="$shared/usr/lib" $TEST_WRAPPER "$work/embed" \
	'client_id=spa&returnTo=https://a.example.org/x' || true)
case $out in
*"HTTP/1.1 400"*"not defined as a valid URL"*) ;;
*) fail "embed example (not allowed): $out" ;;
esac
out=$(LD_LIBRARY_PATH="$shared/usr/lib" $TEST_WRAPPER "$work/embed" \
	'client_id=spa&returnTo=https://a.example.org')
case $out in
*"Location: https://a.example.org"*) ;;
*) fail "embed example (redirect): $out" ;;
esac
cd "$top"
echo "consumer-test: embed example: ok"
