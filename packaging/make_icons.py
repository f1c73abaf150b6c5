"""Render the app icon from resources/icons/timeline-desktop.svg into PNG, ICO and ICNS.

Run by hand after editing the SVG (`.venv/bin/python packaging/make_icons.py`) and commit the
outputs: builds then need no image tools, only the committed files. Qt renders the SVG
(QtSvg ships in PySide6-Essentials); the .ico and .icns containers are written here with
`struct` because Qt writes neither multi-size format.

- PNGs: `resources/icons/timeline-desktop-<N>.png` for N in 16 … 512 (Linux hicolor sizes).
- ICO (Windows): 16, 24, 32, 48, 64, 128 as 32-bit BMP entries (what every Windows version
  and resource compiler reads), 256 as a PNG entry (valid since Windows Vista, and far smaller).
- ICNS (macOS): PNG entries ic07 (128), ic08 (256), ic09 (512), ic10 (1024, "512@2x"),
  ic11 (32, "16@2x"), ic12 (64, "32@2x"), ic13 (256, "128@2x"), ic14 (512, "256@2x").
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

REPO = Path(__file__).resolve().parents[1]
ICONS = REPO / "resources" / "icons"
SVG = ICONS / "timeline-desktop.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = {
    b"ic11": 32,
    b"ic12": 64,
    b"ic07": 128,
    b"ic13": 256,
    b"ic08": 256,
    b"ic14": 512,
    b"ic09": 512,
    b"ic10": 1024,
}


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The icon at `size` x `size`, straight (not premultiplied) ARGB as BMP and PNG expect."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def bmp_entry(image: QImage) -> bytes:
    """An ICO image entry in BMP form: BITMAPINFOHEADER, BGRA rows bottom-up, AND mask."""
    w, h = image.width(), image.height()
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)  # byte order R, G, B, A anywhere
    bits, stride = bytes(rgba.constBits())[: rgba.sizeInBytes()], rgba.bytesPerLine()
    rows = []
    for y in range(h):
        row = bytearray(bits[y * stride : y * stride + 4 * w])
        row[0::4], row[2::4] = row[2::4], row[0::4]  # RGBA -> BGRA
        rows.append(bytes(row))
    mask_stride = ((w + 31) // 32) * 4
    mask_rows = []
    for row in rows:
        mask = bytearray(mask_stride)
        for x in range(w):
            if row[4 * x + 3] == 0:  # fully transparent: set in the legacy AND mask too
                mask[x // 8] |= 0x80 >> (x % 8)
        mask_rows.append(bytes(mask))
    pixels = b"".join(reversed(rows))
    masks = b"".join(reversed(mask_rows))
    size = len(pixels) + len(masks)
    header = struct.pack("<IiiHHIIiiII", 40, w, 2 * h, 1, 32, 0, size, 0, 0, 0, 0)
    return header + pixels + masks


def ico_bytes(images: dict[int, QImage]) -> bytes:
    """A multi-size .ico: ICONDIR, one ICONDIRENTRY per size, then the image data."""
    entries = [
        (size, png_bytes(img) if size >= 256 else bmp_entry(img)) for size, img in images.items()
    ]
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    for size, data in entries:
        # width and height 0 mean 256
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(data for _, data in entries)


def icns_bytes(pngs: dict[bytes, bytes]) -> bytes:
    """An .icns: the 'icns' magic and total length, then (type, length incl. header, PNG)."""
    body = b"".join(kind + struct.pack(">I", 8 + len(png)) + png for kind, png in pngs.items())
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"error: Qt cannot read {SVG}", file=sys.stderr)
        return 1
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_TYPES.values()))
    images = {size: render(renderer, size) for size in sizes}
    for size in PNG_SIZES:
        (ICONS / f"timeline-desktop-{size}.png").write_bytes(png_bytes(images[size]))
    ico = ico_bytes({size: images[size] for size in ICO_SIZES})
    (ICONS / "timeline-desktop.ico").write_bytes(ico)
    icns = icns_bytes({kind: png_bytes(images[size]) for kind, size in ICNS_TYPES.items()})
    (ICONS / "timeline-desktop.icns").write_bytes(icns)
    print(f"wrote {len(PNG_SIZES)} PNGs, timeline-desktop.ico, timeline-desktop.icns to {ICONS}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
