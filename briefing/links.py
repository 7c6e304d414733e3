"""Which URLs may become live links: http, https and mailto only."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

SAFE_SCHEMES = ("http", "https", "mailto")


def safe_url(url: str | None) -> str | None:
    """Return `url` when it is an http, https or mailto URL with a target, else None."""
    if not url:
        return None
    url = url.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") and parts.netloc:
        return url
    if scheme == "mailto" and parts.path:
        return url
    return None


def ascii_uri(url: str) -> str:
    """`url` with every non-ASCII character (and DEL) percent-encoded as UTF-8, as a PDF link
    needs (PDF keeps a URI as 7-bit printable bytes; readers decode the escapes back)."""
    if url.isascii() and "\x7f" not in url:
        return url
    return "".join(ch if ch.isascii() and ch != "\x7f" else quote(ch, safe="") for ch in url)
