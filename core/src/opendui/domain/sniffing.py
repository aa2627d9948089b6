"""Content sniffing: the declared media type of an upload must match its first bytes."""

from __future__ import annotations

from opendui.errors import OpenDUIError

#: Media types accepted for documents, with the default XDS formatCode of each.
ACCEPTED_MEDIA_TYPES: dict[str, str] = {
    "application/pdf": "urn:ihe:iti:xds-sd:pdf:2008",
    "text/plain": "urn:ihe:iti:xds-sd:text:2008",
    "application/xml": "urn:ihe:iti:xds-sd:text:2008",
    "text/xml": "urn:ihe:iti:xds-sd:text:2008",
}


def check_content(media_type: str, head: bytes) -> None:
    """Refuse content whose first bytes contradict ``media_type``.

    :raises OpenDUIError: ``UNSUPPORTED_MEDIA_TYPE``.
    """
    if media_type not in ACCEPTED_MEDIA_TYPES:
        raise OpenDUIError(
            f"media type {media_type} is not accepted (accepted: {sorted(ACCEPTED_MEDIA_TYPES)})",
            code="UNSUPPORTED_MEDIA_TYPE",
        )
    ok: bool
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if media_type == "application/pdf":
        ok = head.startswith(b"%PDF-")
    elif media_type in ("application/xml", "text/xml"):
        ok = stripped.startswith(b"<")
    else:  # text/plain: no binary control bytes
        ok = not any(byte < 9 or 13 < byte < 32 for byte in head)
    if not ok:
        raise OpenDUIError(
            f"the content does not look like {media_type}", code="UNSUPPORTED_MEDIA_TYPE"
        )
