#!/bin/sh
# SPDX-License-Identifier: MIT
# HTTP request helpers shared by the integration scripts that talk to a web
# server on 127.0.0.1:$PORT (lighttpd.sh, nginx.sh, apache.sh): sourced, not
# run (this directory is not among the tests).  They read $T (the temp dir)
# and $PORT ($FPORT, when set, wins); each response NAME leaves its status in
# $code, its headers (CR stripped) in $T/NAME.h and its body in $T/NAME.b.
# shellcheck shell=sh disable=SC2154

# fetch NAME PATH [CURL-OPTION...]: one request; the status goes to $code,
# headers (CR stripped) to $T/NAME.h, the body to $T/NAME.b.  After the
# first transport failure (lighttpd gone, timeout) later requests fail at
# once, so that the whole run stays bounded.
DEAD=0
fetch() {
	name=$1
	path=$2
	shift 2
	: >"$T/$name.h"
	: >"$T/$name.b"
	code=000
	if [ "$DEAD" -eq 1 ]; then
		return 1
	fi
	if ! code=$(curl -sS --noproxy '*' --max-time 5 -D "$T/$name.raw" \
		-o "$T/$name.b" -w '%{http_code}' "$@" \
		"http://127.0.0.1:${FPORT:-$PORT}$path"); then
		echo "# curl failed for $path" >&2
		DEAD=1
		code=000
		return 1
	fi
	tr -d '\r' <"$T/$name.raw" >"$T/$name.h"
	return 0
}

# header NAME FIELD: the value(s) of FIELD in the response NAME.
header() {
	sed -n "s/^$2: *//Ip" "$T/$1.h"
}
has_header() {
	grep -qi "^$2:" "$T/$1.h"
}
no_header() {
	! has_header "$@"
}
status_is() {
	[ "$code" = "$1" ]
}
location_is() {
	[ "$(header "$1" Location)" = "$2" ]
}
no_store() {
	[ "$(header "$1" Cache-Control)" = "no-store" ]
}
# The session cookie, expired.
clears_cookie() {
	header "$1" Set-Cookie | grep -q "^${2:-a0session}=; .*Max-Age=0"
}
not_clears_cookie() {
	! clears_cookie "$@"
}
cookie_secure() {
	header "$1" Set-Cookie | grep -q "^$2=;.*; Secure"
}
body_is() {
	[ "$(cat "$T/$1.b")" = "$2" ]
}
body_has() {
	grep -qF -- "$2" "$T/$1.b"
}
body_lacks() {
	! body_has "$@"
}
