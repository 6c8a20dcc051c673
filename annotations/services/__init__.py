"""Every write that enforces a rule of Axis. Views, the API, the admin and commands call these."""

from annotations.services.analysis import (  # noqa: F401
    ARTICLE_MOVE_REFUSED,
    ARTICLE_NOT_FAILED,
    analysis_enqueue,
    analysis_requeue_abandoned,
    article_analyse,
    article_status_after,
)
from annotations.services.annotations import (  # noqa: F401
    ALREADY_DECIDED,
    CANNOT_ANNOTATE,
    CANNOT_EDIT_REJECTED,
    CHANGED_SINCE_READ,
    COMMENT_REQUIRED,
    EMPTY_ANNOTATION,
    FOREIGN_CHOICE,
    NOT_A_MEMBER,
    NOT_YOURS,
    ONLY_EDITORS_DECIDE,
    ONLY_HTTP,
    OWN_ANNOTATION,
    QUOTE_CONTEXT,
    SPAN_EMPTY,
    SPAN_OUTSIDE,
    STALE_VERSION,
    TRANSITIONS,
    VERSION_NOT_READ,
    BulkOutcome,
    SpanDraft,
    VersionConflict,
    annotation_approve_many,
    annotation_create,
    annotation_decide,
    annotation_payload,
    annotation_span_prepare,
    annotation_spans_insert,
    annotation_submit,
    annotation_update,
    annotations_create_many,
    evidence_attach,
)
from annotations.services.articles import (  # noqa: F401
    ARTICLE_RETRY_FORBIDDEN,
    ARTICLE_TEXT_EMPTY,
    article_create,
    article_delete,
    article_retry,
)
from annotations.services.audit import (  # noqa: F401
    AUDIT_SKIP_FIELDS,
    audit_record,
    audit_snapshot,
)
from annotations.services.imports import (  # noqa: F401
    ImportResult,
    webannotation_import,
)
from annotations.services.publications import (  # noqa: F401
    NOT_APPROVED,
    NOT_PUBLISHED,
    ONLY_EDITORS_PUBLISH,
    PUBLISHING_OFF,
    publication_publish,
    publication_unpublish,
    workspace_publishing_set,
)
from annotations.services.tokens import (  # noqa: F401
    TOKEN_NO_WORKSPACE,
    token_create,
    token_revoke,
    tokens_revoke_unless_member,
)
from annotations.services.workspaces import (  # noqa: F401
    DEFAULT_LABELS,
    DEFAULT_RATINGS,
    LABEL_IN_USE,
    LAST_ADMIN,
    NOT_ADMIN,
    RATING_IN_USE,
    UNKNOWN_USER,
    label_create,
    label_delete,
    membership_change,
    membership_remove,
    membership_set,
    rating_create,
    rating_delete,
    workspace_create,
)
