from datetime import date

from annotations.nlp.clean import clean

SCRAPED = """top of page

Harbour Bridge Reopens After Two-Year Repair

  • Writer: Dana Okafor
    Dana Okafor
  • 2 days ago
  • 3 min read

Harbour Bridge Reopens After Two-Year Repair

The Harbour Bridge reopened to traffic on Monday after a two-year, $84 million repair.

\u00a0
  •  •  •

Engineers replaced 1,200 steel cables, the city said.

Share this article

bottom of page"""


def test_scraped_page_chrome_is_dropped():
    cleaned = clean(SCRAPED)
    for chrome in ("top of page", "bottom of page", "Writer:", "2 days ago", "3 min read", "Share", "•", "\u00a0"):
        assert chrome not in cleaned.text


def test_title_is_first_substantial_line_and_its_repeat_is_dropped():
    cleaned = clean(SCRAPED)
    assert cleaned.title == "Harbour Bridge Reopens After Two-Year Repair"
    assert "Two-Year Repair" not in cleaned.text
    assert cleaned.text.startswith("The Harbour Bridge reopened")


def test_byline_comes_from_writer_line_and_repeated_author_is_dropped():
    cleaned = clean(SCRAPED)
    assert cleaned.byline == "Dana Okafor"
    assert "Dana Okafor" not in cleaned.text


def test_byline_comes_from_by_line():
    cleaned = clean("Storm Closes Schools\n\nBy Priya Raman\n\nSchools closed on Friday as the storm hit.")
    assert cleaned.byline == "Priya Raman"
    assert cleaned.text == "Schools closed on Friday as the storm hit."


def test_date_line_gives_published_date_and_relative_age_gives_none():
    dated = clean("Storm Closes Schools\n\nPublished: June 3, 2025\n\nSchools closed on Friday.")
    assert dated.published == date(2025, 6, 3)
    assert "2025" not in dated.text
    assert clean(SCRAPED).published is None


def test_writing_is_kept_byte_for_byte():
    raw = "Title Here\n\n“Iran’s move — and Zoë Ó Briain’s reply — surprised nobody,” she said.\n\nSecond paragraph."
    cleaned = clean(raw)
    assert cleaned.text == "“Iran’s move — and Zoë Ó Briain’s reply — surprised nobody,” she said.\n\nSecond paragraph."


def test_paragraph_offsets_index_the_clean_text():
    cleaned = clean(SCRAPED)
    assert [cleaned.text[s:e] for s, e in cleaned.paragraphs] == cleaned.text.split("\n\n")


def test_html_input_uses_main_text_and_metadata():
    html = """<html><head><title>Harbour Bridge Reopens</title><meta name="author" content="Dana Okafor">
    <meta property="article:published_time" content="2025-06-03"></head><body><nav>Home | Share</nav>
    <article><h1>Harbour Bridge Reopens</h1>
    <p>The Harbour Bridge reopened to traffic on Monday after a two-year, $84 million repair of its deck.</p>
    <p>“We are relieved,” said Ana Lopes, who drives across it every day to her job in the city centre.</p>
    <p>Engineers replaced 1,200 steel cables and repainted the towers, the city transport department said.</p>
    </article><footer>Copyright 2025</footer></body></html>"""
    cleaned = clean(html, content_type="text/html")
    assert cleaned.title == "Harbour Bridge Reopens"
    assert cleaned.byline == "Dana Okafor"
    assert cleaned.published == date(2025, 6, 3)
    assert cleaned.text.startswith("The Harbour Bridge reopened")
    assert "Copyright" not in cleaned.text and "Home" not in cleaned.text
    assert len(cleaned.paragraphs) == 3


def test_html_is_detected_without_content_type():
    cleaned = clean("<!doctype html><html><body><article><p>" + "A sentence of the body text here. " * 5 + "</p></article></body></html>")
    assert "<p>" not in cleaned.text
