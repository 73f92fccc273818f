# SPDX-License-Identifier: MIT
"""Compares a pytest run of the pytest helper (auth0logout.testing) with
`auth0logout test` on the same cases files; a helper of
tests/integration/pytest_helper.sh.

Usage: compare.py LABEL PYTEST_JUNIT CLI_JUNIT CLI_STDOUT FILE...

PYTEST_JUNIT is pytest's --junitxml report, CLI_JUNIT the CLI's --junit
report and CLI_STDOUT what it printed, for the cases FILEs (as given to the
CLI).  Prints, per case of the CLI's report, "ok - LABEL: ID: ..." when
pytest has one test of that ID (the case's name; "file:name" with several
files, file the base name) that passed when the CLI's case passed, or
failed with the message the CLI printed after "FAIL file:name: " when it
failed; then one line for the whole run (the same cases, in the same
order, nothing else).  Exits 1 when a line is "not ok".
"""
import os
import sys
import xml.etree.ElementTree as ET


def pytest_results(path):
    """[(id, "pass" | "fail" | "error" | "skip", message)] in report
    order, for the tests named test_...[id]."""
    out = []
    for tc in ET.parse(path).iter("testcase"):
        name = tc.get("name", "")
        if "[" in name and name.endswith("]"):
            ident = name[name.index("[") + 1:-1]
        else:
            ident = name
        state, msg = "pass", None
        for kind in ("failure", "error", "skipped"):
            el = tc.find(kind)
            if el is not None:
                state = {"failure": "fail", "error": "error",
                         "skipped": "skip"}[kind]
                msg = el.get("message")
                break
        out.append((ident, state, msg))
    return out


def cli_cases(path):
    """[(file, name, failed)] in report order (each testsuite is named
    after its cases file, as the CLI was given it)."""
    out = []
    for suite in ET.parse(path).iter("testsuite"):
        for tc in suite.iter("testcase"):
            out.append((suite.get("name"), tc.get("name"),
                        tc.find("failure") is not None))
    return out


def main():
    label, pj, cj, cout = sys.argv[1:5]
    files = sys.argv[5:]
    with open(cout, encoding="utf-8") as f:
        printed = f.read().split("\n")
    got = pytest_results(pj)
    want = cli_cases(cj)
    several = len(files) > 1
    by_id = {}
    for ident, state, msg in got:
        by_id.setdefault(ident, []).append((state, msg))
    failed = 0
    expected_ids = []
    for file, name, cli_failed in want:  # file: the path as given
        ident = f"{os.path.basename(file)}:{name}" if several else name
        expected_ids.append(ident)
        results = by_id.get(ident, [])
        if len(results) != 1:
            print(f"not ok - {label}: {ident}: pytest has {len(results)} "
                  f"tests with the id {ident!r} (one expected)")
            failed += 1
            continue
        state, msg = results[0]
        if not cli_failed:
            if state == "pass":
                print(f"ok - {label}: {ident}: passes, as with auth0logout "
                      f"test")
            else:
                print(f"not ok - {label}: {ident}: pytest says {state} "
                      f"({msg}), auth0logout test passes it")
                failed += 1
            continue
        prefix = f"FAIL {file}:{name}: "
        lines = [ln[len(prefix):] for ln in printed if ln.startswith(prefix)]
        if len(lines) != 1:
            print(f"not ok - {label}: {ident}: auth0logout test printed "
                  f"{len(lines)} lines starting {prefix!r}")
            failed += 1
            continue
        want_msg = "AssertionError: " + lines[0]
        if state == "fail" and msg == want_msg:
            print(f"ok - {label}: {ident}: fails with the message auth0logout "
                  f"test prints")
        else:
            print(f"not ok - {label}: {ident}: pytest says {state}: {msg!r}; "
                  f"expected fail: {want_msg!r}")
            failed += 1
    got_ids = [ident for ident, _, _ in got]
    n_fail = sum(1 for _, _, f in want if f)
    what = (f"{label}: pytest ran the {len(want)} cases of auth0logout test "
            f"({n_fail} failing), in its order, and nothing else")
    if got_ids == expected_ids:
        print("ok - " + what)
    else:
        print(f"not ok - {what}: pytest ran {got_ids!r}, expected "
              f"{expected_ids!r}")
        failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
