"""Forms of the review page: they check the shape of input; services check the rules."""

import re

from django import forms
from django.core.validators import URLValidator

from annotations.models import Annotation, Article, Evidence, Label, Rating, Source

TARGET_RE = re.compile(r"^(?:(claim|quote):(\d+)|span:(\d+)-(\d+))$")


class TargetField(forms.CharField):
    """A claim, a quote or a span of the article, written "claim:12", "quote:3" or "span:10-42"."""

    default_error_messages = {"invalid": "Choose a claim or a quote, or select some text."}

    def to_python(self, value):
        value = super().to_python(value)
        match = TARGET_RE.match(value or "")
        if match is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        kind, pk, start, end = match.groups()
        if kind:
            return kind, int(pk)
        return "span", (int(start), int(end))


def resolve_target(article: Article, target: tuple) -> dict:
    """Return the create-service arguments for a parsed target, looked up inside the article."""
    kind, value = target
    if kind == "claim":
        claim = article.claims.filter(pk=value).first()
        if claim is None:
            raise forms.ValidationError({"target": "No such claim in this article."})
        return {"claim": claim}
    if kind == "quote":
        quote = article.quotes.select_related("source").filter(pk=value).first()
        if quote is None:
            raise forms.ValidationError({"target": "No such quote in this article."})
        return {"quote": quote}
    start, end = value
    return {"start": start, "end": end}


class ContentFields(forms.Form):
    """Tags, verdict and note: what an annotation says.

    Choices come from lists the page has already loaded, so rendering many
    forms on one page costs no query per form.
    """

    tags = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    verdict = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=10000,
                           label="Note or rationale")

    def __init__(self, *args, labels: list[Label], ratings: list[Rating], **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = {label.pk: label for label in labels}
        self.ratings = {rating.pk: rating for rating in ratings}
        self.fields["tags"].choices = [(label.pk, label.name) for label in labels]
        self.fields["verdict"].choices = [("", "No verdict"), *((r.pk, r.name) for r in ratings)]

    def clean_tags(self) -> list[Label]:
        return [self.labels[pk] for pk in self.cleaned_data["tags"]]

    def clean_verdict(self) -> Rating | None:
        pk = self.cleaned_data["verdict"]
        return None if pk is None else self.ratings[pk]


class AnnotationCreateForm(ContentFields):
    target = TargetField(widget=forms.HiddenInput)
    correction = forms.ChoiceField(choices=[("", "—"), *Annotation.Correction.choices], required=False,
                                   widget=forms.HiddenInput)
    source = forms.ModelChoiceField(queryset=Source.objects.none(), required=False, label="Existing source")
    speaker_name = forms.CharField(required=False, max_length=300, label="Speaker's name")
    speaker_role = forms.CharField(required=False, max_length=300, label="Role")
    speaker_organization = forms.CharField(required=False, max_length=300, label="Organization")
    split_at = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, workspace_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        # Only read when a correction names a source; the panel renders its own select.
        self.fields["source"].queryset = Source.objects.filter(workspace_id=workspace_id)

    def other_errors(self) -> list[str]:
        """Return the errors of fields that the content fields template does not show."""
        shown = {"tags", "verdict", "note", "__all__"}
        return [message for field, errors in self.errors.items() if field not in shown for message in errors]

    def clean(self):
        data = super().clean()
        correction = data.get("correction")
        if correction in (Annotation.Correction.SPEAKER, Annotation.Correction.MISSED_QUOTE):
            if not data.get("source") and not data.get("speaker_name", "").strip():
                self.add_error("speaker_name", "Choose an existing source or name the speaker.")
        if correction == Annotation.Correction.SPLIT_CLAIM and not data.get("split_at"):
            self.add_error("split_at", "Click in the claim where it should be split.")
        return data

    def correction_data(self) -> dict:
        """Return what the correction proposes, as stored on the annotation."""
        data = self.cleaned_data
        correction = data.get("correction")
        if correction in (Annotation.Correction.SPEAKER, Annotation.Correction.MISSED_QUOTE):
            if data.get("source"):
                return {"source_id": data["source"].pk, "name": data["source"].name}
            return {
                "name": data["speaker_name"].strip(),
                "role": data.get("speaker_role", "").strip(),
                "organization": data.get("speaker_organization", "").strip(),
            }
        if correction == Annotation.Correction.SPLIT_CLAIM:
            return {"at": data["split_at"]}
        return {}


class AnnotationEditForm(ContentFields):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EvidenceForm(forms.Form):
    # A plain CharField: URLField would add its own validator and say everything twice.
    url = forms.CharField(label="Link", max_length=2000, validators=[
        URLValidator(schemes=["http", "https"], message="Enter a web link starting with http:// or https://.")
    ])
    title = forms.CharField(required=False, max_length=500)
    publisher = forms.CharField(required=False, max_length=300)
    stance = forms.ChoiceField(choices=Evidence.Stance.choices, initial=Evidence.Stance.CONTEXT)


def add_service_error(form: forms.Form, exc: forms.ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where the form has one, else on the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)
