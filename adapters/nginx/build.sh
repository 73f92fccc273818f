#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds ngx_http_auth0logout_module.so against the nginx installed here
# (Debian's nginx-dev: /usr/share/nginx/src holds nginx's configure and its
# conf_flags, the flags Debian's nginx was configured with; a dynamic module
# must match the nginx it is loaded into).
#
#   BUILD=build CC=cc PKG_CONFIG=pkg-config sh adapters/nginx/build.sh OUT
#
# nginx's configure runs once per build directory ($BUILD/nginx/src, again
# only when adapters/nginx/config changes or a file is added to or removed
# from adapters/common); then `make modules` rebuilds what changed.  Run
# from the top of the source tree.  The module links libauth0logout-pg.a,
# libauth0logout-config.a and libauth0logout.a from $BUILD, libpq and the
# other libraries by pkg-config (adapters/nginx/config), and -pthread.
set -eu
out=${1:?usage: build.sh OUTPUT}
BUILD=${BUILD:-build}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
NGINX_SRC=${NGINX_SRC:-/usr/share/nginx/src}
top=$(pwd)
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
case $out in /*) ;; *) out=$top/$out ;; esac

if [ ! -f "$NGINX_SRC/configure" ] || [ ! -f "$NGINX_SRC/conf_flags" ]; then
	echo "build.sh: $NGINX_SRC has no nginx configure/conf_flags; install nginx-dev (sh scripts/deps.sh modules)" >&2
	exit 1
fi
command -v bash >/dev/null || { echo "build.sh: bash is needed" >&2; exit 1; }
# The module links the static libraries, the PostgreSQL loader's first.
for a in "$BUILD/libauth0logout-pg.a" "$BUILD/libauth0logout-config.a" \
	"$BUILD/libauth0logout.a"; do
	if [ ! -f "$a" ]; then
		echo "build.sh: $a is missing (make lib config pg)" >&2
		exit 1
	fi
done

dir=$BUILD/nginx/src
stamp=$dir/.configured
mkdir -p "$BUILD/nginx"
if [ ! -f "$stamp" ] ||
	[ -n "$(find "$top/adapters/nginx/config" "$NGINX_SRC/conf_flags" \
		"$top/adapters/common" -maxdepth 0 -newer "$stamp" 2>/dev/null)" ]; then
	rm -rf "$dir"
	cp -r "$NGINX_SRC" "$dir"
	# The module's config reads these.
	(cd "$dir" && A0L_TOP=$top A0L_BUILD=$BUILD PKG_CONFIG=$PKG_CONFIG \
		CC=$CC bash -c '. ./conf_flags && ./configure \
		--with-cc="$CC" "${NGX_CONF_FLAGS[@]}" \
		--add-dynamic-module="$A0L_TOP/adapters/nginx"' \
		>"$BUILD/nginx/configure.log" 2>&1) || {
		echo "build.sh: nginx configure failed; see $BUILD/nginx/configure.log" >&2
		tail -20 "$BUILD/nginx/configure.log" >&2
		exit 1
	}
	touch "$stamp"
fi
# objs/Makefile names the static archives as dependencies of the module,
# so a new libauth0logout.a relinks it.
(cd "$dir" && make -f objs/Makefile modules >"$BUILD/nginx/make.log" 2>&1) || {
	echo "build.sh: building the module failed; see $BUILD/nginx/make.log" >&2
	grep -E 'error|warning' "$BUILD/nginx/make.log" | head -30 >&2
	exit 1
}
cp "$dir/objs/ngx_http_auth0logout_module.so" "$out.tmp"
mv "$out.tmp" "$out"
echo "built $out"
