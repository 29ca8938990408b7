"""Meeting documents: what may be uploaded, checked on the content, not only on the name.

Accepted: PDF, OpenDocument text/spreadsheet/presentation, Word/Excel/PowerPoint (OOXML), PNG,
JPEG. A file whose bytes do not match its extension (an executable renamed `.pdf`, an HTML
page renamed `.docx`) is refused, and so is anything over MAX_DOCUMENT_SIZE.
"""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Meeting, MeetingDocument

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024

OOXML = {
    ".docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ".pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
}
OPENDOCUMENT = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
ACCEPTED_EXTENSIONS = [".pdf", *OPENDOCUMENT, *OOXML, ".png", ".jpg", ".jpeg"]


def _zip_names(upload) -> tuple[list[str], zipfile.ZipFile] | tuple[None, None]:
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        return archive.namelist(), archive
    except (zipfile.BadZipFile, OSError):
        return None, None


def detect_content_type(upload, extension: str) -> str | None:
    """The MIME type when the bytes really are a file of that extension, else None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension == ".pdf":
        return "application/pdf" if head.startswith(b"%PDF-") else None
    if extension == ".png":
        return "image/png" if head.startswith(b"\x89PNG\r\n\x1a\n") else None
    if extension in (".jpg", ".jpeg"):
        return "image/jpeg" if head.startswith(b"\xff\xd8\xff") else None
    if not head.startswith(b"PK\x03\x04"):
        return None
    names, archive = _zip_names(upload)
    try:
        if names is None:
            return None
        if extension in OPENDOCUMENT:
            if "mimetype" not in names:
                return None
            declared = archive.read("mimetype").decode("ascii", "replace").strip()
            return declared if declared == OPENDOCUMENT[extension] else None
        if extension in OOXML:
            marker, mime = OOXML[extension]
            return mime if "[Content_Types].xml" in names and marker in names else None
        return None
    finally:
        if archive is not None:
            archive.close()
        upload.seek(0)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0") + " Mo"


def validate_document_upload(upload) -> str:
    """Raise a French ValidationError for a refused file; return its checked MIME type."""
    if upload is None:
        raise ValidationError(_("Choisissez un fichier."))
    if upload.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("Le fichier pèse %(size)s : la limite est de %(limit)s.")
            % {"size": _megabytes(upload.size), "limit": _megabytes(MAX_DOCUMENT_SIZE)}
        )
    if upload.size == 0:
        raise ValidationError(_("Le fichier est vide."))
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in ACCEPTED_EXTENSIONS:
        raise ValidationError(
            _("Type de fichier non accepté. Formats acceptés : %(formats)s.")
            % {"formats": ", ".join(e.lstrip(".").upper() for e in ACCEPTED_EXTENSIONS)}
        )
    content_type = detect_content_type(upload, extension)
    if content_type is None:
        raise ValidationError(
            _("Le contenu ne correspond pas à l'extension « %(ext)s » : fichier refusé.")
            % {"ext": extension}
        )
    return content_type


MAX_STORED_NAME_BYTES = 120  # file systems allow 255 bytes per name; the field 300 characters


def stored_name(upload_name: str) -> str:
    """The uploaded file's name, shortened to fit the disk and the database.

    A 250-character name used to be written to disk, then refused by the database (or by the
    file system: 255 bytes per name, fewer characters once accented) — a 500 and an orphan
    file. The stem is cut at a character boundary; the checked extension is kept.
    """
    path = PurePath(upload_name or "document")
    suffix = path.suffix.lower()
    stem = path.stem.encode("utf-8")[: MAX_STORED_NAME_BYTES - len(suffix)]
    stem = stem.decode("utf-8", "ignore").strip() or "document"
    return stem + suffix


@transaction.atomic
def document_add(*, meeting: Meeting, upload, title: str, visibility: str, by) -> MeetingDocument:
    content_type = validate_document_upload(upload)
    name = stored_name(upload.name)
    default_title = " ".join(PurePath(upload.name).stem.split())
    document = MeetingDocument(
        meeting=meeting,
        title=title.strip() or default_title[: MeetingDocument._meta.get_field("title").max_length],
        visibility=visibility,
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    # Everything but the file is checked BEFORE the file is written: a refusal leaves no file.
    document.full_clean(exclude=["file"])
    document.file.save(name, upload, save=False)
    try:
        document.full_clean()
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document
