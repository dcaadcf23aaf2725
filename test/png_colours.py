#!/usr/bin/env python3
"""Reads a PNG written by Chromium (8-bit RGB or RGBA, not interlaced) with
the standard library only, and checks that it is not blank and that every
colour given (#rrggbb) covers some pixels (within a small tolerance, for
antialiasing).  Prints a summary; exit status 1 when a check fails."""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise SystemExit('%s is not a PNG' % path)
    pos, idat, width = 8, b'', None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b'IHDR':
            width, height, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise SystemExit('unsupported PNG: depth %d, colour type %d, interlace %d' % (depth, ctype, interlace))
            bpp = 3 if ctype == 2 else 4
        elif kind == b'IDAT':
            idat += body
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    width, height, bpp, rows = read_png(sys.argv[1])
    counts = {}
    for row in rows:
        for x in range(0, len(row), bpp):
            px = row[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
    distinct = len(counts)
    top, n_top = max(counts.items(), key=lambda kv: kv[1])
    ok = distinct > 8 and n_top < width * height * 0.98
    missing = []
    for colour in sys.argv[2:]:
        want = bytes.fromhex(colour.lstrip('#'))
        hits = sum(n for px, n in counts.items() if all(abs(px[k] - want[k]) <= 6 for k in range(3)))
        if hits < 20:
            missing.append('%s (%d px)' % (colour, hits))
    print('%dx%d, %d colours, background %.0f%%%s' % (width, height, distinct, 100.0 * n_top / (width * height),
                                                      ', missing ' + ', '.join(missing) if missing else ', every colour present'))
    return 0 if ok and not missing else 1


if __name__ == '__main__':
    sys.exit(main())
