"""ClaimReview (schema.org JSON-LD): one review per claim, quote or span with a verdict.

Follows Google's fact-check markup. Required: `claimReviewed`, `reviewRating`
with `alternateName` (the verdict's name, what readers see) and `url`, the
public page that hosts the fact check. Recommended, and given where Axis knows
them: the review's `author` (the workspace) and `datePublished`, the claim's
`author`, `datePublished` and `appearance` (the article: its address, headline,
byline and date), and the rating's `name`, `ratingValue`, `bestRating` and
`worstRating`.

`url` is given only for a fact check an editor published (views/checks.py):
the review's Axis page needs a sign-in, and Google reads `url` as the public
page. An unpublished review stays in the export without `url`, to be published
in Axis or placed on the newsroom's own page, whose address becomes its `url`.

`ratingValue` with `bestRating` and `worstRating` is given where the verdict
sits on the workspace's numeric scale (at least two verdicts with a value). A
verdict outside it ("Misleading", "Unproven") has no number on purpose: any
number would rank it between True and False, which it is not, and Google reads
a rating without one by its `alternateName`. The claim's `firstAppearance` is
not given: Axis knows where a claim appeared, not where it appeared first.
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


def rating(record: ExportRecord, context: ExportContext) -> dict:
    """Return the Rating of the record's verdict: by name, and by number where the scale gives one."""
    node = {"@type": "Rating", "alternateName": record.verdict, "name": record.verdict}
    if record.verdict_value is not None and context.best_rating is not None:
        node |= {"ratingValue": record.verdict_value, "bestRating": context.best_rating,
                 "worstRating": context.worst_rating}
    if record.note:
        node["ratingExplanation"] = record.note
    return node


def public_url(record: ExportRecord, context: ExportContext) -> str | None:
    """Return the address of the record's public page, or None when it has none."""
    if record.public_id is None or context.public_url is None:
        return None
    return context.public_url.format(record.public_id)


def review(record: ExportRecord, context: ExportContext) -> dict:
    """Return the ClaimReview of one record that carries a verdict."""
    appearance = {"@type": "CreativeWork", "headline": record.article_title}
    if record.article_source_url:
        appearance["url"] = record.article_source_url
    if record.article_byline:
        appearance["author"] = {"@type": "Person", "name": record.article_byline}
    claim = {"@type": "Claim", "author": _claim_author(record, context), "appearance": appearance}
    if record.article_published is not None:
        appearance["datePublished"] = claim["datePublished"] = record.article_published.isoformat()
    item = {"@context": CONTEXT, "@type": "ClaimReview"}
    url = public_url(record, context)
    if url is not None:
        item["url"] = url
    author = {"@type": "Organization", "name": context.workspace_name}
    if context.publisher_url is not None:
        author["url"] = context.publisher_url
    item |= {
        "claimReviewed": record.text,
        "reviewRating": rating(record, context),
        "itemReviewed": claim,
        "author": author,
    }
    # The day the fact check went public, else the day its verdict was approved.
    published = record.public_since if url is not None else record.decided
    if published is not None:
        item["datePublished"] = published.date().isoformat()
    return item


def render(records: Iterable[ExportRecord], context: ExportContext) -> Iterator[str]:
    """Yield a JSON array of ClaimReviews, one per line between the brackets."""
    separator = "[\n"
    for record in records:
        yield separator + dumps(review(record, context))
        separator = ",\n"
    yield "[]\n" if separator == "[\n" else "\n]\n"
