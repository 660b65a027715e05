"""Checks on uploaded attachments: size, extension, and that the content is that type."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Leading bytes of each allowed type; text has none and is checked by decoding.
SIGNATURES = {
    "pdf": [b"%PDF"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    "xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
    "mp3": [b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"],
}


# The type an attachment is served and stored with follows from its checked
# extension, never from what the uploader's browser claimed (which could be
# text/html and make a download render as a page).
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
}
GENERIC_CONTENT_TYPE = "application/octet-stream"

# Types a browser may show inline: images and PDFs, which run no script of ours. Never
# SVG or HTML (script in our origin), and nothing else: every other type is a download.
PREVIEW_KINDS = {
    "application/pdf": "pdf",
    "image/jpeg": "image",
    "image/png": "image",
}


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def content_type_for(name: str) -> str:
    """The content type for a file called `name`, from the fixed map above."""
    return CONTENT_TYPES.get(extension_of(name), GENERIC_CONTENT_TYPE)


def preview_kind(name: str) -> str:
    """ "image" or "pdf" for a stored file the browser may show inline, else ""."""
    return PREVIEW_KINDS.get(content_type_for(name), "")


def shortened_name(name: str, limit: int) -> str:
    """`name` cut to `limit` characters, keeping its extension."""
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix
    if not suffix or len(suffix) >= limit:
        return name[:limit]
    return name[: limit - len(suffix)] + suffix


def _head(upload, size=16) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _looks_like(extension: str, upload) -> bool:
    head = _head(upload)
    if extension in SIGNATURES:
        return any(head.startswith(signature) for signature in SIGNATURES[extension])
    if extension == "m4a":
        return head[4:8] == b"ftyp"
    if extension == "txt":
        upload.seek(0)
        sample = upload.read(4096)
        upload.seek(0)
        for encoding in ("utf-8", "gb18030"):
            try:
                sample.decode(encoding)
            except UnicodeDecodeError:
                continue
            return b"\x00" not in sample
        return False
    return True


def check_attachments(uploads, *, kept: int = 0) -> tuple[list, list[ValidationError]]:
    """Every upload checked: the good ones, and one error naming each bad file and why.

    `kept` files are already held for the form; together at most
    ATTACHMENT_MAX_COUNT, so the files beyond that are named too."""
    good, errors = [], []
    for upload in uploads:
        try:
            validate_attachment(upload)
        except ValidationError as error:
            errors.append(error)
        else:
            good.append(upload)
    room = max(settings.ATTACHMENT_MAX_COUNT - kept, 0)
    for upload in good[room:]:
        errors.append(
            ValidationError(
                _("“%(name)s”: at most %(max)d files can be attached; remove some first.")
                % {"name": upload.name, "max": settings.ATTACHMENT_MAX_COUNT}
            )
        )
    return good[:room], errors


def validate_attachment(upload) -> None:
    name = upload.name
    extension = extension_of(name)
    allowed = [item.lower() for item in settings.ATTACHMENT_EXTENSIONS]
    if extension not in allowed:
        raise ValidationError(
            _("“%(name)s”: files of type .%(ext)s are not accepted; allowed: %(allowed)s.")
            % {"name": name, "ext": extension or "?", "allowed": ", ".join(allowed)}
        )
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            }
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    if not _looks_like(extension, upload):
        raise ValidationError(
            _("“%(name)s” does not contain a .%(ext)s file; check that it is not renamed.")
            % {"name": name, "ext": extension}
        )
