#!/usr/bin/env python3
"""Write an ACPI CEDT with one CXL window (CFMWS) for QEMU's -acpitable.

    cedt.py BASE SIZE OUT

The window is one-way (one host bridge, _UID 0), modulo arithmetic, for
volatile host-only (Type 3) memory. Only the kernel's boot-time walk of the
CFMWS entries reads it: without an ACPI0017 device cxl_acpi never binds.
"""
import struct
import sys

HEADER = struct.Struct('<4sIBB6s8sI4sI')   # ACPI table header, 36 bytes
CFMWS = struct.Struct('<BBHIQQBBHIHH')     # CFMWS without its targets
TYPE3_VOLATILE = 0x2 | 0x4                 # restrictions: Type 3, volatile


def cedt(base, size, targets=(0,)):
    body = CFMWS.pack(1, 0, CFMWS.size + 4 * len(targets), 0, base, size,
                      0, 0, 0, 0, TYPE3_VOLATILE, 0)
    body += struct.pack('<%dI' % len(targets), *targets)
    table = bytearray(HEADER.pack(b'CEDT', HEADER.size + len(body), 1, 0,
                                  b'CXLHDM', b'MOCKPOOL', 1, b'CXLH', 1))
    table += body
    table[9] = -sum(table) & 0xff            # all bytes sum to zero
    return bytes(table)


def main():
    base, size, out = int(sys.argv[1], 0), int(sys.argv[2], 0), sys.argv[3]
    with open(out, 'wb') as f:
        f.write(cedt(base, size))


if __name__ == '__main__':
    main()
