"""Newsletter pages (editorial, for office staff), dashboards, and the public site."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aegis.core.forms import add_service_errors
from aegis.core.periods import YearFilterForm
from aegis.core.permissions import require_permission, signed_in_user
from aegis.core.review import review_thread
from aegis.core.tabular import FORMATS as TABLE_FORMATS
from aegis.core.tabular import table_response
from aegis.reporting import photos, selectors, services
from aegis.reporting.composition import (
    Content,
    content_for_issue,
    published_languages,
    published_translation,
)
from aegis.reporting.forms import (
    BoxFormSet,
    GenerateForm,
    IssueTextForm,
    ItemForm,
    TranslationForm,
)
from aegis.reporting.models import (
    TRANSLATION_LANGUAGES,
    Issue,
    ItemTranslation,
    NewsletterItem,
    Photo,
)
from aegis.reporting.rendering import render_fragment, render_markdown, render_pdf


def _download(content: Content, fmt: str, name: str) -> HttpResponse:
    if fmt == "pdf":
        response = HttpResponse(render_pdf(content), content_type="application/pdf")
    elif fmt == "md":
        response = HttpResponse(
            render_markdown(content), content_type="text/markdown; charset=utf-8"
        )
    else:
        raise Http404(_("No such format."))
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def issue_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    issues = selectors.issue_list(user=user)
    form = GenerateForm(request.POST or None)
    if request.method == "POST":
        require_permission(user, "reporting.add_issue")
        if form.is_valid():
            try:
                issue = services.issue_generate(actor=user, month=form.cleaned_data["month"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Draft generated: %(issue)s.") % {"issue": issue})
                return redirect("highlights:detail", pk=issue.pk)
    return render(
        request,
        "reporting/issue_list.html",
        {"issues": issues, "form": form, "can_generate": user.has_perm("reporting.add_issue")},
    )


@login_required
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    issue = selectors.issue_get(user=user, pk=pk)
    content = content_for_issue(issue)
    editable = issue.status == Issue.Status.DRAFT and user.has_perm(
        "reporting.change_newsletteritem"
    )
    statuses = {t.language: t.get_status_display() for t in issue.translations.all()}
    return render(
        request,
        "reporting/issue_detail.html",
        {
            "issue": issue,
            "translations": [
                (language, statuses.get(language, "")) for language in TRANSLATION_LANGUAGES
            ],
            "body": render_fragment(content),
            "items": sorted(
                issue.items.select_related("photo"),
                key=lambda item: (_SECTION_ORDER.get(item.section, 9), item.position),
            ),
            "editable": editable,
            "can_submit": issue.status == Issue.Status.DRAFT
            and user.has_perm("reporting.change_issue"),
            "can_publish": user.has_perm("reporting.publish_issue"),
            "can_correct": issue.status == Issue.Status.PUBLISHED
            and user.has_perm("reporting.change_issue"),
            "own_work": user.pk in {issue.created_by_id, issue.submitted_by_id},
            "versions": issue.versions.order_by("number"),
            "comments": review_thread(issue),
            "can_comment": services.issue_can_comment(user=user, issue=issue),
        },
    )


@login_required
@require_POST
def issue_comment(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    issue = selectors.issue_get(user=user, pk=pk)
    try:
        services.issue_comment(actor=user, issue=issue, text=request.POST.get("text", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Comment added to the review thread."))
    return redirect(reverse("highlights:detail", args=[pk]) + "#review-thread")


# The newsletter's order of sections, for the editor's list of items.
_SECTION_ORDER = {section: rank for rank, section in enumerate(NewsletterItem.Section.values)}


@login_required
def issue_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    issue = selectors.issue_get(user=signed_in_user(request), pk=pk)
    return _download(content_for_issue(issue), fmt, f"monthly-highlights-{issue.slug}")


@login_required
@require_POST
def issue_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = signed_in_user(request)
    issue = selectors.issue_get(user=user, pk=pk)
    try:
        if step == "refresh":
            done = str(services.issue_refresh(actor=user, issue=issue))
        elif step == "correct":
            services.issue_correct(actor=user, issue=issue, erratum=request.POST.get("erratum", ""))
            done = str(_STEP_DONE["correct"])
        else:
            services.issue_transition(
                actor=user,
                issue=issue,
                step=step,
                confirmed=request.POST.get("confirm") == "yes",
                note=request.POST.get("note", ""),
            )
            done = str(_STEP_DONE.get(step, step))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, done)
    return redirect("highlights:detail", pk=pk)


_STEP_DONE = {
    "submit": gettext_lazy("Sent for review: another editor approves it."),
    "approve": gettext_lazy("Approved: it can now be published."),
    "return": gettext_lazy("Returned to draft for changes."),
    "publish": gettext_lazy(
        "Published: the public page shows this version, frozen; later edits to records do "
        "not change it."
    ),
    "correct": gettext_lazy(
        "Correction opened: the published version stays public until the corrected one is "
        "reviewed and published with its erratum."
    ),
}


@login_required
@require_POST
def item_accept(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user = signed_in_user(request)
    issue = selectors.issue_get(user=user, pk=pk)
    item = get_object_or_404(NewsletterItem, pk=item_pk, issue=issue)
    try:
        services.item_accept_proposal(actor=user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The record's new wording is now the item's."))
    return redirect("highlights:detail", pk=pk)


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int, item_pk: int, direction: str) -> HttpResponse:
    user = signed_in_user(request)
    issue = selectors.issue_get(user=user, pk=pk)
    item = get_object_or_404(NewsletterItem, pk=item_pk, issue=issue)
    try:
        services.item_move(actor=user, item=item, offset=-1 if direction == "up" else 1)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("highlights:detail", pk=pk)


@login_required
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user = signed_in_user(request)
    issue = selectors.issue_get(user=user, pk=pk)
    item = get_object_or_404(NewsletterItem, pk=item_pk, issue=issue)
    require_permission(
        user, "reporting.change_newsletteritem", _("Your role may not edit the newsletter.")
    )
    form = ItemForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        fresh = get_object_or_404(NewsletterItem, pk=item_pk, issue=issue)
        data = dict(form.cleaned_data)
        upload, remove = data.pop("photo_file", None), data.pop("remove_photo", False)
        try:
            with transaction.atomic():
                if upload:
                    data["photo"] = photos.photo_store(actor=user, upload=upload, name=upload.name)
                elif remove:
                    data["photo"] = None
                services.item_update(actor=user, item=fresh, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Item saved for this issue."))
            return redirect("highlights:detail", pk=pk)
    return render(request, "reporting/item_form.html", {"form": form, "issue": issue, "item": item})


@login_required
def issue_text(request: HttpRequest, pk: int) -> HttpResponse:
    """The issue's own text: introduction, boxes, footer and hashtags."""
    user = signed_in_user(request)
    issue = selectors.issue_get(user=user, pk=pk)
    require_permission(user, "reporting.change_issue")
    if issue.status != Issue.Status.DRAFT:
        messages.error(request, _("Only a draft issue can be changed; return it to draft first."))
        return redirect("highlights:detail", pk=pk)
    form = IssueTextForm(request.POST or None, instance=issue)
    boxes = BoxFormSet(request.POST or None, instance=issue, prefix="boxes")
    if request.method == "POST" and form.is_valid() and boxes.is_valid():
        texts = [
            services.BoxText(
                pk=box_form.instance.pk,
                delete=bool(box_form.cleaned_data.get("DELETE")),
                title=box_form.cleaned_data.get("title", ""),
                body=box_form.cleaned_data.get("body", ""),
                link=box_form.cleaned_data.get("link", ""),
                placement=box_form.cleaned_data.get("placement") or "highlights",
            )
            for box_form in boxes.forms
            if box_form.has_changed() or box_form.instance.pk
        ]
        try:
            services.issue_text_update(
                actor=user,
                issue=get_object_or_404(Issue, pk=pk),
                introduction=form.cleaned_data["introduction"],
                footer=form.cleaned_data["footer"],
                hashtags=form.cleaned_data["hashtags"],
                boxes=texts,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The issue's text is saved; Regenerate keeps it."))
            return redirect("highlights:detail", pk=pk)
    return render(
        request, "reporting/issue_text_form.html", {"form": form, "boxes": boxes, "issue": issue}
    )


# Plotly's colour bar (the world map's scale) is drawn into an element created with an empty
# ``style=""`` attribute, which ``style-src 'self'`` blocks; the empty attribute's hash allows
# exactly that no-op attribute and nothing else, on the dashboards only.
PLOTLY_CSP = {
    "style-src-attr": ["'unsafe-hashes'", "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"]
}


def _period(request: HttpRequest) -> tuple[YearFilterForm, selectors.Period | None]:
    """The period asked for in the querystring, or None when it is not a valid one."""
    form = YearFilterForm(request.GET)
    if not form.is_valid():
        return form, None
    return form, selectors.Period(year=form.chosen_year())


@login_required
@csp_update(PLOTLY_CSP)
def dashboard(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_permission(user, "activities.view_activity")
    form, period = _period(request)
    charts = selectors.office_dashboard(period=period) if period else []
    return _charts_page(request, charts, "reporting/dashboard.html", form, period)


def _charts_page(
    request: HttpRequest,
    charts: list[selectors.Chart],
    template: str,
    form: YearFilterForm,
    period: selectors.Period | None,
    **context: object,
) -> HttpResponse:
    wanted = request.GET.get("csv", "")
    for chart in charts:
        if chart.key == wanted:
            name = f"{chart.key}-{period.year}" if period and period.year else chart.key
            return table_response(columns=chart.columns, rows=chart.rows, fmt="csv", filename=name)
    context |= {
        "charts": charts,
        "table_formats": TABLE_FORMATS,
        "filter_form": form,
        "years": selectors.activity_years(),
        "chosen_year": period.year if period else None,
        "query": f"year={period.year}&" if period and period.year else "",
    }
    return render(request, template, context, status=200 if period else 400)


# The public site: no login, published records only.


def public_archive(request: HttpRequest) -> HttpResponse:
    return render(
        request, "reporting/public_archive.html", {"issues": selectors.published_issues()}
    )


def public_issue(request: HttpRequest, slug: str, version: int | None = None) -> HttpResponse:
    issue = selectors.published_issue(slug)
    versions = list(issue.versions.order_by("number"))
    content: Content = issue.snapshot  # the latest published version
    if version is not None:
        chosen = next((v for v in versions if v.number == version), None)
        if chosen is None:
            raise Http404(_("No such version."))
        content = chosen.snapshot
    return render(
        request,
        "reporting/public_issue.html",
        {
            "issue": issue,
            "body": render_fragment(content),
            "versions": versions,
            "version": version,
            "issue_languages": published_languages(issue),
            "language": "en",
        },
    )


def public_issue_translated(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The issue in ``language`` once that language's translation is published."""
    issue = selectors.published_issue(slug)
    content = _published_in(issue, language)
    return render(
        request,
        "reporting/public_issue.html",
        {
            "issue": issue,
            "body": render_fragment(content),
            "versions": [],
            "version": None,
            "issue_languages": published_languages(issue),
            "language": language,
        },
    )


def _published_in(issue: Issue, language: str) -> Content:
    content = published_translation(issue, language)
    if content is None:
        raise Http404(_("This issue is not published in that language."))
    return content


def public_issue_translated_download(
    request: HttpRequest, slug: str, language: str, fmt: str
) -> HttpResponse:
    issue = selectors.published_issue(slug)
    content = _published_in(issue, language)
    return _download(content, fmt, f"monthly-highlights-{issue.slug}-{language}")


def public_photo(request: HttpRequest, name: str) -> HttpResponseBase:
    """A stored photo, as resized on upload: anyone's once an issue naming it is published,
    office staff's before."""
    key, _dot, extension = name.partition(".")
    key = key.removesuffix(f"-{photos.SCREEN_SIDE}")
    photo = Photo.objects.filter(key=key).first()
    if photo is None or extension != photo.extension:
        raise Http404(_("No such photo."))
    if not photo.public and not request.user.has_perm("reporting.view_newsletteritem"):
        raise Http404(_("No such photo."))
    stored = photo.screen if name.startswith(f"{key}-") else photo.image
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404(_("No such photo.")) from None
    response = FileResponse(handle, content_type=f"image/{photo.format}")
    response["Cache-Control"] = "public, max-age=31536000, immutable" if photo.public else "private"
    return response


def public_issue_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    issue = selectors.published_issue(slug)
    return _download(issue.snapshot, fmt, f"monthly-highlights-{issue.slug}")


@csp_update(PLOTLY_CSP)
def public_dashboard(request: HttpRequest) -> HttpResponse:
    latest = selectors.published_issues().first()
    contributors = (latest.snapshot.get("contributors") if latest else None) or None
    form, period = _period(request)
    charts = selectors.public_dashboard(period=period) if period else []
    return _charts_page(
        request,
        charts,
        "reporting/public_dashboard.html",
        form,
        period,
        latest=latest,
        contributors=contributors,
    )


@login_required
def issue_translation(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """The issue's words in ``language``: a blank field prints in English, marked [EN]."""
    user = signed_in_user(request)
    issue = selectors.issue_get(user=user, pk=pk)
    if language not in TRANSLATION_LANGUAGES:
        raise Http404(_("Issues are not translated into that language."))
    translation = issue.translations.filter(language=language).first()
    items = list(issue.items.order_by("section", "position"))
    existing = {
        t.item_id: t for t in ItemTranslation.objects.filter(item__issue=issue, language=language)
    }
    initial: dict[str, str] = {
        "introduction": translation.introduction if translation else "",
        "footer": translation.footer if translation else "",
    }
    for item in items:
        words = existing.get(item.pk)
        if words:
            initial[f"headline_{item.pk}"] = words.headline
            initial[f"blurb_{item.pk}"] = words.blurb
            initial[f"caption_{item.pk}"] = words.photo_caption
    form = TranslationForm(request.POST or None, initial=initial, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.translation_text_update(
                actor=user,
                issue=issue,
                language=language,
                introduction=data["introduction"],
                footer=data["footer"],
            )
            for item in items:
                services.item_translation_update(
                    actor=user,
                    item=item,
                    language=language,
                    headline=data[f"headline_{item.pk}"],
                    blurb=data[f"blurb_{item.pk}"],
                    group=existing[item.pk].group if item.pk in existing else "",
                    photo_caption=data.get(f"caption_{item.pk}", ""),
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The translation is saved as a draft."))
            return redirect("highlights:translation", pk=pk, language=language)
    return render(
        request,
        "reporting/issue_translation.html",
        {
            "issue": issue,
            "language": language,
            "translation": translation,
            "form": form,
            "item_status": {
                item.pk: existing[item.pk].get_status_display()
                if item.pk in existing
                else ItemTranslation.Status.UNTRANSLATED.label
                for item in items
            },
            "steps": ("submit", "approve", "return"),
        },
    )


@login_required
@require_POST
def issue_translation_step(request: HttpRequest, pk: int, language: str, step: str) -> HttpResponse:
    user = signed_in_user(request)
    issue = selectors.issue_get(user=user, pk=pk)
    try:
        services.translation_transition(actor=user, issue=issue, language=language, step=step)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("highlights:translation", pk=pk, language=language)
