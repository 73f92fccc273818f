#!/bin/sh
# Makes sure the system packages the build needs are present.
#
# Usage: scripts/deps.sh [build|check|ci]
#   build  compiler, pkg-config, uriparser, libidn2, jansson
#   check  also Check (the test framework) and libunistring-dev
#   ci     also valgrind
#
# On Debian (12 and later) it installs what is missing with apt-get, as root
# or through sudo, and says what it installs.  Elsewhere it names what is
# missing and fails.  Set AUTH0LOGOUT_NO_INSTALL=1 to only check.
set -eu

want=${1:-build}

# pkg-config module:Debian package
mods="liburiparser:liburiparser-dev libidn2:libidn2-dev jansson:libjansson-dev"
case $want in
check | ci) mods="$mods check:check" ;;
esac

missing=""
command -v cc >/dev/null 2>&1 || missing="$missing gcc libc6-dev"
command -v make >/dev/null 2>&1 || missing="$missing make"
have_pc=1
command -v pkg-config >/dev/null 2>&1 || {
	missing="$missing pkg-config"
	have_pc=0
}
for pair in $mods; do
	mod=${pair%%:*}
	pkg=${pair#*:}
	if [ "$have_pc" = 0 ] || ! pkg-config --exists "$mod"; then
		missing="$missing $pkg"
	fi
done
# The static consumer test links libidn2's own private dependency
# (`pkg-config --static --libs libidn2` names -lunistring), which has no
# .pc file: look for its development symlink.
case $want in
check | ci)
	ls /usr/lib/*/libunistring.so /usr/lib/libunistring.so \
		/usr/lib64/libunistring.so >/dev/null 2>&1 ||
		missing="$missing libunistring-dev"
	;;
esac
if [ "$want" = ci ]; then
	command -v valgrind >/dev/null 2>&1 || missing="$missing valgrind"
fi

[ -z "$missing" ] && exit 0

echo "deps: missing packages:$missing" >&2
if [ "${AUTH0LOGOUT_NO_INSTALL:-0}" = 1 ] ||
	! command -v apt-get >/dev/null 2>&1; then
	echo "deps: install them with your package manager (the names above" \
		"are Debian's) and run make again" >&2
	exit 1
fi

if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "deps: not root and no sudo: run 'apt-get install$missing' as root" >&2
	exit 1
fi

echo "deps: installing with apt-get:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! $sudo apt-get install -y -q --no-install-recommends $missing >&2; then
	echo "deps: refreshing the package lists and trying again" >&2
	$sudo apt-get update -q >&2
	# shellcheck disable=SC2086
	$sudo apt-get install -y -q --no-install-recommends $missing >&2
fi
echo "deps: installed:$missing" >&2
