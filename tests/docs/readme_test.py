# SPDX-License-Identifier: MIT
"""Documentation tests: every shell sample in a Markdown file is run and
its output compared, so that the samples cannot drift from the programs.

A sample is a fenced block whose info string is ``sh`` and that holds
lines starting with ``$ ``.  Each such line is a command (a line ending in
a backslash continues on the next); the lines after it, up to the next
command or the end of the block, are its expected output: stdout and stderr
together, exactly.  The commands of one block run in one shell, in order,
from the repository's root (so ``echo $?`` sees the previous command's
status).  Blocks without ``$ `` lines are not run.

Usage: python3 tests/docs/readme_test.py FILE.md...
Prints "ok - FILE:LINE: command" or "not ok - ..." (with a diff) per
command; exits 1 when one differs.
"""
import difflib
import os
import subprocess
import sys

SEP = "\x1e"  # between the outputs of the commands of a block


def samples(path):
    """Yields (line, [(line, command, expected_lines)]) per block."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```sh":
            i += 1
            continue
        start = i + 1
        end = start
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        body = lines[start:end]
        i = end + 1
        cmds = []
        j = 0
        while j < len(body):
            if not body[j].startswith("$ "):
                j += 1
                continue
            at = start + j + 1
            cmd = body[j][2:]
            while cmd.endswith("\\") and j + 1 < len(body):
                j += 1
                cmd = cmd[:-1] + " " + body[j].strip()
            j += 1
            out = []
            while j < len(body) and not body[j].startswith("$ "):
                out.append(body[j])
                j += 1
            while out and out[-1] == "":
                out.pop()
            cmds.append((at, cmd, out))
        if cmds:
            yield start, cmds


def run_block(cmds, root):
    script = ["__rc=0"]
    for _, cmd, _ in cmds:
        script.append(f"printf '{SEP}'")
        script.append(f"(exit $__rc); {{ {cmd}\n}} 2>&1; __rc=$?")
    res = subprocess.run(["sh", "-c", "\n".join(script)], cwd=root,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         timeout=300)
    text = res.stdout.decode("utf-8", errors="replace")
    parts = text.split(SEP)[1:]
    parts += [""] * (len(cmds) - len(parts))
    return parts


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    failed = 0
    for path in argv[1:]:
        rel = os.path.relpath(path, root)
        for _, cmds in samples(path):
            for (at, cmd, want), got in zip(cmds, run_block(cmds, root)):
                got_lines = got.split("\n")
                while got_lines and got_lines[-1] == "":
                    got_lines.pop()
                short = cmd if len(cmd) <= 70 else cmd[:67] + "..."
                if got_lines == want:
                    print(f"ok - {rel}:{at}: $ {short}")
                    continue
                failed += 1
                print(f"not ok - {rel}:{at}: $ {short}")
                for d in difflib.unified_diff(want, got_lines, "README",
                                              "got", lineterm=""):
                    print("#   " + d)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
