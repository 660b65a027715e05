"""Simplified Chinese by default, English selectable, the catalog complete."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
CATALOG = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_login_page_is_chinese_even_for_an_english_browser(client):
    response = client.get("/accounts/login/", headers={"accept-language": "en-US,en;q=0.9"})
    html = response.content.decode()
    assert response["Content-Language"] == "zh-hans"
    assert "登录" in html
    assert "<title>登录 · 信访事项管理系统</title>" in html
    assert "Sign in" not in html


@pytest.mark.django_db
def test_english_is_selectable_and_sticks(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    html = client.get("/accounts/login/").content.decode()
    assert "Sign in" in html


def test_every_message_is_translated():
    catalog = polib.pofile(str(CATALOG))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalog_matches_the_source():
    source = polib.pofile(str(CATALOG))
    compiled = polib.mofile(str(CATALOG.with_suffix(".mo")))
    as_dict = lambda catalog: {  # noqa: E731
        (entry.msgctxt, entry.msgid): (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
        for entry in catalog
        if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags
    }
    assert as_dict(compiled) == as_dict(source), "run `make messages` to recompile the catalog"


def test_no_source_string_is_missing_from_the_catalog(tmp_path):
    """Extract the strings anew (xgettext) and compare with the committed catalog."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext (xgettext) is needed: run `make test`, which installs it.")
    project = tmp_path / "project"
    shutil.copytree(
        BASE_DIR,
        project,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", "staticfiles", ".git", "tests", "*.mo", "media", ".*cache"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=project,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(project / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    committed = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(CATALOG))}
    missing = sorted(
        entry.msgid for entry in fresh if (entry.msgctxt, entry.msgid) not in committed
    )
    assert missing == [], "run `make messages` and translate the new strings"
