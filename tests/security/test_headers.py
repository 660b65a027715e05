"""Content-Security-Policy everywhere; no-store on what a signed-in user receives;
templates without inline script or event-handler attributes."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.petitions.factories import register

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:]
        for part in (piece.strip() for piece in policy.split(";"))
        if part
    }


def test_policy_allows_only_own_scripts_and_styles(client, clerk):
    client.force_login(clerk)
    policy = directives(client.get("/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_list_detail_and_export_are_private_and_under_the_policy(client, clerk):
    petition = register(by=clerk)
    client.force_login(clerk)
    for url in ("/", "/petitions/", f"/petitions/{petition.number}/", "/petitions/export.xlsx"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store, private", url
        assert "script-src 'self'" in response["Content-Security-Policy"], url
        assert response["X-Content-Type-Options"] == "nosniff", url


def test_public_pages_are_left_to_their_views_but_under_the_policy(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    # Our middleware leaves anonymous responses alone (the login view sets never_cache itself).
    assert response.get("Cache-Control") != "no-store, private"
    assert "Content-Security-Policy" in response


def template_files():
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        yield from folder.rglob("*.html")


def test_templates_found():
    assert len(list(template_files())) > 20


@pytest.mark.parametrize("path", sorted(template_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_inline_script_handler_or_style(path):
    text = path.read_text()
    for tag in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
        assert re.search(r"\ssrc=", tag), f"inline <script> in {path}: {tag}"
    handlers = re.findall(r"\son[a-z]+\s*=", text, flags=re.IGNORECASE)
    assert not handlers, f"event-handler attribute in {path}: {handlers}"
    assert not re.search(r"\sstyle\s*=", text), f"style attribute in {path} (CSP style-src)"
    assert "javascript:" not in text.lower()
