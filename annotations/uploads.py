"""Read an uploaded article file, refusing what is not a text or HTML article."""

from pathlib import PurePath

ACCEPTED = {".txt": None, ".text": None, ".html": "text/html", ".htm": "text/html"}


class UploadError(Exception):
    """Why an upload was refused; `code` is too_large, unsupported, binary, undecodable or empty."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def read_upload(upload, *, limit: int) -> tuple[str, str | None]:
    """Return (text, content type for the pipeline) of an uploaded .txt or .html file."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ACCEPTED:
        raise UploadError("unsupported", "Upload a .txt or .html file.")
    if upload.size > limit:
        raise UploadError("too_large", f"The file is larger than the {limit:,}-byte limit.")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadError("too_large", f"The file is larger than the {limit:,}-byte limit.")
    if b"\x00" in data:
        raise UploadError("binary", "This is a binary file, not text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError("undecodable", "The file is not UTF-8 text.") from None
    if not text.strip():
        raise UploadError("empty", "The file is empty.")
    return text, ACCEPTED[suffix]
