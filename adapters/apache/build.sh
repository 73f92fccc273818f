#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds mod_auth0logout.so for the Apache httpd installed here, with apxs.
#
# usage: BUILD=build CC=cc PKG_CONFIG=pkg-config sh adapters/apache/build.sh OUTPUT
#
# apxs (libtool) leaves .lo, .slo, .la and .libs/ next to the sources it
# compiles, so the sources are copied into $BUILD/apache/src first and
# compiled there; nothing is written into the source tree.  The module
# links the static libraries (built from PIC objects: the PostgreSQL
# loader's, the config library's, the core's) and the shared R9 code
# (adapters/common), so it needs no libauth0logout*.so at run time; libpq
# and the other libraries come from pkg-config, and -pthread for the
# loader's thread.
set -eu

OUT=${1:?usage: sh adapters/apache/build.sh OUTPUT}
BUILD=${BUILD:-build}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
APXS=${APXS:-apxs}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
case $BUILD in
/*) ;;
*) BUILD=$(pwd)/$BUILD ;;
esac
case $OUT in
/*) ;;
*) OUT=$(pwd)/$OUT ;;
esac

if ! command -v "$APXS" >/dev/null 2>&1; then
	echo "adapters/apache/build.sh: apxs is not installed (sh scripts/deps.sh modules: apache2-dev)" >&2
	exit 1
fi
for a in "$BUILD/libauth0logout.a" "$BUILD/libauth0logout-config.a" \
	"$BUILD/libauth0logout-pg.a"; do
	if [ ! -f "$a" ]; then
		echo "adapters/apache/build.sh: $a is missing (make lib config pg)" >&2
		exit 1
	fi
done

W=$BUILD/apache/src
rm -rf "$W"
mkdir -p "$W/common" "$(dirname "$OUT")"
cp "$SRC/adapters/apache/mod_auth0logout.c" "$W/"
cp "$SRC"/adapters/common/*.c "$SRC"/adapters/common/*.h "$W/common/"
# The module includes "../common/x.h" as the other adapters do.
mkdir -p "$W/apache"
mv "$W/mod_auth0logout.c" "$W/apache/"

PKGS="libpq jansson yaml-0.1 libpsl libcrypto liburiparser libidn2"
# shellcheck disable=SC2086
LIBS=$($PKG_CONFIG --libs $PKGS)
# shellcheck disable=SC2086
INCS=$($PKG_CONFIG --cflags-only-I $PKGS)

cd "$W/apache"
# -Wc: flags for the compiler, -Wl: for the linker.  The static archives
# come before the libraries they use.
# shellcheck disable=SC2086
"$APXS" -S CC="${CC:-cc}" -c -o mod_auth0logout.la \
	-I"$SRC/include" -I"$W/common" $INCS \
	-Wc,-std=gnu11 -Wc,-Wall -Wc,-Wextra -Wc,-O2 \
	mod_auth0logout.c ../common/response.c ../common/consent.c \
	"$BUILD/libauth0logout-pg.a" "$BUILD/libauth0logout-config.a" \
	"$BUILD/libauth0logout.a" $LIBS -lpthread >"$W/apxs.log" 2>&1 || {
	cat "$W/apxs.log" >&2
	exit 1
}
# The compiler's own warnings (libtool's note on linking static archives
# into a shared object is expected: they are PIC).
grep ': warning:' "$W/apxs.log" >&2 || true
cp .libs/mod_auth0logout.so "$OUT"
echo "built $OUT"
