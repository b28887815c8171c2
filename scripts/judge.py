#!/usr/bin/env python3
"""Judge one finished scenario from what its guest left in build/results
(build/results-debug for the debug tier, CXLHDM_FLAVOR=debug).

judge.py NAME STATUS [EXPECTED...]

NAME is the scenario, STATUS QEMU's exit status (124: hard timeout),
EXPECTED the exact console messages the scenario expects. Prints one line
per test, "PASS|FAIL|SKIP  name/test", with indented diagnostics under a
failure, and exits 1 if anything failed.

The verdict is the guest's KTAP on the result port: complete only with the
version line and a closing plan that matches the number of results. The
console is then checked for splats; a splat passes only when its first
lines contain an expected message, and each expected message must appear.
"""
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The debug tier's guests (CXLHDM_FLAVOR=debug) leave their results where
# scripts/lib.sh says, and its verdicts are named "debug:NAME/...".
FLAVOR = os.environ.get("CXLHDM_FLAVOR", "")
RESULTS = os.environ.get("CXLHDM_RESULTS", os.path.join(TOP, "build", "results"))
RESULT = re.compile(r"^(not ok|ok) (\d+) (.*)$")
END_OF_SPLAT = "---[ end trace"

failed = False


def report(state, name, diags=()):
    global failed
    failed |= state == "FAIL"
    print(f"{state:4}  {name}")
    for d in diags:
        print(f"        {d}")


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read().replace("\r", "").splitlines()
    except FileNotFoundError:
        return []


def judge_ktap(name, lines, path):
    if not lines or lines[0] != "KTAP version 1":
        report("FAIL", f"{name}/verdict", ["no KTAP from the guest"] +
               read(path + ".qemu.log")[:5])
        return
    # Diagnostics may come after a result (lib.sh) or before it (KUnit):
    # a failure shows both.
    results, pending, before = 0, False, []
    for line in lines[1:]:
        m = RESULT.match(line)
        if m:
            results += 1
            desc = m.group(3)
            state = "PASS" if m.group(1) == "ok" else "FAIL"
            if "# SKIP" in desc:
                desc, state = desc.split("# SKIP")[0].strip(), "SKIP"
            report(state, f"{name}/{desc}", before if state == "FAIL" else [])
            pending, before = state == "FAIL", []
        elif line.startswith("#"):
            if pending:
                print(f"        {line[1:].strip()}")
            else:
                before.append(line[1:].strip())
    plan = lines[-1]
    if plan != f"1..{results}":
        report("FAIL", f"{name}/verdict",
               [f"incomplete: {results} results, last line {plan!r}",
                "the guest crashed, hung or powered off early"])


def judge_console(name, lines, expected):
    patterns = [re.compile(p) for p in read(os.path.join(TOP, "tests", "splat-patterns"))
                if p and not p.startswith("#")]
    seen = {e: False for e in expected}
    bad = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not any(p.search(line) for p in patterns):
            i += 1
            continue
        head = lines[max(0, i - 2):i + 6]
        hits = [e for e in expected if any(e in h for h in head)]
        if not hits:
            bad.append(line)
            i += 1
            continue
        for e in hits:
            seen[e] = True
        # An expected splat: skip to its end marker.
        end = next((j for j in range(i, min(len(lines), i + 300))
                    if END_OF_SPLAT in lines[j]), i)
        i = end + 1
    for e in expected:
        seen[e] |= any(e in line for line in lines)
        report("PASS" if seen[e] else "FAIL", f"{name}/expected message: {e}",
               [] if seen[e] else ["not in the console"])
    report("FAIL" if bad else "PASS", f"{name}/console free of splats", bad[:20])


def main():
    scn, status, expected = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    name = f"{FLAVOR}:{scn}" if FLAVOR else scn
    path = os.path.join(RESULTS, scn)
    console = read(path + ".console")
    if status == 124:
        report("FAIL", f"{name}/guest finished in time",
               ["hard timeout: QEMU was killed",
                f"console: {os.path.relpath(path, TOP)}.console"])
    judge_ktap(name, read(path + ".ktap"), path)
    judge_console(name, console, expected)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
