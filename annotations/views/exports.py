"""Downloads of a workspace's (or one article's) reviewed work, from the home and review pages."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from annotations import selectors
from annotations.exports import FORMATS, STATES_ALL, STATES_APPROVED
from annotations.exports.stream import export_context, export_filename, export_response, export_text
from annotations.forms import ExportForm


def _form_errors(form: forms.Form) -> str:
    return "\n".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()) + "\n"


@login_required
@require_GET
def export_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """Stream the export in `fmt` as a file; a bad parameter is a 400 that names it."""
    export_format = FORMATS.get(fmt)
    if export_format is None:
        raise Http404("No such export format.")
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponse(_form_errors(form), status=400, content_type="text/plain; charset=utf-8")
    values = form.cleaned_data
    scope = selectors.export_scope(workspace_slug=values["workspace"], user=request.user,
                                   all_states=(values["states"] or STATES_APPROVED) == STATES_ALL,
                                   article_id=values["article"], since=values["since"])
    context = export_context(scope=scope, absolute=request.build_absolute_uri)
    return export_response(export_text(fmt=export_format, scope=scope, context=context),
                           media_type=export_format.media_type,
                           filename=export_filename(fmt=export_format, scope=scope))
