"""PIU pages: thin views over the same selectors and services as the API.

Every page that shows personal data is logged by ``access.logged`` (a record page, a list
of names, an export, a refused attempt); rule back-tests are logged by their selector.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from aegis.core.audit import audit_trail
from aegis.core.forms import add_service_errors, query_filters
from aegis.core.models import User
from aegis.core.pagination import paginate
from aegis.core.permissions import require_permission, signed_in_user
from aegis.core.tabular import safe_row, table_response
from aegis.travel import iapi, intake, links, selectors, services
from aegis.travel import rules as rule_engine
from aegis.travel.access import Kind, entry_links, logged
from aegis.travel.forms import (
    AccessLogFilterForm,
    CaseAssignForm,
    CaseCloseForm,
    CaseCommentForm,
    CaseDirectionForm,
    CaseFilterForm,
    CaseReassignForm,
    CaseReopenForm,
    CaseTaskAnswerForm,
    CaseTaskForm,
    ExportForm,
    ReferralAnswerForm,
    ReferralForm,
    ReidentifyForm,
    RuleForm,
    WatchlistUploadForm,
)
from aegis.travel.models import AccessLog, Case, CheckIn, ScreeningRun, Watchlist
from aegis.travel.otp import piu_page


@piu_page
def board(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not user.has_perm("travel.view_flight"):
        return redirect("travel:cases")  # an agency liaison's start page
    flights = selectors.flight_board(user=user)
    return render(
        request,
        "travel/board.html",
        {
            "summary": selectors.piu_summary(user=user),
            "notifications": selectors.case_notifications(user=user),
            **paginate(request, flights, per_page=50),
        },
    )


@logged("flight passenger list", kind=Kind.FLIGHT)
@piu_page
def flight_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    flight = selectors.flight_get(user=user, pk=pk)
    travellers = selectors.flight_travellers(user=user, flight=flight)
    return TemplateResponse(
        request,
        "travel/flight_detail.html",
        {
            "flight": flight,
            "export_form": ExportForm(),
            **paginate(request, travellers, per_page=100),
        },
    )


@logged(
    "flight passenger list",
    kind=Kind.FLIGHT,
    action=AccessLog.Action.EXPORT,
    purpose_field="purpose",
)
@piu_page
@require_POST
def flight_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The passenger list as CSV; the purpose is required and logged with the export."""
    user = signed_in_user(request)
    flight = selectors.flight_get(user=user, pk=pk)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("State the purpose of the export."))
        return redirect("travel:flight", pk=pk)
    travellers = selectors.flight_travellers(user=user, flight=flight, documents=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="passengers-{flight.pk}.csv"'
    writer = csv.writer(response)
    # Names and seats come from carriers: safe_row writes a would-be formula as text.
    writer.writerow(["surname", "given names", "born", "nationality", "seat", "documents", "hits"])
    for traveller in travellers:
        writer.writerow(
            safe_row(
                [
                    traveller.surname,
                    traveller.given_names,
                    traveller.date_of_birth.isoformat() if traveller.date_of_birth else "",
                    traveller.nationality,
                    traveller.seat,
                    " ".join(d.number for d in traveller.documents.all()),
                    traveller.hit_count,  # type: ignore[attr-defined]
                ]
            )
        )
    return response


@logged("traveller", kind=Kind.TRAVELLER)
@piu_page
def traveller_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    traveller = selectors.traveller_get(user=user, pk=pk)
    sealed = None
    form = ReidentifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sealed = services.traveller_reidentify(
                actor=user,
                traveller=traveller,
                authorisation=form.cleaned_data["authorisation"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
    depth = links.parse_depth(request.GET.get("depth"))
    graph = links.traveller_links(user=user, traveller=traveller, depth=depth)
    return render(
        request,
        "travel/traveller_detail.html",
        {
            "traveller": traveller,
            "case": getattr(traveller, "case", None),
            "history": links.traveller_history(user=user, traveller=traveller),
            "links": graph,
            "depths": range(1, links.MAX_DEPTH + 1),
            "drawing": links.drawing(graph),
            "airports": selectors.route_airports(traveller),
            "can_reidentify": user.has_perm("travel.reidentify_traveller")
            and traveller.masked_at is not None,
            "reidentify_form": form,
            "sealed": sealed,
            "audit_trail": audit_trail(traveller, limit=20),
            "suppressed": selectors.suppressed_for(user=user, traveller=traveller),
            "removed": selectors.removed_at_intake(booking=traveller.booking),
        },
    )


@logged("booking", kind=Kind.BOOKING)
@piu_page
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    booking = selectors.booking_get(user=user, pk=pk)
    return render(
        request,
        "travel/booking_detail.html",
        {
            "booking": booking,
            "removed": selectors.removed_at_intake(booking=booking),
            "shared": links.booking_links(user=user, booking=booking),
            "identifiers": selectors.booking_identifiers(booking=booking),
        },
    )


@logged("case list")
@piu_page
def case_list(request: HttpRequest) -> HttpResponse:
    """The cases for triage: filtered, sorted by departure, ticked for a bulk assignment."""
    user = signed_in_user(request)
    form = CaseFilterForm(request.GET or None)
    query_filters(form)  # 400 naming a bad parameter
    cases = selectors.case_list(user=user, filters=form.filters())
    can_assign = user.has_perm("travel.supervise_case")
    return TemplateResponse(
        request,
        "travel/case_list.html",
        {
            "form": form,
            "piu": user.has_perm("travel.view_case"),
            "can_assign": can_assign,
            "assign_form": CaseAssignForm() if can_assign else None,
            "now": timezone.now(),
            "notifications": selectors.case_notifications(user=user),
            **paginate(request, cases),
        },
    )


@piu_page
@require_POST
def case_assign(request: HttpRequest) -> HttpResponse:
    """A supervisor assigns the cases ticked in the list to one analyst."""
    user = signed_in_user(request)
    require_permission(user, "travel.supervise_case")
    form = CaseAssignForm(request.POST, cases=selectors.case_visible(user=user))
    # Back to the same filtered page; re-encoded, and always the case list's own path.
    target = f"{reverse('travel:cases')}?{QueryDict(request.POST.get('next', '')).urlencode()}"
    if not form.is_valid():
        messages.error(request, _("Tick the cases and choose whom to assign them to."))
        return redirect(target)
    assignee = form.cleaned_data["assignee"]
    try:
        done = services.case_assign_many(
            actor=user, cases=list(form.cleaned_data["cases"]), assignee=assignee
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(target)
    if done.assigned:
        messages.success(
            request,
            ngettext(
                "%(count)s case assigned to %(who)s.",
                "%(count)s cases assigned to %(who)s.",
                len(done.assigned),
            )
            % {"count": len(done.assigned), "who": assignee},
        )
    if done.closed:
        messages.warning(
            request,
            _("Not assigned, because closed: case %(cases)s.")
            % {"cases": ", ".join(str(pk) for pk in done.closed)},
        )
    return redirect(target)


def _network_drawing(network: selectors.Network) -> dict[str, Any]:
    """Positions for the server-side SVG: the traveller in the middle, links on a circle."""
    width, height, radius = 640, 420, 160
    cx, cy = width / 2, height / 2
    nodes = []
    count = max(1, len(network.links))
    for position, link in enumerate(network.links):
        angle = 2 * math.pi * position / count - math.pi / 2
        nodes.append(
            {
                "link": link,
                "x": round(cx + radius * math.cos(angle), 1),
                "y": round(cy + radius * math.sin(angle), 1),
            }
        )
    return {"width": width, "height": height, "cx": cx, "cy": cy, "nodes": nodes}


def _shared_rows(data: dict[str, Any]) -> list[tuple[str, str]]:
    """A referral's "data shared" as labelled fields (lists joined), never a Python repr."""
    rows = []
    for key, value in data.items():
        if isinstance(value, list):
            text = ", ".join(str(item) for item in value)
        elif isinstance(value, dict):
            text = "; ".join(f"{k}: {v}" for k, v in value.items())
        else:
            text = str(value)
        rows.append((key.replace("_", " ").capitalize(), text))
    return rows


@logged("case", kind=Kind.CASE)
@piu_page
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    case = selectors.case_get(user=user, pk=pk)
    services.case_notifications_read(user=user, case=case)
    piu = user.has_perm("travel.view_case")
    network = selectors.traveller_network(user=user, traveller=case.traveller) if piu else None
    can_review = user.has_perm("travel.review_case")
    can_supervise = user.has_perm("travel.supervise_case")
    referrals = selectors.referrals_for(user=user, case=case)
    # Checked in through the iAPI door: the carrier awaits a direction until the PIU's limit.
    check_in = CheckIn.objects.filter(traveller_id=case.traveller_id).first() if piu else None
    direction_until = (
        case.opened_at + dt.timedelta(minutes=settings.AEGIS_IAPI_DIRECTION_MINUTES)
        if check_in is not None
        else None
    )
    for referral in referrals:
        referral.shared_rows = _shared_rows(referral.shared_data)  # type: ignore[attr-defined]
    tasks = selectors.case_tasks(user=user, case=case) if piu else []
    for task in tasks:
        task.can_answer = task.done_at is None and (  # type: ignore[attr-defined]
            task.assignee_id == user.pk or can_supervise
        )
    return render(
        request,
        "travel/case_detail.html",
        {
            "case": case,
            "hits": list(case.hits.all()),
            "piu": piu,
            "network": network,
            "drawing": _network_drawing(network) if network else None,
            "referrals": referrals,
            "tasks": tasks,
            "now": timezone.now(),
            "can_review": can_review and case.status == Case.Status.NEW,
            "can_close": can_review and case.status == Case.Status.IN_REVIEW,
            "can_reopen": can_supervise and case.status == Case.Status.CLOSED,
            "can_reassign": can_supervise and case.status != Case.Status.CLOSED,
            "can_refer": user.has_perm("travel.add_referral") and case.status != Case.Status.NEW,
            "can_answer": user.has_perm("travel.answer_referral"),
            "check_in": check_in,
            "direction_until": direction_until,
            "can_direct": (
                can_review
                and check_in is not None
                and case.status != Case.Status.CLOSED
                and direction_until is not None
                and timezone.now() <= direction_until
            ),
            "direction_form": CaseDirectionForm(),
            "can_comment": piu and can_review,
            "close_form": CaseCloseForm(),
            "reopen_form": CaseReopenForm(),
            "reassign_form": CaseReassignForm() if can_supervise else None,
            "referral_form": ReferralForm() if piu else None,
            "answer_form": ReferralAnswerForm(),
            "comment_form": CaseCommentForm(),
            "task_form": CaseTaskForm(user=user) if piu and can_review else None,
            "task_answer_form": CaseTaskAnswerForm(),
            "history": selectors.case_history(user=user, case=case, tasks=tasks) if piu else [],
        },
    )


def _done(case: Case, transition: str) -> str:
    """What a step did, in words, for the message after it."""
    if transition == "review":
        return _("You are reviewing case %(case)s; it is assigned to %(who)s.") % {
            "case": case.pk,
            "who": case.assignee,
        }
    if transition == "close":
        return _("Case %(case)s closed as %(outcome)s.") % {
            "case": case.pk,
            "outcome": case.get_outcome_display().lower(),
        }
    if transition == "reopen":
        return _("Case %(case)s re-opened for review.") % {"case": case.pk}
    return _("Case %(case)s assigned to %(who)s.") % {"case": case.pk, "who": case.assignee}


@logged("case", kind=Kind.CASE, on_success=False)
@piu_page
@require_POST
def case_transition(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    user = signed_in_user(request)
    case = selectors.case_get(user=user, pk=pk)
    data = request.POST
    assignee = None
    if transition == "reassign":
        form = CaseReassignForm(data)
        assignee = form.cleaned_data["assignee"] if form.is_valid() else None
    try:
        case = services.case_transition(
            actor=user,
            case=case,
            transition=transition,
            justification=data.get("justification", ""),
            outcome=data.get("outcome", ""),
            assignee=assignee,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _done(case, transition))
    return redirect("travel:case", pk=pk)


@logged("case", kind=Kind.CASE, on_success=False)
@piu_page
@require_POST
def case_direction(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    case = selectors.case_get(user=user, pk=pk)
    form = CaseDirectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the direction and give the reason."))
        return redirect("travel:case", pk=pk)
    try:
        iapi.direction_give(actor=user, case=case, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The carrier has been sent the direction."))
    return redirect("travel:case", pk=pk)


@logged("case", kind=Kind.CASE, on_success=False)
@piu_page
@require_POST
def case_refer(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    case = selectors.case_get(user=user, pk=pk)
    form = ReferralForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the agency and give the reason."))
        return redirect("travel:case", pk=pk)
    try:
        referral = services.referral_create(actor=user, case=case, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Case %(case)s referred to %(agency)s.") % {"case": pk, "agency": referral.agency},
        )
    return redirect("travel:case", pk=pk)


@logged("case", kind=Kind.CASE, on_success=False)
@piu_page
@require_POST
def case_comment(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    case = selectors.case_get(user=user, pk=pk)
    form = CaseCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the comment."))
        return redirect("travel:case", pk=pk)
    try:
        services.case_comment_add(actor=user, case=case, text=form.cleaned_data["text"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Comment added to case %(case)s.") % {"case": pk})
    return redirect("travel:case", pk=pk)


@logged("case", kind=Kind.CASE, on_success=False)
@piu_page
@require_POST
def case_task(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    case = selectors.case_get(user=user, pk=pk)
    form = CaseTaskForm(request.POST, user=user)
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[n].label}: {' '.join(str(m) for m in e)}" for n, e in form.errors.items()
        )
        messages.error(request, _("Question not sent: %(problems)s") % {"problems": problems})
        return redirect("travel:case", pk=pk)
    try:
        task = services.case_task_create(actor=user, case=case, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Question sent to %(who)s, to answer by %(due)s.")
            % {
                "who": task.assignee,
                "due": date_format(timezone.localtime(task.due_at), "j M Y H:i"),
            },
        )
    return redirect("travel:case", pk=pk)


@piu_page
@require_POST
def case_task_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    task = selectors.case_task_get(user=user, pk=pk)
    form = CaseTaskAnswerForm(request.POST)
    try:
        services.case_task_answer(actor=user, task=task, answer=form.data.get("answer", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Answer sent to %(who)s.") % {"who": task.created_by})
    return redirect("travel:case", pk=task.case_id)


@logged("referral", kind=Kind.REFERRAL, on_success=False)
@piu_page
@require_POST
def referral_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = selectors.referral_get_for_answer(user=user, pk=pk)
    form = ReferralAnswerForm(request.POST)
    try:
        services.referral_answer(
            actor=user,
            referral=referral,
            answer=form.data.get("answer", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Answer recorded."))
    return redirect("travel:case", pk=referral.case_id)


@piu_page
def rule_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "travel/rule_list.html",
        {"rules": selectors.rule_list(user=user), "can_add": user.has_perm("travel.add_rule")},
    )


@piu_page
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = signed_in_user(request)
    rule = selectors.rule_get(user=user, pk=pk) if pk else None
    require_permission(user, "travel.change_rule" if rule else "travel.add_rule")
    initial = None
    if rule is not None:
        latest = rule.versions.order_by("-number").first()
        initial = RuleForm.initial_for(rule, latest.conditions) if latest else None
    form = RuleForm(request.POST or None, initial=initial)
    backtest = None
    if request.method == "POST" and form.is_valid():
        if "test" in request.POST:
            backtest = selectors.rule_backtest(
                user=user,
                conditions=form.conditions(),
                rule=rule,
                name=form.cleaned_data["name"],
                path=request.get_full_path(),
            )
        else:
            try:
                if rule is None:
                    rule = services.rule_create(
                        actor=user,
                        name=form.cleaned_data["name"],
                        conditions=form.conditions(),
                        severity=form.cleaned_data["severity"],
                        description=form.cleaned_data["description"],
                    )
                else:
                    services.rule_update(
                        actor=user,
                        rule=rule,
                        conditions=form.conditions(),
                        severity=form.cleaned_data["severity"],
                        description=form.cleaned_data["description"],
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Rule saved."))
                return redirect("travel:rule", pk=rule.pk)
    return render(
        request, "travel/rule_form.html", {"form": form, "rule": rule, "backtest": backtest}
    )


@piu_page
def rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    rule = selectors.rule_get(user=user, pk=pk)
    versions = list(rule.versions.order_by("-number"))
    for version in versions:
        version.described = rule_engine.describe_rule(  # type: ignore[attr-defined]
            rule_engine.parse_rule(version.conditions)
        )
    backtest = None
    if request.GET.get("test") and versions:
        backtest = selectors.rule_backtest(
            user=user, conditions=versions[0].conditions, rule=rule, path=request.get_full_path()
        )
    return render(
        request,
        "travel/rule_detail.html",
        {
            "rule": rule,
            "versions": versions,
            "backtest": backtest,
            "can_change": user.has_perm("travel.change_rule"),
            "audit_trail": audit_trail(rule, limit=20),
        },
    )


@piu_page
@require_POST
def rule_activate(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    rule = selectors.rule_get(user=user, pk=pk)
    services.rule_set_active(actor=user, rule=rule, active=request.POST.get("active") == "1")
    messages.success(
        request,
        _("Rule activated; travellers are being screened again.")
        if request.POST.get("active") == "1"
        else _("Rule deactivated."),
    )
    return redirect("travel:rule", pk=pk)


def _screening_runs(user: User) -> QuerySet[ScreeningRun]:
    # A run whose worker is gone is shown failed with why, not left "queued" or "running".
    services.rescreen_expire()
    return selectors.screening_runs(user=user)[:10]


@piu_page
def watchlists(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    lists = selectors.watchlist_list(user=user)
    can_load = user.has_perm("travel.add_watchlistversion")
    form = WatchlistUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_load:
            raise PermissionDenied(_("Your role does not allow this action."))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                version = services.watchlist_load(
                    actor=user,
                    name=form.cleaned_data["name"],
                    content=upload.read(),
                    file_format=form.cleaned_data["file_format"],
                    file_name=upload.name or "",
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if version.rejected:
                    messages.warning(
                        request,
                        _("Loaded %(version)s; %(count)d rows were not loaded: see below.")
                        % {"version": version, "count": len(version.rejected)},
                    )
                else:
                    messages.success(request, _("Loaded %(version)s.") % {"version": version})
                return redirect("travel:watchlists")
    return render(
        request,
        "travel/watchlists.html",
        {
            "watchlists": lists,
            "formats": dict(Watchlist.Format.choices),
            "form": form if can_load else None,
            "runs": _screening_runs(user),
            "tasks_in_web_process": settings.AEGIS_TASKS != "broker",
        },
    )


@piu_page
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    message = selectors.message_detail(user=user, pk=pk)
    return render(
        request,
        "travel/message_detail.html",
        {
            "message": message,
            "can_retry": message.status != "loaded"
            and user.has_perm("travel.retry_carriermessage"),
        },
    )


@piu_page
@require_POST
def message_retry(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    selectors.message_detail(user=user, pk=pk)
    result = intake.message_retry(message_id=pk, actor=user)
    messages.success(
        request,
        _("Re-processed: %(status)s, %(count)s travellers loaded.")
        % {"status": result.message.get_status_display(), "count": result.travellers},
    )
    return redirect("travel:message", pk=pk)


@piu_page
def message_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    status = request.GET.get("status", "")
    return render(
        request,
        "travel/message_list.html",
        {"status": status, **paginate(request, selectors.message_list(user=user, status=status))},
    )


@piu_page
def retention_list(request: HttpRequest) -> HttpResponse:
    """What each retention run masked and deleted, against the periods in force."""
    user = signed_in_user(request)
    return render(
        request,
        "travel/retention_list.html",
        {
            "mask_days": settings.AEGIS_RETENTION_MASK_DAYS,
            "delete_days": settings.AEGIS_RETENTION_DELETE_DAYS,
            **paginate(request, selectors.retention_runs(user=user)),
        },
    )


@piu_page
def suppression_list(request: HttpRequest) -> HttpResponse:
    """False-match suppressions: what each suppressed since, review and revocation."""
    user = signed_in_user(request)
    state = request.GET.get("state", "")
    if state not in {"in_force", "review", "revoked", "expired"}:
        state = ""
    suppressions = selectors.suppression_list(user=user, state=state)
    return render(
        request,
        "travel/suppression_list.html",
        {
            "state": state,
            "states": [
                ("", _("All")),
                ("in_force", _("In force")),
                ("review", _("Listed entry changed")),
                ("expired", _("Expired")),
                ("revoked", _("Revoked")),
            ],
            "can_supervise": user.has_perm("travel.supervise_case"),
            "now": timezone.now(),
            **paginate(request, suppressions),
        },
    )


@piu_page
@require_POST
def suppression_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = signed_in_user(request)
    suppression = selectors.suppression_get(user=user, pk=pk)
    try:
        if action == "review":
            services.suppression_review(actor=user, suppression=suppression)
            messages.success(request, _("Suppression reviewed."))
        elif action == "revoke":
            services.suppression_revoke(
                actor=user, suppression=suppression, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Suppression revoked; travellers are screened again."))
        else:
            raise Http404(_("No such action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("travel:suppressions")


def _access_log_filters(form: AccessLogFilterForm) -> selectors.AccessLogFilters:
    data = form.cleaned_data
    return selectors.AccessLogFilters(
        user_id=data["user"].pk if data.get("user") else None,
        action=data.get("action") or "",
        kind=data.get("kind") or "",
        object_id=data.get("record"),
        since=data.get("since"),
        until=data.get("until"),
    )


@piu_page
def access_log(request: HttpRequest) -> HttpResponse:
    """The access log for an auditor: filter by user, action, record and days, export."""
    user = signed_in_user(request)
    form = AccessLogFilterForm(request.GET or None)
    entries = selectors.access_log(user=user)
    if form.is_bound:
        # A filter that cannot be read shows its error and no entry, never the whole log.
        entries = (
            selectors.access_log(user=user, filters=_access_log_filters(form))
            if form.is_valid()
            else entries.none()
        )
    context = paginate(request, entries, per_page=50)
    page = context["page_obj"]
    page.object_list = list(page.object_list)
    links = entry_links(page.object_list)
    for entry in page.object_list:
        entry.link = links.get(entry.pk, "")  # the record's page while it exists
    context["form"] = form
    return render(request, "travel/access_log.html", context)


@logged("access log", action=AccessLog.Action.EXPORT)
@piu_page
def access_log_export(request: HttpRequest) -> HttpResponse:
    """The filtered access log as CSV (formula-like text kept as text)."""
    user = signed_in_user(request)
    form = AccessLogFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(str(error) for error in errors)}"
            for name, errors in form.errors.items()
        )
        return HttpResponse(
            _("Nothing exported: %(problems)s") % {"problems": problems},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    filters = _access_log_filters(form) if form.is_bound else selectors.AccessLogFilters()
    entries = selectors.access_log(user=user, filters=filters)
    columns = [
        "when",
        "user",
        "action",
        "what",
        "record kind",
        "record id",
        "record",
        "count",
        "purpose",
        "address",
    ]
    rows = (
        [
            entry.at.isoformat(),
            entry.user.username if entry.user else "",
            entry.action,
            entry.what,
            entry.record_kind,
            entry.object_id,
            entry.label,
            entry.count,
            entry.purpose,
            entry.path,
        ]
        for entry in entries.iterator(chunk_size=2000)
    )
    return table_response(columns=columns, rows=rows, fmt="csv", filename="access-log")
