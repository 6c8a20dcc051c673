"""Filters of the list endpoints. Only the filters declared here exist: nothing reaches across
relations from a query parameter (a filter like author__password__startswith would leak hashes)."""

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from annotations.input_checks import OFFSET_REFUSED, offset_is_storable
from annotations.models import (
    Annotation,
    AnnotationState,
    Article,
    AuditEvent,
    Claim,
    CorrectionKind,
    Decision,
    Origin,
    Quote,
    QuoteKind,
    QuoteState,
    ReviewDecision,
    Source,
)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """An id, as a whole number, compared and never looked up: the id of another workspace's
    object finds nothing, like an id that does not exist. (django-filter's default for a
    foreign key looks the id up among all objects and refuses one that does not exist,
    which told a caller which ids exist in other workspaces.)"""

    field_class = forms.IntegerField

    def filter(self, qs, value):
        # `field_name=value`, without django-filter's `__exact`: after `annotation_id`
        # Django reads `exact` as the annotation's field of that name.
        return qs if value is None else qs.filter(**{self.field_name: value})


class StorableIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 time whose UTC offset PostgreSQL can read (±15:59; Python reads up to ±23:59)."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is not None and not offset_is_storable(moment):
            raise forms.ValidationError(OFFSET_REFUSED, code="invalid")
        return moment


@extend_schema_field(OpenApiTypes.DATETIME)
class StorableIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """`…_since` filters: a time with an offset PostgreSQL cannot read is a 400 naming the filter."""

    field_class = StorableIsoDateTimeField


UPDATED_SINCE = "Only those changed at or after this ISO 8601 time, e.g. 2026-11-01T00:00:00Z."
ARTICLE = "Only those of the article with this id."


class ArticleFilter(django_filters.FilterSet):
    workspace = django_filters.CharFilter(field_name="workspace__slug", help_text="Workspace slug.")
    status = django_filters.ChoiceFilter(choices=Article.Status.choices, help_text="How far the analysis has got.")
    language = django_filters.CharFilter(help_text="Language code the analysis detected, e.g. `en`.")
    updated_since = StorableIsoDateTimeFilter(field_name="updated", lookup_expr="gte", help_text=UPDATED_SINCE)

    class Meta:
        model = Article
        fields = ["workspace", "status", "language"]


class ClaimFilter(django_filters.FilterSet):
    article = IdFilter(field_name="article_id", help_text=ARTICLE)
    origin = django_filters.ChoiceFilter(choices=Origin.choices, help_text="Who made the claim.")
    checkworthiness_min = django_filters.NumberFilter(field_name="checkworthiness", lookup_expr="gte",
                                                      help_text="Claims scoring at least this (0 to 1).")

    class Meta:
        model = Claim
        fields = ["origin"]


class QuoteFilter(django_filters.FilterSet):
    speaker = django_filters.CharFilter(field_name="source__name", lookup_expr="iexact", help_text="Speaker's name.")
    source = IdFilter(field_name="source_id", help_text="Only quotes of the source with this id.")
    article = IdFilter(field_name="article_id", help_text=ARTICLE)
    kind = django_filters.ChoiceFilter(choices=QuoteKind.choices, help_text="Direct or indirect speech.")
    state = django_filters.ChoiceFilter(choices=QuoteState.choices, help_text="Where the quote's review stands.")

    class Meta:
        model = Quote
        fields = ["kind", "state"]


class SourceFilter(django_filters.FilterSet):
    workspace = django_filters.CharFilter(field_name="workspace__slug", help_text="Workspace slug.")
    name = django_filters.CharFilter(lookup_expr="icontains", help_text="Part of the name, in any case.")
    is_institution = django_filters.BooleanFilter(help_text="`true` for institutions, `false` for people.")

    class Meta:
        model = Source
        fields = ["workspace", "name", "is_institution"]


class AnnotationFilter(django_filters.FilterSet):
    article = IdFilter(field_name="article_id", help_text=ARTICLE)
    claim = IdFilter(field_name="claim_id", help_text="Only annotations of the claim with this id.")
    quote = IdFilter(field_name="quote_id", help_text="Only annotations of the quote with this id.")
    state = django_filters.ChoiceFilter(choices=AnnotationState.choices, help_text="Where the review stands.")
    correction = django_filters.ChoiceFilter(choices=CorrectionKind.choices,
                                             help_text="Only annotations proposing this correction.")
    tag = django_filters.CharFilter(field_name="tags__name", lookup_expr="iexact", distinct=True,
                                    help_text="A tag of the workspace's label set.")
    verdict = django_filters.CharFilter(field_name="verdict__name", lookup_expr="iexact",
                                        help_text="A verdict of the workspace's rating scale, in any case.")
    speaker = django_filters.CharFilter(field_name="quote__source__name", lookup_expr="iexact",
                                        help_text="Annotations on quotes of this speaker.")
    checkworthiness_min = django_filters.NumberFilter(field_name="claim__checkworthiness", lookup_expr="gte",
                                                      help_text="Annotations on claims scoring at least this (0 to 1).")
    updated_since = StorableIsoDateTimeFilter(field_name="updated", lookup_expr="gte", help_text=UPDATED_SINCE)

    class Meta:
        model = Annotation
        fields = ["state", "correction"]


class DecisionFilter(django_filters.FilterSet):
    annotation = IdFilter(field_name="annotation_id", help_text="Only decisions on the annotation with this id.")
    decision = django_filters.ChoiceFilter(choices=Decision.choices, help_text="Only this kind of decision.")

    class Meta:
        model = ReviewDecision
        fields = ["decision"]


class AuditEventFilter(django_filters.FilterSet):
    since = StorableIsoDateTimeFilter(field_name="created", lookup_expr="gte",
                                        help_text="Only events at or after this ISO 8601 time.")
    action = django_filters.CharFilter(help_text="Only this action, e.g. `annotation.approve`.")
    object_type = django_filters.CharFilter(help_text="Only events on this kind of object, e.g. `annotation`.")
    object_id = django_filters.CharFilter(help_text="Only events on the object with this id (with `object_type`).")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id"]
