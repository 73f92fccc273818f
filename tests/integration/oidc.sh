#!/bin/sh
# SPDX-License-Identifier: MIT
# Integration test of /oidc/logout (doc/rules.md R8) and the OpenID Connect
# discovery documents (R8.11) in auth0logout-server and in auth0logout-cgi
# behind a real lighttpd, as plain CGI and as FastCGI (lighttpd.sh's way):
# GET and POST decisions, the state appended to the Location (R8.6), the
# consent page and its confirmation (R8.7, adapters/common/consent.h), an
# id_token_hint signed with a key of the configured JWKS (R8.10), the POST
# body's limits (415, 411, 413), methods (405), the session sid cookie,
# and the access log (R9.8).
#
# A temporary directory holds an RSA key (openssl genpkey), the config (its
# "oidc" object has the key as a JWK with its private members, which the
# served JWKS must leave out), a config without "oidc" (no discovery), the
# lighttpd configs and the logs.  Tokens are signed with `openssl dgst`
# (tests/integration/oidc_token.py, standard library only).
#
# Prints one line per check, "ok - what" or "not ok - what", and exits
# non-zero when a check failed.
#
# Environment (set by `make check` through scripts/check.sh):
#   SERVER  auth0logout-server (default $BUILD/auth0logout-server)
#   CGI     auth0logout-cgi (default $BUILD/auth0logout-cgi)
#   SRCDIR  the repository root (default .)
#   BUILD   the build directory (default build)

# The checks given to eval are in single quotes on purpose: they expand
# when they run.  Functions run through check() look unreachable.
# shellcheck disable=SC2016,SC2317
set -u

BUILD=${BUILD:-build}
SRCDIR=${SRCDIR:-.}
SERVER=${SERVER:-$BUILD/auth0logout-server}
CGI=${CGI:-$BUILD/auth0logout-cgi}
for v in SERVER CGI SRCDIR; do
	eval "p=\$$v"
	case $p in
	/*) ;;
	*) eval "$v=\$(pwd)/\$p" ;;
	esac
done
HELPER=$SRCDIR/tests/integration/oidc_token.py
SESSION_CLEARED='a0session=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Secure; HttpOnly; SameSite=Lax'

# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"

need_cmds "sh scripts/deps.sh check" curl python3 openssl lighttpd
for prog in "$SERVER" "$CGI"; do
	need_exec "$prog" "$prog is built"
done

T=$(mktemp -d "${TMPDIR:-/tmp}/a0l-oidc.XXXXXX") || exit 1
pids=""
cleanup() {
	for p in $pids; do
		kill -KILL "$p" 2>/dev/null
	done
	stop_lighttpd
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# ---- key, tokens, configs ---------------------------------------------------

SPORT=$(free_port)
ISS="http://127.0.0.1:$SPORT/"
if ! openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
	-out "$T/key.pem" 2>"$T/openssl.err" ||
	! openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
		-out "$T/other.pem" 2>>"$T/openssl.err"; then
	not_ok "openssl genpkey makes RSA keys"
	sed 's/^/# /' "$T/openssl.err"
	exit 1
fi
JWK=$(python3 "$HELPER" jwk "$T/key.pem" k1 private) || exit 1
cat >"$T/config.json" <<EOF
{
  "tenant": {
    "allowed_logout_urls": ["https://www.example.com/logged-out"],
    "sessions": {"oidc_logout_prompt_enabled": true}
  },
  "clients": [
    {"client_id": "AbC123", "name": "Shop",
     "allowed_logout_urls": ["https://app.example.com/bye",
                             "https://app.example.com/cb?a=1",
                             "https://app.example.com/cb2?x=1&y=2"]},
    {"client_id": "Other9",
     "allowed_logout_urls": ["https://other.example.com/"]}
  ],
  "oidc": {"issuer": "$ISS", "jwks": {"keys": [$JWK]}}
}
EOF
cat >"$T/noiss.json" <<EOF
{"tenant": {"allowed_logout_urls": ["https://www.example.com/logged-out"]},
 "clients": [{"client_id": "AbC123",
              "allowed_logout_urls": ["https://app.example.com/bye"]}]}
EOF

sign() {
	python3 "$HELPER" sign "$1" k1 "$2"
}
TOK=$(sign "$T/key.pem" "{\"iss\":\"$ISS\",\"aud\":\"AbC123\",\"sub\":\"u1\",\"sid\":\"s1\"}")
# A signature over other claims: the payload of one token under the
# signature of another.
TOK2=$(sign "$T/key.pem" "{\"iss\":\"$ISS\",\"aud\":\"Other9\",\"sub\":\"u1\",\"sid\":\"s1\"}")
FORGED=$(echo "$TOK" | cut -d. -f1).$(echo "$TOK2" | cut -d. -f2).$(echo "$TOK" | cut -d. -f3)
# Signed by a key that is not in the JWKS (same kid).
STRANGER=$(sign "$T/other.pem" "{\"iss\":\"$ISS\",\"aud\":\"AbC123\",\"sub\":\"u1\",\"sid\":\"s1\"}")
# The right key, another issuer.
ELSEWHERE=$(sign "$T/key.pem" "{\"iss\":\"https://elsewhere.example.com/\",\"aud\":\"AbC123\",\"sid\":\"s1\"}")
# R8.10: issued an hour ago, and just now (for the maximum age).
NOW=$(date +%s)
OLD=$(sign "$T/key.pem" "{\"iss\":\"$ISS\",\"aud\":\"AbC123\",\"sid\":\"s1\",\"iat\":$((NOW - 3600)),\"exp\":$((NOW - 3000))}")
FRESH=$(sign "$T/key.pem" "{\"iss\":\"$ISS\",\"aud\":\"AbC123\",\"sid\":\"s1\",\"iat\":$NOW}")
if [ -z "$TOK" ] || [ -z "$FORGED" ] || [ -z "$STRANGER" ] || [ -z "$OLD" ]; then
	not_ok "tokens are signed with openssl dgst"
	exit 1
fi

# ---- requests ---------------------------------------------------------------

# fetch NAME PATH [CURL-OPTION...]: one request to $ADDR; the status in
# $code, headers (CR stripped) in $T/NAME.h, the body in $T/NAME.b.
fetch() {
	name=$1
	path=$2
	shift 2
	: >"$T/$name.h"
	: >"$T/$name.b"
	code=$(curl -sS --noproxy '*' --max-time 10 -D "$T/$name.raw" \
		-o "$T/$name.b" -w '%{http_code}' "$@" "http://$ADDR$path") ||
		code=000
	tr -d '\r' <"$T/$name.raw" >"$T/$name.h" 2>/dev/null
	echo "$code" >"$T/$name.s"
}
# post NAME PATH BODY [CURL-OPTION...]: a form POST of BODY, as is.
post() {
	_pn=$1
	_pp=$2
	printf '%s' "$3" >"$T/$_pn.body"
	shift 3
	fetch "$_pn" "$_pp" \
		-H 'Content-Type: application/x-www-form-urlencoded' \
		--data-binary "@$T/$_pn.body" "$@"
}
header() {
	sed -n "s/^$2: *//Ip" "$T/$1.h" | head -n 1
}
headers() {
	sed -n "s/^$2: *//Ip" "$T/$1.h"
}
has_header() {
	grep -qi "^$2:" "$T/$1.h"
}
no_header() {
	! has_header "$@"
}
status_of() {
	[ "$(cat "$T/$1.s")" = "$2" ]
}
location_is() {
	[ "$(header "$1" Location)" = "$2" ]
}
body_has() {
	grep -qF -- "$2" "$T/$1.b"
}
body_lacks() {
	! body_has "$@"
}
session_cleared() {
	headers "$1" Set-Cookie | grep -qxF "$SESSION_CLEARED"
}
# The consent cookie's value from a response's Set-Cookie (NAME COOKIE).
cookie_of() {
	headers "$1" Set-Cookie | sed -n "s/^$2=\([^;]*\);.*/\1/p" | head -n 1
}
field() {
	python3 "$HELPER" field "$T/$1.b" "$2"
}
form() {
	python3 "$HELPER" form "$@"
}
# is_redirect M DESC NAME LOCATION: 302 to exactly LOCATION, session
# cookie cleared, no consent cookie set.
is_redirect() {
	check "$1: $2: 302" status_of "$3" 302
	check "$1: $2: Location $4" location_is "$3" "$4"
	check "$1: $2: clears the session cookie" session_cleared "$3"
	_rn=$3
	check "$1: $2: sets no consent cookie" eval \
		'! headers "$_rn" Set-Cookie | grep -q "a0l_consent=[^;]"'
}
# is_refused M DESC NAME STATUS: STATUS, no Location, no Set-Cookie.
is_refused() {
	check "$1: $2: $4" status_of "$3" "$4"
	check "$1: $2: no Location" no_header "$3" Location
	check "$1: $2: no Set-Cookie" no_header "$3" Set-Cookie
}

OIDC=/oidc/logout
RET_BYE=https%3A%2F%2Fapp.example.com%2Fbye
RET_CB=https%3A%2F%2Fapp.example.com%2Fcb%3Fa%3D1
# A state with the bytes R8.6 must encode: # ? & space / and UTF-8.
STATE_IN='a%23b%3Fc%26d+e%2F~-._%C3%A9'
STATE_OUT='a%23b%3Fc%26d%20e%2F~-._%C3%A9'

# ---- the checks, against $ADDR ------------------------------------------------

# suite M NOISS: every check on $ADDR; NOISS is the path prefix under
# which $NOISS_ADDR serves a config without an issuer.
suite() {
	m=$1

	# R8.6: the state after '&' when the URI has a query, '?' when not.
	q="id_token_hint=$TOK&post_logout_redirect_uri=$RET_CB&state=$STATE_IN"
	fetch g "$OIDC?$q"
	is_redirect "$m" "GET, valid id_token_hint, URI with a query" g \
		"https://app.example.com/cb?a=1&state=$STATE_OUT"
	post p "$OIDC" "$q"
	is_redirect "$m" "POST, the same request" p \
		"https://app.example.com/cb?a=1&state=$STATE_OUT"
	fetch g "$OIDC?id_token_hint=$TOK&post_logout_redirect_uri=$RET_BYE&state=$STATE_IN"
	is_redirect "$m" "GET, URI without a query" g \
		"https://app.example.com/bye?state=$STATE_OUT"
	fetch g "$OIDC?id_token_hint=$TOK&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb2%3Fx%3D1%26y%3D2&state=%3F"
	is_redirect "$m" "GET, URI with two query parameters" g \
		"https://app.example.com/cb2?x=1&y=2&state=%3F"
	fetch g "$OIDC?id_token_hint=$TOK"
	is_redirect "$m" "GET, no URI: the client's first entry, no state" g \
		"https://app.example.com/bye"

	# Refused: not on the list, another query, CR LF in the state, a
	# token that does not verify.
	for c in "not on the list|post_logout_redirect_uri=https%3A%2F%2Fevil.example.net%2F" \
		"another query than the entry's|post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fa%3D2" \
		"on the tenant list, not the client's|post_logout_redirect_uri=https%3A%2F%2Fwww.example.com%2Flogged-out" \
		"CR LF in the state|post_logout_redirect_uri=$RET_BYE&state=x%0D%0ASet-Cookie:%20a=1"; do
		fetch e "$OIDC?id_token_hint=$TOK&${c#*|}"
		is_refused "$m" "GET, ${c%%|*}" e 400
		check "$m: GET, ${c%%|*}: error page" \
			body_has e "invalid_request"
	done
	for c in "signature over other claims|$FORGED" \
		"a key not in the JWKS|$STRANGER" "another issuer|$ELSEWHERE" \
		"not a JWS|abc.def"; do
		fetch e "$OIDC?id_token_hint=${c#*|}&post_logout_redirect_uri=$RET_BYE"
		is_refused "$m" "GET, id_token_hint: ${c%%|*}" e 400
		post e "$OIDC" "id_token_hint=${c#*|}&post_logout_redirect_uri=$RET_BYE"
		is_refused "$m" "POST, id_token_hint: ${c%%|*}" e 400
	done
	fetch e "$OIDC?id_token_hint=$TOK&client_id=Other9"
	is_refused "$m" "client_id is not the token's" e 400

	# GET and POST give the same decision: status, Location and, for
	# errors, the R7.2 JSON object (Accept: application/json) but its
	# error_description, which names the query or the body.
	n=0
	for q in "id_token_hint=$TOK&post_logout_redirect_uri=$RET_CB&state=s" \
		"id_token_hint=$TOK&post_logout_redirect_uri=https%3A%2F%2Fevil.example.net%2F" \
		"id_token_hint=$STRANGER" "post_logout_redirect_uri=%zz" \
		"client_id=Nobody" "id_token_hint=$TOK&client_id=AbC123" \
		"id_token_hint=$TOK&post_logout_redirect_uri=$RET_CB&state=a&state=b"; do
		n=$((n + 1))
		fetch sg "$OIDC?$q" -H 'Accept: application/json'
		post sp "$OIDC" "$q" -H 'Accept: application/json'
		check "$m: GET and POST decide alike ($n: $(cat "$T/sg.s"))" eval \
			'[ "$(cat "$T/sg.s")" = "$(cat "$T/sp.s")" ] &&
			[ "$(header sg Location)" = "$(header sp Location)" ] &&
			python3 -c "import json, sys
a, b = (open(f).read() for f in sys.argv[1:])
if a or b:
    a, b = json.loads(a), json.loads(b)
    a.pop(\"error_description\"); b.pop(\"error_description\")
    assert a == b, (a, b)" "$T/sg.b" "$T/sp.b"'
	done

	# R8.7: no id_token_hint, no logout_hint: the consent page.
	qa="client_id=AbC123&post_logout_redirect_uri=$RET_BYE&state=one"
	fetch ca "$OIDC?$qa"
	check "$m: consent: 200" status_of ca 200
	check "$m: consent: no Location" no_header ca Location
	check "$m: consent: the session cookie is left alone" eval \
		'! session_cleared ca'
	check "$m: consent: text/html" eval \
		'[ "$(header ca Content-Type)" = "text/html; charset=utf-8" ]'
	check "$m: consent: Cache-Control: no-store" eval \
		'[ "$(header ca Cache-Control)" = no-store ]'
	check "$m: consent: X-Frame-Options: DENY" eval \
		'[ "$(header ca X-Frame-Options)" = DENY ]'
	check "$m: consent: Referrer-Policy: no-referrer" eval \
		'[ "$(header ca Referrer-Policy)" = no-referrer ]'
	# form-action also allows the origin the confirmation redirects to:
	# browsers apply it to the redirects after a submission.
	check "$m: consent: Content-Security-Policy" eval \
		"[ \"\$(header ca Content-Security-Policy)\" = \"default-src 'none'; style-src 'unsafe-inline'; form-action 'self' https://app.example.com; frame-ancestors 'none'\" ]"
	check "$m: consent: the cookie's attributes" eval \
		'headers ca Set-Cookie | grep -Eqx "a0l_consent=[A-Za-z0-9_-]{43}; Max-Age=600; Path=/; HttpOnly; SameSite=Strict"'
	check "$m: consent: a POST form to /oidc/logout/confirm" \
		body_has ca '<form method="post" action="/oidc/logout/confirm">'
	check "$m: consent: the request field holds the query as given" \
		eval '[ "$(field ca request)" = "$qa" ]'
	check "$m: consent: the form flag is 0 for a GET" \
		eval '[ "$(field ca form)" = 0 ]'
	check "$m: consent: a token" \
		eval 'field ca token | grep -Eqx "[1-9][0-9]*\.[A-Za-z0-9_-]{43}"'
	check "$m: consent: the query's & escaped in the page" \
		body_has ca 'client_id=AbC123&amp;post_logout_redirect_uri='
	check "$m: consent: names the application" body_has ca '<code>AbC123</code>'
	nonce_a=$(cookie_of ca a0l_consent)
	token_a=$(field ca token)

	# Confirmed with the cookie: the decision, acted on.
	post cf "$OIDC/confirm" "$(form "request=$qa" form=0 "token=$token_a")" \
		-b "a0l_consent=$nonce_a"
	is_redirect "$m" "confirm with the cookie" cf \
		"https://app.example.com/bye?state=one"
	check "$m: confirm: the consent cookie is cleared" eval \
		'headers cf Set-Cookie | grep -qx "a0l_consent=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict"'

	# Refused confirmations: 403, nothing done.
	post cf "$OIDC/confirm" "$(form "request=$qa" form=0 "token=$token_a")"
	is_refused "$m" "confirm without the cookie" cf 403
	check "$m: confirm without the cookie: says so" \
		body_has cf 'the consent cookie is missing'
	qb="client_id=AbC123&post_logout_redirect_uri=$RET_BYE&state=two"
	fetch cb "$OIDC?$qb"
	nonce_b=$(cookie_of cb a0l_consent)
	token_b=$(field cb token)
	check "$m: consent: a fresh nonce per page" \
		eval '[ -n "$nonce_b" ] && [ "$nonce_a" != "$nonce_b" ]'
	post cf "$OIDC/confirm" "$(form "request=$qa" form=0 "token=$token_b")" \
		-b "a0l_consent=$nonce_b"
	is_refused "$m" "confirm with another request's token and cookie" cf 403
	check "$m: another request's token: does not match" \
		body_has cf 'does not match'
	post cf "$OIDC/confirm" "$(form "request=$qa" form=0 "token=$token_a")" \
		-b "a0l_consent=$nonce_b"
	is_refused "$m" "confirm with another page's cookie" cf 403
	post cf "$OIDC/confirm" \
		"$(form "request=client_id=AbC123&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fa%3D1&state=one" form=0 "token=$token_a")" \
		-b "a0l_consent=$nonce_a"
	is_refused "$m" "confirm with a tampered request field" cf 403
	post cf "$OIDC/confirm" "$(form "request=$qa" form=1 "token=$token_a")" \
		-b "a0l_consent=$nonce_a"
	is_refused "$m" "confirm with the form flag flipped" cf 403
	post cf "$OIDC/confirm" "$(form "request=$qa" form=0)" \
		-b "a0l_consent=$nonce_a"
	is_refused "$m" "confirm without a token field" cf 403
	check "$m: confirm without a token field: malformed" \
		body_has cf 'malformed'
	old=$(python3 "$HELPER" consent-token "$nonce_a" 1000000000 0 "$qa")
	post cf "$OIDC/confirm" "$(form "request=$qa" form=0 "token=$old")" \
		-b "a0l_consent=$nonce_a"
	is_refused "$m" "confirm with an expired token" cf 403
	check "$m: expired token: says so" body_has cf 'expired'
	# The same HMAC with a future expiry is honoured: the check above
	# failed on the expiry alone.
	soon=$(python3 "$HELPER" consent-token "$nonce_a" \
		"$(($(date +%s) + 300))" 0 "$qa")
	post cf "$OIDC/confirm" "$(form "request=$qa" form=0 "token=$soon")" \
		-b "a0l_consent=$nonce_a"
	check "$m: the same token unexpired: 302" status_of cf 302

	# A POST's consent, confirmed: the form flag is 1.
	pb="client_id=AbC123&post_logout_redirect_uri=$RET_CB&state=p%26q"
	post cp "$OIDC" "$pb"
	check "$m: POST consent: 200" status_of cp 200
	check "$m: POST consent: the request field holds the body" \
		eval '[ "$(field cp request)" = "$pb" ]'
	check "$m: POST consent: the form flag is 1" \
		eval '[ "$(field cp form)" = 1 ]'
	post cf "$OIDC/confirm" \
		"$(form "request=$pb" form=1 "token=$(field cp token)")" \
		-b "a0l_consent=$(cookie_of cp a0l_consent)"
	is_redirect "$m" "POST consent confirmed" cf \
		"https://app.example.com/cb?a=1&state=p%26q"

	# No client, no URI: consent, then logged out.
	fetch cl "$OIDC"
	check "$m: bare /oidc/logout: consent" status_of cl 200
	post cf "$OIDC/confirm" "$(form request= form=0 "token=$(field cl token)")" \
		-b "a0l_consent=$(cookie_of cl a0l_consent)"
	check "$m: bare /oidc/logout confirmed: 200 OK" eval \
		'status_of cf 200 && [ "$(cat "$T/cf.b")" = OK ] &&
		session_cleared cf'

	# Over https (a proxy's X-Forwarded-Proto): the __Host- cookie.
	fetch ch "$OIDC?$qa" -H 'X-Forwarded-Proto: https'
	check "$m: https consent: __Host-a0l_consent, Secure" eval \
		'headers ch Set-Cookie | grep -Eqx "__Host-a0l_consent=[A-Za-z0-9_-]{43}; Max-Age=600; Path=/; Secure; HttpOnly; SameSite=Strict"'
	nonce_h=$(cookie_of ch __Host-a0l_consent)
	post cf "$OIDC/confirm" "$(form "request=$qa" form=0 "token=$(field ch token)")" \
		-H 'X-Forwarded-Proto: https' -b "a0l_consent=$nonce_h"
	is_refused "$m" "https confirm with the plain cookie name" cf 403
	post cf "$OIDC/confirm" "$(form "request=$qa" form=0 "token=$(field ch token)")" \
		-H 'X-Forwarded-Proto: https' -b "__Host-a0l_consent=$nonce_h"
	is_redirect "$m" "https confirm with the __Host- cookie" cf \
		"https://app.example.com/bye?state=one"
	check "$m: https confirm: clears __Host-a0l_consent" eval \
		'headers cf Set-Cookie | grep -qx "__Host-a0l_consent=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict"'

	# The session's sid (--sid-cookie / AUTH0LOGOUT_SID_COOKIE a0sid):
	# the token's sid s1 from another session asks for consent.
	fetch sd "$OIDC?id_token_hint=$TOK&post_logout_redirect_uri=$RET_BYE" \
		-b a0sid=other-session-9q
	check "$m: session sid differs from the token's: consent" eval \
		'status_of sd 200 && no_header sd Location'
	fetch sd "$OIDC?id_token_hint=$TOK&post_logout_redirect_uri=$RET_BYE" \
		-b a0sid=s1
	check "$m: session sid equals the token's: 302" status_of sd 302

	# POST bodies: the media type, the length.
	printf 'id_token_hint=%s' "$TOK" >"$T/tp.body"
	fetch mt "$OIDC" -H 'Content-Type: text/plain' \
		--data-binary "@$T/tp.body"
	is_refused "$m" "POST text/plain" mt 415
	fetch mt "$OIDC" -H 'Content-Type:' --data-binary "@$T/tp.body"
	is_refused "$m" "POST without Content-Type" mt 415
	fetch mt "$OIDC" -H 'Content-Type: Application/X-WWW-Form-URLencoded; charset=UTF-8' \
		--data-binary "@$T/tp.body"
	check "$m: POST form type in another case, with charset: decided" \
		eval 'status_of mt 302 &&
		location_is mt https://app.example.com/bye'
	head -c 16385 /dev/zero | tr '\0' a >"$T/big.body"
	fetch bg "$OIDC" -H 'Content-Type: application/x-www-form-urlencoded' \
		--data-binary "@$T/big.body"
	is_refused "$m" "POST body of 16 KiB + 1" bg 413
	head -c 16384 /dev/zero | tr '\0' a >"$T/big.body"
	fetch bg "$OIDC" -H 'Content-Type: application/x-www-form-urlencoded' \
		--data-binary "@$T/big.body"
	check "$m: POST body of 16 KiB: decided, not 413" eval \
		'! status_of bg 413 && ! status_of bg 000'
	fetch cg "$OIDC/confirm" -H 'Content-Type: text/plain' -d 'x=1'
	is_refused "$m" "confirm as text/plain" cg 415

	# Methods.
	fetch x "$OIDC" -X PUT
	is_refused "$m" "PUT /oidc/logout" x 405
	check "$m: PUT /oidc/logout: Allow: GET, POST" eval \
		'[ "$(header x Allow)" = "GET, POST" ]'
	fetch x "$OIDC/confirm"
	is_refused "$m" "GET /oidc/logout/confirm" x 405
	check "$m: GET /oidc/logout/confirm: Allow: POST" eval \
		'[ "$(header x Allow)" = POST ]'
	fetch x /.well-known/openid-configuration -X DELETE
	check "$m: DELETE on discovery: 405" status_of x 405

	# R8.11: discovery and JWKS.
	fetch dc /.well-known/openid-configuration
	check "$m: discovery: 200" status_of dc 200
	check "$m: discovery: application/json" eval \
		'[ "$(header dc Content-Type)" = application/json ]'
	check "$m: discovery: Cache-Control: public, max-age=300" eval \
		'[ "$(header dc Cache-Control)" = "public, max-age=300" ]'
	check "$m: discovery: Access-Control-Allow-Origin: *" eval \
		'[ "$(header dc Access-Control-Allow-Origin)" = "*" ]'
	check "$m: discovery: issuer, end_session_endpoint, jwks_uri" \
		python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
iss = sys.argv[2]
assert d["issuer"] == iss, d
assert d["end_session_endpoint"] == iss.rstrip("/") + "/oidc/logout", d
assert d["jwks_uri"] == iss.rstrip("/") + "/.well-known/jwks.json", d' \
		"$T/dc.b" "$ISS"
	fetch jw /.well-known/jwks.json
	check "$m: jwks: 200" status_of jw 200
	check "$m: jwks: application/json, public, any origin" eval \
		'[ "$(header jw Content-Type)" = application/json ] &&
		[ "$(header jw Cache-Control)" = "public, max-age=300" ] &&
		[ "$(header jw Access-Control-Allow-Origin)" = "*" ]'
	check "$m: jwks: the configured key's public members, no \"d\"" \
		python3 -c 'import json, sys
keys = json.load(open(sys.argv[1]))["keys"]
conf = json.loads(sys.argv[2])
assert len(keys) == 1, keys
k = keys[0]
assert k["kid"] == "k1" and k["n"] == conf["n"] and k["e"] == conf["e"], k
for private in ("d", "p", "q", "dp", "dq", "qi"):
    assert private not in k, private
assert "\"d\"" not in open(sys.argv[1]).read()' "$T/jw.b" "$JWK"
	# HEAD (curl -I writes the headers where the body would go).
	fetch hd /.well-known/openid-configuration -I
	check "$m: HEAD discovery: 200, the headers, no body" eval \
		'status_of hd 200 &&
		[ "$(header hd Content-Type)" = application/json ] &&
		body_lacks hd "end_session_endpoint"'
	save=$ADDR
	ADDR=$NOISS_ADDR
	fetch ni "$NOISS/.well-known/openid-configuration"
	is_refused "$m" "no issuer configured: discovery" ni 404
	fetch ni "$NOISS/.well-known/jwks.json"
	is_refused "$m" "no issuer configured: jwks" ni 404
	ADDR=$save
}

# ---- auth0logout-server -------------------------------------------------------

if start_server "$T" main --config "$T/config.json" \
	--listen "127.0.0.1:$SPORT" --sid-cookie a0sid &&
	start_server "$T" noiss --config "$T/noiss.json" --listen 127.0.0.1:0; then
	ok "server: starts with an oidc config, and with one without"
	ADDR=127.0.0.1:$SPORT
	NOISS_ADDR=$(cat "$T/noiss.ready")
	NOISS=""
	suite server
	# Consent is stateless: a page of the server is confirmed by the
	# CGI program below (another process, another program).
	fetch xs "$OIDC?client_id=AbC123&post_logout_redirect_uri=$RET_BYE&state=x"
	cross_nonce=$(cookie_of xs a0l_consent)
	cross_token=$(field xs token)
	# R9.8: the access log names the route, the outcome, the client;
	# never a token, a state or a cookie value.
	check "server: access log: GET /oidc/logout consent" \
		grep -q ' GET /oidc/logout 200 consent list=client client_id=AbC123$' \
		"$T/main.log"
	check "server: access log: POST /oidc/logout/confirm redirect" \
		grep -q ' POST /oidc/logout/confirm 302 redirect list=client client_id=AbC123$' \
		"$T/main.log"
	check "server: access log: POST /oidc/logout/confirm 403" \
		grep -q ' POST /oidc/logout/confirm 403 error list=- client_id=-$' \
		"$T/main.log"
	check "server: access log: discovery" \
		grep -q ' GET /.well-known/openid-configuration 200 document ' \
		"$T/main.log"
	check "server: access log: POST /oidc/logout 413 and 415" eval \
		'grep -q " POST /oidc/logout 413 error " "$T/main.log" &&
		grep -q " POST /oidc/logout 415 error " "$T/main.log"'
	check "server: access log: no token, state, nonce or sid" eval \
		'! grep -qF -e "$(echo "$TOK" | cut -d. -f3)" -e "state=" \
			-e "$nonce_a" -e other-session-9q -e "id_token_hint" \
			"$T/main.log"'
	# R8.10: an expired token is a fine hint by default ...
	fetch old "$OIDC?id_token_hint=$OLD"
	check "server: an expired id_token_hint is accepted by default (R8.10)" \
		location_is old https://app.example.com/bye
	# ... and --max-token-age refuses one issued too long ago.
	if start_server "$T" aged --config "$T/config.json" \
		--listen 127.0.0.1:0 --max-token-age 600; then
		main_addr=$ADDR
		ADDR=$(cat "$T/aged.ready")
		fetch aged_old "$OIDC?id_token_hint=$OLD"
		is_refused server "--max-token-age 600, a token of an hour ago" \
			aged_old 400
		fetch aged_fresh "$OIDC?id_token_hint=$FRESH"
		check "server: --max-token-age 600 accepts a token of now" \
			location_is aged_fresh https://app.example.com/bye
		ADDR=$main_addr
	else
		not_ok "server: starts with --max-token-age 600"
	fi
	check "server: --max-token-age refuses 0 (exit 2)" eval \
		'"$SERVER" --config "$T/config.json" --max-token-age 0 \
			>/dev/null 2>&1; [ $? -eq 2 ]'
	check "server: --help documents --sid-cookie" eval \
		'"$SERVER" --help | grep -q -- "--sid-cookie NAME"'
	check "server: --sid-cookie refuses a bad name (exit 2)" eval \
		'"$SERVER" --config "$T/config.json" --sid-cookie "a b" \
			>/dev/null 2>&1; [ $? -eq 2 ]'
else
	not_ok "server: starts with an oidc config, and with one without"
	sed 's/^/# /' "$T/main.log" "$T/noiss.log" 2>/dev/null
fi
for p in $pids; do
	stop_server "$p" TERM
done
if grep -q 'Sanitizer\|runtime error' "$T/main.log" "$T/noiss.log" \
	2>/dev/null; then
	not_ok "server: no sanitizer report"
	grep -h -A20 'Sanitizer\|runtime error' "$T/main.log" | sed 's/^/# /'
else
	ok "server: no sanitizer report"
fi

# ---- auth0logout-cgi under lighttpd -------------------------------------------

# Plain CGI: each URL mapped onto the program, run for the exact URLs
# only; /noiss/... with the config without "oidc".
conf_cgi() {
	lighttpd_conf_head "$T" "$LPORT"
	cat <<EOF
server.modules = ("mod_access", "mod_alias", "mod_setenv", "mod_cgi")
alias.url = (
	"/oidc/logout/confirm" => "$CGI",
	"/oidc/logout" => "$CGI",
	"/.well-known/openid-configuration" => "$CGI",
	"/.well-known/jwks.json" => "$CGI",
	"/noiss/.well-known/openid-configuration" => "$CGI",
	"/noiss/.well-known/jwks.json" => "$CGI",
)
\$HTTP["url"] =~ "^/oidc/logout/" {
	\$HTTP["url"] != "/oidc/logout/confirm" {
		url.access-deny = ("")
	}
}
\$HTTP["url"] =~ "^(/noiss)?/\\.well-known/(openid-configuration|jwks\\.json)." {
	url.access-deny = ("")
}
\$HTTP["url"] =~ "^(/oidc/logout(/confirm)?|(/noiss)?/\\.well-known/(openid-configuration|jwks\\.json))\$" {
	cgi.assign = ("" => "")
}
\$HTTP["url"] =~ "^/noiss/" {
	setenv.add-environment = ("AUTH0LOGOUT_CONFIG" => "$T/noiss.json")
}
\$HTTP["url"] !~ "^/noiss/" {
	setenv.add-environment = (
		"AUTH0LOGOUT_CONFIG" => "$T/config.json",
		"AUTH0LOGOUT_SID_COOKIE" => "a0sid",
	)
}
EOF
}

# FastCGI: lighttpd spawns the program for each prefix.
conf_fastcgi() {
	lighttpd_conf_head "$T" "$LPORT"
	cat <<EOF
server.modules = ("mod_access", "mod_fastcgi")
fastcgi.server = (
	"/oidc/logout" => ((
		"socket" => "$T/fcgi-oidc.sock",
		"bin-path" => "$CGI",
		"bin-environment" => (
			"AUTH0LOGOUT_CONFIG" => "$T/config.json",
			"AUTH0LOGOUT_SID_COOKIE" => "a0sid",
		),
		"check-local" => "disable",
		"max-procs" => 1,
	)),
	"/.well-known/" => ((
		"socket" => "$T/fcgi-wk.sock",
		"bin-path" => "$CGI",
		"bin-environment" => ("AUTH0LOGOUT_CONFIG" => "$T/config.json"),
		"check-local" => "disable",
		"max-procs" => 1,
	)),
	"/noiss/" => ((
		"socket" => "$T/fcgi-noiss.sock",
		"bin-path" => "$CGI",
		"bin-environment" => ("AUTH0LOGOUT_CONFIG" => "$T/noiss.json"),
		"check-local" => "disable",
		"max-procs" => 1,
	)),
)
EOF
}

run_lighttpd() {
	m=$1
	LPORT=$(free_port)
	rm -rf "$T/www" "$T"/*.sock "$T/error.log" "$T/breakage.log"
	mkdir "$T/www"
	"conf_$m" >"$T/$m.conf"
	start_lighttpd "$m" "$T" "$LPORT" || return
	ADDR=127.0.0.1:$LPORT
	NOISS_ADDR=$ADDR
	NOISS=/noiss
	suite "$m"

	# A consent page of auth0logout-server, confirmed here.
	if [ -n "${cross_nonce:-}" ]; then
		post cf "$OIDC/confirm" \
			"$(form "request=client_id=AbC123&post_logout_redirect_uri=$RET_BYE&state=x" form=0 "token=$cross_token")" \
			-b "a0l_consent=$cross_nonce"
		is_redirect "$m" "a consent of auth0logout-server confirmed here" \
			cf "https://app.example.com/bye?state=x"
	fi
	# A longer path under an aliased URL never reaches the program's
	# file (mod_access, as the documented configs have it).
	fetch long "/.well-known/jwks.json/x"
	check "$m: /.well-known/jwks.json/x is refused, the program not served" \
		eval '[ "$code" != 200 ] && ! grep -q ELF "$T/long.b"'
	# Under plain CGI the program reads CONTENT_LENGTH itself: a POST
	# without one is 411 (lighttpd itself answers a chunked body).
	stop_lighttpd
	if grep -q 'Sanitizer\|runtime error' "$T/error.log" \
		"$T/breakage.log" "$T/lighttpd.out" 2>/dev/null; then
		not_ok "$m: no sanitizer report in lighttpd's logs"
		grep -h -A20 'Sanitizer\|runtime error' "$T/error.log" \
			"$T/breakage.log" 2>/dev/null | sed 's/^/# /'
	else
		ok "$m: no sanitizer report in lighttpd's logs"
	fi
	for f in error.log breakage.log; do
		if [ -s "$T/$f" ]; then
			sed "s/^/# expected: $m: $f: /" "$T/$f"
		fi
	done
}

run_lighttpd cgi
run_lighttpd fastcgi

# ---- the CGI program run directly ---------------------------------------------

# cgi_run NAME VAR=VALUE...: the program as a plain CGI, stdin from
# $T/NAME.in (empty when missing); output in $T/NAME.out.
cgi_run() {
	cn=$1
	shift
	[ -f "$T/$cn.in" ] || : >"$T/$cn.in"
	env -i AUTH0LOGOUT_CONFIG="$T/config.json" GATEWAY_INTERFACE=CGI/1.1 \
		"$@" "$CGI" <"$T/$cn.in" >"$T/$cn.out" 2>"$T/$cn.err"
}
cgi_run nl REQUEST_METHOD=POST SCRIPT_NAME=/oidc/logout \
	CONTENT_TYPE=application/x-www-form-urlencoded
check "direct CGI: POST without CONTENT_LENGTH: 411" \
	grep -q '^Status: 411 Length Required$' "$T/nl.out"
# 413 without reading the body: stdin is a pipe nobody writes to.
mkfifo "$T/never"
(sleep 5 >"$T/never") &
holder=$!
env -i AUTH0LOGOUT_CONFIG="$T/config.json" GATEWAY_INTERFACE=CGI/1.1 \
	REQUEST_METHOD=POST SCRIPT_NAME=/oidc/logout \
	CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=16385 \
	"$CGI" <"$T/never" >"$T/tl.out" 2>&1 &
cgi=$!
i=0
while kill -0 "$cgi" 2>/dev/null && [ "$i" -lt 30 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "direct CGI: CONTENT_LENGTH 16385: 413 without reading the body" \
	eval '! kill -0 "$cgi" 2>/dev/null &&
	grep -q "^Status: 413 Content Too Large$" "$T/tl.out"'
kill "$cgi" "$holder" 2>/dev/null
wait "$cgi" 2>/dev/null
wait "$holder" 2>/dev/null
printf 'client_id=AbC123' >"$T/sh.in"
cgi_run sh REQUEST_METHOD=POST SCRIPT_NAME=/oidc/logout \
	CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=40
check "direct CGI: a body shorter than CONTENT_LENGTH: 400" \
	grep -q '^Status: 400 Bad Request$' "$T/sh.out"
cgi_run hs REQUEST_METHOD=GET SCRIPT_NAME=/oidc/logout HTTPS=on \
	QUERY_STRING=client_id=AbC123
check "direct CGI: HTTPS=on: the __Host- consent cookie" \
	grep -q '^Set-Cookie: __Host-a0l_consent=.*; Secure; HttpOnly; SameSite=Strict$' \
	"$T/hs.out"
cgi_run pi REQUEST_METHOD=GET SCRIPT_NAME=/auth PATH_INFO=/oidc/logout \
	QUERY_STRING="id_token_hint=$TOK"
check "direct CGI: the route in PATH_INFO (mounted at a prefix)" \
	grep -q '^Location: https://app.example.com/bye$' "$T/pi.out"
cgi_run ma REQUEST_METHOD=GET SCRIPT_NAME=/oidc/logout \
	AUTH0LOGOUT_MAX_TOKEN_AGE=600 QUERY_STRING="id_token_hint=$OLD"
check "direct CGI: AUTH0LOGOUT_MAX_TOKEN_AGE refuses an old token" \
	grep -q '^Status: 400' "$T/ma.out"
cgi_run mf REQUEST_METHOD=GET SCRIPT_NAME=/oidc/logout \
	AUTH0LOGOUT_MAX_TOKEN_AGE=600 QUERY_STRING="id_token_hint=$FRESH"
check "direct CGI: AUTH0LOGOUT_MAX_TOKEN_AGE accepts a token of now" \
	grep -q '^Location: https://app.example.com/bye$' "$T/mf.out"
cgi_run mb REQUEST_METHOD=GET SCRIPT_NAME=/oidc/logout \
	AUTH0LOGOUT_MAX_TOKEN_AGE=soon QUERY_STRING="id_token_hint=$FRESH"
check "direct CGI: a bad AUTH0LOGOUT_MAX_TOKEN_AGE is a 500, no redirect" \
	eval 'grep -q "^Status: 500" "$T/mb.out" && ! grep -q "^Location:" "$T/mb.out"'
cgi_run pa REQUEST_METHOD=GET SCRIPT_NAME=/auth PATH_INFO=/oidc/logout \
	QUERY_STRING=client_id=AbC123
check "direct CGI: mounted at a prefix: the form posts under it" \
	grep -q 'action="/auth/oidc/logout/confirm"' "$T/pa.out"
cgi_run bs REQUEST_METHOD=GET SCRIPT_NAME=/oidc/logout \
	AUTH0LOGOUT_SID_COOKIE='a b' QUERY_STRING=client_id=AbC123
check "direct CGI: a bad AUTH0LOGOUT_SID_COOKIE: 500, logged" eval \
	'grep -q "^Status: 500" "$T/bs.out" &&
	grep -q "AUTH0LOGOUT_SID_COOKIE" "$T/bs.err"'
cgi_run v2 REQUEST_METHOD=GET QUERY_STRING=client_id=AbC123
check "direct CGI: /v2/logout still served without SCRIPT_NAME" \
	grep -q '^Location: https://app.example.com/bye$' "$T/v2.out"
# Under SANITIZE=1 a memory error or leak is reported on stderr.
if cat "$T"/*.err "$T/tl.out" 2>/dev/null |
	grep -q 'Sanitizer\|runtime error'; then
	not_ok "direct CGI: no sanitizer report"
	cat "$T"/*.err | sed 's/^/# /'
else
	ok "direct CGI: no sanitizer report"
fi

[ "$failed" -eq 0 ]
