"""ClaimReview (schema.org JSON-LD): one review per claim, quote or span with a verdict.

Follows Google's fact-check markup: `claimReviewed`, `reviewRating` and `url`
are required, and the rating's `alternateName` (the verdict's name) is what
readers see. `ratingValue` with `bestRating` and `worstRating` is given only
where the verdict sits on the workspace's numeric scale ("Misleading" has no
number, so it is rated by name alone).
"""

from collections.abc import Iterable, Iterator

from annotations.exports.jsonld import dumps
from annotations.exports.records import ExportContext, ExportRecord

MEDIA_TYPE = "application/ld+json"
CONTEXT = "https://schema.org"


def _claim_author(record: ExportRecord, context: ExportContext) -> dict:
    """Return who made the claim: the quoted source, else the article's byline, else the newsroom."""
    if record.speaker:
        kind = "Organization" if record.speaker_is_institution else "Person"
        return {"@type": kind, "name": record.speaker}
    if record.article_byline:
        return {"@type": "Person", "name": record.article_byline}
    return {"@type": "Organization", "name": context.workspace_name}


def review(record: ExportRecord, context: ExportContext) -> dict:
    """Return the ClaimReview of one record that carries a verdict."""
    rating = {"@type": "Rating", "alternateName": record.verdict}
    if record.verdict_value is not None and context.best_rating is not None:
        rating |= {"ratingValue": record.verdict_value, "bestRating": context.best_rating,
                   "worstRating": context.worst_rating}
    appearance = {"@type": "CreativeWork", "headline": record.article_title}
    if record.article_source_url:
        appearance["url"] = record.article_source_url
    claim = {"@type": "Claim", "author": _claim_author(record, context), "appearance": appearance}
    if record.article_published is not None:
        claim["datePublished"] = record.article_published.isoformat()
    item = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": context.annotation_url.format(record.id),
        "claimReviewed": record.text,
        "reviewRating": rating,
        "itemReviewed": claim,
        "author": {"@type": "Organization", "name": context.workspace_name, "url": context.base_url + "/"},
    }
    if record.decided is not None:
        item["datePublished"] = record.decided.date().isoformat()
    return item


def render(records: Iterable[ExportRecord], context: ExportContext) -> Iterator[str]:
    """Yield a JSON array of ClaimReviews, one per line between the brackets."""
    separator = "[\n"
    for record in records:
        yield separator + dumps(review(record, context))
        separator = ",\n"
    yield "[]\n" if separator == "[\n" else "\n]\n"
