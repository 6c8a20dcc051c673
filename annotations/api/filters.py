"""Filters of the list endpoints. Only the filters declared here exist: nothing reaches across
relations from a query parameter (a filter like author__password__startswith would leak hashes)."""

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from annotations.input_checks import OFFSET_REFUSED, offset_is_storable
from annotations.models import Annotation, AnnotationState, Article, AuditEvent, Claim, Quote, ReviewDecision, Source


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


class ArticleFilter(django_filters.FilterSet):
    workspace = django_filters.CharFilter(field_name="workspace__slug", help_text="Workspace slug.")
    updated_since = StorableIsoDateTimeFilter(field_name="updated", lookup_expr="gte")

    class Meta:
        model = Article
        fields = ["workspace", "status", "language"]


class ClaimFilter(django_filters.FilterSet):
    article = IdFilter(field_name="article_id")
    checkworthiness_min = django_filters.NumberFilter(field_name="checkworthiness", lookup_expr="gte",
                                                      help_text="Claims scoring at least this (0 to 1).")

    class Meta:
        model = Claim
        fields = ["origin"]


class QuoteFilter(django_filters.FilterSet):
    speaker = django_filters.CharFilter(field_name="source__name", lookup_expr="iexact", help_text="Speaker's name.")
    source = IdFilter(field_name="source_id")
    article = IdFilter(field_name="article_id")

    class Meta:
        model = Quote
        fields = ["kind", "state"]


class SourceFilter(django_filters.FilterSet):
    workspace = django_filters.CharFilter(field_name="workspace__slug")
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Source
        fields = ["workspace", "name", "is_institution"]


class AnnotationFilter(django_filters.FilterSet):
    article = IdFilter(field_name="article_id")
    claim = IdFilter(field_name="claim_id")
    quote = IdFilter(field_name="quote_id")
    state = django_filters.ChoiceFilter(choices=AnnotationState.choices)
    tag = django_filters.CharFilter(field_name="tags__name", lookup_expr="iexact", distinct=True,
                                    help_text="A tag of the workspace's label set.")
    verdict = django_filters.CharFilter(field_name="verdict__name", lookup_expr="iexact")
    speaker = django_filters.CharFilter(field_name="quote__source__name", lookup_expr="iexact",
                                        help_text="Annotations on quotes of this speaker.")
    checkworthiness_min = django_filters.NumberFilter(field_name="claim__checkworthiness", lookup_expr="gte")
    updated_since = StorableIsoDateTimeFilter(field_name="updated", lookup_expr="gte")

    class Meta:
        model = Annotation
        fields = ["state", "correction"]


class DecisionFilter(django_filters.FilterSet):
    annotation = IdFilter(field_name="annotation_id")

    class Meta:
        model = ReviewDecision
        fields = ["decision"]


class AuditEventFilter(django_filters.FilterSet):
    since = StorableIsoDateTimeFilter(field_name="created", lookup_expr="gte")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id"]
