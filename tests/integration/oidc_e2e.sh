#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end test of /oidc/logout (SPEC R8, R9) with real OpenID Connect
# clients from npm, in headless Chromium:
#
#   - openid-client (a certified relying party library) discovers the
#     server (/.well-known/openid-configuration) and builds its end-session
#     URL with an id_token_hint that jose signed with a key whose public
#     half is in the server's JWKS; Chromium follows it and must end on the
#     registered post_logout_redirect_uri with the same state (case A), or,
#     for an unregistered URI, on our 400 page with nothing fetched from the
#     URI (case B);
#   - express-openid-connect (idpLogout) runs its /logout against our
#     discovery document, without a session (our consent page, then the
#     confirmation) and with one (a login through a stand-in authorization
#     endpoint; then no consent page) (case C).
#
# The packages (tests/integration/oidc_e2e/package.json, versions pinned by
# its package-lock.json) are installed with npm ci into $BUILD/npm/oidc_e2e
# (AUTH0LOGOUT_NPM_DIR/oidc_e2e when set), once: later runs need no network.
# A case whose packages or browser cannot be had is reported as "# SKIP
# case: why", never as passed.
#
# Prints one line per check, "ok - ..." or "not ok - ...", and exits
# non-zero when a check failed.  Bounded: npm ci 300 s at most (first run
# only), the checks 180 s at most; every wait has a timeout.
#
# Environment (set by make check through scripts/check.sh):
#   SERVER  the server binary (default $BUILD/auth0logout-server)
#   SRCDIR  the repository root (default .)
#   BUILD   the build directory (default build)
set -u

BUILD=${BUILD:-build}
SRCDIR=${SRCDIR:-.}
SERVER=${SERVER:-$BUILD/auth0logout-server}
HERE=$SRCDIR/tests/integration/oidc_e2e
NPM_DIR=${AUTH0LOGOUT_NPM_DIR:-$BUILD/npm}/oidc_e2e
OIDC_CLIENT=OidcE2E
EXPRESS_CLIENT=ExpressE2E

# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"

need_cmds "make check installs the Debian package" node
need_exec "$SERVER" "the server $SERVER is built"

use_tmp auth0logout-oidc

# --- the npm packages --------------------------------------------------------

# npm ci into NPM_DIR unless the same lock file was installed there already
# (then offline).
install_packages() {
	if [ -d "$NPM_DIR/node_modules" ] &&
		cmp -s "$HERE/package-lock.json" "$NPM_DIR/installed.lock"; then
		return 0
	fi
	if ! command -v npm >/dev/null 2>&1; then
		echo "npm is not installed" >"$tmp/npm.log"
		return 1
	fi
	mkdir -p "$NPM_DIR" &&
		rm -f "$NPM_DIR/installed.lock" &&
		cp "$HERE/package.json" "$HERE/package-lock.json" "$NPM_DIR/" &&
		(cd "$NPM_DIR" && timeout -k 5 300 npm ci --no-audit --no-fund \
			--prefer-offline --loglevel=error) >"$tmp/npm.log" 2>&1 &&
		cp "$HERE/package-lock.json" "$NPM_DIR/installed.lock"
}
if install_packages; then
	ln -s "$(cd "$NPM_DIR" && pwd)/node_modules" "$tmp/node_modules"
	versions=""
	for p in openid-client jose playwright-core express-openid-connect express; do
		v=$(cd "$tmp" && node -p "require('./node_modules/$p/package.json').version" 2>/dev/null)
		versions="$versions $p@${v:-?}"
	done
	echo "# npm packages in $NPM_DIR:$versions"
else
	echo "# npm ci in $NPM_DIR failed; the cases that need its packages are skipped:"
	grep -v '^npm error  *at ' "$tmp/npm.log" | sed -n '1,8p' | sed 's/^/#   /'
fi
cp "$HERE/e2e.mjs" "$HERE/rp.mjs" "$tmp/" || exit 1

CHROMIUM=$(command -v chromium 2>/dev/null)
if [ -z "$CHROMIUM" ]; then
	echo "# chromium is not installed (make check installs the Debian package)"
fi

# --- the key, the relying parties, the server --------------------------------

(cd "$tmp" && timeout 30 node e2e.mjs keygen "$tmp") || {
	not_ok "an RSA key pair for the JWKS is made"
	exit 1
}

(cd "$tmp" && exec node rp.mjs "$tmp") 2>"$tmp/rp.err" &
rp_pid=$!
pids="$pids $rp_pid"
if ! wait_file "$tmp/rp.json" "$rp_pid" 100; then
	not_ok "the relying parties' pages (rp.mjs) listen on 127.0.0.1"
	show "$tmp/rp.err"
	exit 1
fi
# The three ports of rp.mjs.
rp_port() { node -p "JSON.parse(require('fs').readFileSync('$tmp/rp.json')).$1"; }
app=http://127.0.0.1:$(rp_port app)
express=http://127.0.0.1:$(rp_port express)
printf '{"baseURL": "%s", "clientID": "%s"}\n' "$express" "$EXPRESS_CLIENT" \
	>"$tmp/express.json"
jwk=$(cat "$tmp/public.jwk")

# The issuer names its port, so the server gets a port chosen here (a free
# one, which another process could take before the server binds it: hence
# up to three tries).
try=0
while :; do
	try=$((try + 1))
	port=$(free_port)
	issuer=http://127.0.0.1:$port/
	cat >"$tmp/config.json" <<EOF
{
  "tenant": {
    "allowed_logout_urls": ["$app/tenant-only"],
    "sessions": { "oidc_logout_prompt_enabled": true }
  },
  "clients": [
    {
      "client_id": "$OIDC_CLIENT",
      "name": "openid-client relying party",
      "allowed_logout_urls": ["$app/signed-out", "$app/signed-out-q?from=oidc"],
      "jwt_configuration": { "alg": "RS256" }
    },
    {
      "client_id": "$EXPRESS_CLIENT",
      "name": "express-openid-connect app",
      "allowed_logout_urls": ["$express", "$express/"],
      "jwt_configuration": { "alg": "RS256" }
    }
  ],
  "oidc": {
    "issuer": "$issuer",
    "jwks": { "keys": [$jwk] },
    "discovery": {
      "authorization_endpoint": "$app/authorize",
      "token_endpoint": "$app/token",
      "response_types_supported": ["code", "id_token"],
      "response_modes_supported": ["query", "form_post"],
      "subject_types_supported": ["public"],
      "id_token_signing_alg_values_supported": ["RS256"]
    }
  }
}
EOF
	rm -f "$tmp/ready"
	"$SERVER" --config "$tmp/config.json" --listen "127.0.0.1:$port" \
		--ready-file "$tmp/ready" >"$tmp/server.log" 2>&1 &
	server_pid=$!
	if wait_file "$tmp/ready" "$server_pid" 100; then
		pids="$pids $server_pid"
		break
	fi
	kill "$server_pid" 2>/dev/null
	wait "$server_pid" 2>/dev/null
	if [ "$try" -ge 3 ]; then
		not_ok "the server starts on 127.0.0.1:$port with an oidc config"
		show "$tmp/server.log"
		exit 1
	fi
done
printf '%s\n' "$issuer" >"$tmp/issuer"
echo "# server $SERVER, issuer $issuer; relying parties on $app, $express"

# --- the checks ----------------------------------------------------------------

# In the background, so that a signal to this script ends it at once
# (timeout passes it on to node, which closes Chromium).
(cd "$tmp" && TMPDIR=$tmp CHROMIUM=$CHROMIUM OIDC_CLIENT=$OIDC_CLIENT \
	EXPRESS_CLIENT=$EXPRESS_CLIENT E2E_SECONDS=170 \
	exec timeout -k 5 180 node e2e.mjs run "$tmp") &
run_pid=$!
pids="$run_pid $pids"
wait "$run_pid"
rc=$?
case $rc in
0) ;;
124 | 137) not_ok "the checks end within 180 s" ;;
*) failed=$((failed + 1)) ;;
esac

if kill -0 "$server_pid" 2>/dev/null; then
	ok "the server is still running after the run"
else
	not_ok "the server is still running after the run"
fi

if [ "$failed" -ne 0 ]; then
	echo "# server log (last lines):"
	tail -n 20 "$tmp/server.log" | sed 's/^/#   /'
	if [ -s "$tmp/rp.err" ]; then
		echo "# rp.mjs said:"
		show "$tmp/rp.err" 10
	fi
	exit 1
fi
exit 0
