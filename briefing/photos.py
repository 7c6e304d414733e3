"""A person's photo: JPEG or PNG bytes, checked with Pillow once where they enter; `data:` URIs."""

from __future__ import annotations

import base64
import binascii
import io
import re

from briefing.limits import PHOTO_BYTES, PHOTO_SIDE

# What the file's first bytes say it is: the media type a `data:` URI must name.
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))
_PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
_DATA_URI = re.compile(r"data:(?P<type>[a-z]+/[a-z0-9.+-]+);base64,(?P<data>.*)", re.DOTALL)
# Base64 of PHOTO_BYTES, with room for line breaks: a longer text is refused before decoding.
_MAX_URI = PHOTO_BYTES * 4 // 3 + 64 * 1024


def media_type(data: bytes) -> str | None:
    """`image/png` or `image/jpeg` as the bytes' signature says; None for anything else."""
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    return None


def problem(data: bytes) -> str | None:
    """Why `data` is not a usable photo, in one line; None when it is one."""
    if len(data) > PHOTO_BYTES:
        return (f"the image is {len(data):,} bytes, more than the {PHOTO_BYTES:,} "
                "(2 MiB) a photo may hold")
    kind = media_type(data)
    if kind is None:
        return "not a JPEG or PNG image"
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[kind]]) as image:
            width, height = image.size  # read from the header: nothing decoded yet
            if max(width, height) > PHOTO_SIDE:
                return (f"the image is {width:,} × {height:,} pixels, more than the "
                        f"{PHOTO_SIDE:,} a side a photo may have")
            image.load()  # decoded whole (at most 4,000 × 4,000): a truncated file fails here
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:
        return f"not a readable {kind[6:].upper()} image ({str(exc)[:120]})"
    return None


def from_data_uri(text: str) -> bytes:
    """The photo in a `data:image/...;base64,` URI; ValueError (one line) when it is not usable."""
    if len(text) > _MAX_URI:
        raise ValueError(f"the image is more than the {PHOTO_BYTES:,} bytes (2 MiB) a photo may hold")
    match = _DATA_URI.fullmatch(text.strip())
    if match is None:
        raise ValueError("must be a data: URI (data:image/png;base64,... or data:image/jpeg;base64,...)")
    named = match.group("type")
    if named not in _PILLOW_FORMATS:
        raise ValueError(f"media type {named} is not image/png or image/jpeg")
    try:
        data = base64.b64decode("".join(match.group("data").split()), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the base64 data is not valid") from None
    found = problem(data)
    if found is not None:
        raise ValueError(found)
    actual = media_type(data)
    if actual != named:
        raise ValueError(f"the URI says {named} but the data is {actual}")
    return data


def to_data_uri(data: bytes) -> str:
    """The `data:` URI of a checked photo (its media type from its bytes)."""
    kind = media_type(data) or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
