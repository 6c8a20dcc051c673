"""Load the gold articles and score the pipeline against them (shared by bench and tests)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES_DIR = ROOT / "tests" / "data" / "articles"

TARGETS = {"f1": 0.95, "role_org": 0.9, "auc": 0.9, "segmentation_faults": 0}

_TRAILING = " \t\n.,;:!?…—–-\"“”‘’'"


@dataclass
class Article:
    """One gold article: its raw page, how to read it, and what a reader should find."""

    name: str
    raw: str
    content_type: str | None
    gold: dict


@dataclass
class Result:
    """Counts for one article (or a whole set) and the failures behind them."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0
    role_org_ok: int = 0
    segmentation_faults: int = 0
    not_quote_violations: int = 0
    pairs: int = 0
    pairs_won: float = 0.0
    failures: list[str] = field(default_factory=list)

    def add(self, other: "Result") -> None:
        """Add another result's counts to this one."""
        for name in ("predicted", "gold", "matched", "role_org_ok", "segmentation_faults", "not_quote_violations", "pairs", "pairs_won"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def role_org(self) -> float:
        return self.role_org_ok / self.matched if self.matched else 1.0

    @property
    def auc(self) -> float:
        return self.pairs_won / self.pairs if self.pairs else 1.0

    def missed(self) -> list[str]:
        """Return the names of the targets this result misses."""
        out = []
        if self.f1 < TARGETS["f1"]:
            out.append("F1")
        if self.role_org < TARGETS["role_org"]:
            out.append("role/org accuracy")
        if self.auc < TARGETS["auc"]:
            out.append("AUC")
        if self.segmentation_faults > TARGETS["segmentation_faults"]:
            out.append("segmentation faults")
        return out


def load_articles(directory: Path = ARTICLES_DIR) -> list[Article]:
    """Return every article that has both a page and a gold file."""
    out = []
    for gold_path in sorted(directory.glob("*.gold.json")):
        name = gold_path.name[: -len(".gold.json")]
        for ext, ctype in ((".txt", None), (".html", "text/html")):
            page = directory / f"{name}{ext}"
            if page.exists():
                out.append(Article(name, page.read_text(encoding="utf-8"), ctype, json.loads(gold_path.read_text(encoding="utf-8"))))
                break
    return out


def norm(text: str) -> str:
    """Return text with whitespace collapsed and edge punctuation and quote marks stripped."""
    return re.sub(r"\s+", " ", text).strip(_TRAILING).casefold()


def _same_speaker(a: str, b: str) -> bool:
    """Return whether two speaker names agree after case-folding and dropping a leading "the"."""
    return _the(a) == _the(b)


def _the(value: str | None) -> str | None:
    """Return a value case-folded and without a leading "the"."""
    if value is None:
        return None
    v = re.sub(r"\s+", " ", value).strip().casefold()
    return v[4:] if v.startswith("the ") else v


def _span_of(text: str, needle: str, start_hint: int = 0) -> tuple[int, int] | None:
    """Return where a gold quote sits in the clean text."""
    i = text.find(needle, start_hint)
    if i < 0:
        i = text.find(needle)
    return (i, i + len(needle)) if i >= 0 else None


def _texts_match(gold: dict, pred: dict, text: str, gold_span) -> bool:
    """Return whether a predicted quote covers the gold quote's words."""
    if gold["kind"] == "direct" or gold_span is None:
        if norm(gold["text"]) == norm(pred["text"]):
            return True
        if gold["kind"] == "direct":
            return False
    if gold_span is None:
        return False
    gs, ge = gold_span
    ps, pe = pred["start"], pred["end"]
    overlap = min(ge, pe) - max(gs, ps)
    shorter = min(ge - gs, pe - ps)
    if shorter > 0 and overlap >= 0.5 * shorter:
        return True
    return text[gs:].split(None, 1)[:1] == text[ps:].split(None, 1)[:1] and abs(gs - ps) < 2


def evaluate(article: Article, analysis: dict) -> Result:
    """Return how an analysis (as `Analysis.to_dict()`) compares with the article's gold."""
    res = Result()
    gold = article.gold
    text = analysis["text"]
    preds = analysis["quotes"]
    res.predicted = len(preds)
    res.gold = len(gold.get("quotes", []))
    used: set[int] = set()
    for g in gold.get("quotes", []):
        span = _span_of(text, g["text"])
        hit = None
        near = None
        for i, p in enumerate(preds):
            if i in used or not _texts_match(g, p, text, span):
                continue
            near = near if near is not None else i
            if _same_speaker(g["speaker"], p["speaker"]["name"]):
                hit = i
                break
        if hit is None:
            if near is not None:
                res.failures.append(f"wrong speaker: {g['text'][:60]!r} gold={g['speaker']!r} got={preds[near]['speaker']['name']!r}")
            else:
                res.failures.append(f"missed {g['kind']}: {g['text'][:70]!r} ({g['speaker']})")
            continue
        used.add(hit)
        res.matched += 1
        p = preds[hit]["speaker"]
        if _the(p["role"]) == _the(g.get("role")) and _the(p["organization"]) == _the(g.get("organization")):
            res.role_org_ok += 1
        else:
            res.failures.append(
                f"role/org: {g['speaker']}: gold=({g.get('role')!r}, {g.get('organization')!r}) got=({p['role']!r}, {p['organization']!r})"
            )
    for i, p in enumerate(preds):
        if i not in used:
            res.failures.append(f"extra {p['kind']}: {p['text'][:70]!r} ({p['speaker']['name']})")
    claims = analysis["claims"]
    claim_texts = {c["text"] for c in claims}
    for s in gold.get("sentences", []):
        if s not in claim_texts:
            res.segmentation_faults += 1
            res.failures.append(f"sentence not reproduced: {s[:90]!r}")
    for phrase in gold.get("not_quotes", []):
        if any(norm(p["text"]) == norm(phrase) for p in preds):
            res.not_quote_violations += 1
            res.failures.append(f"not-quote reported: {phrase!r}")
    for pair in gold.get("checkworthy_pairs", []):
        hi = next((c for c in claims if pair["higher"] in c["text"]), None)
        lo = next((c for c in claims if pair["lower"] in c["text"]), None)
        res.pairs += 1
        if hi is None or lo is None:
            res.failures.append(f"pair claim not found: {pair}")
            continue
        if hi["checkworthiness"] > lo["checkworthiness"]:
            res.pairs_won += 1
        elif hi["checkworthiness"] == lo["checkworthiness"]:
            res.pairs_won += 0.5
            res.failures.append(f"pair tied: {pair['higher'][:40]!r} = {pair['lower'][:40]!r}")
        else:
            res.failures.append(
                f"pair inverted: {pair['higher'][:40]!r} {hi['checkworthiness']} < {pair['lower'][:40]!r} {lo['checkworthiness']}"
            )
    if gold.get("title") is not None and analysis.get("title") != gold["title"]:
        res.failures.append(f"title: gold={gold['title']!r} got={analysis.get('title')!r}")
    if "byline" in gold and analysis.get("byline") != gold["byline"]:
        res.failures.append(f"byline: gold={gold['byline']!r} got={analysis.get('byline')!r}")
    return res
