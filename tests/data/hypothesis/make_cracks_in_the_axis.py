"""Write cracks-in-the-axis.json: annotations as Hypothesis's client exports them, made on the scraped page.

The page is annotations/demo/cracks-in-the-axis.txt as a browser shows it: its chrome (menu, title,
byline, "3 min read") comes before the article and "bottom of page" after it, and paragraphs are
three newlines apart. Hypothesis's selectors count and quote that page text, so every position is
off by the chrome's length from Axis's clean text, and quotes and contexts hold the page's whitespace.
Run it from the repository root: python tests/data/hypothesis/make_cracks_in_the_axis.py
"""

import json
from pathlib import Path

PAGE = Path("annotations/demo/cracks-in-the-axis.txt").read_text(encoding="utf-8")
URI = "https://www.example-news.org/post/cracks-in-the-axis-how-china-russia-and-iran-alliance-falters"
CONTEXT = 32  # characters of prefix and suffix, as Hypothesis's TextQuoteAnchor keeps

# (quote on the page, which occurrence, the comment, its tags, the quote as the page said it when annotated)
NOTES = [
    ("talk of a new “axis” of authoritarian powers quickly gained traction in Western capitals", 0,
     "Which capitals? Source?", ["claim"], None),
    ("gained traction in Western capitals.\n\n\nUnited by resentment toward the United States", 0,
     "Two paragraphs: the claim and its grounds.", [], None),
    ("Iran, despite supplying Russia with drones, ballistic missiles, and oil", 0,
     "Check the ballistic missiles: reported by whom?", ["statistic", "needs-source"], None),
    ("China and Russia", 0, "Which statements? Link them.", ["claim"], None),
    ("China and Russia", 1, "“No limits”: the February 2022 joint statement.", [], None),
    ("“axis”", 1, "Scare quotes: whose word is it?", ["opinion"], None),
    ("observes Alexander Gabuev, director of the Carnegie Russia Eurasia Center", 0,
     "Title checked against the Center's site.", ["quote"], None),
    ("with North Korea reportedly sending over 14,000 troops to assist Russia in Ukraine", 0,
     "The number when we annotated was 12,000: the article was corrected since.", ["statistic"],
     "with North Korea reportedly sending over 12,000 troops to assist Russia in Ukraine"),
    ("Iran", 5, "", ["check-worthy"], None),
    ("\n\nRecent events highlight these fault lines.", 0, "Topic sentence, no claim.", [], None),
    ("For now, however, the “axis” remains less a unified bloc than a loose alignment of convenience", 0,
     "The conclusion: opinion, not a checkable claim.", ["opinion"], None),
    # On the page's chrome: not in the article.
    ("Cracks in the Axis: How China, Russia and Iran “Alliance” Falters", 0, "Headline says “Alliance”.", [],
     None),
    ("3 min read", 0, "Reading time.", [], None),
]


def annotation(number: int, exact: str, occurrence: int, text: str, tags: list[str], said: str | None) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = PAGE.index(exact, start + 1)
    end = start + len(exact)
    quote = said if said is not None else exact
    return {
        "id": f"hyp{number:04d}AxisCracks",
        "created": f"2026-11-{10 + number:02d}T09:{number:02d}:17.402931+00:00",
        "updated": f"2026-11-{10 + number:02d}T09:{number:02d}:17.402931+00:00",
        "user": "acct:rosa.checks@hypothes.is",
        "uri": URI,
        "text": text,
        "tags": tags,
        "group": "__world__",
        "permissions": {"read": ["group:__world__"], "admin": ["acct:rosa.checks@hypothes.is"],
                        "update": ["acct:rosa.checks@hypothes.is"], "delete": ["acct:rosa.checks@hypothes.is"]},
        "target": [{"source": URI, "selector": [
            {"type": "RangeSelector", "startContainer": f"/div[1]/main[1]/article[1]/p[{number + 1}]",
             "startOffset": 0, "endContainer": f"/div[1]/main[1]/article[1]/p[{number + 1}]",
             "endOffset": len(quote)},
            {"type": "TextPositionSelector", "start": start, "end": start + len(quote)},
            {"type": "TextQuoteSelector", "exact": quote, "prefix": PAGE[max(0, start - CONTEXT):start],
             "suffix": PAGE[end:end + CONTEXT]},
        ]}],
        "document": {"title": ["Cracks in the Axis: How China, Russia and Iran “Alliance” Falters"]},
        "links": {"html": f"https://hypothes.is/a/hyp{number:04d}AxisCracks",
                  "incontext": f"https://hyp.is/hyp{number:04d}AxisCracks/www.example-news.org/post/"
                               "cracks-in-the-axis-how-china-russia-and-iran-alliance-falters",
                  "json": f"https://hypothes.is/api/annotations/hyp{number:04d}AxisCracks"},
        "user_info": {"display_name": "Rosa Checks"},
        "flagged": False,
        "hidden": False,
    }


def main() -> None:
    annotations = [annotation(n, *note) for n, note in enumerate(NOTES)]
    page_note = annotation(len(annotations), "3 min read", 0, "A page note: who wrote this?", ["needs-source"],
                           None)
    page_note |= {"id": "hypPageNoteAxisCracks", "target": [{"source": URI}]}
    reply = annotation(len(annotations) + 1, "3 min read", 0, "Agreed, following up.", [], None)
    reply |= {"id": "hypReplyAxisCracks", "target": [{"source": URI}], "references": [annotations[2]["id"]]}
    export = {"export_date": "2026-12-01T10:00:00.000Z", "export_userid": "acct:rosa.checks@hypothes.is",
              "client_version": "1.1642.0", "annotations": [*annotations, page_note, reply]}
    Path(__file__).with_name("cracks-in-the-axis.json").write_text(json.dumps(export, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")


if __name__ == "__main__":
    main()
