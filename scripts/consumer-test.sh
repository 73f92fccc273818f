#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2086 # $san and $TEST_WRAPPER are word lists
# Installs everything into staging directories with `make install DESTDIR=`
# and builds programs against it the way a user would, through pkg-config:
# linked to the shared libraries, and with the README's static-link
# commands (the .so files still installed next to the .a files).  Checks
# the install manifest, the SONAMEs, the versioned exports, and that the
# programs, manual pages and Python package are installed.  Prints
# "ok - what" or "not ok - what" per check.
#
# Environment (set by `make check`): CC, BUILD, MAKE, SANITIZE, TEST_WRAPPER.
set -u

CC=${CC:-cc}
BUILD=${BUILD:-build}
MAKE=${MAKE:-make}
SANITIZE=${SANITIZE:-0}
TEST_WRAPPER=${TEST_WRAPPER:-}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

top=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
ok() { echo "ok - $*"; }
notok() {
	echo "not ok - $*"
	status=1
}
check() { # check WHAT COMMAND...
	what=$1
	shift
	if "$@" >"$work/out" 2>&1; then ok "$what"; else
		notok "$what"
		sed 's/^/    /' "$work/out"
	fi
}

san=""
[ "$SANITIZE" = 1 ] && san="-fsanitize=address,undefined -fno-sanitize-recover=all"

# ---- the shared libraries: SONAME and versioned exports -------------------
for lib in libauth0logout libauth0logout-config libauth0logout-pg; do
	so=$(ls "$BUILD"/$lib.so.*.*.* 2>/dev/null | head -n 1)
	check "$lib: SONAME $lib.so.1" \
		sh -c "readelf -d '$so' | grep -q 'SONAME.*\[$lib\.so\.1\]'"
done
so=$BUILD/libauth0logout.so.1
# Each symbol in the version node of the release that added it: 0.2, 0.3
# for /oidc/logout (R8), 0.4 for the swap store (R10), as the version
# scripts list them.
extra=$(nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^auth0logout_.*@@AUTH0LOGOUT_0\.[234]$' | grep -v '^AUTH0LOGOUT_0\.[234]$' || true)
check "libauth0logout exports only auth0logout_*@@AUTH0LOGOUT_0.2/0.3/0.4 ($(nm -D --defined-only "$so" | grep -c ' auth0logout_') symbols)" test -z "$extra"
check "libauth0logout: auth0logout_swapstore_publish in 0.4, auth0logout_decide_oidc in 0.3, auth0logout_decide_query in 0.2" \
	sh -c "nm -D --defined-only '$so' | grep -q ' auth0logout_swapstore_publish@@AUTH0LOGOUT_0\.4\$' && nm -D --defined-only '$so' | grep -q ' auth0logout_decide_oidc@@AUTH0LOGOUT_0\.3\$' && nm -D --defined-only '$so' | grep -q ' auth0logout_decide_query@@AUTH0LOGOUT_0\.2\$'"
so=$BUILD/libauth0logout-config.so.1
extra=$(nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^auth0logout_\(config\|lint\)_.*@@AUTH0LOGOUT_CONFIG_0\.[234]$' | grep -v '^AUTH0LOGOUT_CONFIG_0\.[234]$' || true)
check "libauth0logout-config exports only its own symbols @@AUTH0LOGOUT_CONFIG_0.2/0.3/0.4 ($(nm -D --defined-only "$so" | grep -c ' auth0logout_') symbols)" test -z "$extra"
so=$BUILD/libauth0logout-pg.so.1
extra=$(nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^auth0logout_pg_.*@@AUTH0LOGOUT_PG_0\.4$' | grep -v '^AUTH0LOGOUT_PG_0\.4$' || true)
check "libauth0logout-pg exports only auth0logout_pg_*@@AUTH0LOGOUT_PG_0.4 ($(nm -D --defined-only "$so" | grep -c ' auth0logout_') symbols)" test -z "$extra"
check "libauth0logout needs no jansson, libyaml, libpsl or OpenSSL" \
	sh -c "! readelf -d '$BUILD/libauth0logout.so.1' | grep -E 'NEEDED.*(jansson|yaml|psl|crypto|ssl)'"

# ---- the core needs only uriparser and libidn2 -----------------------------
# A pkg-config that knows nothing else, and no package installs.
pcdir=$work/pc
mkdir -p "$pcdir"
for m in liburiparser libidn2; do
	cp "$($PKG_CONFIG --variable=pcfiledir $m)/$m.pc" "$pcdir/"
done
check "make builds the core with only liburiparser and libidn2 (no jansson, libyaml, libpsl)" \
	env PKG_CONFIG_LIBDIR="$pcdir" AUTH0LOGOUT_NO_INSTALL=1 \
	$MAKE -s --no-print-directory BUILD="$work/core-only" SANITIZE="$SANITIZE" lib
check "no core object includes jansson.h, yaml.h or libpsl.h" sh -c \
	"! cat '$work'/core-only/lib/core/*.d | grep -E 'jansson\.h|yaml\.h|libpsl\.h'"

# ---- make install ---------------------------------------------------------
stage() {
	$MAKE -s --no-print-directory install DESTDIR="$1" PREFIX=/usr \
		BUILD="$BUILD" SANITIZE="$SANITIZE" >"$work/install.log" 2>&1
}
pc() {
	root=$1
	shift
	PKG_CONFIG_PATH="$root/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$root" \
		$PKG_CONFIG "$@"
}

shared="$work/shared"
pydir=$(python3 scripts/python-site.py /usr 2>/dev/null)
# The module of an older install, which make install replaces with the
# package directory.
if [ -n "$pydir" ]; then
	mkdir -p "$shared/${pydir#/}" && : >"$shared/${pydir#/}/auth0logout.py"
fi
check "make install DESTDIR=... PREFIX=/usr" stage "$shared"
for f in usr/include/auth0logout.h usr/include/auth0logout/config.h \
	usr/include/auth0logout/pg.h usr/lib/libauth0logout-pg.a \
	usr/lib/libauth0logout-pg.so.1.0.0 usr/lib/pkgconfig/auth0logout-pg.pc \
	usr/share/auth0logout/auth0logout-pg.sql \
	usr/lib/libauth0logout.a usr/lib/libauth0logout-config.a \
	usr/lib/libauth0logout.so.1.0.0 usr/lib/libauth0logout-config.so.1.0.0 \
	usr/lib/pkgconfig/auth0logout.pc usr/lib/pkgconfig/auth0logout-static.pc \
	usr/lib/pkgconfig/auth0logout-config.pc \
	usr/lib/pkgconfig/auth0logout-config-static.pc \
	usr/bin/auth0logout usr/sbin/auth0logout-server usr/sbin/auth0logout-cgi \
	usr/share/man/man1/auth0logout.1 usr/share/man/man3/libauth0logout.3 \
	usr/share/man/man8/auth0logout-server.8 \
	usr/share/man/man8/auth0logout-cgi.8 "${pydir#/}/auth0logout/__init__.py" \
	"${pydir#/}/auth0logout/testing.py"; do
	check "installed $f" test -f "$shared/$f"
done
check "make install removed the Python module of an older install (${pydir#/}/auth0logout.py)" \
	test ! -e "$shared/${pydir#/}/auth0logout.py"
what="the installed Python package imports (auth0logout, auth0logout.testing) with the installed libraries"
if [ "$SANITIZE" = 1 ]; then
	# python3 cannot load them without the sanitizer's runtime first.
	ok "$what # SKIP sanitized libraries"
else
	check "$what" env PYTHONPATH="$shared$pydir" PYTHONDONTWRITEBYTECODE=1 \
		AUTH0LOGOUT_LIB="$shared/usr/lib/libauth0logout.so.1" \
		python3 -c 'import sys, auth0logout, auth0logout.testing
assert auth0logout.__file__.startswith(sys.argv[1] + "/"), auth0logout.__file__
assert auth0logout.testing.run_cases' "$shared$pydir"
fi
for l in libauth0logout.so libauth0logout.so.1 libauth0logout-config.so \
	libauth0logout-config.so.1 libauth0logout-pg.so libauth0logout-pg.so.1; do
	check "installed symlink usr/lib/$l" test -L "$shared/usr/lib/$l"
done
if command -v npm >/dev/null 2>&1; then
	check "installed the Node.js package usr/share/auth0logout/node/auth0logout-*.tgz (npm pack)" \
		sh -c "ls '$shared'/usr/share/auth0logout/node/auth0logout-*.tgz"
fi
check "the installed programs run (--version)" sh -c \
	"'$shared/usr/bin/auth0logout' --version && '$shared/usr/sbin/auth0logout-server' --version && '$shared/usr/sbin/auth0logout-cgi' --version"

# ---- programs of a user: shared ------------------------------------------
# shellcheck disable=SC2046
check "a consumer builds against the shared libraries (pkg-config auth0logout)" \
	$CC -std=c11 -Wall -Wextra -Werror $san -o "$work/consumer-shared" \
	tests/consumer/consumer.c $(pc "$shared" --cflags --libs auth0logout) \
	$($PKG_CONFIG --cflags --libs check)
check "the shared consumer needs libauth0logout.so.1" sh -c \
	"readelf -d '$work/consumer-shared' | grep -q 'NEEDED.*libauth0logout\.so\.1'"
# shellcheck disable=SC2046
check "a config consumer builds against the shared libraries (pkg-config auth0logout-config)" \
	$CC -std=c11 -Wall -Wextra -Werror $san -o "$work/config-shared" \
	tests/consumer/config_consumer.c \
	$(pc "$shared" --cflags --libs auth0logout-config)
# shellcheck disable=SC2046
check "a PostgreSQL-source consumer builds against the shared libraries (pkg-config auth0logout-pg)" \
	$CC -std=c11 -Wall -Wextra -Werror $san -o "$work/pg-shared" \
	tests/consumer/pg_consumer.c \
	$(pc "$shared" --cflags --libs auth0logout-pg)
check "the PostgreSQL-source consumer runs: a never-loaded store fails closed" \
	env LD_LIBRARY_PATH="$shared/usr/lib" "$work/pg-shared"
# shellcheck disable=SC2046
check "examples/embed builds against the shared library" \
	$CC -std=c11 -Wall -Wextra -Werror $san -o "$work/embed" \
	examples/embed/embed.c $(pc "$shared" --cflags --libs auth0logout)

# ---- the README's static-link commands, as written ------------------------
# (with the .so files still installed next to the .a files)
# shellcheck disable=SC2046
check "README: cc app.c \$(pkg-config --cflags --libs auth0logout-static)" \
	$CC -std=c11 -Wall -Wextra -Werror $san -o "$work/consumer-static" \
	tests/consumer/consumer.c $(pc "$shared" --cflags --libs auth0logout-static) \
	$($PKG_CONFIG --cflags --libs check)
check "the static consumer has no NEEDED libauth0logout.so" sh -c \
	"! readelf -d '$work/consumer-static' | grep -q 'NEEDED.*libauth0logout'"
# shellcheck disable=SC2046
check "README: cc app.c \$(pkg-config --cflags --libs auth0logout-config-static)" \
	$CC -std=c11 -Wall -Wextra -Werror $san -o "$work/config-static" \
	tests/consumer/config_consumer.c \
	$(pc "$shared" --cflags --libs auth0logout-config-static)
check "the static config consumer has no NEEDED libauth0logout*.so" sh -c \
	"! readelf -d '$work/config-static' | grep -q 'NEEDED.*libauth0logout'"

# ---- they run --------------------------------------------------------------
export CK_FORK="${CK_FORK:-yes}"
check "the shared consumer passes" env LD_LIBRARY_PATH="$shared/usr/lib" \
	$TEST_WRAPPER "$work/consumer-shared"
check "the static consumer passes" $TEST_WRAPPER "$work/consumer-static"
check "the shared config consumer passes" env \
	LD_LIBRARY_PATH="$shared/usr/lib" CONFIG="$top/examples/demo.json" \
	$TEST_WRAPPER "$work/config-shared"
check "the static config consumer passes" env CONFIG="$top/examples/demo.json" \
	$TEST_WRAPPER "$work/config-static"

out=$(LD_LIBRARY_PATH="$shared/usr/lib" $TEST_WRAPPER "$work/embed" \
	'client_id=spa&returnTo=https://a.example.org/x' 2>&1 || true)
case $out in
*"HTTP/1.1 400"*"not defined as a valid URL"*) ok "embed example: not allowed" ;;
*) notok "embed example (not allowed): $out" ;;
esac
out=$(LD_LIBRARY_PATH="$shared/usr/lib" $TEST_WRAPPER "$work/embed" \
	'client_id=spa&returnTo=https://a.example.org' 2>&1)
case $out in
*"Location: https://a.example.org"*) ok "embed example: redirect" ;;
*) notok "embed example (redirect): $out" ;;
esac

# ---- make uninstall removes all of it -------------------------------------
$MAKE -s --no-print-directory uninstall DESTDIR="$shared" PREFIX=/usr \
	BUILD="$BUILD" >"$work/uninstall.log" 2>&1
left=$(cd "$shared" && find . -type f -o -type l)
check "make uninstall leaves no file behind" test -z "$left"
[ -n "$left" ] && echo "$left" | sed 's/^/    left: /'

cd "$top" || exit 1
exit $status
