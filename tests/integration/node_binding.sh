#!/bin/sh
# SPDX-License-Identifier: MIT
# The Node.js binding (bindings/node) against the shared libraries just
# built: runs its node:test suite (node --test), which includes the shared
# decision table of tests/data/shared (through loadConfig and the config
# library), decideOidc against the CLI (`auth0logout decide --endpoint
# oidc`, examples/oidc.json), the struct size checks, a JS store that
# throws (a 500, never a redirect) and `npm pack --dry-run`.  Prints one
# line per test, "ok - node: <test>" or "not ok - node: <test>" (the
# tables' cases one by one), then node --test's counts; failure details
# follow as "# " comment lines.  Then type-checks the TypeScript
# declarations (index.d.ts) against test/types.ts, which uses every one of
# them: tsc --noEmit --strict.
#
# koffi (bindings/node/package.json, pinned by its package-lock.json) is
# installed with npm ci into $BUILD/npm/node_binding (AUTH0LOGOUT_NPM_DIR/
# node_binding when set), once: later runs need no network and take a few
# seconds.  typescript and @types/node (bindings/node/test/tsc, pinned the
# same way) go into $BUILD/npm/node_typescript likewise.  Bounded: npm ci
# 300 s at most for koffi, 120 s for typescript (first run only), the tests
# 120 s, tsc 120 s.
#
# When node or npm is missing and `scripts/deps.sh check` cannot install
# it, or koffi cannot be installed, prints "ok - SKIPPED node binding:
# <reason>" and exits 0: skipped by name, never passed silently.  When
# typescript cannot be installed, the type check's line is "ok - node:
# ... # SKIP typescript not installable".
#
# Environment (set by make check): SRCDIR (the repository root), BUILD (the
# build directory), LIBSO (libauth0logout.so.1), CONFIG_LIBSO
# (libauth0logout-config.so.1, default: next to LIBSO), CLI (the
# auth0logout program, default: $BUILD/auth0logout).
set -u

here=$(cd "$(dirname "$0")/../.." && pwd)
SRCDIR=${SRCDIR:-$here}
BUILD=${BUILD:-build}
LIBSO=${LIBSO:-$BUILD/libauth0logout.so.1}
CONFIG_LIBSO=${CONFIG_LIBSO:-$(dirname "$LIBSO")/libauth0logout-config.so.1}
CLI=${CLI:-$BUILD/auth0logout}
abs() {
	case $1 in
	/*) echo "$1" ;;
	*) echo "$(pwd)/$1" ;;
	esac
}
SRCDIR=$(abs "$SRCDIR")
LIBSO=$(abs "$LIBSO")
CONFIG_LIBSO=$(abs "$CONFIG_LIBSO")
CLI=$(abs "$CLI")
NPM_DIR=$(abs "${AUTH0LOGOUT_NPM_DIR:-$BUILD/npm}")/node_binding
TSC_DIR=$(abs "${AUTH0LOGOUT_NPM_DIR:-$BUILD/npm}")/node_typescript
HERE=$SRCDIR/bindings/node

# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"

skip() {
	echo "ok - SKIPPED node binding: $1"
	exit 0
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	if ! sh "$SRCDIR/scripts/deps.sh" check >/dev/null 2>&1 ||
		! command -v node >/dev/null 2>&1 ||
		! command -v npm >/dev/null 2>&1; then
		skip "node or npm is not installed and scripts/deps.sh check could not install them"
	fi
fi
[ -e "$LIBSO" ] || {
	not_ok "the shared library $LIBSO exists (run make)"
	exit 1
}
[ -e "$CONFIG_LIBSO" ] || {
	not_ok "the config library $CONFIG_LIBSO exists (run make config)"
	exit 1
}

use_tmp auth0logout-node

# npm ci into NPM_DIR unless the same lock file was installed there already
# (then offline).
install_packages() {
	if [ -d "$NPM_DIR/node_modules/koffi" ] &&
		cmp -s "$HERE/package-lock.json" "$NPM_DIR/installed.lock"; then
		return 0
	fi
	mkdir -p "$NPM_DIR" &&
		rm -f "$NPM_DIR/installed.lock" &&
		cp "$HERE/package.json" "$HERE/package-lock.json" "$NPM_DIR/" &&
		(cd "$NPM_DIR" && timeout -k 5 300 npm ci --no-audit --no-fund \
			--prefer-offline --loglevel=error) >"$tmp/npm.log" 2>&1 &&
		cp "$HERE/package-lock.json" "$NPM_DIR/installed.lock"
}
if ! install_packages; then
	echo "# npm ci in $NPM_DIR failed:"
	grep -v '^npm error  *at ' "$tmp/npm.log" | sed -n '1,8p' | sed 's/^/#   /'
	skip "koffi could not be installed from npm (see above)"
fi
koffi=$(cd "$NPM_DIR" && node -p "JSON.parse(require('fs').readFileSync('node_modules/koffi/package.json')).version" 2>/dev/null)
echo "# node $(node --version), koffi ${koffi:-?} in $NPM_DIR"

# The tests run from the source tree; koffi comes from NPM_DIR through
# NODE_PATH (the binding is CommonJS), so nothing is written to the tree.
# The test files are named: given test/, a Node with type stripping (23.6
# and later) would also run test/types.ts, which is for tsc only.
(cd "$HERE" &&
	NODE_PATH=$NPM_DIR/node_modules SRCDIR=$SRCDIR \
		AUTH0LOGOUT_LIBRARY=$LIBSO AUTH0LOGOUT_CONFIG_LIBRARY=$CONFIG_LIBSO \
		AUTH0LOGOUT_CLI=$CLI npm_config_cache=$NPM_DIR/cache \
		timeout -k 5 120 node --test --test-reporter=tap test/*.test.js) \
	>"$tmp/tap" 2>&1
rc=$?

# TAP from node --test: "ok N - name" / "not ok N - name", subtests
# indented by 4 spaces per level (their parent's line comes after them);
# "# pass N" and "# fail N" at the end.  A failure's YAML block follows
# its line, indented.
awk '
function name(line) {
	sub(/^ *(not )?ok [0-9]+ - /, "", line)
	sub(/ # (SKIP|TODO).*$/, "", line)
	return line
}
/^ *# Subtest: / {
	depth = match($0, /[^ ]/) - 1
	title[depth / 4] = $0
	sub(/^ *# Subtest: /, "", title[depth / 4])
	next
}
/^ *(not )?ok [0-9]+ - / {
	depth = (match($0, /[^ ]/) - 1) / 4
	full = name($0)
	for (i = depth - 1; i >= 0; i--)
		full = title[i] ": " full
	if ($0 ~ /^ *not ok /) {
		print "not ok - node: " full
		inblock = 1
	} else if ($0 ~ / # SKIP/) {
		why = $0
		sub(/.* # SKIP */, "", why)
		print "ok - node: " full " # SKIP " why
		inblock = 0
	} else {
		print "ok - node: " full
		inblock = 0
	}
	next
}
/^# (tests|pass|fail|cancelled|skipped) [0-9]+$/ { n[$2] = $3; next }
inblock && /^ +/ { print "#   " $0; next }
END {
	printf "# node --test: %d tests, %d passed, %d failed, %d cancelled, %d skipped\n",
		n["tests"], n["pass"], n["fail"], n["cancelled"], n["skipped"]
}
' "$tmp/tap" | tee "$tmp/report"

npass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tmp/tap")
nfail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tmp/tap")
ncancel=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$tmp/tap")
if [ "$rc" -eq 0 ] && [ "${npass:-0}" -gt 0 ] && [ "${nfail:-1}" -eq 0 ] &&
	[ "${ncancel:-1}" -eq 0 ]; then
	ok "node --test: ${npass} passed, 0 failed"
else
	not_ok "node --test: ${npass:-?} passed, ${nfail:-?} failed, ${ncancel:-?} cancelled (exit $rc)"
	if ! grep -q '^not ok' "$tmp/report"; then
		show "$tmp/tap" 40
	fi
fi

# ---- the TypeScript declarations ---------------------------------------------
# typescript and @types/node as pinned by test/tsc/package-lock.json, with
# npm ci into TSC_DIR unless that lock file was installed there already.
TSC_LOCK=$HERE/test/tsc/package-lock.json
install_typescript() {
	if [ -f "$TSC_DIR/node_modules/typescript/bin/tsc" ] &&
		[ -d "$TSC_DIR/node_modules/@types/node" ] &&
		cmp -s "$TSC_LOCK" "$TSC_DIR/installed.lock"; then
		return 0
	fi
	mkdir -p "$TSC_DIR" &&
		rm -f "$TSC_DIR/installed.lock" &&
		cp "$HERE/test/tsc/package.json" "$TSC_LOCK" "$TSC_DIR/" &&
		(cd "$TSC_DIR" && timeout -k 5 120 npm ci --no-audit --no-fund \
			--prefer-offline --ignore-scripts --loglevel=error) >"$tmp/npm-tsc.log" 2>&1 &&
		cp "$TSC_LOCK" "$TSC_DIR/installed.lock"
}
what="node: index.d.ts type-checks against test/types.ts (tsc --noEmit --strict)"
if ! install_typescript; then
	echo "# npm ci in $TSC_DIR failed:"
	grep -v '^npm error  *at ' "$tmp/npm-tsc.log" | sed -n '1,8p' | sed 's/^/#   /'
	echo "ok - $what # SKIP typescript not installable"
else
	tsv=$(node -p "require('$TSC_DIR/node_modules/typescript/package.json').version" 2>/dev/null)
	# --types/--typeRoots: @types/node from TSC_DIR (index.d.ts uses
	# Buffer); the source tree has no node_modules.  Nothing is written.
	if (cd "$HERE" && timeout -k 5 120 node "$TSC_DIR/node_modules/typescript/bin/tsc" \
		--noEmit --strict --module node16 --target es2022 --pretty false \
		--types node --typeRoots "$TSC_DIR/node_modules/@types" \
		test/types.ts) >"$tmp/tsc.log" 2>&1; then
		ok "$what, typescript ${tsv:-?}"
	else
		not_ok "$what, typescript ${tsv:-?}"
		show "$tmp/tsc.log" 30
	fi
fi

[ "$failed" -eq 0 ]
