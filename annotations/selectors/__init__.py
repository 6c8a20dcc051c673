"""Reads. Querysets come back with their joins chosen, so templates never query."""

from annotations.selectors.account import token_list_for_user  # noqa: F401
from annotations.selectors.api import (  # noqa: F401
    annotation_current_for_api,
    annotations_for_api,
    articles_for_api,
    audit_events_for_api,
    claims_for_api,
    decisions_for_api,
    label_map_for_api,
    quotes_for_api,
    rating_get_for_api,
    roles_for_user,
    sources_for_api,
    with_api_columns,
    workspaces_for_api,
)
from annotations.selectors.articles import (  # noqa: F401
    ArticleCursor,
    ArticlePage,
    article_get_for_user,
    article_page_for_user,
    article_page_summary,
    article_status_get,
    membership_list_for_user,
    rows_digest,
)
from annotations.selectors.corrections import (  # noqa: F401
    Proposal,
    correction_proposal,
    correction_proposal_data,
)
from annotations.selectors.editorial import (  # noqa: F401
    Kind,
    QueueFacets,
    Snippet,
    TimelineEntry,
    annotation_changes_since,
    annotation_get_for_user,
    annotation_kinds,
    annotation_list_for_queue,
    annotation_list_sent_back,
    annotation_queue_facets,
    annotation_queue_size,
    annotation_snippet,
    annotation_timeline,
    audit_event_annotation_id,
    audit_event_changes,
    audit_event_list,
    audit_filter_options,
    membership_list_reviewing,
)
from annotations.selectors.exports import (  # noqa: F401
    ExportScope,
    annotations_for_export,
    export_count,
    export_records,
    export_scope,
    rating_scale,
)
from annotations.selectors.publications import (  # noqa: F401
    NO_PUBLIC_CHECK,
    public_check_get,
    public_check_list,
    public_workspace_get,
    publication_for_annotation,
)
from annotations.selectors.review import (  # noqa: F401
    annotation_get_for_review,
    annotation_overview,
    annotations_for_review,
    claim_split_choices,
    claims_for_review,
    claims_summary,
    labels_and_ratings,
    quotes_for_review,
    sources_for_article,
    target_filter,
)
from annotations.selectors.visibility import (  # noqa: F401
    annotation_drafts_hidden,
    annotation_visibility,
    annotation_visible_in,
    annotation_visible_to,
    audit_events_visible,
    workspaces_reading_approved_only,
)
from annotations.selectors.workspaces import (  # noqa: F401
    label_get_in_workspace,
    label_list_for_workspace,
    membership_get_in_workspace,
    membership_list_for_workspace,
    rating_get_in_workspace,
    rating_list_for_workspace,
)
