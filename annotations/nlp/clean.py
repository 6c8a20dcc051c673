"""Reduce a pasted text, a scraped page or an HTML document to its writing."""

from __future__ import annotations

import re
from datetime import date

from annotations.nlp import vocab
from annotations.nlp.types import Cleaned

# Whole lines (case-insensitive, after bullets are stripped) that are page furniture.
CHROME_LINES = (
    "top of page",
    "bottom of page",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "share on x",
    "share on linkedin",
    "tweet",
    "email",
    "print",
    "copy link",
    "link copied",
    "save",
    "save article",
    "comments",
    "comment",
    "advertisement",
    "sponsored",
    "subscribe",
    "sign up",
    "sign in",
    "log in",
    "read more",
    "read next",
    "related",
    "related articles",
    "related stories",
    "more from this author",
    "listen to this article",
    "follow",
    "like",
    "skip to content",
    "skip to main content",
    "menu",
    "home",
    "back to top",
    "recent posts",
    "see all",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "reddit",
)

# Whole-line patterns for furniture whose wording varies: reading time, relative age, counters.
CHROME_PATTERNS = (
    r"\d+\s*(?:-\s*)?(?:min|mins|minute|minutes)(?:\s+read)?",
    r"(?:updated|posted|published)?\s*\d+\s*(?:sec|secs|second|seconds|min|mins|minute|minutes"
    r"|hr|hrs|hour|hours|day|days|week|weeks|month|months|year|years)\s+ago",
    r"(?:updated|posted|published)?\s*(?:just now|yesterday|today)",
    r"\d+\s*(?:views?|comments?|likes?|shares?)",
    r"(?:photo|image|illustration|credit)s?\s*:.*",
)

# Prefixes that introduce the author on a line of their own.
BYLINE_PREFIXES = ("writer", "author", "by", "written by", "words by", "posted by", "reporter")

# Prefixes that introduce a publication date on a line of their own.
DATE_PREFIXES = ("published", "updated", "posted", "last updated", "date", "first published")

MONTHS = vocab.months()

# Separators that join several pieces of furniture on one line ("Jun 3, 2025 · 3 min read").
CHROME_SEPARATORS = "•·|▪●◦‣∙"

# Characters that make a line empty when nothing else is on it.
BLANK_CHARS = " \t\u00a0\u2007\u202f\u200b\ufeff" + CHROME_SEPARATORS + "-–—*_=~"

TITLE_MAX_WORDS = 30

# A line longer than this is writing, not a date or a piece of furniture.
DATE_LINE_MAX_CHARS = 80

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_RES = (
    re.compile(rf"(?P<m>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})", re.I),
    re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH_RE})\.?,?\s+(?P<y>\d{{4}})", re.I),
    re.compile(r"(?P<y>\d{4})-(?P<mn>\d{1,2})-(?P<d>\d{1,2})"),
)
# A date line may carry a weekday, a time and a zone around the date itself.
_DATE_LINE_EXTRA = re.compile(
    r"\b(?:" + vocab.alternation(vocab.weekday_abbreviations()) + r")[a-z]*\b|\b\d{1,2}[:.]\d{2}\b|\b[ap]\.?m\.?\b"
    r"|\b(?:utc|gmt|bst|cet|cest|est|edt|pst|pdt|et|pt)\b|[,.:\s]",
    re.I,
)
_CHROME_RE = re.compile("|".join(f"(?:{p})" for p in CHROME_PATTERNS), re.I)
_BYLINE_RE = re.compile(
    r"(?:" + "|".join(re.escape(p) for p in sorted(BYLINE_PREFIXES, key=len, reverse=True)) + r")\s*[:\-–—]?\s+(.+)",
    re.I,
)
_DATE_PREFIX_RE = re.compile(
    r"(?:" + "|".join(re.escape(p) for p in sorted(DATE_PREFIXES, key=len, reverse=True)) + r")\s*(?:on)?\s*:?\s*",
    re.I,
)
_HTML_RE = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml)|<(?:p|div|article|br)\b[^>]*>", re.I)
_TERMINAL_RE = re.compile(r"[.!?…:;][\"”’'»)\]]*$")
_WORD_RE = re.compile(r"\w+")


def clean(raw: str, *, content_type: str | None = None) -> Cleaned:
    """Return the body, title, byline and date of a page given as text or HTML."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    title = byline = None
    published = None
    if _looks_like_html(raw, content_type):
        raw, title, byline, published = _from_html(raw)
    return _from_text(raw, title, byline, published)


def _looks_like_html(raw: str, content_type: str | None) -> bool:
    """Return whether the input is an HTML document rather than text."""
    if content_type:
        return "html" in content_type.lower()
    return bool(_HTML_RE.search(raw[:2000]))


def _from_html(html: str) -> tuple[str, str | None, str | None, date | None]:
    """Return the main text and metadata that trafilatura finds in an HTML page."""
    import trafilatura

    text = trafilatura.extract(
        html, output_format="txt", include_comments=False, include_tables=False, deduplicate=False
    ) or ""
    meta = trafilatura.extract_metadata(html)
    title = byline = None
    published = None
    if meta is not None:
        title = (meta.title or "").strip() or None
        byline = (meta.author or "").strip() or None
        published = _parse_date(meta.date or "")
    # Paragraphs come one per line; blank lines make them paragraphs for the text path too.
    return "\n\n".join(text.split("\n")), title, byline, published


def _from_text(
    raw: str, title: str | None, byline: str | None, published: date | None
) -> Cleaned:
    """Return the cleaned record of a plain-text page, using metadata already known."""
    blocks = _blocks(raw)
    body: list[str] = []
    title_key = _key(title) if title else None
    byline_key = _key(byline) if byline else None
    for block in blocks:
        kept: list[str] = []
        for line in block:
            bare = line.strip(BLANK_CHARS + " ")
            if not bare:
                continue
            if _is_chrome(bare):
                continue
            found = _byline(bare)
            if found and not body and not kept:
                byline = byline or found
                byline_key = _key(byline)
                continue
            when = _date_line(bare)
            if when is not None:
                published = published or when
                continue
            # The key is only needed to compare with a title or byline, and costs a regex.
            key = _key(bare) if title_key or byline_key else None
            if title_key and key == title_key:
                continue
            if byline_key and key == byline_key:
                continue
            if title_key is None and not body and not kept and _is_title(bare):
                title = bare
                title_key = _key(bare)
                continue
            kept.append(line.strip())
        if kept:
            body.extend(_join_wrapped(kept))
    paragraphs: list[tuple[int, int]] = []
    pos = 0
    for par in body:
        paragraphs.append((pos, pos + len(par)))
        pos += len(par) + 2
    return Cleaned(
        text="\n\n".join(body),
        title=title,
        byline=byline,
        published=published,
        paragraphs=tuple(paragraphs),
    )


def _blocks(raw: str) -> list[list[str]]:
    """Return runs of non-blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in raw.split("\n"):
        if line.strip(BLANK_CHARS):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _join_wrapped(lines: list[str]) -> list[str]:
    """Return paragraphs, joining lines that a hard wrap broke mid-sentence."""
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        wrapped = not _TERMINAL_RE.search(prev) and (
            line[:1].islower() or prev[-1:] in ",;(—–-" or (len(prev) >= 60 and len(line) >= 1)
        )
        if wrapped:
            out[-1] = prev + " " + line
        else:
            out.append(line)
    return out


def _key(line: str) -> str:
    """Return a comparison key that ignores case, spacing and punctuation."""
    return " ".join(_WORD_RE.findall(line.casefold()))


def _is_chrome(bare: str) -> bool:
    """Return whether every separator-delimited piece of a line is page furniture."""
    if len(bare) > DATE_LINE_MAX_CHARS:
        return False
    pieces = [p.strip(BLANK_CHARS) for p in _CHROME_SEPARATOR_RE.split(bare)]
    pieces = [p for p in pieces if p]
    if not pieces:
        return True
    for piece in pieces:
        low = piece.casefold().rstrip(":")
        if low in CHROME_LINES or _CHROME_RE.fullmatch(low):
            continue
        if len(pieces) > 1 and (_date_line(piece) is not None or _byline(piece)):
            continue
        return False
    return True


def _byline(bare: str) -> str | None:
    """Return the author named by a "Writer: X" or "By X" line."""
    m = _BYLINE_RE.fullmatch(bare)
    if not m:
        return None
    name = m.group(1).strip(BLANK_CHARS + " ")
    if not name or len(name.split()) > 8 or _TERMINAL_RE.search(name) and not name.endswith("."):
        return None
    # A sentence that merely starts with "By" has lowercase words or ends like a sentence.
    words = name.split()
    if name.endswith(".") and len(words) > 3:
        return None
    if sum(1 for w in words if w[:1].islower() and w not in ("and", "de", "van", "von", "der", "bin", "al", "la", "le", "da", "di")) > 0:
        return None
    return name


def _date_line(bare: str) -> date | None:
    """Return the date a line gives when the line is only a date."""
    if len(bare) > DATE_LINE_MAX_CHARS or not any(map(str.isdigit, bare)):
        return None
    text = _DATE_PREFIX_RE.sub("", bare, count=1) if _DATE_PREFIX_RE.match(bare) else bare
    for rx in _DATE_RES:
        m = rx.search(text)
        if not m:
            continue
        rest = text[: m.start()] + text[m.end():]
        if _DATE_LINE_EXTRA.sub("", rest):
            continue
        return _date_from_match(m)
    return None


def _parse_date(text: str) -> date | None:
    """Return the first date written in `text`."""
    for rx in _DATE_RES:
        m = rx.search(text)
        if m:
            return _date_from_match(m)
    return None


def _date_from_match(m: re.Match) -> date | None:
    """Return the date a date pattern matched, or None when it is impossible."""
    groups = m.groupdict()
    month = int(groups["mn"]) if groups.get("mn") else MONTHS[groups["m"].casefold()]
    try:
        return date(int(groups["y"]), month, int(groups["d"]))
    except ValueError:
        return None


def _is_title(bare: str) -> bool:
    """Return whether the first line of writing reads as a headline rather than a sentence."""
    words = bare.split()
    if not words or len(words) > TITLE_MAX_WORDS:
        return False
    return not _CLAUSE_END_RE.search(bare)
_CHROME_SEPARATOR_RE = re.compile(f"[{CHROME_SEPARATORS}]")
_CLAUSE_END_RE = re.compile(r"[.:;,][\"”’'»)\]]*$")
