#!/bin/sh
# SPDX-License-Identifier: MIT
# The Rust binding (bindings/rust) against the shared libraries just built:
# `cargo test --offline` of its workspace (the shared decision table of
# tests/data/shared, the struct sizes against the library's *_size(), Rust
# stores that fail or panic, /oidc/logout decisions compared with the
# CLI's, the README's examples and the compile_fail doc-tests of a decision
# outliving its buffer), one line per test, "ok - rust: <suite> <test>" or
# "not ok - ...", and `cargo clippy` when it is installed.  Without cargo
# it runs `scripts/deps.sh rust` (Debian's cargo); if that fails too, it
# prints "ok - SKIPPED rust binding: <why>" and exits 0.
#
# Then the minimum supported Rust (rust-version = "1.63"): when Debian's
# toolchain is installed (/usr/bin/cargo and /usr/bin/rustc, bookworm's
# rustc 1.63), the same tests again with it, --locked (Cargo.lock must
# suit its cargo), one line per test, "ok - rust <version>: <suite>
# <test>"; without it, one "# SKIP" line.
#
# Environment: SRCDIR (the repository root), BUILD (the build directory:
# cargo's target directories are $BUILD/rust/target and, for Debian's
# toolchain, $BUILD/rust/target-debian, so reruns are cached), LIBSO and
# CONFIG_LIBSO (libauth0logout.so.1 and libauth0logout-config.so.1;
# default: in $BUILD), CLI (the auth0logout program the /oidc/logout tests
# compare with; default: $BUILD/auth0logout).  The crates link the
# libraries through $BUILD/rust/lib, a directory of symlinks to them
# (AUTH0LOGOUT_LIB_DIR).
set -u

here=$(cd "$(dirname "$0")/../.." && pwd)
SRCDIR=${SRCDIR:-$here}
# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"

abspath() {
	case $1 in
	/*) echo "$1" ;;
	*) echo "$(pwd)/$1" ;;
	esac
}
BUILD=$(abspath "${BUILD:-$SRCDIR/build}")
LIBSO=$(abspath "${LIBSO:-$BUILD/libauth0logout.so.1}")
CONFIG_LIBSO=$(abspath "${CONFIG_LIBSO:-$(dirname "$LIBSO")/libauth0logout-config.so.1}")
CLI=$(abspath "${CLI:-$BUILD/auth0logout}")

for _so in "$LIBSO" "$CONFIG_LIBSO"; do
	if [ ! -e "$_so" ]; then
		not_ok "shared library $_so exists (run make lib config)"
		exit 1
	fi
done
if [ ! -x "$CLI" ]; then
	not_ok "the CLI $CLI exists (run make): the /oidc/logout tests compare with it"
	exit 1
fi

# cargo: on PATH, or where rustup puts it (make may not have it on PATH).
find_cargo() {
	CARGO=""
	if command -v cargo >/dev/null 2>&1; then
		CARGO=$(command -v cargo)
	else
		for _c in "${CARGO_HOME:-}/bin/cargo" "${HOME:-/root}/.cargo/bin/cargo"; do
			if [ -x "$_c" ]; then
				CARGO=$_c
				break
			fi
		done
	fi
	[ -n "$CARGO" ]
}

use_tmp rust_binding
if ! find_cargo; then
	if ! sh "$SRCDIR/scripts/deps.sh" rust >"$tmp/deps.log" 2>&1; then
		why=$(tail -n 1 "$tmp/deps.log" | tr -d '\r')
		echo "ok - SKIPPED rust binding: cargo is not installed and scripts/deps.sh rust failed${why:+ ($why)}"
		exit 0
	fi
	if ! find_cargo; then
		echo "ok - SKIPPED rust binding: scripts/deps.sh rust ran but no cargo is on PATH"
		exit 0
	fi
fi
# rustc, rustdoc and cargo-clippy next to the cargo found.
PATH=$(dirname "$CARGO"):$PATH
export PATH

libdir=$BUILD/rust/lib
mkdir -p "$libdir" || exit 1
ln -sf "$LIBSO" "$libdir/libauth0logout.so.1" &&
	ln -sf "$LIBSO" "$libdir/libauth0logout.so" &&
	ln -sf "$CONFIG_LIBSO" "$libdir/libauth0logout-config.so.1" &&
	ln -sf "$CONFIG_LIBSO" "$libdir/libauth0logout-config.so" || exit 1

CARGO_TARGET_DIR=$BUILD/rust/target
AUTH0LOGOUT_LIB_DIR=$libdir
AUTH0LOGOUT_CLI=$CLI
LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export CARGO_TARGET_DIR AUTH0LOGOUT_LIB_DIR AUTH0LOGOUT_CLI LD_LIBRARY_PATH

# report LABEL LOG: one line per test of `cargo test`'s output in LOG,
# "ok - LABEL: <suite> <test>"; the counts go to $npass and $nfail.
# cargo test prints "Running <target> (<binary>)" or "Doc-tests <crate>",
# then "test <name> ... ok|FAILED|ignored", then "test result: ...".
report() {
	awk -v label="$1" '
/^ *Running / {
	suite = $2
	if (suite == "unittests") {
		# "Running unittests src/lib.rs (target/debug/deps/NAME-HASH)"
		suite = $NF
		gsub(/^.*\/|-[0-9a-f]+\)$/, "", suite)
	}
	sub(/^tests\//, "", suite)
	next
}
/^ *Doc-tests / { suite = "doc " $2; next }
/^test .* \.\.\. / {
	name = $0
	sub(/^test /, "", name)
	res = name
	sub(/ \.\.\. .*$/, "", name)
	sub(/^.* \.\.\. /, "", res)
	if (res == "ok") {
		print "ok - " label ": " suite " " name; pass++
	} else if (res ~ /^ignored/) {
		print "ok - " label ": " suite " " name " # SKIP ignored"; pass++
	} else {
		print "not ok - " label ": " suite " " name; fail++
	}
	next
}
END { printf "%d %d\n", pass, fail > "/dev/stderr" }
' "$2" 2>"$tmp/counts"
	read -r npass nfail <"$tmp/counts"
}

echo "# $("$CARGO" --version 2>&1), $(rustc --version 2>&1)"

log=$tmp/test.log
(cd "$SRCDIR/bindings/rust" && "$CARGO" test --offline --workspace --no-fail-fast --color never) >"$log" 2>&1
rc=$?
report rust "$log"

if [ "$rc" -ne 0 ]; then
	not_ok "rust: cargo test --offline exits 0 ($npass passed, $nfail failed, exit $rc)"
	grep -v '^test .* \.\.\. ok$' "$log" | tail -n 60 | sed 's/^/# /'
	exit 1
fi
if [ "$npass" -eq 0 ]; then
	not_ok "rust: cargo test --offline ran tests"
	tail -n 30 "$log" | sed 's/^/# /'
	exit 1
fi
ok "rust: cargo test --offline ($npass passed, $nfail failed)"

if "$CARGO" clippy --version >/dev/null 2>&1; then
	(cd "$SRCDIR/bindings/rust" &&
		"$CARGO" clippy --offline --workspace --all-targets --color never) \
		>"$tmp/clippy.log" 2>&1
	crc=$?
	nwarn=$(grep -c '^warning: ' "$tmp/clippy.log")
	if [ "$crc" -ne 0 ]; then
		not_ok "rust: cargo clippy --offline"
		tail -n 40 "$tmp/clippy.log" | sed 's/^/# /'
		exit 1
	fi
	ok "rust: cargo clippy --offline ($nwarn warning lines)"
	if [ "$nwarn" -ne 0 ]; then
		grep -A 4 '^warning: ' "$tmp/clippy.log" | head -n 40 | sed 's/^/# /'
	fi
else
	echo "ok - rust: cargo clippy # SKIP clippy is not installed"
fi

# The minimum supported Rust: Debian bookworm's rustc 1.63 and cargo 0.66,
# with their own target directory (build artefacts of two compilers do not
# mix) and their rustc and rustdoc, not rustup's proxies that come first
# on PATH.
if [ "$CARGO" = /usr/bin/cargo ]; then
	echo "ok - rust: cargo test --offline with Debian's toolchain # SKIP the run above was /usr/bin/cargo"
elif [ ! -x /usr/bin/cargo ] || [ ! -x /usr/bin/rustc ]; then
	echo "ok - rust: cargo test --offline with Debian's toolchain (rust-version 1.63) # SKIP /usr/bin/cargo or /usr/bin/rustc is not installed (apt-get install cargo rustc)"
else
	dver=$(/usr/bin/rustc --version 2>&1 | awk '{ print $2 }')
	echo "# Debian's toolchain: $(/usr/bin/cargo --version 2>&1), rustc $dver"
	dlog=$tmp/test-debian.log
	(cd "$SRCDIR/bindings/rust" &&
		PATH=/usr/bin:$PATH RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc \
			CARGO_TARGET_DIR=$BUILD/rust/target-debian \
			/usr/bin/cargo test --offline --locked --workspace --no-fail-fast \
			--color never) >"$dlog" 2>&1
	drc=$?
	report "rust $dver" "$dlog"
	if [ "$drc" -ne 0 ] || [ "$npass" -eq 0 ]; then
		not_ok "rust $dver: /usr/bin/cargo test --offline --locked exits 0 and runs tests ($npass passed, $nfail failed, exit $drc)"
		grep -v '^test .* \.\.\. ok$' "$dlog" | tail -n 60 | sed 's/^/# /'
		exit 1
	fi
	ok "rust $dver: /usr/bin/cargo test --offline --locked ($npass passed, $nfail failed)"
fi
exit 0
