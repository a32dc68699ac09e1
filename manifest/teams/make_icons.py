"""Draw the Teams app icons: color.png (192×192) and outline.png (32×32, white on transparent).

Standard library only (zlib and struct write the PNGs). Run it from anywhere; it writes the two
files next to itself::

    python manifest/teams/make_icons.py

The symbol is a speech bubble holding a target: a chat bot about a strategy. Shapes are signed
distance functions sampled 8×8 times per pixel, which gives smooth (anti-aliased) edges.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

__all__ = ["ACCENT", "color_icon", "main", "outline_icon", "write_png"]

ACCENT = (0x0B, 0x5C, 0x7E)
"""The manifest's accentColor (#0B5C7E) and the colour icon's background."""

WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 8

Pixel = tuple[int, int, int, int]
Field = Callable[[float, float], float]
"""A signed distance: negative inside the shape, in pixels of the output image."""


def write_png(path: Path, width: int, height: int, pixels: list[Pixel]) -> None:
    """Write 8-bit RGBA ``pixels`` (row by row) as a PNG file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for r, g, b, a in pixels[y * width : (y + 1) * width]:
            rows += bytes((r, g, b, a))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def rounded_box(cx: float, cy: float, half_w: float, half_h: float, radius: float) -> Field:
    def distance(x: float, y: float) -> float:
        qx = abs(x - cx) - half_w + radius
        qy = abs(y - cy) - half_h + radius
        outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
        return outside + min(max(qx, qy), 0.0) - radius

    return distance


def circle(cx: float, cy: float, radius: float) -> Field:
    return lambda x, y: math.hypot(x - cx, y - cy) - radius


def triangle(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> Field:
    corners = (a, b, c)

    def segment(px: float, py: float, p: tuple[float, float], q: tuple[float, float]) -> float:
        dx, dy = q[0] - p[0], q[1] - p[1]
        t = max(0.0, min(1.0, ((px - p[0]) * dx + (py - p[1]) * dy) / (dx * dx + dy * dy)))
        return math.hypot(px - p[0] - t * dx, py - p[1] - t * dy)

    def side(px: float, py: float, p: tuple[float, float], q: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (py - p[1]) - (q[1] - p[1]) * (px - p[0])

    def distance(x: float, y: float) -> float:
        edges = [(corners[i], corners[(i + 1) % 3]) for i in range(3)]
        nearest = min(segment(x, y, p, q) for p, q in edges)
        signs = [side(x, y, p, q) for p, q in edges]
        inside = all(s >= 0 for s in signs) or all(s <= 0 for s in signs)
        return -nearest if inside else nearest

    return distance


def union(*fields: Field) -> Field:
    return lambda x, y: min(f(x, y) for f in fields)


def ring(field: Field, width: float) -> Field:
    """The band of ``width`` just inside ``field``'s edge (a stroke drawn inwards)."""
    return lambda x, y: abs(field(x, y) + width / 2) - width / 2


def coverage(field: Field, px: int, py: int) -> float:
    """The share of pixel (px, py) inside ``field``."""
    centre = field(px + 0.5, py + 0.5)
    if abs(centre) > 0.75:  # the pixel (half-diagonal ≈ 0.71) is wholly inside or outside
        return 1.0 if centre < 0 else 0.0
    step = 1 / SAMPLES
    inside = 0
    for i in range(SAMPLES):
        for j in range(SAMPLES):
            if field(px + (i + 0.5) * step, py + (j + 0.5) * step) <= 0:
                inside += 1
    return inside / (SAMPLES * SAMPLES)


def paint(
    size: int, background: Pixel, layers: list[tuple[Field, tuple[int, int, int]]]
) -> list[Pixel]:
    """Composite opaque-coloured ``layers`` (bottom first) over ``background``."""
    pixels: list[Pixel] = []
    for y in range(size):
        for x in range(size):
            r, g, b, a = (float(v) for v in background)
            alpha = a / 255
            for field, colour in layers:
                cover = coverage(field, x, y)
                if cover == 0:
                    continue
                # "over" compositing on straight (non-premultiplied) colour
                out = cover + alpha * (1 - cover)
                r = (colour[0] * cover + r * alpha * (1 - cover)) / out
                g = (colour[1] * cover + g * alpha * (1 - cover)) / out
                b = (colour[2] * cover + b * alpha * (1 - cover)) / out
                alpha = out
            pixels.append((round(r), round(g), round(b), round(alpha * 255)))
    return pixels


def bubble(scale: float, dx: float = 0.0, dy: float = 0.0) -> Field:
    """A speech bubble on a 32-unit grid (tail at the lower left), scaled and moved."""
    body = rounded_box(16 * scale + dx, 13.5 * scale + dy, 14 * scale, 10.5 * scale, 5 * scale)
    tail = triangle(
        (7.5 * scale + dx, 20 * scale + dy),
        (15 * scale + dx, 20 * scale + dy),
        (5.5 * scale + dx, 29.5 * scale + dy),
    )
    return union(body, tail)


def color_icon() -> list[Pixel]:
    """192×192: a white bubble with an accent-coloured target on the accent background.

    The symbol stays inside the central 120×120 pixels, as Teams asks of colour icons.
    """
    scale, offset = 120 / 32, 36.0
    centre_x, centre_y = 16 * scale + offset, 13.5 * scale + offset
    return paint(
        192,
        (*ACCENT, 255),
        [
            (bubble(scale, offset, offset), WHITE),
            (ring(circle(centre_x, centre_y, 27), 8), ACCENT),
            (circle(centre_x, centre_y, 10), ACCENT),
        ],
    )


def outline_icon() -> list[Pixel]:
    """32×32: the bubble's outline and the target's centre, white on transparent."""
    scale, offset = 1.0, 0.0  # the bubble's straight edges fall on whole pixels
    centre_x, centre_y = 16 * scale + offset, 13.5 * scale + offset
    return paint(
        32,
        (255, 255, 255, 0),
        [
            (ring(bubble(scale, offset, offset), 2.0), WHITE),
            (ring(circle(centre_x, centre_y, 6), 2.0), WHITE),
            (circle(centre_x, centre_y, 2), WHITE),
        ],
    )


def main() -> None:
    here = Path(__file__).resolve().parent
    write_png(here / "color.png", 192, 192, color_icon())
    write_png(here / "outline.png", 32, 32, outline_icon())


if __name__ == "__main__":
    main()
