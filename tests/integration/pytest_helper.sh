#!/bin/sh
# SPDX-License-Identifier: MIT
# The Python binding's pytest helper (auth0logout.testing, R11) against the
# libraries just built, compared with `auth0logout test` on the same files:
#
#   - the example of bindings/python/README.md ("## Policy tests with pytest
#     (R11)"), as a test file next to copies of examples/demo.json and
#     examples/demo-cases.yaml, run from another directory: every case
#     passes, as with the CLI;
#   - tests/integration/pytest_helper/test_policy.py on
#     tests/data/cases-failing.yaml: exactly the case the CLI fails fails,
#     with the message the CLI prints after "FAIL file:name: ";
#   - the same on four cases files at once (ids "file:name"), one of them
#     (pytest_helper/oidc-cases.yaml) failing when a case is decided as
#     another endpoint or method than the CLI's;
#   - pytest_helper/oidc-token-cases.yaml against examples/oidc.json: a
#     signed id_token_hint that verifies only with the config's OIDC
#     settings, which the helper builds as the CLI does;
#   - a cases file with an unknown key: pytest stops at collection with
#     the CLI's message;
#   - test_auth0logout.PolicyCasesTests with the interpreter that has
#     pytest (python.sh's python3 may not have it).
#
# Prints "ok - ..." / "not ok - ..." per case and check; pytest's output
# follows a failure as "# " lines.  pytest is looked for in $PYTHONS (by
# default "python3 /usr/bin/python3"; Debian's python3-pytest is for
# /usr/bin/python3); when none has it, `scripts/deps.sh pytest` installs
# it; when that fails the script prints
# "ok - pytest helper # SKIP pytest not installable: <why>" and exits 0.
#
# Environment: SRCDIR (the repository root), LIBSO (libauth0logout.so.1),
# CONFIG_LIBSO (libauth0logout-config.so.1), CLI (auth0logout); all default
# to this checkout's build.  PYTHONS: the interpreters to try.
set -u

here=$(cd "$(dirname "$0")/../.." && pwd)
. "$here/tests/integration/lib/python_env.sh"
CLI=${CLI:-$SRCDIR/build/auth0logout}
case $CLI in
/*) ;;
*) CLI=$(pwd)/$CLI ;;
esac
PYTHONS=${PYTHONS:-python3 /usr/bin/python3}
. "$SRCDIR/tests/integration/lib/common.sh"

for f in "$LIBSO" "$CONFIG_LIBSO"; do
	if [ ! -e "$f" ]; then
		not_ok "shared library $f exists (run make)"
		exit 1
	fi
done
need_exec "$CLI" "the CLI $CLI is built (run make)"

# The first interpreter of $PYTHONS that imports pytest, or status 1.
find_pytest() {
	for _py in $PYTHONS; do
		if command -v "$_py" >/dev/null 2>&1 &&
			"$_py" -c 'import pytest' >/dev/null 2>&1; then
			command -v "$_py"
			return 0
		fi
	done
	return 1
}

use_tmp a0l-pytest

if ! py=$(find_pytest); then
	if ! sh "$SRCDIR/scripts/deps.sh" pytest >"$tmp/deps.log" 2>&1; then
		why=$(tail -n 1 "$tmp/deps.log")
		echo "ok - pytest helper # SKIP pytest not installable: scripts/deps.sh pytest failed (${why:-no output})"
		exit 0
	fi
	if ! py=$(find_pytest); then
		echo "ok - pytest helper # SKIP pytest not installable: scripts/deps.sh pytest ran, but none of $PYTHONS imports pytest"
		exit 0
	fi
fi
echo "# pytest: $("$py" -m pytest --version 2>&1 | head -n 1) ($py)"

# pytest_run DIR LOG JUNIT TESTFILE: pytest on TESTFILE, run in DIR,
# importing the binding of this tree; its status in $rc.  No cache, no
# bytecode: nothing is left in the tree.
pytest_run() {
	(cd "$1" &&
		AUTH0LOGOUT_LIB=$LIBSO AUTH0LOGOUT_CONFIG_LIB=$CONFIG_LIBSO \
			PYTHONPATH=$SRCDIR/bindings/python${PYTHONPATH:+:$PYTHONPATH} \
			PYTHONDONTWRITEBYTECODE=1 \
			"$py" -m pytest -p no:cacheprovider -q \
			--junitxml="$3" "$4") >"$2" 2>&1
	rc=$?
}

# cli_run TAG FILE...: `auth0logout test` on the FILEs (as given, from
# SRCDIR) against $config (relative to SRCDIR): $tmp/TAG.cli.out, .cli.xml.
config=examples/demo.json
cli_run() {
	_tag=$1
	shift
	(cd "$SRCDIR" && "$CLI" test --config "$config" \
		--junit "$tmp/$_tag.cli.xml" "$@") >"$tmp/$_tag.cli.out" 2>&1
	cli_rc=$?
}

# compare LABEL TAG FILE...: pytest's report against the CLI's.
compare() {
	_label=$1
	_tag=$2
	shift 2
	"$py" "$SRCDIR/tests/integration/pytest_helper/compare.py" "$_label" \
		"$tmp/$_tag.xml" "$tmp/$_tag.cli.xml" "$tmp/$_tag.cli.out" \
		"$@" >"$tmp/$_tag.cmp" 2>&1
	_st=$?
	while IFS= read -r _line; do
		case $_line in
		"ok - "*) ok "${_line#ok - }" ;;
		"not ok - "*) not_ok "${_line#not ok - }" ;;
		*) echo "# $_line" ;;
		esac
	done <"$tmp/$_tag.cmp"
	if [ "$_st" -ne 0 ] && ! grep -q '^not ok - ' "$tmp/$_tag.cmp"; then
		not_ok "$_label: compare.py ran (exit $_st)"
	fi
	[ "$_st" -eq 0 ] || show "$tmp/$_tag.log" 40
}

# status LABEL WANT: pytest exited with WANT.
status_is() {
	if [ "$rc" -eq "$2" ]; then
		ok "$1: pytest exits $2"
	else
		not_ok "$1: pytest exits $2 (got $rc)"
		show "$tmp/$3.log" 40
	fi
}

# ---- the README's example --------------------------------------------------
readme=$SRCDIR/bindings/python/README.md
mkdir "$tmp/example" || exit 1
awk '
$0 == "## Policy tests with pytest (R11)" { under = 1; next }
under && !inside && /^```python$/ { inside = 1; next }
inside && /^```$/ { exit }
inside { print }
' "$readme" >"$tmp/example/test_readme_example.py"
if grep -q 'policy_cases' "$tmp/example/test_readme_example.py"; then
	ok "README example: bindings/python/README.md has it (a python block calling policy_cases)"
else
	not_ok "README example: bindings/python/README.md has it (a python block calling policy_cases)"
fi
cp "$SRCDIR/examples/demo.json" "$SRCDIR/examples/demo-cases.yaml" \
	"$tmp/example/" || exit 1
# Run from $tmp: the example's relative paths are read from its own
# directory, not from pytest's.
pytest_run "$tmp" "$tmp/readme.log" "$tmp/readme.xml" \
	"$tmp/example/test_readme_example.py"
status_is "README example" 0 readme
cli_run readme examples/demo-cases.yaml
compare "README example" readme examples/demo-cases.yaml

# ---- one deliberately failing case ----------------------------------------
testfile=$SRCDIR/tests/integration/pytest_helper/test_policy.py
AUTH0LOGOUT_TEST_CONFIG=$SRCDIR/examples/demo.json
AUTH0LOGOUT_TEST_CASES=$SRCDIR/tests/data/cases-failing.yaml
export AUTH0LOGOUT_TEST_CONFIG AUTH0LOGOUT_TEST_CASES
pytest_run "$tmp" "$tmp/failing.log" "$tmp/failing.xml" "$testfile"
status_is "cases-failing.yaml" 1 failing
cli_run failing tests/data/cases-failing.yaml
if [ "$cli_rc" -eq 1 ] && grep -c '^FAIL ' "$tmp/failing.cli.out" | grep -qx 1; then
	ok "cases-failing.yaml: auth0logout test fails exactly one case"
else
	not_ok "cases-failing.yaml: auth0logout test fails exactly one case (exit $cli_rc)"
	show "$tmp/failing.cli.out"
fi
compare "cases-failing.yaml" failing tests/data/cases-failing.yaml

# ---- several files: ids file:name; endpoints and methods ------------------
# oidc-cases.yaml fails when a case is decided as another endpoint or
# method than the CLI's.
several="examples/demo-cases.yaml tests/data/cases-failing.yaml
tests/data/cases/all.json tests/integration/pytest_helper/oidc-cases.yaml"
AUTH0LOGOUT_TEST_CASES=
for f in $several; do
	AUTH0LOGOUT_TEST_CASES=$AUTH0LOGOUT_TEST_CASES${AUTH0LOGOUT_TEST_CASES:+:}$SRCDIR/$f
done
pytest_run "$tmp" "$tmp/several.log" "$tmp/several.xml" "$testfile"
status_is "four cases files" 1 several
# shellcheck disable=SC2086 # $several is a list of paths without spaces
cli_run several $several
# shellcheck disable=SC2086
compare "four cases files" several $several

# ---- the config's OIDC settings: a signed id_token_hint --------------------
# The token verifies only with examples/oidc.json's settings, which the
# helper builds, as the CLI does, because the cases are oidc ones.
config=examples/oidc.json
AUTH0LOGOUT_TEST_CONFIG=$SRCDIR/$config
AUTH0LOGOUT_TEST_CASES=$SRCDIR/tests/integration/pytest_helper/oidc-token-cases.yaml
pytest_run "$tmp" "$tmp/token.log" "$tmp/token.xml" "$testfile"
status_is "oidc-token-cases.yaml" 0 token
cli_run token tests/integration/pytest_helper/oidc-token-cases.yaml
compare "oidc-token-cases.yaml" token \
	tests/integration/pytest_helper/oidc-token-cases.yaml
config=examples/demo.json
AUTH0LOGOUT_TEST_CONFIG=$SRCDIR/$config

# ---- a cases file that does not load ----------------------------------------
AUTH0LOGOUT_TEST_CASES=$SRCDIR/tests/data/cases/unknown_key.yaml
pytest_run "$tmp" "$tmp/typo.log" "$tmp/typo.xml" "$testfile"
(cd "$SRCDIR" && "$CLI" test --config examples/demo.json \
	"$AUTH0LOGOUT_TEST_CASES") >"$tmp/typo.cli.out" 2>&1
msg=$(sed -n 's/^auth0logout: //p' "$tmp/typo.cli.out" | head -n 1)
# pytest 5 and later: 2, interrupted by a collection error.
if [ "$rc" -eq 2 ] && [ -n "$msg" ] && grep -qF "$msg" "$tmp/typo.log"; then
	ok "unknown_key.yaml: pytest stops at collection with auth0logout test's message"
else
	not_ok "unknown_key.yaml: pytest stops at collection with auth0logout test's message (exit $rc; want: $msg)"
	show "$tmp/typo.log" 40
fi

# ---- the binding's unit tests of the helper, with pytest importable -----------
# (python.sh runs them with the python3 on PATH, which may lack pytest.)
(cd "$SRCDIR/bindings/python" &&
	AUTH0LOGOUT_LIB=$LIBSO AUTH0LOGOUT_CONFIG_LIB=$CONFIG_LIBSO \
		AUTH0LOGOUT_CLI=$CLI PYTHONDONTWRITEBYTECODE=1 \
		"$py" -m unittest -v test_auth0logout.PolicyCasesTests) \
	>"$tmp/unit.log" 2>&1
rc=$?
n=$(grep -c ' \.\.\. ok$' "$tmp/unit.log")
if [ "$rc" -eq 0 ] && ! grep -q ' \.\.\. skipped' "$tmp/unit.log"; then
	ok "test_auth0logout.PolicyCasesTests with $py: $n passed, none skipped"
else
	not_ok "test_auth0logout.PolicyCasesTests with $py: all pass, none skipped (exit $rc)"
	show "$tmp/unit.log" 60
fi

# ---- nothing left behind -----------------------------------------------------
left=$(find "$SRCDIR/bindings/python" "$SRCDIR/tests/integration/pytest_helper" \
	-name __pycache__ -o -name .pytest_cache)
if [ -z "$left" ]; then
	ok "no __pycache__ or .pytest_cache left in the tree"
else
	not_ok "no __pycache__ or .pytest_cache left in the tree: $left"
fi

[ "$failed" -eq 0 ]
