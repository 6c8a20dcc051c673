"""{{ value|jsonld }}: a JSON-LD document ready to stand between <script type="application/ld+json"> tags."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from annotations.exports import jsonld as jsonld_export

register = template.Library()


@register.filter
def jsonld(value) -> SafeString:
    """Return the value as JSON whose <, > and & are escaped, so the text cannot end the script element."""
    # Safe for a script element's raw text: the only characters HTML's parser acts on there are escaped.
    return mark_safe(jsonld_export.dumps(value))  # noqa: S308
