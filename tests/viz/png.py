"""A small PNG reader for the screenshot test: 8-bit greyscale/RGB/RGBA, not interlaced (what Chromium writes).

Pure Python (zlib + the five PNG row filters), so the test needs no imaging package.
"""

from __future__ import annotations

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}          # colour type -> samples per pixel


def read(path) -> tuple[int, int, int, list[bytes]]:
    """(width, height, channels, rows): each row the unfiltered samples of one scanline."""
    data = open(path, "rb").read()
    if data[:8] != SIGNATURE:
        raise ValueError(f"{path}: not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in CHANNELS or interlace:
        raise ValueError(f"{path}: unsupported PNG (bit depth {depth}, colour type {colour}, interlace {interlace})")
    bpp = CHANNELS[colour]
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:                                        # Sub
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:                                      # Up
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind == 3:                                      # Average
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif kind == 4:                                      # Paeth
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        elif kind != 0:
            raise ValueError(f"{path}: bad filter type {kind} on row {y}")
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def colours(rows: list[bytes], bpp: int, box: tuple[int, int, int, int], step: int = 1) -> dict[bytes, int]:
    """How many pixels of each colour inside box = (left, top, right, bottom), RGB only; with
    step > 1 only every step-th pixel of every step-th row is counted."""
    left, top, right, bottom = box
    counts: dict[bytes, int] = {}
    for row in rows[top:bottom:step]:
        for x in range(left, right, step):
            px = row[x * bpp:x * bpp + min(bpp, 3)]
            counts[px] = counts.get(px, 0) + 1
    return counts
