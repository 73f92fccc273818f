#!/bin/sh
# SPDX-License-Identifier: MIT
# Makes sure the system packages a make target needs are present.
#
# Usage: scripts/deps.sh MODE...
#   core      compiler, make, pkg-config, uriparser, libidn2 (the core
#             library: all that `make` needs)
#   modules   nginx-dev, nginx, apache2-dev, apache2 (the web server modules)
#   config    jansson, libyaml, libpsl, OpenSSL 3 (the config library and the CLI)
#   build     core and config
#   pg        libpq (the PostgreSQL source, R10)
#   go        golang-go (the Go binding's tests)
#   rust      cargo, rustc (Debian's, in /usr/bin: the Rust binding's tests
#             and their run with its minimum Rust, 1.63)
#   adapters  libmicrohttpd, libfcgi (the HTTP server and the CGI program)
#   demo      curl (make demo shows the server with curl)
#   check     Check, libunistring-dev (static consumer), lighttpd, curl,
#             python3, python3-pytest, chromium, valgrind, nodejs, groff,
#             systemd-analyze, postgresql (a throwaway cluster for the R10
#             tests) (integration, browser, bounded-cost, WHATWG
#             differential, man page and systemd unit tests)
#   pytest    python3, python3-pytest (the Python binding's pytest helper,
#             auth0logout.testing; Debian's pytest is for /usr/bin/python3)
#   ci        valgrind
#   load      wrk, nginx (scripts/load.sh)
#   fuzz      clang and its libFuzzer runtime (make fuzz, the clang build)
#   abi       abigail-tools (make abi-check)
#
# On Debian (12 and later) it installs what is missing with apt-get, as root
# or through sudo, and says what it installs.  Elsewhere it names what is
# missing and fails.  Set AUTH0LOGOUT_NO_INSTALL=1 to only check.
set -eu

# kind:thing:Debian package -- pc = pkg-config module, cmd = command on PATH,
# file = a glob that must match a file.
specs=""
for mode in "${@:-build}"; do
	case $mode in
	core) specs="$specs cmd:cc:gcc cmd:make:make cmd:pkg-config:pkg-config
		pc:liburiparser:liburiparser-dev pc:libidn2:libidn2-dev" ;;
	config) specs="$specs pc:jansson:libjansson-dev pc:yaml-0.1:libyaml-dev
		pc:libpsl:libpsl-dev pc:libcrypto:libssl-dev" ;;
	build) specs="$specs cmd:cc:gcc cmd:make:make cmd:pkg-config:pkg-config
		pc:liburiparser:liburiparser-dev pc:libidn2:libidn2-dev
		pc:jansson:libjansson-dev pc:yaml-0.1:libyaml-dev
		pc:libpsl:libpsl-dev pc:libcrypto:libssl-dev" ;;
	pg) specs="$specs pc:libpq:libpq-dev" ;;
	go) specs="$specs cmd:go:golang-go" ;;
	rust) specs="$specs file:/usr/bin/cargo:cargo file:/usr/bin/rustc:rustc" ;;
	pytest) specs="$specs cmd:python3:python3
		file:/usr/lib/python3/dist-packages/pytest/__init__.py:python3-pytest" ;;
	adapters) specs="$specs pc:libmicrohttpd:libmicrohttpd-dev
		file:/usr/include/fcgi_stdio.h:libfcgi-dev" ;;
	modules) specs="$specs file:/usr/share/nginx/src/configure:nginx-dev
		cmd:nginx:nginx cmd:apxs:apache2-dev file:/usr/sbin/apache2:apache2
		file:/usr/lib/apache2/modules/mod_mpm_event.so:apache2-bin" ;;
	demo) specs="$specs cmd:curl:curl" ;;
	check) specs="$specs pc:check:check
		file:/usr/lib/*/libunistring.so:libunistring-dev
		cmd:lighttpd:lighttpd cmd:curl:curl cmd:python3:python3
		file:/usr/lib/python3/dist-packages/pytest/__init__.py:python3-pytest
		cmd:chromium:chromium cmd:valgrind:valgrind cmd:node:nodejs
		cmd:npm:npm cmd:openssl:openssl
		file:/usr/lib/postgresql/*/bin/initdb:postgresql
		cmd:groff:groff-base cmd:systemd-analyze:systemd" ;;
	ci) specs="$specs cmd:valgrind:valgrind" ;;
	load) specs="$specs cmd:wrk:wrk cmd:nginx:nginx" ;;
	abi) specs="$specs cmd:abidiff:abigail-tools" ;;
	fuzz) specs="$specs cmd:clang:clang
		file:/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev" ;;
	*)
		echo "deps: unknown mode '$mode'" >&2
		exit 2
		;;
	esac
done

have() {
	kind=${1%%:*}
	rest=${1#*:}
	thing=${rest%%:*}
	case $kind in
	cmd) command -v "$thing" >/dev/null 2>&1 ;;
	pc) command -v pkg-config >/dev/null 2>&1 &&
		pkg-config --exists "$thing" 2>/dev/null ;;
	file)
		# shellcheck disable=SC2086 # the glob must expand
		ls $thing >/dev/null 2>&1
		;;
	esac
}

missing=""
for spec in $specs; do
	pkg=${spec##*:}
	case " $missing " in *" $pkg "*) continue ;; esac
	have "$spec" || missing="$missing $pkg"
done

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
