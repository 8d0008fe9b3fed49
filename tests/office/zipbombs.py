"""Hostile files for the tests: Office archives that unpack to far more than they weigh."""

import io
import struct
import zlib

MEGABYTE = 1024 * 1024


def _deflated(data):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _zip(parts):
    """A ZIP archive of (name, packed bytes, crc32, unpacked size), written by hand so a
    part can be given already packed."""
    out, directory = io.BytesIO(), []
    for name, packed, crc, size in parts:
        offset = out.tell()
        encoded = name.encode()
        # Deflated (8), dated 1980-01-01 (0, 0x21).
        header = (20, 0, 8, 0, 0x21, crc, len(packed), size, len(encoded))
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *header, 0))
        out.write(encoded + packed)
        directory.append(
            struct.pack("<4sH5H3L5H2L", b"PK\x01\x02", 20, *header, 0, 0, 0, 0, 0, offset) + encoded
        )
    start = out.tell()
    out.write(b"".join(directory))
    end = (len(directory), len(directory), out.tell() - start, start, 0)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, *end))
    return out.getvalue()


def xlsx_bomb(*, unpacked_megabytes=900):
    """An .xlsx of about 1 MB whose shared strings unpack to `unpacked_megabytes` MB.

    Built in half a second without packing 900 MB: one megabyte of text is packed once,
    ending with a full flush (the next block refers to nothing before it), and that block
    is repeated. The checksum is the real one, so zipfile would unpack it all.
    """
    chunk = b"<si><t>" + b"A" * (MEGABYTE - 16) + b"</t></si>"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()
    crc = 0
    for _ in range(unpacked_megabytes):
        crc = zlib.crc32(chunk, crc)
    small = [("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")]
    parts = [(name, _deflated(text), zlib.crc32(text), len(text)) for name, text in small]
    parts.append(
        (
            "xl/sharedStrings.xml",
            block * unpacked_megabytes + tail,
            crc,
            len(chunk) * unpacked_megabytes,
        )
    )
    return _zip(parts)
