"""Reads. Querysets come back with their joins chosen, so templates never query."""

from annotations.selectors.articles import (  # noqa: F401
    annotation_counts_for_article,
    article_get_for_user,
    article_list_for_user,
    claim_list_for_article,
    membership_list_for_user,
    quote_list_for_article,
)
