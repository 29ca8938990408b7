"""HTML → PDF with WeasyPrint, fetching only the project's own files.

The URL fetcher resolves the site's `/static/…` files (through the staticfiles finders, or
STATIC_ROOT once collected) and `/media/…` files (through the storage API), plus `data:` URLs.
Everything else — `file://`, any network address, a path outside those folders — is refused
and logged: a PDF never makes a network request and never reads an arbitrary file.
"""

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# The base URL documents are rendered against; never fetched over the network.
BASE_URL = "https://pdf.cornouaille.invalid/"


class RefusedURL(ValueError):
    pass


class ProjectFilesFetcher(URLFetcher):
    """Only the project's static and media files, and data: URLs (Indico's fetcher idea)."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        base = urlsplit(BASE_URL)
        if parts.scheme != base.scheme or parts.netloc != base.netloc:
            return self._refuse(url, "adresse hors du projet")
        path = posixpath.normpath(unquote(parts.path))
        if path.startswith(settings.STATIC_URL):
            return self._static(url, path.removeprefix(settings.STATIC_URL))
        if path.startswith(settings.MEDIA_URL):
            return self._media(url, path.removeprefix(settings.MEDIA_URL))
        return self._refuse(url, "chemin hors de /static/ et /media/")

    def _refuse(self, url: str, reason: str):
        self.refused.append(url)
        logger.warning("PDF : ressource refusée (%s) : %s", reason, url)
        raise RefusedURL(f"ressource refusée ({reason}) : {url}")

    def _response(self, url: str, data: bytes, name: str) -> URLFetcherResponse:
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": content_type})

    def _static(self, url: str, relative: str):
        if relative.startswith("/") or ".." in Path(relative).parts:
            return self._refuse(url, "chemin interdit")
        found = finders.find(relative)
        if not found and settings.STATIC_ROOT:
            candidate = Path(settings.STATIC_ROOT, relative).resolve()
            if (
                candidate.is_relative_to(Path(settings.STATIC_ROOT).resolve())
                and candidate.is_file()
            ):
                found = str(candidate)
        if not found:
            return self._refuse(url, "fichier statique introuvable")
        return self._response(url, Path(found).read_bytes(), relative)

    def _media(self, url: str, relative: str):
        try:
            with default_storage.open(relative, "rb") as handle:  # storage rejects traversal
                return self._response(url, handle.read(), relative)
        except Exception:  # noqa: BLE001 - missing or forbidden media: refused, rendering goes on
            return self._refuse(url, "fichier média introuvable")


def render_pdf(html: str, *, metadata: dict | None = None) -> tuple[bytes, int, list[str]]:
    """Render `html`; returns the PDF bytes, its page count and the refused URLs."""
    fetcher = ProjectFilesFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", custom_metadata=True, uncompressed_pdf=False)
    return pdf, len(document.pages), fetcher.refused
