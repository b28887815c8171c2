#!/usr/bin/env python3
"""The Soft Reserved invariant, checked from sysfs and debugfs.

Once probing has settled (no "pending" line left in the ownership table,
/sys/kernel/debug/hmem/ranges), the dax devices' ranges cover every Soft
Reserved range byte for byte, without overlap, and each range is owned by
exactly one of: a CXL region's dax device, an hmem dax device, or an
accelerator (then no dax device maps it). A CXL-owned range whose region
the user took down is "released by user": no dax device maps it either.
Soft Reserved ranges are those of the table and of /sys/firmware/memmap.

Prints TAP lines ("ok - ...", "not ok - ...", "# ..."); exits 1 on failure.
Usage: owners.py [EXPECT...], EXPECT being START-END=OWNER (hex, OWNER one of
hmem, cxl, accelerator): each must be a line of the table; START-END/N=OWNER
stands for N ranges of equal size that make up START-END.
A CXL region's dax device may map several ranges, and more than a range:
only the part of it in the range counts. Past MANY ranges, one result sums
up the ranges' coverage (the failures listed), not one result per range.
"""
import glob
import os
import sys
import time

TABLE = "/sys/kernel/debug/hmem/ranges"
# A CXL-owned range whose region the user took down stays CXL's, unmapped.
RELEASED = "released by user"
MANY = 16
failed = False


def result(ok, name, diag=()):
    global failed
    print(("ok - " if ok else "not ok - ") + name)
    for line in diag:
        print("# " + line)
    failed |= not ok


def read(path):
    with open(path) as f:
        return f.read().strip()


def table():
    rows = []
    for line in read(TABLE).splitlines():
        rng, state, owner, why = (line.split(None, 3) + [""])[:4]
        start, end = (int(x, 16) for x in rng.split("-"))
        rows.append((start, end, state, owner, why))
    return rows


def wait_decided(timeout=120):
    deadline = time.monotonic() + timeout
    while True:
        rows = table()
        pending = [r for r in rows if r[2] == "pending"]
        if not pending or time.monotonic() > deadline:
            return rows, pending
        time.sleep(0.2)


def firmware_soft_reserved():
    out = []
    for d in glob.glob("/sys/firmware/memmap/*"):
        if read(d + "/type") == "Soft Reserved":
            out.append((int(read(d + "/start"), 16), int(read(d + "/end"), 16)))
    return out


def made_up(rng, rows):
    """Is rng exactly the union of some of the table's rows?"""
    inside = sorted(r for r in rows if rng[0] <= r[0] and r[1] <= rng[1])
    at = rng[0]
    for start, end in inside:
        if start != at:
            return False
        at = end + 1
    return bool(inside) and at == rng[1] + 1


def dax_devices():
    """(name, owner, [(start, end)]) of every dax device."""
    devs = []
    for d in sorted(glob.glob("/sys/bus/dax/devices/dax*")):
        path = os.path.realpath(d)
        owner = "hmem" if "/hmem" in path else \
            "cxl" if "/dax_region" in path else "other:" + path
        maps = sorted(glob.glob(d + "/mapping[0-9]*"))
        if maps:
            rngs = [(int(read(m + "/start"), 16), int(read(m + "/end"), 16))
                    for m in maps]
        else:
            start = int(read(d + "/resource"), 16)
            rngs = [(start, start + int(read(d + "/size")) - 1)]
        devs.append((os.path.basename(d), owner, rngs))
    return devs


def main(expects):
    if not os.path.exists(TABLE):
        result(False, "ownership table " + TABLE + " exists")
        return
    rows, pending = wait_decided()
    result(not pending, "every Soft Reserved decision taken",
           ["still pending: %#x-%#x %s" % (r[0], r[1], r[4]) for r in pending])
    for line in read(TABLE).splitlines():
        print("# table: " + line)

    owner_of = {(r[0], r[1]): r for r in rows}
    # dax_hmem decides a range that crosses a CXL window's edge in parts:
    # then the table's rows make up the firmware range.
    ranges = sorted(set(owner_of) | {r for r in firmware_soft_reserved()
                                     if not made_up(r, owner_of)})
    devs = dax_devices()
    pieces = [(s, e, name, owner) for name, owner, rngs in devs
              for s, e in rngs]

    # No two dax devices map the same byte.
    pieces.sort()
    overlaps = ["%s and %s" % (a[2], b[2]) for a, b in zip(pieces, pieces[1:])
                if b[0] <= a[1]]
    result(not overlaps, "no byte mapped by two dax devices", overlaps)

    summary = Summary() if len(ranges) > MANY else None
    check = summary.add if summary else result
    for start, end in ranges:
        check(*coverage(start, end, owner_of.get((start, end)), pieces))
    if summary:
        summary.report("%d Soft Reserved ranges each covered byte for byte "
                       "by its owner's dax devices" % len(ranges))

    for exp in expects:
        rng, want = exp.split("=")
        rng, _, count = rng.partition("/")
        start, end = (int(x, 16) for x in rng.split("-"))
        count = int(count or 1)
        size = (end - start + 1) // count
        summary = Summary() if count > 1 else None
        check = summary.add if summary else result
        for i in range(count):
            s = start + i * size
            row = owner_of.get((s, s + size - 1))
            got = row[3] if row else "absent"
            check(got == want, "%#x-%#x owned by %s" % (s, s + size - 1, want),
                  ["table says: %s" % (" ".join(map(str, row[2:]))
                                       if row else got)])
        if summary:
            summary.report("%s: %d ranges owned by %s" % (rng, count, want))


class Summary:
    """Many results as one: ok if all are, the failing ones named."""
    def __init__(self):
        self.bad = []

    def add(self, ok, name, diag=()):
        if not ok:
            self.bad += ["not ok: " + name] + list(diag)

    def report(self, name):
        result(not self.bad, name, self.bad[:40])


def coverage(start, end, row, pieces):
    """(ok, name, diag): is [start, end] covered as its owner says?"""
    name = "%#x-%#x" % (start, end)
    owner = row[3] if row else "unknown"
    why = row[4] if row else "not in the ownership table"
    inside = [p for p in pieces if p[0] <= end and p[1] >= start]
    if owner == "accelerator" or why.startswith(RELEASED):
        return (not inside, "%s %s, no dax device" % (name, why),
                ["mapped by " + p[2] for p in inside])
    if owner not in ("hmem", "cxl"):
        return (False, "%s has an owner" % name,
                ["owner %s: %s" % (owner, why)])
    covered, at, diag = True, start, []
    for s, e, dev, kind in sorted(inside):
        if kind == "cxl":
            # A region's dax device may go on beyond the range.
            s, e = max(s, start), min(e, end)
        if s != at or e > end or kind != owner:
            covered = False
            diag.append("%s [%#x-%#x] is %s" % (dev, s, e, kind))
        at = e + 1
    if at != end + 1:
        covered = False
        diag.append("covered up to %#x only" % (at - 1))
    return (covered, "%s covered byte for byte by %s dax devices (%s)"
            % (name, owner, why), diag)


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(1 if failed else 0)
