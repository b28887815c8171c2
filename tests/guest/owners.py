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
hmem, cxl, accelerator): each must be a line of the table.
"""
import glob
import os
import sys
import time

TABLE = "/sys/kernel/debug/hmem/ranges"
# A CXL-owned range whose region the user took down stays CXL's, unmapped.
RELEASED = "released by user"
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
    ranges = sorted(set(owner_of) | set(firmware_soft_reserved()))
    devs = dax_devices()
    pieces = [(s, e, name, owner) for name, owner, rngs in devs
              for s, e in rngs]

    # No two dax devices map the same byte.
    pieces.sort()
    overlaps = ["%s and %s" % (a[2], b[2]) for a, b in zip(pieces, pieces[1:])
                if b[0] <= a[1]]
    result(not overlaps, "no byte mapped by two dax devices", overlaps)

    for start, end in ranges:
        name = "%#x-%#x" % (start, end)
        row = owner_of.get((start, end))
        owner = row[3] if row else "unknown"
        why = row[4] if row else "not in the ownership table"
        inside = [p for p in pieces if p[0] <= end and p[1] >= start]
        if owner == "accelerator" or why.startswith(RELEASED):
            result(not inside, "%s %s, no dax device" % (name, why),
                   ["mapped by " + p[2] for p in inside])
            continue
        if owner not in ("hmem", "cxl"):
            result(False, "%s has an owner" % name,
                   ["owner %s: %s" % (owner, why)])
            continue
        covered, at, diag = True, start, []
        for s, e, dev, kind in sorted(inside):
            if s != at or e > end or kind != owner:
                covered = False
                diag.append("%s [%#x-%#x] is %s" % (dev, s, e, kind))
            at = e + 1
        if at != end + 1:
            covered = False
            diag.append("covered up to %#x only" % (at - 1))
        result(covered, "%s covered byte for byte by %s dax devices (%s)"
               % (name, owner, why), diag)

    for exp in expects:
        rng, want = exp.split("=")
        start, end = (int(x, 16) for x in rng.split("-"))
        row = owner_of.get((start, end))
        got = row[3] if row else "absent"
        result(got == want, "%s owned by %s" % (rng, want),
               ["table says: %s" % (" ".join(map(str, row[2:])) if row else got)])


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(1 if failed else 0)
