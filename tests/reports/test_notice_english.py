"""The monthly notice read in English: English headings, nothing cut off at the page's
right edge; the Chinese notice prints exactly what was frozen."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from reports import services
from reports.periods import Period
from tests.factories import UnitFactory
from tests.petitions.factories import moment, register

pytestmark = pytest.mark.django_db

OCTOBER = Period.of(2026, 10, "calendar")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def notice(october, office, group_root, clerk):
    # A unit with a long name and a case nobody is responsible for yet: the rows
    # whose headings are not unit names.
    UnitFactory(code="L", name="集团公司物业管理处第二综合服务中心", parent=group_root)
    register(by=clerk, at=moment("2026-10-20"))
    return services.notice_build(period=OCTOBER, by=office, at=moment(october["today"]))


class Headings(HTMLParser):
    """The text of every h1, h2 and th of a page."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "th"):
            self.open.append(tag)
            self.texts.append("")

    def handle_endtag(self, tag):
        if self.open and tag == self.open[-1]:
            self.open.pop()

    def handle_data(self, data):
        if self.open:
            self.texts[-1] += data


def html_of(notice, language):
    with translation.override(language):
        return render_to_string("reports/notice_document.html", {"notice": notice, "for_pdf": True})


def headings(html):
    parser = Headings()
    parser.feed(html)
    return [" ".join(text.split()) for text in parser.texts]


def test_the_english_notice_has_english_headings_only(notice):
    html = html_of(notice, "en")
    found = headings(html)
    for heading in (
        "Monthly notice on petition work, 2026-10",
        "1. Overview",
        "2. Petitions by unit",
        "3. Units without skip-level visits",
        "4. Issues to explain",
        "Suggestion or opinion",
        "Report or accusation",
        "Appeal or claim",
        "Cases registered",
        "Overdue now",
    ):
        assert heading in found, heading
    assert [heading for heading in found if CJK.search(heading)] == []
    assert '<html lang="en">' in html


def test_the_english_notice_names_its_rows_and_words_its_summary_in_english(notice):
    html = html_of(notice, "en")
    assert '<td class="name">Total</td>' in html
    assert '<td class="name">Not yet assigned</td>' in html
    assert "合计" not in html
    assert "待交办" not in html
    summary = re.search(r"<h2>1\. Overview</h2>\s*<p>(.*?)</p>", html, re.S).group(1)
    assert summary.startswith("From 2026-10-01 to 2026-10-31, 4 petitions were registered")
    assert "channels. By nature:" in summary  # sentences apart
    for row in notice.figures["table"]["rows"]:  # the units' names stay as they are
        summary = summary.replace(row["unit"], "")
    assert not CJK.search(summary), summary


def test_the_chinese_notice_prints_the_frozen_texts(notice):
    html = html_of(notice, "zh-hans")
    found = headings(html)
    assert "关于2026年10月全集团信访工作情况的通报" in found
    assert [heading for heading in found if heading.endswith("类") and heading != "按性质"] == [
        "建议意见类",
        "检举控告类",
        "申诉求决类",
    ]
    assert f"<p>{notice.figures['summary']}</p>" in html
    assert '<td class="name">合计</td>' in html
    assert '<td class="name">待交办</td>' in html
    assert '<html lang="zh-hans">' in html


def test_a_notice_built_from_an_english_page_is_frozen_in_chinese(october, office):
    with translation.override("en"):
        notice = services.notice_build(period=OCTOBER, by=office, at=moment(october["today"]))
    assert notice.figures["summary"].startswith("2026-10-01至2026-10-31，共登记（收到）信访事项")
    assert notice.figures["period"]["label"] == "2026年10月"
    assert notice.figures["table"]["rows"][-1]["unit"] == "合计"
    assert "甲煤矿（2件）、乙煤矿（1件）" in notice.figures["summary"]


def layout(html):
    from weasyprint import CSS, HTML

    return HTML(string=html).render(stylesheets=[CSS(filename=finders.find("reports/notice.css"))])


def boxes_of(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from boxes_of(child)


def tables_and_overflow(document):
    """Per page: (its size, the tables on it and how far each reaches past the right
    edge of the text area, the furthest a line of text reaches past it)."""
    from weasyprint.formatting_structure.boxes import TableBox, TextBox

    pages = []
    for page in document.pages:
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        tables = {}
        text_overflow = 0.0
        for box in boxes_of(page_box):
            if isinstance(box, TableBox):
                name = box.element.get("class")
                reach = box.position_x + box.margin_width() - right
                tables[name] = max(tables.get(name, -1e9), reach)
            elif isinstance(box, TextBox):
                text_overflow = max(text_overflow, box.position_x + box.width - right)
        pages.append(((page.width, page.height), tables, text_overflow))
    return pages


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_table_fits_the_width_of_its_page(notice, language):
    pages = tables_and_overflow(layout(html_of(notice, language)))
    assert any("units" in tables for _size, tables, _text in pages)
    for number, (_size, tables, text_overflow) in enumerate(pages, 1):
        for name, overflow in tables.items():
            assert overflow <= 0.5, f"page {number}: table {name} runs {overflow:.1f}px too far"
        assert text_overflow <= 0.5, f"page {number}: text runs {text_overflow:.1f}px past the edge"


def test_the_units_table_gets_a_landscape_page_in_english_only(notice):
    english = tables_and_overflow(layout(html_of(notice, "en")))
    chinese = tables_and_overflow(layout(html_of(notice, "zh-hans")))
    for (width, height), tables, _text in english:
        assert (width > height) == ("units" in tables)  # the rest stays upright
    assert all(width < height for (width, height), _tables, _text in chinese)
