"""HTML to PDF, one way for every printed document (letters, the case file, the
monthly notice): WeasyPrint, with stylesheets from the static files, so that the
PDF is laid out by the same CSS as the print view. Chinese text needs the Noto CJK
fonts installed on the server (the Dockerfile installs them)."""

from django.contrib.staticfiles import finders
from django.http import HttpResponse


def html_to_pdf(html: str, *, stylesheets: tuple[str, ...] = (), base_url: str = "") -> bytes:
    """Render a complete HTML document to PDF bytes.

    stylesheets: static paths (e.g. "petitions/letter.css"), applied after the
    document's own styles; base_url resolves relative links in the HTML (none needed
    when the document carries no images)."""
    from weasyprint import CSS, HTML  # heavy import: only where a PDF is made

    sheets = []
    for path in stylesheets:
        found = finders.find(path)
        if found is None:
            raise FileNotFoundError(f"static file not found: {path}")
        sheets.append(CSS(filename=found))
    return HTML(string=html, base_url=base_url or None).write_pdf(stylesheets=sheets)


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """The PDF as a response: opened in the browser (inline) or downloaded."""
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
