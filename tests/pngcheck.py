"""Checks that a file is a real PNG image, independently of the package's own reader."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def assert_png(data_or_path: bytes | Path) -> tuple[int, int]:
    """Asserts a PNG signature, an IHDR chunk with a positive size, and pixels that decode.

    Returns:
        (width, height).
    """
    data = data_or_path if isinstance(data_or_path, bytes) else Path(data_or_path).read_bytes()
    assert data[:8] == SIGNATURE, "no PNG signature"
    assert data[12:16] == b"IHDR", "first chunk is not IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 0
    assert height > 0
    with Image.open(io.BytesIO(data)) as image:
        image.load()  # decodes every pixel: a truncated file fails here
        assert image.size == (width, height)
    return width, height
