# SPDX-License-Identifier: MIT
"""The README's binding examples are the ones each binding's tests run.

For each binding, the first fenced code block after the README.md heading
"### <Name>" (under "## Bindings") must be byte for byte the first fenced
code block of bindings/<dir>/README.md (for Python, the first one after its
heading "## Policy tests with pytest (R11)"), which that binding's own
suite executes: Go as example_test.go's Example (go test), Node.js in
test/binding.test.js, Rust as a doc-test of its README, Python's pytest
helper as a test file of tests/integration/pytest_helper.sh.  So the
examples in the README run, through the bindings' tests, in make check.

Usage: python3 tests/docs/readme_bindings.py README.md
Prints "ok - ..." / "not ok - ..." per binding; exits 1 on a difference.
"""
import os
import sys

# (README heading, bindings/ directory, the heading of the binding's README
# that the block follows, or None for its first block)
BINDINGS = [("Go", "go", None), ("Node.js", "node", None),
            ("Rust", "rust", None),
            ("Python", "python", "## Policy tests with pytest (R11)")]


def first_block(lines, start):
    """The first fenced block at or after index start, as text."""
    i = start
    while i < len(lines) and not lines[i].startswith("```"):
        i += 1
    if i == len(lines):
        return None
    j = i + 1
    while j < len(lines) and not lines[j].startswith("```"):
        j += 1
    return "\n".join(lines[i + 1:j])


def main():
    readme = sys.argv[1] if len(sys.argv) > 1 else "README.md"
    root = os.path.dirname(os.path.abspath(readme))
    with open(readme, encoding="utf-8") as f:
        lines = f.read().split("\n")
    failed = 0
    for name, d, heading in BINDINGS:
        try:
            at = lines.index("### " + name)
        except ValueError:
            print("not ok - README.md has a section \"### %s\"" % name)
            failed += 1
            continue
        mine = first_block(lines, at)
        with open(os.path.join(root, "bindings", d, "README.md"),
                  encoding="utf-8") as f:
            theirs_lines = f.read().split("\n")
        where = "bindings/%s/README.md's" % d
        start = 0
        if heading is not None:
            where += " (under \"%s\")" % heading
            try:
                start = theirs_lines.index(heading)
            except ValueError:
                start = len(theirs_lines)
        theirs = first_block(theirs_lines, start)
        if mine is not None and mine == theirs:
            print("ok - README.md's %s example is %s, which its tests run"
                  % (name, where))
        else:
            print("not ok - README.md's %s example differs from %s"
                  % (name, where))
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
