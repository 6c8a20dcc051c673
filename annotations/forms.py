"""Forms of the HTML pages: they check the shape of input; services check the rules."""

import re
from urllib.parse import urlsplit

from django import forms
from django.core.validators import URLValidator
from django.urls import reverse

from annotations import limits
from annotations.exports import STATES, parse_since
from annotations.models import Annotation, Article, Decision, Evidence, Label, Membership, Rating, Source, Workspace
from annotations.selectors import search
from annotations.selectors.editorial import Kind
from annotations.uploads import UploadError, read_upload

VERSION_MISSING = "The decision did not say which version you read; reload the queue and decide again."
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
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=limits.NOTE_MAX_CHARS,
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
    split_at = forms.IntegerField(required=False, min_value=1, label="Split after")
    # The service names the fields of correction_data; these are the form's own for them.
    service_fields = {"correction_data.name": "speaker_name", "correction_data.role": "speaker_role",
                      "correction_data.organization": "speaker_organization",
                      "correction_data.source_id": "source", "correction_data.at": "split_at"}

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
    url = forms.CharField(label="Link", max_length=limits.URL_MAX_CHARS, validators=[
        URLValidator(schemes=["http", "https"], message="Enter a web link starting with http:// or https://.")
    ])
    title = forms.CharField(required=False, max_length=limits.EVIDENCE_TITLE_MAX_CHARS)
    publisher = forms.CharField(required=False, max_length=limits.EVIDENCE_PUBLISHER_MAX_CHARS)
    stance = forms.ChoiceField(choices=Evidence.Stance.choices, initial=Evidence.Stance.CONTEXT)


def add_service_error(form: forms.Form, exc: forms.ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where the form has one, else on the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    aliases = getattr(form, "service_fields", {})
    for field, errors in exc.message_dict.items():
        field = aliases.get(field, field)
        form.add_error(field if field in form.fields else None, errors)


class ArticleAddForm(forms.Form):
    """Paste an article or upload a .txt or .html file, with what is known about it."""

    workspace = forms.ModelChoiceField(queryset=Workspace.objects.none(), empty_label=None)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 14}), strip=False,
                           label="Article text", help_text="Paste the article as it appears, page chrome and all.")
    file = forms.FileField(required=False, label="…or upload a file", help_text=".txt or .html, up to 2 MB")
    title = forms.CharField(required=False, max_length=500, help_text="Found in the text when left empty.")
    source_url = forms.URLField(required=False, max_length=2000, label="Source URL", assume_scheme="https")
    byline = forms.CharField(required=False, max_length=300, label="Author")
    published = forms.DateField(required=False, label="Published on", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, workspaces, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.fields["workspace"].queryset = workspaces
        self.fields["file"].help_text = f".txt or .html, up to {limit // (1024 * 1024) or 1} MB"

    def clean(self):
        data = super().clean()
        text, upload = data.get("text") or "", data.get("file")
        if upload is not None:
            if text.strip():
                self.add_error("text", "Paste the text or upload a file, not both.")
                return data
            try:
                data["text"], data["content_type"] = read_upload(upload, limit=self.limit)
            except UploadError as error:
                self.add_error("file", str(error))
            return data
        if not text.strip():
            self.add_error("text", "Paste the article's text, or upload a file.")
        elif len(text.encode("utf-8")) > self.limit:
            self.add_error("text", f"The text is larger than the {self.limit:,}-byte limit.")
        elif "\x00" in text:
            self.add_error("text", "The text contains binary data.")
        data["content_type"] = "text/html" if text.lstrip()[:1] == "<" else None
        return data


# The editor's queue and the audit trail


def queue_url(value: str) -> str:
    """Return `value` when it is the queue page (with any filters), else the bare queue page."""
    queue = reverse("annotations:queue")
    parts = urlsplit(value)
    # Only ever back to the queue itself: anything else would make this an open redirect.
    if parts.scheme or parts.netloc or parts.path != queue:
        return queue
    return value


class QueueFilterForm(forms.Form):
    article = forms.IntegerField(required=False, min_value=1)
    reviewer = forms.IntegerField(required=False, min_value=1)
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Kind.choices])
    tag = forms.IntegerField(required=False, min_value=1)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices)
    comment = forms.CharField(required=False, max_length=5000, strip=True)
    # The version the editor read: deciding on any other one is refused.
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput,
                                 error_messages={"required": VERSION_MISSING, "invalid": VERSION_MISSING,
                                                 "min_value": VERSION_MISSING})
    # The queue page, with its filters, to go back to.
    next = forms.CharField(required=False, max_length=2000)

    def clean_next(self) -> str:
        return queue_url(self.cleaned_data["next"])


class AuditFilterForm(forms.Form):
    action = forms.CharField(required=False, max_length=60)
    actor = forms.CharField(required=False, max_length=20)
    object_type = forms.CharField(required=False, max_length=60)
    date_from = forms.DateField(required=False, label="From")
    date_to = forms.DateField(required=False, label="To")

    def clean_actor(self) -> str:
        actor = self.cleaned_data["actor"]
        if actor and actor != "none" and not actor.isdigit():
            raise forms.ValidationError("Choose a person from the list.")
        return actor

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date comes before the start date.")
        return data


# Downloads of reviewed work


class ExportForm(forms.Form):
    workspace = forms.SlugField()
    article = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    since = forms.CharField(required=False)
    states = forms.ChoiceField(required=False, choices=[(s, s) for s in STATES])

    def clean_since(self):
        value = self.cleaned_data["since"]
        if not value:
            return None
        try:
            return parse_since(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


# A workspace's settings page


class _SettingsForm(forms.Form):
    """The page holds three of these forms, two with a `name` field: each names its ids after itself."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id=f"{self.id_prefix}_%s", **kwargs)


class MemberForm(_SettingsForm):
    id_prefix = "member"
    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Membership.Role.choices)


class LabelForm(_SettingsForm):
    id_prefix = "label"
    name = forms.CharField(max_length=60, label="Tag")
    description = forms.CharField(max_length=300, required=False)


class RatingForm(_SettingsForm):
    id_prefix = "rating"
    name = forms.CharField(max_length=60, label="Verdict")
    value = forms.IntegerField(required=False, min_value=1, max_value=99,
                               help_text="Its place on the ordered scale (5 = True … 1 = False); empty for verdicts "
                                         "outside the scale, like Misleading.")


class PublishingForm(forms.Form):
    # A prefix keeps its id apart from the other forms' fields on the one settings page.
    prefix = "publishing"
    publish_fact_checks = forms.BooleanField(
        required=False, label="Publish fact checks",
        help_text="Approved verdicts that an editor publishes get a public page, readable without signing in, "
                  "with their ClaimReview markup. Switching this off takes every such page down.")


# Search across the archive (selectors/search.py)


class SearchForm(forms.Form):
    """The header's search box and the results page's filters; the API reads the same form."""

    SEARCH_EMPTY = "Type the words to search for."

    q = forms.CharField(max_length=500, label="Search", error_messages={"required": SEARCH_EMPTY})
    workspace = forms.ChoiceField(required=False, choices=[],
                                  error_messages={"invalid_choice": "No such workspace among yours."})
    kind = forms.ChoiceField(required=False, choices=[("", "Everything"), *search.KIND_LABELS.items()])
    date_from = forms.DateField(required=False, label="From")
    date_to = forms.DateField(required=False, label="To")
    verdict = forms.CharField(required=False, max_length=60)
    state = forms.ChoiceField(required=False, choices=[("", "Any state"), *Annotation.State.choices])
    speaker = forms.CharField(required=False, max_length=300)

    def __init__(self, *args, roles: dict[int, str], workspaces: dict[str, int], **kwargs):
        """`roles` is {workspace id: role} of the caller; `workspaces` {slug: id} of the same workspaces."""
        super().__init__(*args, **kwargs)
        self.roles = roles
        self.workspaces = workspaces
        self.fields["workspace"].choices = [("", "All your workspaces"), *((s, s) for s in workspaces)]

    def clean_q(self) -> str:
        q = self.cleaned_data["q"].strip()
        if not q:
            raise forms.ValidationError(self.SEARCH_EMPTY)
        return q

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date comes before the start date.")
        verdict = data.get("verdict")
        if verdict and not search.search_verdict_exists(workspace_ids=list(self.searched_roles()), verdict=verdict):
            self.add_error("verdict", search.NO_SUCH_VERDICT)
        return data

    def searched_roles(self) -> dict[int, str]:
        """Return {workspace id: role} of the workspaces to search: the one chosen, or all the caller's."""
        slug = self.cleaned_data.get("workspace")
        if slug:
            return {self.workspaces[slug]: self.roles[self.workspaces[slug]]}
        return self.roles

    def filters(self) -> search.SearchFilters:
        data = self.cleaned_data
        return search.SearchFilters(date_from=data["date_from"], date_to=data["date_to"], verdict=data["verdict"],
                                    state=data["state"], speaker=data["speaker"].strip())

    def kinds(self) -> tuple[str, ...]:
        kind = self.cleaned_data["kind"]
        return (kind,) if kind else search.KINDS
